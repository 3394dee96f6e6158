//! Rules for Amazon RDS.

pub mod instance_backups;
pub mod instance_deletion_protection;
pub mod instance_public_access;
pub mod instance_storage_encrypted;
