//! Paired comparisons, sweeps and the validation of experiment input.

use zonesim::experiment::compare::{compare, default_horizons};
use zonesim::experiment::sweep::{Shape, check_points, grid, parse_set, run_sweep};
use zonesim::model::{METRICS, Metric};
use zonesim::scenario::Document;

use crate::util::{fixture, load, variant, zonesim};

#[test]
fn a_variant_compared_with_itself_differs_by_exactly_zero() {
    let sc = load(&fixture("small.toml"));
    let horizons = default_horizons(sc.simulation.steps);
    let c = compare(&[sc.clone(), sc.clone()], 4, &horizons, &[Metric::Gdp], &|| {}).unwrap();
    for h in 0..horizons.len() {
        for z in 0..2 {
            for info in METRICS {
                for e in [c.effect(0, h, z, info.metric), c.cumulative_effect(0, h, z, info.metric)] {
                    assert_eq!(e.n, 4);
                    assert_eq!(e.difference, 0.0, "{}", info.id);
                    assert_eq!((e.ci_low, e.ci_high), (0.0, 0.0), "{}", info.id);
                    assert!(!e.significant());
                }
            }
        }
    }
}

#[test]
fn model_behaviours_come_out_significant_in_the_expected_direction() {
    let dir = tempfile::tempdir().unwrap();
    let base_path = fixture("small.toml");
    let base = load(&base_path);
    let talent = variant(
        dir.path(),
        "talent",
        &base_path,
        "[levers.talent_subsidy]\nsize = 75.0\nskilled_amount = 0.0075\nhigh_end_amount = 0.0225\n",
    );
    let reform = variant(dir.path(), "reform", &base_path, "[levers.admin_reform]\nsize = 8.0\nstart = 1\n");
    let channel = variant(
        dir.path(),
        "channel",
        &base_path,
        "[[levers.logistics_channels]]\nmarkets = [\"eu\", \"asean\", \"north_america\"]\ntrade_cost_cut = 0.3\nstart = 9\n",
    );
    let horizons = [20, 40];
    // 16 replicates: the talent subsidy's effect on high-end talent is ≈ 3 %
    // with a paired s.d. of ≈ 4 %, too close to call with 8.
    let c = compare(&[base, talent, reform, channel], 16, &horizons, &[], &|| {}).unwrap();
    let total = 1;
    for h in 0..2 {
        let e = c.effect(0, h, total, Metric::HighEndTalent);
        assert!(e.significant() && e.difference > 0.0, "talent subsidy -> talent: {e:?}");
        let e = c.cumulative_effect(0, h, total, Metric::Startups);
        assert!(e.significant() && e.difference > 0.0, "talent subsidy -> start-ups: {e:?}");
        let e = c.cumulative_effect(0, h, total, Metric::SpendTalentSubsidy);
        assert!(e.significant() && e.difference > 0.0, "talent subsidy costs money: {e:?}");
        let e = c.cumulative_effect(1, h, total, Metric::Entries);
        assert!(e.significant() && e.difference > 0.0, "reform -> entry: {e:?}");
        let e = c.effect(1, h, total, Metric::TransactionCost);
        assert!(e.significant() && e.difference < 0.0, "reform -> lower costs: {e:?}");
        let e = c.effect(2, h, total, Metric::Exports);
        assert!(e.significant() && e.difference > 0.0, "channel -> exports: {e:?}");
    }
}

#[test]
fn chain_targeting_beats_untargeted_attraction_in_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("small.toml");
    let rich = "[zones.wuhan_etdz.government]\nbudget = 20000.0\n";
    let plain = variant(
        dir.path(),
        "plain",
        &base,
        &format!("{rich}[levers.attraction]\nsize = 40.0\ngeneral = 1.0\nprecision = 0.0\nbusiness = 0.0\n"),
    );
    let chain = variant(
        dir.path(),
        "chain",
        &base,
        &format!("{rich}[levers.attraction]\nsize = 0.0\n[levers.chain_clustering]\nsize = 40.0\n"),
    );
    let c = compare(&[plain, chain], 8, &[20, 40], &[], &|| {}).unwrap();
    for h in 0..2 {
        let e = c.effect(0, h, 1, Metric::LocalSupplyRate);
        assert!(e.significant() && e.difference > 0.0, "{e:?}");
    }
}

#[test]
fn a_sweep_of_the_talent_subsidy_gives_a_rising_talent_stock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rich.toml");
    let text = format!(
        "extends = {:?}\nname = \"rich\"\n[zones.wuhan_etdz.government]\nbudget = 20000.0\n[levers.talent_subsidy]\nsize = 500.0\n",
        fixture("small.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    let doc = Document::load(&path).unwrap();
    let axis = parse_set(&doc, "levers.talent_subsidy.high_end_amount=0:0.03:4").unwrap();
    assert_eq!(axis.values, vec![0.0, 0.01, 0.02, 0.03]);
    let points = grid(std::slice::from_ref(&axis));
    let keys = std::slice::from_ref(&axis.key);
    let shape = Shape {
        replicates: Some(16),
        ..Shape::default()
    };
    let first = check_points(&doc, keys, &points, shape).unwrap();
    let mut talent = Vec::new();
    run_sweep(&first, &doc, keys, &points, shape, &[40], &|| {}, &mut |r| {
        assert_eq!(r.point, talent.len(), "points arrive in order");
        talent.push(r.stats[0][1][Metric::HighEndTalent.index()].mean());
        Ok::<(), ()>(())
    })
    .unwrap()
    .unwrap();
    // 16 paired replicates: a step of ¥10k a quarter adds about 1 % of
    // talent, and 4 replicates were too few (one draw of the streams gave
    // 4,485 at 0.01 and 4,476 at 0.02).
    for w in talent.windows(2) {
        assert!(w[1] > w[0], "talent should rise with the subsidy: {talent:?}");
    }
}

#[test]
fn two_lever_grids_cover_every_combination() {
    let doc = Document::load(&fixture("small.toml")).unwrap();
    let a = parse_set(&doc, "levers.rd_subsidy.rate=0:0.4:3").unwrap();
    let b = parse_set(&doc, "levers.top_talent.start=4:8:2").unwrap();
    assert_eq!(b.values, vec![4.0, 8.0]);
    let points = grid(&[a, b]);
    assert_eq!(points.len(), 6);
    assert_eq!(points[0], vec![0.0, 4.0]);
    assert_eq!(points[1], vec![0.0, 8.0]);
    assert_eq!(points[5], vec![0.4, 8.0]);
}

/// Runs `file` for 16 steps and returns the lines of its metrics.csv.
fn metric_rows(file: &std::path::Path, out: &std::path::Path) -> Vec<String> {
    zonesim()
        .arg("run")
        .arg(file)
        .args(["--replicates", "2", "--steps", "16", "--quiet", "--out"])
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out.join("metrics.csv"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Each lever switched on from step 9, one variant per lever (every lever of
/// MODEL.md), as the text a variant file adds to its base.
const LEVERS_FROM_STEP_9: &[(&str, &str)] = &[
    ("upgrade_subsidy", "[levers.upgrade_subsidy]\nsize = 40.0\nstart = 9\n"),
    ("green_constraint", "[levers.green_constraint]\nsize = 5.0\nstart = 9\n"),
    ("chain_clustering", "[levers.chain_clustering]\nsize = 30.0\nstart = 9\n"),
    ("attraction", "[levers.attraction]\nsize = 50.0\nstart = 9\n"),
    ("producer_services", "[levers.producer_services]\nsize = 30.0\nstart = 9\n"),
    ("rd_subsidy", "[levers.rd_subsidy]\nsize = 30.0\nstart = 9\n"),
    (
        "innovation_platforms",
        "[[levers.innovation_platforms]]\ncost = 40.0\nbuild_quarters = 2\nstart = 9\n",
    ),
    ("high_growth_support", "[levers.high_growth_support]\nsize = 20.0\nstart = 9\n"),
    ("talent_subsidy", "[levers.talent_subsidy]\nsize = 30.0\nstart = 9\n"),
    ("top_talent", "[levers.top_talent]\nsize = 10.0\nstart = 9\n"),
    ("admin_reform", "[levers.admin_reform]\nsize = 5.0\nstart = 9\n"),
    ("cadre_incentives", "[levers.cadre_incentives]\nsize = 5.0\nstart = 9\n"),
    (
        "logistics_channels",
        "[[levers.logistics_channels]]\nmarkets = [\"eu\"]\ntrade_cost_cut = 0.3\nstart = 9\n",
    ),
    ("bonded_zone", "[levers.bonded_zone]\nsize = 5.0\nstart = 9\n"),
    ("overseas_bases", "[levers.overseas_bases]\nsize = 10.0\nstart = 9\n"),
    ("public_services", "[levers.public_services]\nsize = 20.0\nstart = 9\n"),
    ("ecology", "[levers.ecology]\nsize = 10.0\nstart = 9\n"),
    ("smart_governance", "[levers.smart_governance]\nsize = 10.0\nstart = 9\n"),
];

/// A variant whose levers differ only from step S is byte-identical to its
/// baseline before S, in the CSV files themselves, for every lever.
#[test]
fn a_variant_that_differs_from_step_s_is_byte_identical_before_s() {
    let dir = tempfile::tempdir().unwrap();
    let step = |line: &str| line.split(',').nth(1).unwrap().parse::<u32>().unwrap_or(0);
    let check = |base: &std::path::Path, name: &str, extra: &str| {
        let variant = dir.path().join(format!("{name}.toml"));
        std::fs::write(&variant, format!("extends = {:?}\n{extra}", base.display().to_string())).unwrap();
        let a = metric_rows(base, &dir.path().join(format!("{name}-base")));
        let b = metric_rows(&variant, &dir.path().join(name));
        assert_eq!(a.len(), b.len());
        let mut after = 0;
        for (x, y) in a.iter().zip(&b).skip(1) {
            if step(x) < 9 {
                assert_eq!(x, y, "{name}: rows differ before the lever starts");
            } else if x != y {
                after += 1;
            }
        }
        assert!(after > 0, "{name}: the variant should differ from step 9 on");
    };
    // The small fixture runs some levers from step 0; the base here has
    // every lever off, so that each variant differs from step 9 alone.
    let off = dir.path().join("off.toml");
    std::fs::write(
        &off,
        format!(
            "extends = {:?}\n[levers]\nattraction.size = 0.0\ntalent_subsidy.size = 0.0\nrd_subsidy.size = 0.0\n\
             upgrade_subsidy.size = 0.0\nhigh_growth_support.size = 0.0\npublic_services.size = 0.0\necology.size = 0.0\n",
            fixture("small.toml").display().to_string()
        ),
    )
    .unwrap();
    for (name, extra) in LEVERS_FROM_STEP_9 {
        check(&off, name, extra);
    }
    // Inter-zone cooperation needs two zones; the base has no agreement.
    let apart = dir.path().join("apart.toml");
    std::fs::write(
        &apart,
        format!("extends = {:?}\ncooperation = []\n", fixture("multi.toml").display().to_string()),
    )
    .unwrap();
    check(
        &apart,
        "cooperation",
        "[[cooperation]]\nhome = \"north\"\nhost = \"east\"\nsize = 2.0\nstart = 9\n",
    );
}

/// A bonded zone nobody pays for does not exist: its cuts have no effect.
#[test]
fn an_unfunded_bonded_zone_has_no_effect() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("small.toml");
    let variant = dir.path().join("free-bonded.toml");
    std::fs::write(
        &variant,
        format!(
            "extends = {:?}\n[levers.bonded_zone]\nsize = 0.0\nimport_cost_cut = 0.9\ntrade_cost_cut = 0.9\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    let a = metric_rows(&base, &dir.path().join("a"));
    let b = metric_rows(&variant, &dir.path().join("b"));
    assert_eq!(a, b);
}

fn fails(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let assert = zonesim().args(args).arg("--out").arg(&out).arg("--quiet").assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(!out.exists(), "output written despite the error");
}

#[test]
fn experiment_input_errors_are_clear_and_write_nothing() {
    let small = fixture("small.toml").display().to_string();
    let multi = fixture("multi.toml").display().to_string();
    // A --set key that does not exist, with the nearest suggested.
    fails(
        &["sweep", &small, "--set", "levers.talent_subsidy.sise=0:1:3"],
        &["did you mean `levers.talent_subsidy.size`?"],
    );
    // A range outside the key's allowed range.
    fails(
        &["sweep", &small, "--set", "levers.talent_subsidy.size=-5:100:3"],
        &["-5 is outside the allowed range", "a number from 0 to 1000000000"],
    );
    fails(
        &["sweep", &small, "--set", "zones.wuhan_etdz.unemployment=0:1.5:3"],
        &["1.5 is outside the allowed range"],
    );
    fails(
        &["sweep", &small, "--set", "levers.talent_subsidy.size=0:100"],
        &["expected FROM:TO:N"],
    );
    fails(&["sweep", &small], &["needs one or two --set"]);
    fails(&["sweep", &small, "--lhs", "5"], &["no [sweep.ranges] table"]);
    // A variant that cannot extend the baseline (other zones).
    fails(
        &["compare", &small, &multi, "--steps", "16"],
        &[
            "cannot be compared with the baseline",
            "its zones (wuhan_etdz, north, east) are not the baseline's (wuhan_etdz)",
        ],
    );
    // Different step counts.
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.toml");
    std::fs::write(&short, format!("extends = {small:?}\nname = \"short\"\n[simulation]\nsteps = 20\n")).unwrap();
    fails(
        &["compare", &small, &short.display().to_string()],
        &["runs 20 steps and the baseline 40", "same number of steps"],
    );
    fails(&["compare", &small, &small, "--horizons", "50"], &["step 50 is outside"]);
}

#[test]
fn lhs_ranges_are_checked_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lhs.toml");
    std::fs::write(
        &file,
        format!("extends = {:?}\nname = \"lhs\"\n[sweep.ranges]\n\"levers.talent_subsidy.size\" = [0.0, 80.0]\n\"levers.admin_reform.sise\" = [0.0, 10.0]\n", fixture("small.toml").display().to_string()),
    )
    .unwrap();
    let assert = zonesim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("lhs.toml:5:") && stderr.contains("did you mean `levers.admin_reform.size`?"),
        "{stderr}"
    );
}

/// Two variants with one file name get distinct ids; a variant that changes
/// more than levers is compared with a warning; only flows get cumulative rows.
#[test]
fn compare_names_variants_uniquely_and_warns_of_non_lever_differences() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small.toml");
    let write = |sub: &str, extra: &str| {
        let d = dir.path().join(sub);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("v.toml");
        std::fs::write(&p, format!("extends = {:?}\n{extra}", small.display().to_string())).unwrap();
        p
    };
    let policy = write("a", "[levers.talent_subsidy]\nsize = 75.0\n");
    let richer = write(
        "b",
        "[levers.talent_subsidy]\nsize = 75.0\n[zones.wuhan_etdz.government]\nbudget = 9000.0\n",
    );
    let out = dir.path().join("cmp");
    let assert = zonesim()
        .arg("compare")
        .args([&small, &policy, &richer])
        .args(["--replicates", "2", "--steps", "8", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("outside its levers")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("(v-2)") && warnings[0].contains("`zones.wuhan_etdz.government.budget`"),
        "{stderr}"
    );
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["variants"][0]["id"], "v");
    assert_eq!(manifest["variants"][1]["id"], "v-2");
    assert_eq!(manifest["warnings"].as_array().unwrap().len(), 1);
    assert!(out.join("scenarios/v.toml").is_file() && out.join("scenarios/v-2.toml").is_file());
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert_eq!(md.matches("differs from the baseline outside its levers").count(), 1, "{md}");

    let mut rdr = csv::Reader::from_path(out.join("comparison.csv")).unwrap();
    let mut variants = std::collections::BTreeSet::new();
    let (mut flows, mut stocks) = (0, 0);
    for row in rdr.records() {
        let row = row.unwrap();
        variants.insert(row[0].to_string());
        if &row[3] == "cumulative" {
            let info = zonesim::model::METRICS.iter().find(|m| m.id == &row[2]).unwrap();
            assert!(info.is_flow(), "cumulative row for the stock {}", info.id);
            flows += 1;
        } else if &row[2] == "high_end_talent" {
            stocks += 1;
        }
    }
    assert!(flows > 0 && stocks > 0);
    assert_eq!(variants.into_iter().collect::<Vec<_>>(), ["v", "v-2"]);
}

#[test]
fn compare_and_sweep_write_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small.toml");
    let talent = dir.path().join("talent.toml");
    std::fs::write(
        &talent,
        format!(
            "extends = {:?}\nname = \"More talent\"\n[levers.talent_subsidy]\nsize = 75.0\nhigh_end_amount = 0.0225\n",
            small.display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("cmp");
    let assert = zonesim()
        .arg("compare")
        .arg(&small)
        .arg(&talent)
        .args(["--replicates", "3", "--steps", "12", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("# More talent vs Small test zone") && stdout.contains("| High-end talent living in the zone (persons) |"),
        "{stdout}"
    );
    for f in [
        "comparison.csv",
        "fiscal.csv",
        "comparison.md",
        "manifest.json",
        "charts/effects.png",
        "charts/trajectory-gdp.png",
        "trajectories.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.starts_with("variant,zone,metric,kind,step,year,quarter,n,baseline_mean,variant_mean,difference,difference_sd,ci_low,ci_high,relative_change,significant"));

    let out = dir.path().join("sweep");
    zonesim()
        .arg("sweep")
        .arg(&small)
        .args([
            "--set",
            "levers.talent_subsidy.size=0:60:3",
            "--replicates",
            "2",
            "--steps",
            "8",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for f in ["points.csv", "response.csv", "manifest.json", "charts/response.png"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points, "point,levers.talent_subsidy.size\n0,0\n1,30\n2,60\n");
}

/// Peak resident memory of the largest finished child process, in KiB.
fn children_peak_rss_kib() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage struct into the pointer it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: initialised by the successful call above.
    unsafe { usage.assume_init() }.ru_maxrss
}

/// Peak memory of an ensemble does not grow with the number of replicates.
/// Slow (550 baseline replicates): run it with
/// `cargo test --release --test tests -- --ignored --nocapture ensemble_memory`.
#[test]
#[ignore = "slow: 550 replicates of the baseline"]
fn ensemble_memory_does_not_grow_with_replicates() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = crate::util::root().join("scenarios/baseline.toml");
    let mut peaks = Vec::new();
    for replicates in ["50", "500"] {
        let clock = std::time::Instant::now();
        zonesim()
            .arg("run")
            .arg(&baseline)
            .args(["--replicates", replicates, "--quiet", "--out"])
            .arg(dir.path().join(replicates))
            .assert()
            .success();
        // RUSAGE_CHILDREN reports the largest child so far: the 500-replicate
        // run can only raise it.
        let peak = children_peak_rss_kib();
        println!(
            "{replicates} replicates: {:.1} s wall, peak RSS so far {} MiB",
            clock.elapsed().as_secs_f64(),
            peak / 1024
        );
        peaks.push(peak);
    }
    assert!(
        peaks[1] as f64 <= 1.10 * peaks[0] as f64,
        "peak RSS grew from {} to {} KiB",
        peaks[0],
        peaks[1]
    );
}
