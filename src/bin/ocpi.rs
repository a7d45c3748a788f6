//! `ocpi`: the command line of `ocpi-protocol` (feature `cli`).
//!
//! - `ocpi validate FILE…`: reads OCPI documents and reports every error and warning with its
//!   JSON path, line and column, and spec section;
//! - `ocpi convert --to V FILE`: converts an object between 2.1.1, 2.2.1 and 2.3.0, with the
//!   report of what could not cross;
//! - `ocpi schema --version V|all --out DIR`: writes the JSON Schema of every object;
//! - `ocpi check VERSIONS_URL --token TOKEN`: a conformance run against a live partner;
//! - `ocpi mock --role cpo|emsp|hub --listen ADDR`: a complete mock partner with fault modes,
//!   which also watches what its partner sends it; a mock Hub routes to mock parties behind it.
//!
//! Exit codes: 0 when everything is fine, 1 when there are findings (an invalid document, a
//! conversion refused, a failed check), 2 for a usage error or an I/O error (a file that cannot
//! be read, a partner that cannot be reached).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::versions::OcpiVersion;

#[path = "ocpi/check.rs"]
mod check;
#[path = "ocpi/convert.rs"]
mod convert;
#[path = "ocpi/data.rs"]
mod data;
#[path = "ocpi/faults.rs"]
mod faults;
#[path = "ocpi/locate.rs"]
mod locate;
#[path = "ocpi/mock.rs"]
mod mock;
#[path = "ocpi/mock_hub.rs"]
mod mock_hub;
#[path = "ocpi/objects.rs"]
mod objects;
#[path = "ocpi/platform.rs"]
mod platform;
#[path = "ocpi/report.rs"]
mod report;
#[path = "ocpi/validate.rs"]
mod validate;
#[path = "ocpi/watch.rs"]
mod watch;

/// Prints a line on standard output, ignoring a closed output (a mock whose log nobody reads
/// keeps serving).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}
pub(crate) use say;

/// Why a command could not do its job.
#[derive(Debug)]
pub enum Failure {
    /// The command line asked for something impossible (exit code 2).
    Usage(String),
    /// A file, a socket or a partner could not be used (exit code 2).
    Io(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Io(m) => f.write_str(m),
        }
    }
}

const EXIT_CODES: &str = "Exit codes: 0 everything fine; 1 findings (invalid document, conversion \
refused, failed check); 2 usage or I/O error (unreadable file, partner down or not answering).";

/// The OCPI command line: validate and convert documents, export JSON Schema, check a
/// partner's conformance, and run a mock partner.
#[derive(Debug, Parser)]
#[command(name = "ocpi", version, about = "The OCPI command line: validate and convert documents, export JSON Schema, check a partner, run a mock partner", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate OCPI documents: objects, lists, response envelopes and PATCH bodies.
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Convert an object between OCPI 2.1.1, 2.2.1 and 2.3.0, with a report of what is lost.
    #[command(after_help = EXIT_CODES)]
    Convert(ConvertArgs),
    /// Write the JSON Schema of every object of a version, one file per object.
    #[command(after_help = EXIT_CODES)]
    Schema(SchemaArgs),
    /// Check a live partner's conformance: versions, endpoints, every published Sender module
    /// crawled and validated, pagination, filters, errors, a Hub's message routing (read-only
    /// unless --write).
    #[command(after_help = EXIT_CODES)]
    Check(check::CheckArgs),
    /// Serve a complete mock partner (CPO, eMSP, or a Roaming Hub with mock parties behind it)
    /// with generated data and fault modes, and report what the partner sends it.
    #[command(after_help = MOCK_HELP)]
    Mock(mock::MockArgs),
}

const MOCK_HELP: &str = "Roles:
  cpo                Locations, Tariffs, Sessions and CDRs Sender; Tokens and Commands Receiver
  emsp               Tokens and Commands Sender; Locations, Sessions, CDRs and Tariffs Receiver
  hub                a Roaming Hub on the crate's routing engine with two mock CPOs (the second
                     in OCPI 2.2.1 only) and a mock eMSP behind it, in this process: register
                     with the token A printed, then send routed requests (OCPI-to a party),
                     Broadcast Pushes and GET All (OCPI-to the Hub), read Hub Client Info. Once a
                     platform registers, the first CPO broadcasts one of its Locations twice.
                     --party is the Hub's own party; --push is for cpo and emsp. Message
                     routing exists in OCPI 2.2.1 and 2.3.0, not in 2.1.1.

Fault modes (combine with several --fault; all seeded by --seed):
  slow               answers late (--delay-ms): a partner under load or far away
  reject             list pages answered with OCPI status 3000: a backend that fails behind the API
  http-errors        503 and 429 with Retry-After: a partner behind a rate limiter or restarting
  partial            an invalid object in pages: a partner serving data it never validated
  pagination-stress  tiny pages, X-Total-Count changing, objects updated during a crawl
  quirks             endpoint URLs ending with '/', timestamps without 'Z' or unpadded, a single
                     object wrapped in an array, numbers as strings: real partners' deviations
  garbage            non-JSON bodies and truncated bodies: a proxy's error page, a cut connection
  routing-headers    answers carry the request's OCPI-to/OCPI-from headers as they came, not
                     swapped back: a Hub that copies the headers instead of addressing the reply
Faults hit the functional modules' answers, never the registration, so that a run connects.
Switch them while running: POST /_mock/faults with {\"faults\": [\"slow\"], \"seed\": 7}.
What the partner sent: GET /_mock/report (also logged to stdout as it happens).

Exit codes: 0 stopped normally; 2 usage or I/O error (address in use).";

/// A version given on the command line.
fn version(s: &str) -> Result<OcpiVersion, String> {
    s.parse()
        .map_err(|_| format!("unknown OCPI version {s:?} (2.1.1, 2.2.1 or 2.3.0)"))
}

/// A party given as `CC/PID` (or `CC*PID`).
fn party(s: &str) -> Result<PartyRef, String> {
    let (cc, pid) = s
        .split_once(['/', '*'])
        .ok_or_else(|| format!("{s:?}: a party is written CC/PID, like NL/ABC"))?;
    Ok(PartyRef::new(
        cc.parse().map_err(|e| format!("{cc:?}: {e}"))?,
        pid.parse().map_err(|e| format!("{pid:?}: {e}"))?,
    ))
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// The documents to read (`-` for standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// The OCPI version (guessed, and shown, when not given).
    #[arg(long, value_parser = version)]
    version: Option<OcpiVersion>,
    /// The object type (`Location`, `EvsePatch`, `Cdr`…; guessed, and shown, when not given).
    #[arg(long)]
    object: Option<String>,
    /// Warnings (accepted deviations) make a document invalid.
    #[arg(long)]
    strict: bool,
    /// A JSON report for machines.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ConvertArgs {
    /// The document to convert (`-` for standard input).
    file: String,
    /// The target version.
    #[arg(long, value_parser = version)]
    to: OcpiVersion,
    /// The source version (guessed, and shown, when not given).
    #[arg(long, value_parser = version)]
    from: Option<OcpiVersion>,
    /// The object type (guessed when not given).
    #[arg(long)]
    object: Option<String>,
    /// The owner (CC/PID) of a 2.1.1 object, which does not name it.
    #[arg(long, value_parser = party)]
    party: Option<PartyRef>,
    /// The time zone of a 2.1.1 Location that has none (2.2.1 requires one).
    #[arg(long)]
    time_zone: Option<String>,
    /// The postal code of a Location without one going to 2.1.1 (which requires one).
    #[arg(long)]
    postal_code: Option<String>,
    /// A JSON result (object, losses) for machines.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaVersion {
    #[value(name = "2.1.1")]
    V211,
    #[value(name = "2.2.1")]
    V221,
    #[value(name = "2.3.0")]
    V230,
    All,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The version, or `all`.
    #[arg(long, value_enum)]
    version: SchemaVersion,
    /// The folder to write `<version>/<Object>.schema.json` into.
    #[arg(long)]
    out: PathBuf,
}

fn schema(args: &SchemaArgs) -> Result<String, Failure> {
    let versions: &[&str] = match args.version {
        SchemaVersion::V211 => &["2.1.1"],
        SchemaVersion::V221 => &["2.2.1"],
        SchemaVersion::V230 => &["2.3.0"],
        SchemaVersion::All => &["2.1.1", "2.2.1", "2.3.0"],
    };
    let mut out = String::new();
    for v in versions {
        let dir = args.out.join(v);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
        let schemas = ocpi_protocol::schema::objects(v).unwrap_or_default();
        for s in &schemas {
            let path = dir.join(format!("{}.schema.json", s.name));
            let text = serde_json::to_string_pretty(&s.schema).unwrap_or_default() + "\n";
            std::fs::write(&path, text)
                .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
        }
        out.push_str(&format!(
            "{v}: {} schemas written to {}\n",
            schemas.len(),
            dir.display()
        ));
    }
    Ok(out)
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the async runtime: {e}")))
}

fn run(cli: Cli) -> Result<bool, Failure> {
    match cli.command {
        Command::Validate(a) => {
            let options = validate::Options {
                version: a.version,
                object: a.object,
                strict: a.strict,
            };
            let (out, valid) = validate::run(&a.files, &options, a.json)?;
            print!("{out}");
            Ok(valid)
        }
        Command::Convert(a) => {
            let options = convert::ConvertOptions {
                to: a.to,
                from: a.from,
                object: a.object,
                party: a.party,
                time_zone: a.time_zone,
                postal_code: a.postal_code,
            };
            let (out, report, ok) = convert::run(&a.file, &options, a.json)?;
            print!("{out}");
            eprint!("{report}");
            Ok(ok)
        }
        Command::Schema(a) => {
            print!("{}", schema(&a)?);
            Ok(true)
        }
        Command::Check(a) => runtime()?.block_on(check::run(a)),
        Command::Mock(a) => runtime()?.block_on(mock::run(a)).map(|()| true),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("ocpi: {e}");
            ExitCode::from(2)
        }
    }
}
