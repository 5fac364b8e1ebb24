//! Small arithmetic over figure keys, as rubric files write a rule's inputs
//! (`procurement.actual / procurement.budget`,
//! `abs(budget.adjusted - budget.initial) / budget.initial`) and conditions
//! (`procurement.actual > procurement.budget`). Evaluated on rounding
//! intervals, so a result is every value the printed figures allow.

use crate::num::Interval;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(Decimal),
    Key(String),
    Abs(Box<Expr>),
    Bin(Box<Expr>, char, Box<Expr>),
}

/// A comparison between two expressions.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub left: Expr,
    pub op: Cmp,
    pub right: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
}

impl Cmp {
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
        }
    }
}

impl Expr {
    /// Parses `a / (b + c)`, `abs(a - b) / b`, numbers and dotted keys.
    pub fn parse(s: &str) -> Result<Expr, String> {
        let toks = tokens(s)?;
        let mut p = Parser { toks, at: 0 };
        let e = p.sum()?;
        match p.toks.get(p.at) {
            None => Ok(e),
            Some(t) => Err(format!("unexpected {t:?} in {s:?}")),
        }
    }

    /// Every key the expression reads.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Expr::Num(_) => Vec::new(),
            Expr::Key(k) => vec![k.as_str()],
            Expr::Abs(e) => e.keys(),
            Expr::Bin(a, _, b) => {
                let mut v = a.keys();
                v.extend(b.keys());
                v
            }
        }
    }

    /// The range of values, given each key's; None when a key is unknown or
    /// a divisor may be zero.
    pub fn eval(&self, key: &dyn Fn(&str) -> Option<Interval>) -> Option<Interval> {
        Some(match self {
            Expr::Num(n) => Interval::exact(*n),
            Expr::Key(k) => key(k)?,
            Expr::Abs(e) => {
                let v = e.eval(key)?;
                if v.lo >= Decimal::ZERO {
                    v
                } else if v.hi <= Decimal::ZERO {
                    Interval { lo: -v.hi, hi: -v.lo }
                } else {
                    Interval {
                        lo: Decimal::ZERO,
                        hi: v.hi.max(-v.lo),
                    }
                }
            }
            Expr::Bin(a, op, b) => {
                let (x, y) = (a.eval(key)?, b.eval(key)?);
                match op {
                    '+' => x + y,
                    '-' => x - y,
                    '*' => {
                        let c = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi];
                        Interval {
                            lo: c.iter().copied().min()?,
                            hi: c.iter().copied().max()?,
                        }
                    }
                    _ => x.divided_by(y)?,
                }
            }
        })
    }
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Num(n) => write!(f, "{}", crate::num::plain(*n)),
            Expr::Key(k) => write!(f, "{k}"),
            Expr::Abs(e) => write!(f, "abs({e})"),
            Expr::Bin(a, op, b) => {
                let side = |e: &Expr| match e {
                    Expr::Bin(..) => format!("({e})"),
                    _ => e.to_string(),
                };
                write!(f, "{} {op} {}", side(a), side(b))
            }
        }
    }
}

impl Cond {
    /// `a > b`, `a <= b`.
    pub fn parse(s: &str) -> Result<Cond, String> {
        for (sym, op) in [
            (">=", Cmp::Ge),
            ("<=", Cmp::Le),
            ("≥", Cmp::Ge),
            ("≤", Cmp::Le),
            (">", Cmp::Gt),
            ("<", Cmp::Lt),
        ] {
            if let Some((l, r)) = s.split_once(sym) {
                return Ok(Cond {
                    left: Expr::parse(l)?,
                    op,
                    right: Expr::parse(r)?,
                });
            }
        }
        Err(format!("no comparison (>, >=, <, <=) in {s:?}"))
    }

    /// True or false when every value the figures allow agrees; None when
    /// unknown or undecided by rounding.
    pub fn holds(&self, key: &dyn Fn(&str) -> Option<Interval>) -> Option<bool> {
        let (l, r) = (self.left.eval(key)?, self.right.eval(key)?);
        let (always, never) = match self.op {
            Cmp::Gt => (l.lo > r.hi, l.hi <= r.lo),
            Cmp::Ge => (l.lo >= r.hi, l.hi < r.lo),
            Cmp::Lt => (l.hi < r.lo, l.lo >= r.hi),
            Cmp::Le => (l.hi <= r.lo, l.lo > r.hi),
        };
        if always {
            Some(true)
        } else if never {
            Some(false)
        } else {
            None
        }
    }

    pub fn keys(&self) -> Vec<&str> {
        let mut v = self.left.keys();
        v.extend(self.right.keys());
        v
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Decimal),
    Word(String),
    Op(char),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            out.push(Tok::Op(c));
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.') {
                i += 1;
            }
            let t: String = cs[start..i].iter().collect();
            out.push(Tok::Num(t.parse().map_err(|_| format!("bad number {t:?}"))?));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_' || cs[i] == '.') {
                i += 1;
            }
            out.push(Tok::Word(cs[start..i].iter().collect()));
        } else {
            return Err(format!("unexpected {c:?} in {s:?}"));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn op(&mut self, ops: &str) -> Option<char> {
        match self.toks.get(self.at) {
            Some(Tok::Op(c)) if ops.contains(*c) => {
                self.at += 1;
                Some(*c)
            }
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut e = self.product()?;
        while let Some(op) = self.op("+-") {
            e = Expr::Bin(Box::new(e), op, Box::new(self.product()?));
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut e = self.atom()?;
        while let Some(op) = self.op("*/") {
            e = Expr::Bin(Box::new(e), op, Box::new(self.atom()?));
        }
        Ok(e)
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        match t {
            Some(Tok::Num(n)) => Ok(Expr::Num(n)),
            Some(Tok::Op('(')) => {
                let e = self.sum()?;
                self.op(")").ok_or("missing )")?;
                Ok(e)
            }
            Some(Tok::Word(w)) if w == "abs" => {
                self.op("(").ok_or("abs needs (")?;
                let e = self.sum()?;
                self.op(")").ok_or("missing )")?;
                Ok(Expr::Abs(Box::new(e)))
            }
            Some(Tok::Word(w)) => Ok(Expr::Key(w)),
            other => Err(format!("expected a key, number or ( but found {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn evaluates_on_intervals() {
        let figs = |k: &str| match k {
            "a" => Some(Interval {
                lo: d("99"),
                hi: d("101"),
            }),
            "b" => Some(Interval::exact(d("200"))),
            _ => None,
        };
        let e = Expr::parse("abs(a - b) / b").unwrap();
        assert_eq!(e.keys(), vec!["a", "b", "b"]);
        let v = e.eval(&figs).unwrap();
        assert_eq!((v.lo, v.hi), (d("0.495"), d("0.505")));
        assert_eq!(Expr::parse("a / (b + 1) * 2").unwrap().keys(), vec!["a", "b"]);
        assert!(Expr::parse("a / c").unwrap().eval(&figs).is_none());
        assert_eq!(Cond::parse("b > a").unwrap().holds(&figs), Some(true));
        assert_eq!(Cond::parse("a >= 100").unwrap().holds(&figs), None);
        assert!(Expr::parse("a +").is_err() && Cond::parse("a").is_err());
    }
}
