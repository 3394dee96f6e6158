//! Account activity from CloudTrail, in seconds: any use of the root user, and console sign-ins
//! without MFA ([`crate::resources::activity`]).
//!
//! - **Console sign-ins** arrive as `AWS Console Sign In via CloudTrail` (source `aws.signin`,
//!   `eventName` `ConsoleLogin`, `responseElements.ConsoleLogin` `Success` or `Failure`,
//!   `additionalEventData.MFAUsed` `Yes` or `No`; shape from the CloudTrail User Guide, "AWS
//!   Management Console sign-in events"). CloudTrail records a root user's sign-in in
//!   us-east-1, and an IAM user's in us-east-1 when the global sign-in endpoint is used (or in
//!   us-east-2, eu-north-1 or ap-southeast-2 when an account alias cookie is present, or in the
//!   Regional endpoint's Region): EventBridge delivers each in that Region, so a stack elsewhere
//!   sees them only through `forwarder.yaml` deployed there. A root sign-in is root use; an IAM
//!   user's successful sign-in with `MFAUsed: No` is a sign-in without MFA. Federated sign-ins
//!   (MFA is the identity provider's) and sign-ins with MFA are ignored. A failed sign-in
//!   (`Failure`, whoever tried) is [`Parsed::FailedSignIn`]: counted per account by
//!   `crate::burst`, and a burst becomes one observation ([`burst_observation`]).
//! - **Root use** in any other call: an `AWS API Call via CloudTrail` whose
//!   `userIdentity.type` is `Root` and that has no `userIdentity.invokedBy` (an AWS service
//!   acting for the root user) and is not an `AwsServiceEvent`, whatever the call. A call no
//!   kind evaluates is only that root use; a call that is evaluated for its resource is
//!   evaluated as usual (its alert names the root user as the caller) and its root use is
//!   [`super::Read::root_use`] beside it, run through the pipeline too. Root use is one
//!   resource per root session (`root_use_id`), so a session alerts once, not once per call.

use super::{Envelope, Parsed};
use crate::burst::{Burst, FailedSignIn};
use crate::error::InputError;
use crate::fact::Fact;
use crate::observation::{Actor, Observation, ObservedState, Origin, SourceKind};
use crate::resource::{Resource, ResourceRef, ResourceType};
use crate::resources::activity::{activity_arn, Activity, ActivityKind, ACTIVITY_TYPE};

/// The EventBridge `detail-type` of console sign-ins.
pub const CONSOLE_SIGN_IN: &str = "AWS Console Sign In via CloudTrail";

/// Reads a console sign-in event.
pub fn parse_sign_in(envelope: &Envelope<'_>) -> Result<Parsed, InputError> {
    let d = envelope.detail;
    let event_name = d.req_str("eventName")?;
    if event_name != "ConsoleLogin" {
        return Ok(Parsed::ignored(
            format!("{event_name} is not a console sign-in Vigil evaluates"),
            None,
        ));
    }
    let identity_type = identity_type(envelope)?;
    let result = match d.opt_obj("responseElements", "detail.responseElements")? {
        Some(r) => r.opt_str("ConsoleLogin")?.map(str::to_string),
        None => None,
    };
    match result.as_deref() {
        Some("Success") => {}
        Some("Failure") => {
            return failed_sign_in(envelope, identity_type).map(Parsed::FailedSignIn)
        }
        other => {
            return Ok(Parsed::ignored(
                format!(
                    "a console sign-in whose result is {}, neither Success nor Failure",
                    other.unwrap_or("not recorded")
                ),
                None,
            ))
        }
    }
    let mfa_used = match d.opt_obj("additionalEventData", "detail.additionalEventData")? {
        Some(a) => match a.opt_str("MFAUsed")? {
            Some("Yes") => Some(true),
            Some("No") => Some(false),
            _ => None,
        },
        None => None,
    };
    let kind = match (identity_type.as_deref(), mfa_used) {
        (Some("Root"), _) => ActivityKind::RootUse,
        (Some("IAMUser"), Some(false)) => ActivityKind::SignInWithoutMfa,
        (Some("IAMUser"), Some(true)) => {
            return Ok(Parsed::ignored("a console sign-in with MFA", None))
        }
        (Some("IAMUser"), None) => {
            return Ok(Parsed::ignored(
                "a console sign-in that does not say whether MFA was used",
                None,
            ))
        }
        (other, _) => {
            return Ok(Parsed::ignored(
                format!(
                    "a console sign-in by a {} identity: MFA is not CloudTrail's to report",
                    other.unwrap_or("(unnamed)")
                ),
                None,
            ))
        }
    };
    observation(envelope, kind, mfa_used).map(Parsed::Observation)
}

/// A failed console sign-in, to be counted (`crate::burst`).
fn failed_sign_in(
    envelope: &Envelope<'_>,
    identity_type: Option<String>,
) -> Result<FailedSignIn, InputError> {
    let d = envelope.detail;
    let user_name = match d.opt_obj("userIdentity", "detail.userIdentity")? {
        Some(identity) => identity.opt_str("userName")?.map(str::to_string),
        None => None,
    };
    Ok(FailedSignIn {
        account: d
            .opt_str("recipientAccountId")?
            .unwrap_or(envelope.account)
            .to_string(),
        region: d
            .opt_str("awsRegion")?
            .unwrap_or(envelope.region)
            .to_string(),
        user_name,
        identity_type,
        source_ip: d.opt_str("sourceIPAddress")?.map(str::to_string),
        at: d.req_time("eventTime")?,
        event_id: d.opt_str("eventID")?.unwrap_or(envelope.id).to_string(),
    })
}

/// A burst of failed sign-ins ([`crate::burst::count`] said so) as an observation of account
/// activity, identified by the failure that crossed the threshold.
pub fn burst_observation(burst: &Burst) -> Observation {
    // Who tried is unknown (a failed sign-in authenticates no one): the actor is only where
    // the crossing attempt came from.
    let actor = Actor {
        source_ip: burst.last_source_ip.clone(),
        ..Actor::default()
    };
    let resource = ResourceRef {
        resource_type: ResourceType(ACTIVITY_TYPE.to_string()),
        id: burst.event_id.clone(),
        name: Some(format!("{} failed console sign-ins", burst.count)),
        arn: activity_arn(&burst.account, &burst.event_id),
        account: burst.account.clone(),
        region: burst.region.clone(),
    };
    Observation {
        resource,
        captured_at: burst.last_at,
        origin: Origin {
            kind: SourceKind::CloudTrail,
            event_id: burst.event_id.clone(),
            what: "signin.amazonaws.com ConsoleLogin (failures)".into(),
            actor: Some(actor),
        },
        state: ObservedState::Present(Resource::Activity(Activity {
            kind: ActivityKind::FailedSignInBurst,
            event_source: "signin.amazonaws.com".into(),
            event_name: "ConsoleLogin".into(),
            mfa_used: None,
            burst: Some(burst.describe()),
            tags: Fact::Unknown,
        })),
        warnings: Vec::new(),
    }
}

/// The root user's own use in an API call, if this call is one.
pub fn root_use(envelope: &Envelope<'_>) -> Result<Option<Observation>, InputError> {
    let d = envelope.detail;
    if identity_type(envelope)?.as_deref() != Some("Root") {
        return Ok(None);
    }
    if let Some(identity) = d.opt_obj("userIdentity", "detail.userIdentity")? {
        if identity.opt_str("invokedBy")?.is_some() {
            return Ok(None);
        }
    }
    if d.opt_str("eventType")? == Some("AwsServiceEvent") {
        return Ok(None);
    }
    observation(envelope, ActivityKind::RootUse, None).map(Some)
}

fn identity_type(envelope: &Envelope<'_>) -> Result<Option<String>, InputError> {
    Ok(
        match envelope
            .detail
            .opt_obj("userIdentity", "detail.userIdentity")?
        {
            Some(identity) => identity.opt_str("type")?.map(str::to_string),
            None => None,
        },
    )
}

/// What a root use is about, so that one root session alerts once, not once per call (with
/// read-only calls delivered, a console session that only browses makes dozens):
/// - a session on temporary credentials (the console's, with
///   `sessionContext.attributes.creationDate`) by its access key id, the same for every call
///   of the session: `session/ASIA…`;
/// - a root access key (no session) by the key and the call's UTC day: `key/AKIA…/2026-11-23`,
///   so a key used every day alerts once a day;
/// - anything else (a sign-in, which has no access key) by its event id, as before.
///
/// Later calls of the same session fail the same rule again: unchanged, so not alerted again;
/// each is still the rule's latest reason in the state.
fn root_use_id(
    envelope: &Envelope<'_>,
    captured_at: chrono::DateTime<chrono::Utc>,
    event_id: &str,
) -> Result<String, InputError> {
    let Some(identity) = envelope
        .detail
        .opt_obj("userIdentity", "detail.userIdentity")?
    else {
        return Ok(event_id.to_string());
    };
    let Some(key) = identity.opt_str("accessKeyId")?.filter(|k| !k.is_empty()) else {
        return Ok(event_id.to_string());
    };
    let session_created =
        match identity.opt_obj("sessionContext", "detail.userIdentity.sessionContext")? {
            Some(session) => match session.opt_obj(
                "attributes",
                "detail.userIdentity.sessionContext.attributes",
            )? {
                Some(attributes) => attributes.opt_str("creationDate")?.is_some(),
                None => false,
            },
            None => false,
        };
    Ok(if session_created {
        format!("session/{key}")
    } else {
        format!("key/{key}/{}", captured_at.format("%Y-%m-%d"))
    })
}

fn observation(
    envelope: &Envelope<'_>,
    kind: ActivityKind,
    mfa_used: Option<bool>,
) -> Result<Observation, InputError> {
    let d = envelope.detail;
    let event_source = d.req_str("eventSource")?;
    let event_name = d.req_str("eventName")?;
    let account = d.opt_str("recipientAccountId")?.unwrap_or(envelope.account);
    let region = d.opt_str("awsRegion")?.unwrap_or(envelope.region);
    let captured_at = d.req_time("eventTime")?;
    let event_id = d.opt_str("eventID")?.unwrap_or(envelope.id);
    let id = match kind {
        ActivityKind::RootUse => root_use_id(envelope, captured_at, event_id)?,
        _ => event_id.to_string(),
    };
    let mut actor = super::actor::actor(d)?;
    // A sign-in carries its MFA in `additionalEventData`, not in a session context.
    if actor.mfa.is_none() {
        actor.mfa = mfa_used;
    }
    let resource = ResourceRef {
        resource_type: ResourceType(ACTIVITY_TYPE.to_string()),
        arn: activity_arn(account, &id),
        id,
        name: Some(format!("{event_name} by {}", actor.who())),
        account: account.to_string(),
        region: region.to_string(),
    };
    Ok(Observation {
        resource,
        captured_at,
        origin: Origin {
            kind: SourceKind::CloudTrail,
            event_id: envelope.id.to_string(),
            what: format!("{event_source} {event_name}"),
            actor: Some(actor),
        },
        state: ObservedState::Present(Resource::Activity(Activity {
            kind,
            event_source: event_source.to_string(),
            event_name: event_name.to_string(),
            mfa_used,
            burst: None,
            tags: Fact::Unknown,
        })),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use crate::sources::{parse_event, parse_event_str, Parsed};
    use crate::ObservedState;
    use serde_json::json;

    fn activity(text: &str) -> crate::resources::activity::Activity {
        let Parsed::Observation(o) = parse_event_str(text).unwrap() else {
            panic!("not an observation")
        };
        let ObservedState::Present(crate::Resource::Activity(a)) = o.state else {
            panic!("{:?}", o.state)
        };
        a
    }

    /// The root API call sample, at `time`, with `identity` merged into its `userIdentity`.
    fn root_call(time: &str, event_id: &str, identity: serde_json::Value) -> crate::Observation {
        let mut e: serde_json::Value =
            serde_json::from_str(include_str!("../../../../events/signin/root-api-call.json"))
                .unwrap();
        e["detail"]["eventTime"] = json!(time);
        e["detail"]["eventID"] = json!(event_id);
        for (k, v) in identity.as_object().unwrap() {
            e["detail"]["userIdentity"][k] = v.clone();
        }
        let Parsed::Observation(o) = parse_event(&e).unwrap() else {
            panic!("not an observation")
        };
        o
    }

    #[test]
    fn a_root_session_is_one_resource_and_a_root_key_one_per_day() {
        let session = json!({});
        let first = root_call("2026-11-23T09:21:00Z", "e-1", session.clone());
        let second = root_call("2026-11-23T09:40:00Z", "e-2", session);
        assert_eq!(first.resource.arn, second.resource.arn);
        assert_eq!(
            first.resource.arn,
            "AWS::::Account:123456789012/event/session/ASIAIOSFODNN7EXAMPLE"
        );
        let other_session = root_call(
            "2026-11-23T09:45:00Z",
            "e-3",
            json!({"accessKeyId": "ASIAOTHERSESSION0001"}),
        );
        assert_ne!(first.resource.arn, other_session.resource.arn);

        let key = json!({"accessKeyId": "AKIAROOTKEYEXAMPLE01", "sessionContext": null});
        let monday = root_call("2026-11-23T09:00:00Z", "e-4", key.clone());
        let monday_later = root_call("2026-11-23T23:59:00Z", "e-5", key.clone());
        let tuesday = root_call("2026-11-24T00:01:00Z", "e-6", key);
        assert_eq!(monday.resource.arn, monday_later.resource.arn);
        assert_ne!(monday.resource.arn, tuesday.resource.arn);
        assert!(monday
            .resource
            .arn
            .ends_with("key/AKIAROOTKEYEXAMPLE01/2026-11-23"));

        let no_key = root_call("2026-11-23T09:00:00Z", "e-7", json!({"accessKeyId": null}));
        assert!(
            no_key.resource.arn.ends_with("/event/e-7"),
            "{}",
            no_key.resource.arn
        );
    }

    #[test]
    fn a_root_sessions_later_calls_are_not_alerted_again() {
        use crate::evaluate::assess;
        let settings = crate::Settings::default();
        let decide = |prev: Option<&crate::state::ResourceState>, o: &crate::Observation| {
            let a = assess(o, &settings, &crate::lookups::Lookups::none()).unwrap();
            match crate::decide(
                prev,
                o,
                &a,
                &settings,
                "2026-11-23T10:00:00Z".parse().unwrap(),
            ) {
                crate::Decision::Apply(applied) => applied.state,
                other => panic!("{other:?}"),
            }
        };
        let first = decide(None, &root_call("2026-11-23T09:21:00Z", "e-1", json!({})));
        assert_eq!(
            first.outbox.alerts.len(),
            1,
            "the session's first call alerts"
        );
        let mut stored = first;
        stored.outbox = Default::default();
        let second = decide(
            Some(&stored),
            &root_call("2026-11-23T09:40:00Z", "e-2", json!({})),
        );
        assert!(
            second.outbox.alerts.is_empty(),
            "{:?}",
            second.outbox.alerts
        );
    }

    #[test]
    fn the_samples_are_root_use_and_a_sign_in_without_mfa() {
        use crate::resources::activity::ActivityKind;
        let root = include_str!("../../../../events/signin/root-console-login.json");
        assert_eq!(activity(root).kind, ActivityKind::RootUse);
        let Parsed::Observation(o) = parse_event_str(root).unwrap() else {
            panic!()
        };
        let actor = o.origin.actor.unwrap();
        assert_eq!(actor.identity_type.as_deref(), Some("Root"));
        assert_eq!(actor.source_ip.as_deref(), Some("192.0.2.10"));
        assert_eq!(o.resource.region, "us-east-1");
        let user = include_str!("../../../../events/signin/console-login-without-mfa.json");
        let a = activity(user);
        assert_eq!(a.kind, ActivityKind::SignInWithoutMfa);
        assert_eq!(a.mfa_used, Some(false));
        let call = include_str!("../../../../events/signin/root-api-call.json");
        assert_eq!(activity(call).kind, ActivityKind::RootUse);
    }

    fn sign_in(identity: &str, result: &str, mfa: &str) -> serde_json::Value {
        json!({
            "version": "0", "id": "e1", "detail-type": "AWS Console Sign In via CloudTrail",
            "source": "aws.signin", "account": "123456789012", "time": "2026-11-23T09:00:05Z",
            "region": "us-east-1", "resources": [],
            "detail": {"eventVersion": "1.08",
                "userIdentity": {"type": identity, "arn": "arn:aws:iam::123456789012:user/Anaya",
                                 "accountId": "123456789012", "userName": "Anaya"},
                "eventTime": "2026-11-23T09:00:00Z", "eventSource": "signin.amazonaws.com",
                "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
                "sourceIPAddress": "192.0.2.0", "requestParameters": null,
                "responseElements": {"ConsoleLogin": result},
                "additionalEventData": {"MFAUsed": mfa}, "eventID": "ev-1",
                "eventType": "AwsConsoleSignIn"}
        })
    }

    #[test]
    fn mfa_sign_ins_and_federated_sign_ins_are_ignored() {
        for (identity, result, mfa) in [
            ("IAMUser", "Success", "Yes"),
            ("AssumedRole", "Success", "No"),
            ("IAMUser", "Unexpected", "No"),
        ] {
            assert!(
                matches!(
                    parse_event(&sign_in(identity, result, mfa)),
                    Ok(Parsed::Ignored { .. })
                ),
                "{identity} {result} {mfa}"
            );
        }
        assert!(matches!(
            parse_event(&sign_in("IAMUser", "Success", "No")),
            Ok(Parsed::Observation(_))
        ));
    }

    #[test]
    fn a_failed_sign_in_is_counted_whoever_tried() {
        let sample = include_str!("../../../../events/signin/console-login-failure.json");
        let Ok(Parsed::FailedSignIn(f)) = parse_event_str(sample) else {
            panic!("not a failed sign-in")
        };
        assert_eq!(f.user_name.as_deref(), Some("Anaya"));
        assert_eq!(f.source_ip.as_deref(), Some("203.0.113.45"));
        assert_eq!(f.account, "123456789012");
        assert_eq!(f.region, "us-east-1");
        assert_eq!(f.event_id, "3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d");
        assert_eq!(f.at.to_rfc3339(), "2026-11-23T09:20:02+00:00");
        let mut hidden = sign_in("IAMUser", "Failure", "No");
        hidden["detail"]["userIdentity"]["userName"] = json!(crate::burst::HIDDEN_USER);
        let Ok(Parsed::FailedSignIn(f)) = parse_event(&hidden) else {
            panic!("not a failed sign-in")
        };
        assert_eq!(f.user_name.as_deref(), Some(crate::burst::HIDDEN_USER));
        let Ok(Parsed::FailedSignIn(f)) = parse_event(&sign_in("Root", "Failure", "No")) else {
            panic!("a root failure is counted too")
        };
        assert_eq!(f.identity_type.as_deref(), Some("Root"));
        let mut no_time = sign_in("IAMUser", "Failure", "No");
        no_time["detail"]["eventTime"] = json!("yesterday");
        assert!(parse_event(&no_time).is_err());
    }

    #[test]
    fn a_burst_is_one_observation_of_activity_saying_what_it_was() {
        use crate::burst::{count, Counted};
        let sample: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../events/signin/console-login-failure.json"
        ))
        .unwrap();
        let settings = crate::Settings::default();
        let mut counter = None;
        let mut burst = None;
        for i in 0..5 {
            let mut e = sample.clone();
            e["detail"]["eventID"] = json!(format!("ev-{i}"));
            let Ok(Parsed::FailedSignIn(f)) = parse_event(&e) else {
                panic!()
            };
            let Counted::Write {
                counter: c,
                burst: b,
            } = count(counter.as_ref(), &f, &settings)
            else {
                panic!()
            };
            counter = Some(c);
            burst = burst.or(b);
        }
        let o = super::burst_observation(&burst.expect("five failures are a burst"));
        assert_eq!(o.resource.id, "ev-4");
        assert_eq!(o.resource.arn, "AWS::::Account:123456789012/event/ev-4");
        let ObservedState::Present(crate::Resource::Activity(a)) = o.state else {
            panic!()
        };
        let what = a.burst.unwrap();
        assert!(what.contains("5 failed console sign-ins"), "{what}");
        assert!(
            what.contains("Anaya (5)") && what.contains("203.0.113.45 (5)"),
            "{what}"
        );
    }

    /// bob's public `ModifyDBInstance` sample, made by the root user (the root API call
    /// sample's `userIdentity`).
    fn root_modify_db_instance() -> serde_json::Value {
        let mut e: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../events/cloudtrail/rds/modify-db-instance-public.json"
        ))
        .unwrap();
        let root: serde_json::Value =
            serde_json::from_str(include_str!("../../../../events/signin/root-api-call.json"))
                .unwrap();
        e["detail"]["userIdentity"] = root["detail"]["userIdentity"].clone();
        e
    }

    #[test]
    fn a_root_call_evaluated_for_its_resource_is_also_root_use() {
        use crate::resources::activity::ActivityKind;
        use crate::sources::read_event;
        use crate::verdict::Verdict;
        let e = root_modify_db_instance();
        let read = read_event(&e).unwrap();
        // The resource's outcome, as for anyone's call, naming the root user as the caller.
        let Parsed::Observation(resource) = &read.parsed else {
            panic!("{:?}", read.parsed)
        };
        assert_eq!(resource.resource.resource_type.0, "AWS::RDS::DBInstance");
        let ObservedState::Present(db) = &resource.state else {
            panic!("{:?}", resource.state)
        };
        let failing: Vec<&str> =
            crate::evaluate(db, &crate::Settings::default(), &crate::Lookups::default())
                .into_iter()
                .filter(|o| matches!(o.verdict, Verdict::Failed { .. }))
                .map(|o| o.rule.id)
                .collect();
        assert!(
            failing.contains(&"rds-instance-public-access"),
            "{failing:?}"
        );
        // And the root user's use beside it: one observation of activity, identified by the
        // root session (a redelivery, or another call of the session, is the same resource),
        // whose one rule fails.
        let root = read.root_use.expect("the root user's use");
        assert_eq!(
            root.resource.resource_type.0,
            crate::resources::activity::ACTIVITY_TYPE
        );
        let key = e["detail"]["userIdentity"]["accessKeyId"].as_str().unwrap();
        assert_eq!(root.resource.id, format!("session/{key}"));
        let ObservedState::Present(crate::Resource::Activity(a)) = &root.state else {
            panic!("{:?}", root.state)
        };
        assert_eq!(a.kind, ActivityKind::RootUse);
        assert_eq!(a.event_name, "ModifyDBInstance");
        let outcomes = crate::evaluate(
            &crate::Resource::Activity(a.clone()),
            &crate::Settings::default(),
            &crate::Lookups::default(),
        );
        let failing: Vec<&str> = outcomes
            .iter()
            .filter(|o| matches!(o.verdict, Verdict::Failed { .. }))
            .map(|o| o.rule.id)
            .collect();
        assert_eq!(failing, ["root-user-activity"]);
        // `parse_event` keeps giving the resource's observation alone.
        assert_eq!(parse_event(&e).unwrap(), read.parsed);
    }

    #[test]
    fn only_the_root_users_evaluated_calls_carry_a_root_use_beside_them() {
        use crate::sources::read_event;
        // Someone else's call: no root use.
        let e: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../events/cloudtrail/rds/modify-db-instance-public.json"
        ))
        .unwrap();
        let read = read_event(&e).unwrap();
        assert!(matches!(read.parsed, Parsed::Observation(_)) && read.root_use.is_none());
        // A root call no kind evaluates: the root use is what it says, once.
        let call: serde_json::Value =
            serde_json::from_str(include_str!("../../../../events/signin/root-api-call.json"))
                .unwrap();
        let read = read_event(&call).unwrap();
        assert!(read.root_use.is_none());
        assert_eq!(activity(&call.to_string()).event_name, "PutBucketPolicy");
        // An AWS service acting for the root user on a watched resource: not root use.
        let mut e = root_modify_db_instance();
        e["detail"]["userIdentity"]["invokedBy"] = json!("cloudformation.amazonaws.com");
        assert!(read_event(&e).unwrap().root_use.is_none());
    }

    #[test]
    fn a_root_users_read_only_call_is_root_use() {
        // What RootActivityRule's state (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS) lets
        // through: a root console session browsing. Anyone else's read-only call is ignored.
        let mut e: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../events/cloudtrail/rds/describe-db-instances-readonly.json"
        ))
        .unwrap();
        assert!(matches!(parse_event(&e), Ok(Parsed::Ignored { .. })));
        let root: serde_json::Value =
            serde_json::from_str(include_str!("../../../../events/signin/root-api-call.json"))
                .unwrap();
        e["detail"]["userIdentity"] = root["detail"]["userIdentity"].clone();
        let a = activity(&e.to_string());
        assert_eq!(a.kind, crate::resources::activity::ActivityKind::RootUse);
        assert_eq!(a.event_name, "DescribeDBInstances");
    }

    #[test]
    fn a_service_acting_for_the_root_user_is_not_root_use() {
        let mut e: serde_json::Value =
            serde_json::from_str(include_str!("../../../../events/signin/root-api-call.json"))
                .unwrap();
        e["detail"]["userIdentity"]["invokedBy"] = json!("cloudformation.amazonaws.com");
        assert!(matches!(parse_event(&e), Ok(Parsed::Ignored { .. })));
        // A call without a userIdentity at all is bad input only where the call is routed;
        // here it is simply not root use.
        e["detail"]["userIdentity"] = json!({"type": "IAMUser", "userName": "bob"});
        assert!(matches!(parse_event(&e), Ok(Parsed::Ignored { .. })));
    }
}
