//! Errors a scenario file can cause.
//!
//! Each problem names the file, the line and column where the parser gives
//! them, the key path as the user wrote it, the offending value and what was
//! expected, in one paragraph. Validation collects every problem it finds
//! rather than stopping at the first.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line and column, where known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.file.display(), self.message)
            }
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render(.0))]
    Invalid(Vec<Problem>),
}

impl ScenarioError {
    /// The problems found, one per paragraph of the message.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            ScenarioError::Read { path, source } => {
                vec![Problem {
                    file: path.clone(),
                    position: None,
                    message: format!("cannot read the file: {source}"),
                }]
            }
            ScenarioError::Invalid(p) => p.clone(),
        }
    }
}

fn render(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&p.to_string());
    }
    if problems.len() > 1 {
        out.push_str(&format!("\n\n{} problems found", problems.len()));
    }
    out
}
