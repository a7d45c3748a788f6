//! Clients of the Hub Client Info module.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc §Interfaces; 2.2.1 the same

use super::{
    ClientError, HubClientInfoReceiverClient, HubClientInfoSenderClient, ListFilter, Listed,
};
use crate::transport::Transport;
use crate::v2_3_0::hub_client_info::ClientInfo;

impl<T: Transport> HubClientInfoSenderClient<'_, T> {
    /// GET every ClientInfo (every page).
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<ClientInfo>, ClientError> {
        self.client.list(filter).await
    }
}

impl<T: Transport> HubClientInfoReceiverClient<'_, T> {
    party_calls! {
        /// GET the ClientInfo of `party` as the receiver holds it.
        get client_info() -> ClientInfo;

        /// PUT a new or updated ClientInfo; the URL is made from its party.
        put put_client_info(info: ClientInfo) owned;
    }
}
