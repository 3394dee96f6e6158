//! DynamoDB: tables and DynamoDB Accelerator (DAX) clusters.

use super::CallEffect::{Deletes, Describes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::dax_cluster::DaxCluster;
use crate::resources::dynamodb_table::DynamoDbTable;

const DYNAMODB: &str = "dynamodb.amazonaws.com";

/// A table call names the table by its name: in the response's `tableDescription`, else the
/// request's `tableName`, else the request's `resourceArn` (the resource policy calls). The ARN
/// follows from the name.
const TABLE_NAMING: Naming = Naming {
    wrapper: Some("tableDescription"),
    name: &[
        Response(&["tableName"]),
        Request(&["tableName"]),
        Request(&["resourceArn"]),
    ],
    parent: &[],
    id: None,
    arn: Some(Response(&["tableArn"])),
    arn_pattern: "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
    built_arn: BuiltArn::Real,
};

/// A restore names the table it creates: in the response's `tableDescription`, else the
/// request's `targetTableName`.
const RESTORED_TABLE_NAMING: Naming = Naming {
    name: &[Response(&["tableName"]), Request(&["targetTableName"])],
    ..TABLE_NAMING
};

/// `AWS::DynamoDB::Table`. `CreateTable` and `UpdateTable` answer with the table
/// (`tableDescription`); point-in-time recovery (`UpdateContinuousBackups`, in AWS Config's
/// supplementary configuration) and the resource policy (looked up) need the table described.
/// A restore (`RestoreTableFromBackup`, `RestoreTableToPointInTime`) creates a new table, which
/// starts without point-in-time recovery, deletion protection or a resource policy whatever its
/// source had: it is described. Tagging (`TagResource`, `UntagResource`) changes the data
/// classification the severities and the data-aware rules read (`crate::data`), so the table is
/// described again. The TTL and on-demand backup calls change no setting a rule reads.
pub const TABLE: Kind = Kind {
    type_name: "AWS::DynamoDB::Table",
    asff_type: "AwsDynamoDbTable",
    noun: "DynamoDB table",
    recorded_by_config: true,
    parse: |c, s| DynamoDbTable::parse(c, s).map(Resource::DynamoDbTable),
    calls: &[
        call(DYNAMODB, "CreateTable", Describes, &TABLE_NAMING),
        call(DYNAMODB, "UpdateTable", Describes, &TABLE_NAMING),
        call(DYNAMODB, "UpdateContinuousBackups", Names, &TABLE_NAMING),
        call(DYNAMODB, "PutResourcePolicy", Names, &TABLE_NAMING),
        call(DYNAMODB, "DeleteResourcePolicy", Names, &TABLE_NAMING),
        call(
            DYNAMODB,
            "RestoreTableFromBackup",
            Names,
            &RESTORED_TABLE_NAMING,
        ),
        call(
            DYNAMODB,
            "RestoreTableToPointInTime",
            Names,
            &RESTORED_TABLE_NAMING,
        ),
        call(DYNAMODB, "TagResource", Names, &TABLE_NAMING),
        call(DYNAMODB, "UntagResource", Names, &TABLE_NAMING),
        call(DYNAMODB, "DeleteTable", Deletes, &TABLE_NAMING),
    ],
    // The table with its point-in-time recovery status and tags, as the sweep lists it.
    describe: Some(ApiCall {
        operation: "DescribeTable",
        actions: &[
            "dynamodb:DescribeTable",
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:ListTagsOfResource",
        ],
    }),
    // Each table described, with its point-in-time recovery status and its tags.
    list: ApiCall {
        operation: "ListTables",
        actions: &[
            "dynamodb:ListTables",
            "dynamodb:DescribeTable",
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:ListTagsOfResource",
        ],
    },
};

const DAX: &str = "dax.amazonaws.com";

/// A DAX call names the cluster by its name, in the response's `cluster` (or a flattened
/// response) or the request; the ARN follows from the name.
const CLUSTER_NAMING: Naming = Naming {
    wrapper: Some("cluster"),
    name: &[Response(&["clusterName"]), Request(&["clusterName"])],
    parent: &[],
    id: None,
    arn: Some(Response(&["clusterArn"])),
    arn_pattern: "arn:{partition}:dax:{region}:{account}:cache/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::DAX::Cluster` (CloudFormation's name). AWS Config does not record DAX clusters: their
/// only events are these calls (names as the DAX API reference spells the actions).
pub const DAX_CLUSTER: Kind = Kind {
    type_name: "AWS::DAX::Cluster",
    // ASFF has no resource type for DAX clusters: DynamoDB.3 and DynamoDB.7 findings use
    // `Other`, as the ASFF Resources reference allows.
    asff_type: "Other",
    noun: "DAX cluster",
    recorded_by_config: false,
    parse: |c, _| DaxCluster::parse(c).map(Resource::DaxCluster),
    calls: &[
        call(DAX, "CreateCluster", Describes, &CLUSTER_NAMING),
        call(DAX, "UpdateCluster", Describes, &CLUSTER_NAMING),
        call(DAX, "DeleteCluster", Deletes, &CLUSTER_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "DescribeClusters",
        actions: &["dax:DescribeClusters"],
    }),
    list: ApiCall {
        operation: "DescribeClusters",
        actions: &["dax:DescribeClusters"],
    },
};
