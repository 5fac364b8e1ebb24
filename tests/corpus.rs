//! The bundled corpus end to end: reports.csv rows, section trees, output
//! contract, determinism across thread counts, inputs untouched.

mod common;

use common::*;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline;
use sha2::{Digest, Sha256};

const OUTPUTS: [&str; 6] = [
    "reports.csv",
    "discrepancies.csv",
    "figures.csv",
    "scores.csv",
    "indicators.csv",
    "projects.csv",
];

#[test]
fn scan_corpus_gives_one_ok_row_per_report() {
    let out = scan_corpus(&[]);
    let (h, rows) = read_csv(&out.path().join("reports.csv"));
    let got: Vec<(String, String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col(&h, "file")].clone(),
                r[col(&h, "status")].clone(),
                r[col(&h, "department")].clone(),
                r[col(&h, "year")].clone(),
                r[col(&h, "report_kind")].clone(),
            )
        })
        .collect();
    let want = [
        ("corpus/000_dcb98461ec04ccb6.txt", "深圳市规划和自然资源局", "2021"),
        (
            "corpus/001_1043f48496861f1f.txt",
            "深圳市龙岗区城市更新和土地整备局",
            "2020",
        ),
        ("corpus/002_96471e5ce4531d3d.txt", "深圳市规划国土房产信息中心", "2020"),
        ("corpus/003_45f879206ba15da6.txt", "石家庄市自然资源和规划局", "2022"),
        (
            "corpus/004_a1c8d28368b3a598.txt",
            "广州市规划和自然资源局荔湾区分局",
            "2022",
        ),
    ];
    assert_eq!(got.len(), 5);
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0.as_str(), g.1.as_str(), g.2.as_str(), g.3.as_str()),
            (w.0, "ok", w.1, w.2)
        );
        assert_eq!(g.4, "部门整体支出绩效自评");
    }
    let reports = std::fs::read_to_string(out.path().join("reports.csv")).unwrap();
    golden("corpus/reports.csv", &reports);
}

#[test]
fn every_output_has_the_contract_header() {
    let out = scan_corpus(&[]);
    let want = [
        "file,sha256,format,encoding,pages,status,error,department,year,report_kind,rubric,claimed_total,recomputed_total,claimed_grade,sections,errors,warnings,parts,ocr_pages",
        "file,department,year,rule,severity,section,item,claimed,expected,difference,message,evidence,page,line,id,unit,amount_yuan,part,review",
        "file,section,key,label,value,unit,raw,page,line,part,confidence",
        "file,rubric,level1,level2,indicator,points,claimed,recomputed,basis,page,line,part",
        "file,level1,level2,indicator,target,actual,met,page,line,part",
        "file,department,year,part,form,authority,budget_initial,budget_annual,spent,rate_claimed,rate_recomputed,money_points,money_score,points_total,claimed_total,recomputed_total,indicators,indicators_missed,errors,warnings,page,line",
    ];
    for (name, header) in OUTPUTS.iter().zip(want) {
        let text = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert_eq!(text.lines().next(), Some(header), "{name}");
    }
    // nothing but the CSV files in DIR, and jxcheck's two hidden files: the
    // lock of the folder and the manifest merge checks shards against
    let mut names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut want: Vec<_> = OUTPUTS.iter().map(|s| s.to_string()).collect();
    want.extend([".jxcheck-manifest".to_string(), ".jxcheck.lock".to_string()]);
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn section_trees_match_golden_files() {
    let p = Patterns::builtin().unwrap();
    for f in corpus_files() {
        let a = pipeline::analyse(&f, &p);
        let stem = f.file_stem().unwrap().to_str().unwrap();
        golden(&format!("sections/{stem}.tree"), &a.outline.render());
    }
}

/// The issue's own acceptance: corpus 000's outline, and none of its 22 duties.
#[test]
fn corpus_000_outline() {
    let p = Patterns::builtin().unwrap();
    let a = pipeline::analyse(&corpus().join("000_dcb98461ec04ccb6.txt"), &p);
    let o = &a.outline;
    let roots: Vec<(usize, String)> = o
        .children(None)
        .map(|(k, s)| (k, format!("{}{}", s.numbering, s.title)))
        .collect();
    let titles: Vec<&str> = roots.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "一、部门基本情况",
            "二、单位主要履职绩效分析",
            "三、总体评价和整改措施",
            "附件"
        ]
    );
    let kids = |k: usize| {
        o.children(Some(k))
            .map(|(_, s)| format!("{}{}", s.numbering, s.title))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kids(roots[0].0),
        [
            "（一）部门主要职能",
            "（二）年度总体工作和重点工作任务",
            "（三）2021 年部门预算编制情况",
            "（四）2021 年部门预算执行情况"
        ]
    );
    assert_eq!(
        kids(roots[1].0),
        ["（一）主要履职目标", "（二）主要履职情况", "（三）部门履职绩效情况"]
    );
    assert_eq!(
        kids(roots[2].0),
        [
            "（一）预算绩效管理工作主要经验、做法",
            "（二）部门整体支出绩效存在问题及改进措施",
            "（三）后续工作计划、相关建议等"
        ]
    );
    assert_eq!(kids(roots[3].0), ["部门整体支出绩效评分表"]);
    let annex = &o.sections[roots[3].0];
    assert_eq!(annex.id.as_deref(), Some("annex"));
    assert_eq!(
        o.sections[o.children(Some(roots[3].0)).next().unwrap().0].id.as_deref(),
        Some("annex_scorecard")
    );
    // the duties under （一）部门主要职能 are items, not sections
    let functions = o.children(Some(roots[0].0)).next().unwrap().0;
    assert_eq!(o.children(Some(functions)).count(), 0);
    assert!(!o.sections.iter().any(|s| s.title.starts_with("履行全民所有土地")));
    // and the section knows its source lines
    assert_eq!(
        (o.sections[functions].first_line, o.sections[functions].last_line),
        (15, 67)
    );
}

/// `jxcheck sections` prints the same tree.
#[test]
fn sections_command_prints_the_tree() {
    let o = jxcheck(&root(), &["sections", "corpus/000_dcb98461ec04ccb6.txt"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let golden_tree = std::fs::read_to_string(root().join("fixtures/sections/000_dcb98461ec04ccb6.tree")).unwrap();
    assert_eq!(text, golden_tree);
    assert!(text.starts_with("L1 一、部门基本情况\toverview\t11-316\n"));
}

#[test]
fn same_bytes_at_any_thread_count_and_inputs_untouched() {
    let before = hash_dir(&corpus());
    let a = scan_corpus(&["--threads", "1"]);
    let b = scan_corpus(&["--threads", "2"]);
    for name in OUTPUTS {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name}"
        );
    }
    assert_eq!(before, hash_dir(&corpus()), "inputs were modified");
}

fn hash_dir(d: &std::path::Path) -> Vec<(String, String)> {
    let mut v: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let h = Sha256::digest(std::fs::read(&p).unwrap());
            (p.display().to_string(), jxcheck::patterns::hex(&h))
        })
        .collect();
    v.sort();
    v
}

/// `jxcheck text` shows the normalised lines with their source lines; page
/// breaks inside sentences are rejoined on the real reports.
#[test]
fn text_command_shows_rejoined_sentences() {
    let o = jxcheck(&root(), &["text", "corpus/000_dcb98461ec04ccb6.txt"]);
    assert!(o.status.success());
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("\n:21-23\t3. 负责自然资源统一确权登记工作。负责制定各类自然资源和不动产统一确权登记、"));
    assert!(t.contains("\n:53-55\t16. 负责组织编制地名规划。负责地名的命名、更名和注销工作，建立地名档案。\n"));
    // markdown bullets gone, a table row kept with its cells
    assert!(t.contains("\n:263\ta. 人员经费支出 7 亿元，占财政拨款支出的 3.80%；\n"));
    assert!(t.contains("\n:73\t序号\t工作任务\n"));
    let o = jxcheck(&root(), &["text", "corpus/001_1043f48496861f1f.txt"]);
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("\n:59-61\t21. 办理土地整备和房屋征收项目地块验收和移交入库工作。\n"));
    assert!(t.contains("\n:117\t公务用车购置及运行维护费\t22.5\t18.04\t4.46\t80.18%\n"));
    // a heading is never continued by the paragraph after it
    assert!(t.contains("\n:15\t（一）部门主要职能\n"));
}

/// The whole normalised text of every corpus report, as `jxcheck text` prints
/// it: any change to a normalisation rule shows here as a reviewable diff.
#[test]
fn normalised_text_matches_golden_files() {
    for f in corpus_files() {
        let o = jxcheck(&root(), &["text", f.to_str().unwrap()]);
        assert!(o.status.success());
        let stem = f.file_stem().unwrap().to_str().unwrap();
        golden(&format!("text/{stem}.txt"), &String::from_utf8(o.stdout).unwrap());
    }
}
