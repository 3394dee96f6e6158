//! Benchmark of the IAM policy engine on large, real-world-sized policies.
//!
//! Run: `cargo bench -p vigil-core --bench policy` (a bench binary, no extra dependencies; it
//! prints one line per case with the median of repeated runs). Results and the machine they
//! were taken on are in docs/performance.md.
//!
//! The documents are built to the shape of real application policies (dozens of statements,
//! each with a list of actions across services, table/bucket/key ARNs, some conditions and
//! `NotAction`), serialised and URL-encoded as AWS Config delivers them.

use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};
use vigil_core::json::Obj;
use vigil_core::lookups::Lookups;
use vigil_core::policy::Document;
use vigil_core::resource::Resource;
use vigil_core::resources::iam_role::IamRole;
use vigil_core::{evaluate, Settings};

const SERVICES: &[(&str, &[&str])] = &[
    (
        "dynamodb",
        &[
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "Query",
            "Scan",
            "BatchGetItem",
            "BatchWriteItem",
            "DescribeTable",
            "ConditionCheckItem",
        ],
    ),
    (
        "s3",
        &[
            "GetObject",
            "PutObject",
            "DeleteObject",
            "ListBucket",
            "GetObjectVersion",
            "GetBucketLocation",
            "PutObjectTagging",
        ],
    ),
    (
        "kms",
        &[
            "Decrypt",
            "Encrypt",
            "GenerateDataKey",
            "DescribeKey",
            "ReEncrypt*",
        ],
    ),
    (
        "sqs",
        &[
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueAttributes",
            "ChangeMessageVisibility",
        ],
    ),
    ("sns", &["Publish", "Subscribe", "ListSubscriptionsByTopic"]),
    (
        "logs",
        &[
            "CreateLogGroup",
            "CreateLogStream",
            "PutLogEvents",
            "DescribeLogStreams",
        ],
    ),
    ("secretsmanager", &["GetSecretValue", "DescribeSecret"]),
    (
        "rds",
        &[
            "Describe*",
            "ListTagsForResource",
            "CreateDBSnapshot",
            "ModifyDBInstance",
        ],
    ),
    ("events", &["PutEvents", "PutRule", "PutTargets"]),
    ("states", &["StartExecution", "DescribeExecution"]),
];

fn resource_for(service: &str, i: usize) -> Value {
    match service {
        "dynamodb" => json!([
            format!("arn:aws:dynamodb:eu-west-2:123456789012:table/app-{i}"),
            format!("arn:aws:dynamodb:eu-west-2:123456789012:table/app-{i}/index/*")
        ]),
        "s3" => json!([
            format!("arn:aws:s3:::app-bucket-{i}"),
            format!("arn:aws:s3:::app-bucket-{i}/*")
        ]),
        "kms" => json!(format!(
            "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-{i:012}"
        )),
        "sqs" => json!(format!("arn:aws:sqs:eu-west-2:123456789012:app-queue-{i}")),
        "sns" => json!(format!("arn:aws:sns:eu-west-2:123456789012:app-topic-{i}")),
        "logs" => json!(format!(
            "arn:aws:logs:eu-west-2:123456789012:log-group:/aws/lambda/app-{i}:*"
        )),
        "secretsmanager" => json!(format!(
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:app/{i}-??????"
        )),
        "rds" => json!(format!("arn:aws:rds:eu-west-2:123456789012:db:app-{i}")),
        _ => json!("*"),
    }
}

/// A document with `n` statements, about 250 bytes of JSON each.
fn large_document(n: usize) -> Value {
    let statements: Vec<Value> = (0..n)
        .map(|i| {
            let (service, actions) = SERVICES[i % SERVICES.len()];
            let actions: Vec<String> = actions.iter().map(|a| format!("{service}:{a}")).collect();
            let mut s = json!({"Sid": format!("Stmt{i}"), "Effect": "Allow", "Action": actions, "Resource": resource_for(service, i)});
            if i % 7 == 3 {
                s["Condition"] = json!({"StringEquals": {"aws:RequestedRegion": ["eu-west-2", "eu-west-1"]}, "Bool": {"aws:SecureTransport": "true"}});
            }
            if i % 11 == 5 {
                s = json!({"Sid": format!("DenyOutside{i}"), "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-2"}}});
            }
            s
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~*".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs `f` in batches until ~0.5 s has passed and returns the median time per call.
fn measure(mut f: impl FnMut()) -> Duration {
    for _ in 0..20 {
        f();
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(500) || samples.len() < 15 {
        let batch = 20u32;
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        samples.push(t.elapsed() / batch);
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn report(name: &str, d: Duration) {
    println!("{name:<64} {:>10.1} µs", d.as_secs_f64() * 1e6);
}

fn main() {
    for n in [10usize, 40, 100] {
        let doc = large_document(n);
        let text = doc.to_string();
        let encoded = url_encode(&text);
        let parsed = Document::parse_str(&encoded).expect("parses");
        assert_eq!(parsed.statements.len(), n);
        println!(
            "-- {n} statements: {} bytes of JSON, {} bytes URL-encoded",
            text.len(),
            encoded.len()
        );
        report(
            &format!("parse (URL-encoded, {n} statements)"),
            measure(|| {
                black_box(Document::parse_str(black_box(&encoded)).ok());
            }),
        );
        report(
            &format!("allows(\"*\", \"*\") ({n} statements)"),
            measure(|| {
                black_box(parsed.allows(black_box("*"), "*").len());
            }),
        );
        report(
            &format!("allows(\"dynamodb:GetItem\", <table ARN>) ({n} statements)"),
            measure(|| {
                black_box(
                    parsed
                        .allows(
                            black_box("dynamodb:GetItem"),
                            "arn:aws:dynamodb:eu-west-2:123456789012:table/app-0",
                        )
                        .len(),
                );
            }),
        );
        report(
            &format!("allows_some(\"rds:Delete*\", \"*\") ({n} statements)"),
            measure(|| {
                black_box(parsed.allows_some(black_box("rds:Delete*"), "*").len());
            }),
        );
    }

    // A whole role: trust policy, three inline policies of 40 statements (~30 KB), two AWS
    // managed policies from the core's data; every role rule evaluated.
    let inline: Vec<Value> = (0..3)
        .map(|i| json!({"policyName": format!("app-{i}"), "policyDocument": url_encode(&large_document(40).to_string())}))
        .collect();
    let trust = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}]});
    let config = json!({
        "path": "/", "roleName": "app", "arn": "arn:aws:iam::123456789012:role/app",
        "assumeRolePolicyDocument": url_encode(&trust.to_string()),
        "rolePolicyList": inline,
        "attachedManagedPolicies": [
            {"policyName": "AWSLambdaBasicExecutionRole", "policyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
            {"policyName": "AmazonDynamoDBFullAccess", "policyArn": "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"}]
    });
    let bytes = config.to_string().len();
    let settings = Settings::default();
    let lookups = Lookups::none();
    println!("-- a role with 3 x 40-statement inline policies ({bytes} bytes of configuration)");
    report(
        "parse the role's configuration",
        measure(|| {
            black_box(
                IamRole::parse(Obj::new(black_box(&config), "configuration").expect("object")).ok(),
            );
        }),
    );
    let role = Resource::IamRole(Box::new(
        IamRole::parse(Obj::new(&config, "configuration").expect("object")).expect("role"),
    ));
    let outcomes = evaluate(&role, &settings, &lookups);
    assert!(outcomes.len() >= 9);
    report(
        "evaluate every role rule",
        measure(|| {
            black_box(evaluate(black_box(&role), &settings, &lookups).len());
        }),
    );
}
