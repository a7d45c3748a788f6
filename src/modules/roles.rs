//! Modules, interfaces, and the spec's table of the interfaces each role typically implements.

use std::fmt;

use crate::v2_2_1::versions::InterfaceRole;
use crate::v2_3_0::credentials::Role;
use crate::versions::OcpiVersion;

/// The modules of OCPI.
///
/// Spec: 2.3.0 version_information_endpoint.asciidoc §ModuleID OpenEnum; 2.3.0
/// mod_payments.asciidoc (module identifier `payments`)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Module {
    /// CDRs.
    Cdrs,
    /// Charging Profiles (2.2 and later).
    ChargingProfiles,
    /// Commands.
    Commands,
    /// Credentials.
    Credentials,
    /// Hub Client Info (2.2 and later).
    HubClientInfo,
    /// Locations.
    Locations,
    /// Sessions.
    Sessions,
    /// Tariffs.
    Tariffs,
    /// Tokens.
    Tokens,
    /// Versions (no module identifier: it is the entry point).
    Versions,
    /// Payments (2.3.0).
    Payments,
}

impl Module {
    /// Every module, in the order of the spec's table.
    pub const ALL: [Module; 11] = [
        Module::Cdrs,
        Module::ChargingProfiles,
        Module::Commands,
        Module::Credentials,
        Module::HubClientInfo,
        Module::Locations,
        Module::Sessions,
        Module::Tariffs,
        Module::Tokens,
        Module::Payments,
        Module::Versions,
    ];

    /// The module identifier of version details (`versions` for the Versions module, which
    /// has none).
    pub fn id(self) -> &'static str {
        match self {
            Module::Cdrs => "cdrs",
            Module::ChargingProfiles => "chargingprofiles",
            Module::Commands => "commands",
            Module::Credentials => "credentials",
            Module::HubClientInfo => "hubclientinfo",
            Module::Locations => "locations",
            Module::Sessions => "sessions",
            Module::Tariffs => "tariffs",
            Module::Tokens => "tokens",
            Module::Versions => "versions",
            Module::Payments => "payments",
        }
    }

    /// The module with identifier `id`.
    pub fn from_id(id: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.id() == id)
    }

    /// Whether the module exists in `version` (Charging Profiles and Hub Client Info came
    /// with 2.2, Payments with 2.3.0).
    pub fn exists_in(self, version: OcpiVersion) -> bool {
        match self {
            Module::ChargingProfiles | Module::HubClientInfo => version >= OcpiVersion::V2_2_1,
            Module::Payments => version >= OcpiVersion::V2_3_0,
            _ => true,
        }
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The two interfaces of a functional module.
///
/// Spec: 2.2.1 version_information_endpoint.asciidoc §InterfaceRole enum
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Interface {
    /// The interface of the data owner (`SENDER`).
    Sender,
    /// The interface of the party receiving the data (`RECEIVER`).
    Receiver,
}

impl Interface {
    /// The other interface.
    pub fn opposite(self) -> Interface {
        match self {
            Interface::Sender => Interface::Receiver,
            Interface::Receiver => Interface::Sender,
        }
    }

    /// The `role` of an endpoint implementing this interface.
    pub fn role(self) -> InterfaceRole {
        match self {
            Interface::Sender => InterfaceRole::Sender,
            Interface::Receiver => InterfaceRole::Receiver,
        }
    }

    /// The path segment of this interface in the server's URLs (`sender`, `receiver`).
    pub fn as_str(self) -> &'static str {
        match self {
            Interface::Sender => "sender",
            Interface::Receiver => "receiver",
        }
    }
}

impl fmt::Display for Interface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cell of the table of typical implementations: which interfaces a role implements.
///
/// Spec: 2.3.0 terminology.asciidoc §Typical OCPI implementations per Role
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Typical {
    /// Not typically implemented (an empty cell).
    None,
    /// The Sender interface.
    Sender,
    /// The Receiver interface.
    Receiver,
    /// Both interfaces.
    Both,
}

impl Typical {
    /// The interfaces of the cell.
    pub fn interfaces(self) -> &'static [Interface] {
        match self {
            Typical::None => &[],
            Typical::Sender => &[Interface::Sender],
            Typical::Receiver => &[Interface::Receiver],
            Typical::Both => &[Interface::Sender, Interface::Receiver],
        }
    }
}

/// The roles of the table, in its column order. The Roaming Hub has no [`Role`] value in 2.3.0
/// (a Hub is named by `hub_party_id` in credentials) and is `None` here; 2.2.1's `HUB` maps
/// to it.
pub const TYPICAL_ROLES: [Option<Role>; 7] = [
    Some(Role::Cpo),
    Some(Role::Emsp),
    None,
    Some(Role::Nsp),
    Some(Role::Nap),
    Some(Role::Scsp),
    Some(Role::Ptp),
];

/// The table itself: one row per module (in [`Module::ALL`] order), one column per role (in
/// [`TYPICAL_ROLES`] order).
const TABLE: [[Typical; 7]; 11] = {
    use Typical::{Both as B, None as N, Receiver as R, Sender as S};
    [
        // CPO eMSP Hub NSP NAP SCSP PTP
        [S, R, B, N, N, N, R], // CDRs
        [R, N, B, N, N, S, N], // Charging Profiles
        [R, S, B, N, N, N, S], // Commands
        [B, B, B, B, B, B, B], // Credentials
        [R, R, S, R, R, R, N], // Hub Client Info
        [S, R, B, R, B, N, R], // Locations
        [S, R, B, N, N, R, R], // Sessions
        [S, R, B, R, B, N, R], // Tariffs
        [R, S, B, N, N, N, N], // Tokens
        [R, N, N, N, N, N, S], // Payments
        [B, B, B, B, B, B, B], // Versions
    ]
};

/// The interfaces of `module` that a party in `role` typically implements (`None` for the
/// Roaming Hub). Roles the table does not list (`OTHER`, unknown ones) implement none.
///
/// The table is the one of 2.3.0; its cells for the roles and modules of 2.2.1 are the same
/// as 2.2.1's.
///
/// Spec: 2.3.0 terminology.asciidoc §Typical OCPI implementations per Role; 2.2.1
/// terminology.asciidoc §Typical OCPI implementations per Role
pub fn typical(role: Option<&Role>, module: Module) -> Typical {
    let Some(column) = TYPICAL_ROLES.iter().position(|r| r.as_ref() == role) else {
        return Typical::None;
    };
    let row = Module::ALL
        .iter()
        .position(|m| *m == module)
        .unwrap_or_default();
    TABLE[row][column]
}
