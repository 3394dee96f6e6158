//! `AWS::KMS::Key`: the fields rules read.
//!
//! Field names are the AWS Config resource schema's
//! (`config/properties/resource-types/AWS::KMS::Key.properties.json` in
//! awslabs/aws-config-resource-schema): `keyId`, `keyManager`, `keyState`, `origin`,
//! `customerMasterKeySpec`, `keyUsage`, `deletionDate` (a date: ISO 8601 or an epoch number,
//! read by [`crate::date`]); the rotation status is the item's supplementary
//! `KeyRotationStatus` (a boolean, delivered as a string).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;
use chrono::{DateTime, Utc};

/// A KMS key. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KmsKey {
    /// `keyId`.
    pub key_id: Fact<String>,
    /// `keyManager`: `CUSTOMER` or `AWS`.
    pub key_manager: Fact<String>,
    /// `keyState`: `Enabled`, `Disabled`, `PendingDeletion`, ...
    pub key_state: Fact<String>,
    /// `deletionDate`, when the key is scheduled for deletion.
    pub deletion_date: Fact<DateTime<Utc>>,
    /// `origin`: `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    pub origin: Fact<String>,
    /// `customerMasterKeySpec`, e.g. `SYMMETRIC_DEFAULT`.
    pub key_spec: Fact<String>,
    /// `keyUsage`, e.g. `ENCRYPT_DECRYPT`.
    pub key_usage: Fact<String>,
    /// Supplementary `KeyRotationStatus`: whether automatic rotation is on.
    pub rotation_enabled: Fact<bool>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl KmsKey {
    /// Reads the key from its configuration and the item's decoded supplementary configuration.
    pub fn parse(c: Obj<'_>, supplementary: Option<Obj<'_>>) -> Result<Self, InputError> {
        Ok(KmsKey {
            key_id: c.str_fact("keyId")?,
            key_manager: c.str_fact("keyManager")?,
            key_state: c.str_fact("keyState")?,
            deletion_date: c.date_fact("deletionDate")?,
            origin: c.str_fact("origin")?,
            key_spec: c.str_fact("customerMasterKeySpec")?,
            key_usage: c.str_fact("keyUsage")?,
            rotation_enabled: match supplementary {
                Some(s) => s.flag_fact("KeyRotationStatus")?,
                None => Fact::Unknown,
            },
            tags: Fact::Unknown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn configuration_and_rotation_status_are_read() {
        let c = json!({"keyId": "k", "keyManager": "CUSTOMER", "keyState": "Enabled",
                       "origin": "AWS_KMS", "customerMasterKeySpec": "SYMMETRIC_DEFAULT"});
        let s = json!({"KeyRotationStatus": "true"});
        let k = KmsKey::parse(
            Obj::new(&c, "configuration").unwrap(),
            Some(Obj::new(&s, "supplementaryConfiguration").unwrap()),
        )
        .unwrap();
        assert_eq!(k.key_manager, Fact::Known("CUSTOMER".into()));
        assert_eq!(k.rotation_enabled, Fact::Known(true));
        let k = KmsKey::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap();
        assert_eq!(k.rotation_enabled, Fact::Unknown);
    }

    #[test]
    fn the_deletion_date_reads_as_iso_text_and_as_an_epoch_number() {
        let parse = |date: serde_json::Value| {
            let c = json!({"keyState": "PendingDeletion", "deletionDate": date});
            KmsKey::parse(Obj::new(&c, "configuration").unwrap(), None)
                .unwrap()
                .deletion_date
        };
        let iso = parse(json!("2025-04-13T12:31:00.000Z"));
        assert!(iso.is_known());
        assert_eq!(parse(json!(1_744_547_460)), iso);
        assert_eq!(parse(json!(1_744_547_460_000_i64)), iso);
        assert_eq!(parse(json!("Apr 13, 2025 12:31:00 PM")), iso);
    }
}
