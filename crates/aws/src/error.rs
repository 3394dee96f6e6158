//! Errors from the AWS shell.

use thiserror::Error;

/// What went wrong talking to AWS, or with an input the service cannot use.
#[derive(Debug, Error)]
pub enum AwsError {
    /// The event is not a usable EventBridge event (it is kept by EventBridge's retry and the
    /// dead-letter queue).
    #[error("bad input: {0}")]
    BadInput(#[from] vigil_core::InputError),
    /// An AWS call failed.
    #[error("{service} {operation} failed: {message}")]
    Call {
        /// The service, e.g. `DynamoDB`.
        service: &'static str,
        /// The operation, e.g. `TransactWriteItems`.
        operation: &'static str,
        /// The SDK's error, with its cause chain.
        message: String,
    },
    /// A stored record could not be read back.
    #[error("stored state for {key} is unreadable: {message}")]
    CorruptState {
        /// The state key.
        key: String,
        /// Why.
        message: String,
    },
    /// The service is misconfigured (e.g. a missing environment variable).
    #[error("configuration: {0}")]
    Config(String),
    /// A configuration that had to be fetched could not be.
    #[error("cannot fetch the configuration of {arn}: {message}")]
    Fetch {
        /// The resource.
        arn: String,
        /// Why.
        message: String,
    },
}

impl AwsError {
    /// Wraps an SDK error, keeping its full cause chain in the message.
    pub fn call(
        service: &'static str,
        operation: &'static str,
        err: impl std::error::Error,
    ) -> Self {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        AwsError::Call {
            service,
            operation,
            message,
        }
    }
}
