//! The shared vocabulary of the core: the words every other module speaks — a finding's
//! [`Severity`], a stored verdict's [`Status`], and what a rule says about itself
//! ([`RuleMeta`]). It imports nothing from the crate, so every module can depend on it without
//! an import circle (the catalogue, the state, the ASFF and message renderers, the settings).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Finding severity, as Security Hub's ASFF labels it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// No risk on its own.
    Informational,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical: data is exposed or about to be.
    Critical,
}

impl Severity {
    /// The ASFF label: `CRITICAL`, `HIGH`, ...
    pub fn label(self) -> &'static str {
        match self {
            Severity::Informational => "INFORMATIONAL",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }

    /// Parses a label in any case.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Severity::Informational,
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
    }

    /// ASFF's `Severity.Normalized` for the label (the midpoint Security Hub documents).
    pub fn normalized(self) -> u8 {
        match self {
            Severity::Informational => 0,
            Severity::Low => 1,
            Severity::Medium => 40,
            Severity::High => 70,
            Severity::Critical => 90,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Everything a rule says about itself: drives the docs, the ASFF findings and the alerts.
#[derive(Debug)]
pub struct RuleMeta {
    /// Vigil's stable rule id, e.g. `rds-instance-public-access`.
    pub id: &'static str,
    /// One line saying what should be true.
    pub title: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// The AWS Config type the rule evaluates.
    pub resource_type: &'static str,
    /// Security Hub control ids (ASFF `Compliance.SecurityControlId`, e.g. `RDS.2`) whose exact
    /// semantics the rule implements; empty for Vigil's own rules. Which standards include a
    /// control is data in [`crate::standards`], not here.
    pub controls: &'static [&'static str],
    /// UK GDPR articles the rule supports, e.g. `Art. 32(1)(a)`.
    pub gdpr: &'static [&'static str],
    /// The UK Cyber Essentials technical control the rule evidences, where one applies (the
    /// mapping is explained in docs/coverage.md).
    pub cyber_essentials: Option<CeControl>,
    /// What passes, in one sentence.
    pub passes_when: &'static str,
    /// Why it matters, for the owner.
    pub rationale: &'static str,
    /// How to fix it: console steps and a CLI command.
    pub remediation: &'static str,
    /// The exact fix as console path and CLI command templates (see [`crate::fix`]); every
    /// catalogued rule is to carry one.
    pub fix: Option<crate::fix::Fix>,
    /// Where the rule's semantics come from (the FSBP control page or Vigil's practice).
    pub source: &'static str,
}

/// The five technical controls of UK Cyber Essentials ("Cyber Essentials: Requirements for IT
/// infrastructure", NCSC, v3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CeControl {
    /// Firewalls: boundary firewalls and what is reachable from the internet.
    Firewalls,
    /// Secure configuration: defaults changed, unneeded exposure removed, authentication in
    /// front of organisational data and services.
    SecureConfiguration,
    /// Security update management: supported software, updates applied.
    SecurityUpdateManagement,
    /// User access control: accounts and privileges only for those who need them, MFA, removal
    /// of unused accounts.
    UserAccessControl,
    /// Malware protection.
    MalwareProtection,
}

impl CeControl {
    /// The control's name as the NCSC requirements document writes it.
    pub fn label(self) -> &'static str {
        match self {
            CeControl::Firewalls => "Firewalls",
            CeControl::SecureConfiguration => "Secure configuration",
            CeControl::SecurityUpdateManagement => "Security update management",
            CeControl::UserAccessControl => "User access control",
            CeControl::MalwareProtection => "Malware protection",
        }
    }

    /// `UK Cyber Essentials v3.3: <control>`, as written in ASFF `RelatedRequirements`.
    pub fn requirement(self) -> String {
        format!("UK Cyber Essentials v3.3: {}", self.label())
    }
}

/// Rules are identified by their id.
impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RuleMeta {}

/// A rule's verdict as stored (undetermined verdicts are never stored: they change nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// The resource meets the rule.
    Passed,
    /// The resource breaks the rule.
    Failed,
    /// The rule does not apply.
    NotApplicable,
    /// The resource breaks the rule, and its owner accepted the risk until a date
    /// ([`crate::accept`]): no alert while it holds.
    Suppressed,
}

impl Status {
    /// Whether the resource breaks the rule (failed, accepted or not).
    pub fn is_failing(self) -> bool {
        matches!(self, Status::Failed | Status::Suppressed)
    }

    /// `PASSED`, `FAILED`, `NOT_APPLICABLE`, `SUPPRESSED`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "PASSED",
            Status::Failed => "FAILED",
            Status::NotApplicable => "NOT_APPLICABLE",
            Status::Suppressed => "SUPPRESSED",
        }
    }
}
