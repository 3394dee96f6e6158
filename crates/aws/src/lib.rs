//! # vigil-aws
//!
//! Vigil's AWS shell: everything that talks to AWS, and nothing that decides. It implements the
//! pipeline's three seams over AWS and runs one event through them ([`service`]):
//!
//! - [`store`]: the DynamoDB state store.
//! - [`resolve`]: the resolver, which fetches configurations an event did not carry
//!   ([`describe`], including oversized Config items from AWS Config's history) and answers the
//!   lookups rules declare ([`lookup`]).
//! - [`deliver`]: findings to Security Hub and alerts to SNS.
//!
//! Every SDK client comes from one [`clients::Clients`] value per scope (account, region), given
//! by a [`clients::ClientFactory`]. Time comes from an injected [`clock::Clock`].
//!
//! Each adapter is thin: it converts between SDK types and the core's types and maps SDK errors
//! to [`AwsError`], which keeps their kind ([`ErrorKind`]). Tests run them against moto_server
//! through the real SDK.

pub mod clients;
pub mod clock;
pub mod deliver;
pub mod describe;
pub mod error;
pub mod list;
pub mod lookup;
pub mod metrics;
pub mod recheck;
pub mod resilience;
pub mod resolve;
pub mod service;
pub mod store;
pub mod sweep;
pub mod sweep_queue;
pub mod watch;

pub use clients::{ClientFactory, Clients, Scope, SdkClientFactory};
pub use clock::Clock;
pub use error::{AwsError, ErrorKind};
pub use resilience::Resilience;
pub use resolve::AwsResolver;
pub use service::{EvaluateService, ServiceConfig};
