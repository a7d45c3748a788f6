//! A guided tour of OCPI: a CPO (`cpo.example.com`) and an eMSP (`emsp.example.com`), each an
//! OCPI server built with this crate, connect and exchange data in this process, and every
//! HTTP exchange between them is printed with notes on what the protocol is doing and why.
//!
//! Run it with `cargo run --example tour`. `cargo run --example http --features axum` runs
//! the same two platforms over real HTTP.
//!
//! The two platforms are `server::Server`s with in-memory handlers
//! (`examples/common/platforms.rs`), attached to a `server::Loopback`: an in-process network
//! that answers each request with the server of its URL's host, and shows each exchange to an
//! observer, which prints it (`examples/common/show.rs`). Each side calls the other with the
//! typed `client::Client`, as it would over HTTP.
//!
//! The tour is the list [`CHAPTERS`]: a chapter is an `async fn(Rc<Tour>) -> Outcome` that
//! narrates ([`Tour::say`]), acts through the platforms and the clients ([`Tour::emsp_client`],
//! [`Tour::cpo_client`]), and prints what went over the wire ([`Tour::show`]). A chapter on
//! another module is a handler mounted in `platforms.rs`, one such function, and one entry in
//! the list.

use std::cell::RefCell;
use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use ocpi_protocol::client::{Client, ListFilter};
use ocpi_protocol::credentials::{
    CredentialsStore, InitiatorState, MemoryStore, PartyGrant, Peer, PeerId,
};
use ocpi_protocol::json;
use ocpi_protocol::memory::{Memory, Request};
use ocpi_protocol::modules::commands::{CommandRequest, PendingCommands};
use ocpi_protocol::pricing;
use ocpi_protocol::server::{Loopback, Server};
use ocpi_protocol::types::{CredentialsToken, Number, Url};
use ocpi_protocol::v2_3_0::commands::{CommandResult, CommandResultType, StartSession};
use ocpi_protocol::v2_3_0::locations::EvsePatch;
use ocpi_protocol::v2_3_0::sessions::SessionPatch;
use ocpi_protocol::v2_3_0::tokens::{LocationReferences, TokenType};

#[path = "common/platforms.rs"]
mod platforms;
#[path = "common/show.rs"]
mod show;

use platforms::{cpo_party, emsp_party, location};

const CPO_HOST: &str = "cpo.example.com";
const EMSP_HOST: &str = "emsp.example.com";

/// What a chapter returns.
type Outcome = Result<(), Box<dyn Error>>;

/// A chapter running: what `async fn chapter(t: Rc<Tour>) -> Outcome` returns, boxed.
type Running = Pin<Box<dyn Future<Output = Outcome>>>;

/// One chapter of the tour.
struct Chapter {
    title: &'static str,
    run: fn(Rc<Tour>) -> Running,
}

/// The tour, in order.
const CHAPTERS: &[Chapter] = &[
    Chapter {
        title: "The CPO issues a token A",
        run: |t| Box::pin(issue_token_a(t)),
    },
    Chapter {
        title: "The eMSP registers with the CPO: the credentials handshake",
        run: |t| Box::pin(register(t)),
    },
    Chapter {
        title: "The eMSP pulls the CPO's Locations, page by page",
        run: |t| Box::pin(pull_locations(t)),
    },
    Chapter {
        title: "The CPO pushes a Location change to the eMSP",
        run: |t| Box::pin(push_location_change(t)),
    },
    Chapter {
        title: "The CPO publishes its Tariff",
        run: |t| Box::pin(push_tariff(t)),
    },
    Chapter {
        title: "A card at the charger: real-time authorization of a Token",
        run: |t| Box::pin(authorize_token(t)),
    },
    Chapter {
        title: "The eMSP starts a charging session remotely: START_SESSION",
        run: |t| Box::pin(start_session(t)),
    },
    Chapter {
        title: "The CPO reports the Session",
        run: |t| Box::pin(push_session(t)),
    },
    Chapter {
        title: "The session ends: the CPO closes the Session",
        run: |t| Box::pin(close_session(t)),
    },
    Chapter {
        title: "The CPO sends the charge detail record, priced by its tariff",
        run: |t| Box::pin(post_cdr(t)),
    },
    Chapter {
        title: "The eMSP renews the credentials: new tokens both ways",
        run: |t| Box::pin(rotate_credentials(t)),
    },
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Outcome {
    let tour = Rc::new(Tour::new()?);
    tour.say(
        "Two platforms run in this process: a Charge Point Operator (CPO) at cpo.example.com, \
         which operates charging stations, and an e-Mobility Service Provider (eMSP) at \
         emsp.example.com, whose customers charge there. Each serves OCPI 2.1.1, 2.2.1 and \
         2.3.0 under /ocpi. Every request either sends to the other is printed: '>' lines \
         are the request, '<' lines the response.",
    );
    for (n, chapter) in CHAPTERS.iter().enumerate() {
        let heading = format!("══ {}. {} ", n + 1, chapter.title);
        let fill = 92usize.saturating_sub(heading.chars().count());
        println!("\n{heading}{}\n", "═".repeat(fill));
        (chapter.run)(tour.clone()).await?;
    }
    println!("\n{}\n", "═".repeat(92));
    tour.say(&format!(
        "That is the life of an OCPI connection: {} HTTP exchanges. The same two platforms \
         over real sockets: cargo run --example http --features axum.",
        tour.wire.count()
    ));
    Ok(())
}

/// The two platforms, their data, and what has been printed.
struct Tour {
    /// The CPO (cpo.example.com).
    cpo: Arc<Server<MemoryStore, Loopback>>,
    /// The eMSP (emsp.example.com).
    emsp: Arc<Server<MemoryStore, Loopback>>,
    /// The network both are attached to.
    net: Loopback,
    /// What the CPO holds: its own Locations, and the commands it received (its handlers
    /// serve and fill them).
    cpo_memory: Memory,
    /// What the eMSP holds: its copy of the CPO's Locations, its customers' Sessions and
    /// their CDRs.
    emsp_memory: Memory,
    /// The eMSP's commands, waiting for their results.
    pending: PendingCommands,
    /// The exchanges seen, and the names of the tokens.
    wire: show::Wire,
    /// What the CPO hands the eMSP outside OCPI: token A and its versions URL.
    offline: RefCell<Option<(CredentialsToken, Url)>>,
}

impl Tour {
    fn new() -> Result<Self, Box<dyn Error>> {
        let net = Loopback::new();
        let wire = show::Wire::new(&[(CPO_HOST, "CPO"), (EMSP_HOST, "eMSP")]);
        net.observe(wire.recorder());
        let cpo_memory = Memory::new();
        for i in 1..=5 {
            cpo_memory.locations.put(location(i));
        }
        let emsp_base = format!("https://{EMSP_HOST}/ocpi");
        let pending = PendingCommands::new(&Url::new(&emsp_base)?)?;
        let emsp_memory = Memory::new().with_commands(pending.clone());
        let cpo_base = format!("https://{CPO_HOST}/ocpi");
        let cpo = platforms::cpo_with_commands(&cpo_base, &cpo_memory, 2)
            .build(MemoryStore::new(), net.clone())?;
        // The eMSP also keeps the CPOs' Tariffs, and answers for its customers' Tokens.
        emsp_memory.tokens.put(platforms::app_token());
        emsp_memory.tokens.put(platforms::rfid_token());
        let emsp = platforms::emsp_with_sessions(&emsp_base, &emsp_memory, &pending)
            .tariffs_receiver(emsp_memory.clone())
            .tokens_sender(emsp_memory.clone())
            .build(MemoryStore::new(), net.clone())?;
        let (cpo, emsp) = (Arc::new(cpo), Arc::new(emsp));
        net.attach(CPO_HOST, cpo.clone());
        net.attach(EMSP_HOST, emsp.clone());
        Ok(Tour {
            cpo,
            emsp,
            net,
            cpo_memory,
            emsp_memory,
            pending,
            wire,
            offline: RefCell::new(None),
        })
    }

    /// Narrates: the text wrapped at 92 columns, then a blank line.
    fn say(&self, text: &str) {
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 92 {
                println!("{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        println!("{line}\n");
    }

    /// Prints the exchanges since the last call.
    fn show(&self) {
        self.wire.print();
    }

    /// The eMSP's client of the CPO (once registered), sending the routing headers of a
    /// direct request: from the eMSP's party to the CPO's.
    ///
    /// Spec: 2.3.0 transport_and_format.asciidoc §Party to Party (without Hub)
    fn emsp_client(&self) -> Result<Client<Loopback>, Box<dyn Error>> {
        let peer = self.emsp.platform().store().peers().pop();
        let peer = peer.ok_or("the eMSP is not registered with the CPO")?;
        Ok(Client::new(self.net.clone(), peer).with_routing(emsp_party(), cpo_party()))
    }

    /// Names, in what is printed, the tokens of the registration: the one the CPO calls the
    /// eMSP with (kept by the CPO; the eMSP keeps only its hash) and `emsp_side`'s, the one
    /// the eMSP calls the CPO with.
    async fn name_tokens(
        &self,
        emsp_side: &Peer,
        cpo_token: &str,
        emsp_token: &str,
    ) -> Result<(), Box<dyn Error>> {
        let cpo_side = self
            .cpo
            .platform()
            .store()
            .peer(&PeerId::new("emsp"))
            .await?;
        let cpo_side = cpo_side.ok_or("the CPO did not store the registration")?;
        self.wire
            .name_token(cpo_side.credentials.token(), cpo_token);
        self.wire
            .name_token(emsp_side.credentials.token(), emsp_token);
        Ok(())
    }

    /// The CPO's client of the eMSP (once registered), with the routing headers.
    fn cpo_client(&self) -> Result<Client<Loopback>, Box<dyn Error>> {
        let peer = self.cpo.platform().store().peers().pop();
        let peer = peer.ok_or("the CPO has not registered the eMSP")?;
        Ok(Client::new(self.net.clone(), peer).with_routing(cpo_party(), emsp_party()))
    }
}

/// Chapter 1: token A and the versions URL, handed over outside OCPI.
async fn issue_token_a(t: Rc<Tour>) -> Outcome {
    t.say(
        "Before any OCPI request, the two companies agree to connect, and on who starts: \
         here the eMSP registers with the CPO. The CPO creates a credentials token, \
         CREDENTIALS_TOKEN_A, that lets the eMSP call its versions and credentials \
         endpoints and nothing else, and hands it over with the URL of its versions endpoint, \
         in a secure way outside OCPI (2.3.0 credentials.asciidoc §Registration; \
         version_information_endpoint.asciidoc: 'The exact URL to the implemented version \
         endpoint should be given (offline)'). With it, the CPO decides which parties the \
         eMSP may claim to be: here NL*MSP alone. The eMSP's credentials will list its \
         parties, and everything it sends later is keyed by them, so a claim the CPO did not \
         grant, or one that belongs to another of its peers, is refused (2.3.0 \
         credentials.asciidoc §CredentialsRole class: each role, party_id and country_code \
         combination is unique).",
    );
    let platform = t.cpo.platform();
    let token = platform
        .issue_token_a(PeerId::new("emsp"), PartyGrant::parties([emsp_party()]))
        .await?;
    let versions = platform.config().versions.url.clone();
    t.wire
        .name_token(&token, "token A, which the CPO issued for the registration");
    println!("    token A:      {}", token.expose());
    println!("    versions URL: {versions}\n");
    t.say(
        "The token is 256 random bits from the operating system, in URL-safe Base64; any \
         printable text up to 64 characters will do, as long as nobody can guess it. \
         It identifies the caller: the CPO looks up every token it receives in its \
         credentials store.",
    );
    *t.offline.borrow_mut() = Some((token, versions));
    Ok(())
}

/// Chapter 2: versions, version details, POST credentials, and the CPO's calls back.
async fn register(t: Rc<Tour>) -> Outcome {
    let (token_a, versions) = t.offline.borrow_mut().take().ok_or("no token A")?;
    let mut registration = t
        .emsp
        .platform()
        .start_registration(
            PeerId::new("cpo"),
            token_a,
            versions,
            PartyGrant::parties([cpo_party()]),
        )
        .await?;

    t.say(
        "Step 1. The eMSP fetches the CPO's versions list with token A. Every OCPI request \
         carries 'Authorization: Token' and the Base64 of the credentials token (2.3.0 \
         transport_and_format.asciidoc §Authorization header; 2.1.1 sent it unencoded), a \
         fresh X-Request-ID and an X-Correlation-ID, which the response echoes (§Unique \
         message IDs). Every response body is the same envelope: data, status_code (1000 is \
         success), status_message and timestamp (§Response format).",
    );
    registration.step().await?;
    t.show();
    if let InitiatorState::VersionChosen { version, details } = registration.state() {
        t.say(&format!(
            "The CPO serves three versions; so does the eMSP, which picks the highest both \
             speak: {version}. Its details are at {details}."
        ));
    }

    t.say(
        "Step 2. The eMSP fetches the details of that version: the endpoint of every module \
         the CPO implements in it, each with the interface role it plays, SENDER or RECEIVER \
         (2.3.0 version_information_endpoint.asciidoc §Version details endpoint).",
    );
    registration.step().await?;
    t.show();
    if let InitiatorState::EndpointsChecked { endpoints, .. } = registration.state() {
        let list: Vec<String> = endpoints
            .iter()
            .map(|e| match &e.role {
                Some(role) => format!("{} ({role})", e.module),
                None => e.module.clone(),
            })
            .collect();
        t.say(&format!(
            "The CPO offers: {}. It is a CPO, which typically also sends Sessions, CDRs and \
             Tariffs and receives Tokens and Commands (2.3.0 terminology.asciidoc §Typical \
             OCPI implementations per Role); this one implements Locations and Commands, \
             and publishes no more than it implements. The eMSP needs no more than the \
             credentials endpoint to go on.",
            list.join(", ")
        ));
    }

    t.say(
        "Step 3. The eMSP creates CREDENTIALS_TOKEN_B, for the CPO to call it with, and POSTs \
         its credentials to the CPO's credentials endpoint, still with token A: token B, its \
         own versions URL, and its roles (party NL*MSP, an EMSP). Before answering, the CPO \
         'must also fetch the client's endpoints for this version' (2.3.0 \
         credentials.asciidoc §POST Method): it calls the eMSP's versions and version \
         details with token B. Those two calls end before the POST does, so they print \
         first. Then the CPO answers the POST with its own credentials, carrying \
         CREDENTIALS_TOKEN_C, for the eMSP to call it with from now on.",
    );
    registration.step().await?;
    let InitiatorState::Done(peer) = registration.state() else {
        return Err("the registration did not finish".into());
    };
    t.name_tokens(
        peer,
        "token B, which the eMSP issued to the CPO",
        "token C, which the CPO issued to the eMSP",
    )
    .await?;
    t.show();
    t.say(&format!(
        "Registered in OCPI {}. Token A is spent: the CPO deleted it, and it 'MAY no longer \
         be used' (§Registration). From now on the eMSP calls the CPO with token C and the \
         CPO calls the eMSP with token B, on any module either offers. The credentials \
         carried each side's parties (roles): every request to a functional module can now \
         be checked against the caller's parties.",
        peer.version
    ));
    Ok(())
}

/// Chapter 3: the eMSP pulls every page of the CPO's Locations.
async fn pull_locations(t: Rc<Tour>) -> Outcome {
    t.say(
        "The eMSP wants the CPO's charging Locations, to show them to its drivers. Pull is \
         how a receiver gets (back) in sync; push then keeps it current (2.3.0 \
         transport_and_format.asciidoc §Pull and Push). It GETs the CPO's Sender interface \
         of Locations, with token C and the routing headers of a direct request: \
         OCPI-from-* names the eMSP's party, OCPI-to-* the CPO's (§Message Routing \
         Headers).",
    );
    t.say(
        "It asks for limit=10, but this CPO returns at most 2 Locations per page: 'the \
         server might decide to return fewer objects'. Each response says how many match \
         (X-Total-Count), the most it returns per page (X-Limit), and, unless it is the \
         last page, where the next page is (Link, rel=\"next\"); the eMSP follows the links \
         until there is none (§Pagination, §Paginated Response).",
    );
    let client = t.emsp_client()?;
    let filter = ListFilter {
        limit: Some(10),
        ..ListFilter::default()
    };
    let listed = client.locations_sender()?.list(&filter).await?;
    t.show();
    let ids: Vec<&str> = listed.items.iter().map(|l| l.id.as_str()).collect();
    t.say(&format!(
        "{} Locations in 3 pages ({}), each read as a typed 2.3.0 Location and kept in the \
         eMSP's copy; {} refused. A Location that fails to parse would not lose its page: \
         the others are kept, and it is reported with its index and the JSON path of the \
         error.",
        listed.items.len(),
        ids.join(", "),
        listed.error_count()
    ));
    for location in listed.items {
        t.emsp_memory.locations.put(location);
    }
    Ok(())
}

/// Chapter 4: the CPO pushes a new Location (PUT), then an EVSE status change (PATCH).
async fn push_location_change(t: Rc<Tour>) -> Outcome {
    t.say(
        "The CPO opens a new site, LOC6, and pushes it to the eMSP's Receiver interface of \
         Locations with a PUT of the whole Location. Locations are Client Owned Objects: \
         the URL carries the owner's country code and party id, \
         .../locations/NL/CPO/LOC6, and the eMSP checks that they are the caller's (else \
         404) and that the ids in the body match the URL (else 2001) (2.3.0 \
         transport_and_format.asciidoc §Client Owned Object Push; mod_locations.asciidoc \
         §PUT Method).",
    );
    let new = location(6);
    t.cpo_memory.locations.put(new.clone());
    let client = t.cpo_client()?;
    let receiver = client.locations_receiver()?;
    receiver.put_location(&new).await?;
    t.show();

    t.say(
        "A driver plugs in at LOC1: its EVSE LOC1-1 is now CHARGING. The CPO sends only what \
         changed, with a PATCH on the EVSE's URL; a PATCH SHALL carry last_updated, and the \
         receiver SHALL set it on the parent Location too (mod_locations.asciidoc §PATCH \
         Method). This status update is the most common OCPI message.",
    );
    let patch = json::parse::<EvsePatch>(
        br#"{ "status": "CHARGING", "last_updated": "2024-05-07T09:30:00Z" }"#,
    )?
    .value;
    t.cpo_memory
        .locations
        .update(&(cpo_party(), "LOC1".parse()?), |l| {
            l.patch_evse("LOC1-1", patch.clone())
        })
        .ok_or("LOC1 is not the CPO's")??;
    receiver
        .patch_evse(&cpo_party(), "LOC1", "LOC1-1", &patch)
        .await?;
    t.show();
    let copy = t
        .emsp_memory
        .locations
        .get(&(cpo_party(), "LOC1".parse()?))
        .ok_or("LOC1 is not in the eMSP's copy")?;
    let evse = copy
        .evses
        .iter()
        .flatten()
        .next()
        .ok_or("LOC1 has no EVSE")?;
    t.say(&format!(
        "The eMSP's copy of LOC1 now has EVSE {} {} (last updated {}), and the Location's \
         last_updated is {}. It holds {} Locations of NL*CPO, as the CPO does.",
        evse.uid,
        evse.status,
        evse.last_updated,
        copy.last_updated,
        t.emsp_memory.locations.len()
    ));
    Ok(())
}

/// Chapter 5: the CPO PUTs its Tariff on the eMSP's Receiver interface of Tariffs.
async fn push_tariff(t: Rc<Tour>) -> Outcome {
    t.say(
        "Drivers want to know the price before they plug in. The CPO pushes its Tariff to the \
         eMSP with a PUT on the eMSP's Receiver interface of Tariffs, under its own country \
         code and party id. A Tariff is a list of elements, each a list of price components \
         (ENERGY, TIME, PARKING_TIME, FLAT) with their VAT and step size, and optional \
         restrictions (time of day, day of week, kWh, power…) that say when the element \
         applies (2.3.0 mod_tariffs.asciidoc §PUT Method, §Tariff Object).",
    );
    let tariff = platforms::tariff();
    t.cpo_client()?
        .tariffs_receiver()?
        .put_tariff(&tariff)
        .await?;
    t.show();
    let held = t
        .emsp_memory
        .tariffs
        .get(&(cpo_party(), tariff.id.clone()))
        .ok_or("the eMSP has not got the Tariff")?;
    // What a charge of 20 kWh in an hour will cost, for the eMSP's app, before it happens.
    let plan =
        pricing::PlannedSession::new("2024-05-07T09:30:00Z".parse()?, 3600, Number::from(20))
            .with_time_zone(location(1).time_zone.as_str());
    let cents = pricing::Options::default().with_rounding(pricing::Rounding::totals(2));
    let quotes = pricing::estimate(std::slice::from_ref(&held), &plan, &cents)?;
    let bill = quotes
        .first()
        .ok_or("no tariff to quote")?
        .bill
        .as_ref()
        .map_err(|e| e.to_string())?;
    t.say(&format!(
        "The eMSP holds Tariff {} and can tell its drivers what a charge costs there before \
         it starts: 20 kWh in an hour, {} {} before taxes, {} with VAT.",
        held.id,
        bill.totals.total_cost.excl_vat(),
        bill.currency,
        bill.totals
            .total_cost
            .incl_vat()
            .map_or("unknown".to_owned(), |v| v.to_string()),
    ));
    Ok(())
}

/// Chapter 6: real-time authorization: an unknown card is refused, the customer's accepted.
async fn authorize_token(t: Rc<Tour>) -> Outcome {
    t.say(
        "A driver holds an RFID card to the reader of LOC2. The CPO does not know the card \
         (the eMSP has not pushed its Tokens, and its cards say whitelist NEVER: always ask), \
         so it asks the eMSP in real time: a POST on the eMSP's Sender interface of Tokens, \
         .../tokens/{uid}/authorize (with ?type=… for a Token that is not RFID, the \
         default), with the Location in the body (2.3.0 mod_tokens.asciidoc §Real-time \
         authorization, §POST Method).",
    );
    t.say(
        "First a card the eMSP has never issued. The eMSP refuses the request: HTTP 404 \
         with an error envelope, status_code 2004 'Unknown Token', and no data (§POST Method: \
         'When the eMSP does not know the Token, … it SHALL respond with … 2004'). Every \
         refusal in OCPI is such an envelope: a status code of the 2xxx (client) or 3xxx \
         (server) range and a message for the humans reading the logs (2.3.0 \
         status_codes.asciidoc).",
    );
    let client = t.cpo_client()?;
    let tokens = client.tokens_sender()?;
    let at = json::parse::<LocationReferences>(br#"{ "location_id": "LOC2" }"#)?.value;
    let refused = tokens
        .authorize("0000DEADBEEF", &TokenType::Rfid, Some(&at))
        .await
        .err()
        .ok_or("an unknown card was allowed")?;
    t.show();
    t.say(&format!(
        "The CPO's client reads that as an error: HTTP {}, OCPI status {}. The charger \
         stays locked.",
        refused.http_status().map_or(0, |s| s.as_u16()),
        refused
            .ocpi_status()
            .map_or("none".to_owned(), |s| s.to_string()),
    ));

    t.say(
        "Then the customer's own card. The eMSP knows it and answers ALLOWED with an \
         authorization_reference, which the CPO SHALL put in the Session and the CDR of this \
         charge (§AuthorizationInfo Object).",
    );
    let card = platforms::rfid_token();
    let info = tokens
        .authorize(card.uid.as_str(), &card.r#type, Some(&at))
        .await?;
    t.show();
    t.say(&format!(
        "{} for card {} (contract {}), reference {}.",
        info.allowed,
        info.token.uid,
        info.token.contract_id,
        info.authorization_reference
            .as_ref()
            .map_or("none", |r| r.as_str()),
    ));
    Ok(())
}

/// Chapter 7: START_SESSION, its immediate CommandResponse, and its CommandResult later.
async fn start_session(t: Rc<Tour>) -> Outcome {
    t.say(
        "A customer of the eMSP taps 'Start charging' at LOC1 in the eMSP's app. The eMSP \
         POSTs a START_SESSION command to the CPO's Receiver interface of Commands. The \
         command carries the customer's Token (owned by the eMSP: the CPO checks it is the \
         caller's), an authorization_reference that the Session will carry, and a \
         response_url on the eMSP's own Commands Sender interface, where the result will \
         arrive later (2.3.0 mod_commands.asciidoc §Flow, §StartSession Object).",
    );
    let client = t.emsp_client()?;
    let placeholder = Url::new("https://emsp.example.com/ocpi/later")?;
    let mut command = StartSession::new(placeholder, platforms::app_token(), "LOC1".parse()?);
    command.evse_uid = Some("LOC1-1".parse()?);
    let (uid, answer) = client
        .commands_receiver()?
        .send_tracked(&t.pending, command)
        .await?;
    let answer = answer?;
    t.show();
    t.say(&format!(
        "The CPO answered at once: {} — it has forwarded the command to the charge point and \
         will say within {} seconds whether it started. The eMSP's tracker holds command {uid} \
         as {:?}.",
        answer.result,
        answer.timeout,
        t.pending.get(&uid).ok_or("the command is gone")?.state()
    ));

    t.say(
        "Seconds later the charge point reports back. The CPO POSTs a CommandResult to the \
         response_url the eMSP gave, which names the command and its uid; the eMSP matches \
         it to the command it sent (§Sender Interface, §CommandResult Object).",
    );
    let response_url = t
        .cpo_memory
        .inbox
        .take()
        .into_iter()
        .find_map(|received| match received.request {
            Request::Command(command @ CommandRequest::StartSession(_)) => {
                Some(command.response_url().clone())
            }
            _ => None,
        })
        .ok_or("the CPO received no START_SESSION")?;
    t.cpo_client()?
        .commands_sender()
        .post_result(
            &response_url,
            &CommandResult::new(CommandResultType::Accepted),
        )
        .await?;
    t.show();
    t.say(&format!(
        "Command {uid} is now {:?} at the eMSP.",
        t.pending.get(&uid).ok_or("the command is gone")?.state()
    ));
    Ok(())
}

/// Chapter 8: the CPO pushes the Session; the eMSP matches it to its command.
async fn push_session(t: Rc<Tour>) -> Outcome {
    let record = t.pending.records().pop().ok_or("no command was sent")?;
    let reference = record
        .authorization_reference
        .clone()
        .ok_or("the command has no authorization_reference")?;
    t.say(
        "The charge point started charging. The CPO creates the Session and PUTs it on the \
         eMSP's Receiver interface of Sessions, under its own country code and party id. The \
         Session carries the command's authorization_reference, so the eMSP knows which \
         START_SESSION it belongs to (2.3.0 mod_sessions.asciidoc §PUT Method, \
         §Session Object).",
    );
    let session = platforms::session(reference.as_str());
    t.cpo_client()?
        .sessions_receiver()?
        .put_session(&session)
        .await?;
    t.show();
    let record = t.pending.get(&record.uid).ok_or("the command is gone")?;
    let held = t
        .emsp_memory
        .sessions
        .get(&(cpo_party(), session.id.clone()))
        .ok_or("the eMSP has not got the Session")?;
    t.say(&format!(
        "The eMSP holds Session {} ({}), matched to command {}: {:?}.",
        held.id,
        held.status,
        record.uid,
        record.state()
    ));
    Ok(())
}

/// Chapter 9: the CPO PATCHes the Session: COMPLETED, with its end and energy.
async fn close_session(t: Rc<Tour>) -> Outcome {
    t.say(
        "The customer unplugs after 12.5 kWh. The CPO sends only what changed: a PATCH on \
         the Session's URL with its end_date_time, the energy, status COMPLETED and, as \
         every PATCH must, last_updated (2.3.0 mod_sessions.asciidoc §PATCH Method, \
         §SessionStatus enum).",
    );
    let patch = json::parse::<SessionPatch>(
        br#"{ "end_date_time": "2024-05-07T11:00:00Z", "kwh": 12.5,
              "status": "COMPLETED", "last_updated": "2024-05-07T11:00:05Z" }"#,
    )?
    .value;
    t.cpo_client()?
        .sessions_receiver()?
        .patch_session(&cpo_party(), "SES-1", &patch)
        .await?;
    t.show();
    let held = t
        .emsp_memory
        .sessions
        .get(&(cpo_party(), "SES-1".parse()?))
        .ok_or("the eMSP has not got the Session")?;
    t.say(&format!(
        "The eMSP's copy of Session {} is {}, {} kWh, ended {}.",
        held.id,
        held.status,
        held.kwh,
        held.end_date_time
            .map_or("never".to_owned(), |d| d.to_string()),
    ));
    Ok(())
}

/// Chapter 10: the CPO POSTs the CDR; the eMSP answers with where it keeps it.
async fn post_cdr(t: Rc<Tour>) -> Outcome {
    let record = t.pending.records().pop().ok_or("no command was sent")?;
    let reference = record
        .authorization_reference
        .ok_or("the command has no authorization_reference")?;
    t.say(
        "The CPO now POSTs the Charge Detail Record, the final bill of the session, to the \
         eMSP's Receiver interface of CDRs. CDRs are never changed once sent, so there is no \
         PUT or PATCH: the eMSP answers 201 Created with a Location header telling where it \
         keeps the CDR (2.3.0 mod_cdrs.asciidoc §POST Method). The CDR names where the \
         charge took place, as the Location the eMSP holds shows it (§CdrLocation class), \
         and carries the tariff it was priced by.",
    );
    // The CPO's billing prices the session with the crate: the tariff the CDR carries, over
    // its charging periods, in the Location's time zone, rounded to cents.
    let at = t
        .cpo_memory
        .locations
        .get(&(cpo_party(), "LOC1".parse()?))
        .ok_or("the CPO has no LOC1")?;
    let mut cdr = platforms::cdr(reference.as_str(), &at);
    let time_zone = at.time_zone.as_str().to_owned();
    let tariff = &cdr.tariffs.as_ref().ok_or("the CDR has no tariff")?[0];
    let session = pricing::Session::new(cdr.start_date_time, cdr.end_date_time)
        .with_time_zone(&time_zone)
        .with_periods(&cdr.charging_periods);
    let options = pricing::Options::default().with_rounding(pricing::Rounding::totals(2));
    let bill = pricing::price(tariff, &session, &options)?;
    cdr.total_cost = bill.totals.total_cost.to_price_2_3_0();
    cdr.total_energy_cost = Some(bill.totals.total_energy_cost.to_price_2_3_0());
    t.say(&format!(
        "The CPO prices the session with the crate's pricing engine, from the tariff and the \
         charging periods it puts in the CDR: {} {} before taxes.",
        bill.totals.total_cost.excl_vat(),
        bill.currency
    ));
    let client = t.cpo_client()?;
    let receiver = client.cdrs_receiver()?;
    let url = receiver.post_cdr(&cdr).await?;
    t.show();
    let kept = t
        .emsp_memory
        .cdrs
        .get(&(cpo_party(), cdr.id.clone()))
        .ok_or("the eMSP has not got the CDR")?;
    t.say(&format!(
        "The CDR is at {url}. The eMSP bills its customer {} {} before taxes, for {} kWh.",
        kept.total_cost.before_taxes, kept.currency, kept.total_energy
    ));
    // The eMSP does not take the bill on trust: it recomputes the CDR from the CDR's own
    // tariff and charging periods, and would list every total that differs.
    let check = pricing::verify(&kept, &[], Some(&time_zone), &options)?;
    t.say(
        "Before billing, the eMSP recomputes the CDR from its own tariff and charging periods \
         (2.3.0 mod_cdrs.asciidoc §CDR Object, mod_tariffs.asciidoc §Tariff Object). The \
         explanation, as a support agent would read it:",
    );
    println!("{check}");
    if !check.is_ok() {
        return Err("the CDR's totals do not match its tariff".into());
    }
    Ok(())
}

/// Chapter 11: the eMSP updates its credentials: a new token each way.
async fn rotate_credentials(t: Rc<Tour>) -> Outcome {
    t.say(
        "Tokens do not live forever. Either side may update its credentials at any time, \
         for instance to rotate its tokens. The eMSP checks the CPO's versions and the \
         details of the version they speak (an update may also move to a newer version), \
         issues a new token B2 for the CPO, and PUTs its credentials on the CPO's \
         credentials endpoint with token C. As in the registration, the CPO first fetches \
         the eMSP's versions and version details, now with token B2; then it answers with \
         credentials carrying a new token C2 for the eMSP (2.3.0 credentials.asciidoc §PUT \
         Method, §Updating the credentials and resetting the credentials token).",
    );
    let cpo = PeerId::new("cpo");
    let after = t.emsp.platform().update(&cpo).await?;
    t.name_tokens(
        &after,
        "token B2, the eMSP's new token for the CPO",
        "token C2, the CPO's new token for the eMSP",
    )
    .await?;
    t.show();
    t.say(&format!(
        "From now on the eMSP calls with token C2 and the CPO with token B2. The old tokens \
         B and C keep working for a grace period ({} minutes here, PlatformConfig::grace), \
         so that requests already under way when the tokens changed are not refused; then \
         a request with either gets HTTP 401. The eMSP's next call carries token C2:",
        t.cpo.platform().config().grace.as_secs() / 60
    ));
    let location = t
        .emsp_client()?
        .locations_sender()?
        .location("LOC3")
        .await?;
    t.show();
    t.say(&format!(
        "{} at {}, {}: the connection goes on with the new tokens.",
        location.id, location.address, location.city
    ));
    Ok(())
}
