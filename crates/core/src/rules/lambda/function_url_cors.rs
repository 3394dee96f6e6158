//! Vigil's own: Lambda function URLs should not allow every web origin.
//!
//! Beyond FSBP (Prowler: `awslambda_function_url_cors_policy`). A function URL whose CORS
//! configuration allows origin `*` lets any website's scripts call the function from a visitor's
//! browser and read the answer. The CORS configuration is in the `lambda.function-url` lookup's
//! answer (`AllowOrigins`). NOT_APPLICABLE without a URL or without CORS.

use super::function_url_key;
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The function-URL CORS rule.
pub struct FunctionUrlCors;

static META: RuleMeta = RuleMeta {
    id: "lambda-function-url-cors",
    title: "Lambda function URLs should not allow requests from every website (CORS origin *)",
    severity: Severity::Medium,
    resource_type: "AWS::Lambda::Function",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the function's URL has no CORS configuration, or its AllowOrigins does not contain *; functions without a URL are not applicable",
    rationale: "CORS decides which websites' scripts may call your function from a visitor's browser and read the response. Allowing every origin means any site a customer visits can call your function with that customer's browser and read what it returns.",
    remediation: "In the Lambda console choose the function, Configuration, Function URL, Edit, and under CORS replace * in Allow origin with your own site's address. CLI: aws lambda update-function-url-config --function-name <name> --cors AllowOrigins=https://www.example.com",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > Function URL > Edit > CORS > Allow origin: your own site's address > Save",
        command: r#"aws lambda update-function-url-config --region {region} --function-name {name} --cors "AllowOrigins=$ALLOWED_ORIGIN""#,
        caution: Some("Browsers on other origins can no longer read the URL's responses."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler awslambda_function_url_cors_policy)",
};

impl Rule for FunctionUrlCors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        lambda_function(resource)
            .and_then(function_url_key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let answer = match ctx
            .lookups
            .answer(function_url_key(f).as_ref(), "functionName")
        {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        if !matches!(answer.auth_type, Some(Some(_))) {
            return Verdict::not_applicable("the function has no function URL");
        }
        let Some(origins) = &answer.allow_origins else {
            return Verdict::not_applicable("the function URL has no CORS configuration");
        };
        if origins.iter().any(|o| o == "*") {
            Verdict::failed(
                "the function URL's CORS configuration allows every origin (*)",
                vec![Evidence::new("FunctionUrlConfig.Cors.AllowOrigins", "*")],
            )
        } else {
            Verdict::passed(format!("CORS allows {} named origin(s)", origins.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_with_lookups, zip};
    use serde_json::json;

    fn answered(answer: serde_json::Value) -> Verdict {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::LambdaFunctionUrl, "orders-api"),
            answer,
        )
        .unwrap();
        eval_with_lookups(&FunctionUrlCors, zip("python3.13"), &l)
    }

    #[test]
    fn a_wildcard_origin_fails_and_named_origins_pass() {
        assert!(matches!(
            answered(json!({"AuthType": "NONE", "AllowOrigins": ["*"]})),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            answered(json!({"AuthType": "AWS_IAM", "AllowOrigins": ["https://shop.example.com"]})),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn no_url_or_no_cors_is_not_applicable() {
        assert!(matches!(
            answered(json!({"AuthType": null})),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            answered(json!({"AuthType": "NONE", "AllowOrigins": null})),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(&FunctionUrlCors, zip("python3.13")),
            Verdict::undetermined(["lambda.function-url:orders-api"])
        );
    }
}
