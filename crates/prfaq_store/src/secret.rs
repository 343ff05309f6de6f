//! Random secrets (session cookies, invitation links, access tokens) and their hashes,
//! and the sealed secrets the workspace must use again.
//!
//! The store makes every secret itself and keeps only its SHA-256, so a copy of the
//! database or a backup file lets nobody sign in. A plain hash (no salt, no slow KDF) is
//! right here, unlike for passwords: the secrets carry 256 random bits, so there is
//! nothing to guess, and lookups must be one indexed equality.
//!
//! A secret a member gives the workspace to use later (the password in a document's
//! event source address) cannot be hashed: the server needs it back. It is sealed with
//! a [`SecretsKey`] that the operator keeps outside the database (`prfaq serve
//! --secrets-key-file`), with ChaCha20-Poly1305 and a fresh random nonce, bound to what
//! it belongs to (`context`), so that a copy of the database or a backup file holds no
//! password, and a sealed value moved to another row does not open.

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

/// The key that seals the secrets the workspace keeps to use again: 256 random bits,
/// never in the database. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretsKey([u8; 32]);

/// Bytes of a nonce before the sealed text.
const NONCE_LEN: usize = 12;

impl SecretsKey {
    /// A new key from the operating system's generator.
    pub fn generate() -> Result<SecretsKey> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| {
            StoreError::Invalid(format!("the system random generator failed: {error}"))
        })?;
        Ok(SecretsKey(bytes))
    }

    /// A key written as 64 hex digits (what [`SecretsKey::to_hex`] gives); surrounding
    /// white space is ignored.
    pub fn from_hex(text: &str) -> Result<SecretsKey> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| {
            StoreError::Invalid("a secrets key is 64 hexadecimal digits (32 random bytes)".into())
        })?;
        Ok(SecretsKey(bytes))
    }

    /// The key as 64 hex digits, to write to its file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn key(&self) -> ring::aead::LessSafeKey {
        let unbound = ring::aead::UnboundKey::new(&ring::aead::CHACHA20_POLY1305, &self.0)
            .unwrap_or_else(|_| unreachable!("a ChaCha20-Poly1305 key is 32 bytes"));
        ring::aead::LessSafeKey::new(unbound)
    }

    /// Seals `secret` for `context` (what it belongs to, such as a document's id): hex of
    /// the nonce, the sealed text and its tag.
    pub fn seal(&self, secret: &str, context: &[u8]) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|error| {
            StoreError::Invalid(format!("the system random generator failed: {error}"))
        })?;
        let mut sealed = secret.as_bytes().to_vec();
        self.key()
            .seal_in_place_append_tag(
                ring::aead::Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::from(context),
                &mut sealed,
            )
            .map_err(|_| StoreError::Invalid("the secret cannot be sealed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// Opens what [`SecretsKey::seal`] sealed for the same `context`. Another key,
    /// another context or a changed byte is [`StoreError::Invalid`].
    pub fn open(&self, sealed: &str, context: &[u8]) -> Result<String> {
        let refused = || {
            StoreError::Invalid(
                "the stored secret does not open with this server's secrets key \
                 (it was sealed with another key, or changed): set it again"
                    .into(),
            )
        };
        let bytes = hex::decode(sealed).map_err(|_| refused())?;
        if bytes.len() < NONCE_LEN {
            return Err(refused());
        }
        let (nonce, text) = bytes.split_at(NONCE_LEN);
        let nonce = ring::aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| refused())?;
        let mut text = text.to_vec();
        let opened = self
            .key()
            .open_in_place(nonce, ring::aead::Aad::from(context), &mut text)
            .map_err(|_| refused())?;
        String::from_utf8(opened.to_vec()).map_err(|_| refused())
    }
}

impl fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretsKey(<redacted>)")
    }
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
    fn sealed_secrets_open_only_with_their_key_and_context() {
        let key = SecretsKey::generate().expect("random");
        let url = "postgres://ann:s3cret@db:5432/shop";
        let sealed = key.seal(url, b"document 7").expect("sealed");
        assert!(!sealed.contains("s3cret"));
        assert_ne!(
            sealed,
            key.seal(url, b"document 7").expect("sealed"),
            "a fresh nonce"
        );
        assert_eq!(key.open(&sealed, b"document 7").expect("opens"), url);
        // Another row, another key, a changed byte, something that is not hex.
        assert!(key.open(&sealed, b"document 8").is_err());
        let other = SecretsKey::generate().expect("random");
        assert!(other.open(&sealed, b"document 7").is_err());
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8(changed).expect("hex");
        assert!(key.open(&changed, b"document 7").is_err());
        assert!(key.open("zz", b"document 7").is_err());
        assert!(key.open("00", b"document 7").is_err());
        // The key's own form, and its Debug form.
        let again = SecretsKey::from_hex(&format!(" {}\n", key.to_hex())).expect("hex");
        assert_eq!(again, key);
        assert!(SecretsKey::from_hex("abc").is_err());
        assert_eq!(format!("{key:?}"), "SecretsKey(<redacted>)");
    }

    #[test]
    fn ids_fit_a_javascript_number() {
        for _ in 0..1000 {
            let id = random_id().expect("random");
            assert!((1..(1i64 << 53)).contains(&id));
        }
    }
}
