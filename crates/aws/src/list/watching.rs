//! List adapters for the monitoring kinds: CloudTrail trails, GuardDuty detectors and AWS
//! Config's recorder. Each lists the names with the service's list call, then describes every
//! one with the kind's describe adapter (`crate::describe`), so a swept resource has exactly the
//! configuration a call's re-description gives it.

use super::{bounded, Target};
use crate::clients::Scope;
use crate::describe::{self, Described};
use crate::error::{AwsError, Service};
use crate::lookup::Memo;
use serde_json::Value;
use vigil_core::kinds::{self, Kind};
use vigil_core::resource::{ResourceRef, ResourceType};
use vigil_core::sweep::Description;

/// The trails whose home is the target's region (`DescribeTrails` without shadow trails: a
/// multi-Region trail is swept once, in its home region), each described with `GetTrail`,
/// `GetTrailStatus` and `GetEventSelectors` once per sweep ([`trail_once`]: the account's
/// description may have read it already).
pub async fn trails(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    target: &Target,
    memo: Option<&Memo>,
) -> Result<Vec<Description>, AwsError> {
    let refs = trail_refs(cloudtrail, target, false).await?;
    described(refs, |r| async move {
        trail_once(cloudtrail, target, &r, memo).await
    })
    .await
}

/// The memo part a trail read in a sweep is kept under, by ARN: its description's JSON, or
/// `null` when it was not found.
const TRAIL_READ: &str = "cloudtrail.trail";

/// A trail described with [`describe::cloudtrail::trail`], at most once per sweep: the trail
/// kind's listing and the account's description (CloudTrail.1, [`super::account`]) both read
/// every trail of the sweep's Region, and whichever reads it first keeps the answer (found or
/// not found; a failure is not kept) in the sweep's `memo` for the other, under the target's
/// account and Region and the trail's ARN. Without a memo (an event's describe, a test's
/// listing) it is read. The two run concurrently in `vigil scan`, so both may read a trail
/// when they reach it at the same moment: never a wrong answer, only the cost of before.
pub(crate) async fn trail_once(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    target: &Target,
    r: &ResourceRef,
    memo: Option<&Memo>,
) -> Result<Option<Described>, AwsError> {
    let scope = Scope {
        account: Some(target.account.clone()),
        region: Some(target.region.clone()),
    };
    if let Some(kept) = memo.and_then(|m| m.part(&scope, TRAIL_READ, &r.arn)) {
        return Ok(kept_trail(kept));
    }
    let read = describe::cloudtrail::trail(cloudtrail, r).await?;
    if let Some(memo) = memo {
        let kept = read.as_ref().map_or(Value::Null, |d| d.json.clone());
        memo.put_part(&scope, TRAIL_READ, r.arn.clone(), kept);
    }
    Ok(read)
}

/// A kept trail read as [`describe::cloudtrail::trail`] gave it: its identity (ARN, name) is
/// its JSON's (`trailARN`, `name`), as that adapter sets it; `null` is not found.
fn kept_trail(json: Value) -> Option<Described> {
    if json.is_null() {
        return None;
    }
    let text = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_string);
    let (arn, name) = (text("trailARN"), text("name"));
    Some(Described {
        arn,
        id: name.clone(),
        name,
        ..Described::new(json, "GetTrail")
    })
}

/// The trails `DescribeTrails` lists in the target's region, by ARN (built from the name when
/// the listing gives none); with `shadow`, also every multi-Region trail whose home is another
/// Region (the account's CloudTrail.1 needs them all). Each is then described with
/// [`describe::cloudtrail::trail`], the trail kind's one way to read a trail.
pub(crate) async fn trail_refs(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    target: &Target,
    shadow: bool,
) -> Result<Vec<ResourceRef>, AwsError> {
    let out = cloudtrail
        .describe_trails()
        .include_shadow_trails(shadow)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::CloudTrail, "DescribeTrails", e))?;
    Ok(out
        .trail_list()
        .iter()
        .filter_map(|t| {
            let name = t.name()?;
            let arn = t
                .trail_arn()
                .map(str::to_string)
                .unwrap_or_else(|| built_arn(&kinds::cloudtrail::TRAIL, target, name));
            Some(reference(&kinds::cloudtrail::TRAIL, target, name, arn))
        })
        .collect())
}

/// Every trail that logs in the target's region (`DescribeTrails` with shadow trails: the
/// account's multi-Region trails too, whatever their home Region), each read with
/// [`describe::cloudtrail::trail`] in the trail kind's shape, once per sweep ([`trail_once`]),
/// as a JSON list. A trail that could not be read is written with its name and ARN only
/// (logged), so what it records is unknown, never "nothing"; one deleted meanwhile is left out.
/// An error when `DescribeTrails` fails. The account's CloudTrail.1 and the `cloudtrail.trails`
/// lookup both read trails so.
pub(crate) async fn trails_in_region(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    target: &Target,
    memo: Option<&Memo>,
) -> Result<serde_json::Value, AwsError> {
    let refs = trail_refs(cloudtrail, target, true).await?;
    let read = bounded(refs, |r| async move {
        let answer = Box::pin(trail_once(cloudtrail, target, &r, memo)).await;
        Ok::<_, AwsError>(match answer {
            Ok(Some(d)) => Some(d.json),
            // Deleted between the listing and the describe: not a trail any more.
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(trail = %r.arn, error = %e, "a trail not read: what it records is unknown");
                Some(serde_json::json!({"name": r.name, "trailARN": r.arn}))
            }
        })
    })
    .await?;
    Ok(serde_json::Value::Array(
        read.into_iter().flatten().collect(),
    ))
}

/// The region's GuardDuty detectors (`ListDetectors`, every page), each described with
/// `GetDetector`.
pub async fn detectors(
    guardduty: &aws_sdk_guardduty::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let ids: Vec<String> = guardduty
        .list_detectors()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| AwsError::call(Service::GuardDuty, "ListDetectors", e))?;
    let kind = &kinds::guardduty::DETECTOR;
    let refs = ids
        .iter()
        .map(|id| reference(kind, target, id, built_arn(kind, target, id)))
        .collect();
    described(refs, |r| async move {
        describe::guardduty::detector(guardduty, &r).await
    })
    .await
}

/// The region's configuration recorders (`DescribeConfigurationRecorders` without names: all
/// of them), each described with its status.
pub async fn recorders(
    config: &aws_sdk_config::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let out = config
        .describe_configuration_recorders()
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Config, "DescribeConfigurationRecorders", e))?;
    let kind = &kinds::config::RECORDER;
    let refs = out
        .configuration_recorders()
        .iter()
        .filter_map(|r| {
            let name = r.name()?;
            let arn = r
                .arn()
                .map(str::to_string)
                .unwrap_or_else(|| built_arn(kind, target, name));
            Some(reference(kind, target, name, arn))
        })
        .collect();
    described(refs, |r| async move {
        describe::config_recorder::recorder(config, &r).await
    })
    .await
}

/// Describes each reference, at most [`super::PER_SERVICE`] at a time; one that vanished
/// between the list and the describe is left out (the next sweep reconciles it).
async fn described<F, Fut>(
    refs: Vec<ResourceRef>,
    describe: F,
) -> Result<Vec<Description>, AwsError>
where
    F: Fn(ResourceRef) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Described>, AwsError>>,
{
    let found = bounded(refs, |r| {
        let answer = describe(r.clone());
        async move { Ok(answer.await?.map(|d| description(r, d))) }
    })
    .await?;
    Ok(found.into_iter().flatten().collect())
}

/// A describe adapter's answer as the sweep's description, keeping the identity the answer
/// gives over the one the listing guessed.
fn description(r: ResourceRef, d: Described) -> Description {
    let resource_type = r.resource_type.kind().map_or("", |k| k.type_name);
    Description {
        resource_type,
        id: d.id.unwrap_or(r.id),
        name: d.name.or(r.name),
        arn: d.arn.unwrap_or(r.arn),
        configuration: d.json,
        supplementary: d.supplementary.and_then(|s| match s {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        }),
        tags: d.tags,
        operation: d.call,
    }
}

/// The reference a listed name gives, in the target's account and region.
fn reference(kind: &Kind, target: &Target, name: &str, arn: String) -> ResourceRef {
    ResourceRef {
        resource_type: ResourceType(kind.type_name.to_string()),
        id: name.to_string(),
        name: Some(name.to_string()),
        arn,
        account: target.account.clone(),
        region: target.region.clone(),
    }
}

/// The ARN the kind's naming builds from a name ([`kinds::Naming::build_arn`]), where the list
/// call gives none.
fn built_arn(kind: &Kind, target: &Target, name: &str) -> String {
    kind.calls.first().map_or_else(String::new, |c| {
        c.naming.build_arn(
            target.partition(),
            &target.region,
            &target.account,
            name,
            None,
        )
    })
}
