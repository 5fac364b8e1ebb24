//! Exact decimal numbers as printed, and the interval a printed number stands
//! for (spec, "Rounding": a number printed with d decimals is ±0.5·10^-d).
//!
//! Range: a number is read only when it has at most `MAX_DECIMALS` decimals
//! and is below `LIMIT` in size (10^20, far beyond any budget in 元); others
//! stay text in the document and take part in no check, so no sum, product
//! or interval of figures can overflow. The interval arithmetic below is
//! checked all the same: it saturates at the decimal range, never panics.

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

/// Most decimals a number may be printed with to be read as one.
pub const MAX_DECIMALS: u32 = 20;

/// Numbers this large or larger are not read (10^20).
pub const LIMIT: Decimal = Decimal::from_parts(1_661_992_960, 1_808_227_885, 5, false, 0);

impl Printed {
    /// Parses `93.58`, `96`, `1,717`, `-0.5`; None for anything else, and for
    /// numbers out of range (more than `MAX_DECIMALS` decimals, `LIMIT` or more).
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
        let decimals = frac.map_or(0, str::len);
        if decimals > MAX_DECIMALS as usize || int.trim_start_matches('0').len() > 20 {
            return None;
        }
        let value = Decimal::from_str(&plain).ok()?;
        if value.abs() >= LIMIT {
            return None;
        }
        Some(Printed {
            value,
            decimals: decimals as u32,
            raw: t.to_string(),
        })
    }

    /// Half the last printed digit: 0.005 for `93.58`, 0.5 for `96` (the
    /// smallest decimal, 5·10^-28, past 27 decimals).
    pub fn half_ulp(&self) -> Decimal {
        Decimal::try_new(5, self.decimals.saturating_add(1).min(28)).unwrap_or(Decimal::ZERO)
    }

    /// The interval the printed number stands for, `[lo, hi]`.
    pub fn interval(&self) -> Interval {
        let h = self.half_ulp();
        Interval {
            lo: sub(self.value, h),
            hi: add(self.value, h),
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
            lo: mul(self.lo, k),
            hi: mul(self.hi, k),
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
        add(self.lo / Decimal::TWO, self.hi / Decimal::TWO)
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;
    fn sub(self, o: Interval) -> Interval {
        Interval {
            lo: sub(self.lo, o.hi),
            hi: sub(self.hi, o.lo),
        }
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;
    fn add(self, o: Interval) -> Interval {
        Interval {
            lo: add(self.lo, o.lo),
            hi: add(self.hi, o.hi),
        }
    }
}

/// The decimal range's end in the direction of `toward_positive`.
fn end_of_range(toward_positive: bool) -> Decimal {
    if toward_positive {
        Decimal::MAX
    } else {
        Decimal::MIN
    }
}

/// `a + b`, saturating at the decimal range instead of panicking.
pub fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or_else(|| end_of_range(b.is_sign_positive()))
}

/// `a - b`, saturating at the decimal range instead of panicking.
pub fn sub(a: Decimal, b: Decimal) -> Decimal {
    a.checked_sub(b).unwrap_or_else(|| end_of_range(b.is_sign_negative()))
}

/// `a × b`, saturating at the decimal range instead of panicking.
pub fn mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b)
        .unwrap_or_else(|| end_of_range(a.is_sign_negative() == b.is_sign_negative()))
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

    /// Before: 28 decimals or a value near the decimal maximum panicked in
    /// `half_ulp`, `interval` or `scale`.
    #[test]
    fn out_of_range_is_not_read_and_nothing_panics() {
        assert!(Printed::parse("1.0000000000000000000000000001").is_none());
        assert!(Printed::parse("79228162514264337593543950335").is_none());
        assert!(Printed::parse("100000000000000000000").is_none());
        assert!(Printed::parse("99999999999999999999.5").is_some());
        assert!(Printed::parse("0.12345678901234567890").is_some());
        assert_eq!(LIMIT, Decimal::from_str("100000000000000000000").unwrap());
        let p = Printed {
            value: Decimal::MAX,
            decimals: 30,
            raw: String::new(),
        };
        let i = p.interval();
        assert_eq!((i.hi, i.lo <= i.hi), (Decimal::MAX, true));
        assert_eq!(i.scale(Decimal::from(10_000)).hi, Decimal::MAX);
        assert_eq!((Interval::exact(Decimal::MIN) - i).lo, Decimal::MIN);
        assert_eq!((i + i).hi, Decimal::MAX);
        assert!(i.mid() > Decimal::ZERO);
    }
}
