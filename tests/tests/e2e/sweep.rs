//! The sweep against moto_server: every kind's list adapter through the real SDK, then whole
//! sweeps through the pipeline over DynamoDB, Security Hub and SNS (ground truth from the
//! seeder, deletion, drift, a sweep stopped halfway, no re-alerts).
//!
//! moto gaps: its `GetAccountAuthorizationDetails` leaves out a customer managed policy's
//! `PolicyId`, `PolicyName` and `PermissionsBoundaryUsageCount` (the adapter names the policy
//! by its ARN then, and the policy rules are undetermined: the ground truth says so), and its
//! DynamoDB fails concurrent transactions now and then (see [`sweep_kinds`]). Every other
//! adapter is tested here against moto.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use vigil_aws::list::{self, Target};
use vigil_aws::sweep::{self, KindOutcome};
use vigil_aws::{Clock, EvaluateService, SdkClientFactory, ServiceConfig};
use vigil_core::kinds::KINDS;
use vigil_core::sweep::Run;
use vigil_core::{ObservedState, Parsed, Report, Settings, Status};
use vigil_e2e::seed::{seed, Seeded, PLANTED_SECRET, SEEDED_KINDS};
use vigil_e2e::{Account, ACCOUNT, REGION};

fn target() -> Target {
    Target {
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![],
    }
}

fn run(id: &str) -> Run {
    Run {
        id: id.into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![],
    }
}

#[tokio::test]
async fn every_kind_is_listed_and_read_by_its_own_parser() {
    let account = Account::new().await;
    let seeded = seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let clients = vigil_aws::Clients::new(&account.sdk);
    let mut names: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for s in &seeded {
        names
            .entry(s.resource_type)
            .or_default()
            .insert(s.name.clone());
    }
    for (resource_type, name) in crate::watching::seed_monitoring(&account).await {
        names.entry(resource_type).or_default().insert(name);
    }
    // The account exists in every moto server: nothing to seed.
    names
        .entry(vigil_core::kinds::account::ACCOUNT.type_name)
        .or_default()
        .insert(ACCOUNT.to_string());
    for kind in KINDS {
        let descriptions = list::list(&clients, kind, &target())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", kind.type_name));
        let mut listed = BTreeSet::new();
        for d in &descriptions {
            assert_eq!(d.resource_type, kind.type_name);
            let parsed = vigil_core::sweep::observation(&run("list"), d, chrono::Utc::now())
                .unwrap_or_else(|e| panic!("{}: {} does not parse: {e}", kind.type_name, d.arn));
            let Parsed::Observation(o) = parsed else {
                panic!("{}: {parsed:?}", kind.type_name)
            };
            let ObservedState::Present(resource) = &o.state else {
                panic!("{}: {:?}", kind.type_name, o.state)
            };
            assert_eq!(resource.type_name(), kind.type_name);
            // The account's identity is Security Hub's `AWS::::Account:<id>`, not an ARN.
            assert!(
                o.resource.arn.starts_with("arn:aws:")
                    || o.resource.arn == format!("AWS::::Account:{ACCOUNT}"),
                "{}",
                o.resource.arn
            );
            listed.insert(o.resource.display_name().to_string());
        }
        let want = names.remove(kind.type_name).unwrap_or_default();
        assert!(
            want.is_subset(&listed),
            "{}: seeded {want:?}, listed {listed:?}",
            kind.type_name
        );
        assert!(
            !want.is_empty(),
            "{} was not seeded: the test would be vacuous",
            kind.type_name
        );
    }
}

fn service(account: &Account) -> EvaluateService {
    EvaluateService::with_clients(
        Arc::new(SdkClientFactory::new(
            account.sdk.clone(),
            Some(ACCOUNT.into()),
        )),
        ServiceConfig {
            table: account.table.clone(),
            topic_arn: account.topic_arn.clone(),
            settings: Settings::default(),
        },
        Clock::system(),
    )
    .expect("service")
}

/// Sweeps `kinds` of the test region through the service's pipeline, one kind after another,
/// as the sweep function does (one (region, kind) per queue message). moto's DynamoDB answers
/// concurrent `TransactWriteItems` with an internal error now and then, so the concurrent
/// `sweep_region` is tested over the memory store (`scan.rs`) instead.
async fn sweep_kinds(
    account: &Account,
    service: &EvaluateService,
    id: &str,
    kinds: &[&'static vigil_core::kinds::Kind],
) -> Vec<KindOutcome> {
    let clients = vigil_aws::Clients::new(&account.sdk);
    let mut out = Vec::with_capacity(kinds.len());
    for kind in kinds {
        out.push(
            sweep::sweep_kind(
                service.pipeline(),
                &clients,
                &Clock::system(),
                &run(id),
                kind,
            )
            .await,
        );
    }
    out
}

fn reports(outcomes: Vec<KindOutcome>) -> Vec<Report> {
    outcomes
        .into_iter()
        .flat_map(|o| match o.result {
            Ok(l) => l.reports,
            Err(e) => panic!("{} not evaluated: {}", o.kind.type_name, e.message),
        })
        .collect()
}

/// Checks every seeded resource against its rule: recall on the defects, no failure on the
/// good ones. Returns the number of defects found.
pub fn check_ground_truth(seeded: &[Seeded], reports: &[Report]) -> usize {
    let mut found = 0;
    for s in seeded {
        let report = reports
            .iter()
            .find(|r| {
                r.resource.as_ref().is_some_and(|res| {
                    res.resource_type.as_str() == s.resource_type && res.display_name() == s.name
                })
            })
            .unwrap_or_else(|| {
                let errors: Vec<_> = reports.iter().filter_map(|r| r.error.as_ref()).collect();
                panic!(
                    "{} {} is not in the sweep's reports; errors: {errors:?}",
                    s.resource_type, s.name
                )
            });
        assert!(report.error.is_none(), "{}: {:?}", s.name, report.error);
        let verdict = report.findings.iter().find(|f| f.rule == s.rule);
        if let Some(gap) = s.moto_gap {
            assert!(
                report.undetermined.iter().any(|u| u.rule == s.rule),
                "{}: moto leaves out {gap}, so {} is undetermined: {report:?}",
                s.name,
                s.rule
            );
            continue;
        }
        if s.defective {
            let v = verdict.unwrap_or_else(|| {
                panic!(
                    "{} {}: no verdict for {}: {report:?}",
                    s.resource_type, s.name, s.rule
                )
            });
            assert_eq!(
                v.status,
                Status::Failed,
                "{} {}: {}",
                s.name,
                s.rule,
                v.reason
            );
            found += 1;
        } else if let Some(v) = verdict {
            assert_ne!(
                v.status,
                Status::Failed,
                "{} {}: {}",
                s.name,
                s.rule,
                v.reason
            );
        }
    }
    found
}

#[tokio::test]
async fn a_sweep_finds_every_seeded_defect_reconciles_deletions_and_never_re_alerts() {
    let account = Account::new().await;
    let seeded = seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let service = service(&account);
    let kinds = sweep::kinds_for(true);

    let first = reports(sweep_kinds(&account, &service, "sweep-1", &kinds).await);
    let defects = check_ground_truth(&seeded, &first);
    // One defective resource per kind, less the kinds moto cannot describe fully.
    let gaps = seeded
        .iter()
        .filter(|s| s.defective && s.moto_gap.is_some())
        .count();
    assert_eq!(defects, SEEDED_KINDS.len() - gaps);
    let alerts = account.alerts().await;
    assert!(!alerts.is_empty(), "the first sweep alerts on what fails");

    // Nothing changed: a second sweep stores the newer observations and alerts on nothing.
    let second = reports(sweep_kinds(&account, &service, "sweep-2", &kinds).await);
    assert!(second
        .iter()
        .flat_map(|r| &r.findings)
        .all(|f| f.transition == vigil_core::Transition::Unchanged));
    assert_eq!(account.alerts().await, Vec::<(String, String)>::new());

    // A failing table is deleted: the next sweep observes it deleted, archives its finding and
    // says so once.
    let gone = seeded
        .iter()
        .find(|s| s.resource_type == vigil_core::ResourceType::DYNAMODB_TABLE && s.defective)
        .expect("a seeded defective table");
    aws_sdk_dynamodb::Client::new(&account.sdk)
        .delete_table()
        .table_name(&gone.name)
        .send()
        .await
        .expect("delete table");
    let table_kind = [&vigil_core::kinds::dynamodb::TABLE];
    let third = reports(sweep_kinds(&account, &service, "sweep-3", &table_kind).await);
    let deleted: Vec<_> = third.iter().filter(|r| r.deleted).collect();
    assert_eq!(deleted.len(), 1, "{third:?}");
    assert_eq!(
        deleted[0].resource.as_ref().map(|r| r.display_name()),
        Some(gone.name.as_str())
    );
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let archived = account
        .findings()
        .await
        .into_iter()
        .filter(|f| {
            f.resources().iter().any(|r| {
                r.id()
                    .is_some_and(|id| id.ends_with(&format!("table/{}", gone.name)))
            })
        })
        .all(|f| f.record_state().map(|s| s.as_str()) == Some("ARCHIVED"));
    assert!(archived, "the deleted table's findings are archived");
    // And once only.
    let fourth = reports(sweep_kinds(&account, &service, "sweep-4", &table_kind).await);
    assert!(fourth.iter().all(|r| !r.deleted), "{fourth:?}");
    assert!(account.alerts().await.is_empty());

    // Nothing planted leaked into the state table, the findings or the alerts.
    let items = format!("{:?}", account.items().await);
    assert!(!items.contains(PLANTED_SECRET));
    let findings = format!("{:?}", account.findings().await);
    assert!(!findings.contains(PLANTED_SECRET));
    let reports_text = serde_json::to_string(&first).expect("reports as JSON");
    assert!(!reports_text.contains(PLANTED_SECRET));
}

#[tokio::test]
async fn a_sweep_stopped_halfway_and_restarted_ends_in_the_same_state_without_duplicate_alerts() {
    let account = Account::new().await;
    seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let service = service(&account);
    let kinds = sweep::kinds_for(true);
    let (half, _) = kinds.split_at(kinds.len() / 2);
    // Stopped after half the kinds...
    sweep_kinds(&account, &service, "sweep-1", half).await;
    let mut subjects: Vec<String> = account.alerts().await.into_iter().map(|a| a.0).collect();
    let alerts_first_half = subjects.len();
    // ...and resumed from the start: what was done is unchanged, the rest is new.
    sweep_kinds(&account, &service, "sweep-1", &kinds).await;
    subjects.extend(account.alerts().await.into_iter().map(|a| a.0));
    let alerts_resumed = subjects.len() - alerts_first_half;

    assert!(alerts_first_half > 0 && alerts_resumed > 0);
    // No alert twice: each failing rule of each resource was alerted once, by the half that
    // first evaluated it.
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = subjects.iter().filter(|s| !seen.insert(*s)).collect();
    assert!(twice.is_empty(), "alerted twice: {twice:?}");
    // Every stored failure was alerted: the alert count is the stored failing count.
    let stored = failing_by_kind(account.items().await);
    let failing: i64 = stored.values().flatten().sum();
    assert_eq!(subjects.len() as i64, failing, "{subjects:#?}");
    // The state is complete: a full sweep now changes nothing and sends nothing.
    let again = reports(sweep_kinds(&account, &service, "sweep-2", &kinds).await);
    assert!(again
        .iter()
        .flat_map(|r| &r.findings)
        .all(|f| f.transition == vigil_core::Transition::Unchanged));
    assert!(account.alerts().await.is_empty());
    assert_eq!(failing_by_kind(account.items().await), stored);
}

type Item = std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>;

/// Each kind's stored states as their sorted failing counts.
fn failing_by_kind(items: Vec<Item>) -> BTreeMap<String, Vec<i64>> {
    let text = |item: &Item, k: &str| item.get(k).and_then(|v| v.as_s().ok()).cloned();
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for item in items
        .iter()
        .filter(|i| text(i, "sk").as_deref() == Some("STATE"))
    {
        let failing = item
            .get("failing")
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(-1);
        out.entry(text(item, "resource_type").unwrap_or_default())
            .or_default()
            .push(failing);
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// An observation that names a resource without its configuration, as a CloudTrail call
/// without a usable response does.
fn needs_fetch(resource_type: &str, id: &str, arn: &str) -> vigil_core::Observation {
    vigil_core::Observation {
        resource: vigil_core::ResourceRef {
            resource_type: vigil_core::ResourceType(resource_type.into()),
            id: id.into(),
            name: Some(id.into()),
            arn: arn.into(),
            account: ACCOUNT.into(),
            region: REGION.into(),
        },
        captured_at: chrono::Utc::now(),
        origin: vigil_core::Origin {
            kind: vigil_core::SourceKind::CloudTrail,
            event_id: "call-1".into(),
            what: "test".into(),
            actor: None,
        },
        state: ObservedState::NeedsFetch {
            reason: "no response".into(),
        },
        warnings: Vec::new(),
    }
}

#[tokio::test]
async fn clusters_tables_and_keys_are_described_as_the_sweep_lists_them_or_found_deleted() {
    use vigil_core::{Fact, Resource, ResourceType};
    let account = Account::new().await;
    let seeded = seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let clients = vigil_aws::Clients::new(&account.sdk);
    let name_of = |t: &str, defective: bool| {
        seeded
            .iter()
            .find(|s| s.resource_type == t && s.defective == defective)
            .map(|s| s.name.clone())
            .expect("seeded")
    };
    let describe = |o| vigil_aws::describe::describe(&clients, o);

    let cluster = name_of(ResourceType::RDS_DB_CLUSTER, true);
    let arn = format!("arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{cluster}");
    let o = describe(needs_fetch(ResourceType::RDS_DB_CLUSTER, &cluster, &arn))
        .await
        .expect("described");
    let ObservedState::Present(Resource::DbCluster(c)) = &o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(c.storage_encrypted, Fact::Known(false));
    assert!(o.resource.id.starts_with("cluster-"), "{}", o.resource.id);

    let table = name_of(ResourceType::DYNAMODB_TABLE, false);
    let arn = format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}");
    let o = describe(needs_fetch(ResourceType::DYNAMODB_TABLE, &table, &arn))
        .await
        .expect("described");
    let ObservedState::Present(Resource::DynamoDbTable(t)) = &o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(t.point_in_time_recovery, Fact::Known("ENABLED".to_string()));
    assert!(t.tags.is_known());

    let key = name_of(ResourceType::KMS_KEY, false);
    let arn = format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{key}");
    let o = describe(needs_fetch(ResourceType::KMS_KEY, &key, &arn))
        .await
        .expect("described");
    let ObservedState::Present(Resource::KmsKey(k)) = &o.state else {
        panic!("{:?}", o.state)
    };
    assert_eq!(k.rotation_enabled, Fact::Known(true));

    // Gone: observed deleted.
    for (t, id, arn) in [
        (
            ResourceType::RDS_DB_CLUSTER,
            "no-such-cluster",
            format!("arn:aws:rds:{REGION}:{ACCOUNT}:cluster:no-such-cluster"),
        ),
        (
            ResourceType::DYNAMODB_TABLE,
            "no-such-table",
            format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/no-such-table"),
        ),
        (
            ResourceType::KMS_KEY,
            "0d4e7f2a-9b1c-4d3e-8f5a-6b7c8d9e0f1a",
            format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/0d4e7f2a-9b1c-4d3e-8f5a-6b7c8d9e0f1a"),
        ),
    ] {
        let o = describe(needs_fetch(t, id, &arn)).await.expect("described");
        assert_eq!(o.state, ObservedState::Deleted, "{t}");
    }
}

#[tokio::test]
async fn a_run_fans_out_on_the_work_queue_and_each_message_is_one_region_and_kind() {
    use vigil_aws::sweep_queue::{self, WorkItem};
    let account = Account::new().await;
    seed(&account.sdk, ACCOUNT, SEEDED_KINDS.len()).await;
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let queue = sqs
        .create_queue()
        .queue_name("sweep-work")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    let items = sweep_queue::work_items("sweep-1", &[REGION.to_string()]);
    sweep_queue::enqueue(&sqs, &queue, &items)
        .await
        .expect("enqueue");
    let mut bodies = Vec::new();
    loop {
        let got = sqs
            .receive_message()
            .queue_url(&queue)
            .max_number_of_messages(10)
            .send()
            .await
            .expect("receive");
        if got.messages().is_empty() {
            break;
        }
        bodies.extend(
            got.messages()
                .iter()
                .filter_map(|m| m.body().map(str::to_string)),
        );
    }
    assert_eq!(bodies.len(), KINDS.len(), "one message per kind");
    let received: BTreeSet<WorkItem> = bodies
        .iter()
        .map(|b| serde_json::from_str(b).expect("a work item"))
        .collect();
    assert_eq!(received.len(), items.len());

    let service = service(&account);
    let factory = SdkClientFactory::new(account.sdk.clone(), Some(ACCOUNT.into()));
    let clock = Clock::system();
    for body in &bodies {
        sweep_queue::handle(service.pipeline(), &factory, &clock, ACCOUNT, body)
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"));
    }
    let stored = account
        .items()
        .await
        .into_iter()
        .filter(|i| i.get("sk").and_then(|v| v.as_s().ok()).map(String::as_str) == Some("STATE"))
        .count();
    assert!(stored >= SEEDED_KINDS.len(), "{stored} states");
    // A malformed message fails (SQS delivers it again); a kind this Vigil does not know is
    // dropped.
    let bad = sweep_queue::handle(service.pipeline(), &factory, &clock, ACCOUNT, "{}").await;
    assert!(bad.is_err());
    let unknown =
        serde_json::json!({"run": "sweep-1", "region": REGION, "kind": "AWS::S3::Bucket"});
    sweep_queue::handle(
        service.pipeline(),
        &factory,
        &clock,
        ACCOUNT,
        &unknown.to_string(),
    )
    .await
    .expect("dropped");
}

/// Every work item waiting in the queue (each received one deleted).
async fn drain(sqs: &aws_sdk_sqs::Client, queue: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    loop {
        let got = sqs
            .receive_message()
            .queue_url(queue)
            .max_number_of_messages(10)
            .send()
            .await
            .expect("receive");
        if got.messages().is_empty() {
            return bodies;
        }
        for m in got.messages() {
            bodies.extend(m.body().map(str::to_string));
            sqs.delete_message()
                .queue_url(queue)
                .receipt_handle(m.receipt_handle().unwrap_or_default())
                .send()
                .await
                .expect("delete");
        }
    }
}

#[tokio::test]
async fn the_first_sweep_sends_one_summary_and_the_next_alerts_on_its_one_transition() {
    use vigil_aws::sweep_queue;
    let account = Account::new().await;
    let seeded = seed(&account.sdk, ACCOUNT, 2 * SEEDED_KINDS.len()).await;
    let service = service(&account);
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let queue = sqs
        .create_queue()
        .queue_name("sweep-work")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    let factory = SdkClientFactory::new(account.sdk.clone(), Some(ACCOUNT.into()));
    let clock = Clock::system();
    let regions = [REGION.to_string()];

    // No sweep yet: the run is a first sweep.
    let items = sweep_queue::start(
        service.pipeline(),
        &sqs,
        &queue,
        "sweep-1",
        &regions,
        clock.now(),
    )
    .await
    .expect("start");
    assert!(!items.is_empty() && items.iter().all(|i| i.first));
    for body in drain(&sqs, &queue).await {
        Box::pin(sweep_queue::handle(
            service.pipeline(),
            &factory,
            &clock,
            ACCOUNT,
            &body,
        ))
        .await
        .unwrap_or_else(|e| panic!("{body}: {e}"));
    }
    let alerts = account.alerts().await;
    assert_eq!(
        alerts.len(),
        1,
        "one summary, not one alert per finding: {alerts:?}"
    );
    let (subject, body) = &alerts[0];
    assert!(
        subject.starts_with(&format!("Vigil baseline for {ACCOUNT}")),
        "{subject}"
    );
    assert!(body.contains("Failing findings by severity"), "{body}");
    assert!(body.contains("What to do first"), "{body}");
    assert!(!body.contains(PLANTED_SECRET));
    // The findings themselves reached Security Hub.
    assert!(!account.findings().await.is_empty());

    // One change: a failing table is deleted. The next run is not a first sweep, and alerts on
    // that one transition only.
    let gone = seeded
        .iter()
        .find(|s| s.resource_type == vigil_core::ResourceType::DYNAMODB_TABLE && s.defective)
        .expect("a seeded defective table");
    aws_sdk_dynamodb::Client::new(&account.sdk)
        .delete_table()
        .table_name(&gone.name)
        .send()
        .await
        .expect("delete table");
    let items = sweep_queue::start(
        service.pipeline(),
        &sqs,
        &queue,
        "sweep-2",
        &regions,
        clock.now(),
    )
    .await
    .expect("start");
    assert!(items.iter().all(|i| !i.first));
    for body in drain(&sqs, &queue).await {
        Box::pin(sweep_queue::handle(
            service.pipeline(),
            &factory,
            &clock,
            ACCOUNT,
            &body,
        ))
        .await
        .unwrap_or_else(|e| panic!("{body}: {e}"));
    }
    let alerts = account.alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].1.contains(&gone.name), "{alerts:?}");
    assert!(!alerts[0].0.starts_with("Vigil baseline"), "{alerts:?}");
}

#[tokio::test]
async fn of_two_runs_started_at_the_same_moment_exactly_one_is_the_first_sweep() {
    use vigil_aws::sweep_queue;
    let account = Account::new().await;
    let service = service(&account);
    let sqs = aws_sdk_sqs::Client::new(&account.sdk);
    let queue = sqs
        .create_queue()
        .queue_name("sweep-work")
        .send()
        .await
        .expect("create queue")
        .queue_url
        .expect("queue url");
    let clock = Clock::system();
    let regions = [REGION.to_string()];
    // Both read a heartbeat with no sweep yet, before either has swept anything.
    let start = |run: &'static str| {
        sweep_queue::start(service.pipeline(), &sqs, &queue, run, &regions, clock.now())
    };
    let (a, b) = tokio::join!(Box::pin(start("sweep-a")), Box::pin(start("sweep-b")));
    let (a, b) = (a.expect("start a"), b.expect("start b"));
    assert!(!a.is_empty() && !b.is_empty());
    let first = |items: &[sweep_queue::WorkItem]| items.iter().all(|i| i.first);
    let none = |items: &[sweep_queue::WorkItem]| items.iter().all(|i| !i.first);
    assert!(
        (first(&a) && none(&b)) || (first(&b) && none(&a)),
        "exactly one run is the first: a {:?}, b {:?}",
        a.iter().map(|i| i.first).collect::<Vec<_>>(),
        b.iter().map(|i| i.first).collect::<Vec<_>>()
    );
    // The winner's start, retried, is still the first; the other's still is not.
    let (winner, loser) = if first(&a) {
        ("sweep-a", "sweep-b")
    } else {
        ("sweep-b", "sweep-a")
    };
    assert!(first(&Box::pin(start(winner)).await.expect("retry")));
    assert!(none(&Box::pin(start(loser)).await.expect("retry")));
}
