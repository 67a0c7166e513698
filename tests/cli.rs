//! The command line as a user meets it.

use crate::util::{fixture, zonesim};

#[test]
fn run_writes_every_output_and_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small");
    let assert = zonesim()
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--replicates", "2", "--steps", "8", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("2 replicate(s) x 8 steps"), "{stdout}");
    for f in [
        "metrics.csv",
        "summary.csv",
        "firms.csv",
        "scenario.toml",
        "manifest.json",
        "charts/trajectory-gdp.png",
        "charts/overview.png",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    // header + 2 replicates x 9 steps x (1 zone + total)
    assert_eq!(metrics.lines().count(), 1 + 2 * 9 * 2);
    assert!(metrics.starts_with("replicate,step,year,quarter,zone,gdp,"));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["replicates"], 2);
    assert_eq!(manifest["steps"], 8);
    assert_eq!(manifest["scenario"]["sha256"].as_str().unwrap().len(), 64);
    assert!(manifest["command"].as_array().unwrap().iter().any(|a| a == "--replicates"));
    // A PNG, not just a file.
    let png = std::fs::read(out.join("charts/trajectory-gdp.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // No staging folder is left behind.
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|e| !e.unwrap().file_name().to_string_lossy().contains("partial"))
    );
}

#[test]
fn a_second_run_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    for steps in ["4", "6"] {
        zonesim()
            .arg("run")
            .arg(fixture("small.toml"))
            .args(["--replicates", "1", "--steps", steps, "--quiet", "--out"])
            .arg(&out)
            .assert()
            .success();
    }
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    assert_eq!(metrics.lines().count(), 1 + 7 * 2);
}

#[test]
fn validate_prints_the_resolved_scenario() {
    let assert = zonesim().arg("validate").arg(fixture("small.toml")).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // Levers merged into the zone, values from the base file and the fixture.
    assert!(stdout.contains("[zones.wuhan_etdz.levers.attraction]"), "{stdout}");
    assert!(stdout.contains("size = 18.75"));
    assert!(stdout.contains("[sectors.auto_oem]"));
    assert!(stderr.starts_with("ok: "), "{stderr}");
    // The resolved scenario is itself a valid scenario.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("resolved.toml"), &stdout).unwrap();
    zonesim().arg("validate").arg(dir.path().join("resolved.toml")).assert().success();
}

#[test]
fn a_closed_pipe_ends_validate_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // The resolved province (117 KB) is larger than a pipe's buffer, so the
    // write fails once the reader has gone.
    let province = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/province.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonesim"))
        .arg("validate")
        .arg(province)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, as `head -c 1` would, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut [0u8; 1]).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn help_has_examples() {
    let assert = zonesim().arg("--help").assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("Examples:") && stdout.contains("zonesim run scenarios/baseline.toml"));
}

#[test]
fn bad_arguments_exit_2() {
    zonesim()
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--replicates", "0"])
        .assert()
        .code(2);
    zonesim().args(["frobnicate"]).assert().code(2);
}

#[test]
fn shipped_scenarios_validate() {
    for f in ["baseline", "chain-attraction", "talent-first", "reform-logistics", "province"] {
        let path = crate::util::root().join("scenarios").join(format!("{f}.toml"));
        zonesim().arg("validate").arg(&path).assert().success();
    }
}

/// The scale scenario of docs/performance.md is what it says: 100 zones,
/// about a million firms and twenty million workers, every lever of
/// MODEL.md on in some zone, zones tied by cooperation. (Checked, not run:
/// running it belongs to the benchmarks.)
#[test]
fn province_large_has_the_promised_scale_and_every_lever() {
    let sc = crate::util::load(&crate::util::root().join("scenarios/province-large.toml"));
    assert_eq!(sc.zones.len(), 100);
    let firms: u64 = sc.zones.iter().flat_map(|z| z.firms.iter()).map(|(_, p)| u64::from(p.count)).sum();
    assert!((950_000..=1_050_000).contains(&firms), "{firms} firms");
    let workers: f64 = sc.zones.iter().flat_map(|z| z.workforce).sum();
    assert!((19.5e6..=20.5e6).contains(&workers), "{workers} workers");
    assert!(sc.cooperation.len() >= 10);

    let resolved: toml::Table = toml::from_str(&sc.resolved).unwrap();
    let mut active = std::collections::BTreeSet::new();
    for zone in resolved["zones"].as_table().unwrap().values() {
        for (lever, v) in zone["levers"].as_table().unwrap() {
            let on = match v {
                toml::Value::Array(a) => !a.is_empty(),
                toml::Value::Table(t) => t.get("size").and_then(toml::Value::as_float).is_some_and(|s| s > 0.0),
                _ => false,
            };
            if on {
                active.insert(lever.clone());
            }
        }
    }
    active.insert("cooperation".into());
    let all: Vec<&str> = zonesim::model::levers::Lever::ALL.iter().map(|l| l.key()).collect();
    let missing: Vec<&&str> = all.iter().filter(|l| !active.contains(**l)).collect();
    assert!(missing.is_empty(), "levers on nowhere: {missing:?}");
}
