//! Lambda answers.

use super::de;
use crate::secrets::NamedValues;
use serde::Deserialize;

/// `lambda.function-configuration` (id: the function name), from `GetFunctionConfiguration`,
/// for items that do not carry the environment (the Config schema does not list it). The
/// variables' values are secrets-in-waiting: they are [`NamedValues`], whose `Debug` shows
/// names only, and they go only to the core's secret detector. Shape:
/// [`FunctionConfiguration::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FunctionConfiguration {
    /// `Environment`: null or absent when the function has none.
    #[serde(rename = "Environment")]
    pub environment: Option<Environment>,
    /// `KMSKeyArn`: absent unknown; null when the variables are encrypted with Lambda's AWS
    /// managed key.
    #[serde(rename = "KMSKeyArn", default, deserialize_with = "de::present")]
    pub kms_key_arn: Option<Option<String>>,
}

impl FunctionConfiguration {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Environment": {"Variables": {"LOG_LEVEL": "info", "TABLE_NAME": "orders"}}, "KMSKeyArn": null}"#;

    /// The environment variables (none when the answer has no environment).
    pub fn variables(&self) -> NamedValues {
        self.environment
            .as_ref()
            .and_then(|e| e.variables.clone())
            .unwrap_or_default()
    }
}

/// A function's environment.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Environment {
    /// `Variables`: name → value (a `null` value is left out).
    #[serde(rename = "Variables")]
    pub variables: Option<NamedValues>,
}

/// `lambda.function-url` (id: the function name), from `GetFunctionUrlConfig`. `AuthType` is
/// null when the function has no URL (and absent is unknown); `AllowOrigins` is null when the
/// URL has no CORS configuration. Shape: [`FunctionUrl::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionUrl {
    /// `AuthType`: `NONE` or `AWS_IAM`; null: no URL.
    #[serde(default, deserialize_with = "de::present")]
    pub auth_type: Option<Option<String>>,
    /// `FunctionUrl`.
    pub function_url: Option<String>,
    /// `AllowOrigins`.
    pub allow_origins: Option<Vec<String>>,
}

impl FunctionUrl {
    /// The documented shape (a function without a URL: `{"AuthType": null}`).
    pub const EXAMPLE: &'static str = r#"{"AuthType": "NONE", "FunctionUrl": "https://abcdefghij.lambda-url.eu-west-2.on.aws/", "AllowOrigins": ["https://shop.example.com"]}"#;
}

/// `lambda.policy` (id: the function name), from `GetPolicy`: the resource-based policy as JSON
/// text, null when the function has none (absent is unknown). Shape:
/// [`FunctionPolicy::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionPolicy {
    /// `Policy`.
    #[serde(default, deserialize_with = "de::present")]
    pub policy: Option<Option<String>>,
}

impl FunctionPolicy {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s3-invoke\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:eu-west-2:123456789012:function:orders-api\"}]}"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_examples_read() {
        let c: FunctionConfiguration =
            serde_json::from_str(FunctionConfiguration::EXAMPLE).unwrap();
        assert_eq!(
            c.variables().names().collect::<Vec<_>>(),
            ["LOG_LEVEL", "TABLE_NAME"]
        );
        assert_eq!(c.kms_key_arn, Some(None));
        let u: FunctionUrl = serde_json::from_str(FunctionUrl::EXAMPLE).unwrap();
        assert_eq!(u.auth_type, Some(Some("NONE".into())));
        assert_eq!(u.allow_origins.unwrap().len(), 1);
        let p: FunctionPolicy = serde_json::from_str(FunctionPolicy::EXAMPLE).unwrap();
        assert!(crate::policy::Document::parse_str(&p.policy.unwrap().unwrap()).is_ok());
    }

    #[test]
    fn absent_null_and_present_differ() {
        let c: FunctionConfiguration = serde_json::from_value(json!({})).unwrap();
        assert_eq!((c.environment, c.kms_key_arn), (None, None));
        let c: FunctionConfiguration =
            serde_json::from_value(json!({"Environment": {"Variables": null}})).unwrap();
        assert!(c.variables().is_empty());
        let u: FunctionUrl = serde_json::from_value(json!({"AuthType": null})).unwrap();
        assert_eq!(u.auth_type, Some(None));
        let u: FunctionUrl = serde_json::from_value(json!({})).unwrap();
        assert_eq!(u.auth_type, None);
        let p: FunctionPolicy = serde_json::from_value(json!({"Policy": null})).unwrap();
        assert_eq!(p.policy, Some(None));
    }

    #[test]
    fn variables_that_are_not_text_are_malformed_without_echoing_them() {
        let err = serde_json::from_value::<FunctionConfiguration>(
            json!({"Environment": {"Variables": {"PIN": 48151623}}}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("PIN"), "{err}");
        assert!(!err.contains("48151623"), "{err}");
    }
}
