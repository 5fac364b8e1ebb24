//! Issue 20: no file can stall or sink a run, and nothing is ever silently
//! wrong. Each test makes its hostile input itself and failed before the fix
//! it names. (Time and memory at scale: benches/stages.rs, group `linear`.)

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

fn row<'a>(rows: &'a [Vec<String>], h: &[String], name: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r[col(h, "file")].ends_with(name))
        .unwrap_or_else(|| panic!("no row for {name}: {rows:?}"))
}

fn scan(cwd: &Path, args: &[&str]) -> std::process::Output {
    let mut a = vec!["scan"];
    a.extend_from_slice(args);
    a.push("--quiet");
    jxcheck(cwd, &a)
}

fn ok(o: &std::process::Output) {
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Before: one stray byte made the whole report GB18030 — department lost.
#[test]
fn a_stray_byte_keeps_a_utf8_report_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let good = std::fs::read(corpus().join("004_a1c8d28368b3a598.txt")).unwrap();
    let at = good.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut bad = good.clone();
    bad.insert(at, 0xFF);
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::write(tmp.path().join("in/good.txt"), &good).unwrap();
    std::fs::write(tmp.path().join("in/bad.txt"), &bad).unwrap();
    ok(&scan(tmp.path(), &["in", "--out", "out"]));
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let (g, b) = (row(&rows, &h, "good.txt"), row(&rows, &h, "bad.txt"));
    assert_eq!(b[col(&h, "encoding")], "utf-8");
    assert_eq!(b[col(&h, "status")], "partial");
    assert!(
        b[col(&h, "error")].starts_with("1 undecodable"),
        "{}",
        b[col(&h, "error")]
    );
    for c in ["department", "year", "errors", "warnings", "claimed_total"] {
        assert_eq!(b[col(&h, c)], g[col(&h, c)], "{c}");
    }
    assert_eq!(b[col(&h, "department")], "广州市规划和自然资源局荔湾区分局");
}

/// Before: the second scan deleted the first one's live temporary files.
#[test]
fn a_second_scan_into_a_locked_folder_refuses_and_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(".jxcheck-live.tmp"), "another run's rows").unwrap();
    let held = jxcheck::output::Lock::take(&out).unwrap();
    let o = scan(&root(), &["corpus", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another jxcheck is writing into"));
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [".jxcheck-live.tmp", ".jxcheck.lock"]);
    drop(held);
    ok(&scan(&root(), &["corpus", "--out", out.to_str().unwrap()]));
}

/// Before: outputs were 0600 whatever the umask.
#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = Command::new("sh")
        .current_dir(root())
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' scan corpus --out '{}' --quiet",
            env!("CARGO_BIN_EXE_jxcheck"),
            out.display()
        ))
        .output()
        .unwrap();
    ok(&o);
    for name in ["reports.csv", "figures.csv", ".jxcheck-manifest"] {
        let mode = std::fs::metadata(out.join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{name}");
    }
}

/// Before: a FIFO or a link to /dev/zero got no row, a missing path ended
/// the run with nothing written, and `=1+2.txt` was written unguarded.
#[cfg(unix)]
#[test]
fn special_files_missing_paths_and_formula_names_get_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    assert!(Command::new("mkfifo")
        .arg(d.join("pipe.txt"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    std::fs::copy(corpus().join("004_a1c8d28368b3a598.txt"), d.join("=1+2.txt")).unwrap();
    ok(&scan(tmp.path(), &["in", "gone.txt", "--out", "out"]));
    let text = std::fs::read_to_string(tmp.path().join("out/reports.csv")).unwrap();
    assert!(
        text.contains("\n'in/=1+2.txt,") || text.contains("\nin/=1+2.txt,"),
        "{text}"
    );
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let files: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(files, ["gone.txt", "in/=1+2.txt", "in/pipe.txt", "in/zero.txt"]);
    let status = |n: &str| {
        let r = row(&rows, &h, n);
        (r[col(&h, "status")].clone(), r[col(&h, "error")].clone())
    };
    assert_eq!(status("gone.txt"), ("error".into(), "input not found: gone.txt".into()));
    assert_eq!(status("=1+2.txt").0, "ok");
    assert!(status("pipe.txt").0 == "unsupported" && status("pipe.txt").1.contains("FIFO"));
    assert!(status("zero.txt").0 == "unsupported" && status("zero.txt").1.contains("device"));
    // a file name a spreadsheet would run is guarded when it starts the cell
    let d2 = tmp.path().join("=cmd.txt");
    std::fs::copy(corpus().join("004_a1c8d28368b3a598.txt"), &d2).unwrap();
    ok(&scan(tmp.path(), &["=cmd.txt", "--out", "out2"]));
    let text = std::fs::read_to_string(tmp.path().join("out2/reports.csv")).unwrap();
    assert!(text.lines().nth(1).unwrap().starts_with("'=cmd.txt,"), "{text}");
}

/// Before: `jxcheck text FILE | head` panicked on the closed pipe.
#[test]
fn a_closed_stdout_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxcheck"))
        .current_dir(root())
        .args(["text", "corpus/000_dcb98461ec04ccb6.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // the reader is gone (stdout dropped)
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

/// The time budget: a file over it gets its `error` row and the run ends
/// (a budget no analysis can meet stands in for a stuck file; the stuck
/// file itself is `run::tests::a_stuck_file_is_abandoned_and_the_run_goes_on`).
#[test]
fn files_over_their_time_budget_get_error_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&scan(
        &root(),
        &["corpus", "--out", out.to_str().unwrap(), "--file-timeout", "0.000001"],
    ));
    let (h, rows) = read_csv(&out.join("reports.csv"));
    assert_eq!(rows.len(), 5);
    for r in &rows {
        assert_eq!(r[col(&h, "status")], "error");
        assert!(
            r[col(&h, "error")].starts_with("took longer than 0.000001 s"),
            "{}",
            r[col(&h, "error")]
        );
    }
}

/// Before: a file of many short lines took ~100× its size in memory and
/// could kill the process; now it is refused up front with its row. (Lines
/// cost less since: ~16.5 B each at the peak in the line store, estimated at
/// 24 B and 4 B a byte; 80,000,000 of them, 80 MB, would need ~2.2 GB.)
#[test]
fn a_file_too_big_for_memory_is_an_error_row() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("lines.txt"), "\n".repeat(80_000_000)).unwrap();
    std::fs::copy(corpus().join("004_a1c8d28368b3a598.txt"), d.join("ok.txt")).unwrap();
    ok(&scan(tmp.path(), &["in", "--out", "out"]));
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let big = row(&rows, &h, "lines.txt");
    assert_eq!(big[col(&h, "status")], "error");
    assert!(
        big[col(&h, "error")].starts_with("too large to analyse"),
        "{}",
        big[col(&h, "error")]
    );
    assert_eq!(big[col(&h, "sha256")].len(), 64);
    assert_eq!(row(&rows, &h, "ok.txt")[col(&h, "status")], "ok");
}

/// Before: a text dense with figures in prose (each a figure, a finding and
/// their rows, ~2.5 KB) was estimated by its bytes and lines only: 16 MB of
/// `收入N.NN万元，` (~730,000 figures, ~1.8 GB) passed the limit, and a larger
/// one could take the process down. Now each prose figure counts.
#[test]
fn a_text_dense_with_figures_is_refused_by_its_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let mut text = String::from("某某局2022年度部门整体支出绩效自评报告\n");
    let mut i = 0usize;
    while text.len() < 16 << 20 {
        text.push_str(&format!("收入{}.{:02}万元，", i % 100_000, i % 100));
        i += 1;
        if i.is_multiple_of(20) {
            text.push('\n');
        }
    }
    // lines and bytes alone stay far under the limit
    assert!(text.len() * 4 + (i / 20) * 128 < 1 << 30);
    std::fs::write(d.join("figures.txt"), &text).unwrap();
    std::fs::copy(corpus().join("004_a1c8d28368b3a598.txt"), d.join("ok.txt")).unwrap();
    ok(&scan(tmp.path(), &["in", "--out", "out"]));
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let big = row(&rows, &h, "figures.txt");
    assert_eq!(big[col(&h, "status")], "error");
    assert!(
        big[col(&h, "error")].starts_with("too large to analyse"),
        "{}",
        big[col(&h, "error")]
    );
    assert_eq!(row(&rows, &h, "ok.txt")[col(&h, "status")], "ok");
}

/// Before: 28 decimals or a figure near the decimal maximum panicked
/// (`half_ulp`, `interval`, `scale`, ARITH.PCT) and the report became an
/// internal-error row.
#[test]
fn figures_out_of_decimal_range_do_not_sink_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let text = "某某局2022年度部门整体支出绩效自评报告\n\
        一、部门基本情况\n\
        年初预算数 79228162514264337593543950335 万元，调整后预算数 1.0000000000000000000000000001 万元，\
        决算数 0.0000000000000000000000000001 万元，预算执行率为 99999999999999999999999.99%。\n\
        全年支出 9999999999999999999 亿元，占总支出的 100.0000000000000000000000001%。\n";
    std::fs::write(d.join("r.txt"), text).unwrap();
    ok(&scan(tmp.path(), &["in", "--out", "out"]));
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let r = row(&rows, &h, "r.txt");
    assert_eq!(r[col(&h, "status")], "ok", "{}", r[col(&h, "error")]);
    let (fh, figs) = read_csv(&tmp.path().join("out/figures.csv"));
    for f in &figs {
        let raw = &f[col(&fh, "raw")];
        assert!(
            !raw.contains("79228162514264337593543950335") && !raw.contains("0000000000000000000000001"),
            "{raw}"
        );
    }
}

/// GBK names from a Windows zip: before, lossy conversion made 3 files 2 rows.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_each_get_their_row() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let report = std::fs::read(corpus().join("004_a1c8d28368b3a598.txt")).unwrap();
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let mut bad = gbk("财政局报告.txt");
    bad[0] = 0xFF;
    for name in [gbk("财政局报告.txt"), gbk("教育局报告.txt"), bad] {
        std::fs::write(d.join(OsStr::from_bytes(&name)), &report).unwrap();
    }
    ok(&scan(tmp.path(), &["in", "--out", "out"]));
    let (_, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    let mut files: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    files.sort();
    assert_eq!(files.len(), 3);
    assert!(
        files.contains(&"in/财政局报告.txt") && files.contains(&"in/教育局报告.txt"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.starts_with("in/\\xFF")), "{files:?}");
}

/// Before: merge accepted damaged or incompatible shards with exit 0.
#[test]
fn merge_refuses_damaged_and_incompatible_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let dir = |n: &str| t.join(n).to_str().unwrap().to_string();
    for k in 0..2 {
        ok(&scan(
            &root(),
            &["corpus", "--shard", &format!("{k}/2"), "--out", &dir(&format!("s{k}"))],
        ));
    }
    let merge = |a: &str, b: &str| jxcheck(t, &["merge", a, b, "--out", "m"]);
    ok(&merge("s0", "s1"));
    let refused = |a: &str, b: &str, why: &str| {
        let o = merge(a, b);
        assert_eq!(o.status.code(), Some(1), "{why}");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let copy = |from: &str, to: &str| {
        std::fs::create_dir_all(t.join(to)).unwrap();
        for e in std::fs::read_dir(t.join(from)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), t.join(to).join(e.file_name())).unwrap();
        }
    };
    // the last row cut by 2 bytes
    copy("s1", "cut");
    let f = t.join("cut/figures.csv");
    let b = std::fs::read(&f).unwrap();
    std::fs::write(&f, &b[..b.len() - 2]).unwrap();
    assert!(refused("s0", "cut", "cut").contains("not what its scan wrote"));
    // a row duplicated
    copy("s1", "dup");
    let f = t.join("dup/figures.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let second = text.lines().nth(1).unwrap();
    std::fs::write(&f, text.replacen(second, &format!("{second}\n{second}"), 1)).unwrap();
    assert!(refused("s0", "dup", "dup").contains("not what its scan wrote"));
    // a report row deleted while its figures remain, even with a manifest
    // rewritten to match
    copy("s1", "orphan");
    let f = t.join("orphan/reports.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let first_row = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&f, text.replacen(&format!("{first_row}\n"), "", 1)).unwrap();
    let m = jxcheck::shard::Manifest::read(&t.join("orphan")).unwrap();
    let bytes = std::fs::read(&f).unwrap();
    let files = m
        .files
        .iter()
        .map(|(n, l, s)| {
            if n == "reports.csv" {
                use sha2::Digest;
                (
                    n.clone(),
                    bytes.len() as u64,
                    jxcheck::patterns::hex(&sha2::Sha256::digest(&bytes)),
                )
            } else {
                (n.clone(), *l, s.clone())
            }
        })
        .collect();
    let m = jxcheck::shard::Manifest { files, ..m };
    std::fs::write(t.join("orphan").join(jxcheck::shard::MANIFEST), m.render()).unwrap();
    assert!(refused("s0", "orphan", "orphan").contains("no row in reports.csv"));
    // a shard made with other patterns
    let pats = t.join("patterns");
    copy_dir(&root().join("patterns"), &pats);
    let toml = pats.join("report.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n# changed\n");
    std::fs::write(&toml, text).unwrap();
    ok(&jxcheck(
        &root(),
        &[
            "--patterns",
            pats.to_str().unwrap(),
            "scan",
            "corpus",
            "--shard",
            "1/2",
            "--out",
            &dir("other"),
            "--quiet",
        ],
    ));
    assert!(refused("s0", "other", "patterns").contains("different patterns"));
    // a shard run from another working folder
    ok(&scan(
        t,
        &[
            root().join("corpus").to_str().unwrap(),
            "--shard",
            "1/2",
            "--out",
            &dir("elsewhere"),
        ],
    ));
    let e = refused("s0", "elsewhere", "cwd");
    assert!(e.contains("same working folder") || e.contains("other inputs"), "{e}");
    // a missing shard, a folder without a manifest
    let o = jxcheck(t, &["merge", "s0", "--out", "m"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing"));
    copy("s1", "bare");
    std::fs::remove_file(t.join("bare").join(jxcheck::shard::MANIFEST)).unwrap();
    assert!(refused("s0", "bare", "bare").contains("no readable"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Before: each cell of a wide table re-read the caption (its key's context
/// and unit) and each empty upper header cell looked back along its row for
/// the header spanning it: cells × caption and width² — 4.9 s of CPU in a
/// release build at 30,000 columns, minutes in a debug build at this size.
/// (Time at scale: benches/stages.rs, group `doubling`.)
#[test]
fn a_wide_table_under_a_long_caption_is_read_in_one_pass() {
    let n = 40_000;
    let caption = format!("{}（单位：万元）", "说明".repeat(100_000));
    let labels: Vec<String> = (0..n - 1).map(|j| format!("栏{j}")).collect();
    let subs: Vec<String> = (0..n - 2).map(|j| format!("子{j}")).collect();
    let upper = format!("\t预算数{}\t备注", "\t".repeat(n - 3));
    let rows: Vec<String> = (0..2)
        .map(|r| {
            let v: Vec<String> = (0..n - 1).map(|j| format!("{}.{:02}", j, j % 100)).collect();
            format!("行{r}\t{}", v.join("\t"))
        })
        .collect();
    let text = format!(
        "{caption}\n项目\t{}\n{upper}\n\t\t{}\n{}\n",
        labels.join("\t"),
        subs.join("\t"),
        rows.join("\n")
    );
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("wide.txt"), text).unwrap();
    ok(&scan(tmp.path(), &["wide.txt", "--out", "out", "--file-timeout", "0"]));
    let (h, figs) = read_csv(&tmp.path().join("out/figures.csv"));
    assert_eq!(figs.len(), 2 * (n - 1));
    let f = |k: usize, c: &str| figs[k][col(&h, c)].clone();
    // column 1 is 预算数 alone; 预算数 spans the empty cells up to 备注
    assert_eq!(
        (f(0, "label"), f(0, "raw"), f(0, "unit")),
        ("行0·预算数".into(), "0.00".into(), "万元".into())
    );
    assert_eq!(
        (f(1, "label"), f(1, "value")),
        ("行0·预算数/子0".into(), "10100".into())
    );
    let last = 2 * (n - 1) - 1;
    assert_eq!(
        (f(last, "label"), f(last, "raw")),
        (
            format!("行1·备注/子{}", n - 3),
            format!("{}.{:02}", n - 2, (n - 2) % 100)
        )
    );
}
