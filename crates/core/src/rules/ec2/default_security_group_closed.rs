//! FSBP EC2.2 — VPC default security groups should not allow inbound or outbound traffic.
//!
//! Source: AWS Security Hub user guide, Amazon EC2 controls, [EC2.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2>), AWS Config
//! rule `vpc-default-security-group-closed` (no parameters). FAILED when the group named
//! `default` has any inbound or outbound rule; other groups are not applicable.

use crate::resource::Resource;
use crate::rules::{security_group, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// EC2.2.
pub struct DefaultSecurityGroupClosed;

static META: RuleMeta = RuleMeta {
    id: "ec2-default-security-group-closed",
    title: "A VPC's default security group should allow no inbound or outbound traffic",
    severity: Severity::High,
    resource_type: "AWS::EC2::SecurityGroup",
    controls: &["EC2.2"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "the security group named 'default' has no inbound and no outbound rules; other groups are not applicable",
    rationale: "Every resource launched without a chosen security group lands in the VPC's default group. If that group lets traffic in or out, a database or server created in a hurry is reachable in ways nobody decided. Keeping it empty forces every resource to use a group made for it, which is the 'appropriate technical measures' UK GDPR asks for.",
    remediation: "Move resources to their own security groups first, then in the VPC console choose Security groups, select the group named 'default', and delete every inbound and outbound rule. CLI: aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions \"$(aws ec2 describe-security-groups --group-ids <sg-id> --query 'SecurityGroups[0].IpPermissions')\" (and the same with revoke-security-group-egress and IpPermissionsEgress)",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Security groups > {name} (default) > Inbound rules and Outbound rules > Edit > delete every rule",
        command: r#"aws ec2 revoke-security-group-ingress --region {region} --group-id {name} --ip-permissions "$(aws ec2 describe-security-groups --region {region} --group-ids {name} --query 'SecurityGroups[0].IpPermissions' --output json)"
aws ec2 revoke-security-group-egress --region {region} --group-id {name} --ip-permissions "$(aws ec2 describe-security-groups --region {region} --group-ids {name} --query 'SecurityGroups[0].IpPermissionsEgress' --output json)""#,
        caution: Some("Every instance, function or endpoint still using the default group loses its network access: move them to their own security groups first."),
        inputs: &[],
    }),
    source: "FSBP EC2.2 (AWS Config rule vpc-default-security-group-closed)",
};

impl Rule for DefaultSecurityGroupClosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(sg) = security_group(resource) else {
            return wrong_type(&META);
        };
        match sg.group_name.get() {
            None => return Verdict::undetermined(["groupName"]),
            Some(name) if name != "default" => {
                return Verdict::not_applicable(format!(
                    "{name} is not a VPC's default security group"
                ))
            }
            Some(_) => {}
        }
        let (Some(ingress), Some(egress)) = (sg.ingress.get(), sg.egress.get()) else {
            let mut missing = Vec::new();
            if !sg.ingress.is_known() {
                missing.push("ipPermissions");
            }
            if !sg.egress.is_known() {
                missing.push("ipPermissionsEgress");
            }
            return Verdict::undetermined(missing);
        };
        if ingress.is_empty() && egress.is_empty() {
            return Verdict::passed("the default security group has no inbound or outbound rules");
        }
        let mut evidence = Vec::new();
        if !ingress.is_empty() {
            evidence.push(Evidence::new(
                "ipPermissions",
                format!("{} inbound rule(s)", ingress.len()),
            ));
        }
        if !egress.is_empty() {
            evidence.push(Evidence::new(
                "ipPermissionsEgress",
                format!("{} outbound rule(s)", egress.len()),
            ));
        }
        Verdict::failed(
            format!(
                "the default security group allows traffic: {} inbound and {} outbound rule(s)",
                ingress.len(),
                egress.len()
            ),
            evidence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ec2::test_support::{eval, group, tcp};
    use serde_json::json;

    #[test]
    fn the_default_group_with_its_out_of_the_box_rules_fails() {
        let mut c = group(
            "default",
            json!([{"ipProtocol": "-1", "userIdGroupPairs": [{"groupId": "sg-0123456789abcdef0"}]}]),
        );
        c["ipPermissionsEgress"] =
            json!([{"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}]);
        let v = eval(&DefaultSecurityGroupClosed, c);
        assert!(
            matches!(v, Verdict::Failed { ref evidence, .. } if evidence.len() == 2),
            "{v:?}"
        );
    }

    #[test]
    fn an_empty_default_group_passes() {
        assert!(matches!(
            eval(&DefaultSecurityGroupClosed, group("default", json!([]))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn other_groups_are_not_applicable() {
        let v = eval(
            &DefaultSecurityGroupClosed,
            group("web", json!([tcp(443, 443, &["0.0.0.0/0"])])),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }));
    }

    #[test]
    fn unknown_inputs_are_undetermined() {
        assert_eq!(
            eval(&DefaultSecurityGroupClosed, json!({"groupId": "sg-1"})),
            Verdict::undetermined(["groupName"])
        );
        assert_eq!(
            eval(
                &DefaultSecurityGroupClosed,
                json!({"groupName": "default", "ipPermissions": []})
            ),
            Verdict::undetermined(["ipPermissionsEgress"])
        );
    }
}
