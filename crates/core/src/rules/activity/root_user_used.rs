//! Vigil's own rule: the root user was used.
//!
//! CIS AWS Foundations Benchmark v3.0.0 recommends monitoring the root user's use (a metric
//! filter on `userIdentity.type = "Root"` without `invokedBy` and not an `AwsServiceEvent`);
//! Security Hub's CloudWatch.1 checks that such a filter and alarm exist, which is not what this
//! rule does, so it names no control. Each use is one event: the rule fails once for it, with an
//! informational finding, and the alert names the caller, where from and when.

use super::activity;
use crate::resource::Resource;
use crate::resources::activity::{ActivityKind, ACTIVITY_TYPE};
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The root user was used.
pub struct RootUserUsed;

static META: RuleMeta = RuleMeta {
    id: "root-user-activity",
    title: "The root user was used",
    severity: Severity::Informational,
    resource_type: ACTIVITY_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 33(1)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the event was not made by the root user itself",
    rationale: "The root user can do anything in the account and no policy limits it; AWS advises using it only for the few tasks that need it. An unexpected use is how an account takeover shows itself: confirm at once that it was you.",
    remediation: "Confirm with the account owner that the root user was used on purpose. If not: change the root password, remove any root access key, check the root MFA device, and review what the session did in CloudTrail.",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Event history > filter User name: root > review the session; IAM console > Security credentials (signed in as root) to change the password and review MFA and access keys",
        command: "aws cloudtrail lookup-events --region {region} --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50",
        caution: None,
        inputs: &[],
    }),
    source: "Vigil (CIS AWS Foundations Benchmark v3.0.0 root-use monitoring, as an event)",
};

impl Rule for RootUserUsed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = activity(resource) else {
            return wrong_type(&META);
        };
        match a.kind {
            ActivityKind::RootUse => Verdict::failed(
                format!(
                    "the root user made the call {} ({})",
                    a.event_name, a.event_source
                ),
                vec![Evidence::new("userIdentity.type", "Root")],
            ),
            _ => Verdict::not_applicable("the event was not made by the root user"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn root_use_fails_and_other_activity_is_not_applicable() {
        assert!(matches!(
            eval(&RootUserUsed, ActivityKind::RootUse),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(&RootUserUsed, ActivityKind::SignInWithoutMfa),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            eval_db(&RootUserUsed, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
