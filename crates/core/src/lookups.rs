//! Lookups: what a rule needs beyond the resource itself (an RDS parameter group's settings,
//! a customer-managed policy's document, who manages a KMS key).
//!
//! A rule declares the lookups it needs for a resource ([`crate::rules::Rule::lookups`]); the
//! shell fetches what it can (the Lambda through the SDK; the offline CLI cannot) and evaluation
//! runs with the answers. A lookup without an answer makes the rule [`Verdict::Undetermined`]
//! (see [`Lookups::get`]), never a guessed pass.
//!
//! Keys are a kind plus an id, and answers are JSON in a documented shape per kind, so adding a
//! kind touches only the rule that needs it and the shell's fetcher for it.
//!
//! [`Verdict::Undetermined`]: crate::verdict::Verdict::Undetermined

use std::collections::BTreeMap;

/// What to look up: a kind (e.g. `rds.db-parameter-group`) and the id within that kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LookupKey {
    /// The kind, `<service>.<thing>`; each kind documents its answer's JSON shape where the
    /// fetcher for it is written.
    pub kind: &'static str,
    /// The id within the kind (a name or an ARN).
    pub id: String,
}

impl LookupKey {
    /// A key.
    pub fn new(kind: &'static str, id: impl Into<String>) -> Self {
        LookupKey {
            kind,
            id: id.into(),
        }
    }

    /// `kind:id`, for undetermined verdicts and logs.
    pub fn label(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }
}

/// The answers the shell found. Answers can hold secrets (a Lambda function's environment), so
/// `Debug` shows which lookups were answered, never the answers.
#[derive(Clone, Default, PartialEq)]
pub struct Lookups {
    answers: BTreeMap<LookupKey, serde_json::Value>,
}

impl std::fmt::Debug for Lookups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(self.answers.keys().map(LookupKey::label))
            .finish()
    }
}

impl Lookups {
    /// No answers (the offline CLI).
    pub fn none() -> Self {
        Lookups::default()
    }

    /// Records an answer.
    pub fn insert(&mut self, key: LookupKey, answer: serde_json::Value) {
        self.answers.insert(key, answer);
    }

    /// The answer for `key`, or the [`Verdict::Undetermined`] a rule returns without it:
    /// `let params = match lookups.get(&key) { Ok(v) => v, Err(undetermined) => return undetermined };`
    ///
    /// [`Verdict::Undetermined`]: crate::verdict::Verdict::Undetermined
    pub fn get(&self, key: &LookupKey) -> Result<&serde_json::Value, crate::verdict::Verdict> {
        self.answers
            .get(key)
            .ok_or_else(|| crate::verdict::Verdict::undetermined([key.label()]))
    }

    /// The answer for a key derived from the resource: without a key (the resource's id was
    /// unknown) the verdict is undetermined for `missing_id`; without an answer, for the lookup.
    /// One prologue for every rule whose lookup is keyed by a field of the resource.
    pub fn answer(
        &self,
        key: Option<&LookupKey>,
        missing_id: &str,
    ) -> Result<&serde_json::Value, crate::verdict::Verdict> {
        match key {
            Some(key) => self.get(key),
            None => Err(crate::verdict::Verdict::undetermined([missing_id])),
        }
    }

    /// How many answers there are.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Verdict;
    use serde_json::json;

    #[test]
    fn a_missing_answer_is_undetermined_naming_the_lookup() {
        let key = LookupKey::new("rds.db-parameter-group", "default.postgres16");
        let lookups = Lookups::none();
        assert_eq!(
            lookups.get(&key).unwrap_err(),
            Verdict::undetermined(["rds.db-parameter-group:default.postgres16"])
        );
    }

    #[test]
    fn debug_names_the_lookups_and_not_the_answers() {
        let mut lookups = Lookups::none();
        lookups.insert(
            LookupKey::new("lambda.function-configuration", "orders-api"),
            json!({"Environment": {"Variables": {"DB_PASSWORD": "planted-lookup-value"}}}),
        );
        let shown = format!("{lookups:?}");
        assert!(
            shown.contains("lambda.function-configuration:orders-api"),
            "{shown}"
        );
        assert!(!shown.contains("planted-lookup-value"), "{shown}");
    }

    #[test]
    fn a_present_answer_is_returned() {
        let key = LookupKey::new("kms.key", "arn:aws:kms:eu-west-2:123456789012:key/k");
        let mut lookups = Lookups::none();
        lookups.insert(key.clone(), json!({"KeyManager": "CUSTOMER"}));
        assert_eq!(lookups.get(&key).unwrap()["KeyManager"], "CUSTOMER");
        assert_eq!(lookups.len(), 1);
    }
}
