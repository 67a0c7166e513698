//! Every kind of bad input gets a clear error naming file, position, key,
//! value and what was expected; exit code 2; no panic; nothing written.

use std::path::Path;

use crate::util::{fixture, zonesim};

/// Runs `zonesim run` on a scenario with `text` and checks the failure.
fn fails(text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, text.replace("SMALL", &fixture("small.toml").display().to_string())).unwrap();
    fails_at(&file, dir.path(), expected);
}

fn fails_at(file: &Path, dir: &Path, expected: &[&str]) {
    let out = dir.join("out");
    let assert = zonesim()
        .arg("run")
        .arg(file)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(!out.exists(), "output written despite the error");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    // `validate` reports the same problem with the same exit code.
    let v = zonesim().arg("validate").arg(file).assert().code(2);
    let stderr_v = String::from_utf8_lossy(&v.get_output().stderr).into_owned();
    for e in expected {
        assert!(stderr_v.contains(e), "validate: expected {e:?} in:\n{stderr_v}");
    }
}

#[test]
fn toml_syntax_error() {
    fails(
        "name = \"x\"\n[simulation\nsteps = 4\n",
        &["bad.toml:2:12:", "TOML syntax error", "expected `]`"],
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    fails(
        "extends = \"SMALL\"\n[simulation]\nstep = 10\n",
        &[
            "bad.toml:3:1:",
            "unknown key `simulation.step`",
            "did you mean `steps`?",
            "valid keys here: steps, replicates",
        ],
    );
}

#[test]
fn unknown_lever_table_suggests_the_nearest() {
    fails(
        "extends = \"SMALL\"\n[levers.talent_subsidyy]\nsize = 5.0\n",
        &[
            "bad.toml:2:",
            "unknown key `levers.talent_subsidyy`",
            "did you mean `talent_subsidy`?",
        ],
    );
}

#[test]
fn wrong_type() {
    fails(
        "extends = \"SMALL\"\n[simulation]\nsteps = \"forty\"\n",
        &[
            "bad.toml:3:9:",
            "key `simulation.steps` has the value \"forty\"",
            "expected a whole number from 1 to 10000 (quarters)",
        ],
    );
}

#[test]
fn negative_count() {
    fails(
        "extends = \"SMALL\"\n[zones.wuhan_etdz.firms.food]\ncount = -5\n",
        &[
            "bad.toml:3:9:",
            "key `zones.wuhan_etdz.firms.food.count` has the value -5",
            "expected a whole number from 0 to 100000000 (firms)",
        ],
    );
}

#[test]
fn share_above_one() {
    fails(
        "extends = \"SMALL\"\n[zones.wuhan_etdz]\nunemployment = 1.5\n",
        &[
            "bad.toml:3:16:",
            "key `zones.wuhan_etdz.unemployment` has the value 1.5",
            "expected a number from 0 to 0.9 (share)",
        ],
    );
}

#[test]
fn nan_is_rejected() {
    fails(
        "extends = \"SMALL\"\n[levers.attraction]\nsize = nan\n",
        &[
            "bad.toml:3:8:",
            "key `levers.attraction.size` has the value nan",
            "expected a number from 0 to 1000000000",
        ],
    );
}

#[test]
fn infinity_is_rejected() {
    fails(
        "extends = \"SMALL\"\n[economy]\ncycle_volatility = inf\n",
        &[
            "bad.toml:3:20:",
            "key `economy.cycle_volatility` has the value inf",
            "expected a number from 0 to 0.2",
        ],
    );
}

#[test]
fn missing_extends_file() {
    fails(
        "extends = \"nope.toml\"\nname = \"x\"\n",
        &["bad.toml:1:11:", "`extends` names", "nope.toml", "which does not exist"],
    );
}

#[test]
fn extends_cycle() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\nname = \"a\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\nname = \"b\"\n").unwrap();
    fails_at(
        &dir.path().join("a.toml"),
        dir.path(),
        &["b.toml:1:11:", "`extends` makes a cycle", "a.toml -> ", "b.toml -> "],
    );
}

#[test]
fn input_output_link_to_unknown_sector() {
    fails(
        "extends = \"SMALL\"\n[sectors.food]\ninputs = { logistic = 0.03 }\n",
        &[
            "bad.toml:3:23:",
            "key `sectors.food.inputs.logistic` names the sector `logistic`",
            "did you mean `logistics`?",
        ],
    );
}

#[test]
fn zero_sectors() {
    fails(
        "name = \"empty\"\n[zones.z]\nland = 10.0\nworkforce = { general = 10, skilled = 0, high_end = 0 }\nwages = { general = 0.02, skilled = 0.03, high_end = 0.06 }\nfirms = {}\ngovernment = {}\n",
        &[
            "bad.toml: key `sectors` is missing or empty",
            "expected at least one `[sectors.<id>]` table",
        ],
    );
}

#[test]
fn several_problems_are_all_reported() {
    fails(
        "extends = \"SMALL\"\n[simulation]\nsteps = 0\nreplicates = -1\n",
        &["bad.toml:3:9:", "bad.toml:4:14:", "2 problems found"],
    );
}

#[test]
fn output_directory_that_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("sub");
    let assert = zonesim()
        .arg("run")
        .arg(fixture("small.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let blocked = format!("cannot write output to {}", blocker.display());
    assert!(
        stderr.starts_with("error: the output folder") && stderr.contains(&blocked),
        "{stderr}"
    );
    assert!(
        stderr.contains("Expected a folder path (--out)") && !stderr.contains("panicked"),
        "{stderr}"
    );
    // The cause is said once.
    assert_eq!(stderr.matches("File exists").count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn missing_file() {
    let assert = zonesim().args(["validate", "does-not-exist.toml"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("does-not-exist.toml") && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn snapshot_step_beyond_the_run() {
    fails(
        "extends = \"SMALL\"\n[simulation]\nsteps = 8\nsnapshot_steps = [0, 12]\n",
        &[
            "bad.toml:4:",
            "simulation.snapshot_steps",
            "lists step 12, but the run has only 8 steps",
        ],
    );
}
