//! FSBP Lambda.5 — VPC Lambda functions should operate in multiple Availability Zones.
//!
//! Source: AWS Security Hub user guide, AWS Lambda controls, [Lambda.5]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-5>), AWS
//! Config rule `lambda-vpc-multi-az-check` (no `availabilityZones` parameter: at least two
//! zones). NOT_APPLICABLE for functions not attached to a VPC; FAILED when the function's subnets
//! are in fewer than two Availability Zones. The item names subnets, not zones: each subnet's zone
//! is the `ec2.subnet` lookup.

use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// Lambda.5.
pub struct VpcMultiAz;

static META: RuleMeta = RuleMeta {
    id: "lambda-vpc-multi-az",
    title: "Lambda functions in a VPC should use subnets in at least two Availability Zones",
    severity: Severity::Medium,
    resource_type: "AWS::Lambda::Function",
    controls: &["Lambda.5"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "the function's VPC subnets are in two or more Availability Zones; functions outside a VPC are not applicable",
    rationale: "A function attached to subnets in a single Availability Zone stops when that zone has an outage, and with it whatever your customers use it for. Two zones keep it running, which is part of keeping personal data available as UK GDPR asks.",
    remediation: "In the Lambda console choose the function, Configuration, VPC, Edit, and add a subnet in a second Availability Zone. CLI: aws lambda update-function-configuration --function-name <name> --vpc-config SubnetIds=<subnet-in-a>,<subnet-in-b>,SecurityGroupIds=<sg-id>",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > VPC > Edit > add a subnet in a second Availability Zone > Save",
        command: r#"aws lambda update-function-configuration --region {region} --function-name {name} --vpc-config "SubnetIds=$SUBNET_A,$SUBNET_B,SecurityGroupIds=$SECURITY_GROUP_ID""#,
        caution: Some("List every subnet the function should use (the call replaces the list), with the security groups it has now."),
        inputs: &[],
    }),
    source: "FSBP Lambda.5 (AWS Config rule lambda-vpc-multi-az-check, default: at least two Availability Zones)",
};

impl Rule for VpcMultiAz {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        lambda_function(resource)
            .and_then(|f| f.subnet_ids.get())
            .map(|subnets| crate::rules::subnets::subnet_lookups(subnets))
            .unwrap_or_default()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        let Some(subnets) = f.subnet_ids.get() else {
            return Verdict::undetermined(["vpcConfig.subnetIds"]);
        };
        if subnets.is_empty() {
            return Verdict::not_applicable("the function is not attached to a VPC");
        }
        let zones = match crate::rules::subnets::zones_of(subnets, ctx) {
            Ok(zones) => zones,
            Err(undetermined) => return undetermined,
        };
        let listed = zones.iter().cloned().collect::<Vec<_>>().join(", ");
        if zones.len() >= 2 {
            Verdict::passed(format!(
                "the function's subnets span {} Availability Zones ({listed})",
                zones.len()
            ))
        } else {
            Verdict::failed(
                format!("all of the function's subnets are in one Availability Zone ({listed})"),
                vec![Evidence::new("vpcConfig.subnetIds", subnets.join(", "))],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::lookups::Lookups;
    use crate::rules::lambda::test_support::{eval, eval_with_lookups, zip};
    use serde_json::json;

    fn in_subnets(subnets: &[&str]) -> serde_json::Value {
        let mut c = zip("python3.13");
        c["vpcConfig"] = json!({"subnetIds": subnets, "securityGroupIds": ["sg-1"]});
        c
    }

    fn zones(pairs: &[(&str, &str)]) -> Lookups {
        let mut l = Lookups::none();
        for (subnet, zone) in pairs {
            l.insert_json(
                LookupKey::new(LookupKind::Ec2Subnet, *subnet),
                json!({"AvailabilityZone": zone}),
            )
            .unwrap();
        }
        l
    }

    #[test]
    fn one_zone_fails_and_two_pass() {
        let c = in_subnets(&["subnet-a", "subnet-b"]);
        let one = zones(&[("subnet-a", "eu-west-2a"), ("subnet-b", "eu-west-2a")]);
        assert!(matches!(
            eval_with_lookups(&VpcMultiAz, c.clone(), &one),
            Verdict::Failed { .. }
        ));
        let two = zones(&[("subnet-a", "eu-west-2a"), ("subnet-b", "eu-west-2b")]);
        assert!(matches!(
            eval_with_lookups(&VpcMultiAz, c, &two),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn functions_outside_a_vpc_are_not_applicable() {
        assert!(matches!(
            eval(&VpcMultiAz, zip("python3.13")),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unanswered_zones_are_undetermined_and_declared() {
        let c = in_subnets(&["subnet-a"]);
        assert_eq!(
            eval(&VpcMultiAz, c.clone()),
            Verdict::undetermined(["ec2.subnet:subnet-a"])
        );
        let keys = VpcMultiAz.lookups(&crate::rules::lambda::test_support::function(c));
        assert_eq!(
            keys,
            vec![LookupKey::new(LookupKind::Ec2Subnet, "subnet-a")]
        );
    }
}
