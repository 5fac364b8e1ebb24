//! Writes one input of the doubling benchmark (scripts/bench-linear.sh):
//! `linear_input KIND BYTES OUT` with KIND `mix` (hostile mix), `typical`
//! (the corpus reports repeated), `short` (short lines) or `row` (one table
//! row of BYTES cells).

use jxcheck::synth::hostile;
use std::path::Path;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let [kind, n, out] = &a[..] else {
        eprintln!("usage: linear_input mix|typical|short|row BYTES OUT");
        std::process::exit(1);
    };
    let n: usize = n.parse().expect("BYTES is a number");
    let text = match kind.as_str() {
        "mix" => hostile::mix(n),
        "typical" => hostile::typical(
            &hostile::corpus_text(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("corpus/"),
            n,
        ),
        "short" => hostile::short_lines(n),
        "row" => hostile::wide_row(n),
        _ => panic!("unknown kind {kind}"),
    };
    std::fs::write(out, text).expect("write OUT");
}
