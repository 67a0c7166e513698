//! Setting one numeric key of a scenario from outside the file: the keys
//! `zonesim sweep --set KEY=...` and `[sweep.ranges]` name.
//!
//! A key is written as in the file (`levers.talent_subsidy.size`,
//! `zones.wuhan_etdz.levers.rd_subsidy.size`,
//! `zones.wuhan_etdz.transaction_cost`, `behaviour.startup_rate`), checked
//! against the schema (with the nearest valid key suggested) and against the
//! scenario's own zone, sector and market ids. A top-level lever key sets the
//! lever in every zone, replacing what a zone sets itself; a
//! `zones.<zone>.levers.` key sets it in that zone only. `simulation.` keys
//! are the run's shape, not something to vary: `--steps`, `--replicates`
//! and `--seed` set them for every point.

use toml::{Table, Value};

use super::check::nearest;
use super::load::Document;
use super::schema::{Key, Kind, keys};

/// A key that can be set, resolved against the schema.
#[derive(Debug, Clone)]
pub struct Settable {
    pub key: &'static Key,
    pub segments: Vec<String>,
    pub text: String,
}

impl Settable {
    /// `Some(expected)` when `x` is outside the key's allowed range.
    pub fn check(&self, x: f64) -> Option<String> {
        self.key.check_number(x).map(|_| self.key.expected())
    }

    pub fn is_integer(&self) -> bool {
        self.key.kind == Kind::Int
    }
}

fn pattern_segments(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// Resolves `text` against the schema and the ids of `doc`.
pub fn settable(doc: &Document, text: &str) -> Result<Settable, String> {
    let segments: Vec<String> = text.split('.').map(str::to_string).collect();
    if segments[0] == "simulation" {
        return Err(format!(
            "`{text}` sets the run's shape, not a policy or a behaviour; sweep levers, behaviour, economy or zone keys, and give the steps, replicates and seed of every point with --steps, --replicates and --seed"
        ));
    }
    // A zone's own lever keys are documented once, under `levers.`.
    let (lookup, zone): (&[String], Option<&str>) = if segments.len() >= 3 && segments[0] == "zones" && segments[2] == "levers" {
        (&segments[2..], Some(segments[1].as_str()))
    } else {
        (&segments[..], None)
    };
    let ids = |table: &str| -> Vec<String> {
        match doc.root.get(table) {
            Some(Value::Table(t)) => t.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let (zones, sectors, markets) = (ids("zones"), ids("sectors"), ids("markets"));
    if let Some(z) = zone
        && !zones.iter().any(|id| id == z)
    {
        let list_refs: Vec<&str> = zones.iter().map(String::as_str).collect();
        let hint = nearest(z, &list_refs).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
        return Err(format!(
            "`{text}` names the zone `{z}`, which the scenario does not define{hint} (zones: {})",
            zones.join(", ")
        ));
    }
    let mut candidates = Vec::new();
    for key in keys() {
        if key.path.contains("[]") {
            continue;
        }
        let pat = pattern_segments(key.path);
        if pat.len() != lookup.len() {
            continue;
        }
        // The pattern with the user's own words in its placeholders, for suggestions.
        let filled: Vec<&str> = pat
            .iter()
            .zip(lookup)
            .map(|(p, s)| if p.starts_with('<') { s.as_str() } else { *p })
            .collect();
        let prefix = zone.map_or(String::new(), |z| format!("zones.{z}."));
        candidates.push((format!("{prefix}{}", filled.join(".")), key));
        if filled.iter().zip(lookup).all(|(a, b)| *a == b) {
            for (p, s) in pat.iter().zip(lookup) {
                let (what, list) = match *p {
                    "<zone>" => ("zone", &zones),
                    "<sector>" => ("sector", &sectors),
                    "<market>" => ("market", &markets),
                    _ => continue,
                };
                if !list.contains(s) {
                    let list_refs: Vec<&str> = list.iter().map(String::as_str).collect();
                    let hint = nearest(s, &list_refs).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
                    return Err(format!(
                        "`{text}` names the {what} `{s}`, which the scenario does not define{hint} ({what}s: {})",
                        list.join(", ")
                    ));
                }
            }
            if !matches!(key.kind, Kind::Float | Kind::Int) {
                return Err(format!(
                    "`{text}` is not a number (it takes {}); only numeric keys can be set or swept",
                    key.expected()
                ));
            }
            return Ok(Settable {
                key,
                segments,
                text: text.to_string(),
            });
        }
    }
    let names: Vec<&str> = candidates.iter().map(|(n, _)| n.as_str()).collect();
    let hint = nearest(text, &names).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
    Err(format!(
        "`{text}` is not a key of the scenario format{hint} (see docs/scenario-format.md)"
    ))
}

impl Document {
    /// Sets `key` to `value` (a top-level lever key in every zone).
    pub fn set(&mut self, key: &Settable, value: f64) {
        let v = if key.is_integer() {
            Value::Integer(value.round() as i64)
        } else {
            Value::Float(value)
        };
        if key.segments[0] == "levers" {
            if let Some(Value::Table(zones)) = self.root.get_mut("zones") {
                for (_, zone) in zones.iter_mut() {
                    if let Value::Table(zone) = zone {
                        put(zone, &key.segments, v.clone());
                    }
                }
            }
        } else {
            put(&mut self.root, &key.segments, v);
        }
    }
}

fn put(table: &mut Table, path: &[String], value: Value) {
    if path.len() == 1 {
        table.insert(path[0].clone(), value);
        return;
    }
    let entry = table.entry(path[0].clone()).or_insert_with(|| Value::Table(Table::new()));
    if !entry.is_table() {
        *entry = Value::Table(Table::new());
    }
    if let Value::Table(t) = entry {
        put(t, &path[1..], value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc() -> Document {
        Document::from_text(Path::new("t.toml"), &doc_text()).unwrap()
    }

    fn doc_text() -> String {
        let text = "name = \"t\"\n[sectors.auto]\ntier = \"traditional\"\ndemand_growth_per_year = 0.03\nrd_propensity = 0.01\ninnovation_rate_per_year = 0.1\nskill_mix = { general = 1, skilled = 0, high_end = 0 }\ncapital_share = 0.5\nintermediate_share = 0.6\n[zones.z]\nland = 10.0\nworkforce = { general = 100, skilled = 0, high_end = 0 }\nwages = { general = 0.02, skilled = 0.03, high_end = 0.06 }\n";
        text.to_string()
    }

    #[test]
    fn resolves_keys_and_ids() {
        let d = doc();
        assert_eq!(
            settable(&d, "levers.talent_subsidy.size").unwrap().key.path,
            "levers.talent_subsidy.size"
        );
        assert_eq!(
            settable(&d, "zones.z.transaction_cost").unwrap().key.path,
            "zones.<zone>.transaction_cost"
        );
        assert_eq!(
            settable(&d, "zones.z.levers.rd_subsidy.size").unwrap().key.path,
            "levers.rd_subsidy.size"
        );
        let e = settable(&d, "simulation.steps").unwrap_err();
        assert!(e.contains("--steps"), "{e}");
    }

    #[test]
    fn explains_what_is_wrong() {
        let d = doc();
        let e = settable(&d, "levers.talent_subsidy.sise").unwrap_err();
        assert!(e.contains("did you mean `levers.talent_subsidy.size`?"), "{e}");
        let e = settable(&d, "zones.y.transaction_cost").unwrap_err();
        assert!(e.contains("the zone `y`") && e.contains("zones: z"), "{e}");
        let e = settable(&d, "sectors.auto.tier").unwrap_err();
        assert!(e.contains("only numeric keys"), "{e}");
        let e = settable(&d, "zones.y.levers.rd_subsidy.size").unwrap_err();
        assert!(e.contains("the zone `y`"), "{e}");
        let e = settable(&d, "zones.z.levers.rd_subsidy.sise").unwrap_err();
        assert!(e.contains("did you mean `zones.z.levers.rd_subsidy.size`?"), "{e}");
    }

    #[test]
    fn a_zone_lever_key_sets_that_zone_only() {
        let text = format!(
            "{}[zones.w]\nland = 10.0\nworkforce = {{ general = 100, skilled = 0, high_end = 0 }}\nwages = {{ general = 0.02, skilled = 0.03, high_end = 0.06 }}\n",
            doc_text()
        );
        let mut d = Document::from_text(Path::new("t.toml"), &text).unwrap();
        let k = settable(&d, "zones.w.levers.rd_subsidy.size").unwrap();
        d.set(&k, 42.0);
        let sc = super::super::Scenario::from_document(&d).unwrap();
        let size = |id: &str| sc.zones[sc.zone_index(id).unwrap()].levers.rd_subsidy.size;
        assert_eq!(size("w"), 42.0);
        assert_eq!(size("z"), 0.0);
    }

    #[test]
    fn lever_keys_are_set_in_every_zone() {
        let mut d = doc();
        let k = settable(&d, "levers.rd_subsidy.size").unwrap();
        d.set(&k, 42.0);
        let sc = super::super::Scenario::from_document(&d).unwrap();
        assert_eq!(sc.zones[0].levers.rd_subsidy.size, 42.0);
    }
}
