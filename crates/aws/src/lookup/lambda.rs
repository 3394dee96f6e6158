//! Lambda lookups: a function's configuration (`lambda.function-configuration`), its URL
//! (`lambda.function-url`) and its resource policy (`lambda.policy`); each id is the function
//! name.

use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};

/// `lambda.function-configuration`: `{"Environment": {"Variables": {..}} | null, "KMSKeyArn":
/// "arn…" | null}` from `GetFunctionConfiguration`. The variables' values are secrets-in-waiting:
/// they go only to the core's secret detector, and nothing here logs or formats them. Needs
/// `lambda:GetFunctionConfiguration`.
pub async fn function_configuration(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    let out = lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Lambda, "GetFunctionConfiguration", e))?;
    let environment = out
        .environment()
        .map(|env| json!({ "Variables": env.variables().cloned().unwrap_or_default() }));
    Ok(json!({ "Environment": environment, "KMSKeyArn": out.kms_key_arn() }))
}

/// `lambda.function-url`: `{"AuthType": "NONE" | "AWS_IAM", "FunctionUrl": "https://…",
/// "AllowOrigins": ["https://…"] | null}` from `GetFunctionUrlConfig` (`AllowOrigins` null when
/// the URL has no CORS configuration), or `{"AuthType": null}` when the function has no URL.
/// Needs `lambda:GetFunctionUrlConfig` (and `lambda:GetFunctionConfiguration`).
pub async fn function_url(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    let found = unless_missing(
        lambda
            .get_function_url_config()
            .function_name(function)
            .send()
            .await,
        |se| se.is_resource_not_found_exception(),
        Service::Lambda,
        "GetFunctionUrlConfig",
    )?;
    match found {
        Some(out) => Ok(json!({
            "AuthType": out.auth_type().as_str(),
            "FunctionUrl": out.function_url(),
            "AllowOrigins": out.cors().map(|c| c.allow_origins().to_vec()),
        })),
        None => {
            // Lambda says "not found" both for a function without a URL and for no function.
            function_exists(lambda, function).await?;
            Ok(json!({ "AuthType": null }))
        }
    }
}

/// `lambda.policy`: `{"Policy": "<the resource policy document, as JSON text>"}` from
/// `GetPolicy`, or `{"Policy": null}` when the function has no resource policy. (For the
/// policy-engine rules such as Lambda.1.) Needs `lambda:GetPolicy` (and
/// `lambda:GetFunctionConfiguration`).
pub async fn policy(lambda: &aws_sdk_lambda::Client, function: &str) -> Result<Value, AwsError> {
    let found = unless_missing(
        lambda.get_policy().function_name(function).send().await,
        |se| se.is_resource_not_found_exception(),
        Service::Lambda,
        "GetPolicy",
    )?;
    match found {
        Some(out) => Ok(json!({ "Policy": out.policy() })),
        None => {
            function_exists(lambda, function).await?;
            Ok(json!({ "Policy": null }))
        }
    }
}

/// Ok when the function exists (an error, and so no answer, when it does not).
async fn function_exists(lambda: &aws_sdk_lambda::Client, function: &str) -> Result<(), AwsError> {
    lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| AwsError::call(Service::Lambda, "GetFunctionConfiguration", e))
}
