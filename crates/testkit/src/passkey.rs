//! A software passkey: an ES256 key that answers WebAuthn ceremonies as a platform
//! authenticator would (user verified, discoverable, counting its uses), with the knobs an
//! attacker turns: the origin it reports, whether the user was verified, its counter, and
//! copying it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_cbor_2::Value as Cbor;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The origin the test server's relying party allows (`localhost`, port of the default extra
/// origin).
pub const PASSKEY_ORIGIN: &str = "http://localhost:8080";

const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED_CREDENTIAL: u8 = 0x40;

#[derive(Clone)]
pub struct SoftPasskey {
    key: SigningKey,
    pub credential_id: Vec<u8>,
    /// The signature counter; every answer counts one more.
    pub counter: u32,
    /// The WebAuthn user handle the relying party gave at registration.
    pub user_handle: Option<Vec<u8>>,
    /// The origin the "browser" reports in the client data.
    pub origin: String,
    /// Whether the authenticator says it verified the user (PIN, fingerprint).
    pub user_verified: bool,
}

impl Default for SoftPasskey {
    fn default() -> Self {
        Self::new()
    }
}

impl SoftPasskey {
    pub fn new() -> Self {
        let mut secret = [0u8; 32];
        secret[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        secret[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        Self {
            key: SigningKey::from_slice(&secret).expect("a P-256 scalar"),
            credential_id: uuid::Uuid::new_v4().as_bytes().to_vec(),
            counter: 0,
            user_handle: None,
            origin: PASSKEY_ORIGIN.to_owned(),
            user_verified: true,
        }
    }

    fn flags(&self) -> u8 {
        USER_PRESENT | if self.user_verified { USER_VERIFIED } else { 0 }
    }

    fn client_data(&self, kind: &str, public_key: &Value) -> Vec<u8> {
        let challenge = public_key["challenge"].as_str().expect("a challenge");
        serde_json::to_vec(&json!({
            "type": kind,
            "challenge": challenge,
            "origin": self.origin,
            "crossOrigin": false,
        }))
        .unwrap()
    }

    /// The new credential for creation options (`{ publicKey: … }`), as `toJSON()` gives it.
    pub fn register(&mut self, options: &Value) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rp"]["id"].as_str().expect("an rp id");
        let user_id = public_key["user"]["id"].as_str().expect("a user handle");
        self.user_handle = Some(B64.decode(user_id).expect("base64url user handle"));
        let point = self.key.verifying_key().to_encoded_point(false);
        let cose_key = Cbor::Map(BTreeMap::from([
            (Cbor::Integer(1), Cbor::Integer(2)),
            (Cbor::Integer(3), Cbor::Integer(-7)),
            (Cbor::Integer(-1), Cbor::Integer(1)),
            (Cbor::Integer(-2), Cbor::Bytes(point.x().unwrap().to_vec())),
            (Cbor::Integer(-3), Cbor::Bytes(point.y().unwrap().to_vec())),
        ]));
        let mut auth_data = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth_data.push(self.flags() | ATTESTED_CREDENTIAL);
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        auth_data.extend_from_slice(&[0u8; 16]);
        auth_data.extend_from_slice(
            &u16::try_from(self.credential_id.len())
                .unwrap()
                .to_be_bytes(),
        );
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&serde_cbor_2::to_vec(&cose_key).unwrap());
        let attestation = Cbor::Map(BTreeMap::from([
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), Cbor::Map(BTreeMap::new())),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data)),
        ]));
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "attestationObject": B64.encode(serde_cbor_2::to_vec(&attestation).unwrap()),
                "clientDataJSON": B64.encode(self.client_data("webauthn.create", public_key)),
            },
            "extensions": {},
        })
    }

    /// The answer to request options (`{ publicKey: … }`), signed over the challenge.
    pub fn answer(&mut self, options: &Value) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rpId"].as_str().expect("an rp id");
        self.counter += 1;
        let mut auth_data = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth_data.push(self.flags());
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        let client_data = self.client_data("webauthn.get", public_key);
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(&client_data));
        let signature: Signature = self.key.sign(&signed);
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "authenticatorData": B64.encode(&auth_data),
                "clientDataJSON": B64.encode(&client_data),
                "signature": B64.encode(signature.to_der().as_bytes()),
                "userHandle": self.user_handle.as_ref().map(|h| B64.encode(h)),
            },
            "extensions": {},
        })
    }
}
