//! EC2 list adapters: security groups and VPC endpoints, in the AWS Config schema's names.

use super::{described, tag_map, Description, Target};
use crate::error::{AwsError, Service};
use aws_sdk_ec2::types::IpPermission;
use serde_json::{json, Value};
use vigil_core::resource::ResourceType;

fn permissions(list: &[IpPermission]) -> Vec<Value> {
    list.iter()
        .map(|p| {
            json!({
                "ipProtocol": p.ip_protocol(),
                "fromPort": p.from_port(),
                "toPort": p.to_port(),
                "ipv4Ranges": p.ip_ranges().iter()
                    .map(|r| json!({"cidrIp": r.cidr_ip()})).collect::<Vec<_>>(),
                "ipv6Ranges": p.ipv6_ranges().iter()
                    .map(|r| json!({"cidrIpv6": r.cidr_ipv6()})).collect::<Vec<_>>(),
                "prefixListIds": p.prefix_list_ids().iter()
                    .map(|r| json!({"prefixListId": r.prefix_list_id()})).collect::<Vec<_>>(),
                "userIdGroupPairs": p.user_id_group_pairs().iter()
                    .map(|r| json!({"groupId": r.group_id(), "userId": r.user_id()}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn ec2_arn(target: &Target, resource: &str) -> String {
    format!(
        "arn:{}:ec2:{}:{}:{resource}",
        target.partition(),
        target.region,
        target.account
    )
}

/// Every security group (`DescribeSecurityGroups`), named by its group id as AWS Config does.
pub async fn security_groups(
    ec2: &aws_sdk_ec2::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = ec2
        .describe_security_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Ec2, "DescribeSecurityGroups", e))?;
    Ok(all
        .iter()
        .filter_map(|g| {
            let id = g.group_id()?;
            let configuration = json!({
                "groupId": id,
                "groupName": g.group_name(),
                "vpcId": g.vpc_id(),
                "ownerId": g.owner_id(),
                "ipPermissions": permissions(g.ip_permissions()),
                "ipPermissionsEgress": permissions(g.ip_permissions_egress()),
            });
            Some(Description {
                tags: Some(tag_map(g.tags().iter().map(|t| (t.key(), t.value())))),
                ..described(
                    ResourceType::EC2_SECURITY_GROUP,
                    id,
                    g.group_name(),
                    ec2_arn(target, &format!("security-group/{id}")),
                    configuration,
                    "DescribeSecurityGroups",
                )
            })
        })
        .collect())
}

/// Every VPC endpoint (`DescribeVpcEndpoints`), with its policy document, named by its id.
pub async fn vpc_endpoints(
    ec2: &aws_sdk_ec2::Client,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = ec2
        .describe_vpc_endpoints()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Ec2, "DescribeVpcEndpoints", e))?;
    Ok(all
        .iter()
        .filter_map(|e| {
            let id = e.vpc_endpoint_id()?;
            let configuration = json!({
                "vpcEndpointId": id,
                "vpcEndpointType": e.vpc_endpoint_type().map(|t| t.as_str()),
                "serviceName": e.service_name(),
                "vpcId": e.vpc_id(),
                "subnetIds": e.subnet_ids(),
                "routeTableIds": e.route_table_ids(),
                "privateDnsEnabled": e.private_dns_enabled(),
                "state": e.state().map(|s| json!({"value": s.as_str()})),
                "policyDocument": e.policy_document(),
            });
            Some(Description {
                tags: Some(tag_map(e.tags().iter().map(|t| (t.key(), t.value())))),
                ..described(
                    ResourceType::EC2_VPC_ENDPOINT,
                    id,
                    None,
                    ec2_arn(target, &format!("vpc-endpoint/{id}")),
                    configuration,
                    "DescribeVpcEndpoints",
                )
            })
        })
        .collect())
}
