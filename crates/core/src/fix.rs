//! The exact fix for a failing finding: where to click in the console and which AWS CLI
//! command to run, as templates that are filled in for one resource.
//!
//! A template names what it needs in braces: `{region}`, `{account}`, `{arn}` and `{name}`
//! (the resource's own identifier, the last part of its ARN) are known for every resource;
//! anything else a command needs must come from the resource's description and is named in
//! [`Fix::inputs`]. Rendering lives beside the alert and report code; a test renders every
//! rule's fix for a sample resource and fails on any placeholder left.

/// How to fix a failing rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The console path, e.g. `RDS console > Databases > {name} > Modify > Connectivity >
    /// Public access: Not publicly accessible`.
    pub console: &'static str,
    /// The AWS CLI command, e.g. `aws rds modify-db-instance --region {region}
    /// --db-instance-identifier {name} --no-publicly-accessible --apply-immediately`.
    pub command: &'static str,
    /// Downtime, cost or data loss the fix can cause, said plainly; `None` when there is none.
    pub caution: Option<&'static str>,
    /// Placeholders beyond the four every resource has, each filled from the resource's
    /// description (field name as the rules read it).
    pub inputs: &'static [&'static str],
}
