//! Reading scenario files: TOML parsing, `extends`, and the merge of
//! `levers` and `zone_defaults` into every zone.
//!
//! The result is one TOML table plus, for every key path in it, where in
//! which file it was written ([`Origin`]), so that a problem found later can
//! still name the file, line and column the user has to edit. Nothing here
//! knows what the keys mean; `schema.rs` and `validate.rs` do.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::error::{Problem, ScenarioError};

/// A file that took part in a scenario.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// Where a key was written.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: usize,
    pub key_span: Range<usize>,
    pub value_span: Range<usize>,
    /// The key path as written in that file (before merging into zones).
    pub written: String,
}

/// A scenario's merged TOML and the origin of every key in it.
#[derive(Debug, Clone)]
pub struct Document {
    pub sources: Vec<Source>,
    pub root: Table,
    pub origins: BTreeMap<String, Origin>,
}

/// Appends a key to a dotted path, quoting it when TOML would need quotes.
pub fn join(prefix: &str, key: &str) -> String {
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare { key.to_string() } else { format!("{key:?}") };
    if prefix.is_empty() { key } else { format!("{prefix}.{key}") }
}

pub fn index(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

impl Document {
    /// Reads `path` and everything it extends, and merges levers and zone
    /// defaults into every zone.
    pub fn load(path: &Path) -> Result<Document, ScenarioError> {
        let mut doc = Document {
            sources: Vec::new(),
            root: Table::new(),
            origins: BTreeMap::new(),
        };
        let mut chain = Vec::new();
        let (root, origins) = doc.read_with_extends(path, &mut chain, None)?;
        doc.root = root;
        doc.origins = origins;
        doc.expand_zones()?;
        Ok(doc)
    }

    /// Parses a scenario from text (for tests and `--set`), as if read from `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Document, ScenarioError> {
        let mut doc = Document {
            sources: Vec::new(),
            root: Table::new(),
            origins: BTreeMap::new(),
        };
        let file = doc.sources.len();
        doc.sources.push(Source {
            path: path.to_path_buf(),
            text: text.to_string(),
        });
        let (root, origins) = doc.parse(file)?;
        if root.contains_key("extends") {
            return Err(doc.invalid_at(
                file,
                origins.get("extends"),
                "`extends` is not allowed in a scenario given as text".into(),
            ));
        }
        doc.root = root;
        doc.origins = origins;
        doc.expand_zones()?;
        Ok(doc)
    }

    /// The file of the first source (the one the user named).
    pub fn main_file(&self) -> &Path {
        &self.sources[0].path
    }

    fn read_with_extends(
        &mut self,
        path: &Path,
        chain: &mut Vec<PathBuf>,
        named_at: Option<(usize, Origin)>,
    ) -> Result<(Table, BTreeMap<String, Origin>), ScenarioError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(source) => {
                return Err(match named_at {
                    // The user's own file: a plain read error.
                    None => ScenarioError::Read {
                        path: path.to_path_buf(),
                        source,
                    },
                    Some((file, origin)) => {
                        let what = if source.kind() == std::io::ErrorKind::NotFound {
                            "which does not exist".to_string()
                        } else {
                            format!("which cannot be read ({source})")
                        };
                        self.invalid_at(
                            file,
                            Some(&origin),
                            format!("`extends` names {}, {what}; expected a path relative to this file", path.display()),
                        )
                    }
                });
            }
        };
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(first) = chain.iter().position(|p| p == &canonical) {
            let mut cycle: Vec<String> = chain[first..].iter().map(|p| p.display().to_string()).collect();
            cycle.push(canonical.display().to_string());
            let (file, origin) = named_at.expect("a cycle needs at least one extends");
            return Err(self.invalid_at(
                file,
                Some(&origin),
                format!(
                    "`extends` makes a cycle: {}; expected a chain of files that ends in one without `extends`",
                    cycle.join(" -> ")
                ),
            ));
        }
        chain.push(canonical);
        let file = self.sources.len();
        self.sources.push(Source {
            path: path.to_path_buf(),
            text,
        });
        let (mut table, mut origins) = self.parse(file)?;
        let Some(extends) = table.remove("extends") else {
            chain.pop();
            return Ok((table, origins));
        };
        let origin = origins.remove("extends").expect("every parsed key has an origin");
        let Value::String(target) = extends else {
            return Err(self.invalid_at(
                file,
                Some(&origin),
                format!("key `extends` has the value {extends}, but expected a string: the path of the scenario this one extends"),
            ));
        };
        let base_path = path.parent().unwrap_or(Path::new(".")).join(&target);
        let (mut base, mut base_origins) = self.read_with_extends(&base_path, chain, Some((file, origin)))?;
        chain.pop();
        merge_with_origins(&mut base, &mut base_origins, table, &mut origins, "");
        Ok((base, base_origins))
    }

    /// Parses source `file` into a table and the origin of every key.
    fn parse(&self, file: usize) -> Result<(Table, BTreeMap<String, Origin>), ScenarioError> {
        let text = &self.sources[file].text;
        let spanned = match toml::de::DeTable::parse(text) {
            Ok(t) => t,
            Err(e) => {
                let position = e.span().map(|s| line_col(text, s.start));
                let problem = Problem {
                    file: self.sources[file].path.clone(),
                    position,
                    message: format!("TOML syntax error: {}", e.message().trim_end()),
                };
                return Err(ScenarioError::Invalid(vec![problem]));
            }
        };
        let table: Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let position = e.span().map(|s| line_col(text, s.start));
                let problem = Problem {
                    file: self.sources[file].path.clone(),
                    position,
                    message: format!("TOML syntax error: {}", e.message().trim_end()),
                };
                return Err(ScenarioError::Invalid(vec![problem]));
            }
        };
        let mut origins = BTreeMap::new();
        collect_table(file, spanned.get_ref(), "", &mut origins);
        Ok((table, origins))
    }

    /// Merges top-level `levers` and `zone_defaults` into each zone, then
    /// removes them: afterwards each zone holds its complete settings.
    fn expand_zones(&mut self) -> Result<(), ScenarioError> {
        let levers = self.take_table("levers")?;
        let defaults = self.take_table("zone_defaults")?;
        let Some(zones) = self.root.remove("zones") else {
            return Ok(());
        };
        let Value::Table(mut zones) = zones else {
            let origin = self.origins.get("zones").cloned();
            return Err(self.invalid_at(
                origin.as_ref().map_or(0, |o| o.file),
                origin.as_ref(),
                "key `zones` must be a table of zones, one `[zones.<id>]` table each".to_string(),
            ));
        };
        let names: Vec<String> = zones.keys().cloned().collect();
        let mut problems = Vec::new();
        for name in names {
            let zone_path = join("zones", &name);
            let Some(Value::Table(own)) = zones.remove(&name) else {
                let origin = self.origins.get(&zone_path);
                problems.push(self.problem_at(
                    origin.map_or(0, |o| o.file),
                    origin,
                    format!("key `{zone_path}` must be a table describing the zone"),
                ));
                continue;
            };
            let mut merged = Table::new();
            if let Some(l) = &levers {
                merged.insert("levers".into(), Value::Table(l.clone()));
            }
            if let Some(d) = &defaults {
                deep_merge(&mut merged, d.clone());
            }
            deep_merge(&mut merged, own);
            zones.insert(name.clone(), Value::Table(merged));
            graft(&mut self.origins, "zone_defaults", &zone_path);
            graft(&mut self.origins, "levers", &join(&zone_path, "levers"));
        }
        self.root.insert("zones".into(), Value::Table(zones));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid(problems))
        }
    }

    fn take_table(&mut self, key: &str) -> Result<Option<Table>, ScenarioError> {
        match self.root.remove(key) {
            None => Ok(None),
            Some(Value::Table(t)) => Ok(Some(t)),
            Some(other) => {
                let origin = self.origins.get(key).cloned();
                Err(self.invalid_at(
                    origin.as_ref().map_or(0, |o| o.file),
                    origin.as_ref(),
                    format!("key `{key}` has the value {other}, but expected a table"),
                ))
            }
        }
    }

    /// The origin of `path`, or of its nearest ancestor that has one.
    pub fn origin(&self, path: &str) -> Option<&Origin> {
        let mut p = path;
        loop {
            if let Some(o) = self.origins.get(p) {
                return Some(o);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// A problem located at the value of `path` (or its nearest ancestor).
    pub fn problem(&self, path: &str, message: String) -> Problem {
        match self.origin(path) {
            Some(o) => self.problem_at(o.file, Some(o), message),
            None => Problem {
                file: self.sources[0].path.clone(),
                position: None,
                message,
            },
        }
    }

    /// A problem located at the key (not the value) of `path`.
    pub fn problem_at_key(&self, path: &str, message: String) -> Problem {
        match self.origin(path) {
            Some(o) => {
                let src = &self.sources[o.file];
                Problem {
                    file: src.path.clone(),
                    position: Some(line_col(&src.text, o.key_span.start)),
                    message,
                }
            }
            None => Problem {
                file: self.sources[0].path.clone(),
                position: None,
                message,
            },
        }
    }

    /// How the user wrote `path` (the top-level `levers.x` rather than the
    /// merged `zones.z.levers.x`, for instance).
    pub fn written(&self, path: &str) -> String {
        match self.origins.get(path) {
            Some(o) => o.written.clone(),
            None => path.to_string(),
        }
    }

    fn problem_at(&self, file: usize, origin: Option<&Origin>, message: String) -> Problem {
        let src = &self.sources[file];
        Problem {
            file: src.path.clone(),
            position: origin.map(|o| line_col(&src.text, o.value_span.start)),
            message,
        }
    }

    fn invalid_at(&self, file: usize, origin: Option<&Origin>, message: String) -> ScenarioError {
        ScenarioError::Invalid(vec![self.problem_at(file, origin, message)])
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn collect_table(file: usize, table: &toml::de::DeTable<'_>, prefix: &str, out: &mut BTreeMap<String, Origin>) {
    for (k, v) in table.iter() {
        let path = join(prefix, k.get_ref());
        out.insert(
            path.clone(),
            Origin {
                file,
                key_span: k.span(),
                value_span: v.span(),
                written: path.clone(),
            },
        );
        collect_value(file, v.get_ref(), &path, out);
    }
}

fn collect_value(file: usize, value: &toml::de::DeValue<'_>, path: &str, out: &mut BTreeMap<String, Origin>) {
    match value {
        toml::de::DeValue::Table(t) => collect_table(file, t, path, out),
        toml::de::DeValue::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let p = index(path, i);
                out.insert(
                    p.clone(),
                    Origin {
                        file,
                        key_span: v.span(),
                        value_span: v.span(),
                        written: p.clone(),
                    },
                );
                collect_value(file, v.get_ref(), &p, out);
            }
        }
        _ => {}
    }
}

/// Is `key` equal to `prefix` or below it?
fn under(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Copies origins below `from` to the same keys below `to`, where `to` has
/// none of its own (own keys take precedence over inherited ones).
fn graft(origins: &mut BTreeMap<String, Origin>, from: &str, to: &str) {
    let moved: Vec<(String, Origin)> = origins
        .range(from.to_string()..)
        .take_while(|(k, _)| k.starts_with(from))
        .filter(|(k, _)| under(k, from))
        .map(|(k, o)| (format!("{to}{}", &k[from.len()..]), o.clone()))
        .collect();
    for (k, o) in moved {
        origins.entry(k).or_insert(o);
    }
}

/// Tables merge key by key; anything else in `over` replaces what `base` had.
pub fn deep_merge(base: &mut Table, over: Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(o)) => deep_merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// `deep_merge` that also keeps the origins of the merged keys.
fn merge_with_origins(
    base: &mut Table,
    base_origins: &mut BTreeMap<String, Origin>,
    over: Table,
    over_origins: &mut BTreeMap<String, Origin>,
    prefix: &str,
) {
    for (k, v) in over {
        let path = join(prefix, &k);
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(o)) => {
                if let Some(origin) = over_origins.remove(&path) {
                    base_origins.insert(path.clone(), origin);
                }
                merge_with_origins(b, base_origins, o, over_origins, &path);
            }
            (_, v) => {
                let stale: Vec<String> = base_origins
                    .range(path.clone()..)
                    .take_while(|(key, _)| key.starts_with(&path))
                    .filter(|(key, _)| under(key, &path))
                    .map(|(key, _)| key.clone())
                    .collect();
                for key in stale {
                    base_origins.remove(&key);
                }
                let fresh: Vec<String> = over_origins
                    .range(path.clone()..)
                    .take_while(|(key, _)| key.starts_with(&path))
                    .filter(|(key, _)| under(key, &path))
                    .map(|(key, _)| key.clone())
                    .collect();
                for key in fresh {
                    let origin = over_origins.remove(&key).expect("key listed above");
                    base_origins.insert(key, origin);
                }
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nname = \"开发区\" x\n";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (2, 14));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn join_quotes_non_bare_keys() {
        assert_eq!(join("zones", "wuhan"), "zones.wuhan");
        assert_eq!(join("zones", "武汉"), "zones.\"武汉\"");
        assert_eq!(join("", "a"), "a");
    }

    #[test]
    fn merge_replaces_scalars_and_arrays_and_merges_tables() {
        let mut base: Table = toml::from_str("a = 1\nb = [1, 2]\n[t]\nx = 1\ny = 2\n").unwrap();
        let over: Table = toml::from_str("b = [3]\n[t]\ny = 5\nz = 6\n").unwrap();
        deep_merge(&mut base, over);
        let want: Table = toml::from_str("a = 1\nb = [3]\n[t]\nx = 1\ny = 5\nz = 6\n").unwrap();
        assert_eq!(base, want);
    }
}
