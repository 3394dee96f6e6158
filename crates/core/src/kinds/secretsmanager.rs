//! Secrets Manager secrets (metadata only: Vigil never reads a secret's value).

use super::CallEffect::{Deletes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::secretsmanager_secret::Secret;

const SECRETSMANAGER: &str = "secretsmanager.amazonaws.com";

/// A secret call names the secret by the response's `name` and `arn`, else the request's `name`
/// (`CreateSecret`) or `secretId` (a name or an ARN). A secret's ARN ends in six random
/// characters, so one built from its name is a stand-in until the secret is described.
const SECRET_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["name"]),
        Request(&["name"]),
        Request(&["secretId"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["arn"])),
    arn_pattern: "arn:{partition}:secretsmanager:{region}:{account}:secret:{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::SecretsManager::Secret`. No call's response describes the secret's metadata (their
/// answers are its name, ARN and version): every change has the secret described. Vigil never
/// reads a secret's value, and the calls that carry one (`PutSecretValue`, `CreateSecret`'s
/// `secretString`) are never parsed for it.
pub const SECRET: Kind = Kind {
    type_name: "AWS::SecretsManager::Secret",
    asff_type: "AwsSecretsManagerSecret",
    noun: "secret",
    recorded_by_config: true,
    parse: |c, _| Secret::parse(c).map(Resource::Secret),
    calls: &[
        call(SECRETSMANAGER, "CreateSecret", Names, &SECRET_NAMING),
        call(SECRETSMANAGER, "UpdateSecret", Names, &SECRET_NAMING),
        call(SECRETSMANAGER, "RotateSecret", Names, &SECRET_NAMING),
        call(SECRETSMANAGER, "CancelRotateSecret", Names, &SECRET_NAMING),
        call(SECRETSMANAGER, "PutResourcePolicy", Names, &SECRET_NAMING),
        call(
            SECRETSMANAGER,
            "DeleteResourcePolicy",
            Names,
            &SECRET_NAMING,
        ),
        call(SECRETSMANAGER, "RestoreSecret", Names, &SECRET_NAMING),
        call(SECRETSMANAGER, "DeleteSecret", Deletes, &SECRET_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeSecret",
        actions: &["secretsmanager:DescribeSecret"],
    }),
    list: ApiCall {
        operation: "ListSecrets",
        actions: &["secretsmanager:ListSecrets"],
    },
};
