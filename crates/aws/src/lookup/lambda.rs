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
/// the URL has no CORS configuration); `None` when Lambda says not found, which is also its
/// answer for no function at all: the dispatcher ([`super::lookup`]) confirms the function
/// exists before answering `{"AuthType": null}` (no URL). Needs `lambda:GetFunctionUrlConfig`
/// (and `lambda:GetFunctionConfiguration`).
pub async fn function_url(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Option<Value>, AwsError> {
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
    Ok(found.map(|out| {
        json!({
            "AuthType": out.auth_type().as_str(),
            "FunctionUrl": out.function_url(),
            "AllowOrigins": out.cors().map(|c| c.allow_origins().to_vec()),
        })
    }))
}

/// `lambda.policy`: `{"Policy": "<the resource policy document, as JSON text>"}` from
/// `GetPolicy`; `None` when Lambda says not found (no resource policy, or no function): the
/// dispatcher confirms the function exists before answering `{"Policy": null}`. (For the
/// policy-engine rules such as Lambda.1.) Needs `lambda:GetPolicy` (and
/// `lambda:GetFunctionConfiguration`).
pub async fn policy(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Option<Value>, AwsError> {
    let found = unless_missing(
        lambda.get_policy().function_name(function).send().await,
        |se| se.is_resource_not_found_exception(),
        Service::Lambda,
        "GetPolicy",
    )?;
    Ok(found.map(|out| json!({ "Policy": out.policy() })))
}
