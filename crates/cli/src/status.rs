//! `vigil status`: when Vigil last processed an event and a sweep (the heartbeat,
//! `vigil_core::heartbeat`), from the local state store, or with `--table` from a deployed
//! stack's DynamoDB table, read with the caller's credentials (the standard AWS chain,
//! `--profile`, `--region`; `AWS_ENDPOINT_URL` honoured). Read-only: one `GetItem`.

use crate::store::{resolve_path, FileStore, StoreArgs};
use anyhow::{Context as _, Result};
use vigil_core::heartbeat::Heartbeat;

/// The heartbeat, rendered for people, with where it was read.
pub fn run(store: StoreArgs) -> Result<String> {
    let (heartbeat, place) = match &store.table {
        None => {
            let path = resolve_path(store.state.clone())?;
            let file = FileStore::open(path.clone())?;
            (
                file.heartbeat().clone(),
                format!("state file {}", path.display()),
            )
        }
        Some(table) => (remote(table, &store)?, format!("DynamoDB table {table}")),
    };
    Ok(format!(
        "Vigil heartbeat ({place})\n{}",
        heartbeat.render(chrono::Utc::now())
    ))
}

fn remote(table: &str, store: &StoreArgs) -> Result<Heartbeat> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let sdk = store.sdk().await?;
        let store =
            vigil_aws::store::DynamoStore::new(vigil_aws::Clients::new(&sdk).dynamodb, table);
        store
            .heartbeat()
            .await
            .with_context(|| format!("cannot read the heartbeat from table {table}"))
    })
}
