//! How every SDK client retries and times out: one [`Resilience`] value, applied by
//! [`crate::clients::Clients`] to every client it builds.
//!
//! - **Retries**: the SDK's *standard* mode (exponential backoff with full jitter, a retry
//!   quota), a bounded number of attempts. It retries throttling errors named by their error
//!   code (`ThrottlingException`, `LimitExceededException`, `ProvisionedThroughputExceededException`,
//!   ...), 500/502/503/504, timeouts and dropped connections. Two throttling answers it does not
//!   recognise are added by [`ThrottledClassifier`]: SNS's `Throttled` (awsQuery code, HTTP 429)
//!   and any other HTTP 429.
//! - **Timeouts**: connect, each attempt, and the whole operation (all attempts and backoffs),
//!   so a slow answer is abandoned and retried, and no call outlives the Lambda's 60 s.

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::SdkConfig;
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
use std::time::Duration;

/// Retry and timeout settings for every SDK client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resilience {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// The first retry's backoff ceiling (each next one doubles, with full jitter).
    pub initial_backoff: Duration,
    /// The largest backoff.
    pub max_backoff: Duration,
    /// Establishing a connection.
    pub connect_timeout: Duration,
    /// One attempt, from sending the request to reading the whole answer.
    pub attempt_timeout: Duration,
    /// The whole call: every attempt and backoff.
    pub operation_timeout: Duration,
}

impl Default for Resilience {
    /// For the Lambda functions (60 s): 5 attempts, backoff from 0.5 s up to 8 s, 3 s to
    /// connect, 10 s per attempt, 40 s per call.
    fn default() -> Self {
        Resilience {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            connect_timeout: Duration::from_secs(3),
            attempt_timeout: Duration::from_secs(10),
            operation_timeout: Duration::from_secs(40),
        }
    }
}

impl Resilience {
    /// The SDK retry configuration: standard mode, bounded attempts and backoff.
    pub fn retry_config(&self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_attempts)
            .with_initial_backoff(self.initial_backoff)
            .with_max_backoff(self.max_backoff)
    }

    /// The SDK timeout configuration: connect, each attempt, the whole operation.
    pub fn timeout_config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect_timeout)
            .operation_attempt_timeout(self.attempt_timeout)
            .operation_timeout(self.operation_timeout)
            .build()
    }

    /// `sdk` with this retry and timeout configuration.
    pub fn apply(&self, sdk: &SdkConfig) -> SdkConfig {
        sdk.to_builder()
            .retry_config(self.retry_config())
            .timeout_config(self.timeout_config())
            .build()
    }
}

/// Classifies the throttling answers the SDK's own classifiers miss as throttling (retried with
/// backoff): HTTP 429, and SNS's awsQuery error code `Throttled`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ThrottledClassifier;

impl ThrottledClassifier {
    fn is_throttled(status: u16, body: Option<&[u8]>) -> bool {
        const CODE: &[u8] = b"<Code>Throttled</Code>";
        status == 429 || body.is_some_and(|b| b.windows(CODE.len()).any(|w| w == CODE))
    }
}

impl ClassifyRetry for ThrottledClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        if !matches!(ctx.output_or_error(), Some(Err(_))) {
            return RetryAction::NoActionIndicated;
        }
        match ctx.response() {
            Some(response)
                if Self::is_throttled(response.status().as_u16(), response.body().bytes()) =>
            {
                RetryAction::throttling_error()
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "Vigil: HTTP 429 and SNS Throttled"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_config::retry::RetryMode;

    #[test]
    fn retries_are_standard_bounded_and_timeouts_all_set() {
        let r = Resilience::default();
        let retry = r.retry_config();
        assert_eq!(retry.mode(), RetryMode::Standard);
        assert_eq!(retry.max_attempts(), 5);
        assert_eq!(retry.initial_backoff(), Duration::from_millis(500));
        assert_eq!(retry.max_backoff(), Duration::from_secs(8));
        let t = r.timeout_config();
        assert_eq!(t.connect_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(t.operation_attempt_timeout(), Some(Duration::from_secs(10)));
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(40)));
        // Every retry fits in the call, and the call in the Lambda's 60 s.
        assert!(r.attempt_timeout < r.operation_timeout);
        assert!(r.operation_timeout < Duration::from_secs(60));
    }

    #[test]
    fn applied_configuration_reaches_the_sdk_config() {
        let base = SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build();
        let sdk = Resilience::default().apply(&base);
        assert_eq!(sdk.retry_config().map(|r| r.max_attempts()), Some(5));
        assert_eq!(
            sdk.timeout_config().and_then(|t| t.operation_timeout()),
            Some(Duration::from_secs(40))
        );
    }

    #[test]
    fn sns_throttled_and_429_are_throttling_and_other_answers_are_not() {
        let sns = br#"<ErrorResponse><Error><Type>Sender</Type><Code>Throttled</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"#;
        assert!(ThrottledClassifier::is_throttled(400, Some(sns)));
        assert!(ThrottledClassifier::is_throttled(429, None));
        let denied =
            br#"<ErrorResponse><Error><Code>AuthorizationError</Code></Error></ErrorResponse>"#;
        assert!(!ThrottledClassifier::is_throttled(403, Some(denied)));
        assert!(!ThrottledClassifier::is_throttled(400, None));
    }
}
