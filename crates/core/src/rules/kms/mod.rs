//! Rules for AWS KMS keys.

pub mod customer_managed_encryption;
pub mod key_not_pending_deletion;
pub mod key_policy_public;
pub mod key_rotation;
