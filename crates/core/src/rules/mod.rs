//! The rule catalogue. Each rule is one small file: its [`RuleMeta`] (id, title, severity, FSBP
//! controls, UK GDPR articles, rationale, remediation, and where its semantics come from) and a
//! pure `evaluate` with its tests.
//!
//! A rule names an FSBP control only when it implements that control's exact semantics; rules
//! beyond FSBP name none, so the standard's verdicts can be told from Vigil's own.
//!
//! Adding a rule: write `rules/<service>/<rule>.rs`, list it in [`CATALOGUE`], regenerate
//! `docs/rules.md` (`vigil rules --format markdown > docs/rules.md`).

pub mod apigateway;
pub mod ec2;
pub mod lambda;
pub mod rds;

use crate::lookups::{LookupKey, Lookups};
use crate::resource::Resource;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_stage::V2Stage;
use crate::resources::lambda_function::LambdaFunction;
use crate::resources::rds_instance::DbInstance;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;
use crate::settings::Settings;
use crate::verdict::Verdict;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Finding severity, as Security Hub's ASFF labels it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// No risk on its own.
    Informational,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical: data is exposed or about to be.
    Critical,
}

impl Severity {
    /// The ASFF label: `CRITICAL`, `HIGH`, ...
    pub fn label(self) -> &'static str {
        match self {
            Severity::Informational => "INFORMATIONAL",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }

    /// Parses a label in any case.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Severity::Informational,
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
    }

    /// ASFF's `Severity.Normalized` for the label (the midpoint Security Hub documents).
    pub fn normalized(self) -> u8 {
        match self {
            Severity::Informational => 0,
            Severity::Low => 1,
            Severity::Medium => 40,
            Severity::High => 70,
            Severity::Critical => 90,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Everything a rule says about itself: drives the docs, the ASFF findings and the alerts.
#[derive(Debug)]
pub struct RuleMeta {
    /// Vigil's stable rule id, e.g. `rds-instance-public-access`.
    pub id: &'static str,
    /// One line saying what should be true.
    pub title: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// The AWS Config type the rule evaluates.
    pub resource_type: &'static str,
    /// FSBP control ids whose exact semantics the rule implements (empty for Vigil's own).
    pub controls: &'static [&'static str],
    /// UK GDPR articles the rule supports, e.g. `Art. 32(1)(a)`.
    pub gdpr: &'static [&'static str],
    /// What passes, in one sentence.
    pub passes_when: &'static str,
    /// Why it matters, for the owner.
    pub rationale: &'static str,
    /// How to fix it: console steps and a CLI command.
    pub remediation: &'static str,
    /// Where the rule's semantics come from (the FSBP control page or Vigil's practice).
    pub source: &'static str,
}

/// Rules are identified by their id.
impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RuleMeta {}

/// What rules receive besides the resource: the settings and the answers to their lookups.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The deployment's settings.
    pub settings: &'a Settings,
    /// Answers to the lookups rules declared ([`Rule::lookups`]); none in the offline CLI.
    pub lookups: &'a Lookups,
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
    &rds::instance_backups::Rds11,
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
    &apigateway::execution_logging::ExecutionLogging,
    &apigateway::client_certificate::ClientCertificate,
    &apigateway::xray_tracing::XrayTracing,
    &apigateway::waf::Waf,
    &apigateway::cache_encrypted::CacheEncrypted,
    &apigateway::rest_throttling::RestThrottling,
    &apigateway::v2_access_logging::V2AccessLogging,
    &apigateway::v2_throttling::V2Throttling,
    &apigateway::methods_authorization::MethodsAuthorization,
    &apigateway::private_api_policy::PrivateApiPolicy,
    &apigateway::stage_variable_secrets::StageVariableSecrets,
    &apigateway::v2_route_authorization::V2RouteAuthorization,
    &ec2::vpc_endpoint_multi_az::VpcEndpointMultiAz,
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

/// The security group inside a resource, for the rules of `AWS::EC2::SecurityGroup`.
pub(crate) fn security_group(resource: &Resource) -> Option<&SecurityGroup> {
    if let Resource::SecurityGroup(sg) = resource {
        Some(sg)
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

/// The Lambda function inside a resource, for the rules of `AWS::Lambda::Function`.
pub(crate) fn lambda_function(resource: &Resource) -> Option<&LambdaFunction> {
    if let Resource::LambdaFunction(f) = resource {
        Some(f)
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

/// The REST API inside a resource, for the rules of `AWS::ApiGateway::RestApi`.
pub(crate) fn rest_api(resource: &Resource) -> Option<&RestApi> {
    if let Resource::RestApi(a) = resource {
        Some(a)
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

    pub fn eval(rule: &dyn Rule, config: serde_json::Value) -> Verdict {
        rule.evaluate(
            &db(config),
            &Context {
                settings: &Settings::default(),
                lookups: &Lookups::none(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
