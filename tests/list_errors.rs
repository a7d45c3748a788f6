//! Per-item errors of a page (`json::parse_list`, `transport::parse_list_response`): positions
//! in the whole document, bounded excerpts and texts, and a bounded number of detailed errors
//! with the total still counted.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Pagination (pages of objects); DESIGN principles
//! 1 (one bad object never loses a page) and 9 (memory bounded by a small multiple of the body).

use ocpi_protocol::json::{self, ITEM_RAW_EXCERPT, ITEM_TEXT_LIMIT, MAX_ITEM_ERRORS};
use ocpi_protocol::transport::parse_list_response;
use ocpi_protocol::types::DisplayText;

const PAGE: &str = r#"[
  {"language": "en", "text": "a"},
  {"language": "en", "text": "b"}, {"language": "english", "text": "c"},
  {
    "language": "nl",
    "text": 12
  }
]"#;

#[test]
fn item_errors_are_located_in_the_whole_document() {
    let list = json::parse_list::<DisplayText>(PAGE.as_bytes()).unwrap();
    assert_eq!(list.items.len(), 2);
    let [on_line_3, on_line_6] = &list.errors[..] else {
        panic!("{:?}", list.errors)
    };
    // Where serde_json puts each fault when it reads the whole page as one document.
    let (line, column) = (3, 57);
    let e = &on_line_3.error;
    assert_eq!((on_line_3.index, e.path.as_str()), (2, "[2].language"));
    assert_eq!((e.line, e.column), (line, column), "{e}");
    let whole = json::parse::<Vec<DisplayText>>(PAGE.as_bytes()).unwrap_err();
    assert_eq!((whole.line, whole.column), (line, column));
    let e = &on_line_6.error;
    assert_eq!((on_line_6.index, e.path.as_str()), (3, "[3].text"));
    assert_eq!((e.line, e.column), (6, 14), "{e}");

    // In an envelope, the positions are in the whole body.
    let body = format!(
        "{{\"status_code\": 1000,\n \"timestamp\": \"2015-06-30T21:59:59Z\",\n \"data\": {PAGE}}}"
    );
    let (_, list) = parse_list_response::<DisplayText>(body.as_bytes()).unwrap();
    let e = &list.errors[0].error;
    assert_eq!((e.path.as_str(), e.line, e.column), ("[2].language", 5, 57));
    let e = &list.errors[1].error;
    assert_eq!((e.path.as_str(), e.line, e.column), ("[3].text", 8, 14));
}

#[test]
fn item_errors_keep_bounded_excerpts_and_texts() {
    // A long invalid element, with a two-byte character across the excerpt's end.
    let text = format!("{}é{}", "x".repeat(ITEM_RAW_EXCERPT - 20), "y".repeat(1000));
    let item = format!(r#"{{"language":"en","text":1,"note":"{text}"}}"#);
    let page = format!("[{item}]");
    let list = json::parse_list::<DisplayText>(page.as_bytes()).unwrap();
    let e = &list.errors[0];
    assert!(e.is_cut());
    assert_eq!(e.raw_len, item.len());
    assert!(e.raw.len() <= ITEM_RAW_EXCERPT && e.raw.len() > ITEM_RAW_EXCERPT - 4);
    assert!(item.starts_with(&e.raw));

    // A short one is kept whole.
    let list = json::parse_list::<DisplayText>(br#"[{"language":"en"}]"#).unwrap();
    assert!(!list.errors[0].is_cut());
    assert_eq!(list.errors[0].raw, r#"{"language":"en"}"#);

    // An error that echoes a long value, under a long path.
    let long = "é".repeat(3000);
    let page = format!(r#"[{{"language":"en","text":"a","{long}":1,"{long}":2}}]"#);
    let list = json::parse_list::<DisplayText>(page.as_bytes()).unwrap();
    let e = &list.errors[0].error;
    assert!(e.message.len() <= ITEM_TEXT_LIMIT, "{}", e.message.len());
    assert!(e.message.ends_with('…'), "{}", e.message);
    assert!(e.path.len() <= ITEM_TEXT_LIMIT && e.path.ends_with('…'));
    let alone = json::parse::<DisplayText>(&page.as_bytes()[1..page.len() - 1]).unwrap_err();
    assert!(alone.message.starts_with(e.message.trim_end_matches('…')));
}

#[test]
fn detailed_item_errors_are_bounded_and_all_counted() {
    let n = MAX_ITEM_ERRORS + 234;
    let mut page = String::from("[");
    for i in 0..n + 10 {
        if i > 0 {
            page.push(',');
        }
        // Every 100th element from the 50th is valid (10 of them among the first 1 000).
        if i % 100 == 50 && i < 1000 {
            page.push_str(r#"{"language":"en","text":"ok"}"#);
        } else {
            page.push_str(r#"{"language":"en"}"#);
        }
    }
    page.push(']');
    let list = json::parse_list::<DisplayText>(page.as_bytes()).unwrap();
    assert_eq!(list.items.len(), 10);
    assert_eq!(list.errors.len(), MAX_ITEM_ERRORS);
    assert_eq!(list.errors_omitted, n - MAX_ITEM_ERRORS);
    assert_eq!(list.error_count(), n);
    assert!(!list.is_complete());
    // The detailed ones are the first, in order.
    let indices: Vec<usize> = list.errors.iter().map(|e| e.index).collect();
    assert_eq!(indices[..3], [0, 1, 2]);
    assert!(indices.windows(2).all(|w| w[0] < w[1]));
    assert!(!indices.contains(&50));
}
