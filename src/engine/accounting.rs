//! The accounting that must hold after every step: workers conserved,
//! employment consistent between workers and firms, the budget identity,
//! output equal to the sum over firms, and no NaN or negative stock.
//!
//! Debug builds run [`Simulation::check_accounting`] after every step; tests
//! call it explicitly in any build.

use crate::model::firms::{EMPTY, UNEMPLOYED};

use super::Simulation;

/// A broken accounting rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("step {step}: {what}")]
pub struct AccountingError {
    pub step: u32,
    pub what: String,
}

impl Simulation<'_> {
    /// Checks every accounting rule against the current state.
    pub fn check_accounting(&self) -> Result<(), AccountingError> {
        let fail = |what: String| Err(AccountingError { step: self.step, what });
        let sc = self.sc;
        let n_z = sc.zones.len();

        // Workers are conserved: in zones + outside = start + entrants - retirements.
        let in_zones: u64 = self.residents.iter().flatten().sum();
        let outside: u64 = self.world.outside.iter().sum();
        let expected = self.ledger.initial + self.ledger.entries - self.ledger.retirements;
        if in_zones + outside != expected {
            return fail(format!(
                "workers not conserved: {in_zones} in zones + {outside} outside != {expected} expected"
            ));
        }

        // Recount residents and employment from the workers themselves.
        let mut residents = vec![[0u64; 3]; n_z];
        let mut emp = vec![[0u32; 3]; self.firms.len()];
        let w = &self.workers;
        for j in 0..w.len() {
            if w.skill[j] == EMPTY {
                continue;
            }
            let (k, z) = (w.skill[j] as usize, w.zone[j] as usize);
            if k > 2 || z >= n_z {
                return fail(format!("worker {j} has skill {k} and zone {z}"));
            }
            residents[z][k] += 1;
            let e = w.employer[j];
            if e != UNEMPLOYED {
                let Some(firm_zone) = self.firms.zone.get(e as usize) else {
                    return fail(format!("worker {j} works for firm {e}, which does not exist"));
                };
                if *firm_zone as usize != z {
                    return fail(format!("worker {j} lives in zone {z} but works for firm {e} in zone {firm_zone}"));
                }
                emp[e as usize][k] += 1;
            }
        }
        if residents != self.residents {
            return fail("resident counts differ from the workers".to_string());
        }
        if super::cohorts::Cohorts::count(w, n_z, self.step) != self.cohorts {
            return fail("skilled and high-end residents by cohort differ from the workers".to_string());
        }
        for (i, e) in emp.iter().enumerate() {
            if *e != self.firms.emp[i] {
                return fail(format!("firm {i} counts employees {:?}, workers say {e:?}", self.firms.emp[i]));
            }
        }

        // Firms are grouped by zone and the blocks cover them.
        for (i, z) in self.firms.zone.iter().enumerate() {
            let (start, end) = self.zone_ranges[*z as usize];
            if (i as u32) < start || (i as u32) >= end {
                return fail(format!("firm {i} of zone {z} lies outside the zone's range {start}..{end}"));
            }
        }

        // Budget identity and lever funding, zone by zone.
        let mut transfers = 0.0;
        for (zi, st) in self.zones.iter().enumerate() {
            let f = &st.flows;
            let gov = &sc.zones[zi].government;
            if self.step > 0 {
                let tol = 1e-9 * (1.0 + f.budget_before.abs() + f.revenue.abs() + f.spending.abs());
                if (st.budget - (f.budget_before + f.revenue - f.spending)).abs() > tol {
                    return fail(format!(
                        "zone {zi}: budget {} != {} + {} - {}",
                        st.budget, f.budget_before, f.revenue, f.spending
                    ));
                }
                let revenue = f.taxes_kept + f.penalties + gov.transfers + f.transfers_in;
                let spending = f.overhead + f.spend.iter().sum::<f64>() + f.transfers_out;
                if (revenue - f.revenue).abs() > tol || (spending - f.spending).abs() > tol {
                    return fail(format!("zone {zi}: revenue or spending differs from its parts"));
                }
                for (l, spend) in f.spend.iter().enumerate() {
                    let cap = st.policy.planned[l] * st.policy.scale;
                    if *spend > cap * (1.0 + 1e-9) + 1e-9 || *spend < 0.0 {
                        return fail(format!("zone {zi}: lever {l} spent {spend}, funded {cap}"));
                    }
                }
            }
            transfers += f.transfers_in - f.transfers_out;
            if !st.budget.is_finite() {
                return fail(format!("zone {zi}: budget is {}", st.budget));
            }
        }
        if transfers.abs() > 1e-6 {
            return fail(format!("transfers between zones do not balance: {transfers}"));
        }

        // Output is the sum over the firms that produced it.
        for (zi, t) in self.tallies.iter().enumerate() {
            let gdp = self.gdp_check[zi];
            if (gdp - t.gdp).abs() > 1e-9 * (1.0 + gdp.abs()) {
                return fail(format!("zone {zi}: GDP {} is not the sum over its firms {gdp}", t.gdp));
            }
        }

        // No NaN, no negative stock.
        let f = &self.firms;
        for i in 0..f.len() {
            let bad = |x: f32| !x.is_finite();
            if bad(f.capital[i]) || f.capital[i] < 0.0 || bad(f.knowledge[i]) || f.knowledge[i] < 0.0 {
                return fail(format!("firm {i}: capital {} knowledge {}", f.capital[i], f.knowledge[i]));
            }
            if bad(f.prod[i]) || bad(f.demand[i]) || bad(f.revenue[i]) || f.revenue[i] < 0.0 || bad(f.value_added[i]) || bad(f.profit[i]) {
                return fail(format!(
                    "firm {i}: productivity {} demand {} revenue {} value added {}",
                    f.prod[i], f.demand[i], f.revenue[i], f.value_added[i]
                ));
            }
            if !(0.0..=1.0).contains(&f.local_share[i]) {
                return fail(format!("firm {i}: local sourcing share {}", f.local_share[i]));
            }
        }
        for (zi, z) in self.zones.iter().enumerate() {
            let ok = z.amenity.is_finite()
                && z.amenity > 0.0
                && (0.0..=1.0).contains(&z.environment)
                && z.transaction_cost >= 0.0
                && z.approval_delay >= 0.0
                && z.platforms >= 0.0
                && z.top_talent >= 0.0
                && z.housing_cost > 0.0
                && z.wages.iter().all(|w| w.is_finite() && *w > 0.0);
            if !ok {
                return fail(format!("zone {zi}: a state variable is NaN or negative: {z:?}"));
            }
        }
        self.check_health()
    }

    /// The cheap part of the checks, run after every step in every build:
    /// every metric of every zone is a finite number (year-on-year growth may
    /// be undefined in the first year). A failure is a bug, never user input.
    pub fn check_health(&self) -> Result<(), AccountingError> {
        let fail = |what: String| Err(AccountingError { step: self.step, what });
        let obs = self.observation();
        let growth = crate::model::Metric::GdpGrowth.index();
        for v in obs.zones.iter().chain(std::iter::once(&obs.total)) {
            // Growth is undefined (NaN) only in the first year.
            if let Some(i) = v
                .iter()
                .enumerate()
                .position(|(i, x)| !(x.is_finite() || (i == growth && x.is_nan() && self.step < 4)))
            {
                return fail(format!("metric {} is {}", crate::model::METRICS[i].id, v[i]));
            }
        }
        Ok(())
    }
}
