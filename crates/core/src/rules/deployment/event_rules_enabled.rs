//! Vigil's own rule: the stack's EventBridge rules are enabled.
//!
//! Every event reaches Vigil through one of its rules (AWS Config items, each service's
//! CloudTrail calls, sign-ins, root activity, the digest schedule). PASSED when each rule the
//! sweep function was given (`VIGIL_EVENT_RULES`) exists and its `DescribeRule` `State` is
//! `ENABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`; FAILED when one is `DISABLED`
//! or no longer exists (every such rule is named); NOT_APPLICABLE when no rule name was given;
//! undetermined when a rule could not be read.

use super::deployment;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Vigil's EventBridge rules are enabled.
pub struct EventRulesEnabled;

static META: RuleMeta = RuleMeta {
    id: "vigil-event-rules-enabled",
    title: "Vigil's EventBridge rules should be enabled",
    severity: Severity::High,
    resource_type: crate::resources::deployment::DEPLOYMENT_TYPE,
    controls: &[],
    gdpr: &["Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "every EventBridge rule of the stack exists and is enabled (DescribeRule State ENABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)",
    rationale: "A disabled or deleted rule silently stops the events it routes: the changes of a whole service, or every sign-in, are no longer evaluated or alerted, while Vigil looks healthy.",
    remediation: "Enable the rule the alert names; a rule that no longer exists is recreated by deploying the stack again.",
    fix: Some(crate::fix::Fix {
        console: "Amazon EventBridge console > Rules > default event bus > {event_rule} > Enable",
        command: "aws events enable-rule --region {region} --name {event_rule}",
        caution: Some("Repeat for each rule the finding names; find out first who disabled it (CloudTrail's DisableRule event names the caller). A deleted rule cannot be enabled: run sam deploy (or update the stack) to recreate it. Events sent while the rule was off are not replayed."),
        inputs: &[crate::fix::Input::EventRule],
    }),
    source: "Vigil (its own prerequisite: EventBridge DescribeRule)",
};

impl Rule for EventRulesEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(d) = deployment(resource) else {
            return wrong_type(&META);
        };
        let Some(rules) = d.event_rules.get() else {
            return Verdict::undetermined(["EventRules"]);
        };
        if rules.is_empty() {
            return Verdict::not_applicable(
                "the sweep function was given no EventBridge rule names",
            );
        }
        let broken: Vec<Evidence> = rules
            .iter()
            .filter(|r| !r.enabled())
            .map(|r| {
                Evidence::new(
                    format!("{}.State", r.name),
                    r.state.as_deref().unwrap_or("the rule does not exist"),
                )
            })
            .collect();
        if broken.is_empty() {
            return Verdict::passed(format!("all {} EventBridge rules are enabled", rules.len()));
        }
        let names: Vec<&str> = rules
            .iter()
            .filter(|r| !r.enabled())
            .map(|r| r.name.as_str())
            .collect();
        Verdict::failed(
            format!(
                "{} of Vigil's EventBridge rules are disabled or deleted, so their events are not evaluated: {}",
                names.len(),
                names.join(", ")
            ),
            broken,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deployment::test_support::{eval, eval_other};
    use serde_json::json;

    #[test]
    fn enabled_rules_pass() {
        assert!(matches!(
            eval(&EventRulesEnabled, |_| {}),
            Verdict::Passed { .. }
        ));
        let v = eval(&EventRulesEnabled, |v| {
            v["EventRules"][0]["State"] = json!("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        });
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_disabled_or_deleted_rule_fails_and_is_named() {
        let v = eval(&EventRulesEnabled, |v| {
            v["EventRules"] = json!([
                {"Name": "vigil-ConsoleSignInRule-1A", "State": "DISABLED"},
                {"Name": "vigil-RootActivityRule-2B", "State": null},
                {"Name": "vigil-DigestRule-3C", "State": "ENABLED"}
            ])
        });
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let reason = v.reason();
        assert!(reason.contains("ConsoleSignInRule") && reason.contains("RootActivityRule"));
        assert!(!reason.contains("DigestRule"), "{reason}");
    }

    #[test]
    fn no_names_is_not_applicable_and_unknown_is_undetermined() {
        let v = eval(&EventRulesEnabled, |v| v["EventRules"] = json!([]));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert_eq!(
            eval(&EventRulesEnabled, |v| v["EventRules"] = json!(null)),
            Verdict::undetermined(["EventRules"])
        );
        assert!(matches!(
            eval_other(&EventRulesEnabled),
            Verdict::NotApplicable { .. }
        ));
    }
}
