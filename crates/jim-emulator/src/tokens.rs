//! Bearer tokens: the emulator's stand-in for the organisation's OIDC provider. Tokens are
//! random and shaped like a JWT (three base64url parts); nothing checks a signature, the
//! emulator only looks them up.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// How long a refresh token stays valid.
pub const REFRESH_TOKEN_LIFETIME: Duration = Duration::days(1);

/// The scopes the emulator grants and advertises.
pub const SCOPES: [&str; 3] = ["openid", "profile", "jim-api"];

#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    expires_at: DateTime<Utc>,
}

/// The reason a bearer token was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("The bearer token is not valid.")]
    Unknown,
    #[error("The bearer token has expired.")]
    Expired,
}

/// The tokens handed out by the token endpoint.
#[derive(Debug, Default)]
pub struct TokenStore {
    access: HashMap<String, Grant>,
    refresh: HashMap<String, Grant>,
}

/// A freshly issued token pair.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

impl TokenStore {
    /// Issues an access token valid for `lifetime_seconds` and a refresh token for a day.
    pub fn issue(
        &mut self,
        client_id: &str,
        issuer: &str,
        lifetime_seconds: u64,
        now: DateTime<Utc>,
    ) -> IssuedTokens {
        let expires_at =
            now + Duration::seconds(i64::try_from(lifetime_seconds).unwrap_or(i64::MAX / 1000));
        let access_token = jwt_shaped(client_id, issuer, now, expires_at);
        let refresh_token = random_part(32);
        self.access.insert(
            access_token.clone(),
            Grant {
                client_id: client_id.to_string(),
                expires_at,
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            Grant {
                client_id: client_id.to_string(),
                expires_at: now + REFRESH_TOKEN_LIFETIME,
            },
        );
        IssuedTokens {
            access_token,
            refresh_token,
            expires_in: lifetime_seconds,
        }
    }

    /// Returns the client an access token was issued to, if it is known and not expired.
    pub fn check_access(&self, token: &str, now: DateTime<Utc>) -> Result<String, TokenError> {
        let grant = self.access.get(token).ok_or(TokenError::Unknown)?;
        if grant.expires_at <= now {
            return Err(TokenError::Expired);
        }
        Ok(grant.client_id.clone())
    }

    /// Returns the client a refresh token was issued to, if it is known and not expired.
    /// The old refresh token stays valid: the emulator does not rotate refresh tokens.
    pub fn check_refresh(&self, token: &str, now: DateTime<Utc>) -> Result<String, TokenError> {
        let grant = self.refresh.get(token).ok_or(TokenError::Unknown)?;
        if grant.expires_at <= now {
            return Err(TokenError::Expired);
        }
        Ok(grant.client_id.clone())
    }

    /// Makes every access token issued so far expire now; refresh tokens stay valid.
    pub fn expire_access_tokens(&mut self, now: DateTime<Utc>) -> usize {
        for grant in self.access.values_mut() {
            grant.expires_at = now;
        }
        self.access.len()
    }
}

fn random_part(bytes: usize) -> String {
    let random: Vec<u8> = (0..bytes).map(|_| fastrand::u8(..)).collect();
    URL_SAFE_NO_PAD.encode(random)
}

fn jwt_shaped(
    client_id: &str,
    issuer: &str,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": "jim-emulator"});
    let claims = json!({
        "iss": issuer,
        "sub": client_id,
        "aud": "jim-api",
        "client_id": client_id,
        "scope": SCOPES.join(" "),
        "iat": issued_at.timestamp(),
        "exp": expires_at.timestamp(),
        "jti": uuid::Uuid::new_v4(),
    });
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        random_part(64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_expires() {
        let mut store = TokenStore::default();
        let now = Utc::now();
        let issued = store.issue("jim-powershell", "http://127.0.0.1:1", 60, now);
        assert_eq!(issued.access_token.split('.').count(), 3);
        assert_eq!(
            store.check_access(&issued.access_token, now).as_deref(),
            Ok("jim-powershell")
        );
        let later = now + Duration::seconds(61);
        assert_eq!(
            store.check_access(&issued.access_token, later),
            Err(TokenError::Expired)
        );
        assert_eq!(
            store.check_access("nonsense", now),
            Err(TokenError::Unknown)
        );
        assert!(store.check_refresh(&issued.refresh_token, later).is_ok());
    }
}
