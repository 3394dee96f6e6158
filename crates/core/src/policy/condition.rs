//! `Condition` blocks: `{"<Operator>": {"<key>": <value or values>}}`.
//!
//! An operator is a base (`StringEquals`, `ArnLike`, `Bool`, `NumericLessThan`, `IpAddress`,
//! `Null`, ...), optionally suffixed `IfExists`, optionally prefixed by a set qualifier
//! `ForAllValues:` or `ForAnyValue:`. Keys compare case-insensitively (as IAM does); values are
//! kept as strings (`true`, `3600`).
//!
//! The question rules ask is not "is there a condition" but "does this condition *require* the
//! key": an `IfExists` operator, a `ForAllValues:` qualifier (true when the key is absent) and a
//! negated operator (`StringNotEquals`) all let a request without the key through, and
//! [`Condition::requires_key`] says so.

use super::PolicyError;
use serde_json::Value;

/// A set qualifier for multivalued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    /// `ForAllValues:`: every value of the request's key must match; true when the key is
    /// absent or empty.
    ForAllValues,
    /// `ForAnyValue:`: at least one value must match; false when the key is absent.
    ForAnyValue,
}

/// A condition operator, split into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    /// The base operator, e.g. `StringEquals`.
    pub base: String,
    /// Whether `IfExists` was appended: the condition is true when the key is absent.
    pub if_exists: bool,
    /// `ForAllValues:` / `ForAnyValue:`, if present.
    pub qualifier: Option<SetQualifier>,
}

impl Operator {
    /// Parses an operator name such as `ForAnyValue:StringLikeIfExists`.
    pub fn parse(text: &str) -> Self {
        let (qualifier, rest) = if let Some(rest) = strip_prefix_ci(text, "ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = strip_prefix_ci(text, "ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (base, if_exists) = match rest.len().checked_sub("IfExists".len()) {
            Some(cut)
                if rest.is_char_boundary(cut) && rest[cut..].eq_ignore_ascii_case("IfExists") =>
            {
                (&rest[..cut], true)
            }
            _ => (rest, false),
        };
        Operator {
            base: base.to_string(),
            if_exists,
            qualifier,
        }
    }

    /// Whether the base operator is a negation (`StringNotEquals`, `ArnNotLike`,
    /// `NotIpAddress`, `NumericNotEquals`, ...): true for any request that lacks the values.
    pub fn is_negated(&self) -> bool {
        let b = self.base.to_ascii_lowercase();
        b.contains("not")
    }

    /// Whether the base is one of `Null`, which tests presence rather than value.
    pub fn is_null_check(&self) -> bool {
        self.base.eq_ignore_ascii_case("Null")
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// One operator–key–values triple of a `Condition` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The condition key as written, e.g. `aws:SourceAccount`.
    pub key: String,
    /// The values, as strings.
    pub values: Vec<String>,
}

impl Condition {
    /// Whether this condition is on `key` (case-insensitive, as IAM compares keys).
    pub fn is_on(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }

    /// Whether a request *without* the key fails this condition, so the statement only
    /// applies when the key is present and matches: no `IfExists`, no `ForAllValues:`, not a
    /// negated operator, not a `Null` check that accepts absence, and no value that is only
    /// `*` (which matches anything present).
    pub fn requires_key(&self) -> bool {
        if self.operator.if_exists
            || self.operator.qualifier == Some(SetQualifier::ForAllValues)
            || self.operator.is_negated()
        {
            return false;
        }
        if self.operator.is_null_check() {
            // {"Null": {"k": "false"}} requires k to be present.
            return self.values.iter().all(|v| v.eq_ignore_ascii_case("false"));
        }
        !self.values.is_empty() && !self.values.iter().any(|v| v == "*")
    }

    /// Whether the condition requires the key to be `expected` (e.g. `Bool`
    /// `aws:MultiFactorAuthPresent` `true`), in the sense of [`Condition::requires_key`].
    pub fn requires_value(&self, expected: &str) -> bool {
        self.requires_key()
            && !self.operator.is_null_check()
            && self.values.iter().all(|v| v.eq_ignore_ascii_case(expected))
    }

    /// Parses a whole `Condition` block into its triples (document order).
    pub fn parse_block(value: &Value, path: &str) -> Result<Vec<Condition>, PolicyError> {
        let Value::Object(operators) = value else {
            return Err(PolicyError::new(
                path,
                "an object of operators",
                crate::json::kind_of(value),
            ));
        };
        let mut out = Vec::new();
        for (op, keys) in operators {
            let op_path = format!("{path}.{op}");
            let Value::Object(keys) = keys else {
                return Err(PolicyError::new(
                    op_path,
                    "an object of condition keys",
                    crate::json::kind_of(keys),
                ));
            };
            let operator = Operator::parse(op);
            for (key, values) in keys {
                out.push(Condition {
                    operator: operator.clone(),
                    key: key.clone(),
                    values: scalars(values, &format!("{op_path}.{key}"))?,
                });
            }
        }
        Ok(out)
    }
}

/// Condition values: a string, number or boolean, or an array of them.
fn scalars(value: &Value, path: &str) -> Result<Vec<String>, PolicyError> {
    let one = |v: &Value| -> Result<String, PolicyError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(PolicyError::new(
                path,
                "a string, number or boolean",
                crate::json::kind_of(other),
            )),
        }
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operators_split_into_qualifier_base_and_if_exists() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists");
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(op.base, "StringLike");
        assert!(op.if_exists);
        let op = Operator::parse("forallvalues:StringEquals");
        assert_eq!(op.qualifier, Some(SetQualifier::ForAllValues));
        assert!(!op.if_exists);
        assert_eq!(Operator::parse("Bool").base, "Bool");
        assert!(Operator::parse("ArnNotLike").is_negated());
        assert!(!Operator::parse("ArnLike").is_negated());
        assert!(Operator::parse("NotIpAddress").is_negated());
    }

    #[test]
    fn a_block_parses_every_key_and_value_form() {
        let block = json!({
            "StringEquals": {"sts:ExternalId": "abc", "aws:SourceAccount": ["111122223333"]},
            "Bool": {"aws:MultiFactorAuthPresent": true},
            "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}
        });
        let conditions = Condition::parse_block(&block, "Condition").unwrap();
        assert_eq!(conditions.len(), 4);
        let mfa = conditions
            .iter()
            .find(|c| c.is_on("AWS:multifactorauthpresent"))
            .unwrap();
        assert!(mfa.requires_value("true"));
        let age = conditions
            .iter()
            .find(|c| c.is_on("aws:MultiFactorAuthAge"))
            .unwrap();
        assert_eq!(age.values, vec!["3600"]);
    }

    #[test]
    fn conditions_that_let_a_missing_key_through_do_not_require_it() {
        let c = |block: serde_json::Value| Condition::parse_block(&block, "C").unwrap().remove(0);
        assert!(c(json!({"StringEquals": {"sts:ExternalId": "x"}})).requires_key());
        assert!(!c(json!({"StringEqualsIfExists": {"sts:ExternalId": "x"}})).requires_key());
        assert!(!c(json!({"ForAllValues:StringEquals": {"k": "x"}})).requires_key());
        assert!(c(json!({"ForAnyValue:StringEquals": {"k": "x"}})).requires_key());
        assert!(!c(json!({"StringNotEquals": {"k": "x"}})).requires_key());
        assert!(!c(json!({"StringLike": {"k": "*"}})).requires_key());
        assert!(c(json!({"Null": {"k": "false"}})).requires_key());
        assert!(!c(json!({"Null": {"k": "true"}})).requires_key());
        assert!(
            !c(json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}))
                .requires_value("true")
        );
        assert!(!c(json!({"Bool": {"aws:MultiFactorAuthPresent": "false"}})).requires_value("true"));
    }

    #[test]
    fn malformed_blocks_are_errors() {
        assert!(Condition::parse_block(&json!([]), "C").is_err());
        assert!(Condition::parse_block(&json!({"StringEquals": "x"}), "C").is_err());
        assert!(Condition::parse_block(&json!({"StringEquals": {"k": {}}}), "C").is_err());
    }
}
