//! Clients of the Locations module.
//!
//! Spec: 2.3.0 mod_locations.asciidoc §Interfaces and Endpoints

use http::Method;

use super::{join, party_url, Client, ClientError, ListFilter, Listed};
use crate::modules::{Interface, Module};
use crate::transport::{PartyRef, Transport};
use crate::v2_3_0::locations::{
    Connector, ConnectorPatch, Evse, EvsePatch, Location, LocationPatch,
};

/// Calls a CPO's Sender interface of Locations (pulling its Locations).
///
/// Spec: 2.3.0 mod_locations.asciidoc §Sender Interface
#[derive(Debug)]
pub struct LocationsSenderClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

/// Calls an eMSP's Receiver interface of Locations (pushing Locations to it).
///
/// Spec: 2.3.0 mod_locations.asciidoc §Receiver Interface
#[derive(Debug)]
pub struct LocationsReceiverClient<'c, T> {
    client: &'c Client<T>,
    url: &'c str,
}

impl<T: Transport> Client<T> {
    /// The client of the peer's Sender interface of Locations.
    pub fn locations_sender(&self) -> Result<LocationsSenderClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Locations, Interface::Sender)?;
        Ok(LocationsSenderClient { client: self, url })
    }

    /// The client of the peer's Receiver interface of Locations.
    pub fn locations_receiver(&self) -> Result<LocationsReceiverClient<'_, T>, ClientError> {
        let url = self.endpoint(Module::Locations, Interface::Receiver)?;
        Ok(LocationsReceiverClient { client: self, url })
    }
}

impl<T: Transport> LocationsSenderClient<'_, T> {
    /// GET every Location (every page).
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Location>, ClientError> {
        self.client.list(filter).await
    }

    /// GET one Location.
    pub async fn location(&self, location_id: &str) -> Result<Location, ClientError> {
        self.client.get(&join(self.url, &[location_id]), None).await
    }

    /// GET one EVSE.
    pub async fn evse(&self, location_id: &str, evse_uid: &str) -> Result<Evse, ClientError> {
        let url = join(self.url, &[location_id, evse_uid]);
        self.client.get(&url, None).await
    }

    /// GET one Connector.
    pub async fn connector(
        &self,
        location_id: &str,
        evse_uid: &str,
        connector_id: &str,
    ) -> Result<Connector, ClientError> {
        let url = join(self.url, &[location_id, evse_uid, connector_id]);
        self.client.get(&url, None).await
    }
}

impl<T: Transport> LocationsReceiverClient<'_, T> {
    /// GET a Location as the receiver holds it.
    pub async fn location(
        &self,
        party: &PartyRef,
        location_id: &str,
    ) -> Result<Location, ClientError> {
        let url = party_url(self.url, party, &[location_id]);
        self.client.get(&url, Some(*party)).await
    }

    /// GET an EVSE as the receiver holds it.
    pub async fn evse(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse_uid: &str,
    ) -> Result<Evse, ClientError> {
        let url = party_url(self.url, party, &[location_id, evse_uid]);
        self.client.get(&url, Some(*party)).await
    }

    /// GET a Connector as the receiver holds it.
    pub async fn connector(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse_uid: &str,
        connector_id: &str,
    ) -> Result<Connector, ClientError> {
        let url = party_url(self.url, party, &[location_id, evse_uid, connector_id]);
        self.client.get(&url, Some(*party)).await
    }

    /// PUT a whole Location; the URL is made from its own ids.
    pub async fn put_location(&self, location: &Location) -> Result<(), ClientError> {
        let party = PartyRef::new(location.country_code, location.party_id);
        let url = party_url(self.url, &party, &[location.id.as_str()]);
        self.client
            .push(Method::PUT, &url, location, Some(party))
            .await
    }

    /// PUT a whole EVSE of a Location.
    pub async fn put_evse(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse: &Evse,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[location_id, evse.uid.as_str()]);
        self.client
            .push(Method::PUT, &url, evse, Some(*party))
            .await
    }

    /// PUT a whole Connector of an EVSE.
    pub async fn put_connector(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse_uid: &str,
        connector: &Connector,
    ) -> Result<(), ClientError> {
        let url = party_url(
            self.url,
            party,
            &[location_id, evse_uid, connector.id.as_str()],
        );
        self.client
            .push(Method::PUT, &url, connector, Some(*party))
            .await
    }

    /// PATCH a Location (the patch must carry `last_updated`).
    pub async fn patch_location(
        &self,
        party: &PartyRef,
        location_id: &str,
        patch: &LocationPatch,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[location_id]);
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }

    /// PATCH an EVSE.
    pub async fn patch_evse(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse_uid: &str,
        patch: &EvsePatch,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[location_id, evse_uid]);
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }

    /// PATCH a Connector.
    pub async fn patch_connector(
        &self,
        party: &PartyRef,
        location_id: &str,
        evse_uid: &str,
        connector_id: &str,
        patch: &ConnectorPatch,
    ) -> Result<(), ClientError> {
        let url = party_url(self.url, party, &[location_id, evse_uid, connector_id]);
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }
}
