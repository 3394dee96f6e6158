//! [`Verdict`]: what one rule says about one resource.

/// A fact that made a rule fail, pointing at the field the owner must change. The `observed`
/// text is a setting's value (`true`, `1 day`), never a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The configuration field, as AWS names it (e.g. `publiclyAccessible`).
    pub field: String,
    /// What was observed.
    pub observed: String,
}

impl Evidence {
    /// Evidence that `field` was `observed`.
    pub fn new(field: impl Into<String>, observed: impl ToString) -> Self {
        Evidence {
            field: field.into(),
            observed: observed.to_string(),
        }
    }
}

/// The outcome of one rule for one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The resource meets the rule.
    Passed {
        /// Why, in plain words.
        reason: String,
    },
    /// The resource breaks the rule.
    Failed {
        /// What is wrong, in plain words.
        reason: String,
        /// The fields that show it.
        evidence: Vec<Evidence>,
    },
    /// The rule does not apply to this resource.
    NotApplicable {
        /// Why not.
        reason: String,
    },
    /// The inputs the rule needs were not known: no verdict. Never treated as a pass.
    Undetermined {
        /// The fields (or lookups) that were unknown.
        missing: Vec<String>,
    },
}

impl Verdict {
    /// A pass.
    pub fn passed(reason: impl Into<String>) -> Self {
        Verdict::Passed {
            reason: reason.into(),
        }
    }

    /// A failure with its evidence.
    pub fn failed(reason: impl Into<String>, evidence: Vec<Evidence>) -> Self {
        Verdict::Failed {
            reason: reason.into(),
            evidence,
        }
    }

    /// Not applicable, with why.
    pub fn not_applicable(reason: impl Into<String>) -> Self {
        Verdict::NotApplicable {
            reason: reason.into(),
        }
    }

    /// Undetermined for want of the named inputs.
    pub fn undetermined<S: Into<String>>(missing: impl IntoIterator<Item = S>) -> Self {
        Verdict::Undetermined {
            missing: missing.into_iter().map(Into::into).collect(),
        }
    }

    /// The status to store, or `None` for an undetermined verdict (which is never stored).
    pub fn status(&self) -> Option<crate::vocabulary::Status> {
        use crate::vocabulary::Status;
        match self {
            Verdict::Passed { .. } => Some(Status::Passed),
            Verdict::Failed { .. } => Some(Status::Failed),
            Verdict::NotApplicable { .. } => Some(Status::NotApplicable),
            Verdict::Undetermined { .. } => None,
        }
    }

    /// The plain-words reason (for undetermined: which inputs were unknown).
    pub fn reason(&self) -> String {
        match self {
            Verdict::Passed { reason }
            | Verdict::Failed { reason, .. }
            | Verdict::NotApplicable { reason } => reason.clone(),
            Verdict::Undetermined { missing } => {
                format!("not determined: unknown {}", missing.join(", "))
            }
        }
    }
}
