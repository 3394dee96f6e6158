//! The AWS account itself, the resource of Security Hub's account-level controls.

use super::{ApiCall, Kind};
use crate::resource::Resource;
use crate::resources::account::Account;

/// The IAM calls that describe the account (`vigil_aws::list::account`).
const DESCRIBE: ApiCall = ApiCall {
    operation: "GetAccountSummary",
    actions: &[
        "iam:GetAccountSummary",
        "iam:GetAccountPasswordPolicy",
        "iam:ListVirtualMFADevices",
    ],
};

/// `AWS::::Account`, AWS Config's name for the account in the rules behind IAM.4, IAM.6, IAM.7
/// and IAM.9 (ASFF `AwsAccount`; Security Hub names the resource `AWS::::Account:<account id>`,
/// which is also the identity Vigil gives it). AWS Config does not record the account, and
/// those controls are periodic: the sweep describes it once per account, with IAM's kinds (the
/// account is global), from `GetAccountSummary`, `GetAccountPasswordPolicy` and
/// `ListVirtualMFADevices`. No CloudTrail call is routed for it yet, and it has no describe
/// call: its rules are judged at each sweep.
pub const ACCOUNT: Kind = Kind {
    type_name: "AWS::::Account",
    asff_type: "AwsAccount",
    noun: "AWS account",
    recorded_by_config: false,
    parse: |c, _| Account::parse(c).map(Resource::Account),
    calls: &[],
    describe: None,
    list: DESCRIBE,
};

/// The identity Security Hub gives an account: `AWS::::Account:<account id>`.
pub fn account_arn(account: &str) -> String {
    format!("{}:{account}", ACCOUNT.type_name)
}
