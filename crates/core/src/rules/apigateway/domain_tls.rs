//! Vigil's own: API Gateway custom domain names should require TLS 1.2 or newer.
//!
//! Beyond FSBP (FSBP has no control on custom domain TLS policies). Source: the API Gateway
//! developer guide, "Choose a security policy for your custom domain in API Gateway"
//! (<https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html>)
//! and "Supported security policies"
//! (<https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html>):
//! `TLS_1_0` and `TLS_1_2` are the legacy policies (`TLS_1_0` accepts TLS 1.0 and 1.1 traffic,
//! `TLS_1_2` rejects it); every policy named `SecurityPolicy_...` is an enhanced policy whose
//! name carries the highest TLS version it accepts and then its minimum (for example
//! `SecurityPolicy_TLS13_1_3_2025_09` accepts TLS 1.3 only, `SecurityPolicy_TLS13_1_2_...`
//! TLS 1.3 and 1.2).
//!
//! FAILED for `TLS_1_0` and for an enhanced policy whose minimum is below 1.2; PASSED for
//! `TLS_1_2` and enhanced policies with a minimum of 1.2 or newer; UNDETERMINED when the policy
//! is unknown or its name does not state a minimum this rule can read (never a guessed pass).
//! A v2 domain name's per-endpoint policies (`domainNameConfigurations[].securityPolicy`) are
//! judged together: any below 1.2 fails.

use crate::resource::Resource;
use crate::rules::{domain_name, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// The custom domain TLS rule.
pub struct DomainTls;

static META: RuleMeta = RuleMeta {
    id: "apigateway-domain-tls-1-2",
    title: "API Gateway custom domain names should require TLS 1.2 or newer",
    severity: Severity::Medium,
    resource_type: "AWS::ApiGateway::DomainName",
    controls: &[],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::SecureConfiguration),
    passes_when: "the domain's securityPolicy is TLS_1_2 or an enhanced SecurityPolicy_ whose minimum TLS version is 1.2 or newer",
    rationale: "TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by current browsers or by the PCI DSS; a custom domain that still accepts them lets a client (or an attacker downgrading the connection) send your customers' personal data over a protocol that is not considered secure any more.",
    remediation: "In the API Gateway console choose Custom domain names, the domain, Edit, and set the security policy to TLS 1.2 (or a newer enhanced policy). CLI: aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2",
    fix: Some(crate::fix::Fix {
        console: "API Gateway console > Custom domain names > {name} > Domain details > Edit > Minimum TLS version: TLS 1.2 > Save",
        command: "aws apigateway update-domain-name --region {region} --domain-name {name} --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2",
        caution: Some("Clients that only speak TLS 1.0 or 1.1 can no longer connect."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (API Gateway developer guide: security policies for custom domain names)",
};

/// The minimum TLS version a security policy accepts, as `(major, minor)`, when its name says.
pub fn minimum_tls(policy: &str) -> Option<(u8, u8)> {
    match policy {
        "TLS_1_0" => return Some((1, 0)),
        "TLS_1_2" => return Some((1, 2)),
        _ => {}
    }
    // SecurityPolicy_TLS13_1_2_... : the highest version, then the minimum as `1_<minor>`.
    let rest = policy.strip_prefix("SecurityPolicy_TLS1")?;
    let mut parts = rest.split('_');
    let _highest = parts.next()?;
    let (major, minor) = (parts.next()?, parts.next()?);
    match (major, minor.parse::<u8>()) {
        ("1", Ok(minor)) if minor <= 3 => Some((1, minor)),
        _ => None,
    }
}

impl Rule for DomainTls {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(domain) = domain_name(resource) else {
            return wrong_type(&META);
        };
        let Some(policies) = domain.security_policies.get() else {
            return Verdict::undetermined(["securityPolicy"]);
        };
        let mut below = Vec::new();
        let mut unreadable = Vec::new();
        let mut weakest: Option<(u8, &str)> = None;
        for policy in policies {
            match minimum_tls(policy) {
                Some((1, minor)) if minor >= 2 => {
                    if weakest.is_none_or(|(m, _)| minor < m) {
                        weakest = Some((minor, policy));
                    }
                }
                Some(_) => below.push(Evidence::new("securityPolicy", policy.as_str())),
                None => unreadable.push(format!(
                    "securityPolicy {policy} (a policy whose minimum TLS version Vigil cannot read)"
                )),
            }
        }
        if !below.is_empty() {
            let names: Vec<&str> = below.iter().map(|e| e.observed.as_str()).collect();
            return Verdict::failed(
                format!(
                    "the domain accepts TLS below 1.2 (security policy {})",
                    names.join(", ")
                ),
                below,
            );
        }
        if !unreadable.is_empty() {
            return Verdict::undetermined(unreadable);
        }
        match weakest {
            Some((minor, policy)) => Verdict::passed(format!(
                "the domain requires TLS 1.{minor} or newer (security policy {policy})"
            )),
            None => Verdict::undetermined(["securityPolicy"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::resources::api_gateway_domain_name::DomainName;
    use crate::rules::test_support::eval_resource;
    use serde_json::{json, Value};

    fn eval(v: Value) -> Verdict {
        let d = DomainName::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        eval_resource(&DomainTls, Resource::DomainName(d))
    }

    #[test]
    fn tls_1_0_fails() {
        let v = eval(
            json!({"domainName": "api.example.com", "securityPolicy": "TLS_1_0",
                            "endpointConfiguration": {"types": ["EDGE"]}}),
        );
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence[0].observed == "TLS_1_0"),
            "{v:?}"
        );
    }

    #[test]
    fn tls_1_2_and_newer_enhanced_policies_pass() {
        for policy in [
            "TLS_1_2",
            "SecurityPolicy_TLS13_1_3_2025_09",
            "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
            "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
        ] {
            let v = eval(json!({"domainName": "api.example.com", "securityPolicy": policy}));
            assert!(matches!(v, Verdict::Passed { .. }), "{policy}: {v:?}");
        }
    }

    #[test]
    fn v2_configurations_are_judged_together() {
        let v = eval(
            json!({"domainName": "ws.example.com", "domainNameConfigurations": [
            {"endpointType": "REGIONAL", "securityPolicy": "TLS_1_2"}]}),
        );
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
        let v = eval(
            json!({"domainName": "ws.example.com", "domainNameConfigurations": [
            {"endpointType": "REGIONAL", "securityPolicy": "TLS_1_2"},
            {"endpointType": "EDGE", "securityPolicy": "TLS_1_0"}]}),
        );
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence.len() == 1),
            "{v:?}"
        );
    }

    #[test]
    fn unknown_or_unreadable_policies_are_undetermined() {
        assert_eq!(
            eval(json!({"domainName": "api.example.com"})),
            Verdict::undetermined(["securityPolicy"])
        );
        assert!(matches!(
            eval(
                json!({"domainName": "api.example.com", "securityPolicy": "SecurityPolicy_TLS13_2025_EDGE"})
            ),
            Verdict::Undetermined { .. }
        ));
    }

    #[test]
    fn minimum_versions_are_read_from_policy_names() {
        assert_eq!(minimum_tls("TLS_1_0"), Some((1, 0)));
        assert_eq!(
            minimum_tls("SecurityPolicy_TLS12_1_0_2021_06"),
            Some((1, 0))
        );
        assert_eq!(
            minimum_tls("SecurityPolicy_TLS13_1_2_PQ_2025_09"),
            Some((1, 2))
        );
        assert_eq!(minimum_tls("SecurityPolicy_TLS12_PFS_2025_EDGE"), None);
        assert_eq!(minimum_tls("TLS_1_3"), None);
    }

    #[test]
    fn other_types_are_not_applicable() {
        assert!(matches!(
            crate::rules::test_support::eval(&DomainTls, json!({"dBInstanceIdentifier": "x"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
