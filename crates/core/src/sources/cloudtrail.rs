//! CloudTrail "AWS API Call via CloudTrail" events.
//!
//! Which calls matter is data ([`CALLS`]): for each, the service, the call's name as CloudTrail
//! writes it, the resource type, and what the call means for that resource. Calls that failed
//! (`errorCode`) and read-only calls change nothing and are ignored.

use super::{Envelope, Parsed};
use crate::error::InputError;
use crate::json::{join, Obj};
use crate::observation::{Actor, Observation, ObservedState, Origin, SourceKind};
use crate::resource::{partition_of, ResourceRef, ResourceType};
use crate::resources;

/// What a call means for its resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallEffect {
    /// The call's `responseElements` describe the resource as it now is.
    Describes,
    /// The call deletes the resource.
    Deletes,
    /// The call changes something about the resource that neither its response nor the
    /// resource's AWS Config item describes (an IAM user's access keys, password or MFA
    /// devices): the resource is described again and re-evaluated, so the rules that look it up
    /// judge the change at once instead of at the next Config change.
    Names,
}

/// One write call Vigil evaluates.
#[derive(Clone, Copy, Debug)]
pub struct CallSpec {
    /// `eventSource`, e.g. `rds.amazonaws.com`.
    pub event_source: &'static str,
    /// `eventName` as CloudTrail writes it.
    pub event_name: &'static str,
    /// The AWS Config type of the resource the call acts on.
    pub resource_type: &'static str,
    /// What the call means.
    pub effect: CallEffect,
}

const fn call(
    event_source: &'static str,
    event_name: &'static str,
    resource_type: &'static str,
    effect: CallEffect,
) -> CallSpec {
    CallSpec {
        event_source,
        event_name,
        resource_type,
        effect,
    }
}

const RDS: &str = "rds.amazonaws.com";
const DAX: &str = "dax.amazonaws.com";
const DB_INSTANCE: &str = ResourceType::RDS_DB_INSTANCE;
const IAM: &str = "iam.amazonaws.com";
const IAM_USER: &str = ResourceType::IAM_USER;
const DB_PROXY: &str = ResourceType::RDS_DB_PROXY;
const DAX_CLUSTER: &str = ResourceType::DAX_CLUSTER;
const APIGATEWAY: &str = "apigateway.amazonaws.com";
const DOMAIN_NAME: &str = ResourceType::API_GATEWAY_DOMAIN_NAME;

/// The write calls Vigil evaluates. The SAM template's CloudTrail event pattern lists the same
/// names (a test keeps the two in step).
pub const CALLS: &[CallSpec] = &[
    call(RDS, "CreateDBInstance", DB_INSTANCE, CallEffect::Describes),
    call(
        RDS,
        "CreateDBInstanceReadReplica",
        DB_INSTANCE,
        CallEffect::Describes,
    ),
    call(RDS, "ModifyDBInstance", DB_INSTANCE, CallEffect::Describes),
    call(
        RDS,
        "RestoreDBInstanceFromDBSnapshot",
        DB_INSTANCE,
        CallEffect::Describes,
    ),
    call(
        RDS,
        "RestoreDBInstanceToPointInTime",
        DB_INSTANCE,
        CallEffect::Describes,
    ),
    call(
        RDS,
        "RestoreDBInstanceFromS3",
        DB_INSTANCE,
        CallEffect::Describes,
    ),
    call(
        RDS,
        "PromoteReadReplica",
        DB_INSTANCE,
        CallEffect::Describes,
    ),
    call(RDS, "DeleteDBInstance", DB_INSTANCE, CallEffect::Deletes),
    // An IAM user's credentials (FSBP IAM.3, IAM.5, IAM.8): not in the user's Config item.
    call(IAM, "CreateAccessKey", IAM_USER, CallEffect::Names),
    call(IAM, "UpdateAccessKey", IAM_USER, CallEffect::Names),
    call(IAM, "DeleteAccessKey", IAM_USER, CallEffect::Names),
    call(IAM, "CreateLoginProfile", IAM_USER, CallEffect::Names),
    call(IAM, "UpdateLoginProfile", IAM_USER, CallEffect::Names),
    call(IAM, "DeleteLoginProfile", IAM_USER, CallEffect::Names),
    call(IAM, "EnableMFADevice", IAM_USER, CallEffect::Names),
    call(IAM, "DeactivateMFADevice", IAM_USER, CallEffect::Names),
    // RDS Proxy and DAX: AWS Config records neither, so these calls are their only events
    // (resources::CLOUDTRAIL_ONLY). Names as the RDS and DAX API references spell the actions.
    call(RDS, "CreateDBProxy", DB_PROXY, CallEffect::Describes),
    call(RDS, "ModifyDBProxy", DB_PROXY, CallEffect::Describes),
    call(RDS, "DeleteDBProxy", DB_PROXY, CallEffect::Deletes),
    call(DAX, "CreateCluster", DAX_CLUSTER, CallEffect::Describes),
    call(DAX, "UpdateCluster", DAX_CLUSTER, CallEffect::Describes),
    call(DAX, "DeleteCluster", DAX_CLUSTER, CallEffect::Deletes),
    // Custom domain names (REST and v2 APIs share them and the call names); AWS Config does
    // not record them (`resources::CLOUDTRAIL_ONLY`).
    call(
        APIGATEWAY,
        "CreateDomainName",
        DOMAIN_NAME,
        CallEffect::Describes,
    ),
    call(
        APIGATEWAY,
        "UpdateDomainName",
        DOMAIN_NAME,
        CallEffect::Describes,
    ),
    call(
        APIGATEWAY,
        "DeleteDomainName",
        DOMAIN_NAME,
        CallEffect::Deletes,
    ),
];

/// The spec of a call, if Vigil evaluates it.
pub fn spec_for(event_source: &str, event_name: &str) -> Option<&'static CallSpec> {
    CALLS
        .iter()
        .find(|c| c.event_source == event_source && c.event_name == event_name)
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
    let Some(spec) = spec_for(event_source, event_name) else {
        return Ok(Parsed::ignored(
            format!("{event_source} {event_name} is not a call Vigil evaluates"),
            None,
        ));
    };
    let account = d.opt_str("recipientAccountId")?.unwrap_or(envelope.account);
    let region = d.opt_str("awsRegion")?.unwrap_or(envelope.region);
    let captured_at = d.req_time("eventTime")?;
    let event_id = d.opt_str("eventID")?.unwrap_or(envelope.id);

    let request = d.opt_obj("requestParameters", "detail.requestParameters")?;
    let response = d.opt_obj("responseElements", "detail.responseElements")?;
    let (resource, arn_known) = match spec.resource_type {
        IAM_USER => (iam_user_ref(d, account, region, request, response)?, true),
        DOMAIN_NAME => (domain_name_ref(account, region, request, response)?, true),
        _ => resource_ref(spec, account, region, request, response)?,
    };
    let state = match spec.effect {
        CallEffect::Deletes => ObservedState::Deleted,
        CallEffect::Names => ObservedState::NeedsFetch {
            reason: format!(
                "{event_name} changes the {} in ways its Config item does not record: it must be described",
                spec.resource_type
            ),
        },
        CallEffect::Describes if !arn_known => ObservedState::NeedsFetch {
            reason: format!(
                "{event_name}'s response does not carry the resource's ARN: the resource must be described"
            ),
        },
        CallEffect::Describes => match response {
            Some(description) => {
                match resources::parse_configuration(spec.resource_type, description, None) {
                    Some(parsed) => ObservedState::Present(parsed?),
                    None => ObservedState::NeedsFetch {
                        reason: format!("{event_name} does not describe a {}", spec.resource_type),
                    },
                }
            }
            None => ObservedState::NeedsFetch {
                reason: format!(
                    "{event_name}'s responseElements are empty: the resource must be described"
                ),
            },
        },
    };
    Ok(Parsed::Observation(Observation {
        resource,
        captured_at,
        origin: Origin {
            kind: SourceKind::CloudTrail,
            event_id: event_id.to_string(),
            what: format!("{event_source} {event_name}"),
            actor: Some(actor(d)?),
        },
        state,
    }))
}

fn looks_read_only(event_name: &str) -> bool {
    ["Describe", "List", "Get", "Head", "Lookup"]
        .iter()
        .any(|p| event_name.starts_with(p))
}

/// Names the resource from the response (its ARN and resource id) or, failing that, from the
/// request's identifier. Each resource type names itself differently. The flag says whether
/// the ARN is the real one: a DB proxy's ARN cannot be derived from its name.
fn resource_ref(
    spec: &CallSpec,
    account: &str,
    region: &str,
    request: Option<Obj<'_>>,
    response: Option<Obj<'_>>,
) -> Result<(ResourceRef, bool), InputError> {
    let partition = partition_of(region);
    let mut arn_known = true;
    let (id, name, arn) = match spec.resource_type {
        DB_PROXY => {
            // `responseElements` is the proxy, or `{"dBProxy": {...}}` (the result's member).
            let path = "detail.responseElements.dBProxy";
            let described = match response {
                Some(r) => Some(r.opt_obj("dBProxy", path)?.unwrap_or(r)),
                None => None,
            };
            let name = identifier(described, request, "dBProxyName", "DB proxy")?;
            // A proxy's ARN ends in its resource id (`db-proxy:prx-…`), which only a
            // description carries; until then it is named by its name, and the describe call
            // replaces that with the real ARN.
            let arn = match described.map(|d| d.opt_str("dBProxyArn")).transpose()? {
                Some(Some(arn)) => arn.to_string(),
                _ => {
                    arn_known = false;
                    format!("arn:{partition}:rds:{region}:{account}:db-proxy:{name}")
                }
            };
            (name.to_string(), name, arn)
        }
        DAX_CLUSTER => {
            let path = "detail.responseElements.cluster";
            let described = match response {
                Some(r) => Some(r.opt_obj("cluster", path)?.unwrap_or(r)),
                None => None,
            };
            let name = identifier(described, request, "clusterName", "DAX cluster")?;
            let arn = match described.map(|d| d.opt_str("clusterArn")).transpose()? {
                Some(Some(arn)) => arn.to_string(),
                _ => format!("arn:{partition}:dax:{region}:{account}:cache/{name}"),
            };
            (name.to_string(), name, arn)
        }
        _ => {
            let name = identifier(response, request, "dBInstanceIdentifier", "DB instance")?;
            let from_response = |key: &str| -> Result<Option<&str>, InputError> {
                response
                    .map(|r| r.opt_str(key))
                    .transpose()
                    .map(Option::flatten)
            };
            let arn = match from_response("dBInstanceArn")? {
                Some(arn) => arn.to_string(),
                None => format!("arn:{partition}:rds:{region}:{account}:db:{name}"),
            };
            let id = from_response("dbiResourceId")?.unwrap_or(name).to_string();
            (id, name, arn)
        }
    };
    let resource = ResourceRef {
        resource_type: ResourceType(spec.resource_type.to_string()),
        id,
        name: Some(name.to_string()),
        arn,
        account: account.to_string(),
        region: region.to_string(),
    };
    Ok((resource, arn_known))
}

/// The resource's identifier (`key`) from its description, else from the request.
fn identifier<'a>(
    described: Option<Obj<'a>>,
    request: Option<Obj<'a>>,
    key: &str,
    what: &str,
) -> Result<&'a str, InputError> {
    if let Some(id) = described.map(|d| d.opt_str(key)).transpose()?.flatten() {
        return Ok(id);
    }
    match request {
        Some(r) => r.req_str(key),
        None => Err(InputError::missing(
            "detail.requestParameters",
            format!("the request naming the {what} ({key})"),
        )),
    }
}

/// Names the IAM user a credential call acts on: the request's `userName`, else the response's
/// `accessKey.userName` (`CreateAccessKey`), else the caller itself when it is an IAM user (IAM
/// applies these calls to the caller's own user when `userName` is left out). The ARN is built
/// without the user's path and the id is the name until the user is described (`GetUser` gives
/// the ARN and the `UserId` AWS Config uses).
fn iam_user_ref(
    d: Obj<'_>,
    account: &str,
    region: &str,
    request: Option<Obj<'_>>,
    response: Option<Obj<'_>>,
) -> Result<ResourceRef, InputError> {
    let mut name = request
        .map(|r| r.opt_str("userName"))
        .transpose()?
        .flatten();
    if name.is_none() {
        if let Some(response) = response {
            if let Some(key) = response.opt_obj("accessKey", "detail.responseElements.accessKey")? {
                name = key.opt_str("userName")?;
            }
        }
    }
    if name.is_none() {
        if let Some(identity) = d.opt_obj("userIdentity", "detail.userIdentity")? {
            if identity.opt_str("type")? == Some("IAMUser") {
                name = identity.opt_str("userName")?;
            }
        }
    }
    let name = name.ok_or_else(|| {
        InputError::missing(
            "detail.requestParameters.userName",
            "the IAM user the call acts on (userName, or an IAM user as the caller)",
        )
    })?;
    Ok(ResourceRef {
        resource_type: ResourceType(IAM_USER.to_string()),
        id: name.to_string(),
        name: Some(name.to_string()),
        arn: format!("arn:{}:iam::{account}:user/{name}", partition_of(region)),
        account: account.to_string(),
        region: region.to_string(),
    })
}

/// Names a custom domain name: `domainName` from the response, else the request (a path
/// parameter of Update/Delete, the body of Create: also looked for under
/// `createDomainNameInput`). ARN `arn:<partition>:apigateway:<region>::/domainnames/<name>`.
fn domain_name_ref(
    account: &str,
    region: &str,
    request: Option<Obj<'_>>,
    response: Option<Obj<'_>>,
) -> Result<ResourceRef, InputError> {
    let mut name = match response {
        Some(r) => r.opt_str("domainName")?,
        None => None,
    };
    if let (None, Some(r)) = (name, request) {
        name = match r.opt_str("domainName")? {
            Some(n) => Some(n),
            None => match r.opt_obj(
                "createDomainNameInput",
                "detail.requestParameters.createDomainNameInput",
            )? {
                Some(input) => input.opt_str("domainName")?,
                None => None,
            },
        };
    }
    let name = name.ok_or_else(|| {
        InputError::missing(
            "detail.requestParameters.domainName",
            "the custom domain name the call acts on",
        )
    })?;
    Ok(ResourceRef {
        resource_type: ResourceType(DOMAIN_NAME.to_string()),
        id: name.to_string(),
        name: Some(name.to_string()),
        arn: format!(
            "arn:{}:apigateway:{region}::/domainnames/{name}",
            partition_of(region)
        ),
        account: account.to_string(),
        region: region.to_string(),
    })
}

/// Who made the call. The access key id is deliberately not kept.
fn actor(d: Obj<'_>) -> Result<Actor, InputError> {
    let mut actor = Actor {
        source_ip: d.opt_str("sourceIPAddress")?.map(str::to_string),
        user_agent: d.opt_str("userAgent")?.map(str::to_string),
        ..Actor::default()
    };
    let Some(identity) = d.opt_obj("userIdentity", "detail.userIdentity")? else {
        return Ok(actor);
    };
    actor.identity_type = identity.opt_str("type")?.map(str::to_string);
    actor.arn = identity.opt_str("arn")?.map(str::to_string);
    let session_path = join("detail.userIdentity", "sessionContext");
    if let Some(session) = identity.opt_obj("sessionContext", &session_path)? {
        if let Some(issuer) = session.opt_obj(
            "sessionIssuer",
            "detail.userIdentity.sessionContext.sessionIssuer",
        )? {
            actor.session_issuer = issuer.opt_str("arn")?.map(str::to_string);
        }
        if let Some(attributes) = session.opt_obj(
            "attributes",
            "detail.userIdentity.sessionContext.attributes",
        )? {
            actor.mfa = attributes.bool_fact("mfaAuthenticated")?.get().copied();
        }
    }
    Ok(actor)
}

#[cfg(test)]
mod tests {
    use super::super::parse_event;
    use super::*;
    use crate::fact::Fact;
    use crate::resource::Resource;
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
        assert_eq!(o.resource.resource_type.as_str(), DOMAIN_NAME);
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
    fn the_sam_template_routes_every_call_vigil_evaluates() {
        let template = include_str!("../../../../template.yaml");
        for c in CALLS {
            assert!(
                template.contains(&format!("- {}\n", c.event_name)),
                "template.yaml's CloudTrail rule does not list {}",
                c.event_name
            );
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
}
