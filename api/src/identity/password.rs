//! The password policy (NIST SP 800-63B rev. 4, OWASP ASVS 5.0 §6.2) and argon2id hashing.
//!
//! One policy for signup, reset, change and invitation acceptance: a minimum length (15 by
//! default), at least 256 characters allowed and never truncated or case-folded, any Unicode
//! (NFC-normalised, each code point one character), no composition rules; refused when common,
//! built from context words, or guessable (zxcvbn score below 3).
//!
//! `common-passwords.txt` is the 30,000 most common passwords of the xato corpus, in order, as
//! shipped in zxcvbn's frequency lists (MIT).

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;
use unicode_normalization::UnicodeNormalization;

use crate::error::AppError;

/// Longest password accepted, in characters (NIST asks for at least 64; ASVS for 128).
pub const MAX_LENGTH: usize = 256;

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common-passwords.txt").lines().collect());

/// Words a password must not be built from: who the person is and where they are.
#[derive(Default, Debug)]
pub struct PasswordContext {
    words: Vec<String>,
}

impl PasswordContext {
    pub fn new() -> Self {
        Self {
            words: vec!["vigil".into()],
        }
    }

    /// Adds a value (email, name, organisation name) and its words of four or more letters.
    #[must_use]
    pub fn with(mut self, value: &str) -> Self {
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return self;
        }
        if let Some((local, _domain)) = value.split_once('@')
            && local.chars().count() >= 3
        {
            self.words.push(local.to_owned());
        }
        for word in value.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 4 {
                self.words.push(word.to_owned());
            }
        }
        self
    }
}

/// A password that met the policy. Its value never appears in `Debug` output.
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// NFC, so the same characters typed on different devices give the same password.
pub fn normalize(raw: &str) -> String {
    raw.nfc().collect()
}

impl Password {
    /// Applies the policy. The error says which rule failed and how to fix it.
    pub fn parse(raw: &str, min_length: u16, context: &PasswordContext) -> Result<Self, String> {
        let password = normalize(raw);
        let length = password.chars().count();
        let min_length = usize::from(min_length.max(8));
        if length < min_length {
            return Err(format!(
                "Use at least {min_length} characters (you have {length}). A few unrelated words make a long password that is easy to remember."
            ));
        }
        if length > MAX_LENGTH {
            return Err(format!("Use at most {MAX_LENGTH} characters."));
        }
        let lower = password.to_lowercase();
        if COMMON.contains(lower.as_str()) {
            return Err(
                "This is one of the most common passwords. Choose something unique to you.".into(),
            );
        }
        if let Some(word) = context.words.iter().find(|w| lower.contains(w.as_str())) {
            let what = if word == "vigil" {
                "the name of this service".to_owned()
            } else {
                format!("\"{word}\" (from your name, email or organisation)")
            };
            return Err(format!(
                "Don't build your password from {what}. Choose words that have nothing to do with you or your workplace."
            ));
        }
        // zxcvbn's cost grows with length; 100 characters is far past any guessable pattern.
        let head: String = password.chars().take(100).collect();
        let inputs: Vec<&str> = context.words.iter().map(String::as_str).collect();
        let estimate = zxcvbn::zxcvbn(&head, &inputs);
        if (estimate.score() as u8) < 3 {
            let mut message = String::from("This password is too easy to guess.");
            if let Some(feedback) = estimate.feedback() {
                if let Some(warning) = feedback.warning() {
                    message.push_str(&format!(" {warning}."));
                }
                for suggestion in feedback.suggestions() {
                    message.push_str(&format!(" {suggestion}"));
                }
            }
            message.push_str(" Try adding another unusual word.");
            return Err(message);
        }
        Ok(Self(password))
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Why a password could not be hashed or checked; always a server fault (a wrong password is
/// an answer, not an error).
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2 hashing failed: {0}")]
    Hash(String),

    #[error("stored hash unreadable: {0}")]
    UnreadableHash(String),

    #[error("password hasher closed")]
    Closed,

    #[error("password task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<HashError> for AppError {
    fn from(error: HashError) -> Self {
        AppError::Unexpected(error.into())
    }
}

/// argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), on the blocking pool, at most
/// `concurrency` at a time so a burst of logins cannot exhaust memory.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    concurrency: usize,
    dummy_hash: Arc<String>,
    /// Working memory for verifications, one per permit at most, kept between them: a fresh
    /// 19 MiB per check costs its zeroing and page faults (a tenth of a login's CPU), and the
    /// blocking thread it lands on is a different one each time.
    memory: Arc<Mutex<Vec<Memory>>>,
}

/// One argon2 working memory of `M_COST` blocks (1 KiB each).
type Memory = Box<[Block]>;

const M_COST: u32 = 19_456;

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; default() is the fallback that cannot fail.
    let params = Params::new(M_COST, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks `password` against `hash` in `memory`, as argon2's `verify_password` does (the
/// parameters, salt and algorithm of the stored hash; a constant-time comparison), without
/// allocating. A hash that needs more memory than `memory` holds (stronger parameters than
/// today's) is checked by argon2 itself.
fn verify_in(
    memory: &mut [Block],
    password: &[u8],
    hash: &PasswordHash,
) -> Result<bool, HashError> {
    fn unreadable(e: impl fmt::Display) -> HashError {
        HashError::UnreadableHash(e.to_string())
    }
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return Err(HashError::UnreadableHash("no salt or no hash".into()));
    };
    let params = Params::try_from(hash).map_err(unreadable)?;
    if params.block_count() > memory.len() {
        return Ok(argon2().verify_password(password, hash).is_ok());
    }
    let algorithm = Algorithm::try_from(hash.algorithm.as_str()).map_err(unreadable)?;
    let version = hash
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(unreadable)?
        .unwrap_or_default();
    let mut computed = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut computed, memory)
        .map_err(|e| HashError::Hash(e.to_string()))?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&computed).map_err(unreadable)? == *expected)
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> anyhow::Result<Self> {
        let concurrency = match concurrency {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        // Verifying unknown emails against this keeps login timing independent of existence.
        let dummy_hash = argon2()
            .hash_password(b"vigil dummy password for unknown accounts")
            .map_err(|e| anyhow::anyhow!("argon2 failed: {e}"))?
            .to_string();
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            concurrency,
            dummy_hash: Arc::new(dummy_hash),
            memory: Arc::default(),
        })
    }

    /// Hashes computed at once (the configured number, or one per core for 0).
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let bytes = password.as_bytes().to_vec();
        self.run(move || {
            argon2()
                .hash_password(&bytes)
                .map(|hash| hash.to_string())
                .map_err(|e| HashError::Hash(e.to_string()))
        })
        .await
    }

    /// Checks a typed password against a stored hash, or against a dummy hash when there is
    /// no account (`None`), so both take the same time. Returns whether it matched.
    pub async fn verify(&self, raw: &str, stored: Option<&str>) -> Result<bool, HashError> {
        let password = normalize(raw).into_bytes();
        let known = stored.is_some();
        let stored = stored.unwrap_or(&self.dummy_hash).to_owned();
        let memories = self.memory.clone();
        let matched = self
            .run(move || {
                // Taken and put back under the permit, so there are never more memories than
                // permits.
                let taken = memories
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .pop();
                let mut memory = taken
                    .unwrap_or_else(|| vec![Block::default(); M_COST as usize].into_boxed_slice());
                let matched = PasswordHash::new(&stored)
                    .map_err(|e| HashError::UnreadableHash(e.to_string()))
                    .and_then(|parsed| verify_in(&mut memory, &password, &parsed));
                memories
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(memory);
                matched
            })
            .await?;
        Ok(known && matched)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        tokio::task::spawn_blocking(work).await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str) -> Result<Password, String> {
        let context = PasswordContext::new()
            .with("jane.citizen@harbourclinic.com.au")
            .with("Jane")
            .with("Citizen")
            .with("Harbour View Clinic");
        Password::parse(password, 15, &context)
    }

    #[test]
    fn long_unrelated_passphrases_pass() {
        assert!(check("correct horse battery staple").is_ok());
        assert!(check("mango tractor whisper 1987").is_ok());
        // Any Unicode; each code point counts as one character.
        assert!(check("ящик фонарь сосна облако").is_ok());
    }

    #[test]
    fn short_passwords_say_how_long() {
        let error = check("Tr0ub4dor&3").unwrap_err();
        assert!(error.contains("at least 15"), "{error}");
        assert!(error.contains("you have 11"), "{error}");
    }

    #[test]
    fn the_minimum_is_configurable_but_never_below_eight() {
        let context = PasswordContext::new();
        assert!(Password::parse("qJ7#vLx2pW", 8, &context).is_ok());
        assert!(Password::parse("qJ7#vLx2pW", 12, &context).is_err());
        let error = Password::parse("qJ7#vLx", 4, &context).unwrap_err();
        assert!(error.contains("at least 8"), "{error}");
    }

    #[test]
    fn long_passwords_are_allowed_and_bounded() {
        let long = "wombat kettle lantern quartz ".repeat(8); // 232 characters
        assert!(check(&long).is_ok());
        let too_long = "x".repeat(MAX_LENGTH + 1);
        assert!(check(&too_long).unwrap_err().contains("at most 256"));
    }

    #[test]
    fn common_passwords_are_refused_case_insensitively() {
        let context = PasswordContext::new();
        let error = Password::parse("PASSWORD", 8, &context).unwrap_err();
        assert!(error.contains("most common"), "{error}");
        assert!(Password::parse("1qaz2wsx", 8, &context).is_err());
    }

    #[test]
    fn context_words_are_refused() {
        for password in [
            "harbourclinic strong words",
            "jane.citizen forever and ever",
            "my vigil account password!",
            "Citizen of the realm 2024 xyz",
        ] {
            let error = check(password).unwrap_err();
            assert!(
                error.contains("Don't build your password"),
                "{password}: {error}"
            );
        }
    }

    #[test]
    fn guessable_long_passwords_are_refused_with_advice() {
        let error = check("aaaaaaaaaaaaaaaaaaaa").unwrap_err();
        assert!(error.contains("too easy to guess"), "{error}");
        assert!(check("123456789012345678").is_err());
    }

    #[test]
    fn unicode_is_normalised_so_equivalent_input_matches() {
        // "é" as one code point and as "e" + combining accent.
        assert_eq!(normalize("caf\u{e9}"), normalize("cafe\u{301}"));
    }

    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let hasher = PasswordHasher::new(1).unwrap();
        let password = check("correct horse battery staple").unwrap();
        let hash = hasher.hash(&password).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            hasher
                .verify("correct horse battery staple", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("correct horse battery stapler", Some(&hash))
                .await
                .unwrap()
        );
        // The NFC form of the same text verifies.
        assert!(!hasher.verify("wrong", None).await.unwrap());
        assert!(
            !hasher
                .verify("vigil dummy password for unknown accounts", None)
                .await
                .unwrap()
        );
        assert!(format!("{password:?}") == "Password(***)");
    }

    /// The kept working memory holds the last check's blocks: the next check must not depend on
    /// them, and hashes made with other parameters (older, weaker or stronger) still verify.
    #[tokio::test]
    async fn reused_memory_and_other_parameters_verify_alike() {
        let hasher = PasswordHasher::new(1).unwrap();
        let with = |m_cost, t_cost, password: &str| {
            let params = Params::new(m_cost, t_cost, 1, None).unwrap();
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password(password.as_bytes())
                .unwrap()
                .to_string()
        };
        let weaker = with(8_192, 1, "weaker parameters of an older release");
        let stronger = with(32_768, 2, "stronger parameters than today's");
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::default())
            .hash_password(b"another variant and version")
            .unwrap()
            .to_string();
        for _ in 0..2 {
            for (hash, password) in [
                (&weaker, "weaker parameters of an older release"),
                (&stronger, "stronger parameters than today's"),
                (&argon2i, "another variant and version"),
            ] {
                assert!(hasher.verify(password, Some(hash)).await.unwrap(), "{hash}");
                assert!(
                    !hasher.verify("not it", Some(hash)).await.unwrap(),
                    "{hash}"
                );
            }
        }
        assert_eq!(
            hasher.memory.lock().unwrap().len(),
            1,
            "one permit, one memory"
        );
        assert!(matches!(
            hasher
                .verify("x", Some("$argon2id$v=19$m=19456,t=2,p=1$bm9oYXNo"))
                .await,
            Err(HashError::UnreadableHash(_))
        ));
    }
}
