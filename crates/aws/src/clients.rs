//! The SDK clients the shell uses, as one [`Clients`] value per scope (account, region), from a
//! [`ClientFactory`]. Callers name the scope a resource lives in and never build clients
//! themselves, so serving another account (a factory that assumes a role there) changes the
//! factory, not its callers.

use crate::error::AwsError;
use crate::resilience::{Resilience, ThrottledClassifier};
use aws_config::{Region, SdkConfig};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use vigil_core::resource::ResourceRef;

/// Every SDK client the shell uses, for one account and region.
#[derive(Clone, Debug)]
pub struct Clients {
    /// AWS Config: oversized items' history, subnets' recorded items.
    pub config: aws_sdk_config::Client,
    /// DynamoDB: the state table, tables' resource policies.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// Security Hub: finding imports.
    pub securityhub: aws_sdk_securityhub::Client,
    /// SNS: alerts.
    pub sns: aws_sdk_sns::Client,
    /// RDS: DB instances, proxies, parameter groups.
    pub rds: aws_sdk_rds::Client,
    /// IAM: users, roles, policies, credentials.
    pub iam: aws_sdk_iam::Client,
    /// KMS: key metadata.
    pub kms: aws_sdk_kms::Client,
    /// Lambda: function configuration, URLs, policies.
    pub lambda: aws_sdk_lambda::Client,
    /// API Gateway (REST APIs): methods, policies, usage plans, domain names.
    pub apigateway: aws_sdk_apigateway::Client,
    /// API Gateway v2 (HTTP and WebSocket APIs): APIs and routes.
    pub apigatewayv2: aws_sdk_apigatewayv2::Client,
    /// Secrets Manager: secret metadata (never values).
    pub secretsmanager: aws_sdk_secretsmanager::Client,
    /// Application Auto Scaling: DynamoDB scalable targets.
    pub applicationautoscaling: aws_sdk_applicationautoscaling::Client,
    /// DAX: clusters.
    pub dax: aws_sdk_dax::Client,
    /// CloudTrail: trails, their status and event selectors.
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// GuardDuty: detectors.
    pub guardduty: aws_sdk_guardduty::Client,
    /// EC2: security groups and VPC endpoints (the sweep).
    pub ec2: aws_sdk_ec2::Client,
    /// STS: the caller's account (the sweep).
    pub sts: aws_sdk_sts::Client,
    /// AWS Backup: backup plans and their selections.
    pub backup: aws_sdk_backup::Client,
    /// AWS Account Management: the account's security alternate contact (the sweep).
    pub account: aws_sdk_account::Client,
}

/// A client of one SDK crate over `sdk`, with [`ThrottledClassifier`] added to its retry
/// classifiers.
macro_rules! client {
    ($krate:ident, $sdk:expr) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($sdk)
                .retry_classifier(ThrottledClassifier)
                .build(),
        )
    };
}

impl Clients {
    /// Every client, from one SDK configuration, with the default [`Resilience`].
    pub fn new(sdk: &SdkConfig) -> Self {
        Clients::with_resilience(sdk, &Resilience::default())
    }

    /// Every client, from one SDK configuration, retrying and timing out as `resilience` says.
    pub fn with_resilience(sdk: &SdkConfig, resilience: &Resilience) -> Self {
        let sdk = &resilience.apply(sdk);
        Clients {
            config: client!(aws_sdk_config, sdk),
            dynamodb: client!(aws_sdk_dynamodb, sdk),
            securityhub: client!(aws_sdk_securityhub, sdk),
            sns: client!(aws_sdk_sns, sdk),
            rds: client!(aws_sdk_rds, sdk),
            iam: client!(aws_sdk_iam, sdk),
            kms: client!(aws_sdk_kms, sdk),
            lambda: client!(aws_sdk_lambda, sdk),
            apigateway: client!(aws_sdk_apigateway, sdk),
            apigatewayv2: client!(aws_sdk_apigatewayv2, sdk),
            secretsmanager: client!(aws_sdk_secretsmanager, sdk),
            applicationautoscaling: client!(aws_sdk_applicationautoscaling, sdk),
            dax: client!(aws_sdk_dax, sdk),
            cloudtrail: client!(aws_sdk_cloudtrail, sdk),
            guardduty: client!(aws_sdk_guardduty, sdk),
            ec2: client!(aws_sdk_ec2, sdk),
            sts: client!(aws_sdk_sts, sdk),
            backup: client!(aws_sdk_backup, sdk),
            account: client!(aws_sdk_account, sdk),
        }
    }
}

/// Where calls go: the account and region whose resources they read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The account; `None`: the factory's own.
    pub account: Option<String>,
    /// The region; `None`: the base configuration's region.
    pub region: Option<String>,
}

impl Scope {
    /// The factory's own account and region.
    pub fn home() -> Self {
        Scope::default()
    }

    /// The scope a resource is read in: its account and region. IAM is global: its resources
    /// are read with the base configuration's region (AWS Config records them, with region
    /// `global`, in one region, and Vigil files them under the region that delivered the
    /// event; neither is where to call).
    pub fn of(resource: &ResourceRef) -> Self {
        let known = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let global = resource.resource_type.as_str().starts_with("AWS::IAM::")
            || resource.region == "global";
        Scope {
            account: known(&resource.account),
            region: if global {
                None
            } else {
                known(&resource.region)
            },
        }
    }
}

/// Gives the clients for a scope.
pub trait ClientFactory: Send + Sync + fmt::Debug {
    /// The clients that act in `scope`, or why there are none (e.g. another account, which
    /// needs a role this factory does not assume).
    fn clients(&self, scope: &Scope) -> Result<Arc<Clients>, AwsError>;
}

/// Clients from one base SDK configuration: its credentials' own account, in the scope's
/// region (clients are built once per region and kept).
#[derive(Debug)]
pub struct SdkClientFactory {
    base: SdkConfig,
    home_account: Option<String>,
    resilience: Resilience,
    home: Arc<Clients>,
    by_region: Mutex<HashMap<String, Arc<Clients>>>,
}

impl SdkClientFactory {
    /// A factory over `base`.
    ///
    /// `home_account` is the account `base`'s credentials act in, when known: a scope in
    /// another account is then refused with [`AwsError::OtherAccount`] instead of being read
    /// in the wrong account. The SDK configuration does not say which account it is (only an
    /// STS `GetCallerIdentity` call would), so the evaluate function passes `None` today and
    /// every scope is served with its own credentials; it can pass the account of its function
    /// ARN (the Lambda context's `invoked_function_arn`) once events from other accounts reach
    /// it, and a role-assuming factory serves those.
    pub fn new(base: SdkConfig, home_account: Option<String>) -> Self {
        SdkClientFactory::with_resilience(base, home_account, Resilience::default())
    }

    /// A factory over `base` whose clients retry and time out as `resilience` says.
    pub fn with_resilience(
        base: SdkConfig,
        home_account: Option<String>,
        resilience: Resilience,
    ) -> Self {
        let home = Arc::new(Clients::with_resilience(&base, &resilience));
        let by_region = base
            .region()
            .map(|r| (r.to_string(), home.clone()))
            .into_iter()
            .collect();
        SdkClientFactory {
            base,
            home_account,
            resilience,
            home,
            by_region: Mutex::new(by_region),
        }
    }

    /// The clients of the base configuration itself (its region).
    pub fn home(&self) -> Arc<Clients> {
        self.home.clone()
    }
}

impl ClientFactory for SdkClientFactory {
    fn clients(&self, scope: &Scope) -> Result<Arc<Clients>, AwsError> {
        if let (Some(account), Some(home)) = (&scope.account, &self.home_account) {
            if account != home {
                return Err(AwsError::OtherAccount {
                    account: account.clone(),
                    home: home.clone(),
                });
            }
        }
        let Some(region) = &scope.region else {
            return Ok(self.home.clone());
        };
        let mut by_region = self
            .by_region
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let clients = by_region.entry(region.clone()).or_insert_with(|| {
            let sdk = self
                .base
                .to_builder()
                .region(Region::new(region.clone()))
                .build();
            Arc::new(Clients::with_resilience(&sdk, &self.resilience))
        });
        Ok(clients.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::retries::classifiers::ClassifyRetry;
    use vigil_core::resource::ResourceType;

    fn base() -> SdkConfig {
        SdkConfig::builder()
            .region(Region::new("eu-west-2"))
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build()
    }

    fn resource(type_: &'static str, account: &str, region: &str) -> ResourceRef {
        ResourceRef {
            resource_type: ResourceType(type_.to_string()),
            id: "orders".into(),
            name: None,
            arn: "arn:aws:rds:eu-west-1:123456789012:db:orders".into(),
            account: account.into(),
            region: region.into(),
        }
    }

    #[test]
    fn a_resource_is_read_in_its_account_and_region_and_iam_in_the_base_region() {
        let db = resource(ResourceType::RDS_DB_INSTANCE, "123456789012", "eu-west-1");
        assert_eq!(
            Scope::of(&db),
            Scope {
                account: Some("123456789012".into()),
                region: Some("eu-west-1".into())
            }
        );
        let user = resource(ResourceType::IAM_USER, "123456789012", "us-east-1");
        assert_eq!(Scope::of(&user).region, None);
        let global = resource(ResourceType::RDS_DB_INSTANCE, "", "global");
        assert_eq!(Scope::of(&global), Scope::home());
    }

    #[test]
    fn clients_are_built_once_per_region_and_the_base_region_uses_the_home_clients() {
        let factory = SdkClientFactory::new(base(), None);
        let home = factory.clients(&Scope::home()).unwrap();
        let same_region = Scope {
            account: None,
            region: Some("eu-west-2".into()),
        };
        assert!(Arc::ptr_eq(&home, &factory.clients(&same_region).unwrap()));
        let other = Scope {
            account: Some("123456789012".into()),
            region: Some("eu-west-1".into()),
        };
        let first = factory.clients(&other).unwrap();
        assert!(!Arc::ptr_eq(&home, &first));
        assert!(Arc::ptr_eq(&first, &factory.clients(&other).unwrap()));
        assert_eq!(
            first.rds.config().region().map(|r| r.to_string()),
            Some("eu-west-1".to_string())
        );
    }

    #[test]
    fn every_client_retries_and_times_out_as_configured() {
        let resilience = Resilience {
            max_attempts: 3,
            ..Resilience::default()
        };
        let factory = SdkClientFactory::with_resilience(base(), None, resilience);
        let other = Scope {
            account: None,
            region: Some("eu-west-1".into()),
        };
        for clients in [factory.home(), factory.clients(&other).unwrap()] {
            let sns = clients.sns.config();
            assert_eq!(sns.retry_config().map(|r| r.max_attempts()), Some(3));
            assert_eq!(
                sns.timeout_config()
                    .and_then(|t| t.operation_attempt_timeout()),
                Some(resilience.attempt_timeout)
            );
            assert!(sns
                .retry_classifiers()
                .any(|c| c.name() == ThrottledClassifier.name()));
            assert_eq!(
                clients.dynamodb.config().retry_config().map(|r| r.mode()),
                Some(aws_config::retry::RetryMode::Standard)
            );
            assert_eq!(
                clients
                    .securityhub
                    .config()
                    .timeout_config()
                    .and_then(|t| t.connect_timeout()),
                Some(resilience.connect_timeout)
            );
        }
    }

    #[test]
    fn another_account_is_refused_only_when_the_home_account_is_known() {
        let scope = Scope {
            account: Some("210987654321".into()),
            region: None,
        };
        assert!(SdkClientFactory::new(base(), None).clients(&scope).is_ok());
        let known = SdkClientFactory::new(base(), Some("123456789012".into()));
        let err = known.clients(&scope).unwrap_err();
        assert!(matches!(err, AwsError::OtherAccount { .. }), "{err}");
        assert_eq!(err.kind(), crate::error::ErrorKind::AccessDenied);
        assert!(err.to_string().starts_with("not evaluated"), "{err}");
        let own = Scope {
            account: Some("123456789012".into()),
            region: None,
        };
        assert!(known.clients(&own).is_ok());
    }
}
