//! Pagination of list GETs: the request parameters and response headers on the server side,
//! the header parsing and a pager on the client side.

use http::header::LINK;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::types::DateTime;

/// `X-Total-Count`.
pub const X_TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");
/// `X-Limit`.
pub const X_LIMIT: HeaderName = HeaderName::from_static("x-limit");

/// Why pagination parameters or headers were refused. On the server side the answer is OCPI
/// status 2001 (invalid or missing parameters).
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Request
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    /// A query parameter has a bad value.
    #[error("query parameter `{name}` is invalid: {reason}")]
    Parameter {
        /// The parameter.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// A query parameter appears more than once.
    #[error("query parameter `{0}` appears more than once")]
    Repeated(&'static str),
    /// `date_from` is not before `date_to`.
    #[error("date_from must be before date_to")]
    EmptyWindow,
    /// A response header is malformed.
    #[error("response header {name} is malformed: {reason}")]
    Header {
        /// The header.
        name: &'static str,
        /// Why.
        reason: String,
    },
}

/// The parameters of a paginated GET request.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Request
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageRequest {
    /// Only objects with `last_updated` at or after this time (inclusive).
    pub date_from: Option<DateTime>,
    /// Only objects with `last_updated` before this time (exclusive).
    pub date_to: Option<DateTime>,
    /// The offset of the first object returned (default 0).
    pub offset: u64,
    /// The number of objects to return: the client's `limit`, clamped to the server's
    /// maximum (`None` when the client sent none: use the server's maximum).
    pub limit: Option<u64>,
}

impl PageRequest {
    /// Reads the parameters from a request's query string (`None`: no query). Parameters
    /// other than the four of the spec are ignored here (and kept by [`next_link`]).
    ///
    /// `limit=0`, negative numbers, non-numbers, a repeated parameter, a malformed date and
    /// `date_from >= date_to` are errors. A `limit` above `max_limit` (however large) is
    /// clamped to it, as the spec lets the server decide.
    pub fn from_query(query: Option<&str>, max_limit: u64) -> Result<Self, PaginationError> {
        let mut out = PageRequest::default();
        let mut seen = [false; 4];
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let (index, name) = match &*key {
                "date_from" => (0, "date_from"),
                "date_to" => (1, "date_to"),
                "offset" => (2, "offset"),
                "limit" => (3, "limit"),
                _ => continue,
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(PaginationError::Repeated(name));
            }
            let bad = |reason: String| PaginationError::Parameter { name, reason };
            match index {
                0 | 1 => {
                    let d = DateTime::parse(&value).map_err(|e| bad(e.to_string()))?;
                    if index == 0 {
                        out.date_from = Some(d);
                    } else {
                        out.date_to = Some(d);
                    }
                }
                _ => {
                    let n = parse_count(&value).map_err(bad)?;
                    if index == 2 {
                        out.offset = n;
                    } else if n == 0 {
                        return Err(bad("must be at least 1".into()));
                    } else {
                        out.limit = Some(n.min(max_limit.max(1)));
                    }
                }
            }
        }
        if let (Some(from), Some(to)) = (&out.date_from, &out.date_to) {
            if from >= to {
                return Err(PaginationError::EmptyWindow);
            }
        }
        Ok(out)
    }

    /// The number of objects to return for a server whose maximum is `max_limit`.
    pub fn effective_limit(&self, max_limit: u64) -> u64 {
        self.limit.unwrap_or(max_limit).min(max_limit).max(1)
    }
}

/// Reads a non-negative integer; digits beyond `u64` saturate (a huge `limit` is clamped).
fn parse_count(value: &str) -> Result<u64, String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{value:?} is not a non-negative integer"));
    }
    Ok(value.parse::<u64>().unwrap_or(u64::MAX))
}

/// The pagination headers of a response to a list GET.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHeaders {
    /// `X-Total-Count`: objects matching the query (ignoring offset and limit).
    pub total_count: u64,
    /// `X-Limit`: the most objects the server returns in one page.
    pub limit: u64,
    /// `Link: <…>; rel="next"`: the next page, absent on the last page.
    pub next: Option<String>,
}

impl PageHeaders {
    /// The headers for the page a request asked for, given the total count and the URL the
    /// request was made to (absolute, with its query).
    pub fn for_page(
        request: &PageRequest,
        total_count: u64,
        max_limit: u64,
        request_url: &url::Url,
    ) -> Self {
        let limit = request.effective_limit(max_limit);
        let end = request.offset.saturating_add(limit);
        PageHeaders {
            total_count,
            limit,
            next: (end < total_count).then(|| next_link(request_url, end, limit)),
        }
    }

    /// Writes the headers.
    pub fn apply(&self, headers: &mut HeaderMap) {
        headers.insert(X_TOTAL_COUNT, HeaderValue::from(self.total_count));
        headers.insert(X_LIMIT, HeaderValue::from(self.limit));
        headers.remove(LINK);
        if let Some(next) = &self.next {
            if let Ok(v) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
                headers.insert(LINK, v);
            }
        }
    }
}

/// The URL of the next page: the request URL with `offset` and `limit` replaced, every other
/// query parameter (filters such as `date_from`) kept in its place.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response ("The Link should also
/// contain any filters present in the original request")
pub fn next_link(request_url: &url::Url, offset: u64, limit: u64) -> String {
    let mut url = request_url.clone();
    let kept: Vec<(String, String)> = request_url
        .query_pairs()
        .filter(|(k, _)| k != "offset" && k != "limit")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    {
        let mut q = url.query_pairs_mut();
        q.clear();
        q.append_pair("offset", &offset.to_string());
        q.append_pair("limit", &limit.to_string());
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
    }
    url.into()
}

/// What a client reads from the pagination headers of a response.
///
/// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageInfo {
    /// The next page's URL, opaque (a server may use cursors): follow it as is.
    pub next: Option<String>,
    /// `X-Total-Count`.
    pub total_count: Option<u64>,
    /// `X-Limit`.
    pub limit: Option<u64>,
}

impl PageInfo {
    /// Reads `Link` (every value and every link in it; only `rel="next"` counts, `rel` may
    /// list several relation types, quoted or not), `X-Total-Count` and `X-Limit`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, PaginationError> {
        let number =
            |name: &HeaderName, label: &'static str| -> Result<Option<u64>, PaginationError> {
                let mut values = headers.get_all(name).iter();
                let Some(v) = values.next() else {
                    return Ok(None);
                };
                let bad = |reason: &str| PaginationError::Header {
                    name: label,
                    reason: reason.to_owned(),
                };
                if values.next().is_some() {
                    return Err(bad("appears more than once"));
                }
                let text = v.to_str().map_err(|_| bad("not ASCII"))?.trim();
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("not a non-negative integer"));
                }
                text.parse().map(Some).map_err(|_| bad("too large"))
            };
        let mut next = None;
        for value in headers.get_all(LINK) {
            let text = value.to_str().map_err(|_| PaginationError::Header {
                name: "Link",
                reason: "not ASCII".into(),
            })?;
            for link in parse_link_header(text)? {
                if link.rels.iter().any(|r| r.eq_ignore_ascii_case("next")) {
                    if next.is_some() {
                        return Err(PaginationError::Header {
                            name: "Link",
                            reason: "more than one rel=\"next\" link".into(),
                        });
                    }
                    next = Some(link.target);
                }
            }
        }
        Ok(PageInfo {
            next,
            total_count: number(&X_TOTAL_COUNT, "X-Total-Count")?,
            limit: number(&X_LIMIT, "X-Limit")?,
        })
    }
}

/// One link of a `Link` header (RFC 8288).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    target: String,
    rels: Vec<String>,
}

/// Parses a `Link` header value: `<uri>; param=value; …, <uri>; …`.
fn parse_link_header(text: &str) -> Result<Vec<Link>, PaginationError> {
    let bad = |reason: &str| PaginationError::Header {
        name: "Link",
        reason: reason.to_owned(),
    };
    let mut links = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let after = rest
            .strip_prefix('<')
            .ok_or_else(|| bad("a link must start with '<'"))?;
        let end = after.find('>').ok_or_else(|| bad("unterminated '<'"))?;
        let target = after[..end].trim().to_owned();
        if target.is_empty() {
            return Err(bad("empty link target"));
        }
        rest = after[end + 1..].trim_start();
        let mut rels = Vec::new();
        // Parameters until the next ',' that is outside a quoted string.
        while let Some(r) = rest.strip_prefix(';') {
            let r = r.trim_start();
            let name_end = r.find(['=', ';', ',']).unwrap_or(r.len());
            let name = r[..name_end].trim().to_ascii_lowercase();
            if name.is_empty() {
                return Err(bad("empty parameter name"));
            }
            let mut r = &r[name_end..];
            let mut value = String::new();
            if let Some(v) = r.strip_prefix('=') {
                let v = v.trim_start();
                if let Some(q) = v.strip_prefix('"') {
                    let close = q
                        .find('"')
                        .ok_or_else(|| bad("unterminated quoted string"))?;
                    value = q[..close].to_owned();
                    r = &q[close + 1..];
                } else {
                    let end = v.find([';', ',']).unwrap_or(v.len());
                    value = v[..end].trim().to_owned();
                    r = &v[end..];
                }
            }
            if name == "rel" {
                rels.extend(value.split_ascii_whitespace().map(str::to_owned));
            }
            rest = r.trim_start();
        }
        links.push(Link { target, rels });
        match rest.strip_prefix(',') {
            Some(r) => rest = r.trim_start(),
            None if rest.is_empty() => {}
            None => return Err(bad("expected ',' or ';' after a link")),
        }
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn request_parameters() {
        let r = PageRequest::from_query(
            Some("date_from=2016-01-01T00:00:00Z&date_to=2016-12-31T23%3A59%3A59Z&offset=100&limit=50"),
            1000,
        )
        .unwrap();
        assert_eq!(r.offset, 100);
        assert_eq!(r.limit, Some(50));
        assert_eq!(r.date_to.unwrap().to_string(), "2016-12-31T23:59:59Z");
        let r = PageRequest::from_query(None, 100).unwrap();
        assert_eq!(r, PageRequest::default());
        assert_eq!(r.effective_limit(100), 100);
        assert_eq!(
            PageRequest::from_query(Some("limit=2000"), 100)
                .unwrap()
                .limit,
            Some(100)
        );
        assert_eq!(
            PageRequest::from_query(Some("limit=99999999999999999999999999"), 100)
                .unwrap()
                .limit,
            Some(100)
        );
        assert_eq!(
            PageRequest::from_query(Some("other=1&offset=0"), 100)
                .unwrap()
                .offset,
            0
        );
    }

    #[test]
    fn bad_request_parameters() {
        for q in [
            "limit=0",
            "limit=-1",
            "limit=ten",
            "limit=",
            "offset=-5",
            "offset=1.5",
            "date_from=2016-01-01",
            "date_to=2016-01-01T00:00:00+02:00",
            "limit=1&limit=2",
        ] {
            assert!(PageRequest::from_query(Some(q), 100).is_err(), "{q}");
        }
        assert_eq!(
            PageRequest::from_query(
                Some("date_from=2017-01-01T00:00:00Z&date_to=2016-01-01T00:00:00Z"),
                100
            ),
            Err(PaginationError::EmptyWindow)
        );
        // '+' in a query means a space: an offset written unencoded is refused.
        assert!(PageRequest::from_query(Some("date_from=2016-01-01T00:00:00+02:00"), 100).is_err());
    }

    #[test]
    fn response_headers_keep_filters() {
        let req_url = url("https://www.server.com/ocpi/cpo/2.2/cdrs/?date_from=2016-01-01T00:00:00Z&date_to=2016-12-31T23:59:59Z");
        let req = PageRequest::from_query(req_url.query(), 100).unwrap();
        let h = PageHeaders::for_page(&req, 1000, 100, &req_url);
        assert_eq!(h.limit, 100);
        assert_eq!(
            h.next.as_deref(),
            Some("https://www.server.com/ocpi/cpo/2.2/cdrs/?offset=100&limit=100&date_from=2016-01-01T00%3A00%3A00Z&date_to=2016-12-31T23%3A59%3A59Z")
        );
        let mut headers = HeaderMap::new();
        h.apply(&mut headers);
        assert_eq!(headers["x-total-count"], "1000");
        assert_eq!(headers["x-limit"], "100");
        let info = PageInfo::from_headers(&headers).unwrap();
        assert_eq!(info.next, h.next);
        // The server limits a client's limit=2000 to 100 (the spec's example).
        let req_url = url("https://www.server.com/ocpi/cpo/2.2/cdrs/?limit=2000");
        let req = PageRequest::from_query(req_url.query(), 100).unwrap();
        let h = PageHeaders::for_page(&req, 1000, 100, &req_url);
        assert_eq!(
            h.next.as_deref(),
            Some("https://www.server.com/ocpi/cpo/2.2/cdrs/?offset=100&limit=100")
        );
        // The last page has no next link.
        let req_url = url("https://www.server.com/ocpi/cpo/2.2/cdrs/?offset=950&limit=50");
        let req = PageRequest::from_query(req_url.query(), 100).unwrap();
        let h = PageHeaders::for_page(&req, 1000, 100, &req_url);
        assert_eq!(h.next, None);
        let mut headers = HeaderMap::new();
        h.apply(&mut headers);
        assert!(headers.get(LINK).is_none());
        // Past the end: an empty page, no next link.
        let req = PageRequest::from_query(Some("offset=5000"), 100).unwrap();
        assert_eq!(PageHeaders::for_page(&req, 1000, 100, &req_url).next, None);
    }

    #[test]
    fn count_headers_say_what_is_wrong() {
        let reason = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-limit", HeaderValue::from_str(value).unwrap());
            match PageInfo::from_headers(&h) {
                Err(PaginationError::Header { name, reason }) => format!("{name}: {reason}"),
                other => format!("{other:?}"),
            }
        };
        for bad in ["", " ", "12a", "-1", "+5", "1.0"] {
            assert_eq!(
                reason(bad),
                "X-Limit: not a non-negative integer",
                "{bad:?}"
            );
        }
        assert_eq!(reason("99999999999999999999"), "X-Limit: too large");
        let mut h = HeaderMap::new();
        h.insert("x-limit", HeaderValue::from_static(" 50 "));
        assert_eq!(PageInfo::from_headers(&h).unwrap().limit, Some(50));
    }

    fn link(values: &[&str]) -> Result<PageInfo, PaginationError> {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(LINK, HeaderValue::from_str(v).unwrap());
        }
        PageInfo::from_headers(&h)
    }

    #[test]
    fn link_headers() {
        let next = |v: &[&str]| link(v).unwrap().next;
        assert_eq!(
            next(&[
                r#"<https://www.server.com/ocpi/cpo/2.2/cdrs/?offset=150&limit=50>; rel="next""#
            ])
            .as_deref(),
            Some("https://www.server.com/ocpi/cpo/2.2/cdrs/?offset=150&limit=50")
        );
        assert_eq!(
            next(&["<https://a.example/p?c=xyz>; rel=next"]).as_deref(),
            Some("https://a.example/p?c=xyz")
        );
        assert_eq!(
            next(&[r#"<https://a.example/1>; rel="prev", <https://a.example/3>; rel="next""#])
                .as_deref(),
            Some("https://a.example/3")
        );
        assert_eq!(
            next(&[r#"<https://a.example/3>; rel="next last""#]).as_deref(),
            Some("https://a.example/3")
        );
        assert_eq!(
            next(&[r#"<https://a.example/3>; title="a, b; c"; REL="Next""#]).as_deref(),
            Some("https://a.example/3")
        );
        assert_eq!(
            next(&[
                r#"<https://a.example/1>; rel="prev""#,
                r#"<https://a.example/3>; rel="next""#
            ])
            .as_deref(),
            Some("https://a.example/3")
        );
        assert_eq!(next(&[r#"<https://a.example/1>; rel="prev""#]), None);
        assert_eq!(next(&[]), None);
        for bad in [
            "https://a.example/3; rel=next",
            "<https://a.example/3; rel=next",
            r#"<https://a.example/3>; rel="next"#,
            "<>; rel=next",
            "<https://a.example/3> rel=next",
            r#"<https://a.example/3>; rel="next" <https://a.example/4>; rel="prev""#,
            r#"<https://a.example/3>; rel="next", <https://a.example/4>; rel="next""#,
        ] {
            assert!(link(&[bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn count_headers() {
        let mut h = HeaderMap::new();
        h.insert(X_TOTAL_COUNT, HeaderValue::from_static("1000"));
        h.insert(X_LIMIT, HeaderValue::from_static("50"));
        let info = PageInfo::from_headers(&h).unwrap();
        assert_eq!((info.total_count, info.limit), (Some(1000), Some(50)));
        for bad in ["abc", "-1", "", "1.5", "99999999999999999999999"] {
            let mut h = HeaderMap::new();
            h.insert(X_TOTAL_COUNT, HeaderValue::from_str(bad).unwrap());
            assert!(PageInfo::from_headers(&h).is_err(), "{bad}");
        }
    }
}
