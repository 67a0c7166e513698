//! Phase 7: observation. One parallel pass over firm blocks gathers what
//! the next step needs (cluster sizes, local supply, frontiers, leaders) and
//! what the outputs report; partial sums are combined in block order.

use rayon::prelude::*;

use crate::model::firms::flag;
use crate::model::metrics::Tally;
use crate::scenario::Tier;

use super::Simulation;

/// Zone and sector aggregates from the end of the last step; the next step
/// reads them. Per (zone, sector) vectors are indexed `zone * sectors + sector`.
#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    pub emp: Vec<f64>,
    pub revenue: Vec<f64>,
    pub firms: Vec<u32>,
    pub prod_max: Vec<f64>,
    /// Sum and sum of squares of log productivity, for the local frontier.
    pub prod_sum: Vec<f64>,
    pub prod_sq: Vec<f64>,
    /// What zone buyers purchase from each sector (¥ million per quarter).
    pub demand_for: Vec<f64>,
    /// Employment of the same and input-output-linked sectors.
    pub cluster: Vec<f64>,
    /// Share of zone buyers' demand for a sector that local firms can meet.
    pub avail: Vec<f64>,
    /// Local sourcing share a buyer sector could reach.
    pub target_local: Vec<f64>,
    /// Unmet local demand for a sector relative to its market (0-1).
    pub unmet: Vec<f64>,
    /// Unmet local demand for a sector, ¥ million per quarter.
    pub gap: Vec<f64>,
    /// Per zone.
    pub employed: Vec<[f64; 3]>,
    pub services_share: Vec<f64>,
    pub knowledge: Vec<f64>,
    pub land_used: Vec<f64>,
    /// Leaders' linked purchases from outside the zone.
    pub leader_nonlocal: Vec<f64>,
    /// Revenue-weighted mean log productivity per sector, all zones.
    pub national_prod_mean: Vec<f64>,
}

/// A block's partial sums (the block lies in one zone).
#[derive(Default)]
struct Part {
    emp: Vec<f64>,
    revenue: Vec<f64>,
    firms: Vec<u32>,
    prod_max: Vec<f64>,
    prod_rev: Vec<f64>,
    prod_sum: Vec<f64>,
    prod_sq: Vec<f64>,
    demand_for: Vec<f64>,
    leader: Vec<(f64, u32)>,
    tally: Tally,
    employed: [f64; 3],
    services_emp: f64,
    knowledge: f64,
    land_used: f64,
}

impl Simulation<'_> {
    /// The quarter's flows per zone (value added, output, purchases, exports,
    /// R&D), taken from the firms that produced them, before exits and
    /// relocations are applied. Also keeps each zone's value added summed
    /// firm by firm in index order, for the accounting check.
    pub(crate) fn tally_flows(&mut self) {
        let sc = self.sc;
        let f = &self.firms;
        let parts: Vec<Tally> = self
            .blocks
            .par_iter()
            .map(|b| {
                let mut t = Tally::default();
                for i in b.start as usize..b.end as usize {
                    let tier = sc.sectors[f.sector[i] as usize].tier.index();
                    let revenue = f64::from(f.revenue[i]);
                    t.gdp += f64::from(f.value_added[i]);
                    t.output_by_tier[tier] += revenue;
                    t.linked_purchases += f64::from(f.linked[i]);
                    t.local_purchases += f64::from(f.local[i]);
                    t.exports += f64::from(f.exports[i]);
                    t.overseas_sales += f64::from(f.overseas_sales[i]);
                    t.rd += f64::from(f.rd[i]);
                    t.output_productivity += revenue * f64::from(f.prod[i]).exp();
                }
                t
            })
            .collect();
        let mut flows = vec![Tally::default(); sc.zones.len()];
        for (b, t) in self.blocks.iter().zip(&parts) {
            flows[b.zone as usize].add(t);
        }
        self.gdp_check = self
            .zone_ranges
            .iter()
            .map(|&(a, e)| (a..e).map(|i| f64::from(f.value_added[i as usize])).sum())
            .collect();
        self.flow_tallies = flows;
    }

    /// Recomputes aggregates, leaders and the tallies of every zone.
    pub(crate) fn observe(&mut self) {
        let sc = self.sc;
        let n_s = sc.sectors.len();
        let n_z = sc.zones.len();
        let lens: Vec<usize> = self.blocks.iter().map(|b| (b.end - b.start) as usize).collect();
        let starts: Vec<u32> = self.blocks.iter().map(|b| b.start).collect();
        let mut views = self.firms.split_mut(&lens);
        let parts: Vec<Part> = views
            .par_iter_mut()
            .enumerate()
            .map(|(bi, f)| {
                let mut p = Part {
                    emp: vec![0.0; n_s],
                    revenue: vec![0.0; n_s],
                    firms: vec![0; n_s],
                    prod_max: vec![f64::NEG_INFINITY; n_s],
                    prod_rev: vec![0.0; n_s],
                    prod_sum: vec![0.0; n_s],
                    prod_sq: vec![0.0; n_s],
                    demand_for: vec![0.0; n_s],
                    leader: vec![(-1.0, u32::MAX); n_s],
                    ..Part::default()
                };
                let t = &mut p.tally;
                for i in 0..f.zone.len() {
                    f.flags[i] &= !flag::LEADER;
                    let si = f.sector[i] as usize;
                    let sec = &sc.sectors[si];
                    let tier = sec.tier.index();
                    let revenue = f64::from(f.revenue[i]);
                    let a = f64::from(f.prod[i]);
                    let n: u32 = f.emp[i].iter().sum();
                    p.emp[si] += f64::from(n);
                    p.revenue[si] += revenue;
                    p.firms[si] += 1;
                    p.prod_max[si] = p.prod_max[si].max(a);
                    p.prod_rev[si] += revenue * a;
                    p.prod_sum[si] += a;
                    p.prod_sq[si] += a * a;
                    for &(k, coef) in &sec.inputs {
                        p.demand_for[k] += coef * revenue;
                    }
                    if revenue > p.leader[si].0 {
                        p.leader[si] = (revenue, starts[bi] + i as u32);
                    }
                    for k in 0..3 {
                        p.employed[k] += f64::from(f.emp[i][k]);
                    }
                    if sec.tier == Tier::Services {
                        p.services_emp += f64::from(n);
                    }
                    p.knowledge += f64::from(f.knowledge[i]);
                    p.land_used += sec.land_intensity * f64::from(f.capital[i]);
                    t.firms_by_tier[tier] += 1.0;
                    let flags = f.flags[i];
                    t.gazelles += f64::from(u8::from(flags & flag::GAZELLE != 0));
                    t.unicorns += f64::from(u8::from(flags & flag::UNICORN != 0));
                    t.exporters += f64::from(u8::from(flags & flag::EXPORTER != 0));
                    t.overseas_bases += f64::from(u8::from(flags & flag::OVERSEAS != 0));
                }
                p
            })
            .collect();
        drop(views);

        let zs = n_z * n_s;
        let mut agg = Aggregates {
            emp: vec![0.0; zs],
            revenue: vec![0.0; zs],
            firms: vec![0; zs],
            prod_max: vec![f64::NEG_INFINITY; zs],
            prod_sum: vec![0.0; zs],
            prod_sq: vec![0.0; zs],
            demand_for: vec![0.0; zs],
            cluster: vec![0.0; zs],
            avail: vec![1.0; zs],
            target_local: vec![0.0; zs],
            unmet: vec![0.0; zs],
            gap: vec![0.0; zs],
            employed: vec![[0.0; 3]; n_z],
            services_share: vec![0.0; n_z],
            knowledge: vec![0.0; n_z],
            land_used: vec![0.0; n_z],
            leader_nonlocal: vec![0.0; n_z],
            national_prod_mean: vec![0.0; n_s],
        };
        let mut tallies = vec![Tally::default(); n_z];
        let mut leader = vec![(-1.0f64, u32::MAX); zs];
        let mut prod_rev = vec![0.0; n_s];
        let mut prod_sum = vec![0.0; n_s];
        let mut rev_s = vec![0.0; n_s];
        let mut count_s = vec![0.0; n_s];
        let mut services_emp = vec![0.0; n_z];
        for (bi, p) in parts.iter().enumerate() {
            let z = self.blocks[bi].zone as usize;
            for si in 0..n_s {
                let k = z * n_s + si;
                agg.emp[k] += p.emp[si];
                agg.revenue[k] += p.revenue[si];
                agg.firms[k] += p.firms[si];
                agg.prod_max[k] = agg.prod_max[k].max(p.prod_max[si]);
                agg.prod_sum[k] += p.prod_sum[si];
                agg.prod_sq[k] += p.prod_sq[si];
                agg.demand_for[k] += p.demand_for[si];
                if p.leader[si].0 > leader[k].0 {
                    leader[k] = p.leader[si];
                }
                prod_rev[si] += p.prod_rev[si];
                prod_sum[si] += p.prod_sum[si];
                rev_s[si] += p.revenue[si];
                count_s[si] += f64::from(p.firms[si]);
            }
            for k in 0..3 {
                agg.employed[z][k] += p.employed[k];
            }
            services_emp[z] += p.services_emp;
            agg.knowledge[z] += p.knowledge;
            agg.land_used[z] += p.land_used;
            tallies[z].add(&p.tally);
        }
        for si in 0..n_s {
            agg.national_prod_mean[si] = if rev_s[si] > 0.0 {
                prod_rev[si] / rev_s[si]
            } else if count_s[si] > 0.0 {
                prod_sum[si] / count_s[si]
            } else {
                0.0
            };
        }
        // Leaders and what they buy outside the zone.
        for (k, &(_, i)) in leader.iter().enumerate() {
            if i != u32::MAX {
                let i = i as usize;
                self.firms.flags[i] |= flag::LEADER;
                let z = k / n_s;
                agg.leader_nonlocal[z] += f64::from(self.firms.linked[i] - self.firms.local[i]);
                tallies[z].leaders += 1.0;
            }
        }
        // Clusters and local supply.
        let link = link_weights(sc);
        let b = &sc.behaviour;
        for z in 0..n_z {
            let total: f64 = agg.employed[z].iter().sum();
            agg.services_share[z] = if total > 0.0 { services_emp[z] / total } else { 0.0 };
            for si in 0..n_s {
                let k = z * n_s + si;
                let mut cluster = agg.emp[k];
                for sj in 0..n_s {
                    if sj != si {
                        cluster += link[si * n_s + sj] * agg.emp[z * n_s + sj];
                    }
                }
                agg.cluster[k] = cluster;
                let demand = agg.demand_for[k];
                let supply = b.local_capacity_share * agg.revenue[k];
                agg.avail[k] = if demand > 0.0 { (supply / demand).min(1.0) } else { 1.0 };
                agg.gap[k] = demand * (1.0 - agg.avail[k]);
                agg.unmet[k] = if demand + agg.revenue[k] > 0.0 {
                    agg.gap[k] / (demand + agg.revenue[k])
                } else {
                    0.0
                };
            }
            for (si, sec) in sc.sectors.iter().enumerate() {
                let linked = sec.linked_share();
                agg.target_local[z * n_s + si] = if linked > 0.0 {
                    sec.inputs.iter().map(|&(sup, a)| a * agg.avail[z * n_s + sup]).sum::<f64>() / linked
                } else {
                    0.0
                };
            }
        }

        // Zone tallies: flows, government and state.
        for (z, t) in tallies.iter_mut().enumerate() {
            let st = &mut self.zones[z];
            let f = &st.flows;
            let residents = self.residents[z].map(|x| x as f64);
            let res_total: f64 = residents.iter().sum();
            t.add(&self.flow_tallies[z]);
            t.wage_bill = (0..3).map(|k| agg.employed[z][k] * st.wages[k]).sum();
            t.gdp_year_ago = st.gdp_history[3];
            st.gdp_history.rotate_right(1);
            st.gdp_history[0] = t.gdp;
            let eff = sc.behaviour.skill_efficiency.to_array();
            let labour: f64 = (0..3).map(|k| agg.employed[z][k] * eff[k]).sum();
            st.productivity_history.rotate_right(1);
            st.productivity_history[0] = if labour > 0.0 { t.gdp / labour } else { 0.0 };
            t.entries = f.entries;
            t.startups = f.startups;
            t.attracted = f.attracted;
            t.exits = f.exits;
            t.relocations_in = f.relocations_in;
            t.relocations_out = f.relocations_out;
            t.residents = residents;
            t.employed = agg.employed[z];
            t.net_migration = [0, 1, 2].map(|k| f.migration_in[k] - f.migration_out[k]);
            t.fdi_inflow = f.fdi_inflow;
            t.innovations = f.innovations;
            t.tax_revenue = f.taxes_kept;
            t.gov_revenue = f.revenue;
            t.gov_spending = f.spending;
            t.gov_overhead = f.overhead;
            t.budget_balance = st.budget;
            t.planned_levers = st.policy.planned.iter().sum();
            t.funded_levers = t.planned_levers * st.policy.scale;
            t.spend = f.spend;
            t.amenity_w = st.amenity * res_total;
            t.environment_w = st.environment * res_total;
            t.transaction_cost_w = st.transaction_cost * res_total;
            t.approval_delay_w = st.approval_delay * res_total;
            t.efficiency_w = st.efficiency * res_total;
            t.pollution = self.zone_pollution[z];
            t.land = sc.zones[z].land;
            t.land_used = agg.land_used[z];
            t.platforms = st.platforms;
        }
        self.agg = agg;
        self.tallies = tallies;
    }
}

/// How much of a linked sector's employment counts in a sector's cluster:
/// min(1, 5 x (coefficient in either direction)).
fn link_weights(sc: &crate::scenario::Scenario) -> Vec<f64> {
    let n_s = sc.sectors.len();
    let mut w = vec![0.0; n_s * n_s];
    for (si, sec) in sc.sectors.iter().enumerate() {
        for &(sj, a) in &sec.inputs {
            w[si * n_s + sj] += a;
            w[sj * n_s + si] += a;
        }
    }
    w.iter().map(|x| (5.0 * x).min(1.0)).collect()
}
