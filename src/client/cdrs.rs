//! Clients of the CDRs module.
//!
//! Spec: 2.3.0 mod_cdrs.asciidoc §Interfaces and Endpoints

use http::header::LOCATION;
use http::Method;

use super::{data_error, CdrsReceiverClient, CdrsSenderClient, ClientError, ListFilter, Listed};
use crate::modules::Wire;
use crate::transport::{PartyRef, ResponseError, Transport};
use crate::v2_3_0::cdrs::Cdr;

impl<T: Transport> CdrsSenderClient<'_, T> {
    /// GET every CDR (every page).
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Cdr>, ClientError> {
        self.client.list(filter).await
    }
}

impl<T: Transport> CdrsReceiverClient<'_, T> {
    /// POST a new CDR; returns the URL of the CDR in the receiver's system (its `Location`
    /// header, resolved against the endpoint when relative, as the 2.1.1 example is), for
    /// [`cdr`](Self::cdr).
    ///
    /// The URL must be on the endpoint's scheme, host and port: the credentials token is not
    /// sent anywhere else, so a `Location` elsewhere is an error.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §POST Method, §Response Headers
    pub async fn post_cdr(&self, cdr: &Cdr) -> Result<String, ClientError> {
        let party = PartyRef::new(cdr.country_code, cdr.party_id);
        let body = cdr.write(&self.client.edge(Some(party)))?;
        let (_, headers) = self
            .client
            .call_with_headers(Method::POST, self.url, Some(body))
            .await?;
        let location = headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| bad_location("the response has no Location header"))?;
        self.on_endpoint_host(location)
    }

    /// GET a CDR at the URL [`post_cdr`](Self::post_cdr) returned. `owner` is the party
    /// that posted it (needed to read a 2.1.1 CDR, which does not name its owner).
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §GET Method, Response URL
    pub async fn cdr(&self, url: &str, owner: &PartyRef) -> Result<Cdr, ClientError> {
        let url = self.on_endpoint_host(url)?;
        self.client.get(&url, Some(*owner)).await
    }

    /// `url`, resolved against the endpoint, when it is on the endpoint's origin.
    fn on_endpoint_host(&self, url: &str) -> Result<String, ClientError> {
        let endpoint = url::Url::parse(self.url)
            .map_err(|e| bad_location(&format!("endpoint {:?}: {e}", self.url)))?;
        let resolved = endpoint
            .join(url)
            .map_err(|e| bad_location(&format!("{url:?}: {e}")))?;
        if resolved.origin() != endpoint.origin() {
            return Err(bad_location(&format!(
                "{url:?} is not on the host of the CDRs endpoint {:?}",
                self.url
            )));
        }
        Ok(resolved.into())
    }
}

fn bad_location(message: &str) -> ClientError {
    ClientError::Response(ResponseError::Parse(data_error("Location", message)))
}
