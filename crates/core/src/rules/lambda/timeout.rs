//! Vigil's own: Lambda timeouts should not exceed a limit (denial of wallet).
//!
//! Beyond FSBP. A function that can run for up to 15 minutes multiplies the bill of every abusive
//! or stuck request; the limit is [`Settings::lambda_timeout_max_seconds`](crate::settings::Settings)
//! (default 300 s).

use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The timeout rule.
pub struct Timeout;

static META: RuleMeta = RuleMeta {
    id: "lambda-timeout-limit",
    title: "Lambda functions should not run longer than the configured limit (default 5 minutes)",
    severity: Severity::Low,
    resource_type: "AWS::Lambda::Function",
    controls: &[],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "timeout is at most lambda_timeout_max_seconds (default 300)",
    rationale: "You pay for every second a function runs. A public endpoint in front of a function with a long timeout lets anyone who floods it with slow requests run up your bill ('denial of wallet') and exhaust the concurrency your real customers need.",
    remediation: "Measure how long the function really needs (CloudWatch metric Duration), then in the Lambda console choose the function, Configuration, General configuration, Edit, and lower Timeout. CLI: aws lambda update-function-configuration --function-name <name> --timeout 30",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > General configuration > Edit > Timeout: what the function really needs > Save",
        command: r#"aws lambda update-function-configuration --region {region} --function-name {name} --timeout "$TIMEOUT_SECONDS""#,
        caution: Some("Check the Duration metric first: invocations longer than the new timeout fail."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (denial-of-wallet hardening)",
};

impl Rule for Timeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let limit = ctx.settings.lambda_timeout_max_seconds;
        match f.timeout.get() {
            None => Verdict::undetermined(["timeout"]),
            Some(&t) if t > limit => Verdict::failed(
                format!("the timeout is {t} seconds, above the limit of {limit}"),
                vec![Evidence::new("timeout", t)],
            ),
            Some(t) => Verdict::passed(format!("the timeout is {t} seconds (limit {limit})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_full, zip};
    use crate::settings::Settings;
    use serde_json::json;

    #[test]
    fn long_timeouts_fail_and_the_limit_passes() {
        let mut c = zip("python3.13");
        c["timeout"] = json!(900);
        assert!(matches!(eval(&Timeout, c.clone()), Verdict::Failed { .. }));
        c["timeout"] = json!(300);
        assert!(matches!(eval(&Timeout, c.clone()), Verdict::Passed { .. }));
        let strict = Settings {
            lambda_timeout_max_seconds: 60,
            ..Settings::default()
        };
        assert!(matches!(
            eval_full(&Timeout, c, &strict, &Lookups::none()),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn an_unknown_timeout_is_undetermined() {
        assert_eq!(
            eval(&Timeout, json!({"functionName": "f"})),
            Verdict::undetermined(["timeout"])
        );
    }
}
