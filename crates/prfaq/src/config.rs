//! Finding `prfaq.toml`: the nearest one walking up from a document's folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use prfaq_lint::Config;

/// The configuration file's name.
pub const FILE_NAME: &str = "prfaq.toml";

/// The largest configuration file read; a real one is a few hundred bytes.
const MAX_BYTES: usize = 1024 * 1024;

/// Loads configurations once per folder.
#[derive(Default)]
pub struct ConfigCache {
    /// An explicit `--config` file, which wins over discovery.
    explicit: Option<Config>,
    by_dir: HashMap<PathBuf, Config>,
}

impl ConfigCache {
    pub fn new(explicit: Option<&Path>) -> Result<ConfigCache> {
        let explicit = explicit.map(read).transpose()?;
        Ok(ConfigCache {
            explicit,
            by_dir: HashMap::new(),
        })
    }

    /// The configuration that applies to a document at `path`.
    pub fn for_file(&mut self, path: &Path) -> Result<Config> {
        if let Some(config) = &self.explicit {
            return Ok(config.clone());
        }
        // The search starts from the file's absolute folder, so `doc.md`, `./doc.md` and
        // `sub/../doc.md` all find the same `prfaq.toml` above them.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = absolute
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        if let Some(config) = self.by_dir.get(&dir) {
            return Ok(config.clone());
        }
        let config = match find(&dir) {
            Some(file) => read(&file)?,
            None => Config::default(),
        };
        self.by_dir.insert(dir, config.clone());
        Ok(config)
    }
}

/// The nearest `prfaq.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and validates one configuration file.
pub fn read(path: &Path) -> Result<Config> {
    let bytes = crate::files::read_bytes(path, MAX_BYTES)
        .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("cannot read {}: it is not UTF-8 text", path.display()))?;
    Config::from_toml(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}
