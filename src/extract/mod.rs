//! Extract: what a report states. For now its identity (department, year,
//! kind); later issues add budget figures, scorecards and indicator tables.

pub mod meta;
