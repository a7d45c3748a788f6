//! The CDRs module: the CPO's Sender interface (the eMSP pulls CDRs) and the eMSP's Receiver
//! interface (the CPO posts each new CDR, and may read it back at the URL the receiver gave).
//!
//! ## The URL of a posted CDR
//!
//! The spec leaves the form of the receiver's CDR URLs to the receiver: it answers a POST
//! with the URL of the new CDR in a `Location` header, and the CPO reads the CDR back with a
//! GET of that URL. This crate's server uses
//! `{cdrs_endpoint_url}/{country_code}/{party_id}/{cdr_id}`, made from the posted CDR's own
//! ids (a CDR id is unique per `country_code`/`party_id`), and serves GET there.
//!
//! ## Versions
//!
//! The interfaces are the same in 2.1.1, 2.2.1 and 2.3.0. The 2.1.1 CDR differs on the wire:
//! it names no owner (the caller's party is used), names the token by `auth_id` and embeds the
//! whole Location. A CDR read from a 2.1.1 peer gets its CdrToken from the
//! [token lookup](crate::modules::Bridge::with_cdr_token_lookup); a CDR written for one gets its
//! Location from the [location lookup](crate::modules::Bridge::with_location_lookup). Where
//! they give nothing, the CDR is refused with 2001.
//!
//! Spec: 2.3.0 mod_cdrs.asciidoc §Interfaces and Endpoints; 2.2.1 the same; 2.1.1
//! mod_cdrs.md §2 Interfaces and endpoints

use super::sessions::{location_211, price_upgrade, token_of_auth_id, token_owner};
use super::wire::wire;
use super::{interface, ListPage, ListQuery};
use crate::convert::v211_v221::CdrInput;
use crate::convert::v221_v230::{CdrUpgrade, TariffUpgrade};
use crate::transport::PartyRef;
use crate::types::CiString;
use crate::v2_3_0::cdrs::Cdr;
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Sender interface of CDRs, implemented by the CPO (the data owner): the list of its
    /// CDRs (a CPO may list only the CDRs relevant to the caller).
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §Sender Interface (GET list with `date_from`, `date_to`,
    /// `offset`, `limit`)
    pub trait CdrsSender as ErasedCdrsSender {
        /// GET the list: the page `query` asks for, filtered on `last_updated` (for a CDR, its
        /// creation time).
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<Cdr>;
    }
}

interface! {
    /// The Receiver interface of CDRs, implemented by the eMSP: the CPO posts each new CDR
    /// here, and may read it back.
    ///
    /// CDRs cannot be replaced, updated or removed: PUT, PATCH and DELETE are answered with
    /// 405.
    ///
    /// Spec: 2.3.0 mod_cdrs.asciidoc §Receiver Interface (POST `{cdr_endpoint_url}`; GET at
    /// the URL the POST answered with)
    pub trait CdrsReceiver as ErasedCdrsReceiver {
        /// POST a new CDR. The server has checked that its `country_code`/`party_id` is a
        /// party of the caller (else 2001); on success it answers HTTP 201 Created with the
        /// CDR's URL, `{cdrs_endpoint_url}/{country_code}/{party_id}/{id}`, in the `Location`
        /// header.
        ///
        /// A CDR that the receiver already holds cannot be replaced ("CDRs cannot be
        /// replaced"): answer it as the application sees fit, e.g. with
        /// [`ModuleError::invalid`](super::ModuleError::invalid) (2001), or with success when
        /// it is the same CDR posted again.
        ///
        /// Spec: 2.3.0 mod_cdrs.asciidoc §POST Method, §Response Headers (`Location`: "URL to
        /// the newly created CDR in the eMSP's system"); 2.3.0 status_codes.asciidoc (HTTP
        /// `201 - Created` "when the object has been newly created in the server system")
        fn post_cdr(&self, ctx: &Context, cdr: Cdr) -> ();
        /// GET a CDR the caller posted, at the URL the POST answered with
        /// ([`ModuleError::NotFound`](super::ModuleError::NotFound) when unknown). The
        /// server has checked that `party` is a party of the caller (else 404).
        ///
        /// Spec: 2.3.0 mod_cdrs.asciidoc §GET Method ("the URL, returned in the response to a
        /// POST of a new CDR, has to be used")
        fn cdr(&self, ctx: &Context, party: PartyRef, cdr_id: CiString<39>) -> Cdr;
    }
}

wire!(Cdr, "CDR" {
    v2_2_1: v2_2_1::cdrs::Cdr,
        up: |e, c| CdrUpgrade::new(
            token_owner(e, &c.cdr_token),
            price_upgrade(e),
            TariffUpgrade::new(e.bridge.tax_included.clone()),
        ),
        down: |e| ();
    v2_1_1: v2_1_1::cdrs::Cdr,
        up: |e, c| CdrInput::new(e.owner()?, token_of_auth_id(e, c.auth_id.as_str())?),
        down: |e, c| location_211(
            e,
            PartyRef::new(c.country_code, c.party_id),
            c.cdr_location.id.as_str(),
        )?;
});
