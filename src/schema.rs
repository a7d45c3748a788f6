//! JSON Schema of every object of every version, to hand to partners.
//!
//! Each object's schema is self-contained (its classes and enums under `$defs`) and states the
//! spec's constraints as this crate enforces them in a strict read: required fields, string
//! lengths and character rules, the DateTime shape, JSON numbers, and enum values (with the
//! values a newer peer may send, which are accepted and kept). See [`crate::types::schema`]
//! for what JSON Schema cannot express.
//!
//! `cargo run --example schema -- --version 2.2.1 --out schemas/` writes them to files.

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// The schema of one object.
#[derive(Debug, Clone)]
pub struct NamedSchema {
    /// The object's name (`Location`, `LocationPatch`, …).
    pub name: String,
    /// Its JSON Schema (draft 2020-12), self-contained.
    pub schema: Schema,
}

fn named<T: JsonSchema>() -> NamedSchema {
    NamedSchema {
        name: T::schema_name().into_owned(),
        schema: SchemaGenerator::default().into_root_schema_for::<T>(),
    }
}

macro_rules! registry {
    ($(#[doc = $doc:literal])* $fn_name:ident, $root:path { $($module:ident: $list:tt),* $(,)? }) => {
        $(#[doc = $doc])*
        fn $fn_name() -> Vec<NamedSchema> {
            use $root as root;
            [$(registry!(@module root $module $list)),*].concat()
        }
    };
    // `shared: [module, …]`: modules whose objects 2.2.1 and 2.3.0 name alike (each version
    // its own types), listed once below.
    (@module $root:ident shared [$($module:ident),* $(,)?]) => {
        [$(registry!(@shared $root $module)),*].concat()
    };
    (@module $root:ident $module:ident [$($ty:ident),* $(,)?]) => {
        vec![$(named::<$root::$module::$ty>()),*]
    };
    (@shared $root:ident cdrs) => {
        registry!(@module $root cdrs [
            Cdr, CdrDimension, CdrLocation, CdrToken, ChargingPeriod, SignedData, SignedValue,
        ])
    };
    (@shared $root:ident charging_profiles) => {
        registry!(@module $root charging_profiles [
            ActiveChargingProfile, ActiveChargingProfileResult, ChargingProfile, ChargingProfilePeriod,
            ChargingProfileResponse, ChargingProfileResult, ClearProfileResult, SetChargingProfile,
        ])
    };
    (@shared $root:ident commands) => {
        registry!(@module $root commands [
            CancelReservation, CommandResponse, CommandResult, ReserveNow, StartSession, StopSession,
            UnlockConnector,
        ])
    };
    (@shared $root:ident credentials) => {
        registry!(@module $root credentials [Credentials, CredentialsRole])
    };
    (@shared $root:ident hub_client_info) => {
        registry!(@module $root hub_client_info [ClientInfo])
    };
    (@shared $root:ident sessions) => {
        registry!(@module $root sessions [ChargingPreferences, Session, SessionPatch])
    };
    (@shared $root:ident tokens) => {
        registry!(@module $root tokens [
            AuthorizationInfo, EnergyContract, LocationReferences, Token, TokenPatch,
        ])
    };
}

registry! {
    /// Every object of OCPI 2.2.1, PATCH forms included.
    objects_2_2_1, crate::v2_2_1 {
        shared: [cdrs, charging_profiles, commands, credentials, hub_client_info],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
            LocationPatch, PublishTokenType, RegularHours, StatusSchedule,
        ],
        shared: [sessions],
        tariffs: [PriceComponent, Tariff, TariffElement, TariffRestrictions],
        shared: [tokens],
        versions: [Endpoint, Version, VersionDetails],
    }
}

registry! {
    /// Every object of OCPI 2.3.0, PATCH forms included.
    objects_2_3_0, crate::v2_3_0 {
        shared: [cdrs, charging_profiles, commands, credentials, hub_client_info],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvseParking, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image,
            Location, LocationPatch, Parking, PublishTokenType, RegularHours, StatusSchedule,
        ],
        payments: [FinancialAdviceConfirmation, Terminal, TerminalPatch],
        shared: [sessions],
        tariffs: [Price, PriceComponent, PriceLimit, Tariff, TariffElement, TariffRestrictions, TaxAmount],
        shared: [tokens],
        versions: [Endpoint, Version, VersionDetails],
    }
}

registry! {
    /// Every object of OCPI 2.1.1, PATCH forms included.
    objects_2_1_1, crate::v2_1_1 {
        cdrs: [Cdr, CdrDimension, ChargingPeriod],
        commands: [CommandResponse, ReserveNow, StartSession, StopSession, UnlockConnector],
        credentials: [Credentials],
        locations: [
            AdditionalGeoLocation, BusinessDetails, Connector, ConnectorPatch, EnergyMix, EnergySource,
            EnvironmentalImpact, Evse, EvsePatch, ExceptionalPeriod, GeoLocation, Hours, Image, Location,
            LocationPatch, RegularHours, StatusSchedule,
        ],
        sessions: [Session, SessionPatch],
        tariffs: [PriceComponent, Tariff, TariffElement, TariffPatch, TariffRestrictions],
        tokens: [AuthorizationInfo, LocationReferences, Token, TokenPatch],
        versions: [Endpoint, Version, VersionDetails],
    }
}

/// The objects of a version given as `"2.1.1"`, `"2.2.1"` or `"2.3.0"`.
pub fn objects(version: &str) -> Option<Vec<NamedSchema>> {
    match version {
        "2.2.1" => {
            let mut all = objects_2_2_1();
            all.push(named::<crate::types::DisplayText>());
            all.push(named::<crate::types::Price>());
            Some(all)
        }
        "2.3.0" => {
            let mut all = objects_2_3_0();
            all.push(named::<crate::types::DisplayText>());
            Some(all)
        }
        "2.1.1" => {
            let mut all = objects_2_1_1();
            all.push(named::<crate::types::DisplayText>());
            Some(all)
        }
        _ => None,
    }
}
