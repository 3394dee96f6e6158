//! Vigil's own: Lambda environment variables should be encrypted with a customer-managed key.
//!
//! Beyond FSBP (Prowler: `awslambda_function_env_vars_not_encrypted_with_cmk`, retired in newer
//! Prowler releases). Lambda always encrypts environment variables at rest, with an AWS-managed
//! key unless `kmskeyArn` names a customer-managed one; only the latter lets you restrict and
//! audit who can decrypt them. NOT_APPLICABLE for functions without variables.

use super::{environment, environment_lookup};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The environment-CMK rule.
pub struct EnvironmentCmk;

static META: RuleMeta = RuleMeta {
    id: "lambda-environment-cmk",
    title: "Lambda environment variables should be encrypted with your own KMS key",
    severity: Severity::Low,
    resource_type: "AWS::Lambda::Function",
    controls: &[],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "the function has no environment variables, or kmskeyArn names a customer-managed KMS key",
    rationale: "With Lambda's default key anyone allowed to read the function's configuration sees the variables decrypted. A key of your own lets you decide, and see in CloudTrail, who can decrypt them: encryption you control is what UK GDPR names as an appropriate measure.",
    remediation: "Create or pick a customer-managed KMS key, then in the Lambda console choose the function, Configuration, Environment variables, Edit, Encryption configuration, and select the key. CLI: aws lambda update-function-configuration --function-name <name> --kms-key-arn <key-arn>",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > Environment variables > Edit > Encryption configuration > Use a customer master key > Save",
        command: r#"aws lambda update-function-configuration --region {region} --function-name {name} --kms-key-arn "$KMS_KEY_ARN""#,
        caution: Some("The function's role needs kms:Decrypt on the key, or the function fails to start; KMS requests are charged."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler awslambda_function_env_vars_not_encrypted_with_cmk)",
};

impl Rule for EnvironmentCmk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        lambda_function(resource)
            .map(environment_lookup)
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let (env, looked_up_key) = match environment(f, ctx) {
            Ok(found) => found,
            Err(undetermined) => return undetermined,
        };
        if env.is_empty() {
            return Verdict::not_applicable("the function has no environment variables");
        }
        let key = match (f.kms_key_arn.get(), looked_up_key) {
            (Some(key), _) => key.clone(),
            (None, Some(key)) => key,
            (None, None) => return Verdict::undetermined(["kmskeyArn"]),
        };
        match key {
            Some(arn) => Verdict::passed(format!("environment variables are encrypted with {arn}")),
            None => Verdict::failed(
                format!(
                    "{} environment variable(s) are encrypted only with Lambda's AWS-managed key",
                    env.len()
                ),
                vec![Evidence::new("kmskeyArn", "none (AWS-managed key)")],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lambda::test_support::{eval, zip};
    use serde_json::json;

    fn with(vars: serde_json::Value, key: Option<&str>) -> serde_json::Value {
        let mut c = zip("python3.13");
        c["environment"] = json!({"variables": vars});
        if let Some(k) = key {
            c["kmskeyArn"] = json!(k);
        }
        c
    }

    #[test]
    fn variables_without_a_key_fail_and_with_one_pass() {
        assert!(matches!(
            eval(&EnvironmentCmk, with(json!({"A": "1"}), None)),
            Verdict::Failed { .. }
        ));
        let key = "arn:aws:kms:eu-west-2:123456789012:key/8f2b5e1c-3d4a-4b6e-9f0a-1c2d3e4f5a6b";
        assert!(matches!(
            eval(&EnvironmentCmk, with(json!({"A": "1"}), Some(key))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn no_variables_is_not_applicable() {
        assert!(matches!(
            eval(&EnvironmentCmk, with(json!({}), None)),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn an_unknown_environment_is_undetermined() {
        assert!(matches!(
            eval(&EnvironmentCmk, zip("python3.13")),
            Verdict::Undetermined { .. }
        ));
    }
}
