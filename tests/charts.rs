//! Charts as a reader gets them: every chart of a run, comparison and sweep
//! is a PNG that decodes and an SVG that parses, both of the documented
//! size; Chinese charts carry Chinese names in a CJK font; `zonesim plot`
//! redraws them from the files alone; without a CJK font the user is told
//! once and still gets the charts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::util::{fixture, zonesim};

/// Decodes a PNG completely and returns its size.
pub fn png_size(path: &Path) -> (u32, u32) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a valid PNG: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    (info.width, info.height)
}

/// A parsed SVG: its size, all its text, and the font families of text
/// with Chinese characters.
pub struct Svg {
    pub size: (u32, u32),
    pub text: String,
    pub cjk_families: BTreeSet<String>,
    pub texts: usize,
}

pub fn svg(path: &Path) -> Svg {
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&source).unwrap_or_else(|e| panic!("{} is not well-formed SVG: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{}", path.display());
    let dim = |a: &str| -> u32 {
        root.attribute(a)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{} has no numeric {a}", path.display()))
    };
    let mut out = Svg {
        size: (dim("width"), dim("height")),
        text: String::new(),
        cjk_families: BTreeSet::new(),
        texts: 0,
    };
    for node in doc.descendants().filter(|n| n.tag_name().name() == "text") {
        let t: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
        out.texts += 1;
        if zonesim::output::fonts::needs_cjk(&t) {
            out.cjk_families.insert(node.attribute("font-family").unwrap_or("").to_string());
        }
        out.text.push_str(&t);
        out.text.push('\n');
    }
    out
}

/// The chart stems of a folder's charts/, checking that every PNG has its
/// SVG and the other way round.
pub fn stems(dir: &Path) -> BTreeSet<String> {
    let mut png = BTreeSet::new();
    let mut svg = BTreeSet::new();
    for e in std::fs::read_dir(dir.join("charts")).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        match p.extension().and_then(|x| x.to_str()) {
            Some("png") => png.insert(stem),
            Some("svg") => svg.insert(stem),
            _ => panic!("unexpected file {} in charts/", p.display()),
        };
    }
    assert_eq!(png, svg, "every chart comes as PNG and SVG");
    png
}

/// Checks one chart's PNG and SVG and returns the SVG.
pub fn chart(dir: &Path, stem: &str, size: (u32, u32)) -> Svg {
    let base = dir.join("charts").join(stem);
    assert_eq!(png_size(&base.with_extension("png")), size, "{stem}.png");
    let s = svg(&base.with_extension("svg"));
    assert_eq!(s.size, size, "{stem}.svg");
    // A title, axis labels and tick labels at least.
    assert!(s.texts >= 5, "{stem}.svg has only {} text elements", s.texts);
    s
}

fn run(args: &[&str], out: &Path) -> String {
    let a = zonesim().args(args).arg("--quiet").arg("--out").arg(out).assert().success();
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// With a CJK font installed (CI installs one), Chinese text must use it.
fn assert_cjk_font(s: &Svg, what: &str) {
    match zonesim::output::fonts::cjk_family() {
        Some(family) => {
            assert!(!s.cjk_families.is_empty(), "{what}: no Chinese text");
            for f in &s.cjk_families {
                assert!(
                    f.starts_with(family),
                    "{what}: Chinese text drawn with {f:?}, not the CJK family {family:?}"
                );
            }
        }
        None if std::env::var_os("CI").is_some() => panic!("no CJK font on the CI machine; .ci/run installs fonts-noto-cjk"),
        None => eprintln!(
            "\n*** no CJK font installed: Chinese glyphs are not checked ({}) ***\n",
            zonesim::output::fonts::CJK_PACKAGE_HINT
        ),
    }
}

const TRAJECTORIES: usize = 15;

#[test]
fn a_run_draws_the_whole_chart_set_valid_and_of_the_documented_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run(
        &["run", fixture("small.toml").to_str().unwrap(), "--replicates", "3", "--steps", "8"],
        &out,
    );
    let stems = stems(&out);
    let trajectories = stems.iter().filter(|s| s.starts_with("trajectory-")).count();
    assert_eq!(trajectories, TRAJECTORIES, "{stems:?}");
    for stem in stems.iter().filter(|s| s.starts_with("trajectory-")) {
        chart(&out, stem, (1200, 750));
    }
    let overview = chart(&out, "overview", (1800, 910));
    for name in [
        "Small test zone",
        "GDP (value added)",
        "High-end talent living in the zone",
        "median",
        "90 % of replicates",
    ] {
        assert!(overview.text.contains(name), "overview lacks {name:?}:\n{}", overview.text);
    }
    let structure = chart(&out, "structure", (1200, 750));
    for tier in [
        "Traditional industries",
        "Strategic emerging industries",
        "Future industries",
        "Producer services",
        "¥ billion a year",
    ] {
        assert!(structure.text.contains(tier), "structure lacks {tier:?}");
    }
    let sizes = chart(&out, "firm-sizes", (1200, 750));
    // Snapshots at the start, the middle and the end.
    for when in ["start of 2012", "2012 Q4 (step 4)", "2013 Q4 (step 8)", "rank", "employees"] {
        assert!(sizes.text.contains(when), "firm-sizes lacks {when:?}:\n{}", sizes.text);
    }
    let talent = chart(&out, "talent", (1600, 700));
    for s in ["General workers", "Skilled workers", "High-end talent", "Net migration (mean)"] {
        assert!(talent.text.contains(s), "talent lacks {s:?}");
    }
    let budget = chart(&out, "budget", (1200, 750));
    for s in [
        "Revenue",
        "Administration and social functions",
        "Talent subsidy",
        "¥ million per quarter",
    ] {
        assert!(budget.text.contains(s), "budget lacks {s:?}");
    }
    // One zone: no small multiples.
    assert!(!stems.iter().any(|s| s.starts_with("zones-")));
}

#[test]
fn firm_sizes_are_drawn_at_the_steps_the_scenario_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("snap.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\n[simulation]\nsnapshot_steps = [6, 2]\n",
            fixture("small.toml").display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("run");
    run(&["run", file.to_str().unwrap(), "--replicates", "2", "--steps", "8"], &out);
    let s = chart(&out, "firm-sizes", (1200, 750));
    assert!(
        s.text.contains("2012 Q2 (step 2)") && s.text.contains("2013 Q2 (step 6)"),
        "{}",
        s.text
    );
    assert!(!s.text.contains("step 8"));
    let firms = std::fs::read_to_string(out.join("firms.csv")).unwrap();
    let steps: BTreeSet<&str> = firms.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(steps, BTreeSet::from(["2", "6"]));
}

#[test]
fn a_multi_zone_run_draws_one_panel_per_zone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("multi");
    run(
        &[
            "run",
            fixture("multi.toml").to_str().unwrap(),
            "--replicates",
            "2",
            "--steps",
            "4",
            "--lang",
            "zh",
        ],
        &out,
    );
    for metric in ["gdp", "high_end_talent", "share_emerging_future"] {
        let s = chart(&out, &format!("zones-{metric}"), (840, 710));
        // Zone names in Chinese where the scenario gives them, else as written.
        assert!(s.text.contains("北区"), "zones-{metric} lacks the north zone:\n{}", s.text);
        assert_eq!(s.text.matches("年份").count(), 3, "three panels, one per zone");
        assert_cjk_font(&s, &format!("zones-{metric}"));
    }
}

#[test]
fn chinese_charts_name_everything_in_chinese_with_a_cjk_font() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("zh");
    run(
        &[
            "run",
            fixture("small.toml").to_str().unwrap(),
            "--replicates",
            "2",
            "--steps",
            "4",
            "--lang",
            "zh",
        ],
        &out,
    );
    let overview = chart(&out, "overview", (1800, 910));
    for s in ["小型测试开发区", "地区生产总值（增加值）", "中位数", "十亿元/年", "年份"] {
        assert!(overview.text.contains(s), "overview lacks {s:?}:\n{}", overview.text);
    }
    assert!(!overview.text.contains("GDP (value added)"));
    assert_cjk_font(&overview, "overview");
    let structure = chart(&out, "structure", (1200, 750));
    assert!(structure.text.contains("战略性新兴产业"));
    assert_cjk_font(&structure, "structure");
}

/// A variant of small.toml with a bigger talent subsidy, in `dir`.
fn talent_variant(dir: &Path) -> PathBuf {
    let path = dir.join("talent.toml");
    let text = format!(
        "extends = {:?}\nname = \"More talent\"\nname_zh = \"人才加码\"\n[zones.wuhan_etdz.levers.talent_subsidy]\nsize = 100.0\nhigh_end_amount = 0.02\n",
        fixture("small.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_comparison_overlays_variants_in_the_same_colours_in_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let variant = talent_variant(dir.path());
    let out = dir.path().join("cmp");
    run(
        &[
            "compare",
            fixture("small.toml").to_str().unwrap(),
            variant.to_str().unwrap(),
            "--replicates",
            "3",
            "--steps",
            "8",
            "--lang",
            "zh",
        ],
        &out,
    );
    let stems = stems(&out);
    for stem in ["overview", "effects", "structure", "talent", "budget"] {
        assert!(stems.contains(stem), "{stem} missing: {stems:?}");
    }
    assert_eq!(stems.iter().filter(|s| s.starts_with("trajectory-")).count(), TRAJECTORIES);
    let baseline = "#1F77B4";
    let variant_colour = "#D62728";
    for (stem, size) in [
        ("overview", (1800, 910)),
        ("trajectory-gdp", (1200, 750)),
        ("talent", (1200, 910)),
        ("effects", (1500, 900)),
    ] {
        let s = chart(&out, stem, size);
        assert!(
            s.text.contains("人才加码"),
            "{stem} does not name the variant in Chinese:\n{}",
            s.text
        );
        assert_cjk_font(&s, stem);
        let source = std::fs::read_to_string(out.join("charts").join(format!("{stem}.svg"))).unwrap();
        assert!(source.contains(variant_colour), "{stem}: the variant is not drawn in its colour");
        if stem != "effects" {
            assert!(source.contains(baseline), "{stem}: the baseline is not drawn in its colour");
        }
    }
    let structure = chart(&out, "structure", (1200, 490));
    assert!(structure.text.contains("小型测试开发区") && structure.text.contains("人才加码"));
}

#[test]
fn sweeps_draw_response_curves_and_heat_maps() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small.toml");
    let one = dir.path().join("one");
    run(
        &[
            "sweep",
            small.to_str().unwrap(),
            "--set",
            "levers.rd_subsidy.size=0:40:3",
            "--replicates",
            "2",
            "--steps",
            "4",
        ],
        &one,
    );
    assert_eq!(stems(&one), BTreeSet::from(["response".to_string()]));
    let s = chart(&one, "response", (1500, 900));
    assert!(s.text.contains("R&D subsidy: size (¥ million per quarter)"), "{}", s.text);

    let two = dir.path().join("two");
    run(
        &[
            "sweep",
            small.to_str().unwrap(),
            "--set",
            "levers.rd_subsidy.size=0:40:2",
            "--set",
            "levers.talent_subsidy.size=0:40:2",
            "--replicates",
            "2",
            "--steps",
            "4",
            "--lang",
            "zh",
        ],
        &two,
    );
    let stems = stems(&two);
    assert_eq!(stems.len(), 6, "{stems:?}");
    let s = chart(&two, "heatmap-gdp", (1100, 900));
    assert!(
        s.text.contains("研发补贴：规模（百万元/季度）") && s.text.contains("人才补贴：规模"),
        "{}",
        s.text
    );
    assert_cjk_font(&s, "heatmap-gdp");
}

/// Every file but the charts, with its bytes.
fn tables(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().unwrap() != "charts" {
                    stack.push(p);
                }
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn plot_redraws_every_chart_from_the_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let variant = talent_variant(dir.path());
    let small = fixture("small.toml");
    let runs = [
        ("run", vec!["run", small.to_str().unwrap(), "--replicates", "2", "--steps", "4"]),
        (
            "cmp",
            vec![
                "compare",
                small.to_str().unwrap(),
                variant.to_str().unwrap(),
                "--replicates",
                "2",
                "--steps",
                "4",
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                small.to_str().unwrap(),
                "--set",
                "levers.rd_subsidy.size=0:40:2",
                "--replicates",
                "2",
                "--steps",
                "4",
            ],
        ),
    ];
    for (name, args) in runs {
        let out = dir.path().join(name);
        run(&args, &out);
        let before = stems(&out);
        let files = tables(&out);
        std::fs::remove_dir_all(out.join("charts")).unwrap();
        let a = zonesim().arg("plot").arg(&out).args(["--lang", "zh"]).assert().success();
        assert!(String::from_utf8_lossy(&a.get_output().stdout).contains("redrew the charts"));
        assert_eq!(stems(&out), before, "{name}: plot draws the same set of charts");
        assert!(tables(&out) == files, "{name}: plot changed a table");
        // In the language asked for.
        let first = before.iter().next().unwrap();
        let s = svg(&out.join("charts").join(format!("{first}.svg")));
        assert!(
            !s.cjk_families.is_empty(),
            "{name}/{first} has no Chinese text after plot --lang zh"
        );
        // No staging folder is left behind.
        assert!(
            std::fs::read_dir(&out)
                .unwrap()
                .all(|e| !e.unwrap().file_name().to_string_lossy().contains("partial"))
        );
    }
}

#[test]
fn plot_of_a_folder_that_is_not_an_output_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = zonesim().arg("plot").arg(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        stderr.contains("manifest.json") && stderr.contains("expected the folder of a zonesim run"),
        "{stderr}"
    );
}

#[test]
fn without_a_cjk_font_charts_are_drawn_and_the_user_is_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run(
        &["run", fixture("small.toml").to_str().unwrap(), "--replicates", "2", "--steps", "4"],
        &out,
    );
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    // An empty PATH: fontconfig's fc-list cannot be found, so no CJK family is known.
    let empty = dir.path().join("no-tools");
    std::fs::create_dir(&empty).unwrap();
    let a = zonesim()
        .arg("plot")
        .arg(&out)
        .args(["--lang", "zh"])
        .env("PATH", &empty)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("no CJK font").count(), 1, "told exactly once:\n{stderr}");
    assert!(stderr.contains("fonts-noto-cjk"), "names the package:\n{stderr}");
    chart(&out, "overview", (1800, 910));
    // English charts need no CJK font and say nothing.
    let a = zonesim().arg("plot").arg(&out).env("PATH", &empty).assert().success();
    assert!(!String::from_utf8_lossy(&a.get_output().stderr).contains("CJK"));
}

/// `zonesim run` draws the firm-size chart from the snapshots in memory;
/// `zonesim plot` reads them back from firms.csv. Both must draw the same
/// chart, byte for byte (replicate 0 only, largest firm first).
#[test]
fn run_and_plot_draw_the_same_firm_size_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let small = fixture("multi.toml");
    run(&["run", small.to_str().unwrap(), "--replicates", "3", "--steps", "8"], &out);
    let drawn: Vec<Vec<u8>> = ["svg", "png"]
        .iter()
        .map(|ext| std::fs::read(out.join("charts").join(format!("firm-sizes.{ext}"))).unwrap())
        .collect();
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    zonesim().arg("plot").arg(&out).assert().success();
    for (ext, before) in ["svg", "png"].iter().zip(&drawn) {
        let after = std::fs::read(out.join("charts").join(format!("firm-sizes.{ext}"))).unwrap();
        assert!(&after == before, "firm-sizes.{ext} differs between run and plot");
    }
}
