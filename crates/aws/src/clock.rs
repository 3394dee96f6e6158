//! The time the shell stamps on what it fetched (a lookup's `checkedAt`), injected: the Lambda
//! passes the system clock, tests may pass a fixed one. No adapter reads the time itself.

use chrono::{DateTime, Utc};
use std::fmt;
use std::sync::Arc;

/// A source of the current time.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Arc::new(|| {
            DateTime::<Utc>::from(std::time::SystemTime::now())
        }))
    }

    /// A clock that always says `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock(Arc::new(move || at))
    }

    /// A clock over any function.
    pub fn from_fn(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Clock(Arc::new(now))
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }

    /// The current time as RFC 3339, in the same form as the SDK's times ([`rfc3339`]): the
    /// `checkedAt` of a lookup answer.
    pub fn stamp(&self) -> Option<String> {
        let now = self.now();
        rfc3339(&aws_smithy_types::DateTime::from_secs_and_nanos(
            now.timestamp(),
            now.timestamp_subsec_nanos(),
        ))
    }
}

impl Default for Clock {
    /// The system clock.
    fn default() -> Self {
        Clock::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Reading the clock to print it would make `Debug` depend on the time.
        f.write_str("Clock")
    }
}

/// An SDK time as RFC 3339, the form the core reads.
pub fn rfc3339(t: &aws_smithy_types::DateTime) -> Option<String> {
    t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stamps_its_time_as_the_sdk_formats_times() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T09:00:05.250Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.stamp().as_deref(), Some("2026-11-23T09:00:05.25Z"));
    }
}
