//! Lookup answers a CloudTrail call's describe already read, handed to the same event's lookups
//! so they are not asked again: a function described with `GetFunction` answers its own
//! `lambda.function-configuration` lookup, a secret described with `DescribeSecret` its
//! `secretsmanager.secret` lookup (the answers are [`super::listed::answers`], the sweep's).
//!
//! **Invariant: one event's answers, never another's.** The describe of a call puts them under
//! its resource ([`Seeds::put`], only when the resource was found and will be judged), and that
//! observation's lookups, which the pipeline asks right after, take them out ([`Seeds::take`])
//! into the memo made for those lookups alone. Every observation's resolution starts by
//! dropping whatever is kept for its resource ([`Seeds::take`] again), so an answer can never
//! outlive its event. (Two events about the same resource handled at the same moment in one
//! process could trade answers, each as fresh as its own; the evaluate function handles one
//! event at a time.)

use crate::clients::Scope;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use vigil_core::lookups::LookupKey;

/// Lookup answers, each with its key.
pub type Answers = Vec<(LookupKey, Value)>;

/// The lookup answers described resources carried, by scope and resource ARN, until their
/// event's lookups take them.
#[derive(Default)]
pub struct Seeds {
    kept: Mutex<HashMap<(Scope, String), Answers>>,
}

impl Seeds {
    /// Keeps `answers` for the resource `arn` in `scope` (replacing what was kept); nothing is
    /// kept for no answers.
    pub fn put(&self, scope: &Scope, arn: &str, answers: Answers) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if answers.is_empty() {
            kept.remove(&(scope.clone(), arn.to_string()));
        } else {
            kept.insert((scope.clone(), arn.to_string()), answers);
        }
    }

    /// Takes out what is kept for the resource `arn` in `scope`.
    pub fn take(&self, scope: &Scope, arn: &str) -> Answers {
        // A poisoned lock only means a panic elsewhere while inserting: the map is still whole.
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.remove(&(scope.clone(), arn.to_string()))
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Seeds {
    /// Only how many resources have answers kept: a function's answer holds its environment's
    /// values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner()).len();
        f.debug_struct("Seeds").field("resources", &kept).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_core::lookups::LookupKind;

    fn scope() -> Scope {
        Scope {
            account: Some("123456789012".into()),
            region: Some("eu-west-2".into()),
        }
    }

    #[test]
    fn answers_are_taken_once_for_their_resource_only() {
        let seeds = Seeds::default();
        let key = LookupKey::new(LookupKind::SecretsManagerSecret, "arn:secret:a");
        seeds.put(&scope(), "arn:secret:a", vec![(key.clone(), Value::Null)]);
        assert!(seeds.take(&scope(), "arn:secret:b").is_empty());
        let other = Scope {
            region: Some("us-east-1".into()),
            ..scope()
        };
        assert!(seeds.take(&other, "arn:secret:a").is_empty());
        assert_eq!(
            seeds.take(&scope(), "arn:secret:a"),
            vec![(key, Value::Null)]
        );
        assert!(seeds.take(&scope(), "arn:secret:a").is_empty());
    }

    #[test]
    fn no_answers_clear_what_was_kept() {
        let seeds = Seeds::default();
        let key = LookupKey::new(LookupKind::SecretsManagerSecret, "arn:secret:a");
        seeds.put(&scope(), "arn:secret:a", vec![(key, Value::Null)]);
        seeds.put(&scope(), "arn:secret:a", Vec::new());
        assert!(seeds.take(&scope(), "arn:secret:a").is_empty());
        assert_eq!(format!("{seeds:?}"), "Seeds { resources: 0 }");
    }
}
