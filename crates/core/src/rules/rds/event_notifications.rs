//! FSBP RDS.19, RDS.20, RDS.21 and RDS.22 — RDS event notification subscriptions should be
//! configured for critical cluster, instance, parameter group and security group events.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.19] to [RDS.22]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-19>), custom
//! Security Hub rules `rds-cluster-event-notifications-configured`,
//! `rds-instance-event-notifications-configured`, `rds-pg-event-notifications-configured` and
//! `rds-sg-event-notifications-configured` (change triggered, no parameters, resource type
//! `AWS::RDS::EventSubscription`). Each checks whether an existing event subscription has
//! notifications enabled for one source type and event categories:
//!
//! | Control | Source type | Event categories |
//! |---|---|---|
//! | RDS.19 | `DBCluster` (`db-cluster`) | maintenance, failure |
//! | RDS.20 | `DBInstance` (`db-instance`) | maintenance, configuration change, failure |
//! | RDS.21 | `DBParameterGroup` (`db-parameter-group`) | configuration change |
//! | RDS.22 | `DBSecurityGroup` (`db-security-group`) | configuration change, failure |
//!
//! and passes when the account has no event subscription (which Vigil, judging one
//! subscription at a time, never sees as a finding).
//!
//! Per subscription: one of another source type is not applicable; one of the control's source
//! type, or with no source type (RDS then notifies every source type), passes when it is
//! enabled and its `eventCategoriesList` is empty (every category) or holds every listed
//! category, and fails otherwise. The rules behind these controls are custom Security Hub rules
//! whose code is not published: that a subscription without a source type counts, and that
//! `sourceIdsList` (the remediation says "all" sources) is not judged, are Vigil's reading.

use crate::resource::Resource;
use crate::resources::rds_event_subscription::EventSubscription;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// One control's requirement.
pub struct EventNotifications {
    meta: &'static RuleMeta,
    control: &'static str,
    /// The RDS API's `SourceType` value.
    source_type: &'static str,
    /// The categories that must be notified, as RDS names them.
    categories: &'static [&'static str],
}

/// RDS.19.
pub static RDS19: EventNotifications = EventNotifications {
    meta: &META_19,
    control: "RDS.19",
    source_type: "db-cluster",
    categories: &["maintenance", "failure"],
};

/// RDS.20.
pub static RDS20: EventNotifications = EventNotifications {
    meta: &META_20,
    control: "RDS.20",
    source_type: "db-instance",
    categories: &["maintenance", "configuration change", "failure"],
};

/// RDS.21.
pub static RDS21: EventNotifications = EventNotifications {
    meta: &META_21,
    control: "RDS.21",
    source_type: "db-parameter-group",
    categories: &["configuration change"],
};

/// RDS.22.
pub static RDS22: EventNotifications = EventNotifications {
    meta: &META_22,
    control: "RDS.22",
    source_type: "db-security-group",
    categories: &["configuration change", "failure"],
};

const GDPR: &[&str] = &["Art. 32(1)(b)", "Art. 33(1)"];
const CAUTION: Option<&str> = Some("Notifications go to the subscription's SNS topic: make sure someone reads it. No effect on the databases.");

static META_19: RuleMeta = RuleMeta {
    id: "rds-cluster-event-notifications",
    title: "Existing RDS event notification subscriptions should be configured for critical cluster events",
    severity: Severity::Low,
    resource_type: "AWS::RDS::EventSubscription",
    controls: &["RDS.19"],
    gdpr: GDPR,
    cyber_essentials: None,
    passes_when: "a db-cluster (or all-source) event subscription is enabled and notifies the maintenance and failure categories (or every category); subscriptions of other source types are not applicable",
    rationale: "A cluster failover, failure or forced maintenance is an availability incident. If the subscription that should announce it is off or leaves those categories out, the people responsible learn about it from users.",
    remediation: "Enable the subscription and include the maintenance and failure categories (or all categories). CLI: aws rds modify-event-subscription --subscription-name <name> --enabled --event-categories maintenance failure",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Event subscriptions > {name} > Edit > Enabled: Yes; Event categories to include: All event categories (or at least maintenance and failure) > Save",
        command: "aws rds modify-event-subscription --region {region} --subscription-name {name} --enabled --event-categories maintenance failure",
        caution: CAUTION,
        inputs: &[],
    }),
    source: "FSBP RDS.19 (Security Hub rule rds-cluster-event-notifications-configured)",
};

static META_20: RuleMeta = RuleMeta {
    id: "rds-instance-event-notifications",
    title: "Existing RDS event notification subscriptions should be configured for critical database instance events",
    severity: Severity::Low,
    resource_type: "AWS::RDS::EventSubscription",
    controls: &["RDS.20"],
    gdpr: GDPR,
    cyber_essentials: None,
    passes_when: "a db-instance (or all-source) event subscription is enabled and notifies the maintenance, configuration change and failure categories (or every category); subscriptions of other source types are not applicable",
    rationale: "An instance failure, forced maintenance or configuration change (such as making it public) should reach the people responsible at once; a subscription that is off or leaves those categories out hides them.",
    remediation: "Enable the subscription and include the maintenance, configuration change and failure categories (or all categories). CLI: aws rds modify-event-subscription --subscription-name <name> --enabled --event-categories maintenance \"configuration change\" failure",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Event subscriptions > {name} > Edit > Enabled: Yes; Event categories to include: All event categories (or at least maintenance, configuration change and failure) > Save",
        command: "aws rds modify-event-subscription --region {region} --subscription-name {name} --enabled --event-categories maintenance \"configuration change\" failure",
        caution: CAUTION,
        inputs: &[],
    }),
    source: "FSBP RDS.20 (Security Hub rule rds-instance-event-notifications-configured)",
};

static META_21: RuleMeta = RuleMeta {
    id: "rds-parameter-group-event-notifications",
    title: "An RDS event notifications subscription should be configured for critical database parameter group events",
    severity: Severity::Low,
    resource_type: "AWS::RDS::EventSubscription",
    controls: &["RDS.21"],
    gdpr: GDPR,
    cyber_essentials: None,
    passes_when: "a db-parameter-group (or all-source) event subscription is enabled and notifies the configuration change category (or every category); subscriptions of other source types are not applicable",
    rationale: "A parameter group change can switch off encryption in transit or audit logging on every database using the group; without a notification nobody hears of it until an audit.",
    remediation: "Enable the subscription and include the configuration change category (or all categories). CLI: aws rds modify-event-subscription --subscription-name <name> --enabled --event-categories \"configuration change\"",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Event subscriptions > {name} > Edit > Enabled: Yes; Event categories to include: All event categories (or at least configuration change) > Save",
        command: "aws rds modify-event-subscription --region {region} --subscription-name {name} --enabled --event-categories \"configuration change\"",
        caution: CAUTION,
        inputs: &[],
    }),
    source: "FSBP RDS.21 (Security Hub rule rds-pg-event-notifications-configured)",
};

static META_22: RuleMeta = RuleMeta {
    id: "rds-security-group-event-notifications",
    title: "An RDS event notifications subscription should be configured for critical database security group events",
    severity: Severity::Low,
    resource_type: "AWS::RDS::EventSubscription",
    controls: &["RDS.22"],
    gdpr: GDPR,
    cyber_essentials: None,
    passes_when: "a db-security-group (or all-source) event subscription is enabled and notifies the configuration change and failure categories (or every category); subscriptions of other source types are not applicable",
    rationale: "A change to a DB security group changes who can reach the database over the network; without a notification an opening goes unnoticed.",
    remediation: "Enable the subscription and include the configuration change and failure categories (or all categories). CLI: aws rds modify-event-subscription --subscription-name <name> --enabled --event-categories \"configuration change\" failure",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Event subscriptions > {name} > Edit > Enabled: Yes; Event categories to include: All event categories (or at least configuration change and failure) > Save",
        command: "aws rds modify-event-subscription --region {region} --subscription-name {name} --enabled --event-categories \"configuration change\" failure",
        caution: CAUTION,
        inputs: &[],
    }),
    source: "FSBP RDS.22 (Security Hub rule rds-sg-event-notifications-configured)",
};

impl EventNotifications {
    fn judge(&self, s: &EventSubscription) -> Verdict {
        match s.source_type.get() {
            None => return Verdict::undetermined(["sourceType"]),
            Some(Some(t)) if t != self.source_type => {
                return Verdict::not_applicable(format!(
                    "{} evaluates {} subscriptions, not {t}",
                    self.control, self.source_type
                ))
            }
            Some(_) => {}
        }
        let Some(&enabled) = s.enabled.get() else {
            return Verdict::undetermined(["enabled"]);
        };
        let Some(categories) = s.event_categories.get() else {
            return Verdict::undetermined(["eventCategoriesList"]);
        };
        if !enabled {
            return Verdict::failed(
                "the subscription is disabled: it sends no notifications",
                vec![Evidence::new("enabled", false)],
            );
        }
        if categories.is_empty() {
            return Verdict::passed(format!(
                "the subscription is enabled for every {} event category",
                self.source_type
            ));
        }
        let missing: Vec<&str> = self
            .categories
            .iter()
            .copied()
            .filter(|want| !categories.iter().any(|c| c.eq_ignore_ascii_case(want)))
            .collect();
        if missing.is_empty() {
            Verdict::passed(format!(
                "the subscription is enabled for {}",
                self.categories.join(", ")
            ))
        } else {
            Verdict::failed(
                format!(
                    "the subscription does not notify {} events",
                    missing.join(", ")
                ),
                vec![Evidence::new("eventCategoriesList", categories.join(", "))],
            )
        }
    }
}

impl Rule for EventNotifications {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        match resource {
            Resource::EventSubscription(s) => self.judge(s),
            _ => wrong_type(self.meta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn eval(rule: &EventNotifications, config: Value) -> Verdict {
        let s = EventSubscription::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        rule.evaluate(
            &Resource::EventSubscription(s),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    fn sub(source: Value, categories: Value, enabled: bool) -> Value {
        json!({"custSubscriptionId": "db-alerts", "sourceType": source,
               "eventCategoriesList": categories, "enabled": enabled})
    }

    #[test]
    fn every_required_category_or_all_categories_pass() {
        let v = eval(
            &RDS20,
            sub(
                json!("db-instance"),
                json!(["failure", "maintenance", "configuration change", "backup"]),
                true,
            ),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(&RDS19, sub(json!("db-cluster"), json!([]), true));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(&RDS21, sub(json!(null), json!(null), true));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_missing_category_or_a_disabled_subscription_fails() {
        let v = eval(&RDS20, sub(json!("db-instance"), json!(["failure"]), true));
        match v {
            Verdict::Failed { reason, .. } => {
                assert!(
                    reason.contains("maintenance, configuration change"),
                    "{reason}"
                )
            }
            other => panic!("{other:?}"),
        }
        let v = eval(&RDS22, sub(json!("db-security-group"), json!([]), false));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
    }

    #[test]
    fn other_source_types_are_not_applicable() {
        let v = eval(&RDS19, sub(json!("db-instance"), json!([]), true));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        let v = eval(&RDS22, sub(json!("db-snapshot"), json!([]), false));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(&RDS19, json!({"enabled": true, "eventCategoriesList": []})),
            Verdict::undetermined(["sourceType"])
        );
        assert_eq!(
            eval(
                &RDS19,
                json!({"sourceType": "db-cluster", "eventCategoriesList": []})
            ),
            Verdict::undetermined(["enabled"])
        );
        assert_eq!(
            eval(&RDS19, json!({"sourceType": "db-cluster", "enabled": true})),
            Verdict::undetermined(["eventCategoriesList"])
        );
    }
}
