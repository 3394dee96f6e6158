//! IAM: roles, customer managed policies and users.

use super::CallEffect::Names;
use super::Place::{Caller, Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::iam_policy::IamPolicy;
use crate::resources::iam_role::IamRole;
use crate::resources::iam_user::IamUser;

/// `AWS::IAM::Role`.
pub const ROLE: Kind = Kind {
    type_name: "AWS::IAM::Role",
    asff_type: "AwsIamRole",
    noun: "IAM role",
    recorded_by_config: true,
    parse: |c, _| IamRole::parse(c).map(|r| Resource::IamRole(Box::new(r))),
    calls: &[],
    describe: None,
    // One paginated call returns every role with its policies (what AWS Config reads).
    list: ApiCall {
        operation: "GetAccountAuthorizationDetails",
        actions: &["iam:GetAccountAuthorizationDetails"],
    },
};

/// `AWS::IAM::Policy` (customer managed policies).
pub const POLICY: Kind = Kind {
    type_name: "AWS::IAM::Policy",
    asff_type: "AwsIamPolicy",
    noun: "IAM policy",
    recorded_by_config: true,
    parse: |c, _| IamPolicy::parse(c).map(Resource::IamPolicy),
    calls: &[],
    describe: None,
    // One paginated call returns every customer managed policy with its policies (what AWS Config reads).
    list: ApiCall {
        operation: "GetAccountAuthorizationDetails",
        actions: &["iam:GetAccountAuthorizationDetails"],
    },
};

const IAM: &str = "iam.amazonaws.com";

/// A credential call names the user by the request's `userName`, else the response's
/// `accessKey.userName` (`CreateAccessKey`), else the caller itself when it is an IAM user (IAM
/// applies these calls to the caller's own user when `userName` is left out). The ARN built
/// from the name lacks the user's path, and the id is the name, until the user is described
/// (`GetUser` gives the ARN and the `UserId` AWS Config uses).
const USER_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Request(&["userName"]),
        Response(&["accessKey", "userName"]),
        Caller {
            identity_type: "IAMUser",
            field: "userName",
        },
    ],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:iam::{account}:user/{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::IAM::User`. Its credentials (FSBP IAM.3, IAM.5, IAM.8) are not in its Config item:
/// the credential calls name the user, who is described and re-evaluated.
pub const USER: Kind = Kind {
    type_name: "AWS::IAM::User",
    asff_type: "AwsIamUser",
    noun: "IAM user",
    recorded_by_config: true,
    parse: |c, _| IamUser::parse(c).map(Resource::IamUser),
    calls: &[
        call(IAM, "CreateAccessKey", Names, &USER_NAMING),
        call(IAM, "UpdateAccessKey", Names, &USER_NAMING),
        call(IAM, "DeleteAccessKey", Names, &USER_NAMING),
        call(IAM, "CreateLoginProfile", Names, &USER_NAMING),
        call(IAM, "UpdateLoginProfile", Names, &USER_NAMING),
        call(IAM, "DeleteLoginProfile", Names, &USER_NAMING),
        call(IAM, "EnableMFADevice", Names, &USER_NAMING),
        call(IAM, "DeactivateMFADevice", Names, &USER_NAMING),
    ],
    // `GetUser`, then the user's inline policies, attached policies and groups, shaped as the
    // Config item's configuration.
    describe: Some(ApiCall {
        operation: "GetUser",
        actions: &[
            "iam:GetUser",
            "iam:ListUserPolicies",
            "iam:GetUserPolicy",
            "iam:ListAttachedUserPolicies",
            "iam:ListGroupsForUser",
        ],
    }),
    // One paginated call returns every user with its policies (what AWS Config reads).
    list: ApiCall {
        operation: "GetAccountAuthorizationDetails",
        actions: &["iam:GetAccountAuthorizationDetails"],
    },
};
