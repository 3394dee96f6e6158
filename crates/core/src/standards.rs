//! Security Hub standards as data: which standards include each Security Hub control that
//! Vigil's rules name (or that docs/coverage.md lists), so a rule is counted and labelled as FSBP
//! only when its control really is in FSBP.
//!
//! A rule names its control ids ([`RuleMeta::controls`]); the standards come from [`CONTROLS`],
//! the one table, never from the rule. [`CONTROLS_SOURCE`] says where the memberships come from
//! and [`CONTROLS_AS_OF`] when they were reviewed. A control whose membership the sources read
//! do not give is [`Membership::Unconfirmed`]: it names no standard and is not counted as FSBP.

use crate::vocabulary::RuleMeta;
use serde::Serialize;

/// A Security Hub standard that Vigil reports membership of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Standard {
    /// AWS Foundational Security Best Practices v1.0.0.
    Fsbp,
    /// CIS AWS Foundations Benchmark v3.0.0.
    CisV3,
    /// CIS AWS Foundations Benchmark v5.0.0.
    CisV5,
    /// NIST Special Publication 800-53 Revision 5.
    Nist80053R5,
    /// PCI DSS v4.0.1.
    PciDss4,
}

impl Standard {
    /// Every standard, in display order.
    pub const ALL: [Standard; 5] = [
        Standard::Fsbp,
        Standard::CisV3,
        Standard::CisV5,
        Standard::Nist80053R5,
        Standard::PciDss4,
    ];

    /// The standard's name as Security Hub writes it.
    pub fn name(self) -> &'static str {
        match self {
            Standard::Fsbp => "AWS Foundational Security Best Practices v1.0.0",
            Standard::CisV3 => "CIS AWS Foundations Benchmark v3.0.0",
            Standard::CisV5 => "CIS AWS Foundations Benchmark v5.0.0",
            Standard::Nist80053R5 => "NIST Special Publication 800-53 Revision 5",
            Standard::PciDss4 => "PCI DSS v4.0.1",
        }
    }

    /// A short label for tables: `FSBP`, `CIS v3.0.0`, ...
    pub fn short(self) -> &'static str {
        match self {
            Standard::Fsbp => "FSBP",
            Standard::CisV3 => "CIS v3.0.0",
            Standard::CisV5 => "CIS v5.0.0",
            Standard::Nist80053R5 => "NIST 800-53 r5",
            Standard::PciDss4 => "PCI DSS v4.0.1",
        }
    }

    /// ASFF `Compliance.AssociatedStandards[].StandardsId`: the resource part of the standard's
    /// ARN as `DescribeStandards` returns it.
    pub fn standards_id(self) -> &'static str {
        match self {
            Standard::Fsbp => "standards/aws-foundational-security-best-practices/v/1.0.0",
            Standard::CisV3 => "standards/cis-aws-foundations-benchmark/v/3.0.0",
            Standard::CisV5 => "standards/cis-aws-foundations-benchmark/v/5.0.0",
            Standard::Nist80053R5 => "standards/nist-800-53/v/5.0.0",
            Standard::PciDss4 => "standards/pci-dss/v/4.0.1",
        }
    }
}

/// How a control's standards are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Membership {
    /// From [`CONTROLS_SOURCE`] (adjusted where the notes on the entry say).
    Known(&'static [Standard]),
    /// Not given by any source read: no standard is claimed.
    Unconfirmed,
}

/// One Security Hub control.
#[derive(Debug)]
pub struct Control {
    /// The `SecurityControlId`, e.g. `RDS.2`.
    pub id: &'static str,
    /// The standards that include it.
    pub membership: Membership,
}

impl Control {
    /// The standards that include the control (none when unconfirmed).
    pub fn standards(&self) -> &'static [Standard] {
        match self.membership {
            Membership::Known(s) => s,
            Membership::Unconfirmed => &[],
        }
    }
}

/// When [`CONTROLS`] was last reviewed.
pub const CONTROLS_AS_OF: &str = "2026-12-06";

/// Where [`CONTROLS`] comes from.
pub const CONTROLS_SOURCE: &str = "Security Hub's control definitions with their standards (ImplementedInStandards), as exported from the Security Hub API in SooJongKim2/securityhub-controls-export (securityhub_controls_sample.csv, commit 6c07ebf); RDS.18 is in no standard there, KMS.4 and Lambda.3 are not in FSBP there. The export predates RDS.41 and later controls and lists no CIS v5.0.0 membership. For RDS.41 to RDS.48: FSBP membership from the FSBP benchmark of turbot/steampipe-mod-aws-compliance v1.13.0 (2025-12-05, foundational_security/rds.pp), NIST 800-53 r5 from the Related requirements of the Security Hub RDS controls page (rds-controls.html). RDS.46, RDS.50, APIGateway.10/11 and CIS v5.0.0 are Unconfirmed";

use Standard::{CisV3, Fsbp, Nist80053R5 as Nist, PciDss4 as Pci4};

const F_N: &[Standard] = &[Fsbp, Nist];
const F_N_P: &[Standard] = &[Fsbp, Nist, Pci4];

/// The controls Vigil's rules name, and the other controls of the mission's services that
/// docs/coverage.md lists.
pub static CONTROLS: &[Control] = &[
    c("APIGateway.1", F_N),
    c("APIGateway.2", F_N),
    c("APIGateway.3", F_N),
    c("APIGateway.4", F_N),
    c("APIGateway.5", F_N),
    c("APIGateway.8", F_N),
    c("APIGateway.9", F_N_P),
    u("APIGateway.10"),
    u("APIGateway.11"),
    // The monitoring controls (issue 18). CloudTrail rows from the export above; CloudTrail.5's
    // PCI DSS membership there is v3.2.1 only, which Vigil does not report.
    c("CloudTrail.1", &[Fsbp, CisV3, Nist]),
    c("CloudTrail.2", &[Fsbp, CisV3, Nist, Pci4]),
    c("CloudTrail.4", &[Fsbp, CisV3, Nist, Pci4]),
    c("CloudTrail.5", F_N),
    c("DynamoDB.1", F_N),
    c("DynamoDB.2", F_N),
    c("DynamoDB.3", F_N),
    c("DynamoDB.4", &[Nist]),
    c("DynamoDB.6", F_N),
    c("DynamoDB.7", F_N_P),
    c("EC2.2", &[Fsbp, CisV3, Nist]),
    c("EC2.18", F_N),
    c("EC2.19", F_N),
    // GuardDuty.6 and .9 are after the export's GuardDuty rows were read: from the Security Hub
    // GuardDuty controls page (FSBP list, "Related requirements: PCI DSS v4.0.1/11.5.1").
    // GuardDuty.1 from the same page: FSBP, and its Related requirements name NIST 800-53 r5
    // and PCI DSS v4.0.1/11.5.1.
    c("GuardDuty.1", F_N_P),
    c("GuardDuty.6", &[Fsbp, Pci4]),
    c("GuardDuty.9", &[Fsbp, Pci4]),
    c("IAM.1", F_N),
    c("IAM.2", &[Fsbp, CisV3, Nist]),
    c("IAM.3", &[Fsbp, CisV3, Nist, Pci4]),
    c("IAM.4", &[Fsbp, CisV3, Nist]),
    // Account.1: FSBP; the account controls page's Related requirements name NIST 800-53 r5
    // and CIS v5.0.0/1.2 (CIS v5.0.0 membership is not reported: see CONTROLS_SOURCE).
    c("Account.1", F_N),
    // Config.1: FSBP; its Related requirements name CIS v3.0.0/3.3 and NIST 800-53 r5 (PCI
    // DSS v3.2.1 only, not reported).
    c("Config.1", &[Fsbp, CisV3, Nist]),
    c("IAM.5", &[Fsbp, CisV3, Nist, Pci4]),
    c("IAM.6", &[Fsbp, CisV3, Nist, Pci4]),
    c("IAM.7", &[Fsbp, Nist, Pci4]),
    c("IAM.8", F_N_P),
    c("IAM.9", &[CisV3, Nist, Pci4]),
    c("IAM.21", F_N),
    c("KMS.1", F_N),
    c("KMS.2", F_N),
    c("KMS.3", F_N),
    c("KMS.4", &[CisV3, Nist, Pci4]),
    c("KMS.5", &[Fsbp]),
    c("Lambda.1", F_N_P),
    c("Lambda.2", F_N_P),
    c("Lambda.3", &[Nist]),
    c("Lambda.5", F_N),
    c("RDS.1", F_N),
    c("RDS.2", &[Fsbp, CisV3, Nist, Pci4]),
    c("RDS.3", &[Fsbp, CisV3, Nist]),
    c("RDS.4", F_N),
    c("RDS.5", F_N),
    c("RDS.6", F_N),
    c("RDS.7", F_N),
    c("RDS.8", F_N),
    c("RDS.9", F_N_P),
    c("RDS.10", F_N),
    c("RDS.11", F_N),
    c("RDS.12", F_N),
    c("RDS.13", &[Fsbp, CisV3, Nist, Pci4]),
    c("RDS.14", F_N),
    c("RDS.15", F_N),
    c("RDS.16", F_N),
    c("RDS.17", F_N),
    c("RDS.18", &[]),
    c("RDS.19", F_N),
    c("RDS.20", F_N_P),
    c("RDS.21", F_N_P),
    c("RDS.22", F_N_P),
    c("RDS.23", F_N),
    c("RDS.24", F_N_P),
    c("RDS.25", F_N_P),
    c("RDS.26", &[Nist]),
    c("RDS.27", F_N),
    c("RDS.34", F_N_P),
    c("RDS.35", F_N_P),
    c("RDS.36", &[Fsbp, Pci4]),
    c("RDS.37", &[Fsbp, Pci4]),
    c("RDS.38", &[Fsbp]),
    c("RDS.39", &[Fsbp]),
    c("RDS.40", F_N),
    c("RDS.41", &[Fsbp]),
    c("RDS.42", F_N),
    c("RDS.43", &[Fsbp]),
    c("RDS.44", &[Fsbp]),
    c("RDS.45", F_N),
    u("RDS.46"),
    c("RDS.47", &[Fsbp]),
    c("RDS.48", &[Fsbp]),
    u("RDS.50"),
    c("SecretsManager.1", F_N_P),
    c("SecretsManager.2", F_N_P),
    c("SecretsManager.3", F_N),
    c("SecretsManager.4", F_N_P),
];

const fn c(id: &'static str, standards: &'static [Standard]) -> Control {
    Control {
        id,
        membership: Membership::Known(standards),
    }
}

const fn u(id: &'static str) -> Control {
    Control {
        id,
        membership: Membership::Unconfirmed,
    }
}

/// The control with this `SecurityControlId`.
pub fn control(id: &str) -> Option<&'static Control> {
    CONTROLS.iter().find(|c| c.id == id)
}

/// Whether the control is in FSBP, per [`CONTROLS`].
pub fn is_fsbp(id: &str) -> bool {
    control(id).is_some_and(|c| c.standards().contains(&Standard::Fsbp))
}

/// The standards that include any of the rule's controls, in [`Standard::ALL`] order.
pub fn of_rule(rule: &RuleMeta) -> Vec<Standard> {
    Standard::ALL
        .into_iter()
        .filter(|s| {
            rule.controls
                .iter()
                .filter_map(|id| control(id))
                .any(|c| c.standards().contains(s))
        })
        .collect()
}

/// The services of Vigil's mission (databases and what stands in front of them), whose FSBP
/// controls docs/coverage.md counts.
pub const MISSION_SERVICES: [&str; 7] = [
    "APIGateway",
    "DynamoDB",
    "EC2",
    "KMS",
    "Lambda",
    "RDS",
    "SecretsManager",
];

/// `(implemented, total)`: of the FSBP controls in [`CONTROLS`] for [`MISSION_SERVICES`], how
/// many a rule of `catalogue` implements.
pub fn fsbp_coverage(catalogue: &[&dyn crate::rules::Rule]) -> (usize, usize) {
    let fsbp: Vec<&Control> = CONTROLS
        .iter()
        .filter(|c| c.standards().contains(&Standard::Fsbp))
        .filter(|c| {
            c.id.split_once('.')
                .is_some_and(|(svc, _)| MISSION_SERVICES.contains(&svc))
        })
        .collect();
    let implemented = fsbp
        .iter()
        .filter(|c| catalogue.iter().any(|r| r.meta().controls.contains(&c.id)))
        .count();
    (implemented, fsbp.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::CATALOGUE;
    use std::collections::HashSet;

    #[test]
    fn every_control_a_rule_names_is_in_the_table_once() {
        let mut seen = HashSet::new();
        for c in CONTROLS {
            assert!(seen.insert(c.id), "{} twice", c.id);
        }
        for rule in CATALOGUE {
            for id in rule.meta().controls {
                assert!(
                    control(id).is_some(),
                    "{}: {id} not in standards::CONTROLS",
                    rule.meta().id
                );
            }
        }
    }

    #[test]
    fn docs_coverage_states_the_fsbp_count_over_real_fsbp_controls() {
        let (implemented, total) = fsbp_coverage(CATALOGUE);
        let doc = include_str!("../../../docs/coverage.md");
        let claim = format!("{implemented} of the {total} FSBP controls");
        assert!(
            doc.contains(&claim),
            "docs/coverage.md should say \"{claim}\""
        );
    }

    #[test]
    fn controls_outside_fsbp_are_not_counted_as_fsbp() {
        for id in [
            "RDS.18",
            "KMS.4",
            "Lambda.3",
            "DynamoDB.4",
            "RDS.26",
            "RDS.46",
            "RDS.50",
        ] {
            assert!(!is_fsbp(id), "{id}");
        }
        assert!(is_fsbp("RDS.2") && is_fsbp("KMS.5"));
        for id in [
            "RDS.41", "RDS.42", "RDS.43", "RDS.44", "RDS.45", "RDS.47", "RDS.48",
        ] {
            assert!(is_fsbp(id), "{id}");
        }
        assert!(!is_fsbp("EC2.999"));
    }

    #[test]
    fn a_rule_gets_the_standards_of_its_controls() {
        let rds2 = crate::rules::by_id("rds-instance-public-access")
            .unwrap()
            .meta();
        assert_eq!(of_rule(rds2), vec![Fsbp, CisV3, Nist, Pci4]);
        let kms4 = crate::rules::by_id("kms-key-rotation").unwrap().meta();
        assert!(!of_rule(kms4).contains(&Fsbp));
        let own = crate::rules::by_id("iam-role-trust-not-public")
            .unwrap()
            .meta();
        assert!(of_rule(own).is_empty());
    }
}
