//! Answering the lookups rules declare: one fetcher per kind, each in its service's module and
//! documenting the JSON shape of its answer (the table "Lookup kinds" in
//! `docs/architecture.md` summarises them).
//!
//! A lookup that cannot be answered (access denied, not found, throttled past the SDK's retries)
//! or whose answer does not have its kind's shape is left out and the rules that needed it are undetermined; the failure is
//! logged, and access denied is logged as "not evaluated: missing permission
//! `<service>:<operation>`".

pub mod apigateway;
pub mod applicationautoscaling;
pub mod backup;
pub mod cloudtrail;
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod listed;
pub mod rds;
pub mod secretsmanager;
pub mod seeded;

use crate::clients::{Clients, Scope};
use crate::clock::Clock;
use crate::error::{AwsError, ErrorKind};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use tracing::warn;
use vigil_core::lookups::{LookupKey, LookupKind, Lookups};

/// Answers what it can of `keys`, one after the other, with `clients` (the clients of `scope`);
/// `clock` stamps the answers that say when they were checked. An answer (or an access denied)
/// already in `memo` for the same scope and key is reused instead of asked again, and every new
/// one is kept there.
pub async fn answer(
    clients: &Clients,
    clock: &Clock,
    keys: &BTreeSet<LookupKey>,
    memo: &Memo,
    scope: &Scope,
) -> Lookups {
    let mut answers = Lookups::none();
    for key in keys {
        let kept = memo_key(key);
        let fetched = match memo.get(scope, &kept) {
            Some(Memoed::Answer(json)) => Ok(json),
            // Already logged when it was asked.
            Some(Memoed::Unanswerable) => continue,
            None => {
                let fetched = lookup(clients, clock, key, memo, scope).await;
                match &fetched {
                    Ok(json) => memo.put(scope, kept, Memoed::Answer(json.clone())),
                    Err(AwsError::Call(call))
                        if matches!(call.kind, ErrorKind::AccessDenied | ErrorKind::NotFound) =>
                    {
                        memo.put(scope, kept, Memoed::Unanswerable)
                    }
                    Err(_) => {}
                }
                fetched
            }
        };
        match fetched {
            // The one place fetched JSON becomes a typed answer.
            Ok(json) => {
                if let Err(e) = answers.insert_json(key.clone(), json) {
                    warn!(lookup = %key.label(), error = %e, "malformed lookup answer; rules that need it are undetermined")
                }
            }
            Err(AwsError::Call(call)) if call.kind == ErrorKind::AccessDenied => {
                warn!(lookup = %key.label(), permission = %call.permission(), error = %call, "not evaluated: missing permission {}; rules that need it are undetermined", call.permission())
            }
            Err(e) => {
                warn!(lookup = %key.label(), kind = %e.kind(), error = %e, "lookup failed; rules that need it are undetermined")
            }
        }
    }
    answers
}

/// The key `key`'s answer is kept under in a [`Memo`]: the key itself, except for the kinds
/// whose answer does not depend on the id, kept once per scope (account and Region) under an
/// empty id. `backup.selections` is every backup plan's selections whatever resource asks, so
/// a sweep asks AWS Backup once, not once per database and table; `cloudtrail.trails` is
/// every trail of the Region, asked once however many classified tables there are.
pub fn memo_key(key: &LookupKey) -> LookupKey {
    match key.kind {
        LookupKind::BackupSelections => LookupKey::new(LookupKind::BackupSelections, ""),
        LookupKind::CloudTrailTrails => LookupKey::new(LookupKind::CloudTrailTrails, ""),
        _ => key.clone(),
    }
}

/// Lookup answers kept while one sweep or scan runs, so that a key asked by many resources (the
/// one KMS key of a hundred databases) is asked once, and answers a listing already carried
/// ([`listed::answers`]) are never asked at all.
///
/// **Invariant: one memo per sweep or scan, never longer.** A memo is made for one `vigil scan`
/// or one sweep work item ([`crate::AwsResolver::for_sweep`]) and dropped with it; the evaluate
/// function's resolver has none, so an event is always judged on answers fetched for it (a
/// fresh memo per resource only saves asking twice within that resource's lookups). An answer
/// is as old as its sweep at most, which is what a sweep observes anyway.
///
/// **Secrets:** a function's configuration answer holds its environment values: `Debug` shows
/// only how many answers are kept.
#[derive(Default)]
pub struct Memo {
    answers: Mutex<HashMap<(Scope, LookupKey), Memoed>>,
    /// Parts of answers a bulk call gave for many resources at once (IAM users' `ListUsers`
    /// entries, [`iam::remember_users`]; every usage plan, [`apigateway::ALL_USAGE_PLANS`]), by
    /// scope, part and id: the lookup that needs one makes the rest of its calls only.
    parts: Mutex<HashMap<(Scope, &'static str, String), Value>>,
}

/// A memoed outcome of a lookup.
#[derive(Clone)]
pub enum Memoed {
    /// The answer's JSON.
    Answer(Value),
    /// Access denied or not found (logged once, when it was asked): not asked again in the
    /// same sweep. Throttling and other failures are not kept: the next resource asks again.
    Unanswerable,
}

impl Memo {
    /// An empty memo.
    pub fn new() -> Self {
        Memo::default()
    }

    /// What is kept for `key` in `scope`.
    pub fn get(&self, scope: &Scope, key: &LookupKey) -> Option<Memoed> {
        // A poisoned lock only means a panic elsewhere while inserting: the map is still whole.
        let answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        answers.get(&(scope.clone(), key.clone())).cloned()
    }

    /// Keeps `memoed` for `key` in `scope`.
    pub fn put(&self, scope: &Scope, key: LookupKey, memoed: Memoed) {
        let mut answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        answers.insert((scope.clone(), key), memoed);
    }

    /// The part `part` of `id`'s answer a bulk call gave in `scope`, if any.
    pub fn part(&self, scope: &Scope, part: &'static str, id: &str) -> Option<Value> {
        let parts = self.parts.lock().unwrap_or_else(|p| p.into_inner());
        parts.get(&(scope.clone(), part, id.to_string())).cloned()
    }

    /// Keeps `value` as the part `part` of `id`'s answer in `scope`.
    pub fn put_part(&self, scope: &Scope, part: &'static str, id: String, value: Value) {
        let mut parts = self.parts.lock().unwrap_or_else(|p| p.into_inner());
        parts.insert((scope.clone(), part, id), value);
    }

    /// How many outcomes are kept.
    pub fn len(&self) -> usize {
        self.answers.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("answers", &self.len())
            .finish()
    }
}

/// One lookup, dispatched by kind, as the JSON its kind's typed answer reads
/// (`vigil_core::lookups`). Every kind has an arm and there is no wildcard, so a kind without a
/// fetcher does not compile.
///
/// Lambda says "not found" both for a function without a URL (or a resource policy) and for no
/// function at all; the function's existence is then confirmed with its
/// `lambda.function-configuration` answer, taken from `memo` when a listing or an earlier
/// lookup already has it.
pub async fn lookup(
    clients: &Clients,
    clock: &Clock,
    key: &LookupKey,
    memo: &Memo,
    scope: &Scope,
) -> Result<Value, AwsError> {
    let id = key.id.as_str();
    match key.kind {
        LookupKind::IamManagedPolicy => iam::managed_policy(&clients.iam, id).await,
        LookupKind::IamRole => iam::role_last_used(&clients.iam, id, clock).await,
        LookupKind::IamUserCredentials => {
            let listed = memo.part(scope, iam::LISTED_USER, id);
            iam::user_credentials(&clients.iam, id, clock, listed).await
        }
        LookupKind::RdsDbParameterGroup => rds::db_parameter_group(&clients.rds, id).await,
        LookupKind::RdsDbClusterParameterGroup => {
            rds::db_cluster_parameter_group(&clients.rds, id).await
        }
        LookupKind::KmsKey => kms::key(&clients.kms, id).await,
        LookupKind::KmsKeyPolicy => kms::key_policy(&clients.kms, id).await,
        LookupKind::LambdaFunctionConfiguration => {
            lambda::function_configuration(&clients.lambda, id).await
        }
        LookupKind::LambdaFunctionUrl => match lambda::function_url(&clients.lambda, id).await? {
            Some(url) => Ok(url),
            None => {
                function_exists(clients, id, memo, scope).await?;
                Ok(json!({ "AuthType": null }))
            }
        },
        LookupKind::LambdaPolicy => match lambda::policy(&clients.lambda, id).await? {
            Some(policy) => Ok(policy),
            None => {
                function_exists(clients, id, memo, scope).await?;
                Ok(json!({ "Policy": null }))
            }
        },
        LookupKind::Ec2Subnet => ec2::subnet(&clients.ec2, id).await,
        LookupKind::Ec2SubnetRoutes => ec2::subnet_routes(&clients.ec2, id).await,
        LookupKind::ApiGatewayMethods => {
            apigateway::rest_api_methods(&clients.apigateway, id).await
        }
        LookupKind::ApiGatewayRestApi => apigateway::rest_api_policy(&clients.apigateway, id).await,
        LookupKind::ApiGatewayUsagePlans => {
            let all = match memo.part(scope, apigateway::ALL_USAGE_PLANS, "") {
                Some(all) => all,
                None => {
                    let all = apigateway::all_usage_plans(&clients.apigateway).await?;
                    memo.put_part(
                        scope,
                        apigateway::ALL_USAGE_PLANS,
                        String::new(),
                        all.clone(),
                    );
                    all
                }
            };
            apigateway::usage_plans(&all, id)
        }
        LookupKind::ApiGatewayV2Routes => apigateway::v2_routes(&clients.apigatewayv2, id).await,
        LookupKind::ApiGatewayV2Api => apigateway::v2_api(&clients.apigatewayv2, id).await,
        LookupKind::DynamoDbResourcePolicy => {
            dynamodb::resource_policy(&clients.dynamodb, id).await
        }
        LookupKind::ApplicationAutoScalingDynamoDbTable => {
            applicationautoscaling::dynamodb_scalable_targets(&clients.applicationautoscaling, id)
                .await
        }
        LookupKind::BackupSelections => backup::selections(&clients.backup, id).await,
        LookupKind::CloudTrailTrails => cloudtrail::trails(&clients.cloudtrail, id, memo).await,
        LookupKind::SecretsManagerSecret => {
            secretsmanager::secret_metadata(&clients.secretsmanager, id, clock).await
        }
    }
}

/// Ok when the function exists: its `lambda.function-configuration` answer is in `memo`, or
/// `GetFunctionConfiguration` finds it (and the answer is kept). An error, and so no answer,
/// when it does not exist.
async fn function_exists(
    clients: &Clients,
    function: &str,
    memo: &Memo,
    scope: &Scope,
) -> Result<(), AwsError> {
    let key = LookupKey::new(LookupKind::LambdaFunctionConfiguration, function);
    if let Some(Memoed::Answer(_)) = memo.get(scope, &key) {
        return Ok(());
    }
    let configuration = lambda::function_configuration(&clients.lambda, function).await?;
    memo.put(scope, key, Memoed::Answer(configuration));
    Ok(())
}

/// The token (or marker) of the next page, for the calls whose SDK has no paginator (API
/// Gateway v2's `GetRoutes`): `None` when there is none (absent or empty), or when the service
/// returned the token it was given (which would loop forever).
pub(crate) fn next_page(next: Option<&str>, current: &Option<String>) -> Option<String> {
    next.filter(|n| !n.is_empty() && Some(*n) != current.as_deref())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn backup_selections_are_kept_once_per_scope_other_keys_as_they_are() {
        use super::memo_key;
        use vigil_core::lookups::{LookupKey, LookupKind};
        let db = LookupKey::new(LookupKind::BackupSelections, "arn:aws:rds:eu-west-2:1:db:a");
        let table = LookupKey::new(
            LookupKind::BackupSelections,
            "arn:aws:dynamodb:eu-west-2:1:table/t",
        );
        assert_eq!(memo_key(&db), memo_key(&table));
        let key = LookupKey::new(LookupKind::KmsKeyPolicy, "k1");
        assert_eq!(memo_key(&key), key);
        assert_ne!(
            memo_key(&key),
            memo_key(&LookupKey::new(LookupKind::KmsKeyPolicy, "k2"))
        );
    }

    #[test]
    fn pagination_stops_at_no_token_an_empty_one_or_the_same_one_again() {
        assert_eq!(next_page(None, &None), None);
        assert_eq!(next_page(Some(""), &None), None);
        assert_eq!(next_page(Some("p2"), &None), Some("p2".to_string()));
        assert_eq!(next_page(Some("p2"), &Some("p2".to_string())), None);
        assert_eq!(
            next_page(Some("p3"), &Some("p2".to_string())),
            Some("p3".to_string())
        );
    }
}
