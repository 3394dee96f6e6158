//! EC2 lookups, both answered by EC2 itself (so they work with or without AWS Config recording):
//! a subnet's Availability Zone (`ec2.subnet`) and a subnet's route table (`ec2.subnet-routes`).

use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// Kind `ec2.subnet` (id: the subnet id): `{"AvailabilityZone": "eu-west-2a"}`, from
/// `DescribeSubnets`. Needs `ec2:DescribeSubnets`. An unknown subnet is EC2's
/// `InvalidSubnetID.NotFound` error, passed on (the rule is then undetermined).
pub async fn subnet(ec2: &aws_sdk_ec2::Client, subnet_id: &str) -> Result<Value, AwsError> {
    let out = ec2
        .describe_subnets()
        .subnet_ids(subnet_id)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Ec2, "DescribeSubnets", e))?;
    let zone = out
        .subnets()
        .iter()
        .find(|s| s.subnet_id() == Some(subnet_id))
        .and_then(|s| s.availability_zone())
        .ok_or_else(|| AwsError::Fetch {
            arn: subnet_id.to_string(),
            message: "DescribeSubnets returned no Availability Zone for this subnet".into(),
        })?;
    Ok(json!({ "AvailabilityZone": zone }))
}

/// Kind `ec2.subnet-routes` (id: the subnet id): the route table the subnet uses, as
/// `{"routeTableId": "rtb-…", "routes": [{"destinationCidrBlock", "destinationIpv6CidrBlock",
/// "gatewayId"}]}`. A subnet without an explicit association uses its VPC's main route table,
/// found through the subnet's VPC (`DescribeSubnets`). Needs `ec2:DescribeRouteTables` and
/// `ec2:DescribeSubnets`.
pub async fn subnet_routes(ec2: &aws_sdk_ec2::Client, subnet_id: &str) -> Result<Value, AwsError> {
    use aws_sdk_ec2::types::Filter;
    let filter = |name: &str, value: &str| Filter::builder().name(name).values(value).build();
    let explicit = ec2
        .describe_route_tables()
        .filters(filter("association.subnet-id", subnet_id))
        .send()
        .await
        .map_err(|e| AwsError::call(Service::Ec2, "DescribeRouteTables", e))?;
    let table = match explicit.route_tables().first() {
        Some(t) => t.clone(),
        None => {
            let subnets = ec2
                .describe_subnets()
                .subnet_ids(subnet_id)
                .send()
                .await
                .map_err(|e| AwsError::call(Service::Ec2, "DescribeSubnets", e))?;
            let vpc = subnets
                .subnets()
                .first()
                .and_then(|s| s.vpc_id())
                .ok_or_else(|| AwsError::Fetch {
                    arn: subnet_id.to_string(),
                    message: "DescribeSubnets returned no subnet with a VPC".into(),
                })?
                .to_string();
            let main = ec2
                .describe_route_tables()
                .filters(filter("vpc-id", &vpc))
                .filters(filter("association.main", "true"))
                .send()
                .await
                .map_err(|e| AwsError::call(Service::Ec2, "DescribeRouteTables", e))?;
            main.route_tables()
                .first()
                .cloned()
                .ok_or_else(|| AwsError::Fetch {
                    arn: subnet_id.to_string(),
                    message: "the subnet's VPC has no main route table".into(),
                })?
        }
    };
    let routes: Vec<Value> = table
        .routes()
        .iter()
        .map(|r| {
            json!({
                "destinationCidrBlock": r.destination_cidr_block(),
                "destinationIpv6CidrBlock": r.destination_ipv6_cidr_block(),
                "gatewayId": r.gateway_id(),
            })
        })
        .collect();
    Ok(json!({ "routeTableId": table.route_table_id(), "routes": routes }))
}
