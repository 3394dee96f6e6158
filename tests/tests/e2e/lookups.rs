//! Lookups end to end against moto_server: a rule that needs more than the Config item (an RDS
//! DB parameter group's `rds.force_ssl`, FSBP RDS.38) gets its answer from the resolver's
//! DescribeDBParameters call, and without one it is undetermined rather than guessed.

use aws_sdk_rds::types::{ApplyMethod, Parameter};
use serde_json::{json, Value};
use vigil_core::Status;
use vigil_e2e::{event, finding, Account};

const RULE: &str = "rds-postgres-encrypted-in-transit";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The insecure orders-db item, attached to `group`, captured at `captured_at`.
fn orders_db_with(group: &str, captured_at: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    let item = &mut e["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = json!(captured_at);
    item["configuration"]["dBParameterGroups"] =
        json!([{"dBParameterGroupName": group, "parameterApplyStatus": "in-sync"}]);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

async fn set_force_ssl(rds: &aws_sdk_rds::Client, group: &str, value: &str) {
    rds.modify_db_parameter_group()
        .db_parameter_group_name(group)
        .parameters(
            Parameter::builder()
                .parameter_name("rds.force_ssl")
                .parameter_value(value)
                .apply_method(ApplyMethod::PendingReboot)
                .build(),
        )
        .send()
        .await
        .expect("modify the parameter group in moto");
}

fn verdict(report: &vigil_core::Report) -> Option<(Status, String)> {
    report
        .findings
        .iter()
        .find(|f| f.rule == RULE)
        .map(|f| (f.status, f.reason.clone()))
}

#[tokio::test]
async fn the_parameter_group_is_looked_up_and_decides_rds_38() {
    let account = Account::new().await;
    let rds = aws_sdk_rds::Client::new(&account.sdk);
    rds.create_db_parameter_group()
        .db_parameter_group_name("orders-pg16")
        .db_parameter_group_family("postgres16")
        .description("orders-db parameters")
        .send()
        .await
        .expect("create the parameter group in moto");
    set_force_ssl(&rds, "orders-pg16", "0").await;
    let service = account.service();

    let first = service
        .handle(
            &orders_db_with("orders-pg16", "2026-11-23T09:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (status, reason) = verdict(&first).expect("RDS.38 reached a verdict");
    assert_eq!(status, Status::Failed, "{reason}");
    assert!(reason.contains("rds.force_ssl is 0"), "{reason}");

    set_force_ssl(&rds, "orders-pg16", "1").await;
    let second = service
        .handle(
            &orders_db_with("orders-pg16", "2026-11-23T10:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (status, reason) = verdict(&second).expect("RDS.38 reached a verdict");
    assert_eq!(status, Status::Passed, "{reason}");
}

#[tokio::test]
async fn a_parameter_group_that_cannot_be_read_leaves_rds_38_undetermined() {
    let account = Account::new().await;
    let report = account
        .service()
        .handle(
            &orders_db_with("no-such-group", "2026-11-23T09:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    assert!(verdict(&report).is_none(), "{report:?}");
    let undetermined = report
        .undetermined
        .iter()
        .find(|u| u.rule == RULE)
        .expect("RDS.38 is undetermined");
    assert_eq!(
        undetermined.missing,
        ["rds.db-parameter-group:no-such-group"]
    );
}

/// An encrypted orders-db item whose storage key is `key`.
fn orders_db_encrypted_with(key: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    let c = &mut e["detail"]["configurationItem"]["configuration"];
    c["storageEncrypted"] = json!(true);
    c["kmsKeyId"] = json!(key);
    e
}

#[tokio::test]
async fn describe_key_answers_who_manages_the_key_and_a_missing_key_is_undetermined() {
    let account = Account::new().await;
    let kms = aws_sdk_kms::Client::new(&account.sdk);
    let key = kms
        .create_key()
        .description("orders-db storage")
        .send()
        .await
        .expect("create a key in moto")
        .key_metadata
        .expect("key metadata")
        .arn
        .expect("key arn");
    let report = account
        .service()
        .handle(&orders_db_encrypted_with(&key), now())
        .await
        .expect("handled");
    let cmk = finding(&report, "rds-instance-customer-managed-key");
    assert_eq!(cmk.status, Status::Passed, "{}", cmk.reason);

    let missing = "arn:aws:kms:eu-west-2:123456789012:key/00000000-0000-4000-8000-000000000000";
    let report = account
        .service()
        .handle(
            &{
                let mut e = orders_db_encrypted_with(missing);
                e["detail"]["configurationItem"]["configurationItemCaptureTime"] =
                    json!("2099-01-01T00:00:00.000Z");
                e
            },
            now(),
        )
        .await
        .expect("handled");
    assert!(
        report
            .undetermined
            .iter()
            .any(|u| u.rule == "rds-instance-customer-managed-key"),
        "a key DescribeKey cannot find leaves the rule undetermined: {report:?}"
    );
}

/// The KMS key item with its id and ARN replaced by a key created in moto.
fn key_item(key_id: &str, arn: &str) -> Value {
    let mut e = event("config/kms/key-compliant.json");
    let ci = &mut e["detail"]["configurationItem"];
    ci["resourceId"] = json!(key_id);
    ci["ARN"] = json!(arn);
    ci["configuration"]["keyId"] = json!(key_id);
    ci["configuration"]["arn"] = json!(arn);
    e
}

#[tokio::test]
async fn get_key_policy_decides_kms_5() {
    let account = Account::new().await;
    let kms = aws_sdk_kms::Client::new(&account.sdk);
    let meta = kms
        .create_key()
        .description("billing data key")
        .send()
        .await
        .expect("create a key in moto")
        .key_metadata
        .expect("key metadata");
    let (id, arn) = (meta.key_id().to_string(), meta.arn().unwrap().to_string());

    // moto's default key policy grants the account root only.
    let report = account
        .service()
        .handle(&key_item(&id, &arn), now())
        .await
        .expect("handled");
    let kms5 = finding(&report, "kms-key-not-public");
    assert_eq!(kms5.status, Status::Passed, "{}", kms5.reason);

    let public = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]});
    kms.put_key_policy()
        .key_id(&id)
        .policy_name("default")
        .policy(public.to_string())
        .send()
        .await
        .expect("put a public key policy in moto");
    let mut later = key_item(&id, &arn);
    later["detail"]["configurationItem"]["configurationItemCaptureTime"] =
        json!("2099-01-01T00:00:00.000Z");
    let report = account
        .service()
        .handle(&later, now())
        .await
        .expect("handled");
    let kms5 = finding(&report, "kms-key-not-public");
    assert_eq!(kms5.status, Status::Failed, "{}", kms5.reason);
    assert!(kms5.reason.contains("\"Open\""), "{}", kms5.reason);
}

/// The insecure Aurora MySQL cluster item, attached to DB cluster parameter group `group`.
fn shop_aurora_with(group: &str, captured_at: &str) -> Value {
    let mut e = event("config/rds/db-cluster-insecure.json");
    let item = &mut e["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = json!(captured_at);
    item["configuration"]["dbclusterParameterGroup"] = json!(group);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

async fn set_cluster_parameter(rds: &aws_sdk_rds::Client, group: &str, name: &str, value: &str) {
    rds.modify_db_cluster_parameter_group()
        .db_cluster_parameter_group_name(group)
        .parameters(
            Parameter::builder()
                .parameter_name(name)
                .parameter_value(value)
                .apply_method(ApplyMethod::Immediate)
                .build(),
        )
        .send()
        .await
        .expect("modify the DB cluster parameter group in moto");
}

#[tokio::test]
async fn the_cluster_parameter_group_is_looked_up_and_decides_rds_45() {
    const RDS_45: &str = "rds-aurora-mysql-audit-logging";
    let status = |report: &vigil_core::Report| {
        report
            .findings
            .iter()
            .find(|f| f.rule == RDS_45)
            .map(|f| (f.status, f.reason.clone()))
    };
    let account = Account::new().await;
    let rds = aws_sdk_rds::Client::new(&account.sdk);
    rds.create_db_cluster_parameter_group()
        .db_cluster_parameter_group_name("shop-aurora-params")
        .db_parameter_group_family("aurora-mysql8.0")
        .description("shop-aurora parameters")
        .send()
        .await
        .expect("create the DB cluster parameter group in moto");
    set_cluster_parameter(&rds, "shop-aurora-params", "server_audit_logging", "0").await;
    let service = account.service();

    let first = service
        .handle(
            &shop_aurora_with("shop-aurora-params", "2026-11-23T09:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (s, reason) = status(&first).expect("RDS.45 reached a verdict");
    assert_eq!(s, Status::Failed, "{reason}");
    assert!(reason.contains("server_audit_logging is 0"), "{reason}");

    set_cluster_parameter(&rds, "shop-aurora-params", "server_audit_logging", "1").await;
    set_cluster_parameter(
        &rds,
        "shop-aurora-params",
        "server_audit_events",
        "CONNECT,QUERY_DCL",
    )
    .await;
    let second = service
        .handle(
            &shop_aurora_with("shop-aurora-params", "2026-11-23T10:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (s, reason) = status(&second).expect("RDS.45 reached a verdict");
    assert_eq!(s, Status::Passed, "{reason}");

    // A group DescribeDBClusterParameters does not find leaves the rule undetermined.
    let third = service
        .handle(
            &shop_aurora_with("no-such-cluster-group", "2026-11-23T11:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    assert!(status(&third).is_none(), "{third:?}");
    let undetermined = third
        .undetermined
        .iter()
        .find(|u| u.rule == RDS_45)
        .expect("RDS.45 is undetermined");
    assert_eq!(
        undetermined.missing,
        ["rds.db-cluster-parameter-group:no-such-cluster-group"]
    );
}

/// A VPC created in moto: its id.
async fn create_vpc(ec2: &aws_sdk_ec2::Client, cidr: &str) -> String {
    ec2.create_vpc()
        .cidr_block(cidr)
        .send()
        .await
        .expect("create VPC")
        .vpc
        .and_then(|v| v.vpc_id)
        .expect("VPC id")
}

/// A subnet of `vpc` created in moto, in `zone` (moto's choice when `None`): its id.
async fn create_subnet(
    ec2: &aws_sdk_ec2::Client,
    vpc: &str,
    cidr: &str,
    zone: Option<&str>,
) -> String {
    ec2.create_subnet()
        .vpc_id(vpc)
        .cidr_block(cidr)
        .set_availability_zone(zone.map(str::to_string))
        .send()
        .await
        .expect("create subnet")
        .subnet
        .and_then(|s| s.subnet_id)
        .expect("subnet id")
}

/// The insecure orders-db item in the given subnets (its DB subnet group's).
fn orders_db_in(subnets: &[&str], captured_at: &str) -> Value {
    let mut e = event("config/rds/db-instance-insecure.json");
    let item = &mut e["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = json!(captured_at);
    item["configuration"]["dBSubnetGroup"]["subnets"] = subnets
        .iter()
        .map(|s| json!({"subnetIdentifier": s}))
        .collect();
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

#[tokio::test]
async fn the_subnets_route_tables_are_looked_up_and_decide_rds_46() {
    const RDS_46: &str = "rds-instance-not-in-public-subnet";
    let status = |report: &vigil_core::Report| {
        report
            .findings
            .iter()
            .find(|f| f.rule == RDS_46)
            .map(|f| (f.status, f.reason.clone()))
    };
    let account = Account::new().await;
    let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
    let vpc = create_vpc(&ec2, "10.8.0.0/16").await;
    let public = create_subnet(&ec2, &vpc, "10.8.1.0/24", None).await;
    let private = create_subnet(&ec2, &vpc, "10.8.2.0/24", None).await;
    let igw = ec2
        .create_internet_gateway()
        .send()
        .await
        .expect("create internet gateway")
        .internet_gateway
        .and_then(|g| g.internet_gateway_id)
        .expect("gateway id");
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .expect("attach internet gateway");
    let table = ec2
        .create_route_table()
        .vpc_id(&vpc)
        .send()
        .await
        .expect("create route table")
        .route_table
        .and_then(|t| t.route_table_id)
        .expect("route table id");
    ec2.create_route()
        .route_table_id(&table)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw)
        .send()
        .await
        .expect("create route");
    ec2.associate_route_table()
        .route_table_id(&table)
        .subnet_id(&public)
        .send()
        .await
        .expect("associate the public subnet");
    let service = account.service();

    // The private subnet has no association: its VPC's main table (local route only) decides.
    let first = service
        .handle(
            &orders_db_in(&[&private], "2026-11-23T09:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (s, reason) = status(&first).expect("RDS.46 reached a verdict");
    assert_eq!(s, Status::Passed, "{reason}");

    let second = service
        .handle(
            &orders_db_in(&[&private, &public], "2026-11-23T10:00:00.000Z"),
            now(),
        )
        .await
        .expect("handled");
    let (s, reason) = status(&second).expect("RDS.46 reached a verdict");
    assert_eq!(s, Status::Failed, "{reason}");
    assert!(
        reason.contains(&public) && reason.contains("0.0.0.0/0"),
        "{reason}"
    );
}

/// The in-VPC function's Config item, placed in `subnets`, captured at `captured_at`.
fn function_in(subnets: &[&str], captured_at: &str) -> Value {
    let mut e = event("config/lambda/function-current-in-vpc.json");
    let item = &mut e["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = json!(captured_at);
    item["configuration"]["vpcConfig"]["subnetIds"] = json!(subnets);
    e["id"] = json!(format!("evt-{captured_at}"));
    e
}

#[tokio::test]
async fn the_subnets_availability_zones_are_looked_up_from_ec2_and_decide_lambda_5() {
    // `ec2.subnet` is answered by EC2's DescribeSubnets, not by AWS Config, so Lambda.5 is
    // decided in the Config-free mode too (moto's AWS Config records nothing here).
    const LAMBDA_5: &str = "lambda-vpc-multi-az";
    let status = |report: &vigil_core::Report| {
        report
            .findings
            .iter()
            .find(|f| f.rule == LAMBDA_5)
            .map(|f| (f.status, f.reason.clone()))
    };
    let account = Account::new().await;
    let ec2 = aws_sdk_ec2::Client::new(&account.sdk);
    let vpc = create_vpc(&ec2, "10.9.0.0/16").await;
    let a1 = create_subnet(&ec2, &vpc, "10.9.1.0/24", Some("eu-west-2a")).await;
    let a2 = create_subnet(&ec2, &vpc, "10.9.2.0/24", Some("eu-west-2a")).await;
    let b = create_subnet(&ec2, &vpc, "10.9.3.0/24", Some("eu-west-2b")).await;
    let service = account.service();

    let one_zone = service
        .handle(&function_in(&[&a1, &a2], "2026-11-23T09:00:00.000Z"), now())
        .await
        .expect("handled");
    let (s, reason) = status(&one_zone).expect("Lambda.5 reached a verdict");
    assert_eq!(s, Status::Failed, "{reason}");

    let two_zones = service
        .handle(&function_in(&[&a1, &b], "2026-11-23T10:00:00.000Z"), now())
        .await
        .expect("handled");
    let (s, reason) = status(&two_zones).expect("Lambda.5 reached a verdict");
    assert_eq!(s, Status::Passed, "{reason}");
}
