//! One file through every stage: ingest → normalise → segment → extract →
//! (later: rubric → check) → the rows it contributes to the outputs.

use crate::check::{self, Finding, Severity};
use crate::extract::forms::{self, Form};
use crate::extract::forms_rows as form_out;
use crate::extract::meta::{self, Meta};
use crate::extract::Facts;
use crate::ingest::{self, Ingested};
use crate::model::{Document, Status};
use crate::normalize;
use crate::output::{DiscrepancyRow, FigureRow, FileResult, IndicatorRow, ReportRow, ScoreRow};
use crate::patterns::Patterns;
use crate::rubric::Scoring;
use crate::segment::{self, Outline};
use std::path::Path;

/// What the stages made of one file.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub ingested: Ingested,
    /// The normalised document, when the file could be read.
    pub doc: Option<Document>,
    pub outline: Outline,
    pub meta: Meta,
    pub facts: Facts,
    pub scoring: Scoring,
    pub findings: Vec<Finding>,
    /// For a paged format (PDF): each page's number and the source line it
    /// starts at, so a finding can say its line within the page.
    pub page_starts: Vec<(u32, u32)>,
    /// The self-evaluation forms read (one per project or department form).
    pub forms: Vec<Form>,
}

impl Analysis {
    pub fn status(&self) -> Status {
        self.ingested.status.unwrap_or(Status::Error)
    }
}

/// Reads and analyses one file.
pub fn analyse(path: &Path, p: &Patterns) -> Analysis {
    let mut ingested = ingest::read(path);
    // A README, a results CSV, source code: one not_report row, no findings.
    if let (Some(why), true) = (p.report.not_report(path), ingested.doc.is_some()) {
        ingested.status = Some(Status::NotReport);
        ingested.error = why;
        ingested.doc = None;
    }
    analyse_ingested(ingested, p)
}

/// Analyses bytes already ingested.
pub fn analyse_ingested(mut ingested: Ingested, p: &Patterns) -> Analysis {
    let Some(raw) = ingested.doc.take() else {
        return Analysis {
            ingested,
            doc: None,
            outline: Outline::default(),
            meta: Meta::default(),
            facts: Facts::default(),
            scoring: Scoring::default(),
            findings: Vec::new(),
            page_starts: Vec::new(),
            forms: Vec::new(),
        };
    };
    let page_starts = if raw.paged {
        raw.pages
            .iter()
            .filter_map(|pg| Some((pg.number?, pg.lines.first()?.number)))
            .collect()
    } else {
        Vec::new()
    };
    // each raw line freed as soon as it is cleaned
    let cleaned = normalize::clean_owned(raw, &p.normalize);
    let marks = segment::classify(&cleaned, &p.sections);
    let doc = normalize::reflow(cleaned, &marks);
    let outline = segment::segment(&doc, &p.sections);
    let meta = meta::extract(&doc, &p.report);
    let mut facts = Facts::extract(&doc, &outline, &meta.year, p);
    let ocr_text = ingested.ocr.is_some() || crate::ingest::ocr::text_looks_ocr(doc.lines.iter().map(|l| l.text));
    let forms = forms::extract(&doc, &p.forms, &meta.year, ocr_text);
    // the forms against the prose, before the form reader claims its lines
    let form_claims = check::form_claim::check(&forms, &facts, &doc, &p.forms.words);
    leave_forms_to_their_reader(&mut facts, &forms);
    let scoring = Scoring::score(&facts, &p.rubrics, &p.indicators);
    let mut findings = check::run(&facts, &scoring, p);
    if !forms.is_empty() {
        for f in &forms {
            findings.extend(check::form_arith::check(f));
            findings.extend(check::form_score::check(f));
            findings.extend(check::form_indicator::check(f));
        }
        findings.extend(form_claims);
        findings.sort_by(|a, b| (a.index, a.rule, &a.item).cmp(&(b.index, b.rule, &b.item)));
    }
    doc.originals.restore_findings(&mut findings, &doc);
    if let Some(ocr) = &ingested.ocr {
        let form_lines: Vec<std::ops::Range<usize>> = forms.iter().map(|f| f.start..f.end).collect();
        check::ocr_trust::apply(&mut findings, &facts.figures, ocr, &form_lines);
    }
    Analysis {
        ingested,
        doc: Some(doc),
        outline,
        meta,
        facts,
        scoring,
        findings,
        page_starts,
        forms,
    }
}

/// The scorecard, indicator and prose-claim readers would misread a form (its
/// money row as a missing indicator, 总分 as an indicator): inside a form's
/// lines only the form reader speaks. Figures stay (figures.csv), but the
/// relations between them are the form checks' job there.
fn leave_forms_to_their_reader(facts: &mut Facts, forms: &[Form]) {
    if forms.is_empty() {
        return;
    }
    let inside = |i: usize| forms.iter().any(|f| (f.start..f.end).contains(&i));
    facts.scorecards.retain(|c| !inside(c.header_index));
    facts.indicators.retain(|r| !inside(r.index));
    facts.claims.totals.retain(|t| !inside(t.index));
    facts.claims.grades.retain(|t| !inside(t.index));
    let figs = &facts.figures;
    // A sentence in a form's text cell listing its parts with their units
    // (`预期目标：本项目共申请预算资金2026400元，其中…`, p07; `共完成预算资金
    // 89.97万元。其中：…`, r03) is prose the form reader does not check: its
    // 其中 sums stay, as warnings.
    let prose_sum = |r: &crate::extract::relations::Related| {
        matches!(r.relation, crate::extract::relations::Relation::Sum { .. })
            && r.warning
            && figs.get(r.anchor).is_some_and(|f| !f.is_table() && f.unit != "%")
    };
    facts
        .relations
        .retain(|r| prose_sum(r) || figs.get(r.anchor).is_none_or(|f| !inside(f.index)));
}

/// The rows one file contributes; `file` is its path as found.
// every report column is set now; the update stays for columns other branches add
#[allow(clippy::needless_update)]
pub fn result(file: &str, a: &Analysis) -> FileResult {
    let read = a.doc.is_some();
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    let ids = finding_ids(&a.ingested.sha256, &a.findings);
    let discrepancies = a
        .findings
        .iter()
        .zip(ids)
        .map(|(f, id)| DiscrepancyRow {
            file: file.to_string(),
            department: a.meta.department.clone(),
            year: a.meta.year.clone(),
            rule: f.rule.to_string(),
            severity: f.severity.as_str().to_string(),
            section: a.outline.canonical_at(f.index).unwrap_or("").to_string(),
            item: f.item.clone(),
            claimed: f.claimed.clone(),
            expected: f.expected.clone(),
            difference: f.difference_text(),
            message: with_page_line(&f.message, f, &a.page_starts),
            evidence: check::shorten(&f.evidence),
            page: f.page,
            line: Some(f.line),
            unit: f.unit.clone(),
            amount_yuan: f.amount_yuan.map(|a| crate::num::plain(a.abs())).unwrap_or_default(),
            part: f.part.clone(),
            id,
            ..Default::default()
        })
        .collect();
    let raw = |p: &Option<crate::num::Printed>| p.as_ref().map(|x| x.raw.clone()).unwrap_or_default();
    let rubric = a.scoring.rubric.clone().unwrap_or_default();
    let mut scores: Vec<ScoreRow> = a
        .scoring
        .lines(&a.facts)
        .map(|(l, s)| ScoreRow {
            file: file.to_string(),
            rubric: rubric.clone(),
            level1: l.level1.clone(),
            level2: l.level2.clone(),
            indicator: l.indicator.clone(),
            points: raw(&l.points),
            claimed: raw(&l.claimed),
            recomputed: s.recomputed.map(crate::num::plain).unwrap_or_default(),
            basis: s.basis(),
            page: l.page,
            line: Some(l.line),
            ..Default::default()
        })
        .collect();
    let mut figures: Vec<FigureRow> = a
        .facts
        .figures
        .iter()
        .map(|f| FigureRow {
            file: file.to_string(),
            section: a.outline.canonical_at(f.index).unwrap_or("").to_string(),
            key: f.key.clone(),
            label: f.label.clone(),
            value: crate::num::plain(f.value()),
            unit: f.unit.clone(),
            raw: f.raw.clone(),
            page: f.page,
            line: Some(f.line),
            ..Default::default()
        })
        .collect();
    let mut indicators: Vec<IndicatorRow> = a
        .facts
        .indicators
        .iter()
        .zip(&a.scoring.indicators)
        .map(|(r, j)| IndicatorRow {
            file: file.to_string(),
            level1: r.level1.clone(),
            level2: r.level2.clone(),
            indicator: r.indicator.clone(),
            target: r.target.clone(),
            actual: r.actual.clone(),
            met: j.met.as_str().to_string(),
            page: r.page,
            line: Some(r.line),
            ..Default::default()
        })
        .collect();
    let mut projects = Vec::new();
    for f in &a.forms {
        let part = f.part().to_string();
        let mine: Vec<&Finding> = a.findings.iter().filter(|x| x.part == part).collect();
        let rows = form_out::rows(file, f, a, &mine);
        scores.extend(rows.scores);
        indicators.extend(rows.indicators);
        figures.extend(rows.figures);
        projects.push(rows.project);
    }
    if let Some(ocr) = &a.ingested.ocr {
        for f in &mut figures {
            if let Some(c) = ocr.confidence(f.page, &f.raw) {
                f.confidence = format!("{c:.2}");
            }
        }
    }
    let one_form = (a.forms.len() == 1).then(|| &a.forms[0]);
    let claimed_total = match one_form.and_then(|f| f.total_score.as_ref()) {
        Some(t) => t.printed.raw.clone(),
        None => a.facts.total().map(|t| t.value.raw.clone()).unwrap_or_default(),
    };
    FileResult {
        report: ReportRow {
            file: file.to_string(),
            sha256: a.ingested.sha256.clone(),
            format: a.ingested.format.clone(),
            encoding: a.ingested.encoding.clone(),
            pages: a.doc.as_ref().and_then(|d| d.pages),
            status: a.status().to_string(),
            error: a.ingested.error.clone(),
            department: a.meta.department.clone(),
            year: a.meta.year.clone(),
            report_kind: a.meta.report_kind.clone(),
            sections: read.then(|| a.outline.canonical_count()),
            claimed_total,
            rubric: a.scoring.rubric.clone().unwrap_or_default(),
            recomputed_total: a.scoring.total.map(crate::num::plain).unwrap_or_default(),
            claimed_grade: a.facts.grade().map(|g| g.value.clone()).unwrap_or_default(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            parts: (!a.forms.is_empty()).then_some(a.forms.len()),
            ocr_pages: a.ingested.ocr.as_ref().map(|o| o.pages.len()),
            ..Default::default()
        },
        discrepancies,
        figures,
        scores,
        indicators,
        projects,
    }
}

/// A row for a file that failed before or outside the stages.
pub fn failed(file: &str, status: Status, error: impl Into<String>) -> FileResult {
    FileResult {
        report: ReportRow {
            file: file.to_string(),
            status: status.to_string(),
            error: one_line(&error.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Errors are one line in reports.csv.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stable finding ids: the first 12 hex digits of the sha256 of the file's
/// sha256, the rule, item, claimed, expected and part; a finding identical in
/// all of these to an earlier one of the same file gets `-2`, `-3` … in
/// report order. Nothing else (paths, other files, threads) enters.
pub fn finding_ids(sha256: &str, findings: &[Finding]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let mut h = Sha256::new();
            for part in [sha256, f.rule, &f.item, &f.claimed, &f.expected, &f.part] {
                h.update(part.as_bytes());
                h.update([0x1f]);
            }
            let digest = h.finalize();
            let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            let n = seen.entry(hex.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                hex
            } else {
                format!("{hex}-{n}")
            }
        })
        .collect()
}

/// A PDF finding's message ends with the page and the line within the page
/// (`（第3页第12行）`), counted as a viewer shows them; `line` stays the
/// running line number through the document.
///
/// Places the message cites as `第P页第L行` with L the running line become
/// the line within page P too.
fn with_page_line(message: &str, f: &Finding, starts: &[(u32, u32)]) -> String {
    let Some(page) = f.page else {
        return message.to_string();
    };
    let within = |p: u32, line: u32| {
        starts
            .iter()
            .find(|(n, _)| *n == p)
            .filter(|(_, first)| line >= *first)
            .map(|(_, first)| line - first + 1)
    };
    static CITE: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"第(\d+)页第(\d+)行").ok());
    let message = match CITE.as_ref() {
        Some(re) => re
            .replace_all(message, |c: &regex::Captures| {
                let (p, l) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
                match within(p, l) {
                    Some(w) => format!("第{p}页第{w}行"),
                    None => c[0].to_string(),
                }
            })
            .into_owned(),
        None => message.to_string(),
    };
    match within(page, f.line) {
        Some(w) => format!("{message}（第{page}页第{w}行）"),
        None => message,
    }
}
