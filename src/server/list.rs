//! The route shared by the Sender interfaces whose only endpoint is the list.

use super::{Call, Reply};
use crate::modules::{BoxFuture, Context, ListPage, ListQuery, ModuleResult, PageItem};
use crate::transport::HttpError;

/// A Sender interface whose only endpoint is the list, served by [`list_only`].
pub(super) trait ListSender: Sync {
    /// The objects listed.
    type Item: PageItem;

    /// The handler's page of `query`.
    fn page<'a>(
        &'a self,
        ctx: &'a Context,
        query: ListQuery,
    ) -> BoxFuture<'a, ModuleResult<ListPage<Self::Item>>>;
}

/// Declares the handlers of a Sender interface whose only endpoint is the list.
macro_rules! list_senders {
    ($($(#[$doc:meta])* $erased:path => $item:ty;)*) => {$(
        $(#[$doc])*
        impl<'d> ListSender for dyn $erased + 'd {
            type Item = $item;

            fn page<'a>(
                &'a self,
                ctx: &'a Context,
                query: ListQuery,
            ) -> BoxFuture<'a, ModuleResult<ListPage<$item>>> {
                self.list(ctx, query)
            }
        }
    )*};
}

list_senders! {
    /// The Sender of CDRs.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §Sender Interface (GET only)
    crate::modules::cdrs::ErasedCdrsSender => crate::v2_3_0::cdrs::Cdr;
    /// The Sender of Hub Client Info.
    ///
    /// Spec: 2.3.0 mod_hub_client_info.asciidoc §Sender Interface (POST, PUT, PATCH and
    /// DELETE: "n/a")
    crate::modules::hub_client_info::ErasedHubClientInfoSender
        => crate::v2_3_0::hub_client_info::ClientInfo;
    /// The Sender of Tariffs.
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface ("POST | n/a", "PUT | n/a", "PATCH |
    /// n/a", "DELETE | n/a")
    crate::modules::tariffs::ErasedTariffsSender => crate::v2_3_0::tariffs::Tariff;
}

/// `GET {url}[?date_from][&date_to][&offset][&limit]` (the list; the Sender has no other
/// endpoint: any sub-path is 404, any other method 405).
pub(super) async fn list_only<H: ListSender + ?Sized>(
    h: &H,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    call.list_endpoint_only()?;
    Reply::list(call, |query| h.page(call.ctx, query)).await
}
