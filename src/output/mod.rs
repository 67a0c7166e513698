//! Everything zonesim writes: CSV tables, charts, the manifest. The only
//! module that knows `csv`, `plotters` and the file system's layout.
//!
//! A run writes into a staging folder beside its destination and renames it
//! into place only when every file is complete, so a folder under `output/`
//! is never a half-written run.

pub mod charts;
pub mod compare;
pub mod fonts;
pub mod i18n;
pub mod plot;
pub mod report;
pub mod run;
pub mod sweep;

use std::path::{Path, PathBuf};

/// A file or folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write output to {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write CSV {}: {source}", path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("cannot draw chart {}: {message}", path.display())]
    Chart { path: PathBuf, message: String },
}

/// Wraps a CSV error with the file it concerns.
pub(crate) fn csv_err(path: &Path) -> impl FnOnce(csv::Error) -> OutputError + '_ {
    move |source| OutputError::Csv {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A folder being filled; [`Staging::commit`] moves it to its destination.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `dest` (creating `dest`'s
    /// parents). Fails early, before any simulation, if that is impossible.
    pub fn new(dest: &Path) -> Result<Staging, OutputError> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        if dest.exists() && !dest.is_dir() {
            return Err(OutputError::Io {
                path: dest.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "it exists and is not a folder"),
            });
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "run".into());
        let dir = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        std::fs::create_dir(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            committed: false,
        })
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Replaces the destination with the staged folder.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let dest = self.dest.clone();
        let old = dest.with_file_name(format!(
            ".{}.old-{}",
            dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = dest.exists();
        if had_old {
            std::fs::rename(&dest, &old).map_err(io_err(&dest))?;
        }
        std::fs::rename(&self.dir, &dest).map_err(io_err(&dest))?;
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(dest)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = path.with_file_name(format!(
        ".{}.tmp-{}",
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_err(path))
}
