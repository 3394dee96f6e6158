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
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod secretsmanager;

use crate::clients::Clients;
use crate::clock::Clock;
use crate::error::{AwsError, ErrorKind};
use serde_json::Value;
use std::collections::BTreeSet;
use tracing::warn;
use vigil_core::lookups::{LookupKey, LookupKind, Lookups};

/// Answers what it can of `keys`, one after the other, with `clients`; `clock` stamps the
/// answers that say when they were checked.
pub async fn answer(clients: &Clients, clock: &Clock, keys: &BTreeSet<LookupKey>) -> Lookups {
    let mut answers = Lookups::none();
    for key in keys {
        match lookup(clients, clock, key).await {
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

/// One lookup, dispatched by kind, as the JSON its kind's typed answer reads
/// (`vigil_core::lookups`). Every kind has an arm and there is no wildcard, so a kind without a
/// fetcher does not compile.
pub async fn lookup(clients: &Clients, clock: &Clock, key: &LookupKey) -> Result<Value, AwsError> {
    let id = key.id.as_str();
    match key.kind {
        LookupKind::IamManagedPolicy => iam::managed_policy(&clients.iam, id).await,
        LookupKind::IamRole => iam::role_last_used(&clients.iam, id, clock).await,
        LookupKind::IamUserCredentials => iam::user_credentials(&clients.iam, id, clock).await,
        LookupKind::RdsDbParameterGroup => rds::db_parameter_group(&clients.rds, id).await,
        LookupKind::RdsDbClusterParameterGroup => {
            rds::db_cluster_parameter_group(&clients.rds, id).await
        }
        LookupKind::KmsKey => kms::key(&clients.kms, id).await,
        LookupKind::KmsKeyPolicy => kms::key_policy(&clients.kms, id).await,
        LookupKind::LambdaFunctionConfiguration => {
            lambda::function_configuration(&clients.lambda, id).await
        }
        LookupKind::LambdaFunctionUrl => lambda::function_url(&clients.lambda, id).await,
        LookupKind::LambdaPolicy => lambda::policy(&clients.lambda, id).await,
        LookupKind::Ec2Subnet => ec2::subnet(&clients.config, id).await,
        LookupKind::Ec2SubnetRoutes => ec2::subnet_routes(&clients.ec2, id).await,
        LookupKind::ApiGatewayMethods => {
            apigateway::rest_api_methods(&clients.apigateway, id).await
        }
        LookupKind::ApiGatewayRestApi => apigateway::rest_api_policy(&clients.apigateway, id).await,
        LookupKind::ApiGatewayUsagePlans => apigateway::usage_plans(&clients.apigateway, id).await,
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
        LookupKind::SecretsManagerSecret => {
            secretsmanager::secret_metadata(&clients.secretsmanager, id, clock).await
        }
    }
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
