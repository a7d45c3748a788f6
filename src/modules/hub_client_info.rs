//! The Hub Client Info module (2.2 and later): a Roaming Hub tells the parties connected to
//! it which other parties are connected, and how (`CONNECTED`, `OFFLINE`, `PLANNED`,
//! `SUSPENDED`).
//!
//! - The **Sender** interface is the Hub's (the data owner): a connected party pulls the list
//!   of ClientInfo objects when it is unsure of its cache, e.g. at start-up.
//! - The **Receiver** interface is every connected party's (CPO, eMSP, NSP, NAP, SCSP): the
//!   Hub pushes each new or changed ClientInfo with PUT to
//!   `{country_code}/{party_id}` (the party the object describes), and may read it back
//!   with GET. ClientInfo objects are never deleted: a Hub sets `SUSPENDED` instead.
//!
//! The module is a configuration module between a party and its Hub: routing headers are
//! refused on it (2001), and it does not exist in 2.1.1.
//!
//! Spec: 2.3.0 mod_hub_client_info.asciidoc §Interfaces; 2.2.1 mod_hub_client_info.asciidoc
//! §Interfaces (the same endpoints); 2.2.1 transport_and_format.asciidoc §Message Routing
//! Headers

use super::wire::wire;
use super::{interface, ListPage, ListQuery};
use crate::transport::PartyRef;
use crate::v2_2_1;
use crate::v2_3_0::hub_client_info::ClientInfo;

interface! {
    /// The Sender interface of Hub Client Info, implemented by the Hub: the list of the
    /// ClientInfo objects it holds.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §Sender Interface (GET list with
    /// `date_from`, `date_to`, `offset`, `limit`; POST, PUT, PATCH, DELETE n/a)
    pub trait HubClientInfoSender as ErasedHubClientInfoSender {
        /// GET the list: the page `query` asks for, filtered on `last_updated`.
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<ClientInfo>;
    }
}

interface! {
    /// The Receiver interface of Hub Client Info, implemented by every party connected to a
    /// Hub: the Hub pushes the ClientInfo of each party (PUT) and may read back what the
    /// receiver holds (GET).
    ///
    /// The server has checked, before calling: the caller is a Hub (the owner of every
    /// ClientInfo object; any other caller gets 404); the party of a PUT body matches the
    /// URL.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §Receiver Interface (GET, PUT
    /// `{country_code}/{party_id}`; POST, PATCH, DELETE n/a)
    pub trait HubClientInfoReceiver as ErasedHubClientInfoReceiver {
        /// GET the ClientInfo of `party` as the receiver holds it.
        fn client_info(&self, ctx: &Context, party: PartyRef) -> ClientInfo;
        /// PUT the new or updated ClientInfo of `party`.
        fn put_client_info(&self, ctx: &Context, party: PartyRef, client_info: ClientInfo) -> ();
    }
}

wire!(ClientInfo, "ClientInfo" {
    v2_2_1: v2_2_1::hub_client_info::ClientInfo, up: |e| (), down: |e| ();
});
