//! Phase 6: each zone's government books revenue and spending (the budget
//! identity), and amenity, environment, institutions, platforms and
//! implementation capacity move with what was spent.

use crate::model::Lever;

use super::Simulation;

impl Simulation<'_> {
    /// Administration and social functions: they grow with the zone's
    /// population and wage level, and shrink as reform sheds social functions.
    pub(crate) fn overhead(&self, zi: usize) -> f64 {
        let gov = &self.sc.zones[zi].government;
        let st = &self.zones[zi];
        let bill: f64 = (0..3).map(|k| self.residents[zi][k] as f64 * st.wages[k]).sum();
        let growth = if st.base.wage_bill > 0.0 { bill / st.base.wage_bill } else { 1.0 };
        gov.overhead * growth * (1.0 - st.shed * gov.social_function_share)
    }

    pub(crate) fn government(&mut self, s: u32) {
        let sc = self.sc;
        let b = &sc.behaviour;
        for (zi, zone) in sc.zones.iter().enumerate() {
            let overhead = self.overhead(zi);
            let residents: u64 = self.residents[zi].iter().sum();
            let per_10k = (residents as f64 / 10_000.0).max(0.1);
            let pollution = self.zone_pollution[zi];
            let st = &mut self.zones[zi];
            let eta = st.efficiency;
            let p = &st.policy;
            let gov = &zone.government;
            let l = &zone.levers;

            // Fixed-spend levers are paid as funded; transfer programmes were
            // booked when claims were paid.
            let funded = |lever: Lever| p.planned[lever.index()] * p.scale;
            for lever in [
                Lever::GreenConstraint,
                Lever::ChainClustering,
                Lever::Attraction,
                Lever::ProducerServices,
                Lever::InnovationPlatforms,
                Lever::TopTalent,
                Lever::AdminReform,
                Lever::CadreIncentives,
                Lever::LogisticsChannels,
                Lever::BondedZone,
                Lever::PublicServices,
                Lever::Ecology,
                Lever::SmartGovernance,
                Lever::Cooperation,
            ] {
                st.flows.spend[lever.index()] = funded(lever);
            }
            let f = &mut st.flows;
            f.overhead = overhead;
            f.revenue = f.taxes_kept + f.penalties + gov.transfers + f.transfers_in;
            f.spending = overhead + f.spend.iter().sum::<f64>() + f.transfers_out;
            f.budget_before = st.budget;
            st.last_revenue = f.revenue;
            st.budget += f.revenue - f.spending;

            // Innovation platforms: funded construction advances each project.
            let project_spend = funded(Lever::InnovationPlatforms);
            let planned_projects = p.planned[Lever::InnovationPlatforms.index()];
            let mut completed = 0.0;
            for (project, progress) in l.innovation_platforms.iter().zip(st.platform_progress.iter_mut()) {
                if project.building(s) && *progress < 1.0 && planned_projects > 0.0 {
                    let share = project.cost / f64::from(project.build_quarters) / planned_projects;
                    *progress += project_spend * share / project.cost;
                    if *progress >= 1.0 - 1e-9 {
                        *progress = 1.0;
                        completed += project.strength * eta;
                    }
                }
            }
            st.platforms = st.platforms * (1.0 - b.platform_depreciation) + completed;
            st.top_talent *= 1.0 - b.top_talent_attrition;

            // Institutions: reform and smart governance cut transaction cost
            // and delay toward their floors; without them they creep back.
            let reform = funded(Lever::AdminReform) * eta;
            let smart = funded(Lever::SmartGovernance) * eta;
            let base = st.base;
            let intensity = l.admin_reform.intensity;
            let r = (b.reform_per_spend * reform).min(1.0);
            let floor = base.transaction_cost * (1.0 - intensity);
            st.transaction_cost -= r * (st.transaction_cost - floor).max(0.0);
            st.approval_delay -= r * (st.approval_delay - base.approval_delay * (1.0 - intensity)).max(0.0);
            st.shed += r * (l.admin_reform.shed_social_functions - st.shed).max(0.0);
            let g = (b.smart_governance_per_spend * smart).min(1.0);
            st.transaction_cost -= g * (st.transaction_cost - base.transaction_cost * 0.7).max(0.0);
            st.transaction_cost += b.institutional_drift * (base.transaction_cost - st.transaction_cost).max(0.0);
            st.approval_delay += b.institutional_drift * (base.approval_delay - st.approval_delay).max(0.0);

            // Amenity and environment.
            let public = funded(Lever::PublicServices) * eta + 0.2 * smart;
            st.amenity += b.amenity_per_spend * public / per_10k + b.amenity_decay * (base.amenity - st.amenity);
            let target = if pollution > 0.0 && base.pollution > 0.0 {
                (base.environment * (base.pollution / pollution).powf(b.pollution_damage)).min(1.0)
            } else {
                base.environment.clamp(0.0, 1.0)
            };
            let eco = (b.environment_per_spend * funded(Lever::Ecology) * eta / per_10k).min(1.0);
            st.environment += b.environment_recovery * (target - st.environment) + eco * (1.0 - st.environment);
            st.environment = st.environment.clamp(0.0, 1.0);
            st.housing_cost = base.housing_cost * (residents as f64 / base.residents.max(1.0)).max(0.01).powf(b.housing_elasticity);
        }
    }
}
