//! Security Hub RDS.26 — RDS DB instances should be protected by a backup plan.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.26]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-26>), AWS
//! Config rule `rds-resources-protected-by-backup-plan` (resource type `AWS::RDS::DBInstance`):
//! NON_COMPLIANT when the DB instance is not covered by a backup plan. Its Security Hub
//! parameter `backupVaultLockCheck` has no default value, so the vault lock is not checked.
//! RDS.26 is in NIST SP 800-53 r5, not in FSBP (`standards.rs`).
//!
//! Coverage comes from the `backup.selections` lookup (id: the instance ARN) matched against
//! the instance's ARN and tags (`rules::backup_plan`). No ARN, no answer, or coverage that
//! depends on unknown tags: UNDETERMINED.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{backup_plan, db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// RDS.26.
pub struct Rds26;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-backup-plan",
    title: "RDS DB instances should be protected by a backup plan",
    severity: Severity::Medium,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.26"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "a selection (resource assignment) of an AWS Backup plan in the instance's account and Region covers the instance: its Resources match the instance ARN (with * wildcards) or its ListOfTags match the instance's tags, all its Conditions hold, and no NotResources entry matches",
    rationale: "Automated RDS backups live and die with the instance's own settings and account; an AWS Backup plan keeps scheduled, retained copies under a policy you control, so personal data can be restored after deletion, corruption or ransomware.",
    remediation: "Assign the instance to an AWS Backup plan: AWS Backup console > Backup plans > the plan > Assign resources, and include the instance by ARN or by a tag the assignment selects. CLI: aws backup create-backup-selection --backup-plan-id <plan id> --backup-selection SelectionName=<name>,IamRoleArn=<role arn>,Resources=<instance arn>",
    fix: Some(crate::fix::Fix {
        console: "AWS Backup console > Backup plans > (your plan) > Assign resources > Include specific resource types: RDS, {name}",
        command: r#"aws backup list-backup-plans --region {region}
aws backup create-backup-selection --region {region} --backup-plan-id "$BACKUP_PLAN_ID" --backup-selection SelectionName=vigil-{name},IamRoleArn="$BACKUP_ROLE_ARN",Resources={arn}"#,
        caution: Some("Needs a backup plan ($BACKUP_PLAN_ID, from list-backup-plans; create one with aws backup create-backup-plan if there is none) and a role AWS Backup can assume ($BACKUP_ROLE_ARN, e.g. service-role/AWSBackupDefaultServiceRole). Backups are billed for their storage."),
        inputs: &[],
    }),
    source: "Security Hub RDS.26 (AWS Config rule rds-resources-protected-by-backup-plan)",
};

impl Rule for Rds26 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        backup_plan::lookups(db_instance(resource).and_then(|db| db.arn.get()))
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        let Some(arn) = db.arn.get() else {
            return Verdict::undetermined(["dBInstanceArn"]);
        };
        backup_plan::verdict(arn, &db.tags, "the DB instance", ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::{LookupKind, Lookups};
    use crate::resources::rds_instance::DbInstance;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:rds:eu-west-2:123456789012:db:orders";

    fn eval(config: Value, answer: Option<Value>) -> Verdict {
        let db = DbInstance::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups
                .insert_json(LookupKey::new(LookupKind::BackupSelections, ARN), a)
                .unwrap();
        }
        Rds26.evaluate(
            &Resource::DbInstance(db),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn instance() -> Value {
        json!({"dBInstanceIdentifier": "orders", "dBInstanceArn": ARN, "engine": "postgres",
               "tagList": [{"key": "backup", "value": "daily"}]})
    }

    #[test]
    fn an_instance_named_by_a_selection_passes() {
        let v = eval(
            instance(),
            Some(
                json!({"Selections": [{"BackupPlanName": "daily", "SelectionName": "dbs",
                "Resources": ["arn:aws:rds:*:*:db:*"]}]}),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn an_instance_selected_by_tag_passes() {
        let v = eval(
            instance(),
            Some(
                json!({"Selections": [{"SelectionName": "tagged", "ListOfTags": [
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}]}),
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn no_plan_or_an_excluding_selection_fails() {
        let v = eval(instance(), Some(json!({"Selections": []})));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(
            instance(),
            Some(json!({"Selections": [{"SelectionName": "all-but-orders",
                "Resources": ["*"], "NotResources": [ARN]}]})),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = eval(
            instance(),
            Some(json!({"Selections": [{"SelectionName": "tables",
                "Resources": ["arn:aws:dynamodb:*:*:table/*"]}]})),
        );
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn another_type_is_not_applicable() {
        let t = crate::resources::dynamodb_table::DynamoDbTable::default();
        let v = Rds26.evaluate(
            &Resource::DynamoDbTable(t),
            &Context::new(&Settings::default(), &Lookups::none()),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn no_answer_no_arn_or_unknown_tags_are_undetermined() {
        let v = eval(instance(), None);
        assert!(matches!(v, Verdict::Undetermined { .. }), "{v:?}");
        assert_eq!(
            eval(json!({"engine": "postgres"}), None),
            Verdict::undetermined(["dBInstanceArn"])
        );
        // A tag-based selection and an item without tags.
        let v = eval(
            json!({"dBInstanceArn": ARN, "engine": "postgres"}),
            Some(
                json!({"Selections": [{"SelectionName": "tagged", "ListOfTags": [
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}]}),
            ),
        );
        assert_eq!(v, Verdict::undetermined(["tags"]));
        // A malformed answer is not accepted, so the rule stays undetermined.
        let mut lookups = Lookups::none();
        assert!(lookups
            .insert_json(
                LookupKey::new(LookupKind::BackupSelections, ARN),
                json!({"Selections": "none"})
            )
            .is_err());
    }
}
