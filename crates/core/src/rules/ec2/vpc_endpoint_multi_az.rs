//! Vigil's own: interface VPC endpoints should have network interfaces in at least two
//! Availability Zones.
//!
//! Beyond FSBP (Prowler: `vpc_endpoint_multi_az_enabled`). An interface endpoint (how private
//! subnets reach Secrets Manager, KMS or a private API without the internet) in one zone stops
//! working for the whole VPC when that zone has an outage. Gateway endpoints (S3, DynamoDB) are
//! regional and not applicable. The item names subnets, not zones: each subnet's zone is the
//! `ec2.subnet` lookup, as for Lambda.5.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{vpc_endpoint, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// The VPC endpoint multi-AZ rule.
pub struct VpcEndpointMultiAz;

static META: RuleMeta = RuleMeta {
    id: "vpc-endpoint-multi-az",
    title: "Interface VPC endpoints should span at least two Availability Zones",
    severity: Severity::Low,
    resource_type: "AWS::EC2::VPCEndpoint",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "an interface endpoint's subnets are in two or more Availability Zones; gateway endpoints are not applicable",
    rationale: "Your private subnets reach services such as Secrets Manager through interface endpoints. If all of an endpoint's network interfaces are in one Availability Zone, an outage there cuts every function and database client off from that service, even in the zones that are still up.",
    remediation: "In the VPC console choose Endpoints, select the endpoint, Actions, Manage subnets, and add a subnet in a second Availability Zone. CLI: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce-id> --add-subnet-ids <subnet-in-another-zone>",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Endpoints > {name} > Actions > Manage subnets > add a subnet in another Availability Zone",
        command: r#"aws ec2 modify-vpc-endpoint --region {region} --vpc-endpoint-id {name} --add-subnet-ids "$SUBNET_IN_ANOTHER_AZ""#,
        caution: Some("An interface endpoint is charged per Availability Zone per hour."),
        inputs: &[],
    }),
    source: "Vigil practice beyond FSBP (Prowler vpc_endpoint_multi_az_enabled)",
};

impl Rule for VpcEndpointMultiAz {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        match vpc_endpoint(resource) {
            Some(e) if e.is_interface() == crate::fact::Fact::Known(true) => e
                .subnet_ids
                .get()
                .map(|s| crate::rules::subnets::subnet_lookups(s))
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(endpoint) = vpc_endpoint(resource) else {
            return wrong_type(&META);
        };
        match endpoint.is_interface().get() {
            None => return Verdict::undetermined(["vpcEndpointType"]),
            Some(false) => {
                return Verdict::not_applicable("only interface endpoints have Availability Zones")
            }
            Some(true) => {}
        }
        let Some(subnets) = endpoint.subnet_ids.get() else {
            return Verdict::undetermined(["subnetIds"]);
        };
        let zones = match crate::rules::subnets::zones_of(subnets, ctx) {
            Ok(zones) => zones,
            Err(undetermined) => return undetermined,
        };
        let listed = zones.iter().cloned().collect::<Vec<_>>().join(", ");
        if zones.len() >= 2 {
            Verdict::passed(format!(
                "the endpoint spans {} Availability Zones ({listed})",
                zones.len()
            ))
        } else {
            Verdict::failed(
                format!(
                    "the endpoint's network interfaces are in {} Availability Zone(s) ({listed})",
                    zones.len()
                ),
                vec![Evidence::new("subnetIds", subnets.join(", "))],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::resources::vpc_endpoint::VpcEndpoint;
    use crate::settings::Settings;
    use serde_json::json;

    fn eval(config: serde_json::Value, zones: &[(&str, &str)]) -> Verdict {
        let e = VpcEndpoint::parse(Obj::new(&config, "configuration").unwrap()).unwrap();
        let mut lookups = Lookups::none();
        for (subnet, zone) in zones {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::Ec2Subnet, *subnet),
                    json!({"AvailabilityZone": zone}),
                )
                .unwrap();
        }
        VpcEndpointMultiAz.evaluate(
            &Resource::VpcEndpoint(e),
            &Context::new(&Settings::default(), &lookups),
        )
    }

    fn interface(subnets: &[&str]) -> serde_json::Value {
        json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "Interface", "subnetIds": subnets})
    }

    #[test]
    fn one_zone_fails_and_two_pass() {
        let c = interface(&["subnet-a", "subnet-b"]);
        assert!(matches!(
            eval(
                c.clone(),
                &[("subnet-a", "eu-west-2a"), ("subnet-b", "eu-west-2a")]
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(c, &[("subnet-a", "eu-west-2a"), ("subnet-b", "eu-west-2b")]),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn gateway_endpoints_are_not_applicable() {
        let c = json!({"vpcEndpointId": "vpce-2", "vpcEndpointType": "Gateway", "subnetIds": [], "routeTableIds": ["rtb-1"]});
        assert!(matches!(eval(c, &[]), Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_type_or_zones_are_undetermined() {
        assert_eq!(
            eval(json!({"vpcEndpointId": "vpce-1"}), &[]),
            Verdict::undetermined(["vpcEndpointType"])
        );
        assert_eq!(
            eval(interface(&["subnet-a"]), &[]),
            Verdict::undetermined(["ec2.subnet:subnet-a"])
        );
    }
}
