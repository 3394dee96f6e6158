//! Lambda functions end to end against moto_server: the lookups the Lambda rules need (function
//! configuration with its environment, function URL, resource policy) answered through the real
//! SDK, and the planted secret values found nowhere in the report, the state table, Security
//! Hub's findings or the alerts.

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, FunctionUrlAuthType, Runtime};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use vigil_core::lookups::lambda::{FunctionConfiguration, FunctionPolicy, FunctionUrl};
use vigil_core::lookups::{LookupAnswer, LookupKey};
use vigil_core::Status;
use vigil_e2e::{event, finding, Account, ACCOUNT};

/// Values planted in the function's environment: none may appear in anything Vigil writes.
const PLANTED: [&str; 3] = [
    "Pl4nted-Db-Pw-7731",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
];

/// The function the sample event describes (`events/config/lambda/function-outdated-public.json`).
const FUNCTION: &str = "orders-webhook";

/// Creates an IAM role in moto with a raw query-API call (moto checks that a function's role
/// exists; the test needs no IAM client for one call). moto does not check signatures.
pub(crate) fn create_role(endpoint: &str, name: &str) {
    let host = endpoint.trim_start_matches("http://");
    let policy = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
    let body = format!(
        "Action=CreateRole&Version=2010-05-08&RoleName={name}&AssumeRolePolicyDocument={policy}"
    );
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(host).expect("connect to moto");
    stream
        .write_all(request.as_bytes())
        .expect("send CreateRole");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read CreateRole");
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "CreateRole: {response}"
    );
}

/// An empty but valid zip archive (just the end-of-central-directory record).
pub(crate) fn empty_zip() -> Blob {
    let mut bytes = b"PK\x05\x06".to_vec();
    bytes.extend([0u8; 18]);
    Blob::new(bytes)
}

async fn create_function(account: &Account, with_url: Option<FunctionUrlAuthType>) {
    create_role(&account.moto.endpoint, "orders-webhook-role");
    let lambda = aws_sdk_lambda::Client::new(&account.sdk);
    lambda
        .create_function()
        .function_name(FUNCTION)
        .runtime(Runtime::Python38)
        .role(format!("arn:aws:iam::{ACCOUNT}:role/orders-webhook-role"))
        .handler("app.handler")
        .code(FunctionCode::builder().zip_file(empty_zip()).build())
        .timeout(900)
        .environment(
            Environment::builder()
                .variables(
                    "DATABASE_URL",
                    format!("postgres://orders:{}@orders-db:5432/orders", PLANTED[0]),
                )
                .variables("UPLOAD_ACCESS_KEY_ID", PLANTED[1])
                .variables("UPLOAD_SECRET_ACCESS_KEY", PLANTED[2])
                .variables("LOG_LEVEL", "info")
                .build(),
        )
        .send()
        .await
        .expect("create function");
    if let Some(auth) = with_url {
        lambda
            .create_function_url_config()
            .function_name(FUNCTION)
            .auth_type(auth)
            .cors(
                aws_sdk_lambda::types::Cors::builder()
                    .allow_origins("*")
                    .build(),
            )
            .send()
            .await
            .expect("create function URL");
    }
    lambda
        .add_permission()
        .function_name(FUNCTION)
        .statement_id("s3-invoke")
        .action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com")
        .source_arn("arn:aws:s3:::orders-uploads")
        .send()
        .await
        .expect("add permission");
}

#[tokio::test]
async fn the_resolver_answers_the_lambda_lookups_in_their_documented_shapes() {
    let account = Account::new().await;
    create_function(&account, Some(FunctionUrlAuthType::None)).await;
    let keys: BTreeSet<LookupKey> = [
        FunctionConfiguration::key(FUNCTION).untyped(),
        FunctionUrl::key(FUNCTION).untyped(),
        FunctionPolicy::key(FUNCTION).untyped(),
        FunctionUrl::key("no-such-function").untyped(),
    ]
    .into_iter()
    .collect();
    let answers = account.resolver().lookups(&account.scope(), &keys).await;
    let config = answers
        .get(&FunctionConfiguration::key(FUNCTION))
        .expect("configuration answered");
    let variables = config.variables();
    assert!(variables.names().any(|n| n == "LOG_LEVEL"), "{variables:?}");
    assert_eq!(config.kms_key_arn, Some(None));
    let shown = format!("{config:?}");
    for planted in PLANTED {
        assert!(!shown.contains(planted), "{planted} in {shown}");
    }
    let url = answers
        .get(&FunctionUrl::key(FUNCTION))
        .expect("URL answered");
    assert_eq!(url.auth_type, Some(Some("NONE".to_string())));
    assert_eq!(url.allow_origins, Some(vec!["*".to_string()]));
    let policy = answers
        .get(&FunctionPolicy::key(FUNCTION))
        .expect("policy answered");
    let text = policy.policy.clone().flatten().expect("policy text");
    let document: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        document["Statement"][0]["Principal"]["Service"],
        "s3.amazonaws.com"
    );
    // A function that does not exist is a failed lookup, left unanswered (undetermined).
    assert!(answers.get(&FunctionUrl::key("no-such-function")).is_err());
}

#[tokio::test]
async fn a_function_without_a_url_answers_no_url() {
    let account = Account::new().await;
    create_function(&account, None).await;
    let key = FunctionUrl::key(FUNCTION);
    let answers = account
        .resolver()
        .lookups(&account.scope(), &[key.untyped()].into_iter().collect())
        .await;
    assert_eq!(answers.get(&key).expect("answered").auth_type, Some(None));
}

#[tokio::test]
async fn secrets_in_the_environment_fail_and_their_values_appear_nowhere() {
    let account = Account::new().await;
    create_function(&account, Some(FunctionUrlAuthType::None)).await;
    let service = account.service();
    let report = service
        .handle(
            &event("config/lambda/function-outdated-public.json"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled");

    let status = |rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| (f.status, f.reason.clone()))
            .unwrap_or_else(|| panic!("no verdict for {rule}: {report:?}"))
    };
    let (secrets, reason) = status("lambda-environment-secrets");
    assert_eq!(secrets, Status::Failed);
    assert!(
        reason.contains("DATABASE_URL")
            && reason.contains("UPLOAD_ACCESS_KEY_ID")
            && reason.contains("UPLOAD_SECRET_ACCESS_KEY"),
        "{reason}"
    );
    assert!(!reason.contains("LOG_LEVEL"), "{reason}");
    assert_eq!(status("lambda-environment-cmk").0, Status::Failed);
    assert_eq!(status("lambda-function-url-auth").0, Status::Failed);
    assert_eq!(status("lambda-function-url-cors").0, Status::Failed);
    assert_eq!(status("lambda-supported-runtime").0, Status::Failed);

    // Everything Vigil wrote or said: the report, the state table, the findings, the alerts.
    let mut written = vec![serde_json::to_string(&report).expect("report JSON")];
    written.extend(account.items().await.iter().map(|item| format!("{item:?}")));
    written.extend(account.findings().await.iter().map(|f| format!("{f:?}")));
    let alerts = account.alerts().await;
    assert!(!alerts.is_empty(), "the failures are alerted");
    written.extend(alerts.iter().map(|(s, b)| format!("{s}\n{b}")));
    let all = written.join("\n");
    assert!(all.contains("DATABASE_URL"), "the variable is named");
    for planted in PLANTED {
        assert!(!all.contains(planted), "planted value {planted} leaked");
    }
    // Nor any fragment of the password.
    assert!(!all.contains("Pl4nted"), "part of a planted value leaked");
}

#[tokio::test]
async fn lookups_that_cannot_be_answered_leave_rules_undetermined_without_failing_the_event() {
    // The sample's subnets and the function do not exist in moto: every lookup
    // fails, is logged, and the rules that needed it are undetermined; the rest still decide.
    let account = Account::new().await;
    let report = account
        .service()
        .handle(
            &event("config/lambda/function-current-in-vpc.json"),
            chrono::Utc::now(),
        )
        .await
        .expect("handled despite failed lookups");
    let undetermined: Vec<&str> = report
        .undetermined
        .iter()
        .map(|u| u.rule.as_str())
        .collect();
    for rule in [
        "lambda-vpc-multi-az",
        "lambda-environment-secrets",
        "lambda-function-url-auth",
    ] {
        assert!(undetermined.contains(&rule), "{rule}: {report:?}");
    }
    let passed = finding(&report, "lambda-supported-runtime");
    assert_eq!(passed.status, Status::Passed);
}
