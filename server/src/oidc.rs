//! The relying party of single sign-on: OpenID Connect's authorization-code flow with PKCE,
//! `state` and `nonce`, by the `openidconnect` crate (no JWT or signature code of our own).
//!
//! - The provider is discovered from `<issuer>/.well-known/openid-configuration` at the first
//!   sign-in, not at start-up (the server starts while the provider is down), and kept; when an
//!   ID token's signature does not verify against the keys we have, the metadata and key set are
//!   fetched again (the provider rotated its keys) — at most once a second — and the token is
//!   checked once more.
//! - An ID token must be signed with an asymmetric algorithm the provider announces (never with
//!   the client secret, never `none`), name the configured issuer and this client as audience,
//!   carry this sign-in's nonce, and not have expired; clocks may differ by at most a minute.
//! - The HTTP client follows no redirects (no server-side request forgery through the provider's
//!   answers) and gives up after ten seconds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Client,
    ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndSessionUrl, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IdTokenClaims, IdTokenFields, IssuerUrl, LogoutRequest, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::config::OidcConfig;
use kp_domain::single_sign_on::{role_from_claim, ClaimedRole, ProviderRefusal};

/// The claim a Swedish e-ID broker puts the personnummer in (the Swedish OpenID Connect profile's
/// claims specification, as Sweden Connect and the e-ID brokers use it).
pub const SWEDISH_PERSONNUMMER_CLAIM: &str = "https://id.oidc.se/claim/personalIdentityNumber";

/// Claims beyond the standard ones (the role claim is among them), kept as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OtherClaims(serde_json::Map<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type Claims = IdTokenClaims<OtherClaims, CoreGenderClaim>;
type RelyingParty = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How far the provider's clock and ours may differ.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::seconds(60);
/// The key set is fetched again at most this often.
const REFETCH_AT_MOST_EVERY: Duration = Duration::from_secs(1);

/// The provider as discovered.
struct Discovered {
    client: RelyingParty,
    end_session: Option<EndSessionUrl>,
    fetched: Instant,
}

/// A sign-in to send the browser off with.
pub struct Started {
    /// The provider's authorization address with this sign-in's parameters.
    pub url: String,
    /// `state`: the browser keeps it in a cookie; the provider sends it back.
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier the token request proves the sign-in with.
    pub pkce_verifier: String,
}

/// The person as a verified ID token describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// `iss`.
    pub issuer: String,
    /// `sub`.
    pub subject: String,
    /// `email`, trimmed and in lower case.
    pub email: Option<String>,
    /// `email_verified`.
    pub email_verified: bool,
    /// `name`, else given and family name, else the e-mail, else the subject.
    pub name: String,
    /// What the role claim says.
    pub claimed: ClaimedRole,
    /// The personnummer claim's value as sent, for the contact persons' e-ID broker (none for
    /// the caseworkers' provider).
    pub personnummer: Option<String>,
}

/// The relying party.
pub struct Oidc {
    config: OidcConfig,
    redirect: RedirectUrl,
    after_sign_out: PostLogoutRedirectUrl,
    http: reqwest::Client,
    discovered: Mutex<Option<Arc<Discovered>>>,
    /// The claim with the personnummer (the contact persons' e-ID broker only).
    personnummer_claim: Option<String>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.config.issuer)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// The relying party of `config`, at `public_url` (whose callback the provider redirects to).
    pub fn new(config: OidcConfig, public_url: &str) -> anyhow::Result<Oidc> {
        Oidc::at(
            config,
            format!("{public_url}/api/auth/oidc/callback"),
            format!("{public_url}/handlaggare/logga-in"),
            None,
        )
    }

    /// The relying party of the contact persons' e-ID broker: its own callback, and the
    /// personnummer read from `personnummer_claim`.
    pub fn for_contact_area(
        config: OidcConfig,
        public_url: &str,
        personnummer_claim: &str,
    ) -> anyhow::Result<Oidc> {
        Oidc::at(
            config,
            format!("{public_url}/api/contact/eid/callback"),
            format!("{public_url}/sv/mina-sidor"),
            Some(personnummer_claim.to_string()),
        )
    }

    fn at(
        config: OidcConfig,
        redirect: String,
        after_sign_out: String,
        personnummer_claim: Option<String>,
    ) -> anyhow::Result<Oidc> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Oidc {
            redirect: RedirectUrl::new(redirect)?,
            after_sign_out: PostLogoutRedirectUrl::new(after_sign_out)?,
            config,
            http,
            discovered: Mutex::new(None),
            personnummer_claim,
        })
    }

    /// The provider's name on the sign-in page.
    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The provider, discovered now if not yet (or again if `refresh` and the last fetch is
    /// older than a second).
    async fn provider(&self, refresh: bool) -> Result<Arc<Discovered>, ProviderRefusal> {
        let mut slot = self.discovered.lock().await;
        if let Some(known) = slot.as_ref() {
            if !refresh || known.fetched.elapsed() < REFETCH_AT_MOST_EVERY {
                return Ok(known.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| {
            tracing::error!(error = %e, "KP_OIDC_ISSUER is not a URL");
            ProviderRefusal::ProviderFailed
        })?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, issuer = %self.config.issuer, "discovering the identity provider failed");
                ProviderRefusal::ProviderFailed
            })?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let client = RelyingParty::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect.clone());
        let known = Arc::new(Discovered {
            client,
            end_session,
            fetched: Instant::now(),
        });
        *slot = Some(known.clone());
        Ok(known)
    }

    /// Starts a sign-in: where to send the browser, and what to keep until it comes back.
    pub async fn start(&self) -> Result<Started, ProviderRefusal> {
        let provider = self.provider(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = provider.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in: trades `code` for tokens (proving it with the PKCE verifier) and
    /// verifies the ID token against `nonce`.
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<Verified, ProviderRefusal> {
        let provider = self.provider(false).await?;
        let request = provider
            .client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| {
                tracing::error!(error = %e, "the identity provider has no token endpoint");
                ProviderRefusal::ProviderFailed
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()));
        let tokens = request.request_async(&self.http).await.map_err(|e| {
            tracing::warn!(error = %e, "the identity provider refused the code");
            ProviderRefusal::ProviderFailed
        })?;
        let nonce = Nonce::new(nonce.to_string());
        let claims = match self.verify(&provider, &tokens, &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(first)) => {
                // Perhaps a new key: fetch the key set again and check once more.
                let fresh = self.provider(true).await?;
                self.verify(&fresh, &tokens, &nonce).map_err(|e| {
                    tracing::warn!(error = %e, before = %first, "an ID token was refused");
                    ProviderRefusal::InvalidToken
                })?
            }
            Err(e) => {
                tracing::warn!(error = %e, "an ID token was refused");
                return Err(ProviderRefusal::InvalidToken);
            }
            Ok(claims) => claims,
        };
        Ok(self.person(&claims))
    }

    /// The ID token's claims, if every check passes (the access token's hash too, when the
    /// token carries one).
    fn verify(
        &self,
        provider: &Discovered,
        tokens: &Tokens,
        nonce: &Nonce,
    ) -> Result<Claims, ClaimsVerificationError> {
        let id_token = tokens
            .id_token()
            .ok_or_else(|| ClaimsVerificationError::Other("no ID token".into()))?;
        let verifier = provider
            .client
            .id_token_verifier()
            .set_allowed_algs(ASYMMETRIC)
            .set_time_fn(|| chrono::Utc::now() - CLOCK_SKEW)
            .set_issue_time_verifier_fn(|issued| {
                if issued > chrono::Utc::now() + CLOCK_SKEW {
                    Err(format!("issued in the future: {issued}"))
                } else {
                    Ok(())
                }
            });
        let claims = id_token.claims(&verifier, nonce)?.clone();
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token
                .signing_alg()
                .map_err(|e| ClaimsVerificationError::Unsupported(e.to_string()))?;
            let key = id_token
                .signing_key(&verifier)
                .map_err(|e| ClaimsVerificationError::Unsupported(e.to_string()))?;
            let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
                .map_err(|e| ClaimsVerificationError::Unsupported(e.to_string()))?;
            if actual != *expected {
                return Err(ClaimsVerificationError::Other(
                    "the access token's hash differs".into(),
                ));
            }
        }
        Ok(claims)
    }

    /// The person a verified token describes.
    fn person(&self, claims: &Claims) -> Verified {
        let email = claims
            .email()
            .map(|e| e.as_str().trim().to_lowercase())
            .filter(|e| kp_domain::application::normalise_email(e).is_some());
        let full_name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_string())
            .filter(|n| !n.is_empty());
        let given = claims.given_name().and_then(|n| n.get(None));
        let family = claims.family_name().and_then(|n| n.get(None));
        let parts = [given.map(|n| n.as_str()), family.map(|n| n.as_str())]
            .into_iter()
            .flatten()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let name = full_name
            .or_else(|| (!parts.trim().is_empty()).then(|| parts.trim().to_string()))
            .or_else(|| email.clone())
            .unwrap_or_else(|| claims.subject().as_str().to_string())
            .chars()
            .take(200)
            .collect();
        let claimed = match &self.config.role_claim {
            None => ClaimedRole::NotConfigured,
            Some(claim) => {
                let values = claim_values(claims.additional_claims().0.get(claim));
                match role_from_claim(
                    &values,
                    &self.config.admin_value,
                    &self.config.caseworker_value,
                ) {
                    Some(role) => ClaimedRole::Grants(role),
                    None => ClaimedRole::Nothing,
                }
            }
        };
        let personnummer = self.personnummer_claim.as_ref().and_then(|claim| {
            match claims.additional_claims().0.get(claim) {
                Some(serde_json::Value::String(value)) => Some(value.clone()),
                _ => None,
            }
        });
        Verified {
            personnummer,
            issuer: claims.issuer().as_str().to_string(),
            subject: claims.subject().as_str().to_string(),
            email_verified: email.is_some() && claims.email_verified() == Some(true),
            email,
            name,
            claimed,
        }
    }

    /// Where the browser goes to end the provider's session too, if the provider says where
    /// (RP-initiated logout), and back to the sign-in page after.
    pub async fn end_session_url(&self) -> Option<String> {
        let provider = self.provider(false).await.ok()?;
        let endpoint = provider.end_session.clone()?;
        Some(
            LogoutRequest::from(endpoint)
                .set_client_id(ClientId::new(self.config.client_id.clone()))
                .set_post_logout_redirect_uri(self.after_sign_out.clone())
                .http_get_url()
                .to_string(),
        )
    }
}

/// The signing algorithms an ID token may use: public-key ones only.
const ASYMMETRIC: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// A claim of one string or a list of strings, as strings.
fn claim_values(claim: Option<&serde_json::Value>) -> Vec<String> {
    match claim {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(many)) => many
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::claim_values;
    use serde_json::json;

    #[test]
    fn a_claim_of_one_string_or_a_list_gives_its_strings_and_anything_else_none() {
        assert_eq!(claim_values(Some(&json!("kp-admin"))), ["kp-admin"]);
        assert_eq!(claim_values(Some(&json!(["a", 1, "b"]))), ["a", "b"]);
        assert!(claim_values(Some(&json!({"kp-admin": true}))).is_empty());
        assert!(claim_values(None).is_empty());
    }
}
