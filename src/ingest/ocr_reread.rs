//! OCR second readings: words the engine read unsure on a whole page are
//! cut out and read again, all of a page's in one engine run per kind —
//! numbers by the Latin digit model (`numbers`), cells of several lines run
//! into one tall word as a block (`cells`), a table's total label garbled
//! as its whole line, twice (`labels`); a second reading replaces the first
//! only when it is sure and surer.

use super::ocr::{parse_pages, tesseract_with, write_pgm, Engine, Gray, PixRule, Word, DARK};

/// A reading this sure (0–100) may replace a first one.
const SURE: f32 = 80.0;

/// A word of digits (with `.`, `,`, `%`).
fn numeric(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || ".,%".contains(c))
}

/// A number the Chinese model read unsure (confidence under 80) is read
/// again, cut out alone, by the Latin model restricted to digits, `.`, `,`
/// and `%` (one engine run for all of a page's): its reading replaces the
/// word's when it is sure (80 or more) and surer than the first. On the 200
/// dpi scans the Chinese model read `119%` as `1199%` (confidence 49) and
/// `25` as `5` (confidence 0); the Latin model read both right at 96. A
/// Latin reading that only drops characters at an end of the first is not
/// taken (the crop, not the reading, lost them).
pub fn numbers(engine: &Engine, img: &Gray, words: &mut [Word], dpi: f32) {
    let digit_like = digit_shaped(words);
    let em = cjk_em(words);
    let wide: Vec<bool> = (0..words.len()).map(|i| digits_wide(words, i, em)).collect();
    let unsure: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].conf < SURE && (numeric(&words[i].text) || digit_like(&words[i]) || wide[i]))
        .collect();
    if !engine.latin || unsure.is_empty() {
        return;
    }
    // the word's ink: its box grown while the ink runs on past it (a box
    // may cut off a leading `1`), at most a line height each way
    // a digit-shaped character: its box alone, white all round (with the
    // rows above and below kept, the `2` above read at 63, alone at 95);
    // a character as wide as several digits: alone at two white margins,
    // both readings to agree (`32` read `2` at one margin, `32` at others)
    let mut crops: Vec<(usize, Crop)> = Vec::new();
    for &i in &unsure {
        if numeric(&words[i].text) {
            crops.push((i, grown(img, &words[i])));
        } else if wide[i] {
            for k in [0.5, 1.0] {
                let pad = (k * words[i].height).max(4.0) as usize;
                crops.push((
                    i,
                    Crop {
                        pad_x: pad,
                        pad_y: pad,
                        ..boxed(img, &words[i])
                    },
                ));
            }
        } else {
            crops.push((i, boxed(img, &words[i])));
        }
    }
    let args = ["-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.,%"];
    let only: Vec<Crop> = crops.iter().map(|c| c.1).collect();
    let Some(read) = read_crops(engine, img, &only, dpi, &args) else {
        return;
    };
    let mut k = 0;
    while k < crops.len() {
        let i = crops[k].0;
        let n = crops[k..].iter().take_while(|c| c.0 == i).count();
        let readings = &read[k..k + n];
        k += n;
        let (text, conf) = readings[0].clone();
        if readings.iter().any(|r| r.0 != text) {
            continue;
        }
        let conf = readings.iter().map(|r| r.1).fold(conf, f32::min);
        // the first reading with characters cut from an end is the crop
        // cutting the word (its box missed a leading `1`: `18557.82` read
        // as `8557.82`), not a better reading
        // — but what follows a `%` is no digit of the number: the Chinese
        // model reads `%` as `%6`, `%p` (`80%6` on the transfer forms'
        // scans, `93.83%p` on 001's), the Latin one as `%`
        let first = &words[i].text;
        let after_pct = text.ends_with('%') && first.starts_with(&text);
        let cut = text.len() < first.len() && (first.ends_with(&text) || first.starts_with(&text)) && !after_pct;
        // a digit-shaped character becomes one digit, never more; a
        // character as wide as several digits as many as its width holds
        let count = numeric(first)
            || text.chars().count() == first.chars().count()
            || (wide[i] && fits(&text, words[i].width, words[i].height));
        if numeric(&text) && !cut && count && conf >= SURE && conf > words[i].conf {
            words[i].text = text;
            words[i].conf = conf;
        }
    }
}

/// Whether word `i` is one character as tall as a digit (see
/// `digit_shaped`; `em` the page's CJK line height) but as wide as two or
/// three, standing alone on its line (half a line height of white to each
/// neighbour): a cell of a number the
/// Chinese model read as one character (the transfer form's scans, two
/// forms: 全年执行数 `32` read `让`, confidence 0, boxed 67 × 47 px beside
/// `40` boxed 72 × 47), which the Latin digit model reads again. Standing
/// alone keeps out a `三` touching the number after it (a `≥` or `≤` the
/// engine misread, which is no digit).
fn digits_wide(words: &[Word], i: usize, em: f32) -> bool {
    let w = &words[i];
    let mut c = w.text.chars();
    let one = c.next().is_some_and(crate::normalize::chars::is_cjk) && c.next().is_none();
    if !one || em <= 0.0 || w.height < 0.6 * em || w.height > 0.9 * em || w.width <= 0.75 * w.height {
        return false;
    }
    if w.width > 2.7 * w.height {
        return false;
    }
    let gap = 0.5 * em;
    let before = i.checked_sub(1).map(|p| &words[p]).filter(|p| p.line == w.line);
    let after = words.get(i + 1).filter(|n| n.line == w.line);
    before.is_none_or(|p| w.left - (p.left + p.width) >= gap)
        && after.is_none_or(|n| n.left - (w.left + w.width) >= gap)
}

/// Whether a reading's digits fill a box `width` × `height` the way
/// digits do: each digit 0.55–0.95 of its height wide (`40` boxed 72 × 47;
/// `.` and `,` narrow, not counted).
fn fits(text: &str, width: f32, height: f32) -> bool {
    let k = text.chars().filter(|c| c.is_ascii_digit() || *c == '%').count() as f32;
    k >= 1.0 && width >= 0.55 * k * height && width <= 0.95 * k * height
}

/// The median height of a page's CJK words (a line height), 0 without any.
fn cjk_em(words: &[Word]) -> f32 {
    let mut h: Vec<f32> = words
        .iter()
        .filter(|w| w.text.chars().any(crate::normalize::chars::is_cjk))
        .map(|w| w.height)
        .collect();
    h.sort_by(f32::total_cmp);
    h.get(h.len() / 2).copied().unwrap_or(0.0)
}

/// Whether a word is one character the shape of a digit: its box no taller
/// than 0.9 of the page's median CJK word (digits stand about 0.8 of it)
/// and at most three quarters as wide as tall. The Chinese model reads a
/// lone digit in a table cell as a character now and then (001's points
/// `2` read as `之`, confidence 69): such a word is read again by the Latin
/// digit model like a number (alone, the Chinese model's reading of it
/// changed with the white left around it: `2`, `史`, `有`).
fn digit_shaped(words: &[Word]) -> impl Fn(&Word) -> bool {
    let em = cjk_em(words);
    move |w: &Word| {
        let mut c = w.text.chars();
        let one = c.next().is_some_and(crate::normalize::chars::is_cjk) && c.next().is_none();
        one && em > 0.0 && w.height >= 0.6 * em && w.height <= 0.9 * em && w.width <= 0.75 * w.height
    }
}

/// A piece of the page to read alone: what is kept of it (x0, y0, x1, y1;
/// the rest white) and the white margins beside and above/below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crop {
    pub keep: [usize; 4],
    pub pad_x: usize,
    pub pad_y: usize,
}

/// A number's crop: its box grown while the ink runs on, at most a line
/// height each way; the rows a third of its height above and below kept.
fn grown(img: &Gray, w: &Word) -> Crop {
    let (ty, by) = (w.top.max(0.0) as usize, ((w.top + w.height).ceil() as usize).min(img.h));
    let ink = |x: usize| (ty..by).any(|y| img.px[y * img.w + x] < DARK);
    let grow = w.height.max(1.0) as usize;
    let mut left = (w.left.max(0.0) as usize).min(img.w.saturating_sub(1));
    let mut right = ((w.left + w.width).ceil() as usize).min(img.w);
    let (far_l, far_r) = (left.saturating_sub(grow), (right + grow).min(img.w));
    while left > far_l && ink(left - 1) {
        left -= 1;
    }
    while right < far_r && ink(right) {
        right += 1;
    }
    let pad = (0.3 * w.height) as usize;
    Crop {
        keep: [left, ty.saturating_sub(pad), right, (by + pad).min(img.h)],
        pad_x: pad,
        pad_y: 0,
    }
}

/// A word's crop: its box exactly (a neighbour's stroke read with it would
/// change the reading), white around it.
fn boxed(img: &Gray, w: &Word) -> Crop {
    let x0 = (w.left.max(0.0) as usize).min(img.w);
    let y0 = (w.top.max(0.0) as usize).min(img.h);
    let x1 = ((w.left + w.width).ceil().max(0.0) as usize).min(img.w);
    let y1 = ((w.top + w.height).ceil().max(0.0) as usize).min(img.h);
    let pad = (0.3 * w.height).max(4.0) as usize;
    Crop {
        keep: [x0, y0, x1, y1],
        pad_x: pad,
        pad_y: pad,
    }
}

/// Reads the crops in one engine run (`args`: model and mode); for each,
/// its words joined and the least sure confidence. None when the run
/// failed or a crop is empty.
pub fn read_crops(engine: &Engine, img: &Gray, crops: &[Crop], dpi: f32, args: &[&str]) -> Option<Vec<(String, f32)>> {
    let read = read_words(engine, img, crops, dpi, args)?;
    Some(
        read.into_iter()
            .map(|words| {
                let text: String = words.iter().map(|w| w.text.as_str()).collect();
                let conf = words.iter().map(|w| w.conf).fold(f32::MAX, f32::min);
                (text, conf)
            })
            .collect(),
    )
}

/// Reads the crops in one engine run (`args`: model and mode); for each,
/// the words read, placed back in the image's pixels (their line numbers
/// are the crop's own). None when the run failed or a crop is empty.
pub fn read_words(engine: &Engine, img: &Gray, crops: &[Crop], dpi: f32, args: &[&str]) -> Option<Vec<Vec<Word>>> {
    let dir = tempfile::tempdir().ok()?;
    let mut list = String::new();
    for (n, c) in crops.iter().enumerate() {
        let [x0, y0, x1, y1] = c.keep;
        if x1 < x0 || y1 < y0 || x1 > img.w || y1 > img.h {
            return None;
        }
        let (w, h) = (x1 - x0 + 2 * c.pad_x, y1 - y0 + 2 * c.pad_y);
        if w == 0 || h == 0 {
            return None;
        }
        let mut px = vec![255u8; w * h];
        for y in y0..y1 {
            let at = (y - y0 + c.pad_y) * w + c.pad_x;
            px[at..at + (x1 - x0)].copy_from_slice(&img.px[y * img.w + x0..y * img.w + x1]);
        }
        let path = dir.path().join(format!("{n}.pgm"));
        write_pgm(&Gray { w, h, px }, &path).ok()?;
        list.push_str(&format!("{}\n", path.display()));
    }
    let list_path = dir.path().join("list.txt");
    std::fs::write(&list_path, list).ok()?;
    let tsv = tesseract_with(engine, &list_path, dpi, args).ok()?;
    // each crop is a page of the run
    let mut read: Vec<Vec<Word>> = vec![Vec::new(); crops.len()];
    for (page, mut w) in parse_pages(&tsv) {
        let Some(k) = page.checked_sub(1).filter(|&k| k < crops.len()) else {
            continue;
        };
        let c = &crops[k];
        w.left += c.keep[0] as f32 - c.pad_x as f32;
        w.top += c.keep[1] as f32 - c.pad_y as f32;
        read[k].push(w);
    }
    Some(read)
}

/// A word this many times the page's median word height is several lines
/// the engine ran together.
const TALL: f32 = 1.8;
/// ... when it was read less sure than this (0–100).
const RUN_TOGETHER: f32 = 50.0;
/// A second reading of a cell replaces the first when its words are this
/// sure on average (0–100).
const CELL_SURE: f32 = 60.0;

/// A table cell of two or more lines beside cells of one (`项目支` over
/// `出` beside `300 370 354`, `部门名` over `称`) is what the engine reads
/// worst on a whole page: it runs the lines together into one word two lines
/// tall and guesses one character for it, unsure (`人` 23, `可` 0, `和` 0).
/// On the scanned forms (fixtures/forms/scan, five templates) every page
/// had one to three such words (50 in 22 pages: 项目名称, 实施单位,
/// 项目支出, 年度总体目标, 绩效指标 …); on the five corpus reports scanned at
/// 200 dpi, 34 in 141 pages. Each such word's ink (its box grown sideways
/// while the ink runs on, never across a ruling line) is read again alone
/// as a block of lines, all of a page's in one engine run; the reading
/// replaces every word of the first whose middle lies in the crop when its
/// words are sure on average (`CELL_SURE`) and none is tall again.
pub fn cells(engine: &Engine, img: &Gray, words: &mut Vec<Word>, dpi: f32, rules: &[PixRule]) {
    let Some(em) = median_height(words) else {
        return;
    };
    let mut crops: Vec<Crop> = Vec::new();
    for w in words.iter().filter(|w| w.height > TALL * em && w.conf < RUN_TOGETHER) {
        let c = cell_crop(img, w, em, rules);
        // crops that overlap (two tall words of one cell) are read as one
        match crops.iter_mut().find(|k| overlaps(k.keep, c.keep)) {
            Some(k) => k.keep = union(k.keep, c.keep),
            None => crops.push(c),
        }
    }
    if crops.is_empty() {
        return;
    }
    let Some(read) = read_words(engine, img, &crops, dpi, &["-l", "chi_sim", "--psm", "6"]) else {
        return;
    };
    for (n, (c, new)) in crops.iter().zip(read).enumerate() {
        if new.is_empty() || mean_sure(&new) < CELL_SURE || new.iter().any(|w| w.height > TALL * em) {
            continue;
        }
        replace(words, c.keep, new, n);
    }
}

/// Ink this many ems beyond a word, inside its ruled cell, that no other
/// word covers, is text the engine gave no box.
const UNCOVERED: f32 = 1.0;

/// A cell's lines the engine gave no box: in a narrow cell wrapped to
/// several lines, Tesseract sometimes returns the first line only and
/// nothing for the ink below (`文物安` for 文物安 / 全事故 / 数, and a
/// two-line header `单项指标` / `折算得分` read as its first characters —
/// both on the scanned forms, fixtures/forms/scan). A CJK word whose cell
/// (its ink's columns, never across a ruling line) holds ink at least
/// `UNCOVERED` em above or below it, in lines no other word covers, is read
/// again with that ink as a block, all of a page's in one run; the reading
/// replaces the words it covers when it is sure on average (`CELL_SURE`),
/// holds more characters than they do and starts as they do.
pub fn uncovered(engine: &Engine, img: &Gray, words: &mut Vec<Word>, dpi: f32, rules: &[PixRule]) {
    let Some(em) = median_height(words) else {
        return;
    };
    let cjk = |w: &Word| w.text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut crops: Vec<Crop> = Vec::new();
    for w in words.iter().filter(|w| cjk(w) && w.height <= TALL * em) {
        let row = cell_crop(img, w, em, rules);
        let [x0, y0, x1, y1] = row.keep;
        let ink = |y: usize| (x0..x1).any(|x| img.px[y * img.w + x] < DARK);
        let ruled = |y: usize| {
            rules
                .iter()
                .any(|r| r.x1 - r.x0 > r.y1 - r.y0 && r.y0 <= y && y <= r.y1 && r.x0 <= x1 && r.x1 >= x0)
        };
        let (top, bottom) = grow((y0, y1), img.h, (0.5 * em).max(1.0) as usize, ink, ruled);
        if ((bottom - y1) as f32) < UNCOVERED * em && ((y0 - top) as f32) < UNCOVERED * em {
            continue;
        }
        let keep = [x0, top, x1, bottom];
        // the grown lines hold no word
        let above = [x0, top, x1, y0];
        let below = [x0, y1, x1, bottom];
        let taken = words.iter().any(|o| {
            let b = word_box(o);
            (y0 > top && overlaps(b, above)) || (bottom > y1 && overlaps(b, below))
        });
        if taken || crops.iter().any(|k| overlaps(k.keep, keep)) {
            continue;
        }
        crops.push(Crop { keep, ..row });
    }
    if crops.is_empty() {
        return;
    }
    let Some(read) = read_words(engine, img, &crops, dpi, &["-l", "chi_sim", "--psm", "6"]) else {
        return;
    };
    let mut done: Vec<(Crop, Vec<Word>)> = Vec::new();
    for (c, new) in crops.into_iter().zip(read) {
        let old: String = words
            .iter()
            .filter(|w| middle_in(w, c.keep))
            .map(|w| w.text.as_str())
            .collect();
        let text: String = new.iter().map(|w| w.text.as_str()).collect();
        if new.is_empty()
            || mean_sure(&new) < CELL_SURE
            || text.chars().count() <= old.chars().count()
            || text.chars().next() != old.chars().next()
            || new.iter().any(|w| w.height > TALL * em)
        {
            continue;
        }
        done.push((c, new));
    }
    for (n, (c, new)) in done.into_iter().enumerate() {
        replace(words, c.keep, new, 1000 + n);
    }
}

/// The median height of a page's words.
fn median_height(words: &[Word]) -> Option<f32> {
    let mut h: Vec<f32> = words.iter().map(|w| w.height).collect();
    h.sort_by(f32::total_cmp);
    h.get(h.len() / 2).copied().filter(|&m| m > 0.0)
}

/// A tall word's crop: its rows; its columns grown left and right while
/// ink runs on (gaps under half a line height bridged), never across a
/// vertical ruling line; white around it.
fn cell_crop(img: &Gray, w: &Word, em: f32, rules: &[PixRule]) -> Crop {
    let y0 = (w.top.max(0.0) as usize).min(img.h);
    let y1 = ((w.top + w.height).ceil().max(0.0) as usize).min(img.h);
    let ink = |x: usize| (y0..y1).any(|y| img.px[y * img.w + x] < DARK);
    let ruled = |x: usize| {
        rules
            .iter()
            .any(|r| r.y1 - r.y0 > r.x1 - r.x0 && r.x0 <= x && x <= r.x1 && r.y0 <= y1 && r.y1 >= y0)
    };
    let x0 = (w.left.max(0.0) as usize).min(img.w.saturating_sub(1));
    let x1 = ((w.left + w.width).ceil().max(0.0) as usize).clamp(x0 + 1, img.w.max(x0 + 1));
    let (left, right) = grow((x0, x1.min(img.w)), img.w, (0.5 * em).max(1.0) as usize, ink, ruled);
    let pad = (0.5 * em).max(4.0) as usize;
    Crop {
        keep: [left, y0, right, y1],
        pad_x: pad,
        pad_y: pad,
    }
}

/// Grows the pixel span `[lo, hi)` on one axis (of `end` pixels) to the
/// last ink (`ink`) within `gap` of the ink so far on each side, never
/// across a ruling line (`ruled`).
fn grow(
    (lo, hi): (usize, usize),
    end: usize,
    gap: usize,
    ink: impl Fn(usize) -> bool,
    ruled: impl Fn(usize) -> bool,
) -> (usize, usize) {
    let (mut lo, mut hi) = (lo, hi);
    let mut at = lo;
    while at > 0 && lo - (at - 1) <= gap && !ruled(at - 1) {
        at -= 1;
        if ink(at) {
            lo = at;
        }
    }
    let mut at = hi;
    while at < end && at + 1 - hi <= gap && !ruled(at) {
        if ink(at) {
            hi = at + 1;
        }
        at += 1;
    }
    (lo, hi)
}

/// The words' confidence, weighted by their characters (0–100).
fn mean_sure(words: &[Word]) -> f32 {
    let chars: f32 = words.iter().map(|w| w.text.chars().count() as f32).sum();
    words
        .iter()
        .map(|w| w.conf * w.text.chars().count() as f32)
        .sum::<f32>()
        / chars.max(1.0)
}

/// A word's box in whole pixels (x0, y0, x1, y1).
fn word_box(w: &Word) -> [usize; 4] {
    [
        w.left.max(0.0) as usize,
        w.top.max(0.0) as usize,
        (w.left + w.width).max(0.0) as usize,
        (w.top + w.height).max(0.0) as usize,
    ]
}

/// The word's middle lies in `keep`.
fn middle_in(w: &Word, keep: [usize; 4]) -> bool {
    let (cx, cy) = (w.left + w.width / 2.0, w.top + w.height / 2.0);
    cx >= keep[0] as f32 && cx <= keep[2] as f32 && cy >= keep[1] as f32 && cy <= keep[3] as f32
}

fn overlaps(a: [usize; 4], b: [usize; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn union(a: [usize; 4], b: [usize; 4]) -> [usize; 4] {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

/// Replaces the words whose middle lies in `keep` by `new` (crop `n`'s
/// reading, its lines numbered apart from the page's), put after the line
/// of the first word replaced so each line's words stay together.
fn replace(words: &mut Vec<Word>, keep: [usize; 4], mut new: Vec<Word>, n: usize) {
    let inside = |w: &Word| middle_in(w, keep);
    let Some(first) = words.iter().position(inside) else {
        return;
    };
    let line = words[first].line;
    let at = first + words[first..].iter().take_while(|w| w.line == line).count();
    let block = 2_000_000_000u32.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
    for w in &mut new {
        w.line.0 = block;
    }
    let count = new.len();
    words.splice(at..at, new);
    // the replaced words, the new ones (at..at + count) kept
    let mut k = 0;
    words.retain(|w| {
        let keep_it = (at..at + count).contains(&k) || !inside(w);
        k += 1;
        keep_it
    });
}

/// The row labels of tables' total and subtotal rows (`合计`, `小计` …:
/// patterns/figures.toml `[table]`, built in), the words a label re-read
/// may restore.
fn table_labels() -> &'static [String] {
    static LABELS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        let Ok(p) = crate::patterns::Patterns::builtin() else {
            return Vec::new();
        };
        let t = &p.figures;
        t.total_labels
            .iter()
            .chain(&t.subtotal_labels)
            .filter(|l| l.chars().count() >= 2 && !l.contains(char::is_whitespace))
            .cloned()
            .collect()
    })
}

/// A word (or two of one line) one character off a table's total or
/// subtotal label, that character read unsure, standing alone between
/// column gaps: the label a cell of a total row or a header most likely
/// holds, garbled. 001's 200 dpi scan (a report of the corpus) read its
/// 三公经费 table's `合计` as `合讲` (讲 13) in the header and `答计` (答 46)
/// in the total row, so the row's ARITH.SUM (合计 4.46 against 5.46) was
/// lost. Cut out alone, the Chinese model's reading of such a word changes
/// with the white around it (`合计`, `二`, `泡竺` for one crop); read as its
/// whole text line across the page it is stable. Each candidate's line is
/// read at two white margins; the label replaces the words only when both
/// readings give exactly it (the same label, when the words are one
/// character off several: `答计` is off 合计, 总计, 共计 and 小计), sure,
/// where the words stood. On the scans of the five corpus reports (141
/// pages) the only other candidates were two `总额` (额 unsure), read again
/// as `总额` and left alone; on the 22 scanned forms, none (`设计`, `累计`,
/// `统计` stand in prose or were read sure).
pub fn labels(engine: &Engine, img: &Gray, words: &mut Vec<Word>, dpi: f32) {
    let labels = table_labels();
    let Some(em) = median_height(words) else {
        return;
    };
    let found = candidates(words, labels, em);
    if found.is_empty() {
        return;
    }
    let mut crops = Vec::new();
    for c in &found {
        let [y0, y1] = line_band(img, c.top, c.bottom, em);
        for pad in [0.25, 0.75] {
            crops.push(Crop {
                keep: [0, y0, img.w, y1],
                pad_x: 0,
                pad_y: (pad * em).max(4.0) as usize,
            });
        }
    }
    let Some(read) = read_words(engine, img, &crops, dpi, &["-l", "chi_sim", "--psm", "6"]) else {
        return;
    };
    let mut done: Vec<(Candidate, String, f32)> = Vec::new();
    for (c, pair) in found.into_iter().zip(read.chunks(2)) {
        let got: Vec<Option<(&String, f32)>> = pair.iter().map(|r| label_at(r, &c)).collect();
        if let [Some((a, ca)), Some((b, cb))] = got[..] {
            if a == b {
                let label = a.clone();
                done.push((c, label, ca.min(cb)));
            }
        }
    }
    // the last word first, so the indices of earlier ones hold
    done.sort_by_key(|d| std::cmp::Reverse(d.0.first));
    for (c, label, conf) in done {
        let last = c.first + c.count - 1;
        let (left, right) = (words[c.first].left, words[last].left + words[last].width);
        let w = &mut words[c.first];
        w.width = right - left;
        w.top = c.top;
        w.height = c.bottom - c.top;
        w.text = label;
        w.conf = conf;
        words.drain(c.first + 1..=last);
    }
}

/// A run of words one character off a label.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    first: usize,
    count: usize,
    /// The labels the words are one character off.
    labels: Vec<String>,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

/// The candidates of a page (see `labels`): one or two words of a line,
/// with a column gap (a line height) or the line's end on each side.
fn candidates(words: &[Word], labels: &[String], em: f32) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        let line = &words[i..j];
        for s in 0..line.len() {
            // a word in a run found already starts none
            if out.last().is_some_and(|c: &Candidate| c.first + c.count > i + s) {
                continue;
            }
            for count in 1..=2.min(line.len() - s) {
                let run = &line[s..s + count];
                let before = s.checked_sub(1).map(|p| &line[p]);
                let after = line.get(s + count);
                let alone_before = before.is_none_or(|p| run[0].left - (p.left + p.width) >= em);
                let last = &run[count - 1];
                let alone_after = after.is_none_or(|n| n.left - (last.left + last.width) >= em);
                if !alone_before || !alone_after {
                    continue;
                }
                let near = one_off(run, labels);
                if !near.is_empty() {
                    out.push(Candidate {
                        first: i + s,
                        count,
                        labels: near,
                        left: run[0].left,
                        right: last.left + last.width,
                        top: run.iter().map(|w| w.top).fold(f32::MAX, f32::min),
                        bottom: run.iter().map(|w| w.top + w.height).fold(f32::MIN, f32::max),
                    });
                    break;
                }
            }
        }
        i = j;
    }
    out
}

/// The labels a run of words is one character off, that character in a
/// word read unsure (under `SURE`).
fn one_off(run: &[Word], labels: &[String]) -> Vec<String> {
    // each character with the confidence of its word
    let chars: Vec<(char, f32)> = run
        .iter()
        .flat_map(|w| w.text.chars().map(move |c| (c, w.conf)))
        .collect();
    labels
        .iter()
        .filter(|l| {
            let want: Vec<char> = l.chars().collect();
            if want.len() != chars.len() {
                return false;
            }
            let off: Vec<usize> = (0..want.len()).filter(|&k| want[k] != chars[k].0).collect();
            off.len() == 1 && chars[off[0]].1 < SURE && crate::normalize::chars::is_cjk(chars[off[0]].0)
        })
        .cloned()
        .collect()
}

/// The rows of a word's text line: from its box out to the nearest rows
/// without ink across the page (at most half a line height further).
fn line_band(img: &Gray, top: f32, bottom: f32, em: f32) -> [usize; 2] {
    let empty = |y: usize| img.px[y * img.w..(y + 1) * img.w].iter().all(|&p| p >= DARK);
    let reach = (0.5 * em) as usize;
    let (t, b) = (
        (top.max(0.0) as usize).min(img.h),
        (bottom.ceil().max(0.0) as usize).min(img.h),
    );
    let mut y0 = t;
    while y0 > 0 && t - y0 < reach && !empty(y0 - 1) {
        y0 -= 1;
    }
    let mut y1 = b.max(y0);
    while y1 < img.h && y1 - b < reach && !empty(y1) {
        y1 += 1;
    }
    [y0, y1]
}

/// The label and confidence of a reading of the candidate's line that
/// gives one of its labels, sure, in words where the candidate stood.
fn label_at<'a>(read: &[Word], c: &'a Candidate) -> Option<(&'a String, f32)> {
    let mid = (c.left + c.right) / 2.0;
    for s in 0..read.len() {
        for count in 1..=3.min(read.len() - s) {
            let run = &read[s..s + count];
            let text: String = run.iter().map(|w| w.text.as_str()).collect();
            let (l, r) = (run[0].left, run[count - 1].left + run[count - 1].width);
            let conf = run.iter().map(|w| w.conf).fold(f32::MAX, f32::min);
            let label = c.labels.iter().find(|l| **l == text);
            if let Some(label) = label.filter(|_| l <= mid && mid <= r && conf >= SURE) {
                return Some((label, conf));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: f32, conf: f32, line: u32) -> Word {
        Word {
            text: text.into(),
            left,
            top: 100.0,
            width: 58.0 * text.chars().count() as f32,
            height: 58.0,
            conf,
            line: (1, 1, line),
        }
    }

    #[test]
    fn a_label_one_unsure_character_off_standing_alone_is_a_candidate() {
        let labels = vec!["合计".to_string(), "小计".to_string()];
        // `答` unsure then `计`, alone at a line's start: 合计
        let w = vec![
            word("答", 500.0, 46.0, 1),
            word("计", 560.0, 91.0, 1),
            word("23.5", 980.0, 90.0, 1),
            // `合讲` (讲 13) between column gaps
            word("年度", 500.0, 93.0, 2),
            word("合讲", 845.0, 40.0, 2),
            word("因公出国", 1190.0, 92.0, 2),
        ];
        let c = candidates(&w, &labels, 58.0);
        let got: Vec<(usize, usize, Vec<String>)> = c.iter().map(|c| (c.first, c.count, c.labels.clone())).collect();
        let ls = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(got, [(0, 2, ls(&["合计", "小计"])), (4, 1, ls(&["合计"]))]);
        // read sure (`设计` 93), inside a sentence (no gap), two off, or a
        // Latin letter off: none
        let w = vec![
            word("设计", 500.0, 93.0, 1),
            word("总体", 500.0, 40.0, 2),
            word("答", 560.0, 40.0, 2),
            word("答讲", 500.0, 20.0, 3),
            word("合x", 500.0, 20.0, 4),
        ];
        assert!(candidates(&w, &labels, 58.0).is_empty());
    }

    #[test]
    fn digits_fill_a_box_as_digits_do() {
        // `32` in a box 67 × 47 (`让`): two digits, not one or three
        assert!(fits("32", 67.0, 47.0));
        assert!(!fits("2", 67.0, 47.0));
        assert!(!fits("321", 67.0, 47.0));
        assert!(!fits("", 67.0, 47.0));
        // standing alone: `让` between column gaps is one; `三` touching
        // the number after it is not
        let mut w = vec![
            word("40", 1102.0, 35.0, 1),
            word("让", 1405.0, 0.0, 1),
            word("10", 1708.0, 90.0, 1),
        ];
        for x in &mut w {
            (x.height, x.width) = (47.0, 67.0);
        }
        w.push(word("年度", 500.0, 93.0, 2));
        assert!(digits_wide(&w, 1, 58.0));
        w[2].left = 1475.0;
        assert!(!digits_wide(&w, 1, 58.0));
    }

    #[test]
    fn a_reading_replaces_the_words_inside_its_crop_and_keeps_lines_together() {
        let mut w = vec![
            word("基本", 800.0, 93.0, 1),
            word("500", 1100.0, 90.0, 1),
            word("人", 800.0, 23.0, 2),
            word("300", 1100.0, 90.0, 2),
            word("年", 500.0, 93.0, 3),
        ];
        (w[2].top, w[2].height, w[3].top) = (170.0, 126.0, 170.0);
        let mut new = vec![word("项目支", 800.0, 93.0, 1), word("出", 800.0, 97.0, 2)];
        (new[0].top, new[1].top) = (170.0, 240.0);
        replace(&mut w, [790, 165, 990, 300], new, 0);
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["基本", "500", "300", "项目支", "出", "年"]);
        assert_eq!(w[3].line.0, 2_000_000_000);
        assert_eq!(w[2].line, (1, 1, 2));
    }
}
