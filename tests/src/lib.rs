//! The end-to-end harness: a private `moto_server` on 127.0.0.1 per test, an account set up
//! with the real AWS SDK (state table, alert topic with an SQS subscription to read messages,
//! Security Hub), and readers for what moto then holds.
//!
//! `moto_server` must be installed (`pip install 'moto[server]'`; the README's test command does
//! it). If it is missing the tests fail and say so: they never skip.

pub mod proxy;
pub mod seed;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType,
};
use proxy::FaultProxy;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vigil_aws::{
    AwsResolver, Clock, EvaluateService, Resilience, Scope, SdkClientFactory, ServiceConfig,
};
use vigil_core::Settings;

/// The account and region moto's resources live in (moto's default account).
pub const ACCOUNT: &str = "123456789012";
/// The region of every test.
pub const REGION: &str = "eu-west-2";

/// Starts moto's server in-process with the arguments after it, after closing every descriptor
/// from 3 up and replacing moto 5.2.1's `DynamoDBBackend.transact_write_items` by one that rolls
/// back only the items a transaction names (the file says why); exits with [`MOTO_NOT_FOUND`]
/// when moto is not installed.
const MOTO_LAUNCHER: &str = include_str!("moto_launcher.py");

/// Runs the launcher's own checks of its `transact_write_items` replacement in a fresh Python
/// process: `Ok` with what it printed, or `Err` with its output.
pub fn moto_launcher_self_check() -> Result<String, String> {
    let out = Command::new("python3")
        .args(["-c", MOTO_LAUNCHER, "--self-check"])
        .output()
        .map_err(|e| format!("cannot start python3: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("{}: {text}", out.status))
    }
}

/// The launcher's exit status when `moto_server` is not installed.
const MOTO_NOT_FOUND: i32 = 127;

/// A running moto_server, stopped when dropped.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
}

impl Moto {
    /// Starts moto_server on a free loopback port and waits until it answers.
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("no free port on 127.0.0.1");
        // Through a small Python launcher (tests/src/moto_launcher.py) that closes every
        // inherited descriptor above stderr, so that a server left behind by a test process that
        // aborted (no `Drop`) does not keep holding what the test's parent gave it (e.g. a build
        // lock taken with `flock`), and that makes moto's transactions roll back only their own
        // items instead of copying the whole table per item (moto 5.2.1).
        let child = Command::new("python3")
            .args(["-c", MOTO_LAUNCHER])
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start python3 to launch moto_server ({e}). Install Python 3 and then \
                     python3 -m pip install 'moto[server]' (scripts/test installs it)"
                )
            });
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                if status.code() == Some(MOTO_NOT_FOUND) {
                    panic!(
                        "moto_server is not installed. Install it with: python3 -m pip install \
                         'moto[server]' (the README's test command, scripts/test, installs it)"
                    );
                }
                panic!("moto_server exited at start with {status}");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// SDK configuration pointing every client at this server, with dummy credentials.
    pub async fn sdk(&self) -> SdkConfig {
        sdk_at(&self.endpoint).await
    }
}

/// SDK configuration pointing every client at `endpoint` (moto, or a [`FaultProxy`] in front of
/// it), with dummy credentials.
pub async fn sdk_at(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "testing", "testing", None, None, "moto",
        ))
        .load()
        .await
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Retries and timeouts for tests through a [`FaultProxy`]: the production shape (standard
/// retries, bounded attempts, every timeout set) with short waits, so an injected fault costs
/// milliseconds and a slow answer past 1 s is abandoned and retried.
pub fn quick_resilience() -> Resilience {
    Resilience {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        connect_timeout: Duration::from_secs(1),
        attempt_timeout: Duration::from_secs(1),
        operation_timeout: Duration::from_secs(15),
    }
}

/// An account prepared for the evaluate service.
pub struct Account {
    /// The server (kept alive as long as the account).
    pub moto: Moto,
    /// The SDK configuration.
    pub sdk: SdkConfig,
    /// The state table's name.
    pub table: String,
    /// The alert topic.
    pub topic_arn: String,
    /// The queue subscribed to the topic.
    pub queue_url: String,
}

impl Account {
    /// Starts moto and creates the table, the topic with an SQS subscription, and Security Hub.
    pub async fn new() -> Account {
        let moto = Moto::start();
        let sdk = moto.sdk().await;
        let table = "vigil-state".to_string();
        let ddb = aws_sdk_dynamodb::Client::new(&sdk);
        ddb.create_table()
            .table_name(&table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(attr("pk"))
            .attribute_definitions(attr("sk"))
            .key_schema(key("pk", KeyType::Hash))
            .key_schema(key("sk", KeyType::Range))
            .attribute_definitions(attr("scope"))
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(vigil_aws::store::SCOPE_INDEX)
                    .key_schema(key("scope", KeyType::Hash))
                    .key_schema(key("pk", KeyType::Range))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::Include)
                            .set_non_key_attributes(Some(
                                vigil_aws::store::SCOPE_PROJECTION
                                    .iter()
                                    .map(|a| a.to_string())
                                    .collect(),
                            ))
                            .build(),
                    )
                    .build()
                    .expect("index"),
            )
            .send()
            .await
            .expect("create table");
        let sns = aws_sdk_sns::Client::new(&sdk);
        let topic_arn = sns
            .create_topic()
            .name("vigil-alerts")
            .send()
            .await
            .expect("create topic")
            .topic_arn
            .expect("topic arn");
        let sqs = aws_sdk_sqs::Client::new(&sdk);
        let queue_url = sqs
            .create_queue()
            .queue_name("alerts-inbox")
            .send()
            .await
            .expect("create queue")
            .queue_url
            .expect("queue url");
        let queue_arn = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:alerts-inbox");
        sns.subscribe()
            .topic_arn(&topic_arn)
            .protocol("sqs")
            .endpoint(queue_arn)
            .send()
            .await
            .expect("subscribe queue");
        aws_sdk_securityhub::Client::new(&sdk)
            .enable_security_hub()
            .send()
            .await
            .expect("enable Security Hub");
        Account {
            moto,
            sdk,
            table,
            topic_arn,
            queue_url,
        }
    }

    /// The evaluate service over this account, with default settings.
    pub fn service(&self) -> EvaluateService {
        self.service_with_topic(&self.topic_arn)
    }

    /// The service publishing to another topic (e.g. one that does not exist, to make SNS fail).
    pub fn service_with_topic(&self, topic_arn: &str) -> EvaluateService {
        EvaluateService::new(
            &self.sdk,
            ServiceConfig {
                table: self.table.clone(),
                topic_arn: topic_arn.to_string(),
                settings: Settings::default(),
            },
        )
    }

    /// A fault-injecting proxy in front of this account's moto_server.
    pub fn proxy(&self) -> FaultProxy {
        FaultProxy::start(&self.moto.endpoint)
    }

    /// The evaluate service with every call going through `proxy`, retrying and timing out as
    /// `resilience` says.
    pub async fn service_via(&self, proxy: &FaultProxy, resilience: Resilience) -> EvaluateService {
        EvaluateService::with_resilience(
            &sdk_at(&proxy.endpoint).await,
            ServiceConfig {
                table: self.table.clone(),
                topic_arn: self.topic_arn.clone(),
                settings: Settings::default(),
            },
            resilience,
        )
    }

    /// The service's resolver over this account, outside the pipeline (to call its lookups
    /// directly), stamping answers with the system clock.
    pub fn resolver(&self) -> AwsResolver {
        self.resolver_at(Clock::system())
    }

    /// The resolver, stamping answers with `clock`.
    pub fn resolver_at(&self, clock: Clock) -> AwsResolver {
        AwsResolver::new(
            Arc::new(SdkClientFactory::new(
                self.sdk.clone(),
                Some(ACCOUNT.into()),
            )),
            clock,
        )
    }

    /// The scope of the test's resources: moto's account, the test region.
    pub fn scope(&self) -> Scope {
        Scope {
            account: Some(ACCOUNT.into()),
            region: Some(REGION.into()),
        }
    }

    /// Every alert delivered so far (drains the queue): (subject, body) pairs.
    pub async fn alerts(&self) -> Vec<(String, String)> {
        let sqs = aws_sdk_sqs::Client::new(&self.sdk);
        let mut out = Vec::new();
        loop {
            let got = sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .send()
                .await
                .expect("receive");
            let messages = got.messages();
            if messages.is_empty() {
                return out;
            }
            for m in messages {
                let envelope: serde_json::Value =
                    serde_json::from_str(m.body().unwrap_or("{}")).expect("SNS envelope");
                out.push((
                    envelope["Subject"].as_str().unwrap_or_default().to_string(),
                    envelope["Message"].as_str().unwrap_or_default().to_string(),
                ));
                sqs.delete_message()
                    .queue_url(&self.queue_url)
                    .receipt_handle(m.receipt_handle().unwrap_or_default())
                    .send()
                    .await
                    .expect("delete");
            }
        }
    }

    /// Every finding Security Hub holds (moto's GetFindings ignores filters).
    pub async fn findings(&self) -> Vec<aws_sdk_securityhub::types::AwsSecurityFinding> {
        aws_sdk_securityhub::Client::new(&self.sdk)
            .get_findings()
            .send()
            .await
            .expect("get findings")
            .findings
            .unwrap_or_default()
    }

    /// Every item in the state table.
    pub async fn items(
        &self,
    ) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
        aws_sdk_dynamodb::Client::new(&self.sdk)
            .scan()
            .table_name(&self.table)
            .send()
            .await
            .expect("scan")
            .items
            .unwrap_or_default()
    }
}

fn attr(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .expect("attribute definition")
}

fn key(name: &str, kind: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .expect("key schema element")
}

/// A sample event from `events/`, parsed.
pub fn event(path: &str) -> serde_json::Value {
    let full = format!("{}/../events/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The finding of `rule` in a handler's report; panics (showing the report) when the rule
/// reached no verdict.
pub fn finding<'a>(
    report: &'a vigil_core::report::Report,
    rule: &str,
) -> &'a vigil_core::report::ReportFinding {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no verdict for {rule}: {report:?}"))
}
