//! Clients of the Hub Client Info module.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc §Interfaces; 2.2.1 the same

use http::Method;

use super::{party_url, Client, ClientError, ListFilter, Listed};
use crate::modules::{Interface, Module};
use crate::transport::{PartyRef, Transport};
use crate::v2_3_0::hub_client_info::ClientInfo;

/// Calls a Hub's Sender interface of Hub Client Info (pulling the list of connected
/// parties). Do not set routing headers on the [`Client`]: this module refuses them.
///
/// Spec: 2.3.0 mod_hub_client_info.asciidoc §Sender Interface
#[derive(Debug)]
pub struct HubClientInfoSenderClient<'c, T> {
    client: &'c Client<T>,
}

/// Calls a connected party's Receiver interface of Hub Client Info (a Hub pushing ClientInfo
/// objects to it). Do not set routing headers on the [`Client`]: this module refuses them.
///
/// Spec: 2.3.0 mod_hub_client_info.asciidoc §Receiver Interface
#[derive(Debug)]
pub struct HubClientInfoReceiverClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

impl<T: Transport> Client<T> {
    /// The client of the peer's (a Hub's) Sender interface of Hub Client Info.
    pub fn hub_client_info_sender(&self) -> Result<HubClientInfoSenderClient<'_, T>, ClientError> {
        self.endpoint(Module::HubClientInfo, Interface::Sender)?;
        Ok(HubClientInfoSenderClient { client: self })
    }

    /// The client of the peer's Receiver interface of Hub Client Info.
    pub fn hub_client_info_receiver(
        &self,
    ) -> Result<HubClientInfoReceiverClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::HubClientInfo, Interface::Receiver)?;
        Ok(HubClientInfoReceiverClient { client: self, url })
    }
}

impl<T: Transport> HubClientInfoSenderClient<'_, T> {
    /// GET every ClientInfo (every page).
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<ClientInfo>, ClientError> {
        self.client.list(filter).await
    }
}

impl<T: Transport> HubClientInfoReceiverClient<'_, T> {
    /// GET the ClientInfo of `party` as the receiver holds it.
    pub async fn client_info(&self, party: &PartyRef) -> Result<ClientInfo, ClientError> {
        let url = party_url(self.url, party, &[]);
        self.client.get(&url, Some(*party)).await
    }

    /// PUT a new or updated ClientInfo; the URL is made from its party.
    pub async fn put_client_info(&self, info: &ClientInfo) -> Result<(), ClientError> {
        let party = PartyRef::new(info.country_code, info.party_id);
        let url = party_url(self.url, &party, &[]);
        self.client.push(Method::PUT, &url, info, Some(party)).await
    }
}
