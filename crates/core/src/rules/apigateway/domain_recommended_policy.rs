//! Security Hub APIGateway.11 — API Gateway domain names should use recommended security
//! policies.
//!
//! Source: AWS Security Hub user guide, API Gateway controls, [APIGateway.11]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-11>),
//! AWS Config rule `apigateway-domain-name-tls-check`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/apigateway-domain-name-tls-check.html>),
//! change triggered, with `allowedSecurityPolicies` fixed by Security Hub (not customisable) to
//! [`RECOMMENDED`]: FAILED when the domain's security policy is not one of them (so `TLS_1_0`,
//! `TLS_1_2` and the older enhanced policies fail). A v2 domain name's per-endpoint policies
//! (`domainNameConfigurations[].securityPolicy`) must all be recommended. An unknown policy is
//! undetermined.
//!
//! Vigil's own `apigateway-domain-tls-1-2` (TLS 1.2 or newer) stays as it is; this rule is the
//! stricter control.

use crate::resource::Resource;
use crate::rules::{domain_name, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// APIGateway.11.
pub struct ApiGateway11;

/// The control's `allowedSecurityPolicies`, as the control page lists them.
pub const RECOMMENDED: [&str; 5] = [
    "SecurityPolicy_TLS13_1_3_2025_09",
    "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
    "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
    "SecurityPolicy_TLS13_2025_EDGE",
    "SecurityPolicy_TLS12_PFS_2025_EDGE",
];

static META: RuleMeta = RuleMeta {
    id: "apigateway-domain-recommended-security-policy",
    title: "API Gateway domain names should use recommended security policies",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::DomainName",
    controls: &["APIGateway.11"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "every security policy of the domain is one of SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_3_FIPS_2025_09, SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, SecurityPolicy_TLS13_2025_EDGE, SecurityPolicy_TLS12_PFS_2025_EDGE",
    rationale: "The security policy fixes which TLS versions and ciphers a client may use to reach your API. The recommended 2025 policies drop weak ciphers and offer forward secrecy (and, for some, post-quantum key exchange), so recorded traffic carrying your customers' personal data cannot be decrypted later.",
    remediation: "In the API Gateway console choose Custom domain names, the domain, Edit, and choose a recommended security policy (for a regional domain SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, or SecurityPolicy_TLS13_1_3_2025_09 when every client speaks TLS 1.3). CLI: aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > Custom domain names > {name} > Edit > Security policy: SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 (or SecurityPolicy_TLS13_1_3_2025_09 when every client speaks TLS 1.3) > Save",
        command: "aws apigateway update-domain-name --region {region} --domain-name {name} --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
        caution: Some("Clients limited to older TLS versions or cipher suites can no longer connect: check them first."),
        inputs: &[],
    }),
    source: "Security Hub APIGateway.11 (AWS Config rule apigateway-domain-name-tls-check, allowedSecurityPolicies fixed by Security Hub)",
};

impl Rule for ApiGateway11 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(domain) = domain_name(resource) else {
            return wrong_type(&META);
        };
        let policies = match domain.security_policies.get() {
            Some(p) if !p.is_empty() => p,
            _ => return Verdict::undetermined(["securityPolicy"]),
        };
        let other: Vec<Evidence> = policies
            .iter()
            .filter(|p| !RECOMMENDED.contains(&p.as_str()))
            .map(|p| Evidence::new("securityPolicy", p.as_str()))
            .collect();
        if other.is_empty() {
            return Verdict::passed(format!(
                "the domain uses a recommended security policy ({})",
                policies.join(", ")
            ));
        }
        let names: Vec<&str> = other.iter().map(|e| e.observed.as_str()).collect();
        Verdict::failed(
            format!(
                "the domain's security policy {} is not one of the recommended 2025 policies",
                names.join(", ")
            ),
            other,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::resources::api_gateway_domain_name::DomainName;
    use crate::rules::test_support::{eval, eval_resource};
    use serde_json::{json, Value};

    fn eval_domain(v: Value) -> Verdict {
        let d = DomainName::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        eval_resource(&ApiGateway11, Resource::DomainName(d))
    }

    #[test]
    fn recommended_policies_pass() {
        for policy in RECOMMENDED {
            let v = eval_domain(json!({"domainName": "api.example.com", "securityPolicy": policy}));
            assert!(matches!(v, Verdict::Passed { .. }), "{policy}: {v:?}");
        }
    }

    #[test]
    fn legacy_and_older_enhanced_policies_fail() {
        for policy in [
            "TLS_1_0",
            "TLS_1_2",
            "SecurityPolicy_TLS13_1_2_2021_06",
            "SecurityPolicy_TLS12_2018_EDGE",
        ] {
            let v = eval_domain(json!({"domainName": "api.example.com", "securityPolicy": policy}));
            assert!(
                matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].observed == policy),
                "{policy}: {v:?}"
            );
        }
    }

    #[test]
    fn every_v2_configuration_must_be_recommended() {
        let v = eval_domain(
            json!({"domainName": "ws.example.com", "domainNameConfigurations": [
            {"endpointType": "REGIONAL", "securityPolicy": "SecurityPolicy_TLS13_1_3_2025_09"},
            {"endpointType": "REGIONAL", "securityPolicy": "TLS_1_2"}]}),
        );
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence.len() == 1),
            "{v:?}"
        );
    }

    #[test]
    fn other_types_are_not_applicable_and_unknown_is_undetermined() {
        let v = eval(&ApiGateway11, json!({"dBInstanceIdentifier": "d"}));
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
        assert_eq!(
            eval_domain(json!({"domainName": "api.example.com"})),
            Verdict::undetermined(["securityPolicy"])
        );
    }
}
