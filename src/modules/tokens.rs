//! The Tokens module: the eMSP's Sender interface (the CPO pulls the eMSP's Tokens and asks it
//! to authorize a Token in real time) and the CPO's Receiver interface (the eMSP pushes its
//! Tokens there).
//!
//! | interface | implemented by | endpoints |
//! | --- | --- | --- |
//! | [`TokensSender`] | eMSP | GET list (paginated); POST `{token_uid}/authorize[?type={type}]` |
//! | [`TokensReceiver`] | CPO | GET, PUT, PATCH `{country_code}/{party_id}/{token_uid}[?type={type}]` |
//!
//! A Token is named by its `uid` and its `type`: the `type` URL parameter defaults to `RFID`.
//! 2.1.1 has the `type` parameter on the authorization request only; a 2.1.1 Receiver URL has
//! none, so there the type of a pushed Token is its own (see the server's Tokens routes).
//!
//! ## Real-time authorization of an unknown Token
//!
//! [`TokensSender::authorize`] signals a Token it does not know with
//! [`ModuleError::NotFound`](super::ModuleError::NotFound) (a `Status` with 2004 is read the
//! same way). The server answers what the version of the request requires:
//!
//! | version | answer |
//! | --- | --- |
//! | 2.2.1, 2.3.0 | HTTP 404, OCPI status 2004, no `data` ("When the eMSP does not know the Token, the eMSP SHALL respond with an HTTP status code: 404"; "If the token is not known, the response SHALL contain the status code: `2004: Unknown Token`, and no `data` field") |
//! | 2.1.1 | HTTP 404, OCPI status 2000 (2.1.1 has no 2004; its status chapter: "if the resource does NOT exist, the server should return a HTTP 404") |
//!
//! A request without LocationReferences that the eMSP cannot decide on is answered by the
//! handler with [`StatusCode::NOT_ENOUGH_INFORMATION`](crate::transport::StatusCode) (2002),
//! as both versions say.
//!
//! ## 2.1.1 peers
//!
//! A 2.1.1 Token is upgraded with its owner (the party of the URL, or the calling party); a
//! 2.1.1 Token without `whitelist` or `last_updated` cannot be upgraded (2001). A 2.1.1
//! AuthorizationInfo has no `token`: the client completes it with the Token of
//! [`Bridge::with_token_lookup`](super::Bridge::with_token_lookup).
//!
//! Spec: 2.3.0 mod_tokens.asciidoc §Interfaces and endpoints; 2.2.1 mod_tokens.asciidoc
//! §Interfaces and endpoints; 2.1.1 mod_tokens.md §2 Interfaces and endpoints

use super::wire::{put, read_as, wire, write_as};
use super::{interface, Edge, ListPage, ListQuery, Wire, WireError};
use crate::convert::v211_v221::{PatchInput, TokenInput};
use crate::convert::{missing, Convert};
use crate::json;
use crate::transport::PartyRef;
use crate::types::{CiString, DateTime};
use crate::v2_3_0::tokens::{AuthorizationInfo, LocationReferences, Token, TokenPatch, TokenType};
use crate::versions::OcpiVersion;
use crate::{v2_1_1, v2_2_1};

interface! {
    /// The Sender interface of Tokens, implemented by the eMSP (the data owner): the list of
    /// its Tokens, and the real-time authorization of one Token.
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface (GET list, paginated; POST
    /// `{tokens_endpoint_url}{token_uid}/authorize[?type={type}]`); 2.1.1 mod_tokens.md §2.2
    /// eMSP Interface
    pub trait TokensSender as ErasedTokensSender {
        /// GET the list: the page `query` asks for, of the Tokens with `last_updated` in
        /// `[date_from, date_to)` ([`ListPage::from_all`] cuts it from a full list).
        fn list(&self, ctx: &Context, query: ListQuery) -> ListPage<Token>;
        /// POST a real-time authorization request for the Token `token_uid` of type
        /// `token_type` (`RFID` when the request names none), at `location` when given (the
        /// eMSP then validates the Token for that Location and lists the EVSEs it may use).
        ///
        /// Returns the AuthorizationInfo, whose `token` is the complete Token. A Token the
        /// eMSP does not know is [`ModuleError::NotFound`](super::ModuleError::NotFound) (see
        /// the [module docs](self)); a request that needs a Location and has none is
        /// `ModuleError::status(StatusCode::NOT_ENOUGH_INFORMATION, …)` (2002).
        ///
        /// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface §POST Method; 2.1.1
        /// mod_tokens.md §2.2.2 POST Method
        fn authorize(
            &self,
            ctx: &Context,
            token_uid: CiString<36>,
            token_type: TokenType,
            location: Option<LocationReferences>,
        ) -> AuthorizationInfo;
    }
}

interface! {
    /// The Receiver interface of Tokens, implemented by the CPO: the eMSP pushes its Tokens
    /// here, whole (PUT) or in part (PATCH), and may read back what the CPO holds (GET).
    /// Tokens cannot be deleted: an eMSP invalidates one (`valid: false`).
    ///
    /// The server has checked, before calling: the party of the URL is the caller's (else
    /// 404); the `country_code`, `party_id`, `uid` and `type` of a body match the URL (else
    /// 2001); a 2.2.1 or 2.3.0 PATCH carries `last_updated` (else 2001).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface (GET, PUT, PATCH
    /// `{tokens_endpoint_url}/{country_code}/{party_id}/{token_uid}[?type={type}]`); 2.1.1
    /// mod_tokens.md §2.1 CPO Interface
    pub trait TokensReceiver as ErasedTokensReceiver {
        /// GET a Token as the CPO holds it
        /// ([`ModuleError::NotFound`](super::ModuleError::NotFound) when unknown: 404).
        ///
        /// `token_type` is the URL's `type` (`RFID` when it names none) in 2.2.1 and 2.3.0;
        /// `None` for a 2.1.1 request without one: 2.1.1 names the Token by `uid` alone (its
        /// GET has no `type` parameter), so the Token with that `uid`, of whatever type, is
        /// the one asked for.
        ///
        /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §GET Method; 2.1.1
        /// mod_tokens.md §2.1.1 GET Method (`{tokens_endpoint_url}/{country_code}/{party_id}/{token_uid}`)
        fn token(
            &self,
            ctx: &Context,
            party: PartyRef,
            token_uid: CiString<36>,
            token_type: Option<TokenType>,
        ) -> Token;
        /// PUT a whole Token, new or replacing the stored one.
        ///
        /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §PUT Method
        fn put_token(
            &self,
            ctx: &Context,
            party: PartyRef,
            token_uid: CiString<36>,
            token_type: TokenType,
            token: Token,
        ) -> ();
        /// PATCH a Token ([`TokenPatch::apply_to`] applies it to the stored one; an unknown
        /// Token is [`ModuleError::NotFound`](super::ModuleError::NotFound)). `last_updated`
        /// is absent only in a PATCH of a 2.1.1 peer (2.1.1 does not require it).
        ///
        /// `token_type` is as for [`token`](Self::token): `None` for a 2.1.1 PATCH whose body
        /// names no `type` either, the Token being the one with that `uid`, of whatever type.
        ///
        /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §PATCH Method; 2.1.1
        /// mod_tokens.md §2.1.3 PATCH Method
        fn patch_token(
            &self,
            ctx: &Context,
            party: PartyRef,
            token_uid: CiString<36>,
            token_type: Option<TokenType>,
            patch: TokenPatch,
        ) -> ();
    }
}

wire!(Token, "Token" {
    v2_2_1: v2_2_1::tokens::Token, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::tokens::Token, up: |e| TokenInput::new(e.owner()?), down: |e| ();
});
wire!(LocationReferences, "LocationReferences" {
    v2_2_1: same;
    v2_1_1: v2_1_1::tokens::LocationReferences, up: |e| (), down: |e| ();
});
wire!(AuthorizationInfo, "AuthorizationInfo" {
    v2_2_1: v2_2_1::tokens::AuthorizationInfo, up: |e| (), down: |e| ();
    v2_1_1: v2_1_1::tokens::AuthorizationInfo, up: |e| no_token()?, down: |e| ();
});

const NO_TOKEN: &str = "a 2.1.1 AuthorizationInfo does not carry the token: it is read with \
                        the Token of Bridge::with_token_lookup (the client's authorize)";

/// The input a 2.1.1 AuthorizationInfo lacks when read on its own: the Token.
fn no_token() -> Result<v2_2_1::tokens::Token, crate::convert::ConvertError> {
    Err(missing("token", NO_TOKEN))
}

/// Reads the AuthorizationInfo a peer answered a real-time authorization of `token_uid` and
/// `token_type` with. A 2.1.1 one does not carry the Token: it gets the Token of
/// [`Bridge::with_token_lookup`](super::Bridge::with_token_lookup) (a conversion error when
/// there is none).
///
/// Spec: 2.1.1 mod_tokens.md §AuthorizationInfo Object; 2.2.1 mod_tokens.asciidoc
/// §AuthorizationInfo Object
pub(crate) fn read_authorization(
    bytes: &[u8],
    edge: &Edge<'_>,
    token_uid: &str,
    token_type: &TokenType,
) -> Result<AuthorizationInfo, WireError> {
    if edge.version != OcpiVersion::V2_1_1 {
        return AuthorizationInfo::read(bytes, edge);
    }
    let old = json::parse::<v2_1_1::tokens::AuthorizationInfo>(bytes)?.value;
    let found = CiString::<36>::new(token_uid)
        .ok()
        .and_then(|uid| edge.bridge.token(&uid, token_type));
    let Some(token) = found else {
        let reason = format!("{NO_TOKEN}; the lookup has none for {token_uid} ({token_type})");
        return Err(missing("token", &reason).into());
    };
    // The 2.2.1 step needs the 2.2.1 form of the Token; the result gets the 2.3.0 Token back
    // whole (what its downgrade lost does not matter here).
    let mid: v2_2_1::tokens::Token = Convert::convert(token.clone(), &())?.value;
    let converted = crate::convert::via::<_, v2_2_1::tokens::AuthorizationInfo, AuthorizationInfo>(
        old,
        &mid,
        &(),
    )?;
    edge.bridge
        .report(AuthorizationInfo::NAME, &converted.losses);
    let mut info = converted.value;
    info.token = token;
    Ok(info)
}

/// A Token PATCH crosses in every version. A 2.1.1 one may lack `last_updated` (2.1.1 does
/// not require it, and its own example "invalidate a Token" has none): it is then read with
/// `last_updated` absent, for the handler to stamp.
///
/// Spec: 2.1.1 mod_tokens.md §2.1.2 PATCH Method, transport_and_format.md §PATCH; 2.2.1
/// mod_tokens.asciidoc §PATCH Method ("Any request to the PATCH method SHALL contain the
/// `last_updated` field")
impl Wire for TokenPatch {
    const NAME: &'static str = "Token PATCH";

    fn read(bytes: &[u8], edge: &Edge<'_>) -> Result<Self, WireError> {
        match edge.version {
            OcpiVersion::V2_3_0 => Ok(json::parse::<TokenPatch>(bytes)?.value),
            OcpiVersion::V2_2_1 => {
                read_as::<v2_2_1::tokens::TokenPatch, TokenPatch>(bytes, edge, &(), Self::NAME)
            }
            OcpiVersion::V2_1_1 => {
                let old = json::parse::<v2_1_1::tokens::TokenPatch>(bytes)?.value;
                // The 2.2.1 step requires a last_updated; one given only for it is cleared after.
                let stamped = old.last_updated.is_some();
                let input = PatchInput::new().with_last_updated(DateTime::now());
                let converted = crate::convert::via::<_, v2_2_1::tokens::TokenPatch, TokenPatch>(
                    old,
                    &input,
                    &(),
                )?;
                edge.bridge.report(Self::NAME, &converted.losses);
                let mut patch = converted.value;
                if !stamped {
                    patch.last_updated = None;
                }
                Ok(patch)
            }
        }
    }

    fn write_into(&self, edge: &Edge<'_>, out: &mut Vec<u8>) -> Result<(), WireError> {
        match edge.version {
            OcpiVersion::V2_3_0 => put(self, edge, Self::NAME, out),
            OcpiVersion::V2_2_1 => {
                write_as::<TokenPatch, v2_2_1::tokens::TokenPatch>(self, edge, &(), Self::NAME, out)
            }
            OcpiVersion::V2_1_1 => {
                let mid = Convert::<v2_2_1::tokens::TokenPatch>::convert(self.clone(), &())?;
                edge.bridge.report(Self::NAME, &mid.losses);
                write_as::<v2_2_1::tokens::TokenPatch, v2_1_1::tokens::TokenPatch>(
                    &mid.value,
                    edge,
                    &(),
                    Self::NAME,
                    out,
                )
            }
        }
    }
}
