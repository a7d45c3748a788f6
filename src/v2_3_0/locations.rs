//! Locations module: Location, EVSE, Connector, Parking and their classes and enums.
//!
//! Identical to 2.2.1 and re-exported: AdditionalGeoLocation, BusinessDetails, Capability,
//! ConnectorFormat, EnergyMix, EnergySource, EnergySourceCategory, EnvironmentalImpact,
//! EnvironmentalImpactCategory, ExceptionalPeriod, Facility, GeoLocation, Hours, Image,
//! ImageCategory, ParkingType, PowerType, RegularHours, Status, StatusSchedule.
//!
//! Spec: 2.3.0 mod_locations.asciidoc

pub use crate::v2_2_1::locations::{
    AdditionalGeoLocation, BusinessDetails, Capability, ConnectorFormat, EnergyMix, EnergySource,
    EnergySourceCategory, EnvironmentalImpact, EnvironmentalImpactCategory, ExceptionalPeriod,
    Facility, GeoLocation, Hours, Image, ImageCategory, ParkingType, PowerType, RegularHours,
    Status, StatusSchedule,
};

use crate::types::{ocpi_enum, ocpi_object, CiString, Number, OcpiString, Tolerant};
use crate::v2_2_1::locations::{
    connector_shape, connector_type_2_2_shape, evse_shape, location_shape, publish_token_type_shape,
};
use crate::v2_3_0::tokens::TokenType;

location_shape! {
    /// A place where a group of EVSEs that belong together are installed, with its properties
    /// and its parking places.
    spec: "Spec: 2.3.0 mod_locations.asciidoc §Location Object",
    evse: Evse,
    publish_token: PublishTokenType,
    extra: {
        /// The parking places that vehicles charging at this Location can use; EVSEs refer
        /// to them by `id` (see [`EvseParking`]).
        opt parking_places: Vec<Parking>,
        /// Telephone number a driver at the Location may call for assistance (typically the
        /// CPO's customer service).
        opt help_phone: CiString<25>,
    },
}

evse_shape! {
    /// The part of a Location that controls the power supply to a single EV in a single
    /// session, with the parking spaces that go with it.
    spec: "Spec: 2.3.0 mod_locations.asciidoc §EVSE Object",
    uid: {
        /// Uniquely identifies the EVSE within the CPO's platform (and suboperator platforms);
        /// the technical id, never changed, not the human-readable `evse_id`. Best not a
        /// hardware identifier, since a redeployed EVSE would break its uniqueness.
    },
    evse_id: {
        /// EVSE ID following "E-mobility ID-codes: the purpose of IDs, ID usage and ID format"
        /// (evroaming.org); may be removed when the `status` is `REMOVED`, so that the id can
        /// be re-used.
    },
    connector: Connector,
    parking_restriction: ParkingRestriction,
    parking_restrictions: {
        /// Every restriction on who can charge at the EVSE, apart from those on the vehicle
        /// type.
    },
    extra: {
        /// References to the parking spaces that vehicles charging at this EVSE can use (a
        /// list of [`EvseParking`] objects).
        ///
        /// Erratum: the official examples `location_example.json` and
        /// `location_example_parking_garage_opening_hours.json` (2.3.0) send the bare parking
        /// ids as strings (`["1", "2"]`); such an element is kept verbatim and reported.
        opt parking: Vec<Tolerant<EvseParking>>,
        /// Names of the eMSPs whose contract-based payment is accepted at this EVSE (added for
        /// the EU requirement to report this to National Access Points; may be left out
        /// otherwise).
        opt accepted_service_providers: Vec<OcpiString<50>>,
    },
}

connector_shape! {
    spec: "Spec: 2.3.0 mod_locations.asciidoc §Connector Object",
    connector_type: ConnectorType,
    extra: {
        /// Functionalities the connector is capable of.
        opt capabilities: Vec<ConnectorCapability>,
    },
}

ocpi_object! {
    /// A parking space (or, for streetside parking, the parking limits near an EVSE) that a
    /// vehicle can be parked in while charging.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Parking object
    pub struct Parking {
        /// Identifier of this parking space, unique among the Parking objects of the Location.
        req id: CiString<36>,
        /// Identifier of the parking place visible on-site to drivers (e.g. painted on the
        /// surface).
        opt physical_reference: OcpiString<12>,
        /// The vehicle types the parking is designed for (one or more).
        plus vehicle_types: Vec<VehicleType>,
        /// Maximum weight of a vehicle parking here, in kilograms; should be given unless
        /// `vehicle_types` holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt max_vehicle_weight: Number,
        /// Maximum height of a vehicle parking here, in centimeters; should be given unless
        /// `vehicle_types` holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt max_vehicle_height: Number,
        /// Maximum length of a vehicle parking here, in centimeters; should be given unless
        /// `vehicle_types` holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt max_vehicle_length: Number,
        /// Maximum width of a vehicle parking here, in centimeters; should be given unless
        /// `vehicle_types` holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt max_vehicle_width: Number,
        /// Length of the parking space, in centimeters; should be given unless `vehicle_types`
        /// holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt parking_space_length: Number,
        /// Width of the parking space, in centimeters; should be given unless `vehicle_types`
        /// holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt parking_space_width: Number,
        /// Whether vehicles loaded with dangerous goods may park here; should be given unless
        /// `vehicle_types` holds only `PERSONAL_VEHICLE` or `MOTORCYCLE`.
        opt dangerous_goods_allowed: bool,
        /// The direction in which the vehicle parks next to the EVSE.
        opt direction: ParkingDirection,
        /// Whether a vehicle can stop, charge and drive on without reversing; only `true` when
        /// that holds for every type in `vehicle_types`.
        opt drive_through: bool,
        /// Whether vehicles of a type not in `vehicle_types` are forbidden to park here, even
        /// when they physically fit.
        req restricted_to_type: bool,
        /// Whether parking here requires a reservation.
        req reservation_required: bool,
        /// Maximum parking time here, in minutes (no limit when absent).
        opt time_limit: Number,
        /// Whether the vehicle is parked under a roof while charging.
        opt roofed: bool,
        /// Photos of the parking space; at least one should be given when `vehicle_types`
        /// includes `DISABLED`.
        opt images: Vec<Image>,
        /// Whether the parking space is lit by artificial lighting.
        opt lighting: bool,
        /// Whether a power outlet is available for a truck's load refrigeration while parked.
        opt refrigeration_outlet: bool,
        /// Standards the parking space conforms to, e.g. PAS 1899 (parking for people with
        /// disabilities).
        opt standards: Vec<CiString<36>>,
        /// Reference to an Alliance for Parking Data Standards (APDS) element (Place, Space or
        /// other) describing this parking (`CiString` without a maximum length).
        opt apds_reference: CiString<{ usize::MAX }>,
    }
}

ocpi_object! {
    /// A link from an EVSE to a Parking of its Location: that parking space can be used while
    /// charging at the EVSE.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §EVSEParking class
    pub struct EvseParking {
        /// The `id` of a [`Parking`] in the containing Location's `parking_places`.
        req parking_id: CiString<36>,
        /// Position of the EVSE relative to the parking space.
        opt evse_position: EvsePosition,
    }
}

ocpi_enum! {
    /// The position of an EVSE relative to its parking space.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §EVSEPosition enum
    pub enum EvsePosition {
        /// The EVSE is to the left of the parked vehicle (streetside: vehicle facing the
        /// traffic direction of its side of the road; sideways spaces: nose away from the
        /// roadway).
        Left = "LEFT",
        /// The EVSE is to the right of the parked vehicle (same assumptions as `LEFT`).
        Right = "RIGHT",
        /// The EVSE is at the center of the impassable narrow end of the parking space.
        Center = "CENTER",
    }
}

ocpi_enum! {
    /// A functionality a connector supports, signalled only when drivers can actually use it
    /// there.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §ConnectorCapability OpenEnum
    ///
    /// An OpenEnum (2.3.0 mod_locations.asciidoc §ConnectorCapability OpenEnum).
    pub open enum ConnectorCapability {
        /// Driver authentication with a contract certificate in the vehicle, per ISO 15118-2.
        Iso15118_2PlugAndCharge = "ISO_15118_2_PLUG_AND_CHARGE",
        /// Driver authentication with a contract certificate in the vehicle, per ISO 15118-20.
        Iso15118_20PlugAndCharge = "ISO_15118_20_PLUG_AND_CHARGE",
    }
}

ocpi_enum! {
    /// The direction of parking relative to the roadway on which vehicles approach the EVSE.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §ParkingDirection enum
    pub enum ParkingDirection {
        /// Parallel to the roadway.
        Parallel = "PARALLEL",
        /// Perpendicular to the roadway.
        Perpendicular = "PERPENDICULAR",
        /// At an angle to the roadway (echelon parking).
        Angle = "ANGLE",
    }
}

ocpi_enum! {
    /// A restriction on who may charge at an EVSE, apart from the vehicle type.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §ParkingRestriction OpenEnum
    ///
    /// An OpenEnum (2.3.0 mod_locations.asciidoc §ParkingRestriction OpenEnum).
    pub open enum ParkingRestriction {
        /// Parking spot for customers/guests only, e.g. of a hotel or shop.
        Customers = "CUSTOMERS",
        /// Reserved parking spot for disabled people with valid ID.
        Disabled = "DISABLED",
        /// Parking only for people who work at the site, building or complex the Location
        /// belongs to.
        Employees = "EMPLOYEES",
        /// Reserved parking spot for electric vehicles.
        EvOnly = "EV_ONLY",
        /// Parking spot only suitable for (electric) motorcycles or scooters.
        Motorcycles = "MOTORCYCLES",
        /// Parking is only allowed while plugged in (charging).
        Plugged = "PLUGGED",
        /// Parking only for taxis.
        Taxis = "TAXIS",
        /// Parking only for people who live in the complex the Location belongs to.
        Tenants = "TENANTS",
    }
}

publish_token_type_shape! {
    spec: "Spec: 2.3.0 mod_locations.asciidoc §PublishTokenType class",
    token_type: TokenType,
}

connector_type_2_2_shape! {
    /// The standard of a connector (plug/socket type); values outside this list may be used
    /// for new or custom connectors.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §ConnectorType OpenEnum
    ///
    /// An OpenEnum (2.3.0 mod_locations.asciidoc §ConnectorType OpenEnum).
    kind: [open enum],
    after_iec_62196: {
        /// The MegaWatt Charging System (MCS) connector developed by CharIN.
        Mcs = "MCS",
    },
    after_pantographs: {
        /// SAE J3400, the North American Charging Standard (NACS) developed by Tesla in 2021.
        SaeJ3400 = "SAE_J3400",
    },
    tesla_s: {
        /// Tesla connector "Model-S"-type (oval, 5 pin); mechanically compatible with SAE
        /// J3400 but communicates over CAN bus instead of power line communication.
    },
}

ocpi_enum! {
    /// A category of vehicles, telling which vehicles can use a parking space (approximate
    /// UNECE codes in brackets).
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §VehicleType OpenEnum
    ///
    /// An OpenEnum (2.3.0 mod_locations.asciidoc §VehicleType OpenEnum).
    pub open enum VehicleType {
        /// A motorcycle (L).
        Motorcycle = "MOTORCYCLE",
        /// A personal vehicle, a passenger car (M1).
        PersonalVehicle = "PERSONAL_VEHICLE",
        /// A personal vehicle with a trailer attached (M1 + O).
        PersonalVehicleWithTrailer = "PERSONAL_VEHICLE_WITH_TRAILER",
        /// A light-duty van lower than 275 cm (N1).
        Van = "VAN",
        /// A heavy-duty tractor unit without a trailer (T).
        SemiTractor = "SEMI_TRACTOR",
        /// A heavy-duty truck without an articulation point (N2 under 12 tonnes, N3 over).
        Rigid = "RIGID",
        /// A heavy-duty truck (tractor or rigid) with a trailer attached (N2/N3 + O).
        TruckWithTrailer = "TRUCK_WITH_TRAILER",
        /// A bus or motor coach (M2 under 5 tonnes, M3 over).
        Bus = "BUS",
        /// A vehicle with a permit for parking spaces for people with disabilities (typically
        /// M1).
        Disabled = "DISABLED",
    }
}

/// A part of a Location that a request names and the Location does not have.
///
/// Spec: 2.3.0 mod_locations.asciidoc §Receiver Interface (the URL
/// `{location_id}/{evse_uid}[/{connector_id}]` names an EVSE or Connector of the Location)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissingPart {
    /// No EVSE with this `uid`.
    #[error("the Location has no EVSE {0}")]
    Evse(String),
    /// No Connector with this `id` in the EVSE.
    #[error("EVSE {evse} has no Connector {connector}")]
    Connector {
        /// The EVSE's `uid`.
        evse: String,
        /// The Connector's `id`.
        connector: String,
    },
}

impl Location {
    /// The EVSE with this `uid` (compared case-insensitively, as every `CiString`).
    ///
    /// ```
    /// use ocpi_protocol::json;
    /// use ocpi_protocol::v2_3_0::locations::Location;
    ///
    /// let location: Location = json::parse(br#"{
    ///     "country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    ///     "address": "Oudegracht 1", "city": "Utrecht", "country": "NLD",
    ///     "coordinates": { "latitude": "52.09", "longitude": "5.12" },
    ///     "time_zone": "Europe/Amsterdam", "last_updated": "2024-05-01T08:00:00Z",
    ///     "evses": [{ "uid": "LOC1-1", "status": "AVAILABLE", "last_updated": "2024-05-01T08:00:00Z",
    ///         "connectors": [{ "id": "1", "standard": "IEC_62196_T2", "format": "SOCKET",
    ///             "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 32,
    ///             "last_updated": "2024-05-01T08:00:00Z" }] }]
    /// }"#).unwrap().value;
    /// assert!(location.evse("loc1-1").is_some());
    /// assert!(location.connector("LOC1-1", "1").is_some());
    /// assert!(location.connector("LOC1-1", "2").is_none());
    /// ```
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §EVSE Object (`uid`); 2.3.0 types.asciidoc
    /// §CiString type (case-insensitive)
    pub fn evse(&self, uid: &str) -> Option<&Evse> {
        self.evses.iter().flatten().find(|e| e.uid == uid)
    }

    /// The EVSE with this `uid`, to change it.
    pub fn evse_mut(&mut self, uid: &str) -> Option<&mut Evse> {
        self.evses.iter_mut().flatten().find(|e| e.uid == uid)
    }

    /// The Connector `connector_id` of the EVSE `evse_uid`.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Connector Object (`id`: "Identifier of the
    /// Connector within the EVSE")
    pub fn connector(&self, evse_uid: &str, connector_id: &str) -> Option<&Connector> {
        self.evse(evse_uid)?
            .connectors
            .iter()
            .find(|c| c.id == connector_id)
    }

    /// Adds an EVSE, or replaces the one with its `uid`, and sets the Location's
    /// `last_updated` to the EVSE's.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §PUT Method ("When a PUT with an EVSE or Connector
    /// object is received, the Receiver SHALL also set the new `last_updated` value on the
    /// parent EVSE and/or Location")
    pub fn put_evse(&mut self, evse: Evse) {
        self.last_updated = evse.last_updated;
        let evses = self.evses.get_or_insert_with(Vec::new);
        match evses.iter_mut().find(|e| e.uid == evse.uid) {
            Some(stored) => *stored = evse,
            None => evses.push(evse),
        }
    }

    /// Adds a Connector to the EVSE `evse_uid`, or replaces the one with its `id`, and sets
    /// the EVSE's and the Location's `last_updated` to the Connector's (when it has one).
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §PUT Method
    pub fn put_connector(
        &mut self,
        evse_uid: &str,
        connector: Connector,
    ) -> Result<(), MissingPart> {
        let updated = connector.last_updated;
        let evse = self.evse_or_missing(evse_uid)?;
        match evse.connectors.iter_mut().find(|c| c.id == connector.id) {
            Some(stored) => *stored = connector,
            None => evse.connectors.push(connector),
        }
        self.carry_up(evse_uid, updated);
        Ok(())
    }

    /// Applies a PATCH to the EVSE `evse_uid`, and sets the Location's `last_updated` to the
    /// PATCH's.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §PATCH Method ("the Receiver SHALL also set the new
    /// `last_updated` value on the parent EVSE and/or Location"); 2.3.0
    /// transport_and_format.asciidoc §PATCH
    pub fn patch_evse(&mut self, evse_uid: &str, patch: EvsePatch) -> Result<(), MissingPart> {
        let updated = patch.last_updated;
        patch.apply_to(self.evse_or_missing(evse_uid)?);
        if let Some(updated) = updated {
            self.last_updated = updated;
        }
        Ok(())
    }

    /// Applies a PATCH to the Connector `connector_id` of the EVSE `evse_uid`, and sets the
    /// EVSE's and the Location's `last_updated` to the PATCH's.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §PATCH Method
    pub fn patch_connector(
        &mut self,
        evse_uid: &str,
        connector_id: &str,
        patch: ConnectorPatch,
    ) -> Result<(), MissingPart> {
        let updated = patch.last_updated;
        let connector = self
            .evse_or_missing(evse_uid)?
            .connectors
            .iter_mut()
            .find(|c| c.id == connector_id)
            .ok_or_else(|| MissingPart::Connector {
                evse: evse_uid.to_owned(),
                connector: connector_id.to_owned(),
            })?;
        patch.apply_to(connector);
        self.carry_up(evse_uid, updated);
        Ok(())
    }

    fn evse_or_missing(&mut self, uid: &str) -> Result<&mut Evse, MissingPart> {
        let missing = || MissingPart::Evse(uid.to_owned());
        self.evse_mut(uid).ok_or_else(missing)
    }

    /// Sets the `last_updated` of the EVSE `evse_uid` and of the Location.
    fn carry_up(&mut self, evse_uid: &str, updated: Option<crate::types::DateTime>) {
        if let Some(updated) = updated {
            if let Some(evse) = self.evse_mut(evse_uid) {
                evse.last_updated = updated;
            }
            self.last_updated = updated;
        }
    }
}
