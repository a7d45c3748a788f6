//! What a route answers with ([`Reply`]), written into the response envelope.
//!
//! Spec: 2.2.1 transport_and_format.asciidoc §Response format, §Paginated Response

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue};

use crate::modules::{ListPage, ListQuery, PageItem, Wire};
use crate::transport::{HttpError, PageHeaders, PageRequest, PartyRef, Response, StatusCode};

use super::Call;

/// What a route answers with.
pub(crate) struct Reply {
    /// The HTTP status (200 unless the spec says otherwise).
    pub status: http::StatusCode,
    /// The `data` of the envelope, as JSON.
    pub data: Option<Vec<u8>>,
    /// Headers to add (pagination, `Location`).
    pub headers: HeaderMap,
}

impl Reply {
    /// A success without data.
    pub fn empty() -> Self {
        Reply {
            status: http::StatusCode::OK,
            data: None,
            headers: HeaderMap::new(),
        }
    }

    /// A success carrying one object, written for the request's version.
    pub fn object<W: Wire>(
        call: &Call<'_>,
        value: &W,
        party: Option<PartyRef>,
    ) -> Result<Self, HttpError> {
        let data = value
            .write(&call.edge(party))
            .map_err(HttpError::server_error)?;
        Ok(Reply {
            data: Some(data),
            ..Reply::empty()
        })
    }

    /// Serves a list GET: reads the paging parameters, asks `list` for the page, and writes
    /// it with its pagination headers.
    pub async fn list<W: PageItem, F>(
        call: &Call<'_>,
        list: impl FnOnce(ListQuery) -> F,
    ) -> Result<Self, HttpError>
    where
        F: std::future::Future<Output = crate::modules::ModuleResult<ListPage<W>>>,
    {
        let query = call.list_query()?;
        let page = list(query.clone()).await?;
        Reply::page(call, &query, &page)
    }

    /// A page of a list GET: the objects, written for the request's version, and the
    /// pagination headers. An object that cannot be written in the request's version is left
    /// out and reported to the bridge's hook ([`LeftOut`](crate::modules::LeftOut), which
    /// says how the headers stay consistent).
    ///
    /// Spec: 2.2.1 transport_and_format.asciidoc §Paginated Response
    pub fn page<W: PageItem>(
        call: &Call<'_>,
        query: &ListQuery,
        page: &ListPage<W>,
    ) -> Result<Self, HttpError> {
        let edge = call.edge(None);
        let mut data = Vec::with_capacity(page.items.len() * 512 + 2);
        data.push(b'[');
        for item in &page.items {
            let start = data.len();
            if start > 1 {
                data.push(b',');
            }
            if let Err(e) = item.write_into(&edge, &mut data) {
                data.truncate(start);
                call.bridge.left_out(&crate::modules::LeftOut {
                    what: W::NAME,
                    id: item.item_id(),
                    version: call.ctx.version,
                    reason: e.to_string(),
                });
            }
        }
        data.push(b']');
        let request = PageRequest {
            date_from: query.date_from,
            date_to: query.date_to,
            offset: query.offset,
            limit: Some(query.limit),
        };
        let mut headers = HeaderMap::new();
        PageHeaders::for_page(&request, page.total, call.max_limit, &call.url).apply(&mut headers);
        Ok(Reply {
            status: http::StatusCode::OK,
            data: Some(data),
            headers,
        })
    }

    pub(super) fn into_response(self) -> http::Response<Vec<u8>> {
        let envelope = Response::<()>::status(StatusCode::SUCCESS, "Success");
        let body = match &self.data {
            Some(data) => envelope.to_vec_with_data(data),
            None => crate::json::to_vec(&envelope),
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    }
}
