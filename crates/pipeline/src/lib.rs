//! # vigil-pipeline
//!
//! The one sequence every source goes through, whichever shell runs it:
//!
//! ```text
//! event or observation ─► parse ─► resolve ─► lookups ─► assess ─► load ─► decide ─► commit ─► deliver
//!                         (core)   (Resolver) (Resolver) (core)  (Store)  (core)   (Store)   (under the Store's
//!                                                                                            delivery lease: Deliverer,
//!                                                                                            then Store::replace_outbox)
//! ```
//!
//! The Lambda, the CLI and the sweep choose implementations of three seams — a [`StateStore`],
//! a [`Resolver`] and a [`Deliverer`] — and call [`Pipeline::run_event`] or
//! [`Pipeline::run_observation`]; none of them writes the sequence itself, and this crate is the
//! only place outside `vigil-core` that calls [`vigil_core::decide`].
//!
//! **Invariant:** a committed transition is never lost. The decision's deliveries are committed
//! with the state (the outbox), delivered after the commit, and cleared only once delivered; a
//! retry of the same event finds it already applied and delivers what the outbox still holds.
//! A commit is conditional on the stored state it was decided from, and deliveries of one
//! resource run one at a time under a lease, always of the newest stored outbox: concurrent
//! invocations can neither drop a pending delivery nor import an older finding after a newer one.
//!
//! The crate has no AWS SDK and no runtime: the seams are traits whose futures are `Send`, so the
//! Lambda's multi-threaded runtime and the CLI's current-thread runtime drive the same code.

pub mod memory;
pub mod offline;
mod pipeline;
pub mod seams;
pub mod sweep;

pub use memory::MemoryStore;
pub use offline::{DiscardDeliverer, OfflineResolver};
pub use pipeline::{Pipeline, PipelineError};
pub use seams::{
    BoxError, Commit, Delivered, Deliverer, PartialDelivery, Resolution, Resolver, StateStore,
};
pub use sweep::{Listing, ListingOutcome};
