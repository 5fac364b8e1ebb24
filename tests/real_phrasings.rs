//! Phrasings real reports use (issue 17), each in a short document written
//! here in that phrasing (no real report's text): what is read and which
//! contradictions are found, with hand-computed values.

use jxcheck::check::Severity;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline::{self, Analysis};

fn analyse(name: &str, text: &str) -> Analysis {
    let p = Patterns::builtin().unwrap();
    let ingested = jxcheck::ingest::from_bytes(text.as_bytes(), std::path::Path::new(name));
    pipeline::analyse_ingested(ingested, &p)
}

fn findings(text: &str) -> Vec<(String, Severity, String, String)> {
    analyse("t.txt", text)
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.severity, f.claimed.clone(), f.expected.clone()))
        .collect()
}

fn raws(text: &str) -> Vec<String> {
    analyse("t.txt", text)
        .facts
        .figures
        .iter()
        .map(|f| f.raw.clone())
        .collect()
}

#[test]
fn change_rate_found_by_role_not_position() {
    // Budget first, spending second, then the change of the spending: the
    // current value is the spending (9.60), so 2.10 ÷ (9.60 + 2.10) = 17.95%.
    let ok = "二、预算执行情况\n办公经费预算12.00万元，实际支出9.60万元，较上年减少2.10万元，下降17.95%。\n";
    assert!(findings(ok).iter().all(|f| f.0 != "ARITH.DIFF"), "{:?}", findings(ok));
    // 同比增长 … 增收 …: 1200 ÷ (8600 − 1200) = 16.22%, not the 13.95% printed
    // (which is 1200 ÷ 8600: divided by this year).
    let bad = "一、收入情况\n本级收入完成8,600万元，同比增长13.95%，增收1,200万元。\n";
    let got = findings(bad);
    let diff: Vec<_> = got.iter().filter(|f| f.0 == "ARITH.DIFF").collect();
    assert_eq!(diff.len(), 1, "{got:?}");
    assert_eq!((diff[0].2.as_str(), diff[0].3.as_str()), ("13.95", "16.22"));
    let a = analyse("t.txt", bad);
    let msg = &a.findings.iter().find(|f| f.rule == "ARITH.DIFF").unwrap().message;
    assert!(msg.contains("以本年数"), "{msg}");
    assert_eq!(a.findings.iter().find(|f| f.rule == "ARITH.DIFF").unwrap().unit, "%");
}

#[test]
fn amount_and_rate_with_opposite_directions() {
    let t = "三、支出情况\n印刷费支出3.20万元，比上年减少0.04万元，增长0.01%。\n";
    let got = findings(t);
    assert!(
        got.iter()
            .any(|f| f.0 == "ARITH.DIFF" && f.1 == Severity::Error && f.2 == "0.01"),
        "{got:?}"
    );
}

#[test]
fn change_amount_against_the_base() {
    // 与上年 50.00 万元相比 → 61.50 − 50.00 = 11.50, not the 12.50 printed.
    let t = "四、三公经费\n公务接待费61.50万元，与上年决算数50.00万元相比，增加12.50万元。\n";
    let a = analyse("t.txt", t);
    let f = a.findings.iter().find(|f| f.rule == "ARITH.DIFF").expect("a finding");
    assert_eq!((f.claimed.as_str(), f.expected.as_str()), ("12.50", "11.5"));
    assert_eq!(f.amount_yuan, Some(rust_decimal::Decimal::from(10000)));
    assert_eq!(f.unit, "万元");
}

#[test]
fn rate_agreeing_by_truncation_is_info() {
    // 2570.97 ÷ 6714.88 = 38.2877% → 38.29 by rounding; printed 38.28, the
    // truncated value: info, not an error.
    let t = "五、执行情况\n本年支出2570.97万元，完成预算6714.88万元的38.28%。\n";
    let got = findings(t);
    assert!(got.iter().all(|f| f.1 != Severity::Error), "{got:?}");
    assert!(
        got.iter().any(|f| f.0 == "ARITH.PCT" && f.1 == Severity::Info),
        "{got:?}"
    );
}

#[test]
fn list_after_a_full_stop_and_likely_complete_wholes() {
    // The 其中 list opens its own sentence; whole numbers next to 2-decimal
    // ones are exact: 20 + 20 + 19.98 = 59.98 ≠ 59.96.
    let t = "六、资金使用\n本项目共完成预算资金59.96万元。其中：20万元用于勘测；20万元用于设计；19.98万元用于监理。\n";
    let got = findings(t);
    assert!(
        got.iter()
            .any(|f| f.0 == "ARITH.SUM" && f.1 == Severity::Warning && f.2 == "59.96" && f.3 == "59.98"),
        "{got:?}"
    );
    // 总预算 with a 其中 list short of it: a warning, not an error.
    let t = "七、资金安排\n项目资金总预算为600万元，其中部门预算项目支出50万元，专项预算支出540万元。\n";
    let got = findings(t);
    assert!(
        got.iter()
            .any(|f| f.0 == "ARITH.SUM" && f.1 == Severity::Warning && f.3 == "590"),
        "{got:?}"
    );
    // A change amount after the whole is no part of it.
    let t = "八、运行经费\n事业运行经费总预算安排 500.00 元，其中：基本支出预算 200.00 元，项目支出预算 300.00 元，同比增加 100.00 元，增长 25%。\n";
    let got = findings(t);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn staff_groups_are_separate_and_a_complete_list_adds_up() {
    // 离休 and 退休 are different figures: no conflict between 3 and 40.
    let t = "一、基本情况\n现有人员60人。其中：在职17人、离休3人、退休40人。\n";
    let got = findings(t);
    assert!(got.iter().all(|f| f.0 != "CLAIM.CONFLICT"), "{got:?}");
    assert!(got.iter().all(|f| f.1 != Severity::Error), "{got:?}");
    // 在职人员 700 人，其中在职 650、离休 4、退休 36 = 690.
    let t = "一、基本情况\n在职人员700人，其中：在职650人，离休4人，退休36人。\n";
    let got = findings(t);
    assert!(
        got.iter().any(|f| f.0 == "ARITH.SUM" && f.2 == "700" && f.3 == "690"),
        "{got:?}"
    );
    assert!(got.iter().all(|f| f.0 != "CLAIM.CONFLICT"), "{got:?}");
}

#[test]
fn payment_rate_against_funds_arranged_elsewhere() {
    // 4,600 ÷ 5,000 = 92%, printed 90%.
    let t = "（二）资金安排情况\n本年用于农村道路建设任务安排资金5000万。\n（三）执行情况\n道路建设任务资金支付4600万元，未支付400万元，支付率90%。\n";
    let got = findings(t);
    assert!(
        got.iter().any(|f| f.0 == "ARITH.PCT" && f.2 == "90" && f.3 == "92"),
        "{got:?}"
    );
}

#[test]
fn amounts_read_in_real_layouts() {
    // thousands separators, 元 with two decimals, a bare 万, letter-spacing,
    // an amount broken by a line break.
    let t = "九、收入\n非税收入完成12,345万元，其中罚没收入1,234.50万元；另有结余3万。\n\
             办公费预算 600.00 元，占基本支出预算 20.00%，同比增加\n200.50 元，增长 50.19%。\n\
             经 费 总 预 算 安 排 3000.00 元 ， 其中 ： 基 本 支 出 预 算 1000.00 元 。\n";
    let r = raws(t);
    for want in [
        "12,345万元",
        "1,234.50万元",
        "3万",
        "600.00 元",
        "200.50 元",
        "3000.00 元",
        "1000.00 元",
    ] {
        assert!(r.iter().any(|x| x == want), "{want} not in {r:?}");
    }
    // 3万户 is no money.
    assert!(!raws("十、受益\n受益农户3万户。\n").iter().any(|x| x.contains('万')));
    // the joined line is checked: 200.50 ÷ 399.50 = 50.19% ✓
    assert!(findings(t).iter().all(|f| f.0 != "ARITH.DIFF"));
}

#[test]
fn traditional_script_mirror_reads_like_simplified() {
    let t = "四、三公經(jīng)費\n公務接待費支出決算5.21萬元，與上年相比，減少0.10萬元，下降30%。\n";
    let a = analyse("t.txt", t);
    assert!(a.facts.figures.iter().any(|f| f.raw == "5.21万元"));
    // 0.10 ÷ 5.31 = 1.88%, not 30%
    let f = a.findings.iter().find(|f| f.rule == "ARITH.DIFF").expect("a finding");
    assert_eq!(f.claimed, "30");
    assert!(
        f.message.contains("5.21万元") || f.message.contains("5.31"),
        "{}",
        f.message
    );
}

#[test]
fn grades_and_totals_in_common_phrasings() {
    let t = "五、自评结论\n经自评，本单位自评得分为92.5分，评价等级为“优”。\n";
    let a = analyse("t.txt", t);
    assert_eq!(
        a.facts.claims.totals.first().map(|s| s.value.raw.clone()),
        Some("92.5".into())
    );
    assert_eq!(
        a.facts.claims.grades.first().map(|s| s.value.clone()),
        Some("优".into())
    );
    let t = "五、自评结论\n本次部门整体支出绩效自评结果为优秀。\n";
    let a = analyse("t.txt", t);
    assert_eq!(
        a.facts.claims.grades.first().map(|s| s.value.clone()),
        Some("优秀".into())
    );
}

#[test]
fn a_readme_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(
        &path,
        "# jxcheck\n\n读取部门整体支出绩效自评报告，年初预算 100 万元。\n",
    )
    .unwrap();
    let p = Patterns::builtin().unwrap();
    let a = pipeline::analyse(&path, &p);
    assert_eq!(a.status().as_str(), "not_report");
    assert!(a.findings.is_empty());
    assert!(a.doc.is_none());
}

#[test]
fn initial_department_budget_keeps_its_stage() {
    let p = Patterns::builtin().unwrap();
    assert_eq!(p.figures.clean_label("年初部门预算安排"), "年初部门预算安排");
    assert_eq!(p.figures.clean_label("信息中心总编制为"), "总编制");
}

#[test]
fn bare_shares_add_up_to_at_most_the_whole() {
    // 3.00 + 1.00 = 4.00 = the 支出决算 stated before: 75% and 25% ✓.
    let ok = "二、三公经费\n三公经费支出决算为4.00万元。\n其中，公务接待费支出决算3.00万元，占75%；公务用车费支出决算1.00万元，占25%。\n";
    assert!(findings(ok).is_empty(), "{:?}", findings(ok));
    // 80% + 30% = 110% — and 3.00 ÷ 4.00 is 75%, not 80%.
    let bad = "二、三公经费\n三公经费支出决算为4.00万元。\n其中，公务接待费支出决算3.00万元，占80%；公务用车费支出决算1.00万元，占30%。\n";
    let got = findings(bad);
    assert!(
        got.iter()
            .any(|f| f.0 == "ARITH.PCT" && f.1 == Severity::Error && f.2 == "110" && f.3 == "100"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|f| f.0 == "ARITH.PCT" && f.2 == "80" && f.3 == "75"),
        "{got:?}"
    );
}

#[test]
fn growth_from_a_zero_base_is_a_warning() {
    let t = "三、支出\n3、20101-人大事务30万元，较2021年决算数增加30万元，增长100%。\n";
    let got = findings(t);
    assert!(
        got.iter()
            .any(|f| f.0 == "ARITH.DIFF" && f.1 == Severity::Warning && f.2 == "100"),
        "{got:?}"
    );
    assert!(got.iter().all(|f| f.1 != Severity::Error), "{got:?}");
}

#[test]
fn vehicles_are_counted() {
    let r = raws("四、公务用车\n本年公务用车购置数及保有量分别为2辆和45辆。\n");
    assert_eq!(r, ["2辆", "45辆"]);
}

#[test]
fn years_in_rows_under_a_two_level_header() {
    // One cell per line, each followed by a lone `|` line (d03's shape): the
    // header's last top cell 会议及培训费 is a group over 合计/会议费/培训费, the
    // rows are the years and a change row. Hand-computed: 合计 (48−60)÷60 =
    // −20.00% ✓; 办公费 (30−25)÷25 = 20.00% ✓; 会议及培训费/合计 (18−35)÷35 =
    // −48.57% ✓; 会议费 (6−15)÷15 = −60.00%, printed −55.00% ✗; 培训费
    // (12−20)÷20 = −40.00% ✓.
    // YEAR_CELLS with 会议费's printed change wrong
    let mut cells = YEAR_CELLS;
    cells[23] = "-55.00";
    let t = year_table("", &cells);
    let a = analyse("t.txt", &t);
    let pct: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule == "ARITH.PCT")
        .map(|f| (f.item.as_str(), f.severity, f.claimed.as_str(), f.expected.as_str()))
        .collect();
    assert_eq!(pct, vec![("会议及培训费/会议费", Severity::Error, "-55.00", "-60.00")]);
    // the change row's cells are rates, signed
    let rates: Vec<_> = a
        .facts
        .figures
        .iter()
        .filter(|f| f.unit == "%")
        .map(|f| f.raw.as_str())
        .collect();
    assert_eq!(rates, vec!["-20.00", "20.00", "-48.57", "-55.00", "-40.00"]);
}

#[test]
fn two_sided_total_table_one_cell_per_line() {
    // 收入 and 支出 each over 项目/行次/金额, cells separated by blank lines, an
    // empty cell as a second blank line (d27's shape).
    let cells = [
        "收入",
        "支出",
        "项目",
        "行次",
        "金额",
        "项目",
        "行次",
        "金额",
        "栏次",
        "",
        "1",
        "栏次",
        "",
        "2",
        "一、财政拨款收入",
        "1",
        "88.40",
        "一、教育支出",
        "21",
        "80.15",
        "二、事业收入",
        "2",
        "6.00",
        "二、科学技术支出",
        "22",
        "14.25",
    ];
    let mut t = String::from("收入支出决算总表\n\n金额单位:万元\n\n");
    for c in cells {
        // an empty cell leaves one more blank line, not two
        t.push_str(c);
        t.push_str(if c.is_empty() { "\n" } else { "\n\n" });
    }
    t.push_str("注:本表反映部门的总收支情况。\n");
    let got = raws(&t);
    for want in ["88.40", "80.15", "6.00", "14.25"] {
        assert!(got.iter().any(|r| r == want), "{want} not in {got:?}");
    }
    let a = analyse("t.txt", &t);
    let row = a.facts.figures.iter().find(|f| f.raw == "80.15").unwrap();
    assert_eq!(row.label, "一、教育支出·支出/金额");
}

#[test]
fn an_empty_cell_as_a_lone_pipe_line() {
    // `X |` lines with a lone `|` for an empty cell (d25's shape).
    let t = "单位:万元\n项目 |\n预算数 |\n决算数 |\n合计 |\n30 |\n12.5 |\n差旅费 |\n10 |\n|\n接待费 |\n20 |\n12.5 |\n正文\n";
    let got = raws(t);
    assert_eq!(got, vec!["30", "12.5", "10", "20", "12.5"]);
}

#[test]
fn paired_values_share_the_last_unit() {
    // `各是A,B万元` / `各减少A,B万元` (d05's phrasing): the first of each pair
    // takes the unit printed after the second; it is read, not checked.
    let t = "一、收支总体情况\n本年度收、支总计各是812.40,790.15万元。与上年相比,收、支总计各减少35.60,12.85万元,各下降4.20%、1.60%。\n";
    let got = raws(t);
    for want in ["812.40", "790.15万元", "35.60", "12.85万元", "4.20%", "1.60%"] {
        assert!(got.iter().any(|r| r == want), "{want} not in {got:?}");
    }
    let a = analyse("t.txt", t);
    let first = a.facts.figures.iter().find(|f| f.raw == "812.40").unwrap();
    assert_eq!((first.unit.as_str(), first.approx), ("万元", true));
    assert_eq!(first.value(), rust_decimal::Decimal::from(8_124_000));
}

#[test]
fn flattened_sheet_amounts_take_the_printed_unit() {
    // An .xls sheet printed as text, its rows joined by spaces (d01's shape):
    // the amounts lost their rows, so they are read with the sheet's unit and
    // never checked.
    let t = "一、收支情况\n收入支出决算总表 公开01表 金额单位:元 收入 项目 行次 金额 一、财政拨款收入 1 二、事业收入 2 1,234,567.80 98,765.43 本年收入合计 3 1,333,333.23\n";
    let a = analyse("t.txt", t);
    let flat: Vec<_> = a
        .facts
        .figures
        .iter()
        .filter(|f| f.unit == "元")
        .map(|f| (f.raw.as_str(), f.value().to_string(), f.approx, f.key.as_str()))
        .collect();
    assert_eq!(
        flat,
        vec![
            ("1,234,567.80", "1234567.80".to_string(), true, ""),
            ("98,765.43", "98765.43".to_string(), true, ""),
            ("1,333,333.23", "1333333.23".to_string(), true, ""),
        ]
    );
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // without the unit printed in the line nothing is read
    let none = raws("一、收支情况\n收入 项目 行次 金额 一、财政拨款收入 1 1,234,567.80\n");
    assert!(none.is_empty(), "{none:?}");
}

/// The cells of a comparison table, one per line, each followed by a lone `|`
/// line (d03's shape): years in rows, 会议及培训费 a group over 合计/会议费/培训费.
fn year_table(prose: &str, cells: &[&str]) -> String {
    let mut t = String::from("二、支出对比\n");
    if !prose.is_empty() {
        t.push_str(prose);
        t.push('\n');
    }
    t.push_str("2023年与2022年支出对比\n");
    for c in cells {
        t.push_str(c);
        t.push_str("\n|\n");
    }
    t.push_str("说明：以上为本单位数据。\n");
    t
}

const YEAR_CELLS: [&str; 25] = [
    "年份",
    "合计",
    "办公费",
    "会议及培训费",
    "合计",
    "会议费",
    "培训费",
    "2022年",
    "60",
    "25",
    "35",
    "15",
    "20",
    "2023年",
    "48",
    "30",
    "18",
    "6",
    "12",
    "2023年比2022年增减%",
    "-20.00",
    "20.00",
    "-48.57",
    "-60.00",
    "-40.00",
];

#[test]
fn a_unitless_table_takes_the_unit_of_the_prose_it_repeats() {
    // The paragraph prints 48, 30 and 18 in 万元; the table prints them bare.
    let prose = "本年支出合计48万元，其中办公费30万元，会议及培训费18万元。";
    let a = analyse("t.txt", &year_table(prose, &YEAR_CELLS));
    let cell = |raw: &str, line_has: &str| {
        a.facts
            .figures
            .iter()
            .find(|f| f.col.is_some() && f.raw == raw && f.label.contains(line_has))
            .map(|f| (f.unit.clone(), f.value()))
    };
    assert_eq!(
        cell("60", "2022年"),
        Some(("万元".into(), rust_decimal::Decimal::from(600_000)))
    );
    assert_eq!(
        cell("12", "2023年"),
        Some(("万元".into(), rust_decimal::Decimal::from(120_000)))
    );
    // 48 = 30 + 18 (the group's 合计, not its parts too); 18 = 6 + 12; the
    // rate row is not added up: nothing to report.
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // a wrong group subtotal is found: 15 + 20 = 35, not 38 (the 2022 row,
    // whose total 60 = 25 + 15 + 20 holds; a gap of 1 would be within the
    // rounding of whole 万元)
    let mut cells = YEAR_CELLS;
    cells[10] = "38";
    let a = analyse("t.txt", &year_table(prose, &cells));
    let sums: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule == "ARITH.SUM")
        .map(|f| (f.claimed.as_str(), f.expected.as_str()))
        .collect();
    assert_eq!(sums, vec![("38", "35")], "{:?}", a.findings);
    // prose amounts in two units agree on none: the table stays unread
    let mixed = "本年支出合计48万元，其中办公费30元，会议及培训费18万元。";
    let a = analyse("t.txt", &year_table(mixed, &YEAR_CELLS));
    assert!(a.facts.figures.iter().all(|f| f.col.is_none() || f.unit == "%"));
}

#[test]
fn no_change_is_a_zero_rate() {
    let a = analyse(
        "t.txt",
        "三、三公经费\n公务用车运行费5.00万元，与上年决算数持平；因公出国费0万元，较上年无增减。本年持平的有3项。\n",
    );
    let zero: Vec<_> = a
        .facts
        .figures
        .iter()
        .filter(|f| f.unit == "%")
        .map(|f| (f.raw.as_str(), f.value().is_zero(), f.approx))
        .collect();
    assert_eq!(zero, vec![("持平", true, true), ("无增减", true, true)]);
}

#[test]
fn batches_are_counted() {
    let r = raws("四、公务接待\n全年国内公务接待共15批次（其中外事接待2批次），120人。\n");
    assert_eq!(r, ["15批次", "2批次", "120人"]);
}

#[test]
fn paired_changes_are_checked_pairwise() {
    // 收 500.00 down 100.00 from 600.00: 16.6667% (printed 16.66, truncated:
    // info); 支 790.15 down 12.85 from 803.00: 1.600% — printed 2.60: a
    // warning (the pairing is inferred).
    let t = "一、收支总体情况\n本年度收、支总计各是500.00,790.15万元。与上年相比,收、支总计各减少100.00,12.85万元,各下降16.66%、2.60%。\n";
    let a = analyse("t.txt", t);
    let got: Vec<_> = a
        .findings
        .iter()
        .map(|f| (f.rule, f.severity, f.claimed.as_str(), f.expected.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ARITH.DIFF", Severity::Info, "16.66", "16.67"),
            ("ARITH.DIFF", Severity::Warning, "2.60", "1.6"),
        ]
    );
}

#[test]
fn a_share_truncated_within_rounding_is_info() {
    // 1.00 ÷ 6.00 = 16.6667%: within the operands' rounding of 16.66, but the
    // printed amounts give 16.67 by rounding — printed truncated: info.
    let t = "二、三公经费\n三公经费支出决算为6.00万元。\n其中，公务接待费支出决算1.00万元，占16.66%；公务用车费支出决算5.00万元，占83.33%。\n";
    let got = findings(t);
    assert_eq!(
        got,
        vec![(
            "ARITH.PCT".to_string(),
            Severity::Info,
            "16.66".to_string(),
            "16.67".to_string()
        )]
    );
}

#[test]
fn completion_rate_against_the_stated_excess() {
    // 860.40 − 40.20 = 820.20 budget; 860.40 ÷ 820.20 = 104.90%, not 100%.
    let t = "2019年度部门决算公开\n三、一般公共预算财政拨款支出决算情况\n2019年度，本单位一般公共预算财政拨款支出总计860.40万元，与上年相比增加12.6万元，增长1.49%；完成年初预算100%，决算数大于预算数40.20万元。\n";
    let a = analyse("t.txt", t);
    let pct: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.PCT").collect();
    assert_eq!(pct.len(), 1, "{:?}", a.findings);
    assert_eq!(pct[0].severity, Severity::Warning);
    assert_eq!((pct[0].claimed.as_str(), pct[0].expected.as_str()), ("100", "104.9"));
    assert!(pct[0].message.contains("820.20万元"), "{}", pct[0].message);
    // consistent: 820.20 ÷ (820.20 + 39.80) = 95.37%
    let ok = t
        .replace("860.40万元，与", "820.20万元，与")
        .replace("100%，决算数大于预算数40.20", "95.37%，决算数小于预算数39.80");
    let a = analyse("t.txt", &ok);
    assert!(a.findings.iter().all(|f| f.rule != "ARITH.PCT"), "{:?}", a.findings);
}

#[test]
fn qizhong_rows_add_up_to_the_row_above() {
    // 收入 其中 rows: 3100000.00 + 850000.50 + 49999.50 = 4000000.00, not the
    // 4200000.00 printed (a warning: a 其中 list may leave a part out); the
    // 支出 rows add up (3500000.25 + 400000.75 = 3900001.00); the 行号 column
    // holds row numbers, not amounts; the change column is not summed.
    let t = "收支情况对比表\n单位:元 | |||\n项目 | 行号 | 本 期 | 上年同期 | 增加额 |\n1、总收入 | 1 | 4200000.00 | 4000000.00 | 200000.00 |\n其中:业务收入 | 2 | 3100000.00 | 3000000.00 | 100000.00 |\n财政拨款收入 | 3 | 850000.50 | 800000.00 | 50000.50 |\n其他收入 | 4 | 49999.50 | 200000.00 | -150000.50 |\n2、总支出 | 5 | 3900001.00 | 3700000.00 | 201001.00 |\n其中:业务成本 | 6 | 3500000.25 | 3300000.00 | 200000.25 |\n其他支出 | 7 | 400000.75 | 400000.00 | 0.75 |\n";
    let a = analyse("t.txt", t);
    let sums: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.SUM").collect();
    assert_eq!(sums.len(), 1, "{:?}", a.findings);
    assert_eq!(sums[0].severity, Severity::Warning);
    assert_eq!(
        (sums[0].claimed.as_str(), sums[0].expected.as_str()),
        ("4200000.00", "4000000")
    );
    assert!(
        a.facts.figures.iter().all(|f| f.raw != "5" && f.raw != "7"),
        "row numbers read as amounts"
    );
}

#[test]
fn a_count_of_named_bodies_against_the_names_listed() {
    // 7 announced, 6 named: a warning with both numbers.
    let t = "一、部门概况\n本中心设7个内设机构,分别为:综合科、财务科、规划科、项目科、督查科、信息科。现有编制20名。\n";
    let a = analyse("t.txt", t);
    let sums: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.SUM").collect();
    assert_eq!(sums.len(), 1, "{:?}", a.findings);
    assert_eq!(sums[0].severity, Severity::Warning);
    assert_eq!((sums[0].claimed.as_str(), sums[0].expected.as_str()), ("7", "6"));
    assert!(sums[0].message.contains("内设机构"), "{}", sums[0].message);
    // the noun before the count (`直属单位4个，即…`), consistent: nothing
    let ok = "一、部门概况\n直属单位4个,即市信息中心、市评审中心、市会计服务中心、市资产服务中心。\n";
    assert!(
        analyse("t.txt", ok).findings.is_empty(),
        "{:?}",
        analyse("t.txt", ok).findings
    );
    // a list cut short with 等, and a list before the count: not read
    let open = "一、部门概况\n设5个科室,包括综合科、财务科、规划科等。下设办公室、预算股、国库股等12个股室。\n";
    assert!(
        analyse("t.txt", open).findings.is_empty(),
        "{:?}",
        analyse("t.txt", open).findings
    );
}

#[test]
fn a_qizhong_sentence_inside_a_form_cell_is_checked() {
    // A space-joined form (docx text): the 预期目标 cell's 其中 list adds up to
    // 300000 + 150000 + 20000 = 470000, not the 500000 requested: a warning
    // (the list may be partial); the 实际完成 list adds up.
    let t = "项目支出绩效自评表 （2022年度） 项目名称 村级运转经费 主管部门 某镇人民政府 实施单位 某镇人民政府 项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 50 40 40 10 100% 10 其中:本年财政拨款 50 40 40 — 100% — 年度总体目标 预期目标 实际完成情况 本项目共申请预算资金500000元,其中村级组织运转300000元,村干部报酬150000元,监督委员会工资20000元。 本项目共完成预算资金400000元,其中村级组织运转250000元,村干部报酬130000元,监督委员会工资20000元。\n";
    let a = analyse("t.txt", t);
    assert!(!a.forms.is_empty(), "read as a form");
    let sums: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule == "ARITH.SUM" && f.claimed == "500000")
        .collect();
    assert_eq!(sums.len(), 1, "{:?}", a.findings);
    assert_eq!(sums[0].severity, Severity::Warning);
    assert_eq!(sums[0].expected, "470000");
    assert!(a.findings.iter().all(|f| f.claimed != "400000"), "{:?}", a.findings);
}

#[test]
fn no_change_against_a_table_budget() {
    // The table budgets 12 for 公务用车 and the text says its 3.10 spent is
    // unchanged against the budget: (3.10 − 12) ÷ 12 = −74.17%, not 0.
    let t = "一、2022年度一般公共预算财政拨款“三公”经费支出决算表\n单位:万元\n项 目 | 预 算 数 | 决 算 数 |\n合 计 | 30 | 9.30 |\n公务接待费 | 18 | 6.20 |\n公务用车购置及运行维护费 | 12 | 3.10 |\n二、2022年度“三公”经费支出情况说明\n1.公务接待费支出6.20万元,与2022年度预算相比,减少11.8万元,下降65.56%。\n2.公务用车购置及运行维护费支出3.10万元,与2022年度预算相比无变化。\n";
    let a = analyse("t.txt", t);
    let diffs: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.DIFF").collect();
    assert_eq!(diffs.len(), 1, "{:?}", a.findings);
    assert_eq!(diffs[0].severity, Severity::Warning);
    assert_eq!((diffs[0].claimed.as_str(), diffs[0].expected.as_str()), ("0", "74.17"));
    // the base is the budget, and the message says so (not 上年数)
    assert!(diffs[0].message.contains("÷预算数12万元"), "{}", diffs[0].message);
    // a change against the budget in prose: 6.20 + 11.8 = 18 budgeted, 11.8 ÷ 18 = 65.56%
    let bad = t.replace("下降65.56%", "下降6.56%");
    let a = analyse("t.txt", &bad);
    let m: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule == "ARITH.DIFF" && f.claimed == "6.56")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(m.len(), 1, "{:?}", a.findings);
    assert!(m[0].starts_with("变动额11.8万元÷预算数18万元=65.56%"), "{}", m[0]);
}

#[test]
fn a_change_rate_copied_from_the_line_above() {
    // 差旅费: 45.00 + 15.00 = 60.00 last year, 15.00 ÷ 60.00 = 25.00%, but it
    // prints 20.00% — 办公费's rate on the line above, right for 办公费
    // (20.00 ÷ 100.00): ARITH.COPY, an error (every operand printed).
    let t = "二、支出决算情况\n1、办公费120.00万元,较上年增加20.00万元,增长20.00%。\n2、差旅费45.00万元,较上年减少15.00万元,下降20.00%。\n";
    let a = analyse("t.txt", t);
    let got: Vec<_> = a
        .findings
        .iter()
        .map(|f| (f.rule, f.severity, f.claimed.as_str(), f.expected.as_str()))
        .collect();
    assert_eq!(got, vec![("ARITH.COPY", Severity::Error, "20.00", "25")]);
    assert!(a.findings[0].message.contains("办公费"), "{}", a.findings[0].message);
    // the right rate: nothing; a wrong rate that repeats no line: ARITH.DIFF
    assert!(findings(&t.replace("下降20.00%", "下降25.00%")).is_empty());
    let other = findings(&t.replace("下降20.00%", "下降30.00%"));
    assert_eq!(
        other,
        vec![(
            "ARITH.DIFF".to_string(),
            Severity::Error,
            "30.00".to_string(),
            "25".to_string()
        )]
    );
    // two lines whose rates are equal and both right: nothing
    let same = "二、支出决算情况\n1、办公费120.00万元,较上年增加20.00万元,增长20.00%。\n2、差旅费72.00万元,较上年增加12.00万元,增长20.00%。\n";
    assert!(findings(same).is_empty(), "{:?}", findings(same));
}

#[test]
fn evidence_quotes_the_traditional_script_as_printed() {
    // A traditional-script mirror: 5.00 + 2.00 = 7.00, not 8.00. The finding's
    // evidence quotes the line as printed (費, 萬, 總), not the folded text.
    let t = "二、“三公”經費支出情況說明\n“三公”經費支出決算總計8.00萬元，其中：公務接待費5.00萬元，公務用車運行維護費2.00萬元。\n";
    let a = analyse("t.txt", t);
    let sums: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.SUM").collect();
    assert_eq!(sums.len(), 1, "{:?}", a.findings);
    assert_eq!((sums[0].claimed.as_str(), sums[0].expected.as_str()), ("8.00", "7"));
    assert!(
        sums[0].evidence.contains("經費支出決算總計8.00萬元") && sums[0].evidence.contains("公務接待費5.00萬元"),
        "{}",
        sums[0].evidence
    );
}

#[test]
fn no_change_against_a_table_budget_with_a_bracketed_item() {
    // `因公出国(境)费` budgets 20 and nothing is spent, yet the text says no
    // change against the budget: (0 − 20) ÷ 20 = −100%, not 0 (a warning).
    let t = "一、2022年度一般公共预算财政拨款“三公”经费支出决算表\n单位:万元\n项 目 | 预 算 数 | 决 算 数 |\n合 计 | 26 | 4.00 |\n因公出国(境)费 | 20 | |\n公务接待费 | 6 | 4.00 |\n二、2022年度“三公”经费支出情况说明\n1.因公出国(境)费支出0万元,与2022年度预算相比无增减。\n";
    let a = analyse("t.txt", t);
    let diffs: Vec<_> = a.findings.iter().filter(|f| f.rule == "ARITH.DIFF").collect();
    assert_eq!(diffs.len(), 1, "{:?}", a.findings);
    assert_eq!(diffs[0].severity, Severity::Warning);
    assert_eq!((diffs[0].claimed.as_str(), diffs[0].expected.as_str()), ("0", "100"));
    assert!(diffs[0].message.contains("÷预算数20万元"), "{}", diffs[0].message);
}
