//! Random secrets (session cookies, invitation links, access tokens) and their hashes.
//!
//! The store makes every secret itself and keeps only its SHA-256, so a copy of the
//! database or a backup file lets nobody sign in. A plain hash (no salt, no slow KDF) is
//! right here, unlike for passwords: the secrets carry 256 random bits, so there is
//! nothing to guess, and lookups must be one indexed equality.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// A freshly made secret, handed to the user once. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, to put in a cookie, a link or the token dialog.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Makes a secret of 256 random bits from the operating system's generator, hex
    /// encoded after `prefix` (a prefix lets secret scanners recognise leaked tokens).
    pub(crate) fn generate(prefix: &str) -> Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| {
            StoreError::Invalid(format!("the system random generator failed: {error}"))
        })?;
        Ok(Secret(format!("{prefix}{}", hex::encode(bytes))))
    }

    /// The hash under which the store keeps this secret.
    pub(crate) fn hash(&self) -> String {
        hash_secret(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The stored form of a secret presented by a client: SHA-256, lower-case hex.
pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Random ids: positive integers below 2^53, so that they are exact in JavaScript and
/// reveal nothing about how many rows exist. At a million rows the chance that a new id
/// collides is about one in ten billion; a collision fails the insert cleanly through the
/// primary key rather than overwriting anything.
pub(crate) fn random_id() -> Result<i64> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|error| {
        StoreError::Invalid(format!("the system random generator failed: {error}"))
    })?;
    let id = (u64::from_le_bytes(bytes) >> 11) as i64;
    Ok(id.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = Secret::generate("prfaq_pat_").expect("random");
        let b = Secret::generate("prfaq_pat_").expect("random");
        assert_ne!(a, b);
        assert!(a.expose().starts_with("prfaq_pat_"));
        assert_eq!(a.expose().len(), "prfaq_pat_".len() + 64);
        assert_eq!(a.hash(), hash_secret(a.expose()));
        assert_ne!(a.hash(), a.expose());
        assert_eq!(format!("{a:?}"), "Secret(<redacted>)");
        // The SHA-256 of "abc", from FIPS 180-2.
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn ids_fit_a_javascript_number() {
        for _ in 0..1000 {
            let id = random_id().expect("random");
            assert!((1..(1i64 << 53)).contains(&id));
        }
    }
}
