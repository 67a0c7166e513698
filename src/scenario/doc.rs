//! The scenario-format reference, `docs/scenario-format.md`, generated from
//! the schema in `schema.rs`.
//!
//! Everything the reference says about a key (type, range, unit, default,
//! meaning, source of the default) comes from [`schema::keys`], so the
//! document cannot drift from what the loader accepts; `tests/docs.rs` checks
//! that the committed file equals [`markdown`] and that every documented
//! default is the one the code uses. The output is deterministic: it depends
//! on nothing but the schema.

use std::fmt::Write as _;

use super::schema::{self, Key, Kind};

/// The worked example at the end of the reference: a variant of
/// `baseline.toml` (it is meant to sit next to it in `scenarios/`).
pub const EXAMPLE: &str = r#"# scenarios/chain-200.toml: the baseline plus chain-targeted attraction.
extends = "baseline.toml"
name = "Baseline + chain clustering"
description = "Baseline plus ¥200 m a quarter of attraction aimed at missing links of the local chain."

[simulation]
replicates = 20

[levers.chain_clustering]
size = 200.0 # ¥ million per quarter at full size
start = 1    # from the first simulated quarter
ramp = 4     # 25 %, 50 %, 75 % of size, then all of it from step 4
"#;

/// The complete scenario-format reference, in Markdown.
pub fn markdown() -> String {
    let keys = schema::keys();
    let mut out = String::new();
    intro(&mut out, keys);
    for (group, members) in groups(keys) {
        section(&mut out, group, &members);
    }
    example(&mut out, keys);
    out
}

/// The top-level group a key belongs to: its first path segment, or
/// `name` for the plain top-level keys (`name`, `name_zh`, `description`).
fn group_of(path: &str) -> &str {
    match path.split_once('.') {
        Some((first, _)) => first.trim_end_matches("[]"),
        None => "name",
    }
}

/// Keys by top-level group, groups in order of first appearance. Within the
/// levers group, keys are ordered by lever (stable), so each lever's
/// schedule sits next to its other keys.
fn groups(keys: &'static [Key]) -> Vec<(&'static str, Vec<&'static Key>)> {
    let mut out: Vec<(&'static str, Vec<&'static Key>)> = Vec::new();
    for key in keys {
        let g = group_of(key.path);
        match out.iter_mut().find(|(name, _)| *name == g) {
            Some((_, members)) => members.push(key),
            None => out.push((g, vec![key])),
        }
    }
    for (g, members) in &mut out {
        if *g == "levers" {
            let mut order: Vec<&str> = Vec::new();
            for key in members.iter() {
                let lever = lever_of(key.path);
                if !order.contains(&lever) {
                    order.push(lever);
                }
            }
            members.sort_by_key(|key| order.iter().position(|l| *l == lever_of(key.path)));
        }
    }
    out
}

/// `attraction` for `levers.attraction.size`, `innovation_platforms[]` for
/// `levers.innovation_platforms[].cost`.
fn lever_of(path: &str) -> &str {
    path.split('.').nth(1).unwrap_or("")
}

/// A table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

fn dash_if_empty(text: &str) -> String {
    if text.trim().is_empty() { "—".to_string() } else { cell(text) }
}

/// The type and allowed range, in the wording of the loader's error
/// messages ([`Key::expected`]) without the unit, which has its own column.
pub fn type_text(key: &Key) -> String {
    let expected = key.expected();
    let unit_suffix = format!(" ({})", key.unit);
    let what = if key.unit.is_empty() {
        expected.as_str()
    } else {
        expected.strip_suffix(unit_suffix.as_str()).unwrap_or(&expected)
    };
    match key.kind {
        Kind::Pair => format!("{what}, each {}", key.range_text()),
        Kind::Enum(options) => {
            let options: Vec<String> = options.iter().map(|o| format!("`\"{o}\"`")).collect();
            format!("one of {}", options.join(", "))
        }
        _ => what.to_string(),
    }
}

/// The default as shown in the table: values as code, words as words.
fn default_text(key: &Key) -> String {
    let text = key.default;
    if text == "required" {
        return "**required**".to_string();
    }
    let (value, remark) = match text.split_once(" (") {
        Some((v, r)) if r.ends_with(')') => (v, Some(r)),
        _ => (text, None),
    };
    let looks_like_value =
        value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '[' || c == '"') || value == "true" || value == "false";
    let shown = if looks_like_value {
        format!("`{value}`")
    } else {
        value.to_string()
    };
    match remark {
        Some(r) => cell(&format!("{shown} ({r}")),
        None => cell(&shown),
    }
}

/// Top-level keys that the loader resolves before it checks the rest of a file
/// against the schema: `extends` when reading the file, `zone_defaults` when
/// merging it into every zone. They are not schema rows (the schema lists what
/// is left afterwards, which is also what `--set` may name), so their rows of
/// the top-level table are written here: key, type, unit, default, meaning,
/// source.
const RESOLVED_KEYS: [[&str; 6]; 2] = [
    [
        "extends",
        "a string",
        "path",
        "none",
        "Path of the scenario this file is a variant of, relative to this file; this file is deep-merged over it (see Variants above), and the base may itself extend another file.",
        "",
    ],
    [
        "zone_defaults",
        "a table",
        "",
        "none",
        "Keys of the zones section written without the `zones.<zone>.` prefix (including `levers.*`), applied to every zone unless the zone sets them (see Levers, `zone_defaults` and zones above).",
        "",
    ],
];

fn find<'a>(keys: &'a [Key], path: &str) -> Option<&'a Key> {
    keys.iter().find(|k| k.path == path)
}

fn intro(out: &mut String, keys: &[Key]) {
    out.push_str(
        "# Scenario file format

<!-- Generated from src/scenario/schema.rs by zonesim::scenario::doc::markdown().
     Do not edit by hand: change the schema, then run
     ZONESIM_UPDATE_DOCS=1 cargo test --test tests docs -->

A scenario is one TOML file (UTF-8) describing export markets, industrial
sectors, one or more development zones with their initial firms, workers and
government, agreements between zones, the policy levers in force and,
optionally, the behavioural constants of the model. This reference lists every
key a scenario may contain. It is generated from the same table the loader
checks files against, so a key that is not here is rejected, and every range
here is enforced.

## Units

- **Money** is in ¥ million at the scenario's base-year prices (2012 for the
  shipped scenarios). Flows such as lever sizes, overheads and wages are in
  ¥ million per quarter; stocks such as budgets and platform costs in
  ¥ million.
- **Time**: one step is one quarter. Step 0 is the initial state the file
  describes; the first simulated quarter is step 1, and `simulation.steps = 40`
  simulates steps 1 to 40.
- **Rates** are per quarter unless the key ends in `_per_year`.
- **Shares** are fractions (0.3 = 30 %); **log points** are differences of
  natural logarithms (0.05 ≈ 5 %).

## Reading the tables

- Keys are written as dotted paths: `zones.<zone>.wages.general` is the key
  `general` of the table `[zones.<zone>.wages]`, which may equally be written
  inline as `wages = { general = 0.022, skilled = 0.034, high_end = 0.07 }`.
- `<zone>`, `<sector>` and `<market>` stand for ids the file defines: the
  table names under `[zones]`, `[sectors]` and `[markets]`. Other keys refer
  to them by these ids (`sectors.<sector>.inputs.<sector>`, `upgrade_to`,
  `cooperation[].home`, ...).
- `[]` marks an element of an array of tables: `cooperation[].home` is the key
  `home` in a `[[cooperation]]` block.
- **Type and allowed range** uses the wording of the loader's error messages.
  A whole number must be written without a decimal point (`40`, not `40.0`);
  a number may be written either way. NaN and infinity are never accepted.
- **Default** is the value used when the key is absent. **required** keys have
  none and must be written; *none* means the setting is absent (no Chinese
  name, no end step, ...).
- **Source of the default** gives the data, literature or reasoning behind the
  default. *scenario choice* marks a neutral default (usually: the lever is
  off) that a scenario is expected to set.

## Variants: `extends`

A file that starts with `extends = \"other.toml\"` is a variant of `other.toml`
(the path is relative to the file that names it). The variant is **deep-merged
over the file it extends**: tables merge key by key, so a variant writes only
the keys it changes, and anything else (numbers, strings, and arrays,
including arrays of tables such as `[[cooperation]]` or
`[[levers.logistics_channels]]`) replaces the base's value as a whole. The
extended file may itself extend another; a cycle of `extends` is an error.

## Levers, `zone_defaults` and zones

Policy levers act per zone. To avoid repeating them:

- top-level `[levers.*]` tables apply to **every zone**;
- `[zone_defaults]` may hold any `zones.<zone>.` key (including
  `zone_defaults.levers.*`) and is merged **under** every `[zones.<zone>]`;
- a zone's own keys win.

Precedence, highest first: `zones.<zone>.` > `zone_defaults.` > `levers.`. The
merge is deep, as for `extends`: a zone that sets only
`levers.attraction.size` keeps the other `attraction` keys from
`zone_defaults` and `levers`. Note that a variant's top-level `[levers.*]` does
not override a lever that a zone of the base file sets itself. Lever keys are
documented once, under `levers.`; every one of them is equally valid under
`zone_defaults.levers.` and `zones.<zone>.levers.`.

## Lever schedules

Step 0 is the initial state the file describes and the first simulated
quarter is step 1. Each scheduled lever has three keys in steps (quarters),
`start`, `end` and `ramp`: it is **active for steps ≥ `start` and < `end`**
(no `end`: to the end of the run; `end` must be after `start`), **rising
linearly to full size over `ramp` quarters**. The share of `size` in force at
step *s* is min(1, (*s* − `start` + 1) / `ramp`), or all of it when
`ramp = 0`. With `start = 1` and `ramp = 4` a lever spends 25 %, 50 % and
75 % of its size in steps 1 to 3 and all of it from step 4.

Scheduled levers: ",
    );
    let levers: Vec<String> = schema::SCHEDULED_LEVERS.iter().map(|l| format!("`{l}`")).collect();
    out.push_str(&levers.join(", "));
    out.push_str(
        ".

Logistics channels and cooperation agreements have `start` and `end` but no
ramp; an innovation platform has the `start` at which building begins.

## Errors

The loader reports every problem it finds, not just the first. Each names the
file, line and column where the offending key was written (in the variant or
in the file it extends), the key as written, its value and what was expected,
for example:

```text
",
    );
    if let Some(key) = find(keys, "levers.chain_clustering.size") {
        let _ = writeln!(
            out,
            "scenarios/my-variant.toml:5:8: key `{}` has the value -1.0, but expected {}",
            key.path,
            key.expected()
        );
    }
    out.push_str(
        "scenarios/my-variant.toml:6:1: unknown key `levers.chain_clustering.siz`; did you mean `size`? (valid keys here: size, leader_pull, sourcing_speedup, start, end, ramp)
```

Beyond single keys the loader checks references between ids, sums (such as a
sector's inputs against its `intermediate_share`) and schedules.

`zonesim validate FILE` checks a scenario and prints it **fully resolved** as
TOML: `extends`, `zone_defaults` and `levers` merged into every zone and every
default filled in. It is the quickest way to see what a variant actually
sets. It exits with code 2 if the file has problems.

## Sections

",
    );
    for (group, _) in groups(schema::keys()) {
        let (title, _) = group_heading(group);
        let _ = writeln!(out, "- {title}");
    }
}

/// Section title and introduction of a top-level group.
fn group_heading(group: &str) -> (String, &'static str) {
    match group {
        "name" => (
            "Top level: `name`, `name_zh`, `description`, `description_zh`, `extends`, `zone_defaults`".to_string(),
            "Keys written before any table, and the `[zone_defaults]` table. Besides these, \
the top level holds the tables of the following sections.",
        ),
        "simulation" => (
            "`[simulation]`".to_string(),
            "How long and how often to run, and the master seed. `zonesim run` can \
override `steps`, `replicates` and `seed` from the command line.",
        ),
        "economy" => (
            "`[economy]`".to_string(),
            "The national economy and the world outside the zones: the business cycle, \
the cost of capital, and the pool of potential migrants with their wages and \
living conditions.",
        ),
        "markets" => (
            "`[markets.<market>]`".to_string(),
            "Export markets, one table each; the table name is the market's id.",
        ),
        "sectors" => (
            "`[sectors.<sector>]`".to_string(),
            "Industrial and producer-service sectors, one table each; the table name is \
the sector's id.",
        ),
        "zones" => (
            "`[zones.<zone>]`".to_string(),
            "Development zones, one table each; the table name is the zone's id. Every \
zone's initial firms are given by one `[zones.<zone>.firms.<sector>]` table per \
sector that has firms at step 0 (a zone without any starts empty and fills \
with start-ups and attracted firms); its government keys all have defaults. \
Every key of this section may also be written under `[zone_defaults]` (without \
the `zones.<zone>.` prefix), which is merged under every zone; lever keys \
(`zones.<zone>.levers.`) are listed in the levers section.",
        ),
        "cooperation" => (
            "`[[cooperation]]`".to_string(),
            "Agreements between two zones (飞地经济 / 区域托管), one `[[cooperation]]` \
block each.",
        ),
        "levers" => (
            "`[levers.*]`".to_string(),
            "Policy levers. Written at the top level they apply to every zone; every key \
below is equally valid under `zone_defaults.levers.` and `zones.<zone>.levers.` \
(precedence: zone > zone_defaults > top-level levers). Sizes are spending in \
¥ million per quarter at full level, or the envelope of a claims-based \
programme; every size defaults to 0, i.e. the lever is off. \
`innovation_platforms` and `logistics_channels` are arrays of tables \
(`[[levers.innovation_platforms]]`, `[[levers.logistics_channels]]`).",
        ),
        "behaviour" => (
            "`[behaviour]`".to_string(),
            "The model's behavioural constants. All have defaults calibrated as the \
source column says; a scenario overrides them only for sensitivity analysis.",
        ),
        other => (format!("`{other}`"), ""),
    }
}

fn section(out: &mut String, group: &str, members: &[&Key]) {
    let (title, text) = group_heading(group);
    let _ = writeln!(out, "\n## {title}\n");
    if !text.is_empty() {
        let _ = writeln!(out, "{text}\n");
    }
    out.push_str("| Key | Type and allowed range | Unit | Default | Meaning | Source of the default |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for key in members {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            cell(key.path),
            cell(&type_text(key)),
            dash_if_empty(key.unit),
            default_text(key),
            dash_if_empty(key.doc),
            dash_if_empty(key.source),
        );
    }
    if group == "name" {
        for [path, kind, unit, default, doc, source] in RESOLVED_KEYS {
            let _ = writeln!(
                out,
                "| `{path}` | {kind} | {} | {default} | {} | {} |",
                dash_if_empty(unit),
                cell(doc),
                dash_if_empty(source)
            );
        }
    }
}

fn example(out: &mut String, keys: &[Key]) {
    out.push_str(
        "\n## Worked example: a variant\n\nA variant of the baseline that adds \
chain-targeted investment attraction (补链) and runs more replicates. Saved as \
`scenarios/chain-200.toml`, next to `baseline.toml`:\n\n```toml\n",
    );
    out.push_str(EXAMPLE);
    out.push_str("```\n\n");
    let default_of = |path: &str| find(keys, path).map_or("its default", |k| k.default);
    let _ = writeln!(
        out,
        "Everything else (markets, sectors, the zone, the other levers) comes from \
`baseline.toml`. The lever is written at the top level, so it applies to every \
zone of the scenario; `leader_pull` and `sourcing_speedup` keep their defaults \
({} and {}) and `end` is absent, so the lever stays on to the end of the run. \
`simulation.replicates` replaces the baseline's value while `steps`, `seed` and \
`start_year` are kept.",
        default_of("levers.chain_clustering.leader_pull"),
        default_of("levers.chain_clustering.sourcing_speedup"),
    );
    out.push_str(
        "\n```sh\nzonesim validate scenarios/chain-200.toml   # the resolved scenario, \
including [zones.wuhan_etdz.levers.chain_clustering]\nzonesim run scenarios/chain-200.toml\n```\n",
    );
}
