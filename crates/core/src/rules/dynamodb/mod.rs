//! Rules for Amazon DynamoDB.
//!
//! FSBP DynamoDB.3 and DynamoDB.7 concern DynamoDB Accelerator (DAX) clusters, not tables
//! (`dax_encrypted`, `dax_tls`; the `AWS::DAX::Cluster` type reaches Vigil through CloudTrail
//! calls and `DescribeClusters`, as AWS Config does not record it).
//!
//! Lookup kind these rules declare (answered by the shell, `crates/aws/src/lookup/dynamodb.rs`):
//! - `dynamodb.resource-policy`, id = table ARN: `{"Policy": "<JSON text>" | null}` from
//!   `GetResourcePolicy` (null when the table has no resource-based policy).
//! - `backup.selections`, id = table ARN: every AWS Backup plan's selections
//!   (`rules::backup_plan`, DynamoDB.4).

pub mod dax_encrypted;
pub mod dax_multi_az;
pub mod dax_tls;
pub mod table_autoscaling;
pub mod table_backup_plan;
pub mod table_data_events;
pub mod table_deletion_protection;
pub mod table_pitr;
pub mod table_resource_policy;
