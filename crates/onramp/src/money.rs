//! Exact money (integer cents), percentages (hundredths of a percent) and the rational
//! factors of income-frequency conventions. No floating point anywhere.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in whole cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

/// A percentage in hundredths of a percent (130% is 13 000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub i64);

/// A non-negative rational number, used for "periods per year" conventions (52, 26, 51.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    /// Numerator.
    pub num: i128,
    /// Denominator (positive).
    pub den: i128,
}

/// Parses an unsigned or signed decimal with at most `scale` fractional digits into an
/// integer scaled by 10^scale. Accepts `1234`, `1234.5`, `-12.05`; rejects `1e3`, `1,234`.
fn parse_scaled(text: &str, scale: u32) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > scale as usize {
        return None;
    }
    if digits.contains('.') && frac.is_empty() {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..scale as usize {
        frac_value *= 10;
    }
    let value = whole
        .checked_mul(10_i64.checked_pow(scale)?)?
        .checked_add(frac_value)?;
    // Amounts beyond a trillion dollars are input mistakes, and keeping them small keeps
    // every product of two amounts inside i128.
    if value > 100_000_000_000_000 {
        return None;
    }
    Some(if negative { -value } else { value })
}

impl Money {
    /// Parses `1632`, `1632.5` or `1632.50` (dollars, at most two decimals).
    pub fn parse(text: &str) -> Option<Money> {
        parse_scaled(text, 2).map(Money)
    }
    /// Whole dollars; `None` on overflow.
    pub fn from_dollars(dollars: i64) -> Option<Money> {
        dollars.checked_mul(100).map(Money)
    }
    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Percent {
    /// Parses `130`, `130%`, `62.5` (at most two decimals).
    pub fn parse(text: &str) -> Option<Percent> {
        let text = text.trim();
        let text = text.strip_suffix('%').unwrap_or(text);
        parse_scaled(text, 2).map(Percent)
    }
    /// The percentage in hundredths of a percent (130% is 13000).
    pub fn basis_points(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        if abs % 100 == 0 {
            write!(f, "{sign}{}%", abs / 100)
        } else if abs % 10 == 0 {
            write!(f, "{sign}{}.{}%", abs / 100, (abs % 100) / 10)
        } else {
            write!(f, "{sign}{}.{:02}%", abs / 100, abs % 100)
        }
    }
}

impl Ratio {
    /// Parses `52`, `51.6` or `52/12`.
    pub fn parse(text: &str) -> Option<Ratio> {
        let text = text.trim();
        if let Some((n, d)) = text.split_once('/') {
            let n = Ratio::parse(n)?;
            let d = Ratio::parse(d)?;
            if d.num == 0 {
                return None;
            }
            return Some(Ratio::new(n.num * d.den, n.den * d.num));
        }
        let scaled = parse_scaled(text, 6)?;
        if scaled < 0 {
            return None;
        }
        Some(Ratio::new(i128::from(scaled), 1_000_000))
    }

    fn new(num: i128, den: i128) -> Ratio {
        fn gcd(a: i128, b: i128) -> i128 {
            if b == 0 {
                a.abs()
            } else {
                gcd(b, a % b)
            }
        }
        let g = gcd(num, den).max(1);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    pub fn whole(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// Rounds `num / den` (den > 0) to the nearest integer, halves away from zero.
pub(crate) fn round_half_up(num: i128, den: i128) -> i128 {
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den);
    if r * 2 >= den {
        q + 1
    } else {
        q
    }
}

/// Income frequencies and how many of each period make a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub weekly: Ratio,
    pub biweekly: Ratio,
    pub semimonthly: Ratio,
    pub monthly: Ratio,
    pub yearly: Ratio,
}

impl Default for Conversion {
    /// The exact calendar convention (52 weeks, 26 fortnights): weekly to monthly is 52/12.
    fn default() -> Self {
        Conversion {
            weekly: Ratio::whole(52),
            biweekly: Ratio::whole(26),
            semimonthly: Ratio::whole(24),
            monthly: Ratio::whole(12),
            yearly: Ratio::whole(1),
        }
    }
}

impl Conversion {
    pub fn periods_per_year(&self, frequency: &str) -> Option<Ratio> {
        match frequency {
            "weekly" => Some(self.weekly),
            "biweekly" => Some(self.biweekly),
            "semimonthly" => Some(self.semimonthly),
            "monthly" => Some(self.monthly),
            "yearly" | "annual" | "annually" => Some(self.yearly),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_exactly() {
        assert_eq!(Money::parse("1632"), Some(Money(163_200)));
        assert_eq!(Money::parse("1632.5"), Some(Money(163_250)));
        assert_eq!(Money::parse("0.01"), Some(Money(1)));
        assert_eq!(Money::parse("-12.05"), Some(Money(-1205)));
        assert_eq!(Money::parse("1.234"), None);
        assert_eq!(Money::parse("1e3"), None);
        assert_eq!(Money::parse("1,000"), None);
        assert_eq!(Money::parse("12."), None);
        assert_eq!(Money(-1205).to_string(), "-12.05");
    }

    #[test]
    fn percent_and_ratio() {
        assert_eq!(Percent::parse("130%"), Some(Percent(13_000)));
        assert_eq!(Percent::parse("62.5"), Some(Percent(6_250)));
        assert_eq!(Percent(6_250).to_string(), "62.5%");
        assert_eq!(Ratio::parse("52/12"), Some(Ratio { num: 13, den: 3 }));
        assert_eq!(Ratio::parse("51.6"), Some(Ratio { num: 258, den: 5 }));
        assert_eq!(round_half_up(5, 2), 3);
        assert_eq!(round_half_up(-5, 2), -2);
    }
}

/// Serde for a type that is written as text (`Display`) and read back by its `parse`:
/// money, percentages and dates serialize exactly as decisions and cases show them
/// (`"2888.00"`, `"130%"`, `"2026-11-23"`).
macro_rules! serde_as_text {
    ($($ty:ty: $expected:literal),+ $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("expected ", $expected, ", got `{}`"), text))
                })
            }
        }
    )+};
}
pub(crate) use serde_as_text;

serde_as_text!(Money: "an amount of money", Percent: "a percentage");
