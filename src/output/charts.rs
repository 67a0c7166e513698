//! Charts of trajectories across replicates: the median and a 90 % band
//! (5th to 95th percentile at each step).

use std::path::Path;

use plotters::prelude::*;

use super::OutputError;
use super::fonts::family_for;

/// One metric's band over time.
#[derive(Debug, Clone)]
pub struct Band {
    pub title: String,
    pub unit: String,
    /// Time in years (calendar year + quarter / 4).
    pub x: Vec<f64>,
    pub median: Vec<f64>,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
}

const BAND_COLOUR: RGBColor = RGBColor(31, 119, 180);

fn range(b: &Band) -> (f64, f64, f64, f64) {
    let x0 = b.x.first().copied().unwrap_or(0.0);
    let x1 = b.x.last().copied().unwrap_or(1.0).max(x0 + 0.25);
    let ys = b.lo.iter().chain(&b.hi).chain(&b.median).copied().filter(|y| y.is_finite());
    let (mut y0, mut y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, c), y| (a.min(y), c.max(y)));
    if !y0.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if y0 >= 0.0 && y0 < 0.3 * y1 {
        y0 = 0.0;
    }
    let pad = ((y1 - y0) * 0.08).max(y1.abs() * 1e-3).max(1e-9);
    (x0, x1, if y0 == 0.0 { 0.0 } else { y0 - pad }, y1 + pad)
}

fn draw_band<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    b: &Band,
    caption_size: u32,
    label_size: u32,
) -> Result<bool, String> {
    let text = format!("{}{}", b.title, b.unit);
    let (family, missing) = family_for(&text);
    let (x0, x1, y0, y1) = range(b);
    let mut chart = ChartBuilder::on(area)
        .caption(&b.title, (family, caption_size))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc(&b.unit)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((family, label_size))
        .axis_desc_style((family, label_size))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(|e| e.to_string())?;
    let mut polygon: Vec<(f64, f64)> = b.x.iter().copied().zip(b.hi.iter().copied()).collect();
    polygon.extend(b.x.iter().copied().zip(b.lo.iter().copied()).rev());
    chart
        .draw_series(std::iter::once(Polygon::new(polygon, BAND_COLOUR.mix(0.22).filled())))
        .map_err(|e| e.to_string())?
        .label("90 % of replicates")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], BAND_COLOUR.mix(0.22).filled()));
    chart
        .draw_series(LineSeries::new(
            b.x.iter().copied().zip(b.median.iter().copied()),
            BAND_COLOUR.stroke_width(3),
        ))
        .map_err(|e| e.to_string())?
        .label("median")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BAND_COLOUR.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((family, label_size))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(missing)
}

/// Draws one band chart to a PNG. Returns whether CJK glyphs were missing.
pub fn band_png(path: &Path, b: &Band) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let root = BitMapBackend::new(path, (1200, 750)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let missing = draw_band(&root, b, 30, 18).map_err(err)?;
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

/// Draws several bands as a grid of panels under one title.
pub fn grid_png(path: &Path, title: &str, bands: &[Band], columns: usize) -> Result<bool, OutputError> {
    let err = |message: String| OutputError::Chart {
        path: path.to_path_buf(),
        message,
    };
    let rows = bands.len().div_ceil(columns.max(1));
    let root = BitMapBackend::new(path, (600 * columns as u32, 60 + 420 * rows as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let (family, mut missing) = family_for(title);
    let root = root.titled(title, (family, 30)).map_err(|e| err(e.to_string()))?;
    for (area, band) in root.split_evenly((rows, columns)).iter().zip(bands) {
        missing |= draw_band(area, band, 22, 15).map_err(err)?;
    }
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(missing)
}

/// Compact tick labels: 1.2k, 3.4M, 0.25.
pub fn short_number(y: f64) -> String {
    let a = y.abs();
    let trimmed = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if a >= 1e9 {
        format!("{:.1}G", y / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", y / 1e6)
    } else if a >= 1e5 {
        format!("{:.0}k", y / 1e3)
    } else if a >= 1e4 {
        format!("{:.1}k", y / 1e3)
    } else if a >= 100.0 {
        format!("{y:.0}")
    } else if a >= 1.0 {
        format!("{y:.1}")
    } else {
        trimmed(format!("{y:.4}"))
    }
}

#[cfg(test)]
mod tests {
    use super::short_number;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(short_number(186_000.0), "186k");
        assert_eq!(short_number(21_500.0), "21.5k");
        assert_eq!(short_number(2_500_000.0), "2.5M");
        assert_eq!(short_number(0.253), "0.253");
        assert_eq!(short_number(0.0075), "0.0075");
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(42.0), "42.0");
    }
}
