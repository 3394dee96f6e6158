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
mod data_events;
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

/// Runs a test on its own thread with a 32 MiB stack and a current-thread runtime. In a debug
/// build, the SDK's readers (RDS's XML answers) under a describe behind the pipeline, and the
/// longer scenarios' futures, need more than a test thread's stack, even boxed.
pub(crate) fn big_stack<F, Fut>(test: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    std::thread::Builder::new()
        .stack_size(32 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(test())
        })
        .expect("test thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}
