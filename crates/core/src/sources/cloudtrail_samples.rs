//! The CloudTrail reader on the sample calls of every service (`events/cloudtrail/`): each is
//! named as AWS Config names the resource, and described only as far as the call says.

use super::{parse_event, Parsed};
use crate::fact::Fact;
use crate::observation::{Observation, ObservedState};
use crate::resource::Resource;
use serde_json::{json, Value};

fn sample(path: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../../events/cloudtrail/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn observe(v: &Value) -> Observation {
    match parse_event(v).unwrap() {
        Parsed::Observation(o) => o,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_snapshot_made_public_is_known_public_from_the_call() {
    let o = observe(&sample("rds/modify-db-snapshot-attribute-public.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:rds:eu-west-2:123456789012:snapshot:orders-db-before-migration"
    );
    let ObservedState::Present(Resource::DbSnapshot(s)) = o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(s.is_public(), Fact::Known(true));
    // The call says nothing of encryption: unknown, not "unencrypted".
    assert_eq!(s.encrypted, Fact::Unknown);
}

#[test]
fn a_lambda_response_never_says_what_the_environment_holds() {
    // CloudTrail's record of the environment is not the function's variables: read from the
    // call it would look like "no variables" and pass the secrets rule.
    let mut v = sample("lambda/create-function-deprecated-runtime.json");
    v["detail"]["requestParameters"]["environment"] =
        json!({"variables": {"DB_PASSWORD": "planted-ct-secret-4471"}});
    v["detail"]["responseElements"]["environment"] =
        json!({"variables": {"DB_PASSWORD": "planted-ct-secret-4471"}});
    let o = observe(&v);
    assert!(!format!("{o:?}").contains("planted-ct-secret-4471"));
    let ObservedState::Present(Resource::LambdaFunction(f)) = o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(f.environment, Fact::Unknown);
    assert_eq!(f.runtime, Fact::Known(Some("python3.8".into())));
}

#[test]
fn a_function_named_by_its_arn_is_that_function() {
    let o = observe(&sample("lambda/add-permission-public.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:lambda:eu-west-2:123456789012:function:orders-export"
    );
    assert_eq!(o.resource.display_name(), "orders-export");
    assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
}

#[test]
fn a_key_scheduled_for_deletion_is_named_by_the_arn_in_the_response() {
    let o = observe(&sample("kms/schedule-key-deletion.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
    assert_eq!(o.resource.id, "1234abcd-12ab-34cd-56ef-1234567890ab");
    let ObservedState::Present(Resource::KmsKey(k)) = o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(k.key_state, Fact::Known("PendingDeletion".into()));
    assert_eq!(k.rotation_enabled, Fact::Unknown);
}

#[test]
fn rest_and_v2_stage_calls_of_one_name_are_told_apart_by_their_api_id() {
    let o = observe(&sample("apigateway/create-stage-v2-no-logging.json"));
    assert_eq!(
        o.resource.resource_type.as_str(),
        "AWS::ApiGatewayV2::Stage"
    );
    assert_eq!(
        o.resource.arn,
        "arn:aws:apigateway:eu-west-2::/apis/w1s2k3t4u5/stages/prod"
    );
    // The stage's API id comes from the ARN the call builds, as from a Config item's.
    let ObservedState::Present(Resource::V2Stage(stage)) = &o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(stage.api_id, Fact::Known("w1s2k3t4u5".into()));
    let mut v = sample("apigateway/create-stage-v2-no-logging.json");
    let request = v["detail"]["requestParameters"].as_object_mut().unwrap();
    let id = request.remove("apiId").unwrap();
    request.insert("restApiId".into(), id);
    let o = observe(&v);
    assert_eq!(o.resource.resource_type.as_str(), "AWS::ApiGateway::Stage");
    assert_eq!(
        o.resource.arn,
        "arn:aws:apigateway:eu-west-2::/restapis/w1s2k3t4u5/stages/prod"
    );
    // Neither id: no stage Vigil can name, so not a call it evaluates.
    v["detail"]["requestParameters"]
        .as_object_mut()
        .unwrap()
        .remove("restApiId");
    assert!(matches!(parse_event(&v).unwrap(), Parsed::Ignored { .. }));
}

#[test]
fn a_rest_stage_call_has_the_stage_described_and_never_passes_on_missing_variables() {
    let o = observe(&sample("apigateway/update-stage-tracing-off.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:apigateway:eu-west-2::/restapis/a1b2c3d4e5/stages/prod"
    );
    assert!(
        matches!(o.state, ObservedState::NeedsFetch { .. }),
        "{:?}",
        o.state
    );
}

#[test]
fn a_policy_named_by_its_arn_is_that_policy() {
    let o = observe(&sample("iam/create-policy-version.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:iam::123456789012:policy/orders-batch-access"
    );
    assert_eq!(o.resource.display_name(), "orders-batch-access");
    assert_eq!(o.resource.region, "us-east-1");
}

#[test]
fn a_new_role_is_judged_on_its_trust_policy_with_its_real_arn() {
    let o = observe(&sample("iam/create-role-trust-public.json"));
    assert_eq!(
        o.resource.arn,
        "arn:aws:iam::123456789012:role/reports-export"
    );
    assert_eq!(o.resource.id, "AROAZ3EXAMPLEREPORTS");
    assert!(matches!(
        o.state,
        ObservedState::Present(Resource::IamRole(_))
    ));
    let actor = o.origin.actor.unwrap();
    assert_eq!(
        actor.who(),
        "carol@example.com (IAM Identity Center, permission set AdministratorAccess)"
    );
}

#[test]
fn a_rule_change_on_a_security_group_needs_the_group_described() {
    let o = observe(&sample(
        "ec2/authorize-security-group-ingress-postgres-world.json",
    ));
    assert_eq!(
        o.resource.arn,
        "arn:aws:ec2:eu-west-2:123456789012:security-group/sg-0a1b2c3d4e5f60718"
    );
    let ObservedState::NeedsFetch { reason } = o.state else {
        panic!("{:?}", o.state)
    };
    // Security groups are described since the shell has a describer for them.
    assert!(!reason.contains("stay undetermined"), "{reason}");
}

#[test]
fn deletes_name_what_they_delete() {
    for (path, arn) in [
        (
            "ec2/delete-vpc-endpoints.json",
            "arn:aws:ec2:eu-west-2:123456789012:vpc-endpoint/vpce-0a1b2c3d4e5f60718",
        ),
        (
            "dynamodb/delete-table.json",
            "arn:aws:dynamodb:eu-west-2:123456789012:table/customers",
        ),
        (
            "rds/delete-db-cluster.json",
            "arn:aws:rds:eu-west-2:123456789012:cluster:shop-aurora",
        ),
        (
            "apigateway/delete-rest-api.json",
            "arn:aws:apigateway:eu-west-2::/restapis/a1b2c3d4e5",
        ),
    ] {
        let o = observe(&sample(path));
        assert_eq!(o.state, ObservedState::Deleted, "{path}");
        assert_eq!(o.resource.arn, arn, "{path}");
    }
}

#[test]
fn a_table_call_is_named_by_its_resource_arn_and_a_create_describes_the_table() {
    let o = observe(&sample("dynamodb/put-resource-policy.json"));
    assert_eq!(o.resource.display_name(), "customers");
    assert!(matches!(o.state, ObservedState::NeedsFetch { .. }));
    let o = observe(&sample("dynamodb/create-table.json"));
    let ObservedState::Present(Resource::DynamoDbTable(t)) = o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(t.deletion_protection, Fact::Known(false));
}

#[test]
fn a_delete_of_several_endpoints_in_one_call_is_reported_not_misread() {
    let mut v = sample("ec2/delete-vpc-endpoints.json");
    v["detail"]["requestParameters"]["DeleteVpcEndpointsRequest"]["VpcEndpointId"] = json!([
        {"tag": 1, "content": "vpce-0a1b2c3d4e5f60718"},
        {"tag": 2, "content": "vpce-0f1e2d3c4b5a69788"}
    ]);
    let Parsed::Ignored { reason, .. } = parse_event(&v).unwrap() else {
        panic!()
    };
    assert!(reason.contains("2 VPC endpoints"), "{reason}");
    // A list of one names its one endpoint.
    v["detail"]["requestParameters"]["DeleteVpcEndpointsRequest"]["VpcEndpointId"] =
        json!([{"tag": 1, "content": "vpce-0a1b2c3d4e5f60718"}]);
    let o = observe(&v);
    assert_eq!(
        o.resource.arn,
        "arn:aws:ec2:eu-west-2:123456789012:vpc-endpoint/vpce-0a1b2c3d4e5f60718"
    );
    assert_eq!(o.state, ObservedState::Deleted);
}

#[test]
fn a_secret_value_in_a_request_goes_nowhere() {
    // CloudTrail may record what a caller sent; Vigil reads names from requests, never values.
    let mut v = sample("secretsmanager/cancel-rotate-secret.json");
    v["detail"]["eventName"] = json!("CreateSecret");
    v["detail"]["requestParameters"] =
        json!({"name": "prod/billing-db", "secretString": "planted-secret-value-8812"});
    let parsed = parse_event(&v).unwrap();
    assert!(!format!("{parsed:?}").contains("planted-secret-value-8812"));
    // A secret string where a name is looked for is an error naming the field, not the value.
    v["detail"]["requestParameters"] =
        json!({"name": {"secretString": "planted-secret-value-8812"}});
    v["detail"]["responseElements"] = Value::Null;
    let err = parse_event(&v).unwrap_err().to_string();
    assert!(!err.contains("planted-secret-value-8812"), "{err}");
    assert!(err.contains("requestParameters.name"), "{err}");
}
