//! FSBP Lambda.2 — Lambda functions should use supported runtimes.
//!
//! Source: AWS Security Hub user guide, AWS Lambda controls, [Lambda.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2>), AWS
//! Config rule `lambda-function-settings-check` with the `runtime` parameter set to the runtimes
//! Lambda supports. FAILED when the function's runtime is not in [`SUPPORTED_RUNTIMES`];
//! container-image functions (no runtime) are NOT_APPLICABLE, as in FSBP.
//!
//! The list is data with the date it was checked ([`SUPPORTED_RUNTIMES_AS_OF`]) against the
//! Lambda developer guide's runtime table (<https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html>):
//! runtimes past their deprecation date are left out. The core has no clock, so the list changes
//! only with a release: review it when Lambda deprecates a runtime.

use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// When [`SUPPORTED_RUNTIMES`] was last checked against Lambda's runtime table.
pub const SUPPORTED_RUNTIMES_AS_OF: &str = "2026-11-23";

/// Runtime identifiers Lambda supports (not deprecated) as of [`SUPPORTED_RUNTIMES_AS_OF`].
pub const SUPPORTED_RUNTIMES: &[&str] = &[
    "nodejs24.x",
    "nodejs22.x",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "java25",
    "java21",
    "java17",
    "java11",
    "dotnet10",
    "ruby3.4",
    "ruby3.3",
    "provided.al2023",
];

/// Lambda.2.
pub struct SupportedRuntime;

static META: RuleMeta = RuleMeta {
    id: "lambda-supported-runtime",
    title: "Lambda functions should use a runtime that still gets security updates",
    severity: Severity::Medium,
    resource_type: "AWS::Lambda::Function",
    controls: &["Lambda.2"],
    gdpr: &["Art. 32(1)(b)"],
    passes_when: "the function's runtime is in Vigil's list of runtimes Lambda supports (dated data in the rule); container-image functions are not applicable",
    rationale: "When Lambda deprecates a runtime, its language version and operating system stop getting security patches, while your function keeps running on them. Known vulnerabilities then stay open in code that handles your customers' requests and data.",
    remediation: "Upgrade the function's code to a current language version (for example Python 3.13 or Node.js 22), test it, then in the Lambda console choose the function, Code, Runtime settings, Edit, and pick the new runtime. CLI: aws lambda update-function-configuration --function-name <name> --runtime python3.13",
    source: "FSBP Lambda.2 (AWS Config rule lambda-function-settings-check, runtime parameter = Lambda's supported runtimes)",
};

impl Rule for SupportedRuntime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        match f.runtime.get() {
            None => Verdict::undetermined(["runtime"]),
            Some(None) => Verdict::not_applicable("container-image functions have no Lambda-managed runtime"),
            Some(Some(runtime)) if SUPPORTED_RUNTIMES.contains(&runtime.as_str()) => {
                Verdict::passed(format!("{runtime} is a supported runtime (as of {SUPPORTED_RUNTIMES_AS_OF})"))
            }
            Some(Some(runtime)) => Verdict::failed(
                format!("{runtime} is not a supported Lambda runtime (as of {SUPPORTED_RUNTIMES_AS_OF})"),
                vec![Evidence::new("runtime", runtime)],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lambda::test_support::{eval, zip};
    use serde_json::json;

    #[test]
    fn a_deprecated_runtime_fails() {
        for old in ["python3.7", "nodejs16.x", "go1.x", "dotnet6"] {
            assert!(
                matches!(eval(&SupportedRuntime, zip(old)), Verdict::Failed { .. }),
                "{old}"
            );
        }
    }

    #[test]
    fn a_current_runtime_passes() {
        assert!(matches!(
            eval(&SupportedRuntime, zip("python3.13")),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&SupportedRuntime, zip("provided.al2023")),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn container_images_are_not_applicable() {
        let v = eval(
            &SupportedRuntime,
            json!({"functionName": "img", "packageType": "Image"}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }));
    }

    #[test]
    fn an_unknown_runtime_is_undetermined() {
        assert_eq!(
            eval(&SupportedRuntime, json!({"functionName": "f"})),
            Verdict::undetermined(["runtime"])
        );
    }
}
