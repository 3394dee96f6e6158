//! FSBP Lambda.2 — Lambda functions should use supported runtimes.
//!
//! Source: AWS Security Hub user guide, AWS Lambda controls, [Lambda.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2>), AWS
//! Config rule `lambda-function-settings-check` with the `runtime` parameter set to the runtimes
//! Lambda supports. FAILED when the function's runtime is deprecated; container-image functions
//! (no runtime) and OS-only runtimes (`provided`, `provided.al2`, `provided.al2023`, which the
//! Config rule does not evaluate) are NOT_APPLICABLE; a runtime identifier that is not in
//! [`RUNTIMES`] is undetermined (a new runtime is not a failure).
//!
//! [`RUNTIMES`] is dated data ([`RUNTIMES_AS_OF`], [`RUNTIMES_SOURCE`]): each language runtime with
//! its deprecation date from Lambda's runtime table, so a runtime fails from the day Lambda
//! deprecates it, judged at the observation time ([`Context::now`]). The core has no clock, so
//! new runtimes and moved dates arrive with a release: review the table when Lambda changes it.

use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;
use chrono::NaiveDate;

/// When [`RUNTIMES`] was last reviewed.
pub const RUNTIMES_AS_OF: &str = "2026-12-06";

/// Where [`RUNTIMES`] comes from.
pub const RUNTIMES_SOURCE: &str = "Lambda runtimes table (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html) and the Java runtimes table in the Lambda developer guide, as quoted by endoflife.date/aws-lambda and tflint-ruleset-aws's deprecated-runtime rule; Vigil's previous list (checked 2026-11-23) for java8.al2, java11, java17 and python3.11";

/// When a runtime is deprecated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deprecation {
    /// Lambda deprecates (or deprecated) the runtime on this date (`YYYY-MM-DD`).
    On(&'static str),
    /// Supported as of [`RUNTIMES_AS_OF`]; the sources read do not agree on a date.
    NotBefore,
}

/// OS-only runtimes: the Config rule does not evaluate them.
pub const OS_ONLY_RUNTIMES: &[&str] = &["provided", "provided.al2", "provided.al2023"];

/// Every language runtime identifier Lambda has had, with its deprecation.
pub const RUNTIMES: &[(&str, Deprecation)] = &[
    ("nodejs24.x", Deprecation::On("2028-04-30")),
    ("nodejs22.x", Deprecation::On("2027-04-30")),
    ("nodejs20.x", Deprecation::On("2026-04-30")),
    ("nodejs18.x", Deprecation::On("2025-09-01")),
    ("nodejs16.x", Deprecation::On("2024-06-12")),
    ("nodejs14.x", Deprecation::On("2023-12-04")),
    ("nodejs12.x", Deprecation::On("2023-03-31")),
    ("nodejs10.x", Deprecation::On("2021-07-30")),
    ("nodejs8.10", Deprecation::On("2020-03-06")),
    ("nodejs6.10", Deprecation::On("2019-08-12")),
    ("nodejs4.3", Deprecation::On("2020-03-06")),
    ("nodejs4.3-edge", Deprecation::On("2019-04-30")),
    ("nodejs", Deprecation::On("2016-10-31")),
    ("python3.14", Deprecation::On("2029-06-30")),
    ("python3.13", Deprecation::On("2029-06-30")),
    ("python3.12", Deprecation::On("2028-10-31")),
    ("python3.11", Deprecation::NotBefore),
    ("python3.10", Deprecation::On("2026-06-30")),
    ("python3.9", Deprecation::On("2025-12-15")),
    ("python3.8", Deprecation::On("2024-10-14")),
    ("python3.7", Deprecation::On("2023-12-04")),
    ("python3.6", Deprecation::On("2022-07-18")),
    ("python2.7", Deprecation::On("2021-07-15")),
    ("java25", Deprecation::On("2029-06-30")),
    ("java21", Deprecation::On("2029-06-30")),
    ("java17", Deprecation::NotBefore),
    ("java11", Deprecation::NotBefore),
    ("java8.al2", Deprecation::NotBefore),
    ("java8", Deprecation::On("2024-01-08")),
    ("dotnet10", Deprecation::On("2028-11-14")),
    ("dotnet8", Deprecation::On("2026-11-10")),
    ("dotnet7", Deprecation::On("2024-05-14")),
    ("dotnet6", Deprecation::On("2024-11-12")),
    ("dotnet5.0", Deprecation::On("2022-05-10")),
    ("dotnetcore3.1", Deprecation::On("2023-04-03")),
    ("dotnetcore2.1", Deprecation::On("2022-01-05")),
    ("dotnetcore2.0", Deprecation::On("2019-05-30")),
    ("dotnetcore1.0", Deprecation::On("2019-07-30")),
    ("ruby3.4", Deprecation::On("2028-03-31")),
    ("ruby3.3", Deprecation::On("2027-03-31")),
    ("ruby3.2", Deprecation::On("2026-03-31")),
    ("ruby2.7", Deprecation::On("2023-11-27")),
    ("ruby2.5", Deprecation::On("2021-07-30")),
    ("go1.x", Deprecation::On("2024-01-08")),
];

/// The deprecation of a language runtime, or `None` for an identifier [`RUNTIMES`] does not know.
pub fn deprecation(runtime: &str) -> Option<Deprecation> {
    RUNTIMES
        .iter()
        .find(|(id, _)| *id == runtime)
        .map(|(_, d)| *d)
}

/// Lambda.2.
pub struct SupportedRuntime;

static META: RuleMeta = RuleMeta {
    id: "lambda-supported-runtime",
    title: "Lambda functions should use a runtime that still gets security updates",
    severity: Severity::Medium,
    resource_type: "AWS::Lambda::Function",
    controls: &["Lambda.2"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::SecurityUpdateManagement),
    passes_when: "the function's language runtime is not past its Lambda deprecation date (dated data in the rule); container-image functions and OS-only runtimes (provided.*) are not applicable; an unknown runtime identifier is undetermined",
    rationale: "When Lambda deprecates a runtime, its language version and operating system stop getting security patches, while your function keeps running on them. Known vulnerabilities then stay open in code that handles your customers' requests and data.",
    remediation: "Upgrade the function's code to a current language version (for example Python 3.13 or Node.js 22), test it, then in the Lambda console choose the function, Code, Runtime settings, Edit, and pick the new runtime. CLI: aws lambda update-function-configuration --function-name <name> --runtime python3.13",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Code > Runtime settings > Edit > Runtime: a supported version > Save",
        command: r#"aws lambda update-function-configuration --region {region} --function-name {name} --runtime "$RUNTIME""#,
        caution: Some("Upgrade and test the code for the new language version first: the function runs the same code on the new runtime at once."),
        inputs: &[],
    }),
    source: "FSBP Lambda.2 (AWS Config rule lambda-function-settings-check, runtime parameter = Lambda's supported runtimes)",
};

impl Rule for SupportedRuntime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let runtime = match f.runtime.get() {
            None => return Verdict::undetermined(["runtime"]),
            Some(None) => {
                return Verdict::not_applicable(
                    "container-image functions have no Lambda-managed runtime",
                )
            }
            Some(Some(runtime)) => runtime.as_str(),
        };
        if OS_ONLY_RUNTIMES.contains(&runtime) {
            return Verdict::not_applicable(format!(
                "{runtime} is an OS-only runtime, which the Config rule does not evaluate"
            ));
        }
        match deprecation(runtime) {
            None => Verdict::undetermined([format!(
                "whether {runtime} is supported (not in Vigil's runtime list as of {RUNTIMES_AS_OF})"
            )]),
            Some(Deprecation::NotBefore) => Verdict::passed(format!(
                "{runtime} is a supported runtime (as of {RUNTIMES_AS_OF})"
            )),
            Some(Deprecation::On(date)) => {
                let now = match ctx.now() {
                    Ok(now) => now.date_naive(),
                    Err(undetermined) => return undetermined,
                };
                // The table's dates are literals checked by `every_date_parses`.
                let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                    return Verdict::undetermined([format!("the deprecation date of {runtime}")]);
                };
                if now < day {
                    Verdict::passed(format!(
                        "{runtime} is supported until its deprecation on {date}"
                    ))
                } else {
                    Verdict::failed(
                        format!("{runtime} was deprecated by Lambda on {date}"),
                        vec![Evidence::new("runtime", runtime)],
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lambda::test_support::{eval, function, zip};
    use crate::rules::test_support::eval_at;
    use serde_json::json;

    const TODAY: &str = "2026-12-06T09:00:00Z";

    fn at(runtime: &str, time: &str) -> Verdict {
        eval_at(&SupportedRuntime, &function(zip(runtime)), time)
    }

    #[test]
    fn every_date_parses_and_ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (id, d) in RUNTIMES {
            assert!(seen.insert(id), "{id} twice");
            if let Deprecation::On(date) = d {
                assert!(
                    NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
                    "{id}: {date}"
                );
            }
        }
    }

    #[test]
    fn a_deprecated_runtime_fails() {
        for old in [
            "python3.7",
            "nodejs16.x",
            "go1.x",
            "dotnet6",
            "python3.9",
            "nodejs18.x",
        ] {
            assert!(matches!(at(old, TODAY), Verdict::Failed { .. }), "{old}");
        }
    }

    #[test]
    fn a_runtime_fails_from_its_deprecation_day() {
        assert!(matches!(
            at("nodejs20.x", "2026-04-29T23:59:59Z"),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            at("nodejs20.x", "2026-04-30T00:00:00Z"),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_current_runtime_passes() {
        for current in ["python3.13", "nodejs22.x", "java21", "ruby3.4"] {
            assert!(
                matches!(at(current, TODAY), Verdict::Passed { .. }),
                "{current}"
            );
        }
    }

    #[test]
    fn java8_al2_is_a_known_supported_runtime() {
        assert!(matches!(at("java8.al2", TODAY), Verdict::Passed { .. }));
    }

    #[test]
    fn os_only_runtimes_are_not_applicable() {
        for os in ["provided", "provided.al2", "provided.al2023"] {
            assert!(
                matches!(at(os, TODAY), Verdict::NotApplicable { .. }),
                "{os}"
            );
        }
    }

    #[test]
    fn an_unknown_runtime_is_undetermined_not_failed() {
        let v = at("python4.0", TODAY);
        let Verdict::Undetermined { missing } = v else {
            panic!("{v:?}")
        };
        assert!(missing[0].contains("python4.0"), "{missing:?}");
    }

    #[test]
    fn without_an_observation_time_a_dated_runtime_is_undetermined() {
        assert_eq!(
            eval(&SupportedRuntime, zip("python3.13")),
            Verdict::undetermined(["the observation time"])
        );
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
    fn a_partial_item_is_undetermined() {
        assert_eq!(
            eval(&SupportedRuntime, json!({"functionName": "f"})),
            Verdict::undetermined(["runtime"])
        );
    }
}
