//! Clients of the Tariffs module.
//!
//! Spec: 2.3.0 mod_tariffs.asciidoc §Interfaces and Endpoints; 2.1.1 mod_tariffs.md §2
//! Interfaces and endpoints

use super::{ClientError, ListFilter, Listed, TariffsReceiverClient, TariffsSenderClient};
use crate::modules::tariffs::TariffPatch;
use crate::transport::Transport;
use crate::v2_3_0::tariffs::Tariff;

impl<T: Transport> TariffsSenderClient<'_, T> {
    /// GET every Tariff (every page).
    ///
    /// Spec: 2.3.0 mod_tariffs.asciidoc §Sender Interface §GET Method
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Tariff>, ClientError> {
        self.client.list(filter).await
    }
}

impl<T: Transport> TariffsReceiverClient<'_, T> {
    party_calls! {
        /// GET a Tariff as the receiver holds it.
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §GET Method
        get tariff(tariff_id) -> Tariff;

        /// PUT a whole Tariff; the URL is made from its own ids.
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §PUT Method
        put put_tariff(tariff: Tariff => id) owned;

        /// PATCH a Tariff: a 2.1.1 peer only (for a peer of another version, a
        /// [`WireError::NotInVersion`](crate::modules::WireError::NotInVersion) and no request).
        ///
        /// Spec: 2.1.1 mod_tariffs.md §2.2.3 PATCH Method
        patch patch_tariff(tariff_id; patch: TariffPatch);

        /// DELETE a Tariff.
        ///
        /// Spec: 2.3.0 mod_tariffs.asciidoc §Receiver Interface §DELETE Method
        delete delete_tariff(tariff_id);
    }
}
