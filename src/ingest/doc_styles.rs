//! Word 97–2003 paragraph styles that number their paragraphs: the list
//! (`sprmPIlfo`) and level (`sprmPIlvl`) a style's paragraph properties set,
//! directly or through the style it is based on, read from the style sheet
//! ([MS-DOC] STSH at fcStshf in the table stream: STSHI, then one LPStd per
//! style: its STDF, name, and for a paragraph style the UpxPapx first).
//! Word's heading styles linked to a multilevel list number this way.

use std::collections::HashMap;

/// Paragraph style index → (list, level) it sets, inherited ones resolved.
pub type StyleLists = HashMap<u16, (Option<u16>, Option<u8>)>;

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

/// Styles read at most.
const MAX_STYLES: usize = 4096;
/// `istdBase` of a style based on none.
const NO_BASE: u16 = 0x0FFF;

/// The numbering of every paragraph style of the STSH at `stsh` (offset and
/// size in the table stream). A damaged sheet gives what was read before
/// the damage.
pub fn read(t: &[u8], stsh: (usize, usize)) -> StyleLists {
    let (fc, lcb) = stsh;
    let Some(sheet) = t.get(fc..fc.saturating_add(lcb)) else {
        return StyleLists::new();
    };
    let mut own: HashMap<u16, (Option<u16>, Option<u8>, u16)> = HashMap::new();
    let (Some(cb_stshi), Some(cstd), Some(cb_base)) = (u16_at(sheet, 0), u16_at(sheet, 2), u16_at(sheet, 4)) else {
        return StyleLists::new();
    };
    let mut pos = 2 + cb_stshi as usize;
    for istd in 0..(cstd as usize).min(MAX_STYLES) {
        let Some(cb) = u16_at(sheet, pos) else {
            break;
        };
        let std = sheet.get(pos + 2..pos + 2 + cb as usize).unwrap_or(&[]);
        pos += 2 + cb as usize;
        if std.len() < 10 {
            continue;
        }
        let (Some(w1), Some(w2)) = (u16_at(std, 2), u16_at(std, 4)) else {
            continue;
        };
        let (stk, base, cupx) = (w1 & 0xF, w1 >> 4, w2 & 0xF);
        if stk != 1 || cupx == 0 {
            continue;
        }
        // the name (Xstz: count, characters, a null), then the UPXs
        let name_at = cb_base as usize;
        let Some(cch) = u16_at(std, name_at) else {
            continue;
        };
        let upx_at = name_at + 2 + 2 * cch as usize + 2;
        let Some(cb_upx) = u16_at(std, upx_at) else {
            continue;
        };
        // UpxPapx: istd, then the grpprl
        let grpprl = std.get(upx_at + 4..upx_at + 2 + cb_upx as usize).unwrap_or(&[]);
        let (ilfo, ilvl) = list_sprms(grpprl);
        own.insert(istd as u16, (ilfo, ilvl, base));
    }
    let mut out = StyleLists::new();
    for &istd in own.keys() {
        let (mut ilfo, mut ilvl) = (None, None);
        let mut at = istd;
        for _ in 0..16 {
            let Some(&(f, l, base)) = own.get(&at) else {
                break;
            };
            ilfo = ilfo.or(f);
            ilvl = ilvl.or(l);
            if base == NO_BASE || base == at {
                break;
            }
            at = base;
        }
        if ilfo.is_some() || ilvl.is_some() {
            out.insert(istd, (ilfo, ilvl));
        }
    }
    out
}

/// sprmPIlfo and sprmPIlvl in a grpprl.
fn list_sprms(d: &[u8]) -> (Option<u16>, Option<u8>) {
    let (mut ilfo, mut ilvl) = (None, None);
    let mut i = 0usize;
    while let Some(op) = u16_at(d, i) {
        let arg = i + 2;
        match op {
            0x460B => ilfo = u16_at(d, arg),
            0x260A => ilvl = d.get(arg).copied(),
            _ => {}
        }
        i = arg + super::doc::operand_size(op, d, arg);
    }
    (ilfo, ilvl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_style_numbers_through_its_base() {
        // STSHI (cb 18: cstd 2, cbSTDBaseInFile 10), then two paragraph styles:
        // 0 sets ilfo 3 / ilvl 1, 1 is based on 0 and sets nothing
        let mut t = vec![18u8, 0, 2, 0, 10, 0];
        t.resize(2 + 18, 0);
        let style = |base: u16, grpprl: &[u8]| {
            let mut s = vec![0u8, 0];
            s.extend((1 | (base << 4)).to_le_bytes());
            s.extend(1u16.to_le_bytes()); // cupx 1
            s.extend([0; 4]);
            s.extend([1, 0, b'H', 0, 0, 0]); // name "H"
            s.extend(((2 + grpprl.len()) as u16).to_le_bytes());
            s.extend([0, 0]);
            s.extend(grpprl);
            let mut v = (s.len() as u16).to_le_bytes().to_vec();
            v.extend(s);
            v
        };
        t.extend(style(NO_BASE, &[0x0B, 0x46, 3, 0, 0x0A, 0x26, 1]));
        t.extend(style(0, &[]));
        let got = read(&t, (0, t.len()));
        assert_eq!(got.get(&0), Some(&(Some(3), Some(1))));
        assert_eq!(got.get(&1), Some(&(Some(3), Some(1))));
        for cut in 0..t.len() {
            let _ = read(&t[..cut], (0, cut));
        }
    }
}
