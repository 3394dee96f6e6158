//! FSBP EC2.19 — Security groups should not allow unrestricted access to ports with high risk.
//!
//! Source: AWS Security Hub user guide, Amazon EC2 controls, [EC2.19]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19>), AWS
//! Config rule `restricted-common-ports`, which checks unrestricted incoming **TCP** traffic.
//! FAILED when an inbound TCP rule, or an all-traffic rule (`-1`, which includes TCP), allows
//! `0.0.0.0/0` or `::/0` to one of [`HIGH_RISK_PORTS`]; UDP-only rules do not fail it.

use super::{ingress, permission_evidence};
use crate::resource::Resource;
use crate::resources::security_group::Protocol;
use crate::rules::{security_group, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// EC2.19's list of high-risk ports, exactly as the control page gives it.
pub const HIGH_RISK_PORTS: [u16; 24] = [
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
    5601, 8080, 8088, 8888, 9200, 9300,
];

/// EC2.19.
pub struct HighRiskPorts;

static META: RuleMeta = RuleMeta {
    id: "ec2-security-group-high-risk-ports",
    title: "Security groups should not open high-risk ports to the whole internet",
    severity: Severity::Critical,
    resource_type: "AWS::EC2::SecurityGroup",
    controls: &["EC2.19"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "no inbound TCP (or all-traffic) rule open to 0.0.0.0/0 or ::/0 covers any of ports 20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200 or 9300",
    rationale: "These ports are where remote logins (SSH, RDP, Telnet), file shares, mail servers, databases (MySQL, PostgreSQL, SQL Server) and admin dashboards listen. Attackers scan the whole internet for them continuously and try stolen or guessed passwords within minutes of a port opening. A breach through one of them is the kind UK GDPR expects you to have prevented.",
    remediation: "In the VPC console choose Security groups, select the group, edit its inbound rules, and replace 0.0.0.0/0 (and ::/0) on these ports with your office's address range, a VPN's range, or another security group; for admin access use AWS Systems Manager Session Manager instead of opening SSH or RDP. CLI: aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Security groups > {name} > Inbound rules > Edit inbound rules: change the source 0.0.0.0/0 or ::/0 to your own range or a security group (for SSH and RDP, use Systems Manager Session Manager instead)",
        command: r#"aws ec2 revoke-security-group-ingress --region {region} --group-id {name} --ip-permissions {public_ingress}
aws ec2 authorize-security-group-ingress --region {region} --group-id {name} --protocol tcp --port "$PORT" --cidr "$TRUSTED_CIDR""#,
        caution: Some("This revokes every rule of the group open to the internet, including any public web port: re-add those with the second command (with 0.0.0.0/0 only for what must be public)."),
        inputs: &[crate::fix::Input::PublicIngress],
    }),
    source: "FSBP EC2.19 (AWS Config rule restricted-common-ports, TCP)",
};

impl Rule for HighRiskPorts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(sg) = security_group(resource) else {
            return wrong_type(&META);
        };
        let permissions = match ingress(sg) {
            Ok(p) => p,
            Err(undetermined) => return undetermined,
        };
        let mut evidence = Vec::new();
        let mut ports = Vec::new();
        for (i, p) in permissions.iter().enumerate() {
            if !matches!(p.protocol, Protocol::Tcp | Protocol::All) {
                continue;
            }
            let world = p.world_ranges();
            if world.is_empty() {
                continue;
            }
            let risky: Vec<u16> = HIGH_RISK_PORTS
                .into_iter()
                .filter(|&port| p.opens(port))
                .collect();
            if !risky.is_empty() {
                evidence.push(permission_evidence(i, p, &world));
                ports.extend(risky);
            }
        }
        if evidence.is_empty() {
            return Verdict::passed("no high-risk port is open to 0.0.0.0/0 or ::/0");
        }
        ports.sort_unstable();
        ports.dedup();
        let shown: Vec<String> = ports.iter().take(8).map(u16::to_string).collect();
        let more = if ports.len() > 8 {
            format!(" and {} more", ports.len() - 8)
        } else {
            String::new()
        };
        Verdict::failed(
            format!(
                "high-risk port(s) {}{more} are open to the whole internet",
                shown.join(", ")
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
    fn ssh_and_postgres_open_to_the_world_fail() {
        let c = group(
            "app",
            json!([tcp(22, 22, &["0.0.0.0/0"]), tcp(5432, 5432, &["0.0.0.0/0"])]),
        );
        let v = eval(&HighRiskPorts, c);
        let Verdict::Failed { reason, evidence } = v else {
            panic!("{v:?}")
        };
        assert!(reason.contains("22, 5432"), "{reason}");
        assert_eq!(evidence.len(), 2);
    }

    #[test]
    fn ranges_covering_a_listed_port_and_all_traffic_fail() {
        let c = group("app", json!([tcp(3000, 3010, &["0.0.0.0/0"])]));
        assert!(matches!(eval(&HighRiskPorts, c), Verdict::Failed { .. }));
        let c = group(
            "app",
            json!([{"ipProtocol": "-1", "ipv6Ranges": [{"cidrIpv6": "::/0"}]}]),
        );
        let Verdict::Failed { reason, .. } = eval(&HighRiskPorts, c) else {
            panic!()
        };
        assert!(reason.contains("and 16 more"), "{reason}");
    }

    #[test]
    fn web_ports_and_private_sources_pass() {
        let c = group(
            "app",
            json!([
                tcp(443, 443, &["0.0.0.0/0"]),
                tcp(22, 22, &["203.0.113.0/24"]),
                tcp(5432, 5432, &["10.0.0.0/16"])
            ]),
        );
        assert!(matches!(eval(&HighRiskPorts, c), Verdict::Passed { .. }));
    }

    #[test]
    fn udp_only_rules_do_not_fail_it() {
        let c = group(
            "app",
            json!([{"ipProtocol": "udp", "fromPort": 20, "toPort": 25, "ipRanges": [{"cidrIp": "0.0.0.0/0"}]}]),
        );
        assert!(matches!(eval(&HighRiskPorts, c), Verdict::Passed { .. }));
    }

    #[test]
    fn a_port_just_outside_the_list_passes() {
        // 6379 (Redis) is not on EC2.19's list: Vigil's database-ports rule covers it.
        let c = group("app", json!([tcp(6379, 6379, &["0.0.0.0/0"])]));
        assert!(matches!(eval(&HighRiskPorts, c), Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_rules_are_undetermined() {
        assert_eq!(
            eval(&HighRiskPorts, json!({})),
            Verdict::undetermined(["ipPermissions"])
        );
    }
}
