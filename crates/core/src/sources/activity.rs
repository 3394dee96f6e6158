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
//!   (MFA is the identity provider's), sign-ins with MFA and failed sign-ins are ignored (failed
//!   sign-ins are not counted yet).
//! - **Root use** in any other call: an `AWS API Call via CloudTrail` whose
//!   `userIdentity.type` is `Root` and that has no `userIdentity.invokedBy` (an AWS service
//!   acting for the root user) and is not an `AwsServiceEvent`, when the call is not one Vigil
//!   evaluates for its resource (such a call is evaluated as usual, and its alert names the root
//!   user as the caller).

use super::{Envelope, Parsed};
use crate::error::InputError;
use crate::fact::Fact;
use crate::observation::{Observation, ObservedState, Origin, SourceKind};
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
    if result.as_deref() != Some("Success") {
        return Ok(Parsed::ignored(
            "a console sign-in that did not succeed: failed sign-ins are not counted yet",
            None,
        ));
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

/// The root user's own use in an API call, if this call is one.
pub fn root_use(envelope: &Envelope<'_>) -> Result<Option<Parsed>, InputError> {
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
    observation(envelope, ActivityKind::RootUse, None)
        .map(Parsed::Observation)
        .map(Some)
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
    let mut actor = super::actor::actor(d)?;
    // A sign-in carries its MFA in `additionalEventData`, not in a session context.
    if actor.mfa.is_none() {
        actor.mfa = mfa_used;
    }
    let resource = ResourceRef {
        resource_type: ResourceType(ACTIVITY_TYPE.to_string()),
        id: event_id.to_string(),
        name: Some(format!("{event_name} by {}", actor.who())),
        arn: activity_arn(account, event_id),
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
    fn mfa_sign_ins_failures_and_federated_sign_ins_are_ignored() {
        for (identity, result, mfa) in [
            ("IAMUser", "Success", "Yes"),
            ("IAMUser", "Failure", "No"),
            ("AssumedRole", "Success", "No"),
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
