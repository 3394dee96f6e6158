//! Rules for AWS Secrets Manager secrets. They read a secret's metadata only; AWS Config never
//! records secret values, and neither does Vigil.

pub mod secret_rotation_enabled;
pub mod secret_rotation_succeeds;
