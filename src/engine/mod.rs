//! The simulation of one replicate: initial population, the step and its
//! phases, and observation.
//!
//! The engine takes a validated [`Scenario`] and a replicate number and
//! returns data; it does no I/O and never prints. Parallel phases run over
//! fixed blocks of agents, each with its own random stream
//! ([`rng::Streams`]), and reduce their results in block order, so a run's
//! output does not depend on the number of threads. Phases in which agents
//! interact (matching, entry, relocation) decide from a read-only view and
//! apply the decisions in a fixed order.

mod accounting;
mod cohorts;
mod entry;
mod env;
mod firms;
mod government;
mod init;
mod labour;
mod observe;
pub mod rng;

use std::time::{Duration, Instant};

use crate::model::firms::{FirmRow, Firms, Workers};
use crate::model::metrics::{Tally, Values};
use crate::model::zone::ZoneState;
use crate::scenario::Scenario;

pub use accounting::AccountingError;
pub use env::SectorEnv;
pub use observe::Aggregates;
use rng::Streams;

/// Firms per block in parallel firm phases.
pub const FIRM_BLOCK: usize = 1024;
/// Workers per block in parallel worker phases.
pub const WORKER_BLOCK: usize = 8192;

/// The national and world environment of a replicate.
#[derive(Debug, Clone)]
pub struct World {
    /// Business cycle (log deviation).
    pub cycle: f64,
    /// Log demand index per sector.
    pub log_demand: Vec<f64>,
    /// Log demand index per export market.
    pub log_market: Vec<f64>,
    /// Potential migrants outside all zones, by skill.
    pub outside: [u64; 3],
    pub outside_wage: [f64; 3],
}

/// Worker totals since step 0, for the conservation check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ledger {
    /// Workers in zones plus outside at step 0.
    pub initial: u64,
    /// Labour-force entrants (graduates) so far.
    pub entries: u64,
    /// Retirements so far.
    pub retirements: u64,
}

/// Consecutive firms of one zone processed together.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    pub zone: u16,
    pub start: u32,
    pub end: u32,
}

/// How an entering firm came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Startup,
    Attracted,
}

/// A firm waiting for approval.
#[derive(Debug, Clone)]
pub struct Pending {
    pub row: FirmRow,
    pub activate: u32,
    pub kind: EntryKind,
}

/// What a replicate looks like after a step.
#[derive(Debug, Clone)]
pub struct Observation {
    pub step: u32,
    /// Metric values per zone, in scenario order.
    pub zones: Vec<Values>,
    /// Metric values of all zones together.
    pub total: Values,
}

/// Wall time spent in each phase of a step.
pub type PhaseTimes = Vec<(&'static str, Duration)>;

/// One replicate of a scenario.
pub struct Simulation<'s> {
    pub(crate) sc: &'s Scenario,
    pub(crate) replicate: u32,
    pub(crate) streams: Streams,
    pub(crate) step: u32,
    pub(crate) world: World,
    pub(crate) firms: Firms,
    /// Last step's firm columns, reused as the target of the next
    /// compaction so it allocates nothing.
    pub(crate) firms_spare: Firms,
    pub(crate) workers: Workers,
    /// The target of the next reordering of workers (see `reorder_workers`).
    pub(crate) workers_spare: Workers,
    /// Free worker slots, descending (the lowest is popped first).
    pub(crate) free_slots: Vec<u32>,
    pub(crate) zones: Vec<ZoneState>,
    /// Workers living in each zone, by skill.
    pub(crate) residents: Vec<[u64; 3]>,
    /// Skilled and high-end residents by when they came to their zone.
    pub(crate) cohorts: cohorts::Cohorts,
    pub(crate) ledger: Ledger,
    pub(crate) agg: Aggregates,
    pub(crate) env: Vec<SectorEnv>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) zone_ranges: Vec<(u32, u32)>,
    pub(crate) pending: Vec<Pending>,
    /// Id the next new firm gets.
    pub(crate) next_firm_id: u32,
    /// Unemployed worker ids per (zone, skill) pool, built each step.
    pub(crate) pools: Vec<Vec<u32>>,
    /// Distance between zones in units of 100 km.
    pub(crate) distance: Vec<f64>,
    pub(crate) tallies: Vec<Tally>,
    /// This step's flows per zone, taken before exits and relocations.
    pub(crate) flow_tallies: Vec<Tally>,
    /// Each zone's value added summed firm by firm, for the accounting check.
    pub(crate) gdp_check: Vec<f64>,
    /// Pollution per zone measured in this step's production.
    pub(crate) zone_pollution: Vec<f64>,
}

impl<'s> Simulation<'s> {
    /// Builds replicate `replicate` of `sc` at step 0.
    pub fn new(sc: &'s Scenario, replicate: u32) -> Simulation<'s> {
        init::initial(sc, replicate)
    }

    /// Steps completed so far.
    pub fn step_count(&self) -> u32 {
        self.step
    }

    pub fn scenario(&self) -> &'s Scenario {
        self.sc
    }

    pub fn replicate(&self) -> u32 {
        self.replicate
    }

    /// Advances one quarter.
    pub fn step(&mut self) {
        self.step_phases(None);
    }

    /// Advances one quarter and reports the time spent in each phase.
    pub fn step_profiled(&mut self) -> PhaseTimes {
        let mut times = Vec::new();
        self.step_phases(Some(&mut times));
        times
    }

    fn step_phases(&mut self, mut times: Option<&mut PhaseTimes>) {
        let s = self.step + 1;
        let mut clock = Instant::now();
        let mut lap = |name: &'static str, times: &mut Option<&mut PhaseTimes>| {
            if let Some(t) = times.as_deref_mut() {
                let now = Instant::now();
                t.push((name, now - clock));
                clock = now;
            }
        };
        for z in &mut self.zones {
            z.flows = Default::default();
        }
        self.demand(s);
        self.plan_policy(s);
        self.build_env(s);
        lap("demand", &mut times);
        self.production(s);
        lap("production", &mut times);
        self.innovation(s);
        lap("innovation", &mut times);
        self.labour_demand(s);
        lap("labour demand", &mut times);
        self.worker_moves(s);
        lap("migration", &mut times);
        self.arrivals(s);
        lap("arrivals", &mut times);
        self.matching(s);
        lap("labour matching", &mut times);
        self.decisions(s);
        self.tally_flows();
        lap("firm decisions", &mut times);
        self.entry(s);
        lap("entry", &mut times);
        self.compact(s);
        lap("exit/relocation", &mut times);
        self.government(s);
        lap("government", &mut times);
        self.step = s;
        self.observe();
        lap("observation", &mut times);
        if cfg!(debug_assertions)
            && let Err(e) = self.check_accounting()
        {
            panic!("accounting violated: {e}");
        }
    }

    /// The metrics after the last step (or at step 0).
    pub fn observation(&self) -> Observation {
        let zones: Vec<Values> = self.tallies.iter().map(Tally::metrics).collect();
        let mut total = Tally::default();
        for t in &self.tallies {
            total.add(t);
        }
        Observation {
            step: self.step,
            zones,
            total: total.metrics(),
        }
    }

    /// Number of firms and of workers (agents) alive now.
    pub fn agent_counts(&self) -> (usize, usize) {
        let workers: u64 = self.residents.iter().flatten().sum();
        (self.firms.len(), workers as usize)
    }

    /// Per (zone, sector) with firms: cluster employment (same and linked
    /// sectors) and the revenue-weighted mean of total log productivity
    /// (firm productivity plus the agglomeration term), for measuring how
    /// productivity rises with cluster size.
    pub fn cluster_profile(&self) -> Vec<ClusterStat> {
        let n_s = self.sc.sectors.len();
        let g = self.sc.behaviour.agglomeration_elasticity;
        let scale = self.sc.behaviour.agglomeration_scale;
        let mut num = vec![0.0; self.agg.cluster.len()];
        let mut den = vec![0.0; self.agg.cluster.len()];
        for i in 0..self.firms.len() {
            let k = self.firms.zone[i] as usize * n_s + self.firms.sector[i] as usize;
            let r = f64::from(self.firms.revenue[i]);
            num[k] += r * f64::from(self.firms.prod[i]);
            den[k] += r;
        }
        (0..num.len())
            .filter(|&k| den[k] > 0.0)
            .map(|k| ClusterStat {
                zone: k / n_s,
                sector: k % n_s,
                firms: self.agg.firms[k],
                cluster: self.agg.cluster[k],
                log_tfp: num[k] / den[k] + g * (1.0 + self.agg.cluster[k] / scale).ln(),
            })
            .collect()
    }

    /// Bytes held by the agents' columns.
    pub fn heap_bytes(&self) -> usize {
        self.firms.heap_bytes()
            + self.firms_spare.heap_bytes()
            + self.workers.heap_bytes()
            + self.workers_spare.heap_bytes()
            + self.free_slots.capacity() * 4
    }

    /// One record per firm alive now, for distribution analysis.
    pub fn firm_records(&self) -> Vec<FirmRecord> {
        use rayon::prelude::*;
        let b = &self.sc.behaviour;
        (0..self.firms.len())
            .into_par_iter()
            .map(|i| {
                let f = &self.firms;
                let sector = &self.sc.sectors[f.sector[i] as usize];
                let status = if f.has(i, crate::model::firms::flag::UNICORN) {
                    "unicorn"
                } else if f.has(i, crate::model::firms::flag::GAZELLE) {
                    "gazelle"
                } else if f.has(i, crate::model::firms::flag::LEADER) {
                    "leader"
                } else {
                    "ordinary"
                };
                FirmRecord {
                    id: f.id[i],
                    zone: f.zone[i],
                    sector: f.sector[i],
                    tier: sector.tier.key(),
                    employees: f.employees(i),
                    high_end: f.emp[i][2],
                    revenue: f64::from(f.revenue[i]),
                    value_added: f64::from(f.value_added[i]),
                    capital: f64::from(f.capital[i]),
                    productivity: f64::from(f.prod[i]).exp(),
                    age_years: f64::from(f.age[i]) / 4.0,
                    growth: f64::from(f.growth[i]),
                    status,
                    ownership: match f.owner[i] {
                        crate::model::firms::owner::FOREIGN => "foreign",
                        crate::model::firms::owner::COASTAL => "coastal",
                        _ => "domestic",
                    },
                    exporter: f.has(i, crate::model::firms::flag::EXPORTER),
                    overseas_base: f.has(i, crate::model::firms::flag::OVERSEAS),
                    local_share: f64::from(f.local_share[i]),
                    effective_labour: (0..3).map(|k| f64::from(f.emp[i][k]) * b.skill_efficiency.to_array()[k]).sum(),
                }
            })
            .collect()
    }
}

/// Productivity and cluster size of one (zone, sector) pair.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterStat {
    pub zone: usize,
    pub sector: usize,
    pub firms: u32,
    pub cluster: f64,
    pub log_tfp: f64,
}

/// A firm as the snapshot output shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FirmRecord {
    pub id: u32,
    /// Index of the firm's zone and sector in the scenario.
    pub zone: u16,
    pub sector: u8,
    pub tier: &'static str,
    pub employees: u32,
    pub high_end: u32,
    /// ¥ million per quarter.
    pub revenue: f64,
    pub value_added: f64,
    pub capital: f64,
    /// exp(log productivity).
    pub productivity: f64,
    pub age_years: f64,
    /// Revenue growth of the last complete year.
    pub growth: f64,
    pub status: &'static str,
    pub ownership: &'static str,
    pub exporter: bool,
    pub overseas_base: bool,
    pub local_share: f64,
    pub effective_labour: f64,
}

/// Receives a replicate's results as it runs.
pub trait Observer {
    fn step(&mut self, replicate: u32, obs: &Observation);
    /// Called once after the last step, with the final state.
    fn finish(&mut self, _sim: &Simulation<'_>) {}
}

/// Runs replicate `replicate` of `sc` to the end, reporting every step
/// (including step 0) to `observer`.
pub fn run_replicate(sc: &Scenario, replicate: u32, observer: &mut impl Observer) {
    let mut sim = Simulation::new(sc, replicate);
    observer.step(replicate, &sim.observation());
    for _ in 0..sc.simulation.steps {
        sim.step();
        observer.step(replicate, &sim.observation());
    }
    observer.finish(&sim);
}
