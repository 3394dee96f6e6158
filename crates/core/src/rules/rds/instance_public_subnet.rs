//! RDS.46 — RDS DB instances should not be deployed in public subnets with routes to internet
//! gateways.
//!
//! Source: AWS Security Hub user guide, Amazon RDS controls, [RDS.46]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-46>), AWS Config
//! rule `rds-instance-subnet-igw-check` (periodic, no parameters): the control fails if the DB
//! instance is deployed in a subnet that has a route to an internet gateway with the
//! destination `0.0.0.0/0` or `::/0`.
//!
//! The subnets are the instance's DB subnet group's (`dBSubnetGroup.subnets`); each subnet's
//! routes are looked up (kind `ec2.subnet-routes`: its explicitly associated route table, else
//! its VPC's main one). An instance outside any VPC is not applicable. Without every subnet's
//! answer the rule is undetermined.

use crate::lookups::ec2::SubnetRoutes;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::resource::Resource;
use crate::rules::{db_instance, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;

/// RDS.46.
pub struct Rds46;

static META: RuleMeta = RuleMeta {
    id: "rds-instance-not-in-public-subnet",
    title: "RDS DB instances should not be deployed in public subnets with routes to internet gateways",
    severity: Severity::High,
    resource_type: "AWS::RDS::DBInstance",
    controls: &["RDS.46"],
    gdpr: &["Art. 5(1)(f)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::Firewalls),
    passes_when: "no subnet of the instance's DB subnet group has a route to an internet gateway (igw-…) for 0.0.0.0/0 or ::/0; instances outside a VPC are not applicable",
    rationale: "A database in a subnet routed to an internet gateway is one setting (public access, a security group rule) away from being reachable from the whole internet; private subnets keep that mistake from exposing the data.",
    remediation: "Move the instance to a DB subnet group whose subnets route to the internet only through a NAT gateway or not at all (a DB subnet group in use cannot swap its subnets freely: create a new group of private subnets and modify the instance to use it, or restore a snapshot into it). CLI: aws rds modify-db-instance --db-instance-identifier <name> --db-subnet-group-name <private group> --apply-immediately",
    fix: Some(crate::fix::Fix {
        console: "RDS console > Databases > {name} > Modify > Connectivity > DB subnet group: a group of private subnets > Continue > Apply immediately",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --db-subnet-group-name \"$PRIVATE_SUBNET_GROUP\" --apply-immediately",
        caution: Some("Set PRIVATE_SUBNET_GROUP to a DB subnet group of private subnets in the same VPC (aws rds create-db-subnet-group makes one). Moving an instance to another subnet group changes its network placement and causes downtime while it moves; applications must still reach it from their subnets."),
        inputs: &[],
    }),
    source: "RDS.46 (AWS Config rule rds-instance-subnet-igw-check)",
};

/// Whether a route sends all IPv4 or IPv6 traffic to an internet gateway.
fn to_internet_gateway(route: &crate::lookups::ec2::Route) -> Option<&str> {
    let gateway = route.gateway_id.as_deref()?;
    if !gateway.starts_with("igw-") {
        return None;
    }
    [
        route.destination_cidr_block.as_deref(),
        route.destination_ipv6_cidr_block.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find(|d| *d == "0.0.0.0/0" || *d == "::/0")
}

impl Rule for Rds46 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(db) = db_instance(resource) else {
            return wrong_type(&META);
        };
        match db.vpc_id.get() {
            None => return Verdict::undetermined(["dBSubnetGroup.vpcId"]),
            Some(None) => {
                return Verdict::not_applicable("the instance is not deployed in a VPC");
            }
            Some(Some(_)) => {}
        }
        let subnets = match db.subnet_ids.get() {
            Some(s) if !s.is_empty() => s,
            _ => return Verdict::undetermined(["dBSubnetGroup.subnets"]),
        };
        let mut missing = Vec::new();
        for subnet in subnets {
            match ctx.lookups.get(&SubnetRoutes::key(subnet.clone())) {
                Ok(answer) => {
                    if let Some(destination) = answer.routes.iter().find_map(to_internet_gateway) {
                        return Verdict::failed(
                            format!(
                                "subnet {subnet} routes {destination} to an internet gateway (route table {})",
                                answer.route_table_id
                            ),
                            vec![Evidence::new("dBSubnetGroup.subnets", subnet)],
                        );
                    }
                }
                Err(_) => missing.push(format!("ec2.subnet-routes:{subnet}")),
            }
        }
        if !missing.is_empty() {
            return Verdict::undetermined(missing);
        }
        Verdict::passed(format!(
            "none of the instance's {} subnet(s) routes to an internet gateway",
            subnets.len()
        ))
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        db_instance(resource)
            .and_then(|db| db.subnet_ids.get())
            .map(|s| {
                s.iter()
                    .map(|id| SubnetRoutes::key(id.clone()).untyped())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::{LookupKind, Lookups};
    use crate::rules::test_support::{db, eval};
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn item() -> Value {
        json!({"dBInstanceIdentifier": "orders-db", "engine": "postgres",
               "dBSubnetGroup": {"dBSubnetGroupName": "app", "vpcId": "vpc-1",
                   "subnets": [{"subnetIdentifier": "subnet-a"}, {"subnetIdentifier": "subnet-b"}]}})
    }

    fn with(b_routes: Value) -> Verdict {
        let mut lookups = Lookups::none();
        let private = json!([{"destinationCidrBlock": "10.0.0.0/16", "gatewayId": "local"}]);
        for (subnet, routes) in [("subnet-a", private), ("subnet-b", b_routes)] {
            lookups
                .insert_json(
                    LookupKey::new(LookupKind::Ec2SubnetRoutes, subnet),
                    json!({"routeTableId": format!("rtb-{subnet}"), "routes": routes}),
                )
                .unwrap();
        }
        Rds46.evaluate(&db(item()), &Context::new(&Settings::default(), &lookups))
    }

    #[test]
    fn private_subnets_pass() {
        let v = with(json!([{"destinationCidrBlock": "0.0.0.0/0", "gatewayId": "nat-1"}]));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn a_default_route_to_an_internet_gateway_fails_ipv4_or_ipv6() {
        let v = with(json!([{"destinationCidrBlock": "0.0.0.0/0", "gatewayId": "igw-1"}]));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        let v = with(json!([{"destinationIpv6CidrBlock": "::/0", "gatewayId": "igw-1"}]));
        assert!(matches!(v, Verdict::Failed { .. }), "{v:?}");
        // A narrower route to the gateway is not the control's.
        let v = with(json!([{"destinationCidrBlock": "203.0.113.0/24", "gatewayId": "igw-1"}]));
        assert!(matches!(v, Verdict::Passed { .. }), "{v:?}");
    }

    #[test]
    fn an_instance_outside_a_vpc_is_not_applicable() {
        let v = eval(
            &Rds46,
            json!({"dBInstanceIdentifier": "old", "dBSubnetGroup": null}),
        );
        assert!(matches!(v, Verdict::NotApplicable { .. }), "{v:?}");
    }

    #[test]
    fn without_the_routes_or_the_subnets_it_is_undetermined() {
        assert_eq!(
            eval(&Rds46, item()),
            Verdict::undetermined(["ec2.subnet-routes:subnet-a", "ec2.subnet-routes:subnet-b"])
        );
        assert_eq!(Rds46.lookups(&db(item())).len(), 2, "one lookup per subnet");
        let v = eval(
            &Rds46,
            json!({"dBSubnetGroup": {"dBSubnetGroupName": "app", "vpcId": "vpc-1"}}),
        );
        assert_eq!(v, Verdict::undetermined(["dBSubnetGroup.subnets"]));
    }
}
