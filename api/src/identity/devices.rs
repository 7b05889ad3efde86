//! OWASP "device cookies": after a complete sign-in (every factor) the browser keeps a signed
//! `__Host-vigil_device` cookie naming the person and a random nonce. A browser that presents
//! it for the same person passes the account-wide lock and the shared per-account rate limit
//! (attackers elsewhere cannot keep the owner out), but still counts its own wrong guesses:
//! its address locks as any other, and after `device_threshold` wrong guesses the cookie is
//! no longer honoured. The cookie is HMAC-SHA256 signed with a key derived from the
//! encryption key; the database keeps only the nonce's SHA-256.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::crypto::Cipher;
use crate::ids::UserId;
use crate::tokens;
use vigil_data::schema::trusted_devices;

pub const DEVICE_COOKIE_NAME: &str = "__Host-vigil_device";

/// How long a browser stays known without signing in again.
pub const DEVICE_LIFETIME: Duration = Duration::days(365);

const PURPOSE: &str = "device-cookie-v1";

/// A device cookie whose signature is good (not yet checked against the database).
#[derive(Clone, Debug)]
pub struct DeviceCookie {
    pub user_id: UserId,
    nonce: String,
    raw: String,
}

impl DeviceCookie {
    /// `<user id>.<nonce>.<mac>`; `None` for anything malformed or not signed by us.
    pub fn parse(raw: &str, cipher: &Cipher) -> Option<Self> {
        let mut parts = raw.split('.');
        let (user, nonce, mac) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !tokens::looks_valid(nonce) {
            return None;
        }
        let user_id = Uuid::try_parse(user).ok()?;
        let mac = URL_SAFE_NO_PAD.decode(mac).ok()?;
        cipher
            .verify(PURPOSE, &[user.as_bytes(), nonce.as_bytes()], &mac)
            .then(|| Self {
                user_id: UserId::from_uuid(user_id),
                nonce: nonce.to_owned(),
                raw: raw.to_owned(),
            })
    }

    fn new(user_id: UserId, cipher: &Cipher) -> Self {
        let nonce = tokens::generate();
        let user = user_id.into_uuid().to_string();
        let mac = cipher.sign(PURPOSE, &[user.as_bytes(), nonce.as_bytes()]);
        Self {
            user_id,
            raw: format!("{user}.{nonce}.{}", URL_SAFE_NO_PAD.encode(mac)),
            nonce,
        }
    }

    /// The `Set-Cookie` for this device: `__Host-` (Secure, Path=/), HttpOnly, SameSite=Lax.
    pub fn cookie(&self) -> Cookie<'static> {
        let mut cookie = Cookie::build(DEVICE_COOKIE_NAME, self.raw.clone())
            .path("/")
            .secure(true)
            .http_only(true)
            .same_site(SameSite::Lax)
            .finish();
        cookie.set_max_age(time::Duration::seconds(DEVICE_LIFETIME.num_seconds()));
        cookie
    }
}

/// The request's signed device cookie, if it has one (the signature is checked here).
pub fn from_request(req: &HttpRequest, cipher: Option<&Cipher>) -> Option<DeviceCookie> {
    let cipher = cipher?;
    let cookie = req.cookie(DEVICE_COOKIE_NAME)?;
    DeviceCookie::parse(cookie.value(), cipher)
}

/// The trusted device a cookie names, when it belongs to `user_id`, is live and has made
/// fewer than `threshold` wrong guesses.
pub fn honoured(
    conn: &mut PgConnection,
    cookie: Option<&DeviceCookie>,
    user_id: UserId,
    threshold: i32,
) -> QueryResult<Option<Uuid>> {
    let Some(cookie) = cookie.filter(|c| c.user_id == user_id) else {
        return Ok(None);
    };
    trusted_devices::table
        .filter(trusted_devices::nonce_hash.eq(tokens::hash(&cookie.nonce)))
        .filter(trusted_devices::user_id.eq(user_id))
        .filter(trusted_devices::revoked_at.is_null())
        .filter(trusted_devices::expires_at.gt(Utc::now()))
        .filter(trusted_devices::failures.lt(threshold))
        .select(trusted_devices::id)
        .first(conn)
        .optional()
}

/// One wrong guess (password or code) from a trusted device.
pub fn record_failure(conn: &mut PgConnection, device_id: Uuid) -> QueryResult<()> {
    diesel::update(trusted_devices::table.find(device_id))
        .set(trusted_devices::failures.eq(trusted_devices::failures + 1))
        .execute(conn)?;
    Ok(())
}

/// After a complete sign-in: the device this browser already is (its wrong guesses forgiven,
/// its life renewed), or a new one. Returns the cookie to set.
pub fn remember(
    conn: &mut PgConnection,
    user_id: UserId,
    existing: Option<(Uuid, &DeviceCookie)>,
    cipher: &Cipher,
) -> QueryResult<DeviceCookie> {
    let now = Utc::now();
    if let Some((device_id, cookie)) = existing {
        diesel::update(trusted_devices::table.find(device_id))
            .set((
                trusted_devices::failures.eq(0),
                trusted_devices::last_used_at.eq(now),
                trusted_devices::expires_at.eq(now + DEVICE_LIFETIME),
            ))
            .execute(conn)?;
        return Ok(cookie.clone());
    }
    let cookie = DeviceCookie::new(user_id, cipher);
    diesel::insert_into(trusted_devices::table)
        .values((
            trusted_devices::id.eq(Uuid::new_v4()),
            trusted_devices::user_id.eq(user_id),
            trusted_devices::nonce_hash.eq(tokens::hash(&cookie.nonce)),
            trusted_devices::expires_at.eq(now + DEVICE_LIFETIME),
        ))
        .execute(conn)?;
    Ok(cookie)
}

/// No browser of the person is trusted any more (password reset, "this wasn't me"): a browser
/// an attacker signed in with must not keep a way past the locks.
pub fn forget_all(conn: &mut PgConnection, user_id: UserId) -> QueryResult<usize> {
    diesel::update(
        trusted_devices::table
            .filter(trusted_devices::user_id.eq(user_id))
            .filter(trusted_devices::revoked_at.is_null()),
    )
    .set(trusted_devices::revoked_at.eq(Utc::now()))
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(byte: u8) -> Cipher {
        Cipher::from_base64(&base64::engine::general_purpose::STANDARD.encode([byte; 32])).unwrap()
    }

    #[test]
    fn device_cookies_are_signed_for_one_person() {
        let user = UserId::from_uuid(Uuid::new_v4());
        let cookie = DeviceCookie::new(user, &cipher(1));
        let parsed = DeviceCookie::parse(&cookie.raw, &cipher(1)).expect("valid");
        assert_eq!(parsed.user_id, user);
        assert!(
            DeviceCookie::parse(&cookie.raw, &cipher(2)).is_none(),
            "other key"
        );
        // Another person's id with the same nonce and MAC does not verify.
        let mut parts: Vec<&str> = cookie.raw.split('.').collect();
        let other = Uuid::new_v4().to_string();
        parts[0] = &other;
        assert!(DeviceCookie::parse(&parts.join("."), &cipher(1)).is_none());
        for junk in ["", "a.b.c", "a.b.c.d", "\0", &format!("{}.", cookie.raw)] {
            assert!(DeviceCookie::parse(junk, &cipher(1)).is_none(), "{junk:?}");
        }
        let set = cookie.cookie().to_string();
        for attribute in [
            "__Host-vigil_device=",
            "Secure",
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=",
        ] {
            assert!(set.contains(attribute), "{set}");
        }
    }
}
