//! Exact decimal numbers as printed, and the interval a printed number stands
//! for (spec, "Rounding": a number printed with d decimals is ±0.5·10^-d).

use rust_decimal::Decimal;
use std::str::FromStr;

/// A number as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub value: Decimal,
    /// Digits after the decimal point as printed.
    pub decimals: u32,
    /// The characters as printed.
    pub raw: String,
}

impl Printed {
    /// Parses `93.58`, `96`, `1,717`, `-0.5`; None for anything else.
    pub fn parse(s: &str) -> Option<Printed> {
        let t = s.trim();
        let plain: String = t.chars().filter(|&c| c != ',').collect();
        let body = plain.strip_prefix(['-', '+']).unwrap_or(&plain);
        let mut parts = body.splitn(2, '.');
        let int = parts.next()?;
        let frac = parts.next();
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let value = Decimal::from_str(&plain).ok()?;
        Some(Printed {
            value,
            decimals: frac.map(|f| f.len() as u32).unwrap_or(0),
            raw: t.to_string(),
        })
    }

    /// Half the last printed digit: 0.005 for `93.58`, 0.5 for `96`.
    pub fn half_ulp(&self) -> Decimal {
        Decimal::new(5, self.decimals + 1)
    }

    /// The interval the printed number stands for, `[lo, hi]`.
    pub fn interval(&self) -> Interval {
        Interval {
            lo: self.value - self.half_ulp(),
            hi: self.value + self.half_ulp(),
        }
    }

    /// A score as awarded: whole numbers are exact (points are awarded, not
    /// rounded); numbers with decimals stand for their rounding interval.
    pub fn awarded(&self) -> Interval {
        if self.decimals == 0 {
            Interval::exact(self.value)
        } else {
            self.interval()
        }
    }
}

/// A closed interval of possible values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Interval {
    pub fn exact(v: Decimal) -> Self {
        Interval { lo: v, hi: v }
    }

    /// Some value lies in both (the ends of a rounding interval are treated as
    /// reachable, so a check never fails on a tie).
    pub fn overlaps(self, o: Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }
}

impl Interval {
    /// Both ends times a non-negative factor.
    pub fn scale(self, k: Decimal) -> Interval {
        Interval {
            lo: self.lo * k,
            hi: self.hi * k,
        }
    }

    /// The quotient's range, when the divisor is positive throughout.
    pub fn divided_by(self, d: Interval) -> Option<Interval> {
        if d.lo <= Decimal::ZERO || self.lo < Decimal::ZERO {
            return None;
        }
        Some(Interval {
            lo: self.lo.checked_div(d.hi)?,
            hi: self.hi.checked_div(d.lo)?,
        })
    }

    /// The value nearest to `v` inside the interval.
    pub fn clamp(self, v: Decimal) -> Decimal {
        v.max(self.lo).min(self.hi)
    }

    /// The midpoint.
    pub fn mid(self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;
    fn sub(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo - o.hi,
            hi: self.hi - o.lo,
        }
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;
    fn add(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
        }
    }
}

/// Writes a decimal plainly: no exponent, no trailing zeros after the point.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_intervals() {
        let p = Printed::parse("93.58").unwrap();
        assert_eq!((p.decimals, plain(p.half_ulp())), (2, "0.005".to_string()));
        assert!(Printed::parse("93.6")
            .unwrap()
            .interval()
            .overlaps(Interval::exact(p.value)));
        assert!(!Printed::parse("93.7")
            .unwrap()
            .interval()
            .overlaps(Interval::exact(p.value)));
        assert_eq!(Printed::parse("1,717").unwrap().value, Decimal::from(1717));
        assert_eq!(
            Printed::parse("4").unwrap().awarded(),
            Interval::exact(Decimal::from(4))
        );
        assert!(Printed::parse("4分").is_none() && Printed::parse("").is_none() && Printed::parse("1.").is_none());
        assert_eq!(plain(Decimal::from_str("24.670").unwrap()), "24.67");
    }
}
