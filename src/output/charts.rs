//! Charts: what to draw ([`Chart`]) and how (plotters), each saved as a PNG
//! for slides and an SVG for documents. Every chart has a title, axis labels
//! with units and a legend; series take their colour from their position
//! (baseline first, then each variant), so a variant has the same colour in
//! every chart. Text with Chinese characters is drawn with a CJK font when
//! fontconfig knows one (see `fonts.rs`).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::OutputError;
use super::fonts::family_for;

/// Series colours by position: baseline first, then each variant.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
];

/// Colours of stacked layers (tiers, levers).
const LAYERS: [RGBColor; 20] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(174, 199, 232),
    RGBColor(255, 187, 120),
    RGBColor(152, 223, 138),
    RGBColor(255, 152, 150),
    RGBColor(197, 176, 213),
    RGBColor(196, 156, 148),
    RGBColor(247, 182, 210),
    RGBColor(199, 199, 199),
    RGBColor(219, 219, 141),
    RGBColor(158, 218, 229),
];

pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// One series over time: median with optional 50 % and 90 % bands.
#[derive(Debug, Clone, Default)]
pub struct Band {
    pub label: String,
    pub colour: usize,
    pub x: Vec<f64>,
    pub median: Vec<f64>,
    /// 25th and 75th percentiles (empty: no 50 % band).
    pub p25: Vec<f64>,
    pub p75: Vec<f64>,
    /// 5th and 95th percentiles (empty: no 90 % band).
    pub p5: Vec<f64>,
    pub p95: Vec<f64>,
}

/// Labels of the band legend entries.
#[derive(Debug, Clone, Default)]
pub struct BandLabels {
    pub median: String,
    pub band50: String,
    pub band90: String,
}

#[derive(Debug, Clone)]
pub enum Chart {
    /// Trajectories of one metric: one or more bands.
    Bands {
        title: String,
        x_label: String,
        unit: String,
        bands: Vec<Band>,
        labels: BandLabels,
    },
    /// Stacked areas (bottom layer first) and an optional line on top.
    Stacked {
        title: String,
        x_label: String,
        unit: String,
        x: Vec<f64>,
        layers: Vec<(String, Vec<f64>)>,
        line: Option<(String, Vec<f64>)>,
    },
    /// Lines over x (mean trajectories without bands).
    Lines {
        title: String,
        x_label: String,
        unit: String,
        x: Vec<f64>,
        series: Vec<(String, Vec<f64>)>,
        /// Draw a line at zero.
        zero: bool,
        /// Series are scenarios (baseline first): colour them as everywhere
        /// else; otherwise they are categories (skills) with layer colours.
        variants: bool,
    },
    /// Sizes against rank on log-log axes, one series per snapshot.
    RankSize {
        title: String,
        x_label: String,
        y_label: String,
        series: Vec<(String, Vec<f64>)>,
    },
    /// Mean and 95 % interval per category and series (compare effects).
    Whiskers {
        title: String,
        y_label: String,
        categories: Vec<String>,
        series: Vec<String>,
        points: Vec<Whisker>,
    },
    /// Mean with a 95 % interval against a numeric x (sweep response):
    /// joined into a curve with a band, or, for scattered points, dots with whiskers.
    Response {
        title: String,
        x_label: String,
        unit: String,
        x: Vec<f64>,
        mean: Vec<f64>,
        lo: Vec<f64>,
        hi: Vec<f64>,
        connect: bool,
    },
    /// Values on a grid of two levers.
    Heatmap {
        title: String,
        x_label: String,
        y_label: String,
        xs: Vec<f64>,
        ys: Vec<f64>,
        values: Vec<Vec<f64>>,
    },
    /// Panels under one title.
    Grid {
        title: String,
        columns: usize,
        panels: Vec<Chart>,
        /// A legend shared by all panels, drawn once under the title;
        /// the panels then draw none.
        legend: Vec<(String, Swatch)>,
    },
}

/// The mark of a shared legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A scenario's line, in its colour (baseline 0, then the variants).
    Variant(usize),
    /// A stacked layer (tier, lever), in the layer colours.
    Layer(usize),
    /// The black line drawn over stacked layers (revenue).
    Ink,
}

/// One point with its interval, in a [`Chart::Whiskers`].
#[derive(Debug, Clone, Copy)]
pub struct Whisker {
    pub series: usize,
    pub category: usize,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Chart {
    fn texts(&self, out: &mut String) {
        let mut add = |s: &str| out.push_str(s);
        match self {
            Chart::Bands {
                title,
                x_label,
                unit,
                bands,
                labels,
            } => {
                add(title);
                add(x_label);
                add(unit);
                add(&labels.median);
                add(&labels.band50);
                add(&labels.band90);
                for b in bands {
                    add(&b.label);
                }
            }
            Chart::Stacked {
                title,
                x_label,
                unit,
                layers,
                line,
                ..
            } => {
                add(title);
                add(x_label);
                add(unit);
                for (l, _) in layers {
                    add(l);
                }
                if let Some((l, _)) = line {
                    add(l);
                }
            }
            Chart::Lines {
                title,
                x_label,
                unit,
                series,
                ..
            } => {
                add(title);
                add(x_label);
                add(unit);
                for (l, _) in series {
                    add(l);
                }
            }
            Chart::RankSize {
                title,
                x_label,
                y_label,
                series,
            } => {
                add(title);
                add(x_label);
                add(y_label);
                for (l, _) in series {
                    add(l);
                }
            }
            Chart::Whiskers {
                title,
                y_label,
                categories,
                series,
                ..
            } => {
                add(title);
                add(y_label);
                for c in categories.iter().chain(series) {
                    add(c);
                }
            }
            Chart::Response { title, x_label, unit, .. } => {
                add(title);
                add(x_label);
                add(unit);
            }
            Chart::Heatmap {
                title, x_label, y_label, ..
            } => {
                add(title);
                add(x_label);
                add(y_label);
            }
            Chart::Grid { title, panels, legend, .. } => {
                add(title);
                for (l, _) in legend {
                    add(l);
                }
                for p in panels {
                    p.texts(out);
                }
            }
        }
    }
}

impl Chart {
    /// The legend of a stacked chart (its layers, then its line), for a
    /// grid of stacked panels that share one.
    pub fn stack_legend(&self) -> Vec<(String, Swatch)> {
        match self {
            Chart::Stacked { layers, line, .. } => layers
                .iter()
                .enumerate()
                .map(|(i, (l, _))| (l.clone(), Swatch::Layer(i)))
                .chain(line.iter().map(|(l, _)| (l.clone(), Swatch::Ink)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Sizes of text, relative to the chart's height.
#[derive(Clone, Copy)]
struct Style<'a> {
    family: &'a str,
    title: u32,
    label: u32,
    /// Draw the chart's own legend (off in panels of a grid with a shared legend).
    legend: bool,
}

/// Saves `chart` as `stem.png` and `stem.svg`. Returns whether the chart has
/// Chinese text but no CJK font was found (it is drawn anyway).
pub fn save(chart: &Chart, stem: &Path, size: (u32, u32)) -> Result<bool, OutputError> {
    let mut text = String::new();
    chart.texts(&mut text);
    let (family, missing) = family_for(&text);
    let k = f64::from(size.1) / 750.0;
    let style = Style {
        family,
        title: (26.0 * k) as u32,
        label: (16.0 * k).max(11.0) as u32,
        legend: true,
    };

    let png = stem.with_extension("png");
    let err = |path: &Path, message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    {
        let root = BitMapBackend::new(&png, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&png, e.to_string()))?;
        draw(chart, &root, style).map_err(|m| err(&png, m))?;
        root.present().map_err(|e| err(&png, e.to_string()))?;
    }
    let svg_path = stem.with_extension("svg");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&svg_path, e.to_string()))?;
        draw(chart, &root, style).map_err(|m| err(&svg_path, m))?;
        root.present().map_err(|e| err(&svg_path, e.to_string()))?;
    }
    // Browsers that lack the family chosen here fall back through common CJK fonts.
    let svg = svg.replace(
        &format!("font-family=\"{family}\""),
        &format!("font-family=\"{}\"", svg_families(family)),
    );
    super::write_atomic(&svg_path, svg.as_bytes())?;
    Ok(missing)
}

/// The font-family list of SVG text: the family drawn with, then CJK
/// families common on Linux, macOS and Windows, then the generic family.
fn svg_families(family: &str) -> String {
    let mut list = vec![family];
    for f in [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "PingFang SC",
        "Microsoft YaHei",
        "sans-serif",
    ] {
        if !list.contains(&f) {
            list.push(f);
        }
    }
    list.join(", ")
}

fn e2s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn draw<DB: DrawingBackend>(chart: &Chart, area: &DrawingArea<DB, Shift>, s: Style) -> Result<(), String> {
    match chart {
        Chart::Grid {
            title,
            columns,
            panels,
            legend,
        } => {
            let mut area = area.titled(title, (s.family, s.title)).map_err(e2s)?;
            if !legend.is_empty() {
                let rows = legend_layout(&area, s, legend)?;
                let (strip, rest) = area.split_vertically(legend_line(s) * rows.len() as i32 + 6);
                shared_legend(&strip, s, legend, &rows)?;
                area = rest;
            }
            let columns = (*columns).max(1);
            let rows = panels.len().div_ceil(columns);
            let cells = area.split_evenly((rows, columns));
            // Text sizes follow the whole canvas, which grows with the
            // number of panels; in a panel they are capped by the panel's
            // height, so a 100-zone grid keeps room for its plots.
            let height = cells.first().map_or(420, |a| a.dim_in_pixel().1);
            let inner = Style {
                title: (s.title * 3 / 4).min(height / 16).max(12),
                label: s.label.min(height / 20).max(11),
                legend: s.legend && legend.is_empty(),
                ..s
            };
            for (a, p) in cells.iter().zip(panels) {
                draw(p, a, inner)?;
            }
            Ok(())
        }
        Chart::Bands {
            title,
            x_label,
            unit,
            bands,
            labels,
        } => draw_bands(area, s, title, x_label, unit, bands, labels),
        Chart::Stacked {
            title,
            x_label,
            unit,
            x,
            layers,
            line,
        } => draw_stacked(area, s, title, x_label, unit, x, layers, line.as_ref()),
        Chart::Lines {
            title,
            x_label,
            unit,
            x,
            series,
            zero,
            variants,
        } => draw_lines(area, s, title, x_label, unit, x, series, *zero, *variants),
        Chart::RankSize {
            title,
            x_label,
            y_label,
            series,
        } => draw_rank_size(area, s, title, x_label, y_label, series),
        Chart::Whiskers {
            title,
            y_label,
            categories,
            series,
            points,
        } => draw_whiskers(area, s, title, y_label, categories, series, points),
        Chart::Response {
            title,
            x_label,
            unit,
            x,
            mean,
            lo,
            hi,
            connect,
        } => draw_response(area, s, title, x_label, unit, x, mean, lo, hi, *connect),
        Chart::Heatmap {
            title,
            x_label,
            y_label,
            xs,
            ys,
            values,
        } => draw_heatmap(area, s, title, x_label, y_label, xs, ys, values),
    }
}

/// Height of the shared legend of `items` laid out in rows across `width` pixels.
fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    items: &[(String, Swatch)],
) -> Result<Vec<Vec<(usize, i32)>>, String> {
    let font = TextStyle::from((s.family, s.label).into_font());
    let swatch = s.label as i32 * 3 / 2;
    let gap = s.label as i32;
    let width = area.dim_in_pixel().0 as i32 - 2 * gap;
    let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, (label, _)) in items.iter().enumerate() {
        let w = area.estimate_text_size(label, &font).map_err(e2s)?.0 as i32 + swatch + gap / 2;
        let row = rows.last_mut().expect("at least one row");
        if !row.is_empty() && used + gap + w > width {
            rows.push(vec![(i, w)]);
            used = w;
        } else {
            used += if row.is_empty() { w } else { gap + w };
            row.push((i, w));
        }
    }
    Ok(rows)
}

/// Rows of swatches and labels, each row centred.
fn shared_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    items: &[(String, Swatch)],
    rows: &[Vec<(usize, i32)>],
) -> Result<(), String> {
    let font = TextStyle::from((s.family, s.label).into_font()).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Left,
        plotters::style::text_anchor::VPos::Center,
    ));
    let swatch = s.label as i32 * 3 / 2;
    let gap = s.label as i32;
    let line = legend_line(s);
    let w = area.dim_in_pixel().0 as i32;
    for (r, row) in rows.iter().enumerate() {
        let total: i32 = row.iter().map(|(_, w)| w).sum::<i32>() + gap * (row.len() as i32 - 1);
        let mut x = ((w - total) / 2).max(0);
        let y = line * r as i32 + line / 2;
        for &(i, width) in row {
            let (label, mark) = &items[i];
            let (style, half) = match mark {
                Swatch::Variant(v) => (colour(*v).filled(), 3),
                Swatch::Layer(l) => (LAYERS[l % LAYERS.len()].mix(0.85).filled(), s.label as i32 / 3),
                Swatch::Ink => (BLACK.filled(), 2),
            };
            area.draw(&Rectangle::new([(x, y - half), (x + swatch, y + half)], style))
                .map_err(e2s)?;
            area.draw(&Text::new(label.clone(), (x + swatch + gap / 2, y), font.clone()))
                .map_err(e2s)?;
            x += width + gap;
        }
    }
    Ok(())
}

/// Height of one row of a shared legend.
fn legend_line(s: Style) -> i32 {
    s.label as i32 * 8 / 5 + 4
}

/// (min, max) of the finite values, padded; a flat or empty range becomes a small one.
fn y_range<'a>(values: impl Iterator<Item = &'a f64>, zero_floor: bool) -> (f64, f64) {
    let (mut lo, hi) = values
        .copied()
        .filter(|y| y.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if zero_floor && lo >= 0.0 && lo < 0.3 * hi {
        lo = 0.0;
    }
    if hi - lo < 1e-12 {
        let d = hi.abs().max(1.0) * 0.05;
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * 0.08;
    (if lo == 0.0 { 0.0 } else { lo - pad }, hi + pad)
}

fn x_range(x: &[f64]) -> (f64, f64) {
    let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 { (lo - 0.5, hi + 0.5) } else { (lo, hi) }
}

fn polygon(x: &[f64], upper: &[f64], lower: &[f64]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = x
        .iter()
        .copied()
        .zip(upper.iter().copied())
        .filter(|(_, y)| y.is_finite())
        .collect();
    p.extend(x.iter().copied().zip(lower.iter().copied()).filter(|(_, y)| y.is_finite()).rev());
    p
}

fn legend_box<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    s: Style,
    position: SeriesLabelPosition,
) -> Result<(), String> {
    if !s.legend {
        return Ok(());
    }
    chart
        .configure_series_labels()
        .position(position)
        .label_font((s.family, s.label))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(e2s)
}

#[allow(clippy::too_many_arguments)]
fn draw_bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    unit: &str,
    bands: &[Band],
    labels: &BandLabels,
) -> Result<(), String> {
    let xs: Vec<f64> = bands.iter().flat_map(|b| b.x.iter().copied()).collect();
    let (x0, x1) = x_range(&xs);
    let (y0, y1) = y_range(
        bands
            .iter()
            .flat_map(|b| b.median.iter().chain(&b.p5).chain(&b.p95).chain(&b.p25).chain(&b.p75)),
        true,
    );
    let mut chart = time_axes(area, s, title, x_label, unit, x0..x1, y0..y1)?;
    let single = bands.len() == 1;
    if !single && bands.iter().any(|b| !b.p5.is_empty()) {
        let grey = BLACK.mix(0.6);
        chart
            .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
            .map_err(e2s)?
            .label(labels.band90.clone())
            .legend(move |(x, y)| plotters::element::DashedPathElement::new(vec![(x, y), (x + 18, y)], 4, 3, grey.stroke_width(1)));
    }
    // Overlaid scenarios share most of their range, so filled bands would
    // mix into grey: each scenario's 90 % band is drawn as two dashed edges.
    for b in bands {
        let c = colour(b.colour);
        if !b.p5.is_empty() {
            if single {
                chart
                    .draw_series(std::iter::once(Polygon::new(polygon(&b.x, &b.p95, &b.p5), c.mix(0.15).filled())))
                    .map_err(e2s)?
                    .label(labels.band90.clone())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.mix(0.15).filled()));
            } else {
                for edge in [&b.p5, &b.p95] {
                    let line: Vec<(f64, f64)> =
                        b.x.iter()
                            .copied()
                            .zip(edge.iter().copied())
                            .filter(|(_, y)| y.is_finite())
                            .collect();
                    chart
                        .draw_series(DashedLineSeries::new(line, 6, 4, c.mix(0.7).stroke_width(1)))
                        .map_err(e2s)?;
                }
            }
        }
        if !b.p25.is_empty() {
            let series = chart
                .draw_series(std::iter::once(Polygon::new(polygon(&b.x, &b.p75, &b.p25), c.mix(0.3).filled())))
                .map_err(e2s)?;
            if single {
                series
                    .label(labels.band50.clone())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.mix(0.3).filled()));
            }
        }
        let line = b.x.iter().copied().zip(b.median.iter().copied()).filter(|(_, y)| y.is_finite());
        let label = if single { labels.median.clone() } else { b.label.clone() };
        chart
            .draw_series(LineSeries::new(line, c.stroke_width(3)))
            .map_err(e2s)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)));
    }
    legend_box(&mut chart, s, SeriesLabelPosition::UpperLeft)
}

#[allow(clippy::too_many_arguments)]
fn draw_stacked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    unit: &str,
    x: &[f64],
    layers: &[(String, Vec<f64>)],
    line: Option<&(String, Vec<f64>)>,
) -> Result<(), String> {
    let mut tops = vec![0.0; x.len()];
    let mut cumulative = Vec::new();
    for (_, v) in layers {
        let bottom = tops.clone();
        for (t, y) in tops.iter_mut().zip(v) {
            if y.is_finite() {
                *t += y;
            }
        }
        cumulative.push((bottom, tops.clone()));
    }
    let (x0, x1) = x_range(x);
    let (_, y1) = y_range(tops.iter().chain(line.iter().flat_map(|l| l.1.iter())), true);
    let mut chart = time_axes(area, s, title, x_label, unit, x0..x1, 0.0..y1)?;
    for (i, ((label, _), (bottom, top))) in layers.iter().zip(&cumulative).enumerate() {
        let c = LAYERS[i % LAYERS.len()];
        chart
            .draw_series(std::iter::once(Polygon::new(polygon(x, top, bottom), c.mix(0.85).filled())))
            .map_err(e2s)?
            .label(label.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.mix(0.85).filled()));
    }
    if let Some((label, v)) = line {
        chart
            .draw_series(LineSeries::new(
                x.iter().copied().zip(v.iter().copied()).filter(|(_, y)| y.is_finite()),
                BLACK.stroke_width(3),
            ))
            .map_err(e2s)?
            .label(label.clone())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(3)));
    }
    legend_box(&mut chart, s, SeriesLabelPosition::UpperLeft)
}

#[allow(clippy::too_many_arguments)]
fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    unit: &str,
    x: &[f64],
    series: &[(String, Vec<f64>)],
    zero: bool,
    variants: bool,
) -> Result<(), String> {
    let (x0, x1) = x_range(x);
    let (y0, y1) = y_range(
        series
            .iter()
            .flat_map(|(_, v)| v.iter())
            .chain(if zero { [0.0].iter() } else { [].iter() }),
        !zero,
    );
    let mut chart = time_axes(area, s, title, x_label, unit, x0..x1, y0..y1)?;
    if zero {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], BLACK.mix(0.5))))
            .map_err(e2s)?;
    }
    for (i, (label, v)) in series.iter().enumerate() {
        let c = if variants { colour(i) } else { LAYERS[i % LAYERS.len()] };
        chart
            .draw_series(LineSeries::new(
                x.iter().copied().zip(v.iter().copied()).filter(|(_, y)| y.is_finite()),
                c.stroke_width(3),
            ))
            .map_err(e2s)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)));
    }
    legend_box(&mut chart, s, SeriesLabelPosition::UpperLeft)
}

/// Axes of a chart over time: years along x, `unit` up y, with the caption,
/// label sizes and mesh every time chart shares.
#[allow(clippy::too_many_arguments)]
fn time_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    unit: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (s.family, s.title))
        .margin(12)
        // Room for the half of the last year's label that overhangs the axis.
        .margin_right(12 + s.label * 3 / 2)
        .x_label_area_size(s.label * 3)
        .y_label_area_size(s.label * 5)
        .build_cartesian_2d(x, y)
        .map_err(e2s)?;
    // As many year labels as fit (plotters' default of 10 where there is
    // room; fewer in the narrow panels of a grid).
    let x_labels = (area.dim_in_pixel().0 / (s.label * 4).max(1)).clamp(2, 10) as usize;
    chart
        .configure_mesh()
        .x_labels(x_labels)
        .x_desc(x_label)
        .y_desc(unit)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((s.family, s.label))
        .axis_desc_style((s.family, s.label))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(e2s)?;
    Ok(chart)
}

fn draw_rank_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(String, Vec<f64>)],
) -> Result<(), String> {
    let n = series.iter().map(|(_, v)| v.len()).max().unwrap_or(1).max(2) as f64;
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).fold(1.0f64, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (s.family, s.title))
        .margin(12)
        .x_label_area_size(s.label * 3)
        .y_label_area_size(s.label * 5)
        .build_cartesian_2d((1.0..n * 1.2).log_scale(), (0.8..max * 1.5).log_scale())
        .map_err(e2s)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((s.family, s.label))
        .axis_desc_style((s.family, s.label))
        .draw()
        .map_err(e2s)?;
    for (i, (label, sizes)) in series.iter().enumerate() {
        let c = LAYERS[i % LAYERS.len()];
        let points = rank_sample(sizes.len())
            .map(|r| ((r + 1) as f64, sizes[r]))
            .filter(|(_, y)| *y >= 1.0);
        chart
            .draw_series(points.map(|p| Circle::new(p, 2, c.filled())))
            .map_err(e2s)?
            .label(label.clone())
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, c.filled()));
    }
    legend_box(&mut chart, s, SeriesLabelPosition::UpperRight)
}

/// Ranks (0-based) drawn of `n`: every one of the first 500, then 200 a
/// decade (points a log axis cannot tell apart are left out), and the last,
/// so a province's million firms draw as about 1,200 points.
pub fn rank_sample(n: usize) -> impl Iterator<Item = usize> {
    const DENSE: usize = 500;
    let step = 10f64.powf(1.0 / 200.0);
    let mut next = DENSE as f64;
    (0..n).filter(move |&r| {
        if r < DENSE || r + 1 == n {
            return true;
        }
        if (r + 1) as f64 >= next {
            while next <= (r + 1) as f64 {
                next *= step;
            }
            return true;
        }
        false
    })
}

fn draw_whiskers<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    y_label: &str,
    categories: &[String],
    series: &[String],
    points: &[Whisker],
) -> Result<(), String> {
    let n = categories.len().max(1);
    let (mut lo, mut hi) = points
        .iter()
        .flat_map(|p| [p.mean, p.lo, p.hi])
        .filter(|x| x.is_finite())
        .fold((0.0f64, 0.0f64), |(a, b), y| (a.min(y), b.max(y)));
    if hi - lo < 1e-12 {
        (lo, hi) = (-1.0, 1.0);
    }
    let pad = (hi - lo) * 0.1;
    let mut chart = ChartBuilder::on(area)
        .caption(title, (s.family, s.title))
        .margin(10)
        .x_label_area_size(s.label * 3)
        .y_label_area_size(s.label * 4)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), (lo - pad)..(hi + pad))
        .map_err(e2s)?;
    let label_of = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 0.05 && i >= 0.0 && (i as usize) < n {
            categories[i as usize].clone()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .y_desc(y_label)
        .x_labels(2 * n + 1)
        .disable_x_mesh()
        .x_label_formatter(&label_of)
        .y_label_formatter(&|y| {
            let t = short_number(*y);
            if *y > 0.0 && t != "0" { format!("+{t}") } else { t }
        })
        .label_style((s.family, s.label))
        .axis_desc_style((s.family, s.label))
        .draw()
        .map_err(e2s)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-1.0, 0.0), (n as f64, 0.0)],
            BLACK.mix(0.5),
        )))
        .map_err(e2s)?;
    let k = series.len().max(1) as f64;
    for (si, name) in series.iter().enumerate() {
        let c = colour(si + 1);
        let offset = (si as f64 - (k - 1.0) / 2.0) * 0.12;
        let mine: Vec<&Whisker> = points.iter().filter(|p| p.series == si && p.mean.is_finite()).collect();
        chart
            .draw_series(
                mine.iter()
                    .map(|p| ErrorBar::new_vertical(p.category as f64 + offset, p.lo, p.mean, p.hi, c.filled().stroke_width(2), 10)),
            )
            .map_err(e2s)?;
        chart
            .draw_series(
                mine.iter()
                    .map(|p| Circle::new((p.category as f64 + offset, p.mean), 5, c.filled())),
            )
            .map_err(e2s)?
            .label(name.clone())
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, c.filled()));
    }
    if !series.is_empty() {
        legend_box(&mut chart, s, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_response<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    unit: &str,
    x: &[f64],
    mean: &[f64],
    lo: &[f64],
    hi: &[f64],
    connect: bool,
) -> Result<(), String> {
    let (x0, x1) = x_range(x);
    let pad_x = (x1 - x0) * 0.05;
    let (y0, y1) = y_range(mean.iter().chain(lo).chain(hi), false);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (s.family, s.title))
        .margin(10)
        .x_label_area_size(s.label * 3)
        .y_label_area_size(s.label * 5)
        .build_cartesian_2d((x0 - pad_x)..(x1 + pad_x), y0..y1)
        .map_err(e2s)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(unit)
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((s.family, s.label))
        .axis_desc_style((s.family, s.label))
        .draw()
        .map_err(e2s)?;
    let c = colour(0);
    if connect {
        chart
            .draw_series(std::iter::once(Polygon::new(polygon(x, hi, lo), c.mix(0.2).filled())))
            .map_err(e2s)?;
        chart
            .draw_series(LineSeries::new(x.iter().copied().zip(mean.iter().copied()), c.stroke_width(3)))
            .map_err(e2s)?;
    } else {
        chart
            .draw_series(
                x.iter()
                    .zip(mean)
                    .zip(lo.iter().zip(hi))
                    .map(|((x, m), (l, h))| ErrorBar::new_vertical(*x, *l, *m, *h, c.mix(0.6).stroke_width(1), 6)),
            )
            .map_err(e2s)?;
    }
    chart
        .draw_series(x.iter().zip(mean).map(|(x, y)| Circle::new((*x, *y), 4, c.filled())))
        .map_err(e2s)?;
    Ok(())
}

/// A colour for `t` in 0-1 (viridis, interpolated between five anchors).
fn viridis(t: f64) -> RGBColor {
    const ANCHORS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 } * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[allow(clippy::too_many_arguments)]
fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<f64>],
) -> Result<(), String> {
    let (lo, hi) = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let mut chart = ChartBuilder::on(area)
        .caption(title, (s.family, s.title))
        .margin(15)
        .x_label_area_size(s.label * 3)
        .y_label_area_size(s.label * 5)
        .build_cartesian_2d(-0.5..(xs.len() as f64 - 0.5), -0.5..(ys.len() as f64 - 0.5))
        .map_err(e2s)?;
    let label = |v: &[f64], x: f64| {
        let i = x.round();
        if (x - i).abs() < 0.05 && i >= 0.0 && (i as usize) < v.len() {
            short_number(v[i as usize])
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_labels(xs.len() * 2 + 1)
        .y_labels(ys.len() * 2 + 1)
        .x_label_formatter(&|x| label(xs, *x))
        .y_label_formatter(&|y| label(ys, *y))
        .label_style((s.family, s.label))
        .axis_desc_style((s.family, s.label))
        .draw()
        .map_err(e2s)?;
    for (i, column) in values.iter().enumerate() {
        for (j, v) in column.iter().enumerate() {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            let (i, j) = (i as f64, j as f64);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)],
                    viridis(t).filled(),
                )))
                .map_err(e2s)?;
            let ink = if t > 0.6 { BLACK } else { WHITE };
            chart
                .draw_series(std::iter::once(Text::new(
                    short_number(*v),
                    (i - 0.12, j + 0.04),
                    (s.family, s.label).into_font().color(&ink),
                )))
                .map_err(e2s)?;
        }
    }
    Ok(())
}

/// Compact tick labels: 1.2k, 3.4M, 0.0075.
pub fn short_number(y: f64) -> String {
    // "20.0k" reads as "20k", "80.0" as "80": trailing zeros say nothing on an axis.
    let trimmed = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let a = y.abs();
    let (value, suffix) = if a >= 1e9 {
        (trimmed(format!("{:.1}", y / 1e9)), "G")
    } else if a >= 1e6 {
        (trimmed(format!("{:.1}", y / 1e6)), "M")
    } else if a >= 1e5 {
        (format!("{:.0}", y / 1e3), "k")
    } else if a >= 1e4 {
        (trimmed(format!("{:.1}", y / 1e3)), "k")
    } else if a >= 100.0 {
        (format!("{y:.0}"), "")
    } else if a >= 1.0 {
        (trimmed(format!("{y:.1}")), "")
    } else {
        (trimmed(format!("{y:.4}")), "")
    };
    if value == "-0" { "0".to_string() } else { value + suffix }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_samples_keep_the_head_thin_the_tail_and_end_at_the_last() {
        let small: Vec<usize> = rank_sample(300).collect();
        assert_eq!(small, (0..300).collect::<Vec<_>>());
        let big: Vec<usize> = rank_sample(1_000_000).collect();
        assert!(big.len() < 1_300, "{}", big.len());
        assert_eq!(&big[..500], &(0..500).collect::<Vec<_>>()[..]);
        assert_eq!(*big.last().unwrap(), 999_999);
        assert!(big.windows(2).all(|w| w[0] < w[1]));
        // Every decade beyond the head is drawn at about 200 points.
        let decade = big.iter().filter(|&&r| (10_000..100_000).contains(&r)).count();
        assert!((195..=205).contains(&decade), "{decade}");
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short_number(186_000.0), "186k");
        assert_eq!(short_number(21_500.0), "21.5k");
        assert_eq!(short_number(2_500_000.0), "2.5M");
        assert_eq!(short_number(0.253), "0.253");
        assert_eq!(short_number(0.0075), "0.0075");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(42.0), "42");
        assert_eq!(short_number(42.5), "42.5");
        assert_eq!(short_number(20_000.0), "20k");
        assert_eq!(short_number(1.0), "1");
        assert_eq!(short_number(-0.00001), "0");
    }

    #[test]
    fn charts_save_as_png_and_svg_of_the_requested_size() {
        let dir = tempfile::tempdir().unwrap();
        let band = Band {
            label: "a".into(),
            colour: 0,
            x: vec![2012.0, 2013.0, 2014.0],
            median: vec![1.0, 2.0, 3.0],
            p5: vec![0.5, 1.5, 2.5],
            p95: vec![1.5, 2.5, 3.5],
            ..Band::default()
        };
        let chart = Chart::Bands {
            title: "GDP".into(),
            x_label: "year".into(),
            unit: "¥".into(),
            bands: vec![band],
            labels: BandLabels::default(),
        };
        save(&chart, &dir.path().join("c"), (800, 500)).unwrap();
        let png = std::fs::read(dir.path().join("c.png")).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 800);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 500);
        let svg = std::fs::read_to_string(dir.path().join("c.svg")).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("width=\"800\"") && svg.contains("height=\"500\""),
            "{}",
            &svg[..100]
        );
    }
}
