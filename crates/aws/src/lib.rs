//! # vigil-aws
//!
//! Vigil's AWS shell: everything that talks to AWS, and nothing that decides. It loads and
//! stores [`vigil_core::ResourceState`] in DynamoDB ([`store`]), imports findings to Security
//! Hub and publishes alerts to SNS ([`publish`]), fetches configurations an event did not carry
//! ([`fetch`]), and runs one event through the core's single path ([`service`]).
//!
//! Each adapter is thin: it converts between SDK types and the core's types and maps SDK errors
//! to [`AwsError`]. Tests run them against moto_server through the real SDK.

pub mod error;
pub mod fetch;
pub mod metrics;
pub mod publish;
pub mod service;
pub mod store;

pub use error::AwsError;
pub use service::{EvaluateService, ServiceConfig};
