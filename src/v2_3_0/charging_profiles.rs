//! Charging Profiles module: smart-charging limits sent to a session, and the asynchronous
//! results the Charge Point reports back.
//!
//! Nothing changed on the wire since 2.2.1 (2.3.0 only rewords descriptions and spells the
//! section `ChargingProfilePeriod class`).
//!
//! Identical to 2.2.1 and re-exported: ActiveChargingProfile, ActiveChargingProfileResult,
//! ChargingProfile, ChargingProfilePeriod, ChargingProfileResponse, ChargingProfileResult,
//! ClearProfileResult, SetChargingProfile, ChargingProfileResponseType,
//! ChargingProfileResultType, ChargingRateUnit.
//!
//! Spec: 2.3.0 mod_charging_profiles.asciidoc

pub use crate::v2_2_1::charging_profiles::{
    ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
    ChargingProfileResponse, ChargingProfileResponseType, ChargingProfileResult,
    ChargingProfileResultType, ChargingRateUnit, ClearProfileResult, SetChargingProfile,
};
