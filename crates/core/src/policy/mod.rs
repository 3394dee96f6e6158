//! The IAM policy engine: pure, no I/O.
//!
//! - [`document`]: parsing every grammar form of a policy document (objects, JSON strings,
//!   URL-encoded strings as AWS Config carries them) and asking it what it allows
//!   ([`Document::allows`], [`Document::allows_some`]).
//! - [`pattern`]: `*`/`?` wildcard matching, case-insensitive for actions.
//! - [`principal`]: `Principal`/`NotPrincipal` in every form; public or outside an allow-list.
//! - [`condition`]: `Condition` operators incl. `IfExists`, `ForAllValues:`/`ForAnyValue:`, and
//!   whether a condition *requires* a key.
//! - [`managed`]: the broad AWS managed policies, as data.
//!
//! Used by the IAM rules and by any rule that reads a resource policy (DynamoDB, Lambda, VPC
//! endpoints, KMS keys).

pub mod condition;
pub mod document;
pub mod managed;
pub mod pattern;
pub mod principal;

pub use condition::{Condition, Operator, SetQualifier};
pub use document::{Document, Effect, Names, Statement};
pub use principal::{Principal, PrincipalEntry, PrincipalKind};

use thiserror::Error;

/// A policy document Vigil cannot read. It names the place in the document and what was
/// expected, never a value (documents can hold account ids and secrets in conditions).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("policy document `{path}` should be {expected}, found {found}")]
pub struct PolicyError {
    /// Where in the document, e.g. `Statement[1].Effect`.
    pub path: String,
    /// What should be there.
    pub expected: String,
    /// What kind of thing was there.
    pub found: String,
}

impl PolicyError {
    pub(crate) fn new(
        path: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        PolicyError {
            path: path.into(),
            expected: expected.into(),
            found: found.into(),
        }
    }
}
