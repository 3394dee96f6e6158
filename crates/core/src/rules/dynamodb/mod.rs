//! Rules for Amazon DynamoDB.
//!
//! FSBP DynamoDB.3 and DynamoDB.7 concern DynamoDB Accelerator (DAX) clusters, not tables; Vigil
//! does not model DAX clusters (see docs/coverage.md).

pub mod table_autoscaling;
pub mod table_deletion_protection;
pub mod table_pitr;
