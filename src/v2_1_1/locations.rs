//! Locations module: Location, EVSE, Connector and their classes and enums.
//!
//! Identical to 2.2.1 and re-exported: ConnectorFormat, EnergySource, EnergySourceCategory,
//! EnvironmentalImpactCategory, ImageCategory, ParkingRestriction, RegularHours, Status,
//! StatusSchedule.
//!
//! Defined anew because 2.1.1 differs: Location (no party fields, a `type`, different id and
//! field lengths), Evse, Connector (`voltage`/`amperage`, a single `tariff_id`), BusinessDetails
//! and Image (`type` is a `string(4)`, not a `CiString(4)`), EnergyMix and EnvironmentalImpact
//! (the category field is named `source`), Hours (regular hours or 24/7 are a choice),
//! ExceptionalPeriod (its examples carry UTC offsets), GeoLocation and AdditionalGeoLocation
//! (exactly 6 decimals), and the enums Capability,
//! ConnectorType, Facility, LocationType and PowerType (other value lists).
//!
//! Spec: 2.1.1 mod_locations.md

use crate::types::{
    ocpi_enum, ocpi_object, DateTime, DisplayText, Number, OcpiString, Tolerant, Url,
};
use crate::v2_2_1::locations::{
    business_details_shape, connector_type_shape, energy_mix_shape, facility_shape,
    geo_location_shape,
};
pub use crate::v2_2_1::locations::{
    ConnectorFormat, EnergySource, EnergySourceCategory, EnvironmentalImpactCategory,
    ImageCategory, ParkingRestriction, RegularHours, Status, StatusSchedule,
};

/// A latitude as 2.1.1 writes it: `-?[0-9]{1,2}\.[0-9]{6}`. The official examples write 5
/// decimals: kept and reported.
///
/// Spec: 2.1.1 mod_locations.md §GeoLocation class
pub type Latitude = crate::types::Coordinate<2, 6, 6>;

/// A longitude as 2.1.1 writes it: `-?[0-9]{1,3}\.[0-9]{6}`.
///
/// Spec: 2.1.1 mod_locations.md §GeoLocation class
pub type Longitude = crate::types::Coordinate<3, 6, 6>;

geo_location_shape! {
    latitude: Latitude,
    longitude: Longitude,
    geo: "Spec: 2.1.1 mod_locations.md §GeoLocation class",
    additional: "Spec: 2.1.1 mod_locations.md §AdditionalGeoLocation class",
}

ocpi_object! {
    /// A place where a group of EVSEs that belong together are installed, with its properties.
    ///
    /// Spec: 2.1.1 mod_locations.md §Location Object
    pub struct Location {
        /// Uniquely identifies the location within the CPO's platform (and suboperator
        /// platforms); can never be changed, modified or renamed.
        req id: OcpiString<39>,
        /// The general type of the charge point location.
        ///
        /// Erratum: the official Session examples (`mod_sessions.md`, both) and the CDR example
        /// (`mod_cdrs.md`) send the value in lower case (`"on_street"`); such a value is kept
        /// verbatim and reported.
        req r#type = "type": Tolerant<LocationType>,
        /// Display name of the location.
        opt name: OcpiString<255>,
        /// Street/block name and house number if available.
        req address: OcpiString<45>,
        /// City or town.
        req city: OcpiString<45>,
        /// Postal code of the location.
        req postal_code: OcpiString<10>,
        /// ISO 3166-1 alpha-3 code of the country of this location.
        req country: OcpiString<3>,
        /// Coordinates of the location.
        req coordinates: GeoLocation,
        /// Geographical locations of related points relevant to the user.
        opt related_locations: Vec<AdditionalGeoLocation>,
        /// The EVSEs that belong to this Location.
        opt evses: Vec<Evse>,
        /// Human-readable directions on how to reach the location.
        opt directions: Vec<DisplayText>,
        /// Information of the operator. When absent, the information of the party's own
        /// business details (Credentials) applies.
        opt operator: BusinessDetails,
        /// Information of the suboperator if available.
        opt suboperator: BusinessDetails,
        /// Information of the owner if available.
        opt owner: BusinessDetails,
        /// Facilities this charging location directly belongs to.
        opt facilities: Vec<Facility>,
        /// IANA tzdata time zone of the location, e.g. `Europe/Oslo`.
        opt time_zone: OcpiString<255>,
        /// The times when the EVSEs at the location can be accessed for charging.
        opt opening_times: Hours,
        /// Whether the EVSEs keep charging outside the opening hours of the location.
        /// Default when absent: `true`.
        opt charging_when_closed: bool,
        /// Links to images related to the location, such as photos or logos.
        opt images: Vec<Image>,
        /// Details on the energy supplied at this location.
        opt energy_mix: EnergyMix,
        /// When this Location or one of its EVSEs or Connectors was last updated (or created).
        req last_updated: DateTime,
    }
    patch LocationPatch;
}

ocpi_object! {
    /// The part of a Location that controls the power supply to a single EV in a single
    /// session.
    ///
    /// Spec: 2.1.1 mod_locations.md §EVSE Object
    pub struct Evse {
        /// Uniquely identifies the EVSE within the CPO's platform (and suboperator platforms);
        /// the technical id, never changed, not the human-readable `evse_id`.
        req uid: OcpiString<39>,
        /// EVSE ID following eMI3 V1.0 "Part 2: business objects"; may be removed from an EVSE
        /// whose status is `REMOVED`, so that the id can be re-used.
        opt evse_id: OcpiString<48>,
        /// The current status of the EVSE.
        ///
        /// Erratum: omitted by the official Session examples (`mod_sessions.md`, both) and the
        /// CDR example (`mod_cdrs.md`), which send an unknown `STATUS` field instead.
        lax status: Status,
        /// Planned status updates of the EVSE.
        opt status_schedule: Vec<StatusSchedule>,
        /// Functionalities the EVSE is capable of.
        opt capabilities: Vec<Capability>,
        /// The connectors of the EVSE (one or more); only one can be in use at a time.
        plus connectors: Vec<Connector>,
        /// Level on which the charging station is located (garage buildings), in the locally
        /// displayed numbering scheme.
        opt floor_level: OcpiString<4>,
        /// Coordinates of the EVSE.
        opt coordinates: GeoLocation,
        /// A number/string printed on the outside of the EVSE for visual identification
        /// (`string(16)`).
        ///
        /// Erratum: the official example "add an EVSE" (`mod_locations.md` §PATCH Method) sends
        /// a JSON number (`3`); such a value is kept verbatim and reported.
        opt physical_reference: Tolerant<OcpiString<16>>,
        /// Multi-language directions from the Location to the EVSE, when more detail is
        /// needed.
        opt directions: Vec<DisplayText>,
        /// The restrictions that apply to the parking spot.
        opt parking_restrictions: Vec<ParkingRestriction>,
        /// Links to images related to the EVSE, such as photos or logos.
        opt images: Vec<Image>,
        /// When this EVSE or one of its Connectors was last updated (or created).
        ///
        /// Erratum: omitted by the official example "add an EVSE" (`mod_locations.md` §PATCH
        /// Method).
        lax last_updated: DateTime,
    }
    patch EvsePatch;
}

ocpi_object! {
    /// A socket, or cable and plug, of an EVSE.
    ///
    /// Spec: 2.1.1 mod_locations.md §Connector Object
    pub struct Connector {
        /// Identifier of the connector within its EVSE (unique only within the EVSE).
        req id: OcpiString<36>,
        /// The standard of the installed connector.
        req standard: ConnectorType,
        /// The format (socket/cable) of the installed connector.
        req format: ConnectorFormat,
        /// The kind of current the connector delivers.
        ///
        /// Erratum: omitted by the official example "add an EVSE" (`mod_locations.md` §PATCH
        /// Method).
        lax power_type: PowerType,
        /// Voltage of the connector in volt (line to neutral for `AC_3_PHASE`).
        ///
        /// Erratum: omitted by the official example "add an EVSE" (`mod_locations.md` §PATCH
        /// Method).
        lax voltage: i64,
        /// Maximum amperage of the connector, in ampere.
        ///
        /// Erratum: omitted by the official example "add an EVSE" (`mod_locations.md` §PATCH
        /// Method).
        lax amperage: i64,
        /// Identifier of the current charging tariff structure; a "Free of Charge" tariff is
        /// referenced here too.
        opt tariff_id: OcpiString<36>,
        /// URL to the operator's terms and conditions.
        opt terms_and_conditions: Url,
        /// When this Connector was last updated (or created).
        ///
        /// Erratum: omitted by the official Location example (`mod_locations.md` §Location
        /// Object, second EVSE) and by the example "add an EVSE" (§PATCH Method).
        lax last_updated: DateTime,
    }
    patch ConnectorPatch;
}

business_details_shape! {
    spec: "Spec: 2.1.1 mod_locations.md §BusinessDetails class",
    image: Image,
}

ocpi_enum! {
    /// A functionality an EVSE is capable of.
    ///
    /// Spec: 2.1.1 mod_locations.md §Capability enum
    pub enum Capability {
        /// The EVSE supports charging profiles (sending them is not yet supported by OCPI).
        ChargingProfileCapable = "CHARGING_PROFILE_CAPABLE",
        /// Charging at this EVSE can be paid with a credit card.
        CreditCardPayable = "CREDIT_CARD_PAYABLE",
        /// The EVSE can be started/stopped remotely.
        RemoteStartStopCapable = "REMOTE_START_STOP_CAPABLE",
        /// The EVSE can be reserved.
        Reservable = "RESERVABLE",
        /// Charging at this EVSE can be authorized with an RFID token.
        RfidReader = "RFID_READER",
        /// Connectors have a mechanical lock the eMSP can request to unlock.
        UnlockCapable = "UNLOCK_CAPABLE",
    }
}

connector_type_shape! {
    /// The standard of a connector (plug/socket type).
    ///
    /// Spec: 2.1.1 mod_locations.md §ConnectorType enum
    kind: [enum],
    after_chademo: {},
    after_domestic_l: {
        /// IEC 60309-2 Industrial Connector single phase 16 amperes (usually blue).
        Iec60309_2Single16 = "IEC_60309_2_single_16",
        /// IEC 60309-2 Industrial Connector three phase 16 amperes (usually red).
        Iec60309_2Three16 = "IEC_60309_2_three_16",
        /// IEC 60309-2 Industrial Connector three phase 32 amperes (usually red).
        Iec60309_2Three32 = "IEC_60309_2_three_32",
        /// IEC 60309-2 Industrial Connector three phase 64 amperes (usually red).
        Iec60309_2Three64 = "IEC_60309_2_three_64",
    },
    after_iec_62196: {},
    tesla_s: {
        /// Tesla connector "Model-S"-type (oval, 5 pin).
    },
}

energy_mix_shape! {
    spec: "Spec: 2.1.1 mod_locations.md §EnergyMix class",
    environmental_impact: EnvironmentalImpact,
}

ocpi_object! {
    /// An environmental impact value of the energy mix, per kWh.
    ///
    /// Spec: 2.1.1 mod_locations.md §EnvironmentalImpact class
    pub struct EnvironmentalImpact {
        /// The category of this value (named `source` in 2.1.1, `category` in 2.2.1).
        req source: EnvironmentalImpactCategory,
        /// Amount of this portion in g/kWh.
        req amount: Number,
    }
}

ocpi_object! {
    /// One exceptional period of opening or access hours.
    ///
    /// Spec: 2.1.1 mod_locations.md §ExceptionalPeriod class
    pub struct ExceptionalPeriod {
        /// Begin of the exception (UTC).
        ///
        /// Erratum: the official example of RegularHours (`mod_locations.md` §RegularHours
        /// class) writes it with a UTC offset (`2014-06-21T09:00:00+02:00`), which the DateTime
        /// type does not allow; such a value is kept verbatim and reported.
        req period_begin: Tolerant<DateTime>,
        /// End of the exception (UTC).
        ///
        /// Erratum: the official example of RegularHours (`mod_locations.md` §RegularHours
        /// class) writes it with a UTC offset; such a value is kept verbatim and reported.
        req period_end: Tolerant<DateTime>,
    }
}

facility_shape! {
    /// A facility a charging location directly belongs to.
    ///
    /// Spec: 2.1.1 mod_locations.md §Facility enum
    kind: [enum],
    after_museum: {},
    after_taxi_stand: {},
    after_airport: {},
}

ocpi_object! {
    /// Opening and access hours of a location.
    ///
    /// The table makes `regular_hours` and `twentyfourseven` a choice (one of the two); both
    /// are optional here, and a document sending both (as the spec's own RegularHours example
    /// does, with `"twentyfourseven": false`) is accepted.
    ///
    /// Spec: 2.1.1 mod_locations.md §Hours class
    pub struct Hours {
        /// Regular hours, weekday based; not set to represent 24/7 (the most common case).
        /// One side of the choice with `twentyfourseven`.
        opt regular_hours: Vec<RegularHours>,
        /// True for 24 hours a day, 7 days a week, except the given exceptions. One side of
        /// the choice with `regular_hours`.
        opt twentyfourseven: bool,
        /// Calendar periods the station is operating/accessible, in addition to the regular
        /// hours; may overlap them.
        opt exceptional_openings: Vec<ExceptionalPeriod>,
        /// Calendar periods the station is not operating/accessible; override the regular
        /// hours and `exceptional_openings`, and should not overlap the latter.
        opt exceptional_closings: Vec<ExceptionalPeriod>,
    }
}

ocpi_object! {
    /// A link to an image (photo or logo) and what it shows.
    ///
    /// Spec: 2.1.1 mod_locations.md §Image class
    pub struct Image {
        /// URL from where the image data can be fetched through a web browser.
        req url: Url,
        /// URL from where a thumbnail of the image can be fetched through a web browser.
        opt thumbnail: Url,
        /// Describes what the image is used for.
        req category: ImageCategory,
        /// Image type like: gif, jpeg, png, svg (`string(4)`).
        req r#type = "type": OcpiString<4>,
        /// Width of the full scale image (`int(5)`).
        opt width: i64,
        /// Height of the full scale image (`int(5)`).
        opt height: i64,
    }
}

ocpi_enum! {
    /// The general type of a charge point's location.
    ///
    /// Spec: 2.1.1 mod_locations.md §LocationType enum
    pub enum LocationType {
        /// Parking in public space.
        OnStreet = "ON_STREET",
        /// Multistorey car park.
        ParkingGarage = "PARKING_GARAGE",
        /// Multistorey car park, mainly underground.
        UndergroundGarage = "UNDERGROUND_GARAGE",
        /// A cleared area intended for parking vehicles, e.g. at supermarkets, bars, etc.
        ParkingLot = "PARKING_LOT",
        /// None of the given possibilities.
        Other = "OTHER",
        /// Parking location type not known by the operator (default).
        Unknown = "UNKNOWN",
    }
}

ocpi_enum! {
    /// The kind of current a connector delivers.
    ///
    /// Spec: 2.1.1 mod_locations.md §PowerType enum
    pub enum PowerType {
        /// AC mono phase.
        Ac1Phase = "AC_1_PHASE",
        /// AC 3 phase.
        Ac3Phase = "AC_3_PHASE",
        /// Direct current.
        Dc = "DC",
    }
}
