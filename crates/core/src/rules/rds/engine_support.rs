//! When AWS ends RDS (and Aurora) standard support for each major engine version: pure data, and
//! the verdict the engine-support rules share.
//!
//! After the end of standard support, a database still on that major version is enrolled in
//! Amazon RDS Extended Support, which AWS charges for (per vCPU-hour, more from year 3), or, when
//! Extended Support was turned off at creation, upgraded by AWS to a supported major version.
//!
//! Dates read on 2026-11-23 from the AWS documentation ("RDS end of standard support date" and
//! "Aurora end of standard support date" columns):
//! - RDS for MySQL: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html#MySQL.Concepts.VersionMgmt.ReleaseCalendar>
//!   (5.6 from an earlier revision of the same page's release calendar).
//! - RDS for MariaDB: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MariaDB.Concepts.VersionMgmt.html#MariaDB.Concepts.VersionMgmt.ReleaseCalendar>
//!   (10.2 to 10.4 from an earlier revision of the same table).
//! - RDS for PostgreSQL: <https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html>
//! - Aurora MySQL: <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html>
//! - Aurora PostgreSQL: <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html>
//!   (version 18 was not in the calendar when read: undetermined until it is added here).
//!
//! AWS writes some dates with a month and a year only ("approximate ... updated with an exact date
//! when it's known"); those are taken as the last day of that month and the verdict says so.
//! The same dates are returned by `aws rds describe-db-major-engine-versions`
//! (`SupportedEngineLifecycles`, `open-source-rds-standard-support`), which is how to refresh
//! this table.
//!
//! The commercial engines (Oracle, SQL Server, Db2) have no RDS Extended Support and no such
//! dates in the documentation; the rules do not apply to them.

use crate::verdict::{Evidence, Verdict};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The end of standard support of one major version of one engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardSupport {
    /// The RDS `Engine` value: `mysql`, `mariadb`, `postgres`, `aurora-mysql`,
    /// `aurora-postgresql`, `aurora` (Aurora MySQL version 1).
    pub engine: &'static str,
    /// The major version as [`major_version`] reads it from the engine version.
    pub major: &'static str,
    /// The last day of standard support (year, month, day); day `None` when AWS gives only the
    /// month (the last day of that month is used).
    pub until: (i32, u32, Option<u32>),
}

const fn day(engine: &'static str, major: &'static str, y: i32, m: u32, d: u32) -> StandardSupport {
    StandardSupport {
        engine,
        major,
        until: (y, m, Some(d)),
    }
}

const fn month(engine: &'static str, major: &'static str, y: i32, m: u32) -> StandardSupport {
    StandardSupport {
        engine,
        major,
        until: (y, m, None),
    }
}

/// Every major version Vigil knows the end of standard support of (see the module docs for the
/// sources and the date they were read).
pub static STANDARD_SUPPORT: &[StandardSupport] = &[
    // RDS for MySQL.
    day("mysql", "5.6", 2022, 3, 1),
    day("mysql", "5.7", 2024, 2, 29),
    day("mysql", "8.0", 2026, 7, 31),
    day("mysql", "8.4", 2029, 7, 31),
    // RDS for MariaDB.
    day("mariadb", "10.2", 2022, 10, 15),
    month("mariadb", "10.3", 2023, 10),
    month("mariadb", "10.4", 2024, 6),
    day("mariadb", "10.5", 2026, 8, 31),
    day("mariadb", "10.6", 2026, 12, 31),
    month("mariadb", "10.11", 2028, 2),
    month("mariadb", "11.4", 2029, 5),
    month("mariadb", "11.8", 2028, 6),
    month("mariadb", "12.3", 2029, 6),
    // RDS for PostgreSQL.
    day("postgres", "9.6", 2022, 4, 30),
    month("postgres", "10", 2023, 4),
    day("postgres", "11", 2024, 2, 29),
    day("postgres", "12", 2025, 2, 28),
    day("postgres", "13", 2026, 2, 28),
    day("postgres", "14", 2027, 2, 28),
    day("postgres", "15", 2028, 2, 29),
    day("postgres", "16", 2029, 2, 28),
    day("postgres", "17", 2030, 2, 28),
    day("postgres", "18", 2031, 2, 28),
    // Aurora MySQL (version 1 is MySQL 5.6, 2 is 5.7, 3 is 8.0).
    day("aurora", "5.6", 2023, 2, 28),
    day("aurora-mysql", "5.7", 2024, 10, 31),
    day("aurora-mysql", "8.0", 2028, 4, 30),
    month("aurora-mysql", "8.4", 2032, 4),
    // Aurora PostgreSQL.
    day("aurora-postgresql", "11", 2024, 2, 29),
    day("aurora-postgresql", "12", 2025, 2, 28),
    day("aurora-postgresql", "13", 2026, 2, 28),
    day("aurora-postgresql", "14", 2027, 2, 28),
    day("aurora-postgresql", "15", 2028, 2, 29),
    day("aurora-postgresql", "16", 2029, 2, 28),
    day("aurora-postgresql", "17", 2030, 2, 28),
];

impl StandardSupport {
    /// The last day of standard support, or `None` for an impossible date in the table (a test
    /// checks there is none).
    pub fn last_day(&self) -> Option<NaiveDate> {
        let (y, m, d) = self.until;
        match d {
            Some(d) => NaiveDate::from_ymd_opt(y, m, d),
            None => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|first| first.pred_opt())
            }
        }
    }

    /// Whether AWS gave only the month.
    pub fn approximate(&self) -> bool {
        self.until.2.is_none()
    }

    /// "31 July 2026", or "the end of February 2028 (approximate)".
    fn date_text(&self) -> String {
        match self.last_day() {
            Some(d) if self.approximate() => {
                format!(
                    "the end of {} {} (approximate)",
                    month_name(d.month()),
                    d.year()
                )
            }
            Some(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
            None => "an unknown date".into(),
        }
    }
}

fn month_name(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(m.saturating_sub(1) as usize)
    .copied()
    .unwrap_or("?")
}

/// The major version of an engine version, as the release calendars name it: `8.0` for MySQL
/// `8.0.40`, `10.11` for MariaDB `10.11.9`, `16` for PostgreSQL `16.4` (but `9.6` for
/// `9.6.24`), `8.0` for Aurora MySQL `8.0.mysql_aurora.3.05.2`, `13` for Aurora PostgreSQL
/// `13.12`. `None` for an engine this module has no versioning scheme for, or a version that
/// does not start with numbers.
pub fn major_version(engine: &str, version: &str) -> Option<String> {
    let mut parts = version.trim().split('.');
    let first = parts.next().filter(|p| is_number(p))?;
    let second = parts.next().filter(|p| is_number(p));
    match engine {
        "postgres" | "aurora-postgresql" => match first.parse::<u32>().ok()? {
            n if n >= 10 => Some(first.to_string()),
            _ => second.map(|s| format!("{first}.{s}")),
        },
        "mysql" | "mariadb" | "aurora-mysql" | "aurora" => second.map(|s| format!("{first}.{s}")),
        _ => None,
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The table entry for an engine version.
pub fn lookup(engine: &str, version: &str) -> Option<&'static StandardSupport> {
    let major = major_version(engine, version)?;
    STANDARD_SUPPORT
        .iter()
        .find(|s| s.engine == engine && s.major == major)
}

/// Whether an engine is a commercial one (no RDS Extended Support, no dates here).
pub fn is_commercial(engine: &str) -> bool {
    [
        "oracle",
        "sqlserver",
        "db2",
        "custom-oracle",
        "custom-sqlserver",
    ]
    .iter()
    .any(|prefix| engine.starts_with(prefix))
}

/// A person's name for the engine: "RDS for PostgreSQL".
fn engine_name(engine: &str) -> &str {
    match engine {
        "mysql" => "RDS for MySQL",
        "mariadb" => "RDS for MariaDB",
        "postgres" => "RDS for PostgreSQL",
        "aurora-mysql" | "aurora" => "Aurora MySQL",
        "aurora-postgresql" => "Aurora PostgreSQL",
        other => other,
    }
}

/// The verdict for a database running `engine` at `version`, observed at `now`: FAILED after the
/// last day of standard support, PASSED until then, NOT_APPLICABLE for commercial engines,
/// UNDETERMINED for an engine or major version the table does not hold.
pub fn judge(engine: Option<&str>, version: Option<&str>, now: DateTime<Utc>) -> Verdict {
    let (engine, version) = match (engine, version) {
        (Some(e), Some(v)) => (e, v),
        (None, _) => return Verdict::undetermined(["engine"]),
        (_, None) => return Verdict::undetermined(["engineVersion"]),
    };
    if is_commercial(engine) {
        return Verdict::not_applicable(format!(
            "{engine} is a commercial engine: it has no RDS Extended Support and follows its own deprecation schedule, which this rule does not check"
        ));
    }
    let Some(entry) = lookup(engine, version) else {
        return Verdict::undetermined([format!(
            "the end of standard support of {engine} {version} (not in Vigil's engine support table)"
        )]);
    };
    let Some(last) = entry.last_day() else {
        return Verdict::undetermined([format!(
            "the end of standard support of {engine} {version}"
        )]);
    };
    let name = engine_name(engine);
    let major = entry.major;
    if now.date_naive() > last {
        Verdict::failed(
            format!(
                "{name} {major} (running {version}) reached the end of standard support on {}: the database now runs under Amazon RDS Extended Support, which AWS charges for per vCPU-hour, or is upgraded by AWS if Extended Support is off. Upgrade to a supported major version",
                entry.date_text()
            ),
            vec![
                Evidence::new("engine", engine),
                Evidence::new("engineVersion", version),
                Evidence::new("endOfStandardSupport", last.format("%Y-%m-%d")),
            ],
        )
    } else {
        Verdict::passed(format!(
            "{name} {major} is in standard support until {}",
            entry.date_text()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::json::parse_time(text).unwrap()
    }

    #[test]
    fn every_entry_is_a_real_date_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in STANDARD_SUPPORT {
            assert!(s.last_day().is_some(), "{s:?}");
            assert!(seen.insert((s.engine, s.major)), "duplicate {s:?}");
            assert_eq!(
                major_version(s.engine, &format!("{}.1", s.major)).as_deref(),
                Some(s.major),
                "{s:?} is not reachable from an engine version"
            );
        }
        assert_eq!(
            month("postgres", "10", 2023, 4).last_day(),
            NaiveDate::from_ymd_opt(2023, 4, 30)
        );
        assert_eq!(
            month("x", "1", 2028, 12).last_day(),
            NaiveDate::from_ymd_opt(2028, 12, 31)
        );
    }

    #[test]
    fn major_versions_follow_each_engines_scheme() {
        assert_eq!(major_version("mysql", "8.0.40").as_deref(), Some("8.0"));
        assert_eq!(
            major_version("mariadb", "10.11.9").as_deref(),
            Some("10.11")
        );
        assert_eq!(major_version("postgres", "16.4").as_deref(), Some("16"));
        assert_eq!(major_version("postgres", "9.6.24").as_deref(), Some("9.6"));
        assert_eq!(
            major_version("aurora-mysql", "8.0.mysql_aurora.3.05.2").as_deref(),
            Some("8.0")
        );
        assert_eq!(
            major_version("aurora-mysql", "5.7.mysql_aurora.2.11.2").as_deref(),
            Some("5.7")
        );
        assert_eq!(
            major_version("aurora-postgresql", "13.12").as_deref(),
            Some("13")
        );
        assert_eq!(major_version("oracle-ee", "19.0.0.0.ru-2024-01"), None);
        assert_eq!(major_version("mysql", "latest"), None);
        assert_eq!(major_version("mysql", "8"), None);
    }

    #[test]
    fn the_day_after_the_last_day_fails() {
        let on_last_day = judge(Some("mysql"), Some("8.0.40"), at("2026-07-31T23:59:59Z"));
        assert!(
            matches!(on_last_day, Verdict::Passed { .. }),
            "{on_last_day:?}"
        );
        let after = judge(Some("mysql"), Some("8.0.40"), at("2026-08-01T00:00:00Z"));
        match after {
            Verdict::Failed { reason, evidence } => {
                assert!(reason.contains("RDS for MySQL 8.0"), "{reason}");
                assert!(reason.contains("31 July 2026"), "{reason}");
                assert!(reason.contains("Extended Support"), "{reason}");
                assert_eq!(evidence[2].observed, "2026-07-31");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn approximate_dates_say_so() {
        let v = judge(Some("mariadb"), Some("10.11.9"), at("2026-11-23T09:00:00Z"));
        assert!(
            matches!(&v, Verdict::Passed { reason } if reason.contains("end of February 2028 (approximate)")),
            "{v:?}"
        );
    }

    #[test]
    fn unknown_engines_and_versions_are_undetermined_and_commercial_ones_not_applicable() {
        let now = at("2026-11-23T09:00:00Z");
        assert!(matches!(
            judge(Some("postgres"), Some("99.1"), now),
            Verdict::Undetermined { .. }
        ));
        assert!(matches!(
            judge(Some("aurora-postgresql"), Some("18.3"), now),
            Verdict::Undetermined { .. }
        ));
        assert_eq!(
            judge(None, Some("8.0.40"), now),
            Verdict::undetermined(["engine"])
        );
        assert_eq!(
            judge(Some("mysql"), None, now),
            Verdict::undetermined(["engineVersion"])
        );
        assert!(matches!(
            judge(Some("sqlserver-se"), Some("15.00.4365.2.v1"), now),
            Verdict::NotApplicable { .. }
        ));
        assert!(matches!(
            judge(
                Some("oracle-ee"),
                Some("19.0.0.0.ru-2024-01.rur-2024-01.r1"),
                now
            ),
            Verdict::NotApplicable { .. }
        ));
    }
}
