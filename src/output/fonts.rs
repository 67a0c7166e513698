//! Choosing a font family for chart text.
//!
//! plotters' "sans-serif" resolves to DejaVu, which has no CJK glyphs and
//! draws Chinese as boxes. Text with CJK characters therefore gets a family
//! that fontconfig lists for Chinese; when there is none, the chart is still
//! drawn and the caller is told once which package to install.

use std::sync::OnceLock;

/// What to install when no CJK font is found.
pub const CJK_PACKAGE_HINT: &str = "install a CJK font, e.g. `apt-get install fonts-noto-cjk` (or fonts-wqy-zenhei)";

/// Does `text` contain characters a Latin font cannot draw?
pub fn needs_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        let u = c as u32;
        (0x2E80..=0x9FFF).contains(&u)
            || (0xF900..=0xFAFF).contains(&u)
            || (0xFF00..=0xFFEF).contains(&u)
            || (0x20000..=0x2FA1F).contains(&u)
    })
}

/// The preferred CJK family among those in `fc-list :lang=zh family` output:
/// simplified-Chinese Noto/Source Han first, then WenQuanYi, then anything.
pub fn pick_cjk_family(fc_list: &str) -> Option<String> {
    let families: Vec<String> = fc_list
        .lines()
        .flat_map(|line| line.split(','))
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    let preferred = [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Noto Sans SC",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Noto Sans CJK",
    ];
    for want in preferred {
        if let Some(f) = families.iter().find(|f| f.starts_with(want)) {
            return Some(f.clone());
        }
    }
    families.into_iter().next()
}

/// The system's CJK family, asked of fontconfig once per process.
pub fn cjk_family() -> Option<&'static str> {
    static FAMILY: OnceLock<Option<String>> = OnceLock::new();
    FAMILY
        .get_or_init(|| {
            let out = std::process::Command::new("fc-list").args([":lang=zh", "family"]).output().ok()?;
            if !out.status.success() {
                return None;
            }
            pick_cjk_family(&String::from_utf8_lossy(&out.stdout))
        })
        .as_deref()
}

/// The family to draw `text` with, and whether CJK glyphs will be missing.
pub fn family_for(text: &str) -> (&'static str, bool) {
    if !needs_cjk(text) {
        return ("sans-serif", false);
    }
    match cjk_family() {
        Some(f) => (f, false),
        None => ("sans-serif", true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_chinese_but_not_latin() {
        assert!(needs_cjk("武汉经开区"));
        assert!(needs_cjk("GDP（增加值）"));
        assert!(!needs_cjk("Wuhan ETDZ — GDP ¥ million, 90 % band"));
    }

    #[test]
    fn prefers_simplified_chinese_families() {
        let out = "Noto Sans CJK JP,Noto Sans CJK JP Regular\nNoto Sans CJK SC,Noto Sans CJK SC Regular\nWenQuanYi Zen Hei\n";
        assert_eq!(pick_cjk_family(out).as_deref(), Some("Noto Sans CJK SC"));
        assert_eq!(
            pick_cjk_family("WenQuanYi Zen Hei,文泉驿正黑\n").as_deref(),
            Some("WenQuanYi Zen Hei")
        );
        assert_eq!(pick_cjk_family("AR PL UMing CN\n").as_deref(), Some("AR PL UMing CN"));
        assert_eq!(pick_cjk_family(""), None);
    }

    #[test]
    fn latin_text_uses_the_default_family() {
        assert_eq!(family_for("GDP"), ("sans-serif", false));
    }
}
