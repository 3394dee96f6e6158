//! The AWS account itself, the resource of Security Hub's account-level controls.

use super::CallEffect::Names;
use super::Place::Caller;
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::account::Account;

/// The calls that describe the account from an event (`vigil_aws::list::account`): IAM's, and
/// the account's trails (CloudTrail.1) in the event's Region, listed with `DescribeTrails` and
/// each read with the trail kind's describe (its actions, granted on trails).
const DESCRIBE: ApiCall = ApiCall {
    operation: "GetAccountSummary",
    actions: &[
        "iam:GetAccountSummary",
        "iam:GetAccountPasswordPolicy",
        "iam:ListVirtualMFADevices",
        "cloudtrail:DescribeTrails",
    ],
};

/// The sweep's description: [`DESCRIBE`]'s calls, GuardDuty's detectors in every monitored
/// Region (GuardDuty.1) and the security alternate contact (Account.1, Account Management's
/// `GetAlternateContact`) and every monitored Region's configuration recorders (Config.1), and
/// the account's trails (CloudTrail.1: `DescribeTrails` with shadow trails in the sweep's
/// Region, then the trail kind's describe of each).
const LIST: ApiCall = ApiCall {
    operation: "GetAccountSummary",
    actions: &[
        "iam:GetAccountSummary",
        "iam:GetAccountPasswordPolicy",
        "iam:ListVirtualMFADevices",
        "guardduty:ListDetectors",
        "guardduty:GetDetector",
        "account:GetAlternateContact",
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrail",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
    ],
};

/// IAM's event source.
const IAM: &str = "iam.amazonaws.com";

/// A password-policy call names no resource: the policy is the calling account's, named by the
/// caller's `userIdentity.accountId` (whatever kind of caller it is).
const ACCOUNT_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Caller {
            identity_type: "IAMUser",
            field: "accountId",
        },
        Caller {
            identity_type: "AssumedRole",
            field: "accountId",
        },
        Caller {
            identity_type: "Root",
            field: "accountId",
        },
        Caller {
            identity_type: "FederatedUser",
            field: "accountId",
        },
        Caller {
            identity_type: "IdentityCenterUser",
            field: "accountId",
        },
    ],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "AWS::::Account:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::::Account`, AWS Config's name for the account in the rules behind IAM.4, IAM.6, IAM.7
/// and IAM.9 (ASFF `AwsAccount`; Security Hub names the resource `AWS::::Account:<account id>`,
/// which is also the identity Vigil gives it). AWS Config does not record the account, and
/// those controls are periodic: the sweep describes it once per account, with IAM's kinds (the
/// account is global), from `GetAccountSummary`, `GetAccountPasswordPolicy` and
/// `ListVirtualMFADevices`, and GuardDuty's detectors in every Region the sweep monitors
/// (`ListDetectors`, `GetDetector`) for GuardDuty.1, and its security alternate contact
/// (`GetAlternateContact`) for Account.1, and its trails for CloudTrail.1.
/// `UpdateAccountPasswordPolicy` and `DeleteAccountPasswordPolicy` have it described again
/// (IAM's calls and the trails), so a weakened or deleted password policy fails IAM.7 in
/// seconds, with the caller in the alert; so do a trail's `CreateTrail` and `UpdateTrail`
/// ([`super::Call::account_too`]) for CloudTrail.1. The other rules are judged at each sweep.
pub const ACCOUNT: Kind = Kind {
    type_name: "AWS::::Account",
    asff_type: "AwsAccount",
    noun: "AWS account",
    recorded_by_config: false,
    parse: |c, _| Account::parse(c).map(Resource::Account),
    calls: &[
        UPDATE_PASSWORD_POLICY,
        call(IAM, "DeleteAccountPasswordPolicy", Names, &ACCOUNT_NAMING),
    ],
    describe: Some(DESCRIBE),
    list: LIST,
};

const UPDATE_PASSWORD_POLICY: super::Call =
    call(IAM, "UpdateAccountPasswordPolicy", Names, &ACCOUNT_NAMING);

/// How a call that also changes an account-level verdict ([`super::Call::account_too`]) names
/// the account beside its own resource: by the caller's account, as the password policy calls
/// do, so it is the one account resource whatever call names it.
pub(crate) fn named_by_caller() -> super::CallSpec {
    super::CallSpec {
        kind: &ACCOUNT,
        call: &UPDATE_PASSWORD_POLICY,
    }
}

/// The identity Security Hub gives an account: `AWS::::Account:<account id>`.
pub fn account_arn(account: &str) -> String {
    format!("{}:{account}", ACCOUNT.type_name)
}

#[cfg(test)]
mod tests {
    use crate::observation::ObservedState;
    use crate::sources::{parse_event, Parsed};

    #[test]
    fn password_policy_calls_name_the_callers_account_to_describe_again() {
        for text in [
            include_str!(
                "../../../../events/cloudtrail/iam/update-account-password-policy-weak.json"
            ),
            include_str!("../../../../events/cloudtrail/iam/delete-account-password-policy.json"),
        ] {
            let event: serde_json::Value = serde_json::from_str(text).unwrap();
            let Ok(Parsed::Observation(o)) = parse_event(&event) else {
                panic!("not an observation")
            };
            assert_eq!(o.resource.resource_type.as_str(), "AWS::::Account");
            assert_eq!(o.resource.arn, "AWS::::Account:123456789012");
            assert_eq!(o.resource.id, "123456789012");
            assert!(
                matches!(o.state, ObservedState::NeedsFetch { .. }),
                "{:?}",
                o.state
            );
            let actor = o.origin.actor.expect("the caller");
            assert!(actor.who().contains("alice@example.com"), "{}", actor.who());
        }
    }
}
