//! Encryption of secrets at rest (TOTP secrets, token-signing keys): AES-256-GCM with a key
//! from configuration, a fresh random nonce per value, stored as nonce || ciphertext.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use rand::Rng;

use crate::error::AppError;

/// AES-256-GCM with the configured key.
#[derive(Clone)]
pub struct Cipher {
    cipher: Aes256Gcm,
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
        Ok(Self {
            cipher: Aes256Gcm::new(&key),
        })
    }

    /// nonce (12 bytes) || ciphertext
    pub fn encrypt(&self, secret: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(&Nonce::from(nonce), secret)
            .map_err(|_| AppError::unexpected("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend(ciphertext);
        Ok(out)
    }

    pub fn decrypt(&self, stored: &[u8]) -> Result<Vec<u8>, AppError> {
        if stored.len() < 13 {
            return Err(AppError::unexpected("stored secret is truncated"));
        }
        let (nonce, ciphertext) = stored.split_at(12);
        let nonce: [u8; 12] = nonce
            .try_into()
            .map_err(|_| AppError::unexpected("stored nonce is malformed"))?;
        self.cipher
            .decrypt(&Nonce::from(nonce), ciphertext)
            .map_err(|_| {
                AppError::unexpected("stored secret does not decrypt (wrong VIGIL_ENCRYPTION_KEY?)")
            })
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
