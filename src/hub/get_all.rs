//! GET All via the Hub: one paginated list across the connected parties.

use std::time::Instant;

use http::header::{CONTENT_TYPE, LINK};
use http::HeaderValue;
use serde_json::value::RawValue;

use super::{Directory, Hub, RouteError, Sender, Target};
use crate::credentials::CredentialsStore;
use crate::modules::{endpoint_url, typical, Edge, Interface};
use crate::transport::{
    next_link, parse_response, HttpError, PageInfo, PageRequest, Response, Routing, StatusCode,
    Transport, X_LIMIT, X_TOTAL_COUNT,
};

impl<S, T, D> Hub<S, T, D>
where
    S: CredentialsStore,
    T: Transport,
    D: Directory,
{
    /// Answers a GET All via the Hub: the lists of the `CONNECTED` parties whose role
    /// typically implements the Sender interface called, one after the other in directory
    /// order, as one list paginated by the Hub. `X-Total-Count` is the sum of the parties'
    /// counts; the next link points at the Hub with the next offset over the whole list, so a
    /// crawl resumes across parties. The date filters are passed to every party. The whole
    /// page must be gathered within [`HubOptions::get_all_deadline`](super::HubOptions),
    /// else 4002.
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §GET All via Hubs ("The Hub can then combine
    /// objects from different connected parties and return them to the client"), §Paginated
    /// Response
    pub(super) async fn get_all(
        &self,
        request: http::Request<Vec<u8>>,
        target: &Target,
        sender: &Sender,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        if !super::is_shared(target.module) {
            return Err(RouteError::NotShared(target.module).into());
        }
        let started = Instant::now();
        let convertible =
            super::convert::plan(target.module, target.iface, &http::Method::GET, "").is_some();
        let max_limit = self.server.config().max_limit;
        let query = request.uri().query();
        let page = PageRequest::from_query(query, max_limit)?;
        let limit = page.effective_limit(max_limit);
        let filters: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .filter(|(k, _)| k != "offset" && k != "limit")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let sources = self
            .others(sender, |source| {
                typical(Some(&source.role), target.module)
                    .interfaces()
                    .contains(&Interface::Sender)
            })
            .await?;
        let mut items: Vec<Box<RawValue>> = Vec::new();
        let mut skip = page.offset;
        let mut total: u64 = 0;
        for source in sources {
            let Ok((peer, endpoint)) = self.destination(&source.party, target, convertible).await
            else {
                continue;
            };
            let plan = super::convert::plan(target.module, target.iface, &http::Method::GET, "")
                .filter(|_| peer.version != target.version);
            let bridge = &self.server.config().bridge;
            let theirs = Edge {
                version: peer.version,
                party: Some(source.party),
                bridge,
            };
            let ours = Edge {
                version: target.version,
                ..theirs
            };
            let mut offset = skip;
            let mut count = None;
            loop {
                if started.elapsed() > self.options.get_all_deadline {
                    return Err(RouteError::Timeout(source.party).into());
                }
                let wanted = (limit - items.len() as u64).max(1);
                let mut url = url::Url::parse(&endpoint).map_err(|e| {
                    HttpError::ocpi(StatusCode::SERVER_ERROR, format!("{endpoint}: {e}"))
                })?;
                {
                    let mut q = url.query_pairs_mut();
                    q.append_pair("offset", &offset.to_string());
                    q.append_pair("limit", &wanted.to_string());
                    for (k, v) in &filters {
                        q.append_pair(k, v);
                    }
                }
                let routing = Routing {
                    to: Some(source.party),
                    from: Some(self.party),
                };
                let forwarded = self.forwarded(
                    request.headers(),
                    &http::Method::GET,
                    Vec::new(),
                    url.as_str(),
                    &peer,
                    routing,
                )?;
                let answer = self.send(forwarded, &source.party).await?;
                let envelope = parse_response::<Vec<Box<RawValue>>>(answer.body())
                    .map_err(|e| RouteError::NotOcpi {
                        party: source.party,
                        reason: e.to_string(),
                    })?
                    .value;
                if !envelope.is_success() {
                    // A party that refuses is left out of the list.
                    break;
                }
                let info = PageInfo::from_headers(answer.headers()).unwrap_or_default();
                let got = envelope.data.unwrap_or_default();
                let n = got.len() as u64;
                let source_total = info.total_count.unwrap_or(offset.saturating_add(n));
                count = Some(source_total);
                if items.len() as u64 >= limit {
                    break;
                }
                let room = (limit - items.len() as u64) as usize;
                for item in got.into_iter().take(room) {
                    let item = match plan.and_then(|p| p.response) {
                        Some(kind) => {
                            let bytes =
                                super::convert::object(kind, item.get().as_bytes(), &theirs, &ours)
                                    .map_err(|e| RouteError::Conversion {
                                        party: source.party,
                                        reason: e.reason(),
                                    })?;
                            let text = String::from_utf8(bytes).map_err(HttpError::server_error)?;
                            RawValue::from_string(text).map_err(HttpError::server_error)?
                        }
                        None => item,
                    };
                    items.push(item);
                }
                offset = offset.saturating_add(n);
                if n == 0 || offset >= source_total || items.len() as u64 >= limit {
                    break;
                }
            }
            let source_total = count.unwrap_or(0);
            total = total.saturating_add(source_total);
            skip = skip.saturating_sub(source_total);
        }
        let mut data =
            Vec::with_capacity(items.iter().map(|i| i.get().len() + 1).sum::<usize>() + 2);
        data.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                data.push(b',');
            }
            data.extend_from_slice(item.get().as_bytes());
        }
        data.push(b']');
        let envelope = Response::<()>::status(StatusCode::SUCCESS, "Success");
        let mut response = http::Response::new(envelope.to_vec_with_data(&data));
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(X_TOTAL_COUNT, HeaderValue::from(total));
        headers.insert(X_LIMIT, HeaderValue::from(limit));
        let end = page.offset.saturating_add(limit);
        if end < total {
            let base = endpoint_url(&self.base_url, target.version, target.module, target.iface);
            let here = match query {
                Some(q) => format!("{base}?{q}"),
                None => base,
            };
            if let Ok(url) = url::Url::parse(&here) {
                let link = next_link(&url, end, limit);
                if let Ok(v) = HeaderValue::from_str(&format!("<{link}>; rel=\"next\"")) {
                    headers.insert(LINK, v);
                }
            }
        }
        Routing {
            to: Some(sender.from),
            from: Some(self.party),
        }
        .apply(headers);
        Ok(response)
    }
}
