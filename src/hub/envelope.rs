//! The check of an answer the Hub passes back: is it an OCPI response envelope?
//!
//! The Hub does not read the objects of an answer (the sender does, with its own checks); it
//! checks that the body is UTF-8 and one JSON object whose `status_code` is a number and whose
//! `timestamp`, when present, is a string, with every other member a well-bracketed value.
//! This is a scan of the bytes, a fraction of the cost of parsing them, so that routing a page
//! costs little more than the page itself.

use crate::codec::reader::string_stops;
use crate::transport::StatusCode;

/// Checks that `body` is an OCPI response envelope; its status code, or why not.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Response format
pub(crate) fn check(body: &[u8]) -> Result<StatusCode, String> {
    std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_owned())?;
    let mut i = ws(body, 0);
    if body.get(i) != Some(&b'{') {
        return Err("the body is not a JSON object".into());
    }
    i = ws(body, i + 1);
    let mut status = None;
    if body.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            if body.get(i) != Some(&b'"') {
                return Err(format!("expected a member name at byte {i}"));
            }
            let start = i + 1;
            let end = string(body, start).ok_or("unterminated member name")?;
            let key = &body[start..end - 1];
            i = ws(body, end);
            if body.get(i) != Some(&b':') {
                return Err(format!("expected `:` at byte {i}"));
            }
            i = ws(body, i + 1);
            let value_end = value(body, i).ok_or_else(|| format!("bad value at byte {i}"))?;
            match key {
                b"status_code" => {
                    let digits = &body[i..value_end];
                    let code = std::str::from_utf8(digits)
                        .ok()
                        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                        .and_then(|d| d.parse::<u16>().ok())
                        .ok_or("status_code is not a status code")?;
                    status = Some(StatusCode::new(code));
                }
                b"timestamp" if body[i] != b'"' => {
                    return Err("timestamp is not a string".into());
                }
                _ => {}
            }
            i = ws(body, value_end);
            match body.get(i) {
                Some(b',') => i = ws(body, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return Err(format!("expected `,` or `}}` at byte {i}")),
            }
        }
    }
    if ws(body, i) != body.len() {
        return Err("something follows the JSON object".into());
    }
    status.ok_or_else(|| "no status_code".into())
}

/// The index of the first byte at or after `i` that is not JSON whitespace.
fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// The index after the closing quote of a string whose content starts at `i`; `None` when it
/// does not end or holds a control character.
fn string(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while let Some(chunk) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().ok()?);
            let stops = string_stops(word);
            if stops != 0 {
                i += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
}

/// Whether a byte may be part of a JSON number, `true`, `false` or `null`.
fn scalar(c: u8) -> bool {
    matches!(c, b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
}

/// The index after the JSON value starting at `i`: strings and brackets are matched; the
/// characters of scalars are checked to be those JSON scalars are made of.
fn value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string(b, i + 1),
        b'{' | b'[' => brackets(b, i),
        c if scalar(c) => {
            let mut j = i;
            while b.get(j).is_some_and(|c| scalar(*c)) {
                j += 1;
            }
            Some(j)
        }
        _ => None,
    }
}

/// The index after the object or array starting at `i`, its brackets matched.
fn brackets(b: &[u8], mut i: usize) -> Option<usize> {
    let mut open: Vec<u8> = Vec::new();
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => {
                i = string(b, i + 1)?;
                continue;
            }
            b'{' => open.push(b'}'),
            b'[' => open.push(b']'),
            b'}' | b']' => {
                if open.pop()? != c {
                    return None;
                }
                if open.is_empty() {
                    return Some(i + 1);
                }
            }
            b',' | b':' | b' ' | b'\n' | b'\r' | b'\t' => {}
            c if scalar(c) => {}
            _ => return None,
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes() {
        let ok = br#" {"data":[{"id":"a\"}],\\","n":[1,2.5e3,-1,true,null]}],"status_code":1000,"status_message":"Success","timestamp":"2024-01-01T00:00:00Z"} "#;
        assert_eq!(check(ok), Ok(StatusCode::SUCCESS));
        assert_eq!(
            check(br#"{"status_code":2001,"timestamp":"x"}"#),
            Ok(StatusCode::INVALID_PARAMETERS)
        );
        for bad in [
            &b"<html>Bad Gateway</html>"[..],
            b"",
            b"{}",
            b"[1000]",
            br#"{"data":"status_code","x":1}"#,
            br#"{"status_code":"1000"}"#,
            br#"{"status_code":1000,"timestamp":5}"#,
            br#"{"status_code":1000"#,
            br#"{"status_code":1000} x"#,
            br#"{"data":[1,2},"status_code":1000}"#,
            br#"{"data":"unterminated,"status_code":1000}"#,
            b"{\"status_code\":1000,\"data\":\"\xff\"}",
            b"{\"status_code\":1000,\"data\":\"a\nb\"}",
            br#"{"status_code":99999}"#,
        ] {
            assert!(check(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
