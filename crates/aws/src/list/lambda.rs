//! Lambda list adapter: functions.
//!
//! **Secrets:** `ListFunctions` returns each function's environment variables. They go into the
//! description in memory only, straight to the core's parser and its secret detector; a
//! [`Description`]'s `Debug` never prints its configuration, and nothing here logs it.

use super::{described, Description};
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_lambda::types::FunctionConfiguration;
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
        .map(|f| function_description(f, "ListFunctions"))
        .collect()
}

/// One function by name or ARN (`GetFunctionConfiguration`: its `$LATEST` configuration, the
/// fields `ListFunctions` gives), or `None` when Lambda has no such function: the describe
/// adapter of `AWS::Lambda::Function`. The answer is read as the listing's entry, so both are
/// shaped by [`function_description`].
pub async fn function(
    lambda: &aws_sdk_lambda::Client,
    name: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        lambda
            .get_function_configuration()
            .function_name(name)
            .send()
            .await,
        |e| e.is_resource_not_found_exception(),
        Service::Lambda,
        "GetFunctionConfiguration",
    )?;
    let Some(f) = found else {
        return Ok(None);
    };
    let entry = FunctionConfiguration::builder()
        .set_function_name(f.function_name)
        .set_function_arn(f.function_arn)
        .set_runtime(f.runtime)
        .set_package_type(f.package_type)
        .set_timeout(f.timeout)
        .set_kms_key_arn(f.kms_key_arn)
        .set_vpc_config(f.vpc_config)
        .set_environment(f.environment)
        .build();
    function_description(&entry, "GetFunctionConfiguration").map(Some)
}

/// One function's configuration in the AWS Config schema's names, named by its name as AWS
/// Config does, with its environment (see [`functions`]).
fn function_description(
    f: &FunctionConfiguration,
    operation: &'static str,
) -> Result<Description, AwsError> {
    let (Some(name), Some(arn)) = (f.function_name(), f.function_arn()) else {
        return Err(AwsError::Config(format!(
            "{operation} returned a function without its name or ARN"
        )));
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
        operation,
    ))
}
