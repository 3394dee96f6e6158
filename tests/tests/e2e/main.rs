//! The end-to-end scenarios, one module per service, built as one test binary: each binary links
//! the whole AWS SDK, so ten binaries cost ten links. Every test starts its own moto_server, so
//! the modules share nothing at run time.

mod accept;
mod account;
mod activity;
mod alerts;
mod apigateway;
mod backup;
mod burst;
mod call_cost;
mod cloudtrail_calls;
mod concurrency;
mod describers;
mod dynamodb;
mod evaluate;
mod faults;
mod fixtures;
mod heartbeat;
mod iam;
mod iam_users;
mod lambda;
mod lookups;
mod proxy_dax;
mod recheck;
mod scan;
mod secrets;
mod self_watch;
mod sweep;
mod watching;
