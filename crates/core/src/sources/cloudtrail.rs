//! CloudTrail "AWS API Call via CloudTrail" events.
//!
//! Which calls matter is data: each [kind descriptor](crate::kinds) lists its calls, with the
//! service, the call's name as CloudTrail writes it, what the call means for the resource and
//! [how the call names it](crate::kinds::Naming) (read in [`super::naming`]). Calls that failed
//! (`errorCode`) and read-only calls change nothing and are ignored. Who made the call is read
//! in [`super::actor`].

use super::naming::{resource_ref, CallParts};
use super::{Envelope, Parsed};
use crate::error::InputError;
use crate::json::{Obj, Warnings};
use crate::kinds::{self, Kind};
use crate::observation::{Observation, ObservedState, Origin, SourceKind};
use serde_json::Value;
use std::sync::LazyLock;

pub use crate::kinds::{CallEffect, CallSpec};

/// The write calls Vigil evaluates: every [kind descriptor](crate::kinds::Kind::calls)'s calls,
/// with their kinds. The SAM template's CloudTrail event patterns route exactly these (a test
/// checks both ways).
pub static CALLS: LazyLock<Vec<CallSpec>> = LazyLock::new(|| kinds::calls().collect());

/// The first spec of a call with this source and name, if Vigil evaluates it (a name that
/// several kinds share, such as API Gateway's `CreateStage`, is told apart by the call itself:
/// see [`parse`]).
pub fn spec_for(event_source: &str, event_name: &str) -> Option<CallSpec> {
    kinds::call_for(event_source, event_name)
}

/// The spec of this call: the first row with its source and name whose
/// [`only_if`](crate::kinds::Call::only_if) place the call fills.
fn spec_of(
    d: Obj<'_>,
    event_source: &str,
    event_name: &str,
) -> Result<Option<CallSpec>, InputError> {
    for spec in kinds::calls_named(event_source, event_name) {
        match &spec.call.only_if {
            None => return Ok(Some(spec)),
            Some(place) => {
                let parts = CallParts::of(d, spec.call.naming.wrapper)?;
                if parts.find(place)?.is_some() {
                    return Ok(Some(spec));
                }
            }
        }
    }
    Ok(None)
}

/// Reads a CloudTrail API call event.
pub fn parse(envelope: &Envelope<'_>) -> Result<Parsed, InputError> {
    let d = envelope.detail;
    let event_source = d.req_str("eventSource")?;
    let event_name = d.req_str("eventName")?;
    if let Some(code) = d.opt_str("errorCode")? {
        return Ok(Parsed::ignored(
            format!("{event_name} failed with {code}: the call changed nothing"),
            None,
        ));
    }
    let read_only = d.bool_fact("readOnly")?;
    if read_only.get() == Some(&true) || (!read_only.is_known() && looks_read_only(event_name)) {
        return Ok(Parsed::ignored(
            format!("{event_name} is a read-only call"),
            None,
        ));
    }
    // A request or response that is not an object is malformed input, whatever names the
    // resource.
    d.opt_obj("requestParameters", "detail.requestParameters")?;
    d.opt_obj("responseElements", "detail.responseElements")?;
    let Some(spec) = spec_of(d, event_source, event_name)? else {
        return Ok(Parsed::ignored(
            format!("{event_source} {event_name} is not a call Vigil evaluates"),
            None,
        ));
    };
    let account = d.opt_str("recipientAccountId")?.unwrap_or(envelope.account);
    let region = d.opt_str("awsRegion")?.unwrap_or(envelope.region);
    let captured_at = d.req_time("eventTime")?;
    let event_id = d.opt_str("eventID")?.unwrap_or(envelope.id);

    let parts = CallParts::of(d, spec.call.naming.wrapper)?;
    if let Some(n) = parts.several(spec.call.naming.name) {
        return Ok(Parsed::ignored(
            format!(
                "{event_name} acts on {n} {}s in one call and Vigil reads one resource per call: AWS Config's items (or the sweep) report each of them",
                spec.kind.noun
            ),
            None,
        ));
    }
    let (resource, arn_known) = resource_ref(spec, &parts, account, region)?;
    let kind = spec.kind;
    // The response's members are what the model reads: lenient, like a Config item's
    // configuration (a member of an unexpected type is set aside with a warning).
    let warnings = Warnings::default();
    let state = match spec.call.effect {
        CallEffect::Deletes => ObservedState::Deleted,
        CallEffect::Names => needs_describe(
            kind,
            format!(
                "{event_name} changes the {} in ways its response does not describe: it must be described",
                kind.noun
            ),
        ),
        CallEffect::Describes if !arn_known => needs_describe(
            kind,
            format!(
                "{event_name}'s response does not carry the {}'s ARN: it must be described",
                kind.noun
            ),
        ),
        CallEffect::Describes => match parts.described.map(|r| (r.value, r.path())) {
            Some((Value::Object(map), path)) if !map.is_empty() => {
                let mut map = map.clone();
                for member in spec.call.unrecorded {
                    map.remove(*member);
                }
                let supplementary = spec.call.supplement.and_then(|s| {
                    map.remove(s.member)
                        .map(|value| serde_json::json!({ s.key: value }))
                });
                let description = Value::Object(map);
                let at = Obj::new(&description, &path)?.with_warnings(&warnings);
                let supplementary = supplementary
                    .as_ref()
                    .map(|s| Obj::new(s, &path).map(|o| o.with_warnings(&warnings)))
                    .transpose()?;
                let mut parsed = (kind.parse)(at, supplementary)?;
                parsed.fill_from_arn(&resource.arn);
                ObservedState::Present(parsed)
            }
            _ => needs_describe(
                kind,
                format!("{event_name}'s responseElements are empty: the {} must be described", kind.noun),
            ),
        },
    };
    Ok(Parsed::Observation(Observation {
        resource,
        captured_at,
        origin: Origin {
            kind: SourceKind::CloudTrail,
            event_id: event_id.to_string(),
            what: format!("{event_source} {event_name}"),
            actor: Some(super::actor::actor(d)?),
        },
        state,
        warnings: warnings.into_vec(),
    }))
}

/// The account, to be described again beside a call whose row says it may change an
/// account-level verdict ([`kinds::Call::account_too`]), named by the caller's account
/// (`kinds::account::named_by_caller`). `None` for any other call, for a deletion, and when the
/// caller names no account (an AWS service's own call: the next sweep judges the account).
pub(super) fn account_beside(
    envelope: &Envelope<'_>,
    parsed: &Parsed,
) -> Result<Option<Observation>, InputError> {
    let Parsed::Observation(call) = parsed else {
        return Ok(None);
    };
    if matches!(call.state, ObservedState::Deleted) {
        return Ok(None);
    }
    let d = envelope.detail;
    let event_name = d.req_str("eventName")?;
    let Some(spec) = spec_of(d, d.req_str("eventSource")?, event_name)? else {
        return Ok(None);
    };
    if !spec.call.account_too {
        return Ok(None);
    }
    let beside = kinds::account::named_by_caller();
    let parts = CallParts::of(d, beside.call.naming.wrapper)?;
    let Ok((resource, _)) = resource_ref(
        beside,
        &parts,
        &call.resource.account,
        &call.resource.region,
    ) else {
        return Ok(None);
    };
    Ok(Some(Observation {
        resource,
        captured_at: call.captured_at,
        origin: call.origin.clone(),
        state: needs_describe(
            beside.kind,
            format!(
                "{event_name} may change the account's CloudTrail.1: the account must be described"
            ),
        ),
        warnings: Vec::new(),
    }))
}

/// The state of a call whose resource must be described: the reason says when the shell has no
/// describer for the kind yet, so the rules the call affects stay undetermined (never passed).
fn needs_describe(kind: &Kind, reason: String) -> ObservedState {
    let reason = if kind.describable() {
        reason
    } else {
        format!(
            "{reason}, and Vigil cannot describe a {} yet: the rules the call affects stay undetermined until AWS Config or a describer reports it",
            kind.noun
        )
    };
    ObservedState::NeedsFetch { reason }
}

fn looks_read_only(event_name: &str) -> bool {
    ["Describe", "List", "Get", "Head", "Lookup"]
        .iter()
        .any(|p| event_name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::super::parse_event;
    use super::*;
    use crate::fact::Fact;
    use crate::kinds::Place;
    use crate::resource::{Resource, ResourceType};
    use serde_json::{json, Value};

    fn event(name: &str, request: Value, response: Value) -> Value {
        json!({
            "version": "0", "id": "36eb8523-97d0-4518-b33d-ee3579ff19f0",
            "detail-type": "AWS API Call via CloudTrail", "source": "aws.rds",
            "account": "123456789012", "time": "2026-11-23T09:00:05Z", "region": "eu-west-2",
            "resources": [],
            "detail": {
                "eventVersion": "1.08",
                "userIdentity": {
                    "type": "AssumedRole", "principalId": "AROAEXAMPLE:alice@example.com",
                    "arn": "arn:aws:sts::123456789012:assumed-role/DevOps/alice@example.com",
                    "accountId": "123456789012", "accessKeyId": "ASIAEXAMPLEKEYID",
                    "sessionContext": {
                        "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::123456789012:role/DevOps"},
                        "attributes": {"creationDate": "2026-11-23T08:00:00Z", "mfaAuthenticated": "false"}
                    }
                },
                "eventTime": "2026-11-23T09:00:00Z", "eventSource": "rds.amazonaws.com",
                "eventName": name, "awsRegion": "eu-west-2", "sourceIPAddress": "203.0.113.7",
                "userAgent": "aws-cli/2.15.0", "requestParameters": request,
                "responseElements": response, "requestID": "r1", "eventID": "ev-1",
                "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true,
                "recipientAccountId": "123456789012", "eventCategory": "Management"
            }
        })
    }

    #[test]
    fn a_modify_call_is_evaluated_from_its_response_with_the_actor() {
        let v = event(
            "ModifyDBInstance",
            json!({"dBInstanceIdentifier": "billing-db", "publiclyAccessible": true}),
            json!({"dBInstanceIdentifier": "billing-db", "engine": "postgres", "publiclyAccessible": true,
                   "dBInstanceArn": "arn:aws:rds:eu-west-2:123456789012:db:billing-db", "dbiResourceId": "db-XYZ"}),
        );
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(
            o.resource.arn,
            "arn:aws:rds:eu-west-2:123456789012:db:billing-db"
        );
        assert_eq!(o.resource.id, "db-XYZ");
        assert_eq!(o.origin.kind, SourceKind::CloudTrail);
        let actor = o.origin.actor.unwrap();
        assert_eq!(actor.mfa, Some(false));
        assert_eq!(
            actor.session_issuer.as_deref(),
            Some("arn:aws:iam::123456789012:role/DevOps")
        );
        let ObservedState::Present(Resource::DbInstance(db)) = o.state else {
            panic!()
        };
        assert_eq!(db.publicly_accessible, Fact::Known(true));
        assert_eq!(db.storage_encrypted, Fact::Unknown);
    }

    #[test]
    fn a_delete_call_names_the_resource_from_the_request() {
        let v = event(
            "DeleteDBInstance",
            json!({"dBInstanceIdentifier": "orders-db"}),
            Value::Null,
        );
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.state, ObservedState::Deleted);
        assert_eq!(
            o.resource.arn,
            "arn:aws:rds:eu-west-2:123456789012:db:orders-db"
        );
    }

    #[test]
    fn failed_and_read_only_calls_are_ignored() {
        let mut failed = event(
            "ModifyDBInstance",
            json!({"dBInstanceIdentifier": "x"}),
            Value::Null,
        );
        failed["detail"]["errorCode"] = json!("AccessDenied");
        assert!(
            matches!(parse_event(&failed).unwrap(), Parsed::Ignored { reason, .. } if reason.contains("AccessDenied"))
        );

        let mut read = event("DescribeDBInstances", json!({}), Value::Null);
        read["detail"]["readOnly"] = json!(true);
        assert!(
            matches!(parse_event(&read).unwrap(), Parsed::Ignored { reason, .. } if reason.contains("read-only"))
        );
    }

    #[test]
    fn a_describing_call_without_a_response_needs_a_fetch() {
        let v = event(
            "CreateDBInstance",
            json!({"dBInstanceIdentifier": "orders-db"}),
            Value::Null,
        );
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
    }

    #[test]
    fn calls_vigil_does_not_evaluate_are_ignored() {
        let v = event("CreateDBSecurityGroup", json!({}), Value::Null);
        assert!(matches!(parse_event(&v).unwrap(), Parsed::Ignored { .. }));
    }

    #[test]
    fn a_domain_name_call_is_evaluated_from_its_response_and_a_delete_named_from_the_request() {
        let mut v = event(
            "CreateDomainName",
            json!({"domainName": "api.example.com", "securityPolicy": "TLS_1_0"}),
            json!({"domainName": "api.example.com", "securityPolicy": "TLS_1_0",
                   "endpointConfiguration": {"types": ["REGIONAL"]}, "domainNameStatus": "AVAILABLE"}),
        );
        v["detail"]["eventSource"] = json!("apigateway.amazonaws.com");
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(
            o.resource.arn,
            "arn:aws:apigateway:eu-west-2::/domainnames/api.example.com"
        );
        assert_eq!(
            o.resource.resource_type.as_str(),
            ResourceType::API_GATEWAY_DOMAIN_NAME
        );
        let ObservedState::Present(Resource::DomainName(d)) = o.state else {
            panic!()
        };
        assert_eq!(d.security_policies, Fact::Known(vec!["TLS_1_0".into()]));

        let mut v = event(
            "DeleteDomainName",
            json!({"domainName": "api.example.com"}),
            Value::Null,
        );
        v["detail"]["eventSource"] = json!("apigateway.amazonaws.com");
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.state, ObservedState::Deleted);
        assert_eq!(o.resource.id, "api.example.com");

        let mut v = event("UpdateDomainName", json!({}), Value::Null);
        v["detail"]["eventSource"] = json!("apigateway.amazonaws.com");
        assert!(parse_event(&v).is_err());
    }

    #[test]
    fn a_call_that_names_its_resource_nowhere_is_an_error_naming_the_places() {
        let v = event("DeleteDBInstance", json!({}), Value::Null);
        let err = parse_event(&v).unwrap_err().to_string();
        assert!(
            err.starts_with("`detail.requestParameters.dBInstanceIdentifier` is missing"),
            "{err}"
        );
        assert!(err.contains("RDS database"), "{err}");
        assert!(
            err.contains("responseElements.dBInstanceIdentifier"),
            "{err}"
        );

        // Without any request at all, too.
        let v = event("DeleteDBInstance", Value::Null, Value::Null);
        assert!(parse_event(&v).is_err());
    }

    #[test]
    fn a_name_of_the_wrong_type_is_an_error_naming_the_field_not_the_value() {
        let v = event(
            "DeleteDBInstance",
            json!({"dBInstanceIdentifier": 12345}),
            Value::Null,
        );
        let err = parse_event(&v).unwrap_err().to_string();
        assert_eq!(
            err,
            "`detail.requestParameters.dBInstanceIdentifier` should be a string, found a number"
        );

        let mut v = sample("dax/create-cluster-unencrypted.json");
        v["detail"]["responseElements"] = json!({"cluster": ["not", "an", "object"]});
        let err = parse_event(&v).unwrap_err().to_string();
        assert!(
            err.starts_with("`detail.responseElements.cluster` should be a JSON object"),
            "{err}"
        );
    }

    #[test]
    fn a_create_domain_name_request_body_names_the_domain() {
        let mut v = event(
            "CreateDomainName",
            json!({"createDomainNameInput": {"domainName": "api.example.com"}}),
            Value::Null,
        );
        v["detail"]["eventSource"] = json!("apigateway.amazonaws.com");
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.resource.id, "api.example.com");
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
    }

    #[test]
    fn every_call_is_named_by_its_kinds_descriptor() {
        // The data that replaced the per-type arms (and their DB-instance fallback): each call
        // names a resource of its own kind, from a minimal request (with its parent's id, and
        // the field that tells a shared name apart).
        for spec in CALLS.iter() {
            let naming = spec.call.naming;
            let mut request = json!({});
            let Some(place) = naming.name.iter().find_map(|p| match p {
                Place::Request(path) => Some(*path),
                _ => None,
            }) else {
                // Named by the caller alone (the account's password-policy calls, tested on
                // their samples in `kinds::account`).
                if naming
                    .name
                    .iter()
                    .all(|p| matches!(p, Place::Caller { .. }))
                {
                    continue;
                }
                panic!("{} cannot be named from its request", spec.call.event_name)
            };
            let extra = naming.parent.iter().chain(spec.call.only_if.iter());
            for (path, value) in
                std::iter::once((place, "the-name")).chain(extra.filter_map(|p| match p {
                    Place::Request(path) if *path != place => Some((*path, "the-parent")),
                    _ => None,
                }))
            {
                let mut at = &mut request;
                for key in &path[..path.len() - 1] {
                    at = &mut at[*key];
                }
                at[path[path.len() - 1]] = json!(value);
            }
            let mut v = event(spec.call.event_name, request, Value::Null);
            v["detail"]["eventSource"] = json!(spec.call.event_source);
            let Parsed::Observation(o) = parse_event(&v).unwrap() else {
                panic!("{}", spec.call.event_name)
            };
            assert_eq!(
                o.resource.resource_type.as_str(),
                spec.kind.type_name,
                "{}",
                spec.call.event_name
            );
            assert_eq!(o.resource.display_name(), "the-name");
            assert!(o.resource.arn.ends_with("the-name"), "{}", o.resource.arn);
            if !naming.parent.is_empty() {
                assert!(
                    o.resource.arn.contains("/the-parent/"),
                    "{}",
                    o.resource.arn
                );
            }
        }
    }

    fn sample(path: &str) -> Value {
        let text = match path {
            "rds/create-db-proxy-insecure.json" => {
                include_str!("../../../../events/cloudtrail/rds/create-db-proxy-insecure.json")
            }
            "rds/delete-db-proxy.json" => {
                include_str!("../../../../events/cloudtrail/rds/delete-db-proxy.json")
            }
            "dax/create-cluster-unencrypted.json" => {
                include_str!("../../../../events/cloudtrail/dax/create-cluster-unencrypted.json")
            }
            "dax/delete-cluster.json" => {
                include_str!("../../../../events/cloudtrail/dax/delete-cluster.json")
            }
            other => panic!("no sample {other}"),
        };
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_create_db_proxy_call_is_a_proxy_named_by_its_arn() {
        let Parsed::Observation(o) =
            parse_event(&sample("rds/create-db-proxy-insecure.json")).unwrap()
        else {
            panic!()
        };
        assert_eq!(o.resource.resource_type.as_str(), "AWS::RDS::DBProxy");
        assert_eq!(
            o.resource.arn,
            "arn:aws:rds:eu-west-2:123456789012:db-proxy:prx-0f1e2d3c4b5a69788"
        );
        assert_eq!(o.resource.id, "orders-proxy");
        assert_eq!(o.resource.name.as_deref(), Some("orders-proxy"));
        let ObservedState::Present(Resource::DbProxy(p)) = o.state else {
            panic!("{:?}", o.state)
        };
        assert_eq!(p.require_tls, Fact::Known(false));
        assert_eq!(p.debug_logging, Fact::Known(true));
    }

    #[test]
    fn a_proxy_response_without_its_arn_needs_a_describe() {
        // A proxy's ARN ends in its resource id: it cannot be derived from the name.
        let mut v = sample("rds/create-db-proxy-insecure.json");
        v["detail"]["responseElements"]
            .as_object_mut()
            .unwrap()
            .remove("dBProxyArn");
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert!(
            matches!(o.state, ObservedState::NeedsFetch { .. }),
            "{:?}",
            o.state
        );
        assert_eq!(o.resource.display_name(), "orders-proxy");

        // The wrapped form of the result ({"dBProxy": {...}}) names it too.
        let mut v = sample("rds/create-db-proxy-insecure.json");
        let flat = v["detail"]["responseElements"].take();
        v["detail"]["responseElements"] = json!({ "dBProxy": flat });
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert!(o.resource.arn.ends_with(":db-proxy:prx-0f1e2d3c4b5a69788"));
        assert!(matches!(
            o.state,
            ObservedState::Present(Resource::DbProxy(_))
        ));
    }

    #[test]
    fn delete_calls_delete_proxies_and_dax_clusters() {
        for (path, arn) in [
            (
                "rds/delete-db-proxy.json",
                "arn:aws:rds:eu-west-2:123456789012:db-proxy:prx-0f1e2d3c4b5a69788",
            ),
            (
                "dax/delete-cluster.json",
                "arn:aws:dax:eu-west-2:123456789012:cache/sessions-dax",
            ),
        ] {
            let Parsed::Observation(o) = parse_event(&sample(path)).unwrap() else {
                panic!("{path}")
            };
            assert_eq!(o.state, ObservedState::Deleted, "{path}");
            assert_eq!(o.resource.arn, arn);
        }
    }

    #[test]
    fn a_create_cluster_call_is_a_dax_cluster() {
        let Parsed::Observation(o) =
            parse_event(&sample("dax/create-cluster-unencrypted.json")).unwrap()
        else {
            panic!()
        };
        assert_eq!(o.resource.resource_type.as_str(), "AWS::DAX::Cluster");
        assert_eq!(
            o.resource.arn,
            "arn:aws:dax:eu-west-2:123456789012:cache/sessions-dax"
        );
        assert_eq!(o.origin.what, "dax.amazonaws.com CreateCluster");
        let ObservedState::Present(Resource::DaxCluster(c)) = o.state else {
            panic!("{:?}", o.state)
        };
        assert_eq!(c.sse_status, Fact::Known("DISABLED".into()));
        assert_eq!(c.endpoint_encryption, Fact::Known("NONE".into()));
    }

    #[test]
    fn a_dax_call_without_a_response_is_named_from_the_request() {
        let mut v = sample("dax/create-cluster-unencrypted.json");
        v["detail"]["responseElements"] = Value::Null;
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(
            o.resource.arn,
            "arn:aws:dax:eu-west-2:123456789012:cache/sessions-dax"
        );
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));

        v["detail"]["requestParameters"] = json!({});
        let err = parse_event(&v).unwrap_err();
        assert!(err.to_string().contains("clusterName"), "{err}");
    }

    #[test]
    fn an_rds_create_cluster_is_not_a_dax_call() {
        let mut v = sample("dax/create-cluster-unencrypted.json");
        v["detail"]["eventSource"] = json!("rds.amazonaws.com");
        assert!(matches!(parse_event(&v).unwrap(), Parsed::Ignored { .. }));
    }

    #[test]
    fn the_access_key_id_is_never_kept() {
        let v = event(
            "DeleteDBInstance",
            json!({"dBInstanceIdentifier": "orders-db"}),
            Value::Null,
        );
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert!(!format!("{o:?}").contains("ASIAEXAMPLEKEYID"));
    }

    fn iam_event(name: &str, request: Value, response: Value) -> Value {
        let mut v = event(name, request, response);
        v["source"] = json!("aws.iam");
        v["region"] = json!("us-east-1");
        v["detail"]["eventSource"] = json!("iam.amazonaws.com");
        v["detail"]["awsRegion"] = json!("us-east-1");
        v
    }

    #[test]
    fn an_iam_credential_call_names_the_user_for_describing() {
        let v = iam_event(
            "CreateAccessKey",
            json!({"userName": "alice"}),
            json!({"accessKey": {"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "status": "Active",
                   "userName": "alice", "createDate": "Nov 23, 2026 9:00:00 AM"}}),
        );
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.resource.resource_type.as_str(), "AWS::IAM::User");
        assert_eq!(o.resource.arn, "arn:aws:iam::123456789012:user/alice");
        assert_eq!(o.resource.display_name(), "alice");
        assert_eq!(o.resource.region, "us-east-1");
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }), "{o:?}");
    }

    #[test]
    fn a_call_on_ones_own_user_names_the_caller() {
        let mut v = iam_event(
            "EnableMFADevice",
            json!({"serialNumber": "arn:aws:iam::123456789012:mfa/bob"}),
            Value::Null,
        );
        v["detail"]["userIdentity"] = json!({"type": "IAMUser", "userName": "bob",
            "arn": "arn:aws:iam::123456789012:user/bob", "accountId": "123456789012"});
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.resource.display_name(), "bob");
        // A role cannot act on "its own user": the user must be named.
        let v = iam_event("DeleteLoginProfile", json!({}), Value::Null);
        let err = parse_event(&v).unwrap_err().to_string();
        assert!(err.contains("userName"), "{err}");
    }

    #[test]
    fn the_sample_create_access_key_call_carries_no_secret() {
        let text = include_str!("../../../../events/cloudtrail/iam/create-access-key.json");
        assert!(!text.to_ascii_lowercase().contains("secret"), "{text}");
        let v: Value = serde_json::from_str(text).unwrap();
        let Parsed::Observation(o) = parse_event(&v).unwrap() else {
            panic!()
        };
        assert_eq!(o.resource.display_name(), "reports-batch");
        assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
        assert!(!format!("{o:?}").contains("AKIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn a_trail_created_or_updated_has_the_account_described_beside_it_and_no_other_call() {
        let read = |path: &str| {
            let text = std::fs::read_to_string(format!(
                "{}/../../events/cloudtrail/{path}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            super::super::read_event(&serde_json::from_str(&text).unwrap()).unwrap()
        };
        for path in [
            "cloudtrail/update-trail-log-file-validation-off.json",
            "cloudtrail/create-trail.json",
        ] {
            let r = read(path);
            let Parsed::Observation(trail) = &r.parsed else {
                panic!("{path}: {:?}", r.parsed)
            };
            assert_eq!(trail.resource.resource_type.0, "AWS::CloudTrail::Trail");
            let account = r.account.expect(path);
            assert_eq!(account.resource.resource_type.0, "AWS::::Account", "{path}");
            assert_eq!(
                account.resource.arn, "AWS::::Account:123456789012",
                "{path}"
            );
            assert!(
                matches!(account.state, ObservedState::NeedsFetch { .. }),
                "{path}"
            );
            assert_eq!(
                account.origin, trail.origin,
                "{path}: the same call, the same caller"
            );
        }
        // Stopping, narrowing and deleting are alerted on the trail alone (one change, one
        // alert); other kinds' calls never.
        for path in [
            "cloudtrail/stop-logging.json",
            "cloudtrail/put-event-selectors-write-only.json",
            "cloudtrail/delete-trail.json",
            "rds/modify-db-instance-public.json",
        ] {
            assert!(read(path).account.is_none(), "{path}");
        }
    }
}
