//! The behaviours MODEL.md says the model must show, each against a paired
//! baseline: the same seed and replicate numbers (common random numbers),
//! several replicates, a paired t statistic on the differences.

use zonesim::engine::Simulation;
use zonesim::model::{METRICS, Metric};

use crate::util::{at, bits, fixture, paired, run, sum, variant};

const REPS: u32 = 8;

#[test]
fn chain_targeted_attraction_raises_local_supply_more_than_untargeted() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("small.toml");
    // A budget large enough that neither variant is scaled down.
    let rich = "[zones.wuhan_etdz.government]\nbudget = 20000.0\n";
    let plain = variant(
        dir.path(),
        "untargeted",
        &base,
        &format!(
            "{rich}[levers.attraction]\nsize = 40.0\nstart = 1\ngeneral = 1.0\nprecision = 0.0\nbusiness = 0.0\ntailored_share = 0.0\n"
        ),
    );
    let p = run(&plain, REPS);
    // The whole lever, and the targeting alone: with local sourcing no faster
    // and leaders pulling in no extra suppliers, only the choice of sectors
    // (missing links of the local chain) differs from untargeted attraction.
    for (name, extra) in [
        ("chain", ""),
        ("chain-targeting-only", "sourcing_speedup = 1.0\nleader_pull = 1.0\n"),
    ] {
        let chain = variant(
            dir.path(),
            name,
            &base,
            &format!("{rich}[levers.attraction]\nsize = 0.0\n[levers.chain_clustering]\nsize = 40.0\nstart = 1\n{extra}"),
        );
        let c = run(&chain, REPS);
        // The same spending...
        let spent_c = sum(&c, Metric::SpendChainClustering, 1, 40);
        let spent_p = sum(&p, Metric::SpendAttraction, 1, 40);
        for (a, b) in spent_c.iter().zip(&spent_p) {
            assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{name}: spending differs: {a} vs {b}");
        }
        // ...buys a higher local supply rate when aimed at missing links.
        for step in [20, 40] {
            let (d, t) = paired(&at(&c, Metric::LocalSupplyRate, step), &at(&p, Metric::LocalSupplyRate, step));
            assert!(
                d > 0.0 && t > 2.0,
                "{name}, step {step}: local supply rate difference {d:.4}, t = {t:.2}"
            );
        }
    }
}

#[test]
fn talent_subsidy_raises_talent_and_startups_at_a_fiscal_cost() {
    let dir = tempfile::tempdir().unwrap();
    let base_path = fixture("small.toml");
    let base = crate::util::load(&base_path);
    let more = variant(
        dir.path(),
        "talent",
        &base_path,
        "[levers.talent_subsidy]\nsize = 75.0\nskilled_amount = 0.0075\nhigh_end_amount = 0.0225\n",
    );
    let (b, m) = (run(&base, REPS), run(&more, REPS));
    let (d, t) = paired(&at(&m, Metric::HighEndTalent, 40), &at(&b, Metric::HighEndTalent, 40));
    assert!(d > 0.0 && t > 2.0, "high-end talent +{d:.1}, t = {t:.2}");
    let (d, t) = paired(&sum(&m, Metric::Startups, 1, 40), &sum(&b, Metric::Startups, 1, 40));
    assert!(d > 0.0 && t > 2.0, "start-ups +{d:.1}, t = {t:.2}");
    let (d, _) = paired(
        &sum(&m, Metric::SpendTalentSubsidy, 1, 40),
        &sum(&b, Metric::SpendTalentSubsidy, 1, 40),
    );
    assert!(d > 0.0, "talent spending should rise, got {d:.1}");
    let (d, t) = paired(&at(&m, Metric::BudgetBalance, 40), &at(&b, Metric::BudgetBalance, 40));
    assert!(d < 0.0 && t < -2.0, "the budget should pay for it: balance {d:.1}, t = {t:.2}");
}

#[test]
fn administrative_reform_raises_entry_and_lowers_costs() {
    let dir = tempfile::tempdir().unwrap();
    let base_path = fixture("small.toml");
    let base = crate::util::load(&base_path);
    let reform = variant(
        dir.path(),
        "reform",
        &base_path,
        "[levers.admin_reform]\nsize = 8.0\nintensity = 0.4\nstart = 1\n",
    );
    let (b, r) = (run(&base, REPS), run(&reform, REPS));
    let (d, t) = paired(&sum(&r, Metric::Entries, 1, 40), &sum(&b, Metric::Entries, 1, 40));
    assert!(d > 0.0 && t > 2.0, "entries +{d:.1}, t = {t:.2}");
    for (metric, what) in [
        (Metric::TransactionCost, "transaction cost"),
        (Metric::ApprovalDelay, "approval delay"),
    ] {
        let (after, before) = (at(&r, metric, 40), at(&b, metric, 40));
        for (a, b) in after.iter().zip(&before) {
            assert!(a < b, "{what}: {a} with reform vs {b} without");
        }
    }
}

#[test]
fn logistics_channel_raises_exports_from_the_step_it_opens_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let base_path = fixture("small.toml");
    let base = crate::util::load(&base_path);
    let channel = variant(
        dir.path(),
        "channel",
        &base_path,
        "[[levers.logistics_channels]]\nname = \"rail\"\nmarkets = [\"eu\", \"asean\", \"north_america\"]\ntrade_cost_cut = 0.3\nstart = 9\nsize = 1.0\n",
    );
    let (b, c) = (run(&base, REPS), run(&channel, REPS));
    for (rb, rc) in b.iter().zip(&c) {
        for step in 0..9 {
            assert_eq!(
                bits(&rb.observations[step].total),
                bits(&rc.observations[step].total),
                "replicate {} differs before the channel opens, at step {step}",
                rb.replicate
            );
        }
        let (eb, ec) = (
            rb.observations[9].total[Metric::Exports.index()],
            rc.observations[9].total[Metric::Exports.index()],
        );
        assert!(ec > eb, "replicate {}: exports at the opening step {ec} vs {eb}", rb.replicate);
    }
    let (d, t) = paired(&sum(&c, Metric::Exports, 9, 40), &sum(&b, Metric::Exports, 9, 40));
    assert!(d > 0.0 && t > 2.0, "exports after opening +{d:.1}, t = {t:.2}");
}

#[test]
fn zero_spending_on_every_lever_still_runs_with_nothing_negative_or_nan() {
    let dir = tempfile::tempdir().unwrap();
    let zero = variant(
        dir.path(),
        "zero",
        &fixture("small.toml"),
        "[levers]\nattraction.size = 0.0\ntalent_subsidy.size = 0.0\nrd_subsidy.size = 0.0\nupgrade_subsidy.size = 0.0\nhigh_growth_support.size = 0.0\npublic_services.size = 0.0\necology.size = 0.0\n",
    );
    let may_be_negative = [
        Metric::GdpGrowth,
        Metric::NetMigration,
        Metric::NetMigrationHighEnd,
        Metric::BudgetBalance,
    ];
    for replicate in 0..3 {
        let mut sim = Simulation::new(&zero, replicate);
        for _ in 0..zero.simulation.steps {
            sim.step();
            sim.check_accounting().unwrap();
            let obs = sim.observation();
            assert_eq!(obs.total[Metric::LeverSpending.index()], 0.0, "step {}", obs.step);
            for (i, x) in obs.total.iter().enumerate() {
                if METRICS[i].metric == Metric::GdpGrowth && obs.step < 4 {
                    assert!(x.is_nan(), "growth before a year of history should be undefined");
                    continue;
                }
                assert!(x.is_finite(), "{} is {x} at step {}", METRICS[i].id, obs.step);
                if !may_be_negative.contains(&METRICS[i].metric) {
                    assert!(*x >= 0.0, "{} is {x} at step {}", METRICS[i].id, obs.step);
                }
            }
        }
        let obs = sim.observation();
        assert!(obs.total[Metric::Gdp.index()] > 0.0 && obs.total[Metric::Firms.index()] > 100.0);
    }
}

/// Spending on a lever at `step`, checked only where the budget paid in full.
fn spent_in_full(r: &zonesim::experiment::ReplicateResult, metric: Metric, step: u32) -> f64 {
    let o = &r.observations[step as usize];
    for z in &o.zones {
        assert_eq!(z[Metric::BudgetScale.index()], 1.0, "step {step}: budget scaled down");
    }
    o.total[metric.index()]
}

#[test]
fn channels_platforms_and_agreements_follow_their_ramp_and_end() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("small.toml");
    let rich = "[zones.wuhan_etdz.government]\nbudget = 20000.0\n";
    let channel = |name: &str, ramp: u32| {
        variant(
            dir.path(),
            name,
            &base,
            &format!(
                "{rich}[[levers.logistics_channels]]\nname = \"rail\"\nmarkets = [\"eu\", \"asean\", \"north_america\"]\ntrade_cost_cut = 0.3\nstart = 9\nramp = {ramp}\nsize = 4.0\n"
            ),
        )
    };
    let (full, ramped) = (run(&channel("full", 0), 2), run(&channel("ramped", 4), 2));
    for (f, r) in full.iter().zip(&ramped) {
        // The operating subsidy builds up with the service: 1/4, 2/4, 3/4, all.
        for (k, step) in (9..=13).enumerate() {
            let level = ((k + 1) as f64 / 4.0).min(1.0);
            let spent = spent_in_full(r, Metric::SpendLogisticsChannels, step);
            assert!(
                (spent - 4.0 * level).abs() < 1e-9,
                "step {step}: spent {spent}, expected {}",
                4.0 * level
            );
        }
        // Identical before opening; a quarter of the cut exports less than all of it.
        assert_eq!(bits(&f.observations[8].total), bits(&r.observations[8].total));
        let exports = |x: &zonesim::experiment::ReplicateResult| x.observations[9].total[Metric::Exports.index()];
        assert!(
            exports(r) < exports(f),
            "replicate {}: {} vs {}",
            r.replicate,
            exports(r),
            exports(f)
        );
    }

    // A platform whose construction deadline comes first is abandoned: its
    // spending stops at the deadline and it never adds a platform.
    let platform = |name: &str, end: &str| {
        variant(
            dir.path(),
            name,
            &base,
            &format!("{rich}[[levers.innovation_platforms]]\nname = \"lab\"\ncost = 800.0\nbuild_quarters = 8\nstart = 2\n{end}"),
        )
    };
    let (built, abandoned) = (run(&platform("built", ""), 1), run(&platform("abandoned", "end = 6\n"), 1));
    for step in 2..6 {
        assert!((spent_in_full(&abandoned[0], Metric::SpendInnovationPlatforms, step) - 100.0).abs() < 1e-9);
    }
    for step in 6..=40 {
        assert_eq!(abandoned[0].observations[step].total[Metric::SpendInnovationPlatforms.index()], 0.0);
    }
    let platforms = |x: &zonesim::experiment::ReplicateResult| x.observations[40].total[Metric::Platforms.index()];
    let before = abandoned[0].observations[0].total[Metric::Platforms.index()];
    assert!(platforms(&abandoned[0]) <= before, "{} > {before}", platforms(&abandoned[0]));
    assert!(platforms(&built[0]) > platforms(&abandoned[0]));

    // An agreement's coordination cost (paid by both zones) rises over its ramp.
    let agreement = variant(
        dir.path(),
        "agreement",
        &fixture("multi.toml"),
        "[zone_defaults.government]\nbudget = 20000.0\n[[cooperation]]\nhome = \"wuhan_etdz\"\nhost = \"north\"\nsize = 2.0\nstart = 3\nramp = 4\n",
    );
    let r = run(&agreement, 1);
    for (k, step) in (3..=8).enumerate() {
        let level = ((k + 1) as f64 / 4.0).min(1.0);
        let spent = spent_in_full(&r[0], Metric::SpendCooperation, step);
        assert!((spent - 2.0 * 2.0 * level).abs() < 1e-9, "step {step}: spent {spent}");
    }
}
