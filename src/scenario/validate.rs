//! From a key-checked document to a [`Scenario`]: references, sums and
//! schedules, with every id resolved to an index.

use sha2::{Digest, Sha256};

use super::check::{check_document, dedup, nearest};
use super::error::{Problem, ScenarioError};
use super::load::{Document, index, join};
use super::spec::{ScenarioSpec, Tier};
use super::{Channel, Cooperation, Market, Scenario, Sector, Zone};

pub fn scenario_from_document(doc: &Document) -> Result<Scenario, ScenarioError> {
    let problems = check_document(doc);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid(problems));
    }
    let spec: ScenarioSpec = match serde_path_to_error::deserialize(toml::Value::Table(doc.root.clone())) {
        Ok(s) => s,
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let message = e.inner().message().to_string();
            let message = match message.strip_prefix("missing field ") {
                Some(field) => {
                    let field = field.trim_matches('`');
                    let full = join(&path, field);
                    format!("missing key `{}`{}", doc.written(&full).replace("\"", ""), expected_for(&full))
                }
                None if path.is_empty() => message,
                None => format!("key `{}`: {message}", doc.written(&path)),
            };
            return Err(ScenarioError::Invalid(vec![doc.problem(&path, message)]));
        }
    };
    let mut v = Validator { doc, problems: Vec::new() };
    let scenario = v.resolve(spec);
    if v.problems.is_empty() {
        Ok(scenario)
    } else {
        Err(ScenarioError::Invalid(dedup(v.problems)))
    }
}

/// ", expected ..." from the schema, for a missing key.
fn expected_for(path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    let norm: Vec<&str> = if segs.len() >= 3 && segs[0] == "zones" && segs[2] == "levers" {
        segs[2..].to_vec()
    } else {
        segs
    };
    for key in super::schema::keys() {
        let pat: Vec<&str> = key.path.split('.').collect();
        if pat.len() == norm.len()
            && pat
                .iter()
                .zip(&norm)
                .all(|(p, s)| p.starts_with('<') || p.trim_end_matches("[]") == s.split('[').next().unwrap_or(s))
        {
            return format!(": expected {}", key.expected());
        }
    }
    String::new()
}

struct Validator<'a> {
    doc: &'a Document,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn problem(&mut self, path: &str, message: String) {
        let p = self.doc.problem(path, message);
        self.problems.push(p);
    }

    fn written(&self, path: &str) -> String {
        self.doc.written(path)
    }

    /// Resolves `id` among `ids`, reporting an unknown id at `path`.
    fn reference(&mut self, path: &str, what: &str, id: &str, ids: &[&str]) -> Option<usize> {
        if let Some(i) = ids.iter().position(|s| *s == id) {
            return Some(i);
        }
        let mut message = format!(
            "key `{}` names the {what} `{id}`, which the scenario does not define",
            self.written(path)
        );
        if let Some(best) = nearest(id, ids) {
            message.push_str(&format!("; did you mean `{best}`?"));
        }
        if ids.is_empty() {
            message.push_str(&format!(" (it defines no {what}s)"));
        } else {
            message.push_str(&format!(" (expected one of: {})", ids.join(", ")));
        }
        self.problem(path, message);
        None
    }

    fn schedule(&mut self, path: &str, start: u32, end: Option<u32>) {
        if let Some(end) = end
            && end <= start
        {
            let p = join(path, "end");
            let message = format!("key `{}` is {end}, but expected a step after `start` ({start})", self.written(&p));
            self.problem(&p, message);
        }
    }

    fn resolve(&mut self, spec: ScenarioSpec) -> Scenario {
        let doc = self.doc;
        if spec.sectors.is_empty() {
            self.problems.push(Problem {
                file: doc.main_file().to_path_buf(),
                position: None,
                message: "key `sectors` is missing or empty (in this file and every file it extends), but expected at least one \
`[sectors.<id>]` table with a tier"
                    .into(),
            });
        }
        if spec.zones.is_empty() {
            self.problems.push(Problem {
                file: doc.main_file().to_path_buf(),
                position: None,
                message: "key `zones` is missing or empty (in this file and every file it extends), but expected at least one \
`[zones.<id>]` table"
                    .into(),
            });
        }
        // Sector and zone ids are stored compactly (u8, u16) in every firm.
        if spec.sectors.len() > 250 {
            self.problems.push(Problem {
                file: doc.main_file().to_path_buf(),
                position: None,
                message: format!("key `sectors` has {} sectors, but expected at most 250", spec.sectors.len()),
            });
        }
        if spec.zones.len() > 60_000 {
            self.problems.push(Problem {
                file: doc.main_file().to_path_buf(),
                position: None,
                message: format!("key `zones` has {} zones, but expected at most 60,000", spec.zones.len()),
            });
        }
        let steps = spec.simulation.steps;
        for key in ["summary_steps", "snapshot_steps"] {
            let list = if key == "summary_steps" {
                &spec.simulation.summary_steps
            } else {
                &spec.simulation.snapshot_steps
            };
            for (i, s) in list.iter().enumerate() {
                if *s > steps {
                    let p = index(&format!("simulation.{key}"), i);
                    self.problem(
                        &p,
                        format!("key `simulation.{key}` lists step {s}, but the run has only {steps} steps"),
                    );
                }
            }
        }

        let market_ids: Vec<&str> = spec.markets.keys().map(String::as_str).collect();
        let sector_ids: Vec<&str> = spec.sectors.keys().map(String::as_str).collect();
        let zone_ids: Vec<&str> = spec.zones.keys().map(String::as_str).collect();

        let markets: Vec<Market> = spec
            .markets
            .iter()
            .map(|(id, m)| Market {
                id: id.clone(),
                name: if m.name.is_empty() { id.clone() } else { m.name.clone() },
                name_zh: m.name_zh.clone(),
                growth_per_year: m.growth_per_year,
                volatility: m.volatility,
                trade_cost: m.trade_cost,
            })
            .collect();

        let mut sectors = Vec::new();
        for (id, s) in &spec.sectors {
            let path = join("sectors", id);
            let mut inputs = Vec::new();
            for (sup, &a) in &s.inputs {
                let p = join(&join(&path, "inputs"), sup);
                if let Some(j) = self.reference(&p, "sector", sup, &sector_ids) {
                    inputs.push((j, a));
                }
            }
            let linked: f64 = s.inputs.values().sum();
            if linked > s.intermediate_share + 1e-9 {
                let p = join(&path, "inputs");
                self.problem(
                    &p,
                    format!(
                        "the inputs of sector `{id}` sum to {linked:.4} of revenue, more than its intermediate_share {}; expected a sum of at most intermediate_share",
                        s.intermediate_share
                    ),
                );
            }
            let mix = s.skill_mix.to_array();
            let mix_sum: f64 = mix.iter().sum();
            if mix_sum <= 0.0 {
                self.problem(
                    &join(&path, "skill_mix"),
                    format!("the skill_mix of sector `{id}` is all zero; expected at least one positive share"),
                );
            }
            let mut export_markets = vec![0.0; markets.len()];
            for (m, &w) in &s.export_markets {
                let p = join(&join(&path, "export_markets"), m);
                if let Some(j) = self.reference(&p, "market", m, &market_ids) {
                    export_markets[j] = w;
                }
            }
            let w_sum: f64 = export_markets.iter().sum();
            if s.export_share > 0.0 && w_sum <= 0.0 {
                self.problem(
                    &join(&path, "export_share"),
                    format!("sector `{id}` has export_share {} but no export market with positive weight; expected an `export_markets` table naming at least one market", s.export_share),
                );
            }
            let export_markets = if w_sum > 0.0 {
                export_markets.iter().map(|w| w / w_sum).collect()
            } else {
                export_markets
            };
            let upgrade_to = match &s.upgrade_to {
                Some(to) => {
                    let p = join(&path, "upgrade_to");
                    let j = self.reference(&p, "sector", to, &sector_ids);
                    if to == id {
                        self.problem(&p, format!("sector `{id}` upgrades to itself; expected another sector"));
                    }
                    j
                }
                None => None,
            };
            sectors.push(Sector {
                id: id.clone(),
                name: if s.name.is_empty() { id.clone() } else { s.name.clone() },
                name_zh: s.name_zh.clone(),
                tier: s.tier,
                demand_growth_per_year: s.demand_growth_per_year,
                demand_volatility: s.demand_volatility,
                cycle_sensitivity: s.cycle_sensitivity,
                rd_propensity: s.rd_propensity,
                innovation_rate_per_year: s.innovation_rate_per_year,
                skill_mix: if mix_sum > 0.0 { mix.map(|x| x / mix_sum) } else { mix },
                capital_share: s.capital_share,
                intermediate_share: s.intermediate_share,
                inputs,
                export_share: s.export_share,
                export_markets,
                pollution_intensity: s.pollution_intensity,
                land_intensity: s.land_intensity,
                startup_weight: s.startup_weight,
                national_weight: s.national_weight,
                upgrade_to,
            });
        }

        let mut zones = Vec::new();
        for (id, z) in &spec.zones {
            let path = join("zones", id);
            let mut firms = Vec::new();
            let mut total_firms = 0u64;
            for (sector, pop) in &z.firms {
                let p = join(&join(&path, "firms"), sector);
                if let Some(j) = self.reference(&p, "sector", sector, &sector_ids) {
                    firms.push((j, pop.clone()));
                }
                total_firms += u64::from(pop.count);
                if pop.size_max < pop.size_min {
                    self.problem(
                        &join(&p, "size_max"),
                        format!(
                            "key `{}` is {}, smaller than size_min {}; expected size_max ≥ size_min",
                            self.written(&join(&p, "size_max")),
                            pop.size_max,
                            pop.size_min
                        ),
                    );
                }
                if pop.foreign_share + pop.coastal_share > 1.0 + 1e-9 {
                    self.problem(
                        &p,
                        format!("foreign_share and coastal_share of `{}` sum to more than 1", self.written(&p)),
                    );
                }
            }
            let workforce = z.workforce.to_array();
            if total_firms > 0 && workforce.iter().sum::<f64>() < 1.0 {
                self.problem(
                    &join(&path, "workforce"),
                    format!("zone `{id}` has {total_firms} firms but no workforce; expected workers for them"),
                );
            }
            let mut trade_costs: Vec<f64> = markets.iter().map(|m| m.trade_cost).collect();
            for (m, &c) in &z.trade_costs {
                let p = join(&join(&path, "trade_costs"), m);
                if let Some(j) = self.reference(&p, "market", m, &market_ids) {
                    trade_costs[j] = c;
                }
            }
            let levers_path = join(&path, "levers");
            let l = &z.levers;
            let mut attraction_targets = Vec::new();
            for (i, t) in l.attraction.target_sectors.iter().enumerate() {
                let p = index(&join(&join(&levers_path, "attraction"), "target_sectors"), i);
                if let Some(j) = self.reference(&p, "sector", t, &sector_ids) {
                    attraction_targets.push(j);
                }
            }
            if attraction_targets.is_empty() {
                attraction_targets = sectors
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| matches!(s.tier, Tier::Emerging | Tier::Future))
                    .map(|(i, _)| i)
                    .collect();
            }
            let a = &l.attraction;
            if a.size > 0.0 && a.general + a.precision + a.platform + a.business + a.tech <= 0.0 {
                let p = join(&levers_path, "attraction");
                self.problem(&p, format!("`{}` has a size but all its mode shares are zero; expected at least one of general, precision, platform, business, tech above zero", self.written(&p)));
            }
            let mut channels = Vec::new();
            for (i, c) in l.logistics_channels.iter().enumerate() {
                let cp = index(&join(&levers_path, "logistics_channels"), i);
                let mut ms = Vec::new();
                for (k, m) in c.markets.iter().enumerate() {
                    let p = index(&join(&cp, "markets"), k);
                    if let Some(j) = self.reference(&p, "market", m, &market_ids) {
                        ms.push(j);
                    }
                }
                if c.markets.is_empty() {
                    let p = join(&cp, "markets");
                    self.problem(&p, format!("key `{}` is empty; expected at least one market", self.written(&p)));
                }
                self.schedule(&cp, c.start, c.end);
                channels.push(Channel {
                    name: c.name.clone(),
                    name_zh: c.name_zh.clone(),
                    markets: ms,
                    trade_cost_cut: c.trade_cost_cut,
                    start: c.start,
                    end: c.end,
                    ramp: c.ramp,
                    size: c.size,
                });
            }
            for (name, s) in [
                ("upgrade_subsidy", l.upgrade_subsidy.schedule()),
                ("green_constraint", l.green_constraint.schedule()),
                ("chain_clustering", l.chain_clustering.schedule()),
                ("attraction", l.attraction.schedule()),
                ("producer_services", l.producer_services.schedule()),
                ("rd_subsidy", l.rd_subsidy.schedule()),
                ("high_growth_support", l.high_growth_support.schedule()),
                ("talent_subsidy", l.talent_subsidy.schedule()),
                ("top_talent", l.top_talent.schedule()),
                ("admin_reform", l.admin_reform.schedule()),
                ("cadre_incentives", l.cadre_incentives.schedule()),
                ("bonded_zone", l.bonded_zone.schedule()),
                ("overseas_bases", l.overseas_bases.schedule()),
                ("public_services", l.public_services.schedule()),
                ("ecology", l.ecology.schedule()),
                ("smart_governance", l.smart_governance.schedule()),
            ] {
                self.schedule(&join(&levers_path, name), s.start, s.end);
            }
            for (i, p) in l.innovation_platforms.iter().enumerate() {
                self.schedule(&index(&join(&levers_path, "innovation_platforms"), i), p.start, p.end);
            }
            zones.push(Zone {
                id: id.clone(),
                name: if z.name.is_empty() { id.clone() } else { z.name.clone() },
                name_zh: z.name_zh.clone(),
                location: z.location,
                land: z.land,
                amenity: z.amenity,
                environment: z.environment,
                transaction_cost: z.transaction_cost,
                approval_delay: z.approval_delay,
                housing_cost: z.housing_cost,
                import_cost: z.import_cost,
                trade_costs,
                platforms: z.platforms,
                workforce,
                unemployment: z.unemployment,
                wages: z.wages.to_array(),
                firms,
                government: z.government.clone(),
                levers: z.levers.clone(),
                attraction_targets,
                channels,
            });
        }

        let mut cooperation = Vec::new();
        for (i, c) in spec.cooperation.iter().enumerate() {
            let p = index("cooperation", i);
            let home = self.reference(&join(&p, "home"), "zone", &c.home, &zone_ids);
            let host = self.reference(&join(&p, "host"), "zone", &c.host, &zone_ids);
            if c.home == c.host {
                self.problem(
                    &join(&p, "host"),
                    format!(
                        "cooperation {i} has the same zone `{}` as home and host; expected two different zones",
                        c.host
                    ),
                );
            }
            self.schedule(&p, c.start, c.end);
            if let (Some(home), Some(host)) = (home, host) {
                cooperation.push(Cooperation {
                    home,
                    host,
                    revenue_share: c.revenue_share,
                    relocation_boost: c.relocation_boost,
                    size: c.size,
                    start: c.start,
                    end: c.end,
                    ramp: c.ramp,
                });
            }
        }

        // Latin-hypercube ranges name settable keys and stay within their ranges.
        for (key, [lo, hi]) in &spec.sweep.ranges {
            let path = join("sweep.ranges", key);
            match super::set::settable(doc, key) {
                Err(why) => self.problem(&path, format!("key `{}`: {why}", self.written(&path))),
                Ok(k) => {
                    if lo > hi {
                        self.problem(
                            &path,
                            format!("key `{}` has the range [{lo}, {hi}], but expected low ≤ high", self.written(&path)),
                        );
                    }
                    for x in [lo, hi] {
                        if let Some(expected) = k.check(*x) {
                            self.problem(
                                &path,
                                format!("key `{}` has the bound {x}, but `{key}` takes {expected}", self.written(&path)),
                            );
                        }
                    }
                }
            }
        }

        let resolved = toml::to_string(&spec).unwrap_or_default();
        let hash = sha256_hex(&resolved);
        Scenario {
            name: spec.name.clone(),
            name_zh: spec.name_zh.clone(),
            description: spec.description.clone(),
            description_zh: spec.description_zh.clone(),
            simulation: spec.simulation.clone(),
            economy: spec.economy.clone(),
            behaviour: spec.behaviour.clone(),
            markets,
            sectors,
            zones,
            cooperation,
            sweep_ranges: spec.sweep.ranges.iter().map(|(k, r)| (k.clone(), *r)).collect(),
            sources: doc.sources.iter().map(|s| s.path.clone()).collect(),
            resolved,
            hash,
        }
    }
}

/// SHA-256 of `text`, as lowercase hex.
pub(crate) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
