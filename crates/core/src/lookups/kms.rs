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

/// `kms.key-policy` (id: the key's ARN or id), from `GetKeyPolicy` with the policy name
/// `default` (a key has only that one): the key policy document as JSON text. Shape:
/// [`KeyPolicy::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPolicy {
    /// `Policy`: the document as text; `null` when KMS returned none.
    pub policy: Option<String>,
}

impl KeyPolicy {
    /// The documented shape.
    pub const EXAMPLE: &'static str =
        r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_policy_example_reads() {
        let a: KeyPolicy = serde_json::from_str(KeyPolicy::EXAMPLE).unwrap();
        assert!(a.policy.unwrap().contains("2012-10-17"));
    }

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
