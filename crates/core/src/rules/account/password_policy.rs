//! FSBP IAM.7 — Password policies for IAM users should have strong configurations.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.7]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7>):
//! resource `AWS::::Account`, periodic, AWS Config rule `iam-password-policy`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/iam-password-policy.html>: "checks
//! if the account password policy for IAM users meets the specified requirements indicated in
//! the parameters"; NON_COMPLIANT when the default IAM password policy is used, that is when
//! the account has none). Security Hub's parameters and defaults ([`DEFAULTS`]):
//! `RequireUppercaseCharacters`, `RequireLowercaseCharacters`, `RequireSymbols` and
//! `RequireNumbers` true, `MinimumPasswordLength` 8; `PasswordReusePrevention` (12 to 24) and
//! `MaxPasswordAge` (1 to 90) have no default, so Security Hub ignores reuse and age unless they
//! are set. Vigil evaluates the defaults; the parameters are a [`Parameters`] value so that a
//! setting can supply custom ones.
//!
//! FAILED when the account has no password policy or the policy misses any requirement (all
//! misses are named); PASSED when it meets all; undetermined when the policy was not read or a
//! member needed is unknown.

use super::account;
use crate::fact::Fact;
use crate::resource::Resource;
use crate::resources::account::PasswordPolicy;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.7's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameters {
    /// `RequireUppercaseCharacters`.
    pub require_uppercase: bool,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase: bool,
    /// `RequireSymbols`.
    pub require_symbols: bool,
    /// `RequireNumbers`.
    pub require_numbers: bool,
    /// `MinimumPasswordLength`: the policy's minimum must be at least this.
    pub minimum_length: i64,
    /// `PasswordReusePrevention`: when set, the policy must prevent reusing at least this many.
    pub reuse_prevention: Option<i64>,
    /// `MaxPasswordAge`: when set, passwords must expire within this many days.
    pub max_age: Option<i64>,
}

/// Security Hub's defaults for IAM.7.
pub const DEFAULTS: Parameters = Parameters {
    require_uppercase: true,
    require_lowercase: true,
    require_symbols: true,
    require_numbers: true,
    minimum_length: 8,
    reuse_prevention: None,
    max_age: None,
};

/// IAM.7.
pub struct Iam7;

static META: RuleMeta = RuleMeta {
    id: "iam-password-policy-strong",
    title: "The account's IAM password policy should be strong",
    severity: Severity::Medium,
    resource_type: "AWS::::Account",
    controls: &["IAM.7"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "a password policy exists requiring upper- and lowercase letters, symbols and numbers, with a minimum length of at least 8 (Security Hub's defaults)",
    rationale: "Without a policy, IAM users may set short, simple passwords that are guessed or sprayed in minutes, and each of those users can reach whatever personal data their permissions allow.",
    remediation: "Set an account password policy that requires uppercase and lowercase letters, numbers and symbols and a minimum length of at least 8 (14 is better). Console: IAM > Account settings > Password policy > Edit.",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Account settings > Password policy > Edit > Custom: minimum length 14, require uppercase, lowercase, numbers and non-alphanumeric characters > Save changes",
        command: "aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --allow-users-to-change-password",
        caution: Some("The call replaces the whole policy: options left out (reuse prevention, expiry) return to IAM's defaults. Existing passwords keep working until they are next changed."),
        inputs: &[],
    }),
    source: "FSBP IAM.7 (AWS Config rule iam-password-policy, Security Hub's default parameters)",
};

/// IAM.7 over a known policy with the given parameters.
pub fn judge(policy: &PasswordPolicy, params: &Parameters) -> Verdict {
    let mut misses = Vec::new();
    let mut unknown = Vec::new();
    let flags = [
        (
            params.require_uppercase,
            &policy.require_uppercase,
            "RequireUppercaseCharacters",
        ),
        (
            params.require_lowercase,
            &policy.require_lowercase,
            "RequireLowercaseCharacters",
        ),
        (
            params.require_symbols,
            &policy.require_symbols,
            "RequireSymbols",
        ),
        (
            params.require_numbers,
            &policy.require_numbers,
            "RequireNumbers",
        ),
    ];
    for (required, fact, name) in flags {
        if !required {
            continue;
        }
        match fact.get() {
            Some(true) => {}
            Some(false) => misses.push(Evidence::new(format!("PasswordPolicy.{name}"), false)),
            None => unknown.push(format!("PasswordPolicy.{name}")),
        }
    }
    match policy.minimum_length.get() {
        Some(n) if *n >= params.minimum_length => {}
        Some(n) => misses.push(Evidence::new("PasswordPolicy.MinimumPasswordLength", n)),
        None => unknown.push("PasswordPolicy.MinimumPasswordLength".to_string()),
    }
    if let Some(want) = params.reuse_prevention {
        match &policy.reuse_prevention {
            Fact::Known(Some(n)) if *n >= want => {}
            Fact::Known(n) => misses.push(Evidence::new(
                "PasswordPolicy.PasswordReusePrevention",
                n.map_or("not set".to_string(), |n| n.to_string()),
            )),
            Fact::Unknown => unknown.push("PasswordPolicy.PasswordReusePrevention".to_string()),
        }
    }
    if let Some(want) = params.max_age {
        match &policy.max_age {
            Fact::Known(Some(n)) if *n >= 1 && *n <= want => {}
            Fact::Known(n) => misses.push(Evidence::new(
                "PasswordPolicy.MaxPasswordAge",
                n.map_or("not set".to_string(), |n| n.to_string()),
            )),
            Fact::Unknown => unknown.push("PasswordPolicy.MaxPasswordAge".to_string()),
        }
    }
    if !misses.is_empty() {
        let names: Vec<&str> = misses.iter().map(|e| e.field.as_str()).collect();
        return Verdict::failed(
            format!(
                "the password policy does not meet IAM.7's requirements: {}",
                names.join(", ")
            ),
            misses,
        );
    }
    if !unknown.is_empty() {
        return Verdict::undetermined(unknown);
    }
    Verdict::passed("the password policy meets IAM.7's requirements")
}

impl Rule for Iam7 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(a) = account(resource) else {
            return wrong_type(&META);
        };
        match a.password_policy.get() {
            None => Verdict::undetermined(["PasswordPolicy"]),
            Some(None) => Verdict::failed(
                "the account has no IAM password policy: IAM's default allows short, simple passwords",
                vec![Evidence::new("PasswordPolicy", "none")],
            ),
            Some(Some(policy)) => judge(policy, &DEFAULTS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::eval;
    use super::*;
    use crate::json::Obj;
    use crate::resources::account::Account;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::{json, Value};

    fn strong() -> Value {
        json!({"MinimumPasswordLength": 8, "RequireSymbols": true, "RequireNumbers": true,
               "RequireUppercaseCharacters": true, "RequireLowercaseCharacters": true})
    }

    #[test]
    fn the_defaults_pass_and_no_policy_fails() {
        assert!(matches!(
            eval(&Iam7, json!({"PasswordPolicy": strong()})),
            Verdict::Passed { .. }
        ));
        assert!(matches!(
            eval(&Iam7, json!({"PasswordPolicy": null})),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn every_miss_is_named() {
        let mut p = strong();
        p["MinimumPasswordLength"] = json!(7);
        p["RequireSymbols"] = json!(false);
        let Verdict::Failed { reason, evidence } = eval(&Iam7, json!({"PasswordPolicy": p})) else {
            panic!("expected a failure")
        };
        assert_eq!(evidence.len(), 2, "{reason}");
        assert!(reason.contains("MinimumPasswordLength") && reason.contains("RequireSymbols"));
    }

    #[test]
    fn reuse_and_age_count_only_when_set() {
        let v = json!({"PasswordPolicy": strong()});
        let a = Account::parse(Obj::new(&v, "c").unwrap()).unwrap();
        let Fact::Known(Some(policy)) = &a.password_policy else {
            panic!()
        };
        let strict = Parameters {
            reuse_prevention: Some(24),
            max_age: Some(90),
            ..DEFAULTS
        };
        let Verdict::Failed { evidence, .. } = judge(policy, &strict) else {
            panic!("expected a failure")
        };
        assert_eq!(evidence.len(), 2);
        let mut p = strong();
        p["PasswordReusePrevention"] = json!(24);
        p["MaxPasswordAge"] = json!(90);
        let v = json!({"PasswordPolicy": p});
        let a = Account::parse(Obj::new(&v, "c").unwrap()).unwrap();
        let Fact::Known(Some(policy)) = &a.password_policy else {
            panic!()
        };
        assert!(matches!(judge(policy, &strict), Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&Iam7, json!({})),
            Verdict::undetermined(["PasswordPolicy"])
        );
        let mut p = strong();
        p.as_object_mut().unwrap().remove("RequireNumbers");
        assert_eq!(
            eval(&Iam7, json!({"PasswordPolicy": p})),
            Verdict::undetermined(["PasswordPolicy.RequireNumbers"])
        );
        assert!(matches!(
            eval_db(&Iam7, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
