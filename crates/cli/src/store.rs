//! The embedded state store: the same [`ResourceState`] and [`HistoryEntry`] records the Lambda
//! keeps in DynamoDB, in one local JSON file, written atomically (a temporary file renamed over
//! the old one) so that an interrupted run never leaves half a file. While the CLI runs, the
//! records live in a [`MemoryStore`] (the pipeline's store); this module loads and saves them.

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vigil_core::state::{HistoryEntry, ResourceState};
use vigil_pipeline::memory::Contents;
use vigil_pipeline::MemoryStore;

const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    /// Current state per resource key (account#region#arn).
    resources: BTreeMap<String, ResourceState>,
    /// Every transition, oldest first.
    history: Vec<HistoryEntry>,
}

/// The local state store.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    data: StateFile,
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
                let data: StateFile = serde_json::from_str(&text).with_context(|| {
                    format!(
                        "state file {} is not a Vigil state file; move it aside or pass --state PATH / --no-state",
                        path.display()
                    )
                })?;
                if data.version != VERSION {
                    bail!(
                        "state file {} has version {}, this vigil reads version {VERSION}",
                        path.display(),
                        data.version
                    );
                }
                data
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StateFile {
                version: VERSION,
                ..StateFile::default()
            },
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
        };
        (
            MemoryStore::with_contents(contents),
            StateFilePath(self.path),
        )
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
        let data = StateFile {
            version: VERSION,
            resources: contents.resources.clone(),
            history: contents.history.clone(),
        };
        write_atomically(&self.0, &data)
    }
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
}
