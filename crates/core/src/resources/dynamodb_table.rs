//! `AWS::DynamoDB::Table`: the fields rules read.
//!
//! Field names are the AWS Config resource schema's
//! (`config/properties/resource-types/AWS::DynamoDB::Table.properties.json` in
//! awslabs/aws-config-resource-schema): `tableName`, `billingModeSummary.billingMode`,
//! `ssedescription.ssetype`, `ssedescription.kmsmasterKeyArn`,
//! `provisionedThroughput.readCapacityUnits`, `globalSecondaryIndexes[].indexName`. Point-in-time recovery is not in
//! the configuration but in the item's `supplementaryConfiguration.ContinuousBackupsDescription`
//! (`pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`). Deletion protection is read from
//! `deletionProtectionEnabled`, the DescribeTable field, where the item carries it (the schema
//! file predates the feature).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::resource::Tags;
use crate::resources::rds_instance::nested_str;

/// A DynamoDB table. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DynamoDbTable {
    /// `tableName`.
    pub name: Fact<String>,
    /// `tableArn`: the id of the `dynamodb.resource-policy` lookup.
    pub arn: Fact<String>,
    /// `tableStatus`, e.g. `ACTIVE`.
    pub status: Fact<String>,
    /// `billingModeSummary.billingMode`: `PROVISIONED` or `PAY_PER_REQUEST` (on-demand).
    pub billing_mode: Fact<String>,
    /// `ssedescription.ssetype`: `KMS` when a KMS key (AWS managed or customer managed) encrypts
    /// the table. The item says `"ssedescription": null` when the table uses the AWS owned key
    /// (the default); that is `Known(None)`.
    pub sse_type: Fact<Option<String>>,
    /// `ssedescription.kmsmasterKeyArn`: the KMS key, when `sse_type` is `KMS`.
    pub kms_key_arn: Fact<String>,
    /// `deletionProtectionEnabled`.
    pub deletion_protection: Fact<bool>,
    /// `provisionedThroughput.readCapacityUnits`: 0 for on-demand tables. DescribeTable (and so
    /// the Config item) omits `billingModeSummary` for tables that were always provisioned, so
    /// this tells provisioned tables apart when the billing mode is absent.
    pub read_capacity_units: Fact<i64>,
    /// `globalSecondaryIndexes[].indexName`: the global secondary indexes (each has its own
    /// capacity and its own auto scaling targets). Empty when the item lists none.
    pub global_secondary_indexes: Fact<Vec<String>>,
    /// `ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`
    /// from the supplementary configuration: `ENABLED` or `DISABLED`.
    pub point_in_time_recovery: Fact<String>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl DynamoDbTable {
    /// Reads the table from its configuration and the item's decoded supplementary
    /// configuration (`None` when the source has none: point-in-time recovery is then unknown).
    pub fn parse(c: Obj<'_>, supplementary: Option<Obj<'_>>) -> Result<Self, InputError> {
        let sse_path = join(c.path(), "ssedescription");
        let sse_type = c.field(|| {
            Ok(match c.opt_obj("ssedescription", &sse_path)? {
                Some(s) => s.str_fact("ssetype")?.map(Some),
                None if c.is_null("ssedescription") => Fact::Known(None),
                None => Fact::Unknown,
            })
        })?;
        Ok(DynamoDbTable {
            name: c.str_fact("tableName")?,
            arn: c.str_fact("tableArn")?,
            status: c.str_fact("tableStatus")?,
            billing_mode: nested_str(c, "billingModeSummary", "billingMode")?,
            sse_type,
            kms_key_arn: nested_str(c, "ssedescription", "kmsmasterKeyArn")?,
            deletion_protection: c.bool_fact("deletionProtectionEnabled")?,
            read_capacity_units: crate::resources::rds_instance::nested_i64(
                c,
                "provisionedThroughput",
                "readCapacityUnits",
            )?,
            global_secondary_indexes: index_names(c)?,
            point_in_time_recovery: match supplementary {
                Some(s) => pitr_status(s)?,
                None => Fact::Unknown,
            },
            tags: Fact::Unknown,
        })
    }
}

/// `globalSecondaryIndexes`: unknown when absent or null; each entry must name its index.
fn index_names(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    c.tolerate(read_index_names(c))
}

fn read_index_names(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    let key = "globalSecondaryIndexes";
    if c.is_null(key) {
        return Ok(Fact::Unknown);
    }
    let Some((items, path)) = c.opt_array(key, "a list of global secondary indexes")? else {
        return Ok(Fact::Unknown);
    };
    items
        .iter()
        .map(|item| {
            Obj::new(item, &path)?
                .req_str("indexName")
                .map(str::to_string)
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Fact::Known)
}

fn pitr_status(s: Obj<'_>) -> Result<Fact<String>, InputError> {
    s.tolerate(read_pitr_status(s))
}

fn read_pitr_status(s: Obj<'_>) -> Result<Fact<String>, InputError> {
    let path = join(s.path(), "ContinuousBackupsDescription");
    let Some(backups) = s.opt_obj("ContinuousBackupsDescription", &path)? else {
        return Ok(Fact::Unknown);
    };
    nested_str(
        backups,
        "pointInTimeRecoveryDescription",
        "pointInTimeRecoveryStatus",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn configuration_and_supplementary_fields_are_read() {
        let c = json!({
            "tableName": "orders", "tableStatus": "ACTIVE",
            "billingModeSummary": {"billingMode": "PAY_PER_REQUEST"},
            "ssedescription": {"status": "ENABLED", "ssetype": "KMS",
                               "kmsmasterKeyArn": "arn:aws:kms:eu-west-2:123456789012:key/k"},
            "deletionProtectionEnabled": true
        });
        let s = json!({"ContinuousBackupsDescription": {"continuousBackupsStatus": "ENABLED",
            "pointInTimeRecoveryDescription": {"pointInTimeRecoveryStatus": "ENABLED"}}});
        let t = DynamoDbTable::parse(
            Obj::new(&c, "configuration").unwrap(),
            Some(Obj::new(&s, "supplementaryConfiguration").unwrap()),
        )
        .unwrap();
        assert_eq!(t.billing_mode, Fact::Known("PAY_PER_REQUEST".into()));
        assert_eq!(t.sse_type, Fact::Known(Some("KMS".into())));
        assert_eq!(t.deletion_protection, Fact::Known(true));
        assert_eq!(t.point_in_time_recovery, Fact::Known("ENABLED".into()));
        assert_eq!(t.global_secondary_indexes, Fact::Unknown);
    }

    #[test]
    fn capacity_and_global_secondary_indexes_are_read() {
        let c = json!({"tableName": "orders",
            "provisionedThroughput": {"numberOfDecreasesToday": 0, "readCapacityUnits": 5, "writeCapacityUnits": 5},
            "globalSecondaryIndexes": [{"indexName": "by-customer", "indexStatus": "ACTIVE",
                "provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5}}]});
        let t = DynamoDbTable::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap();
        assert_eq!(t.read_capacity_units, Fact::Known(5));
        assert_eq!(
            t.global_secondary_indexes,
            Fact::Known(vec!["by-customer".into()])
        );
        let bad = json!({"globalSecondaryIndexes": "by-customer"});
        let err = DynamoDbTable::parse(Obj::new(&bad, "configuration").unwrap(), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("configuration.globalSecondaryIndexes"),
            "{err}"
        );
    }

    #[test]
    fn a_null_sse_description_is_the_aws_owned_key_and_absent_supplementary_is_unknown() {
        let c = json!({"tableName": "orders", "ssedescription": null});
        let t = DynamoDbTable::parse(Obj::new(&c, "configuration").unwrap(), None).unwrap();
        assert_eq!(t.sse_type, Fact::Known(None));
        assert_eq!(t.point_in_time_recovery, Fact::Unknown);
        assert_eq!(t.deletion_protection, Fact::Unknown);
        let empty = json!({});
        let t = DynamoDbTable::parse(
            Obj::new(&c, "configuration").unwrap(),
            Some(Obj::new(&empty, "supplementaryConfiguration").unwrap()),
        )
        .unwrap();
        assert_eq!(t.point_in_time_recovery, Fact::Unknown);
    }
}
