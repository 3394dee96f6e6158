//! EC2 answers.

use serde::Deserialize;

/// `ec2.subnet` (id: the subnet id), from EC2's `DescribeSubnets`. Shape: [`Subnet::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// `AvailabilityZone`.
    pub availability_zone: String,
}

impl Subnet {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"AvailabilityZone": "eu-west-2a"}"#;
}

/// `ec2.subnet-routes` (id: the subnet id), from `DescribeRouteTables`: the route table the
/// subnet uses (its explicit association, else its VPC's main route table) and that table's
/// routes. Shape: [`SubnetRoutes::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetRoutes {
    /// `routeTableId`.
    pub route_table_id: String,
    /// `routes`.
    pub routes: Vec<Route>,
}

/// One route of a route table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    /// `destinationCidrBlock` (IPv4), when the route has one.
    pub destination_cidr_block: Option<String>,
    /// `destinationIpv6CidrBlock`, when the route has one.
    pub destination_ipv6_cidr_block: Option<String>,
    /// `gatewayId`: `local`, an internet gateway (`igw-…`), a virtual private gateway, ...
    pub gateway_id: Option<String>,
}

impl SubnetRoutes {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"routeTableId": "rtb-0a1b2c3d", "routes": [{"destinationCidrBlock": "10.0.0.0/16", "gatewayId": "local"}, {"destinationCidrBlock": "0.0.0.0/0", "gatewayId": "igw-0a1b2c3d"}, {"destinationIpv6CidrBlock": "::/0", "gatewayId": "igw-0a1b2c3d"}]}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_reads_and_the_zone_is_required() {
        let a: Subnet = serde_json::from_str(Subnet::EXAMPLE).unwrap();
        assert_eq!(a.availability_zone, "eu-west-2a");
        assert!(serde_json::from_str::<Subnet>("{}").is_err());
    }

    #[test]
    fn the_routes_example_reads() {
        let a: SubnetRoutes = serde_json::from_str(SubnetRoutes::EXAMPLE).unwrap();
        assert_eq!(a.routes.len(), 3);
        assert_eq!(
            a.routes[2].destination_ipv6_cidr_block.as_deref(),
            Some("::/0")
        );
        assert!(serde_json::from_str::<SubnetRoutes>(r#"{"routes": []}"#).is_err());
    }
}
