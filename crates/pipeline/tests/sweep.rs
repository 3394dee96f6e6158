//! Sweep listings through the pipeline over the memory store: the reconciliation of stored state
//! with what a listing found (deletion, drift, unchanged), in milliseconds.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use std::sync::Mutex;
use vigil_core::delivery::{render, Rendered};
use vigil_core::resource::ResourceType;
use vigil_core::sweep::{Description, Run};
use vigil_core::{Settings, SourceKind, Status, Transition};
use vigil_pipeline::{
    BoxError, Delivered, Deliverer, Listing, MemoryStore, OfflineResolver, Pipeline, StateStore,
};

#[derive(Default)]
struct Recorder(Mutex<Vec<Rendered>>);

impl Recorder {
    fn take(&self) -> Rendered {
        let mut all = Rendered::default();
        for r in self.0.lock().unwrap().drain(..) {
            all.findings.extend(r.findings);
            all.alerts.extend(r.alerts);
        }
        all
    }
}

impl Deliverer for Recorder {
    async fn deliver(
        &self,
        state: &vigil_core::state::ResourceState,
    ) -> Result<Delivered, BoxError> {
        let rendered = render(state);
        let delivered = Delivered {
            findings: rendered.findings.len(),
            alerts: rendered.alerts.len(),
        };
        self.0.lock().unwrap().push(rendered);
        Ok(delivered)
    }
}

const ACCOUNT: &str = "123456789012";
const REGION: &str = "eu-west-2";

fn run(id: &str) -> Run {
    Run {
        id: id.into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        monitored: vec![],
    }
}

fn at(hour: i64) -> DateTime<Utc> {
    "2026-12-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::hours(hour)
}

/// A DB instance as `DescribeDBInstances` gives it: public or not, otherwise compliant enough.
fn db(name: &str, public: bool) -> Description {
    Description {
        resource_type: ResourceType::RDS_DB_INSTANCE,
        id: format!("db-{}", name.to_uppercase()),
        name: Some(name.into()),
        arn: format!("arn:aws:rds:{REGION}:{ACCOUNT}:db:{name}"),
        configuration: json!({
            "dBInstanceIdentifier": name, "engine": "postgres", "publiclyAccessible": public,
            "storageEncrypted": true, "dBInstanceStatus": "available",
        }),
        supplementary: None,
        tags: None,
        operation: "DescribeDBInstances",
    }
}

fn listing(hour: i64, descriptions: Vec<Description>) -> Listing {
    Listing {
        resource_type: ResourceType::RDS_DB_INSTANCE,
        started: at(hour),
        captured_at: at(hour) + Duration::minutes(1),
        descriptions,
    }
}

fn pipeline() -> Pipeline<MemoryStore, OfflineResolver, Recorder> {
    Pipeline::new(
        MemoryStore::new(),
        OfflineResolver,
        Recorder::default(),
        Settings::default(),
    )
}

fn public_access(report: &vigil_core::Report) -> (Status, Transition) {
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "rds-instance-public-access")
        .expect("a public-access verdict");
    (f.status, f.transition)
}

#[tokio::test]
async fn a_first_listing_evaluates_and_stores_every_resource_as_a_sweep_observation() {
    let p = pipeline();
    let out = p
        .run_listing(
            &run("s1"),
            &listing(1, vec![db("orders", true), db("billing", false)]),
            at(1),
        )
        .await
        .unwrap();
    assert_eq!(out.reports.len(), 2);
    assert_eq!(out.vanished, 0);
    assert_eq!(
        public_access(&out.reports[0]),
        (Status::Failed, Transition::New)
    );
    assert_eq!(
        public_access(&out.reports[1]),
        (Status::Passed, Transition::New)
    );
    assert!(out
        .reports
        .iter()
        .all(|r| r.source == Some(SourceKind::Sweep)));
    let stored = p
        .store()
        .stored(ACCOUNT, REGION, ResourceType::RDS_DB_INSTANCE)
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    let delivered = p.deliverer().take();
    assert!(delivered
        .alerts
        .iter()
        .any(|a| a.subject.contains("orders")));
    assert!(!delivered
        .alerts
        .iter()
        .any(|a| a.subject.contains("billing")));
}

#[tokio::test]
async fn an_unchanged_resource_is_never_re_alerted() {
    let p = pipeline();
    let both = || vec![db("orders", true), db("billing", false)];
    p.run_listing(&run("s1"), &listing(1, both()), at(1))
        .await
        .unwrap();
    p.deliverer().take();
    let again = p
        .run_listing(&run("s2"), &listing(25, both()), at(25))
        .await
        .unwrap();
    assert_eq!(
        public_access(&again.reports[0]),
        (Status::Failed, Transition::Unchanged)
    );
    let delivered = p.deliverer().take();
    assert!(delivered.alerts.is_empty(), "{:?}", delivered.alerts);
    assert!(delivered.findings.is_empty());
}

#[tokio::test]
async fn drift_is_corrected_and_alerted_once() {
    let p = pipeline();
    p.run_listing(&run("s1"), &listing(1, vec![db("orders", false)]), at(1))
        .await
        .unwrap();
    p.deliverer().take();
    // Made public without an event reaching Vigil: the next sweep sees it.
    let drifted = p
        .run_listing(&run("s2"), &listing(25, vec![db("orders", true)]), at(25))
        .await
        .unwrap();
    assert_eq!(
        public_access(&drifted.reports[0]),
        (Status::Failed, Transition::New)
    );
    assert_eq!(
        p.deliverer()
            .take()
            .alerts
            .iter()
            .filter(|a| a.subject.contains("orders"))
            .count(),
        1
    );
    p.run_listing(&run("s3"), &listing(49, vec![db("orders", true)]), at(49))
        .await
        .unwrap();
    assert!(p.deliverer().take().alerts.is_empty());
}

#[tokio::test]
async fn a_vanished_failing_resource_is_deleted_with_its_findings_archived_and_one_alert() {
    let p = pipeline();
    p.run_listing(
        &run("s1"),
        &listing(1, vec![db("orders", true), db("billing", false)]),
        at(1),
    )
    .await
    .unwrap();
    p.deliverer().take();
    let out = p
        .run_listing(&run("s2"), &listing(25, vec![db("billing", false)]), at(25))
        .await
        .unwrap();
    assert_eq!(out.vanished, 1);
    let deleted: Vec<_> = out.reports.iter().filter(|r| r.deleted).collect();
    assert_eq!(deleted.len(), 1);
    assert_eq!(
        deleted[0].resource.as_ref().unwrap().display_name(),
        "orders"
    );
    let delivered = p.deliverer().take();
    assert_eq!(delivered.alerts.len(), 1, "{:?}", delivered.alerts);
    assert!(delivered
        .findings
        .iter()
        .all(|f| f.record_state.as_str() == "ARCHIVED"));
    assert!(!delivered.findings.is_empty());
    // Deleted once: the next sweep finds nothing more to reconcile.
    let out = p
        .run_listing(&run("s3"), &listing(49, vec![db("billing", false)]), at(49))
        .await
        .unwrap();
    assert_eq!(out.vanished, 0);
    assert!(p.deliverer().take().alerts.is_empty());
}

#[tokio::test]
async fn a_vanished_passing_resource_is_deleted_without_an_alert() {
    let p = pipeline();
    p.run_listing(&run("s1"), &listing(1, vec![db("billing", false)]), at(1))
        .await
        .unwrap();
    p.deliverer().take();
    let out = p
        .run_listing(&run("s2"), &listing(25, vec![]), at(25))
        .await
        .unwrap();
    assert_eq!(out.vanished, 1);
    assert!(p.deliverer().take().alerts.is_empty());
}

#[tokio::test]
async fn a_resource_stored_after_the_listing_began_is_not_reconciled_away() {
    let p = pipeline();
    // An event stores "orders" at 10:30; a listing that began at 10:00 did not see it.
    p.run_listing(
        &run("event"),
        &listing(10, vec![db("orders", false)]),
        at(10),
    )
    .await
    .unwrap();
    let mut late = listing(10, vec![]);
    late.started = at(10) - Duration::minutes(30);
    late.captured_at = at(10) + Duration::minutes(5);
    let out = p.run_listing(&run("s1"), &late, at(11)).await.unwrap();
    assert_eq!(out.vanished, 0);
    assert_eq!(
        p.store()
            .stored(ACCOUNT, REGION, ResourceType::RDS_DB_INSTANCE)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_unreadable_description_is_reported_and_never_reconciled_away() {
    let p = pipeline();
    p.run_listing(&run("s1"), &listing(1, vec![db("orders", false)]), at(1))
        .await
        .unwrap();
    // A configuration that is not an object is unreadable as a whole (one odd field inside it
    // would only be a warning, issue 20).
    let mut broken = db("orders", false);
    broken.configuration = json!(["not-a-configuration"]);
    let out = p
        .run_listing(&run("s2"), &listing(25, vec![broken]), at(25))
        .await
        .unwrap();
    assert_eq!(out.vanished, 0);
    let error = out.reports[0].error.as_deref().unwrap_or_default();
    assert!(error.contains("configuration"), "{error}");
    assert!(!error.contains("not-a-configuration"), "{error}");
    assert_eq!(
        p.store()
            .stored(ACCOUNT, REGION, ResourceType::RDS_DB_INSTANCE)
            .await
            .unwrap()
            .len(),
        1,
        "the stored resource stays"
    );
}

#[tokio::test]
async fn a_resumed_listing_of_the_same_run_changes_nothing_and_sends_nothing() {
    let p = pipeline();
    let both = || vec![db("orders", true), db("billing", false)];
    p.run_listing(&run("s1"), &listing(1, both()), at(1))
        .await
        .unwrap();
    let first = p.deliverer().take();
    let before = p.store().contents();
    // The same work item again (a redelivered queue message), listed again a little later.
    p.run_listing(&run("s1"), &listing(1, both()), at(1))
        .await
        .unwrap();
    p.run_listing(&run("s1"), &listing(2, both()), at(2))
        .await
        .unwrap();
    assert!(p.deliverer().take().alerts.is_empty());
    assert!(!first.alerts.is_empty());
    let after = p.store().contents();
    assert_eq!(before.history.len(), after.history.len());
    assert_eq!(before.resources.len(), after.resources.len());
}
