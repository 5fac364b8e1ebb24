//! Word 97–2003 list tables ([MS-DOC] PlfLst and PlfLfo in the table stream)
//! as the `numbering::Lists` the DOCX reader uses, so a .doc renders its
//! automatic list numbers (一、/（一）/1.) exactly as its DOCX twin does:
//! each LSTF with its LVLs (number format `nfc`, start, the level text `xst`
//! whose placeholders `rgbxchNums` points at, what follows the number), each
//! LFO (a paragraph's `sprmPIlfo`, 1-based) naming its LSTF by `lsid`, with
//! its start-at and formatting overrides (LFOLVL).
//!
//! LFOs of one LSTF without overrides share one counter set (Word continues
//! the list); an LFO with overrides counts on its own.

use super::numbering::{Level, Lists};
use std::collections::HashMap;

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn i32_at(d: &[u8], i: usize) -> Option<i32> {
    d.get(i..i + 4).map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Lists declared at most (a hostile count cannot make work).
const MAX_LISTS: usize = 10_000;

/// The OOXML name of an MSONFC number format ([MS-OSHARED] 2.2.1.3), as
/// `numbering::format_number` spells it.
pub fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        0 => "decimal",
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        5 => "ordinal",
        6 => "cardinalText",
        7 => "ordinalText",
        10 => "ideographDigital",
        11 => "japaneseCounting",
        14 => "decimalFullWidth",
        18 => "decimalEnclosedCircle",
        19 => "decimalFullWidth2",
        22 => "decimalZero",
        23 => "bullet",
        27 => "decimalEnclosedParen",
        28 => "decimalEnclosedCircleChinese",
        30 => "ideographTraditional",
        31 => "ideographZodiac",
        33 => "taiwaneseCounting",
        35 => "taiwaneseCountingThousand",
        36 => "taiwaneseDigital",
        37 => "chineseCounting",
        38 => "chineseLegalSimplified",
        39 => "chineseCountingThousand",
        255 => "none",
        _ => "decimal",
    }
}

/// One LVL at `pos` of the table stream: the level and the position after it.
fn lvl(t: &[u8], pos: usize) -> Option<(Level, usize)> {
    let head = t.get(pos..pos.checked_add(28)?)?;
    let start = i32_at(head, 0)?;
    let nfc = head[4];
    let nums = &head[6..15];
    let follow = head[15];
    let (cb_chpx, cb_papx) = (head[24] as usize, head[25] as usize);
    let xst_at = pos + 28 + cb_papx + cb_chpx;
    let cch = u16_at(t, xst_at)? as usize;
    let raw = t.get(xst_at + 2..xst_at + 2 + 2 * cch)?;
    let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    // rgbxchNums: 1-based positions of the placeholders in xst, ascending, 0-terminated
    let holders: Vec<usize> = nums.iter().take_while(|&&n| n != 0).map(|&n| n as usize - 1).collect();
    let mut text = String::new();
    for (i, &u) in units.iter().enumerate() {
        if holders.contains(&i) && u < 9 {
            text.push('%');
            text.push(char::from(b'1' + u as u8));
        } else if let Some(c) = char::from_u32(u as u32) {
            text.push(c);
        }
    }
    let suffix = match follow {
        1 => "space",
        2 => "nothing",
        _ => "tab",
    };
    let level = Level {
        start: u32::try_from(start).unwrap_or(0),
        format: nfc_name(nfc).to_string(),
        text,
        suffix: suffix.to_string(),
    };
    Some((level, xst_at + 2 + 2 * cch))
}

/// A document's lists: definitions keyed by lsid, counted instances, and
/// the instance each LFO (by its 1-based index, `sprmPIlfo`) counts in.
#[derive(Debug, Default)]
pub struct DocLists {
    lists: Lists,
    keys: Vec<String>,
}

impl DocLists {
    /// The number a paragraph of LFO `ilfo` at level `ilvl` shows, with its
    /// suffix; `None` without a list (ilfo 0, or 0xF801 "no list").
    pub fn next(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let key = self.keys.get(usize::from(ilfo).checked_sub(1)?)?;
        self.lists.next(key, usize::from(ilvl))
    }
}

/// The document's lists from the PlfLst (`lst`: offset and size in the table
/// stream) and the PlfLfo (`lfo`). Anything truncated ends the reading;
/// what was read is kept.
pub fn read(t: &[u8], lst: (usize, usize), lfo: (usize, usize)) -> DocLists {
    let mut out = DocLists::default();
    let lists = &mut out.lists;
    let (fc, lcb) = lst;
    if lcb < 2 {
        return out;
    }
    let count = u16_at(t, fc).map_or(0, |c| (c as i16).max(0) as usize).min(MAX_LISTS);
    let mut lstfs = Vec::new();
    for k in 0..count {
        let at = fc + 2 + 28 * k;
        let (Some(lsid), Some(flags)) = (i32_at(t, at), t.get(at + 26)) else {
            break;
        };
        lstfs.push((lsid, flags & 1 != 0));
    }
    // the LVLs follow the PlfLst: 1 per simple list, else 9
    let mut pos = fc.saturating_add(lcb);
    'lists: for &(lsid, simple) in &lstfs {
        let mut levels = Vec::new();
        for _ in 0..if simple { 1 } else { 9 } {
            let Some((level, next)) = lvl(t, pos) else {
                break 'lists;
            };
            levels.push(level);
            pos = next;
        }
        lists.abstracts.insert(lsid.to_string(), levels);
    }
    read_lfos(t, lfo, &mut out);
    out
}

fn read_lfos(t: &[u8], lfo: (usize, usize), out: &mut DocLists) {
    let lists = &mut out.lists;
    let (fc, lcb) = lfo;
    if lcb < 4 {
        return;
    }
    let count = i32_at(t, fc).map_or(0, |c| c.max(0) as usize).min(MAX_LISTS);
    let mut heads = Vec::new();
    for k in 0..count {
        let at = fc + 4 + 16 * k;
        let (Some(lsid), Some(&clfolvl)) = (i32_at(t, at), t.get(at + 12)) else {
            break;
        };
        heads.push((lsid, clfolvl as usize));
    }
    // rgLfoData follows rgLfo: per LFO a cp, then its LFOLVLs
    let mut pos = fc + 4 + 16 * heads.len();
    for (k, &(lsid, clfolvl)) in heads.iter().enumerate() {
        let ilfo = format!("lfo{}", k + 1);
        let mut starts: HashMap<usize, u32> = HashMap::new();
        let mut formats: Vec<(usize, Level)> = Vec::new();
        let mut ok = clfolvl == 0 || t.len() >= pos + 4;
        if clfolvl > 0 {
            pos += 4;
            for _ in 0..clfolvl {
                let (Some(start), Some(flags)) = (i32_at(t, pos), i32_at(t, pos + 4)) else {
                    ok = false;
                    break;
                };
                pos += 8;
                let ilvl = (flags & 0xF) as usize;
                if flags & 0x10 != 0 {
                    starts.insert(ilvl, u32::try_from(start).unwrap_or(0));
                }
                if flags & 0x20 != 0 {
                    match lvl(t, pos) {
                        Some((level, next)) => {
                            formats.push((ilvl, level));
                            pos = next;
                        }
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
            }
        }
        let abs = lsid.to_string();
        if !ok || (formats.is_empty() && starts.is_empty()) {
            // counts with the other plain instances of its list
            let key = format!("lst{abs}");
            lists.nums.entry(key.clone()).or_insert((abs, HashMap::new()));
            out.keys.push(key);
            continue;
        }
        let abs = if formats.is_empty() {
            abs
        } else {
            // the overridden levels make a list definition of their own
            let mut levels = lists.abstracts.get(&abs).cloned().unwrap_or_default();
            for (ilvl, level) in formats {
                if let Some(l) = levels.get_mut(ilvl) {
                    *l = level;
                }
            }
            let own = format!("{abs}/{ilfo}");
            lists.abstracts.insert(own.clone(), levels);
            own
        };
        lists.nums.insert(ilfo.clone(), (abs, starts));
        out.keys.push(ilfo);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An LVL as Word writes it: LVLF, no grpprls, the xst.
    fn lvl_bytes(start: i32, nfc: u8, nums: &[u8], follow: u8, xst: &[u16]) -> Vec<u8> {
        let mut v = start.to_le_bytes().to_vec();
        v.push(nfc);
        v.push(0);
        let mut n = [0u8; 9];
        n[..nums.len()].copy_from_slice(nums);
        v.extend(n);
        v.push(follow);
        v.extend([0; 8]); // dxaIndentSav, unused2
        v.extend([0, 0, 0, 0]); // cbGrpprlChpx, cbGrpprlPapx, ilvlRestartLim, grfhic
        v.extend((xst.len() as u16).to_le_bytes());
        for u in xst {
            v.extend(u.to_le_bytes());
        }
        v
    }

    #[test]
    fn a_multilevel_list_renders_like_word() {
        // one LSTF (lsid 7, 9 levels): 一、 /（一）/ 1.
        let mut t = vec![0u8; 4];
        let fc = t.len();
        t.extend(1u16.to_le_bytes());
        let mut lstf = 7i32.to_le_bytes().to_vec();
        lstf.resize(28, 0);
        t.extend(&lstf);
        let lcb = t.len() - fc;
        t.extend(lvl_bytes(1, 37, &[1], 2, &[0, '、' as u16]));
        t.extend(lvl_bytes(1, 37, &[2], 2, &['（' as u16, 1, '）' as u16]));
        t.extend(lvl_bytes(1, 0, &[1], 0, &[2, '.' as u16]));
        for _ in 3..9 {
            t.extend(lvl_bytes(1, 0, &[1], 0, &[3, '.' as u16]));
        }
        // two plain LFOs of it, and one restarting level 0 at 5
        let lfo_fc = t.len();
        t.extend(3i32.to_le_bytes());
        for clfolvl in [0u8, 0, 1] {
            let mut l = 7i32.to_le_bytes().to_vec();
            l.resize(12, 0);
            l.extend([clfolvl, 0, 0, 0]);
            t.extend(l);
        }
        t.extend([0; 4]); // LFOData cp of the third
        t.extend(5i32.to_le_bytes());
        t.extend(0x10i32.to_le_bytes()); // ilvl 0, fStartAt
        let lfo_lcb = t.len() - lfo_fc;
        let mut lists = read(&t, (fc, lcb), (lfo_fc, lfo_lcb));
        let seq: Vec<String> = [(1, 0), (1, 1), (2, 2), (2, 2), (1, 1), (2, 0), (3, 0)]
            .iter()
            .map(|&(ilfo, l)| lists.next(ilfo, l).unwrap_or_default())
            .collect();
        assert_eq!(seq, ["一、", "（一）", "1. ", "2. ", "（二）", "二、", "五、"]);
        // truncated tables read what they hold, never panic
        for cut in 0..t.len() {
            let _ = read(&t[..cut], (fc, lcb), (lfo_fc, lfo_lcb));
        }
    }
}
