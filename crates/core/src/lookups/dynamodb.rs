//! DynamoDB answers (the table's resource policy; its Application Auto Scaling targets).

use super::de;
use serde::Deserialize;

/// `dynamodb.resource-policy` (id: the table ARN), from `GetResourcePolicy`: the resource-based
/// policy as JSON text, null when the table has none (`PolicyNotFoundException`; absent is
/// unknown). Shape: [`ResourcePolicy::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcePolicy {
    /// `Policy`.
    #[serde(default, deserialize_with = "de::present")]
    pub policy: Option<Option<String>>,
}

impl ResourcePolicy {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"dynamodb:GetItem\",\"Resource\":\"arn:aws:dynamodb:eu-west-2:123456789012:table/customers\"}]}"}"#;
}

/// `applicationautoscaling.dynamodb-table` (id: the scalable resource, `table/<name>` or
/// `table/<name>/index/<index>`), from `DescribeScalableTargets` in the `dynamodb` namespace
/// over every page: an empty list when nothing is registered. Shape:
/// [`ScalableTargets::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTargets {
    /// `ScalableTargets`.
    pub scalable_targets: Option<Vec<ScalableTarget>>,
}

impl ScalableTargets {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"ScalableTargets": [{"ScalableDimension": "dynamodb:table:ReadCapacityUnits", "MinCapacity": 5, "MaxCapacity": 100}]}"#;
}

/// One registered scalable target.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    /// `ScalableDimension`: `dynamodb:table:ReadCapacityUnits`, `dynamodb:index:WriteCapacityUnits`, ...
    pub scalable_dimension: Option<String>,
    /// `MinCapacity`.
    pub min_capacity: Option<i64>,
    /// `MaxCapacity`.
    pub max_capacity: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_read() {
        let p: ResourcePolicy = serde_json::from_str(ResourcePolicy::EXAMPLE).unwrap();
        assert!(crate::policy::Document::parse_str(&p.policy.unwrap().unwrap()).is_ok());
        let t: ScalableTargets = serde_json::from_str(ScalableTargets::EXAMPLE).unwrap();
        assert_eq!(
            t.scalable_targets.unwrap(),
            [ScalableTarget {
                scalable_dimension: Some("dynamodb:table:ReadCapacityUnits".into()),
                min_capacity: Some(5),
                max_capacity: Some(100)
            }]
        );
    }
}
