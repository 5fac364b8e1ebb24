//! Inline SVG plots for the HTML index: horizontal bars (counts by label),
//! vertical bars (a distribution) and a scatter of claimed against
//! recomputed totals. Plain SVG text, no script, sized by viewBox so it
//! scales with the page.

use super::html::esc;
use std::fmt::Write;

/// Horizontal bars, one per label, longest first as given.
pub fn hbars(title: &str, bars: &[(String, usize)], color: &str) -> String {
    let row = 26;
    let (left, width) = (250, 520);
    let h = 30 + row * bars.len().max(1);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let mut s = format!(
        r#"<figure class="plot"><figcaption>{}</figcaption><svg viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title),
        w = left + width + 60
    );
    if bars.is_empty() {
        let _ = write!(s, r##"<text x="10" y="20" fill="#666">（无数据）</text>"##);
    }
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = 10 + i * row;
        let len = (*n as f64 / max as f64 * width as f64).max(1.0);
        let short: String = label.chars().take(16).collect();
        let short = if short.chars().count() < label.chars().count() {
            format!("{short}…")
        } else {
            short
        };
        let _ = write!(
            s,
            r##"<text x="{tx}" y="{ty}" text-anchor="end" font-size="15">{}</text><rect x="{left}" y="{y}" width="{len:.1}" height="19" fill="{color}"><title>{}: {n}</title></rect><text x="{nx:.1}" y="{ty}" font-size="14" fill="#333">{n}</text>"##,
            esc(&short),
            esc(label),
            tx = left - 6,
            ty = y + 15,
            nx = left as f64 + len + 4.0,
        );
    }
    s.push_str("</svg></figure>");
    s
}

/// Vertical bars over labelled bins (a distribution).
pub fn vbars(title: &str, bins: &[(String, usize)], color: &str, xlabel: &str) -> String {
    let (w, h, left, bottom, top) = (560.0, 330.0, 50.0, 50.0, 20.0);
    let max = bins.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let n = bins.len().max(1) as f64;
    let bw = (w - left - 10.0) / n;
    let mut s = format!(
        r#"<figure class="plot"><figcaption>{}</figcaption><svg viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title)
    );
    axis(&mut s, left, top, w - 10.0, h - bottom, 0.0, max, "");
    for (i, (label, c)) in bins.iter().enumerate() {
        let x = left + i as f64 * bw;
        let bh = *c as f64 / max * (h - bottom - top);
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="{color}"><title>{}: {c}</title></rect>"##,
            x + 1.0,
            h - bottom - bh,
            (bw - 2.0).max(1.0),
            esc(label)
        );
        let every = (bins.len() / 12).max(1);
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle">{}</text>"#,
                x + bw / 2.0,
                h - bottom + 15.0,
                esc(label)
            );
        }
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" font-size="14" text-anchor="middle">{}</text></svg></figure>"#,
        left + (w - left) / 2.0,
        h - 12.0,
        esc(xlabel)
    );
    s
}

/// Claimed (x) against recomputed (y) totals, with the diagonal where they
/// agree; points off it by more than 0.5 are drawn in `off`.
pub fn scatter(title: &str, points: &[(f64, f64, String)], lo: f64, hi: f64) -> String {
    let (w, h, left, bottom, top, right) = (520.0, 460.0, 55.0, 45.0, 15.0, 15.0);
    let sx = |v: f64| left + (v - lo) / (hi - lo).max(1e-9) * (w - left - right);
    let sy = |v: f64| h - bottom - (v - lo) / (hi - lo).max(1e-9) * (h - bottom - top);
    let mut s = format!(
        r#"<figure class="plot"><figcaption>{}</figcaption><svg viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title)
    );
    axis(&mut s, left, top, w - right, h - bottom, lo, hi, "");
    // x ticks
    let step = nice_step(hi - lo);
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle">{}</text>"#,
            sx(t),
            h - bottom + 15.0,
            fmt(t)
        );
        t += step;
    }
    let _ = write!(
        s,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#999" stroke-dasharray="4 3"/>"##,
        sx(lo),
        sy(lo),
        sx(hi),
        sy(hi)
    );
    for (x, y, label) in points {
        let off = (x - y).abs() > 0.5;
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3.2" fill="{}" fill-opacity="0.6"><title>{}：自评 {} / 重算 {}</title></circle>"##,
            sx(*x),
            sy(*y),
            if off { "#C0392B" } else { "#2E6DB4" },
            esc(label),
            fmt(*x),
            fmt(*y)
        );
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" font-size="14" text-anchor="middle">报告自评总分</text><text x="14" y="{:.1}" font-size="14" text-anchor="middle" transform="rotate(-90 14 {:.1})">按评分规则重算的总分</text></svg></figure>"#,
        left + (w - left) / 2.0,
        h - 8.0,
        top + (h - bottom - top) / 2.0,
        top + (h - bottom - top) / 2.0
    );
    s
}

/// Axes with y ticks from `lo` to `hi`.
#[allow(clippy::too_many_arguments)]
fn axis(s: &mut String, x0: f64, y0: f64, x1: f64, y1: f64, lo: f64, hi: f64, _label: &str) {
    let _ = write!(
        s,
        r##"<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#333"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#333"/>"##
    );
    let step = nice_step(hi - lo);
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        let y = y1 - (t - lo) / (hi - lo).max(1e-9) * (y1 - y0);
        let _ = write!(
            s,
            r##"<line x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}" stroke="#eee"/><text x="{:.1}" y="{:.1}" font-size="13" text-anchor="end">{}</text>"##,
            x0 - 4.0,
            y + 4.0,
            fmt(t)
        );
        t += step;
    }
}

fn nice_step(range: f64) -> f64 {
    let raw = (range / 5.0).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let k = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    (k * mag).max(1.0)
}

fn fmt(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}
