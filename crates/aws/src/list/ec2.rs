//! EC2 list adapters: security groups and VPC endpoints, in the AWS Config schema's names.

use super::{described, tag_map, Description, Target};
use crate::error::{unless_missing, AwsError, Service};
use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_sdk_ec2::types::{IpPermission, SecurityGroup, VpcEndpoint};
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
        .filter_map(|g| security_group_description(g, target))
        .collect())
}

/// One security group by id (`DescribeSecurityGroups` with `GroupIds`), or `None` when EC2 has
/// no such group (`InvalidGroup.NotFound`): the describe adapter of `AWS::EC2::SecurityGroup`.
pub async fn security_group(
    ec2: &aws_sdk_ec2::Client,
    target: &Target,
    id: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        ec2.describe_security_groups().group_ids(id).send().await,
        |e| {
            e.code() == Some("InvalidGroup.NotFound")
                || e.code() == Some("InvalidGroupId.Malformed")
        },
        Service::Ec2,
        "DescribeSecurityGroups",
    )?;
    Ok(found.and_then(|out| {
        out.security_groups()
            .iter()
            .find(|g| g.group_id() == Some(id))
            .and_then(|g| security_group_description(g, target))
    }))
}

/// One SDK security group in the AWS Config schema's names, named by its group id.
fn security_group_description(g: &SecurityGroup, target: &Target) -> Option<Description> {
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
        .filter_map(|e| vpc_endpoint_description(e, target))
        .collect())
}

/// One VPC endpoint by id (`DescribeVpcEndpoints` with `VpcEndpointIds`), or `None` when EC2 has
/// no such endpoint (`InvalidVpcEndpointId.NotFound`), or it is deleted (EC2 keeps a deleted
/// endpoint visible for a while in state `deleted`): the describe adapter of
/// `AWS::EC2::VPCEndpoint`.
pub async fn vpc_endpoint(
    ec2: &aws_sdk_ec2::Client,
    target: &Target,
    id: &str,
) -> Result<Option<Description>, AwsError> {
    let found = unless_missing(
        ec2.describe_vpc_endpoints()
            .vpc_endpoint_ids(id)
            .send()
            .await,
        |e| {
            e.code() == Some("InvalidVpcEndpointId.NotFound")
                || e.code() == Some("InvalidVpcEndpointId.Malformed")
        },
        Service::Ec2,
        "DescribeVpcEndpoints",
    )?;
    Ok(found.and_then(|out| {
        out.vpc_endpoints()
            .iter()
            .filter(|e| {
                !e.state()
                    .is_some_and(|s| s.as_str().eq_ignore_ascii_case("deleted"))
            })
            .find(|e| e.vpc_endpoint_id() == Some(id))
            .and_then(|e| vpc_endpoint_description(e, target))
    }))
}

/// One SDK VPC endpoint in the AWS Config schema's names, with its policy document, named by
/// its id.
fn vpc_endpoint_description(e: &VpcEndpoint, target: &Target) -> Option<Description> {
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
}
