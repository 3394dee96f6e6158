//! Rules for AWS Secrets Manager secrets. They read a secret's metadata only; AWS Config never
//! records secret values, and neither does Vigil.
//!
//! SecretsManager.3 and .4 need dates the Config item does not carry (when the secret was
//! created, last rotated, last accessed): they ask for the [`SECRET`] lookup, which the shell
//! answers from `DescribeSecret` (metadata only; never `GetSecretValue`):
//! `{"name": "...", "createdDate": "<RFC 3339>", "lastRotatedDate": "<RFC 3339>" | null,
//! "lastAccessedDate": "<RFC 3339>" | null, "rotationEnabled": true | false,
//! "checkedAt": "<RFC 3339, when DescribeSecret was called>"}`. The core has no clock:
//! `checkedAt` is the "now" the ages are measured against.

pub mod secret_periodic_rotation;
pub mod secret_rotation_enabled;
pub mod secret_rotation_succeeds;
pub mod secret_unused;

use crate::lookups::LookupKey;
use crate::resources::secretsmanager_secret::Secret;
use crate::verdict::Verdict;
use chrono::{DateTime, Utc};

/// The lookup kind for a secret's metadata (id: the secret's ARN).
pub const SECRET: &str = "secretsmanager.secret";

/// The `secretsmanager.secret` key for a secret, when its ARN is known.
pub fn secret_key(secret: &Secret) -> Option<LookupKey> {
    secret
        .arn
        .get()
        .map(|arn| LookupKey::new(SECRET, arn.clone()))
}

/// A time field of the answer: `Ok(None)` when absent or null, undetermined when not a time.
pub(crate) fn answer_time(
    answer: &serde_json::Value,
    field: &str,
) -> Result<Option<DateTime<Utc>>, Verdict> {
    match answer.get(field) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(t)) => crate::json::parse_time(t)
            .map(Some)
            .ok_or_else(|| Verdict::undetermined([format!("{SECRET} {field} (not a time)")])),
        Some(_) => Err(Verdict::undetermined([format!(
            "{SECRET} {field} (not a time)"
        )])),
    }
}

/// What an age is measured with: when the answer was checked, when the event last happened
/// (`None` when it never did), and the time to measure from (that event, or the creation).
pub(crate) struct Since {
    /// The answer's `checkedAt`.
    pub checked: DateTime<Utc>,
    /// The event's date, when it ever happened.
    pub last: Option<DateTime<Utc>>,
    /// `last`, or `createdDate` when the event never happened.
    pub from: DateTime<Utc>,
}

/// The [`Since`] of `field` (`lastRotatedDate`, `lastAccessedDate`) in the answer.
pub(crate) fn since(answer: &serde_json::Value, field: &str) -> Result<Since, Verdict> {
    let checked = answer_time(answer, "checkedAt")?
        .ok_or_else(|| Verdict::undetermined([format!("{SECRET} checkedAt")]))?;
    let last = answer_time(answer, field)?;
    let created = answer_time(answer, "createdDate")?;
    match (last, created) {
        (Some(l), _) => Ok(Since {
            checked,
            last: Some(l),
            from: l,
        }),
        (None, Some(c)) => Ok(Since {
            checked,
            last: None,
            from: c,
        }),
        (None, None) => Err(Verdict::undetermined([format!("{SECRET} createdDate")])),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;

    pub const ARN: &str =
        "arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/orders-db-Xy7Q2b";

    pub fn secret() -> Resource {
        let c = serde_json::json!({"ARN": ARN, "Name": "prod/orders-db", "RotationEnabled": true});
        Resource::Secret(Secret::parse(Obj::new(&c, "configuration").unwrap()).unwrap())
    }

    pub fn eval(
        rule: &dyn Rule,
        answer: Option<serde_json::Value>,
        settings: &Settings,
    ) -> Verdict {
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            lookups.insert(LookupKey::new(SECRET, ARN), a);
        }
        rule.evaluate(&secret(), &Context::new(settings, &lookups))
    }
}
