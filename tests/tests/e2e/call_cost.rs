//! AWS calls per CloudTrail event and handler time, per described kind, against moto_server: a
//! measurement, not a test (ignored; nothing timed is asserted). Run it explicitly:
//!
//! ```text
//! cargo test -p vigil-e2e --test e2e call_cost -- --ignored --nocapture
//! ```
//!
//! Every call of the evaluate service goes through the harness's counting proxy. The baseline,
//! measured in the same run, is a call whose response describes its resource (`CreateDBCluster`):
//! it makes no describe call, only the state table's, Security Hub's and SNS's (and the rules'
//! lookups); each kind's row adds its describe and lookup calls to that. Each row's resource is
//! created in a fresh moto_server by the same setup as its describer test (`describers.rs`), and
//! the call is the same sample. Times are one handling each (the first call of a fresh service,
//! so they include building the clients' connections), on a loaded machine: read them as orders
//! of magnitude.

use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Instant;
use vigil_e2e::{event, quick_resilience, Account};

/// Whether a call is the state table's (DynamoDB item calls), Security Hub's or SNS's.
fn state_or_delivery(key: &str) -> bool {
    let table_item = key.starts_with("dynamodb:")
        && !key.contains("Describe")
        && !key.contains("ListTags")
        && !key.contains("ResourcePolicy");
    table_item || key.starts_with("securityhub:") || key.starts_with("sns:")
}

/// One handling's figures.
struct Measured {
    total: usize,
    reads: BTreeMap<String, usize>,
    ms: u128,
    alerts: usize,
}

/// Handles `call` through a counting proxy and returns its figures.
async fn measure(account: &Account, label: &str, call: &Value) -> Measured {
    let proxy = account.proxy();
    let service = account.service_via(&proxy, quick_resilience()).await;
    let started = Instant::now();
    let report = Box::pin(service.handle(call, chrono::Utc::now()))
        .await
        .expect("handled");
    let ms = started.elapsed().as_millis();
    assert!(report.skipped.is_none(), "{label}: {report:?}");
    assert!(
        !report.deleted,
        "{label}: the resource must be found: {report:?}"
    );
    let calls = proxy.calls();
    let total: usize = calls.values().sum();
    let reads = calls
        .into_iter()
        .filter(|(k, _)| !state_or_delivery(k))
        .collect();
    let alerts = account.alerts().await.len();
    Measured {
        total,
        reads,
        ms,
        alerts,
    }
}

/// `{"dynamodb:DescribeTable": 1, ...}` as "`DescribeTable`, ..." (a count above one shown).
fn names(reads: &BTreeMap<String, usize>) -> String {
    reads
        .iter()
        .map(|(k, n)| {
            let op = k.split_once(':').map_or(k.as_str(), |(_, op)| op);
            if *n > 1 {
                format!("`{op}` ×{n}")
            } else {
                format!("`{op}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
#[ignore = "a measurement: run explicitly with --ignored --nocapture"]
fn aws_calls_and_handler_time_per_described_kind() {
    use crate::describers as d;
    crate::big_stack(|| async {
        let mut rows: Vec<(&str, Measured)> = Vec::new();
        macro_rules! row {
            ($label:expr, |$account:ident| $setup:expr) => {{
                let $account = Account::new().await;
                let call: Value = Box::pin($setup).await;
                let m = measure(&$account, $label, &call).await;
                rows.push(($label, m));
            }};
        }
        row!(
            "baseline: `CreateDBCluster` (described by its response)",
            |a| async { event("cloudtrail/rds/create-db-cluster-unencrypted.json") }
        );
        row!(
            "`AWS::RDS::DBInstance`: `CreateDBInstance` (no response)",
            |a| d::setup::db_instance(&a)
        );
        row!(
            "`AWS::RDS::DBSnapshot`: `ModifyDBSnapshotAttribute` (no response)",
            |a| d::setup::public_snapshot(&a)
        );
        row!(
            "`AWS::RDS::DBClusterSnapshot`: `ModifyDBClusterSnapshotAttribute` (no response)",
            |a| d::setup::public_cluster_snapshot(&a)
        );
        row!(
            "`AWS::RDS::EventSubscription`: `CreateEventSubscription` (no response)",
            |a| async {
                // The subscription as the sample made it (instances, failure events only),
                // created in moto; the call without its response, so it must be described.
                aws_sdk_rds::Client::new(&a.sdk)
                    .create_event_subscription()
                    .subscription_name("db-alerts")
                    .sns_topic_arn("arn:aws:sns:eu-west-2:123456789012:db-alerts")
                    .source_type("db-instance")
                    .event_categories("failure")
                    .enabled(true)
                    .send()
                    .await
                    .expect("create event subscription in moto");
                let mut e = event("cloudtrail/rds/create-event-subscription-failure-only.json");
                e["detail"]["responseElements"] = Value::Null;
                e
            }
        );
        row!(
            "`AWS::EC2::SecurityGroup`: `AuthorizeSecurityGroupIngress`",
            |a| async { d::setup::open_security_group(&a).await.1 }
        );
        row!("`AWS::EC2::VPCEndpoint`: `CreateVpcEndpoint`", |a| async {
            d::setup::full_access_endpoint(&a).await.1
        });
        row!("`AWS::IAM::Role`: `AttachRolePolicy`", |a| async {
            d::setup::role_with_admin(&a).await.1
        });
        row!("`AWS::IAM::Policy`: `CreatePolicyVersion`", |a| async {
            d::setup::policy_allowing_everything(&a).await.1
        });
        row!("`AWS::IAM::User`: `CreateAccessKey`", |a| {
            d::setup::user_with_key(&a)
        });
        row!("`AWS::Lambda::Function`: `AddPermission20150331v2`", |a| {
            d::setup::public_function(&a)
        });
        row!(
            "`AWS::SecretsManager::Secret`: `CancelRotateSecret`",
            |a| async { d::setup::secret_rotation_cancelled(&a).await.1 }
        );
        row!("`AWS::KMS::Key`: `DisableKeyRotation`", |a| async {
            d::setup::key_rotation_disabled(&a).await.1
        });
        row!("`AWS::DynamoDB::Table`: `PutResourcePolicy`", |a| async {
            d::setup::public_table(&a).await.1
        });
        row!("`AWS::ApiGateway::RestApi`: `PutMethod`", |a| async {
            d::setup::rest_api_method(&a).await.1
        });
        row!("`AWS::ApiGateway::Stage`: `UpdateStage`", |a| async {
            d::setup::rest_stage_untraced(&a).await.1
        });
        row!("`AWS::ApiGatewayV2::Api`: `CreateRoute`", |a| async {
            d::setup::v2_route_unauthorised(&a).await.1
        });
        row!(
            "`AWS::ApiGatewayV2::Stage`: `CreateStage` (no response)",
            |a| async { d::setup::v2_stage_unlogged(&a).await.1 }
        );
        row!(
            "`AWS::RDS::DBProxy`: `CreateDBProxy` (no response)",
            |a| async { crate::proxy_dax::described_proxy_call(&a).await.1 }
        );
        row!("`AWS::DAX::Cluster`: `CreateCluster` (no response)", |a| {
            crate::proxy_dax::described_dax_call(&a)
        });
        row!(
            "`AWS::ApiGateway::DomainName`: `UpdateDomainName` (no response)",
            |a| crate::apigateway::legacy_domain(&a)
        );
        row!(
            "`AWS::::Account`: `UpdateAccountPasswordPolicy`",
            |a| async {
                aws_sdk_iam::Client::new(&a.sdk)
                    .update_account_password_policy()
                    .minimum_password_length(6)
                    .send()
                    .await
                    .expect("weak password policy");
                event("cloudtrail/iam/update-account-password-policy-weak.json")
            }
        );
        row!(
            "`AWS::Config::ConfigurationRecorder`: `StopConfigurationRecorder`",
            |a| async {
                crate::watching::put_recorder(&a).await;
                event("cloudtrail/config/stop-configuration-recorder.json")
            }
        );
        row!("`AWS::CloudTrail::Trail`: `StopLogging`", |a| {
            crate::watching::stopped_trail(&a)
        });
        row!("`AWS::CloudTrail::Trail`: `PutEventSelectors`", |a| {
            crate::watching::narrowed_trail(&a)
        });
        row!(
            "`AWS::CloudTrail::Trail`: `UpdateTrail` to single-Region (and the account beside it)",
            |a| async {
                let ct = crate::watching::create_trail(&a).await;
                crate::watching::made_single_region(&ct).await
            }
        );
        row!("`AWS::GuardDuty::Detector`: `UpdateDetector`", |a| async {
            crate::watching::suspended_detector(&a).await.2
        });

        let (base_calls, base_ms) = (rows[0].1.total as f64, rows[0].1.ms as f64);
        println!("| event | AWS calls (× baseline) | describe and lookup calls | handler ms (× baseline) | alerts |");
        println!("|---|---|---|---|---|");
        for (label, m) in &rows {
            println!(
                "| {label} | {} ({:.2}) | {} ({}) | {} ({:.2}) | {} |",
                m.total,
                m.total as f64 / base_calls,
                m.reads.values().sum::<usize>(),
                names(&m.reads),
                m.ms,
                m.ms as f64 / base_ms,
                m.alerts
            );
        }
    });
}
