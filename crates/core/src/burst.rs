//! Bursts of failed console sign-ins: the pure counting decision.
//!
//! One failed console sign-in (`ConsoleLogin` with `responseElements.ConsoleLogin` `Failure`,
//! read by `sources::activity`) is not worth an alert; many within a short window are how
//! password guessing shows itself. Failures are counted per account in one [`Counter`], which
//! also counts them per user name (CloudTrail writes `HIDDEN_DUE_TO_SECURITY_REASONS` for a user
//! name that does not exist, and that is counted under that name) and keeps the source IPs.
//!
//! The window is fixed: it opens at the first failure counted and lasts
//! [`Settings::failed_sign_in_window_minutes`]; a failure after it opens a new window. When the
//! count reaches [`Settings::failed_sign_in_threshold`] within the window, [`count`] says so
//! once ([`Counted::burst`]); later failures in the same window are counted but give no second
//! alert. A redelivered event (same event id) changes nothing.
//!
//! The shells only hold the counter: the store writes it conditionally on the revision it was
//! read at (so concurrent invocations cannot lose a count) with a TTL at the window's end plus a
//! margin ([`Counter::expires_at`]); the pipeline turns a burst into an observation of account
//! activity, judged by the rule `console-sign-in-failures`, which gives the alert and an
//! informational finding.

use crate::settings::Settings;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The user name CloudTrail records for a sign-in to a user name that does not exist.
pub const HIDDEN_USER: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// How many event ids a counter keeps to recognise redeliveries; past it, the oldest window's
/// ids are what matter and a redelivery that late would at worst count twice.
const SEEN_MAX: usize = 200;

/// How many distinct source IPs and user names a counter keeps (the alert names them; the
/// count itself is never capped).
const NAMES_MAX: usize = 50;

/// One failed console sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedSignIn {
    /// The account signed in to (`recipientAccountId`).
    pub account: String,
    /// The Region CloudTrail recorded it in.
    pub region: String,
    /// The user name tried (`userIdentity.userName`, or [`HIDDEN_USER`]); `None` when the event
    /// names none.
    pub user_name: Option<String>,
    /// `userIdentity.type` (`IAMUser`, `Root`), when given.
    pub identity_type: Option<String>,
    /// `sourceIPAddress`.
    pub source_ip: Option<String>,
    /// `eventTime`.
    pub at: DateTime<Utc>,
    /// `eventID`.
    pub event_id: String,
}

impl FailedSignIn {
    /// The key of the counter this failure counts in: one per account.
    pub fn counter_key(&self) -> String {
        counter_key(&self.account)
    }

    /// The name it is counted under: the user name, `root` for the root user, or `(unnamed)`.
    fn target(&self) -> String {
        match (&self.user_name, self.identity_type.as_deref()) {
            (Some(n), _) => n.clone(),
            (None, Some("Root")) => "root".into(),
            (None, _) => "(unnamed)".into(),
        }
    }
}

/// The key of an account's failed sign-in counter.
pub fn counter_key(account: &str) -> String {
    format!("SIGNIN#{account}")
}

/// The failed console sign-ins of one account in the current window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// [`counter_key`].
    pub key: String,
    /// The account.
    pub account: String,
    /// When the window opened: the first failure counted in it.
    pub window_start: DateTime<Utc>,
    /// The last failure counted.
    pub last_at: DateTime<Utc>,
    /// Failures counted in the window.
    pub count: u32,
    /// Failures per user name tried.
    pub users: BTreeMap<String, u32>,
    /// Failures per source IP.
    pub source_ips: BTreeMap<String, u32>,
    /// The event ids counted (to ignore redeliveries).
    pub seen: Vec<String>,
    /// Whether this window's burst was alerted.
    pub alerted: bool,
    /// Bumped at every write: what the store's conditional write compares.
    pub revision: u64,
}

impl Counter {
    /// When the store may drop the counter (epoch seconds, the TTL): the window's end plus one
    /// window, so a late failure of the same window still finds it.
    pub fn expires_at(&self, settings: &Settings) -> i64 {
        (self.window_start + Duration::minutes(2 * settings.failed_sign_in_window_minutes))
            .timestamp()
    }

    /// The burst this counter describes, crossed by `failure`.
    fn burst(&self, failure: &FailedSignIn) -> Burst {
        Burst {
            region: failure.region.clone(),
            event_id: failure.event_id.clone(),
            last_source_ip: failure.source_ip.clone(),
            account: self.account.clone(),
            since: self.window_start,
            last_at: self.last_at,
            count: self.count,
            users: self.users.clone(),
            source_ips: self.source_ips.clone(),
        }
    }
}

/// A burst of failed sign-ins that crossed the threshold: what the alert says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Burst {
    /// The account.
    pub account: String,
    /// The Region of the failure that crossed the threshold.
    pub region: String,
    /// When the window opened.
    pub since: DateTime<Utc>,
    /// The failure that crossed the threshold.
    pub last_at: DateTime<Utc>,
    /// How many failures.
    pub count: u32,
    /// Failures per user name tried.
    pub users: BTreeMap<String, u32>,
    /// Failures per source IP.
    pub source_ips: BTreeMap<String, u32>,
    /// The event id of the failure that crossed the threshold.
    pub event_id: String,
    /// The source IP of the failure that crossed the threshold.
    pub last_source_ip: Option<String>,
}

impl Burst {
    /// One line for people: how many, since when, who was targeted, from where.
    pub fn describe(&self) -> String {
        let list = |m: &BTreeMap<String, u32>| {
            if m.is_empty() {
                "(none recorded)".to_string()
            } else {
                m.iter()
                    .map(|(k, n)| format!("{k} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        format!(
            "{} failed console sign-ins since {}; user names tried: {}; source IPs: {}",
            self.count,
            self.since
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            list(&self.users),
            list(&self.source_ips)
        )
    }
}

/// What counting one failure gave.
// One per event, moved straight on: not worth a box (as `Parsed`).
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counted {
    /// The event was already counted: nothing to write.
    Duplicate,
    /// The counter to write (conditionally on the one read), and the burst to alert on if this
    /// failure crossed the threshold.
    Write {
        /// The new counter.
        counter: Counter,
        /// `Some` exactly once per window: when the count reaches the threshold.
        burst: Option<Burst>,
    },
}

/// Counts one failure against the stored counter (`None`: nothing stored, or expired).
pub fn count(previous: Option<&Counter>, failure: &FailedSignIn, settings: &Settings) -> Counted {
    let window = Duration::minutes(settings.failed_sign_in_window_minutes);
    if previous.is_some_and(|c| c.seen.contains(&failure.event_id)) {
        return Counted::Duplicate;
    }
    let revision = previous.map_or(0, |c| c.revision) + 1;
    let mut counter = match previous {
        // A failure within the open window counts in it; one before the window opened (a late
        // event) counts too if the window still covers it, so order of arrival does not matter.
        Some(c) if failure.at < c.window_start + window && failure.at + window > c.window_start => {
            let mut c = c.clone();
            if failure.at < c.window_start {
                c.window_start = failure.at;
            }
            c
        }
        _ => Counter {
            key: failure.counter_key(),
            account: failure.account.clone(),
            window_start: failure.at,
            last_at: failure.at,
            ..Counter::default()
        },
    };
    counter.revision = revision;
    counter.count += 1;
    if failure.at > counter.last_at {
        counter.last_at = failure.at;
    }
    bump(&mut counter.users, failure.target());
    if let Some(ip) = &failure.source_ip {
        bump(&mut counter.source_ips, ip.clone());
    }
    counter.seen.push(failure.event_id.clone());
    if counter.seen.len() > SEEN_MAX {
        counter.seen.remove(0);
    }
    let burst =
        (!counter.alerted && counter.count >= settings.failed_sign_in_threshold).then(|| {
            counter.alerted = true;
            counter.burst(failure)
        });
    Counted::Write { counter, burst }
}

/// Counts one more under `key`, keeping at most [`NAMES_MAX`] names.
fn bump(map: &mut BTreeMap<String, u32>, key: String) {
    if let Some(n) = map.get_mut(&key) {
        *n += 1;
    } else if map.len() < NAMES_MAX {
        map.insert(key, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn failure(minute: i64, id: &str, user: &str, ip: &str) -> FailedSignIn {
        FailedSignIn {
            account: "123456789012".into(),
            region: "us-east-1".into(),
            user_name: Some(user.into()),
            identity_type: Some("IAMUser".into()),
            source_ip: Some(ip.into()),
            at: at(minute),
            event_id: id.into(),
        }
    }

    /// Counts the failures in order, as the store would keep the counter; returns the bursts.
    fn run(failures: &[FailedSignIn]) -> (Option<Counter>, Vec<Burst>) {
        let settings = Settings::default();
        let mut stored: Option<Counter> = None;
        let mut bursts = Vec::new();
        for f in failures {
            if let Counted::Write { counter, burst } = count(stored.as_ref(), f, &settings) {
                assert_eq!(
                    counter.revision,
                    stored.as_ref().map_or(0, |c| c.revision) + 1
                );
                stored = Some(counter);
                bursts.extend(burst);
            }
        }
        (stored, bursts)
    }

    #[test]
    fn five_failures_in_fifteen_minutes_give_one_burst_and_a_sixth_no_second() {
        let fs: Vec<_> = (0..6)
            .map(|i| {
                let user = if i % 2 == 0 { "Anaya" } else { HIDDEN_USER };
                failure(i * 2, &format!("ev-{i}"), user, "192.0.2.7")
            })
            .collect();
        let (_, bursts) = run(&fs[..4]);
        assert!(bursts.is_empty(), "four is under the threshold");
        let (counter, bursts) = run(&fs);
        assert_eq!(bursts.len(), 1, "{bursts:?}");
        let b = &bursts[0];
        assert_eq!(b.count, 5);
        assert_eq!(b.since, at(0));
        assert_eq!(b.users.get("Anaya"), Some(&3));
        assert_eq!(b.users.get(HIDDEN_USER), Some(&2));
        assert_eq!(b.source_ips.get("192.0.2.7"), Some(&5));
        assert_eq!(b.event_id, "ev-4");
        let text = b.describe();
        assert!(text.contains("5 failed console sign-ins since 2026-11-23T09:00:00Z"));
        assert!(
            text.contains("192.0.2.7 (5)") && text.contains("Anaya (3)"),
            "{text}"
        );
        let counter = counter.unwrap();
        assert_eq!(counter.count, 6);
        assert!(counter.alerted);
    }

    #[test]
    fn failures_spread_beyond_the_window_give_no_burst_and_a_new_window_alerts_again() {
        // Every 4 minutes: never 5 within 15 minutes of the window's first failure.
        let sparse: Vec<_> = (0..8)
            .map(|i| failure(i * 4, &format!("s{i}"), "Anaya", "192.0.2.7"))
            .collect();
        assert!(run(&sparse).1.is_empty());
        // Two bursts, an hour apart: two alerts.
        let mut two: Vec<_> = (0..5)
            .map(|i| failure(i, &format!("a{i}"), "Anaya", "192.0.2.7"))
            .collect();
        two.extend((0..5).map(|i| failure(60 + i, &format!("b{i}"), "Anaya", "198.51.100.9")));
        let (_, bursts) = run(&two);
        assert_eq!(bursts.len(), 2);
        assert_eq!(bursts[1].since, at(60));
        assert_eq!(
            bursts[1].source_ips.len(),
            1,
            "the new window starts afresh"
        );
    }

    #[test]
    fn a_redelivered_event_counts_once() {
        let f = failure(0, "ev-same", "Anaya", "192.0.2.7");
        let fs = vec![f.clone(); 6];
        let (counter, bursts) = run(&fs);
        assert!(bursts.is_empty());
        assert_eq!(counter.unwrap().count, 1);
    }

    #[test]
    fn a_late_event_within_the_window_counts_and_moves_its_start_back() {
        let mut fs: Vec<_> = (1..5)
            .map(|i| failure(i, &format!("ev-{i}"), "Anaya", "192.0.2.7"))
            .collect();
        fs.push(failure(0, "ev-late", "root-guess", "192.0.2.8"));
        let (counter, bursts) = run(&fs);
        assert_eq!(bursts.len(), 1);
        assert_eq!(bursts[0].since, at(0));
        let counter = counter.unwrap();
        assert_eq!(counter.last_at, at(4));
        assert_eq!(
            counter.expires_at(&Settings::default()),
            (at(30)).timestamp()
        );
    }

    #[test]
    fn the_root_user_and_unnamed_targets_are_counted_by_what_is_known() {
        let mut f = failure(0, "r", "x", "192.0.2.7");
        f.user_name = None;
        f.identity_type = Some("Root".into());
        assert_eq!(f.target(), "root");
        f.identity_type = None;
        assert_eq!(f.target(), "(unnamed)");
        assert_eq!(f.counter_key(), "SIGNIN#123456789012");
    }
}
