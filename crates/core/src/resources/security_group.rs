//! `AWS::EC2::SecurityGroup`: a VPC security group's inbound and outbound permissions, from the
//! AWS Config item's configuration (the AWS Config resource schema's names: `groupId`,
//! `groupName`, `vpcId`, `ipPermissions`, `ipPermissionsEgress`, and in each permission
//! `ipProtocol`, `fromPort`, `toPort`, `ipv4Ranges[].cidrIp` (older items: `ipRanges` as plain
//! strings), `ipv6Ranges[].cidrIpv6`, `prefixListIds`, `userIdGroupPairs`).

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// A security group. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecurityGroup {
    /// `groupId`, e.g. `sg-0123456789abcdef0`.
    pub group_id: Fact<String>,
    /// `groupName`; a VPC's default group is named `default`.
    pub group_name: Fact<String>,
    /// `vpcId`.
    pub vpc_id: Fact<String>,
    /// `ipPermissions`: inbound rules.
    pub ingress: Fact<Vec<Permission>>,
    /// `ipPermissionsEgress`: outbound rules.
    pub egress: Fact<Vec<Permission>>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

/// The protocol of a permission (`ipProtocol`: a name or an IP protocol number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `tcp` or `6`.
    Tcp,
    /// `udp` or `17`.
    Udp,
    /// `-1`: all protocols and all ports.
    All,
    /// Anything else (`icmp`, `icmpv6`, `50`, …): no ports.
    Other(String),
}

impl Protocol {
    fn parse(text: &str) -> Protocol {
        match text.trim().to_ascii_lowercase().as_str() {
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "-1" | "all" => Protocol::All,
            other => Protocol::Other(other.to_string()),
        }
    }

    /// How people write it: `TCP`, `UDP`, `all traffic`.
    pub fn label(&self) -> String {
        match self {
            Protocol::Tcp => "TCP".into(),
            Protocol::Udp => "UDP".into(),
            Protocol::All => "all traffic".into(),
            Protocol::Other(p) => format!("protocol {p}"),
        }
    }
}

/// One permission (rule) of a security group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// `ipProtocol`.
    pub protocol: Protocol,
    /// `fromPort` (for ICMP, the type); absent for all traffic.
    pub from_port: Option<i64>,
    /// `toPort`; absent for all traffic.
    pub to_port: Option<i64>,
    /// IPv4 CIDR ranges (`ipv4Ranges[].cidrIp`, or `ipRanges`).
    pub ipv4: Vec<String>,
    /// IPv6 CIDR ranges (`ipv6Ranges[].cidrIpv6`).
    pub ipv6: Vec<String>,
    /// How many prefix lists and security groups the permission also names.
    pub other_sources: usize,
}

impl Permission {
    /// The TCP/UDP port range it opens, inclusive: all ports for `-1` and for TCP/UDP ranges
    /// written as `-1` or absent; `None` for protocols without ports (ICMP, ESP, …).
    pub fn port_range(&self) -> Option<(u16, u16)> {
        match self.protocol {
            Protocol::All => Some((0, 65535)),
            Protocol::Tcp | Protocol::Udp => {
                let clamp = |p: i64| p.clamp(0, 65535) as u16;
                match (self.from_port, self.to_port) {
                    (Some(from), Some(to)) if from >= 0 && to >= 0 => {
                        Some((clamp(from), clamp(to)))
                    }
                    _ => Some((0, 65535)),
                }
            }
            Protocol::Other(_) => None,
        }
    }

    /// Whether it opens `port` (TCP or UDP, or all traffic).
    pub fn opens(&self, port: u16) -> bool {
        self.port_range()
            .is_some_and(|(from, to)| from <= port && port <= to)
    }

    /// Its port range as people write it: `5432`, `1024-2048`, `all ports`.
    pub fn ports_label(&self) -> String {
        match self.port_range() {
            Some((0, 65535)) => "all ports".into(),
            Some((from, to)) if from == to => from.to_string(),
            Some((from, to)) => format!("{from}-{to}"),
            None => "no ports".into(),
        }
    }

    /// The ranges that are the whole internet: `0.0.0.0/0` and `::/0`.
    pub fn world_ranges(&self) -> Vec<&str> {
        self.ipv4
            .iter()
            .chain(&self.ipv6)
            .map(String::as_str)
            .filter(|c| is_world(c))
            .collect()
    }
}

/// `0.0.0.0/0` or `::/0`.
pub fn is_world(cidr: &str) -> bool {
    matches!(cidr.trim(), "0.0.0.0/0" | "::/0")
}

/// Whether a CIDR range is "wide open": the whole internet, or a range with a prefix of at most
/// `max_prefix_v4` (IPv4) / `max_prefix_v6` (IPv6) bits that is not entirely private
/// (RFC 1918, shared, loopback, link-local; IPv6 unique-local and link-local).
pub fn is_wide_open(cidr: &str, max_prefix_v4: u8, max_prefix_v6: u8) -> bool {
    if is_world(cidr) {
        return true;
    }
    let Some((addr, prefix)) = cidr.trim().split_once('/') else {
        return false;
    };
    let Ok(prefix) = prefix.parse::<u8>() else {
        return false;
    };
    if let Ok(v4) = addr.parse::<std::net::Ipv4Addr>() {
        if prefix > max_prefix_v4 {
            return false;
        }
        let o = v4.octets();
        let private = (o[0] == 10 && prefix >= 8)
            || (o[0] == 172 && (16..32).contains(&o[1]) && prefix >= 12)
            || (o[0] == 192 && o[1] == 168 && prefix >= 16)
            || (o[0] == 100 && (64..128).contains(&o[1]) && prefix >= 10)
            || (o[0] == 127 && prefix >= 8)
            || (o[0] == 169 && o[1] == 254 && prefix >= 16);
        return !private;
    }
    if let Ok(v6) = addr.parse::<std::net::Ipv6Addr>() {
        if prefix > max_prefix_v6 {
            return false;
        }
        let first = v6.segments()[0];
        let private =
            (first & 0xfe00 == 0xfc00 && prefix >= 7) || (first & 0xffc0 == 0xfe80 && prefix >= 10);
        return !private;
    }
    false
}

impl SecurityGroup {
    /// Reads the group from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(SecurityGroup {
            group_id: c.str_fact("groupId")?,
            group_name: c.str_fact("groupName")?,
            vpc_id: c.str_fact("vpcId")?,
            ingress: permissions(c, "ipPermissions")?,
            egress: permissions(c, "ipPermissionsEgress")?,
            tags: Fact::Unknown,
        })
    }
}

fn permissions(c: Obj<'_>, key: &str) -> Result<Fact<Vec<Permission>>, InputError> {
    c.tolerate(read_permissions(c, key))
}

fn read_permissions(c: Obj<'_>, key: &str) -> Result<Fact<Vec<Permission>>, InputError> {
    let Some(value) = c.raw(key) else {
        return Ok(Fact::Unknown);
    };
    let path = join(c.path(), key);
    let Value::Array(items) = value else {
        return Err(InputError::invalid(
            path,
            "a list of permissions",
            kind_of(value),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let p = Obj::new(item, &item_path)?;
        let protocol = Protocol::parse(p.req_str("ipProtocol")?);
        let mut ipv4 = Vec::new();
        for range in list(p, "ipv4Ranges")? {
            if let Some(cidr) = Obj::new(range, &item_path)?.opt_str("cidrIp")? {
                ipv4.push(cidr.to_string());
            }
        }
        for range in list(p, "ipRanges")? {
            if let Value::String(cidr) = range {
                if !ipv4.contains(cidr) {
                    ipv4.push(cidr.clone());
                }
            }
        }
        let mut ipv6 = Vec::new();
        for range in list(p, "ipv6Ranges")? {
            if let Some(cidr) = Obj::new(range, &item_path)?.opt_str("cidrIpv6")? {
                ipv6.push(cidr.to_string());
            }
        }
        let other_sources = list(p, "prefixListIds")?.len() + list(p, "userIdGroupPairs")?.len();
        out.push(Permission {
            protocol,
            from_port: p.i64_fact("fromPort")?.get().copied(),
            to_port: p.i64_fact("toPort")?.get().copied(),
            ipv4,
            ipv6,
            other_sources,
        });
    }
    Ok(Fact::Known(out))
}

fn list<'a>(o: Obj<'a>, key: &str) -> Result<&'a [Value], InputError> {
    match o.raw(key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(InputError::invalid(
            join(o.path(), key),
            "a list",
            kind_of(other),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> SecurityGroup {
        SecurityGroup::parse(Obj::new(&v, "configuration").unwrap()).unwrap()
    }

    #[test]
    fn permissions_read_both_range_shapes_and_protocol_numbers() {
        let sg = parse(json!({
            "groupId": "sg-1", "groupName": "web", "vpcId": "vpc-1",
            "ipPermissions": [
                {"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
                 "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipRanges": ["0.0.0.0/0"],
                 "ipv6Ranges": [{"cidrIpv6": "::/0"}], "prefixListIds": [], "userIdGroupPairs": []},
                {"ipProtocol": "-1", "ipRanges": ["10.0.0.0/8"]},
                {"ipProtocol": "17", "fromPort": 53, "toPort": 53, "userIdGroupPairs": [{"groupId": "sg-2"}]}
            ],
            "ipPermissionsEgress": []
        }));
        let ingress = sg.ingress.get().unwrap();
        assert_eq!(ingress[0].ipv4, ["0.0.0.0/0"]);
        assert_eq!(ingress[0].world_ranges(), ["0.0.0.0/0", "::/0"]);
        assert!(ingress[0].opens(5432) && !ingress[0].opens(5433));
        assert_eq!(ingress[1].ports_label(), "all ports");
        assert_eq!(ingress[2].protocol, Protocol::Udp);
        assert_eq!(ingress[2].other_sources, 1);
        assert_eq!(sg.egress, Fact::Known(vec![]));
    }

    #[test]
    fn absent_permissions_are_unknown_and_icmp_opens_no_port() {
        let sg = parse(json!({"groupId": "sg-1"}));
        assert_eq!(sg.ingress, Fact::Unknown);
        let sg =
            parse(json!({"ipPermissions": [{"ipProtocol": "icmp", "fromPort": 8, "toPort": -1}]}));
        assert!(!sg.ingress.get().unwrap()[0].opens(8));
    }

    #[test]
    fn a_permission_without_protocol_is_an_error_naming_its_place() {
        let v = json!({"ipPermissions": [{"fromPort": 22}]});
        let err = SecurityGroup::parse(Obj::new(&v, "configuration").unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("configuration.ipPermissions[0].ipProtocol"),
            "{err}"
        );
    }

    #[test]
    fn wide_open_ranges() {
        assert!(is_wide_open("0.0.0.0/0", 0, 0));
        assert!(is_wide_open("::/0", 0, 0));
        assert!(!is_wide_open("0.0.0.0/1", 0, 0));
        assert!(is_wide_open("0.0.0.0/1", 8, 0));
        assert!(is_wide_open("52.0.0.0/8", 8, 0));
        assert!(!is_wide_open("52.0.0.0/9", 8, 0));
        assert!(!is_wide_open("10.0.0.0/8", 8, 0));
        assert!(!is_wide_open("192.168.0.0/16", 16, 0));
        assert!(is_wide_open("2001:db8::/16", 0, 16));
        assert!(!is_wide_open("fd00::/8", 0, 16));
        assert!(!is_wide_open("not-a-cidr", 32, 128));
    }
}
