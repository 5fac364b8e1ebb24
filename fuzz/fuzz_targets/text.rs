//! Fuzzes the text path: any bytes in (UTF-8 with bad bytes, GBK, UTF-16,
//! binary), decoded, split into lines and analysed end to end; never a
//! panic, a hang or memory out of proportion. Seed with corpus/*.txt (see
//! fuzz/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static PATTERNS: OnceLock<jxcheck::patterns::Patterns> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let p = PATTERNS.get_or_init(|| jxcheck::patterns::Patterns::builtin().expect("built-in patterns"));
    if jxcheck::ingest::too_big(data).is_some() {
        return;
    }
    let ingested = jxcheck::ingest::decode(data, Path::new("fuzz.txt"));
    let a = jxcheck::pipeline::analyse_ingested(ingested, p);
    let _ = jxcheck::pipeline::result("fuzz.txt", &a).render();
});
