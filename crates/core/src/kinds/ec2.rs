//! EC2: security groups and VPC endpoints.

use super::{ApiCall, Kind};
use crate::resource::Resource;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;

/// `AWS::EC2::SecurityGroup`.
pub const SECURITY_GROUP: Kind = Kind {
    type_name: "AWS::EC2::SecurityGroup",
    asff_type: "AwsEc2SecurityGroup",
    noun: "security group",
    recorded_by_config: true,
    parse: |c, _| SecurityGroup::parse(c).map(Resource::SecurityGroup),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "DescribeSecurityGroups",
        actions: &["ec2:DescribeSecurityGroups"],
    },
};

/// `AWS::EC2::VPCEndpoint`.
pub const VPC_ENDPOINT: Kind = Kind {
    type_name: "AWS::EC2::VPCEndpoint",
    // ASFF's `AwsEc2VpcEndpointService` is the provider side (an endpoint *service*), not an
    // endpoint in a consumer VPC; ASFF has no endpoint type, so `Other`.
    asff_type: "Other",
    noun: "VPC endpoint",
    recorded_by_config: true,
    parse: |c, _| VpcEndpoint::parse(c).map(Resource::VpcEndpoint),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "DescribeVpcEndpoints",
        actions: &["ec2:DescribeVpcEndpoints"],
    },
};
