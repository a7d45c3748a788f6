//! The Locations module: the CPO's Sender interface (the eMSP pulls) and the eMSP's Receiver
//! interface (the CPO pushes).
//!
//! Spec: 2.3.0 mod_locations.asciidoc §Interfaces and Endpoints; 2.2.1 the same;
//! 2.1.1 mod_locations.md §3 Interfaces and endpoints

use super::wire::wire;
use super::{interface, ListPage, ListQuery};
use crate::convert::v211_v221::{EvseInput, LocationInput, PatchInput};
use crate::transport::PartyRef;
use crate::types::CiString;
use crate::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Sender interface of Locations, implemented by the CPO (the data owner): the list of
    /// its Locations and each Location, EVSE and Connector.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Sender Interface (GET list with `date_from`,
    /// `date_to`, `offset`, `limit`; GET object `{location_id}[/{evse_uid}[/{connector_id}]]`)
    pub trait LocationsSender as ErasedLocationsSender {
        /// GET the list: the page `query` asks for, filtered on `last_updated`.
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<Location>;
        /// GET one Location ([`ModuleError::NotFound`](super::ModuleError::NotFound) when
        /// unknown).
        fn location(&self, ctx: &Context, location_id: CiString<36>) -> Location;
        /// GET one EVSE of a Location.
        fn evse(&self, ctx: &Context, location_id: CiString<36>, evse_uid: CiString<36>) -> Evse;
        /// GET one Connector of an EVSE.
        fn connector(
            &self,
            ctx: &Context,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            connector_id: CiString<36>,
        ) -> Connector;
    }
}

interface! {
    /// The Receiver interface of Locations, implemented by the eMSP (and NSP, NAP, Hub): the
    /// CPO pushes its Locations here, whole (PUT) or in part (PATCH), and may read back what
    /// the receiver holds (GET).
    ///
    /// The server has checked, before calling: the party of the URL is the caller's; the ids
    /// of a PUT body match the URL; a PATCH carries `last_updated`.
    ///
    /// Spec: 2.3.0 mod_locations.asciidoc §Receiver Interface (GET, PUT, PATCH
    /// `{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`)
    pub trait LocationsReceiver as ErasedLocationsReceiver {
        /// GET a Location as the receiver holds it.
        fn location(&self, ctx: &Context, party: PartyRef, location_id: CiString<36>) -> Location;
        /// GET an EVSE as the receiver holds it.
        fn evse(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
        ) -> Evse;
        /// GET a Connector as the receiver holds it.
        fn connector(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            connector_id: CiString<36>,
        ) -> Connector;
        /// PUT a whole Location (new or replacing the stored one).
        fn put_location(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            location: Location,
        ) -> ();
        /// PUT a whole EVSE of a Location (which the receiver updates: its `last_updated`
        /// becomes the EVSE's, per the spec).
        fn put_evse(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            evse: Evse,
        ) -> ();
        /// PUT a whole Connector of an EVSE.
        fn put_connector(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            connector_id: CiString<36>,
            connector: Connector,
        ) -> ();
        /// PATCH a Location ([`LocationPatch::apply_to`] applies it to a stored one).
        fn patch_location(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            patch: LocationPatch,
        ) -> ();
        /// PATCH an EVSE.
        fn patch_evse(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            patch: EvsePatch,
        ) -> ();
        /// PATCH a Connector.
        fn patch_connector(
            &self,
            ctx: &Context,
            party: PartyRef,
            location_id: CiString<36>,
            evse_uid: CiString<36>,
            connector_id: CiString<36>,
            patch: ConnectorPatch,
        ) -> ();
    }
}

wire!(Location, "Location" {
    v2_2_1: v2_2_1::locations::Location, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::Location,
        up: |e| {
            let mut input = LocationInput::new(e.owner()?, e.bridge.publish);
            input.time_zone = e.bridge.time_zone.clone();
            input
        },
        down: |e| crate::convert::v211_v221::LocationDowngrade {
            postal_code: e.bridge.postal_code.clone(),
        };
});
wire!(Evse, "EVSE" {
    v2_2_1: v2_2_1::locations::Evse, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::Evse, up: |e| EvseInput::new(), down: |e| ();
});
wire!(Connector, "Connector" {
    v2_2_1: v2_2_1::locations::Connector, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::Connector, up: |e| (), down: |e| ();
});
/// The input of a 2.1.1 PATCH: 2.1.1 asks for no `last_updated` in a PATCH (its official
/// examples carry none), 2.2.1 and 2.3.0 do; one without is stamped with the time it was
/// received, so that the object's `last_updated` moves and a pull `date_from` it finds it.
///
/// Spec: 2.1.1 mod_locations.md §2.2.3 PATCH Method (examples); 2.2.1 mod_locations.asciidoc
/// §PATCH Method ("Any request to the PATCH method SHALL contain the `last_updated` field")
fn received_patch() -> PatchInput {
    PatchInput::new().with_last_updated(crate::types::DateTime::now())
}

wire!(LocationPatch, "Location PATCH" {
    v2_2_1: v2_2_1::locations::LocationPatch, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::LocationPatch, up: |e| received_patch(), down: |e| ();
});
wire!(EvsePatch, "EVSE PATCH" {
    v2_2_1: v2_2_1::locations::EvsePatch, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::EvsePatch, up: |e| received_patch(), down: |e| ();
});
wire!(ConnectorPatch, "Connector PATCH" {
    v2_2_1: v2_2_1::locations::ConnectorPatch, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::locations::ConnectorPatch, up: |e| received_patch(), down: |e| ();
});
