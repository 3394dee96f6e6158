//! Policy documents: parsing every grammar form, and the questions rules ask of them.
//!
//! A document arrives as a JSON object, as a string holding JSON, or URL-encoded (AWS Config
//! items and the IAM API carry `assumeRolePolicyDocument`, inline `policyDocument` and policy
//! version `document` that way: `%7B%22Version%22...`). `Statement` is one object or an array;
//! `Action`/`NotAction`, `Resource`/`NotResource` a string or an array of strings.

use super::condition::Condition;
use super::pattern::{covers, overlaps, Case};
use super::principal::Principal;
use super::PolicyError;
use serde_json::Value;
use std::fmt;

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// A list of names that is either positive (`Action`, `Resource`) or negative (`NotAction`,
/// `NotResource`: everything except these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Names {
    /// `Action` / `Resource`: these patterns.
    Only(Vec<String>),
    /// `NotAction` / `NotResource`: everything these patterns do not match.
    AllBut(Vec<String>),
}

impl Names {
    /// Whether every name the query pattern names is in the list (see
    /// [`super::pattern::covers`]).
    pub fn covers(&self, query: &str, case: Case) -> bool {
        match self {
            Names::Only(patterns) => patterns.iter().any(|p| covers(p, query, case)),
            Names::AllBut(patterns) => !patterns.iter().any(|p| overlaps(p, query, case)),
        }
    }

    /// Whether some name the query pattern names is in the list.
    pub fn overlaps(&self, query: &str, case: Case) -> bool {
        match self {
            Names::Only(patterns) => patterns.iter().any(|p| overlaps(p, query, case)),
            Names::AllBut(patterns) => !patterns.iter().any(|p| covers(p, query, case)),
        }
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        match self {
            Names::Only(p) | Names::AllBut(p) => p,
        }
    }

    /// Whether this is the negative form.
    pub fn is_negative(&self) -> bool {
        matches!(self, Names::AllBut(_))
    }
}

/// One statement, with its position in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Zero-based position in the document's `Statement` list.
    pub index: usize,
    /// `Sid`, when present and not empty.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`; `None` when neither is present.
    pub actions: Option<Names>,
    /// `Resource` or `NotResource`; `None` when neither is present (trust policies).
    pub resources: Option<Names>,
    /// `Principal`.
    pub principal: Option<Principal>,
    /// `NotPrincipal`.
    pub not_principal: Option<Principal>,
    /// Every operator–key–values triple of `Condition`, in document order.
    pub conditions: Vec<Condition>,
}

/// How a finding names a statement: `statement "AllowAll"` (its Sid) or `statement #2`
/// (1-based position) when it has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLabel<'a>(&'a Statement);

impl fmt::Display for StatementLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.sid {
            Some(sid) => write!(f, "statement \"{sid}\""),
            None => write!(f, "statement #{}", self.0.index + 1),
        }
    }
}

impl Statement {
    /// The label people read: the Sid, else the 1-based position.
    pub fn label(&self) -> StatementLabel<'_> {
        StatementLabel(self)
    }

    /// Whether the statement applies to every action the query names (`Action` covers it, or
    /// `NotAction` excludes none of it). Actions compare case-insensitively.
    pub fn covers_action(&self, action: &str) -> bool {
        self.actions
            .as_ref()
            .is_some_and(|a| a.covers(action, Case::Insensitive))
    }

    /// Whether the statement applies to some action the query names.
    pub fn overlaps_action(&self, action: &str) -> bool {
        self.actions
            .as_ref()
            .is_some_and(|a| a.overlaps(action, Case::Insensitive))
    }

    /// Whether the statement applies to every resource the query names. A statement without
    /// `Resource`/`NotResource` (a trust or resource policy) applies to the resource it is
    /// attached to, so to any query.
    pub fn covers_resource(&self, resource: &str) -> bool {
        self.resources
            .as_ref()
            .is_none_or(|r| r.covers(resource, Case::Sensitive))
    }

    /// Whether the statement applies to some resource the query names.
    pub fn overlaps_resource(&self, resource: &str) -> bool {
        self.resources
            .as_ref()
            .is_none_or(|r| r.overlaps(resource, Case::Sensitive))
    }

    /// The actions a finding names: the `Action` patterns of this statement that cover the
    /// query, or `NotAction [..]` for the negative form.
    pub fn matching_actions(&self, query: &str) -> Vec<String> {
        match &self.actions {
            Some(Names::Only(patterns)) => patterns
                .iter()
                .filter(|p| overlaps(p, query, Case::Insensitive))
                .cloned()
                .collect(),
            Some(Names::AllBut(patterns)) => vec![format!("NotAction [{}]", patterns.join(", "))],
            None => Vec::new(),
        }
    }

    /// Whether any condition is on `key` (case-insensitive).
    pub fn has_condition_key(&self, key: &str) -> bool {
        self.conditions.iter().any(|c| c.is_on(key))
    }

    /// Whether some condition on one of `keys` *requires* it (see
    /// [`Condition::requires_key`]): the statement does not apply to a request without it.
    pub fn is_guarded_by(&self, keys: &[&str]) -> bool {
        self.conditions
            .iter()
            .any(|c| keys.iter().any(|k| c.is_on(k)) && c.requires_key())
    }

    /// Whether the statement requires multi-factor authentication: `Bool`
    /// `aws:MultiFactorAuthPresent` `true`, or a `NumericLessThan(Equals)`
    /// `aws:MultiFactorAuthAge` (absent without MFA), neither with `IfExists`.
    pub fn requires_mfa(&self) -> bool {
        self.conditions.iter().any(|c| {
            (c.is_on("aws:MultiFactorAuthPresent") && c.requires_value("true"))
                || (c.is_on("aws:MultiFactorAuthAge")
                    && c.requires_key()
                    && c.operator
                        .base
                        .to_ascii_lowercase()
                        .starts_with("numericless"))
        })
    }

    /// Whether the statement grants to anyone: `Principal` public, or `NotPrincipal` with
    /// `Allow` (everyone except the named).
    pub fn is_public(&self) -> bool {
        self.effect == Effect::Allow
            && (self.principal.as_ref().is_some_and(Principal::is_public)
                || self.not_principal.is_some())
    }

    /// Whether the statement is conditional at all.
    pub fn is_conditional(&self) -> bool {
        !self.conditions.is_empty()
    }
}

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// `Version`, when present (`2012-10-17`, `2008-10-17`).
    pub version: Option<String>,
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

impl Document {
    /// Parses a document given as a JSON object, a string holding JSON, or a URL-encoded
    /// string holding JSON. Errors name the position (`Statement[2].Effect`), never a value.
    pub fn parse(value: &Value) -> Result<Self, PolicyError> {
        match value {
            Value::String(text) => Document::parse_str(text),
            Value::Object(_) => Document::from_json(value),
            other => Err(PolicyError::new(
                "(document)",
                "a policy document (object or string)",
                crate::json::kind_of(other),
            )),
        }
    }

    /// Parses a document from text: JSON, or URL-encoded JSON.
    pub fn parse_str(text: &str) -> Result<Self, PolicyError> {
        let trimmed = text.trim_start();
        let decoded;
        let json_text = if trimmed.starts_with('{') {
            trimmed
        } else {
            decoded = url_decode(trimmed).ok_or_else(|| {
                PolicyError::new(
                    "(document)",
                    "JSON or URL-encoded JSON",
                    "a string with an invalid %-escape",
                )
            })?;
            decoded.as_str()
        };
        let value: Value = serde_json::from_str(json_text).map_err(|e| {
            PolicyError::new(
                "(document)",
                "a JSON policy document",
                format!(
                    "text that is not JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Document::from_json(&value)
    }

    fn from_json(value: &Value) -> Result<Self, PolicyError> {
        let Value::Object(doc) = value else {
            return Err(PolicyError::new(
                "(document)",
                "a JSON object",
                crate::json::kind_of(value),
            ));
        };
        let version = match doc.get("Version") {
            None | Some(Value::Null) => None,
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                return Err(PolicyError::new(
                    "Version",
                    "a string",
                    crate::json::kind_of(other),
                ))
            }
        };
        let raw: Vec<&Value> = match doc.get("Statement") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(other) => {
                return Err(PolicyError::new(
                    "Statement",
                    "an object or an array of objects",
                    crate::json::kind_of(other),
                ))
            }
        };
        let statements = raw
            .into_iter()
            .enumerate()
            .map(|(index, v)| parse_statement(index, v))
            .collect::<Result<_, _>>()?;
        Ok(Document {
            version,
            statements,
        })
    }

    /// The `Allow` statements that grant every action and resource the query names
    /// (wildcards allowed in both), unless an unconditional `Deny` statement covers the same
    /// query. Conditional allows are included: ask the statement about its conditions.
    pub fn allows(&self, action: &str, resource: &str) -> Vec<&Statement> {
        if self.denies(action, resource) {
            return Vec::new();
        }
        self.statements
            .iter()
            .filter(|s| {
                s.effect == Effect::Allow && s.covers_action(action) && s.covers_resource(resource)
            })
            .collect()
    }

    /// The `Allow` statements that grant *some* of the actions and resources the query names
    /// (e.g. any `rds:Delete*` action on any resource), unless an unconditional `Deny` covers
    /// the whole query.
    pub fn allows_some(&self, action: &str, resource: &str) -> Vec<&Statement> {
        if self.denies(action, resource) {
            return Vec::new();
        }
        self.statements
            .iter()
            .filter(|s| {
                s.effect == Effect::Allow
                    && s.overlaps_action(action)
                    && s.overlaps_resource(resource)
            })
            .collect()
    }

    /// Whether an unconditional `Deny` covers the whole query.
    pub fn denies(&self, action: &str, resource: &str) -> bool {
        self.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && !s.is_conditional()
                && s.principal.as_ref().is_none_or(Principal::is_public)
                && s.covers_action(action)
                && s.covers_resource(resource)
        })
    }

    /// The `Allow` statements whose principal is public (see [`Statement::is_public`]).
    pub fn public_statements(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(|s| s.is_public())
    }
}

fn parse_statement(index: usize, value: &Value) -> Result<Statement, PolicyError> {
    let path = format!("Statement[{index}]");
    let Value::Object(s) = value else {
        return Err(PolicyError::new(
            path,
            "an object",
            crate::json::kind_of(value),
        ));
    };
    let get = |key: &str| s.get(key).filter(|v| !v.is_null());
    let effect = match get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Effect::Allow,
        Some(Value::String(e)) if e == "Deny" => Effect::Deny,
        Some(Value::String(_)) => {
            return Err(PolicyError::new(
                format!("{path}.Effect"),
                "Allow or Deny",
                "another string",
            ))
        }
        Some(other) => {
            return Err(PolicyError::new(
                format!("{path}.Effect"),
                "Allow or Deny",
                crate::json::kind_of(other),
            ))
        }
        None => {
            return Err(PolicyError::new(
                format!("{path}.Effect"),
                "Allow or Deny",
                "nothing",
            ))
        }
    };
    let names = |positive: &str, negative: &str| -> Result<Option<Names>, PolicyError> {
        match (get(positive), get(negative)) {
            (Some(_), Some(_)) => Err(PolicyError::new(
                format!("{path}.{positive}"),
                format!("either {positive} or {negative}"),
                "both",
            )),
            (Some(v), None) => Ok(Some(Names::Only(strings(
                v,
                &format!("{path}.{positive}"),
            )?))),
            (None, Some(v)) => Ok(Some(Names::AllBut(strings(
                v,
                &format!("{path}.{negative}"),
            )?))),
            (None, None) => Ok(None),
        }
    };
    let sid = match get("Sid") {
        Some(Value::String(sid)) if !sid.is_empty() => Some(sid.clone()),
        Some(Value::String(_)) | None => None,
        Some(other) => {
            return Err(PolicyError::new(
                format!("{path}.Sid"),
                "a string",
                crate::json::kind_of(other),
            ))
        }
    };
    Ok(Statement {
        index,
        sid,
        effect,
        actions: names("Action", "NotAction")?,
        resources: names("Resource", "NotResource")?,
        principal: get("Principal")
            .map(|v| Principal::parse(v, &format!("{path}.Principal")))
            .transpose()?,
        not_principal: get("NotPrincipal")
            .map(|v| Principal::parse(v, &format!("{path}.NotPrincipal")))
            .transpose()?,
        conditions: get("Condition")
            .map(|v| Condition::parse_block(v, &format!("{path}.Condition")))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// A string or an array of strings.
pub(crate) fn strings(value: &Value, path: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(PolicyError::new(
                    format!("{path}[{i}]"),
                    "a string",
                    crate::json::kind_of(other),
                )),
            })
            .collect(),
        other => Err(PolicyError::new(
            path,
            "a string or an array of strings",
            crate::json::kind_of(other),
        )),
    }
}

/// Decodes `%XX` escapes (RFC 3986, as IAM encodes documents). `+` is kept as it is: IAM
/// encodes spaces as `%20`, and `+` can be a literal character of a document.
pub fn url_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Document {
        Document::parse(&v).unwrap()
    }

    fn sids(statements: Vec<&Statement>) -> Vec<String> {
        statements.iter().map(|s| s.label().to_string()).collect()
    }

    #[test]
    fn statement_as_object_or_array_and_names_as_string_or_array() {
        let one = doc(json!({"Version": "2012-10-17", "Statement":
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}));
        assert_eq!(one.statements.len(), 1);
        assert_eq!(one.version.as_deref(), Some("2012-10-17"));
        let many = doc(json!({"Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
            {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b"}
        ]}));
        assert_eq!(many.statements[0].sid.as_deref(), Some("Read"));
        assert_eq!(many.statements[1].label().to_string(), "statement #2");
        assert!(matches!(many.statements[1].actions, Some(Names::AllBut(_))));
        assert!(matches!(
            many.statements[1].resources,
            Some(Names::AllBut(_))
        ));
    }

    #[test]
    fn json_strings_and_url_encoded_strings_parse_to_the_same_document() {
        let object = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        let text = object.to_string();
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let a = doc(object);
        assert_eq!(Document::parse(&Value::String(text)).unwrap(), a);
        assert_eq!(Document::parse(&json!(encoded)).unwrap(), a);
        // Spaces encoded as %20 and literal '+' survive.
        let spaced = "%7B%20%22Statement%22%3A%20%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22a%2Bb%3Ac%22%7D%7D";
        let d = Document::parse_str(spaced).unwrap();
        assert_eq!(
            d.statements[0].actions.as_ref().unwrap().patterns(),
            ["a+b:c"]
        );
    }

    #[test]
    fn allows_matches_wildcards_in_statement_and_query() {
        let d = doc(json!({"Statement": [
            {"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "Table", "Effect": "Allow", "Action": "dynamodb:getitem", "Resource": "arn:aws:dynamodb:eu-west-2:1:table/orders"}
        ]}));
        assert_eq!(
            sids(d.allows("S3:GetObject", "arn:aws:s3:::b/k")),
            ["statement \"S3\""]
        );
        assert_eq!(sids(d.allows("s3:*", "*")), ["statement \"S3\""]);
        assert!(d.allows("*", "*").is_empty());
        assert_eq!(
            sids(d.allows(
                "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-2:1:table/orders"
            )),
            ["statement \"Table\""]
        );
        assert!(d.allows("dynamodb:GetItem", "*").is_empty());
        assert_eq!(
            sids(d.allows_some("dynamodb:*", "*")),
            ["statement \"Table\""]
        );
        assert!(d
            .allows(
                "dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-2:1:table/orders"
            )
            .is_empty());
    }

    #[test]
    fn not_action_with_allow_grants_everything_else() {
        // PowerUserAccess-like: everything except IAM.
        let d = doc(
            json!({"Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}),
        );
        assert_eq!(d.allows("rds:DeleteDBInstance", "*").len(), 1);
        assert_eq!(d.allows("s3:*", "*").len(), 1);
        assert!(d.allows("iam:PassRole", "*").is_empty());
        assert!(d.allows("IAM:CreateUser", "*").is_empty());
        assert!(
            d.allows("*", "*").is_empty(),
            "not every action: iam is excluded"
        );
        assert_eq!(d.allows_some("*", "*").len(), 1);
        assert_eq!(
            d.statements[0].matching_actions("*"),
            ["NotAction [iam:*, organizations:*]"]
        );
    }

    #[test]
    fn not_resource_grants_every_other_resource() {
        let d = doc(
            json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::audit/*"}]}),
        );
        assert_eq!(d.allows("s3:GetObject", "arn:aws:s3:::data/k").len(), 1);
        assert!(d.allows("s3:GetObject", "arn:aws:s3:::audit/k").is_empty());
        assert!(d.allows("s3:GetObject", "*").is_empty());
    }

    #[test]
    fn an_unconditional_deny_overrides_and_a_conditional_one_does_not() {
        let d = doc(json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "rds:Delete*", "Resource": "*"}
        ]}));
        assert!(d.allows("rds:DeleteDBInstance", "*").is_empty());
        assert_eq!(d.allows("rds:CreateDBInstance", "*").len(), 1);
        let d = doc(json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}));
        assert_eq!(d.allows("rds:DeleteDBInstance", "*").len(), 1);
    }

    #[test]
    fn conditions_guard_statements() {
        let d = doc(json!({"Statement": [
            {"Sid": "Mfa", "Effect": "Allow", "Action": "rds:Delete*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Sid": "Weak", "Effect": "Allow", "Action": "rds:Delete*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Sid": "Age", "Effect": "Allow", "Action": "rds:Delete*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}
        ]}));
        let [mfa, weak, age] = [&d.statements[0], &d.statements[1], &d.statements[2]];
        assert!(mfa.requires_mfa() && mfa.has_condition_key("AWS:MultiFactorAuthPresent"));
        assert!(
            !weak.requires_mfa(),
            "IfExists lets a request without MFA through"
        );
        assert!(weak.has_condition_key("aws:MultiFactorAuthPresent"));
        assert!(age.requires_mfa());
    }

    #[test]
    fn a_condition_makes_a_public_principal_safe() {
        let d = doc(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}}
        ]}));
        let keys = ["aws:PrincipalOrgID", "aws:PrincipalAccount"];
        assert!(d.statements[0].is_public() && d.statements[0].is_guarded_by(&keys));
        assert!(d.statements[1].is_public() && !d.statements[1].is_guarded_by(&keys));
    }

    #[test]
    fn not_principal_with_allow_is_public() {
        let d = doc(
            json!({"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRole"}}),
        );
        assert_eq!(d.public_statements().count(), 1);
    }

    #[test]
    fn trust_policies_without_resources_apply_to_any_query() {
        let d = doc(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}),
        );
        assert_eq!(d.allows("sts:AssumeRole", "*").len(), 1);
        assert!(d.allows("sts:AssumeRoleWithWebIdentity", "*").is_empty());
    }

    #[test]
    fn malformed_documents_are_errors_that_name_the_place_not_the_value() {
        for (v, place) in [
            (
                json!({"Statement": [{"Effect": "Perhaps", "Action": "s3:*"}]}),
                "Statement[0].Effect",
            ),
            (
                json!({"Statement": [{"Action": "s3:*"}]}),
                "Statement[0].Effect",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": 3}]}),
                "Statement[0].Action",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": ["a", 1]}]}),
                "Statement[0].Action[1]",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": "a", "NotAction": "b"}]}),
                "Statement[0].Action",
            ),
            (json!({"Statement": "s3cr3t"}), "Statement"),
            (json!(12), "(document)"),
        ] {
            let err = Document::parse(&v).unwrap_err().to_string();
            assert!(err.contains(place), "{err}");
            assert!(!err.contains("s3cr3t") && !err.contains("Perhaps"), "{err}");
        }
        assert!(Document::parse_str("%7B%22broken").is_err());
        assert!(Document::parse_str("%ZZ").is_err());
        assert!(Document::parse_str("{not json").is_err());
    }
}
