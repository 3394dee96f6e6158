//! Vigil's own: Lambda function URLs should require authentication.
//!
//! Beyond FSBP (Prowler: `awslambda_function_url_public`). A function URL with `AuthType: NONE`
//! lets anyone on the internet invoke the function. The Config item does not carry the URL: the
//! rule asks for the `lambda.function-url` lookup (`GetFunctionUrlConfig`). NOT_APPLICABLE for
//! functions without a URL.

use super::function_url_key;
use crate::lookups::{LookupKey, LookupKind};
use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The function-URL rule.
pub struct FunctionUrlAuth;

static META: RuleMeta = RuleMeta {
    id: "lambda-function-url-auth",
    title: "Lambda function URLs should require AWS IAM authentication",
    severity: Severity::High,
    resource_type: "AWS::Lambda::Function",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the function has no function URL, or its URL's AuthType is AWS_IAM",
    rationale: "A function URL with authentication NONE is a public HTTPS endpoint: anyone who finds the address can call the function, read what it returns and make you pay for every call. If the function reads or changes customer data, that data is public too unless the code itself checks who is calling.",
    remediation: "If the URL must stay public, make sure the function checks a signature or token on every request; otherwise in the Lambda console choose the function, Configuration, Function URL, Edit, and set Auth type to AWS_IAM (or delete the URL and put API Gateway with an authorizer in front). CLI: aws lambda update-function-url-config --function-name <name> --auth-type AWS_IAM",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > Function URL > Edit > Auth type: AWS_IAM > Save",
        command: "aws lambda update-function-url-config --region {region} --function-name {name} --auth-type AWS_IAM",
        caution: Some("Callers that do not sign their requests with SigV4 get 403 errors; a public web hook needs its own signature check instead."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler awslambda_function_url_public)",
};

impl Rule for FunctionUrlAuth {
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
        match answer.auth_type.as_ref().map(Option::as_deref) {
            Some(None) => Verdict::not_applicable("the function has no function URL"),
            Some(Some("NONE")) => Verdict::failed(
                "the function URL lets anyone on the internet invoke the function (AuthType NONE)",
                vec![Evidence::new("FunctionUrlConfig.AuthType", "NONE")],
            ),
            Some(Some(auth)) => {
                Verdict::passed(format!("the function URL requires {auth} authentication"))
            }
            None => Verdict::undetermined([format!(
                "{}:{} (no AuthType in the answer)",
                LookupKind::LambdaFunctionUrl,
                f.function_name.get().map_or("?", String::as_str)
            )]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_with_lookups, zip};
    use serde_json::json;

    fn answered(auth: serde_json::Value) -> Lookups {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::LambdaFunctionUrl, "orders-api"),
            json!({"AuthType": auth}),
        )
        .unwrap();
        l
    }

    #[test]
    fn a_public_url_fails_and_an_iam_url_passes() {
        assert!(matches!(
            eval_with_lookups(
                &FunctionUrlAuth,
                zip("python3.13"),
                &answered(json!("NONE"))
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_with_lookups(
                &FunctionUrlAuth,
                zip("python3.13"),
                &answered(json!("AWS_IAM"))
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn no_url_is_not_applicable() {
        assert!(matches!(
            eval_with_lookups(&FunctionUrlAuth, zip("python3.13"), &answered(json!(null))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn a_malformed_answer_is_no_answer() {
        let mut l = Lookups::none();
        let key = LookupKey::new(LookupKind::LambdaFunctionUrl, "orders-api");
        assert!(l.insert_json(key, json!({"AuthType": 5})).is_err());
        assert_eq!(
            eval_with_lookups(&FunctionUrlAuth, zip("python3.13"), &l),
            Verdict::undetermined(["lambda.function-url:orders-api"])
        );
    }

    #[test]
    fn an_answer_without_auth_type_is_undetermined() {
        let mut l = Lookups::none();
        l.insert_json(
            LookupKey::new(LookupKind::LambdaFunctionUrl, "orders-api"),
            json!({}),
        )
        .unwrap();
        assert_eq!(
            eval_with_lookups(&FunctionUrlAuth, zip("python3.13"), &l),
            Verdict::undetermined(["lambda.function-url:orders-api (no AuthType in the answer)"])
        );
    }

    #[test]
    fn without_an_answer_it_is_undetermined() {
        assert_eq!(
            eval(&FunctionUrlAuth, zip("python3.13")),
            Verdict::undetermined(["lambda.function-url:orders-api"])
        );
    }
}
