//! Clients of the Sessions module.
//!
//! Spec: 2.3.0 mod_sessions.asciidoc §Interfaces and Endpoints

use http::Method;

use super::{join, ClientError, ListFilter, Listed, SessionsReceiverClient, SessionsSenderClient};
use crate::transport::Transport;
use crate::v2_3_0::sessions::{
    ChargingPreferences, ChargingPreferencesResponse, Session, SessionPatch,
};

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
    party_calls! {
        /// GET a Session as the receiver holds it.
        get session(session_id) -> Session;

        /// PUT a whole Session; the URL is made from its own ids.
        put put_session(session: Session => id) owned;

        /// PATCH a Session (the patch must carry `last_updated`; its `charging_periods` are
        /// added to the receiver's).
        patch patch_session(session_id; patch: SessionPatch);
    }
}
