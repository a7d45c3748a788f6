//! Writes the JSON Schema of every OCPI object to files, one per object, to hand to partners.
//!
//! ```text
//! cargo run --example schema -- --version 2.2.1 --out schemas/
//! cargo run --example schema -- --version all --out schemas/
//! ```
//!
//! Files are written as `<out>/<version>/<Object>.schema.json`.

use std::path::PathBuf;

const VERSIONS: [&str; 3] = ["2.1.1", "2.2.1", "2.3.0"];

fn usage() -> ! {
    eprintln!("usage: schema --version <2.1.1|2.2.1|2.3.0|all> --out <folder>");
    std::process::exit(2)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut version = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--version" => version = args.next(),
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    let (Some(version), Some(out)) = (version, out) else {
        usage()
    };
    let versions: Vec<&str> = match version.as_str() {
        "all" => VERSIONS.to_vec(),
        v if VERSIONS.contains(&v) => vec![v],
        _ => usage(),
    };
    for v in versions {
        let dir = out.join(v);
        std::fs::create_dir_all(&dir)?;
        let schemas = ocpi_protocol::schema::objects(v).ok_or("unknown version")?;
        for s in &schemas {
            let path = dir.join(format!("{}.schema.json", s.name));
            std::fs::write(&path, serde_json::to_string_pretty(&s.schema)? + "\n")?;
        }
        println!(
            "{v}: {} schemas written to {}",
            schemas.len(),
            dir.display()
        );
    }
    Ok(())
}
