//! The table of typical implementations per role, cell by cell against the spec, and the
//! server builder's use of it.

mod common;
#[path = "common/network.rs"]
mod network;

use ocpi_protocol::modules::{typical, Interface, Module, Typical};
use ocpi_protocol::server::{BuildError, ServerBuilder};
use ocpi_protocol::v2_3_0::credentials::Role;

/// 2.3.0 terminology.asciidoc §Typical OCPI implementations per Role, as printed: one row per
/// module, the cells of the columns CPO, eMSP, Roaming Hub, NSP, NAP, SCSP, PTP.
const SPEC_2_3_0: &str = "
CDRs              |Sender   |Receiver |Both   |          |          |        |Receiver
Charging Profiles |Receiver |         |Both   |          |          |Sender  |
Commands          |Receiver |Sender   |Both   |          |          |        |Sender
Credentials       |Both     |Both     |Both   |Both      |Both      |Both    |Both
Hub Client Info   |Receiver |Receiver |Sender |Receiver  |Receiver  |Receiver|
Locations         |Sender   |Receiver |Both   |Receiver  |Both      |        |Receiver
Sessions          |Sender   |Receiver |Both   |          |          |Receiver|Receiver
Tariffs           |Sender   |Receiver |Both   |Receiver  |Both      |        |Receiver
Tokens            |Receiver |Sender   |Both   |          |          |        |
Payments          |Receiver |         |       |          |          |        |Sender
Versions          |Both     |Both     |Both   |Both      |Both      |Both    |Both
";

/// 2.2.1 terminology.asciidoc §Typical OCPI implementations per Role: columns CPO, eMSP, Hub,
/// NSP, NAP, SCSP.
const SPEC_2_2_1: &str = "
CDRs              |Sender   |Receiver |Both   |          |          |
Charging Profiles |Receiver |         |Both   |          |          |Sender
Commands          |Receiver |Sender   |Both   |          |          |
Credentials       |Both     |Both     |Both   |Both      |Both      |Both
Hub Client Info   |Receiver |Receiver |Sender |Receiver  |Receiver  |Receiver
Locations         |Sender   |Receiver |Both   |Receiver  |Both      |
Sessions          |Sender   |Receiver |Both   |          |          |Receiver
Tariffs           |Sender   |Receiver |Both   |Receiver  |Both      |
Tokens            |Receiver |Sender   |Both   |          |          |
Versions          |Both     |Both     |Both   |Both      |Both      |Both
";

fn module(name: &str) -> Module {
    match name {
        "CDRs" => Module::Cdrs,
        "Charging Profiles" => Module::ChargingProfiles,
        "Commands" => Module::Commands,
        "Credentials" => Module::Credentials,
        "Hub Client Info" => Module::HubClientInfo,
        "Locations" => Module::Locations,
        "Sessions" => Module::Sessions,
        "Tariffs" => Module::Tariffs,
        "Tokens" => Module::Tokens,
        "Payments" => Module::Payments,
        "Versions" => Module::Versions,
        other => panic!("unknown module {other}"),
    }
}

fn cell(text: &str) -> Typical {
    match text.trim() {
        "" => Typical::None,
        "Sender" => Typical::Sender,
        "Receiver" => Typical::Receiver,
        "Both" => Typical::Both,
        other => panic!("unknown cell {other}"),
    }
}

fn check(table: &str, roles: &[Option<Role>]) -> usize {
    let mut cells = 0;
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let mut parts = line.split('|');
        let module = module(parts.next().unwrap().trim());
        let row: Vec<&str> = parts.collect();
        assert_eq!(row.len(), roles.len(), "{line}");
        for (role, text) in roles.iter().zip(row) {
            assert_eq!(
                typical(role.as_ref(), module),
                cell(text),
                "{module} × {role:?}"
            );
            cells += 1;
        }
    }
    cells
}

#[test]
fn every_cell_of_the_2_3_0_table() {
    let roles = [
        Some(Role::Cpo),
        Some(Role::Emsp),
        None,
        Some(Role::Nsp),
        Some(Role::Nap),
        Some(Role::Scsp),
        Some(Role::Ptp),
    ];
    assert_eq!(check(SPEC_2_3_0, &roles), 11 * 7);
}

#[test]
fn every_cell_of_the_2_2_1_table() {
    let roles = [
        Some(Role::Cpo),
        Some(Role::Emsp),
        None,
        Some(Role::Nsp),
        Some(Role::Nap),
        Some(Role::Scsp),
    ];
    assert_eq!(check(SPEC_2_2_1, &roles), 10 * 6);
}

#[test]
fn roles_outside_the_table_implement_nothing() {
    for module in Module::ALL {
        assert_eq!(typical(Some(&Role::Other), module), Typical::None);
        let unknown: Role = "FUTURE".parse().unwrap();
        assert_eq!(typical(Some(&unknown), module), Typical::None);
    }
}

#[test]
fn module_ids_and_versions() {
    for module in Module::ALL {
        assert_eq!(Module::from_id(module.id()), Some(module));
    }
    use ocpi_protocol::versions::OcpiVersion::*;
    assert!(!Module::ChargingProfiles.exists_in(V2_1_1));
    assert!(Module::ChargingProfiles.exists_in(V2_2_1));
    assert!(!Module::Payments.exists_in(V2_2_1));
    assert!(Module::Payments.exists_in(V2_3_0));
    assert!(Module::Locations.exists_in(V2_1_1));
}

#[test]
fn a_role_s_interfaces_must_be_given_or_declined() {
    // A CPO with only its Locations: the other interfaces of the role are missing.
    let builder = ServerBuilder::new(network::cpo_config());
    let e = builder
        .build(
            ocpi_protocol::credentials::MemoryStore::new(),
            ocpi_protocol::server::Loopback::new(),
        )
        .unwrap_err();
    assert!(
        matches!(&e, BuildError::Missing { role, .. } if role == "CPO"),
        "{e}"
    );
    // Declined explicitly: builds, and publishes nothing but credentials.
    let mut builder = ServerBuilder::new(network::cpo_config());
    for module in Module::ALL {
        for iface in [Interface::Sender, Interface::Receiver] {
            builder = builder.without(module, iface);
        }
    }
    let server = builder
        .build(
            ocpi_protocol::credentials::MemoryStore::new(),
            ocpi_protocol::server::Loopback::new(),
        )
        .unwrap();
    assert!(server.mounted().is_empty());
    let published = &server.platform().config().versions;
    for version in &published.versions {
        let modules: Vec<&str> = version
            .endpoints
            .iter()
            .map(|e| e.module.as_str())
            .collect();
        assert_eq!(modules, ["credentials"], "{}", version.version);
    }
}

struct NoLocations;

impl ocpi_protocol::modules::locations::LocationsReceiver for NoLocations {
    async fn location(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        id: ocpi_protocol::types::CiString<36>,
    ) -> ocpi_protocol::modules::ModuleResult<ocpi_protocol::v2_3_0::locations::Location> {
        Err(ocpi_protocol::modules::ModuleError::not_found(id))
    }
    async fn evse(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        uid: ocpi_protocol::types::CiString<36>,
    ) -> ocpi_protocol::modules::ModuleResult<ocpi_protocol::v2_3_0::locations::Evse> {
        Err(ocpi_protocol::modules::ModuleError::not_found(uid))
    }
    async fn connector(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        id: ocpi_protocol::types::CiString<36>,
    ) -> ocpi_protocol::modules::ModuleResult<ocpi_protocol::v2_3_0::locations::Connector> {
        Err(ocpi_protocol::modules::ModuleError::not_found(id))
    }
    async fn put_location(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::Location,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
    async fn put_evse(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::Evse,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
    async fn put_connector(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::Connector,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
    async fn patch_location(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::LocationPatch,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
    async fn patch_evse(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::EvsePatch,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
    async fn patch_connector(
        &self,
        _: &ocpi_protocol::modules::Context,
        _: ocpi_protocol::transport::PartyRef,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::types::CiString<36>,
        _: ocpi_protocol::v2_3_0::locations::ConnectorPatch,
    ) -> ocpi_protocol::modules::ModuleResult<()> {
        Ok(())
    }
}

#[test]
fn interfaces_beyond_the_roles_need_consent() {
    // A CPO does not typically receive Locations.
    let builder = ServerBuilder::new(network::cpo_config())
        .only_mounted()
        .locations_receiver(NoLocations);
    let e = builder
        .build(
            ocpi_protocol::credentials::MemoryStore::new(),
            ocpi_protocol::server::Loopback::new(),
        )
        .unwrap_err();
    assert_eq!(
        e,
        BuildError::Unexpected {
            module: Module::Locations,
            iface: Interface::Receiver
        }
    );
    let server = ServerBuilder::new(network::cpo_config())
        .only_mounted()
        .beyond_typical()
        .locations_receiver(NoLocations)
        .build(
            ocpi_protocol::credentials::MemoryStore::new(),
            ocpi_protocol::server::Loopback::new(),
        )
        .unwrap();
    assert!(server
        .mounted()
        .contains(&(Module::Locations, Interface::Receiver)));
    // Published in every version, with its role where versions have roles.
    for version in &server.platform().config().versions.versions {
        let e = version
            .endpoints
            .iter()
            .find(|e| e.module == "locations")
            .unwrap();
        assert_eq!(
            e.role.as_ref().map(|r| r.to_string()),
            (version.version != ocpi_protocol::versions::OcpiVersion::V2_1_1)
                .then(|| "RECEIVER".to_owned())
        );
        assert!(e.url.as_str().ends_with("/receiver/locations"), "{}", e.url);
    }
}
