//! AWS Backup plans end to end against moto_server: the `backup.selections` lookup (RDS.26,
//! DynamoDB.4) answered by the resolver's `ListBackupPlans`, `ListBackupSelections` and
//! `GetBackupSelection`.
//!
//! moto gaps: the installed moto (5.x) implements `CreateBackupPlan` and `ListBackupPlans` but
//! not `CreateBackupSelection`, `ListBackupSelections` or `GetBackupSelection`, so a plan's
//! selections cannot be seeded or read here. What moto allows is tested: with no plan the
//! answer is an empty list and both rules fail through the service; with a plan, reading its
//! selections fails in moto, and the rules stay undetermined, never failed or passed on a guess.
//! Coverage itself (Resources with wildcards, NotResources, ListOfTags, Conditions) is tested in
//! the core on literal answers (`vigil_core::lookups::backup`, the rules' tests).

use serde_json::json;
use vigil_core::lookups::backup::Selections;
use vigil_core::lookups::LookupAnswer;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

const TABLE_RULE: &str = "dynamodb-table-backup-plan";
const DB_RULE: &str = "rds-instance-backup-plan";

async fn create_plan(backup: &aws_sdk_backup::Client) {
    use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
    backup
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("daily")
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily")
                        .target_backup_vault_name("Default")
                        .build()
                        .expect("rule"),
                )
                .build()
                .expect("plan"),
        )
        .send()
        .await
        .expect("create backup plan in moto");
}

#[tokio::test]
async fn without_a_backup_plan_the_answer_is_empty_and_both_rules_fail() {
    let account = Account::new().await;
    let arn = format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/customers");
    let keys = [Selections::key(arn.clone()).untyped()]
        .into_iter()
        .collect();
    let answers = account.resolver().lookups(&account.scope(), &keys).await;
    let answer = answers
        .get(&Selections::key(arn))
        .expect("answered without any plan");
    assert!(answer.selections.is_empty(), "{answer:?}");

    let e = event("config/dynamodb/table-insecure.json");
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let verdict = finding(&report, TABLE_RULE);
    assert_eq!(verdict.status, Status::Failed, "{}", verdict.reason);
    assert!(
        verdict
            .reason
            .contains("not assigned to any AWS Backup plan"),
        "{}",
        verdict.reason
    );

    let e = event("config/rds/db-instance-compliant.json");
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    let verdict = finding(&report, DB_RULE);
    assert_eq!(verdict.status, Status::Failed, "{}", verdict.reason);
}

#[tokio::test]
async fn selections_moto_cannot_read_leave_the_rule_undetermined() {
    let account = Account::new().await;
    let backup = aws_sdk_backup::Client::new(&account.sdk);
    create_plan(&backup).await;
    let plans = backup
        .list_backup_plans()
        .send()
        .await
        .expect("list backup plans in moto");
    assert_eq!(plans.backup_plans_list().len(), 1);

    let mut e = event("config/dynamodb/table-insecure.json");
    e["id"] = json!("with-a-plan");
    let report = account
        .service()
        .handle(&e, chrono::Utc::now())
        .await
        .expect("handled");
    assert!(
        report.findings.iter().all(|f| f.rule != TABLE_RULE),
        "{:?}",
        report.findings
    );
    assert!(
        report
            .undetermined
            .iter()
            .any(|u| u.rule == TABLE_RULE
                && u.missing.iter().any(|m| m.contains("backup.selections"))),
        "{:?}",
        report.undetermined
    );
}
