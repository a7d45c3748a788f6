//! Locations module: Location, EVSE, Connector and their classes and enums.
//!
//! Spec: 2.2.1 mod_locations.asciidoc

use super::tokens::TokenType;
use crate::types::{ocpi_enum, ocpi_object, CiString, DateTime, Number, OcpiString, Url};

shape! {
    /// Declares `Location` and its PATCH form `LocationPatch` in the shape shared by 2.2.1 and
    /// 2.3.0: the object's summary docs, its `Spec:` line, the version's EVSE and
    /// PublishTokenType, and the fields a later version adds (written before `last_updated`).
    macro location_shape(
        $(#[doc = $doc:literal])*
        spec: $spec:literal,
        evse: $evse:ty,
        publish_token: $publish_token:ty,
        extra: { $($extra:tt)* } $(,)?
    ) => ocpi_object! {
        $(#[doc = $doc])*
        ///
        #[doc = $spec]
        pub struct Location {
            /// ISO-3166 alpha-2 country code of the CPO that 'owns' this Location.
            req country_code: $crate::types::CountryCode,
            /// ID of the CPO that 'owns' this Location (following the ISO-15118 standard).
            req party_id: $crate::types::PartyId,
            /// Uniquely identifies the location within the CPO's platform (and suboperator
            /// platforms); can never be changed, modified or renamed.
            req id: $crate::types::CiString<36>,
            /// Whether the Location may be published on a website or app etc. When `false`, only
            /// the tokens in `publish_allowed_to` may be shown this Location.
            req publish: bool,
            /// Only used when `publish` is `false`: owners of Tokens that match all the set fields
            /// of one entry may be shown this Location.
            opt publish_allowed_to: Vec<$publish_token>,
            /// Display name of the location.
            opt name: $crate::types::OcpiString<255>,
            /// Street/block name and house number if available.
            req address: $crate::types::OcpiString<45>,
            /// City or town.
            req city: $crate::types::OcpiString<45>,
            /// Postal code; may only be omitted when the location has none (some highway
            /// locations).
            opt postal_code: $crate::types::OcpiString<10>,
            /// State or province of the location, only when relevant.
            opt state: $crate::types::OcpiString<20>,
            /// ISO 3166-1 alpha-3 code of the country of this location.
            req country: $crate::types::OcpiString<3>,
            /// Coordinates of the location.
            req coordinates: $crate::v2_2_1::locations::GeoLocation,
            /// Geographical locations of related points relevant to the user.
            opt related_locations: Vec<$crate::v2_2_1::locations::AdditionalGeoLocation>,
            /// The general type of parking at the charge point location.
            opt parking_type: $crate::v2_2_1::locations::ParkingType,
            /// The EVSEs that belong to this Location.
            opt evses: Vec<$evse>,
            /// Human-readable directions on how to reach the location.
            opt directions: Vec<$crate::types::DisplayText>,
            /// Information of the operator. When absent, the business details from the Credentials
            /// module, selected by `country_code` and `party_id`, apply.
            opt operator: $crate::v2_2_1::locations::BusinessDetails,
            /// Information of the suboperator if available.
            opt suboperator: $crate::v2_2_1::locations::BusinessDetails,
            /// Information of the owner if available.
            opt owner: $crate::v2_2_1::locations::BusinessDetails,
            /// Facilities this charging location directly belongs to.
            opt facilities: Vec<$crate::v2_2_1::locations::Facility>,
            /// IANA tzdata time zone of the location, e.g. `Europe/Oslo`.
            req time_zone: $crate::types::OcpiString<255>,
            /// The times when the EVSEs at the location can be accessed for charging.
            opt opening_times: $crate::v2_2_1::locations::Hours,
            /// Whether the EVSEs keep charging outside the opening hours of the location.
            /// Default when absent: `true`.
            opt charging_when_closed: bool,
            /// Links to images related to the location, such as photos or logos.
            opt images: Vec<$crate::v2_2_1::locations::Image>,
            /// Details on the energy supplied at this location.
            opt energy_mix: $crate::v2_2_1::locations::EnergyMix,
            $($extra)*
            /// When this Location or one of its EVSEs or Connectors was last updated (or created).
            req last_updated: $crate::types::DateTime,
        }
        patch LocationPatch;
    }
}

location_shape! {
    /// A place where a group of EVSEs that belong together are installed, with its properties.
    spec: "Spec: 2.2.1 mod_locations.asciidoc §Location Object",
    evse: Evse,
    publish_token: PublishTokenType,
    extra: {},
}

shape! {
    /// Declares `Evse` and its PATCH form `EvsePatch` in the shape shared by 2.2.1 and 2.3.0: the
    /// object's summary docs, its `Spec:` line, the docs of `uid`, `evse_id` and
    /// `parking_restrictions` (reworded by 2.3.0), the version's Connector and
    /// ParkingRestriction, and the fields a later version adds (written before `last_updated`).
    macro evse_shape(
        $(#[doc = $doc:literal])*
        spec: $spec:literal,
        uid: { $(#[doc = $uid_doc:literal])* },
        evse_id: { $(#[doc = $evse_id_doc:literal])* },
        connector: $connector:ty,
        parking_restriction: $parking_restriction:ty,
        parking_restrictions: { $(#[doc = $parking_restrictions_doc:literal])* },
        extra: { $($extra:tt)* } $(,)?
    ) => ocpi_object! {
        $(#[doc = $doc])*
        ///
        #[doc = $spec]
        pub struct Evse {
            $(#[doc = $uid_doc])*
            req uid: $crate::types::CiString<36>,
            $(#[doc = $evse_id_doc])*
            opt evse_id: $crate::types::CiString<48>,
            /// The current status of the EVSE.
            req status: $crate::v2_2_1::locations::Status,
            /// Planned status updates of the EVSE.
            opt status_schedule: Vec<$crate::v2_2_1::locations::StatusSchedule>,
            /// Functionalities the EVSE is capable of.
            opt capabilities: Vec<$crate::v2_2_1::locations::Capability>,
            /// The connectors of the EVSE (one or more); only one can be in use at a time.
            plus connectors: Vec<$connector>,
            /// Level on which the charge point is located (garage buildings), in the locally
            /// displayed numbering scheme.
            opt floor_level: $crate::types::OcpiString<4>,
            /// Coordinates of the EVSE.
            opt coordinates: $crate::v2_2_1::locations::GeoLocation,
            /// A number/string printed on the outside of the EVSE for visual identification
            /// (`string(16)`).
            ///
            /// Erratum: the official example `location_put_example_add_evse.json` (2.2.1 and
            /// 2.3.0) sends a JSON number (`3`); such a value is kept verbatim and reported.
            opt physical_reference: $crate::types::Tolerant<$crate::types::OcpiString<16>>,
            /// Multi-language directions from the Location to the EVSE, when more detail is
            /// needed.
            opt directions: Vec<$crate::types::DisplayText>,
            $(#[doc = $parking_restrictions_doc])*
            opt parking_restrictions: Vec<$parking_restriction>,
            /// Links to images related to the EVSE, such as photos or logos.
            opt images: Vec<$crate::v2_2_1::locations::Image>,
            $($extra)*
            /// When this EVSE or one of its Connectors was last updated (or created).
            req last_updated: $crate::types::DateTime,
        }
        patch EvsePatch;
    }
}

evse_shape! {
    /// The part of a Location that controls the power supply to a single EV in a single
    /// session.
    spec: "Spec: 2.2.1 mod_locations.asciidoc §EVSE Object",
    uid: {
        /// Uniquely identifies the EVSE within the CPO's platform (and suboperator platforms);
        /// the technical id, never changed, not the human-readable `evse_id`.
    },
    evse_id: {
        /// EVSE ID following eMI3 V1.0 "Part 2: business objects"; may be removed when the
        /// `status` is `REMOVED`, so that the id can be re-used.
    },
    connector: Connector,
    parking_restriction: ParkingRestriction,
    parking_restrictions: {
        /// The restrictions that apply to the parking spot.
    },
    extra: {},
}

shape! {
    /// Declares `Connector` and its PATCH form `ConnectorPatch` in the shape shared by 2.2.1 and
    /// 2.3.0: its `Spec:` line, the version's ConnectorType, and the fields a later version adds
    /// (written before `last_updated`).
    macro connector_shape(
        spec: $spec:literal,
        connector_type: $connector_type:ty,
        extra: { $($extra:tt)* } $(,)?
    ) => ocpi_object! {
        /// A socket, or cable and plug, of an EVSE.
        ///
        #[doc = $spec]
        pub struct Connector {
            /// Identifier of the Connector within its EVSE (unique only within the EVSE).
            req id: $crate::types::CiString<36>,
            /// The standard of the installed connector.
            req standard: $connector_type,
            /// The format (socket/cable) of the installed connector.
            req format: $crate::v2_2_1::locations::ConnectorFormat,
            /// The kind of current the connector delivers.
            ///
            /// Erratum: omitted by the official example `location_put_example_add_evse.json`
            /// (2.2.1 and 2.3.0).
            lax power_type: $crate::v2_2_1::locations::PowerType,
            /// Maximum voltage of the connector in volt (line to neutral for `AC_3_PHASE`).
            ///
            /// Erratum: omitted by the official example `location_put_example_add_evse.json`
            /// (2.2.1 and 2.3.0).
            lax max_voltage: i64,
            /// Maximum amperage of the connector in ampere.
            ///
            /// Erratum: omitted by the official example `location_put_example_add_evse.json`
            /// (2.2.1 and 2.3.0).
            lax max_amperage: i64,
            /// Maximum electric power this connector can deliver, in watt; set when lower than
            /// voltage times amperage.
            opt max_electric_power: i64,
            /// Identifiers of the currently valid tariffs; at most one of each Tariff type active
            /// at the same time.
            opt tariff_ids: Vec<$crate::types::CiString<36>>,
            /// URL to the operator's terms and conditions.
            opt terms_and_conditions: $crate::types::Url,
            $($extra)*
            /// When this Connector was last updated (or created).
            ///
            /// Erratum: omitted by the official example `location_put_example_add_evse.json`
            /// (2.2.1 and 2.3.0).
            lax last_updated: $crate::types::DateTime,
        }
        patch ConnectorPatch;
    }
}

connector_shape! {
    spec: "Spec: 2.2.1 mod_locations.asciidoc §Connector Object",
    connector_type: ConnectorType,
    extra: {},
}

ocpi_enum! {
    /// A functionality an EVSE is capable of.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Capability enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_locations.asciidoc §Capability OpenEnum): an unknown value is not reported when read as 2.2.1 either.
    pub open enum Capability {
        /// The EVSE supports charging profiles.
        ChargingProfileCapable = "CHARGING_PROFILE_CAPABLE",
        /// The EVSE supports charging preferences.
        ChargingPreferencesCapable = "CHARGING_PREFERENCES_CAPABLE",
        /// The EVSE has a payment terminal that supports chip cards.
        ChipCardSupport = "CHIP_CARD_SUPPORT",
        /// The EVSE has a payment terminal that supports contactless cards.
        ContactlessCardSupport = "CONTACTLESS_CARD_SUPPORT",
        /// The EVSE has a payment terminal that accepts credit cards.
        CreditCardPayable = "CREDIT_CARD_PAYABLE",
        /// The EVSE has a payment terminal that accepts debit cards.
        DebitCardPayable = "DEBIT_CARD_PAYABLE",
        /// The EVSE has a payment terminal with a pin-code entry device.
        PedTerminal = "PED_TERMINAL",
        /// The EVSE can be started/stopped remotely.
        RemoteStartStopCapable = "REMOTE_START_STOP_CAPABLE",
        /// The EVSE can be reserved.
        Reservable = "RESERVABLE",
        /// Charging at this EVSE can be authorized with an RFID token.
        RfidReader = "RFID_READER",
        /// A StartSession for this EVSE must carry the optional `connector_id`.
        StartSessionConnectorRequired = "START_SESSION_CONNECTOR_REQUIRED",
        /// The EVSE supports token groups: a session started with one token can be stopped
        /// with another.
        TokenGroupCapable = "TOKEN_GROUP_CAPABLE",
        /// Connectors have a mechanical lock the eMSP can request to unlock.
        UnlockCapable = "UNLOCK_CAPABLE",
    }
}

ocpi_object! {
    /// One exceptional period of opening or access hours.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ExceptionalPeriod class
    pub struct ExceptionalPeriod {
        /// Begin of the exception, in UTC (`time_zone` converts it to local time).
        req period_begin: DateTime,
        /// End of the exception, in UTC (`time_zone` converts it to local time).
        req period_end: DateTime,
    }
}

shape! {
    /// Declares `Facility` with the values 2.1.1 and 2.2.1 share, in the order of their tables,
    /// and the values 2.2.1 adds where its table has them: the enum's docs and `Spec:` lines are
    /// the version's own.
    macro facility_shape(
        $(#[doc = $doc:literal])*
        kind: [$($kind:ident)+],
        after_museum: { $($after_museum:tt)* },
        after_taxi_stand: { $($after_taxi_stand:tt)* },
        after_airport: { $($after_airport:tt)* } $(,)?
    ) => ocpi_enum! {
        $(#[doc = $doc])*
        pub $($kind)+ Facility {
            /// A hotel.
            Hotel = "HOTEL",
            /// A restaurant.
            Restaurant = "RESTAURANT",
            /// A cafe.
            Cafe = "CAFE",
            /// A mall or shopping center.
            Mall = "MALL",
            /// A supermarket.
            Supermarket = "SUPERMARKET",
            /// Sport facilities: gym, field etc.
            Sport = "SPORT",
            /// A recreation area.
            RecreationArea = "RECREATION_AREA",
            /// Located in, or close to, a park, nature reserve etc.
            Nature = "NATURE",
            /// A museum.
            Museum = "MUSEUM",
            $($after_museum)*
            /// A bus stop.
            BusStop = "BUS_STOP",
            /// A taxi stand.
            TaxiStand = "TAXI_STAND",
            $($after_taxi_stand)*
            /// A train station.
            TrainStation = "TRAIN_STATION",
            /// An airport.
            Airport = "AIRPORT",
            $($after_airport)*
            /// A carpool parking.
            CarpoolParking = "CARPOOL_PARKING",
            /// A fuel station.
            FuelStation = "FUEL_STATION",
            /// Wifi or another type of internet available.
            Wifi = "WIFI",
        }
    }
}

facility_shape! {
    /// A facility a charging location directly belongs to.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Facility enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_locations.asciidoc §Facility OpenEnum): an unknown value is not reported when read as 2.2.1 either.
    kind: [open enum],
    after_museum: {
        /// A bike/e-bike/e-scooter sharing location.
        BikeSharing = "BIKE_SHARING",
    },
    after_taxi_stand: {
        /// A tram stop/station.
        TramStop = "TRAM_STOP",
        /// A metro station.
        MetroStation = "METRO_STATION",
    },
    after_airport: {
        /// A parking lot.
        ParkingLot = "PARKING_LOT",
    },
}

ocpi_object! {
    /// Opening and access hours of a location.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Hours class
    pub struct Hours {
        /// True for 24 hours a day, 7 days a week, except the given exceptions.
        req twentyfourseven: bool,
        /// Weekday-based regular hours; only used when `twentyfourseven` is `false`, and then
        /// it must hold at least one entry.
        opt regular_hours: Vec<RegularHours>,
        /// Calendar periods the station is operating/accessible, in addition to
        /// `regular_hours`; may overlap them.
        opt exceptional_openings: Vec<ExceptionalPeriod>,
        /// Calendar periods the station is not operating/accessible; override `regular_hours`
        /// and `exceptional_openings`, and should not overlap the latter.
        opt exceptional_closings: Vec<ExceptionalPeriod>,
    }
}

ocpi_enum! {
    /// A restriction on the parking spot of an EVSE.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ParkingRestriction enum
    pub enum ParkingRestriction {
        /// Reserved parking spot for electric vehicles.
        EvOnly = "EV_ONLY",
        /// Parking is only allowed while plugged in (charging).
        Plugged = "PLUGGED",
        /// Reserved parking spot for disabled people with valid ID.
        Disabled = "DISABLED",
        /// Parking spot for customers/guests only, e.g. of a hotel or shop.
        Customers = "CUSTOMERS",
        /// Parking spot only suitable for (electric) motorcycles or scooters.
        Motorcycles = "MOTORCYCLES",
    }
}

ocpi_enum! {
    /// The general type of a charge point's location.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ParkingType enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_locations.asciidoc §ParkingType OpenEnum): an unknown value is not reported when read as 2.2.1 either.
    pub open enum ParkingType {
        /// A parking facility/rest area along a motorway, freeway, interstate, highway etc.
        AlongMotorway = "ALONG_MOTORWAY",
        /// Multistorey car park.
        ParkingGarage = "PARKING_GARAGE",
        /// A cleared area intended for parking vehicles, e.g. at supermarkets, bars.
        ParkingLot = "PARKING_LOT",
        /// On the driveway of a house/building.
        OnDriveway = "ON_DRIVEWAY",
        /// Parking in public space along a street.
        OnStreet = "ON_STREET",
        /// Multistorey car park, mainly underground.
        UndergroundGarage = "UNDERGROUND_GARAGE",
    }
}

shape! {
    /// Declares `PublishTokenType` in the shape shared by 2.2.1 and 2.3.0: its `Spec:` line and
    /// the version's TokenType.
    macro publish_token_type_shape(
        spec: $spec:literal, token_type: $token_type:ty $(,)?
    ) => ocpi_object! {
        /// The values that identify a token to which a Location may be published.
        ///
        /// The spec requires at least one of `uid`, `visual_number` or `group_id`; `type` with
        /// `uid`, and `issuer` with `visual_number` (not checked when parsing).
        ///
        #[doc = $spec]
        pub struct PublishTokenType {
            /// Unique ID by which the Token can be identified.
            opt uid: $crate::types::CiString<36>,
            /// Type of the token; required when `uid` is set.
            opt r#type = "type": $token_type,
            /// Visual readable number/identification as printed on the Token (RFID card).
            opt visual_number: $crate::types::OcpiString<64>,
            /// Issuing company, usually the name printed on the token (not necessarily the eMSP);
            /// required when `visual_number` is set.
            opt issuer: $crate::types::OcpiString<64>,
            /// Groups a couple of tokens so that they work as one.
            opt group_id: $crate::types::CiString<36>,
        }
    }
}

publish_token_type_shape! {
    spec: "Spec: 2.2.1 mod_locations.asciidoc §PublishTokenType class",
    token_type: TokenType,
}

ocpi_object! {
    /// Regular recurring operation or access hours on one weekday.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §RegularHours class
    pub struct RegularHours {
        /// Day of the week, from Monday (1) till Sunday (7) (`int(1)`; the range is not
        /// checked when parsing).
        req weekday: i64,
        /// Begin of the period, local time, 24h `HH:MM` with leading zeros, e.g. `18:15`
        /// (regex `([0-1][0-9]|2[0-3]):[0-5][0-9]`; only the length is checked when
        /// parsing).
        req period_begin: OcpiString<5>,
        /// End of the period, local time, same syntax as `period_begin`; must be later than
        /// `period_begin` (only the length is checked when parsing).
        req period_end: OcpiString<5>,
    }
}

ocpi_enum! {
    /// The status of an EVSE or Connector.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Status enum
    pub enum Status {
        /// Able to start a new charging session.
        Available = "AVAILABLE",
        /// Not accessible because of a physical barrier, e.g. a car.
        Blocked = "BLOCKED",
        /// In use.
        Charging = "CHARGING",
        /// Not yet active, or temporarily not available for use, but not broken or defect.
        Inoperative = "INOPERATIVE",
        /// Currently out of order; some parts/components may be broken/defect.
        OutOfOrder = "OUTOFORDER",
        /// Planned, will be operating soon.
        Planned = "PLANNED",
        /// Discontinued/removed.
        Removed = "REMOVED",
        /// Reserved for a particular EV driver, unavailable for other drivers.
        Reserved = "RESERVED",
        /// No status information available (also used when offline).
        Unknown = "UNKNOWN",
    }
}

ocpi_object! {
    /// A planned status period of an EVSE (purely informational; the CPO still updates
    /// `status` itself when it changes).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §StatusSchedule class
    pub struct StatusSchedule {
        /// Begin of the scheduled period.
        req period_begin: DateTime,
        /// End of the scheduled period, if known (a period may have no end).
        opt period_end: DateTime,
        /// Status value during the scheduled period.
        req status: Status,
    }
}

shape! {
    /// Declares `GeoLocation` and `AdditionalGeoLocation` in the shape shared by 2.1.1, 2.2.1 and
    /// 2.3.0, with the version's coordinate types and `Spec:` lines.
    macro geo_location_shape(
        latitude: $lat:ty, longitude: $lon:ty,
        geo: $geo_spec:literal, additional: $additional_spec:literal $(,)?
    ) => {
        $crate::types::ocpi_object! {
            /// Coordinates of a point, as decimal-degree strings.
            ///
            #[doc = $geo_spec]
            pub struct GeoLocation {
                /// Latitude of the point in decimal degree, e.g. `50.770774`.
                req latitude: $lat,
                /// Longitude of the point in decimal degree, e.g. `-126.104965`.
                req longitude: $lon,
            }
        }

        $crate::types::ocpi_object! {
            /// An additional point relevant to the charge point, in WGS 84.
            ///
            #[doc = $additional_spec]
            pub struct AdditionalGeoLocation {
                /// Latitude of the point in decimal degree, e.g. `50.770774`.
                req latitude: $lat,
                /// Longitude of the point in decimal degree, e.g. `-126.104965`.
                req longitude: $lon,
                /// Name of the point in local language or as written at the location (a street
                /// name of a parking lot entrance, or its number).
                opt name: $crate::types::DisplayText,
            }
        }
    }
}

/// A latitude as 2.2.1 and 2.3.0 write it: `-?[0-9]{1,2}\.[0-9]{5,7}`.
///
/// Spec: 2.2.1 mod_locations.asciidoc §GeoLocation class
pub type Latitude = crate::types::Coordinate<2, 5, 7>;

/// A longitude as 2.2.1 and 2.3.0 write it: `-?[0-9]{1,3}\.[0-9]{5,7}`.
///
/// Spec: 2.2.1 mod_locations.asciidoc §GeoLocation class
pub type Longitude = crate::types::Coordinate<3, 5, 7>;

geo_location_shape! {
    latitude: Latitude,
    longitude: Longitude,
    geo: "Spec: 2.2.1 mod_locations.asciidoc §GeoLocation class",
    additional: "Spec: 2.2.1 mod_locations.asciidoc §AdditionalGeoLocation class",
}

shape! {
    /// Declares `BusinessDetails` in the shape shared by 2.1.1, 2.2.1 and 2.3.0: its `Spec:` line
    /// and the version's Image.
    macro business_details_shape(spec: $spec:literal, image: $image:ty $(,)?) => ocpi_object! {
        /// Details of a business: an operator, suboperator, owner or the party itself.
        ///
        #[doc = $spec]
        pub struct BusinessDetails {
            /// Name of the operator.
            req name: $crate::types::OcpiString<100>,
            /// Link to the operator's website.
            opt website: $crate::types::Url,
            /// Image link to the operator's logo.
            opt logo: $image,
        }
    }
}

business_details_shape! {
    spec: "Spec: 2.2.1 mod_locations.asciidoc §BusinessDetails class",
    image: Image,
}

ocpi_object! {
    /// A link to an image (photo or logo) and what it shows.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Image class
    pub struct Image {
        /// URL from where the image data can be fetched through a web browser.
        req url: Url,
        /// URL from where a thumbnail of the image can be fetched through a web browser.
        opt thumbnail: Url,
        /// Describes what the image is used for.
        req category: ImageCategory,
        /// Image type like: gif, jpeg, png, svg.
        req r#type = "type": CiString<4>,
        /// Width of the full scale image (`int(5)`).
        opt width: i64,
        /// Height of the full scale image (`int(5)`).
        opt height: i64,
    }
}

ocpi_enum! {
    /// What an image shows.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ImageCategory enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_locations.asciidoc §ImageCategory OpenEnum): an unknown value is not reported when read as 2.2.1 either.
    pub open enum ImageCategory {
        /// Photo of the physical device that contains one or more EVSEs.
        Charger = "CHARGER",
        /// Location entrance photo: the car entrance to the location from street side.
        Entrance = "ENTRANCE",
        /// Location overview photo.
        Location = "LOCATION",
        /// Logo of an associated roaming network.
        Network = "NETWORK",
        /// Logo of the charge point operator.
        Operator = "OPERATOR",
        /// Other.
        Other = "OTHER",
        /// Logo of the charge point owner.
        Owner = "OWNER",
    }
}

ocpi_enum! {
    /// Whether a connector is a socket or an attached cable.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ConnectorFormat enum
    pub enum ConnectorFormat {
        /// The connector is a socket; the EV user needs to bring a fitting plug.
        Socket = "SOCKET",
        /// The connector is an attached cable; the EV needs a fitting inlet.
        Cable = "CABLE",
    }
}

shape! {
    /// Declares `ConnectorType` with the values 2.1.1, 2.2.1 and 2.3.0 share, in the order of
    /// their tables, and a version's own values where its table has them: the enum's docs and
    /// `Spec:` lines, and the docs of `TESLA_S` (reworded by 2.3.0), are the version's own.
    macro connector_type_shape(
        $(#[doc = $doc:literal])*
        kind: [$($kind:ident)+],
        after_chademo: { $($after_chademo:tt)* },
        after_domestic_l: { $($after_domestic_l:tt)* },
        after_iec_62196: { $($after_iec_62196:tt)* },
        tesla_s: { $(#[doc = $tesla_s_doc:literal])* } $(,)?
    ) => ocpi_enum! {
        $(#[doc = $doc])*
        pub $($kind)+ ConnectorType {
            /// CHAdeMO, DC.
            Chademo = "CHADEMO",
            $($after_chademo)*
            /// Standard/Domestic household, type "A", NEMA 1-15, 2 pins.
            DomesticA = "DOMESTIC_A",
            /// Standard/Domestic household, type "B", NEMA 5-15, 3 pins.
            DomesticB = "DOMESTIC_B",
            /// Standard/Domestic household, type "C", CEE 7/17, 2 pins.
            DomesticC = "DOMESTIC_C",
            /// Standard/Domestic household, type "D", 3 pin.
            DomesticD = "DOMESTIC_D",
            /// Standard/Domestic household, type "E", CEE 7/5 3 pins.
            DomesticE = "DOMESTIC_E",
            /// Standard/Domestic household, type "F", CEE 7/4, Schuko, 3 pins.
            DomesticF = "DOMESTIC_F",
            /// Standard/Domestic household, type "G", BS 1363, Commonwealth, 3 pins.
            DomesticG = "DOMESTIC_G",
            /// Standard/Domestic household, type "H", SI-32, 3 pins.
            DomesticH = "DOMESTIC_H",
            /// Standard/Domestic household, type "I", AS 3112, 3 pins.
            DomesticI = "DOMESTIC_I",
            /// Standard/Domestic household, type "J", SEV 1011, 3 pins.
            DomesticJ = "DOMESTIC_J",
            /// Standard/Domestic household, type "K", DS 60884-2-D1, 3 pins.
            DomesticK = "DOMESTIC_K",
            /// Standard/Domestic household, type "L", CEI 23-16-VII, 3 pins.
            DomesticL = "DOMESTIC_L",
            $($after_domestic_l)*
            /// IEC 62196 Type 1 "SAE J1772".
            Iec62196T1 = "IEC_62196_T1",
            /// Combo Type 1 based, DC.
            Iec62196T1Combo = "IEC_62196_T1_COMBO",
            /// IEC 62196 Type 2 "Mennekes".
            Iec62196T2 = "IEC_62196_T2",
            /// Combo Type 2 based, DC.
            Iec62196T2Combo = "IEC_62196_T2_COMBO",
            /// IEC 62196 Type 3A.
            Iec62196T3A = "IEC_62196_T3A",
            /// IEC 62196 Type 3C "Scame".
            Iec62196T3C = "IEC_62196_T3C",
            $($after_iec_62196)*
            /// Tesla connector "Roadster"-type (round, 4 pin).
            TeslaR = "TESLA_R",
            $(#[doc = $tesla_s_doc])*
            TeslaS = "TESLA_S",
        }
    }
}

shape! {
    /// Declares `ConnectorType` with the values 2.2.1 and 2.3.0 share (through
    /// [`connector_type_shape`]), and the values 2.3.0 adds where its table has them.
    macro connector_type_2_2_shape(
        $(#[doc = $doc:literal])*
        kind: [$($kind:ident)+],
        after_iec_62196: { $($after_iec_62196:tt)* },
        after_pantographs: { $($after_pantographs:tt)* },
        tesla_s: { $(#[doc = $tesla_s_doc:literal])* } $(,)?
    ) => {
        $crate::v2_2_1::locations::connector_type_shape! {
            $(#[doc = $doc])*
            kind: [$($kind)+],
            after_chademo: {
                /// The ChaoJi connector (harmonized CHAdeMO and GB/T), DC.
                Chaoji = "CHAOJI",
            },
            after_domestic_l: {
                /// Standard/Domestic household, type "M", BS 546, 3 pins.
                DomesticM = "DOMESTIC_M",
                /// Standard/Domestic household, type "N", NBR 14136, 3 pins.
                DomesticN = "DOMESTIC_N",
                /// Standard/Domestic household, type "O", TIS 166-2549, 3 pins.
                DomesticO = "DOMESTIC_O",
                /// Guobiao GB/T 20234.2 AC socket/connector.
                GbtAc = "GBT_AC",
                /// Guobiao GB/T 20234.3 DC connector.
                GbtDc = "GBT_DC",
                /// IEC 60309-2 Industrial Connector single phase 16 amperes (usually blue).
                Iec60309_2Single16 = "IEC_60309_2_single_16",
                /// IEC 60309-2 Industrial Connector three phases 16 amperes (usually red).
                Iec60309_2Three16 = "IEC_60309_2_three_16",
                /// IEC 60309-2 Industrial Connector three phases 32 amperes (usually red).
                Iec60309_2Three32 = "IEC_60309_2_three_32",
                /// IEC 60309-2 Industrial Connector three phases 64 amperes (usually red).
                Iec60309_2Three64 = "IEC_60309_2_three_64",
            },
            after_iec_62196: {
                $($after_iec_62196)*
                /// NEMA 5-20, 3 pins.
                Nema5_20 = "NEMA_5_20",
                /// NEMA 6-30, 3 pins.
                Nema6_30 = "NEMA_6_30",
                /// NEMA 6-50, 3 pins.
                Nema6_50 = "NEMA_6_50",
                /// NEMA 10-30, 3 pins.
                Nema10_30 = "NEMA_10_30",
                /// NEMA 10-50, 3 pins.
                Nema10_50 = "NEMA_10_50",
                /// NEMA 14-30, 3 pins, rating of 30 A.
                Nema14_30 = "NEMA_14_30",
                /// NEMA 14-50, 3 pins, rating of 50 A.
                Nema14_50 = "NEMA_14_50",
                /// On-board bottom-up pantograph, typically for bus charging.
                PantographBottomUp = "PANTOGRAPH_BOTTOM_UP",
                /// Off-board top-down pantograph, typically for bus charging.
                PantographTopDown = "PANTOGRAPH_TOP_DOWN",
                $($after_pantographs)*
            },
            tesla_s: { $(#[doc = $tesla_s_doc])* },
        }
    }
}

connector_type_2_2_shape! {
    /// The standard of a connector (plug/socket type).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ConnectorType enum
    kind: [enum],
    after_iec_62196: {},
    after_pantographs: {},
    tesla_s: {
        /// Tesla connector "Model-S"-type (oval, 5 pin).
    },
}

ocpi_enum! {
    /// The kind of current a connector delivers.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §PowerType enum
    pub enum PowerType {
        /// AC single phase.
        Ac1Phase = "AC_1_PHASE",
        /// AC two phases, only two of the three available phases connected.
        Ac2Phase = "AC_2_PHASE",
        /// AC two phases using split phase system.
        Ac2PhaseSplit = "AC_2_PHASE_SPLIT",
        /// AC three phases.
        Ac3Phase = "AC_3_PHASE",
        /// Direct current.
        Dc = "DC",
    }
}

shape! {
    /// Declares the EnergyMix class of a version, given its EnvironmentalImpact class (2.1.1 names
    /// the category field differently).
    macro energy_mix_shape(
        spec: $spec:literal, environmental_impact: $impact:ty $(,)?
    ) => ocpi_object! {
        /// The energy mix of a location or tariff.
        ///
        #[doc = $spec]
        pub struct EnergyMix {
            /// True if 100% from regenerative sources (CO2 and nuclear waste is zero).
            req is_green_energy: bool,
            /// Key-value pairs (enum + percentage) of energy sources of this location's tariff.
            opt energy_sources: Vec<$crate::v2_2_1::locations::EnergySource>,
            /// Key-value pairs (enum + amount in g/kWh) of nuclear waste and CO2 exhaust.
            opt environ_impact: Vec<$impact>,
            /// Name of the energy supplier, delivering the energy for this location or tariff.
            opt supplier_name: $crate::types::OcpiString<64>,
            /// Name of the energy supplier's product/tariff plan used at this location.
            opt energy_product_name: $crate::types::OcpiString<64>,
        }
    }
}

energy_mix_shape! {
    spec: "Spec: 2.2.1 mod_locations.asciidoc §EnergyMix class",
    environmental_impact: EnvironmentalImpact,
}

ocpi_object! {
    /// One energy source and its share of the mix.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergySource class
    pub struct EnergySource {
        /// The type of energy source.
        req source: EnergySourceCategory,
        /// Percentage of this source (0-100) in the mix.
        req percentage: Number,
    }
}

ocpi_enum! {
    /// Categories of energy sources.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergySourceCategory enum
    pub enum EnergySourceCategory {
        /// Nuclear power sources.
        Nuclear = "NUCLEAR",
        /// All kinds of fossil power sources.
        GeneralFossil = "GENERAL_FOSSIL",
        /// Fossil power from coal.
        Coal = "COAL",
        /// Fossil power from gas.
        Gas = "GAS",
        /// All kinds of regenerative power sources.
        GeneralGreen = "GENERAL_GREEN",
        /// Regenerative power from PV.
        Solar = "SOLAR",
        /// Regenerative power from wind turbines.
        Wind = "WIND",
        /// Regenerative power from water turbines.
        Water = "WATER",
    }
}

ocpi_object! {
    /// An environmental impact value of the energy mix.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnvironmentalImpact class
    pub struct EnvironmentalImpact {
        /// The environmental impact category of this value.
        req category: EnvironmentalImpactCategory,
        /// Amount of this portion in g/kWh.
        req amount: Number,
    }
}

ocpi_enum! {
    /// Categories of environmental impact values.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnvironmentalImpactCategory enum
    ///
    /// Open: the type is shared with 2.3.0, where it is an OpenEnum (2.3.0 mod_locations.asciidoc §EnvironmentalImpactCategory OpenEnum): an unknown value is not reported when read as 2.2.1 either.
    pub open enum EnvironmentalImpactCategory {
        /// Produced nuclear waste in grams per kilowatthour.
        NuclearWaste = "NUCLEAR_WASTE",
        /// Exhausted carbon dioxide in grams per kilowatthour.
        CarbonDioxide = "CARBON_DIOXIDE",
    }
}
