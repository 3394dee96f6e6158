//! Security Hub Lambda.3 — Lambda functions should be in a VPC.
//!
//! Source: AWS Security Hub user guide, AWS Lambda controls, [Lambda.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-3>), AWS
//! Config rule `lambda-inside-vpc` (no `subnetIds` parameter). FAILED when the function is not
//! attached to any VPC subnet.

use crate::resource::Resource;
use crate::rules::{lambda_function, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// Lambda.3.
pub struct InsideVpc;

static META: RuleMeta = RuleMeta {
    id: "lambda-inside-vpc",
    title: "Lambda functions should run inside a VPC",
    severity: Severity::Low,
    resource_type: "AWS::Lambda::Function",
    controls: &["Lambda.3"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "the function's vpcConfig names at least one subnet",
    rationale: "A function attached to your VPC reaches your database over private addresses, so the database never needs to be open to the internet, and its outbound traffic goes through network controls you choose. A function outside a VPC can only reach a database that is publicly reachable.",
    remediation: "In the Lambda console choose the function, Configuration, VPC, Edit, and select your VPC, two or more private subnets and a security group. CLI: aws lambda update-function-configuration --function-name <name> --vpc-config SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg-id>",
    fix: Some(crate::fix::Fix {
        console: "Lambda console > Functions > {name} > Configuration > VPC > Edit > your VPC, two or more private subnets and a security group > Save",
        command: r#"aws lambda update-function-configuration --region {region} --function-name {name} --vpc-config "SubnetIds=$SUBNET_A,$SUBNET_B,SecurityGroupIds=$SECURITY_GROUP_ID""#,
        caution: Some("In a VPC the function reaches the internet and AWS APIs only through a NAT gateway or VPC endpoints (both charged); without them its calls time out. The role needs AWSLambdaVPCAccessExecutionRole."),
        inputs: &[],
    }),
    source: "Security Hub Lambda.3 (AWS Config rule lambda-inside-vpc)",
};

impl Rule for InsideVpc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(f) = lambda_function(resource) else {
            return wrong_type(&META);
        };
        match f.subnet_ids.get() {
            None => Verdict::undetermined(["vpcConfig.subnetIds"]),
            Some(subnets) if subnets.is_empty() => Verdict::failed(
                "the function is not attached to a VPC",
                vec![Evidence::new("vpcConfig.subnetIds", "[]")],
            ),
            Some(subnets) => Verdict::passed(format!(
                "the function runs in {} VPC subnet(s)",
                subnets.len()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lambda::test_support::{eval, zip};
    use serde_json::json;

    #[test]
    fn outside_a_vpc_fails_and_inside_passes() {
        assert!(matches!(
            eval(&InsideVpc, zip("python3.13")),
            Verdict::Failed { .. }
        ));
        let mut c = zip("python3.13");
        c["vpcConfig"] =
            json!({"subnetIds": ["subnet-0a1b2c3d4e5f6a7b8"], "securityGroupIds": ["sg-1"]});
        assert!(matches!(eval(&InsideVpc, c), Verdict::Passed { .. }));
    }

    #[test]
    fn a_partial_item_is_undetermined() {
        assert_eq!(
            eval(&InsideVpc, json!({"timeout": 3})),
            Verdict::undetermined(["vpcConfig.subnetIds"])
        );
    }
}
