//! The Charging Profiles module (2.2 and later): the CPO's Receiver interface (a Smart
//! Charging Service Provider or eMSP asks for, sets or clears the charging profile of a
//! session, and gets a [`ChargingProfileResponse`] at once) and the SCSP's (or eMSP's) Sender
//! interface (the CPO POSTs the Charge Point's result later to the `response_url` the request
//! gave, and PUTs the ActiveChargingProfile of a session when it changes).
//!
//! ## Response URLs
//!
//! The spec leaves the layout of the Sender's `response_url`s to the Sender. This crate serves
//! them under the Sender endpoint as `{kind}/{uid}` ([`ProfileResultKind`]: the body of the
//! POST depends on the request it answers, and the three result objects cannot be told
//! apart by their content), the kinds named after the spec's own examples:
//! `activechargingprofile/{uid}`, `chargingprofile/{uid}`, `clearprofile/{uid}`.
//! [`ProfileResultKind::response_url`] makes them; the application keeps the uid to match the
//! result to its request.
//!
//! The module does not exist in 2.1.1: the server does not serve it to 2.1.1 peers, and the
//! client finds no endpoint for it.
//!
//! Spec: 2.3.0 mod_charging_profiles.asciidoc §Flow, §Interfaces and endpoints; 2.2.1 the same

use std::fmt;

use super::wire::wire;
use super::{endpoint_url, interface, Interface, Module};
use crate::types::{CiString, Url, UrlError};
use crate::v2_3_0::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfileResponse,
    ChargingProfileResult, ClearProfileResult, SetChargingProfile,
};
use crate::versions::OcpiVersion;

interface! {
    /// The Receiver interface of Charging Profiles, implemented by the CPO: requests on a
    /// session's charging profile, each answered at once with the CPO's own
    /// [`ChargingProfileResponse`] (`ACCEPTED` when it forwards the request to the EVSE; the
    /// EVSE's result is POSTed to the request's `response_url` later).
    ///
    /// The server has checked, before calling: `duration` is a non-negative integer and
    /// `response_url` a valid URL (both required: 2001 otherwise); the body of a PUT is a
    /// SetChargingProfile.
    ///
    /// Spec: 2.3.0 mod_charging_profiles.asciidoc §Receiver Interface (GET
    /// `{session_id}?duration={duration}&response_url={url}`, PUT `{session_id}`, DELETE
    /// `{session_id}?response_url={url}`)
    pub trait ChargingProfilesReceiver as ErasedChargingProfilesReceiver {
        /// GET: the ActiveChargingProfile of the session over the next `duration` seconds,
        /// to be POSTed (an ActiveChargingProfileResult) to `response_url`.
        fn active_profile(
            &self,
            ctx: &Context,
            session_id: CiString<36>,
            duration: i64,
            response_url: Url,
        ) -> ChargingProfileResponse;
        /// PUT: set (or replace) the charging profile of the session; the ChargingProfileResult
        /// goes to the body's `response_url`.
        fn set_profile(
            &self,
            ctx: &Context,
            session_id: CiString<36>,
            profile: SetChargingProfile,
        ) -> ChargingProfileResponse;
        /// DELETE: clear the charging profile the caller set on the session; the
        /// ClearProfileResult goes to `response_url`.
        fn clear_profile(
            &self,
            ctx: &Context,
            session_id: CiString<36>,
            response_url: Url,
        ) -> ChargingProfileResponse;
    }
}

interface! {
    /// The Sender interface of Charging Profiles, implemented by the SCSP (or the eMSP that
    /// sends profiles itself): the results of its requests, on the `response_url`s it gave
    /// (served as `{kind}/{uid}`, see [`ProfileResultKind`]), and the CPO's updates of a
    /// session's ActiveChargingProfile.
    ///
    /// The CPO "SHALL NOT call this interface for any session where the Sender has never,
    /// successfully called the charging profile Receiver PUT interface for this session" (of
    /// the PUT): a handler may refuse an update for a session it never set a profile on.
    ///
    /// Spec: 2.3.0 mod_charging_profiles.asciidoc §Sender Interface (POST on the
    /// `response_url`, PUT `{session_id}`; "The response … SHALL contain the Response Format
    /// with the data field omitted")
    pub trait ChargingProfilesSender as ErasedChargingProfilesSender {
        /// `POST activechargingprofile/{uid}`: the result of a GET ActiveChargingProfile.
        fn active_profile_result(
            &self,
            ctx: &Context,
            uid: CiString<36>,
            result: ActiveChargingProfileResult,
        ) -> ();
        /// `POST chargingprofile/{uid}`: the result of a PUT SetChargingProfile.
        fn profile_result(
            &self,
            ctx: &Context,
            uid: CiString<36>,
            result: ChargingProfileResult,
        ) -> ();
        /// `POST clearprofile/{uid}`: the result of a DELETE (clear profile).
        fn clear_profile_result(
            &self,
            ctx: &Context,
            uid: CiString<36>,
            result: ClearProfileResult,
        ) -> ();
        /// `PUT {session_id}`: the session's ActiveChargingProfile changed.
        fn put_active_profile(
            &self,
            ctx: &Context,
            session_id: CiString<36>,
            profile: ActiveChargingProfile,
        ) -> ();
    }
}

/// Which request a result POSTed to a Sender's `response_url` answers: the first segment of
/// the response URLs this crate serves (`{sender_endpoint}/{kind}/{uid}`).
///
/// Spec: 2.3.0 mod_charging_profiles.asciidoc §Sender Interface, POST Method ("The content of
/// the request body depends on the original request by the eMSP to which this POST is send
/// as a result"; the example URLs `…/chargingprofile/12345678`, `…/activechargingprofile/…`,
/// `…/clearprofile…`)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileResultKind {
    /// The ActiveChargingProfileResult of a GET: `activechargingprofile`.
    ActiveProfile,
    /// The ChargingProfileResult of a PUT: `chargingprofile`.
    SetProfile,
    /// The ClearProfileResult of a DELETE: `clearprofile`.
    ClearProfile,
}

impl ProfileResultKind {
    /// Every kind.
    pub const ALL: [ProfileResultKind; 3] = [
        ProfileResultKind::ActiveProfile,
        ProfileResultKind::SetProfile,
        ProfileResultKind::ClearProfile,
    ];

    /// The URL segment.
    pub fn segment(self) -> &'static str {
        match self {
            ProfileResultKind::ActiveProfile => "activechargingprofile",
            ProfileResultKind::SetProfile => "chargingprofile",
            ProfileResultKind::ClearProfile => "clearprofile",
        }
    }

    /// The kind of a URL segment.
    pub fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.segment() == segment)
    }

    /// The `response_url` for a request of this kind with the application's `uid`, under the
    /// Charging Profiles Sender endpoint of a platform served at `base_url` (its
    /// [`ServerConfig::base_url`](crate::server::ServerConfig::base_url)), in `version`.
    pub fn response_url(
        self,
        base_url: &Url,
        version: OcpiVersion,
        uid: &CiString<36>,
    ) -> Result<Url, UrlError> {
        let endpoint = endpoint_url(
            base_url.as_str(),
            version,
            Module::ChargingProfiles,
            Interface::Sender,
        );
        Url::new(&format!("{endpoint}/{}/{uid}", self.segment()))
    }
}

impl fmt::Display for ProfileResultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.segment())
    }
}

wire!(ChargingProfileResponse, "ChargingProfileResponse" { v2_2_1: same; });
wire!(SetChargingProfile, "SetChargingProfile" { v2_2_1: same; });
wire!(ActiveChargingProfile, "ActiveChargingProfile" { v2_2_1: same; });
wire!(ActiveChargingProfileResult, "ActiveChargingProfileResult" { v2_2_1: same; });
wire!(ChargingProfileResult, "ChargingProfileResult" { v2_2_1: same; });
wire!(ClearProfileResult, "ClearProfileResult" { v2_2_1: same; });
