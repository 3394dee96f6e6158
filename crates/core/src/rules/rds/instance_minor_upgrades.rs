//! FSBP RDS.13 — RDS automatic minor version upgrades should be enabled.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.13]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-13>), AWS Config
//! rule `rds-automatic-minor-version-upgrade-enabled`, no parameters: NON_COMPLIANT when
//! `autoMinorVersionUpgrade` is false.

use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.13.
pub struct Rds13;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-minor-version-upgrades",
    title: "RDS automatic minor version upgrades should be enabled",
    severity: Severity::High,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.13"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecurityUpdateManagement),
    passes_when: "AutoMinorVersionUpgrade is true",
    rationale: "Minor engine versions carry security fixes. With automatic minor upgrades, RDS applies them in your maintenance window; without, the database keeps running known-vulnerable versions until someone remembers to upgrade it.",
    remediation: "In the RDS console choose Databases, select the instance, choose Modify, and under Maintenance turn on 'Enable auto minor version upgrade', then apply. CLI: aws rds modify-db-instance --db-instance-identifier <name> --auto-minor-version-upgrade --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Maintenance > Auto minor version upgrade: Enable > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --auto-minor-version-upgrade --apply-immediately",
        caution: Some("Minor upgrades are then applied in the maintenance window, with a short restart each time."),
        inputs: &[],
    }),
    source: "FSBP RDS.13 (AWS Config rule rds-automatic-minor-version-upgrade-enabled)",
};

impl Rule for Rds13 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.auto_minor_version_upgrade.get() {
            Some(false) => Verdict::failed(
                "automatic minor version upgrades are turned off, so security fixes are not applied",
                vec![Evidence::new("autoMinorVersionUpgrade", false)],
            ),
            Some(true) => Verdict::passed("automatic minor version upgrades are turned on"),
            None => Verdict::undetermined(["autoMinorVersionUpgrade"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval;
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval(&Rds13, json!({"autoMinorVersionUpgrade": false})),
            Verdict::Failed { ref evidence, .. } if evidence[0].field == "autoMinorVersionUpgrade"
        ));
        assert!(matches!(
            eval(&Rds13, json!({"autoMinorVersionUpgrade": true})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval(&Rds13, json!({"engine": "mysql"})),
            Verdict::undetermined(["autoMinorVersionUpgrade"])
        );
    }
}
