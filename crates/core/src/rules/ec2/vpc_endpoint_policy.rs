//! Vigil's own: VPC endpoint policies should not grant every action on every resource to
//! everyone.
//!
//! Beyond FSBP (Prowler: `vpc_endpoint_connections_trust_boundaries` is the nearest check).
//! FAILED when the endpoint's `policyDocument` has an `Allow` statement with a public principal
//! (`"*"`, `{"AWS": "*"}`, `NotPrincipal`, or none), an action list covering `*`, a resource
//! list covering `*`, and no condition at all. That is exactly the full-access policy AWS
//! attaches when none is given (`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*",
//! "Resource":"*"}]}`): such an endpoint lets anything inside the VPC reach *any* account's
//! buckets or tables through it, which is how data is carried out of a private network.
//!
//! Absent policy: for services that support endpoint policies, the EC2 API always returns the
//! effective policy (the default full-access one when none was set), so a missing or `null`
//! `policyDocument` means the source did not carry it (AWS Config's resource schema does not
//! list the field) or the service has no endpoint policies; Vigil cannot tell which, so the rule
//! is UNDETERMINED rather than guessing either way. Gateway Load Balancer endpoints have no
//! policies: NOT_APPLICABLE.
//!
//! Severity: one severity, MEDIUM, for every endpoint type. The endpoint policy is a second
//! fence: IAM and the target's resource policies still decide who can reach *your* data, so an
//! open endpoint policy exposes nothing by itself; what it loses is the control on where data
//! can go (higher for S3 and DynamoDB gateway endpoints, but a per-endpoint severity would make
//! the rule's metadata lie for the other half).

use crate::fact::Fact;
use crate::policy::{Document, Effect, Statement};
use crate::resource::Resource;
use crate::rules::resource_policy::verdict;
use crate::rules::{vpc_endpoint, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// The VPC endpoint policy rule.
pub struct VpcEndpointPolicy;

static META: RuleMeta = RuleMeta {
    id: "vpc-endpoint-policy-not-open",
    title: "VPC endpoint policies should not allow every action on every resource to everyone",
    severity: Severity::Medium,
    resource_type: "AWS::EC2::VPCEndpoint",
    controls: &[],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "no Allow statement of the endpoint policy grants Action \"*\" on Resource \"*\" to a public principal without any condition",
    rationale: "An endpoint policy is the fence on a private network's road to an AWS service. The default policy lets anything in your VPC use the endpoint to reach any bucket or table in any AWS account, including an attacker's, so data can be copied out without ever crossing the internet. Restricting the policy to your own accounts and resources closes that road.",
    remediation: "Replace the full-access policy with one naming your accounts or resources, for example a statement with Condition StringEquals aws:ResourceAccount <your account id>. Console: VPC > Endpoints > the endpoint > Policy > Edit policy > Custom. CLI: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce-id> --policy-document file://endpoint-policy.json",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Endpoints > {name} > Policy > Edit policy > Custom: name your accounts or resources (e.g. a Condition on aws:ResourceAccount) > Save",
        command: "aws ec2 modify-vpc-endpoint --region {region} --vpc-endpoint-id {name} --policy-document file://endpoint-policy.json",
        caution: Some("Write endpoint-policy.json first: calls through the endpoint that the new policy does not allow are refused."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (AWS PrivateLink guide, 'Control access to VPC endpoints using endpoint policies'; Prowler vpc_endpoint_connections_trust_boundaries)",
};

/// Whether the statement grants everything to everyone, unconditionally.
fn open(s: &Statement) -> bool {
    let public = s.is_public() || (s.principal.is_none() && s.not_principal.is_none());
    s.effect == Effect::Allow
        && public
        && s.covers_action("*")
        && s.covers_resource("*")
        && !s.is_conditional()
}

impl Rule for VpcEndpointPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(e) = vpc_endpoint(resource) else {
            return wrong_type(&META);
        };
        if let Fact::Known(t) = &e.endpoint_type {
            if t.eq_ignore_ascii_case("GatewayLoadBalancer") {
                return Verdict::not_applicable("Gateway Load Balancer endpoints have no policy");
            }
        }
        let Some(text) = e.policy_document.get() else {
            return Verdict::undetermined(["policyDocument"]);
        };
        let doc = match Document::parse_str(text) {
            Ok(d) => d,
            Err(err) => return Verdict::undetermined([format!("policyDocument ({err})")]),
        };
        let hits = doc
            .statements
            .iter()
            .filter(|s| open(s))
            .map(|s| {
                (
                    s,
                    "allows every action on every resource to everyone (full access)".to_string(),
                )
            })
            .collect();
        verdict(
            "the endpoint policy,",
            hits,
            "the endpoint policy restricts principals, actions, resources or conditions",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::resources::vpc_endpoint::VpcEndpoint;
    use crate::rules::test_support::eval_resource;
    use serde_json::json;

    fn eval(config: serde_json::Value) -> Verdict {
        let e = VpcEndpoint::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        eval_resource(&VpcEndpointPolicy, Resource::VpcEndpoint(e))
    }

    fn gateway(policy: serde_json::Value) -> serde_json::Value {
        json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.eu-west-2.dynamodb",
               "policyDocument": policy.to_string()})
    }

    #[test]
    fn the_default_full_access_policy_fails() {
        let default =
            json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]});
        let v = eval(gateway(default));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        assert!(
            v.reason().contains("statement #1 allows every action"),
            "{v:?}"
        );
        let named = json!({"Version": "2008-10-17", "Statement":[{"Sid": "Everything", "Effect":"Allow","Principal":{"AWS": "*"},"Action":["dynamodb:*", "*"],"Resource":"*"}]});
        assert!(eval(gateway(named))
            .reason()
            .contains("statement \"Everything\""));
    }

    #[test]
    fn a_restricted_policy_passes() {
        for policy in [
            json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
                    "Condition": {"StringEquals": {"aws:ResourceAccount": "123456789012"}}}]}),
            json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":["dynamodb:GetItem"],"Resource":"*"}]}),
            json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*",
                    "Resource":"arn:aws:dynamodb:eu-west-2:123456789012:table/orders"}]}),
            json!({"Statement":[{"Effect":"Allow","Principal":{"AWS": "arn:aws:iam::123456789012:root"},"Action":"*","Resource":"*"}]}),
        ] {
            assert!(matches!(eval(gateway(policy)), Verdict::Passed { .. }));
        }
    }

    #[test]
    fn an_absent_policy_is_undetermined_and_gwlb_not_applicable() {
        for config in [
            json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "Interface"}),
            json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "Interface", "policyDocument": null}),
        ] {
            assert_eq!(eval(config), Verdict::undetermined(["policyDocument"]));
        }
        assert!(matches!(
            eval(json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "GatewayLoadBalancer"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
