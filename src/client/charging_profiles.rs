//! Clients of the Charging Profiles module (2.2 and later).
//!
//! Spec: 2.3.0 mod_charging_profiles.asciidoc §Interfaces and endpoints

use http::Method;

use super::{
    join, with_query, ChargingProfilesReceiverClient, ChargingProfilesSenderClient, ClientError,
};
use crate::modules::{Interface, Module};
use crate::transport::Transport;
use crate::types::Url;
use crate::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResponse,
    ChargingProfileResult, ClearProfileResult, SetChargingProfile,
};

impl<T: Transport> ChargingProfilesReceiverClient<'_, T> {
    /// GET the ActiveChargingProfile of a session for the next `duration` seconds; the
    /// ActiveChargingProfileResult will be POSTed to `response_url`.
    pub async fn active_profile(
        &self,
        session_id: &str,
        duration: i64,
        response_url: &Url,
    ) -> Result<ChargingProfileResponse, ClientError> {
        let duration = duration.to_string();
        let url = with_query(
            &join(self.url, &[session_id]),
            &[
                ("duration", &duration),
                ("response_url", response_url.as_str()),
            ],
        );
        self.client.fetch(Method::GET, &url, None, None).await
    }

    /// PUT a charging profile on a session; the ChargingProfileResult will be POSTed to the
    /// body's `response_url`.
    pub async fn set_profile(
        &self,
        session_id: &str,
        profile: &SetChargingProfile,
    ) -> Result<ChargingProfileResponse, ClientError> {
        let url = join(self.url, &[session_id]);
        let body = self.client.write(profile, None)?;
        self.client.fetch(Method::PUT, &url, Some(body), None).await
    }

    /// DELETE the charging profile of a session; the ClearProfileResult will be POSTed to
    /// `response_url`.
    pub async fn clear_profile(
        &self,
        session_id: &str,
        response_url: &Url,
    ) -> Result<ChargingProfileResponse, ClientError> {
        let url = with_query(
            &join(self.url, &[session_id]),
            &[("response_url", response_url.as_str())],
        );
        self.client.fetch(Method::DELETE, &url, None, None).await
    }
}

impl<T: Transport> ChargingProfilesSenderClient<'_, T> {
    response_url_posts! {
        /// POST the result of a GET ActiveChargingProfile to its `response_url`.
        post_active_profile_result(ActiveChargingProfileResult);

        /// POST the result of a PUT SetChargingProfile to its `response_url`.
        post_profile_result(ChargingProfileResult);

        /// POST the result of a DELETE (clear profile) to its `response_url`.
        post_clear_profile_result(ClearProfileResult);
    }

    /// PUT the changed ActiveChargingProfile of a session (only for sessions the Sender has
    /// set a profile on).
    pub async fn put_active_profile(
        &self,
        session_id: &str,
        profile: &ActiveChargingProfile,
    ) -> Result<(), ClientError> {
        let base = self
            .client
            .endpoint(Module::ChargingProfiles, Interface::Sender)?;
        let url = join(base, &[session_id]);
        self.client.push(Method::PUT, &url, profile, None).await
    }
}
