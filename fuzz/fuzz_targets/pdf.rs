//! Fuzzes the PDF entry point: any bytes in, a text or a failure out, never a
//! panic, a hang or unbounded memory. Seed with fixtures/pdf (see fuzz/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jxcheck::ingest::pdf::read(data);
});
