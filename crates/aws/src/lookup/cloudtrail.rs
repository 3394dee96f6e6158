//! CloudTrail lookups: the trails that log in a resource's Region (`cloudtrail.trails`).

use crate::error::AwsError;
use crate::list::Target;
use serde_json::{json, Value};

/// `cloudtrail.trails` (id: the resource's ARN, whose account and Region name the trails'
/// scope; the answer does not depend on the rest, and `super::memo_key` keeps it once per
/// scope): `{"Trails": [...]}`, every trail that logs in the client's Region (`DescribeTrails`
/// with shadow trails), each read with `GetTrail`, `GetTrailStatus` and `GetEventSelectors` in
/// the trail kind's shape (`crate::list::watching::trails_in_region`, the same reading as the
/// account's CloudTrail.1). A trail that could not be read carries only its name and ARN; a
/// failed `DescribeTrails` is no answer. Each trail is read once per sweep: the trail kind's
/// listing and the account's description share the reads through `memo`. Needs `cloudtrail:DescribeTrails`,
/// `cloudtrail:GetTrail`, `cloudtrail:GetTrailStatus` and `cloudtrail:GetEventSelectors`.
pub async fn trails(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    arn: &str,
    memo: &super::Memo,
) -> Result<Value, AwsError> {
    let mut parts = arn.splitn(6, ':');
    let region = parts.nth(3).unwrap_or_default().to_string();
    let account = parts.next().unwrap_or_default().to_string();
    let target = Target {
        account,
        region,
        monitored: Vec::new(),
    };
    let trails = crate::list::watching::trails_in_region(cloudtrail, &target, Some(memo)).await?;
    Ok(json!({ "Trails": trails }))
}
