//! What the resource-policy rules (Lambda.1, VPC endpoint policies, DynamoDB resource policies)
//! share: which conditions restrict a public principal to known callers, and how a finding
//! names a statement.

use crate::policy::{Document, Statement};
use crate::verdict::{Evidence, Verdict};

/// Condition keys that restrict a public principal to known accounts, an organization, a source
/// resource or a network path.
pub const GUARD_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOwner",
    "aws:SourceVpce",
    "aws:SourceVpc",
];

/// Whether a condition on one of `keys` requires the key (no `IfExists`, no negation, ...) with
/// fixed values only, as AWS Config's public-access rules require: no policy variable
/// (`${...}`) and no `*` or `?` wildcard, except after the account field of an ARN that names an
/// account (`arn:aws:execute-api:eu-west-2:123456789012:a1b2c3/*` still names one account's
/// resources; `arn:aws:s3:::bucket*` does not).
pub fn guarded_by_fixed(statement: &Statement, keys: &[&str]) -> bool {
    statement.conditions.iter().any(|c| {
        keys.iter().any(|k| c.is_on(k)) && c.requires_key() && c.values.iter().all(|v| is_fixed(v))
    })
}

fn is_fixed(value: &str) -> bool {
    let wild = |t: &str| t.contains('*') || t.contains('?');
    if value.contains("${") {
        return false;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, service, region, account, _] if !account.is_empty() => {
            ![partition, service, region, account]
                .iter()
                .any(|t| wild(t))
        }
        _ => !wild(value),
    }
}

/// The `Allow` statements with a public principal (see [`Statement::is_public`]) that no fixed
/// condition on [`GUARD_KEYS`] restricts.
pub fn unguarded_public(doc: &Document) -> impl Iterator<Item = &Statement> {
    doc.public_statements()
        .filter(|s| !guarded_by_fixed(s, GUARD_KEYS))
}

/// The verdict from `(statement, what)` findings: Failed naming each statement (Sid or
/// position) and what it allows, else Passed.
pub fn verdict(
    policy: &str,
    hits: Vec<(&Statement, String)>,
    passed: impl Into<String>,
) -> Verdict {
    let Some((first, what)) = hits.first() else {
        return Verdict::passed(passed);
    };
    let more = match hits.len() {
        1 => String::new(),
        n => format!(" (and {} more statement(s))", n - 1),
    };
    let reason = format!("{policy} {} {what}{more}", first.label());
    Verdict::failed(
        reason,
        hits.iter()
            .map(|(s, what)| Evidence::new(format!("{policy}, {}", s.label()), what))
            .collect(),
    )
}
