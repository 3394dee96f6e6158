//! The first-sweep digest: one summary of a whole account instead of one message per finding —
//! how many findings fail at each severity, the worst resources, and what to do first.
//!
//! Built from the sweep's reports ([`Digest::from_reports`]); rendered as plain text with a
//! subject under 100 ASCII characters ([`Digest::render`]). The sweep function sees a run one
//! (region, kind) at a time: each work item keeps a [`Tally`] of its reports, and the tallies
//! of the whole run merge ([`Tally::merge`]) into the same digest its reports would give.

use crate::asff::truncate;
use crate::message::{fit_bytes, Alert, AlertKind, ATTRIBUTES, BODY_MAX, SUBJECT_MAX};
use crate::report::Report;
use crate::rules::by_id;
use crate::vocabulary::{Severity, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many resources the digest names as the worst.
pub const WORST: usize = 5;

/// One resource with failing findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// What the sweep could not evaluate (a region and kind, and why), for people.
    pub not_evaluated: Vec<String>,
}

/// A mergeable summary of part of a sweep (one region and kind in the sweep function): the
/// digest's counts, its worst resources, and how many resources fail each rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Resources evaluated.
    pub resources: usize,
    /// Resources with at least one failing finding.
    pub failing_resources: usize,
    /// Failing findings by severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// The worst resources, ranked, at most [`WORST`].
    pub worst: Vec<Worst>,
    /// Per rule id, its severity and how many resources fail it.
    pub rules: BTreeMap<String, (Severity, usize)>,
    /// What could not be evaluated, for people.
    #[serde(default)]
    pub not_evaluated: Vec<String>,
}

impl Tally {
    /// The tally of some of a sweep's reports (skipped and erroneous inputs are not resources).
    pub fn from_reports(reports: &[Report]) -> Self {
        let mut t = Tally::default();
        for r in reports
            .iter()
            .filter(|r| r.error.is_none() && r.skipped.is_none() && !r.deleted)
        {
            let Some(resource) = &r.resource else {
                continue;
            };
            t.resources += 1;
            let mut failing: Vec<_> = r
                .findings
                .iter()
                .filter(|f| f.status == Status::Failed)
                .collect();
            if failing.is_empty() {
                continue;
            }
            t.failing_resources += 1;
            failing.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
            for f in &failing {
                *t.by_severity.entry(f.severity).or_default() += 1;
                if let Some(rule) = by_id(&f.rule) {
                    let entry = t
                        .rules
                        .entry(rule.meta().id.to_string())
                        .or_insert((f.severity, 0));
                    entry.0 = entry.0.max(f.severity);
                    entry.1 += 1;
                }
            }
            t.worst.push(Worst {
                name: resource.display_name().to_string(),
                arn: resource.arn.clone(),
                severity: failing[0].severity,
                rules: failing.iter().map(|f| f.rule.clone()).collect(),
            });
            // Ranked as it grows, so a tally never holds more than a few resources.
            if t.worst.len() > WORST {
                rank(&mut t.worst);
            }
        }
        rank(&mut t.worst);
        t
    }

    /// Adds `other` (another part of the same sweep) to this tally.
    pub fn merge(&mut self, other: Tally) {
        self.resources += other.resources;
        self.failing_resources += other.failing_resources;
        for (severity, n) in other.by_severity {
            *self.by_severity.entry(severity).or_default() += n;
        }
        self.worst.extend(other.worst);
        rank(&mut self.worst);
        for (rule, (severity, n)) in other.rules {
            let entry = self.rules.entry(rule).or_insert((severity, 0));
            entry.0 = entry.0.max(severity);
            entry.1 += n;
        }
        self.not_evaluated.extend(other.not_evaluated);
    }

    /// The digest of everything tallied.
    pub fn digest(&self) -> Digest {
        Digest {
            resources: self.resources,
            failing_resources: self.failing_resources,
            by_severity: self.by_severity.clone(),
            worst: self.worst.clone(),
            first: self
                .rules
                .iter()
                .filter_map(|(id, &(severity, n))| by_id(id).map(|r| (r.meta().id, (severity, n))))
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(rule, (_, count))| (rule, count)),
            not_evaluated: self.not_evaluated.clone(),
        }
    }
}

/// Highest severity first, then most failing rules, then by ARN; the first [`WORST`] kept.
fn rank(worst: &mut Vec<Worst>) {
    worst.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.rules.len().cmp(&a.rules.len()))
            .then(a.arn.cmp(&b.arn))
    });
    worst.truncate(WORST);
}

impl Digest {
    /// The digest of a sweep's reports (skipped and erroneous inputs are not resources).
    pub fn from_reports(reports: &[Report]) -> Self {
        Tally::from_reports(reports).digest()
    }

    /// The digest as the one message of a first sweep: its subject and body ([`Digest::render`]),
    /// with every message attribute an alert carries (`rule` and `transition` are `baseline`,
    /// `severity` the highest failing one).
    pub fn alert(&self, account: &str) -> Alert {
        let (subject, body) = self.render(account);
        let severity = self
            .by_severity
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(s, _)| *s)
            .max()
            .unwrap_or(Severity::Informational);
        let attributes = ATTRIBUTES
            .iter()
            .map(|name| {
                let value = match *name {
                    "severity" => severity.label().to_string(),
                    "account" => account.to_string(),
                    "control" => "none".to_string(),
                    "kind" | "region" => "mixed".to_string(),
                    _ => "baseline".to_string(),
                };
                (name.to_string(), value)
            })
            .collect();
        Alert {
            kind: AlertKind::Failing,
            subject: truncate(&subject, SUBJECT_MAX),
            body: fit_bytes(&body, BODY_MAX),
            attributes,
        }
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
        if !self.not_evaluated.is_empty() {
            let _ = writeln!(body, "\nNot evaluated (its rules stay undetermined):");
            for what in &self.not_evaluated {
                let _ = writeln!(body, "  {what}");
            }
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

    /// `orders` fails a CRITICAL and a MEDIUM rule, `billing` the MEDIUM one, `ledger` passes it.
    fn three_databases() -> Vec<Report> {
        vec![
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
        ]
    }

    #[test]
    fn counts_by_severity_ranks_the_worst_and_names_what_to_do_first() {
        let mut reports = three_databases();
        reports.push(Report::error("broken", "bad input"));
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
        let alert = d.alert("123456789012");
        assert_eq!(alert.subject, subject);
        assert_eq!(alert.attributes["severity"], "CRITICAL");
        assert_eq!(alert.attributes["transition"], "baseline");
        assert_eq!(alert.attributes.len(), ATTRIBUTES.len());
    }

    #[test]
    fn tallies_of_the_parts_merge_into_the_digest_of_the_whole() {
        let reports = three_databases();
        let mut whole = Tally::default();
        for part in reports.chunks(1) {
            // Each part goes through its stored form, as in the table.
            let json = serde_json::to_string(&Tally::from_reports(part)).unwrap();
            whole.merge(serde_json::from_str(&json).unwrap());
        }
        assert_eq!(whole.digest(), Digest::from_reports(&reports));
        whole
            .not_evaluated
            .push("DAX clusters in eu-west-2: access denied".into());
        let (_, body) = whole.digest().render("123456789012");
        assert!(body.contains("Not evaluated"), "{body}");
        assert!(body.contains("DAX clusters in eu-west-2"), "{body}");
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
