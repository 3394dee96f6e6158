//! Lambda list adapter: functions.
//!
//! **Secrets:** `ListFunctions` returns each function's environment variables. They go into the
//! description in memory only, straight to the core's parser and its secret detector; a
//! [`Description`]'s `Debug` never prints its configuration, and nothing here logs it.

use super::{described, Description};
use crate::error::{AwsError, Service};
use serde_json::{json, Map, Value};
use vigil_core::resource::ResourceType;

/// Every function (`ListFunctions`: `$LATEST` of each), in the AWS Config schema's names,
/// named by its name as AWS Config does, with its environment (`environment.variables`, the
/// Lambda API's shape) so the secret rules need no lookup. An environment Lambda could not
/// decrypt for the caller (`environment.error`) is left out: unknown, not empty.
pub async fn functions(lambda: &aws_sdk_lambda::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = lambda
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Lambda, "ListFunctions", e))?;
    all.iter()
        .map(|f| {
            let (Some(name), Some(arn)) = (f.function_name(), f.function_arn()) else {
                return Err(AwsError::Config(
                    "ListFunctions returned a function without its name or ARN".into(),
                ));
            };
            let mut c = json!({
                "functionName": name,
                "functionArn": arn,
                "runtime": f.runtime().map(|r| r.as_str()),
                "packageType": f.package_type().map(|p| p.as_str()),
                "timeout": f.timeout(),
                "kmskeyArn": f.kms_key_arn(),
                "vpcConfig": f.vpc_config().map(|v| json!({"subnetIds": v.subnet_ids()})),
            });
            match f.environment() {
                Some(env) if env.error().is_some() => {}
                Some(env) => {
                    let vars: Map<String, Value> = env
                        .variables()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect();
                    c["environment"] = json!({"variables": vars});
                }
                None => c["environment"] = json!({}),
            }
            Ok(described(
                ResourceType::LAMBDA_FUNCTION,
                name,
                Some(name),
                arn,
                c,
                "ListFunctions",
            ))
        })
        .collect()
}
