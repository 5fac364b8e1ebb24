//! The HTML report: `report/index.html` (counts, plots, sortable and
//! filterable tables of findings and reports, paged so 10,000 reports stay
//! quick) and `report/r/NNNNN.html`, one per row of reports.csv (each finding
//! beside its evidence in context, the scorecard with recomputed scores, the
//! forms and indicators). Self-contained: inline CSS, JS and SVG, no network
//! resource, so the folder can be opened from a shared drive offline.

use super::{number, svg, Csv, Folder};
use crate::ingest;
use anyhow::{Context, Result};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Lines of source shown before and after a finding's line.
const CONTEXT: u32 = 3;

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A JSON string literal safe inside `<script>` (`<` escaped).
fn js(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            '<' => o.push_str("\\u003c"),
            '\u{2028}' => o.push_str("\\u2028"),
            '\u{2029}' => o.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The page of report row `i`, relative to `report/`.
pub fn page_name(i: usize) -> String {
    format!("r/{:05}.html", i + 1)
}

/// Chinese names of the rule families and rules, for headings.
pub fn rule_name(rule: &str) -> &'static str {
    match rule {
        "SCORE.SUM" => "得分合计与总分不符",
        "SCORE.MAX" => "得分超过分值",
        "SCORE.WEIGHT" => "分值合计不符",
        "SCORE.RULE" => "得分与评分规则不符",
        "SCORE.TIER" => "得分不在评分档次内",
        "GRADE.BAND" => "等级与总分不符",
        "CLAIM.CONFLICT" => "同一事项前后不一",
        "INDICATOR.MISS" => "指标未达标却称完成",
        "RUBRIC.TEXT" => "评分标准自相矛盾",
        "ARITH.SUM" => "分项之和与合计不符",
        "ARITH.PART" => "部分大于整体",
        "ARITH.PCT" => "比率与所列数据不符",
        "ARITH.DIFF" => "增减额与两数不符",
        "ARITH.COPY" => "比率照抄上一行",
        "ARITH.BALANCE" => "收支结余不平衡",
        "ARITH.CONFLICT" | "CLAIM.FIGURE" => "同一数据前后不一",
        r if r.starts_with("ARITH.OVER") => "支出超过预算",
        _ => "",
    }
}

fn sev_name(s: &str) -> &str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        other => other,
    }
}

fn status_name(s: &str) -> &str {
    match s {
        "ok" => "已读取",
        "partial" => "部分读取",
        "needs_ocr" => "需OCR（扫描件）",
        "encrypted" => "加密",
        "unsupported" => "格式不支持",
        "not_report" => "非评价报告",
        "error" => "读取出错",
        other => other,
    }
}

/// Writes `report/index.html` and the report pages; `root` resolves the
/// relative paths of reports.csv (the folder the scan ran in). Returns the
/// number of pages written.
pub fn write(folder: &Folder, out: &Path, root: &Path) -> Result<usize> {
    let pages = out.join("r");
    std::fs::create_dir_all(&pages).with_context(|| format!("cannot create {}", pages.display()))?;
    let f_by = folder.findings.by_file();
    let s_by = folder.scores.by_file();
    let i_by = folder.indicators.by_file();
    let p_by = folder.projects.by_file();
    let reports = &folder.reports;
    let index = index(folder, &f_by);
    std::fs::write(out.join("index.html"), index)
        .with_context(|| format!("cannot write {}", out.join("index.html").display()))?;
    let empty = 0..0;
    (0..reports.rows.len())
        .into_par_iter()
        .try_for_each(|i| -> Result<()> {
            let row = &reports.rows[i];
            let file = reports.get(row, "file");
            let rng = |m: &HashMap<String, std::ops::Range<usize>>| m.get(file).cloned().unwrap_or(empty.clone());
            let html = report_page(folder, i, rng(&f_by), rng(&s_by), rng(&i_by), rng(&p_by), root);
            let path = out.join(page_name(i));
            std::fs::write(&path, html).with_context(|| format!("cannot write {}", path.display()))
        })?;
    Ok(reports.rows.len())
}

const CSS: &str = r#"
*{box-sizing:border-box}body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#1d2733;background:#f4f6f9;font-size:14px}
header{background:#1f3a5f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
header a{color:#cfe0ff}main{padding:16px 24px;max-width:1500px;margin:auto}
section.box{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:17px;margin:4px 0 10px;color:#1f3a5f}h3{font-size:15px;margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:22px}.card span{color:#5a6b7d}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e6eaef;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#eef2f7;position:sticky;top:0;cursor:pointer;white-space:nowrap;user-select:none}th.sorted-asc:after{content:" ▲"}th.sorted-desc:after{content:" ▼"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;color:#fff;white-space:nowrap}
.sev-error{background:#c0392b}.sev-warning{background:#d68910}.sev-info{background:#5d6d7e}
.controls{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px;align-items:center}.controls input{flex:1;min-width:220px;padding:6px}
.controls select,.controls button,.pager button{padding:5px 8px}.pager{margin-top:8px;display:flex;gap:8px;align-items:center}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:12px}figure.plot{margin:0;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:8px}
figure.plot figcaption{font-weight:bold;margin-bottom:4px;color:#1f3a5f}svg{width:100%;height:auto}
.finding{display:grid;grid-template-columns:minmax(320px,5fr) 7fr;gap:16px;border:1px solid #dde3ea;border-left:5px solid #c0392b;border-radius:6px;background:#fff;padding:10px 14px;margin:0 0 12px}
.finding.warning{border-left-color:#d68910}.finding.info{border-left-color:#5d6d7e}.finding:target{box-shadow:0 0 0 3px #7fb3ff}
.finding .msg{font-size:15px;line-height:1.6;margin:6px 0}.kv{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;color:#34495e;font-size:13px}.kv dt{color:#6b7c8f}.kv dd{margin:0}
.src{font-family:"Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;font-size:13px;background:#fafbfc;border:1px solid #e6eaef;border-radius:4px;overflow-x:auto}
.src div{white-space:pre-wrap;padding:1px 8px 1px 0;display:flex}.src div i{font-style:normal;color:#8a97a6;min-width:4.2em;text-align:right;padding-right:10px;user-select:none}
.src div.hit{background:#fff4c2}mark{background:#ffd54f;padding:0 1px}mark.e{background:#9fd8a8}b.n{font-weight:600;color:#0b4f9c}
.note{color:#6b7c8f;font-size:12px}tr.off td{background:#fdecea}tr.miss td{background:#fff4e0}
.crumbs{margin:0 0 10px}#findings td:nth-child(2),#reports td:nth-child(2){min-width:10em}#findings td:nth-child(6){min-width:7em}#findings td:nth-child(13){min-width:22em}a{color:#1f5fae}
@media (max-width:900px){.finding{grid-template-columns:1fr}}
"#;

const JS: &str = r#"
function Tbl(el,cols,rows,opt){
  var st={sort:opt.sort==null?-1:opt.sort,dir:opt.dir||1,page:0,size:opt.size||50,q:"",f:{}};
  var box=document.getElementById(el);
  var ctl=document.createElement("div");ctl.className="controls";
  var q=document.createElement("input");q.type="search";q.placeholder=opt.placeholder||"筛选…";ctl.appendChild(q);
  (opt.selects||[]).forEach(function(s){var sel=document.createElement("select");
    var vals={};rows.forEach(function(r){vals[r[s.col]]=1});
    sel.innerHTML='<option value="">'+s.label+'：全部</option>'+Object.keys(vals).sort().map(function(v){return '<option value="'+h(v)+'">'+h(s.show?s.show(v):v)+'</option>'}).join("");
    sel.onchange=function(){st.f[s.col]=sel.value;st.page=0;draw()};ctl.appendChild(sel)});
  var cnt=document.createElement("span");cnt.className="note";ctl.appendChild(cnt);
  box.appendChild(ctl);
  var t=document.createElement("table");box.appendChild(t);
  var pg=document.createElement("div");pg.className="pager";box.appendChild(pg);
  var th='<thead><tr>'+cols.map(function(c,i){return '<th data-i="'+i+'"'+(c.num?' class="num"':'')+'>'+c.label+'</th>'}).join("")+'</tr></thead><tbody></tbody>';
  t.innerHTML=th;var tb=t.querySelector("tbody");
  t.querySelectorAll("th").forEach(function(x){x.onclick=function(){var i=+x.dataset.i;if(st.sort===i)st.dir=-st.dir;else{st.sort=i;st.dir=1}draw()}});
  var timer;q.oninput=function(){clearTimeout(timer);timer=setTimeout(function(){st.q=q.value.trim().toLowerCase();st.page=0;draw()},150)};
  var hay=rows.map(function(r){return cols.map(function(c){return String(r[c.col]==null?"":r[c.col])}).join(" ").toLowerCase()});
  function draw(){
    var idx=[];for(var i=0;i<rows.length;i++){var r=rows[i],ok=true;
      for(var k in st.f){if(st.f[k]&&String(r[k])!==st.f[k]){ok=false;break}}
      if(ok&&st.q){var terms=st.q.split(/\s+/);for(var j=0;j<terms.length;j++){if(hay[i].indexOf(terms[j])<0){ok=false;break}}}
      if(ok)idx.push(i)}
    if(st.sort>=0){var c=cols[st.sort];idx.sort(function(a,b){var x=rows[a][c.col],y=rows[b][c.col];
      if(c.num){x=x===""||x==null?-Infinity:+x;y=y===""||y==null?-Infinity:+y;return (x-y)*st.dir||a-b}
      return String(x).localeCompare(String(y),"zh")*st.dir||a-b})}
    var pages=Math.max(1,Math.ceil(idx.length/st.size));if(st.page>=pages)st.page=pages-1;
    var part=idx.slice(st.page*st.size,(st.page+1)*st.size);
    tb.innerHTML=part.map(function(i){var r=rows[i];return '<tr>'+cols.map(function(c){var v=r[c.col];
      return '<td'+(c.num?' class="num"':'')+'>'+(c.render?c.render(v,r):h(v))+'</td>'}).join("")+'</tr>'}).join("");
    t.querySelectorAll("th").forEach(function(x){x.className=(cols[+x.dataset.i].num?"num ":"")+((+x.dataset.i===st.sort)?(st.dir>0?"sorted-asc":"sorted-desc"):"")});
    cnt.textContent="共 "+idx.length+" 条（全部 "+rows.length+" 条）";
    pg.innerHTML='<button data-p="0">« 首页</button><button data-p="'+(st.page-1)+'">‹ 上一页</button><span>第 '+(st.page+1)+' / '+pages+' 页</span><button data-p="'+(st.page+1)+'">下一页 ›</button><button data-p="'+(pages-1)+'">末页 »</button>';
    pg.querySelectorAll("button").forEach(function(b){var p=+b.dataset.p;b.disabled=p<0||p>=pages||p===st.page;b.onclick=function(){st.page=p;draw()}});
  }
  draw();
}
function h(s){return String(s==null?"":s).replace(/[&<>"']/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]})}
"#;

fn head(title: &str, css_extra: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}{css_extra}</style></head><body>",
        esc(title)
    )
}

/// The index page.
fn index(folder: &Folder, f_by: &HashMap<String, std::ops::Range<usize>>) -> String {
    let (r, f) = (&folder.reports, &folder.findings);
    let count = |csv: &Csv, col: &str| -> Vec<(String, usize)> {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for row in &csv.rows {
            *m.entry(csv.get(row, col).to_string()).or_default() += 1;
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let statuses = count(r, "status");
    let severities = count(f, "severity");
    let rules = count(f, "rule");
    let dismissed = f
        .rows
        .iter()
        .filter(|x| f.get(x, "review").starts_with("dismissed"))
        .count();
    let mut s = head("jxcheck 检查结果", "");
    let _ = write!(
        s,
        "<header><h1>绩效自评报告检查结果</h1><p>{} 份文件 · {} 条发现（错误 {} · 警告 {} · 提示 {}）{}· 由 jxcheck {} 生成</p></header><main>",
        r.rows.len(),
        f.rows.len(),
        severities.iter().find(|x| x.0 == "error").map_or(0, |x| x.1),
        severities.iter().find(|x| x.0 == "warning").map_or(0, |x| x.1),
        severities.iter().find(|x| x.0 == "info").map_or(0, |x| x.1),
        if dismissed > 0 {
            format!("，其中 {dismissed} 条复核后排除 ")
        } else {
            String::new()
        },
        env!("CARGO_PKG_VERSION")
    );
    // counts
    s.push_str("<section class=\"box\"><h2>概况</h2><div class=\"cards\">");
    for (st, n) in &statuses {
        let _ = write!(
            s,
            "<div class=\"card\"><b>{n}</b><span>{}（{}）</span></div>",
            esc(status_name(st)),
            esc(st)
        );
    }
    for (sv, n) in &severities {
        let _ = write!(
            s,
            "<div class=\"card\"><b>{n}</b><span><i class=\"sev sev-{0}\">{1}</i> 发现</span></div>",
            esc(sv),
            esc(sev_name(sv))
        );
    }
    s.push_str("</div><h3>按规则</h3><table><thead><tr><th>规则</th><th>含义</th><th class=num>错误</th><th class=num>警告</th><th class=num>提示</th><th class=num>合计</th></tr></thead><tbody>");
    for (rule, n) in &rules {
        let by = |sev: &str| {
            f.rows
                .iter()
                .filter(|x| f.get(x, "rule") == rule && f.get(x, "severity") == sev)
                .count()
        };
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{n}</td></tr>",
            esc(rule),
            esc(rule_name(rule)),
            by("error"),
            by("warning"),
            by("info")
        );
    }
    s.push_str("</tbody></table></section>");
    // plots
    s.push_str("<section class=\"box\"><h2>图表</h2><div class=\"plots\">");
    s.push_str(&plots(folder));
    s.push_str("</div></section>");
    // findings table
    let file_index: HashMap<&str, usize> = r
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| (r.get(row, "file"), i))
        .collect();
    s.push_str("<section class=\"box\"><h2>全部发现</h2><p class=\"note\">点击表头排序；输入文字筛选（多个词以空格分隔，同时满足）；点击文件名查看该报告及证据原文。</p><div id=\"findings\"></div></section>");
    s.push_str("<section class=\"box\"><h2>全部文件</h2><div id=\"reports\"></div></section></main>");
    s.push_str("<script>");
    s.push_str(JS);
    s.push_str("var R=[");
    for (i, row) in r.rows.iter().enumerate() {
        let _ = writeln!(
            s,
            "[{},{},{},{},{},{},{},{},{},{},{}],",
            js(r.get(row, "file")),
            js(r.get(row, "department")),
            js(r.get(row, "year")),
            js(r.get(row, "status")),
            js(r.get(row, "claimed_total")),
            js(r.get(row, "recomputed_total")),
            js(r.get(row, "claimed_grade")),
            js(r.get(row, "errors")),
            js(r.get(row, "warnings")),
            js(&page_name(i)),
            js(r.get(row, "error")),
        );
    }
    s.push_str("];\nvar F=[");
    for row in &f.rows {
        let file = f.get(row, "file");
        let ri = file_index.get(file).copied();
        let page = ri.map(page_name).unwrap_or_default();
        let _ = writeln!(
            s,
            "[{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}],",
            js(file),
            js(f.get(row, "department")),
            js(f.get(row, "year")),
            js(f.get(row, "rule")),
            js(f.get(row, "severity")),
            js(f.get(row, "item")),
            js(f.get(row, "claimed")),
            js(f.get(row, "expected")),
            js(f.get(row, "unit")),
            js(f.get(row, "amount_yuan")),
            js(f.get(row, "page")),
            js(f.get(row, "line")),
            js(f.get(row, "message")),
            js(f.get(row, "id")),
            js(f.get(row, "review")),
            js(&page),
        );
    }
    let _ = f_by;
    s.push_str(
        r#"];
var SEV={"error":"错误","warning":"警告","info":"提示"};
Tbl("findings",[
 {label:"文件",col:0,render:function(v,r){return '<a href="'+h(r[15])+'#'+h(r[13])+'">'+h(v.split("/").pop())+'</a>'}},
 {label:"部门",col:1},{label:"年度",col:2,num:true},
 {label:"规则",col:3,render:function(v){return '<code>'+h(v)+'</code>'}},
 {label:"级别",col:4,render:function(v){return '<span class="sev sev-'+h(v)+'">'+h(SEV[v]||v)+'</span>'}},
 {label:"事项",col:5},{label:"报告值",col:6,num:true},{label:"核算值",col:7,num:true},{label:"单位",col:8},
 {label:"差额（元）",col:9,num:true},{label:"页",col:10,num:true},{label:"行",col:11,num:true},
 {label:"说明",col:12},{label:"复核",col:14}
],F,{size:50,placeholder:"筛选发现：部门、事项、说明、文件名…",selects:[{col:4,label:"级别",show:function(v){return SEV[v]||v}},{col:3,label:"规则"},{col:2,label:"年度"}]});
var ST={"ok":"已读取","partial":"部分读取","needs_ocr":"需OCR","encrypted":"加密","unsupported":"格式不支持","not_report":"非评价报告","error":"读取出错"};
Tbl("reports",[
 {label:"文件",col:0,render:function(v,r){return '<a href="'+h(r[9])+'">'+h(v)+'</a>'}},
 {label:"部门",col:1},{label:"年度",col:2,num:true},
 {label:"状态",col:3,render:function(v,r){return h(ST[v]||v)+(r[10]?'<div class="note">'+h(r[10])+'</div>':'')}},
 {label:"自评总分",col:4,num:true},{label:"重算总分",col:5,num:true},{label:"等级",col:6},
 {label:"错误",col:7,num:true},{label:"警告",col:8,num:true}
],R,{size:50,placeholder:"筛选文件：部门、文件名…",selects:[{col:3,label:"状态",show:function(v){return ST[v]||v}},{col:2,label:"年度"}]});
</script></body></html>
"#,
    );
    s
}

/// The index's plots.
fn plots(folder: &Folder) -> String {
    let (r, f) = (&folder.reports, &folder.findings);
    let mut s = String::new();
    // claimed vs recomputed totals
    let pts: Vec<(f64, f64, String)> = r
        .rows
        .iter()
        .filter_map(|row| {
            let c = number(r.get(row, "claimed_total"))?;
            let x = number(r.get(row, "recomputed_total"))?;
            let name = r.get(row, "department");
            let name = if name.is_empty() { r.get(row, "file") } else { name };
            Some((c, x, name.to_string()))
        })
        .collect();
    if !pts.is_empty() {
        let lo = pts
            .iter()
            .flat_map(|p| [p.0, p.1])
            .fold(100.0f64, f64::min)
            .clamp(0.0, 80.0);
        let lo = (lo / 10.0).floor() * 10.0;
        let hi = pts.iter().flat_map(|p| [p.0, p.1]).fold(100.0f64, f64::max);
        s.push_str(&svg::scatter(
            &format!("自评总分与重算总分（{} 份；红点相差超过0.5分）", pts.len()),
            &pts,
            lo,
            hi,
        ));
    }
    // distribution of claimed totals
    let totals: Vec<f64> = r
        .rows
        .iter()
        .filter_map(|row| number(r.get(row, "claimed_total")))
        .collect();
    if !totals.is_empty() {
        let min = totals.iter().copied().fold(100.0f64, f64::min);
        let start = ((min / 2.0).floor() * 2.0).clamp(0.0, 98.0);
        let mut bins: Vec<(String, usize)> = Vec::new();
        let mut x = start;
        while x < 100.0 {
            bins.push((format!("{}", x as i64), 0));
            x += 2.0;
        }
        for t in &totals {
            let i = (((t - start) / 2.0).floor().max(0.0) as usize).min(bins.len().saturating_sub(1));
            if let Some(b) = bins.get_mut(i) {
                b.1 += 1;
            }
        }
        s.push_str(&svg::vbars(
            &format!("自评总分分布（{} 份，每2分一档）", totals.len()),
            &bins,
            "#2E6DB4",
            "自评总分（档的下限）",
        ));
    }
    let bars = |csv: &Csv, col: &str, top: usize| -> Vec<(String, usize)> {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for row in &csv.rows {
            let v = csv.get(row, col);
            if !v.is_empty() {
                *m.entry(v.to_string()).or_default() += 1;
            }
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(top);
        v
    };
    let grades = bars(r, "claimed_grade", 12);
    if !grades.is_empty() {
        s.push_str(&svg::hbars("自评等级（报告所写）", &grades, "#5b8def"));
    }
    let rules: Vec<(String, usize)> = bars(f, "rule", 30)
        .into_iter()
        .map(|(k, n)| {
            let name = rule_name(&k);
            (if name.is_empty() { k } else { format!("{k} {name}") }, n)
        })
        .collect();
    s.push_str(&svg::hbars("各规则的发现数", &rules, "#c0392b"));
    let mut years = bars(f, "year", 40);
    years.sort_by(|a, b| a.0.cmp(&b.0));
    if !years.is_empty() {
        s.push_str(&svg::hbars("各年度的发现数", &years, "#d68910"));
    }
    let depts = bars(f, "department", 20);
    if !depts.is_empty() {
        s.push_str(&svg::hbars("发现最多的部门（前20）", &depts, "#7d3c98"));
    }
    s
}

static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d[\d,]*(?:\.\d+)?%?").unwrap_or_else(|_| unreachable!()));

/// The source lines of a file as jxcheck numbers them (physical lines of
/// a text file, running lines of a PDF), when the file is still there with
/// the bytes the scan read.
fn source_lines(path: &Path, sha256: &str) -> Result<BTreeMap<u32, String>, String> {
    if !path.is_file() {
        return Err("原文件已不在原处，以下为检查时摘录的证据".into());
    }
    let ing = ingest::read(path);
    if !sha256.is_empty() && ing.sha256 != sha256 {
        return Err("原文件自检查后已改动，以下为检查时摘录的证据".into());
    }
    let Some(mut doc) = ing.doc else {
        return Err("原文件无法读取，以下为检查时摘录的证据".into());
    };
    doc.materialize();
    let mut out = BTreeMap::new();
    for p in &doc.pages {
        for l in &p.lines {
            let text: Vec<&str> = l
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .filter(|t| !t.is_empty())
                .collect();
            out.insert(l.number, text.join(" │ "));
        }
    }
    Ok(out)
}

/// A line of source with the claimed and expected numbers marked, other
/// numbers in bold.
fn mark_numbers(line: &str, claimed: &str, expected: &str) -> String {
    let mut o = String::new();
    let mut last = 0;
    for m in NUM.find_iter(line) {
        o.push_str(&esc(&line[last..m.start()]));
        let t = m.as_str();
        let bare = t.trim_end_matches('%').replace(',', "");
        let class = if !claimed.is_empty() && (bare == claimed || t == claimed) {
            "<mark>"
        } else if !expected.is_empty() && (bare == expected || t == expected) {
            "<mark class=e>"
        } else {
            "<b class=n>"
        };
        let close = if class.starts_with("<mark") { "</mark>" } else { "</b>" };
        let _ = write!(o, "{class}{}{close}", esc(t));
        last = m.end();
    }
    o.push_str(&esc(&line[last..]));
    o
}

/// `file:///abs/path` with the characters a URL cannot hold escaped.
fn file_url(path: &Path) -> String {
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut o = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => o.push(b as char),
            _ => {
                let _ = write!(o, "%{b:02X}");
            }
        }
    }
    o
}

type Rng = std::ops::Range<usize>;

/// One report's page.
fn report_page(folder: &Folder, i: usize, fr: Rng, sr: Rng, ir: Rng, pr: Rng, root: &Path) -> String {
    let r = &folder.reports;
    let row = &r.rows[i];
    let g = |c: &str| r.get(row, c);
    let file = g("file");
    let path: PathBuf = {
        let p = Path::new(file);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            root.join(p)
        }
    };
    let is_pdf = g("format") == "pdf";
    let title = if g("department").is_empty() {
        file.to_string()
    } else {
        format!("{} {} — {}", g("department"), g("year"), file)
    };
    let mut s = head(&title, "");
    let _ = write!(
        s,
        "<header><h1>{}</h1><p>{} · {}</p></header><main><p class=\"crumbs\"><a href=\"../index.html\">← 返回总览</a></p>",
        esc(if g("department").is_empty() { file } else { g("department") }),
        esc(file),
        esc(g("report_kind"))
    );
    // summary
    s.push_str("<section class=\"box\"><h2>报告概况</h2><dl class=\"kv\">");
    let kv = |s: &mut String, k: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
    };
    kv(&mut s, "文件", file);
    kv(&mut s, "部门", g("department"));
    kv(&mut s, "年度", g("year"));
    kv(&mut s, "报告类型", g("report_kind"));
    kv(
        &mut s,
        "状态",
        &format!("{}（{}）", status_name(g("status")), g("status")),
    );
    kv(&mut s, "说明", g("error"));
    kv(
        &mut s,
        "格式 / 编码 / 页数",
        &[g("format"), g("encoding"), g("pages")].join(" / "),
    );
    kv(&mut s, "评分办法", g("rubric"));
    kv(&mut s, "自评总分", g("claimed_total"));
    kv(&mut s, "重算总分", g("recomputed_total"));
    kv(&mut s, "自评等级", g("claimed_grade"));
    kv(&mut s, "错误 / 警告", &format!("{} / {}", g("errors"), g("warnings")));
    kv(&mut s, "sha256", g("sha256"));
    s.push_str("</dl>");
    if path.is_file() {
        let _ = write!(s, "<p><a href=\"{}\">打开原文件</a></p>", esc(&file_url(&path)));
    }
    s.push_str("</section>");
    // findings with context
    let f = &folder.findings;
    let _ = write!(s, "<section class=\"box\"><h2>发现（{} 条）</h2>", fr.len());
    if fr.is_empty() {
        s.push_str("<p>本报告未发现矛盾。</p>");
    }
    let src = if fr.is_empty() {
        Err(String::new())
    } else {
        source_lines(&path, g("sha256"))
    };
    for fi in fr {
        let x = &f.rows[fi];
        let fg = |c: &str| f.get(x, c);
        let sev = fg("severity");
        let _ = write!(
            s,
            "<div class=\"finding {0}\" id=\"{1}\"><div><span class=\"sev sev-{0}\">{2}</span> <code>{3}</code> {4}<p class=\"msg\">{5}</p><dl class=\"kv\">",
            esc(sev),
            esc(fg("id")),
            esc(sev_name(sev)),
            esc(fg("rule")),
            esc(rule_name(fg("rule"))),
            esc(fg("message"))
        );
        kv(&mut s, "事项", fg("item"));
        kv(&mut s, "报告值", &format!("{} {}", fg("claimed"), fg("unit")));
        kv(&mut s, "核算值", &format!("{} {}", fg("expected"), fg("unit")));
        kv(&mut s, "差额", fg("difference"));
        kv(&mut s, "金额差（元）", fg("amount_yuan"));
        kv(&mut s, "所属项目", fg("part"));
        kv(&mut s, "章节", fg("section"));
        let place = match (fg("page"), fg("line")) {
            ("", l) => format!("第{l}行"),
            (p, l) => format!("第{p}页（全文第{l}行）"),
        };
        kv(&mut s, "位置", &place);
        kv(&mut s, "复核", fg("review"));
        kv(&mut s, "编号", fg("id"));
        s.push_str("</dl>");
        if is_pdf && !fg("page").is_empty() && path.is_file() {
            let _ = write!(
                s,
                "<p><a href=\"{}#page={}\">在PDF中打开第{}页</a></p>",
                esc(&file_url(&path)),
                esc(fg("page")),
                esc(fg("page"))
            );
        }
        s.push_str("</div><div><div class=\"src\">");
        let line: u32 = fg("line").parse().unwrap_or(0);
        let (claimed, expected) = (fg("claimed"), fg("expected"));
        match &src {
            Ok(lines) if lines.contains_key(&line) => {
                for (n, text) in lines.range(line.saturating_sub(CONTEXT)..=line + CONTEXT) {
                    let _ = write!(
                        s,
                        "<div{}><i>{n}</i><span>{}</span></div>",
                        if *n == line { " class=\"hit\"" } else { "" },
                        if *n == line {
                            mark_numbers(text, claimed, expected)
                        } else {
                            esc(text)
                        }
                    );
                }
            }
            other => {
                let _ = write!(
                    s,
                    "<div class=\"hit\"><i>{line}</i><span>{}</span></div>",
                    mark_numbers(fg("evidence"), claimed, expected)
                );
                if let Err(why) = other {
                    if !why.is_empty() {
                        let _ = write!(s, "<div><i></i><span class=\"note\">{}</span></div>", esc(why));
                    }
                }
            }
        }
        s.push_str("</div><p class=\"note\">黄色：报告值；绿色：核算值；左侧为行号。</p></div></div>");
    }
    s.push_str("</section>");
    // scorecard
    if !sr.is_empty() {
        let sc = &folder.scores;
        let _ = write!(
            s,
            "<section class=\"box\"><h2>评分表与重算（{} 行）</h2><p class=\"note\">重算得分与自评不同的行以红底标出。</p><table><thead><tr><th>项目</th><th>一级指标</th><th>二级指标</th><th>指标</th><th>分值</th><th>自评</th><th>重算</th><th>依据</th><th>位置</th></tr></thead><tbody>",
            sr.len()
        );
        for si in sr {
            let x = &sc.rows[si];
            let c = |k: &str| sc.get(x, k);
            let off =
                matches!((number(c("claimed")), number(c("recomputed"))), (Some(a), Some(b)) if (a - b).abs() > 0.005);
            let _ = write!(
                s,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=note>{}</td><td class=num>{}</td></tr>",
                if off { " class=off" } else { "" },
                esc(c("part")),
                esc(c("level1")),
                esc(c("level2")),
                esc(c("indicator")),
                esc(c("points")),
                esc(c("claimed")),
                esc(c("recomputed")),
                esc(c("basis")),
                esc(&place_of(c("page"), c("line")))
            );
        }
        s.push_str("</tbody></table></section>");
    }
    // forms
    if !pr.is_empty() {
        let pj = &folder.projects;
        let _ = write!(
            s,
            "<section class=\"box\"><h2>自评表（{} 张）</h2><table><thead><tr><th>项目</th><th>表式</th><th>全年预算数（元）</th><th>执行数（元）</th><th>执行率 所列/重算</th><th>预算执行得分</th><th>总分 自评/重算</th><th>指标/未达标</th><th>错误/警告</th><th>位置</th></tr></thead><tbody>",
            pr.len()
        );
        for pi in pr {
            let x = &pj.rows[pi];
            let c = |k: &str| pj.get(x, k);
            let pct = |v: &str| number(v).map(|n| format!("{:.2}%", n * 100.0)).unwrap_or_default();
            let off = matches!((number(c("claimed_total")), number(c("recomputed_total"))), (Some(a), Some(b)) if (a - b).abs() > 0.005);
            let _ = write!(
                s,
                "<tr{}><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{} / {}</td><td class=num>{} / {}</td><td class=num>{} / {}</td><td class=num>{} / {}</td><td class=num>{} / {}</td><td class=num>{}</td></tr>",
                if off { " class=off" } else { "" },
                esc(c("part")),
                esc(c("form")),
                esc(c("budget_annual")),
                esc(c("spent")),
                esc(&pct(c("rate_claimed"))),
                esc(&pct(c("rate_recomputed"))),
                esc(c("money_score")),
                esc(c("money_points")),
                esc(c("claimed_total")),
                esc(c("recomputed_total")),
                esc(c("indicators")),
                esc(c("indicators_missed")),
                esc(c("errors")),
                esc(c("warnings")),
                esc(&place_of(c("page"), c("line")))
            );
        }
        s.push_str("</tbody></table></section>");
    }
    // indicators
    if !ir.is_empty() {
        let it = &folder.indicators;
        let _ = write!(
            s,
            "<section class=\"box\"><h2>绩效指标（{} 行）</h2><p class=\"note\">实际未达目标的行以橙底标出。</p><table><thead><tr><th>项目</th><th>一级指标</th><th>二级指标</th><th>指标</th><th>目标值</th><th>实际值</th><th>达成</th><th>位置</th></tr></thead><tbody>",
            ir.len()
        );
        for ii in ir {
            let x = &it.rows[ii];
            let c = |k: &str| it.get(x, k);
            let met = match c("met") {
                "yes" => "是",
                "no" => "否",
                _ => "不明",
            };
            let _ = write!(
                s,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{met}</td><td class=num>{}</td></tr>",
                if c("met") == "no" { " class=miss" } else { "" },
                esc(c("part")),
                esc(c("level1")),
                esc(c("level2")),
                esc(c("indicator")),
                esc(c("target")),
                esc(c("actual")),
                esc(&place_of(c("page"), c("line")))
            );
        }
        s.push_str("</tbody></table></section>");
    }
    s.push_str("</main></body></html>\n");
    s
}

fn place_of(page: &str, line: &str) -> String {
    match page {
        "" => format!("第{line}行"),
        p => format!("第{p}页·{line}"),
    }
}
