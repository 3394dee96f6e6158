//! FSBP EC2.18 — Security groups should only allow unrestricted incoming traffic for authorised
//! ports.
//!
//! Source: AWS Security Hub user guide, Amazon EC2 controls, [EC2.18]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18>), AWS
//! Config rule `vpc-sg-open-only-to-authorized-ports` with `authorizedTcpPorts` = `80,443` and
//! `authorizedUdpPorts` unset (both customisable:
//! [`Settings::authorized_tcp_ports`](crate::settings::Settings)). NOT_APPLICABLE when no
//! inbound rule is open to `0.0.0.0/0` or `::/0`; FAILED when such a rule opens a TCP or UDP port
//! outside the authorised ports, or opens all traffic or another protocol (which no port
//! parameter can authorise).

use super::{ingress, permission_evidence};
use crate::resource::Resource;
use crate::resources::security_group::Protocol;
use crate::rules::{security_group, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::settings::parse_port_list;
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// EC2.18.
pub struct AuthorizedPorts;

static META: RuleMeta = RuleMeta {
    id: "ec2-security-group-authorized-ports",
    title: "Security groups should open only authorised ports (default 80 and 443) to the whole internet",
    severity: Severity::High,
    resource_type: "AWS::EC2::SecurityGroup",
    controls: &["EC2.18"],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "every inbound rule open to 0.0.0.0/0 or ::/0 opens only TCP ports in authorized_tcp_ports (default 80,443) or UDP ports in authorized_udp_ports (default none); groups with no such rule are not applicable",
    rationale: "A rule open to 0.0.0.0/0 or ::/0 lets anyone on the internet try the port: bots scan all of AWS's address space within minutes. A web server needs 80 and 443 and nothing else; every other port open to the world is a door you did not mean to leave open, often to an admin console or a database.",
    remediation: "In the VPC console choose Security groups, select the group, edit its inbound rules, and change the source of each rule that is not for ports 80 or 443 from 0.0.0.0/0 (or ::/0) to your office's address range or another security group. CLI: aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Security groups > {name} > Inbound rules > Edit inbound rules: change the source 0.0.0.0/0 or ::/0 of every rule not for TCP 80 or 443 to your own range or a security group",
        command: r#"aws ec2 revoke-security-group-ingress --region {region} --group-id {name} --ip-permissions {public_ingress_not_web}
aws ec2 authorize-security-group-ingress --region {region} --group-id {name} --protocol tcp --port "$PORT" --cidr "$TRUSTED_CIDR""#,
        caution: Some("Whoever reaches these ports from the internet today loses access: the second command lets your own address range back in, port by port. Ports added to the rule's authorised list in the settings are revoked too."),
        inputs: &[crate::fix::Input::PublicIngressNotWeb],
    }),
    source: "FSBP EC2.18 (AWS Config rule vpc-sg-open-only-to-authorized-ports, authorizedTcpPorts 80,443)",
};

fn covered(ranges: &[(u16, u16)], from: u16, to: u16) -> bool {
    (from..=to).all(|p| ranges.iter().any(|&(a, b)| a <= p && p <= b))
}

impl Rule for AuthorizedPorts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(sg) = security_group(resource) else {
            return wrong_type(&META);
        };
        let permissions = match ingress(sg) {
            Ok(p) => p,
            Err(undetermined) => return undetermined,
        };
        // Settings are validated when built; an invalid list here authorises nothing.
        let tcp = parse_port_list(&ctx.settings.authorized_tcp_ports).unwrap_or_default();
        let udp = parse_port_list(&ctx.settings.authorized_udp_ports).unwrap_or_default();
        let mut open = 0;
        let mut evidence = Vec::new();
        for (i, p) in permissions.iter().enumerate() {
            let world = p.world_ranges();
            if world.is_empty() {
                continue;
            }
            open += 1;
            let authorised = match (&p.protocol, p.port_range()) {
                (Protocol::Tcp, Some((from, to))) => covered(&tcp, from, to),
                (Protocol::Udp, Some((from, to))) => covered(&udp, from, to),
                _ => false,
            };
            if !authorised {
                evidence.push(permission_evidence(i, p, &world));
            }
        }
        if open == 0 {
            return Verdict::not_applicable("no inbound rule is open to 0.0.0.0/0 or ::/0");
        }
        if evidence.is_empty() {
            return Verdict::passed(format!(
                "the {open} rule(s) open to the internet allow only authorised ports"
            ));
        }
        Verdict::failed(
            format!(
                "{} inbound rule(s) open unauthorised ports to the whole internet: {}",
                evidence.len(),
                evidence
                    .iter()
                    .map(|e| e.observed.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            evidence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ec2::test_support::{eval, eval_with, group, tcp};
    use crate::settings::Settings;
    use serde_json::json;

    #[test]
    fn web_ports_open_to_the_world_pass() {
        let c = group(
            "web",
            json!([tcp(443, 443, &["0.0.0.0/0"]), tcp(80, 80, &["0.0.0.0/0"])]),
        );
        assert!(matches!(eval(&AuthorizedPorts, c), Verdict::Passed { .. }));
    }

    #[test]
    fn ssh_open_to_the_world_fails_naming_the_rule() {
        let c = group(
            "web",
            json!([tcp(443, 443, &["0.0.0.0/0"]), tcp(22, 22, &["0.0.0.0/0"])]),
        );
        let v = eval(&AuthorizedPorts, c);
        let Verdict::Failed { evidence, reason } = v else {
            panic!("{v:?}")
        };
        assert_eq!(evidence[0].field, "ipPermissions[1]");
        assert_eq!(evidence[0].observed, "TCP 22 from 0.0.0.0/0");
        assert!(reason.contains("TCP 22"), "{reason}");
    }

    #[test]
    fn ranges_all_traffic_and_ipv6_fail() {
        let c = group("web", json!([tcp(80, 443, &["0.0.0.0/0"])]));
        assert!(matches!(eval(&AuthorizedPorts, c), Verdict::Failed { .. }));
        let c = group(
            "web",
            json!([{"ipProtocol": "-1", "ipv6Ranges": [{"cidrIpv6": "::/0"}]}]),
        );
        assert!(matches!(eval(&AuthorizedPorts, c), Verdict::Failed { .. }));
        let c = group(
            "web",
            json!([{"ipProtocol": "udp", "fromPort": 443, "toPort": 443, "ipRanges": ["0.0.0.0/0"]}]),
        );
        assert!(
            matches!(eval(&AuthorizedPorts, c), Verdict::Failed { .. }),
            "UDP 443 is not authorised by default"
        );
    }

    #[test]
    fn the_authorised_ports_are_a_setting() {
        let settings = Settings {
            authorized_tcp_ports: "443,8000-8100".into(),
            ..Settings::default()
        };
        let c = group("web", json!([tcp(8080, 8090, &["0.0.0.0/0"])]));
        assert!(matches!(
            eval_with(&AuthorizedPorts, c.clone(), &settings),
            Verdict::Passed { .. }
        ));
        assert!(matches!(eval(&AuthorizedPorts, c), Verdict::Failed { .. }));
    }

    #[test]
    fn groups_without_world_open_rules_are_not_applicable() {
        let c = group("db", json!([tcp(5432, 5432, &["10.0.0.0/16"])]));
        assert!(matches!(
            eval(&AuthorizedPorts, c),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_rules_are_undetermined() {
        assert_eq!(
            eval(&AuthorizedPorts, json!({"groupName": "web"})),
            Verdict::undetermined(["ipPermissions"])
        );
    }
}
