//! Reports as a reader sees them: `zonesim report` on a run, a comparison
//! and a sweep, opened in a real headless Chromium with the network off.
//! The page must load with no missing images, every chart inline, and the
//! expected sections; a screenshot must show a page, not a blank.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::charts::png_size;
use crate::util::{fixture, zonesim};

/// The Chromium binary: `ZONESIM_CHROMIUM`, else `chromium` (Debian) or
/// `chromium-browser` / `google-chrome` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZONESIM_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium, or `None` after saying loudly why the browser checks are
/// skipped. On CI a missing browser fails the test: `.ci/run` installs it.
fn browser_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed on the CI machine; .ci/run installs Debian's `chromium` package");
        }
        eprintln!("\n*** chromium not found: the report is NOT checked in a browser (apt-get install chromium) ***\n");
    }
    found
}

/// Runs headless Chromium on `page` with `args` and returns its stdout.
fn headless(browser: &Path, profile: &Path, args: &[String], page: &Path) -> String {
    let url = format!("file://{}", page.display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            // Any network request fails: the report must not need one.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the page's own check script saw once it had loaded.
#[derive(Debug)]
struct Loaded {
    images: usize,
    broken: usize,
    svgs: usize,
    sections: Vec<String>,
}

fn loaded(dom: &str) -> Loaded {
    let at = dom.find("data-check=\"").unwrap_or_else(|| {
        panic!(
            "the page's load check did not run; the DOM starts:\n{}",
            &dom[..dom.len().min(2000)]
        )
    });
    let rest = &dom[at + "data-check=\"".len()..];
    let value = &rest[..rest.find('"').unwrap()];
    let field = |k: &str| -> String {
        value
            .split(';')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .unwrap_or_else(|| panic!("no {k} in {value}"))
            .to_string()
    };
    Loaded {
        images: field("images").parse().unwrap(),
        broken: field("broken").parse().unwrap(),
        svgs: field("svgs").parse().unwrap(),
        sections: field("sections").split(',').map(String::from).collect(),
    }
}

/// Opens `dir/report.html` in Chromium and checks what loaded; returns the
/// DOM Chromium built.
fn check_in_browser(browser: &Path, dir: &Path, sections: &[&str], min_svgs: usize) -> String {
    let profile = tempfile::tempdir().unwrap();
    let page = dir.join("report.html");
    let dom = headless(
        browser,
        profile.path(),
        &["--virtual-time-budget=10000".into(), "--dump-dom".into()],
        &page,
    );
    let l = loaded(&dom);
    assert_eq!(l.broken, 0, "{}: {l:?}", page.display());
    assert!(
        l.svgs >= min_svgs,
        "{}: {} inline charts, expected at least {min_svgs}",
        page.display(),
        l.svgs
    );
    assert_eq!(l.images, 0, "charts are inline SVG, not <img>");
    assert_eq!(l.sections, sections, "{}", page.display());

    // A screenshot of the whole report: a real page, not a blank one.
    let shot = dir.join("report-screenshot.png");
    headless(
        browser,
        profile.path(),
        &["--window-size=1280,2400".into(), format!("--screenshot={}", shot.display())],
        &page,
    );
    assert_eq!(png_size(&shot), (1280, 2400));
    let ink = ink_share(&shot);
    assert!(ink > 0.02, "the screenshot is nearly blank ({:.1} % non-white)", 100.0 * ink);
    dom
}

/// Share of pixels that are not near-white.
fn ink_share(path: &Path) -> f64 {
    let file = std::fs::File::open(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let (mut ink, mut all) = (0usize, 0usize);
    for p in pixels {
        all += 1;
        if p.iter().take(3).any(|c| *c < 200) {
            ink += 1;
        }
    }
    ink as f64 / all.max(1) as f64
}

/// The report needs nothing from the network and nothing beside it.
fn assert_self_contained(html: &str) {
    for bad in ["src=\"http", "href=\"http", "url(http", "<img", "<link", "src=\"charts/", "@import"] {
        assert!(!html.contains(bad), "report.html refers outside itself: {bad:?}");
    }
}

/// Every PNG that report.md shows exists beside it and decodes.
fn assert_markdown_charts(dir: &Path) -> usize {
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let mut n = 0;
    for part in md.split("](").skip(1) {
        let target = &part[..part.find(')').unwrap()];
        if target.ends_with(".png") {
            png_size(&dir.join(target));
            n += 1;
        }
    }
    n
}

fn zonesim_ok(args: &[&str]) -> String {
    let a = zonesim().args(args).assert().success();
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

#[test]
fn reports_of_a_run_a_comparison_and_a_sweep_open_offline_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small.toml");
    let small = small.to_str().unwrap();
    let talent = dir.path().join("talent.toml");
    std::fs::write(
        &talent,
        format!(
            "extends = {small:?}\nname = \"More talent\"\nname_zh = \"人才加码\"\n[zones.wuhan_etdz.levers.talent_subsidy]\nsize = 100.0\nhigh_end_amount = 0.02\n"
        ),
    )
    .unwrap();
    let run = dir.path().join("run");
    let cmp = dir.path().join("cmp");
    let sweep = dir.path().join("sweep");
    let o = |p: &Path| p.to_str().unwrap().to_string();
    zonesim_ok(&["run", small, "--replicates", "3", "--steps", "8", "--quiet", "--out", &o(&run)]);
    zonesim_ok(&[
        "compare",
        small,
        talent.to_str().unwrap(),
        "--replicates",
        "3",
        "--steps",
        "8",
        "--quiet",
        "--out",
        &o(&cmp),
    ]);
    zonesim_ok(&[
        "sweep",
        small,
        "--set",
        "levers.rd_subsidy.size=0:40:3",
        "--replicates",
        "2",
        "--steps",
        "4",
        "--quiet",
        "--out",
        &o(&sweep),
    ]);

    // The run in Chinese, the comparison and the sweep in English.
    let said = zonesim_ok(&["report", &o(&run), "--lang", "zh"]);
    assert!(said.contains("report.html") && said.contains("report.md"), "{said}");
    zonesim_ok(&["report", &o(&cmp)]);
    zonesim_ok(&["report", &o(&sweep)]);

    let run_html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let cmp_html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    for html in [&run_html, &cmp_html, &std::fs::read_to_string(sweep.join("report.html")).unwrap()] {
        assert_self_contained(html);
    }
    // What a reader looks for, in the language asked for.
    for s in [
        "小型测试开发区",
        "情景与政策",
        "主要结果",
        "方法说明",
        "随机种子",
        "人才补贴",
        "地区生产总值（增加值）",
    ] {
        assert!(run_html.contains(s), "the Chinese run report lacks {s:?}");
    }
    for s in [
        "More talent",
        "Headline results",
        "Comparison table",
        "difference [95 % CI]",
        "common random numbers",
        "GDP (value added)",
        "Talent subsidy",
    ] {
        assert!(cmp_html.contains(s), "the comparison report lacks {s:?}");
    }
    assert!(assert_markdown_charts(&run) >= 5);
    assert!(assert_markdown_charts(&cmp) >= 5);
    assert!(assert_markdown_charts(&sweep) >= 1);

    let Some(browser) = browser_or_skip() else { return };
    let dom = check_in_browser(&browser, &run, &["scenario", "results", "charts", "run", "method"], 5);
    // The browser drew the Chinese text as text (the page declares its language).
    assert!(dom.contains("lang=\"zh-CN\"") && dom.contains("小型测试开发区"));
    check_in_browser(&browser, &cmp, &["scenario", "results", "comparison", "charts", "run", "method"], 5);
    check_in_browser(&browser, &sweep, &["scenario", "results", "charts", "run", "method"], 1);
}

#[test]
fn report_of_a_folder_that_is_not_an_output_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = zonesim().arg("report").arg(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("manifest.json"), "{stderr}");
    assert!(!dir.path().join("report.html").exists());
}
