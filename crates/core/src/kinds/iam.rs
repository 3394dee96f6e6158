//! IAM: roles, customer managed policies and users.

use super::CallEffect::{Deletes, Describes, Names};
use super::Place::{Caller, Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::iam_policy::IamPolicy;
use crate::resources::iam_role::IamRole;
use crate::resources::iam_user::IamUser;

const IAM: &str = "iam.amazonaws.com";

/// A role call names the role by its name (the response's `role`, else the request). Its ARN
/// holds the role's path, so only `CreateRole`'s response gives the real one.
const ROLE_NAMING: Naming = Naming {
    wrapper: Some("role"),
    name: &[Response(&["roleName"]), Request(&["roleName"])],
    parent: &[],
    id: Some(Response(&["roleId"])),
    arn: Some(Response(&["arn"])),
    arn_pattern: "arn:{partition}:iam::{account}:role/{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::IAM::Role`. `CreateRole` answers with the role and its trust policy; every other
/// change (the trust policy, inline and attached policies) has the role described again.
pub const ROLE: Kind = Kind {
    type_name: "AWS::IAM::Role",
    asff_type: "AwsIamRole",
    noun: "IAM role",
    recorded_by_config: true,
    parse: |c, _| IamRole::parse(c).map(|r| Resource::IamRole(Box::new(r))),
    calls: &[
        call(IAM, "CreateRole", Describes, &ROLE_NAMING),
        call(IAM, "UpdateAssumeRolePolicy", Names, &ROLE_NAMING),
        call(IAM, "PutRolePolicy", Names, &ROLE_NAMING),
        call(IAM, "DeleteRolePolicy", Names, &ROLE_NAMING),
        call(IAM, "AttachRolePolicy", Names, &ROLE_NAMING),
        call(IAM, "DetachRolePolicy", Names, &ROLE_NAMING),
        call(IAM, "PutRolePermissionsBoundary", Names, &ROLE_NAMING),
        call(IAM, "DeleteRolePermissionsBoundary", Names, &ROLE_NAMING),
        call(IAM, "DeleteRole", Deletes, &ROLE_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetRole",
        actions: &[
            "iam:GetRole",
            "iam:ListRolePolicies",
            "iam:GetRolePolicy",
            "iam:ListAttachedRolePolicies",
        ],
    }),
    // One paginated call returns every role with its policies (what AWS Config reads).
    list: ApiCall {
        operation: "GetAccountAuthorizationDetails",
        actions: &["iam:GetAccountAuthorizationDetails"],
    },
};

/// A policy call names the policy by the response's `policy` (`CreatePolicy`), else the
/// request's `policyName`, else its `policyArn` (every later call). The ARN holds the policy's
/// path, so a call that does not carry it has it built as a stand-in.
const POLICY_NAMING: Naming = Naming {
    wrapper: Some("policy"),
    name: &[
        Response(&["policyName"]),
        Request(&["policyName"]),
        Request(&["policyArn"]),
    ],
    parent: &[],
    id: Some(Response(&["policyId"])),
    arn: Some(Response(&["arn"])),
    arn_pattern: "arn:{partition}:iam::{account}:policy/{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::IAM::Policy` (customer managed policies). No call's response holds the policy's
/// document (`CreatePolicy`'s has its name and ARN): every change has the policy described.
pub const POLICY: Kind = Kind {
    type_name: "AWS::IAM::Policy",
    asff_type: "AwsIamPolicy",
    noun: "IAM policy",
    recorded_by_config: true,
    parse: |c, _| IamPolicy::parse(c).map(Resource::IamPolicy),
    calls: &[
        call(IAM, "CreatePolicy", Names, &POLICY_NAMING),
        call(IAM, "CreatePolicyVersion", Names, &POLICY_NAMING),
        call(IAM, "SetDefaultPolicyVersion", Names, &POLICY_NAMING),
        call(IAM, "DeletePolicyVersion", Names, &POLICY_NAMING),
        call(IAM, "DeletePolicy", Deletes, &POLICY_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetPolicy",
        actions: &["iam:GetPolicy", "iam:GetPolicyVersion"],
    }),
    // One paginated call returns every customer managed policy with its policies (what AWS Config reads).
    list: ApiCall {
        operation: "GetAccountAuthorizationDetails",
        actions: &["iam:GetAccountAuthorizationDetails"],
    },
};

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
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:iam::{account}:user/{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::IAM::User`. Its credentials (FSBP IAM.3, IAM.5, IAM.8) are not in its Config item,
/// and no call's response holds the user's policies and groups: every call names the user, who
/// is described and re-evaluated.
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
        call(IAM, "CreateUser", Names, &USER_NAMING),
        call(IAM, "PutUserPolicy", Names, &USER_NAMING),
        call(IAM, "DeleteUserPolicy", Names, &USER_NAMING),
        call(IAM, "AttachUserPolicy", Names, &USER_NAMING),
        call(IAM, "DetachUserPolicy", Names, &USER_NAMING),
        call(IAM, "AddUserToGroup", Names, &USER_NAMING),
        call(IAM, "RemoveUserFromGroup", Names, &USER_NAMING),
        call(IAM, "DeleteUser", Deletes, &USER_NAMING),
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
