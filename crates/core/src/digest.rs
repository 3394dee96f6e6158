//! The first-sweep digest: one summary of a whole account instead of one message per finding —
//! how many findings fail at each severity, the worst resources, and what to do first.
//!
//! Built from the sweep's reports ([`Digest::from_reports`]); rendered as plain text with a
//! subject under 100 ASCII characters ([`Digest::render`]).

use crate::report::Report;
use crate::rules::by_id;
use crate::vocabulary::{Severity, Status};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many resources the digest names as the worst.
pub const WORST: usize = 5;

/// One resource with failing findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worst {
    /// The name people see.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its highest failing severity.
    pub severity: Severity,
    /// Its failing rules, most severe first.
    pub rules: Vec<String>,
}

/// A summary of a sweep's reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    /// Resources evaluated.
    pub resources: usize,
    /// Resources with at least one failing finding.
    pub failing_resources: usize,
    /// Failing findings by severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// The worst resources: highest severity first, then most failing rules.
    pub worst: Vec<Worst>,
    /// The rule to fix first: the most severe, then the one failing on the most resources, with
    /// how many resources fail it.
    pub first: Option<(&'static str, usize)>,
}

impl Digest {
    /// The digest of a sweep's reports (skipped and erroneous inputs are not resources).
    pub fn from_reports(reports: &[Report]) -> Self {
        let mut d = Digest::default();
        let mut per_rule: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
        let mut worst = Vec::new();
        for r in reports
            .iter()
            .filter(|r| r.error.is_none() && r.skipped.is_none() && !r.deleted)
        {
            let Some(resource) = &r.resource else {
                continue;
            };
            d.resources += 1;
            let mut failing: Vec<_> = r
                .findings
                .iter()
                .filter(|f| f.status == Status::Failed)
                .collect();
            if failing.is_empty() {
                continue;
            }
            d.failing_resources += 1;
            failing.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
            for f in &failing {
                *d.by_severity.entry(f.severity).or_default() += 1;
                if let Some(rule) = by_id(&f.rule) {
                    let entry = per_rule.entry(rule.meta().id).or_insert((f.severity, 0));
                    entry.0 = entry.0.max(f.severity);
                    entry.1 += 1;
                }
            }
            worst.push(Worst {
                name: resource.display_name().to_string(),
                arn: resource.arn.clone(),
                severity: failing[0].severity,
                rules: failing.iter().map(|f| f.rule.clone()).collect(),
            });
        }
        worst.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.rules.len().cmp(&a.rules.len()))
                .then(a.arn.cmp(&b.arn))
        });
        worst.truncate(WORST);
        d.worst = worst;
        d.first = per_rule
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(rule, (_, count))| (rule, count));
        d
    }

    /// Failing findings in all.
    pub fn failing(&self) -> usize {
        self.by_severity.values().sum()
    }

    /// The subject (ASCII, under 100 characters) and the plain-text body.
    pub fn render(&self, account: &str) -> (String, String) {
        let subject = format!(
            "Vigil baseline for {account}: {} failing findings on {} of {} resources",
            self.failing(),
            self.failing_resources,
            self.resources
        );
        let mut body = String::new();
        let _ = writeln!(
            body,
            "Vigil has checked every supported resource in account {account}: {} resources, {} \
             of them with failing findings.\n",
            self.resources, self.failing_resources
        );
        let _ = writeln!(body, "Failing findings by severity:");
        for severity in [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Informational,
        ] {
            let n = self.by_severity.get(&severity).copied().unwrap_or(0);
            let _ = writeln!(body, "  {:<13} {n}", severity.label());
        }
        if !self.worst.is_empty() {
            let _ = writeln!(body, "\nThe worst resources:");
            for w in &self.worst {
                let _ = writeln!(
                    body,
                    "  {} ({}): {} failing, the worst {}\n    {}",
                    w.name,
                    w.arn,
                    w.rules.len(),
                    w.severity.label(),
                    w.rules.join(", ")
                );
            }
        }
        if let Some(rule) = self
            .first
            .and_then(|(id, n)| by_id(id).map(|r| (r.meta(), n)))
        {
            let (meta, n) = rule;
            let _ = writeln!(
                body,
                "\nWhat to do first: {} ({} resources, {}).\n  {}",
                meta.title,
                n,
                meta.severity.label(),
                meta.remediation
            );
        }
        let _ = writeln!(
            body,
            "\nFrom now on Vigil alerts only when something changes."
        );
        (ascii(&subject), body)
    }
}

fn ascii(text: &str) -> String {
    let clean: String = text.chars().filter(char::is_ascii).collect();
    if clean.len() < 100 {
        clean
    } else {
        clean[..96].to_string() + "..."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::Transition;
    use crate::report::ReportFinding;
    use crate::resource::{ResourceRef, ResourceType};

    fn finding(rule: &str, severity: Severity, status: Status) -> ReportFinding {
        ReportFinding {
            rule: rule.into(),
            controls: vec![],
            status,
            severity,
            title: rule.into(),
            transition: Transition::New,
            reason: String::new(),
            gdpr: vec![],
            fix: None,
            accepted: None,
        }
    }

    fn report(name: &str, findings: Vec<ReportFinding>) -> Report {
        let mut r = Report::skipped(name, "x", None);
        r.skipped = None;
        r.resource = Some(ResourceRef {
            resource_type: ResourceType(ResourceType::RDS_DB_INSTANCE.into()),
            id: name.into(),
            name: Some(name.into()),
            arn: format!("arn:aws:rds:eu-west-2:123456789012:db:{name}"),
            account: "123456789012".into(),
            region: "eu-west-2".into(),
        });
        r.findings = findings;
        r
    }

    #[test]
    fn counts_by_severity_ranks_the_worst_and_names_what_to_do_first() {
        let reports = vec![
            report(
                "orders",
                vec![
                    finding(
                        "rds-instance-public-access",
                        Severity::Critical,
                        Status::Failed,
                    ),
                    finding("rds-instance-backups", Severity::Medium, Status::Failed),
                ],
            ),
            report(
                "billing",
                vec![finding(
                    "rds-instance-backups",
                    Severity::Medium,
                    Status::Failed,
                )],
            ),
            report(
                "ledger",
                vec![finding(
                    "rds-instance-backups",
                    Severity::Medium,
                    Status::Passed,
                )],
            ),
            Report::error("broken", "bad input"),
        ];
        let d = Digest::from_reports(&reports);
        assert_eq!(d.resources, 3);
        assert_eq!(d.failing_resources, 2);
        assert_eq!(d.by_severity.get(&Severity::Critical), Some(&1));
        assert_eq!(d.by_severity.get(&Severity::Medium), Some(&2));
        assert_eq!(d.worst[0].name, "orders");
        assert_eq!(d.worst[0].rules[0], "rds-instance-public-access");
        // The most severe rule comes first, even though backups fail on more resources.
        assert_eq!(d.first, Some(("rds-instance-public-access", 1)));
        let (subject, body) = d.render("123456789012");
        assert!(subject.is_ascii() && subject.len() < 100, "{subject}");
        assert!(
            subject.contains("3 failing findings on 2 of 3"),
            "{subject}"
        );
        assert!(body.contains("CRITICAL      1"), "{body}");
        assert!(body.contains("What to do first"), "{body}");
    }

    #[test]
    fn a_clean_account_has_nothing_to_do_first() {
        let d = Digest::from_reports(&[report(
            "ledger",
            vec![finding(
                "rds-instance-backups",
                Severity::Medium,
                Status::Passed,
            )],
        )]);
        assert_eq!(d.failing(), 0);
        assert!(d.first.is_none() && d.worst.is_empty());
        assert!(!d.render("123456789012").1.contains("What to do first"));
    }
}
