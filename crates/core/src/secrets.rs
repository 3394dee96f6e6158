//! Secret detection: does a named value (a Lambda environment variable, a tag, a parameter) look
//! like a credential?
//!
//! Two kinds of signal, checked in this order:
//! 1. **Known formats** in the value: AWS access key ids (`AKIA…`, `ASIA…`), PEM private keys,
//!    JSON Web Tokens, URLs and connection strings that carry a password
//!    (`postgres://user:pw@host`, `Password=…;`), and well-known token prefixes (GitHub, Slack,
//!    Stripe, Google API keys).
//! 2. **The name** says it is a secret (`DB_PASSWORD`, `apiKey`, `CLIENT_SECRET`, `AUTH_TOKEN`)
//!    and the value is not obviously something else: a reference to where the secret is kept
//!    (an ARN, an SSM parameter path, a `{{resolve:…}}`), a number, a boolean, or empty. A name
//!    that ends in a reference word (`DB_PASSWORD_SECRET_ARN`, `TOKEN_TTL`) is not a secret by
//!    name.
//! 3. **High entropy**: a long token-like value (20+ characters of the base64 / base64url
//!    alphabet, letters and digits mixed) whose Shannon entropy is that of random data. Values
//!    made only of hex digits are not flagged by entropy alone: commit hashes and ids look just
//!    like that; a secret-looking name still flags them.
//!
//! **Invariant:** a [`SecretHit`] carries the variable's name, its position and what kind of
//! secret it looks like, and the byte offset of a format match inside the value — never the
//! value or any part of it. Nothing in this module formats a value.

use crate::error::InputError;
use crate::json::{join, kind_of};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// What a value looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecretKind {
    /// An AWS access key id (`AKIA`, `ASIA`, `ABIA`, `ACCA` and 16 more upper-case letters or
    /// digits).
    AwsAccessKeyId,
    /// A PEM private key block (`-----BEGIN … PRIVATE KEY-----`).
    PrivateKey,
    /// A JSON Web Token (three base64url parts, the first a JSON header starting `eyJ`).
    Jwt,
    /// A URL whose user-info carries a password (`scheme://user:password@host`).
    UrlWithPassword,
    /// A connection string with a `Password=` or `Pwd=` part.
    ConnectionStringWithPassword,
    /// A provider token with a documented prefix (GitHub `ghp_`, Slack `xoxb-`, Stripe
    /// `sk_live_`, Google `AIza`).
    ProviderToken,
    /// The variable's name says it holds a secret (password, token, API key, …).
    SecretName,
    /// A long random-looking token.
    HighEntropy,
}

impl SecretKind {
    /// Plain words for people.
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "an AWS access key id",
            SecretKind::PrivateKey => "a private key",
            SecretKind::Jwt => "a JSON Web Token",
            SecretKind::UrlWithPassword => "a URL with a password in it",
            SecretKind::ConnectionStringWithPassword => "a connection string with a password",
            SecretKind::ProviderToken => "a service's API token",
            SecretKind::SecretName => "a value whose name says it is a secret",
            SecretKind::HighEntropy => "a long random-looking token",
        }
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One value that looks like a secret: its name and position, never its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretHit {
    /// The variable's (or key's) name.
    pub name: String,
    /// Its position in the list that was scanned (0-based).
    pub position: usize,
    /// What it looks like.
    pub kind: SecretKind,
    /// For a format match, the byte offset inside the value where it starts.
    pub offset: Option<usize>,
}

/// Named values that may be secrets (Lambda environment variables, API Gateway stage
/// variables), name to value. Values are read only by the detector in this module; `Debug`
/// prints the names alone and nothing formats a value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NamedValues(BTreeMap<String, String>);

impl NamedValues {
    /// Builds an environment from name/value pairs.
    pub fn new(vars: BTreeMap<String, String>) -> Self {
        NamedValues(vars)
    }

    /// Reads `{"NAME": "value", ...}`; non-string values are an error naming the variable (and
    /// not its value).
    pub fn from_json(value: &Value, path: &str) -> Result<Self, InputError> {
        let Value::Object(map) = value else {
            return Err(InputError::invalid(
                path,
                "an object of variables",
                kind_of(value),
            ));
        };
        let mut vars = BTreeMap::new();
        for (name, v) in map {
            match v {
                Value::String(s) => {
                    vars.insert(name.clone(), s.clone());
                }
                Value::Null => {}
                other => {
                    return Err(InputError::invalid(
                        join(path, name),
                        "a string",
                        kind_of(other),
                    ))
                }
            }
        }
        Ok(NamedValues(vars))
    }

    /// The variables' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// How many variables there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Scans the variables for values that look like secrets: names and positions only.
    pub fn secret_hits(&self) -> Vec<SecretHit> {
        scan(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// Reads the same object as [`NamedValues::from_json`] (a `null` value is left out); an error
/// names the variable, never its value.
impl<'de> serde::Deserialize<'de> for NamedValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(d)?;
        NamedValues::from_json(&value, "variables").map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for NamedValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

/// Scans named values (in the order given) and returns one hit per value that looks like a
/// secret: the strongest signal for each.
pub fn scan<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<SecretHit> {
    values
        .into_iter()
        .enumerate()
        .filter_map(|(position, (name, value))| {
            classify(name, value).map(|(kind, offset)| SecretHit {
                name: name.to_string(),
                position,
                kind,
                offset,
            })
        })
        .collect()
}

/// What one named value looks like, with the byte offset of a format match; `None` when it
/// does not look like a secret.
pub fn classify(name: &str, value: &str) -> Option<(SecretKind, Option<usize>)> {
    if let Some(hit) = known_format(value) {
        return Some(hit);
    }
    if is_secret_name(name) && could_be_secret_value(value) {
        return Some((SecretKind::SecretName, None));
    }
    if is_high_entropy_token(value.trim()) {
        return Some((SecretKind::HighEntropy, None));
    }
    None
}

/// A known credential format anywhere in the value.
fn known_format(value: &str) -> Option<(SecretKind, Option<usize>)> {
    if let Some(at) = find_private_key(value) {
        return Some((SecretKind::PrivateKey, Some(at)));
    }
    if let Some(at) = find_aws_access_key_id(value) {
        return Some((SecretKind::AwsAccessKeyId, Some(at)));
    }
    if let Some(at) = find_jwt(value) {
        return Some((SecretKind::Jwt, Some(at)));
    }
    if let Some(at) = find_url_password(value) {
        return Some((SecretKind::UrlWithPassword, Some(at)));
    }
    if let Some(at) = find_connection_string_password(value) {
        return Some((SecretKind::ConnectionStringWithPassword, Some(at)));
    }
    if let Some(at) = find_provider_token(value) {
        return Some((SecretKind::ProviderToken, Some(at)));
    }
    None
}

fn find_private_key(value: &str) -> Option<usize> {
    let at = value.find("-----BEGIN ")?;
    let header_end = value[at..]
        .find("-----\n")
        .or_else(|| value[at + 11..].find("-----").map(|i| i + 11))?;
    value[at..at + header_end]
        .contains("PRIVATE KEY")
        .then_some(at)
}

/// `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 of `[A-Z2-7]` (AWS uses base32 digits; upper case and any
/// digit are accepted here), not inside a longer run of such characters.
fn find_aws_access_key_id(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    (0..bytes.len().saturating_sub(19)).find(|&i| {
        let prefix = &bytes[i..i + 4];
        matches!(prefix, b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA")
            && bytes[i..i + 20].iter().all(|&b| key_char(b))
            && (i == 0 || !key_char(bytes[i - 1]))
            && bytes.get(i + 20).is_none_or(|&b| !key_char(b))
    })
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `eyJ…` . `…` . `…` (header, payload; the signature may be empty for unsigned tokens).
fn find_jwt(value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = value[from..].find("eyJ") {
        let at = from + rel;
        let token: &str = value[at..]
            .split(|c: char| !(c.is_ascii() && (is_base64url(c as u8) || c == '.')))
            .next()
            .unwrap_or_default();
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() == 3 && parts[0].len() >= 10 && parts[1].starts_with("eyJ") {
            return Some(at);
        }
        from = at + 3;
    }
    None
}

/// `scheme://user:password@host` with a non-empty password that is not a template placeholder.
fn find_url_password(value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = value[from..].find("://") {
        let start = from + rel + 3;
        let rest = &value[start..];
        let authority_end = rest
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace())
            .unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at_sign) = authority.rfind('@') {
            let userinfo = &authority[..at_sign];
            if let Some((_, password)) = userinfo.split_once(':') {
                if !password.is_empty() && !is_placeholder(password) {
                    return Some(start);
                }
            }
        }
        from = start;
    }
    None
}

/// `…;Password=xyz;…` or `pwd=xyz` in a key=value connection string.
fn find_connection_string_password(value: &str) -> Option<usize> {
    let lower = value.to_ascii_lowercase();
    if !lower.contains(';') {
        return None;
    }
    let mut offset = 0;
    for part in lower.split(';') {
        if let Some((key, val)) = part.split_once('=') {
            let key = key.trim();
            let val = val.trim();
            if matches!(key, "password" | "pwd") && !val.is_empty() && !is_placeholder(val) {
                return Some(offset + (part.len() - part.trim_start().len()));
            }
        }
        offset += part.len() + 1;
    }
    None
}

/// Documented token prefixes, each followed by enough token characters.
fn find_provider_token(value: &str) -> Option<usize> {
    const PREFIXES: [(&str, usize); 11] = [
        ("ghp_", 30),
        ("gho_", 30),
        ("ghu_", 30),
        ("ghs_", 30),
        ("ghr_", 30),
        ("github_pat_", 30),
        ("xoxb-", 20),
        ("xoxp-", 20),
        ("sk_live_", 20),
        ("rk_live_", 20),
        ("AIza", 35),
    ];
    PREFIXES.iter().find_map(|(prefix, min_rest)| {
        let at = value.find(prefix)?;
        let rest = &value[at + prefix.len()..];
        let run = rest.bytes().take_while(|&b| is_base64url(b)).count();
        (run >= *min_rest).then_some(at)
    })
}

/// Template placeholders and masks are not secrets: `${DB_PASSWORD}`, `{{resolve:…}}`, `****`,
/// `<password>`, `changeme`-style words are still flagged by name elsewhere; only these shapes
/// are skipped.
fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("${") && t.ends_with('}'))
        || (t.starts_with("{{") && t.ends_with("}}"))
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('%') && t.ends_with('%'))
        || t.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}

/// Words in a name that say it is a secret.
const SECRET_WORDS: [&str; 12] = [
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "PRIVATEKEY",
    "DSN",
];

/// `KEY` is a secret word after these (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `SIGNING_KEY`).
const KEY_QUALIFIERS: [&str; 8] = [
    "API",
    "PRIVATE",
    "ACCESS",
    "SECRET",
    "SIGNING",
    "ENCRYPTION",
    "MASTER",
    "CLIENT",
];

/// A last word that makes the name a reference to a secret, or a property of one, rather than
/// the secret itself (`DB_PASSWORD_SECRET_ARN`, `TOKEN_TTL`, `PASSWORD_RESET_URL`). A URL or
/// connection string that carries a password is still found by its format.
const REFERENCE_WORDS: [&str; 33] = [
    "ARN",
    "NAME",
    "ID",
    "PATH",
    "PARAM",
    "PARAMETER",
    "REF",
    "TTL",
    "EXPIRY",
    "EXPIRATION",
    "LENGTH",
    "FILE",
    "HEADER",
    "ENDPOINT",
    "URI",
    "REGION",
    "POLICY",
    "ENABLED",
    "URL",
    "AUDIENCE",
    "ISSUER",
    "TYPE",
    "FORMAT",
    "HOST",
    "PORT",
    "USER",
    "USERNAME",
    "VERSION",
    "COUNT",
    "SIZE",
    "TIMEOUT",
    "MODE",
    "ALGORITHM",
];

/// Splits a name into upper-case words: `dbPassword` → `DB`, `PASSWORD`; `API-KEY.v2` → `API`,
/// `KEY`, `V2`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the name says the value is a secret.
pub fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    let Some(last) = words.last() else {
        return false;
    };
    if REFERENCE_WORDS.contains(&last.as_str()) {
        return false;
    }
    let joined: String = words.concat();
    words.iter().enumerate().any(|(i, w)| {
        SECRET_WORDS.contains(&w.as_str())
            || (w == "KEY" && i > 0 && KEY_QUALIFIERS.contains(&words[i - 1].as_str()))
    }) || ["PASSWORD", "APIKEY", "SECRETKEY", "PRIVATEKEY", "ACCESSKEY"]
        .iter()
        .any(|w| joined.contains(w))
}

/// Whether a value named like a secret could be one: not empty, a number, a boolean, a
/// placeholder, or a reference to where the secret is kept.
fn could_be_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_placeholder(v) {
        return false;
    }
    if v.parse::<f64>().is_ok()
        || ["true", "false", "yes", "no", "none", "null"]
            .iter()
            .any(|w| v.eq_ignore_ascii_case(w))
    {
        return false;
    }
    let reference = v.starts_with("arn:")
        || v.starts_with("resolve:")
        || v.starts_with("ssm:")
        || v.starts_with("secretsmanager:")
        || (v.starts_with('/') && !v.contains(char::is_whitespace));
    !reference
}

/// A long token-like value with the character mix and entropy of random data.
fn is_high_entropy_token(v: &str) -> bool {
    if v.len() < 20 || v.len() > 4096 {
        return false;
    }
    let token_chars = v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    if !token_chars || v.starts_with('/') || v.contains("//") {
        return false;
    }
    let hex_only = v.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    if hex_only {
        return false;
    }
    let upper = v.bytes().any(|b| b.is_ascii_uppercase());
    let lower = v.bytes().any(|b| b.is_ascii_lowercase());
    let digit = v.bytes().any(|b| b.is_ascii_digit());
    if [upper, lower, digit].iter().filter(|&&x| x).count() < 2 || !digit {
        return false;
    }
    let threshold = (0.8 * (v.len() as f64).log2()).min(4.2);
    shannon_entropy(v) >= threshold && class_switch_rate(v) >= 0.25
}

/// How often neighbouring characters change class (upper, lower, digit, other): about half the
/// time in random tokens, rarely in words and `CamelCaseNames2024`.
fn class_switch_rate(v: &str) -> f64 {
    let class = |b: u8| match b {
        b'A'..=b'Z' => 0,
        b'a'..=b'z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    let bytes = v.as_bytes();
    let switches = bytes
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    switches as f64 / (bytes.len().max(2) - 1) as f64
}

/// Shannon entropy of the value's bytes, in bits per byte.
fn shannon_entropy(v: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in v.bytes() {
        counts[b as usize] += 1;
    }
    let n = v.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that must be found: (name, value, kind). All are documented examples or made up;
    /// none is a real credential.
    const TRUE_POSITIVES: &[(&str, &str, SecretKind)] = &[
        ("AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE", SecretKind::AwsAccessKeyId),
        ("CREDS", "id=AKIAIOSFODNN7EXAMPLE", SecretKind::AwsAccessKeyId),
        ("TEMP", "ASIAIOSFODNN7EXAMPLE", SecretKind::AwsAccessKeyId),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            SecretKind::SecretName,
        ),
        (
            "UPLOAD_SIGNATURE_SEED",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            SecretKind::HighEntropy,
        ),
        (
            "DATABASE_URL",
            "postgres://app:Sup3rS3cret@orders-db.example.internal:5432/orders",
            SecretKind::UrlWithPassword,
        ),
        (
            "MONGO",
            "mongodb+srv://svc:hunter2@cluster0.example.net/app?retryWrites=true",
            SecretKind::UrlWithPassword,
        ),
        (
            "CACHE",
            "redis://:p4ssw0rd@cache.example.internal:6379/0",
            SecretKind::UrlWithPassword,
        ),
        (
            "SQLSERVER",
            "Server=db.example.internal;Database=app;User Id=app;Password=Tr0ub4dor&3;",
            SecretKind::ConnectionStringWithPassword,
        ),
        (
            "SESSION",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            SecretKind::Jwt,
        ),
        (
            "SIGNING",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEexample\n-----END RSA PRIVATE KEY-----",
            SecretKind::PrivateKey,
        ),
        (
            "KEY_PEM",
            "-----BEGIN PRIVATE KEY-----\nMIIEexample\n-----END PRIVATE KEY-----",
            SecretKind::PrivateKey,
        ),
        (
            "GH",
            "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            SecretKind::ProviderToken,
        ),
        (
            "SLACK_HOOK_AUTH",
            "xoxb-000000000000-example-example-example",
            SecretKind::ProviderToken,
        ),
        (
            "STRIPE",
            "sk_live_0000000000000000000000000000example",
            SecretKind::ProviderToken,
        ),
        (
            "MAPS",
            "AIzaSyA-example-example-example-example00",
            SecretKind::ProviderToken,
        ),
        (
            "DEPLOY_KEY",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAexample\n-----END OPENSSH PRIVATE KEY-----",
            SecretKind::PrivateKey,
        ),
        (
            "EC_KEY",
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIexample\n-----END EC PRIVATE KEY-----",
            SecretKind::PrivateKey,
        ),
        (
            "AMQP_URL",
            "amqps://svc:Rabb1t-pw@mq.example.internal:5671/vhost",
            SecretKind::UrlWithPassword,
        ),
        (
            "JDBC",
            "jdbc:mysql://db.example.internal:3306/app?user=app;password=S3cret-x",
            SecretKind::ConnectionStringWithPassword,
        ),
        ("DB_PASSWORD", "hunter2", SecretKind::SecretName),
        ("dbPassword", "correct horse battery staple", SecretKind::SecretName),
        ("STRIPE_API_KEY", "not-a-real-key", SecretKind::SecretName),
        ("apiKey", "abc", SecretKind::SecretName),
        ("CLIENT_SECRET", "s3cr3t", SecretKind::SecretName),
        ("AUTH_TOKEN", "tok", SecretKind::SecretName),
        ("SMTP_PASS", "mailpass", SecretKind::SecretName),
        ("JWT_SIGNING_KEY", "sign-me", SecretKind::SecretName),
        ("SENTRY_DSN", "https-ish-value", SecretKind::SecretName),
        (
            "OPAQUE",
            "Zx8Qp2Lr7Vt4Nw1Ks9Hd3Fg6Jb5Mc0Ya",
            SecretKind::HighEntropy,
        ),
    ];

    /// Values that must not be flagged: (name, value).
    const FALSE_POSITIVES: &[(&str, &str)] = &[
        ("TABLE_NAME", "orders-production"),
        ("LOG_LEVEL", "info"),
        ("REGION", "eu-west-2"),
        (
            "DB_PASSWORD_SECRET_ARN",
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:orders-db-AbCdEf",
        ),
        (
            "DB_PASSWORD",
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:orders-db-AbCdEf",
        ),
        ("DB_PASSWORD_PARAM", "/prod/orders/db-password"),
        ("API_KEY", "/prod/api/key"),
        ("DB_PASSWORD", "${DB_PASSWORD}"),
        ("DB_PASSWORD", "{{resolve:secretsmanager:orders-db}}"),
        ("DB_PASSWORD", ""),
        ("TOKEN_TTL", "3600"),
        ("TOKEN_EXPIRY_SECONDS", "900"),
        ("PASSWORD_MIN_LENGTH", "12"),
        ("REQUIRE_TOKEN", "true"),
        ("KEY_PREFIX", "uploads/"),
        ("CACHE_KEY", "orders-v2"),
        ("PASSENGER_COUNT", "4"),
        ("COMPASS_URL", "https://compass.example.com/app"),
        (
            "DATABASE_URL",
            "postgres://app@orders-db.example.internal:5432/orders",
        ),
        (
            "DATABASE_URL",
            "postgres://app:${DB_PASSWORD}@orders-db:5432/orders",
        ),
        ("SERVICE_URL", "https://api.example.com/v1/orders?page=2"),
        ("GIT_SHA", "9a13983c7fd003c5ee8247be764f0f11e23004838"),
        ("REQUEST_ID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
        ("BUCKET", "vigil-example-uploads-eu-west-2"),
        ("FUNCTION_VERSION", "$LATEST"),
        ("NODE_OPTIONS", "--enable-source-maps"),
        (
            "JAVA_TOOL_OPTIONS",
            "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
        ),
        ("POWERTOOLS_SERVICE_NAME", "OrdersServiceProduction"),
        (
            "QUEUE_URL",
            "https://sqs.eu-west-2.amazonaws.com/123456789012/orders",
        ),
        ("TIMESTAMP", "2026-11-23T09:00:00Z"),
        (
            "CONNECTION",
            "Server=db.example.internal;Database=app;Integrated Security=true;",
        ),
        (
            "IMAGE",
            "123456789012.dkr.ecr.eu-west-2.amazonaws.com/app:v1.2.3",
        ),
        (
            "TLS_CERT",
            "-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----",
        ),
        (
            "PUBLIC_KEY",
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample\n-----END PUBLIC KEY-----",
        ),
        ("GREETING", "eyJ is how a JSON header starts in base64"),
        ("WEBHOOK_URL", "https://hooks.example.com/services/orders"),
        ("ASSET_KEY", "static/img/logo.png"),
        ("PASSWORD_RESET_URL", "https://shop.example.com/reset"),
        ("TOKEN_AUDIENCE", "orders-api"),
    ];

    #[test]
    fn the_true_positive_corpus_is_found_with_its_kind() {
        for (name, value, kind) in TRUE_POSITIVES {
            let found = classify(name, value).map(|(k, _)| k);
            assert_eq!(found, Some(*kind), "{name} should be {kind:?}");
        }
    }

    #[test]
    fn the_false_positive_corpus_is_not_flagged() {
        for (name, value) in FALSE_POSITIVES {
            assert_eq!(classify(name, value), None, "{name} was flagged");
        }
    }

    #[test]
    fn hits_name_the_variable_and_its_position_and_never_the_value() {
        let vars = [
            ("LOG_LEVEL", "info"),
            ("DATABASE_URL", "postgres://app:PlantedPw-7731@db:5432/app"),
            ("ACCESS", "AKIAIOSFODNN7EXAMPLE"),
        ];
        let hits = scan(vars);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].name, "DATABASE_URL");
        assert_eq!(hits[0].position, 1);
        assert_eq!(hits[0].kind, SecretKind::UrlWithPassword);
        assert_eq!(hits[1].name, "ACCESS");
        assert_eq!(hits[1].offset, Some(0));
        let shown = format!("{hits:?} {}", hits[0].kind);
        assert!(!shown.contains("PlantedPw-7731"), "{shown}");
        assert!(!shown.contains("AKIAIOSFODNN7EXAMPLE"), "{shown}");
    }

    #[test]
    fn offsets_point_at_the_match() {
        let v = "key=AKIAIOSFODNN7EXAMPLE";
        assert_eq!(
            classify("X", v),
            Some((SecretKind::AwsAccessKeyId, Some(4)))
        );
        // An access-key-like run inside a longer upper-case run is not a key id.
        assert_eq!(find_aws_access_key_id("XAKIAIOSFODNN7EXAMPLEX"), None);
    }

    #[test]
    fn names_split_on_case_and_punctuation() {
        assert_eq!(words("dbPassword"), ["DB", "PASSWORD"]);
        assert_eq!(words("API-KEY.v2"), ["API", "KEY", "V2"]);
        assert!(is_secret_name("x-api-key"));
        assert!(!is_secret_name("KEY"));
        assert!(!is_secret_name("PRIMARY_KEY_COLUMN"));
        assert!(!is_secret_name(""));
    }

    #[test]
    fn entropy_separates_random_tokens_from_words() {
        assert!(shannon_entropy("aaaaaaaaaaaaaaaaaaaa") < 0.1);
        assert!(shannon_entropy("Zx8Qp2Lr7Vt4Nw1Ks9Hd3Fg6Jb5Mc0Ya") > 4.5);
        assert!(!is_high_entropy_token("OrdersServiceProduction2024"));
    }
}
