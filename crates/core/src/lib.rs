//! # vigil-core
//!
//! Vigil's functional core. It turns EventBridge events into [`Observation`]s of one resource,
//! evaluates the [`rules`] catalogue against the normalised resource model, decides what changed
//! against the previous [`state`], and renders what the shells must do: the Security Hub findings
//! ([`asff`]) and the owner's alerts ([`message`]).
//!
//! **Invariant:** this crate does no I/O. It has no AWS SDK, no async runtime, no clock and no
//! environment access: time, settings and previous state come in as arguments. That keeps every
//! decision testable with literal JSON and shared unchanged by the Lambda functions and the CLI.

pub mod accept;
pub mod asff;
pub mod burst;
pub mod catalogue_doc;
pub mod data;
pub mod date;
pub mod decide;
pub mod delivery;
pub mod digest;
pub mod error;
pub mod evaluate;
pub mod fact;
pub mod fix;
pub mod heartbeat;
pub mod held;
pub mod json;
pub mod kinds;
pub mod lookups;
pub mod message;
pub mod observation;
pub mod outbox;
pub mod policy;
pub mod report;
pub mod resource;
pub mod resources;
pub mod rules;
pub mod secrets;
pub mod settings;
pub mod sources;
pub mod standards;
pub mod state;
pub mod storage;
pub mod sweep;
pub mod verdict;
pub mod vocabulary;

pub use decide::{decide, Decision, Transition};
pub use error::InputError;
pub use evaluate::{evaluate, RuleOutcome};
pub use fact::Fact;
pub use json::FieldWarning;
pub use lookups::{LookupKey, Lookups};
pub use observation::{Actor, Observation, ObservedState, Origin, SourceKind};
pub use report::Report;
pub use resource::{Resource, ResourceRef, ResourceType};
pub use settings::Settings;
pub use sources::{parse_event, parse_event_str, read_event, read_event_str, Parsed, Read};
pub use state::{ResourceState, RuleState, Status};
pub use verdict::Verdict;
