//! Pagination end to end: a server that builds pages with `PageRequest`/`PageHeaders` and a
//! client that crawls them with the `Pager` over an in-memory transport.

mod common;

use std::cell::Cell;

use http::{HeaderValue, Request, Response};
use ocpi_protocol::transport::{
    PageHeaders, PageRequest, Pager, PagerError, PagerLimits, Response as Envelope, StatusCode,
    MAX_EMPTY_PAGES_IN_A_ROW,
};
use ocpi_protocol::types::DateTime;
use ocpi_protocol::v2_2_1::tokens::Token;

#[derive(Debug, thiserror::Error)]
#[error("in-memory transport error")]
struct Never;

const MAX_LIMIT: u64 = 4;

fn tokens(n: usize) -> Vec<String> {
    let base = common::fixture("2.2.1", "token_example_1_app_user.json");
    assert!(base.contains("\"uid\": \"bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1\""));
    (0..n)
        .map(|i| {
            base.replacen(
                "\"uid\": \"bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1\"",
                &format!("\"uid\": \"uid-{i}\""),
                1,
            )
        })
        .collect()
}

/// A Tokens Sender: serves `objects` page by page as the spec says.
fn serve(objects: &[String], request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let url = url::Url::parse(&request.uri().to_string()).unwrap();
    let page = match PageRequest::from_query(url.query(), MAX_LIMIT) {
        Ok(p) => p,
        Err(e) => {
            let env = Envelope::error(StatusCode::INVALID_PARAMETERS, e.to_string());
            return Response::new(env.to_vec());
        }
    };
    let start = (page.offset as usize).min(objects.len());
    let end = (start + page.effective_limit(MAX_LIMIT) as usize).min(objects.len());
    let data = format!("[{}]", objects[start..end].join(","));
    let body = format!(
        r#"{{"data":{data},"status_code":1000,"timestamp":"{}"}}"#,
        DateTime::now()
    );
    let mut response = Response::new(body.into_bytes());
    PageHeaders::for_page(&page, objects.len() as u64, MAX_LIMIT, &url)
        .apply(response.headers_mut());
    response
}

fn get(uri: &http::Uri) -> Request<Vec<u8>> {
    Request::get(uri.clone()).body(Vec::new()).unwrap()
}

#[test]
fn crawls_every_page_and_keeps_filters() {
    let objects = tokens(10);
    let requested = std::cell::RefCell::new(Vec::new());
    let transport = |req: Request<Vec<u8>>| {
        requested.borrow_mut().push(req.uri().to_string());
        let resp = serve(&objects, &req);
        async move { Ok::<_, Never>(resp) }
    };
    let first = "https://cpo.example/ocpi/2.2.1/tokens?date_from=2015-01-01T00:00:00Z";
    let all =
        common::block_on(Pager::<Token, _, _>::new(&transport, first, get).collect()).unwrap();
    assert_eq!(all.items.len(), 10);
    assert!(all.errors.is_empty());
    let uids: Vec<_> = all.items.iter().map(|t| t.uid.to_string()).collect();
    assert_eq!(
        uids,
        (0..10).map(|i| format!("uid-{i}")).collect::<Vec<_>>()
    );
    let requested = requested.borrow();
    assert_eq!(requested.len(), 3);
    assert!(
        requested[1].contains("offset=4&limit=4&date_from=2015-01-01T00%3A00%3A00Z"),
        "{}",
        requested[1]
    );
    assert!(
        requested[2].contains("offset=8&limit=4"),
        "{}",
        requested[2]
    );
}

#[test]
fn bad_objects_do_not_lose_the_page() {
    let mut objects = tokens(6);
    objects[5] = objects[5].replacen("\"type\": \"APP_USER\"", "\"type\": \"app_user\"", 1);
    let transport = |req: Request<Vec<u8>>| {
        let resp = serve(&objects, &req);
        async move { Ok::<_, Never>(resp) }
    };
    let all = common::block_on(
        Pager::<Token, _, _>::new(&transport, "https://cpo.example/t", get).collect(),
    )
    .unwrap();
    assert_eq!(all.items.len(), 5);
    assert_eq!(all.errors.len(), 1);
    assert_eq!(all.errors[0].index, 1);
    assert_eq!(all.errors[0].error.path, "[1].type");
}

fn canned(
    next: Option<&str>,
    items: usize,
    limit: Option<&str>,
    total: Option<&str>,
) -> Response<Vec<u8>> {
    let data = format!("[{}]", tokens(items).join(","));
    let body =
        format!(r#"{{"data":{data},"status_code":1000,"timestamp":"2020-01-01T00:00:00Z"}}"#);
    let mut r = Response::new(body.into_bytes());
    if let Some(n) = next {
        r.headers_mut().insert(
            "link",
            HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).unwrap(),
        );
    }
    if let Some(l) = limit {
        r.headers_mut()
            .insert("x-limit", HeaderValue::from_str(l).unwrap());
    }
    if let Some(t) = total {
        r.headers_mut()
            .insert("x-total-count", HeaderValue::from_str(t).unwrap());
    }
    r
}

fn crawl(
    respond: impl Fn(&str) -> Response<Vec<u8>>,
    limits: PagerLimits,
) -> (Result<usize, PagerError<Never>>, usize) {
    let calls = Cell::new(0);
    let transport = |req: Request<Vec<u8>>| {
        calls.set(calls.get() + 1);
        let resp = respond(&req.uri().to_string());
        async move { Ok::<_, Never>(resp) }
    };
    let result = common::block_on(
        Pager::<Token, _, _>::new(&transport, "https://cpo.example/p1", get)
            .with_limits(limits)
            .collect(),
    )
    .map(|l| l.items.len());
    (result, calls.get())
}

#[test]
fn stops_without_next_link() {
    let (r, calls) = crawl(
        |_| canned(None, 2, Some("4"), Some("2")),
        PagerLimits::default(),
    );
    assert_eq!(r.unwrap(), 2);
    assert_eq!(calls, 1);
}

#[test]
fn stops_on_a_loop() {
    let (r, calls) = crawl(
        |url| match url {
            "https://cpo.example/p1" => canned(Some("https://cpo.example/p2"), 1, None, None),
            _ => canned(Some("https://cpo.example/p1"), 1, None, None),
        },
        PagerLimits::default(),
    );
    assert!(
        matches!(r, Err(PagerError::Loop(ref u)) if u == "https://cpo.example/p1"),
        "{r:?}"
    );
    assert_eq!(calls, 2);
}

#[test]
fn stops_on_caps() {
    let endless = |url: &str| {
        let n: u32 = url.rsplit('p').next().unwrap().parse().unwrap();
        canned(
            Some(&format!("https://cpo.example/p{}", n + 1)),
            1,
            None,
            None,
        )
    };
    let (r, calls) = crawl(
        endless,
        PagerLimits {
            max_pages: 5,
            max_total_bytes: usize::MAX,
        },
    );
    assert!(matches!(r, Err(PagerError::PageLimit(5))), "{r:?}");
    assert_eq!(calls, 5);
    let (r, _) = crawl(
        endless,
        PagerLimits {
            max_pages: 1000,
            max_total_bytes: 2000,
        },
    );
    assert!(
        matches!(r, Err(PagerError::ByteLimit(n)) if n > 2000),
        "{r:?}"
    );
}

/// The byte cap counts every byte received: a crawl of exactly the cap passes, one byte over
/// is refused.
#[test]
fn the_byte_cap_is_inclusive() {
    let page = || canned(None, 1, None, None);
    let size = page().body().len();
    let limits = |max_total_bytes| PagerLimits {
        max_pages: 10,
        max_total_bytes,
    };
    assert_eq!(crawl(|_| page(), limits(size)).0.unwrap(), 1);
    let (r, _) = crawl(|_| page(), limits(size - 1));
    assert!(
        matches!(r, Err(PagerError::ByteLimit(n)) if n == size),
        "{r:?}"
    );
}

/// The elements that could not be read count against `X-Limit` too.
#[test]
fn invalid_elements_count_against_the_limit() {
    let respond = |_: &str| {
        let data = format!(r#"[{},{{"uid":7}}]"#, tokens(1)[0]);
        let body =
            format!(r#"{{"data":{data},"status_code":1000,"timestamp":"2020-01-01T00:00:00Z"}}"#);
        let mut r = Response::new(body.into_bytes());
        r.headers_mut()
            .insert("x-limit", HeaderValue::from_static("1"));
        r
    };
    let (r, _) = crawl(respond, PagerLimits::default());
    assert!(
        matches!(&r, Err(PagerError::Inconsistent(m)) if m == "2 objects in a page with X-Limit 1"),
        "{r:?}"
    );
}

#[test]
fn stops_on_inconsistent_or_malformed_headers() {
    let (r, _) = crawl(|_| canned(None, 3, Some("2"), None), PagerLimits::default());
    assert!(matches!(r, Err(PagerError::Inconsistent(_))), "{r:?}");
    // Empty pages with next links: followed a while (a server may leave objects out of a
    // page), then refused.
    let (r, calls) = crawl(
        |url| {
            let n: usize = url
                .trim_start_matches("https://cpo.example/p")
                .parse()
                .unwrap();
            canned(
                Some(&format!("https://cpo.example/p{}", n + 1)),
                0,
                None,
                None,
            )
        },
        PagerLimits::default(),
    );
    assert!(matches!(r, Err(PagerError::Inconsistent(_))), "{r:?}");
    assert_eq!(calls, MAX_EMPTY_PAGES_IN_A_ROW + 1);
    // One empty page between full ones is followed.
    let (r, calls) = crawl(
        |url| match url {
            "https://cpo.example/p1" => canned(Some("https://cpo.example/p2"), 1, None, None),
            "https://cpo.example/p2" => canned(Some("https://cpo.example/p3"), 0, None, None),
            _ => canned(None, 1, None, None),
        },
        PagerLimits::default(),
    );
    assert_eq!((r.unwrap(), calls), (2, 3));
    let (r, _) = crawl(
        |_| canned(None, 1, None, Some("many")),
        PagerLimits::default(),
    );
    assert!(matches!(r, Err(PagerError::Headers(_))), "{r:?}");
    let (r, _) = crawl(
        |_| {
            let mut resp = canned(None, 1, None, None);
            resp.headers_mut()
                .insert("link", HeaderValue::from_static("https://x; rel=next"));
            resp
        },
        PagerLimits::default(),
    );
    assert!(matches!(r, Err(PagerError::Headers(_))), "{r:?}");
}

#[test]
fn surfaces_http_and_ocpi_errors() {
    let (r, _) = crawl(
        |_| {
            let mut resp = Response::new(b"nope".to_vec());
            *resp.status_mut() = http::StatusCode::UNAUTHORIZED;
            resp
        },
        PagerLimits::default(),
    );
    assert!(
        matches!(r, Err(PagerError::Http { status, .. }) if status == 401),
        "{r:?}"
    );
    let (r, _) = crawl(
        |_| Response::new(Envelope::error(StatusCode::INVALID_PARAMETERS, "bad limit").to_vec()),
        PagerLimits::default(),
    );
    match r {
        Err(PagerError::Ocpi { envelope, .. }) => {
            assert_eq!(envelope.status_code, StatusCode::INVALID_PARAMETERS)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn server_answers_bad_parameters_with_2001() {
    let objects = tokens(1);
    for q in [
        "limit=0",
        "limit=-1",
        "limit=abc",
        "offset=-1",
        "date_from=yesterday",
    ] {
        let resp = serve(
            &objects,
            &get(&format!("https://cpo.example/t?{q}").parse().unwrap()),
        );
        let env = ocpi_protocol::transport::parse_response::<Vec<Token>>(resp.body())
            .unwrap()
            .value;
        assert_eq!(env.status_code, StatusCode::INVALID_PARAMETERS, "{q}");
    }
}
