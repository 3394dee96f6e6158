//! Rules for Amazon EC2 security groups (what the internet can reach) and VPC endpoints.

pub mod authorized_ports;
pub mod database_ports;
pub mod default_security_group_closed;
pub mod high_risk_ports;
pub mod vpc_endpoint_multi_az;
pub mod vpc_endpoint_policy;

use crate::resources::security_group::{Permission, SecurityGroup};
use crate::verdict::{Evidence, Verdict};

/// The inbound permissions, or the verdict for not knowing them.
pub(crate) fn ingress(sg: &SecurityGroup) -> Result<&[Permission], Verdict> {
    sg.ingress
        .get()
        .map(Vec::as_slice)
        .ok_or_else(|| Verdict::undetermined(["ipPermissions"]))
}

/// Evidence naming one permission by position: `ipPermissions[2]` = `TCP 5432 from 0.0.0.0/0`.
pub(crate) fn permission_evidence(index: usize, p: &Permission, sources: &[&str]) -> Evidence {
    Evidence::new(
        format!("ipPermissions[{index}]"),
        format!(
            "{} {} from {}",
            p.protocol.label(),
            p.ports_label(),
            sources.join(", ")
        ),
    )
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds security groups from literal configuration JSON, as the Config item carries it.
    use crate::json::Obj;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::resources::security_group::SecurityGroup;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use crate::verdict::Verdict;
    use serde_json::{json, Value};

    pub fn sg(config: Value) -> Resource {
        Resource::SecurityGroup(
            SecurityGroup::parse(Obj::new(&config, "configuration").unwrap()).unwrap(),
        )
    }

    pub fn eval_with(rule: &dyn Rule, config: Value, settings: &Settings) -> Verdict {
        rule.evaluate(&sg(config), &Context::new(settings, &Lookups::none()))
    }

    pub fn eval(rule: &dyn Rule, config: Value) -> Verdict {
        eval_with(rule, config, &Settings::default())
    }

    /// A group named `name` with these inbound permissions and no outbound ones.
    pub fn group(name: &str, ingress: Value) -> Value {
        json!({"groupId": "sg-0123456789abcdef0", "groupName": name, "vpcId": "vpc-0a1b2c3d",
               "ipPermissions": ingress, "ipPermissionsEgress": []})
    }

    /// One TCP permission from these IPv4 ranges.
    pub fn tcp(from: i64, to: i64, cidrs: &[&str]) -> Value {
        json!({"ipProtocol": "tcp", "fromPort": from, "toPort": to,
               "ipv4Ranges": cidrs.iter().map(|c| json!({"cidrIp": c})).collect::<Vec<_>>(),
               "ipv6Ranges": [], "prefixListIds": [], "userIdGroupPairs": []})
    }
}
