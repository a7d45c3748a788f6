//! `ocpi convert`: an object from one version to another, through the crate's 2.3.0 model
//! (the conversions of `ocpi_protocol::convert`, as the server's edge applies them), with the
//! report of every field that could not cross.

use std::sync::{Arc, Mutex};

use ocpi_protocol::convert::Loss;
use ocpi_protocol::modules::{Bridge, Edge, Outgoing, Wire, WireError};
use ocpi_protocol::transport::PartyRef;
use ocpi_protocol::types::OcpiString;
use ocpi_protocol::types::Warning;
use ocpi_protocol::versions::OcpiVersion;
use serde_json::Value;

use crate::validate::{self, Options};
use crate::Failure;

/// What `convert` was asked.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// The target version.
    pub to: OcpiVersion,
    /// The source version (guessed when `None`).
    pub from: Option<OcpiVersion>,
    /// The object type (guessed when `None`).
    pub object: Option<String>,
    /// The owner of the object, for 2.1.1 objects (which do not name it).
    pub party: Option<PartyRef>,
    /// The time zone of a 2.1.1 Location that has none.
    pub time_zone: Option<String>,
    /// The postal code written for a Location without one going to 2.1.1.
    pub postal_code: Option<String>,
}

/// The result of a conversion.
#[derive(Debug)]
pub struct Outcome {
    /// The object type.
    pub object: String,
    /// The source version.
    pub from: OcpiVersion,
    /// The converted JSON (compact).
    pub json: Vec<u8>,
    /// What did not cross: (object, loss).
    pub losses: Vec<(String, Loss)>,
    /// What the result holds that the strict reader of the target version refuses (the
    /// source's own deviations, kept): (object, warning).
    pub deviations: Vec<(String, Warning)>,
}

type Losses = Arc<Mutex<Vec<(String, Loss)>>>;
type Deviations = Arc<Mutex<Vec<(String, Warning)>>>;

fn through<W: Wire>(bytes: &[u8], from: &Edge<'_>, to: &Edge<'_>) -> Result<Vec<u8>, WireError> {
    let value = W::read(bytes, from)?;
    value.write(to)
}

macro_rules! by_name {
    ($name:expr, $bytes:expr, $from:expr, $to:expr; $($ty:path => [$($alias:literal),*];)*) => {{
        let name: &str = $name;
        $(
            if [$($alias),*].iter().any(|a: &&str| a.eq_ignore_ascii_case(name)) {
                Some(through::<$ty>($bytes, $from, $to))
            } else
        )* {
            None
        }
    }};
}

/// Converts `bytes`.
pub fn convert(bytes: &[u8], options: &ConvertOptions) -> Result<Result<Outcome, String>, Failure> {
    // The source: its version and type as `validate` reads them.
    let report = validate::validate_bytes(
        "input",
        bytes,
        &Options {
            version: options.from,
            object: options.object.clone(),
            strict: false,
        },
    )?;
    if !report.valid || report.shape != "object" {
        let mut text = String::new();
        validate::print_human(&report, &mut text);
        if report.valid {
            text.push_str("only a single object converts (not a list or an envelope)\n");
        }
        return Ok(Err(format!("the input is not a valid object:\n{text}")));
    }
    let (Some(object), Some(from)) = (report.object.clone(), report.version.clone()) else {
        return Ok(Err(
            "the object type could not be told; name it with --object".to_owned(),
        ));
    };
    let from: OcpiVersion = from
        .parse()
        .map_err(|_| Failure::Usage(format!("unknown version {from}")))?;
    let owner = options.party.or_else(|| owner_of(bytes));
    let losses: Losses = Arc::default();
    let deviations: Deviations = Arc::default();
    let mut bridge = Bridge::default();
    {
        let losses = losses.clone();
        bridge = bridge.on_loss(move |what, list| {
            let mut kept = losses.lock().unwrap_or_else(|e| e.into_inner());
            for l in list {
                kept.push((what.to_owned(), l.clone()));
            }
        });
        // A document is converted as it is; what its target version's strict reader would
        // refuse is reported beside the losses.
        let deviations = deviations.clone();
        bridge.outgoing = Outgoing::SendAndReport;
        bridge = bridge.on_deviation(move |what, _, list| {
            let mut kept = deviations.lock().unwrap_or_else(|e| e.into_inner());
            kept.extend(list.iter().map(|w| (what.to_owned(), w.clone())));
        });
    }
    if let Some(tz) = &options.time_zone {
        bridge.time_zone =
            Some(OcpiString::new(tz).map_err(|e| Failure::Usage(format!("--time-zone: {e}")))?);
    }
    if let Some(pc) = &options.postal_code {
        bridge.postal_code =
            Some(OcpiString::new(pc).map_err(|e| Failure::Usage(format!("--postal-code: {e}")))?);
    }
    let source = Edge {
        version: from,
        party: owner,
        bridge: &bridge,
    };
    let target = Edge {
        version: options.to,
        party: owner,
        bridge: &bridge,
    };
    use ocpi_protocol::v2_3_0 as v;
    let result = by_name!(&object, bytes, &source, &target;
        v::locations::Location => ["Location"];
        v::locations::Evse => ["Evse"];
        v::locations::Connector => ["Connector"];
        v::locations::LocationPatch => ["LocationPatch"];
        v::locations::EvsePatch => ["EvsePatch"];
        v::locations::ConnectorPatch => ["ConnectorPatch"];
        v::sessions::Session => ["Session"];
        v::sessions::SessionPatch => ["SessionPatch"];
        v::sessions::ChargingPreferences => ["ChargingPreferences"];
        v::cdrs::Cdr => ["Cdr"];
        v::tariffs::Tariff => ["Tariff"];
        v::tokens::Token => ["Token"];
        v::tokens::TokenPatch => ["TokenPatch"];
        v::tokens::AuthorizationInfo => ["AuthorizationInfo"];
        v::tokens::LocationReferences => ["LocationReferences"];
        v::commands::StartSession => ["StartSession"];
        v::commands::StopSession => ["StopSession"];
        v::commands::ReserveNow => ["ReserveNow"];
        v::commands::UnlockConnector => ["UnlockConnector"];
        v::commands::CancelReservation => ["CancelReservation"];
        v::commands::CommandResponse => ["CommandResponse"];
        v::commands::CommandResult => ["CommandResult"];
        v::charging_profiles::SetChargingProfile => ["SetChargingProfile"];
        v::charging_profiles::ActiveChargingProfile => ["ActiveChargingProfile"];
        v::charging_profiles::ActiveChargingProfileResult => ["ActiveChargingProfileResult"];
        v::charging_profiles::ChargingProfileResponse => ["ChargingProfileResponse"];
        v::charging_profiles::ChargingProfileResult => ["ChargingProfileResult"];
        v::charging_profiles::ClearProfileResult => ["ClearProfileResult"];
        v::hub_client_info::ClientInfo => ["ClientInfo"];
        v::payments::Terminal => ["Terminal"];
        v::payments::TerminalPatch => ["TerminalPatch"];
        v::payments::FinancialAdviceConfirmation => ["FinancialAdviceConfirmation"];
    );
    let Some(result) = result else {
        return Ok(Err(format!(
            "{object} is not converted by this tool (the objects of the functional modules are)"
        )));
    };
    match result {
        Ok(json) => {
            let losses = std::mem::take(&mut *losses.lock().unwrap_or_else(|e| e.into_inner()));
            let deviations =
                std::mem::take(&mut *deviations.lock().unwrap_or_else(|e| e.into_inner()));
            Ok(Ok(Outcome {
                object,
                from,
                json,
                losses,
                deviations,
            }))
        }
        Err(e) => Ok(Err(format!(
            "{object} of OCPI {from} cannot be converted to OCPI {}: {e}",
            options.to
        ))),
    }
}

/// The `country_code` and `party_id` of a 2.2.1 or 2.3.0 object.
fn owner_of(bytes: &[u8]) -> Option<PartyRef> {
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let cc = doc.get("country_code")?.as_str()?.parse().ok()?;
    let pid = doc.get("party_id")?.as_str()?.parse().ok()?;
    Some(PartyRef::new(cc, pid))
}

/// Indents compact JSON text without reading its values (numbers keep every digit).
pub fn pretty(json: &[u8]) -> String {
    let text = String::from_utf8_lossy(json);
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                if chars.get(i + 1) == Some(&close) {
                    out.push(c);
                    out.push(close);
                    i += 2;
                    continue;
                }
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
        i += 1;
    }
    out.push('\n');
    out
}

/// Runs `convert`: the output (the object, then the loss report) and whether it converted.
pub fn run(
    file: &str,
    options: &ConvertOptions,
    json: bool,
) -> Result<(String, String, bool), Failure> {
    let bytes = validate::read_input(file)?;
    match convert(&bytes, options)? {
        Ok(outcome) => {
            let mut report = String::new();
            if json {
                let losses: Vec<Value> = outcome
                    .losses
                    .iter()
                    .map(|(what, l)| serde_json::json!({"object": what, "path": l.path, "reason": l.reason}))
                    .collect();
                let deviations: Vec<Value> = outcome
                    .deviations
                    .iter()
                    .map(|(what, w)| serde_json::json!({"object": what, "path": w.path, "warning": w.to_string()}))
                    .collect();
                let head = serde_json::json!({
                    "object": outcome.object,
                    "from": outcome.from.to_string(),
                    "to": options.to.to_string(),
                    "losses": losses,
                    "deviations": deviations,
                });
                // The value is spliced in as written, so that numbers keep their digits.
                let head = serde_json::to_string(&head).unwrap_or_default();
                let body = String::from_utf8_lossy(&outcome.json);
                let out = format!("{},\"value\":{body}}}", &head[..head.len() - 1]);
                return Ok((pretty(out.as_bytes()), report, true));
            }
            use std::fmt::Write;
            let _ = writeln!(
                report,
                "{} converted from OCPI {} to OCPI {}: {} field{} lost",
                outcome.object,
                outcome.from,
                options.to,
                outcome.losses.len(),
                if outcome.losses.len() == 1 { "" } else { "s" }
            );
            for (what, l) in &outcome.losses {
                let path = if l.path.is_empty() { "." } else { &l.path };
                let _ = writeln!(report, "  lost {what} {path}: {}", l.reason);
            }
            for (what, w) in &outcome.deviations {
                let _ = writeln!(report, "  deviates {what} {w}");
            }
            Ok((pretty(&outcome.json), report, true))
        }
        Err(reason) => Ok((String::new(), format!("refused: {reason}\n"), false)),
    }
}
