fn main() {
    let path = std::env::args().nth(1).unwrap();
    let sc = match zonesim::scenario::Scenario::load(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let steps: u32 = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(sc.simulation.steps);
    let mut sim = zonesim::engine::Simulation::new(&sc, 0);
    let show = |sim: &zonesim::engine::Simulation| {
        let o = sim.observation();
        let t = &o.total;
        use zonesim::model::Metric as M;
        let g = |m: M| t[m.index()];
        println!(
            "step {:3} gdp {:9.0} out {:9.0} firms {:5.0} ent {:4.0} ex {:4.0} emp {:7.0} wrk {:7.0} u {:.3} wage {:6.1} hi {:6.0} lsr {:.3} sef {:.3} exp {:7.0} rd {:.3} gaz {:3.0} uni {:2.0} bud {:8.0} sc {:.2} prod {:.3} tax {:6.0}",
            o.step,
            g(M::Gdp),
            g(M::Output),
            g(M::Firms),
            g(M::Entries),
            g(M::Exits),
            g(M::Employed),
            g(M::Workers),
            g(M::UnemploymentRate),
            g(M::AverageWage),
            g(M::HighEndTalent),
            g(M::LocalSupplyRate),
            g(M::ShareEmergingFuture),
            g(M::Exports),
            g(M::RdIntensity),
            g(M::Gazelles),
            g(M::Unicorns),
            g(M::BudgetBalance),
            g(M::BudgetScale),
            g(M::Productivity),
            g(M::TaxRevenue)
        );
    };
    show(&sim);
    let t0 = std::time::Instant::now();
    for _ in 0..steps {
        sim.step();
        show(&sim);
    }
    eprintln!("{:?}", t0.elapsed());
}
