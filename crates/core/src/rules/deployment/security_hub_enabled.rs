//! Vigil's own rule: Security Hub is enabled in the stack's Region.
//!
//! Vigil imports its findings into Security Hub (`BatchImportFindings`), which refuses them in
//! an account or Region that is not subscribed. PASSED when `DescribeHub` answers; FAILED when
//! it answers `InvalidAccessException` (the account is not subscribed to Security Hub);
//! undetermined when it could not be asked (another error, access denied). The alert still goes
//! out while Security Hub is off: the deliverer sends this resource's alerts even when its
//! finding cannot be imported.

use super::deployment;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Security Hub is enabled.
pub struct SecurityHubEnabled;

static META: RuleMeta = RuleMeta {
    id: "vigil-security-hub-enabled",
    title: "Security Hub should be enabled where Vigil runs",
    severity: Severity::High,
    resource_type: crate::resources::deployment::DEPLOYMENT_TYPE,
    controls: &[],
    gdpr: &["Art. 5(2)", "Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "Security Hub DescribeHub answers in the stack's Region (the account is subscribed)",
    rationale: "Vigil's findings, the evidence of what was checked and what was wrong, are imported into Security Hub; while it is disabled, every import is refused and the findings exist only in Vigil's table.",
    remediation: "Enable Security Hub in the stack's Region; the default standards are not needed by Vigil.",
    fix: Some(crate::fix::Fix {
        console: "Security Hub console ({region}) > Go to Security Hub > Enable Security Hub",
        command: "aws securityhub enable-security-hub --region {region} --no-enable-default-standards",
        caution: Some("Security Hub is charged per finding ingested and per security check. --no-enable-default-standards leaves AWS's standards off; enabling FSBP too adds its checks and charges (then set the stack's SecurityHubFsbpEnabled parameter to true to avoid duplicate findings)."),
        inputs: &[],
    }),
    source: "Vigil (its own prerequisite: Security Hub DescribeHub)",
};

impl Rule for SecurityHubEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = deployment(resource) else {
            return wrong_type(&META);
        };
        match d.security_hub_enabled.get() {
            Some(true) => Verdict::passed("Security Hub is enabled"),
            Some(false) => Verdict::failed(
                "Security Hub is not enabled in this Region: Vigil's findings cannot be imported",
                vec![Evidence::new("SecurityHubEnabled", false)],
            ),
            None => Verdict::undetermined(["SecurityHubEnabled"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deployment::test_support::{eval, eval_other};
    use serde_json::json;

    #[test]
    fn enabled_passes_and_disabled_fails() {
        assert!(matches!(
            eval(&SecurityHubEnabled, |_| {}),
            Verdict::Passed { .. }
        ));
        let v = eval(&SecurityHubEnabled, |v| {
            v["SecurityHubEnabled"] = json!(false)
        });
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        let v = eval(&SecurityHubEnabled, |v| {
            v.as_object_mut().unwrap().remove("SecurityHubEnabled");
        });
        assert_eq!(v, Verdict::undetermined(["SecurityHubEnabled"]));
        assert!(matches!(
            eval_other(&SecurityHubEnabled),
            Verdict::NotApplicable { .. }
        ));
    }
}
