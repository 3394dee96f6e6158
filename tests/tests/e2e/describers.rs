//! The one-resource describers end to end against moto_server: a real-shaped CloudTrail call
//! whose response does not describe its resource (a `Names` call, or a describing call whose
//! `responseElements` are empty) has the resource described with the list adapter's own shaping
//! (`vigil_aws::list`, called for one resource), judged, and its finding and alert name who made
//! the change; AWS Config's later item for the same state (built from the same listing, which
//! shapes each resource as its Config item) is applied without a second alert; the kind's
//! delete call archives the findings.
//!
//! The samples name resources by the ids of the sample account; moto makes its own ids (a
//! security group's, a VPC endpoint's, a secret's ARN suffix), so the tests put moto's id into
//! the call where AWS would have written it. IAM's samples are in us-east-1 (where EventBridge
//! receives IAM's calls); the tests place them in the harness's region, standing in for a stack
//! deployed where the events arrive.
//!
//! # Every kind with CloudTrail calls, and the e2e test of each promise
//!
//! (a) a real-shaped call in, the finding and the alert out with the actor in both; (b) a
//! delete call archives the findings; (c) AWS Config's later item does not alert again. Files
//! are under `tests/tests/e2e/`; `cloudtrail_calls.rs`'s table-driven test is
//! `each_describing_call_is_judged_with_its_actor_confirmed_by_config_and_archived_by_its_delete`
//! ("the table" below), and it builds the later Config item from the call's own response.
//!
//! | kind | (a) | (b) | (c) |
//! |---|---|---|---|
//! | `AWS::RDS::DBInstance` | `evaluate.rs` `a_cloudtrail_call_without_a_description_is_described_through_rds` (`CreateDBInstance`, described) | same test (`DeleteDBInstance`) | same test |
//! | `AWS::RDS::DBCluster` | the table (`CreateDBCluster`) | the table (`DeleteDBCluster`) | the table |
//! | `AWS::RDS::DBSnapshot` | `a_snapshot_made_public_is_described_when_the_call_carries_no_response`; the table (from the response) | both (`DeleteDBSnapshot`) | both |
//! | `AWS::RDS::DBClusterSnapshot` | `a_cluster_snapshot_made_public_is_described_when_the_call_carries_no_response` | same (`DeleteDBClusterSnapshot`) | same |
//! | `AWS::RDS::EventSubscription` | the table (`CreateEventSubscription`) | the table (`DeleteEventSubscription`) | the table |
//! | `AWS::DynamoDB::Table` | the table (`CreateTable`); `a_table_made_public_by_its_resource_policy_is_described_and_judged` (`PutResourcePolicy`, described); `tagging_a_table_as_personal_data_reclassifies_it_in_seconds` (`TagResource`, described with its tags) | both (`DeleteTable`) | both |
//! | `AWS::KMS::Key` | the table (`ScheduleKeyDeletion`); `a_key_whose_rotation_is_disabled_is_described_and_judged` (`DisableKeyRotation`, described) | none: no call deletes a key (KMS deletes it when the waiting period ends) | both |
//! | `AWS::SecretsManager::Secret` | `a_secret_whose_rotation_is_cancelled_is_described_and_judged` | same (`DeleteSecret`) | same |
//! | `AWS::IAM::Role` | `a_role_given_administrator_access_is_described_and_judged`; the table (`CreateRole`) | both (`DeleteRole`) | both |
//! | `AWS::IAM::Policy` | `a_policy_whose_new_default_version_allows_everything_is_described_and_judged`: moto's `GetPolicy` leaves out `PermissionsBoundaryUsageCount`, which every rule of the kind needs, so under moto the three are undetermined for want of exactly that field and nothing is found or alerted (the report names the actor). `a_policy_described_from_iams_documented_answers_fails_with_its_actor`: IAM's answers as documented, with the field, through the describer's shaping (`vigil_aws::list::iam::policy_answered`) and the pipeline: IAM.1 and KMS.1 fail, the actor in the finding and the alert | the first test (`DeletePolicy`: deleted) | the first test |
//! | `AWS::IAM::User` | `iam_users.rs` `a_credential_call_re_evaluates_the_described_user` (`CreateAccessKey`) | `iam_users.rs` `deleting_a_user_with_a_path_archives_its_findings_and_alerts_once` (`DeleteUser` names the user by name only; the user's ARN holds its path `/staff/`, so the pipeline takes the stored user of that name, `Pipeline::deleted_by_name`): findings ARCHIVED, one `[DELETED]` alert naming the caller, none for the same call again | the first test |
//! | `AWS::EC2::SecurityGroup` | `a_security_group_opened_to_the_world_is_described_and_judged` | same (`DeleteSecurityGroup`) | same |
//! | `AWS::EC2::VPCEndpoint` | `a_vpc_endpoint_with_the_full_access_policy_is_described_and_judged` | same (`DeleteVpcEndpoints`) | same |
//! | `AWS::Lambda::Function` | `a_function_made_invocable_by_anyone_is_described_and_judged`; the table (`CreateFunction20150331`); `deleting_a_function_url_resolves_its_findings_in_seconds` (`DeleteFunctionUrlConfig20211031`) | both (`DeleteFunction20150331`) | both |
//! | `AWS::ApiGateway::RestApi` | `a_method_call_on_a_rest_api_has_it_described_with_get_rest_api_and_judged` (`PutMethod`) | same (`DeleteRestApi`) | same |
//! | `AWS::ApiGateway::Stage` | `a_rest_stage_updated_without_tracing_is_described_with_get_stage_and_judged` | same (`DeleteStage`) | same |
//! | `AWS::ApiGatewayV2::Api` | `a_route_call_on_an_http_api_has_it_described_with_get_api_and_judged` (`CreateRoute`) | same (`DeleteApi`) | same |
//! | `AWS::ApiGatewayV2::Stage` | `a_v2_stage_call_without_a_response_is_described_with_get_stage_and_judged`; the table (`CreateStage`) | both (`DeleteStage`) | both |
//! | `AWS::CloudTrail::Trail` | `watching.rs` `stopping_a_trail_alerts_once_naming_the_caller_and_starting_it_resolves_the_finding` (`StopLogging`: the actor in the alert and the finding) | `watching.rs` `narrowing_a_trails_event_selectors_fails_it_and_deleting_the_trail_deletes_it` (`DeleteTrail`) | both |
//! | `AWS::GuardDuty::Detector` | `watching.rs` `suspending_a_detector_fails_it_from_get_detector_enabling_it_resolves_and_deleting_it_deletes_it` (`UpdateDetector` disabling it: the actor in the alert and the finding) | same (`DeleteDetector`: deleted, its alert, its findings ARCHIVED) | same |
//! | `AWS::Config::ConfigurationRecorder` | `watching.rs` `stopping_the_config_recorder_alerts_once_and_starting_it_resolves_the_finding` (`StopConfigurationRecorder`: the actor in the alert and the finding) | `watching.rs` `deleting_the_config_recorder_alerts_once_naming_the_caller_and_archives_its_findings` (`DeleteConfigurationRecorder`: one `[DELETED]` alert naming the caller, findings ARCHIVED, none for the same call again) | the first test |
//! | `AWS::RDS::DBProxy` | `proxy_dax.rs` `a_create_db_proxy_call_is_evaluated_from_its_response_stored_and_alerted` | same (`DeleteDBProxy`) | none: AWS Config does not record it |
//! | `AWS::DAX::Cluster` | `proxy_dax.rs` `a_dax_create_call_is_evaluated_and_its_delete_call_archives_the_findings_naming_the_caller` (`CreateCluster`, the actor in both) | same (`DeleteCluster`, handled after the cluster is deleted in moto: deleted, findings ARCHIVED, one `[DELETED]` alert naming the caller; a later `UpdateCluster` finds it gone and alerts nothing more) | none: not recorded |
//! | `AWS::ApiGateway::DomainName` | `apigateway.rs` `a_custom_domain_with_tls_1_0_fails_through_get_domain_name` | same (`DeleteDomainName`) | none: not recorded |
//! | `AWS::::Account` | `account.rs` `a_weakened_or_deleted_password_policy_fails_iam_7_in_seconds_naming_the_caller` | none: the account is not deleted (`DeleteAccountPasswordPolicy` fails IAM.7) | none: not recorded |
//!
//! `AWS::ApiGatewayV2::Integration` has no CloudTrail call (see its kind).
//!
//! Found by the audit: a described stage (REST or v2) lacked its API's id, which only its ARN
//! carries, so the rules that look the API up were undetermined on the call and decided by the
//! later Config item (fixed: `vigil_aws::describe::with_described` fills what the ARN says, as
//! the event readers do). Also found: a finding that was resolved (imported `PASSED`) stayed
//! active when its resource was deleted; fixed since (`RuleState::in_hub`, so a delete archives
//! every finding Security Hub holds).

use serde_json::{json, Value};
use vigil_aws::EvaluateService;
use vigil_core::report::Report;
use vigil_core::resource::ResourceRef;
use vigil_core::vocabulary::Severity;
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT, REGION};

pub(crate) const ALICE: &str = "alice@example.com (role DevOps, no MFA)";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The sample's call renamed `name` a minute after the sample, with `request` and `response`:
/// a later call on the same resource by the same person (a delete).
pub(crate) fn later_call(sample: &str, name: &str, request: Value, response: Value) -> Value {
    let mut e = event(sample);
    let time = chrono::DateTime::parse_from_rfc3339(e["detail"]["eventTime"].as_str().unwrap())
        .unwrap()
        + chrono::Duration::minutes(1);
    let time = time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    e["time"] = json!(time);
    e["detail"]["eventTime"] = json!(time);
    e["detail"]["eventName"] = json!(name);
    e["detail"]["eventID"] = json!(format!(
        "{}-later",
        e["detail"]["eventID"].as_str().unwrap()
    ));
    e["detail"]["requestParameters"] = request;
    e["detail"]["responseElements"] = response;
    e
}

/// The event placed in the harness's region.
fn in_region(mut e: Value) -> Value {
    e["region"] = json!(REGION);
    e["detail"]["awsRegion"] = json!(REGION);
    e
}

/// Asserts that `rule` failed, and that its imported finding (`ProductFields`) and an alert
/// name `who`.
pub(crate) async fn failed_with_actor(account: &Account, report: &Report, rule: &str, who: &str) {
    assert!(report.skipped.is_none(), "{rule}: skipped: {report:?}");
    let f = finding(report, rule);
    assert_eq!(f.status, Status::Failed, "{rule}: {}", f.reason);
    actor_in_finding(account, rule, who).await;
    let alerts = account.alerts().await;
    assert!(
        alerts.iter().any(|(_, body)| body.starts_with(who)),
        "no alert naming {who}: {alerts:?}"
    );
}

/// Asserts that the imported Security Hub finding of `rule` names `who` in its
/// `ProductFields` (`vigil/Actor`, with the source IP beside it). Reads no alerts.
pub(crate) async fn actor_in_finding(account: &Account, rule: &str, who: &str) {
    let findings = account.findings().await;
    let imported = findings
        .iter()
        .find(|f| f.generator_id() == Some(&format!("vigil/{rule}")))
        .unwrap_or_else(|| panic!("no {rule} finding in {findings:?}"));
    let fields = imported.product_fields().expect("product fields");
    assert_eq!(fields["vigil/Actor"], who, "{rule}");
    assert!(fields.contains_key("vigil/SourceIp"), "{rule}");
}

/// The AWS Config item for the resource as moto now holds it, captured after the call:
/// the kind's listing (`vigil_aws::list`) shapes each resource as its Config item's
/// `configuration` and `supplementaryConfiguration`, so this is the item AWS Config records for
/// the same change, minutes after CloudTrail's call.
pub(crate) async fn config_item(account: &Account, resource: &ResourceRef) -> Value {
    let kind = resource.resource_type.kind().expect("a modelled kind");
    let target = vigil_aws::list::Target {
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![],
    };
    let clients = vigil_aws::Clients::new(&account.sdk);
    let d = Box::pin(vigil_aws::list::list(&clients, kind, &target))
        .await
        .expect("listed")
        .into_iter()
        .find(|d| d.arn == resource.arn)
        .unwrap_or_else(|| panic!("{} is not listed", resource.arn));
    let identity = ResourceRef {
        id: d.id.clone(),
        name: d.name.clone(),
        ..resource.clone()
    };
    let captured = config_capture_time(account, resource).await;
    config_item_of(
        &identity,
        captured,
        d.configuration,
        Value::Object(d.supplementary.unwrap_or_default()),
        json!(d.tags.unwrap_or_default()),
    )
}

/// A Config item change event for `resource` with this configuration, captured then, as AWS
/// Config writes one (a global kind's `awsRegion` is `global`; the event's region is where
/// Config delivered it).
pub(crate) fn config_item_of(
    resource: &ResourceRef,
    captured: chrono::DateTime<chrono::Utc>,
    configuration: Value,
    supplementary: Value,
    tags: Value,
) -> Value {
    let kind = resource.resource_type.kind().expect("a modelled kind");
    // Config writes each supplementary value as a JSON string.
    let supplementary: serde_json::Map<String, Value> = supplementary
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| match v {
            Value::Object(_) | Value::Array(_) => (k.clone(), json!(v.to_string())),
            other => (k.clone(), other.clone()),
        })
        .collect();
    let state_id = captured.timestamp_millis();
    let captured = captured.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let aws_region = if vigil_aws::list::is_global(kind) {
        "global"
    } else {
        resource.region.as_str()
    };
    json!({
        "version": "0",
        "id": format!("config-{}", resource.id),
        "detail-type": "Config Configuration Item Change",
        "source": "aws.config",
        "account": resource.account,
        "time": captured,
        "region": resource.region,
        "resources": [resource.arn],
        "detail": {
            "recordVersion": "1.3",
            "messageType": "ConfigurationItemChangeNotification",
            "configurationItemDiff": {"changedProperties": {}, "changeType": "UPDATE"},
            "notificationCreationTime": captured,
            "configurationItem": {
                "relatedEvents": [],
                "relationships": [],
                "configuration": configuration,
                "supplementaryConfiguration": supplementary,
                "tags": tags,
                "configurationItemVersion": "1.3",
                "configurationItemCaptureTime": captured,
                "configurationStateId": state_id,
                "awsAccountId": resource.account,
                "configurationItemStatus": "OK",
                "resourceType": resource.resource_type.as_str(),
                "resourceId": resource.id,
                "resourceName": resource.name,
                "ARN": resource.arn,
                "awsRegion": aws_region,
                "availabilityZone": "Regional",
                "configurationStateMd5Hash": ""
            }
        }
    })
}

/// Handles AWS Config's later item for the resource the call reported (after its alerts were
/// read) and asserts that it is applied, confirms the verdicts and alerts nothing.
pub(crate) async fn confirmed_by_config_item(
    account: &Account,
    service: &EvaluateService,
    call: &Report,
) {
    let resource = call.resource.as_ref().expect("resource");
    let item = Box::pin(config_item(account, resource)).await;
    confirmed_by(account, service, call, &item).await;
}

/// When AWS Config captures its item for the resource: 30 seconds after the call stored for it
/// (the state's `captured_at_ms`), so a later call (a delete a minute after) is still newer.
pub(crate) async fn config_capture_time(
    account: &Account,
    resource: &ResourceRef,
) -> chrono::DateTime<chrono::Utc> {
    let items = account.items().await;
    let state = items
        .iter()
        .find(|i| {
            i.get("sk").and_then(|v| v.as_s().ok()).map(String::as_str) == Some("STATE")
                && i.get("arn").and_then(|v| v.as_s().ok()) == Some(&resource.arn)
        })
        .unwrap_or_else(|| panic!("no state for {}", resource.arn));
    let ms: i64 = state["captured_at_ms"]
        .as_n()
        .expect("captured_at_ms")
        .parse()
        .expect("a number");
    chrono::DateTime::from_timestamp_millis(ms + 30_000).expect("a time")
}

/// Handles `item`, AWS Config's later item for the resource the call reported (after its
/// alerts were read), and asserts that it is applied, confirms the verdicts and alerts nothing.
pub(crate) async fn confirmed_by(
    account: &Account,
    service: &EvaluateService,
    call: &Report,
    item: &Value,
) {
    let report = Box::pin(service.handle(item, now()))
        .await
        .expect("Config item handled");
    assert!(
        report.stale.is_none(),
        "the later item is applied: {report:?}"
    );
    assert!(report.skipped.is_none(), "{report:?}");
    // Each verdict is confirmed, or undetermined where the item lacks an input the call's
    // description had (an undetermined verdict changes nothing stored).
    for f in &call.findings {
        match report.findings.iter().find(|g| g.rule == f.rule) {
            Some(again) => assert_eq!(again.status, f.status, "{}: {}", f.rule, again.reason),
            None => assert!(
                report.undetermined.iter().any(|u| u.rule == f.rule),
                "{}: no verdict in {report:?}",
                f.rule
            ),
        }
    }
    let alerts = account.alerts().await;
    assert!(
        alerts.is_empty(),
        "the item re-alerted: {alerts:?}\ncall: {call:?}\nitem: {report:?}"
    );
}

/// Handles the delete call and asserts that every finding is archived.
pub(crate) async fn archived_by(account: &Account, service: &EvaluateService, delete: &Value) {
    let report = Box::pin(service.handle(delete, now()))
        .await
        .expect("delete handled");
    assert!(report.deleted, "{report:?}");
    let findings = account.findings().await;
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED")),
        "{findings:?}"
    );
}

/// The describers' setups: each creates its resource in moto as the change left it and returns
/// the sample call naming it (with moto's ids where AWS would have written them), with what a
/// test needs to undo it. Shared with `call_cost.rs`, which measures the same calls.
pub(crate) mod setup {
    use super::*;

    /// A security group open to the world on 5432, and the `AuthorizeSecurityGroupIngress` that
    /// opened it: (group id, call).
    pub(crate) async fn open_security_group(account: &Account) -> (String, Value) {
        let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
        let group = ec2
            .create_security_group()
            .group_name("orders-db")
            .description("orders database")
            .send()
            .await
            .expect("create security group")
            .group_id
            .expect("group id");
        ec2.authorize_security_group_ingress()
            .group_id(&group)
            .ip_permissions(
                aws_sdk_ec2::types::IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(5432)
                    .to_port(5432)
                    .ip_ranges(
                        aws_sdk_ec2::types::IpRange::builder()
                            .cidr_ip("0.0.0.0/0")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("authorize ingress");
        let sample = "cloudtrail/ec2/authorize-security-group-ingress-postgres-world.json";
        let mut call = event(sample);
        call["detail"]["requestParameters"]["groupId"] = json!(group);
        call["detail"]["responseElements"]["securityGroupRuleSet"]["items"][0]["groupId"] =
            json!(group);
        (group, call)
    }

    /// An S3 gateway endpoint with the full-access policy, and its `CreateVpcEndpoint`: (endpoint
    /// id, call).
    pub(crate) async fn full_access_endpoint(account: &Account) -> (String, Value) {
        let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
        let vpc = ec2
            .describe_vpcs()
            .send()
            .await
            .expect("describe VPCs")
            .vpcs
            .unwrap_or_default()
            .into_iter()
            .find_map(|v| v.vpc_id)
            .expect("moto's default VPC");
        let policy = json!({"Version": "2008-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]});
        let endpoint = ec2
            .create_vpc_endpoint()
            .vpc_id(&vpc)
            .service_name(format!("com.amazonaws.{REGION}.s3"))
            .vpc_endpoint_type(aws_sdk_ec2::types::VpcEndpointType::Gateway)
            .policy_document(policy.to_string())
            .send()
            .await
            .expect("create VPC endpoint")
            .vpc_endpoint
            .and_then(|e| e.vpc_endpoint_id)
            .expect("endpoint id");
        let mut call = event("cloudtrail/ec2/create-vpc-endpoint-full-access.json");
        call["detail"]["responseElements"]["CreateVpcEndpointResponse"]["vpcEndpoint"]
            ["vpcEndpointId"] = json!(endpoint);
        (endpoint, call)
    }

    /// A role given a policy allowing everything, and the `AttachRolePolicy` (in the harness's
    /// region): (policy ARN, call).
    pub(crate) async fn role_with_admin(account: &Account) -> (String, Value) {
        let iam = aws_sdk_iam::Client::new(&account.sdk);
        let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        iam.create_role()
            .role_name("orders-batch")
            .assume_role_policy_document(trust.to_string())
            .send()
            .await
            .expect("create role");
        // moto does not load AWS managed policies: a customer managed one with the same document
        // stands in for AdministratorAccess.
        let admin = admin_policy(&iam, "orders-admin").await;
        iam.attach_role_policy()
            .role_name("orders-batch")
            .policy_arn(&admin)
            .send()
            .await
            .expect("attach role policy");
        let sample = "cloudtrail/iam/attach-role-policy-admin.json";
        let mut call = in_region(event(sample));
        call["detail"]["requestParameters"]["policyArn"] = json!(admin);
        (admin, call)
    }

    /// A policy whose new default version allows everything, and the `CreatePolicyVersion` (in the
    /// harness's region): (policy ARN, call).
    pub(crate) async fn policy_allowing_everything(account: &Account) -> (String, Value) {
        let iam = aws_sdk_iam::Client::new(&account.sdk);
        let arn = iam
            .create_policy()
            .policy_name("orders-batch-access")
            .policy_document(
                json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]})
                .to_string(),
            )
            .send()
            .await
            .expect("create policy")
            .policy
            .and_then(|p| p.arn)
            .expect("policy ARN");
        assert_eq!(
            arn,
            format!("arn:aws:iam::{ACCOUNT}:policy/orders-batch-access")
        );
        iam.create_policy_version()
            .policy_arn(&arn)
            .policy_document(
                json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}]})
                .to_string(),
            )
            .set_as_default(true)
            .send()
            .await
            .expect("create policy version");
        let sample = "cloudtrail/iam/create-policy-version.json";
        (arn, in_region(event(sample)))
    }

    /// A function invocable by anyone, and the `AddPermission20150331v2` that made it so.
    pub(crate) async fn public_function(account: &Account) -> Value {
        Box::pin(create_public_function(account)).await;
        let sample = "cloudtrail/lambda/add-permission-public.json";
        event(sample)
    }

    /// A secret that does not rotate, and the `CancelRotateSecret` naming it: (secret ARN, call).
    pub(crate) async fn secret_rotation_cancelled(account: &Account) -> (String, Value) {
        let sm = aws_sdk_secretsmanager::Client::new(&account.sdk);
        let arn = sm
            .create_secret()
            .name("prod/billing-db")
            .secret_string("Pl4nted-Billing-Pw-5521")
            .send()
            .await
            .expect("create secret")
            .arn
            .expect("secret ARN");
        let sample = "cloudtrail/secretsmanager/cancel-rotate-secret.json";
        let mut call = event(sample);
        call["detail"]["responseElements"]["arn"] = json!(arn);
        (arn, call)
    }

    /// A DB snapshot shared with everyone, and the `ModifyDBSnapshotAttribute` without its
    /// response.
    pub(crate) async fn public_snapshot(account: &Account) -> Value {
        let rds = aws_sdk_rds::Client::new(&account.sdk);
        rds.create_db_instance()
            .db_instance_identifier("orders-db")
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("orders_admin")
            .master_user_password("Pl4nted-Rds-Pw-1")
            .allocated_storage(20)
            .send()
            .await
            .expect("create DB instance");
        rds.create_db_snapshot()
            .db_instance_identifier("orders-db")
            .db_snapshot_identifier("orders-db-before-migration")
            .send()
            .await
            .expect("create snapshot");
        rds.modify_db_snapshot_attribute()
            .db_snapshot_identifier("orders-db-before-migration")
            .attribute_name("restore")
            .values_to_add("all")
            .send()
            .await
            .expect("share with all");
        let sample = "cloudtrail/rds/modify-db-snapshot-attribute-public.json";
        let mut call = event(sample);
        call["detail"]["responseElements"] = Value::Null;
        call
    }

    /// A DB cluster snapshot shared with everyone, and the `ModifyDBClusterSnapshotAttribute`
    /// without its response.
    pub(crate) async fn public_cluster_snapshot(account: &Account) -> Value {
        let rds = aws_sdk_rds::Client::new(&account.sdk);
        rds.create_db_cluster()
            .db_cluster_identifier("ledger-aurora")
            .engine("aurora-postgresql")
            .master_username("ledger_admin")
            .master_user_password("Pl4nted-Rds-Pw-2")
            .send()
            .await
            .expect("create DB cluster");
        rds.create_db_cluster_snapshot()
            .db_cluster_identifier("ledger-aurora")
            .db_cluster_snapshot_identifier("ledger-aurora-monthly")
            .send()
            .await
            .expect("create cluster snapshot");
        rds.modify_db_cluster_snapshot_attribute()
            .db_cluster_snapshot_identifier("ledger-aurora-monthly")
            .attribute_name("restore")
            .values_to_add("all")
            .send()
            .await
            .expect("share with all");
        let sample = "cloudtrail/rds/modify-db-cluster-snapshot-attribute-shared.json";
        let mut call = event(sample);
        call["detail"]["responseElements"] = Value::Null;
        call
    }

    /// A REST API stage without tracing, and the `UpdateStage` naming it: (API id, call).
    pub(crate) async fn rest_stage_untraced(account: &Account) -> (String, Value) {
        let apigw = aws_sdk_apigateway::Client::new(&account.sdk);
        let api = apigw
            .create_rest_api()
            .name("orders-api")
            .send()
            .await
            .expect("create REST API")
            .id
            .expect("api id");
        let root = apigw
            .get_resources()
            .rest_api_id(&api)
            .send()
            .await
            .expect("resources")
            .items
            .unwrap_or_default()
            .into_iter()
            .find_map(|r| r.id)
            .expect("root resource");
        apigw
            .put_method()
            .rest_api_id(&api)
            .resource_id(&root)
            .http_method("GET")
            .authorization_type("AWS_IAM")
            .send()
            .await
            .expect("put method");
        apigw
            .put_integration()
            .rest_api_id(&api)
            .resource_id(&root)
            .http_method("GET")
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .send()
            .await
            .expect("put integration");
        let deployment = apigw
            .create_deployment()
            .rest_api_id(&api)
            .send()
            .await
            .expect("create deployment")
            .id
            .expect("deployment id");
        apigw
            .create_stage()
            .rest_api_id(&api)
            .stage_name("prod")
            .deployment_id(&deployment)
            .tracing_enabled(false)
            .send()
            .await
            .expect("create stage");
        // The sample's UpdateStage names the stage by its API's id (moto's here); the call's
        // response is not what the stage is judged on (a `Names` call): GetStage describes it.
        let sample = "cloudtrail/apigateway/update-stage-tracing-off.json";
        let mut call = event(sample);
        call["detail"]["requestParameters"]["restApiId"] = json!(api);
        call["detail"]["responseElements"]["tracingEnabled"] = json!(true);
        (api, call)
    }

    /// A REST API with a method open to anyone, and the `PutMethod` that added it: (API id, call).
    pub(crate) async fn rest_api_method(account: &Account) -> (String, Value) {
        // `POST /orders` without authorisation (and `GET /orders` with IAM).
        let api = Box::pin(crate::apigateway::create_api(account, false)).await;
        let sample = "cloudtrail/apigateway/put-method-no-authorization.json";
        let mut call = event(sample);
        call["detail"]["requestParameters"]["restApiId"] = json!(api);
        (api, call)
    }

    /// An HTTP API with a route open to anyone, and the `CreateRoute` that added it: (API id,
    /// call).
    pub(crate) async fn v2_route_unauthorised(account: &Account) -> (String, Value) {
        let v2 = aws_sdk_apigatewayv2::Client::new(&account.sdk);
        let api = v2
            .create_api()
            .name("orders-http")
            .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
            .send()
            .await
            .expect("create API")
            .api_id
            .expect("api id");
        v2.create_route()
            .api_id(&api)
            .route_key("POST /orders")
            .authorization_type(aws_sdk_apigatewayv2::types::AuthorizationType::None)
            .send()
            .await
            .expect("create route");
        // CreateRoute names the API (a `Names` call): GetApi describes it, and the routes are
        // looked up.
        let sample = "cloudtrail/apigateway/create-route-v2-no-authorization.json";
        let mut call = event(sample);
        call["detail"]["requestParameters"]["apiId"] = json!(api);
        (api, call)
    }

    /// A WebSocket API stage without access logging, and its `CreateStage` without the response:
    /// (API id, call).
    pub(crate) async fn v2_stage_unlogged(account: &Account) -> (String, Value) {
        let v2 = aws_sdk_apigatewayv2::Client::new(&account.sdk);
        let api = v2
            .create_api()
            .name("orders-live")
            .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Websocket)
            .route_selection_expression("$request.body.action")
            .send()
            .await
            .expect("create API")
            .api_id
            .expect("api id");
        v2.create_stage()
            .api_id(&api)
            .stage_name("prod")
            .send()
            .await
            .expect("create stage");
        let sample = "cloudtrail/apigateway/create-stage-v2-no-logging.json";
        let mut call = event(sample);
        call["detail"]["requestParameters"]["apiId"] = json!(api);
        call["detail"]["responseElements"] = Value::Null;
        (api, call)
    }

    /// A customer managed key that does not rotate, and the `DisableKeyRotation` naming it: (key
    /// id, call).
    pub(crate) async fn key_rotation_disabled(account: &Account) -> (String, Value) {
        let key = aws_sdk_kms::Client::new(&account.sdk)
            .create_key()
            .description("orders data key")
            .send()
            .await
            .expect("create key")
            .key_metadata
            .map(|k| k.key_id)
            .expect("key id");
        // DisableKeyRotation answers nothing (`responseElements: null`): the key is described
        // (DescribeKey, GetKeyRotationStatus). moto's keys do not rotate until asked to.
        let mut call = event("cloudtrail/kms/disable-key-rotation.json");
        call["detail"]["requestParameters"]["keyId"] = json!(key);
        (key, call)
    }

    /// The table `customers` made public by its resource policy, and the sample
    /// `PutResourcePolicy`: (table ARN, call).
    pub(crate) async fn public_table(account: &Account) -> (String, Value) {
        let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
        let arn = crate::dynamodb::create_table(&ddb, "customers").await;
        crate::dynamodb::make_public(&ddb, &arn).await;
        // PutResourcePolicy names the table by its ARN (the sample's is moto's: same account,
        // region and name); the policy is looked up (GetResourcePolicy) after the describe.
        let sample = "cloudtrail/dynamodb/put-resource-policy.json";
        let call = event(sample);
        assert_eq!(
            call["detail"]["requestParameters"]["resourceArn"],
            json!(arn)
        );
        (arn, call)
    }

    /// An RDS instance open to the internet, and its `CreateDBInstance` without the response.
    pub(crate) async fn db_instance(account: &Account) -> Value {
        aws_sdk_rds::Client::new(&account.sdk)
            .create_db_instance()
            .db_instance_identifier("orders-db")
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("vigiladmin")
            .master_user_password("not-a-real-password-1")
            .allocated_storage(20)
            .publicly_accessible(true)
            .storage_encrypted(false)
            .backup_retention_period(1)
            .send()
            .await
            .expect("create db instance in moto");
        let mut e = event("cloudtrail/rds/create-db-instance.json");
        e["detail"]["responseElements"] = Value::Null;
        e
    }

    /// An IAM user with a path and an access key, and the `CreateAccessKey` (in the harness's
    /// region).
    pub(crate) async fn user_with_key(account: &Account) -> Value {
        crate::iam_users::create_user(account).await;
        crate::iam_users::create_key(account).await;
        crate::iam_users::call("CreateAccessKey", "ev-create-key", "2026-11-23T09:00:00Z")
    }
}

#[test]
fn a_security_group_opened_to_the_world_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
        let sample = "cloudtrail/ec2/authorize-security-group-ingress-postgres-world.json";
        let (group, call) = setup::open_security_group(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group}")
        );
        failed_with_actor(
            &account,
            &report,
            "ec2-security-group-database-ports-open",
            ALICE,
        )
        .await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        ec2.delete_security_group()
            .group_id(&group)
            .send()
            .await
            .expect("delete security group");
        let delete = later_call(
            sample,
            "DeleteSecurityGroup",
            json!({"groupId": group}),
            json!({"requestId": "3f1e8a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5c", "_return": true}),
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_vpc_endpoint_with_the_full_access_policy_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
        let (endpoint, call) = setup::full_access_endpoint(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        failed_with_actor(&account, &report, "vpc-endpoint-policy-not-open", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        ec2.delete_vpc_endpoints()
            .vpc_endpoint_ids(&endpoint)
            .send()
            .await
            .expect("delete VPC endpoint");
        let mut delete = event("cloudtrail/ec2/delete-vpc-endpoints.json");
        delete["detail"]["requestParameters"]["DeleteVpcEndpointsRequest"]["VpcEndpointId"]
            ["content"] = json!(endpoint);
        archived_by(&account, &service, &delete).await;
    });
}

/// A customer managed policy allowing `*` on `*`; returns its ARN.
async fn admin_policy(iam: &aws_sdk_iam::Client, name: &str) -> String {
    iam.create_policy()
        .policy_name(name)
        .policy_document(
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]})
            .to_string(),
        )
        .send()
        .await
        .expect("create policy")
        .policy
        .and_then(|p| p.arn)
        .expect("policy ARN")
}

#[test]
fn a_role_given_administrator_access_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let iam = aws_sdk_iam::Client::new(&account.sdk);
        let sample = "cloudtrail/iam/attach-role-policy-admin.json";
        let (admin, call) = setup::role_with_admin(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        // The description gives the role's id (AWS Config's resource id), which the call does not.
        let resource = report.resource.as_ref().expect("resource");
        assert!(resource.id.starts_with("AROA"), "{resource:?}");
        failed_with_actor(&account, &report, "iam-role-no-admin-access", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        iam.detach_role_policy()
            .role_name("orders-batch")
            .policy_arn(&admin)
            .send()
            .await
            .expect("detach");
        iam.delete_role()
            .role_name("orders-batch")
            .send()
            .await
            .expect("delete role");
        let delete = in_region(later_call(
            sample,
            "DeleteRole",
            json!({"roleName": "orders-batch"}),
            Value::Null,
        ));
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_policy_whose_new_default_version_allows_everything_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let sample = "cloudtrail/iam/create-policy-version.json";
        let (arn, call) = setup::policy_allowing_everything(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        // The description gives the policy's id (AWS Config's resource id), which the call does
        // not.
        let resource = report.resource.as_ref().expect("resource");
        assert_ne!(resource.id, "orders-batch-access", "{resource:?}");
        // What moto lacks: moto 5.2.1's `GetPolicy` answer has no `PermissionsBoundaryUsageCount`
        // (IAM's `Policy` has it; the IAM API Reference's `Policy` data type). FSBP's IAM.1,
        // IAM.21 and KMS.1 exclude policies used as permissions boundaries, so every rule of
        // `AWS::IAM::Policy` reads it before the document (`rules::iam::customer_policy_document`):
        // there is no rule of this kind that does not need it. Under moto each is therefore
        // undetermined for want of exactly that field (not failed, though the document allows
        // everything; not passed), nothing is found or alerted, and the report still names who
        // made the call. With the field, as AWS answers, the same description fails IAM.1:
        // `a_policy_described_from_iams_documented_answers_fails_with_its_actor`.
        assert!(report.findings.is_empty(), "{report:?}");
        for rule in [
            "iam-policy-no-admin-access",
            "iam-policy-no-full-service-access",
            "iam-policy-no-kms-decrypt-all-keys",
        ] {
            let u = report
                .undetermined
                .iter()
                .find(|u| u.rule == rule)
                .unwrap_or_else(|| panic!("{rule} is not undetermined: {report:?}"));
            assert_eq!(u.missing, ["permissionsBoundaryUsageCount"], "{rule}");
        }
        let actor = report.actor.as_ref().expect("the call's actor");
        assert_eq!(actor.who(), ALICE, "{actor:?}");
        // Judged nothing: no alert, and nothing to archive but the stored state.
        assert!(account.alerts().await.is_empty());
        assert!(account.findings().await.is_empty());
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        let delete = in_region(later_call(
            sample,
            "DeletePolicy",
            json!({"policyArn": arn}),
            Value::Null,
        ));
        let report = Box::pin(service.handle(&delete, now()))
            .await
            .expect("delete handled");
        assert!(report.deleted, "{report:?}");
    });
}

/// IAM's answers for the policy of `policy_allowing_everything`, as AWS gives them: `GetPolicy`'s
/// `Policy` with every member of the IAM API Reference's `Policy` data type that `GetPolicy`
/// returns (`PermissionsBoundaryUsageCount` among them, which moto leaves out), and
/// `GetPolicyVersion`'s `PolicyVersion` of the default version, its document URL-encoded as
/// IAM returns it (RFC 3986, per `GetPolicyVersion`'s reference page). `bounds`: the
/// `PermissionsBoundaryUsageCount` answered.
fn documented_policy_answers(
    arn: &str,
    bounds: i32,
) -> (
    aws_sdk_iam::types::Policy,
    aws_sdk_iam::types::PolicyVersion,
) {
    use aws_sdk_iam::primitives::DateTime;
    let created = DateTime::from_secs(1_763_890_000);
    let policy = aws_sdk_iam::types::Policy::builder()
        .policy_name("orders-batch-access")
        .policy_id("ANPAZ3EXAMPLEORDERS01")
        .arn(arn)
        .path("/")
        .default_version_id("v3")
        .attachment_count(1)
        .permissions_boundary_usage_count(bounds)
        .is_attachable(true)
        .create_date(created)
        .update_date(DateTime::from_secs(1_763_891_042))
        .build();
    let version = aws_sdk_iam::types::PolicyVersion::builder()
        .document(
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A\
             %22Everything%22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C\
             %22Resource%22%3A%22%2A%22%7D%5D%7D",
        )
        .version_id("v3")
        .is_default_version(true)
        .create_date(DateTime::from_secs(1_763_891_042))
        .build();
    (policy, version)
}

/// The policy call's observation described from `answers` through the describer's own shaping
/// (`vigil_aws::list::iam::policy_answered`, what the describe adapter does with IAM's
/// answers) and carried through the service's pipeline: the test on literal answers for what
/// moto cannot answer.
async fn judged_from_answers(
    service: &EvaluateService,
    call: &Value,
    arn: &str,
    answers: (
        aws_sdk_iam::types::Policy,
        aws_sdk_iam::types::PolicyVersion,
    ),
) -> Report {
    let vigil_core::Parsed::Observation(observation) =
        vigil_core::parse_event(call).expect("parsed")
    else {
        panic!("the call is not an observation")
    };
    assert!(
        matches!(
            observation.state,
            vigil_core::ObservedState::NeedsFetch { .. }
        ),
        "the call itself does not describe the policy: {observation:?}"
    );
    let description =
        vigil_aws::list::iam::policy_answered(arn, answers.0, Some(answers.1)).expect("shaped");
    let observation = vigil_aws::describe::with_described(observation, Some(description.into()))
        .expect("parsed description");
    Box::pin(
        service
            .pipeline()
            .run_observation("create-policy-version", observation, now()),
    )
    .await
    .expect("handled")
}

#[test]
fn a_policy_described_from_iams_documented_answers_fails_with_its_actor() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let service = account.service();
        let call = in_region(event("cloudtrail/iam/create-policy-version.json"));
        let arn = format!("arn:aws:iam::{ACCOUNT}:policy/orders-batch-access");
        // Used as no one's permissions boundary (0), the policy is in FSBP's scope: its
        // default version allows every action on every resource, so IAM.1 fails, and the
        // verdicts moto left undetermined are all determined.
        let report = Box::pin(judged_from_answers(
            &service,
            &call,
            &arn,
            documented_policy_answers(&arn, 0),
        ))
        .await;
        assert!(report.undetermined.is_empty(), "{report:?}");
        assert_eq!(
            report.resource.as_ref().map(|r| r.id.as_str()),
            Some("ANPAZ3EXAMPLEORDERS01")
        );
        failed_with_actor(&account, &report, "iam-policy-no-admin-access", ALICE).await;
        // `kms:Decrypt` on every key is among everything (KMS.1 fails); IAM.21 looks for
        // `service:*` only, which `*` is not (its Config rule), so it passes: determined too.
        assert_eq!(
            finding(&report, "iam-policy-no-kms-decrypt-all-keys").status,
            Status::Failed
        );
        assert_eq!(
            finding(&report, "iam-policy-no-full-service-access").status,
            Status::Passed
        );

        // The same answers for a policy used as a permissions boundary by two principals: out
        // of FSBP's scope, so not applicable: nothing fails and nothing is alerted.
        let account = Account::new().await;
        let service = account.service();
        let report = Box::pin(judged_from_answers(
            &service,
            &call,
            &arn,
            documented_policy_answers(&arn, 2),
        ))
        .await;
        assert!(report.undetermined.is_empty(), "{report:?}");
        assert!(
            report.findings.iter().all(|f| f.status != Status::Failed),
            "{report:?}"
        );
        assert!(account.alerts().await.is_empty());
    });
}

/// Creates `orders-export` in moto, invocable by anyone (`AddPermission` with principal `*`).
pub(crate) async fn create_public_function(account: &Account) {
    crate::lambda::create_role(&account.moto.endpoint, "orders-export-role");
    let lambda = aws_sdk_lambda::Client::new(&account.sdk);
    lambda
        .create_function()
        .function_name("orders-export")
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(format!("arn:aws:iam::{ACCOUNT}:role/orders-export-role"))
        .handler("app.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(crate::lambda::empty_zip())
                .build(),
        )
        .send()
        .await
        .expect("create function");
    lambda
        .add_permission()
        .function_name("orders-export")
        .statement_id("anyone")
        .action("lambda:InvokeFunction")
        .principal("*")
        .send()
        .await
        .expect("add permission");
}

#[test]
fn a_function_made_invocable_by_anyone_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let lambda = aws_sdk_lambda::Client::new(&account.sdk);
        let sample = "cloudtrail/lambda/add-permission-public.json";
        let call = setup::public_function(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        failed_with_actor(&account, &report, "lambda-function-public-access", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        lambda
            .delete_function()
            .function_name("orders-export")
            .send()
            .await
            .expect("delete function");
        let delete = later_call(
            sample,
            "DeleteFunction20150331",
            json!({"functionName": "orders-export"}),
            Value::Null,
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn deleting_a_function_url_resolves_its_findings_in_seconds() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let lambda = aws_sdk_lambda::Client::new(&account.sdk);
        Box::pin(create_public_function(&account)).await;
        lambda
            .create_function_url_config()
            .function_name("orders-export")
            .auth_type(aws_sdk_lambda::types::FunctionUrlAuthType::None)
            .send()
            .await
            .expect("create function URL");
        let service = account.service();
        let url_rules = ["lambda-function-url-auth"];
        let create = later_call(
            "cloudtrail/lambda/add-permission-public.json",
            "CreateFunctionUrlConfig20211031",
            json!({"functionName": "orders-export", "authType": "NONE"}),
            json!({
                "functionArn": format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-export"),
                "authType": "NONE"
            }),
        );
        let report = Box::pin(service.handle(&create, now()))
            .await
            .expect("handled");
        for rule in url_rules {
            failed_with_actor(&account, &report, rule, ALICE).await;
        }
        // `alerts()` takes what the queue holds: what follows comes from the delete alone.
        account.alerts().await;

        lambda
            .delete_function_url_config()
            .function_name("orders-export")
            .send()
            .await
            .expect("delete function URL");
        let delete = event("cloudtrail/lambda/delete-function-url-config.json");
        let report = Box::pin(service.handle(&delete, now()))
            .await
            .expect("handled");
        assert!(!report.deleted, "the function is not deleted: {report:?}");
        for rule in url_rules {
            assert_eq!(
                finding(&report, rule).status,
                Status::NotApplicable,
                "{rule}"
            );
            let findings = account.findings().await;
            let imported = findings
                .iter()
                .find(|f| f.generator_id() == Some(&format!("vigil/{rule}")))
                .unwrap_or_else(|| panic!("no {rule} finding in {findings:?}"));
            assert_eq!(
                imported.record_state().map(|s| s.as_str()),
                Some("ARCHIVED"),
                "{rule}: {imported:?}"
            );
        }
        let alerts = account.alerts().await;
        assert_eq!(alerts.len(), 1, "one alert: {alerts:?}");
        let (subject, body) = &alerts[0];
        assert!(subject.starts_with("[RESOLVED]"), "{subject}");
        assert!(body.starts_with("Closed: "), "{body}");
        assert!(body.contains(&format!("Changed by {ALICE}")), "{body}");
        assert!(!body.contains("PASSED"), "{body}");

        // The same call delivered again changes nothing and says nothing.
        Box::pin(service.handle(&delete, now()))
            .await
            .expect("handled again");
        assert!(account.alerts().await.is_empty());
    });
}

#[test]
fn a_secret_whose_rotation_is_cancelled_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let sample = "cloudtrail/secretsmanager/cancel-rotate-secret.json";
        let (arn, call) = setup::secret_rotation_cancelled(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        assert_eq!(report.resource.as_ref().expect("resource").arn, arn);
        failed_with_actor(&account, &report, "secretsmanager-rotation-enabled", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;
        assert!(!format!("{report:?}").contains("Pl4nted"));

        let delete = later_call(
            sample,
            "DeleteSecret",
            json!({"secretId": "prod/billing-db", "recoveryWindowInDays": 7}),
            json!({"arn": arn, "name": "prod/billing-db", "deletionDate": "Nov 30, 2026 9:00:00 AM"}),
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_snapshot_made_public_is_described_when_the_call_carries_no_response() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let sample = "cloudtrail/rds/modify-db-snapshot-attribute-public.json";
        let call = setup::public_snapshot(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        failed_with_actor(
            &account,
            &report,
            "rds-snapshot-public",
            "IAM user bob (MFA)",
        )
        .await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        let delete = later_call(
            sample,
            "DeleteDBSnapshot",
            json!({"dBSnapshotIdentifier": "orders-db-before-migration"}),
            Value::Null,
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_cluster_snapshot_made_public_is_described_when_the_call_carries_no_response() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let sample = "cloudtrail/rds/modify-db-cluster-snapshot-attribute-shared.json";
        let call = setup::public_cluster_snapshot(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        failed_with_actor(&account, &report, "rds-cluster-snapshot-public", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        let delete = later_call(
            sample,
            "DeleteDBClusterSnapshot",
            json!({"dBClusterSnapshotIdentifier": "ledger-aurora-monthly"}),
            Value::Null,
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_rest_stage_updated_without_tracing_is_described_with_get_stage_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let apigw = aws_sdk_apigateway::Client::new(&account.sdk);
        let sample = "cloudtrail/apigateway/update-stage-tracing-off.json";
        let (api, call) = setup::rest_stage_untraced(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:apigateway:{REGION}::/restapis/{api}/stages/prod")
        );
        failed_with_actor(&account, &report, "apigateway-rest-xray-tracing", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        apigw
            .delete_stage()
            .rest_api_id(&api)
            .stage_name("prod")
            .send()
            .await
            .expect("delete stage");
        let delete = later_call(
            sample,
            "DeleteStage",
            json!({"restApiId": api, "stageName": "prod"}),
            Value::Null,
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_resource_that_is_gone_when_described_is_observed_deleted() {
    for sample in [
        "cloudtrail/ec2/authorize-security-group-ingress-postgres-world.json",
        "cloudtrail/apigateway/update-stage-tracing-off.json",
    ] {
        crate::big_stack(move || async move {
            let account = Account::new().await;
            let report = Box::pin(account.service().handle(&event(sample), now()))
                .await
                .expect("handled");
            assert!(report.deleted, "{sample}: {report:?}");
            assert!(report.findings.is_empty(), "{sample}");
        });
    }
}

#[test]
fn a_method_call_on_a_rest_api_has_it_described_with_get_rest_api_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let (api, call) = setup::rest_api_method(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:apigateway:{REGION}::/restapis/{api}")
        );
        // The description gives the API's name, which the call does not.
        assert_eq!(resource.name.as_deref(), Some("orders-api"), "{resource:?}");
        failed_with_actor(
            &account,
            &report,
            "apigateway-rest-methods-authorization",
            ALICE,
        )
        .await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        aws_sdk_apigateway::Client::new(&account.sdk)
            .delete_rest_api()
            .rest_api_id(&api)
            .send()
            .await
            .expect("delete REST API");
        let mut delete = event("cloudtrail/apigateway/delete-rest-api.json");
        delete["detail"]["requestParameters"]["restApiId"] = json!(api);
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_route_call_on_an_http_api_has_it_described_with_get_api_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let v2 = aws_sdk_apigatewayv2::Client::new(&account.sdk);
        let sample = "cloudtrail/apigateway/create-route-v2-no-authorization.json";
        let (api, call) = setup::v2_route_unauthorised(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:apigateway:{REGION}::/apis/{api}")
        );
        failed_with_actor(&account, &report, "apigatewayv2-route-authorization", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        v2.delete_api()
            .api_id(&api)
            .send()
            .await
            .expect("delete API");
        let delete = later_call(sample, "DeleteApi", json!({"apiId": api}), Value::Null);
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_v2_stage_call_without_a_response_is_described_with_get_stage_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let v2 = aws_sdk_apigatewayv2::Client::new(&account.sdk);
        let sample = "cloudtrail/apigateway/create-stage-v2-no-logging.json";
        let (api, call) = setup::v2_stage_unlogged(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:apigateway:{REGION}::/apis/{api}/stages/prod")
        );
        failed_with_actor(
            &account,
            &report,
            "apigatewayv2-stage-access-logging",
            ALICE,
        )
        .await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        v2.delete_stage()
            .api_id(&api)
            .stage_name("prod")
            .send()
            .await
            .expect("delete stage");
        let delete = later_call(
            sample,
            "DeleteStage",
            json!({"apiId": api, "stageName": "prod"}),
            Value::Null,
        );
        archived_by(&account, &service, &delete).await;
    });
}

#[test]
fn a_key_whose_rotation_is_disabled_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let (key, call) = setup::key_rotation_disabled(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        let resource = report.resource.as_ref().expect("resource");
        assert_eq!(
            resource.arn,
            format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{key}")
        );
        failed_with_actor(&account, &report, "kms-key-rotation", ALICE).await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;
        // No call deletes a key: ScheduleKeyDeletion is its end (the KMS.3 row of the call
        // table in `cloudtrail_calls.rs`).
    });
}

#[test]
fn tagging_a_table_as_personal_data_reclassifies_it_in_seconds() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
        let (arn, call) = setup::public_table(&account).await;
        let service = account.service();
        let before = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        // The failures below CRITICAL (point-in-time recovery, deletion protection, ...) are the
        // ones personal data can raise.
        let raisable: Vec<_> = before
            .findings
            .iter()
            .filter(|f| f.status == Status::Failed && f.severity < Severity::Critical)
            .cloned()
            .collect();
        assert!(!raisable.is_empty(), "{before:?}");
        for f in &raisable {
            assert!(!f.reason.contains("PersonalData"), "{f:?}");
        }

        ddb.tag_resource()
            .resource_arn(&arn)
            .tags(
                aws_sdk_dynamodb::types::Tag::builder()
                    .key("PersonalData")
                    .value("true")
                    .build()
                    .expect("tag"),
            )
            .send()
            .await
            .expect("tag the table in moto");
        let tag = event("cloudtrail/dynamodb/tag-resource-personal-data.json");
        assert_eq!(
            tag["detail"]["requestParameters"]["resourceArn"],
            json!(arn)
        );
        let after = Box::pin(service.handle(&tag, now()))
            .await
            .expect("handled");
        assert_eq!(after.resource.as_ref().expect("resource").arn, arn);
        for was in &raisable {
            let now = finding(&after, &was.rule);
            assert_eq!(now.status, Status::Failed, "{now:?}");
            assert!(
                now.severity > was.severity,
                "personal data raises the severity: {was:?} then {now:?}"
            );
            assert!(now.reason.contains("PersonalData=true"), "{now:?}");
        }
    });
}

#[test]
fn a_table_made_public_by_its_resource_policy_is_described_and_judged() {
    crate::big_stack(|| async {
        let account = Account::new().await;
        let ddb = aws_sdk_dynamodb::Client::new(&account.sdk);
        let (arn, call) = setup::public_table(&account).await;
        let service = account.service();
        let report = Box::pin(service.handle(&call, now()))
            .await
            .expect("handled");
        assert_eq!(report.resource.as_ref().expect("resource").arn, arn);
        failed_with_actor(
            &account,
            &report,
            "dynamodb-table-resource-policy-not-public",
            ALICE,
        )
        .await;
        Box::pin(confirmed_by_config_item(&account, &service, &report)).await;

        ddb.delete_table()
            .table_name("customers")
            .send()
            .await
            .expect("delete table");
        archived_by(
            &account,
            &service,
            &event("cloudtrail/dynamodb/delete-table.json"),
        )
        .await;
    });
}
