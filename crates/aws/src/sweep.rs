//! The sweep over AWS: each (region, kind) listed by its list adapter ([`crate::list`]) and run
//! through the one pipeline ([`vigil_pipeline::Pipeline::run_listing`]), whatever the store and
//! the deliverer (DynamoDB and Security Hub + SNS in the sweep function, the local file and the
//! report in `vigil scan`). The resolver is always [`AwsResolver`], so rules' lookups are
//! answered with the same credentials.
//!
//! A (region, kind) whose listing fails (access denied, a service not offered in the region,
//! missing credentials) is reported as not evaluated with what to do, and the rest goes on;
//! nothing of that kind is reconciled, as a failed listing proves nothing about what is gone.
//! Kinds of different services are listed concurrently; kinds of one service one after another,
//! so each service sees at most [`crate::list::PER_SERVICE`] calls in flight.

use crate::clients::{Clients, Scope};
use crate::clock::Clock;
use crate::error::{AwsError, ErrorKind, Service};
use crate::list::{self, Target};
use crate::lookup::{self, Memo, Memoed};
use crate::resolve::AwsResolver;
use futures_util::future::join_all;
use std::collections::BTreeMap;
use tracing::{info, warn};
use vigil_core::kinds::{Kind, KINDS};
use vigil_core::resource::ResourceType;
use vigil_core::sweep::Run;
use vigil_pipeline::{Deliverer, Listing, ListingOutcome, Pipeline, StateStore};

/// The outcome of sweeping one (region, kind).
#[derive(Debug)]
pub struct KindOutcome {
    /// The kind.
    pub kind: &'static Kind,
    /// The region.
    pub region: String,
    /// What the pipeline did, or why the kind was not evaluated.
    pub result: Result<ListingOutcome, NotEvaluated>,
}

/// A (region, kind) the sweep could not evaluate, and what to do about it.
#[derive(Debug)]
pub struct NotEvaluated {
    /// The error kind (access denied, throttled beyond the retries, other).
    pub kind: ErrorKind,
    /// For people: what failed and what to do.
    pub message: String,
}

impl NotEvaluated {
    /// The message for a failed listing: access denied names the missing permission.
    pub fn from_error(kind: &Kind, region: &str, e: &AwsError) -> Self {
        let what = format!("{} in {region} not evaluated", kind.noun);
        let message = match (e.kind(), e.as_call()) {
            (ErrorKind::AccessDenied, Some(call)) => format!(
                "{what}: access denied to {} (grant it, e.g. with the ReadOnlyAccess or SecurityAudit managed policy, and scan again)",
                call.permission()
            ),
            (ErrorKind::Throttled, _) => {
                format!("{what}: still throttled after the retries ({e}); scan again later")
            }
            _ => format!("{what}: {e}"),
        };
        NotEvaluated {
            kind: e.kind(),
            message,
        }
    }
}

/// The account the credentials act in (`GetCallerIdentity`), which names the ARNs services do
/// not give (security groups, VPC endpoints) and files the state.
pub async fn caller_account(clients: &Clients) -> Result<String, AwsError> {
    caller_identity(clients)
        .await?
        .account()
        .map(str::to_string)
        .ok_or_else(|| AwsError::Config("GetCallerIdentity returned no account".into()))
}

/// Who the credentials are (`GetCallerIdentity`'s ARN: a user, or an assumed role's session),
/// which names the person accepting a risk with `vigil accept --table`.
pub async fn caller_arn(clients: &Clients) -> Result<String, AwsError> {
    caller_identity(clients)
        .await?
        .arn()
        .map(str::to_string)
        .ok_or_else(|| AwsError::Config("GetCallerIdentity returned no ARN".into()))
}

async fn caller_identity(
    clients: &Clients,
) -> Result<aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput, AwsError> {
    clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Sts, "GetCallerIdentity", e))
}

/// The service a kind is listed with (its type name's second part: `RDS`, `IAM`, …), which
/// groups the kinds listed one after another.
fn service_of(kind: &Kind) -> &'static str {
    if kind.type_name == vigil_core::kinds::account::ACCOUNT.type_name {
        // Described with IAM's calls, under IAM's limits.
        return "IAM";
    }
    let name = kind.type_name;
    let rest = name.strip_prefix("AWS::").unwrap_or(name);
    rest.split("::").next().unwrap_or(rest)
}

/// The kinds to sweep in a region: every kind, less the global (IAM) ones unless `with_global`
/// (they are swept once per account, in its first region).
pub fn kinds_for(with_global: bool) -> Vec<&'static Kind> {
    KINDS
        .iter()
        .copied()
        .filter(|k| with_global || !list::is_global(k))
        .collect()
}

/// Lists one (region, kind) and runs the listing through the pipeline.
pub async fn sweep_kind<S, D>(
    pipeline: &Pipeline<S, AwsResolver, D>,
    clients: &Clients,
    clock: &Clock,
    run: &Run,
    kind: &'static Kind,
) -> KindOutcome
where
    S: StateStore,
    D: Deliverer,
{
    let target = Target {
        account: run.account.clone(),
        region: run.region.clone(),
        monitored: run.monitored.clone(),
    };
    let started = clock.now();
    // Both futures are boxed: they are large (every adapter's and the pipeline's state), and a
    // caller awaiting kinds one after another on a small stack (a test thread) must not hold
    // them inline.
    let memo = pipeline.resolver().memo();
    let result = match Box::pin(list::list_with(clients, kind, &target, memo)).await {
        Err(e) => {
            let not = NotEvaluated::from_error(kind, &run.region, &e);
            warn!(kind = kind.type_name, region = %run.region, error = %e, "not evaluated");
            Err(not)
        }
        Ok(descriptions) => {
            if let Some(memo) = memo {
                remember_listed(memo, run, &descriptions, started);
                // Users' creation dates and password use, for every user in one paginated
                // call instead of a `GetUser` per user (their credentials lookup).
                if kind.type_name == ResourceType::IAM_USER && !descriptions.is_empty() {
                    let iam = Scope {
                        account: Some(run.account.clone()),
                        region: None,
                    };
                    lookup::iam::remember_users(&clients.iam, clock, memo, &iam).await;
                }
            }
            let listing = Listing {
                resource_type: kind.type_name,
                started,
                captured_at: clock.now(),
                descriptions,
            };
            info!(kind = kind.type_name, region = %run.region, resources = listing.descriptions.len(), "listed");
            Box::pin(pipeline.run_listing(run, &listing, clock.now()))
                .await
                .map_err(|e| NotEvaluated {
                    kind: ErrorKind::Other,
                    message: format!("{} in {} not reconciled: {e}", kind.noun, run.region),
                })
        }
    };
    KindOutcome {
        kind,
        region: run.region.clone(),
        result,
    }
}

/// Keeps in the sweep's memo the lookup answers the listing already carried
/// ([`lookup::listed`]), so the rules' lookups do not ask for them again.
fn remember_listed(
    memo: &Memo,
    run: &Run,
    descriptions: &[vigil_core::sweep::Description],
    started: chrono::DateTime<chrono::Utc>,
) {
    // A listed resource's lookups are asked in its scope (`Scope::of` its resource): the run's
    // account and region, or no region for IAM, which is global.
    let regional = Scope {
        account: Some(run.account.clone()),
        region: Some(run.region.clone()),
    };
    let global = Scope {
        account: Some(run.account.clone()),
        region: None,
    };
    let listed_at = started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for d in descriptions {
        let scope = if d.resource_type.starts_with("AWS::IAM::") {
            &global
        } else {
            &regional
        };
        for (key, answer) in lookup::listed::answers(d, &listed_at) {
            memo.put(scope, key, Memoed::Answer(answer));
        }
    }
}

/// Sweeps `kinds` in one region: the services concurrently, each service's kinds one after
/// another. `on_done` is given each (region, kind)'s outcome as it finishes, in the order they
/// finish, and nothing is kept here: a caller that streams its reports (`vigil scan`) holds one
/// kind's reports at a time, not the region's.
pub async fn sweep_region<S, D>(
    pipeline: &Pipeline<S, AwsResolver, D>,
    clients: &Clients,
    clock: &Clock,
    run: &Run,
    kinds: &[&'static Kind],
    on_done: &dyn Fn(KindOutcome),
) where
    S: StateStore,
    D: Deliverer,
{
    let mut by_service: BTreeMap<&str, Vec<&'static Kind>> = BTreeMap::new();
    for k in kinds {
        by_service.entry(service_of(k)).or_default().push(k);
    }
    let lanes = by_service.into_values().map(|kinds| async move {
        for kind in kinds {
            on_done(sweep_kind(pipeline, clients, clock, run, kind).await);
        }
    });
    join_all(lanes).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_grouped_by_their_service() {
        assert_eq!(service_of(&vigil_core::kinds::rds::DB_PROXY), "RDS");
        assert_eq!(service_of(&vigil_core::kinds::dynamodb::DAX_CLUSTER), "DAX");
        assert_eq!(service_of(&vigil_core::kinds::iam::USER), "IAM");
        assert_eq!(
            service_of(&vigil_core::kinds::apigateway::V2_STAGE),
            "ApiGatewayV2"
        );
    }

    #[test]
    fn global_kinds_are_swept_only_where_asked() {
        assert!(kinds_for(true).iter().any(|k| list::is_global(k)));
        assert!(!kinds_for(false).iter().any(|k| list::is_global(k)));
        assert_eq!(kinds_for(true).len(), KINDS.len());
    }
}
