//! Clients of the Sessions module.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc §Interfaces and Endpoints

use http::Method;

use super::{join, party_url, Client, ClientError, ListFilter, Listed};
use crate::modules::{Interface, Module};
use crate::transport::{PartyRef, Transport};
use crate::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, Session, SessionPatch,
};

/// Calls a CPO's Sender interface of Sessions (pulling its Sessions, setting charging
/// preferences).
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Sender Interface
#[derive(Debug)]
pub struct SessionsSenderClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

/// Calls an eMSP's Receiver interface of Sessions (pushing Sessions to it).
///
/// Spec: 2.3.0 mod_sessions.asciidoc §Receiver Interface
#[derive(Debug)]
pub struct SessionsReceiverClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

impl<T: Transport> Client<T> {
    /// The client of the peer's Sender interface of Sessions.
    pub fn sessions_sender(&self) -> Result<SessionsSenderClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Sessions, Interface::Sender)?;
        Ok(SessionsSenderClient { client: self, url })
    }

    /// The client of the peer's Receiver interface of Sessions.
    pub fn sessions_receiver(&self) -> Result<SessionsReceiverClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Sessions, Interface::Receiver)?;
        Ok(SessionsReceiverClient { client: self, url })
    }
}

impl<T: Transport> SessionsSenderClient<'_, T> {
    /// GET every Session the filter selects (every page), like every other list. The spec
    /// requires `date_from` for Sessions (in every version): without it nothing is sent and
    /// the answer is [`ClientError::MissingParameter`].
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §GET Method, Request Parameters (`date_from`:
    /// required); 2.1.1 mod_sessions.md §GET Method
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Session>, ClientError> {
        self.client.list(filter).await
    }

    /// PUT the driver's charging preferences for an ongoing session, and return the CPO's
    /// answer (2.2.1 and later). A CPO answers HTTP 404 with OCPI 2001 when the EVSE cannot
    /// take charging preferences.
    ///
    /// Spec: 2.3.0 mod_sessions.asciidoc §PUT Method
    pub async fn charging_preferences(
        &self,
        session_id: &str,
        preferences: &ChargingPreferences,
    ) -> Result<ChargingPreferencesResponse, ClientError> {
        let url = join(self.url, &[session_id, "charging_preferences"]);
        self.client
            .exchange(Method::PUT, &url, preferences, None)
            .await
    }
}

impl<T: Transport> SessionsReceiverClient<'_, T> {
    /// GET a Session as the receiver holds it.
    pub async fn session(
        &self,
        party: &PartyRef,
        session_id: &str,
    ) -> Result<Session, ClientError> {
        let url = party_url(self.url, party, &[session_id]);
        self.client.get(&url, Some(*party)).await
    }

    /// PUT a whole Session; the URL is made from its own ids.
    pub async fn put_session(&self, session: &Session) -> Result<(), ClientError> {
        let party = PartyRef::new(session.country_code, session.party_id);
        let url = party_url(self.url, &party, &[session.id.as_str()]);
        self.client
            .push(Method::PUT, &url, session, Some(party))
            .await
    }

    /// PATCH a Session (the patch must carry `last_updated`; its `charging_periods` are
    /// added to the receiver's).
    pub async fn patch_session(
        &self,
        party: &PartyRef,
        session_id: &str,
        patch: &SessionPatch,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[session_id]);
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }
}
