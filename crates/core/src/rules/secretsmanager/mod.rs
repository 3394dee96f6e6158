//! Rules for AWS Secrets Manager secrets. They read a secret's metadata only; AWS Config never
//! records secret values, and neither does Vigil.
//!
//! SecretsManager.3 and .4 need dates the Config item does not carry (when the secret was
//! created, last rotated, last accessed): they ask for the `secretsmanager.secret` lookup, which
//! the shell answers from `DescribeSecret` (metadata only; never `GetSecretValue`):
//! [`SecretMetadata`]. The core has no clock: the answer's `checkedAt` is the "now" the ages
//! are measured against.

pub mod secret_periodic_rotation;
pub mod secret_rotation_enabled;
pub mod secret_rotation_succeeds;
pub mod secret_unused;

use crate::lookups::secretsmanager::SecretMetadata;
use crate::lookups::{Key, LookupAnswer, LookupKey, LookupKind};
use crate::resource::Resource;
use crate::resources::secretsmanager_secret::Secret;
use crate::rules::{secret, wrong_type, Context, RuleMeta};
use crate::verdict::{Evidence, Verdict};
use chrono::{DateTime, Utc};

/// The `secretsmanager.secret` key for a secret, when its ARN is known.
pub fn secret_key(secret: &Secret) -> Option<Key<SecretMetadata>> {
    secret.arn.get().map(|arn| SecretMetadata::key(arn.clone()))
}

/// One age a secret must stay within (SecretsManager.3 and .4): the answer's date field, the
/// evidence name for it, and the verb for it in verdicts ("rotated", "accessed").
pub(crate) struct Age {
    /// The answer's date: `lastRotatedDate`, `lastAccessedDate`.
    pub field: fn(&SecretMetadata) -> Option<DateTime<Utc>>,
    /// The `DescribeSecret` member it shows as evidence.
    pub evidence: &'static str,
    /// What happens on that date.
    pub verb: &'static str,
}

/// The lookups a secret-age rule needs: the secret's `secretsmanager.secret` lookup.
pub(crate) fn age_lookups(resource: &Resource) -> Vec<LookupKey> {
    secret(resource)
        .and_then(secret_key)
        .map(LookupKey::from)
        .into_iter()
        .collect()
}

/// The verdict of a secret-age rule: FAILED when the last `age` event (or, when it never
/// happened, the secret's creation) is more than `limit` days before the answer's `checkedAt`.
pub(crate) fn age_verdict(
    resource: &Resource,
    ctx: &Context<'_>,
    meta: &'static RuleMeta,
    age: &Age,
    limit: i64,
) -> Verdict {
    let Some(s) = secret(resource) else {
        return wrong_type(meta);
    };
    let answer = match ctx.lookups.answer(secret_key(s).as_ref(), "ARN") {
        Ok(a) => a,
        Err(undetermined) => return undetermined,
    };
    let Some(checked) = answer.checked_at else {
        return Verdict::undetermined([format!("{} checkedAt", LookupKind::SecretsManagerSecret)]);
    };
    let (last, created) = ((age.field)(answer), answer.created_date);
    let Age { evidence, verb, .. } = age;
    match (last, created) {
        (Some(last), _) => {
            let days = (checked - last).num_days();
            if days > limit {
                Verdict::failed(
                    format!("the secret was last {verb} {days} days ago (more than {limit})"),
                    vec![Evidence::new(*evidence, last.format("%Y-%m-%d"))],
                )
            } else {
                Verdict::passed(format!(
                    "the secret was last {verb} {days} day(s) ago (within {limit})"
                ))
            }
        }
        (None, Some(created)) => {
            let days = (checked - created).num_days();
            if days > limit {
                Verdict::failed(
                    format!(
                        "the secret has never been {verb} in the {days} days since it was created (more than {limit})"
                    ),
                    vec![
                        Evidence::new(*evidence, "never"),
                        Evidence::new("CreatedDate", created.format("%Y-%m-%d")),
                    ],
                )
            } else {
                Verdict::passed(format!(
                    "the secret is new ({days} day(s) old) and not {verb} yet (limit {limit})"
                ))
            }
        }
        (None, None) => {
            Verdict::undetermined([format!("{} createdDate", LookupKind::SecretsManagerSecret)])
        }
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
            // As in the shell, a malformed answer is not recorded: the lookup stays unanswered.
            let _ = lookups.insert_json(LookupKey::new(LookupKind::SecretsManagerSecret, ARN), a);
        }
        rule.evaluate(&secret(), &Context::new(settings, &lookups))
    }
}
