//! Errors from the AWS shell. A failed AWS call keeps its kind ([`ErrorKind`]: throttled,
//! access denied, not found, other), the service, the operation and the SDK's error code, so a
//! caller can act on what happened (report "not evaluated: missing permission …", treat not
//! found as an answer) rather than on a flattened string.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::fmt;
use thiserror::Error;

/// What kind of failure an AWS call met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The service throttled the call (the SDK's standard retry has already backed off and
    /// retried it).
    Throttled,
    /// The caller lacks the permission (or cannot act in that account): the resource is not
    /// evaluated, and what is missing is named.
    AccessDenied,
    /// The resource does not exist.
    NotFound,
    /// Anything else: bad credentials, a timeout, a malformed response, a service fault.
    Other,
}

/// Error codes the service returns when it throttles a call: the AWS SDK's own list
/// (`aws_runtime::retries::classifiers::THROTTLING_ERRORS`), less `LimitExceededException` (a
/// quota in IAM, KMS and Lambda, which no wait lifts) and `TransactionInProgressException`
/// (DynamoDB: a transaction with the same token is running).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes that mean the caller is not allowed to make the call. Bad or expired credentials
/// (`UnrecognizedClientException`, `InvalidClientTokenId`, `ExpiredToken`) are not here: they
/// are [`ErrorKind::Other`], as no permission would fix them.
const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    // SNS's `AuthorizationErrorException`.
    "AuthorizationError",
];

impl ErrorKind {
    /// The kind an AWS error code means: throttling codes, access-denied codes, and not-found
    /// codes (any code containing `NotFound`, IAM's `NoSuchEntity` and other `NoSuch…` codes,
    /// and AWS Config's `ResourceNotDiscoveredException`); anything else is
    /// [`ErrorKind::Other`].
    pub fn of_code(code: &str) -> ErrorKind {
        if THROTTLING_CODES.contains(&code) {
            ErrorKind::Throttled
        } else if ACCESS_DENIED_CODES.contains(&code) {
            ErrorKind::AccessDenied
        } else if code.contains("NotFound")
            || code.starts_with("NoSuch")
            || code == "ResourceNotDiscoveredException"
        {
            ErrorKind::NotFound
        } else {
            ErrorKind::Other
        }
    }

    /// For people and logs.
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Throttled => "throttled",
            ErrorKind::AccessDenied => "access denied",
            ErrorKind::NotFound => "not found",
            ErrorKind::Other => "failed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An AWS service the shell calls: its name for people and its IAM action prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// AWS Config.
    Config,
    /// Amazon DynamoDB.
    DynamoDb,
    /// AWS Security Hub.
    SecurityHub,
    /// Amazon SNS.
    Sns,
    /// Amazon RDS.
    Rds,
    /// AWS IAM.
    Iam,
    /// AWS KMS.
    Kms,
    /// AWS Lambda.
    Lambda,
    /// Amazon API Gateway (REST APIs).
    ApiGateway,
    /// Amazon API Gateway v2 (HTTP and WebSocket APIs).
    ApiGatewayV2,
    /// AWS Secrets Manager.
    SecretsManager,
    /// Application Auto Scaling.
    ApplicationAutoScaling,
    /// Amazon DynamoDB Accelerator.
    Dax,
    /// AWS CloudTrail.
    CloudTrail,
    /// Amazon GuardDuty.
    GuardDuty,
    /// Amazon EC2 (security groups, VPC endpoints).
    Ec2,
    /// AWS STS (the caller's account).
    Sts,
    /// Amazon SQS (the sweep's work queue).
    Sqs,
    /// AWS Backup (backup plans' selections).
    Backup,
    /// AWS Account Management (the security alternate contact).
    Account,
}

impl Service {
    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Service::Config => "Config",
            Service::DynamoDb => "DynamoDB",
            Service::SecurityHub => "Security Hub",
            Service::Sns => "SNS",
            Service::Rds => "RDS",
            Service::Iam => "IAM",
            Service::Kms => "KMS",
            Service::Lambda => "Lambda",
            Service::ApiGateway => "API Gateway",
            Service::ApiGatewayV2 => "API Gateway v2",
            Service::SecretsManager => "Secrets Manager",
            Service::ApplicationAutoScaling => "Application Auto Scaling",
            Service::Dax => "DAX",
            Service::CloudTrail => "CloudTrail",
            Service::GuardDuty => "GuardDuty",
            Service::Ec2 => "EC2",
            Service::Sts => "STS",
            Service::Sqs => "SQS",
            Service::Backup => "AWS Backup",
            Service::Account => "Account Management",
        }
    }

    /// The IAM permission an operation needs, e.g. `rds:DescribeDBParameters`. API Gateway's
    /// actions are HTTP verbs on paths, and every call Vigil makes to it is a read:
    /// `apigateway:GET`.
    pub fn permission(self, operation: &str) -> String {
        let prefix = match self {
            Service::Config => "config",
            Service::DynamoDb => "dynamodb",
            Service::SecurityHub => "securityhub",
            Service::Sns => "sns",
            Service::Rds => "rds",
            Service::Iam => "iam",
            Service::Kms => "kms",
            Service::Lambda => "lambda",
            Service::ApiGateway | Service::ApiGatewayV2 => return "apigateway:GET".into(),
            Service::SecretsManager => "secretsmanager",
            Service::ApplicationAutoScaling => "application-autoscaling",
            Service::Dax => "dax",
            Service::CloudTrail => "cloudtrail",
            Service::GuardDuty => "guardduty",
            Service::Ec2 => "ec2",
            Service::Sts => "sts",
            Service::Sqs => "sqs",
            Service::Backup => "backup",
            Service::Account => "account",
        };
        format!("{prefix}:{operation}")
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failed AWS call, with its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The service.
    pub service: Service,
    /// The operation, e.g. `TransactWriteItems`.
    pub operation: &'static str,
    /// The service's error code (e.g. `AccessDeniedException`), when it sent one.
    pub code: Option<String>,
    /// The SDK's error, with its cause chain.
    pub message: String,
}

impl CallError {
    /// The IAM permission the call needed, e.g. `iam:GetUser`.
    pub fn permission(&self) -> String {
        self.service.permission(self.operation)
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CallError {
            kind,
            service,
            operation,
            ..
        } = self;
        match kind {
            ErrorKind::AccessDenied => write!(
                f,
                "not evaluated: missing permission {} ({service} {operation} was denied",
                self.permission()
            )?,
            ErrorKind::Other => write!(f, "{service} {operation} failed")?,
            kind => write!(f, "{service} {operation} failed ({kind}")?,
        }
        let open = !matches!(kind, ErrorKind::Other);
        match (&self.code, open) {
            (Some(code), true) => write!(f, ", {code})")?,
            (Some(code), false) => write!(f, " ({code})")?,
            (None, true) => f.write_str(")")?,
            (None, false) => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CallError {}

/// What went wrong talking to AWS, or with an input the service cannot use.
#[derive(Debug, Error)]
pub enum AwsError {
    /// The event is not a usable EventBridge event (it is kept by EventBridge's retry and the
    /// dead-letter queue).
    #[error("bad input: {0}")]
    BadInput(#[from] vigil_core::InputError),
    /// An AWS call failed.
    #[error(transparent)]
    Call(#[from] CallError),
    /// The resource is in an account these clients cannot act in.
    #[error(
        "not evaluated: the resource is in account {account}, not this function's account {home}; \
         evaluating another account needs a role to assume there"
    )]
    OtherAccount {
        /// The resource's account.
        account: String,
        /// The account the clients act in.
        home: String,
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
    /// Wraps an SDK error, classified by its error code, keeping its full cause chain in the
    /// message.
    pub fn call<E, R>(service: Service, operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: fmt::Debug,
    {
        let code = err.code().map(str::to_string);
        let kind = code.as_deref().map_or(ErrorKind::Other, ErrorKind::of_code);
        AwsError::Call(CallError {
            kind,
            service,
            operation,
            code,
            message: chain(&err),
        })
    }

    /// A request that could not be built (a required field missing): never sent, so
    /// [`ErrorKind::Other`].
    pub fn request(service: Service, operation: &'static str, err: impl std::error::Error) -> Self {
        AwsError::Call(CallError {
            kind: ErrorKind::Other,
            service,
            operation,
            code: None,
            message: chain(&err),
        })
    }

    /// The kind of failure: a call's own kind; [`ErrorKind::AccessDenied`] for a resource in an
    /// account the clients cannot act in; [`ErrorKind::Other`] for everything else.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AwsError::Call(call) => call.kind,
            AwsError::OtherAccount { .. } => ErrorKind::AccessDenied,
            _ => ErrorKind::Other,
        }
    }

    /// The failed call, when the error is one.
    pub fn as_call(&self) -> Option<&CallError> {
        match self {
            AwsError::Call(call) => Some(call),
            _ => None,
        }
    }
}

/// An error's message followed by each of its causes.
fn chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A call's output, or `None` when the service says the resource does not exist (`missing`
/// picks that error out, as precisely as the caller needs: DynamoDB's `PolicyNotFoundException`
/// means "no policy", its `ResourceNotFoundException` does not); any other error is the call's,
/// classified. Every SDK crate re-exports the same `SdkError`, so one helper serves them all.
pub(crate) fn unless_missing<T, E, R>(
    result: Result<T, SdkError<E, R>>,
    missing: impl FnOnce(&E) -> bool,
    service: Service,
    operation: &'static str,
) -> Result<Option<T>, AwsError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    match result {
        Ok(out) => Ok(Some(out)),
        Err(e) if e.as_service_error().is_some_and(missing) => Ok(None),
        Err(e) => Err(AwsError::call(service, operation, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    #[test]
    fn throttling_codes_are_throttled() {
        for code in [
            "Throttling",
            "ThrottlingException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "ProvisionedThroughputExceededException",
            "SlowDown",
        ] {
            assert_eq!(ErrorKind::of_code(code), ErrorKind::Throttled, "{code}");
        }
    }

    #[test]
    fn denial_codes_are_access_denied_and_bad_credentials_are_not() {
        for code in [
            "AccessDenied",
            "AccessDeniedException",
            "UnauthorizedOperation",
            "AuthorizationError",
        ] {
            assert_eq!(ErrorKind::of_code(code), ErrorKind::AccessDenied, "{code}");
        }
        for code in [
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "ExpiredToken",
        ] {
            assert_eq!(ErrorKind::of_code(code), ErrorKind::Other, "{code}");
        }
    }

    #[test]
    fn missing_resource_codes_are_not_found() {
        for code in [
            "NoSuchEntity",
            "ResourceNotFoundException",
            "NotFoundException",
            "DBInstanceNotFound",
            "DBProxyNotFoundFault",
            "ClusterNotFoundFault",
            "PolicyNotFoundException",
            "ResourceNotDiscoveredException",
        ] {
            assert_eq!(ErrorKind::of_code(code), ErrorKind::NotFound, "{code}");
        }
    }

    #[test]
    fn other_codes_and_quotas_are_other() {
        for code in [
            "ValidationException",
            "InternalFailure",
            "LimitExceededException",
            "ConditionalCheckFailedException",
            "",
        ] {
            assert_eq!(ErrorKind::of_code(code), ErrorKind::Other, "{code}");
        }
    }

    /// A service error as the SDK hands it over, with `code` in its metadata.
    fn service_error(code: &str, message: &str) -> SdkError<ErrorMetadata, HttpResponse> {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        SdkError::service_error(
            meta,
            HttpResponse::new(StatusCode::try_from(400).unwrap(), SdkBody::empty()),
        )
    }

    #[test]
    fn a_call_error_keeps_the_kind_the_code_and_the_cause_chain() {
        let err = AwsError::call(
            Service::Iam,
            "GetUser",
            service_error(
                "AccessDenied",
                "User: arn:aws:sts::1:assumed-role/x is not authorized",
            ),
        );
        assert_eq!(err.kind(), ErrorKind::AccessDenied);
        let call = err.as_call().expect("a call error");
        assert_eq!(call.code.as_deref(), Some("AccessDenied"));
        assert_eq!(call.permission(), "iam:GetUser");
        let text = err.to_string();
        assert!(
            text.starts_with("not evaluated: missing permission iam:GetUser"),
            "{text}"
        );
        assert!(text.contains("is not authorized"), "{text}");

        let throttled = AwsError::call(
            Service::DynamoDb,
            "Query",
            service_error("ProvisionedThroughputExceededException", "slow down"),
        );
        assert_eq!(throttled.kind(), ErrorKind::Throttled);
        assert!(
            throttled.to_string().starts_with(
                "DynamoDB Query failed (throttled, ProvisionedThroughputExceededException)"
            ),
            "{throttled}"
        );
    }

    #[test]
    fn an_error_without_a_code_is_other() {
        let err = AwsError::call(
            Service::Sns,
            "Publish",
            SdkError::<ErrorMetadata, HttpResponse>::timeout_error("no answer in time"),
        );
        assert_eq!(err.kind(), ErrorKind::Other);
        assert_eq!(err.as_call().and_then(|c| c.code.clone()), None);
        assert!(err.to_string().starts_with("SNS Publish failed: "), "{err}");
    }

    #[test]
    fn unless_missing_turns_only_the_chosen_not_found_into_none() {
        let missing: Result<(), _> = Err(service_error("PolicyNotFoundException", "none"));
        let answer = unless_missing(
            missing,
            |e| e.code() == Some("PolicyNotFoundException"),
            Service::DynamoDb,
            "GetResourcePolicy",
        );
        assert_eq!(answer.unwrap(), None);
        let other: Result<(), _> = Err(service_error("ResourceNotFoundException", "no table"));
        let err = unless_missing(
            other,
            |e| e.code() == Some("PolicyNotFoundException"),
            Service::DynamoDb,
            "GetResourcePolicy",
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn the_iam_permission_of_each_service() {
        assert_eq!(
            Service::ApplicationAutoScaling.permission("DescribeScalableTargets"),
            "application-autoscaling:DescribeScalableTargets"
        );
        assert_eq!(
            Service::ApiGatewayV2.permission("GetRoutes"),
            "apigateway:GET"
        );
        assert_eq!(
            Service::SecretsManager.permission("DescribeSecret"),
            "secretsmanager:DescribeSecret"
        );
    }
}
