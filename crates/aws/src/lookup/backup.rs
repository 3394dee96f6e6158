//! AWS Backup lookups: every backup plan's resource assignments (`backup.selections`).

use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// `backup.selections` (id: the resource's ARN; the answer does not depend on it): every
/// selection of every backup plan in the client's account and Region, from `ListBackupPlans`
/// and `ListBackupSelections` (both over every page) and `GetBackupSelection` for each, as
/// `{"Selections": [{"BackupPlanId": "...", "BackupPlanName": "...", "SelectionName": "...",
/// "Resources": [...], "NotResources": [...], "ListOfTags": [{"ConditionType": "STRINGEQUALS",
/// "ConditionKey": "backup", "ConditionValue": "daily"}], "Conditions": {"StringEquals":
/// [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}], "StringNotEquals": [],
/// "StringLike": [], "StringNotLike": []}}]}` (empty when there is no plan or no selection). The
/// core decides coverage (`vigil_core::lookups::backup::Selections::coverage`). Any failed call
/// is no answer. Needs `backup:ListBackupPlans`, `backup:ListBackupSelections` and
/// `backup:GetBackupSelection`.
pub async fn selections(client: &aws_sdk_backup::Client, _arn: &str) -> Result<Value, AwsError> {
    let plans = client
        .list_backup_plans()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Backup, "ListBackupPlans", e))?;
    let mut out = Vec::new();
    for plan in &plans {
        let Some(plan_id) = plan.backup_plan_id() else {
            continue;
        };
        let listed = client
            .list_backup_selections()
            .backup_plan_id(plan_id)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| AwsError::call(Service::Backup, "ListBackupSelections", e))?;
        for member in &listed {
            let Some(selection_id) = member.selection_id() else {
                continue;
            };
            let got = client
                .get_backup_selection()
                .backup_plan_id(plan_id)
                .selection_id(selection_id)
                .send()
                .await
                .map_err(|e| AwsError::call(Service::Backup, "GetBackupSelection", e))?;
            let Some(s) = got.backup_selection() else {
                continue;
            };
            out.push(selection_json(plan_id, plan.backup_plan_name(), s));
        }
    }
    Ok(json!({ "Selections": out }))
}

/// One selection as the core's `backup::Selection` reads it.
fn selection_json(
    plan_id: &str,
    plan_name: Option<&str>,
    s: &aws_sdk_backup::types::BackupSelection,
) -> Value {
    use aws_sdk_backup::types::ConditionParameter;
    let params = |list: &[ConditionParameter]| -> Vec<Value> {
        list.iter()
            .map(|c| {
                json!({"ConditionKey": c.condition_key().unwrap_or_default(),
                       "ConditionValue": c.condition_value().unwrap_or_default()})
            })
            .collect()
    };
    let conditions = s.conditions().map(|c| {
        json!({
            "StringEquals": params(c.string_equals()),
            "StringNotEquals": params(c.string_not_equals()),
            "StringLike": params(c.string_like()),
            "StringNotLike": params(c.string_not_like()),
        })
    });
    let tags: Vec<Value> = s
        .list_of_tags()
        .iter()
        .map(|t| {
            json!({"ConditionType": t.condition_type().as_str(),
                   "ConditionKey": t.condition_key(),
                   "ConditionValue": t.condition_value()})
        })
        .collect();
    json!({
        "BackupPlanId": plan_id,
        "BackupPlanName": plan_name,
        "SelectionName": s.selection_name(),
        "Resources": s.resources(),
        "NotResources": s.not_resources(),
        "ListOfTags": tags,
        "Conditions": conditions,
    })
}
