//! The heartbeat: when Vigil last processed an event and a sweep, kept in the state store as
//! one record (DynamoDB: the item `pk = HEARTBEAT`, `sk = STATE`; the CLI: the state file's
//! `heartbeat`), and printed by `vigil status`. A stalled pipeline (EventBridge rules disabled,
//! the function failing, the sweep schedule off) shows as an old time.
//!
//! Pure: the shells pass the time in. A beat only moves a time forward, so a late or concurrent
//! writer never moves it back.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// What was last processed, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// When the last event was processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_at: Option<DateTime<Utc>>,
    /// That event's id (or the CLI input's label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_id: Option<String>,
    /// When the last sweep listing (one region and kind) was processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sweep_at: Option<DateTime<Utc>>,
    /// That sweep's run id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sweep_run: Option<String>,
}

/// One beat: something was processed at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Beat {
    /// An event (its id or label).
    Event {
        /// The event's id.
        id: String,
        /// When it was processed.
        at: DateTime<Utc>,
    },
    /// A sweep's listing of one region and kind.
    Sweep {
        /// The sweep's run id.
        run: String,
        /// When it was processed.
        at: DateTime<Utc>,
    },
}

impl Heartbeat {
    /// The heartbeat after `beat`: its time replaces the recorded one only if it is later.
    pub fn with(mut self, beat: &Beat) -> Heartbeat {
        match beat {
            Beat::Event { id, at } => {
                if self.last_event_at.is_none_or(|t| *at >= t) {
                    self.last_event_at = Some(*at);
                    self.last_event_id = Some(id.clone());
                }
            }
            Beat::Sweep { run, at } => {
                if self.last_sweep_at.is_none_or(|t| *at >= t) {
                    self.last_sweep_at = Some(*at);
                    self.last_sweep_run = Some(run.clone());
                }
            }
        }
        self
    }

    /// The heartbeat for people, as `vigil status` prints it, with each time's age at `now`.
    pub fn render(&self, now: DateTime<Utc>) -> String {
        let line = |what: &str, at: Option<DateTime<Utc>>, id: Option<&str>| match at {
            Some(at) => format!(
                "{what}: {} ({} ago){}",
                at.to_rfc3339_opts(SecondsFormat::Secs, true),
                age(now - at),
                id.map(|i| format!(", {i}")).unwrap_or_default()
            ),
            None => format!("{what}: never"),
        };
        format!(
            "{}\n{}\n",
            line(
                "last event processed",
                self.last_event_at,
                self.last_event_id.as_deref()
            ),
            line(
                "last sweep processed",
                self.last_sweep_at,
                self.last_sweep_run.as_deref()
            )
        )
    }
}

fn age(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn beats_only_move_forward() {
        let h = Heartbeat::default()
            .with(&Beat::Event {
                id: "e2".into(),
                at: t("2026-11-23T10:00:00Z"),
            })
            .with(&Beat::Event {
                id: "e1".into(),
                at: t("2026-11-23T09:00:00Z"),
            })
            .with(&Beat::Sweep {
                run: "sweep-1".into(),
                at: t("2026-11-23T08:00:00Z"),
            });
        assert_eq!(h.last_event_id.as_deref(), Some("e2"));
        assert_eq!(h.last_event_at, Some(t("2026-11-23T10:00:00Z")));
        assert_eq!(h.last_sweep_run.as_deref(), Some("sweep-1"));
    }

    #[test]
    fn it_renders_ages_and_never() {
        let h = Heartbeat::default().with(&Beat::Event {
            id: "e1".into(),
            at: t("2026-11-23T09:00:00Z"),
        });
        let text = h.render(t("2026-11-23T09:05:00Z"));
        assert!(
            text.contains("last event processed: 2026-11-23T09:00:00Z (5 min ago), e1"),
            "{text}"
        );
        assert!(text.contains("last sweep processed: never"), "{text}");
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(serde_json::from_value::<Heartbeat>(json).unwrap(), h);
    }
}
