//! Figures and their arithmetic on the real corpus: the golden figures.csv
//! and discrepancies.csv, the headline figures each report states, the
//! findings on the unmodified corpus (each one listed and defended), and
//! errors planted in copies of corpus reports.

mod common;

use common::*;
use std::collections::BTreeMap;

/// The rows of figures.csv and discrepancies.csv for the corpus are the
/// golden ones.
#[test]
fn corpus_figures_and_findings_are_golden() {
    let out = scan_corpus(&[]);
    for csv in ["figures.csv", "discrepancies.csv"] {
        let text = std::fs::read_to_string(out.path().join(csv)).unwrap();
        golden(&format!("corpus/{csv}"), &text);
    }
}

/// figures.csv as (file stem, key) → values, for keyed rows.
fn keyed() -> BTreeMap<(String, String), Vec<String>> {
    let out = scan_corpus(&[]);
    let (h, rows) = read_csv(&out.path().join("figures.csv"));
    let (f, k, v) = (col(&h, "file"), col(&h, "key"), col(&h, "value"));
    let mut m: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r[k].is_empty()) {
        let stem = r[f].trim_start_matches("corpus/")[..3].to_string();
        m.entry((stem, r[k].clone())).or_default().push(r[v].clone());
    }
    m
}

/// Each report's headline figures carry the right key and the exact value
/// in yuan (rates as fractions, staff as counts).
#[test]
fn headline_figures_have_keys_and_exact_values() {
    let m = keyed();
    let want: &[(&str, &str, &str)] = &[
        // 000: prose in 亿元 and 万元
        ("000", "budget.initial", "25600000000"),
        ("000", "budget.initial.source.general", "2700000000"),
        ("000", "budget.initial.source.fund", "22200000000"),
        ("000", "budget.initial.source.business", "700000000"),
        ("000", "budget.adjusted", "18100000000"),
        ("000", "spending.final", "18100000000"),
        ("000", "execution.rate", "0.97"),
        ("000", "spending.final.source.fiscal", "16900000000"),
        ("000", "spending.final.nature.personnel", "700000000"),
        ("000", "spending.final.nature.public", "100000000"),
        ("000", "spending.final.nature.project", "16100000000"),
        ("000", "sangong.budget", "6010000"),
        ("000", "sangong.actual", "3820000"),
        ("000", "sangong.rate", "0.6348"),
        ("000", "procurement.budget", "870000000"),
        ("000", "procurement.actual", "1039000000"),
        ("000", "procurement.rate", "1.19"),
        ("000", "staff.quota", "1717"),
        ("000", "staff.actual", "1701"),
        // 001: prose in 万元, 三公 and procurement from tables (金额单位：万元)
        ("001", "budget.initial", "78252800"),
        ("001", "budget.adjustment", "54145100"),
        ("001", "budget.adjusted", "132397600"),
        ("001", "spending.final", "132734300"),
        ("001", "sangong.budget", "235000"),
        ("001", "sangong.actual", "180400"),
        ("001", "sangong.rate", "0.7677"),
        ("001", "procurement.budget", "2332600"),
        ("001", "procurement.actual", "2188600"),
        ("001", "procurement.rate", "0.9383"),
        ("001", "execution.rate", "0.9946"),
        ("001", "staff.quota.institution", "63"),
        ("001", "staff.actual", "100"),
        ("001", "staff.offquota", "74"),
        // 002: the 自评表 in 元 (预算数（元） / 执行数（元）, 金额合计 row)
        ("002", "budget.adjusted", "124718718.76"),
        ("002", "budget.adjusted.source.fiscal", "29485500.33"),
        ("002", "spending.final", "122965285.42"),
        ("002", "spending.final.source.fiscal", "23377677.61"),
        ("002", "budget.adjusted.nature.basic", "48588747.4"),
        ("002", "spending.final.nature.basic", "32788353.64"),
        ("002", "staff.quota", "58"),
        ("002", "staff.actual", "52"),
        // 003: budget by source and nature at each stage, assets
        ("003", "budget.initial.source.general", "360899100"),
        ("003", "budget.initial.source.fund", "9455020000"),
        ("003", "budget.initial.nature.basic", "185578200"),
        ("003", "budget.initial.nature.project", "9660170200"),
        ("003", "budget.adjusted.source.general", "390523700"),
        ("003", "budget.adjusted.source.carryover", "44305900"),
        ("003", "budget.adjusted.nature.basic", "301451900"),
        ("003", "spending.final.nature.basic", "290072700"),
        ("003", "spending.final.nature.project", "1242242400"),
        ("003", "carryover.closing", "12656000"),
        ("003", "assets.total", "1150192000"),
        ("003", "assets.cash", "1764320200"),
        ("003", "assets.fixed.original", "235753600"),
        // 004: thousands separators
        ("004", "budget.adjusted", "1748677300"),
        ("004", "spending.final", "1395995200"),
        ("004", "execution.rate", "0.7983"),
        ("004", "spending.final.source.general", "54571100"),
        ("004", "spending.final.source.fund", "1340911700"),
        ("004", "spending.final.source.other", "512400"),
        ("004", "spending.final.nature.basic", "39296000"),
        ("004", "spending.final.nature.project", "1356699200"),
        ("004", "carryover.closing", "26157800"),
    ];
    let mut missing = Vec::new();
    for &(stem, key, value) in want {
        match m.get(&(stem.to_string(), key.to_string())) {
            Some(vs) if vs.iter().all(|v| v == value) => {}
            other => missing.push(format!("{stem} {key}: want {value}, got {other:?}")),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The findings an edit of a corpus report adds.
fn added(stem: &str, edits: &[(&str, &str)]) -> Vec<Row> {
    planted(stem, edits).iter().map(finding).collect()
}

/// Every figure finding (ARITH, CLAIM) on the unmodified corpus, each a real
/// contradiction in the printed text (the closing note of the figures issue
/// defends each; tests/rubric.rs lists the scoring ones).
#[test]
fn corpus_findings_are_the_defended_ones() {
    let all: Vec<_> = ["000_", "001_", "002_", "003_", "004_"]
        .iter()
        .map(|s| {
            analysed(s, &[])
                .iter()
                .filter(|d| d.rule.starts_with("ARITH.") || d.rule.starts_with("CLAIM."))
                .map(finding)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        all[0],
        [
            // 181 亿元 of 181 亿元 is 99.45–100.55%, not 97% (inferred reading: a warning)
            f("ARITH.PCT", "warning", "执行进度", "97", "100", 259),
            // 7 亿元 of 169 亿元 is 3.83–4.45% under rounding, not 3.80%
            f("ARITH.PCT", "error", "占财政拨款支出", "3.80", "4.14", 263),
            // procurement over budget, explained in the same sentence
            f(
                "ARITH.PART",
                "warning",
                "实际采购支出与采购预算金额",
                "10.39",
                "8.7",
                270
            ),
        ]
    );
    assert_eq!(
        all[1],
        [
            // spending over the adjusted budget, explained in the next sentence
            f(
                "ARITH.PART",
                "warning",
                "支出决算数与调整预算数",
                "13273.43",
                "13239.76",
                108
            ),
            // 7825.28 + 5414.51 = 13239.79, not 13239.76 (the explanation is about
            // spending, so this stays an error)
            f("ARITH.SUM", "error", "调整预算数", "13239.76", "13239.79", 108),
            // 三公 table: 收回指标 column 0 + 1.00 + 4.46 = 5.46, 合计 row says 4.46
            f("ARITH.SUM", "error", "合计·收回指标", "4.46", "5.46", 118),
        ]
    );
    assert!(all[2].is_empty(), "{:?}", all[2]);
    // 货币资金 176432.02 万元 listed under 资产 115019.20 万元
    assert_eq!(
        all[3],
        [f("ARITH.PART", "error", "货币资金", "176432.02", "115019.2", 36)]
    );
    // corpus 004's figures agree
    assert!(all[4].is_empty(), "{:?}", all[4]);
    // the warnings quote the report's explanation
    let d = analysed("001_", &[]);
    let w = d.iter().find(|r| r.rule == "ARITH.PART").unwrap();
    assert!(
        w.message.contains("报告说明：“支出决算数大于调整预算数的原因是"),
        "{}",
        w.message
    );
}

/// A table's total row no longer the sum of its rows (corpus 002's 自评表).
#[test]
fn planted_total_row_is_arith_sum() {
    let d = planted("002_", &[("金额合计\t\t\t124718718.76", "金额合计\t\t\t124718918.76")]);
    let got: Vec<_> = d.iter().map(finding).collect();
    assert_eq!(
        got,
        [f(
            "ARITH.SUM",
            "error",
            "金额合计·预算数（元）/全额",
            "124718918.76",
            "124718718.76",
            174
        )]
    );
    assert_eq!(d[0].difference, "-200");
}

/// A total column no longer the sum of its columns (corpus 001's 三公经费预算表).
#[test]
fn planted_total_column_is_arith_sum() {
    assert_eq!(
        added("001_", &[("2020年\t23.5\t0.00", "2020年\t24.5\t0.00")]),
        [f("ARITH.SUM", "error", "2020年·合计", "24.5", "23.5", 93)]
    );
}

/// A rate no longer its ratio (corpus 004: 139,599.52 / 174,867.73 = 79.83%).
#[test]
fn planted_rate_is_arith_pct() {
    let d = planted("004_", &[("完成预算的 79.83%", "完成预算的 81.83%")]);
    let got: Vec<_> = d.iter().map(finding).collect();
    assert_eq!(got, [f("ARITH.PCT", "error", "完成预算", "81.83", "79.83", 53)]);
    assert!(d[0].message.contains("139599.52万元÷174867.73万元"), "{}", d[0].message);
}

/// A rate column no longer its ratio (corpus 001's procurement table).
#[test]
fn planted_rate_column_is_arith_pct() {
    assert_eq!(
        added("001_", &[("货物类\t24.8\t23.66\t95.4%", "货物类\t24.8\t23.66\t85.4%")]),
        [f("ARITH.PCT", "error", "货物类·采购完成率", "85.4", "95.4", 126)]
    );
}

/// A part larger than its whole (corpus 002: 在编 52 人，其中差额人员 17 人).
#[test]
fn planted_part_is_arith_part() {
    assert_eq!(
        added("002_", &[("其中差额人员 17 人", "其中差额人员 57 人")]),
        [f("ARITH.PART", "error", "差额人员", "57", "52", 49)]
    );
}

/// A breakdown that no longer adds up to its total (corpus 004: 按支出性质分).
#[test]
fn planted_breakdown_is_arith_sum() {
    assert_eq!(
        added("004_", &[("基本支出 3,929.60 万元", "基本支出 3,939.60 万元")]),
        [f("ARITH.SUM", "error", "按支出性质分", "139599.52", "139609.52", 53)]
    );
    // and a budget whose sources and uses no longer balance (corpus 003)
    assert_eq!(
        added("003_", &[("基本支出18557.82万元", "基本支出18657.82万元")]),
        [f(
            "ARITH.SUM",
            "error",
            "资金来源合计与支出合计",
            "984674.84",
            "984574.84",
            42
        )]
    );
}

/// A stated change no longer the difference of its values (corpus 000's
/// 三公: 501.24 − 382 = 119.24 within rounding of 382).
#[test]
fn planted_change_is_arith_diff() {
    assert_eq!(
        added("000_", &[("减少119.73万元", "减少129.73万元")]),
        [f("ARITH.DIFF", "error", "实际支出", "129.73", "119.24", 119)]
    );
    // the rate of change against its base: 119.73 / 501.24 = 23.89%
    assert_eq!(
        added("000_", &[("减少23.89%", "减少25.89%")]),
        [f("ARITH.DIFF", "error", "实际支出", "25.89", "23.89", 119)]
    );
}

/// One figure printed twice with different values (corpus 001: the prose's
/// 政府采购完成率 against the procurement table's 合计 row).
#[test]
fn planted_conflict_is_claim_conflict() {
    assert_eq!(
        added("001_", &[("政府采购完成率93.83%", "政府采购完成率95.83%")]),
        [f("CLAIM.CONFLICT", "error", "政府采购完成率", "95.83", "93.83", 225)]
    );
}

/// Rounding: 382 万元 stands for [381.5, 382.5), so 382 / 601 printed as
/// 63.48% is no finding, but 64.48% is.
#[test]
fn rounding_intervals_are_honoured() {
    assert!(planted("000_", &[("的63.48%", "的63.60%")]).is_empty());
    assert_eq!(
        added("000_", &[("的63.48%", "的64.48%")]),
        [f("ARITH.PCT", "error", "完成全年预算数", "64.48", "63.56", 119)]
    );
}
