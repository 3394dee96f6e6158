//! FSBP IAM.5 — MFA should be enabled for all IAM users that have a console password.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5>):
//! periodic, AWS Config rule `mfa-enabled-for-iam-console-access`, no parameters
//! (<https://docs.aws.amazon.com/config/latest/developerguide/mfa-enabled-for-iam-console-access.html>:
//! "checks if MFA is enabled for all IAM users that use a console password; COMPLIANT if MFA is
//! enabled"). A console password is a login profile (`GetLoginProfile`); MFA is enabled when
//! `ListMFADevices` lists at least one device for the user. Both come from the
//! `iam.user-credentials` lookup (see [`super::user_credentials`]). FAILED when the user has a
//! console password and no MFA device; PASSED when it has both; NOT_APPLICABLE when the user
//! has no console password (the control evaluates only users that use one).

use super::user_credentials::{key, login_profile, mfa_devices};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{iam_user, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// IAM.5.
pub struct Iam5;

static META: RuleMeta = RuleMeta {
    id: "iam-user-console-mfa",
    title: "IAM users that have a console password should have MFA enabled",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::User",
    controls: &["IAM.5"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the user has at least one MFA device, or has no console password",
    rationale: "A password alone can be phished, guessed or reused from another breach, and the console gives whoever signs in everything the user can do. A second factor stops most of those sign-ins, which protects the personal data the account can reach.",
    remediation: "Have the user register an MFA device (a passkey or security key is best, an authenticator app otherwise), or remove the console password if the user does not need the console. Console: IAM > Users > the user > Security credentials > Multi-factor authentication (MFA) > Assign MFA device. CLI: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG; aws iam enable-mfa-device --user-name <user> --serial-number <device ARN> --authentication-code1 <code> --authentication-code2 <next code> (or aws iam delete-login-profile --user-name <user>)",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Users > {name} > Security credentials > Multi-factor authentication (MFA) > Assign MFA device (passkey or security key preferred)",
        command: r#"aws iam create-virtual-mfa-device --virtual-mfa-device-name {name} --outfile {name}-mfa.png --bootstrap-method QRCodePNG
aws iam enable-mfa-device --user-name {name} --serial-number arn:aws:iam::{account}:mfa/{name} --authentication-code1 "$MFA_CODE_1" --authentication-code2 "$MFA_CODE_2""#,
        caution: Some("The QR code file is the MFA seed: hand it to the user only, then delete it. If the user does not need the console, remove the password instead (aws iam delete-login-profile --user-name {name})."),
        inputs: &[],
    }),
    source: "FSBP IAM.5 (AWS Config rule mfa-enabled-for-iam-console-access)",
};

impl Rule for Iam5 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        iam_user(resource)
            .and_then(key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(user) = iam_user(resource) else {
            return wrong_type(&META);
        };
        let answer = match ctx.lookups.answer(key(user).as_ref(), "userName") {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let profile = match login_profile(answer) {
            Ok(p) => p,
            Err(v) => return v,
        };
        let Some(profile) = profile else {
            return Verdict::not_applicable("the user has no console password");
        };
        match mfa_devices(answer) {
            Err(v) => v,
            Ok(0) => Verdict::failed(
                "the user has a console password and no MFA device",
                vec![
                    Evidence::new(
                        "LoginProfile.CreateDate",
                        profile.created.format("%Y-%m-%d"),
                    ),
                    Evidence::new("MFADevices", "none"),
                ],
            ),
            Ok(n) => Verdict::passed(format!(
                "the user has a console password and {n} MFA device(s)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::user_credentials::test_support::*;
    use serde_json::json;

    const PASSWORD: &str = "2025-03-01T10:00:00Z";

    #[test]
    fn a_console_password_without_mfa_fails() {
        let v = eval(
            &Iam5,
            Some(answer(
                json!({"loginProfile": {"createDate": PASSWORD}, "mfaDevices": 0}),
            )),
        );
        assert!(
            matches!(&v, Verdict::Failed { reason, .. } if reason.contains("no MFA device")),
            "{v:?}"
        );
    }

    #[test]
    fn a_console_password_with_mfa_passes() {
        let v = eval(
            &Iam5,
            Some(answer(
                json!({"loginProfile": {"createDate": PASSWORD}, "mfaDevices": 1}),
            )),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn users_without_a_console_password_are_not_applicable() {
        assert_eq!(
            eval(&Iam5, Some(answer(json!({"loginProfile": null})))),
            Verdict::not_applicable("the user has no console password")
        );
    }

    #[test]
    fn without_the_lookup_or_with_a_bad_answer_it_is_undetermined() {
        assert_eq!(
            eval(&Iam5, None),
            Verdict::undetermined(["iam.user-credentials:alice"])
        );
        assert_eq!(
            eval(
                &Iam5,
                Some(json!({"loginProfile": {"createDate": PASSWORD}}))
            ),
            Verdict::undetermined(["iam.user-credentials mfaDevices"])
        );
        assert_eq!(
            eval(&Iam5, Some(json!({"mfaDevices": 1}))),
            Verdict::undetermined(["iam.user-credentials loginProfile"])
        );
        assert!(matches!(
            eval(&Iam5, Some(json!([1, 2]))),
            Verdict::Undetermined { .. }
        ));
    }
}
