//! Every sample event under `events/` is a real-shaped EventBridge event: it deserialises into
//! `aws_lambda_events`' model of one, and Vigil's core reads it without error.

use std::path::{Path, PathBuf};

fn sample_events() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../events"),
        &mut out,
    );
    out.sort();
    out
}

#[test]
fn every_sample_event_is_an_eventbridge_event_the_core_reads() {
    let events = sample_events();
    assert!(
        events.len() >= 10,
        "found only {} sample events",
        events.len()
    );
    for path in events {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed: Result<
            aws_lambda_events::event::eventbridge::EventBridgeEvent<serde_json::Value>,
            _,
        > = serde_json::from_str(&text);
        assert!(parsed.is_ok(), "{}: {:?}", path.display(), parsed.err());
        assert!(
            vigil_core::parse_event_str(&text).is_ok(),
            "{}: {:?}",
            path.display(),
            vigil_core::parse_event_str(&text).err()
        );
    }
}
