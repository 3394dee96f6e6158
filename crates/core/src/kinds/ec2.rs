//! EC2: security groups and VPC endpoints.

use super::CallEffect::{Deletes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;

const EC2: &str = "ec2.amazonaws.com";

/// A security group call names the group by its id: the request's `groupId`, the response's
/// (`CreateSecurityGroup`), or `ModifySecurityGroupRules`'s request, which EC2 records under
/// `ModifySecurityGroupRulesRequest` with the API's own capitalisation. The ARN follows from the
/// id (AWS Config's resource id).
const GROUP_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Request(&["groupId"]),
        Response(&["groupId"]),
        Request(&["ModifySecurityGroupRulesRequest", "GroupId"]),
    ],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:ec2:{region}:{account}:security-group/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::EC2::SecurityGroup`. No call's response holds the group's rules (a rule change carries
/// only the rules it adds or removes, which cannot say what the group now allows): every change
/// has the group described again.
pub const SECURITY_GROUP: Kind = Kind {
    type_name: "AWS::EC2::SecurityGroup",
    asff_type: "AwsEc2SecurityGroup",
    noun: "security group",
    recorded_by_config: true,
    parse: |c, _| SecurityGroup::parse(c).map(Resource::SecurityGroup),
    calls: &[
        call(EC2, "CreateSecurityGroup", Names, &GROUP_NAMING),
        call(EC2, "AuthorizeSecurityGroupIngress", Names, &GROUP_NAMING),
        call(EC2, "RevokeSecurityGroupIngress", Names, &GROUP_NAMING),
        call(EC2, "AuthorizeSecurityGroupEgress", Names, &GROUP_NAMING),
        call(EC2, "RevokeSecurityGroupEgress", Names, &GROUP_NAMING),
        call(EC2, "ModifySecurityGroupRules", Names, &GROUP_NAMING),
        call(EC2, "DeleteSecurityGroup", Deletes, &GROUP_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeSecurityGroups",
        actions: &["ec2:DescribeSecurityGroups"],
    }),
    list: ApiCall {
        operation: "DescribeSecurityGroups",
        actions: &["ec2:DescribeSecurityGroups"],
    },
};

/// A VPC endpoint call names the endpoint by its id. EC2 records these newer calls under the
/// request's and response's own names (`CreateVpcEndpointResponse.vpcEndpoint.vpcEndpointId`,
/// `ModifyVpcEndpointRequest.VpcEndpointId`, and `DeleteVpcEndpointsRequest.VpcEndpointId` as a
/// `{"tag", "content"}` list member). A delete of several endpoints in one call is reported as not
/// evaluated (one event is one observation); AWS Config's items report each deletion.
const ENDPOINT_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["CreateVpcEndpointResponse", "vpcEndpoint", "vpcEndpointId"]),
        Request(&["ModifyVpcEndpointRequest", "VpcEndpointId"]),
        Request(&["DeleteVpcEndpointsRequest", "VpcEndpointId", "content"]),
    ],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::EC2::VPCEndpoint`. The create response holds the endpoint in EC2's own shape, not
/// AWS Config's: every change has the endpoint described again.
pub const VPC_ENDPOINT: Kind = Kind {
    type_name: "AWS::EC2::VPCEndpoint",
    // ASFF's `AwsEc2VpcEndpointService` is the provider side (an endpoint *service*), not an
    // endpoint in a consumer VPC; ASFF has no endpoint type, so `Other`.
    asff_type: "Other",
    noun: "VPC endpoint",
    recorded_by_config: true,
    parse: |c, _| VpcEndpoint::parse(c).map(Resource::VpcEndpoint),
    calls: &[
        call(EC2, "CreateVpcEndpoint", Names, &ENDPOINT_NAMING),
        call(EC2, "ModifyVpcEndpoint", Names, &ENDPOINT_NAMING),
        call(EC2, "DeleteVpcEndpoints", Deletes, &ENDPOINT_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeVpcEndpoints",
        actions: &["ec2:DescribeVpcEndpoints"],
    }),
    list: ApiCall {
        operation: "DescribeVpcEndpoints",
        actions: &["ec2:DescribeVpcEndpoints"],
    },
};
