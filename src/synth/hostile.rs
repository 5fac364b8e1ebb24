//! Inputs of a chosen size for the doubling benchmark (benches/stages.rs,
//! group `doubling`, and scripts/bench-linear.sh) and the reliability tests:
//! a hostile mix of the shapes that were once super-linear, typical report
//! text, and one wide table row. Deterministic: the same size gives the same
//! bytes.

/// Chinese digits, for names that differ without Arabic numbers.
const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// `i` written with Chinese digits (一二三 for 123).
pub fn cn(i: usize) -> String {
    i.to_string()
        .chars()
        .map(|c| DIGITS[c as usize - '0' as usize])
        .collect()
}

/// One block of the hostile mix (about 60 KB), numbered `k` so names differ
/// across blocks: organisation names in prose without a 部门名称 line, an
/// indicator table with prose naming each row, a paragraph of figures without
/// a sentence stop, a long caption over a wide numeric table, a table of
/// shares and rates, year comparisons, and many short lines.
fn block(k: usize, s: &mut String) {
    use std::fmt::Write;
    let id = |i: usize| cn(k * 1000 + i);
    for i in 0..40 {
        let _ = writeln!(s, "深圳市福田区第{}管理局开展工作，我局完成任务", id(i));
    }
    s.push_str("三级指标\t年度指标值\t实际完成值\n");
    for i in 0..40 {
        let _ = writeln!(s, "服务满意度{}号\t≥90%\t95%", id(i));
    }
    for i in 0..40 {
        let _ = writeln!(s, "项目{}进展顺利，满意度{}号达到95%。", id(i), id(i));
    }
    for i in 0..300 {
        let _ = write!(s, "收入 {}.{:02} 万元，", k * 300 + i, i % 100);
    }
    s.push('\n');
    let caption: String = (0..120).map(|i| format!("表{}说明（单位：万元）", id(i))).collect();
    s.push_str(&caption);
    s.push('\n');
    let mut head = String::from("项目");
    for j in 0..200 {
        let _ = write!(head, "\t{}年预算数（万元）", 2000 + j % 30);
    }
    s.push_str(&head);
    s.push('\n');
    for r in 0..8 {
        let mut row = format!("支出{}", id(r));
        for j in 0..200 {
            let _ = write!(row, "\t{}.{:02}", r * 200 + j, j % 100);
        }
        s.push_str(&row);
        s.push('\n');
    }
    s.push_str("项目\t金额（万元）\t占比（%）\t执行率（%）\n");
    for i in 0..60 {
        let _ = writeln!(s, "支出项{}\t{}.00\t{}.5\t9{}.0", id(i), 100 + i, i % 10, i % 10);
    }
    let _ = writeln!(s, "合计\t{}.00\t100.0\t95.0", (0..60).map(|i| 100 + i).sum::<usize>());
    for i in 0..60 {
        let _ = writeln!(
            s,
            "{}年支出{}.00万元，比上年增加{}.00万元，增长{}.0%，其中基本支出{}.00万元，占{}.0%。",
            2020 + i % 3,
            1000 + i,
            10 + i,
            1 + i % 9,
            500 + i,
            50 - i % 9
        );
    }
    for i in 0..400 {
        let _ = writeln!(s, "{}", i % 97);
    }
}

/// The hostile mix of at least `bytes` bytes: blocks (see `block`) repeated.
pub fn mix(bytes: usize) -> String {
    let mut s = String::from("某某局2022年度部门整体支出绩效自评报告\n一、部门基本情况\n");
    let mut k = 0;
    while s.len() < bytes {
        block(k, &mut s);
        k += 1;
    }
    s
}

/// The text files of a folder (the bundled corpus) joined in name order:
/// the seed of [`typical`] for the examples that measure stages.
pub fn corpus_text(dir: &std::path::Path) -> std::io::Result<String> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            files.push(p);
        }
    }
    files.sort();
    let mut out = String::new();
    for p in files {
        out.push_str(&std::fs::read_to_string(p)?);
    }
    Ok(out)
}

/// Typical report text of at least `bytes` bytes: `seed` (a real report's
/// text) repeated.
pub fn typical(seed: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + seed.len());
    while s.len() < bytes {
        s.push_str(seed);
        if !seed.ends_with('\n') {
            s.push('\n');
        }
    }
    s
}

/// One table row of `cells` numeric cells under a two-column header.
pub fn wide_row(cells: usize) -> String {
    let row: Vec<String> = (0..cells).map(|i| format!("{}.{:02}", i, i % 100)).collect();
    format!("项目\t预算数（万元）\n{}\n", row.join("\t"))
}

/// Text of many short lines (a number each), at least `bytes` bytes.
pub fn short_lines(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 8);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(&(i % 997).to_string());
        s.push('\n');
        i += 1;
    }
    s
}
