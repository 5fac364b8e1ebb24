//! jxcheck reads published budget-performance self-evaluation reports
//! (部门整体支出绩效自评报告), re-does their arithmetic and scoring, and says
//! where a report contradicts itself.
//!
//! The pipeline, one folder per stage, in reading order:
//! `ingest` (find files, sniff, decode) → `normalize` (one line model, debris
//! removed) → `segment` (headings, section tree) → `extract` (what the report
//! states) → `output` (the CSV files). `pipeline` runs one file through the
//! stages, `run` runs many in parallel. Domain knowledge lives in `patterns/`.

pub mod check;
pub mod cmd;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod num;
pub mod output;
pub mod patterns;
pub mod pipeline;
pub mod report;
pub mod review;
pub mod rubric;
pub mod run;
pub mod segment;
pub mod shard;
pub mod state;
pub mod synth;
