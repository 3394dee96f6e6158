//! `vigil status`: when Vigil last processed an event and a sweep (the heartbeat,
//! `vigil_core::heartbeat`), from the local state store, or with `--table` from a deployed
//! stack's DynamoDB table, read with the caller's credentials (the standard AWS chain,
//! `--profile`, `--region`; `AWS_ENDPOINT_URL` honoured). Read-only: one `GetItem`.

use crate::store::{resolve_path, FileStore};
use anyhow::{bail, Context as _, Result};
use std::path::PathBuf;
use vigil_core::heartbeat::Heartbeat;

/// Where to read the heartbeat.
#[derive(Debug)]
pub enum Source {
    /// The local state file (`--state`, else the default path).
    Local(Option<PathBuf>),
    /// A deployed stack's state table.
    Table {
        /// The table's name (the stack's `StateTableName` output).
        table: String,
        /// A named profile.
        profile: Option<String>,
        /// The table's region.
        region: Option<String>,
    },
}

/// The heartbeat, rendered for people, with where it was read.
pub fn run(source: Source) -> Result<String> {
    let (heartbeat, place) = match source {
        Source::Local(state) => {
            let path = resolve_path(state)?;
            let store = FileStore::open(path.clone())?;
            (
                store.heartbeat().clone(),
                format!("state file {}", path.display()),
            )
        }
        Source::Table {
            table,
            profile,
            region,
        } => (
            remote(&table, profile, region)?,
            format!("DynamoDB table {table}"),
        ),
    };
    Ok(format!(
        "Vigil heartbeat ({place})\n{}",
        heartbeat.render(chrono::Utc::now())
    ))
}

fn remote(table: &str, profile: Option<String>, region: Option<String>) -> Result<Heartbeat> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(profile) = &profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = region {
            loader = loader.region(aws_config::Region::new(region));
        }
        let sdk = loader.load().await;
        if sdk.region().is_none() {
            bail!(
                "no AWS region: pass --region REGION or set AWS_REGION or a region in your profile"
            );
        }
        let store =
            vigil_aws::store::DynamoStore::new(vigil_aws::Clients::new(&sdk).dynamodb, table);
        store
            .heartbeat()
            .await
            .with_context(|| format!("cannot read the heartbeat from table {table}"))
    })
}
