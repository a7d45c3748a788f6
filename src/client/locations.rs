//! Clients of the Locations module.
//!
//! Spec: 2.3.0 mod_locations.asciidoc §Interfaces and Endpoints

use super::{ClientError, ListFilter, Listed, LocationsReceiverClient, LocationsSenderClient};
use crate::transport::Transport;
use crate::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};

impl<T: Transport> LocationsSenderClient<'_, T> {
    /// GET every Location (every page).
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Location>, ClientError> {
        self.client.list(filter).await
    }

    endpoint_calls! {
        /// GET one Location.
        get location(location_id) -> Location;

        /// GET one EVSE.
        get evse(location_id, evse_uid) -> Evse;

        /// GET one Connector.
        get connector(location_id, evse_uid, connector_id) -> Connector;
    }
}

impl<T: Transport> LocationsReceiverClient<'_, T> {
    party_calls! {
        /// GET a Location as the receiver holds it.
        get location(location_id) -> Location;

        /// GET an EVSE as the receiver holds it.
        get evse(location_id, evse_uid) -> Evse;

        /// GET a Connector as the receiver holds it.
        get connector(location_id, evse_uid, connector_id) -> Connector;

        /// PUT a whole Location; the URL is made from its own ids.
        put put_location(location: Location => id) owned;

        /// PUT a whole EVSE of a Location.
        put put_evse(location_id; evse: Evse => uid);

        /// PUT a whole Connector of an EVSE.
        put put_connector(location_id, evse_uid; connector: Connector => id);

        /// PATCH a Location (the patch must carry `last_updated`).
        patch patch_location(location_id; patch: LocationPatch);

        /// PATCH an EVSE.
        patch patch_evse(location_id, evse_uid; patch: EvsePatch);

        /// PATCH a Connector.
        patch patch_connector(location_id, evse_uid, connector_id; patch: ConnectorPatch);
    }
}
