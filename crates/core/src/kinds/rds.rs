//! RDS: DB instances, clusters, snapshots and proxies.

use super::CallEffect::{Deletes, Describes};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::rds_cluster::DbCluster;
use crate::resources::rds_db_proxy::DbProxy;
use crate::resources::rds_instance::DbInstance;
use crate::resources::rds_snapshot::{DbSnapshot, SnapshotKind};

const RDS: &str = "rds.amazonaws.com";

/// An instance call names the instance by its identifier; the response carries the ARN and the
/// `dbiResourceId` AWS Config names it by.
const INSTANCE_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["dBInstanceIdentifier"]),
        Request(&["dBInstanceIdentifier"]),
    ],
    id: Some(Response(&["dbiResourceId"])),
    arn: Some(Response(&["dBInstanceArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:db:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::RDS::DBInstance`.
pub const DB_INSTANCE: Kind = Kind {
    type_name: "AWS::RDS::DBInstance",
    asff_type: "AwsRdsDbInstance",
    noun: "RDS database",
    recorded_by_config: true,
    parse: |c, _| DbInstance::parse(c).map(Resource::DbInstance),
    calls: &[
        call(RDS, "CreateDBInstance", Describes, &INSTANCE_NAMING),
        call(
            RDS,
            "CreateDBInstanceReadReplica",
            Describes,
            &INSTANCE_NAMING,
        ),
        call(RDS, "ModifyDBInstance", Describes, &INSTANCE_NAMING),
        call(
            RDS,
            "RestoreDBInstanceFromDBSnapshot",
            Describes,
            &INSTANCE_NAMING,
        ),
        call(
            RDS,
            "RestoreDBInstanceToPointInTime",
            Describes,
            &INSTANCE_NAMING,
        ),
        call(RDS, "RestoreDBInstanceFromS3", Describes, &INSTANCE_NAMING),
        call(RDS, "PromoteReadReplica", Describes, &INSTANCE_NAMING),
        call(RDS, "DeleteDBInstance", Deletes, &INSTANCE_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeDBInstances",
        actions: &["rds:DescribeDBInstances"],
    }),
    list: ApiCall {
        operation: "DescribeDBInstances",
        actions: &["rds:DescribeDBInstances"],
    },
};

/// `AWS::RDS::DBCluster`.
pub const DB_CLUSTER: Kind = Kind {
    type_name: "AWS::RDS::DBCluster",
    asff_type: "AwsRdsDbCluster",
    noun: "RDS database cluster",
    recorded_by_config: true,
    parse: |c, _| DbCluster::parse(c).map(Resource::DbCluster),
    calls: &[],
    describe: Some(ApiCall {
        operation: "DescribeDBClusters",
        actions: &["rds:DescribeDBClusters"],
    }),
    list: ApiCall {
        operation: "DescribeDBClusters",
        actions: &["rds:DescribeDBClusters"],
    },
};

/// `AWS::RDS::DBSnapshot`.
pub const DB_SNAPSHOT: Kind = Kind {
    type_name: "AWS::RDS::DBSnapshot",
    asff_type: "AwsRdsDbSnapshot",
    noun: "RDS database snapshot",
    recorded_by_config: true,
    parse: |c, s| DbSnapshot::parse(SnapshotKind::Instance, c, s).map(Resource::DbSnapshot),
    calls: &[],
    describe: None,
    // With each manual snapshot's restore attribute (who it is shared with).
    list: ApiCall {
        operation: "DescribeDBSnapshots",
        actions: &[
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
        ],
    },
};

/// `AWS::RDS::DBClusterSnapshot`.
pub const DB_CLUSTER_SNAPSHOT: Kind = Kind {
    type_name: "AWS::RDS::DBClusterSnapshot",
    asff_type: "AwsRdsDbClusterSnapshot",
    noun: "RDS cluster snapshot",
    recorded_by_config: true,
    parse: |c, s| DbSnapshot::parse(SnapshotKind::Cluster, c, s).map(Resource::DbSnapshot),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "DescribeDBClusterSnapshots",
        actions: &[
            "rds:DescribeDBClusterSnapshots",
            "rds:DescribeDBClusterSnapshotAttributes",
        ],
    },
};

/// A proxy call names the proxy by its name, in the response (the proxy itself, or the result's
/// `dBProxy` member) or the request. A proxy's ARN ends in its resource id
/// (`db-proxy:prx-…`), which only a description carries: until then the proxy is named by a
/// stand-in ARN built from its name, and the describe call gives the real one.
const PROXY_NAMING: Naming = Naming {
    wrapper: Some("dBProxy"),
    name: &[Response(&["dBProxyName"]), Request(&["dBProxyName"])],
    id: None,
    arn: Some(Response(&["dBProxyArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:db-proxy:{name}",
    built_arn: BuiltArn::Provisional,
};

/// `AWS::RDS::DBProxy` (CloudFormation's name). AWS Config does not record DB proxies: their
/// only events are these calls.
pub const DB_PROXY: Kind = Kind {
    type_name: "AWS::RDS::DBProxy",
    // ASFF has no resource type for RDS proxies: RDS.43 findings use `Other`, as the ASFF
    // Resources reference allows.
    asff_type: "Other",
    noun: "RDS proxy",
    recorded_by_config: false,
    parse: |c, _| DbProxy::parse(c).map(Resource::DbProxy),
    calls: &[
        call(RDS, "CreateDBProxy", Describes, &PROXY_NAMING),
        call(RDS, "ModifyDBProxy", Describes, &PROXY_NAMING),
        call(RDS, "DeleteDBProxy", Deletes, &PROXY_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeDBProxies",
        actions: &["rds:DescribeDBProxies"],
    }),
    list: ApiCall {
        operation: "DescribeDBProxies",
        actions: &["rds:DescribeDBProxies"],
    },
};
