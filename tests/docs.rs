//! The scenario-format reference against the schema, and the schema against
//! the code: `docs/scenario-format.md` must be what
//! `zonesim::scenario::doc::markdown()` generates, every default the schema
//! documents must be the one the serde types use, and every key of a
//! resolved scenario must be documented.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use toml::{Table, Value};
use zonesim::scenario::doc;
use zonesim::scenario::schema::{self, Key, Kind};
use zonesim::scenario::spec::{
    Behaviour, ChannelSpec, CooperationSpec, EconomySpec, FirmPopulationSpec, GovernmentSpec, Levers, MarketSpec, PlatformSpec,
    ScenarioSpec, SectorSpec, SimulationSpec, SweepSpec, ZoneSpec,
};

use crate::util;

const DOC: &str = "docs/scenario-format.md";
const UPDATE: &str = "ZONESIM_UPDATE_DOCS=1 cargo test --test tests docs";

// ---------------------------------------------------------------------------
// (a) the committed reference is the generated one
// ---------------------------------------------------------------------------

#[test]
fn docs_scenario_format_md_is_up_to_date() {
    let path = util::root().join(DOC);
    let want = doc::markdown();
    if std::env::var("ZONESIM_UPDATE_DOCS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    let have = match std::fs::read_to_string(&path) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(e) => panic!("cannot read {} ({e}); generate it with `{UPDATE}`", path.display()),
    };
    if have != want {
        let line = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
        panic!(
            "{DOC} is out of date with src/scenario/schema.rs (first difference at line {}:\n  file:      {:?}\n  generated: {:?})\n\
             Regenerate it with `{UPDATE}` and commit the result.",
            line + 1,
            have.lines().nth(line).unwrap_or("<end of file>"),
            want.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

/// The metric table of docs/outputs.md is the catalogue's.
#[test]
fn docs_outputs_md_lists_the_metric_catalogue() {
    const OUTPUTS: &str = "docs/outputs.md";
    let path = util::root().join(OUTPUTS);
    let text = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
    let begin = text
        .find("<!-- metrics:begin")
        .expect("docs/outputs.md has a <!-- metrics:begin ... --> marker");
    let body_start = begin + text[begin..].find("-->").unwrap() + 3 + 1;
    let end = text
        .find("<!-- metrics:end -->")
        .expect("docs/outputs.md has a <!-- metrics:end --> marker");
    let want = zonesim::model::catalogue_markdown();
    if std::env::var("ZONESIM_UPDATE_DOCS").as_deref() == Ok("1") {
        let updated = format!("{}{want}{}", &text[..body_start], &text[end..]);
        std::fs::write(&path, updated).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    assert_eq!(
        &text[body_start..end],
        want,
        "the metric table of {OUTPUTS} is out of date with src/model/metrics.rs; regenerate it with `{UPDATE}`"
    );
    for m in zonesim::model::METRICS {
        assert!(!m.unit_en.is_empty() && !m.unit_zh.is_empty(), "{} has no unit", m.id);
    }
}

#[test]
fn docs_markdown_is_deterministic_and_lists_every_key() {
    let md = doc::markdown();
    assert_eq!(md, doc::markdown());
    let missing: Vec<&str> = schema::keys()
        .iter()
        .map(|k| k.path)
        .filter(|p| !md.contains(&format!("| `{}` |", p.replace('|', "\\|"))))
        .collect();
    assert!(missing.is_empty(), "keys missing from the generated reference: {missing:?}");
    for group in [
        "simulation",
        "economy",
        "markets",
        "sectors",
        "zones",
        "cooperation",
        "levers",
        "behaviour",
    ] {
        assert!(
            md.contains(&format!("\n## `[{group}")) || md.contains(&format!("\n## `[[{group}")),
            "no section for `{group}`"
        );
    }
}

#[test]
fn docs_worked_example_loads() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = util::root().join("scenarios/baseline.toml");
    let text = doc::EXAMPLE.replace("\"baseline.toml\"", &format!("{:?}", baseline.display().to_string()));
    assert_ne!(text, doc::EXAMPLE, "the example should extend \"baseline.toml\"");
    let path = dir.path().join("chain-200.toml");
    std::fs::write(&path, text).unwrap();
    let sc = util::load(&path);
    assert_eq!(sc.simulation.replicates, 20);
    for zone in &sc.zones {
        let lever = &zone.levers.chain_clustering;
        assert_eq!(lever.size, 200.0, "zone {}", zone.id);
        assert_eq!((lever.start, lever.end, lever.ramp), (1, None, 4), "zone {}", zone.id);
    }
    assert!(doc::markdown().contains(doc::EXAMPLE));
}

// ---------------------------------------------------------------------------
// (b) documented defaults are the code's defaults
// ---------------------------------------------------------------------------

/// Keys whose default the loader fills in from other keys, so no serde
/// default can be compared with the documented text. Every other key's
/// default text must be a TOML value (compared with the code), `none`
/// (the code leaves it absent) or `required` (the code has no default).
const FILLED_IN_BY_LOADER: &[(&str, &str)] = &[
    ("markets.<market>.name", "the id"),
    ("sectors.<sector>.name", "the id"),
    ("zones.<zone>.name", "the id"),
    ("zones.<zone>.trade_costs.<market>", "the market's trade_cost"),
];

/// Where the code's defaults for a family of keys are found: a serde type
/// serialised to TOML, either its `Default` or, for types without one, a
/// minimal table holding only the required keys.
struct Lookup {
    name: &'static str,
    /// Key prefix stripped before the lookup; "" for the plain top-level keys.
    prefix: &'static str,
    /// Keys under `prefix` that another lookup covers.
    except: &'static [&'static str],
    /// The serialised defaults.
    defaults: Table,
    /// For types without `Default`: the minimal table and a round trip
    /// through the type.
    minimal: Option<(Table, RoundTrip)>,
}

impl Lookup {
    /// The key path below this lookup's prefix, when the lookup covers `path`.
    fn rest<'a>(&self, path: &'a str) -> Option<&'a str> {
        let rest = if self.prefix.is_empty() {
            (!path.contains('.')).then_some(path)?
        } else {
            path.strip_prefix(self.prefix)?
        };
        if rest.contains("[]") || self.except.iter().any(|e| path.starts_with(e)) {
            return None;
        }
        Some(rest)
    }
}

/// Deserialises a table into a spec type and serialises it back.
type RoundTrip = fn(&Table) -> Result<Table, String>;

fn to_table<T: Serialize>(x: &T) -> Table {
    match Value::try_from(x) {
        Ok(Value::Table(t)) => t,
        Ok(other) => panic!("{} serialised to {other}, not a table", std::any::type_name::<T>()),
        Err(e) => panic!("cannot serialise {}: {e}", std::any::type_name::<T>()),
    }
}

fn roundtrip<T: Serialize + DeserializeOwned>(table: &Table) -> Result<Table, String> {
    let x: T = Value::Table(table.clone()).try_into().map_err(|e: toml::de::Error| e.to_string())?;
    Ok(to_table(&x))
}

fn with_default<T: Serialize + Default>(name: &'static str, prefix: &'static str, except: &'static [&'static str]) -> Lookup {
    Lookup {
        name,
        prefix,
        except,
        defaults: to_table(&T::default()),
        minimal: None,
    }
}

fn from_minimal<T: Serialize + DeserializeOwned>(
    name: &'static str,
    prefix: &'static str,
    except: &'static [&'static str],
    minimal: &str,
) -> Lookup {
    let minimal: Table = toml::from_str(minimal).unwrap_or_else(|e| panic!("minimal {name}: {e}"));
    let defaults = roundtrip::<T>(&minimal).unwrap_or_else(|e| panic!("the minimal {name} does not deserialise: {e}"));
    Lookup {
        name,
        prefix,
        except,
        defaults,
        minimal: Some((minimal, roundtrip::<T>)),
    }
}

fn lookups() -> Vec<Lookup> {
    vec![
        from_minimal::<ScenarioSpec>("ScenarioSpec", "", &[], r#"name = "x""#),
        with_default::<SimulationSpec>("SimulationSpec::default()", "simulation.", &[]),
        with_default::<EconomySpec>("EconomySpec::default()", "economy.", &[]),
        with_default::<Behaviour>("Behaviour::default()", "behaviour.", &[]),
        with_default::<Levers>(
            "Levers::default()",
            "levers.",
            &["levers.innovation_platforms[].", "levers.logistics_channels[]."],
        ),
        from_minimal::<PlatformSpec>("PlatformSpec", "levers.innovation_platforms[].", &[], "cost = 500.0\nstart = 4"),
        from_minimal::<ChannelSpec>(
            "ChannelSpec",
            "levers.logistics_channels[].",
            &[],
            "markets = [\"eu\"]\ntrade_cost_cut = 0.2\nstart = 4",
        ),
        from_minimal::<MarketSpec>("MarketSpec", "markets.<market>.", &[], "trade_cost = 0.3"),
        from_minimal::<SectorSpec>(
            "SectorSpec",
            "sectors.<sector>.",
            &[],
            r#"
tier = "traditional"
demand_growth_per_year = 0.04
rd_propensity = 0.01
innovation_rate_per_year = 0.1
skill_mix = { general = 0.6, skilled = 0.3, high_end = 0.1 }
capital_share = 0.5
intermediate_share = 0.7
"#,
        ),
        from_minimal::<ZoneSpec>(
            "ZoneSpec",
            "zones.<zone>.",
            &["zones.<zone>.firms.<sector>.", "zones.<zone>.government."],
            r#"
land = 1000.0
workforce = { general = 1000.0, skilled = 500.0, high_end = 50.0 }
wages = { general = 0.02, skilled = 0.03, high_end = 0.06 }
firms = {}
government = {}
"#,
        ),
        with_default::<FirmPopulationSpec>("FirmPopulationSpec::default()", "zones.<zone>.firms.<sector>.", &[]),
        with_default::<GovernmentSpec>("GovernmentSpec::default()", "zones.<zone>.government.", &[]),
        from_minimal::<CooperationSpec>("CooperationSpec", "cooperation[].", &[], "home = \"a\"\nhost = \"b\""),
        with_default::<SweepSpec>("SweepSpec::default()", "sweep.", &[]),
    ]
}

enum Found<'a> {
    Value(&'a Value),
    Absent,
    Unresolvable(String),
}

/// The value at dotted `rest` in `table`. A placeholder segment (`<sector>`)
/// can only be looked up in an empty table, where the key is absent.
fn lookup<'a>(table: &'a Table, rest: &str) -> Found<'a> {
    let mut current = table;
    let segs: Vec<&str> = rest.split('.').collect();
    for (i, seg) in segs.iter().enumerate() {
        if seg.starts_with('<') {
            return if current.is_empty() {
                Found::Absent
            } else {
                Found::Unresolvable(format!("placeholder `{seg}` in a non-empty table"))
            };
        }
        match current.get(*seg) {
            None => return Found::Absent,
            Some(v) if i + 1 == segs.len() => return Found::Value(v),
            Some(Value::Table(t)) => current = t,
            Some(other) => return Found::Unresolvable(format!("`{seg}` is {other}, not a table")),
        }
    }
    Found::Absent
}

/// The documented default as a TOML value: `0.8`, `[0, 0]`, `""`, `true`;
/// a trailing remark in parentheses is ignored (`0 (no cap)`).
fn parse_default(text: &str) -> Option<Value> {
    let value = match text.split_once(" (") {
        Some((v, remark)) if remark.ends_with(')') => v,
        _ => text,
    };
    let table: Table = toml::from_str(&format!("v = {value}")).ok()?;
    table.get("v").cloned()
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// Whole-number keys are integers in the code, other numbers floats.
fn kind_fits(kind: Kind, code: &Value) -> bool {
    match kind {
        Kind::Int => code.is_integer(),
        Kind::Float => code.is_float(),
        Kind::Bool => code.is_bool(),
        Kind::Str | Kind::Enum(_) => code.is_str(),
        Kind::StrList => code.as_array().is_some_and(|a| a.iter().all(Value::is_str)),
        Kind::IntList => code.as_array().is_some_and(|a| a.iter().all(Value::is_integer)),
        Kind::Pair => code.as_array().is_some_and(|a| a.len() == 2 && a.iter().all(Value::is_float)),
    }
}

fn same(documented: &Value, code: &Value) -> bool {
    match (documented, code) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Boolean(a), Value::Boolean(b)) => a == b,
        _ => match (number(documented), number(code)) {
            (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
            _ => false,
        },
    }
}

/// Leaf key paths of a table (tables recursed into, everything else a leaf).
fn leaves(table: &Table, prefix: &str, out: &mut BTreeSet<String>) {
    for (k, v) in table {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            Value::Table(t) => leaves(t, &path, out),
            _ => {
                out.insert(path);
            }
        }
    }
}

fn remove_path(table: &mut Table, path: &str) {
    match path.split_once('.') {
        Some((head, rest)) => {
            if let Some(Value::Table(t)) = table.get_mut(head) {
                remove_path(t, rest);
            }
        }
        None => {
            table.remove(path);
        }
    }
}

#[test]
fn docs_defaults_match_the_code() {
    let keys = schema::keys();
    let (problems, checked) = default_problems(keys);
    assert!(
        problems.is_empty(),
        "{} of {} schema keys disagree with the code:\n  {}",
        problems.len(),
        keys.len(),
        problems.join("\n  ")
    );
    assert_eq!(checked, keys.len(), "every key's default should have been checked once");
}

/// The check above catches what it is meant to catch.
#[test]
fn docs_default_check_detects_wrong_and_unknown_keys() {
    let good = *schema::keys().iter().find(|k| k.path == "behaviour.depreciation").unwrap();
    let cases = [
        (Key { default: "0.03", ..good }, "documents the default 0.03"),
        (Key { default: "none", ..good }, "documents no default"),
        (
            Key {
                default: "required",
                ..good
            },
            "gives it a default",
        ),
        (
            Key {
                default: "about 2 %",
                ..good
            },
            "neither a value",
        ),
        (
            Key {
                path: "behaviour.no_such_constant",
                ..good
            },
            "has no value",
        ),
        (
            Key {
                path: "reporting.depreciation",
                ..good
            },
            "no lookup covers",
        ),
        (Key { kind: Kind::Int, ..good }, "says Int"),
        (
            Key {
                path: "zones.<zone>.land",
                default: "1000",
                ..good
            },
            "required",
        ),
    ];
    for (key, expected) in cases {
        let (problems, _) = default_problems(&[key]);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{} = {:?}: expected a problem containing {expected:?}, got {problems:?}",
            key.path,
            key.default
        );
    }
    let (problems, _) = default_problems(&[good]);
    assert!(problems.iter().all(|p| !p.starts_with("behaviour.")), "{problems:?}");
}

/// Every disagreement between the documented defaults of `keys` and the
/// code, and how many keys were checked.
fn default_problems(keys: &[Key]) -> (Vec<String>, usize) {
    let lookups = lookups();
    let mut problems: Vec<String> = Vec::new();
    let mut checked = 0;

    for key in keys {
        let covering: Vec<(&Lookup, &str)> = lookups.iter().filter_map(|l| l.rest(key.path).map(|r| (l, r))).collect();
        let (source, rest) = match covering.as_slice() {
            [one] => *one,
            [] => {
                problems.push(format!(
                    "{}: no lookup covers this key; add its spec type to `lookups()` in tests/docs.rs",
                    key.path
                ));
                continue;
            }
            many => {
                let names: Vec<&str> = many.iter().map(|(l, _)| l.name).collect();
                problems.push(format!("{}: covered by several lookups: {}", key.path, names.join(", ")));
                continue;
            }
        };
        let exempt = FILLED_IN_BY_LOADER.iter().find(|(p, _)| *p == key.path);
        let found = lookup(&source.defaults, rest);
        match (parse_default(key.default), key.default) {
            (Some(documented), text) => {
                if exempt.is_some() {
                    problems.push(format!(
                        "{}: listed in FILLED_IN_BY_LOADER but documents the value {text}",
                        key.path
                    ));
                }
                match found {
                    Found::Value(code) if !kind_fits(key.kind, code) => problems.push(format!(
                        "{}: schema.rs says {:?}, but {} holds {code}, a {}",
                        key.path,
                        key.kind,
                        source.name,
                        code.type_str()
                    )),
                    Found::Value(code) if same(&documented, code) => checked += 1,
                    Found::Value(code) => problems.push(format!(
                        "{}: schema.rs documents the default {text}, but {} has {code}",
                        key.path, source.name
                    )),
                    Found::Absent => problems.push(format!(
                        "{}: schema.rs documents the default {text}, but {} has no value for `{rest}`",
                        key.path, source.name
                    )),
                    Found::Unresolvable(why) => problems.push(format!("{}: cannot look up `{rest}` in {}: {why}", key.path, source.name)),
                }
            }
            (None, "none") => match found {
                Found::Absent => checked += 1,
                Found::Value(code) => problems.push(format!(
                    "{}: schema.rs documents no default (none), but {} has {code}",
                    key.path, source.name
                )),
                Found::Unresolvable(why) => problems.push(format!("{}: cannot look up `{rest}` in {}: {why}", key.path, source.name)),
            },
            (None, "required") => {
                // Checked below against the minimal tables.
                if source.minimal.is_none() {
                    problems.push(format!(
                        "{}: schema.rs documents the key as required, but {} gives it a default",
                        key.path, source.name
                    ));
                }
            }
            (None, text) => match exempt {
                Some((_, listed)) if *listed == text => checked += 1,
                Some((_, listed)) => problems.push(format!(
                    "{}: FILLED_IN_BY_LOADER says the default is {listed:?}, schema.rs says {text:?}",
                    key.path
                )),
                None => problems.push(format!(
                    "{}: the default text {text:?} is neither a value, `none` nor `required`; \
                     fix it in schema.rs or list the key in FILLED_IN_BY_LOADER",
                    key.path
                )),
            },
        }
    }

    for (path, _) in FILLED_IN_BY_LOADER {
        if !keys.iter().any(|k| k.path == *path) {
            problems.push(format!("{path}: listed in FILLED_IN_BY_LOADER but not a schema key"));
        }
    }

    // `required` in the schema must be exactly the keys the minimal tables
    // need: each of them written, and none of them optional.
    for source in &lookups {
        let Some((minimal, roundtrip)) = &source.minimal else {
            continue;
        };
        let documented: BTreeSet<String> = keys
            .iter()
            .filter(|k| k.default == "required")
            .filter_map(|k| source.rest(k.path).map(str::to_string))
            .collect();
        let mut written = BTreeSet::new();
        leaves(minimal, "", &mut written);
        for rest in documented.difference(&written) {
            problems.push(format!(
                "{}{rest}: schema.rs documents the key as required, but the minimal {} does not need it",
                source.prefix, source.name
            ));
        }
        for rest in &written {
            if !documented.contains(rest) {
                problems.push(format!(
                    "{}{rest}: written in the minimal {} but not documented as required",
                    source.prefix, source.name
                ));
            }
            let mut without = minimal.clone();
            remove_path(&mut without, rest);
            if roundtrip(&without).is_ok() {
                problems.push(format!(
                    "{}{rest}: documented as required, but {} deserialises without it",
                    source.prefix, source.name
                ));
            }
        }
        checked += documented.intersection(&written).count();
    }
    (problems, checked)
}

// ---------------------------------------------------------------------------
// (c) every key of a resolved scenario is documented
// ---------------------------------------------------------------------------

fn pattern(key: &Key) -> Vec<&'static str> {
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
    segs
}

/// Lever keys are documented under `levers.`; in a resolved zone they sit
/// under `zones.<zone>.levers.`.
fn normalise(segs: &[String]) -> &[String] {
    if segs.len() >= 3 && segs[0] == "zones" && segs[2] == "levers" {
        &segs[2..]
    } else {
        segs
    }
}

fn seg_matches(pattern: &str, seg: &str) -> bool {
    pattern == seg || (pattern.starts_with('<') && seg != "[]")
}

/// Some pattern starts with `segs` (and is longer than it when `deeper`).
fn prefix_of_some(patterns: &[Vec<&str>], segs: &[String], deeper: bool) -> bool {
    patterns
        .iter()
        .any(|p| (p.len() > segs.len() || (!deeper && p.len() == segs.len())) && p.iter().zip(segs).all(|(p, s)| seg_matches(p, s)))
}

fn exactly(patterns: &[Vec<&str>], segs: &[String]) -> bool {
    patterns
        .iter()
        .any(|p| p.len() == segs.len() && p.iter().zip(segs).all(|(p, s)| seg_matches(p, s)))
}

fn walk(patterns: &[Vec<&str>], value: &Value, segs: &mut Vec<String>, leaves: &mut usize, undocumented: &mut Vec<String>) {
    let norm = normalise(segs).to_vec();
    let mut element = norm.clone();
    element.push("[]".into());
    match value {
        Value::Table(t) if prefix_of_some(patterns, &norm, true) => {
            for (k, v) in t {
                segs.push(k.clone());
                walk(patterns, v, segs, leaves, undocumented);
                segs.pop();
            }
        }
        Value::Array(items) if prefix_of_some(patterns, &element, true) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Table(t) => {
                        for (k, v) in t {
                            segs.push("[]".into());
                            segs.push(k.clone());
                            walk(patterns, v, segs, leaves, undocumented);
                            segs.pop();
                            segs.pop();
                        }
                    }
                    other => undocumented.push(format!("{}[{i}] = {other} (expected a table)", segs.join("."))),
                }
            }
        }
        Value::Table(_) => undocumented.push(format!("{} (a table)", segs.join("."))),
        _ => {
            *leaves += 1;
            if !exactly(patterns, &norm) {
                undocumented.push(segs.join("."));
            }
        }
    }
}

#[test]
fn docs_cover_every_key_of_the_resolved_baseline() {
    let sc = util::load(&util::root().join("scenarios/baseline.toml"));
    let resolved: Table = toml::from_str(&sc.resolved).expect("the resolved scenario is TOML");
    let patterns: Vec<Vec<&str>> = schema::keys().iter().map(pattern).collect();
    let mut leaves = 0;
    let mut undocumented = Vec::new();
    walk(&patterns, &Value::Table(resolved), &mut Vec::new(), &mut leaves, &mut undocumented);
    assert!(
        undocumented.is_empty(),
        "keys of the resolved baseline that no schema key (and so no line of {DOC}) describes:\n  {}",
        undocumented.join("\n  ")
    );
    // The baseline resolves to every behaviour and lever key at least.
    assert!(leaves > 300, "only {leaves} leaf keys in the resolved baseline");
}
