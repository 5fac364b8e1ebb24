//! Prints the scorecards jxcheck reads from a report (a developer's aid).
use jxcheck::extract::scorecard;
use jxcheck::patterns::Patterns;

fn main() {
    let p = Patterns::builtin().expect("patterns");
    for f in std::env::args().skip(1) {
        let a = jxcheck::pipeline::analyse(std::path::Path::new(&f), &p);
        let Some(doc) = a.doc else { continue };
        for c in scorecard::extract(&doc.lines, &p.scores) {
            println!("== {f} header@{}", c.header_index);
            for l in &c.lines {
                let pr = |x: &Option<jxcheck::num::Printed>| x.as_ref().map(|p| p.raw.clone()).unwrap_or("-".into());
                println!(
                    "{}\t{}({})\t{}({})\t{}\t{}\t{}",
                    l.line,
                    l.level1,
                    pr(&l.level1_points),
                    l.level2,
                    pr(&l.level2_points),
                    l.indicator,
                    pr(&l.points),
                    pr(&l.claimed)
                );
            }
            println!(
                "total {:?} grade {:?}",
                c.total.as_ref().map(|t| &t.value.raw),
                c.grade.as_ref().map(|g| &g.value)
            );
        }
    }
}
