//! Vigil's own: no database port should be reachable from the whole internet.
//!
//! Beyond FSBP: EC2.19 lists a few database ports (1433, 1434, 3306, 5432, 9200, 9300) and
//! misses the rest (Oracle 1521/2483/2484, Redis 6379, Memcached 11211, MongoDB and DocumentDB
//! 27017-27019, Redshift 5439, Neptune 8182, Cassandra and Keyspaces 9042/9142, …). This rule
//! checks every port in [`DATABASE_PORTS`] and names the database in its message. "The whole
//! internet" is `0.0.0.0/0` and `::/0`, and also any public range at least as large as
//! [`Settings::wide_open_ipv4_prefix`](crate::settings::Settings) (default /8) or
//! `wide_open_ipv6_prefix` (default /16): a rule open to 0.0.0.0/1 is as open as 0.0.0.0/0.

use super::{ingress, permission_evidence};
use crate::resource::Resource;
use crate::resources::security_group::is_wide_open;
use crate::rules::{security_group, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// Database ports and the databases that listen on them, as data.
pub const DATABASE_PORTS: &[(u16, &str)] = &[
    (1433, "Microsoft SQL Server"),
    (1434, "Microsoft SQL Server Browser"),
    (1521, "Oracle"),
    (1830, "Oracle Connection Manager"),
    (2483, "Oracle (TCP)"),
    (2484, "Oracle (TLS)"),
    (3050, "Firebird"),
    (3306, "MySQL / MariaDB / Aurora MySQL"),
    (5432, "PostgreSQL / Aurora PostgreSQL"),
    (5439, "Amazon Redshift"),
    (5984, "CouchDB"),
    (6379, "Redis / Valkey (ElastiCache, MemoryDB)"),
    (6380, "Redis (TLS)"),
    (7000, "Cassandra (inter-node)"),
    (7001, "Cassandra (inter-node TLS)"),
    (7474, "Neo4j (HTTP)"),
    (7687, "Neo4j (Bolt)"),
    (8086, "InfluxDB"),
    (8123, "ClickHouse (HTTP)"),
    (8182, "Amazon Neptune (Gremlin / openCypher)"),
    (8529, "ArangoDB"),
    (9042, "Cassandra / Amazon Keyspaces"),
    (9142, "Amazon Keyspaces (TLS)"),
    (9160, "Cassandra (Thrift)"),
    (9200, "Elasticsearch / OpenSearch (HTTP)"),
    (9300, "Elasticsearch / OpenSearch (transport)"),
    (11211, "Memcached (ElastiCache)"),
    (26257, "CockroachDB"),
    (27017, "MongoDB / Amazon DocumentDB"),
    (27018, "MongoDB (shard)"),
    (27019, "MongoDB (config server)"),
    (28015, "RethinkDB"),
    (50000, "IBM Db2"),
];

/// The database-ports rule.
pub struct DatabasePorts;

static META: RuleMeta = RuleMeta {
    id: "ec2-security-group-database-ports-open",
    title: "Security groups should not open any database port to the whole internet",
    severity: Severity::Critical,
    resource_type: "AWS::EC2::SecurityGroup",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 25(1)", "Art. 5(1)(f)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "no inbound rule open to 0.0.0.0/0, ::/0 or a public range at least as large as wide_open_ipv4_prefix (default /8) or wide_open_ipv6_prefix (default /16) covers a database port (Oracle, Redis, Memcached, MongoDB, Redshift, Neptune, Cassandra, PostgreSQL, MySQL, SQL Server and others)",
    rationale: "A database port open to the internet means anyone can try to log in to the database that holds your customers' personal data, and Redis, Memcached and some MongoDB setups answer without any password at all. Automated scanners find such ports within hours and copy or ransom the data. Databases should only be reachable from your own application's security group.",
    remediation: "In the VPC console choose Security groups, select the group, edit its inbound rules, and change the source of the database port from 0.0.0.0/0 (or ::/0) to the security group of the application that uses the database. CLI: aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0 && aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --source-group <app-sg-id>",
    fix: Some(crate::fix::Fix {
        console: "VPC console > Security groups > {name} > Inbound rules > Edit inbound rules: change the database port's source from 0.0.0.0/0 or ::/0 to the application's security group",
        command: r#"aws ec2 revoke-security-group-ingress --region {region} --group-id {name} --ip-permissions {public_ingress}
aws ec2 authorize-security-group-ingress --region {region} --group-id {name} --protocol tcp --port "$DB_PORT" --source-group "$APP_SECURITY_GROUP_ID""#,
        caution: Some("This revokes every rule of the group open to the internet, including any public web port: re-add what must stay public. Clients outside the application's security group lose access to the database."),
        inputs: &[crate::fix::Input::PublicIngress],
    }),
    source: "Vigil practice beyond FSBP (EC2.19 covers only 1433, 1434, 3306, 5432, 9200 and 9300); Prowler's ec2_securitygroup_allow_ingress_from_internet_to_* database checks",
};

impl Rule for DatabasePorts {
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
        let (v4, v6) = (
            ctx.settings.wide_open_ipv4_prefix,
            ctx.settings.wide_open_ipv6_prefix,
        );
        let mut evidence = Vec::new();
        let mut exposed: Vec<(u16, &str)> = Vec::new();
        for (i, p) in permissions.iter().enumerate() {
            let open: Vec<&str> = p
                .ipv4
                .iter()
                .chain(&p.ipv6)
                .map(String::as_str)
                .filter(|c| is_wide_open(c, v4, v6))
                .collect();
            if open.is_empty() {
                continue;
            }
            let ports: Vec<(u16, &str)> = DATABASE_PORTS
                .iter()
                .copied()
                .filter(|&(port, _)| p.opens(port))
                .collect();
            if !ports.is_empty() {
                evidence.push(permission_evidence(i, p, &open));
                exposed.extend(ports);
            }
        }
        if evidence.is_empty() {
            return Verdict::passed("no database port is open to the internet");
        }
        exposed.sort_unstable();
        exposed.dedup();
        let shown: Vec<String> = exposed
            .iter()
            .take(5)
            .map(|(port, db)| format!("{port} ({db})"))
            .collect();
        let more = if exposed.len() > 5 {
            format!(" and {} more database ports", exposed.len() - 5)
        } else {
            String::new()
        };
        Verdict::failed(
            format!("open to the internet: {}{more}", shown.join(", ")),
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
    fn redis_open_to_the_world_fails_naming_redis() {
        let c = group("cache", json!([tcp(6379, 6379, &["0.0.0.0/0"])]));
        let Verdict::Failed { reason, evidence } = eval(&DatabasePorts, c) else {
            panic!()
        };
        assert!(reason.contains("6379 (Redis"), "{reason}");
        assert_eq!(evidence[0].observed, "TCP 6379 from 0.0.0.0/0");
    }

    #[test]
    fn every_issue_listed_port_is_covered() {
        for port in [1521, 2483, 6379, 11211, 27017, 27018, 5439, 8182, 9042] {
            let c = group("db", json!([tcp(port, port, &["0.0.0.0/0"])]));
            assert!(
                matches!(eval(&DatabasePorts, c), Verdict::Failed { .. }),
                "{port}"
            );
        }
    }

    #[test]
    fn ipv6_world_and_large_public_ranges_fail() {
        let c = group(
            "db",
            json!([{"ipProtocol": "tcp", "fromPort": 27017, "toPort": 27017, "ipv6Ranges": [{"cidrIpv6": "::/0"}]}]),
        );
        assert!(matches!(eval(&DatabasePorts, c), Verdict::Failed { .. }));
        let c = group("db", json!([tcp(5439, 5439, &["0.0.0.0/1"])]));
        assert!(matches!(
            eval(&DatabasePorts, c.clone()),
            Verdict::Failed { .. }
        ));
        // With only /0 counted as wide open, 0.0.0.0/1 passes.
        let strict = Settings {
            wide_open_ipv4_prefix: 0,
            ..Settings::default()
        };
        assert!(matches!(
            eval_with(&DatabasePorts, c, &strict),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn all_traffic_lists_the_first_ports_and_counts_the_rest() {
        let c = group(
            "db",
            json!([{"ipProtocol": "-1", "ipRanges": ["0.0.0.0/0"]}]),
        );
        let Verdict::Failed { reason, .. } = eval(&DatabasePorts, c) else {
            panic!()
        };
        assert!(
            reason.contains(&format!("and {} more", DATABASE_PORTS.len() - 5)),
            "{reason}"
        );
    }

    #[test]
    fn private_sources_and_web_ports_pass() {
        let c = group(
            "db",
            json!([
                tcp(5432, 5432, &["10.0.0.0/8"]),
                tcp(443, 443, &["0.0.0.0/0"]),
                tcp(6379, 6379, &["203.0.113.10/32"])
            ]),
        );
        assert!(matches!(eval(&DatabasePorts, c), Verdict::Passed { .. }));
    }

    #[test]
    fn unknown_rules_are_undetermined() {
        assert_eq!(
            eval(&DatabasePorts, json!({"groupName": "db"})),
            Verdict::undetermined(["ipPermissions"])
        );
    }
}
