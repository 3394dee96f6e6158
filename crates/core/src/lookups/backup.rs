//! AWS Backup answers: the resource assignments (backup selections) of every backup plan in the
//! resource's account and Region, and whether one of them covers a resource.
//!
//! A selection assigns a resource to its plan (AWS Backup API reference, `BackupSelection`;
//! "Assigning resources programmatically") when:
//! - it names the resource: one of `Resources` matches the resource's ARN (`*` is a wildcard,
//!   `"*"` alone is every resource), or one of `ListOfTags` (`STRINGEQUALS` only; OR logic)
//!   matches its tags; a selection with neither `Resources` nor `ListOfTags` names every
//!   resource;
//! - and every one of `Conditions` holds (`StringEquals`, `StringNotEquals`, `StringLike`,
//!   `StringNotLike` on `aws:ResourceTag/<key>`; AND logic; operators are case sensitive);
//! - and none of `NotResources` matches its ARN.
//!
//! The resource's tags are needed only when a selection's answer depends on them; unknown tags
//! then make coverage [`Coverage::Unknown`], never a guess.

use crate::resource::Tags;
use serde::Deserialize;

/// `backup.selections` (id: the resource's ARN), from `ListBackupPlans`,
/// `ListBackupSelections` and `GetBackupSelection` over every page: every selection of every
/// backup plan in the resource's account and Region; an empty list when there is none. Shape:
/// [`Selections::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Selections {
    /// `Selections`.
    pub selections: Vec<Selection>,
}

impl Selections {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Selections": [{"BackupPlanId": "8f3b2c1d-0000-4000-8000-000000000001", "BackupPlanName": "daily", "SelectionName": "databases", "Resources": ["arn:aws:rds:eu-west-2:123456789012:db:*", "arn:aws:dynamodb:eu-west-2:123456789012:table/customers"], "NotResources": ["arn:aws:rds:eu-west-2:123456789012:db:scratch-*"], "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}], "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}], "StringNotEquals": [], "StringLike": [], "StringNotLike": []}}]}"#;

    /// Whether any selection assigns the resource with this ARN and these tags to its plan;
    /// with the plan and selection names that do.
    pub fn coverage(&self, arn: &str, tags: Option<&Tags>) -> Coverage {
        let mut unknown = false;
        for s in &self.selections {
            match s.covers(arn, tags) {
                Some(true) => {
                    return Coverage::Covered {
                        plan: s
                            .backup_plan_name
                            .clone()
                            .or_else(|| s.backup_plan_id.clone())
                            .unwrap_or_default(),
                        selection: s.selection_name.clone().unwrap_or_default(),
                    }
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
        if unknown {
            Coverage::Unknown
        } else {
            Coverage::NotCovered
        }
    }
}

/// Whether a resource is assigned to a backup plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// A selection of this plan assigns it.
    Covered {
        /// The plan's name (or id).
        plan: String,
        /// The selection's name.
        selection: String,
    },
    /// No selection assigns it.
    NotCovered,
    /// A selection's answer depends on tags that are not known.
    Unknown,
}

/// One backup selection (`GetBackupSelection`'s `BackupSelection`, with its plan's id and name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Selection {
    /// `BackupPlanId`.
    pub backup_plan_id: Option<String>,
    /// `BackupPlanName`.
    pub backup_plan_name: Option<String>,
    /// `SelectionName`.
    pub selection_name: Option<String>,
    /// `Resources`: ARNs, with `*` wildcards.
    pub resources: Vec<String>,
    /// `NotResources`: ARNs excluded, with `*` wildcards.
    pub not_resources: Vec<String>,
    /// `ListOfTags`.
    pub list_of_tags: Vec<TagCondition>,
    /// `Conditions`.
    pub conditions: Option<Conditions>,
}

/// One of `ListOfTags` (`Condition`): `ConditionType` is `STRINGEQUALS`, the key is the tag key.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagCondition {
    /// `ConditionType`.
    pub condition_type: Option<String>,
    /// `ConditionKey`: the tag key.
    pub condition_key: String,
    /// `ConditionValue`.
    pub condition_value: String,
}

/// `Conditions`: every listed condition must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Conditions {
    /// `StringEquals`.
    pub string_equals: Vec<ConditionParameter>,
    /// `StringNotEquals`.
    pub string_not_equals: Vec<ConditionParameter>,
    /// `StringLike`.
    pub string_like: Vec<ConditionParameter>,
    /// `StringNotLike`.
    pub string_not_like: Vec<ConditionParameter>,
}

/// A `ConditionParameter`: the key is `aws:ResourceTag/<tag key>`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConditionParameter {
    /// `ConditionKey`.
    pub condition_key: String,
    /// `ConditionValue`.
    pub condition_value: String,
}

impl Selection {
    /// `Some(true)` when this selection assigns the resource, `Some(false)` when it does not,
    /// `None` when that depends on tags that are unknown.
    pub fn covers(&self, arn: &str, tags: Option<&Tags>) -> Option<bool> {
        if self.not_resources.iter().any(|p| wildcard_match(p, arn)) {
            return Some(false);
        }
        let everything = self.resources.is_empty() && self.list_of_tags.is_empty();
        let named = if everything || self.resources.iter().any(|p| wildcard_match(p, arn)) {
            Some(true)
        } else if self.list_of_tags.is_empty() {
            Some(false)
        } else {
            let tags = tags?;
            Some(self.list_of_tags.iter().any(|t| {
                tags.get(&t.condition_key).map(String::as_str) == Some(t.condition_value.as_str())
            }))
        };
        match named {
            Some(false) => Some(false),
            _ => match &self.conditions {
                None => named,
                Some(c) if c.is_empty() => named,
                Some(c) => c.hold(tags?).then_some(true).or(Some(false)),
            },
        }
    }
}

impl Conditions {
    fn is_empty(&self) -> bool {
        self.string_equals.is_empty()
            && self.string_not_equals.is_empty()
            && self.string_like.is_empty()
            && self.string_not_like.is_empty()
    }

    /// Every condition holds for these tags.
    fn hold(&self, tags: &Tags) -> bool {
        let value = |c: &ConditionParameter| {
            let key = c
                .condition_key
                .strip_prefix("aws:ResourceTag/")
                .unwrap_or(&c.condition_key);
            tags.get(key).map(String::as_str)
        };
        self.string_equals
            .iter()
            .all(|c| value(c) == Some(c.condition_value.as_str()))
            && self
                .string_not_equals
                .iter()
                .all(|c| value(c) != Some(c.condition_value.as_str()))
            && self
                .string_like
                .iter()
                .all(|c| value(c).is_some_and(|v| wildcard_match(&c.condition_value, v)))
            && self
                .string_not_like
                .iter()
                .all(|c| !value(c).is_some_and(|v| wildcard_match(&c.condition_value, v)))
    }
}

/// `pattern` matches `text`, `*` matching any run of characters (case sensitive).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*`: the whole text must be the pattern.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB: &str = "arn:aws:rds:eu-west-2:123456789012:db:orders";
    const SCRATCH: &str = "arn:aws:rds:eu-west-2:123456789012:db:scratch-1";
    const TABLE: &str = "arn:aws:dynamodb:eu-west-2:123456789012:table/customers";

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn example() -> Selections {
        serde_json::from_str(Selections::EXAMPLE).unwrap()
    }

    #[test]
    fn wildcards_match_as_backup_means() {
        assert!(wildcard_match("*", DB));
        assert!(wildcard_match("arn:aws:rds:*:*:db:*", DB));
        assert!(wildcard_match(DB, DB));
        assert!(!wildcard_match("arn:aws:rds:*:*:db:order", DB));
        assert!(!wildcard_match("arn:aws:rds:*:*:cluster:*", DB));
        assert!(wildcard_match("arn:aws:rds:*:*:db:*s", DB));
        assert!(wildcard_match("a*b*c", "abc"));
        assert!(!wildcard_match("ab*ba", "aba"));
    }

    #[test]
    fn the_example_covers_by_arn_pattern_and_conditions() {
        let s = example();
        let prod = tags(&[("env", "prod")]);
        assert_eq!(
            s.coverage(DB, Some(&prod)),
            Coverage::Covered {
                plan: "daily".into(),
                selection: "databases".into()
            }
        );
        // The AND condition fails for another environment.
        assert_eq!(
            s.coverage(DB, Some(&tags(&[("env", "dev")]))),
            Coverage::NotCovered
        );
        // NotResources wins over Resources.
        assert_eq!(s.coverage(SCRATCH, Some(&prod)), Coverage::NotCovered);
        // Conditions need the tags.
        assert_eq!(s.coverage(DB, None), Coverage::Unknown);
        // Excluded by NotResources: no tags needed.
        assert_eq!(s.coverage(SCRATCH, None), Coverage::NotCovered);
    }

    #[test]
    fn list_of_tags_is_or_and_an_empty_selection_is_everything() {
        let s: Selections = serde_json::from_value(serde_json::json!({"Selections": [
            {"SelectionName": "by-tag", "ListOfTags": [
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"},
                {"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "weekly"}]}
        ]}))
        .unwrap();
        assert!(matches!(
            s.coverage(TABLE, Some(&tags(&[("backup", "weekly")]))),
            Coverage::Covered { .. }
        ));
        assert_eq!(
            s.coverage(TABLE, Some(&tags(&[("backup", "Weekly")]))),
            Coverage::NotCovered
        );
        assert_eq!(s.coverage(TABLE, None), Coverage::Unknown);
        let all: Selections = serde_json::from_value(
            serde_json::json!({"Selections": [{"SelectionName": "all", "Resources": [], "NotResources": []}]}),
        )
        .unwrap();
        assert!(matches!(
            all.coverage(TABLE, None),
            Coverage::Covered { .. }
        ));
        let none = Selections { selections: vec![] };
        assert_eq!(none.coverage(TABLE, None), Coverage::NotCovered);
    }

    #[test]
    fn like_and_not_conditions() {
        let s: Selections = serde_json::from_value(serde_json::json!({"Selections": [
            {"SelectionName": "c", "Resources": ["*"], "Conditions": {
                "StringLike": [{"ConditionKey": "aws:ResourceTag/team", "ConditionValue": "data-*"}],
                "StringNotEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "dev"}]}}
        ]}))
        .unwrap();
        assert!(matches!(
            s.coverage(TABLE, Some(&tags(&[("team", "data-eng")]))),
            Coverage::Covered { .. }
        ));
        assert_eq!(
            s.coverage(TABLE, Some(&tags(&[("team", "data-eng"), ("env", "dev")]))),
            Coverage::NotCovered
        );
        assert_eq!(
            s.coverage(TABLE, Some(&tags(&[("team", "web")]))),
            Coverage::NotCovered
        );
    }
}
