//! `AWS::SecretsManager::Secret`: the fields rules read (never the secret's value, which AWS
//! Config does not record).
//!
//! Field names are the AWS Config resource schema's
//! (`config/properties/resource-types/AWS::SecretsManager::Secret.properties.json` in
//! awslabs/aws-config-resource-schema), in PascalCase: `ARN`, `Name`, `RotationEnabled`,
//! `RotationOccurringAsScheduled`, `RotationRules.AutomaticallyAfterDays`, `KMSKeyId`.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;
use crate::resources::rds_instance::nested_i64;

/// A Secrets Manager secret's metadata. Every field is a [`Fact`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secret {
    /// `ARN`: the id of the `secretsmanager.secret` lookup.
    pub arn: Fact<String>,
    /// `Name`.
    pub name: Fact<String>,
    /// `RotationEnabled`.
    pub rotation_enabled: Fact<bool>,
    /// `RotationOccurringAsScheduled`: whether the last scheduled rotation succeeded.
    pub rotation_as_scheduled: Fact<bool>,
    /// `RotationRules.AutomaticallyAfterDays`.
    pub rotation_after_days: Fact<i64>,
    /// `KMSKeyId`: the key that encrypts the secret; absent means the AWS managed
    /// `aws/secretsmanager` key.
    pub kms_key_id: Fact<Option<String>>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl Secret {
    /// Reads the secret's metadata from its configuration.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(Secret {
            arn: c.str_fact("ARN")?,
            name: c.str_fact("Name")?,
            rotation_enabled: c.bool_fact("RotationEnabled")?,
            rotation_as_scheduled: c.bool_fact("RotationOccurringAsScheduled")?,
            rotation_after_days: nested_i64(c, "RotationRules", "AutomaticallyAfterDays")?,
            kms_key_id: c.field(|| {
                Ok(match c.opt_str("KMSKeyId")? {
                    Some(k) => Fact::Known(Some(k.to_string())),
                    None if c.is_null("KMSKeyId") => Fact::Known(None),
                    None => Fact::Unknown,
                })
            })?,
            tags: Fact::Unknown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schema_fields_are_read() {
        let c = json!({"ARN": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/orders-db-Xy7Q2b",
                       "Name": "prod/orders-db", "RotationEnabled": true,
                       "RotationOccurringAsScheduled": false,
                       "RotationRules": {"AutomaticallyAfterDays": 30}, "KMSKeyId": null});
        let s = Secret::parse(Obj::new(&c, "configuration").unwrap()).unwrap();
        assert_eq!(s.rotation_enabled, Fact::Known(true));
        assert_eq!(s.rotation_as_scheduled, Fact::Known(false));
        assert_eq!(s.rotation_after_days, Fact::Known(30));
        assert_eq!(s.kms_key_id, Fact::Known(None));
        assert_eq!(
            s.arn,
            Fact::Known(
                "arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/orders-db-Xy7Q2b".into()
            )
        );
    }
}
