//! Rubric engine: the rules behind each scorecard line — read from the
//! report's printed criteria, else from a library rubric under
//! `patterns/rubrics/` — applied to the figures the report states, giving
//! the scores each rule allows.

pub mod criteria;
pub mod expr;
pub mod inputs;
pub mod rule;
pub mod score;
pub mod target;
pub mod values;

pub use score::{Assessment, Origin, Scoring, Verdict};
