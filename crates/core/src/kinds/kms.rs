//! KMS keys.

use super::{ApiCall, Kind};
use crate::resource::Resource;
use crate::resources::kms_key::KmsKey;

/// `AWS::KMS::Key`.
pub const KEY: Kind = Kind {
    type_name: "AWS::KMS::Key",
    asff_type: "AwsKmsKey",
    noun: "KMS key",
    recorded_by_config: true,
    parse: |c, s| KmsKey::parse(c, s).map(Resource::KmsKey),
    calls: &[],
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
