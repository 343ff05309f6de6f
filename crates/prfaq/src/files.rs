//! Finding and reading the files the user names: folders are walked once per file
//! (symbolic link loops are noticed, `.gitignore` is respected), and a document is read
//! only if it is a regular file, and never past the size limit.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The file name endings searched for in folders.
const EXTENSIONS: &[&str] = &["md", "markdown", "mdown"];

/// Folders never searched: build output and installed packages hold other people's text.
const SKIPPED_FOLDERS: &[&str] = &["target", "node_modules"];

/// What a walk over the given paths found.
#[derive(Debug, Default)]
pub struct Found {
    /// The documents, in a stable order.
    pub files: Vec<PathBuf>,
    /// Paths that could not be searched, with the reason (a folder that cannot be read).
    pub errors: Vec<(String, String)>,
}

/// Finds the Markdown files under the given paths, in a stable order. A path named on the
/// command line is taken as it is (reading it says whether it is a document); inside
/// folders, what is not a regular file is skipped with a note on standard error when
/// `notes` is true, and so is a symbolic link back to a folder being searched.
pub fn collect(paths: &[PathBuf], notes: bool) -> Result<Found> {
    let mut found = Found::default();
    for path in paths {
        if path.is_dir() {
            walk(path, notes, &mut found);
        } else if path.exists() || path.symlink_metadata().is_ok() {
            found.files.push(path.clone());
        } else {
            bail!("{}: no such file or folder", path.display());
        }
    }
    Ok(found)
}

fn walk(dir: &Path, notes: bool, found: &mut Found) {
    let walker = ignore::WalkBuilder::new(dir)
        // Folders reached through symbolic links are searched; a link back to a folder
        // being searched is reported as a loop instead of being followed forever.
        .follow_links(true)
        // `.gitignore` applies whether or not the folder is inside a git repository.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|entry| {
            let name = entry.file_name().to_str().unwrap_or("");
            !(entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && SKIPPED_FOLDERS.contains(&name))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                if let Some((path, ancestor)) = symlink_loop(&err) {
                    if notes {
                        eprintln!(
                            "note: {}: skipped, a symbolic link back to {}",
                            path.display(),
                            ancestor.display()
                        );
                    }
                } else if err.io_error().is_some() {
                    let (path, message) = split_walk_error(&err, dir);
                    found.errors.push((path, message));
                } else if notes {
                    // A line of a `.gitignore` that cannot be read as a pattern: the
                    // rest of the file still applies.
                    eprintln!("note: {err}");
                }
                continue;
            }
        };
        let path = entry.path();
        let markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e));
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if !markdown || kind.is_dir() {
            continue;
        }
        if kind.is_file() {
            found.files.push(path.to_path_buf());
        } else if notes {
            eprintln!(
                "note: {}: skipped, {}",
                path.display(),
                not_regular(&kind).unwrap_or("not a regular file")
            );
        }
    }
}

/// The link and the folder it leads back to, when a walk error is a symbolic link loop.
fn symlink_loop(err: &ignore::Error) -> Option<(PathBuf, PathBuf)> {
    match err {
        ignore::Error::Loop { ancestor, child } => Some((child.clone(), ancestor.clone())),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => symlink_loop(err),
        _ => None,
    }
}

/// The path a walk error is about, and what went wrong.
fn split_walk_error(err: &ignore::Error, dir: &Path) -> (String, String) {
    match err {
        ignore::Error::WithPath { path, err } => (path.display().to_string(), err.to_string()),
        ignore::Error::WithDepth { err, .. } => split_walk_error(err, dir),
        other => (dir.display().to_string(), other.to_string()),
    }
}

/// Names a kind of file that is not a regular file ("a named pipe (FIFO)"), or `None`
/// for a regular file.
fn not_regular(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder, not a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("a named pipe (FIFO), not a regular file");
        }
        if t.is_socket() {
            return Some("a socket, not a regular file");
        }
        if t.is_char_device() {
            return Some("a character device, not a regular file");
        }
        if t.is_block_device() {
            return Some("a block device, not a regular file");
        }
    }
    Some("not a regular file")
}

/// Opens a file for reading without waiting on it: a named pipe opens at once instead
/// of blocking until something writes to it.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the bytes of a regular file, at most `limit` of them. A file that is not a
/// regular file (a named pipe, a device, a socket, a folder) is refused before any byte
/// is read, and a file that holds more than `limit` bytes, whatever size it states, is
/// refused after reading one byte past the limit.
pub fn read_bytes(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    let file = open(path).map_err(|err| format!("cannot read the file: {err}"))?;
    let meta = file
        .metadata()
        .map_err(|err| format!("cannot read the file: {err}"))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(format!("cannot read the file: it is {kind}"));
    }
    let too_large = |bytes: Option<u64>| match bytes {
        Some(bytes) => prfaq_doc::LoadError::TooLarge {
            bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
            limit,
        }
        .to_string(),
        None => format!(
            "the file is larger than the limit of {limit} bytes (set `max-file-bytes` in prfaq.toml to raise it)"
        ),
    };
    let limit64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if meta.len() > limit64 {
        return Err(too_large(Some(meta.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(limit));
    file.take(limit64.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot read the file: {err}"))?;
    if bytes.len() > limit {
        // The file stated a smaller size than it holds (it grew, or it is generated).
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// Reads a document: a regular file of at most `limit` bytes of UTF-8 text.
pub fn read_document(path: &Path, limit: usize) -> Result<String, String> {
    let bytes = read_bytes(path, limit)?;
    prfaq_doc::load(&bytes, limit).map_err(|err| err.to_string())
}

/// Reads a document for a command that handles one file: errors name the file.
pub fn read_one(path: &Path, limit: usize) -> Result<String> {
    read_document(path, limit).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}
