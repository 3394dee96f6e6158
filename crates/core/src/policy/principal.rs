//! `Principal` / `NotPrincipal`: who a resource policy or trust policy names.
//!
//! Grammar forms: `"*"`; `{"AWS": "*"}`; `{"AWS": "123456789012"}` or an ARN
//! (`arn:aws:iam::123456789012:root`, `...:role/name`, `...:user/name`,
//! `...:assumed-role/...`); `{"Service": "lambda.amazonaws.com"}`;
//! `{"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}`
//! or `"cognito-identity.amazonaws.com"`; `{"CanonicalUser": "..."}`; every value a string or an
//! array of strings.

use super::PolicyError;
use serde_json::Value;

/// The kind of a principal entry: the key of the principal object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    /// `AWS`: accounts, users, roles, sessions.
    Aws,
    /// `Service`: an AWS service such as `lambda.amazonaws.com`.
    Service,
    /// `Federated`: a SAML or OIDC provider, or a web identity provider.
    Federated,
    /// `CanonicalUser`: an S3 canonical user id.
    CanonicalUser,
    /// Any other key, kept as written.
    Other(String),
}

impl PrincipalKind {
    fn from_key(key: &str) -> Self {
        match key {
            "AWS" => PrincipalKind::Aws,
            "Service" => PrincipalKind::Service,
            "Federated" => PrincipalKind::Federated,
            "CanonicalUser" => PrincipalKind::CanonicalUser,
            other => PrincipalKind::Other(other.to_string()),
        }
    }
}

/// One named principal: its kind and its value (`*`, an account id, an ARN, a service).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, ...
    pub kind: PrincipalKind,
    /// The value as written.
    pub value: String,
}

impl PrincipalEntry {
    /// The 12-digit account of an `AWS` entry: the bare id or the account field of its ARN.
    /// `None` for `*`, services and other kinds.
    pub fn account(&self) -> Option<&str> {
        if self.kind != PrincipalKind::Aws {
            return None;
        }
        account_of(&self.value)
    }

    /// Whether the entry is anyone: `AWS: "*"` (or a bare `*` of any kind).
    pub fn is_wildcard(&self) -> bool {
        self.value == "*"
    }

    /// Whether the entry is an OIDC identity provider (`...:oidc-provider/<host>`) or a
    /// well-known web identity provider.
    pub fn is_oidc(&self) -> bool {
        self.kind == PrincipalKind::Federated
            && (self.value.contains(":oidc-provider/")
                || matches!(
                    self.value.as_str(),
                    "cognito-identity.amazonaws.com"
                        | "accounts.google.com"
                        | "graph.facebook.com"
                        | "www.amazon.com"
                ))
    }

    /// The OIDC provider's host (the condition key prefix): `token.actions.githubusercontent.com`
    /// for `arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com`.
    pub fn oidc_host(&self) -> Option<&str> {
        if !self.is_oidc() {
            return None;
        }
        Some(
            self.value
                .split_once(":oidc-provider/")
                .map_or(self.value.as_str(), |(_, host)| host),
        )
    }
}

/// The 12-digit account of a bare id or an ARN (`arn:<partition>:<service>::<account>:...`).
pub fn account_of(value: &str) -> Option<&str> {
    let is_account = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    if is_account(value) {
        return Some(value);
    }
    let mut parts = value.splitn(6, ':');
    if parts.next() != Some("arn") {
        return None;
    }
    let account = parts.nth(3)?;
    is_account(account).then_some(account)
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`: everyone, signed or anonymous.
    Anyone,
    /// A principal object: every entry of every kind, in document order.
    Entries(Vec<PrincipalEntry>),
}

impl Principal {
    /// Parses the element's JSON; `path` names it in errors.
    pub fn parse(value: &Value, path: &str) -> Result<Self, PolicyError> {
        match value {
            Value::String(s) if s == "*" => Ok(Principal::Anyone),
            Value::String(_) => Err(PolicyError::new(
                path,
                "\"*\" or an object such as {\"AWS\": ...}",
                "another string",
            )),
            Value::Object(map) => {
                let mut entries = Vec::new();
                for (key, values) in map {
                    let kind = PrincipalKind::from_key(key);
                    for v in super::document::strings(values, &format!("{path}.{key}"))? {
                        entries.push(PrincipalEntry {
                            kind: kind.clone(),
                            value: v,
                        });
                    }
                }
                Ok(Principal::Entries(entries))
            }
            other => Err(PolicyError::new(
                path,
                "\"*\" or an object such as {\"AWS\": ...}",
                crate::json::kind_of(other),
            )),
        }
    }

    /// The entries (empty for [`Principal::Anyone`]).
    pub fn entries(&self) -> &[PrincipalEntry] {
        match self {
            Principal::Anyone => &[],
            Principal::Entries(e) => e,
        }
    }

    /// Whether anyone at all is named: `"*"`, or `AWS: "*"` alone or among other entries
    /// (`{"AWS": ["arn:...", "*"]}` is as public as `"*"`).
    pub fn is_public(&self) -> bool {
        match self {
            Principal::Anyone => true,
            Principal::Entries(entries) => entries
                .iter()
                .any(|e| e.is_wildcard() && matches!(e.kind, PrincipalKind::Aws)),
        }
    }

    /// The `AWS` entries naming an account other than `own` and not in `allowed`, and every
    /// wildcard `AWS` entry. Services and federated providers are not accounts.
    pub fn outside_accounts<'a>(
        &'a self,
        own: &str,
        allowed: &[String],
    ) -> Vec<&'a PrincipalEntry> {
        self.entries()
            .iter()
            .filter(|e| e.kind == PrincipalKind::Aws)
            .filter(|e| match e.account() {
                Some(account) => account != own && !allowed.iter().any(|a| a == account),
                None => true, // "*" or a value Vigil cannot place: outside
            })
            .collect()
    }

    /// The service principals named (`lambda.amazonaws.com`, ...).
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.of_kind(PrincipalKind::Service)
    }

    /// The federated providers named.
    pub fn federated(&self) -> impl Iterator<Item = &PrincipalEntry> {
        self.entries()
            .iter()
            .filter(|e| e.kind == PrincipalKind::Federated)
    }

    /// The `AWS` values named.
    pub fn aws(&self) -> impl Iterator<Item = &str> {
        self.of_kind(PrincipalKind::Aws)
    }

    fn of_kind(&self, kind: PrincipalKind) -> impl Iterator<Item = &str> {
        self.entries()
            .iter()
            .filter(move |e| e.kind == kind)
            .map(|e| e.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(v: serde_json::Value) -> Principal {
        Principal::parse(&v, "Principal").unwrap()
    }

    #[test]
    fn every_public_form_is_public() {
        assert!(p(json!("*")).is_public());
        assert!(p(json!({"AWS": "*"})).is_public());
        assert!(p(json!({"AWS": ["arn:aws:iam::111122223333:root", "*"]})).is_public());
        assert!(!p(json!({"AWS": "arn:aws:iam::111122223333:root"})).is_public());
        assert!(!p(json!({"Service": "lambda.amazonaws.com"})).is_public());
        assert!(!p(json!({"Federated": "cognito-identity.amazonaws.com"})).is_public());
    }

    #[test]
    fn accounts_are_read_from_ids_and_arns() {
        assert_eq!(account_of("111122223333"), Some("111122223333"));
        assert_eq!(
            account_of("arn:aws:iam::111122223333:role/deploy"),
            Some("111122223333")
        );
        assert_eq!(
            account_of("arn:aws-cn:sts::111122223333:assumed-role/r/s"),
            Some("111122223333")
        );
        assert_eq!(account_of("lambda.amazonaws.com"), None);
        assert_eq!(
            account_of("arn:aws:iam::aws:policy/AdministratorAccess"),
            None
        );
        assert_eq!(account_of("12345"), None);
    }

    #[test]
    fn outside_accounts_respect_own_account_and_allow_list() {
        let principal = p(json!({"AWS": [
            "arn:aws:iam::123456789012:root",
            "444455556666",
            "arn:aws:iam::777788889999:role/ci"
        ], "Service": "ec2.amazonaws.com"}));
        let outside: Vec<_> = principal
            .outside_accounts("123456789012", &["444455556666".to_string()])
            .into_iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(outside, vec!["arn:aws:iam::777788889999:role/ci"]);
        assert_eq!(p(json!("*")).outside_accounts("1", &[]).len(), 0); // Anyone: use is_public
        assert_eq!(p(json!({"AWS": "*"})).outside_accounts("1", &[]).len(), 1);
    }

    #[test]
    fn services_and_federated_providers_are_listed() {
        let principal = p(json!({
            "Service": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"],
            "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        }));
        assert_eq!(principal.services().count(), 2);
        let fed: Vec<_> = principal.federated().collect();
        assert!(fed[0].is_oidc());
        assert_eq!(
            fed[0].oidc_host(),
            Some("token.actions.githubusercontent.com")
        );
        let saml = p(json!({"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}));
        assert!(!saml.federated().next().unwrap().is_oidc());
    }

    #[test]
    fn malformed_principals_are_errors() {
        assert!(Principal::parse(&json!("someone"), "Principal").is_err());
        assert!(Principal::parse(&json!({"AWS": 12}), "Principal").is_err());
        assert!(Principal::parse(&json!(true), "Principal").is_err());
    }
}
