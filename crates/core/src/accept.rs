//! Accepted risks: an owner accepts one failing rule (or every rule of one Security Hub control)
//! on one resource, with a reason and an end date. While an acceptance holds, `decide` keeps the
//! finding as [`Status::Suppressed`](crate::vocabulary::Status::Suppressed) and sends no alert;
//! once it ends (or is removed) the finding is FAILED again, with one alert.
//!
//! An acceptance comes from one of two places, with the same [`Acceptance`] record:
//! - **a tag** on the resource: key `vigil:accept:<rule-or-control-id>`, value
//!   `<YYYY-MM-DD> <reason>` (e.g. `vigil:accept:RDS.2` = `2027-03-31 reporting replica behind
//!   the VPN`), read by [`from_tags`];
//! - **the state store**, written by `vigil accept <resource> <rule> --until DATE --reason TEXT`
//!   ([`Acceptance::new`]).
//!
//! The core has no clock: "today" is an argument. [`Acceptance::new`] refuses a date before it;
//! whether an acceptance still holds is judged against the observation's capture time
//! ([`Acceptance::holds_at`]): it holds through its end date (UTC) and ends the day after.

use crate::json::FieldWarning;
use crate::resource::Tags;
use crate::rules::{by_id, CATALOGUE};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The tag key prefix: `vigil:accept:<rule-or-control-id>`.
pub const TAG_PREFIX: &str = "vigil:accept:";

/// Where an acceptance was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AcceptSource {
    /// A `vigil:accept:<id>` tag on the resource.
    Tag,
    /// `vigil accept`, stored in the state store.
    Cli,
}

impl AcceptSource {
    /// `tag` or `cli`.
    pub fn label(self) -> &'static str {
        match self {
            AcceptSource::Tag => "tag",
            AcceptSource::Cli => "cli",
        }
    }
}

/// One accepted risk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The resource's ARN.
    pub resource: String,
    /// The rule id (`rds-instance-public-access`) or Security Hub control id (`RDS.2`) accepted.
    pub accepts: String,
    /// The last day (UTC) the acceptance holds.
    pub until: NaiveDate,
    /// Why the owner accepts the risk.
    pub reason: String,
    /// Who accepted it, in words (the CLI caller, or what the tag's observation says).
    pub accepted_by: String,
    /// A tag or the CLI.
    pub source: AcceptSource,
    /// When it was made (the CLI's clock, or the capture time of the observation that first
    /// carried the tag).
    pub accepted_at: DateTime<Utc>,
}

/// Why an acceptance is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AcceptError {
    /// No reason was given.
    #[error("an accepted risk needs a reason: say why the risk is accepted (e.g. \"2027-03-31 reporting replica behind the VPN\")")]
    NoReason,
    /// The end date is not a date.
    #[error("the end date must be a date written YYYY-MM-DD (e.g. 2027-03-31)")]
    BadDate,
    /// The end date has passed.
    #[error("the end date {until} is in the past (today is {today}): an accepted risk must end today or later")]
    Past {
        /// The end date given.
        until: NaiveDate,
        /// Today, as the caller's clock says.
        today: NaiveDate,
    },
    /// The id names no rule and no control of the catalogue.
    #[error("`{0}` is neither a rule id nor a Security Hub control id that a Vigil rule implements (see `vigil rules`)")]
    UnknownRule(String),
}

impl Acceptance {
    /// A new acceptance, checked: a known rule or control id, a reason, an end date written
    /// `YYYY-MM-DD` and not before `today`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        resource: &str,
        accepts: &str,
        until: &str,
        reason: &str,
        accepted_by: &str,
        source: AcceptSource,
        accepted_at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Acceptance, AcceptError> {
        let acceptance = Acceptance::unchecked(
            resource,
            accepts,
            until,
            reason,
            accepted_by,
            source,
            accepted_at,
        )?;
        if acceptance.until < today {
            return Err(AcceptError::Past {
                until: acceptance.until,
                today,
            });
        }
        Ok(acceptance)
    }

    /// Everything [`Acceptance::new`] checks but the date being in the future: a tag's date
    /// that has passed is an acceptance that has ended.
    fn unchecked(
        resource: &str,
        accepts: &str,
        until: &str,
        reason: &str,
        accepted_by: &str,
        source: AcceptSource,
        accepted_at: DateTime<Utc>,
    ) -> Result<Acceptance, AcceptError> {
        let accepts = accepts.trim();
        if !is_known(accepts) {
            return Err(AcceptError::UnknownRule(printable(accepts)));
        }
        let until = NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d")
            .map_err(|_| AcceptError::BadDate)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AcceptError::NoReason);
        }
        Ok(Acceptance {
            resource: resource.to_string(),
            accepts: accepts.to_string(),
            until,
            reason: reason.to_string(),
            accepted_by: accepted_by.to_string(),
            source,
            accepted_at,
        })
    }

    /// Whether it covers `rule`: the rule itself, or a Security Hub control the rule implements.
    pub fn covers(&self, rule: &str) -> bool {
        self.accepts == rule
            || by_id(rule).is_some_and(|r| r.meta().controls.contains(&self.accepts.as_str()))
    }

    /// Whether it holds at `at` (an observation's capture time): through its end date, UTC.
    pub fn holds_at(&self, at: DateTime<Utc>) -> bool {
        at.date_naive() <= self.until
    }

    /// The same acceptance (what, until when, why), whoever and whenever it was recorded.
    pub fn same_terms(&self, other: &Acceptance) -> bool {
        self.accepts == other.accepts
            && self.until == other.until
            && self.reason == other.reason
            && self.source == other.source
    }

    /// One line for people: `accepted by alice until 2027-03-31: reporting replica behind the VPN`.
    pub fn describe(&self) -> String {
        format!(
            "accepted by {} until {} ({} {}): {}",
            self.accepted_by,
            self.until,
            self.source.label(),
            self.accepts,
            self.reason
        )
    }
}

/// Whether `id` is a rule id or a control id some rule implements.
pub fn is_known(id: &str) -> bool {
    !id.is_empty()
        && (by_id(id).is_some() || CATALOGUE.iter().any(|r| r.meta().controls.contains(&id)))
}

/// An id as it may be shown in an error: short and printable (a tag key is not a secret, but
/// it is bounded anyway).
fn printable(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect::<String>()
}

/// The acceptances a resource's tags carry, and a warning for each `vigil:accept:` tag that is
/// refused (no reason, not a date, an unknown id), naming the tag and why, never its value.
/// `seen_at` is the observation's capture time (the acceptance's `accepted_at` the first time it
/// is seen), `by` says who, where the observation knows.
pub fn from_tags(
    resource: &str,
    tags: &Tags,
    seen_at: DateTime<Utc>,
    by: Option<&str>,
) -> (Vec<Acceptance>, Vec<FieldWarning>) {
    let mut accepted = Vec::new();
    let mut warnings = Vec::new();
    for (key, value) in tags {
        let Some(id) = key.strip_prefix(TAG_PREFIX) else {
            continue;
        };
        let (until, reason) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
        let accepted_by = match by {
            Some(who) => format!("{who} (the change that carried the tag {key})"),
            None => format!("the resource's tag {key} (the source does not say who set it)"),
        };
        match Acceptance::unchecked(
            resource,
            id,
            until,
            reason,
            &accepted_by,
            AcceptSource::Tag,
            seen_at,
        ) {
            Ok(a) => accepted.push(a),
            Err(e) => warnings.push(FieldWarning {
                field: format!("tags.{}", printable(key)),
                reason: format!("accepted risk refused: {e}"),
            }),
        }
    }
    (accepted, warnings)
}

/// The acceptance that covers `rule` and holds at `at`, if any (the one ending last).
pub fn covering<'a>(
    acceptances: impl IntoIterator<Item = &'a Acceptance>,
    rule: &str,
    at: DateTime<Utc>,
) -> Option<&'a Acceptance> {
    acceptances
        .into_iter()
        .filter(|a| a.covers(rule) && a.holds_at(at))
        .max_by_key(|a| a.until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ARN: &str = "arn:aws:rds:eu-west-2:111122223333:db:orders-db";

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn new(accepts: &str, until: &str, reason: &str) -> Result<Acceptance, AcceptError> {
        Acceptance::new(
            ARN,
            accepts,
            until,
            reason,
            "alice",
            AcceptSource::Cli,
            at(2026, 12, 6),
            today(),
        )
    }

    #[test]
    fn a_valid_acceptance_is_the_record() {
        let a = new("RDS.2", "2027-03-31", "reporting replica behind the VPN").unwrap();
        assert_eq!(a.until, NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
        assert_eq!(a.reason, "reporting replica behind the VPN");
        assert_eq!(a.accepts, "RDS.2");
        assert_eq!(a.source, AcceptSource::Cli);
        // Today itself is allowed.
        assert!(new("RDS.2", "2026-12-06", "until tonight").is_ok());
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(new("RDS.2", "2027-03-31", "  "), Err(AcceptError::NoReason));
        assert_eq!(new("RDS.2", "31/03/2027", "why"), Err(AcceptError::BadDate));
        assert_eq!(new("RDS.2", "2027-02-30", "why"), Err(AcceptError::BadDate));
        let past = new("RDS.2", "2026-12-05", "why").unwrap_err();
        assert!(matches!(past, AcceptError::Past { .. }));
        assert!(past.to_string().contains("in the past"), "{past}");
        assert!(matches!(
            new("NOPE.99", "2027-03-31", "why"),
            Err(AcceptError::UnknownRule(_))
        ));
        assert!(AcceptError::NoReason.to_string().contains("needs a reason"));
    }

    #[test]
    fn a_control_covers_its_rules_and_a_rule_only_itself() {
        let control = new("RDS.2", "2027-03-31", "why").unwrap();
        let rule_id = CATALOGUE
            .iter()
            .find(|r| r.meta().controls.contains(&"RDS.2"))
            .unwrap()
            .meta()
            .id;
        assert!(control.covers(rule_id));
        assert!(!control.covers("rds-instance-backups"));
        let rule = new(rule_id, "2027-03-31", "why").unwrap();
        assert!(rule.covers(rule_id));
        let other = CATALOGUE
            .iter()
            .map(|r| r.meta().id)
            .find(|id| *id != rule_id)
            .unwrap();
        assert!(!rule.covers(other));
    }

    #[test]
    fn it_holds_through_its_end_date() {
        let a = new("RDS.2", "2027-03-31", "why").unwrap();
        assert!(a.holds_at(Utc.with_ymd_and_hms(2027, 3, 31, 23, 59, 59).unwrap()));
        assert!(!a.holds_at(Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap()));
        assert_eq!(
            covering([&a], "rds-instance-public-access", at(2027, 1, 1)).is_some(),
            a.covers("rds-instance-public-access")
        );
        assert!(covering([&a], "rds-instance-public-access", at(2027, 4, 2)).is_none());
    }

    #[test]
    fn tags_give_acceptances_and_warnings_for_bad_ones() {
        let tags: Tags = [
            (
                "vigil:accept:RDS.2",
                "2027-03-31 reporting replica behind the VPN",
            ),
            ("vigil:accept:RDS.3", "2027-03-31"),
            ("vigil:accept:RDS.8", "soon because"),
            ("vigil:accept:NOPE.1", "2027-03-31 why"),
            ("Owner", "team-a"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (accepted, warnings) = from_tags(ARN, &tags, at(2026, 12, 6), None);
        assert_eq!(accepted.len(), 1);
        assert_eq!(accepted[0].accepts, "RDS.2");
        assert_eq!(accepted[0].source, AcceptSource::Tag);
        assert_eq!(accepted[0].reason, "reporting replica behind the VPN");
        assert!(accepted[0].accepted_by.contains("vigil:accept:RDS.2"));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings
            .iter()
            .any(|w| w.field == "tags.vigil:accept:RDS.3" && w.reason.contains("needs a reason")));
        assert!(warnings
            .iter()
            .any(|w| w.field == "tags.vigil:accept:RDS.8" && w.reason.contains("YYYY-MM-DD")));
        // A tag whose date has passed is an acceptance that has ended, not a refusal.
        let old: Tags = [(
            "vigil:accept:RDS.2".to_string(),
            "2020-01-01 old".to_string(),
        )]
        .into_iter()
        .collect();
        let (accepted, warnings) = from_tags(ARN, &old, at(2026, 12, 6), Some("IAM user bob"));
        assert!(warnings.is_empty());
        assert!(!accepted[0].holds_at(at(2026, 12, 6)));
        assert!(accepted[0].accepted_by.starts_with("IAM user bob"));
    }
}
