//! The whole pipeline over the in-memory store, the offline resolver (or a resolver answering
//! from literal data) and a recording deliverer: every step but AWS, in milliseconds.

use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use vigil_core::delivery::{render, Rendered};
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::{Observation, ObservedState};
use vigil_core::resource::ResourceRef;
use vigil_core::sources::{parse_event, Parsed};
use vigil_core::state::ResourceState;
use vigil_core::{Settings, Status, Transition};
use vigil_pipeline::{
    BoxError, Delivered, Deliverer, MemoryStore, OfflineResolver, Pipeline, PipelineError,
    Resolution, Resolver, StateStore,
};

/// Records what it delivers; fails the next `fail` deliveries; when `hold` is set, holds its
/// first delivery until [`Recorder::release`] (a slow Security Hub).
#[derive(Default)]
struct Recorder {
    delivered: Mutex<Vec<Rendered>>,
    fail: AtomicUsize,
    hold: AtomicBool,
    held: AtomicBool,
    released: AtomicBool,
}

impl Recorder {
    fn failing(times: usize) -> Self {
        Recorder {
            fail: AtomicUsize::new(times),
            ..Recorder::default()
        }
    }

    fn holding_the_first() -> Self {
        Recorder {
            hold: AtomicBool::new(true),
            ..Recorder::default()
        }
    }

    fn release(&self) {
        self.released.store(true, Ordering::SeqCst);
    }

    fn take(&self) -> Rendered {
        let mut all = Rendered::default();
        for r in self.delivered.lock().unwrap().drain(..) {
            all.findings.extend(r.findings);
            all.alerts.extend(r.alerts);
        }
        all
    }
}

impl Deliverer for Recorder {
    async fn deliver(&self, state: &ResourceState) -> Result<Delivered, BoxError> {
        if self
            .fail
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err("SNS is down".into());
        }
        let rendered = render(state);
        if self.hold.swap(false, Ordering::SeqCst) {
            self.held.store(true, Ordering::SeqCst);
            std::future::poll_fn(|cx| {
                if self.released.load(Ordering::SeqCst) {
                    std::task::Poll::Ready(())
                } else {
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
        }
        let delivered = Delivered {
            findings: rendered.findings.len(),
            alerts: rendered.alerts.len(),
        };
        self.delivered.lock().unwrap().push(rendered);
        Ok(delivered)
    }
}

fn sample(path: &str) -> Value {
    let full = format!("{}/../../events/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap()).unwrap()
}

/// The insecure orders-db item, fixed and captured later under another event id.
fn fixed() -> Value {
    let mut e = sample("config/rds/db-instance-insecure.json");
    e["id"] = "fixed-1".into();
    let item = &mut e["detail"]["configurationItem"];
    item["configurationItemCaptureTime"] = "2025-03-14T12:00:00.000Z".into();
    item["configuration"]["publiclyAccessible"] = false.into();
    item["configuration"]["storageEncrypted"] = true.into();
    e
}

fn now() -> DateTime<Utc> {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

fn pipeline(deliverer: Recorder) -> Pipeline<MemoryStore, OfflineResolver, Recorder> {
    Pipeline::new(
        MemoryStore::new(),
        OfflineResolver,
        deliverer,
        Settings::default(),
    )
}

fn failing_rules(report: &vigil_core::Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Failed)
        .map(|f| f.rule.as_str())
        .collect()
}

#[tokio::test]
async fn a_failing_resource_is_committed_delivered_once_and_then_resolved() {
    let p = pipeline(Recorder::default());
    let insecure = sample("config/rds/db-instance-insecure.json");
    let report = p.run_event(&insecure, now()).await.unwrap();
    let failing = failing_rules(&report);
    assert!(
        failing.contains(&"rds-instance-public-access"),
        "{report:?}"
    );
    let first = p.deliverer().take();
    assert_eq!(
        first.alerts.len(),
        failing.len(),
        "one alert per failing rule"
    );
    assert_eq!(first.findings.len(), failing.len(), "failures are imported");
    let stored = p.store().contents();
    let state = stored.resources.values().next().unwrap();
    assert!(state.outbox.is_empty(), "delivered, so cleared");
    assert!(!stored.history.is_empty());

    // EventBridge delivers at least once: the same event again changes and sends nothing.
    let again = p.run_event(&insecure, now()).await.unwrap();
    assert!(again.stale.is_some());
    assert!(p.deliverer().take().alerts.is_empty());

    let report = p.run_event(&fixed(), now()).await.unwrap();
    let public = report
        .findings
        .iter()
        .find(|f| f.rule == "rds-instance-public-access")
        .unwrap();
    assert_eq!(public.transition, Transition::Resolved);
    let fixed = p.deliverer().take();
    assert!(fixed
        .alerts
        .iter()
        .any(|a| a.subject.starts_with("[RESOLVED]")));
    assert!(fixed
        .findings
        .iter()
        .any(|f| f.compliance.status == "PASSED"));
}

#[tokio::test]
async fn a_failed_delivery_is_kept_in_the_outbox_and_delivered_by_the_retry() {
    let p = pipeline(Recorder::failing(1));
    let insecure = sample("config/rds/db-instance-insecure.json");
    let err = p.run_event(&insecure, now()).await.unwrap_err();
    assert!(matches!(err, PipelineError::Deliver { .. }), "{err}");
    let stored = p.store().contents();
    let state = stored.resources.values().next().unwrap();
    assert!(!state.outbox.is_empty(), "committed, not yet delivered");
    assert!(p.deliverer().take().alerts.is_empty());

    // The retry of the same event is stale, and delivers what the outbox holds.
    let retry = p.run_event(&insecure, now()).await.unwrap();
    assert!(retry.stale.is_some());
    let delivered = p.deliverer().take();
    assert_eq!(delivered.alerts.len(), failing_rules(&retry).len());
    let stored = p.store().contents();
    assert!(stored.resources.values().next().unwrap().outbox.is_empty());
}

#[tokio::test]
async fn a_deletion_archives_the_findings_with_one_alert() {
    let p = pipeline(Recorder::default());
    p.run_event(&sample("config/rds/db-instance-insecure.json"), now())
        .await
        .unwrap();
    p.deliverer().take();
    let report = p
        .run_event(&sample("config/rds/db-instance-deleted.json"), now())
        .await
        .unwrap();
    assert!(report.deleted);
    let gone = p.deliverer().take();
    assert!(!gone.findings.is_empty());
    assert!(gone.findings.iter().all(|f| f.record_state == "ARCHIVED"));
    assert_eq!(gone.alerts.len(), 1);
    assert!(gone.alerts[0].subject.starts_with("[DELETED]"));
}

#[tokio::test]
async fn offline_an_oversized_item_is_skipped_and_bad_input_is_an_error() {
    let p = pipeline(Recorder::default());
    let report = p
        .run_event(&sample("config/rds/db-instance-oversized.json"), now())
        .await
        .unwrap();
    let skipped = report.skipped.unwrap();
    assert!(skipped.contains("works offline"), "{skipped}");
    assert!(p.store().contents().resources.is_empty());

    let err = p
        .run_text("broken", "{\"detail-type\": 1}", now())
        .await
        .unwrap_err();
    assert!(err.is_bad_input(), "{err}");
}

/// Resolves an oversized item with the configuration of a full item, as the AWS resolver does
/// with a describe call, and answers every lookup with nothing.
struct Describing(Observation);

impl Resolver for Describing {
    async fn resolve(&self, observation: Observation) -> Result<Resolution, BoxError> {
        let mut resolved = observation;
        if matches!(resolved.state, ObservedState::NeedsFetch { .. }) {
            resolved.state = self.0.state.clone();
        }
        Ok(Resolution::Resolved(resolved))
    }

    async fn lookups(&self, _resource: &ResourceRef, _keys: &BTreeSet<LookupKey>) -> Lookups {
        Lookups::none()
    }
}

#[tokio::test]
async fn a_resolver_completes_what_the_source_did_not_carry() {
    let Parsed::Observation(described) =
        parse_event(&sample("config/rds/db-instance-insecure.json")).unwrap()
    else {
        panic!("the insecure sample is an observation")
    };
    let p = Pipeline::new(
        MemoryStore::new(),
        Describing(described),
        Recorder::default(),
        Settings::default(),
    );
    let report = p
        .run_event(&sample("config/rds/db-instance-oversized.json"), now())
        .await
        .unwrap();
    assert!(report.skipped.is_none(), "{report:?}");
    assert!(failing_rules(&report).contains(&"rds-instance-public-access"));
}

/// bob's `ModifyDBInstance` on billing-db (public, at 14:02:57) and AWS Config's item for the
/// same change, captured two minutes later with `publiclyAccessible` as given.
fn call_and_item(public_in_item: bool) -> (Value, Value) {
    let call = sample("cloudtrail/rds/modify-db-instance-public.json");
    let mut item = sample("config/rds/db-instance-compliant.json");
    item["id"] = "config-after-call".into();
    let ci = &mut item["detail"]["configurationItem"];
    ci["configurationItemCaptureTime"] = "2025-03-14T14:04:58.000Z".into();
    ci["configuration"]["publiclyAccessible"] = public_in_item.into();
    (call, item)
}

fn alerts_for<'a>(rendered: &'a Rendered, rule: &str) -> Vec<&'a vigil_core::message::Alert> {
    rendered
        .alerts
        .iter()
        .filter(|a| a.attributes.get("rule").map(String::as_str) == Some(rule))
        .collect()
}

const PUBLIC: &str = "rds-instance-public-access";

#[tokio::test]
async fn the_config_item_after_the_call_confirms_it_without_a_second_alert() {
    let p = pipeline(Recorder::default());
    let (call, item) = call_and_item(true);
    p.run_event(&call, now()).await.unwrap();
    let first = p.deliverer().take();
    let alerts = alerts_for(&first, PUBLIC);
    assert_eq!(alerts.len(), 1, "{:?}", first.alerts);
    assert!(
        alerts[0]
            .body
            .starts_with("IAM user bob (MFA) changed RDS database `billing-db`"),
        "{}",
        alerts[0].body
    );
    let finding = first
        .findings
        .iter()
        .find(|f| f.product_fields["vigil/RuleId"] == PUBLIC)
        .unwrap();
    assert_eq!(finding.product_fields["vigil/Actor"], "IAM user bob (MFA)");
    assert_eq!(finding.product_fields["vigil/SourceIp"], "203.0.113.77");

    let report = p.run_event(&item, now()).await.unwrap();
    assert!(
        report.stale.is_none(),
        "the later item is applied: {report:?}"
    );
    let second = p.deliverer().take();
    assert!(
        alerts_for(&second, PUBLIC).is_empty(),
        "the item confirms the call: no second alert, got {:?}",
        second.alerts
    );
    let stored = p.store().contents();
    let state = stored.resources.values().next().unwrap();
    assert_eq!(state.rules[PUBLIC].status, Status::Failed);
    assert_eq!(
        state.source,
        vigil_core::observation::SourceKind::ConfigItem
    );
    // The evidence keeps who made the change: the call's history entry, once.
    let entries: Vec<_> = stored.history.iter().filter(|h| h.rule == PUBLIC).collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let actor = entries[0].actor.as_ref().unwrap();
    assert_eq!(actor.user_name.as_deref(), Some("bob"));
    assert_eq!(actor.mfa, Some(true));
}

#[tokio::test]
async fn the_call_arriving_after_the_config_item_changes_nothing() {
    let p = pipeline(Recorder::default());
    let (call, item) = call_and_item(true);
    p.run_event(&item, now()).await.unwrap();
    let first = p.deliverer().take();
    assert_eq!(alerts_for(&first, PUBLIC).len(), 1);
    let report = p.run_event(&call, now()).await.unwrap();
    assert!(report.stale.is_some(), "{report:?}");
    let second = p.deliverer().take();
    assert!(
        second.alerts.is_empty() && second.findings.is_empty(),
        "{second:?}"
    );
    let stored = p.store().contents();
    let state = stored.resources.values().next().unwrap();
    assert_eq!(
        state.source,
        vigil_core::observation::SourceKind::ConfigItem
    );
    assert_eq!(state.rules[PUBLIC].status, Status::Failed);
}

#[tokio::test]
async fn a_later_config_item_that_disagrees_corrects_the_call_with_one_resolution() {
    let p = pipeline(Recorder::default());
    let (call, item) = call_and_item(false);
    p.run_event(&call, now()).await.unwrap();
    assert_eq!(alerts_for(&p.deliverer().take(), PUBLIC).len(), 1);
    p.run_event(&item, now()).await.unwrap();
    let second = p.deliverer().take();
    let alerts = alerts_for(&second, PUBLIC);
    assert_eq!(alerts.len(), 1, "{:?}", second.alerts);
    assert!(
        alerts[0].subject.starts_with("[RESOLVED]"),
        "{}",
        alerts[0].subject
    );
    let stored = p.store().contents();
    assert_eq!(
        stored.resources.values().next().unwrap().rules[PUBLIC].status,
        Status::Passed
    );
}

#[tokio::test]
async fn a_call_that_needs_a_describe_offline_is_skipped_and_erases_nothing() {
    // The Config item established the verdicts; a later call without a description, which the
    // offline resolver cannot describe, must leave them as they are.
    let p = pipeline(Recorder::default());
    let (_, item) = call_and_item(true);
    p.run_event(&item, now()).await.unwrap();
    p.deliverer().take();
    let before = p.store().contents();
    let mut call = sample("cloudtrail/rds/modify-db-instance-public.json");
    call["detail"]["eventTime"] = "2025-03-14T15:00:00Z".into();
    call["detail"]["responseElements"] = Value::Null;
    let report = p.run_event(&call, now()).await.unwrap();
    assert!(report.skipped.is_some(), "{report:?}");
    assert_eq!(p.store().contents(), before);
    assert!(p.deliverer().take().alerts.is_empty());
}

#[tokio::test]
async fn an_iam_call_from_us_east_1_and_the_config_item_are_one_role_in_the_home_region() {
    let settings = Settings {
        global_region: Some("eu-west-2".into()),
        ..Settings::default()
    };
    let p = Pipeline::new(
        MemoryStore::new(),
        OfflineResolver,
        Recorder::default(),
        settings,
    );
    let item = sample("config/iam/role-trust-public.json");
    let call = sample("cloudtrail/iam/create-role-trust-public.json");
    assert_eq!(call["detail"]["awsRegion"], "us-east-1");
    p.run_event(&item, now()).await.unwrap();
    let report = p.run_event(&call, now()).await.unwrap();
    assert_eq!(report.resource.as_ref().unwrap().region, "eu-west-2");
    let stored = p.store().contents();
    assert_eq!(stored.resources.len(), 1, "{:?}", stored.resources.keys());
    // Without a home region (the CLI), the call stays where it was made.
    let p = pipeline(Recorder::default());
    let report = p.run_event(&call, now()).await.unwrap();
    assert_eq!(report.resource.as_ref().unwrap().region, "us-east-1");
}

#[tokio::test]
async fn the_heartbeat_records_evaluated_events_and_sweeps_never_moving_back() {
    use vigil_core::heartbeat::Beat;
    use vigil_pipeline::StateStore;
    let p = pipeline(Recorder::default());
    assert_eq!(p.store().heartbeat().await.unwrap(), Default::default());
    // A skipped event is not a beat.
    p.run_event(&sample("config/s3/bucket-changed.json"), now())
        .await
        .unwrap();
    assert!(p.store().heartbeat().await.unwrap().last_event_at.is_none());
    let insecure = sample("config/rds/db-instance-insecure.json");
    p.run_event(&insecure, now()).await.unwrap();
    let h = p.store().heartbeat().await.unwrap();
    assert_eq!(h.last_event_at, Some(now()));
    assert_eq!(h.last_event_id.as_deref(), insecure["id"].as_str());
    assert!(h.last_sweep_at.is_none());
    // A listing beats the sweep; an older beat changes nothing.
    let run = vigil_core::sweep::Run {
        id: "sweep-1".into(),
        account: "123456789012".into(),
        region: "eu-west-2".into(),
        monitored: vec![],
    };
    let listing = vigil_pipeline::sweep::Listing {
        resource_type: "AWS::RDS::DBInstance",
        started: now(),
        captured_at: now(),
        descriptions: Vec::new(),
    };
    p.run_listing(&run, &listing, now()).await.unwrap();
    p.store()
        .beat(&Beat::Event {
            id: "older".into(),
            at: now() - chrono::Duration::hours(1),
        })
        .await
        .unwrap();
    let h = p.store().heartbeat().await.unwrap();
    assert_eq!(h.last_sweep_run.as_deref(), Some("sweep-1"));
    assert_eq!(h.last_event_id.as_deref(), insecure["id"].as_str());
}

/// The last finding delivered for `rule`, by delivery order (what Security Hub holds).
fn last_finding<'a>(delivered: &'a Rendered, rule: &str) -> &'a vigil_core::asff::Finding {
    delivered
        .findings
        .iter()
        .rev()
        .find(|f| f.generator_id == format!("vigil/{rule}"))
        .unwrap_or_else(|| panic!("no finding for {rule}"))
}

#[tokio::test]
async fn two_invocations_at_once_leave_the_newest_finding_and_every_alert_once() {
    let p = pipeline(Recorder::holding_the_first());
    let older = sample("config/rds/db-instance-insecure.json");
    let newer = fixed();
    // The older event's invocation commits and starts importing; its import is slow. The newer
    // event's invocation commits meanwhile and wants to deliver too.
    let (first, second) = tokio::join!(p.run_event(&older, now()), async {
        while !p.deliverer().held.load(Ordering::SeqCst) {
            tokio::task::yield_now().await;
        }
        let second = p.run_event(&newer, now()).await;
        p.deliverer().release();
        second
    });
    first.expect("the older event");
    let busy = second.expect_err("the delivery lease is held by the older event's invocation");
    assert!(matches!(busy, PipelineError::DeliveryBusy { .. }), "{busy}");
    // Nothing is pending: the lease holder delivered the newer outbox after its own.
    let stored = p.store().contents();
    let state = stored.resources.values().next().unwrap();
    assert!(state.outbox.is_empty(), "{:?}", state.outbox);
    assert_eq!(state.event_id, "fixed-1");
    // The newer invocation's retry finds everything done.
    let retry = p.run_event(&newer, now()).await.unwrap();
    assert!(retry.stale.is_some());

    let delivered = p.deliverer().take();
    assert_eq!(
        last_finding(&delivered, "rds-instance-public-access")
            .compliance
            .status,
        "PASSED",
        "Security Hub ends with the newest state"
    );
    let public_alerts: Vec<_> = alerts_for(&delivered, "rds-instance-public-access");
    assert_eq!(
        public_alerts.len(),
        2,
        "failing once, resolved once: {public_alerts:?}"
    );
    let subjects: BTreeSet<&str> = delivered
        .alerts
        .iter()
        .map(|a| a.subject.as_str())
        .collect();
    assert_eq!(subjects.len(), delivered.alerts.len(), "no alert twice");
}

#[tokio::test]
async fn a_commit_made_from_a_state_that_changed_since_is_refused() {
    let p = pipeline(Recorder::default());
    p.run_event(&sample("config/rds/db-instance-insecure.json"), now())
        .await
        .unwrap();
    let stored = p
        .store()
        .contents()
        .resources
        .values()
        .next()
        .unwrap()
        .clone();
    let Parsed::Observation(observation) = parse_event(&fixed()).unwrap() else {
        panic!("the fixed sample is an observation")
    };
    let assessment =
        vigil_core::evaluate::assess(&observation, &Settings::default(), &Lookups::none()).unwrap();
    let vigil_core::decide::Decision::Apply(applied) =
        vigil_core::decide::decide(None, &observation, &assessment, &Settings::default(), now())
    else {
        panic!("a first state is applied")
    };
    // Decided as if nothing were stored: refused, and nothing is overwritten.
    assert_eq!(
        p.store().commit(&applied, None).await.unwrap(),
        vigil_pipeline::Commit::Superseded
    );
    // Decided from the right observation but before its outbox was delivered: refused too.
    let mut pending = stored.clone();
    pending.outbox = applied.state.outbox.clone();
    assert!(!pending.outbox.is_empty());
    assert_eq!(
        p.store().commit(&applied, Some(&pending)).await.unwrap(),
        vigil_pipeline::Commit::Superseded
    );
    assert_eq!(
        p.store().commit(&applied, Some(&stored)).await.unwrap(),
        vigil_pipeline::Commit::Written
    );
    let now_stored = p.store().contents();
    assert_eq!(
        now_stored.resources.values().next().unwrap().event_id,
        "fixed-1"
    );
}

#[tokio::test]
async fn a_burst_of_failed_sign_ins_gives_one_alert_and_the_counter_expires() {
    let p = pipeline(Recorder::default());
    let failure = |n: usize, time: &str| {
        let mut e = sample("signin/console-login-failure.json");
        e["detail"]["eventID"] = Value::from(format!("f-{n}"));
        e["detail"]["eventTime"] = Value::from(time);
        e
    };
    for n in 0..4 {
        let r = p
            .run_event(&failure(n, "2026-11-23T09:20:00Z"), now())
            .await
            .unwrap();
        assert!(r.skipped.is_some(), "{r:?}");
    }
    assert!(p.deliverer().take().alerts.is_empty());
    let r = p
        .run_event(&failure(4, "2026-11-23T09:21:00Z"), now())
        .await
        .unwrap();
    assert_eq!(failing_rules(&r), ["console-sign-in-failures"]);
    let first = p.deliverer().take();
    assert_eq!(first.alerts.len(), 1);
    assert_eq!(first.findings.len(), 1);
    p.run_event(&failure(5, "2026-11-23T09:22:00Z"), now())
        .await
        .unwrap();
    assert!(
        p.deliverer().take().alerts.is_empty(),
        "one alert per burst"
    );
    // An hour later, a new window: the old counter is replaced, nothing alerts yet.
    let r = p
        .run_event(&failure(6, "2026-11-23T10:30:00Z"), now())
        .await
        .unwrap();
    assert!(r.skipped.is_some_and(|s| s.contains("counted: 1 of 5")));
    let counters = p.store().contents().counters;
    assert_eq!(counters.len(), 1);
    let (counter, expires) = counters.values().next().unwrap();
    assert_eq!(counter.count, 1);
    assert_eq!(
        *expires,
        "2026-11-23T11:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .timestamp()
    );
}

#[tokio::test]
async fn a_delete_user_call_deletes_the_stored_user_whose_arn_holds_a_path() {
    // `DeleteUser` names the user only; the ARN built from the name lacks the user's path, and
    // a deleted user cannot be described. The stored user of that name is the one deleted.
    let settings = Settings {
        global_region: Some("eu-west-2".into()),
        ..Settings::default()
    };
    let p = Pipeline::new(
        MemoryStore::new(),
        OfflineResolver,
        Recorder::default(),
        settings,
    );
    let mut item = sample("config/iam/user-with-policies.json");
    let path_arn = "arn:aws:iam::123456789012:user/staff/bob";
    item["detail"]["configurationItem"]["ARN"] = path_arn.into();
    item["detail"]["configurationItem"]["configuration"]["path"] = "/staff/".into();
    item["detail"]["configurationItem"]["configuration"]["arn"] = path_arn.into();
    let first = p.run_event(&item, now()).await.unwrap();
    assert!(
        !failing_rules(&first).is_empty(),
        "a user with a failing rule"
    );
    p.deliverer().take();

    let mut call = sample("cloudtrail/iam/create-access-key.json");
    call["detail"]["eventName"] = "DeleteUser".into();
    call["detail"]["eventID"] = "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a".into();
    call["detail"]["requestParameters"] = serde_json::json!({ "userName": "bob" });
    call["detail"]["responseElements"] = Value::Null;
    let report = p.run_event(&call, now()).await.unwrap();
    assert!(report.deleted);
    assert_eq!(report.resource.as_ref().unwrap().arn, path_arn);
    let stored = p.store().contents();
    assert_eq!(stored.resources.len(), 1, "{:?}", stored.resources.keys());
    assert!(stored.resources.values().all(|s| s.deleted));
    let gone = p.deliverer().take();
    assert!(!gone.findings.is_empty());
    assert!(gone.findings.iter().all(|f| f.record_state == "ARCHIVED"));

    // A name no stored user has: kept as the call named it (nothing to archive).
    call["detail"]["eventID"] = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b".into();
    call["detail"]["requestParameters"] = serde_json::json!({ "userName": "carol" });
    let report = p.run_event(&call, now()).await.unwrap();
    assert_eq!(
        report.resource.as_ref().unwrap().arn,
        "arn:aws:iam::123456789012:user/carol"
    );
}

/// `sample`, made by the root user (the root API call sample's `userIdentity`).
fn by_root(path: &str) -> Value {
    let mut e = sample(path);
    e["detail"]["userIdentity"] =
        sample("signin/root-api-call.json")["detail"]["userIdentity"].clone();
    e
}

const ROOT: &str = "root-user-activity";

#[tokio::test]
async fn a_root_call_evaluated_for_its_resource_alerts_for_both_once() {
    let p = pipeline(Recorder::default());
    let call = by_root("cloudtrail/rds/modify-db-instance-public.json");
    let report = p.run_event(&call, now()).await.unwrap();
    // The resource's outcome, as for anyone's call.
    assert!(failing_rules(&report).contains(&PUBLIC), "{report:?}");
    // And the root user's use beside it, in its own report.
    let root = report.root_use.as_deref().expect("the root use's report");
    assert_eq!(failing_rules(root), [ROOT]);
    assert!(root
        .findings
        .iter()
        .all(|f| f.transition == Transition::New));
    let delivered = p.deliverer().take();
    assert_eq!(
        alerts_for(&delivered, PUBLIC).len(),
        1,
        "{:?}",
        delivered.alerts
    );
    assert_eq!(
        alerts_for(&delivered, ROOT).len(),
        1,
        "{:?}",
        delivered.alerts
    );
    // EventBridge delivers at least once: the same event again says nothing more.
    let again = p.run_event(&call, now()).await.unwrap();
    let root = again.root_use.as_deref().expect("the root use's report");
    assert!(
        root.findings
            .iter()
            .all(|f| f.transition != Transition::New),
        "{root:?}"
    );
    assert!(p.deliverer().take().alerts.is_empty());
}

#[tokio::test]
async fn a_root_call_whose_resource_cannot_be_described_still_alerts_its_root_use() {
    // Offline, a call that only names its resource is skipped: the root use is not.
    let p = pipeline(Recorder::default());
    let call = by_root("cloudtrail/ec2/authorize-security-group-ingress-postgres-world.json");
    let report = p.run_event(&call, now()).await.unwrap();
    assert!(report.skipped.is_some(), "{report:?}");
    let root = report.root_use.as_deref().expect("the root use's report");
    assert_eq!(failing_rules(root), [ROOT]);
    let delivered = p.deliverer().take();
    assert_eq!(
        alerts_for(&delivered, ROOT).len(),
        1,
        "{:?}",
        delivered.alerts
    );
    // Someone else's call says nothing of the root user.
    let report = p
        .run_event(
            &sample("cloudtrail/rds/modify-db-instance-public.json"),
            now(),
        )
        .await
        .unwrap();
    assert!(report.root_use.is_none());
    assert!(alerts_for(&p.deliverer().take(), ROOT).is_empty());
}
