//! Security Hub DynamoDB.4 — DynamoDB tables should be present in a backup plan.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-4>),
//! AWS Config rule `dynamodb-resources-protected-by-backup-plan` (resource type
//! `AWS::DynamoDB::Table`): NON_COMPLIANT when the table is not covered by a backup plan. Its
//! Security Hub parameter `backupVaultLockCheck` has no default value, so the vault lock is not
//! checked. DynamoDB.4 is in NIST SP 800-53 r5, not in FSBP (`standards.rs`).
//!
//! Coverage comes from the `backup.selections` lookup (id: the table ARN) matched against the
//! table's ARN and tags (`rules::backup_plan`). No ARN, no answer, or coverage that depends on
//! unknown tags: UNDETERMINED.
//!
//! The table's status is not read: neither the control page nor the Config rule page names a
//! status condition (the rule is NON_COMPLIANT whenever the table "is not covered by a backup
//! plan"), so a table that is still `CREATING` or `UPDATING` is judged like an `ACTIVE` one.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{backup_plan, dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// DynamoDB.4.
pub struct DynamoDb4;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-backup-plan",
    title: "DynamoDB tables should be present in a backup plan",
    severity: Severity::Medium,
    resource_type: "AWS::DynamoDB::Table",
    controls: &["DynamoDB.4"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "a selection (resource assignment) of an AWS Backup plan in the table's account and Region covers the table: its Resources match the table ARN (with * wildcards) or its ListOfTags match the table's tags, all its Conditions hold, and no NotResources entry matches",
    rationale: "Point-in-time recovery reaches back 35 days at most and disappears with the table; an AWS Backup plan keeps scheduled, retained copies under a policy you control, so personal data can be restored after deletion, corruption or ransomware.",
    remediation: "Assign the table to an AWS Backup plan: AWS Backup console > Backup plans > the plan > Assign resources, and include the table by ARN or by a tag the assignment selects. CLI: aws backup create-backup-selection --backup-plan-id <plan id> --backup-selection SelectionName=<name>,IamRoleArn=<role arn>,Resources=<table arn>",
    fix: Some(crate::fix::Fix {
        console: "AWS Backup console > Backup plans > (your plan) > Assign resources > Include specific resource types: DynamoDB, {name}",
        command: r#"aws backup list-backup-plans --region {region}
aws backup create-backup-selection --region {region} --backup-plan-id "$BACKUP_PLAN_ID" --backup-selection SelectionName=vigil-{name},IamRoleArn="$BACKUP_ROLE_ARN",Resources={arn}"#,
        caution: Some("Needs a backup plan ($BACKUP_PLAN_ID, from list-backup-plans; create one with aws backup create-backup-plan if there is none) and a role AWS Backup can assume ($BACKUP_ROLE_ARN, e.g. service-role/AWSBackupDefaultServiceRole). Backups are billed for their storage."),
        inputs: &[],
    }),
    source: "Security Hub DynamoDB.4 (AWS Config rule dynamodb-resources-protected-by-backup-plan)",
};

impl Rule for DynamoDb4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        backup_plan::lookups(dynamodb_table(resource).and_then(|t| t.arn.get()))
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        let Some(arn) = t.arn.get() else {
            return Verdict::undetermined(["tableArn"]);
        };
        backup_plan::verdict(arn, &t.tags, "the table", ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::{LookupKind, Lookups};
    use crate::resources::dynamodb_table::DynamoDbTable;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:dynamodb:eu-west-2:123456789012:table/customers";

    fn eval(config: Value, tags: Option<Value>, answer: Option<Value>) -> Verdict {
        let mut t =
            DynamoDbTable::parse(Obj::new(&config, "configuration").unwrap(), None).unwrap();
        if let Some(tags) = tags {
            t.tags = crate::fact::Fact::Known(serde_json::from_value(tags).unwrap());
        }
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups
                .insert_json(LookupKey::new(LookupKind::BackupSelections, ARN), a)
                .unwrap();
        }
        DynamoDb4.evaluate(
            &Resource::DynamoDbTable(t),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn table() -> Value {
        json!({"tableName": "customers", "tableArn": ARN, "tableStatus": "ACTIVE"})
    }

    #[test]
    fn a_table_covered_by_conditions_passes_and_fails_without_them() {
        let answer = json!({"Selections": [{"BackupPlanName": "daily", "SelectionName": "prod",
            "Resources": ["arn:aws:dynamodb:*:*:table/*"],
            "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}]}}]});
        let v = eval(table(), Some(json!({"env": "prod"})), Some(answer.clone()));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(table(), Some(json!({"env": "dev"})), Some(answer.clone()));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // Tags unknown: the condition cannot be decided.
        assert_eq!(
            eval(table(), None, Some(answer)),
            Verdict::undetermined(["tags"])
        );
    }

    #[test]
    fn a_table_in_any_status_is_judged_as_the_rule_pages_name_no_status_condition() {
        let answer = json!({"Selections": [{"BackupPlanName": "daily", "SelectionName": "all",
            "Resources": ["arn:aws:dynamodb:*:*:table/*"]}]});
        for status in [
            "CREATING",
            "UPDATING",
            "ARCHIVED",
            "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
        ] {
            let t = json!({"tableName": "customers", "tableArn": ARN, "tableStatus": status});
            let v = eval(t.clone(), Some(json!({})), Some(answer.clone()));
            assert!(matches!(v, Verdict::Passed { .. }), "{status}: {v:?}");
            let v = eval(t, Some(json!({})), Some(json!({"Selections": []})));
            assert!(matches!(v, Verdict::Failed { .. }), "{status}: {v:?}");
        }
    }

    #[test]
    fn no_backup_plan_fails() {
        let v = eval(table(), Some(json!({})), Some(json!({"Selections": []})));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn another_type_is_not_applicable() {
        let db = crate::resources::rds_instance::DbInstance::default();
        let v = DynamoDb4.evaluate(
            &Resource::DbInstance(db),
            &Context::new(&Settings::default(), &Lookups::none()),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn no_answer_or_no_arn_is_undetermined() {
        let v = eval(table(), Some(json!({})), None);
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        assert_eq!(
            eval(json!({"tableName": "customers"}), None, None),
            Verdict::undetermined(["tableArn"])
        );
    }
}
