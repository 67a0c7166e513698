//! Checks every key of a merged scenario document against the schema:
//! unknown keys (with the nearest valid one suggested), wrong types, and
//! values outside their allowed range — including NaN and infinity, which
//! TOML allows but no key does.

use toml::Value;

use super::error::Problem;
use super::load::{Document, index, join};
use super::schema::{Key, Kind, keys};

struct Pattern {
    segs: Vec<&'static str>,
    key: &'static Key,
}

fn patterns() -> Vec<Pattern> {
    keys()
        .iter()
        .map(|key| {
            let mut segs = Vec::new();
            for piece in key.path.split('.') {
                match piece.strip_suffix("[]") {
                    Some(name) => {
                        segs.push(name);
                        segs.push("[]");
                    }
                    None => segs.push(piece),
                }
            }
            Pattern { segs, key }
        })
        .collect()
}

fn is_placeholder(seg: &str) -> bool {
    seg.starts_with('<')
}

/// Lever keys are documented once under `levers.`; inside a zone they sit
/// under `zones.<zone>.levers.`.
fn normalise(segs: &[String]) -> &[String] {
    if segs.len() >= 3 && segs[0] == "zones" && segs[2] == "levers" {
        &segs[2..]
    } else {
        segs
    }
}

fn prefix_matches(pattern: &[&str], segs: &[String]) -> bool {
    pattern.len() >= segs.len() && pattern.iter().zip(segs).all(|(p, s)| is_placeholder(p) || p == s)
}

/// All problems with the keys and values of `doc`, in file order.
pub fn check_document(doc: &Document) -> Vec<Problem> {
    let pats = patterns();
    let mut problems = Vec::new();
    let mut segs = Vec::new();
    walk_table(doc, &pats, &doc.root, "", &mut segs, &mut problems);
    dedup(problems)
}

/// Lever keys merged into several zones would otherwise be reported once per zone.
pub fn dedup(problems: Vec<Problem>) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    for p in problems {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn walk_table(doc: &Document, pats: &[Pattern], table: &toml::Table, path: &str, segs: &mut Vec<String>, problems: &mut Vec<Problem>) {
    for (k, v) in table {
        let child = join(path, k);
        segs.push(k.clone());
        let norm = normalise(segs);
        let candidates: Vec<&Pattern> = pats.iter().filter(|p| prefix_matches(&p.segs, norm)).collect();
        if candidates.is_empty() {
            problems.push(unknown_key(doc, pats, &child, norm));
        } else {
            walk_value(doc, pats, &candidates, v, &child, segs, problems);
        }
        segs.pop();
    }
}

fn walk_value(
    doc: &Document,
    pats: &[Pattern],
    candidates: &[&Pattern],
    value: &Value,
    path: &str,
    segs: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) {
    let depth = normalise(segs).len();
    let leaf = candidates.iter().find(|p| p.segs.len() == depth).map(|p| p.key);
    let deeper = candidates.iter().any(|p| p.segs.len() > depth);
    let array_of_tables = candidates.iter().any(|p| p.segs.get(depth) == Some(&"[]"));
    match value {
        Value::Table(t) if deeper && !array_of_tables => walk_table(doc, pats, t, path, segs, problems),
        Value::Array(items) if array_of_tables => {
            for (i, item) in items.iter().enumerate() {
                let child = index(path, i);
                match item {
                    Value::Table(t) => {
                        segs.push("[]".into());
                        walk_table(doc, pats, t, &child, segs, problems);
                        segs.pop();
                    }
                    other => problems.push(doc.problem(
                        &child,
                        format!(
                            "key `{}` has the value {other}, but expected a table (write it as `[[{}]]`)",
                            doc.written(&child),
                            doc.written(path)
                        ),
                    )),
                }
            }
        }
        _ => match leaf {
            Some(key) => {
                if let Some(expected) = check_leaf(key, value) {
                    problems.push(doc.problem(
                        path,
                        format!("key `{}` has the value {}, but expected {expected}", doc.written(path), show(value)),
                    ));
                }
            }
            None => {
                let what = if array_of_tables {
                    format!("a list of tables (`[[{}]]`)", doc.written(path))
                } else {
                    "a table".to_string()
                };
                problems.push(doc.problem(
                    path,
                    format!("key `{}` has the value {}, but expected {what}", doc.written(path), show(value)),
                ));
            }
        },
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Table(_) => "a table".to_string(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// `None` when `value` fits `key`; otherwise what was expected.
pub fn check_leaf(key: &Key, value: &Value) -> Option<String> {
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    };
    let ok = match (key.kind, value) {
        (Kind::Float, v) => number(v).is_some_and(|x| key.check_number(x).is_none()),
        (Kind::Int, Value::Integer(i)) => key.check_number(*i as f64).is_none(),
        (Kind::Bool, Value::Boolean(_)) => true,
        (Kind::Str, Value::String(_)) => true,
        (Kind::StrList, Value::Array(a)) => a.iter().all(|v| v.is_str()),
        (Kind::IntList, Value::Array(a)) => a
            .iter()
            .all(|v| matches!(v, Value::Integer(i) if key.check_number(*i as f64).is_none())),
        (Kind::Pair, Value::Array(a)) => a.len() == 2 && a.iter().all(|v| number(v).is_some_and(|x| key.check_number(x).is_none())),
        (Kind::Enum(options), Value::String(s)) => options.contains(&s.as_str()),
        _ => false,
    };
    if ok { None } else { Some(key.expected()) }
}

fn unknown_key(doc: &Document, pats: &[Pattern], path: &str, norm: &[String]) -> Problem {
    let parent = &norm[..norm.len() - 1];
    let typed = &norm[norm.len() - 1];
    let mut valid: Vec<&str> = Vec::new();
    for p in pats {
        if p.segs.len() > parent.len() && prefix_matches(&p.segs, parent) {
            let seg = p.segs[parent.len()];
            if !is_placeholder(seg) && seg != "[]" && !valid.contains(&seg) {
                valid.push(seg);
            }
        }
    }
    let written = doc.written(path);
    let mut message = format!("unknown key `{written}`");
    if let Some(best) = nearest(typed, &valid) {
        message.push_str(&format!("; did you mean `{best}`?"));
    }
    if !valid.is_empty() {
        message.push_str(&format!(" (valid keys here: {})", valid.join(", ")));
    }
    doc.problem_at_key(path, message)
}

/// The candidate closest to `typed`, if any is close enough to be a likely typo.
pub fn nearest<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(typed, c), *c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let valid = ["steps", "replicates", "seed", "start_year"];
        assert_eq!(nearest("step", &valid), Some("steps"));
        assert_eq!(nearest("replicate", &valid), Some("replicates"));
        assert_eq!(nearest("sead", &valid), Some("seed"));
        assert_eq!(nearest("zzzzzz", &valid), None);
    }

    #[test]
    fn every_schema_path_is_well_formed() {
        for p in patterns() {
            assert!(!p.segs.is_empty());
            for s in &p.segs {
                assert!(!s.is_empty(), "{}", p.key.path);
            }
        }
    }
}
