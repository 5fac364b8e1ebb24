//! The set of scores a rule allows: a sorted union of closed intervals (a
//! tier's score is a one-point interval, a judgement part a whole range), with
//! the sum of two sets and the tests the checks need.

use crate::num::{plain, Interval};
use rust_decimal::Decimal;

/// More pieces than this are merged into their hull (sums of many tiered
/// parts); the hull only widens what is allowed, never narrows it.
const MAX_PIECES: usize = 256;

/// A union of closed intervals, sorted and disjoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(Vec<Interval>);

impl Values {
    pub fn none() -> Self {
        Values(Vec::new())
    }

    pub fn point(v: Decimal) -> Self {
        Values(vec![Interval::exact(v)])
    }

    pub fn range(lo: Decimal, hi: Decimal) -> Self {
        Values(vec![Interval {
            lo: lo.min(hi),
            hi: hi.max(lo),
        }])
    }

    pub fn of(pieces: impl IntoIterator<Item = Interval>) -> Self {
        let mut v: Vec<Interval> = pieces.into_iter().collect();
        v.sort_by_key(|a| (a.lo, a.hi));
        let mut out: Vec<Interval> = Vec::with_capacity(v.len());
        for iv in v {
            match out.last_mut() {
                Some(last) if iv.lo <= last.hi => last.hi = last.hi.max(iv.hi),
                _ => out.push(iv),
            }
        }
        if out.len() > MAX_PIECES {
            let (lo, hi) = (out[0].lo, out[out.len() - 1].hi);
            out = vec![Interval { lo, hi }];
        }
        Values(out)
    }

    pub fn pieces(&self) -> &[Interval] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn union(&self, o: &Values) -> Values {
        Values::of(self.0.iter().chain(&o.0).copied())
    }

    /// Every sum of one value from each set.
    pub fn plus(&self, o: &Values) -> Values {
        Values::of(self.0.iter().flat_map(|a| o.0.iter().map(move |b| *a + *b)))
    }

    /// The part inside `[lo, hi]`.
    pub fn within(&self, lo: Decimal, hi: Decimal) -> Values {
        Values::of(self.0.iter().filter(|i| i.hi >= lo && i.lo <= hi).map(|i| Interval {
            lo: i.lo.max(lo),
            hi: i.hi.min(hi),
        }))
    }

    pub fn min(&self) -> Option<Decimal> {
        self.0.first().map(|i| i.lo)
    }

    pub fn max(&self) -> Option<Decimal> {
        self.0.last().map(|i| i.hi)
    }

    /// Some allowed value lies in `iv`.
    pub fn meets(&self, iv: Interval) -> bool {
        self.0.iter().any(|p| p.overlaps(iv))
    }

    /// A single value, when that is all the set holds.
    pub fn single(&self) -> Option<Decimal> {
        match self.0.as_slice() {
            [p] if p.lo == p.hi => Some(p.lo),
            _ => None,
        }
    }

    /// Only separate values (tiers, steps), no ranges.
    pub fn is_discrete(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|p| p.lo == p.hi)
    }

    /// The allowed value nearest to `v` from below, else the smallest.
    pub fn at_or_below(&self, v: Decimal) -> Option<Decimal> {
        self.0
            .iter()
            .rev()
            .find(|p| p.lo <= v)
            .map(|p| p.hi.min(v))
            .or_else(|| self.min())
    }

    /// `{1, 2, 4, 6}`, `[0, 1.94]`, `{0} ∪ [1, 2]`, rounded to 4 decimals.
    pub fn describe(&self) -> String {
        if self.0.is_empty() {
            return "∅".into();
        }
        let r = |d: Decimal| plain(d.round_dp(4));
        if self.is_discrete() {
            let v: Vec<String> = self.0.iter().map(|p| r(p.lo)).collect();
            return format!("{{{}}}", v.join(", "));
        }
        self.0
            .iter()
            .map(|p| {
                if p.lo == p.hi {
                    format!("{{{}}}", r(p.lo))
                } else {
                    format!("[{}, {}]", r(p.lo), r(p.hi))
                }
            })
            .collect::<Vec<_>>()
            .join(" ∪ ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn sums_of_tiers_and_ranges() {
        let tiers = Values::of([d("3"), d("2"), d("0")].map(Interval::exact));
        let two = tiers.plus(&tiers);
        assert_eq!(two.describe(), "{0, 2, 3, 4, 5, 6}");
        let judged = Values::range(d("0"), d("1"));
        assert_eq!(Values::point(d("0.94")).plus(&judged).describe(), "[0.94, 1.94]");
        assert_eq!(tiers.plus(&judged).describe(), "[0, 1] ∪ [2, 4]");
        assert!(!two.meets(Interval::exact(d("1"))) && two.meets(Interval::exact(d("5"))));
        assert_eq!(two.at_or_below(d("5.33")), Some(d("5")));
        assert_eq!(two.within(d("0"), d("3")).describe(), "{0, 2, 3}");
    }
}
