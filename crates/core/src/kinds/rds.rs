//! RDS: DB instances, clusters, snapshots and proxies.

use super::CallEffect::{Deletes, Describes};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::rds_cluster::DbCluster;
use crate::resources::rds_db_proxy::DbProxy;
use crate::resources::rds_event_subscription::EventSubscription;
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
    parent: &[],
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

/// A cluster call names the cluster by its identifier; the response carries the ARN and the
/// `dbClusterResourceId` AWS Config names it by.
const CLUSTER_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["dBClusterIdentifier"]),
        Request(&["dBClusterIdentifier"]),
    ],
    parent: &[],
    id: Some(Response(&["dbClusterResourceId"])),
    arn: Some(Response(&["dBClusterArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:cluster:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::RDS::DBCluster`. Every call's response is the cluster (`DBCluster`).
pub const DB_CLUSTER: Kind = Kind {
    type_name: "AWS::RDS::DBCluster",
    asff_type: "AwsRdsDbCluster",
    noun: "RDS database cluster",
    recorded_by_config: true,
    parse: |c, _| DbCluster::parse(c).map(Resource::DbCluster),
    calls: &[
        call(RDS, "CreateDBCluster", Describes, &CLUSTER_NAMING),
        call(RDS, "ModifyDBCluster", Describes, &CLUSTER_NAMING),
        call(
            RDS,
            "RestoreDBClusterFromSnapshot",
            Describes,
            &CLUSTER_NAMING,
        ),
        call(
            RDS,
            "RestoreDBClusterToPointInTime",
            Describes,
            &CLUSTER_NAMING,
        ),
        call(RDS, "RestoreDBClusterFromS3", Describes, &CLUSTER_NAMING),
        call(RDS, "DeleteDBCluster", Deletes, &CLUSTER_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeDBClusters",
        actions: &["rds:DescribeDBClusters"],
    }),
    list: ApiCall {
        operation: "DescribeDBClusters",
        actions: &["rds:DescribeDBClusters"],
    },
};

/// A snapshot call names the snapshot by its identifier: in the response (the snapshot, or
/// `ModifyDBSnapshotAttribute`'s `dBSnapshotAttributesResult`), else the request. A copy is
/// named by its target. The ARN follows from the name.
const SNAPSHOT_NAMING: Naming = Naming {
    wrapper: Some("dBSnapshotAttributesResult"),
    name: &[
        Response(&["dBSnapshotIdentifier"]),
        Request(&["targetDBSnapshotIdentifier"]),
        Request(&["dBSnapshotIdentifier"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["dBSnapshotArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:snapshot:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::RDS::DBSnapshot`. A create or copy response is the snapshot (`DBSnapshot`);
/// `ModifyDBSnapshotAttribute`'s is the snapshot's whole attribute list, which AWS Config
/// records as the supplementary `DBSnapshotAttributes`: who may restore it is known at once.
/// `ModifyDBSnapshot` (engine upgrades, option groups) changes no setting a rule reads.
pub const DB_SNAPSHOT: Kind = Kind {
    type_name: "AWS::RDS::DBSnapshot",
    asff_type: "AwsRdsDbSnapshot",
    noun: "RDS database snapshot",
    recorded_by_config: true,
    parse: |c, s| DbSnapshot::parse(SnapshotKind::Instance, c, s).map(Resource::DbSnapshot),
    calls: &[
        call(RDS, "CreateDBSnapshot", Describes, &SNAPSHOT_NAMING),
        call(RDS, "CopyDBSnapshot", Describes, &SNAPSHOT_NAMING),
        call(
            RDS,
            "ModifyDBSnapshotAttribute",
            Describes,
            &SNAPSHOT_NAMING,
        )
        .supplement("dBSnapshotAttributes", "DBSnapshotAttributes"),
        call(RDS, "DeleteDBSnapshot", Deletes, &SNAPSHOT_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeDBSnapshots",
        actions: &[
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
        ],
    }),
    // With each manual snapshot's restore attribute (who it is shared with).
    list: ApiCall {
        operation: "DescribeDBSnapshots",
        actions: &[
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
        ],
    },
};

/// A cluster snapshot call names the snapshot like [`SNAPSHOT_NAMING`], with the cluster
/// snapshot members (`ModifyDBClusterSnapshotAttribute`'s result is
/// `dBClusterSnapshotAttributesResult`).
const CLUSTER_SNAPSHOT_NAMING: Naming = Naming {
    wrapper: Some("dBClusterSnapshotAttributesResult"),
    name: &[
        Response(&["dBClusterSnapshotIdentifier"]),
        Request(&["targetDBClusterSnapshotIdentifier"]),
        Request(&["dBClusterSnapshotIdentifier"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["dBClusterSnapshotArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::RDS::DBClusterSnapshot`, with the same calls as [`DB_SNAPSHOT`] for clusters.
pub const DB_CLUSTER_SNAPSHOT: Kind = Kind {
    type_name: "AWS::RDS::DBClusterSnapshot",
    asff_type: "AwsRdsDbClusterSnapshot",
    noun: "RDS cluster snapshot",
    recorded_by_config: true,
    parse: |c, s| DbSnapshot::parse(SnapshotKind::Cluster, c, s).map(Resource::DbSnapshot),
    calls: &[
        call(
            RDS,
            "CreateDBClusterSnapshot",
            Describes,
            &CLUSTER_SNAPSHOT_NAMING,
        ),
        call(
            RDS,
            "CopyDBClusterSnapshot",
            Describes,
            &CLUSTER_SNAPSHOT_NAMING,
        ),
        call(
            RDS,
            "ModifyDBClusterSnapshotAttribute",
            Describes,
            &CLUSTER_SNAPSHOT_NAMING,
        )
        .supplement("dBClusterSnapshotAttributes", "DBClusterSnapshotAttributes"),
        call(
            RDS,
            "DeleteDBClusterSnapshot",
            Deletes,
            &CLUSTER_SNAPSHOT_NAMING,
        ),
    ],
    describe: Some(ApiCall {
        operation: "DescribeDBClusterSnapshots",
        actions: &[
            "rds:DescribeDBClusterSnapshots",
            "rds:DescribeDBClusterSnapshotAttributes",
        ],
    }),
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
    parent: &[],
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

/// An event subscription call names the subscription by its name (`subscriptionName` in the
/// request; `custSubscriptionId` in the response, which also carries the ARN).
const EVENT_SUBSCRIPTION_NAMING: Naming = Naming {
    wrapper: Some("eventSubscription"),
    name: &[
        Response(&["custSubscriptionId"]),
        Request(&["subscriptionName"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["eventSubscriptionArn"])),
    arn_pattern: "arn:{partition}:rds:{region}:{account}:es:{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::RDS::EventSubscription`. Every write call's response is the whole subscription
/// (`EventSubscription`): creating or modifying it, and adding or removing a source id.
pub const EVENT_SUBSCRIPTION: Kind = Kind {
    type_name: "AWS::RDS::EventSubscription",
    asff_type: "AwsRdsEventSubscription",
    noun: "RDS event subscription",
    recorded_by_config: true,
    parse: |c, _| EventSubscription::parse(c).map(Resource::EventSubscription),
    calls: &[
        call(
            RDS,
            "CreateEventSubscription",
            Describes,
            &EVENT_SUBSCRIPTION_NAMING,
        ),
        call(
            RDS,
            "ModifyEventSubscription",
            Describes,
            &EVENT_SUBSCRIPTION_NAMING,
        ),
        call(
            RDS,
            "AddSourceIdentifierToSubscription",
            Describes,
            &EVENT_SUBSCRIPTION_NAMING,
        ),
        call(
            RDS,
            "RemoveSourceIdentifierFromSubscription",
            Describes,
            &EVENT_SUBSCRIPTION_NAMING,
        ),
        call(
            RDS,
            "DeleteEventSubscription",
            Deletes,
            &EVENT_SUBSCRIPTION_NAMING,
        ),
    ],
    describe: Some(ApiCall {
        operation: "DescribeEventSubscriptions",
        actions: &["rds:DescribeEventSubscriptions"],
    }),
    list: ApiCall {
        operation: "DescribeEventSubscriptions",
        actions: &["rds:DescribeEventSubscriptions"],
    },
};
