//! KMS keys.

use super::CallEffect::{Describes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::kms_key::KmsKey;

const KMS: &str = "kms.amazonaws.com";

/// A key call names the key by the response's `keyId` (the key ARN, in `ScheduleKeyDeletion`'s
/// and `CancelKeyDeletion`'s answers) or `keyMetadata` (`CreateKey`), else the request's `keyId`
/// (a key id or key ARN: these calls take no alias). The ARN follows from the id.
const KEY_NAMING: Naming = Naming {
    wrapper: Some("keyMetadata"),
    name: &[Response(&["keyId"]), Request(&["keyId"])],
    parent: &[],
    id: None,
    arn: Some(Response(&["arn"])),
    arn_pattern: "arn:{partition}:kms:{region}:{account}:key/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::KMS::Key`. `CreateKey` answers with the key's metadata, and `ScheduleKeyDeletion`
/// with its new state (`PendingDeletion`) and deletion date; rotation (AWS Config's
/// supplementary `KeyRotationStatus`), the key policy and the other state changes have the key
/// described. A key is never deleted at once: `ScheduleKeyDeletion` is its end, and AWS
/// Config's item at the deletion date closes it.
pub const KEY: Kind = Kind {
    type_name: "AWS::KMS::Key",
    asff_type: "AwsKmsKey",
    noun: "KMS key",
    recorded_by_config: true,
    parse: |c, s| KmsKey::parse(c, s).map(Resource::KmsKey),
    calls: &[
        call(KMS, "CreateKey", Describes, &KEY_NAMING),
        call(KMS, "EnableKeyRotation", Names, &KEY_NAMING),
        call(KMS, "DisableKeyRotation", Names, &KEY_NAMING),
        call(KMS, "ScheduleKeyDeletion", Describes, &KEY_NAMING),
        call(KMS, "CancelKeyDeletion", Names, &KEY_NAMING),
        call(KMS, "PutKeyPolicy", Names, &KEY_NAMING),
        call(KMS, "DisableKey", Names, &KEY_NAMING),
        call(KMS, "EnableKey", Names, &KEY_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeKey",
        actions: &["kms:DescribeKey", "kms:GetKeyRotationStatus"],
    }),
    // Each key described, with the rotation status of the keys rotation applies to.
    list: ApiCall {
        operation: "ListKeys",
        actions: &[
            "kms:ListKeys",
            "kms:DescribeKey",
            "kms:GetKeyRotationStatus",
        ],
    },
};
