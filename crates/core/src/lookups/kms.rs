//! KMS answers.

use serde::Deserialize;

/// `kms.key` (id: the key's ARN or id), from `DescribeKey`: key metadata only (no key material
/// exists outside KMS). Shape: [`KeyMetadata::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyMetadata {
    /// `KeyManager`: `CUSTOMER` or `AWS`.
    pub key_manager: Option<String>,
    /// `KeyState`: `Enabled`, `Disabled`, `PendingDeletion`, ...
    pub key_state: Option<String>,
}

impl KeyMetadata {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"KeyManager": "CUSTOMER", "KeyState": "Enabled"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_reads() {
        let a: KeyMetadata = serde_json::from_str(KeyMetadata::EXAMPLE).unwrap();
        assert_eq!(
            a,
            KeyMetadata {
                key_manager: Some("CUSTOMER".into()),
                key_state: Some("Enabled".into())
            }
        );
    }
}
