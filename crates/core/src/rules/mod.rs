//! The rule catalogue. Each rule is one small file: its [`RuleMeta`] (id, title, severity,
//! Security Hub control, UK GDPR articles, UK Cyber Essentials control, rationale, remediation,
//! and where its semantics come from) and a pure `evaluate` with its tests.
//!
//! A rule names a Security Hub control only when it implements that control's exact semantics;
//! Vigil's own rules name none, so Security Hub's verdicts can be told from Vigil's own. Which
//! standards (FSBP, CIS, NIST, PCI DSS) include a control is data in [`crate::standards`].
//!
//! Adding a rule: write `rules/<service>/<rule>.rs`, list it in [`CATALOGUE`], regenerate
//! `docs/rules.md` (`vigil rules --format markdown > docs/rules.md`).

pub mod account;
pub mod activity;
pub mod apigateway;
mod backup_plan;
pub mod cloudtrail;
pub mod config_recorder;
pub mod data_residency;
pub mod deployment;
pub mod dynamodb;
pub mod ec2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod regions;
pub mod resource_policy;
pub mod secretsmanager;
mod subnets;

use crate::lookups::{LookupKey, Lookups};
use crate::resource::Resource;
use crate::resources::api_gateway_domain_name::DomainName;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_stage::V2Stage;
use crate::resources::dax_cluster::DaxCluster;
use crate::resources::dynamodb_table::DynamoDbTable;
use crate::resources::iam_policy::IamPolicy;
use crate::resources::iam_role::IamRole;
use crate::resources::iam_user::IamUser;
use crate::resources::kms_key::KmsKey;
use crate::resources::lambda_function::LambdaFunction;
use crate::resources::rds_cluster::DbCluster;
use crate::resources::rds_db_proxy::DbProxy;
use crate::resources::rds_instance::DbInstance;
use crate::resources::rds_snapshot::DbSnapshot;
use crate::resources::secretsmanager_secret::Secret;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;
use crate::settings::Settings;
use crate::verdict::Verdict;
use chrono::{DateTime, Utc};

pub use crate::vocabulary::{RuleMeta, Severity};

/// What rules receive besides the resource: the settings and the answers to their lookups.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The deployment's settings.
    pub settings: &'a Settings,
    /// Answers to the lookups rules declared ([`Rule::lookups`]); none in the offline CLI.
    pub lookups: &'a Lookups,
    /// When the configuration was observed (the Config item's capture time, the call's event
    /// time, the sweep's describe time): the "now" of rules that judge an age, such as days
    /// since a secret's last rotation. The core has no clock; `None` (a resource evaluated
    /// without an observation) makes those rules undetermined.
    pub observed_at: Option<DateTime<Utc>>,
}

impl<'a> Context<'a> {
    /// A context without an observation time.
    pub fn new(settings: &'a Settings, lookups: &'a Lookups) -> Self {
        Context {
            settings,
            lookups,
            observed_at: None,
        }
    }

    /// The same context, observed at `time`.
    pub fn at(self, time: DateTime<Utc>) -> Self {
        Context {
            observed_at: Some(time),
            ..self
        }
    }

    /// The observation time, or the undetermined verdict a rule that judges an age returns
    /// without it.
    pub fn now(&self) -> Result<DateTime<Utc>, Verdict> {
        self.observed_at
            .ok_or_else(|| Verdict::undetermined(["the observation time"]))
    }
}

/// A rule: metadata plus a pure evaluation.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// The verdict for one resource of the rule's type.
    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict;
    /// What the rule needs looked up for this resource (none by default). Without an answer
    /// the rule must return [`Verdict::Undetermined`] ([`Lookups::get`] does that).
    fn lookups(&self, _resource: &Resource) -> Vec<LookupKey> {
        Vec::new()
    }
}

/// Every rule Vigil has, in a stable order.
pub static CATALOGUE: &[&dyn Rule] = &[
    &rds::instance_public_access::Rds2,
    &rds::instance_storage_encrypted::Rds3,
    &rds::instance_deletion_protection::Rds8,
    &rds::instance_backup_plan::Rds26,
    &rds::instance_backups::Rds11,
    &iam::policy_admin_access::Iam1,
    &iam::policy_full_service_access::Iam21,
    &iam::policy_kms_decrypt_all::Kms1,
    &iam::user_no_policies::Iam2,
    &iam::user_access_keys_rotated::Iam3,
    &iam::user_console_mfa::Iam5,
    &iam::user_unused_credentials::Iam8,
    &iam::user_inline_kms_decrypt_all::Kms2User,
    &iam::role_inline_kms_decrypt_all::Kms2Role,
    &iam::role_admin_access::RoleAdminAccess,
    &iam::role_trust_public::RoleTrustPublic,
    &iam::role_cross_account_external_id::RoleCrossAccountExternalId,
    &iam::role_confused_deputy::RoleConfusedDeputy,
    &iam::role_oidc_sub::RoleOidcSub,
    &iam::role_destructive_db_mfa::RoleDestructiveDbMfa,
    &iam::role_privilege_escalation::RolePrivilegeEscalation,
    &iam::role_unused::RoleUnused,
    &rds::instance_multi_az::Rds5,
    &rds::instance_enhanced_monitoring::Rds6,
    &rds::instance_logging::Rds9,
    &rds::instance_iam_auth::Rds10,
    &rds::instance_minor_upgrades::Rds13,
    &rds::instance_copy_tags::Rds17,
    &rds::instance_in_vpc::Rds18,
    &rds::instance_default_port::Rds23,
    &rds::instance_admin_username::Rds25,
    &rds::instance_postgres_in_transit::Rds38,
    &rds::instance_mysql_in_transit::Rds39,
    &rds::instance_sqlserver_in_transit::Rds41,
    &rds::instance_mariadb_in_transit::Rds44,
    &rds::instance_public_subnet::Rds46,
    &rds::instance_managed_master_password::ManagedMasterPassword,
    &rds::cluster_deletion_protection::Rds7,
    &rds::cluster_iam_auth::Rds12,
    &rds::cluster_backtracking::Rds14,
    &rds::cluster_multi_az::Rds15,
    &rds::cluster_copy_tags::Rds16,
    &rds::cluster_pgsql_copy_tags::Rds47,
    &rds::cluster_mysql_copy_tags::Rds48,
    &rds::cluster_admin_username::Rds24,
    &rds::cluster_storage_encrypted::Rds27,
    &rds::cluster_minor_upgrades::Rds35,
    &rds::cluster_backup_retention::Rds50,
    &rds::cluster_audit_logging::Rds45,
    &rds::log_exports::RDS34,
    &rds::activity_logged::ActivityLogged(&rds::activity_logged::INSTANCE),
    &rds::activity_logged::ActivityLogged(&rds::activity_logged::CLUSTER),
    &rds::log_exports::RDS36,
    &rds::log_exports::RDS37,
    &rds::log_exports::RDS40,
    &rds::instance_mariadb_logs::RDS42,
    &rds::instance_engine_support::InstanceEngineSupport,
    &rds::cluster_engine_support::ClusterEngineSupport,
    &rds::snapshot_public::Rds1,
    &rds::snapshot_public::Rds1Cluster,
    &rds::snapshot_encrypted::Rds4,
    &rds::snapshot_encrypted::Rds4Cluster,
    &rds::snapshot_shared_outside::SnapshotSharing,
    &rds::snapshot_shared_outside::ClusterSnapshotSharing,
    &rds::event_notifications::RDS19,
    &rds::event_notifications::RDS20,
    &rds::event_notifications::RDS21,
    &rds::event_notifications::RDS22,
    &dynamodb::table_autoscaling::DynamoDb1,
    &dynamodb::table_pitr::DynamoDb2,
    &dynamodb::table_backup_plan::DynamoDb4,
    &dynamodb::table_data_events::TableDataEvents,
    &dynamodb::table_deletion_protection::DynamoDb6,
    &dynamodb::table_resource_policy::TableResourcePolicy,
    &kms::key_not_pending_deletion::Kms3,
    &kms::key_rotation::Kms4,
    &kms::key_policy_public::Kms5,
    &secretsmanager::secret_rotation_enabled::SecretsManager1,
    &secretsmanager::secret_rotation_succeeds::SecretsManager2,
    &secretsmanager::secret_unused::SecretsManager3,
    &secretsmanager::secret_periodic_rotation::SecretsManager4,
    &kms::customer_managed_encryption::CustomerManagedKey(
        &kms::customer_managed_encryption::INSTANCE,
    ),
    &kms::customer_managed_encryption::CustomerManagedKey(
        &kms::customer_managed_encryption::CLUSTER,
    ),
    &kms::customer_managed_encryption::CustomerManagedKey(
        &kms::customer_managed_encryption::SNAPSHOT,
    ),
    &kms::customer_managed_encryption::CustomerManagedKey(
        &kms::customer_managed_encryption::CLUSTER_SNAPSHOT,
    ),
    &kms::customer_managed_encryption::CustomerManagedKey(&kms::customer_managed_encryption::TABLE),
    &data_residency::DataResidency(&data_residency::INSTANCE),
    &data_residency::DataResidency(&data_residency::CLUSTER),
    &data_residency::DataResidency(&data_residency::SNAPSHOT),
    &data_residency::DataResidency(&data_residency::CLUSTER_SNAPSHOT),
    &data_residency::DataResidency(&data_residency::TABLE),
    &ec2::default_security_group_closed::DefaultSecurityGroupClosed,
    &ec2::authorized_ports::AuthorizedPorts,
    &ec2::high_risk_ports::HighRiskPorts,
    &ec2::database_ports::DatabasePorts,
    &lambda::supported_runtime::SupportedRuntime,
    &lambda::inside_vpc::InsideVpc,
    &lambda::vpc_multi_az::VpcMultiAz,
    &lambda::environment_secrets::EnvironmentSecrets,
    &lambda::environment_cmk::EnvironmentCmk,
    &lambda::timeout::Timeout,
    &lambda::function_url_auth::FunctionUrlAuth,
    &lambda::function_url_cors::FunctionUrlCors,
    &lambda::public_access::Lambda1,
    &apigateway::execution_logging::ExecutionLogging,
    &apigateway::client_certificate::ClientCertificate,
    &apigateway::xray_tracing::XrayTracing,
    &apigateway::waf::Waf,
    &apigateway::cache_encrypted::CacheEncrypted,
    &apigateway::rest_throttling::RestThrottling,
    &apigateway::v2_access_logging::V2AccessLogging,
    &apigateway::v2_execution_logging::V2ExecutionLogging,
    &apigateway::v2_throttling::V2Throttling,
    &apigateway::v2_integration_private_https::ApiGateway10,
    &apigateway::methods_authorization::MethodsAuthorization,
    &apigateway::private_api_policy::PrivateApiPolicy,
    &apigateway::stage_variable_secrets::StageVariableSecrets,
    &apigateway::v2_route_authorization::V2RouteAuthorization,
    &apigateway::domain_tls::DomainTls,
    &apigateway::domain_recommended_policy::ApiGateway11,
    &ec2::vpc_endpoint_multi_az::VpcEndpointMultiAz,
    &ec2::vpc_endpoint_policy::VpcEndpointPolicy,
    &rds::proxy_tls::Rds43,
    &rds::proxy_debug_logging::ProxyDebugLogging,
    &dynamodb::dax_encrypted::DynamoDb3,
    &dynamodb::dax_tls::DynamoDb7,
    &dynamodb::dax_multi_az::DaxMultiAz,
    &cloudtrail::trail_encrypted::CloudTrail2,
    &cloudtrail::log_file_validation::CloudTrail4,
    &cloudtrail::cloudwatch_logs::CloudTrail5,
    &cloudtrail::trail_logging::TrailLogging,
    &cloudtrail::management_events::ManagementEvents,
    &guardduty::detector_enabled::DetectorEnabled,
    &guardduty::account::GuardDuty1,
    &guardduty::protection::Protection(&guardduty::protection::LAMBDA),
    &guardduty::protection::Protection(&guardduty::protection::RDS),
    &config_recorder::RecorderRecording,
    &account::root_access_key::Iam4,
    &account::root_hardware_mfa::Iam6,
    &account::password_policy::Iam7,
    &account::root_mfa::Iam9,
    &account::security_contact::Account1,
    &account::config_enabled::Config1,
    &cloudtrail::account::CloudTrail1,
    &activity::root_user_used::RootUserUsed,
    &activity::sign_in_without_mfa::SignInWithoutMfa,
    &activity::failed_sign_ins::FailedSignIns,
    &deployment::trail_logging::TrailLogging,
    &deployment::event_rules_enabled::EventRulesEnabled,
    &deployment::security_hub_enabled::SecurityHubEnabled,
    &deployment::alert_subscription_confirmed::AlertSubscriptionConfirmed,
    &deployment::dead_letter_queue_empty::DeadLetterQueueEmpty,
];

/// The rules that evaluate one resource type.
pub fn for_type(resource_type: &str) -> impl Iterator<Item = &'static dyn Rule> + '_ {
    CATALOGUE
        .iter()
        .copied()
        .filter(move |r| r.meta().resource_type == resource_type)
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    CATALOGUE.iter().copied().find(|r| r.meta().id == id)
}

/// The DB instance inside a resource, for the rules of `AWS::RDS::DBInstance`.
pub(crate) fn db_instance(resource: &Resource) -> Option<&DbInstance> {
    if let Resource::DbInstance(db) = resource {
        Some(db)
    } else {
        None
    }
}

/// The IAM role inside a resource, for the rules of `AWS::IAM::Role`.
pub(crate) fn iam_role(resource: &Resource) -> Option<&IamRole> {
    if let Resource::IamRole(role) = resource {
        Some(role)
    } else {
        None
    }
}

/// The security group inside a resource, for the rules of `AWS::EC2::SecurityGroup`.
pub(crate) fn security_group(resource: &Resource) -> Option<&SecurityGroup> {
    if let Resource::SecurityGroup(sg) = resource {
        Some(sg)
    } else {
        None
    }
}

/// The DB cluster inside a resource, for the rules of `AWS::RDS::DBCluster`.
pub(crate) fn db_cluster(resource: &Resource) -> Option<&DbCluster> {
    if let Resource::DbCluster(c) = resource {
        Some(c)
    } else {
        None
    }
}

/// The VPC endpoint inside a resource, for the rules of `AWS::EC2::VPCEndpoint`.
pub(crate) fn vpc_endpoint(resource: &Resource) -> Option<&VpcEndpoint> {
    if let Resource::VpcEndpoint(e) = resource {
        Some(e)
    } else {
        None
    }
}

/// The IAM policy inside a resource, for the rules of `AWS::IAM::Policy`.
pub(crate) fn iam_policy(resource: &Resource) -> Option<&IamPolicy> {
    if let Resource::IamPolicy(policy) = resource {
        Some(policy)
    } else {
        None
    }
}

/// The Lambda function inside a resource, for the rules of `AWS::Lambda::Function`.
pub(crate) fn lambda_function(resource: &Resource) -> Option<&LambdaFunction> {
    if let Resource::LambdaFunction(f) = resource {
        Some(f)
    } else {
        None
    }
}

/// The DynamoDB table inside a resource, for the rules of `AWS::DynamoDB::Table`.
pub(crate) fn dynamodb_table(resource: &Resource) -> Option<&DynamoDbTable> {
    if let Resource::DynamoDbTable(t) = resource {
        Some(t)
    } else {
        None
    }
}

/// The IAM user inside a resource, for the rules of `AWS::IAM::User`.
pub(crate) fn iam_user(resource: &Resource) -> Option<&IamUser> {
    if let Resource::IamUser(user) = resource {
        Some(user)
    } else {
        None
    }
}

/// The DB snapshot or DB cluster snapshot inside a resource, for the snapshot rules.
pub(crate) fn db_snapshot(resource: &Resource) -> Option<&DbSnapshot> {
    if let Resource::DbSnapshot(s) = resource {
        Some(s)
    } else {
        None
    }
}

/// The REST API stage inside a resource, for the rules of `AWS::ApiGateway::Stage`.
pub(crate) fn rest_stage(resource: &Resource) -> Option<&RestStage> {
    if let Resource::RestStage(s) = resource {
        Some(s)
    } else {
        None
    }
}

/// The KMS key inside a resource, for the rules of `AWS::KMS::Key`.
pub(crate) fn kms_key(resource: &Resource) -> Option<&KmsKey> {
    if let Resource::KmsKey(k) = resource {
        Some(k)
    } else {
        None
    }
}

/// The REST API inside a resource, for the rules of `AWS::ApiGateway::RestApi`.
pub(crate) fn rest_api(resource: &Resource) -> Option<&RestApi> {
    if let Resource::RestApi(a) = resource {
        Some(a)
    } else {
        None
    }
}

/// The secret inside a resource, for the rules of `AWS::SecretsManager::Secret`.
pub(crate) fn secret(resource: &Resource) -> Option<&Secret> {
    if let Resource::Secret(s) = resource {
        Some(s)
    } else {
        None
    }
}

/// The v2 API inside a resource, for the rules of `AWS::ApiGatewayV2::Api`.
pub(crate) fn v2_api(resource: &Resource) -> Option<&V2Api> {
    if let Resource::V2Api(a) = resource {
        Some(a)
    } else {
        None
    }
}

/// The v2 stage inside a resource, for the rules of `AWS::ApiGatewayV2::Stage`.
pub(crate) fn v2_stage(resource: &Resource) -> Option<&V2Stage> {
    if let Resource::V2Stage(s) = resource {
        Some(s)
    } else {
        None
    }
}

/// The DB proxy inside a resource, for the rules of `AWS::RDS::DBProxy`.
pub(crate) fn db_proxy(resource: &Resource) -> Option<&DbProxy> {
    if let Resource::DbProxy(p) = resource {
        Some(p)
    } else {
        None
    }
}

/// The DAX cluster inside a resource, for the rules of `AWS::DAX::Cluster`.
pub(crate) fn dax_cluster(resource: &Resource) -> Option<&DaxCluster> {
    if let Resource::DaxCluster(c) = resource {
        Some(c)
    } else {
        None
    }
}

/// The custom domain name inside a resource, for the rules of `AWS::ApiGateway::DomainName`.
pub(crate) fn domain_name(resource: &Resource) -> Option<&DomainName> {
    if let Resource::DomainName(d) = resource {
        Some(d)
    } else {
        None
    }
}

/// The verdict for a resource of a type the rule was not written for.
pub(crate) fn wrong_type(meta: &RuleMeta) -> Verdict {
    Verdict::not_applicable(format!("{} evaluates {} only", meta.id, meta.resource_type))
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds DB instances from literal configuration JSON, as the Config item carries it.
    use super::*;
    use crate::json::Obj;

    pub fn db(config: serde_json::Value) -> Resource {
        Resource::DbInstance(
            DbInstance::parse(Obj::new(&config, "configuration").unwrap()).unwrap(),
        )
    }

    pub fn proxy(config: serde_json::Value) -> Resource {
        Resource::DbProxy(DbProxy::parse(Obj::new(&config, "responseElements").unwrap()).unwrap())
    }

    pub fn dax(config: serde_json::Value) -> Resource {
        Resource::DaxCluster(
            DaxCluster::parse(Obj::new(&config, "responseElements").unwrap()).unwrap(),
        )
    }

    pub fn cluster(config: serde_json::Value) -> Resource {
        Resource::DbCluster(DbCluster::parse(Obj::new(&config, "configuration").unwrap()).unwrap())
    }

    /// The rule's verdict on a resource observed at `time` (RFC 3339), with default settings.
    pub fn eval_at(rule: &dyn Rule, resource: &Resource, time: &str) -> Verdict {
        let settings = Settings::default();
        let lookups = Lookups::none();
        let at = crate::json::parse_time(time).unwrap();
        rule.evaluate(resource, &Context::new(&settings, &lookups).at(at))
    }

    pub fn eval_cluster(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        rule.evaluate(
            &cluster(config),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    pub fn eval_table(
        rule: &dyn Rule,
        config: serde_json::Value,
        supplementary: Option<serde_json::Value>,
    ) -> Verdict {
        let s = supplementary
            .as_ref()
            .map(|s| Obj::new(s, "supplementaryConfiguration").unwrap());
        let t = DynamoDbTable::parse(Obj::new(&config, "configuration").unwrap(), s).unwrap();
        rule.evaluate(
            &Resource::DynamoDbTable(t),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    pub fn eval_snapshot(
        rule: &dyn Rule,
        kind: crate::resources::rds_snapshot::SnapshotKind,
        config: serde_json::Value,
        supplementary: Option<serde_json::Value>,
    ) -> Verdict {
        let s = supplementary
            .as_ref()
            .map(|s| Obj::new(s, "supplementaryConfiguration").unwrap());
        let snap = DbSnapshot::parse(kind, Obj::new(&config, "configuration").unwrap(), s).unwrap();
        rule.evaluate(
            &Resource::DbSnapshot(snap),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    pub fn eval_resource(rule: &dyn Rule, resource: Resource) -> Verdict {
        rule.evaluate(
            &resource,
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }

    pub fn eval(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        rule.evaluate(
            &db(config),
            &Context::new(&Settings::default(), &Lookups::none()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_without_an_observation_time_makes_age_rules_undetermined() {
        let settings = Settings::default();
        let lookups = Lookups::none();
        let ctx = Context::new(&settings, &lookups);
        assert_eq!(
            ctx.now().unwrap_err(),
            Verdict::undetermined(["the observation time"])
        );
        let t = crate::json::parse_time("2026-11-23T09:00:00Z").unwrap();
        assert_eq!(ctx.at(t).now().unwrap(), t);
    }
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_metadata_complete() {
        let mut ids = HashSet::new();
        for rule in CATALOGUE {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate rule id {}", m.id);
            for (what, text) in [
                ("title", m.title),
                ("passes_when", m.passes_when),
                ("rationale", m.rationale),
                ("remediation", m.remediation),
                ("source", m.source),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", m.id);
            }
            assert!(!m.gdpr.is_empty(), "{}: no GDPR article", m.id);
            for c in m.controls {
                let (service, number) = c.split_once('.').expect("control like RDS.2");
                assert!(
                    !service.is_empty() && number.parse::<u32>().is_ok(),
                    "{}: {c}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn severities_parse_in_any_case_and_order_by_weight() {
        assert_eq!(Severity::parse("critical"), Some(Severity::Critical));
        assert_eq!(Severity::parse("nope"), None);
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Informational);
    }
}
