//! Clients of the Tariffs module.
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc §Interfaces and Endpoints; 2.1.1 mod_tariffs.md §2
//! Interfaces and endpoints

use http::Method;

use super::{party_url, Client, ClientError, ListFilter, Listed};
use crate::modules::tariffs::TariffPatch;
use crate::modules::{Interface, Module};
use crate::transport::{PartyRef, Transport};
use crate::v2_3_0::tariffs::Tariff;

/// Calls a CPO's Sender interface of Tariffs (pulling its Tariffs).
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface
#[derive(Debug)]
pub struct TariffsSenderClient<'c, T> {
    client: &'c Client<T>,
}

/// Calls an eMSP's Receiver interface of Tariffs (pushing Tariffs to it).
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface
#[derive(Debug)]
pub struct TariffsReceiverClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

impl<T: Transport> Client<T> {
    /// The client of the peer's Sender interface of Tariffs.
    pub fn tariffs_sender(&self) -> Result<TariffsSenderClient<'_, T>, ClientError> {
        self.endpoint(Module::Tariffs, Interface::Sender)?;
        Ok(TariffsSenderClient { client: self })
    }

    /// The client of the peer's Receiver interface of Tariffs.
    pub fn tariffs_receiver(&self) -> Result<TariffsReceiverClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Tariffs, Interface::Receiver)?;
        Ok(TariffsReceiverClient { client: self, url })
    }
}

impl<T: Transport> TariffsSenderClient<'_, T> {
    /// GET every Tariff (every page).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface §GET Method
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Tariff>, ClientError> {
        self.client.list(filter).await
    }
}

impl<T: Transport> TariffsReceiverClient<'_, T> {
    /// GET a Tariff as the receiver holds it.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §GET Method
    pub async fn tariff(&self, party: &PartyRef, tariff_id: &str) -> Result<Tariff, ClientError> {
        let url = party_url(self.url, party, &[tariff_id]);
        self.client.get(&url, Some(*party)).await
    }

    /// PUT a whole Tariff; the URL is made from its own ids.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §PUT Method
    pub async fn put_tariff(&self, tariff: &Tariff) -> Result<(), ClientError> {
        let party = PartyRef::new(tariff.country_code, tariff.party_id);
        let url = party_url(self.url, &party, &[tariff.id.as_str()]);
        self.client
            .push(Method::PUT, &url, tariff, Some(party))
            .await
    }

    /// PATCH a Tariff: a 2.1.1 peer only (for a peer of another version, a
    /// [`WireError::NotInVersion`](crate::modules::WireError::NotInVersion) and no request).
    ///
    /// Spec: 2.1.1 mod_tariffs.md §2.2.3 PATCH Method
    pub async fn patch_tariff(
        &self,
        party: &PartyRef,
        tariff_id: &str,
        patch: &TariffPatch,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[tariff_id]);
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }

    /// DELETE a Tariff.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §DELETE Method
    pub async fn delete_tariff(
        &self,
        party: &PartyRef,
        tariff_id: &str,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[tariff_id]);
        self.client.call(Method::DELETE, &url, None).await.map(drop)
    }
}
