//! The seeder: builds a moto account with every supported kind, good and bad, and its ground
//! truth. Each seeded resource is checked by one rule: a defective one must FAIL it, a good one
//! must not. Resources are created round-robin over the kinds until `size` are seeded,
//! alternating good and bad per kind, so every size holds every kind (from 40 up: both
//! variants of each).
//!
//! Helper resources a kind needs (the instance a snapshot is taken of, the API a stage belongs
//! to, the role a function runs as) are created once and are not in the ground truth.

use aws_config::SdkConfig;
use serde_json::json;
use std::collections::BTreeMap;
use vigil_core::resource::ResourceType;

mod apis;
use apis::{
    deployed_rest_api, domain_name, function, rest_api, rest_stage, v2_api, v2_integration,
    v2_stage,
};

/// One seeded resource and what the scan must find on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seeded {
    /// Its kind.
    pub resource_type: &'static str,
    /// The name the scan reports it by (`ResourceRef::display_name`).
    pub name: String,
    /// The rule that judges the seeded setting.
    pub rule: &'static str,
    /// Whether the setting is the defect (the rule must FAIL) or the good one (it must not).
    pub defective: bool,
    /// Where moto cannot give what the rule needs, what it leaves out: the rule is then
    /// undetermined under moto (real AWS returns the field).
    pub moto_gap: Option<&'static str>,
}

/// A value planted in a function's environment and a stage's variables: it must appear in no
/// output, log or state.
pub const PLANTED_SECRET: &str = "Pl4nted-Sweep-Secret-9f3e7c21";

/// The kinds the seeder creates, in round-robin order.
pub const SEEDED_KINDS: &[&str] = &[
    ResourceType::RDS_DB_INSTANCE,
    ResourceType::RDS_DB_CLUSTER,
    ResourceType::RDS_DB_SNAPSHOT,
    ResourceType::RDS_DB_CLUSTER_SNAPSHOT,
    ResourceType::RDS_DB_PROXY,
    ResourceType::RDS_EVENT_SUBSCRIPTION,
    ResourceType::DYNAMODB_TABLE,
    ResourceType::DAX_CLUSTER,
    ResourceType::KMS_KEY,
    ResourceType::SECRETSMANAGER_SECRET,
    ResourceType::IAM_ROLE,
    ResourceType::IAM_POLICY,
    ResourceType::IAM_USER,
    ResourceType::EC2_SECURITY_GROUP,
    ResourceType::EC2_VPC_ENDPOINT,
    ResourceType::LAMBDA_FUNCTION,
    ResourceType::API_GATEWAY_REST_API,
    ResourceType::API_GATEWAY_STAGE,
    ResourceType::API_GATEWAY_V2_API,
    ResourceType::API_GATEWAY_V2_STAGE,
    ResourceType::API_GATEWAY_V2_INTEGRATION,
    ResourceType::API_GATEWAY_DOMAIN_NAME,
];

/// Clients and helper resources shared by the seeders.
struct Ctx {
    account: String,
    region: String,
    rds: aws_sdk_rds::Client,
    ddb: aws_sdk_dynamodb::Client,
    dax: aws_sdk_dax::Client,
    kms: aws_sdk_kms::Client,
    sm: aws_sdk_secretsmanager::Client,
    iam: aws_sdk_iam::Client,
    ec2: aws_sdk_ec2::Client,
    lambda: aws_sdk_lambda::Client,
    apigw: aws_sdk_apigateway::Client,
    apigw2: aws_sdk_apigatewayv2::Client,
    helpers: BTreeMap<&'static str, String>,
}

/// Seeds `size` resources and returns the ground truth, in creation order.
pub async fn seed(sdk: &SdkConfig, account: &str, size: usize) -> Vec<Seeded> {
    let mut ctx = Ctx {
        account: account.to_string(),
        region: sdk.region().map(|r| r.to_string()).unwrap_or_default(),
        rds: aws_sdk_rds::Client::new(sdk),
        ddb: aws_sdk_dynamodb::Client::new(sdk),
        dax: aws_sdk_dax::Client::new(sdk),
        kms: aws_sdk_kms::Client::new(sdk),
        sm: aws_sdk_secretsmanager::Client::new(sdk),
        iam: aws_sdk_iam::Client::new(sdk),
        ec2: aws_sdk_ec2::Client::new(sdk),
        lambda: aws_sdk_lambda::Client::new(sdk),
        apigw: aws_sdk_apigateway::Client::new(sdk),
        apigw2: aws_sdk_apigatewayv2::Client::new(sdk),
        helpers: BTreeMap::new(),
    };
    let mut out = Vec::with_capacity(size);
    for i in 0..size {
        let kind = SEEDED_KINDS[i % SEEDED_KINDS.len()];
        // The first of each kind is defective, the next good, and so on.
        let defective = (i / SEEDED_KINDS.len()) % 2 == 0;
        out.push(seed_one(&mut ctx, kind, i, defective).await);
    }
    out
}

async fn seed_one(ctx: &mut Ctx, kind: &'static str, i: usize, bad: bool) -> Seeded {
    let (name, rule) = match kind {
        ResourceType::RDS_DB_INSTANCE => {
            (db_instance(ctx, i, bad).await, "rds-instance-public-access")
        }
        ResourceType::RDS_DB_CLUSTER => (
            db_cluster(ctx, &format!("cluster-{i}"), !bad).await,
            "rds-cluster-storage-encrypted",
        ),
        ResourceType::RDS_DB_SNAPSHOT => (db_snapshot(ctx, i, bad).await, "rds-snapshot-public"),
        ResourceType::RDS_DB_CLUSTER_SNAPSHOT => (
            cluster_snapshot(ctx, i, bad).await,
            "rds-cluster-snapshot-encrypted",
        ),
        ResourceType::RDS_DB_PROXY => (db_proxy(ctx, i, bad).await, "rds-proxy-tls-required"),
        ResourceType::RDS_EVENT_SUBSCRIPTION => (
            event_subscription(ctx, i, bad).await,
            "rds-instance-event-notifications",
        ),
        ResourceType::DYNAMODB_TABLE => (table(ctx, i, bad).await, "dynamodb-table-pitr"),
        ResourceType::DAX_CLUSTER => (
            dax_cluster(ctx, i, bad).await,
            "dax-cluster-encrypted-at-rest",
        ),
        ResourceType::KMS_KEY => (kms_key(ctx, bad).await, "kms-key-rotation"),
        ResourceType::SECRETSMANAGER_SECRET => {
            (secret(ctx, i, bad).await, "secretsmanager-rotation-enabled")
        }
        ResourceType::IAM_ROLE => (role(ctx, i, bad).await, "iam-role-trust-not-public"),
        ResourceType::IAM_POLICY => (policy(ctx, i, bad).await, "iam-policy-no-admin-access"),
        ResourceType::IAM_USER => (user(ctx, i, bad).await, "iam-user-no-policies"),
        ResourceType::EC2_SECURITY_GROUP => (
            security_group(ctx, i, bad).await,
            "ec2-security-group-database-ports-open",
        ),
        ResourceType::EC2_VPC_ENDPOINT => {
            (vpc_endpoint(ctx, bad).await, "vpc-endpoint-policy-not-open")
        }
        ResourceType::LAMBDA_FUNCTION => {
            (function(ctx, i, bad).await, "lambda-environment-secrets")
        }
        ResourceType::API_GATEWAY_REST_API => (
            rest_api(ctx, &format!("rest-{i}"), bad).await.1,
            "apigateway-private-api-resource-policy",
        ),
        ResourceType::API_GATEWAY_STAGE => (
            rest_stage(ctx, i, bad).await,
            "apigateway-rest-stage-variable-secrets",
        ),
        ResourceType::API_GATEWAY_V2_API => (
            v2_api(ctx, &format!("http-{i}"), bad).await.1,
            "apigatewayv2-route-authorization",
        ),
        ResourceType::API_GATEWAY_V2_STAGE => (
            v2_stage(ctx, i, bad).await,
            "apigatewayv2-stage-access-logging",
        ),
        ResourceType::API_GATEWAY_V2_INTEGRATION => (
            v2_integration(ctx, bad).await,
            "apigatewayv2-integration-private-https",
        ),
        ResourceType::API_GATEWAY_DOMAIN_NAME => {
            (domain_name(ctx, i, bad).await, "apigateway-domain-tls-1-2")
        }
        other => panic!("the seeder has no case for {other}"),
    };
    // moto's GetAccountAuthorizationDetails leaves out a policy's
    // PermissionsBoundaryUsageCount (and its PolicyId and PolicyName), which the policy rules
    // need to tell a permissions boundary from a grant.
    let moto_gap = (kind == ResourceType::IAM_POLICY)
        .then_some("PermissionsBoundaryUsageCount (GetAccountAuthorizationDetails)");
    Seeded {
        resource_type: kind,
        name,
        rule,
        defective: bad,
        moto_gap,
    }
}

async fn db_instance(ctx: &Ctx, i: usize, public: bool) -> String {
    let name = format!("db-{i}");
    create_instance(ctx, &name, public).await;
    name
}

async fn create_instance(ctx: &Ctx, name: &str, public: bool) {
    ctx.rds
        .create_db_instance()
        .db_instance_identifier(name)
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("orders_admin")
        .master_user_password("not-a-secret-1")
        .publicly_accessible(public)
        .storage_encrypted(true)
        .send()
        .await
        .expect("create DB instance");
}

async fn db_cluster(ctx: &Ctx, name: &str, encrypted: bool) -> String {
    ctx.rds
        .create_db_cluster()
        .db_cluster_identifier(name)
        .engine("aurora-postgresql")
        .master_username("orders_admin")
        .master_user_password("not-a-secret-1")
        .storage_encrypted(encrypted)
        .send()
        .await
        .expect("create DB cluster");
    name.to_string()
}

async fn helper(ctx: &mut Ctx, key: &'static str) -> String {
    if let Some(v) = ctx.helpers.get(key) {
        return v.clone();
    }
    let value = match key {
        "instance" => {
            create_instance(ctx, "snapshot-source", false).await;
            "snapshot-source".to_string()
        }
        "cluster-encrypted" => db_cluster(ctx, "snapshot-source-enc", true).await,
        "cluster-plain" => db_cluster(ctx, "snapshot-source-plain", false).await,
        "role" => {
            create_role(
                ctx,
                "sweep-helper-role",
                &trust(&format!("arn:aws:iam::{}:root", ctx.account)),
            )
            .await
        }
        "subnets" => {
            let subnets = ctx
                .ec2
                .describe_subnets()
                .send()
                .await
                .expect("describe subnets")
                .subnets
                .unwrap_or_default();
            subnets
                .iter()
                .filter_map(|s| s.subnet_id())
                .take(2)
                .collect::<Vec<_>>()
                .join(",")
        }
        "vpc" => ctx
            .ec2
            .describe_vpcs()
            .send()
            .await
            .expect("describe VPCs")
            .vpcs()
            .first()
            .and_then(|v| v.vpc_id())
            .expect("moto's default VPC")
            .to_string(),
        "rest-api" => deployed_rest_api(ctx).await,
        "v2-api" => v2_api(ctx, "stage-host-v2", false).await.0,
        other => panic!("no helper {other}"),
    };
    ctx.helpers.insert(key, value.clone());
    value
}

async fn db_snapshot(ctx: &mut Ctx, i: usize, public: bool) -> String {
    let source = helper(ctx, "instance").await;
    let name = format!("snap-{i}");
    ctx.rds
        .create_db_snapshot()
        .db_instance_identifier(source)
        .db_snapshot_identifier(&name)
        .send()
        .await
        .expect("create DB snapshot");
    if public {
        ctx.rds
            .modify_db_snapshot_attribute()
            .db_snapshot_identifier(&name)
            .attribute_name("restore")
            .values_to_add("all")
            .send()
            .await
            .expect("share the snapshot publicly");
    }
    name
}

async fn cluster_snapshot(ctx: &mut Ctx, i: usize, unencrypted: bool) -> String {
    let source = helper(
        ctx,
        if unencrypted {
            "cluster-plain"
        } else {
            "cluster-encrypted"
        },
    )
    .await;
    let name = format!("cluster-snap-{i}");
    ctx.rds
        .create_db_cluster_snapshot()
        .db_cluster_identifier(source)
        .db_cluster_snapshot_identifier(&name)
        .send()
        .await
        .expect("create DB cluster snapshot");
    name
}

async fn db_proxy(ctx: &mut Ctx, i: usize, no_tls: bool) -> String {
    use aws_sdk_rds::types::{AuthScheme, EngineFamily, IamAuthMode, UserAuthConfig};
    let subnets = helper(ctx, "subnets").await;
    let name = format!("proxy-{i}");
    let mut request = ctx
        .rds
        .create_db_proxy()
        .db_proxy_name(&name)
        .engine_family(EngineFamily::Postgresql)
        .auth(
            UserAuthConfig::builder()
                .auth_scheme(AuthScheme::Secrets)
                .secret_arn(format!(
                    "arn:aws:secretsmanager:{}:{}:secret:proxy-{i}-AbCdEf",
                    ctx.region, ctx.account
                ))
                .iam_auth(IamAuthMode::Disabled)
                .build(),
        )
        .role_arn(format!("arn:aws:iam::{}:role/proxy-secrets", ctx.account))
        .require_tls(!no_tls)
        .debug_logging(false);
    for s in subnets.split(',') {
        request = request.vpc_subnet_ids(s);
    }
    request.send().await.expect("create DB proxy");
    name
}

/// A DB instance event subscription: the good one notifies maintenance, configuration change
/// and failure (RDS.20), the bad one failure only. moto does not check the SNS topic.
async fn event_subscription(ctx: &Ctx, i: usize, failure_only: bool) -> String {
    let name = format!("db-events-{i}");
    let categories: &[&str] = if failure_only {
        &["failure"]
    } else {
        &["maintenance", "configuration change", "failure"]
    };
    let mut request = ctx
        .rds
        .create_event_subscription()
        .subscription_name(&name)
        .sns_topic_arn(format!(
            "arn:aws:sns:{}:{}:db-events",
            ctx.region, ctx.account
        ))
        .source_type("db-instance")
        .enabled(true);
    for c in categories {
        request = request.event_categories(*c);
    }
    request.send().await.expect("create event subscription");
    name
}

async fn table(ctx: &Ctx, i: usize, no_pitr: bool) -> String {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType,
        PointInTimeRecoverySpecification, ScalarAttributeType,
    };
    let name = format!("table-{i}");
    ctx.ddb
        .create_table()
        .table_name(&name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("attribute"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .expect("key"),
        )
        .send()
        .await
        .expect("create table");
    if !no_pitr {
        ctx.ddb
            .update_continuous_backups()
            .table_name(&name)
            .point_in_time_recovery_specification(
                PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .expect("pitr"),
            )
            .send()
            .await
            .expect("enable PITR");
    }
    name
}

async fn dax_cluster(ctx: &Ctx, i: usize, unencrypted: bool) -> String {
    use aws_sdk_dax::types::SseSpecification;
    let name = format!("dax-{i}");
    ctx.dax
        .create_cluster()
        .cluster_name(&name)
        .node_type("dax.t3.small")
        .replication_factor(3)
        .iam_role_arn(format!(
            "arn:aws:iam::{}:role/DAXServiceRoleForDynamoDBAccess",
            ctx.account
        ))
        .sse_specification(
            SseSpecification::builder()
                .enabled(!unencrypted)
                .build()
                .expect("sse"),
        )
        .send()
        .await
        .expect("create DAX cluster");
    name
}

async fn kms_key(ctx: &Ctx, no_rotation: bool) -> String {
    let id = ctx
        .kms
        .create_key()
        .send()
        .await
        .expect("create key")
        .key_metadata()
        .map(|m| m.key_id().to_string())
        .expect("key id");
    if !no_rotation {
        ctx.kms
            .enable_key_rotation()
            .key_id(&id)
            .send()
            .await
            .expect("enable rotation");
    }
    id
}

async fn secret(ctx: &Ctx, i: usize, no_rotation: bool) -> String {
    let name = format!("prod/secret-{i}");
    ctx.sm
        .create_secret()
        .name(&name)
        .secret_string(json!({"password": PLANTED_SECRET}).to_string())
        .send()
        .await
        .expect("create secret");
    if !no_rotation {
        ctx.sm
            .rotate_secret()
            .secret_id(&name)
            .rotation_rules(
                aws_sdk_secretsmanager::types::RotationRulesType::builder()
                    .automatically_after_days(30)
                    .build(),
            )
            .rotate_immediately(false)
            .send()
            .await
            .expect("turn rotation on");
    }
    name
}

fn trust(principal: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})
    .to_string()
}

async fn create_role(ctx: &Ctx, name: &str, trust: &str) -> String {
    ctx.iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("create role");
    name.to_string()
}

async fn role(ctx: &Ctx, i: usize, public: bool) -> String {
    let principal = if public {
        "*".to_string()
    } else {
        format!("arn:aws:iam::{}:root", ctx.account)
    };
    create_role(ctx, &format!("role-{i}"), &trust(&principal)).await
}

async fn policy(ctx: &Ctx, i: usize, admin: bool) -> String {
    let (action, resource) = if admin {
        ("*", "*".to_string())
    } else {
        (
            "dynamodb:GetItem",
            format!(
                "arn:aws:dynamodb:{}:{}:table/orders",
                ctx.region, ctx.account
            ),
        )
    };
    let name = format!("policy-{i}");
    ctx.iam
        .create_policy()
        .policy_name(&name)
        .policy_document(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": action, "Resource": resource}]})
            .to_string(),
        )
        .send()
        .await
        .expect("create policy");
    name
}

async fn user(ctx: &Ctx, i: usize, with_policy: bool) -> String {
    let name = format!("user-{i}");
    ctx.iam
        .create_user()
        .user_name(&name)
        .send()
        .await
        .expect("create user");
    if with_policy {
        ctx.iam
            .put_user_policy()
            .user_name(&name)
            .policy_name("direct")
            .policy_document(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Action": "s3:GetObject", "Resource": "*"}]})
                .to_string(),
            )
            .send()
            .await
            .expect("put user policy");
    }
    name
}

async fn security_group(ctx: &mut Ctx, i: usize, open: bool) -> String {
    use aws_sdk_ec2::types::{IpPermission, IpRange};
    let vpc = helper(ctx, "vpc").await;
    let name = format!("sg-{i}");
    let id = ctx
        .ec2
        .create_security_group()
        .group_name(&name)
        .description("seeded by the sweep tests")
        .vpc_id(vpc)
        .send()
        .await
        .expect("create security group")
        .group_id
        .expect("group id");
    let cidr = if open { "0.0.0.0/0" } else { "10.0.0.0/16" };
    ctx.ec2
        .authorize_security_group_ingress()
        .group_id(&id)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .ip_ranges(IpRange::builder().cidr_ip(cidr).build())
                .build(),
        )
        .send()
        .await
        .expect("authorize ingress");
    name
}

async fn vpc_endpoint(ctx: &mut Ctx, open: bool) -> String {
    use aws_sdk_ec2::types::VpcEndpointType;
    let vpc = helper(ctx, "vpc").await;
    let policy = if open {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "*", "Resource": "*"}]})
    } else {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "dynamodb:GetItem",
            "Resource": format!("arn:aws:dynamodb:{}:{}:table/orders", ctx.region, ctx.account)}]})
    };
    ctx.ec2
        .create_vpc_endpoint()
        .vpc_id(vpc)
        .vpc_endpoint_type(VpcEndpointType::Gateway)
        .service_name(format!("com.amazonaws.{}.dynamodb", ctx.region))
        .policy_document(policy.to_string())
        .send()
        .await
        .expect("create VPC endpoint")
        .vpc_endpoint()
        .and_then(|e| e.vpc_endpoint_id())
        .expect("endpoint id")
        .to_string()
}
