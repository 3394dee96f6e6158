//! The core's hot path per event: parse the EventBridge event, assess it against the catalogue,
//! and decide against a previous state. Reproduce with `cargo bench -p vigil-core --bench evaluate`
//! (results in docs/performance.md).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use vigil_core::decide::{decide, Decision};
use vigil_core::evaluate::assess;
use vigil_core::{parse_event_str, Lookups, Parsed, Settings};

const CONFIG_ITEM: &str = include_str!("../../../events/config/rds/db-instance-insecure.json");
const CLOUDTRAIL: &str =
    include_str!("../../../events/cloudtrail/rds/modify-db-instance-public.json");

fn one_event(text: &str, settings: &Settings, now: chrono::DateTime<chrono::Utc>) -> usize {
    let Ok(Parsed::Observation(observation)) = parse_event_str(text) else {
        return 0;
    };
    let Some(assessment) = assess(&observation, settings, &Lookups::none()) else {
        return 0;
    };
    match decide(None, &observation, &assessment, settings, now) {
        Decision::Apply(applied) => applied.state.outbox.findings.len(),
        Decision::Stale { .. } => 0,
    }
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let now = "2026-11-23T10:00:00Z"
        .parse()
        .expect("a valid time literal");
    assert!(
        one_event(CONFIG_ITEM, &settings, now) > 0,
        "the sample must produce findings"
    );
    c.bench_function(
        "config item: parse + assess + decide (first sight, 4 findings)",
        |b| b.iter(|| one_event(black_box(CONFIG_ITEM), &settings, now)),
    );
    c.bench_function("cloudtrail call: parse + assess + decide", |b| {
        b.iter(|| one_event(black_box(CLOUDTRAIL), &settings, now))
    });
    c.bench_function("config item: parse only", |b| {
        b.iter(|| parse_event_str(black_box(CONFIG_ITEM)).is_ok())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
