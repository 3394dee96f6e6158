//! FSBP DynamoDB.1 — DynamoDB tables should automatically scale capacity with demand.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-1>),
//! AWS Config rule `dynamodb-autoscaling-enabled`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-autoscaling-enabled.html>).
//! FSBP sets none of the rule's capacity and utilisation parameters, so "by default, this control
//! only requires that one of these modes be configured": the table uses on-demand capacity
//! (`PAY_PER_REQUEST`) or provisioned capacity with auto scaling. The Config rule checks "tables
//! or global secondary indexes" and is NON_COMPLIANT "if either mode is used without auto scaling
//! enabled", so for a provisioned table the read and the write capacity of the table and of each
//! global secondary index must have auto scaling.
//!
//! Auto scaling lives in Application Auto Scaling, not in the table's configuration item: for a
//! provisioned table the rule asks the `applicationautoscaling.dynamodb-table` lookup once per
//! scalable resource (id `table/<name>` and `table/<name>/index/<index>`, Application Auto
//! Scaling's `ResourceId`), answered from `DescribeScalableTargets` (service namespace
//! `dynamodb`) with the registered targets ([`ScalableTargets`]; none when nothing is
//! registered). Vigil
//! checks that the read and write dimensions are registered as scalable targets; it does not
//! read the scaling policies (the control's optional target utilisation parameters are unset in
//! FSBP).
//!
//! A table whose item has no `billingModeSummary` (DescribeTable omits it for tables that were
//! always provisioned) is provisioned when its `provisionedThroughput.readCapacityUnits` is above
//! 0 (on-demand tables report 0).

use crate::lookups::dynamodb::ScalableTargets;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::resources::dynamodb_table::DynamoDbTable;
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// DynamoDB.1.
pub struct DynamoDb1;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-autoscaling",
    title: "DynamoDB tables should automatically scale capacity with demand",
    severity: Severity::Medium,
    resource_type: "AWS::DynamoDB::Table",
    controls: &["DynamoDB.1"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "the table uses on-demand capacity (PAY_PER_REQUEST), or its read and write capacity, and that of each global secondary index, are registered with Application Auto Scaling",
    rationale: "A table with fixed provisioned capacity throttles requests once traffic grows past it, so the application starts failing at its busiest moment. On-demand mode, or auto scaling on provisioned capacity, keeps it available.",
    remediation: "In the DynamoDB console choose Tables, select the table, open Additional settings, choose Edit under Read/write capacity and pick On-demand, or keep Provisioned and turn on Auto scaling for read and write capacity (and for each global secondary index). CLI: aws dynamodb update-table --table-name <name> --billing-mode PAY_PER_REQUEST (or aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id table/<name> --scalable-dimension dynamodb:table:ReadCapacityUnits --min-capacity 5 --max-capacity 100, the same for WriteCapacityUnits, plus a target tracking policy with put-scaling-policy)",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Additional settings > Read/write capacity > Edit > Capacity mode: On-demand (or Provisioned with Auto scaling on for reads and writes)",
        command: "aws dynamodb update-table --region {region} --table-name {name} --billing-mode PAY_PER_REQUEST",
        caution: Some("On-demand bills per request instead of per provisioned unit: cheaper for spiky traffic, dearer for steady high traffic. The capacity mode can be switched only a limited number of times in 24 hours."),
        inputs: &[],
    }),
    source: "FSBP DynamoDB.1 (AWS Config rule dynamodb-autoscaling-enabled, no parameters); scalable targets from Application Auto Scaling DescribeScalableTargets",
};

/// How the table is billed, as far as the item tells.
enum Mode {
    OnDemand,
    Provisioned,
}

fn mode(t: &DynamoDbTable) -> Option<Mode> {
    match t.billing_mode.get().map(String::as_str) {
        Some("PAY_PER_REQUEST") => Some(Mode::OnDemand),
        Some(_) => Some(Mode::Provisioned),
        None => match t.read_capacity_units.get() {
            Some(n) if *n > 0 => Some(Mode::Provisioned),
            _ => None,
        },
    }
}

/// A scalable resource: its `ResourceId`, the dimension prefix, and how to name it to people.
struct Scalable {
    id: String,
    dimension: &'static str,
    label: String,
}

/// The table and its known global secondary indexes (`None` for the indexes when unknown).
fn scalables(t: &DynamoDbTable) -> Option<(Scalable, Option<Vec<Scalable>>)> {
    let name = t.name.get()?;
    let table = Scalable {
        id: format!("table/{name}"),
        dimension: "dynamodb:table",
        label: "the table".into(),
    };
    let indexes = t.global_secondary_indexes.get().map(|names| {
        names
            .iter()
            .map(|i| Scalable {
                id: format!("table/{name}/index/{i}"),
                dimension: "dynamodb:index",
                label: format!("index {i}"),
            })
            .collect()
    });
    Some((table, indexes))
}

/// The capacity kinds (`read`, `write`) of `s` that have no scalable target in the answer, or
/// the undetermined verdict when the answer has no target list.
fn missing(s: &Scalable, answer: &ScalableTargets) -> Result<Vec<&'static str>, Verdict> {
    let Some(targets) = &answer.scalable_targets else {
        return Err(Verdict::undetermined([format!(
            "{} (no ScalableTargets in the answer)",
            ScalableTargets::key(s.id.clone()).label()
        )]));
    };
    let has = |unit: &str| {
        let wanted = format!("{}:{unit}", s.dimension);
        targets
            .iter()
            .any(|t| t.scalable_dimension.as_deref() == Some(wanted.as_str()))
    };
    Ok([
        ("read", "ReadCapacityUnits"),
        ("write", "WriteCapacityUnits"),
    ]
    .into_iter()
    .filter(|(_, unit)| !has(unit))
    .map(|(kind, _)| kind)
    .collect())
}

impl Rule for DynamoDb1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        let Some(t) = dynamodb_table(resource) else {
            return Vec::new();
        };
        if !matches!(mode(t), Some(Mode::Provisioned)) {
            return Vec::new();
        }
        let Some((table, indexes)) = scalables(t) else {
            return Vec::new();
        };
        std::iter::once(table)
            .chain(indexes.unwrap_or_default())
            .map(|s| ScalableTargets::key(s.id).untyped())
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        match mode(t) {
            Some(Mode::OnDemand) => {
                return Verdict::passed(
                    "the table uses on-demand capacity, which scales with demand",
                )
            }
            Some(Mode::Provisioned) => {}
            None => return Verdict::undetermined(["billingModeSummary.billingMode"]),
        }
        let Some((table, indexes)) = scalables(t) else {
            return Verdict::undetermined(["tableName"]);
        };
        let mut gaps = Vec::new();
        let mut unknown = Vec::new();
        let all: Vec<&Scalable> = std::iter::once(&table)
            .chain(indexes.iter().flatten())
            .collect();
        for s in all {
            let answer = match ctx.lookups.get(&ScalableTargets::key(s.id.clone())) {
                Ok(a) => a,
                Err(Verdict::Undetermined { missing, .. }) => {
                    unknown.extend(missing);
                    continue;
                }
                Err(other) => return other,
            };
            match missing(s, answer) {
                Ok(kinds) => gaps.extend(kinds.into_iter().map(|k| (k, s))),
                Err(Verdict::Undetermined { missing, .. }) => unknown.extend(missing),
                Err(other) => return other,
            }
        }
        if !gaps.is_empty() {
            let what: Vec<String> = gaps
                .iter()
                .map(|(kind, s)| format!("{kind} capacity of {}", s.label))
                .collect();
            let evidence = gaps
                .iter()
                .map(|(kind, s)| {
                    let unit = if *kind == "read" {
                        "ReadCapacityUnits"
                    } else {
                        "WriteCapacityUnits"
                    };
                    Evidence::new(
                        format!("ScalableTarget {} {}:{unit}", s.id, s.dimension),
                        "none",
                    )
                })
                .collect();
            return Verdict::failed(
                format!(
                    "the table uses provisioned capacity without auto scaling for the {}",
                    what.join(", ")
                ),
                evidence,
            );
        }
        if indexes.is_none() {
            unknown.push("globalSecondaryIndexes".into());
        }
        if !unknown.is_empty() {
            return Verdict::undetermined(unknown);
        }
        Verdict::passed(
            "the table uses provisioned capacity with auto scaling for reads and writes of the table and every global secondary index",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::test_support::eval_table;
    use crate::settings::Settings;
    use serde_json::json;

    fn table(config: serde_json::Value) -> Resource {
        Resource::DynamoDbTable(
            DynamoDbTable::parse(Obj::new(&config, "configuration").unwrap(), None).unwrap(),
        )
    }

    fn provisioned(indexes: serde_json::Value) -> Resource {
        table(json!({"tableName": "orders",
            "billingModeSummary": {"billingMode": "PROVISIONED"},
            "provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5},
            "globalSecondaryIndexes": indexes}))
    }

    fn targets(dimensions: &[&str]) -> serde_json::Value {
        json!({"ScalableTargets": dimensions.iter()
            .map(|d| json!({"ScalableDimension": d, "MinCapacity": 5, "MaxCapacity": 100}))
            .collect::<Vec<_>>()})
    }

    fn eval_with(r: &Resource, answers: &[(&str, serde_json::Value)]) -> Verdict {
        let mut lookups = Lookups::none();
        for (id, a) in answers {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::ApplicationAutoScalingDynamoDbTable, *id),
                    a.clone(),
                )
                .unwrap();
        }
        DynamoDb1.evaluate(r, &Context::new(&Settings::default(), &lookups))
    }

    const TABLE_RW: [&str; 2] = [
        "dynamodb:table:ReadCapacityUnits",
        "dynamodb:table:WriteCapacityUnits",
    ];

    #[test]
    fn on_demand_passes_without_lookups() {
        let r = table(
            json!({"tableName": "t", "billingModeSummary": {"billingMode": "PAY_PER_REQUEST"}}),
        );
        assert!(DynamoDb1.lookups(&r).is_empty());
        assert!(matches!(
            eval_table(
                &DynamoDb1,
                json!({"billingModeSummary": {"billingMode": "PAY_PER_REQUEST"}}),
                None
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn provisioned_with_read_and_write_targets_everywhere_passes() {
        let r = provisioned(json!([{"indexName": "by-customer"}]));
        assert_eq!(
            DynamoDb1.lookups(&r),
            vec![
                LookupKey::new(
                    LookupKind::ApplicationAutoScalingDynamoDbTable,
                    "table/orders"
                ),
                LookupKey::new(
                    LookupKind::ApplicationAutoScalingDynamoDbTable,
                    "table/orders/index/by-customer"
                ),
            ]
        );
        let v = eval_with(
            &r,
            &[
                ("table/orders", targets(&TABLE_RW)),
                (
                    "table/orders/index/by-customer",
                    targets(&[
                        "dynamodb:index:ReadCapacityUnits",
                        "dynamodb:index:WriteCapacityUnits",
                    ]),
                ),
            ],
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_missing_dimension_on_the_table_or_an_index_fails() {
        let r = provisioned(json!([{"indexName": "by-customer"}]));
        let v = eval_with(
            &r,
            &[
                (
                    "table/orders",
                    targets(&["dynamodb:table:ReadCapacityUnits"]),
                ),
                ("table/orders/index/by-customer", targets(&[])),
            ],
        );
        match v {
            Verdict::Failed { reason, evidence } => {
                assert!(reason.contains("write capacity of the table"), "{reason}");
                assert!(
                    reason.contains("read capacity of index by-customer"),
                    "{reason}"
                );
                assert_eq!(evidence.len(), 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_table_without_billing_mode_summary_but_with_capacity_is_provisioned() {
        let r = table(json!({"tableName": "orders", "billingModeSummary": null,
            "provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5},
            "globalSecondaryIndexes": []}));
        assert_eq!(
            DynamoDb1.lookups(&r),
            vec![LookupKey::new(
                LookupKind::ApplicationAutoScalingDynamoDbTable,
                "table/orders"
            )]
        );
        assert!(matches!(
            eval_with(&r, &[("table/orders", targets(&[]))]),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn unknown_inputs_are_undetermined_not_guessed() {
        let r = provisioned(json!([]));
        assert_eq!(
            eval_with(&r, &[]),
            Verdict::undetermined(["applicationautoscaling.dynamodb-table:table/orders"])
        );
        assert!(matches!(
            eval_with(&r, &[("table/orders", json!({}))]),
            Verdict::Undetermined { .. }
        ));
        let no_indexes = table(json!({"tableName": "orders",
            "billingModeSummary": {"billingMode": "PROVISIONED"}}));
        assert_eq!(
            eval_with(&no_indexes, &[("table/orders", targets(&TABLE_RW))]),
            Verdict::undetermined(["globalSecondaryIndexes"])
        );
        assert_eq!(
            eval_table(&DynamoDb1, json!({"tableName": "t"}), None),
            Verdict::undetermined(["billingModeSummary.billingMode"])
        );
    }
}
