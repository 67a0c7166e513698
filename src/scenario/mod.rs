//! Scenario files: TOML in, a validated [`Scenario`] out.
//!
//! Loading goes in three steps, each of which reports every problem it
//! finds with file, line and column: `load` reads the file and what it
//! `extends` and merges levers into zones; `check` holds every key against
//! the schema (unknown keys, types, ranges); `validate` checks what needs the
//! whole scenario (references between sectors, markets and zones, sums,
//! schedules) and resolves ids to indices. [`Scenario::load`] is the only way
//! to get a `Scenario`, so the engine can trust every value it reads.

mod check;
pub mod doc;
mod error;
mod load;
pub mod schema;
pub mod set;
pub mod spec;
mod validate;

use std::path::{Path, PathBuf};

pub use check::nearest;
pub use error::{Problem, ScenarioError};
pub use load::Document;
pub use spec::{
    Behaviour, CooperationSpec, EconomySpec, FirmPopulationSpec, GovernmentSpec, Levers, ScenarioSpec, Schedule, SimulationSpec,
    SkillValues, Tier,
};

/// An export market.
#[derive(Debug, Clone)]
pub struct Market {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub growth_per_year: f64,
    pub volatility: f64,
    pub trade_cost: f64,
}

/// A sector with its references resolved to indices.
#[derive(Debug, Clone)]
pub struct Sector {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub tier: Tier,
    pub demand_growth_per_year: f64,
    pub demand_volatility: f64,
    pub cycle_sensitivity: f64,
    pub rd_propensity: f64,
    pub innovation_rate_per_year: f64,
    /// Normalised to sum 1.
    pub skill_mix: [f64; 3],
    pub capital_share: f64,
    pub intermediate_share: f64,
    /// (supplier sector, purchases per unit of revenue).
    pub inputs: Vec<(usize, f64)>,
    pub export_share: f64,
    /// Weight of each market (indexed like `Scenario::markets`), summing to 1
    /// when the sector exports.
    pub export_markets: Vec<f64>,
    pub pollution_intensity: f64,
    pub land_intensity: f64,
    pub startup_weight: f64,
    pub national_weight: f64,
    pub upgrade_to: Option<usize>,
}

impl Sector {
    /// Purchases from zone sectors per unit of revenue.
    pub fn linked_share(&self) -> f64 {
        self.inputs.iter().map(|(_, a)| a).sum()
    }
}

/// A logistics channel with its markets resolved.
#[derive(Debug, Clone)]
pub struct Channel {
    pub name: String,
    pub name_zh: Option<String>,
    pub markets: Vec<usize>,
    pub trade_cost_cut: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
    pub size: f64,
}

impl Channel {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            start: self.start,
            end: self.end,
            ramp: self.ramp,
        }
    }
    /// Share of the channel's service running at `step` (0 when closed).
    pub fn level(&self, step: u32) -> f64 {
        self.schedule().level(step)
    }
}

/// A zone with its references resolved to indices.
#[derive(Debug, Clone)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    pub location: [f64; 2],
    pub land: f64,
    pub amenity: f64,
    pub environment: f64,
    pub transaction_cost: f64,
    pub approval_delay: f64,
    pub housing_cost: f64,
    pub import_cost: f64,
    /// Trade cost to each market.
    pub trade_costs: Vec<f64>,
    pub platforms: f64,
    pub workforce: [f64; 3],
    pub unemployment: f64,
    pub wages: [f64; 3],
    /// (sector, how its initial firms are generated), in file order.
    pub firms: Vec<(usize, FirmPopulationSpec)>,
    pub government: GovernmentSpec,
    pub levers: Levers,
    /// Sectors precision attraction aims at.
    pub attraction_targets: Vec<usize>,
    pub channels: Vec<Channel>,
}

/// An inter-zone agreement with zones resolved.
#[derive(Debug, Clone)]
pub struct Cooperation {
    pub home: usize,
    pub host: usize,
    pub revenue_share: f64,
    pub relocation_boost: f64,
    pub size: f64,
    pub start: u32,
    pub end: Option<u32>,
    pub ramp: u32,
}

impl Cooperation {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            start: self.start,
            end: self.end,
            ramp: self.ramp,
        }
    }
    /// Share of the agreement in force at `step` (0 outside its schedule).
    pub fn level(&self, step: u32) -> f64 {
        self.schedule().level(step)
    }
    pub fn active(&self, step: u32) -> bool {
        self.level(step) > 0.0
    }
    /// Relocation pull from home to host at `step`: 1 (none) rising to
    /// `relocation_boost` over the ramp.
    pub fn boost(&self, step: u32) -> f64 {
        match self.level(step) {
            1.0 => self.relocation_boost,
            level => 1.0 + (self.relocation_boost - 1.0) * level,
        }
    }
}

/// A checked scenario. Every value is within its documented range and every
/// reference resolves.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub name_zh: Option<String>,
    pub description: String,
    pub description_zh: Option<String>,
    pub simulation: SimulationSpec,
    pub economy: EconomySpec,
    pub behaviour: Behaviour,
    pub markets: Vec<Market>,
    pub sectors: Vec<Sector>,
    pub zones: Vec<Zone>,
    pub cooperation: Vec<Cooperation>,
    /// Ranges for Latin-hypercube sweeps: (key, [low, high]).
    pub sweep_ranges: Vec<(String, [f64; 2])>,
    /// The files it was read from, the named one first.
    pub sources: Vec<PathBuf>,
    /// The fully resolved scenario as TOML (what `zonesim validate` prints).
    pub resolved: String,
    /// SHA-256 of `resolved`, hex.
    pub hash: String,
}

impl Scenario {
    /// Reads, checks and resolves the scenario at `path`.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let doc = Document::load(path)?;
        validate::scenario_from_document(&doc)
    }

    /// Checks and resolves a scenario given as text, as if read from `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Scenario, ScenarioError> {
        let doc = Document::from_text(path, text)?;
        validate::scenario_from_document(&doc)
    }

    /// Checks and resolves an already loaded (and possibly edited) document.
    pub fn from_document(doc: &Document) -> Result<Scenario, ScenarioError> {
        validate::scenario_from_document(doc)
    }

    /// Overrides the run's shape from the command line (`--steps`,
    /// `--replicates`, `--seed`). Summary and snapshot steps beyond the new
    /// end are dropped, and `resolved` and `hash` are updated, so the
    /// scenario.toml an output folder keeps repeats the run exactly.
    pub fn override_simulation(&mut self, steps: Option<u32>, replicates: Option<u32>, seed: Option<u64>) {
        if let Some(t) = steps {
            self.simulation.steps = t;
            self.simulation.summary_steps.retain(|s| *s <= t);
            self.simulation.snapshot_steps.retain(|s| *s <= t);
        }
        if let Some(r) = replicates {
            self.simulation.replicates = r;
        }
        if let Some(s) = seed {
            self.simulation.seed = s;
        }
        if steps.is_none() && replicates.is_none() && seed.is_none() {
            return;
        }
        // Re-serialised the way validation serialises, so the text is what
        // `zonesim validate` would print for a file with these settings.
        let Ok(mut spec) = toml::from_str::<spec::ScenarioSpec>(&self.resolved) else {
            return;
        };
        spec.simulation = self.simulation.clone();
        self.resolved = toml::to_string(&spec).unwrap_or_default();
        self.hash = validate::sha256_hex(&self.resolved);
    }

    pub fn sector_index(&self, id: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.id == id)
    }

    pub fn zone_index(&self, id: &str) -> Option<usize> {
        self.zones.iter().position(|z| z.id == id)
    }

    /// Steps at which firms.csv keeps a snapshot of every firm, sorted.
    pub fn snapshot_steps(&self) -> Vec<u32> {
        let steps = self.simulation.steps;
        let mut out = if self.simulation.snapshot_steps.is_empty() {
            vec![0, (steps / 2 / 4) * 4, steps]
        } else {
            self.simulation.snapshot_steps.clone()
        };
        out.retain(|s| *s <= steps);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Steps at which the summary across replicates is taken.
    pub fn summary_steps(&self) -> Vec<u32> {
        let steps = self.simulation.steps;
        let mut out: Vec<u32> = if self.simulation.summary_steps.is_empty() {
            [12, 20, 40].into_iter().filter(|&s| s < steps).collect()
        } else {
            self.simulation.summary_steps.clone()
        };
        out.push(steps);
        out.sort_unstable();
        out.dedup();
        out
    }
}
