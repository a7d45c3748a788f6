//! Routes of the Tariffs module.
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc §Interfaces and Endpoints; 2.1.1 mod_tariffs.md §2
//! Interfaces and endpoints

use http::Method;

use super::{same_id, same_party, Call, Reply};
use crate::modules::tariffs::{ErasedTariffsReceiver, TariffPatch};
use crate::transport::HttpError;
use crate::v2_3_0::tariffs::Tariff;
use crate::versions::OcpiVersion;

/// `GET`, `PUT`, `DELETE` (and in 2.1.1 `PATCH`) `{url}/{country_code}/{party_id}/{tariff_id}`.
///
/// Enforced: the party of the URL is the caller's (404); the `country_code`, `party_id` and
/// `id` of a PUT body are those of the URL ("This SHALL be the same value as the
/// `country_code` in the Tariff object being pushed", the same for `party_id`; 2001); the `id`
/// of a 2.1.1 PATCH, when given, is the URL's (2001); PATCH is 405 in 2.2.1 and 2.3.0
/// ("PATCH | n/a"), as is POST in every version. A 2.1.1 PATCH need not carry `last_updated`:
/// 2.1.1 does not require it, and its example "Change Tariff to 2,50" has none.
///
/// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface; 2.1.1 mod_tariffs.md §2.2 eMSP
/// Interface; 2.2.1 transport_and_format.asciidoc §Client Owned Object Push
pub(super) async fn receiver(
    h: &dyn ErasedTariffsReceiver,
    call: &Call<'_>,
) -> Result<Reply, HttpError> {
    let ctx = call.ctx;
    let (party, tariff_id) = call.party_object::<36>("tariff_id")?;
    let owner = Some(party);
    match call.method.clone() {
        Method::GET => {
            let tariff = h.tariff(ctx, party, tariff_id).await?;
            Reply::object(call, &tariff, owner)
        }
        Method::PUT => {
            let tariff: Tariff = call.body(owner)?;
            same_party(Some(&tariff.country_code), Some(&tariff.party_id), &party)?;
            same_id("id", Some(tariff.id.as_str()), tariff_id.as_str())?;
            h.put_tariff(ctx, party, tariff_id, tariff).await?;
            Ok(Reply::empty())
        }
        Method::PATCH if ctx.version == OcpiVersion::V2_1_1 => {
            let patch: TariffPatch = call.body(owner)?;
            same_id("id", patch.id.as_ref(), tariff_id.as_str())?;
            h.patch_tariff(ctx, party, tariff_id, patch).await?;
            Ok(Reply::empty())
        }
        Method::DELETE => {
            h.delete_tariff(ctx, party, tariff_id).await?;
            Ok(Reply::empty())
        }
        _ => Err(call.method_not_allowed()),
    }
}
