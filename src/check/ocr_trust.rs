//! OCR trust: a finding that rests on digits OCR read with low confidence is
//! a `warning` saying the digits came from OCR, never an `error` — a misread
//! digit must not accuse a report. A post-pass over every rule's findings,
//! keyed on the confidence of the figures on the lines the finding cites.

use super::{words, Finding, Severity};
use crate::extract::figures::Figure;
use crate::ingest::ocr::OcrInfo;
use crate::rubric::score::Origin;
use std::ops::Range;

/// Below this confidence (0–1, the least sure of a number's words) OCR
/// digits are not trusted for an `error`. Measured on the scanned fixtures
/// (docs/ocr.md): 88 of 90 numbers Tesseract read right on the 003 scan had
/// word confidence ≥ 0.80; a word it is unsure of is a word to check.
pub const LOW: f32 = 0.80;

/// Rules whose expected value is read from the report's printed scoring
/// text (its 评分标准 sentences): on an OCR'd page a lost or misread clause
/// — not a digit the engine was unsure of — changes what the rule allows
/// (000s.scan150/g4: a dropped `（1分）` made [0, 2] read as [0, 1]).
const FROM_PRINTED_RULES: [&str; 2] = ["SCORE.RULE", "RUBRIC.TEXT"];

/// Whether an error's expected value comes from the report's printed
/// scoring text: a rule that always reads it, or one (SCORE.TIER) whose
/// message says its tiers were read there rather than taken from a library
/// rubric (the whole-report scans of 000 and 002 at 200 dpi: tiers read from
/// `1.三公经费控制率……得3分` with a clause lost or a digit misread gave
/// three SCORE.TIER errors their text lacks).
///
/// Not a form's SCORE.RULE (lines `forms`): its expected value comes from
/// the form's variant (`patterns/forms/*.toml`: 执行率 × 分值 capped, 单项得分 ×
/// 权重) and the row's own cells, all digits — the confidence of the row's
/// figures decides, as for any arithmetic (a sure misread digit is the same
/// risk as in ARITH.RATE, which keeps its error).
fn from_printed_text(f: &Finding, forms: &[Range<usize>]) -> bool {
    let in_form = forms.iter().any(|r| r.contains(&f.index));
    FROM_PRINTED_RULES.contains(&f.rule) && !in_form
        || f.message.contains(&format!("按{}", words::origin(&Origin::Printed)))
}

/// Lowers to `warning` each `error` citing a line whose OCR'd numbers (or
/// its own claimed value, read on its page) have confidence under `LOW`,
/// and each `error` on an OCR'd page that rests on its printed scoring text;
/// a missed target read without its sign on such a page says so.
/// `forms`: the document lines of the self-evaluation forms read.
pub fn apply(findings: &mut [Finding], figures: &[Figure], ocr: &OcrInfo, forms: &[Range<usize>]) {
    sign_lost_to_ocr(findings, ocr);
    for f in findings.iter_mut().filter(|f| f.severity == Severity::Error) {
        if from_printed_text(f, forms) && f.page.is_some_and(|p| ocr.pages.contains(&p)) {
            f.severity = Severity::Warning;
            f.message
                .push_str("（评分标准文字来自OCR识别，可能有漏识或误识，请对照原件核实）");
            continue;
        }
        if equal_sign_from_ocr(f) && f.page.is_some_and(|p| ocr.pages.contains(&p)) {
            f.severity = Severity::Warning;
            f.message
                .push_str("（指标值的比较符号来自OCR识别，“≥”“≤”常被误识为“=”，请对照原件核实）");
            continue;
        }
        let mut lines = vec![f.line];
        lines.extend(cited_lines(&f.message));
        let from_figures = figures
            .iter()
            .filter(|g| lines.contains(&g.line))
            .filter_map(|g| ocr.confidence(g.page, &g.raw));
        let claimed = ocr.confidence(f.page, &f.claimed);
        let Some(low) = from_figures.chain(claimed).reduce(f32::min) else {
            continue;
        };
        if low < LOW {
            f.severity = Severity::Warning;
            f.message
                .push_str(&format!("（所涉数字来自OCR识别，最低置信度{low:.2}，请对照原件核实）"));
        }
    }
}

/// Says, on a missed-target finding (a warning already) whose target was
/// read without a comparison sign on an OCR'd page, that the sign may be
/// the engine's loss: Tesseract's Chinese model reads `≥` and `≤` as `三`
/// (the scanned forms, four templates: `三95%`, `三120公里`, `三200人` for
/// `≥`; the scorecards of the corpus reports 000 and 002 at 200 dpi:
/// `三2小时`, `三20次` for `≤`, `三90%` for `≥`), so the sign cannot be
/// restored from the reading, only flagged.
fn sign_lost_to_ocr(findings: &mut [Finding], ocr: &OcrInfo) {
    let unprinted = "（指标值未印比较符号";
    for f in findings.iter_mut().filter(|f| {
        (f.rule == super::form_indicator::MISS || f.rule == super::form_score::COEF)
            && f.message.contains(unprinted)
            && f.page.is_some_and(|p| ocr.pages.contains(&p))
    }) {
        f.message
            .push_str("（指标值来自OCR识别，其比较符号可能漏识，“≥”“≤”常被误识为“三”，请对照原件核实）");
    }
}

/// A missed-target finding judged against an `=` target: on a scan the
/// sign is often a `≥` or `≤` whose lower stroke the engine lost (the
/// forms' scans in fixtures/forms/scan: `≥95%` read `=95%` on five forms of
/// two templates), and a met target then reads as missed.
fn equal_sign_from_ocr(f: &Finding) -> bool {
    (f.rule == super::form_indicator::MISS || f.rule == super::form_score::COEF) && f.message.contains("（=）")
}

/// The source lines a message cites: `（第270行）`.
fn cited_lines(message: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find('第') {
        rest = &rest[i + '第'.len_utf8()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with('行') {
            if let Ok(n) = digits.parse() {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ocr::{OcrPage, PageWord};

    fn info(words: &[(&str, f32)]) -> OcrInfo {
        let page = OcrPage {
            words: words
                .iter()
                .map(|&(t, c)| PageWord {
                    text: t.into(),
                    x0: 0.0,
                    x1: 1.0,
                    y0: 0.0,
                    size: 10.0,
                    conf: c,
                })
                .collect(),
            ..Default::default()
        };
        let mut i = OcrInfo::default();
        i.add(2, &page);
        i
    }

    fn finding(page: u32, claimed: &str, message: &str) -> Finding {
        Finding {
            rule: "ARITH.PCT",
            claimed: claimed.into(),
            message: message.into(),
            line: 40,
            page: Some(page),
            ..Finding::default()
        }
    }

    #[test]
    fn low_confidence_digits_make_a_warning_that_says_so() {
        let ocr = info(&[("3.80%", 0.55), ("169", 0.97)]);
        let mut f = vec![finding(2, "3.80", "占比3.80%（第12行）")];
        apply(&mut f, &[], &ocr, &[]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("来自OCR识别，最低置信度0.55"), "{}", f[0].message);
    }

    #[test]
    fn sure_digits_and_text_pages_keep_their_error() {
        let ocr = info(&[("3.80%", 0.96), ("169", 0.97)]);
        let mut f = vec![finding(2, "3.80", "占比3.80%"), finding(1, "7", "a text-layer page")];
        apply(&mut f, &[], &ocr, &[]);
        assert!(f.iter().all(|x| x.severity == Severity::Error));
        assert!(!f[0].message.contains("OCR"));
    }

    #[test]
    fn a_rule_read_from_ocr_text_is_a_warning() {
        let ocr = info(&[("2", 0.96), ("1分", 0.97)]);
        let mut f = vec![
            finding(2, "2", "自评2分；按报告所印的评分标准，该项可得0至1分"),
            finding(1, "2", "a text-layer page"),
        ];
        f[0].rule = "SCORE.RULE";
        f[1].rule = "SCORE.RULE";
        apply(&mut f, &[], &ocr, &[]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("评分标准文字来自OCR识别"), "{}", f[0].message);
        assert_eq!(f[1].severity, Severity::Error, "not an OCR page");
    }

    #[test]
    fn a_forms_money_rule_on_sure_digits_keeps_its_error() {
        let ocr = info(&[("6", 0.96), ("95%", 0.97), ("10", 0.95)]);
        let mut f = vec![
            finding(2, "6", "“年度资金总额”得分6，但执行率95%×分值10=9.5。"),
            finding(2, "6", "“年度资金总额”得分6，但执行率95%×分值10=9.5。"),
        ];
        f.iter_mut().for_each(|x| x.rule = "SCORE.RULE");
        f[0].index = 12;
        f[1].index = 40;
        apply(&mut f, &[], &ocr, std::slice::from_ref(&(10..30)));
        assert_eq!(f[0].severity, Severity::Error, "a form's rule rests on its digits");
        assert_eq!(f[1].severity, Severity::Warning, "outside a form: printed scoring text");
        // unsure digits still lower it
        let ocr = info(&[("6", 0.55)]);
        let mut f = vec![finding(2, "6", "得分6")];
        f[0].rule = "SCORE.RULE";
        f[0].index = 12;
        apply(&mut f, &[], &ocr, std::slice::from_ref(&(10..30)));
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn tiers_read_from_ocr_text_make_a_warning_a_library_rubric_does_not() {
        // sure digits: only where the tiers came from decides
        let ocr = info(&[("6", 0.96), ("3分", 0.97)]);
        let printed = "“公用经费控制率”自评6分；按报告所印的评分标准分档计分，该项应得5分，自评分数不在其中（其下最近的一档为5分）。";
        let library = "“公众或服务对象满意度”自评5.33分；按所识别的评分办法（shenzhen-municipal）分档计分，该项只能得1、2、4或6分，自评分数不在其中（其下最近的一档为4分）。";
        let mut f = vec![
            finding(2, "6", printed),
            finding(2, "5.33", library),
            finding(1, "6", printed),
        ];
        f.iter_mut().for_each(|x| x.rule = "SCORE.TIER");
        apply(&mut f, &[], &ocr, &[]);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("评分标准文字来自OCR识别"), "{}", f[0].message);
        assert_eq!(
            f[1].severity,
            Severity::Error,
            "a library rubric's tiers are not OCR text"
        );
        assert_eq!(f[2].severity, Severity::Error, "not an OCR page");
    }

    #[test]
    fn a_target_read_without_its_sign_on_a_scan_says_ocr() {
        let ocr = info(&[("95%", 0.96)]);
        let msg = "“路面合格率”实际完成值93%未达到年度指标值三95%（≥），却得满分15（指标值未印比较符号，按常规理解）。";
        let mut f = vec![
            finding(2, "15", msg),
            finding(1, "15", msg),
            finding(2, "15", "“x”实际完成值…（≥），却得满分15。"),
        ];
        f.iter_mut().for_each(|x| {
            x.rule = super::super::form_indicator::MISS;
            x.severity = Severity::Warning;
        });
        apply(&mut f, &[], &ocr, &[]);
        assert!(
            f[0].message.contains("来自OCR识别") && f[0].message.contains("“三”"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(!f[1].message.contains("OCR"), "not an OCR page");
        assert!(!f[2].message.contains("OCR"), "its sign was printed");
    }

    #[test]
    fn cites() {
        assert_eq!(cited_lines("前文（第408行）为93.58分，第3行，第x行，第12"), [408, 3]);
    }
}
