//! Secrets Manager secrets (metadata only: Vigil never reads a secret's value).

use super::{ApiCall, Kind};
use crate::resource::Resource;
use crate::resources::secretsmanager_secret::Secret;

/// `AWS::SecretsManager::Secret`.
pub const SECRET: Kind = Kind {
    type_name: "AWS::SecretsManager::Secret",
    asff_type: "AwsSecretsManagerSecret",
    noun: "secret",
    recorded_by_config: true,
    parse: |c, _| Secret::parse(c).map(Resource::Secret),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "ListSecrets",
        actions: &["secretsmanager:ListSecrets"],
    },
};
