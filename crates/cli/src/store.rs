//! The embedded state store: the same [`ResourceState`] and [`HistoryEntry`] records the Lambda
//! keeps in DynamoDB, in one local JSON file, written atomically (a temporary file renamed over
//! the old one) so that an interrupted run never leaves half a file. While the CLI runs, the
//! records live in a [`MemoryStore`] (the pipeline's store); this module loads and saves them.

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vigil_core::accept::Acceptance;
use vigil_core::burst::Counter;
use vigil_core::heartbeat::Heartbeat;
use vigil_core::state::{HistoryEntry, ResourceState};
use vigil_core::storage;
use vigil_pipeline::memory::Contents;
use vigil_pipeline::MemoryStore;

/// Where a command reads or writes Vigil's records: the local state file, or with `--table` a
/// deployed stack's DynamoDB table with the caller's credentials (`vigil status`, `vigil accept`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct StoreArgs {
    /// The state file (default: $VIGIL_STATE_FILE, else the user's state directory).
    #[arg(long, conflicts_with = "table")]
    pub state: Option<PathBuf>,
    /// A deployed stack's state table (its `StateTableName` output).
    #[arg(long)]
    pub table: Option<String>,
    /// A named profile from the shared AWS config and credentials files (with --table).
    #[arg(long, requires = "table")]
    pub profile: Option<String>,
    /// The table's region (with --table; default: the configured region).
    #[arg(long, requires = "table")]
    pub region: Option<String>,
}

impl StoreArgs {
    /// The SDK configuration for the table: the standard credential chain, `--profile` and
    /// `--region` (`AWS_ENDPOINT_URL` honoured); an error that says what to do when no region
    /// is configured.
    pub async fn sdk(&self) -> Result<aws_config::SdkConfig> {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &self.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        let sdk = loader.load().await;
        if sdk.region().is_none() {
            bail!(
                "no AWS region: pass --region REGION or set AWS_REGION or a region in your profile"
            );
        }
        Ok(sdk)
    }
}

/// The file layout's version: 1 held the records as they were in memory; 2 holds each record
/// in the core's versioned storage encoding (`vigil_core::storage`), so a file written by an
/// earlier Vigil is still read.
const VERSION: u32 = 2;

/// The file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    /// Current state per resource key (account#region#arn), as stored documents.
    resources: BTreeMap<String, Value>,
    /// Every transition, oldest first, as stored documents.
    history: Vec<Value>,
    /// When the last event and sweep were processed (absent from files before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    heartbeat: Option<Heartbeat>,
    /// Failed console sign-in counters with when each expires (absent from files before them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    counters: BTreeMap<String, (Counter, i64)>,
    /// Accepted risks stored with `vigil accept`, per resource ARN (absent from files before
    /// them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    acceptances: BTreeMap<String, Vec<Acceptance>>,
}

/// The records, decoded.
#[derive(Debug, Default)]
struct Records {
    resources: BTreeMap<String, ResourceState>,
    history: Vec<HistoryEntry>,
    heartbeat: Heartbeat,
    counters: BTreeMap<String, (Counter, i64)>,
    acceptances: BTreeMap<String, Vec<Acceptance>>,
}

/// The local state store.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    data: Records,
}

/// Where a [`FileStore`]'s contents are saved back to.
#[derive(Debug)]
pub struct StateFilePath(PathBuf);

/// Where the state file lives: `--state`, else `$VIGIL_STATE_FILE`, else
/// `$XDG_STATE_HOME/vigil/state.json`, else `~/.local/state/vigil/state.json`.
pub fn resolve_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("VIGIL_STATE_FILE") {
        return Ok(PathBuf::from(p));
    }
    let base = match std::env::var_os("XDG_STATE_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(".local/state"),
            None => bail!("cannot choose a state file: set --state PATH, VIGIL_STATE_FILE or HOME, or use --no-state"),
        },
    };
    Ok(base.join("vigil/state.json"))
}

impl FileStore {
    /// Opens the store; a missing file is an empty store.
    pub fn open(path: PathBuf) -> Result<Self> {
        let data = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: StateFile = serde_json::from_str(&text).with_context(|| {
                    format!(
                        "state file {} is not a Vigil state file; move it aside or pass --state PATH / --no-state",
                        path.display()
                    )
                })?;
                if file.version == 0 || file.version > VERSION {
                    bail!(
                        "state file {} has version {}, this vigil reads versions 1 to {VERSION}: upgrade vigil, or pass --state PATH / --no-state",
                        path.display(),
                        file.version
                    );
                }
                decode(file).with_context(|| {
                    format!(
                        "state file {} holds a record this vigil cannot read; move it aside or pass --state PATH / --no-state",
                        path.display()
                    )
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Records::default(),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read state file {}", path.display()))
            }
        };
        Ok(FileStore { path, data })
    }

    /// The stored state of a resource.
    #[cfg(test)]
    pub fn get(&self, key: &str) -> Option<&ResourceState> {
        self.data.resources.get(key)
    }

    /// The records as the pipeline's in-memory store, and where to save them back.
    pub fn into_parts(self) -> (MemoryStore, StateFilePath) {
        let contents = Contents {
            resources: self.data.resources,
            history: self.data.history,
            heartbeat: self.data.heartbeat,
            counters: self.data.counters,
            acceptances: self.data.acceptances,
        };
        (
            MemoryStore::with_contents(contents),
            StateFilePath(self.path),
        )
    }

    /// When the last event and sweep were processed.
    pub fn heartbeat(&self) -> &Heartbeat {
        &self.data.heartbeat
    }

    /// The timeline of a resource, by ARN or name.
    pub fn history_of(&self, resource: &str) -> Vec<&HistoryEntry> {
        self.data
            .history
            .iter()
            .filter(|h| h.resource.arn == resource || h.resource.name.as_deref() == Some(resource))
            .collect()
    }
}

impl StateFilePath {
    /// Writes `contents` atomically to the state file.
    pub fn save(&self, contents: &Contents) -> Result<()> {
        let resources = contents
            .resources
            .iter()
            .map(|(key, state)| Ok((key.clone(), storage::encode_state(state)?)))
            .collect::<Result<_, storage::StorageError>>()?;
        let history = contents
            .history
            .iter()
            .map(storage::encode_history)
            .collect::<Result<_, _>>()?;
        let data = StateFile {
            version: VERSION,
            resources,
            history,
            heartbeat: Some(contents.heartbeat.clone()),
            counters: contents.counters.clone(),
            acceptances: contents.acceptances.clone(),
        };
        write_atomically(&self.0, &data)
    }
}

/// Decodes every record of a file of any version (a version-1 file's records are schema-1
/// documents, which the core's decoder reads).
fn decode(file: StateFile) -> Result<Records, storage::StorageError> {
    Ok(Records {
        resources: file
            .resources
            .into_iter()
            .map(|(key, doc)| Ok((key, storage::decode_state(doc)?)))
            .collect::<Result<_, storage::StorageError>>()?,
        history: file
            .history
            .into_iter()
            .map(storage::decode_history)
            .collect::<Result<_, _>>()?,
        heartbeat: file.heartbeat.unwrap_or_default(),
        counters: file.counters,
        acceptances: file.acceptances,
    })
}

fn write_atomically(path: &Path, data: &StateFile) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = temp_path(path);
    let text = serde_json::to_string_pretty(data)?;
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_an_empty_store_and_a_corrupt_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = FileStore::open(path.clone()).unwrap();
        assert!(store.get("x").is_none());
        let (memory, file) = store.into_parts();
        file.save(&memory.contents()).unwrap();
        assert!(FileStore::open(path.clone()).is_ok());
        std::fs::write(&path, "{half").unwrap();
        let err = FileStore::open(path).unwrap_err().to_string();
        assert!(err.contains("not a Vigil state file"), "{err}");
    }

    #[test]
    fn a_version_1_file_from_the_previous_release_is_read_and_saved_as_version_2() {
        let state: Value =
            serde_json::from_str(include_str!("../../core/fixtures/state-v1.json")).unwrap();
        let entry: Value =
            serde_json::from_str(include_str!("../../core/fixtures/history-v1.json")).unwrap();
        let key = "123456789012#eu-west-2#arn:aws:rds:eu-west-2:123456789012:db:orders-db";
        let v1 = serde_json::json!({"version": 1, "resources": {key: state}, "history": [entry]});
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, v1.to_string()).unwrap();
        let store = FileStore::open(path.clone()).unwrap();
        assert!(store.get(key).is_some());
        assert_eq!(store.history_of("orders-db").len(), 1);
        let (memory, file) = store.into_parts();
        file.save(&memory.contents()).unwrap();
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(saved["version"], 2);
        assert_eq!(saved["resources"][key]["schema_version"], 2);
        let again = FileStore::open(path).unwrap();
        assert_eq!(again.get(key), memory.contents().resources.get(key));
    }

    #[test]
    fn a_file_from_a_newer_vigil_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, r#"{"version": 9, "resources": {}, "history": []}"#).unwrap();
        let err = format!("{:#}", FileStore::open(path).unwrap_err());
        assert!(err.contains("upgrade vigil"), "{err}");
    }
}
