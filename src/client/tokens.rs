//! Clients of the Tokens module.
//!
//! Spec: 2.3.0 mod_tokens.asciidoc §Interfaces and endpoints; 2.1.1 mod_tokens.md §2
//! Interfaces and endpoints

use http::Method;

use super::{
    join, party_url, with_query, ClientError, ListFilter, Listed, TokensReceiverClient,
    TokensSenderClient,
};
use crate::convert::{Convert, Converted};
use crate::modules::tokens::read_authorization;
use crate::modules::WireError;
use crate::transport::{PartyRef, Transport};
use crate::v2_3_0::tokens::{AuthorizationInfo, LocationReferences, Token, TokenPatch, TokenType};
use crate::versions::OcpiVersion;

/// `url` with the `type` parameter of a token type other than the default `RFID`, as the
/// peer's version defines it.
///
/// 2.3.0: the type as it is. 2.2.1: the type as a 2.2.1 Token carries it (`EMAID` and custom
/// types are `OTHER`, see the TokenType downgrade). 2.1.1 defines no `type` parameter: a token
/// of type `RFID` or `OTHER` is addressed by its uid alone, and any other type (which a 2.1.1
/// eMSP cannot tell apart) is a [`ClientError::NotInVersion`], before anything is sent.
///
/// Spec: 2.3.0 and 2.2.1 mod_tokens.asciidoc §Request Parameters ("Default if omitted:
/// RFID"); 2.1.1 mod_tokens.md §2.1.1 GET Method, §2.2.2 POST Method (no `type` parameter)
fn typed(url: &str, token_type: &TokenType, version: OcpiVersion) -> Result<String, ClientError> {
    let wire = match version {
        OcpiVersion::V2_1_1 => {
            return if matches!(token_type, TokenType::Rfid | TokenType::Other) {
                Ok(url.to_owned())
            } else {
                Err(ClientError::NotInVersion {
                    what: format!("a token of type {token_type}"),
                    version,
                })
            };
        }
        OcpiVersion::V2_2_1 => {
            let old: Converted<crate::v2_2_1::tokens::TokenType> =
                token_type.clone().convert(&()).map_err(WireError::from)?;
            old.value.as_str().to_owned()
        }
        _ => token_type.as_str().to_owned(),
    };
    Ok(if wire == TokenType::Rfid.as_str() {
        url.to_owned()
    } else {
        with_query(url, &[("type", &wire)])
    })
}

impl<T: Transport> TokensSenderClient<'_, T> {
    /// GET every Token (every page).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface §GET Method
    pub async fn list(&self, filter: &ListFilter) -> Result<Listed<Token>, ClientError> {
        self.client.list(filter).await
    }

    /// POST a real-time authorization request for a Token, at a Location when given.
    ///
    /// A Token the eMSP does not know is a [`ClientError::Http`] with status 404 (and, from a
    /// 2.2.1 or 2.3.0 eMSP, the OCPI status 2004 in
    /// [`ocpi_status`](ClientError::ocpi_status)). The answer of a 2.1.1 eMSP does not carry
    /// the Token: it is completed with the Token of the client's
    /// [`Bridge::with_token_lookup`](crate::modules::Bridge::with_token_lookup).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Sender Interface §POST Method; 2.1.1 mod_tokens.md
    /// §2.2.2 POST Method
    pub async fn authorize(
        &self,
        token_uid: &str,
        token_type: &TokenType,
        location: Option<&LocationReferences>,
    ) -> Result<AuthorizationInfo, ClientError> {
        let url = typed(
            &join(self.url, &[token_uid, "authorize"]),
            token_type,
            self.client.peer.version,
        )?;
        let data = self.client.post(&url, location, None).await?;
        let edge = self.client.edge(None);
        let peer = self.client.peer();
        Ok(crate::interop::read_with(
            data.get().as_bytes(),
            &edge,
            peer.terms.interop,
            &peer.id,
            crate::interop::Shape::Object,
            |bytes| read_authorization(bytes, &edge, token_uid, token_type),
        )?)
    }
}

impl<T: Transport> TokensReceiverClient<'_, T> {
    /// The URL of a party's Token, with its type as the peer's version names it (see
    /// [`typed`]).
    fn token_url(
        &self,
        party: &PartyRef,
        token_uid: &str,
        token_type: &TokenType,
    ) -> Result<String, ClientError> {
        let url = party_url(self.url, party, &[token_uid]);
        typed(&url, token_type, self.client.peer.version)
    }

    /// GET a Token as the CPO holds it.
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §GET Method
    pub async fn token(
        &self,
        party: &PartyRef,
        token_uid: &str,
        token_type: &TokenType,
    ) -> Result<Token, ClientError> {
        let url = self.token_url(party, token_uid, token_type)?;
        self.client.get(&url, Some(*party)).await
    }

    /// PUT a whole Token; the URL is made from its own ids (and its type).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §PUT Method
    pub async fn put_token(&self, token: &Token) -> Result<(), ClientError> {
        let party = PartyRef::new(token.country_code, token.party_id);
        let url = self.token_url(&party, token.uid.as_str(), &token.r#type)?;
        self.client
            .push(Method::PUT, &url, token, Some(party))
            .await
    }

    /// PATCH a Token (to a 2.2.1 or 2.3.0 CPO the patch must carry `last_updated`).
    ///
    /// Spec: 2.3.0 mod_tokens.asciidoc §Receiver Interface §PATCH Method
    pub async fn patch_token(
        &self,
        party: &PartyRef,
        token_uid: &str,
        token_type: &TokenType,
        patch: &TokenPatch,
    ) -> Result<(), ClientError> {
        let url = self.token_url(party, token_uid, token_type)?;
        self.client
            .push(Method::PATCH, &url, patch, Some(*party))
            .await
    }
}
