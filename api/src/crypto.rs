//! Encryption of secrets at rest (TOTP secrets, token-signing keys): AES-256-GCM with a key
//! from configuration, a fresh random nonce per value, stored as nonce || ciphertext.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

/// A secret that could not be sealed or opened; always a server fault, never the caller's.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("encryption failed")]
    Encrypt,
    #[error("stored secret is truncated")]
    Truncated,
    #[error("stored secret does not decrypt (wrong VIGIL_ENCRYPTION_KEY?)")]
    Undecryptable,
}

/// AES-256-GCM with the configured key, and an HMAC-SHA256 key derived from it for values
/// that must be signed rather than hidden (device cookies).
#[derive(Clone)]
pub struct Cipher {
    cipher: Aes256Gcm,
    mac_key: [u8; 32],
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], parts: &[&[u8]]) -> HmacSha256 {
    // HMAC accepts keys of any length.
    let mut mac = HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") sign differently.
        mac.update(&u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
        mac.update(part);
    }
    mac
}

impl Cipher {
    /// From a base64 32-byte key.
    pub fn from_base64(key: &str) -> anyhow::Result<Self> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(key.trim())
            .map_err(|_| anyhow::anyhow!("VIGIL_ENCRYPTION_KEY is not valid base64"))?;
        anyhow::ensure!(
            bytes.len() == 32,
            "VIGIL_ENCRYPTION_KEY must be 32 bytes (base64 of 32 random bytes), not {}",
            bytes.len()
        );
        let key = Key::<Aes256Gcm>::try_from(bytes.as_slice())
            .map_err(|_| anyhow::anyhow!("VIGIL_ENCRYPTION_KEY has the wrong length"))?;
        // A separate key for MACs: the encryption key itself is never used for two purposes.
        let derived = hmac(&bytes, &[b"vigil mac key v1"]).finalize().into_bytes();
        let mut mac_key = [0u8; 32];
        mac_key.copy_from_slice(&derived);
        Ok(Self {
            cipher: Aes256Gcm::new(&key),
            mac_key,
        })
    }

    /// HMAC-SHA256 of `parts` under the derived MAC key, separated by `purpose`.
    pub fn sign(&self, purpose: &str, parts: &[&[u8]]) -> Vec<u8> {
        let mut all: Vec<&[u8]> = vec![purpose.as_bytes()];
        all.extend_from_slice(parts);
        hmac(&self.mac_key, &all).finalize().into_bytes().to_vec()
    }

    /// Whether `tag` is the MAC of `parts` for `purpose` (constant-time comparison).
    pub fn verify(&self, purpose: &str, parts: &[&[u8]], tag: &[u8]) -> bool {
        let mut all: Vec<&[u8]> = vec![purpose.as_bytes()];
        all.extend_from_slice(parts);
        hmac(&self.mac_key, &all).verify_slice(tag).is_ok()
    }

    /// nonce (12 bytes) || ciphertext
    pub fn encrypt(&self, secret: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(&Nonce::from(nonce), secret)
            .map_err(|_| CryptoError::Encrypt)?;
        let mut out = nonce.to_vec();
        out.extend(ciphertext);
        Ok(out)
    }

    pub fn decrypt(&self, stored: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let Some((nonce, ciphertext)) = stored.split_first_chunk::<12>() else {
            return Err(CryptoError::Truncated);
        };
        if ciphertext.is_empty() {
            return Err(CryptoError::Truncated);
        }
        self.cipher
            .decrypt(&Nonce::from(*nonce), ciphertext)
            .map_err(|_| CryptoError::Undecryptable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_need_the_key() {
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        let cipher = Cipher::from_base64(&key).unwrap();
        let secret = b"a secret value".to_vec();
        let stored = cipher.encrypt(&secret).unwrap();
        assert_ne!(&stored[12..], secret.as_slice());
        assert_eq!(cipher.decrypt(&stored).unwrap(), secret);
        // MACs verify with the same key and purpose only.
        let tag = cipher.sign("device", &[b"user", b"nonce"]);
        assert!(cipher.verify("device", &[b"user", b"nonce"], &tag));
        assert!(!cipher.verify("other", &[b"user", b"nonce"], &tag));
        assert!(!cipher.verify("device", &[b"usern", b"once"], &tag));
        // Two encryptions differ (fresh nonce).
        assert_ne!(cipher.encrypt(&secret).unwrap(), stored);
        let other =
            Cipher::from_base64(&base64::engine::general_purpose::STANDARD.encode([8u8; 32]))
                .unwrap();
        assert!(other.decrypt(&stored).is_err());
        assert!(Cipher::from_base64("c2hvcnQ=").is_err());
        assert!(cipher.decrypt(&stored[..10]).is_err());
    }
}
