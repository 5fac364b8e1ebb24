//! OCR second readings: words the engine read unsure on a whole page are
//! cut out alone and read again, all of a page's in one engine run per
//! model; a second reading replaces the first only when it is sure and
//! surer.

use super::ocr::{tesseract_with, write_pgm, Engine, Gray, Word, DARK};

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
    let unsure: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].conf < SURE && (numeric(&words[i].text) || digit_like(&words[i])))
        .collect();
    if !engine.latin || unsure.is_empty() {
        return;
    }
    // the word's ink: its box grown while the ink runs on past it (a box
    // may cut off a leading `1`), at most a line height each way
    // a digit-shaped character: its box alone, white all round (with the
    // rows above and below kept, the `2` above read at 63, alone at 95)
    let crops: Vec<Crop> = unsure
        .iter()
        .map(|&i| {
            if numeric(&words[i].text) {
                grown(img, &words[i])
            } else {
                boxed(img, &words[i])
            }
        })
        .collect();
    let args = ["-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.,%"];
    let Some(read) = read_crops(engine, img, &crops, dpi, &args) else {
        return;
    };
    for (&i, (text, conf)) in unsure.iter().zip(read) {
        // the first reading with characters cut from an end is the crop
        // cutting the word (its box missed a leading `1`: `18557.82` read
        // as `8557.82`), not a better reading
        let first = &words[i].text;
        let cut = text.len() < first.len() && (first.ends_with(&text) || first.starts_with(&text));
        // a digit-shaped character becomes one digit, never more
        let count = numeric(first) || text.chars().count() == first.chars().count();
        if numeric(&text) && !cut && count && conf >= SURE && conf > words[i].conf {
            words[i].text = text;
            words[i].conf = conf;
        }
    }
}

/// Whether a word is one character the shape of a digit: its box no taller
/// than 0.9 of the page's median CJK word (digits stand about 0.8 of it)
/// and at most three quarters as wide as tall. The Chinese model reads a
/// lone digit in a table cell as a character now and then (001's points
/// `2` read as `之`, confidence 69): such a word is read again by the Latin
/// digit model like a number (alone, the Chinese model's reading of it
/// changed with the white left around it: `2`, `史`, `有`).
fn digit_shaped(words: &[Word]) -> impl Fn(&Word) -> bool {
    let mut h: Vec<f32> = words
        .iter()
        .filter(|w| w.text.chars().any(crate::normalize::chars::is_cjk))
        .map(|w| w.height)
        .collect();
    h.sort_by(f32::total_cmp);
    let em = h.get(h.len() / 2).copied().unwrap_or(0.0);
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
    let mut read: Vec<(String, f32)> = vec![(String::new(), f32::MAX); crops.len()];
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let (Ok(page), Ok(conf)) = (f[1].trim().parse::<usize>(), f[10].trim().parse::<f32>()) else {
            continue;
        };
        if let Some(r) = page.checked_sub(1).and_then(|k| read.get_mut(k)) {
            r.0.push_str(f[11].trim());
            r.1 = r.1.min(conf);
        }
    }
    Some(read)
}
