//! A CPO or an eMSP served on the crate's reference in-memory handlers: the mock partner, and
//! the checker's own endpoint that a partner calls back during registration.

use std::sync::Arc;

use clap::ValueEnum;
use ocpi_protocol::credentials::MemoryStore;
use ocpi_protocol::memory::Memory;
use ocpi_protocol::modules::commands::PendingCommands;
use ocpi_protocol::modules::Bridge;
use ocpi_protocol::server::{Server, ServerBuilder, ServerConfig};
use ocpi_protocol::transport::{PartyRef, ReqwestTransport, UrlPolicy};
use ocpi_protocol::types::{OcpiString, Url};
use ocpi_protocol::v2_2_1::locations::BusinessDetails;
use ocpi_protocol::v2_3_0::cdrs::CdrToken;
use ocpi_protocol::v2_3_0::credentials::{CredentialsRole, Role as OcpiRole};
use ocpi_protocol::versions::OcpiVersion;

use crate::Failure;

/// The role a platform plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// A Charge Point Operator: Locations, Sessions, CDRs and Tariffs Sender; Tokens and
    /// Commands Receiver.
    Cpo,
    /// An e-Mobility Service Provider: Tokens and Commands Sender; Locations, Sessions, CDRs
    /// and Tariffs Receiver.
    Emsp,
}

impl Role {
    fn ocpi(self) -> OcpiRole {
        match self {
            Role::Cpo => OcpiRole::Cpo,
            Role::Emsp => OcpiRole::Emsp,
        }
    }
}

/// The server type of every platform here.
pub type OcpiServer = Server<MemoryStore, ReqwestTransport>;

/// A platform: its server, its data and its commands.
#[derive(Clone)]
pub struct Platform {
    /// The server.
    pub server: Arc<OcpiServer>,
    /// Its data, shared with the handlers.
    pub memory: Memory,
    /// The commands it sent (eMSP).
    pub pending: PendingCommands,
    /// Its base URL.
    pub base: String,
    /// Its party.
    pub party: PartyRef,
    /// Its role.
    pub role: Role,
}

/// What a platform is built from.
pub struct Setup<'a> {
    /// The role.
    pub role: Role,
    /// The base URL (`http://127.0.0.1:8910/ocpi`).
    pub base: &'a str,
    /// The party.
    pub party: PartyRef,
    /// The versions served.
    pub versions: Vec<OcpiVersion>,
    /// The largest page served.
    pub max_limit: u64,
    /// Which URLs peers give may be called.
    pub urls: UrlPolicy,
    /// The transport to call peers with.
    pub transport: ReqwestTransport,
    /// The data.
    pub memory: Memory,
    /// Called with the parties a partner claims when it registers, before it is answered.
    pub on_register: Option<OnRegister>,
}

/// A hook called with the parties a registering partner claims.
pub type OnRegister = Arc<dyn Fn(&[PartyRef]) + Send + Sync>;

/// Builds a platform.
pub fn build(setup: Setup<'_>) -> Result<Platform, Failure> {
    let base_url = Url::new(setup.base).map_err(|e| Failure::Usage(format!("base URL: {e}")))?;
    let name = match setup.role {
        Role::Cpo => "ocpi mock CPO",
        Role::Emsp => "ocpi mock eMSP",
    };
    let roles = vec![CredentialsRole::new(
        setup.role.ocpi(),
        BusinessDetails::new(OcpiString::new(name).map_err(|e| Failure::Usage(e.to_string()))?),
        setup.party.party_id,
        setup.party.country_code,
    )];
    let mut config = ServerConfig::new(base_url.clone(), roles);
    if setup.role == Role::Emsp {
        // A 2.1.1 Session or CDR names its token by `auth_id` (the contract id) only: the
        // eMSP finds it among its own Tokens.
        let tokens = setup.memory.clone();
        config.bridge = Bridge::default().with_cdr_token_lookup(move |auth_id| {
            let token = tokens
                .tokens
                .find(|t| t.contract_id.as_str().eq_ignore_ascii_case(auth_id))?;
            Some(CdrToken::new(
                token.country_code,
                token.party_id,
                token.uid,
                token.r#type,
                token.contract_id,
            ))
        });
    }
    // A 2.1.1 Session or CDR carries the whole Location: its own (CPO), or one it received
    // (eMSP).
    let locations = setup.memory.clone();
    config.bridge = config.bridge.with_location_lookup(move |party, id| {
        locations.locations.find(|l| {
            l.country_code == party.country_code
                && l.party_id == party.party_id
                && l.id.as_str() == id
        })
    });
    config.versions = setup.versions;
    config.max_limit = setup.max_limit.max(1);
    let pending = PendingCommands::new(&base_url).map_err(|e| Failure::Usage(e.to_string()))?;
    let memory = setup.memory.with_commands(pending.clone());
    let m = &memory;
    let builder = ServerBuilder::new(config).with_url_policy(setup.urls);
    let builder = match setup.role {
        Role::Cpo => builder
            .locations_sender(m.clone())
            .sessions_sender(m.clone())
            .cdrs_sender(m.clone())
            .tariffs_sender(m.clone())
            .tokens_receiver(m.clone())
            .commands_receiver(m.clone()),
        Role::Emsp => builder
            .tokens_sender(m.clone())
            .locations_receiver(m.clone())
            .sessions_receiver(m.clone())
            .cdrs_receiver(m.clone())
            .tariffs_receiver(m.clone())
            .commands_sender(pending.clone()),
    };
    // Registrations are accepted from any party: this is a test partner.
    let on_register = setup.on_register;
    let builder = builder.only_mounted().with_vetting(move |_, claims| {
        if let Some(hook) = &on_register {
            let parties: Vec<PartyRef> = claims.iter().map(|c| c.party).collect();
            hook(&parties);
        }
        Ok(())
    });
    let server = builder
        .build(MemoryStore::new(), setup.transport)
        .map_err(|e| Failure::Usage(format!("cannot build the platform: {e}")))?;
    Ok(Platform {
        server: Arc::new(server),
        memory,
        pending,
        base: setup.base.trim_end_matches('/').to_owned(),
        party: setup.party,
        role: setup.role,
    })
}

/// A URL policy that lets the tool call `url`'s host over plain HTTP and on a private or
/// loopback address: the user named it.
pub fn policy_for(url: &str, policy: UrlPolicy) -> UrlPolicy {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
    {
        Some(host) => policy.allow_http(host.clone()).allow_private(host),
        None => policy,
    }
}

/// Listens on `listen` and says the base URL the platform publishes there: `public_url` when
/// given (behind a proxy), else `http://{the address bound}/ocpi`.
pub async fn listen(
    listen: &str,
    public_url: Option<&str>,
) -> Result<(tokio::net::TcpListener, String), Failure> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| Failure::Io(format!("cannot listen on {listen}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Io(e.to_string()))?;
    let base = public_url.map_or_else(|| format!("http://{addr}/ocpi"), str::to_owned);
    Ok((listener, base))
}
