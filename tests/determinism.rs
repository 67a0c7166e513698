//! Same scenario and seed give byte-identical tables and charts whatever
//! the number of threads; different seeds give different runs.

use zonesim::engine::Observation;
use zonesim::experiment::run_ensemble;

use crate::util::{bits, fixture, load, zonesim};

fn csv_files(threads: &str, seed: u64) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    zonesim()
        .env("RAYON_NUM_THREADS", threads)
        .arg("run")
        .arg(fixture("multi.toml"))
        .args(["--quiet", "--seed", &seed.to_string(), "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut files: Vec<String> = ["metrics.csv", "summary.csv", "firms.csv", "scenario.toml"]
        .map(String::from)
        .to_vec();
    let mut charts: Vec<String> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| format!("charts/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    charts.sort();
    files.extend(charts);
    files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn csv_output_is_byte_identical_for_1_2_and_8_threads() {
    let one = csv_files("1", 11);
    for threads in ["2", "8"] {
        let other = csv_files(threads, 11);
        assert_eq!(one.len(), other.len());
        for ((name, a), (other_name, b)) in one.iter().zip(&other) {
            assert_eq!(name, other_name);
            assert!(a == b, "{name} differs between 1 and {threads} threads");
        }
    }
    let different = csv_files("2", 12);
    assert!(one[0].1 != different[0].1, "a different seed should give a different run");
}

fn observations(threads: usize) -> Vec<Vec<Observation>> {
    let sc = load(&fixture("multi.toml"));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        let mut all = Vec::new();
        run_ensemble(&sc, 3, 0, &|| {}, |r| all.push(r.unwrap().observations));
        all
    })
}

#[test]
fn library_results_do_not_depend_on_the_thread_pool() {
    let a = observations(1);
    let b = observations(4);
    assert_eq!(a.len(), 3);
    for (ra, rb) in a.iter().zip(&b) {
        for (oa, ob) in ra.iter().zip(rb) {
            for (za, zb) in oa.zones.iter().zip(&ob.zones) {
                assert_eq!(bits(za), bits(zb), "step {}", oa.step);
            }
        }
    }
}

#[test]
fn comparison_and_sweep_tables_do_not_depend_on_the_thread_count() {
    let small = fixture("small.toml");
    let run = |threads: &str| -> (Vec<u8>, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        zonesim()
            .env("RAYON_NUM_THREADS", threads)
            .arg("compare")
            .arg(&small)
            .arg(fixture("small.toml"))
            .args(["--replicates", "3", "--steps", "8", "--quiet", "--out"])
            .arg(dir.path().join("c"))
            .assert()
            .success();
        zonesim()
            .env("RAYON_NUM_THREADS", threads)
            .arg("sweep")
            .arg(&small)
            .args([
                "--set",
                "levers.rd_subsidy.rate=0:0.4:3",
                "--replicates",
                "2",
                "--steps",
                "8",
                "--quiet",
                "--out",
            ])
            .arg(dir.path().join("s"))
            .assert()
            .success();
        let read = |files: &[&str]| -> Vec<u8> { files.iter().flat_map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect() };
        (
            read(&[
                "c/comparison.csv",
                "c/fiscal.csv",
                "c/trajectories.csv",
                "c/charts/effects.svg",
                "c/charts/overview.png",
            ]),
            read(&["s/response.csv", "s/charts/response.svg"]),
        )
    };
    let (c1, s1) = run("1");
    let (c2, s2) = run("2");
    assert!(c1 == c2, "the comparison's tables or charts differ between 1 and 2 threads");
    assert!(s1 == s2, "the sweep's table or chart differs between 1 and 2 threads");
}
