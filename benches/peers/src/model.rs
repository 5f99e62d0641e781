//! The decision's typed input and output, shared by every engine: the case generator makes
//! `Case`s, every engine's answer is brought to an `Answer` (outside the timed loops) and
//! compared with the hand-written one.

/// A calendar date. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub const fn new(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Reads `YYYY-MM-DD` (the digits only: the generator makes valid dates).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        Some(Date {
            year: i32::try_from(num(&b[0..4])?).ok()?,
            month: num(&b[5..7])?,
            day: num(&b[8..10])?,
        })
    }

    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whole years from `from` to `to` by the birthday rule (a 29 February birthday comes on
/// 1 March in a common year), as Onramp's `years_between`.
pub fn years_between(from: Date, to: Date) -> i32 {
    let mut years = to.year - from.year;
    if (to.month, to.day) < (from.month, from.day) {
        years -= 1;
    }
    years
}

/// The monthly poverty line in cents for a family size, from the dated table of
/// `rules/wioa/parameters.toml` (both entries start on 1 January). Before 2025 Onramp has
/// no entry in force and says "undetermined"; the peers use the 2025 figures there. Every
/// generated case is decided on 2026-11-23.
pub fn poverty_line_monthly_cents(as_of: Date, size: i64) -> i64 {
    let (table, beyond) = if as_of.year >= 2026 {
        (&POVERTY_LINE_2026, BEYOND_2026)
    } else {
        (&POVERTY_LINE_2025, BEYOND_2025)
    };
    match usize::try_from(size) {
        Ok(n @ 1..=8) => table[n - 1],
        _ => table[7] + beyond * (size - 8),
    }
}

pub const POVERTY_LINE_2025: [i64; 8] = [
    130416, 176250, 222083, 267916, 313750, 359583, 405416, 451250,
];
pub const BEYOND_2025: i64 = 45833;
pub const POVERTY_LINE_2026: [i64; 8] = [
    133000, 180333, 227666, 275000, 322333, 369666, 417000, 464333,
];
pub const BEYOND_2026: i64 = 47333;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectiveService {
    Registered,
    Exempt,
    NotRegistered,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Military {
    Veteran,
    EligibleSpouse,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum School {
    None,
    AdultHse,
    Secondary,
    Postsecondary,
}

/// The listed youth barriers, in the order of the rule set's `barriers` values.
pub const BARRIERS: [&str; 5] = [
    "homeless",
    "foster_care",
    "pregnant_or_parenting",
    "disability",
    "offender",
];

/// One person's facts. Every fact is known except the Selective Service status, which the
/// generator leaves out where it does not matter (women, men born before 1960).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub date_of_birth: Date,
    pub sex_at_birth: Sex,
    pub work_authorized: bool,
    pub selective_service: Option<SelectiveService>,
    pub military: Military,
    pub public_assistance: bool,
    pub reading_score: i64,
    pub school: School,
    pub has_diploma: bool,
    /// Bit `i` set: the person has barrier `BARRIERS[i]`.
    pub barriers: u8,
    pub training_credential: bool,
    pub needs_transportation: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    pub size: i64,
    pub family_monthly_income_cents: i64,
    pub children_under_13: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub household: Household,
    pub person: Person,
}

/// The status of a ladder step that is among the next ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Ready,
    Blocked,
}

pub const STEPS: [&str; 3] = ["hse", "training", "job"];

/// What every engine must agree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub adult_eligible: bool,
    /// The WIOA Adult priority group, 1 to 4, when eligible.
    pub adult_priority: Option<u8>,
    pub youth_eligible: bool,
    pub transportation_needed: bool,
    pub transportation_eligible: bool,
    pub child_care_needed: bool,
    /// For each step of `STEPS`: `Some` when it is one of the ladder's next steps.
    pub next: [Option<Next>; 3],
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }
}

impl SelectiveService {
    pub fn as_str(self) -> &'static str {
        match self {
            SelectiveService::Registered => "registered",
            SelectiveService::Exempt => "exempt",
            SelectiveService::NotRegistered => "not_registered",
        }
    }
}

impl Military {
    pub fn as_str(self) -> &'static str {
        match self {
            Military::Veteran => "veteran",
            Military::EligibleSpouse => "eligible_spouse",
            Military::None => "none",
        }
    }
}

impl School {
    pub fn as_str(self) -> &'static str {
        match self {
            School::None => "none",
            School::AdultHse => "adult_hse",
            School::Secondary => "secondary",
            School::Postsecondary => "postsecondary",
        }
    }
}

impl Next {
    pub fn as_str(self) -> &'static str {
        match self {
            Next::Ready => "ready",
            Next::Blocked => "blocked",
        }
    }

    pub fn parse(text: &str) -> Option<Next> {
        match text {
            "ready" => Some(Next::Ready),
            "blocked" => Some(Next::Blocked),
            _ => None,
        }
    }
}

/// Money as cents from `"1803.33"`, `"1803.3"` or `"1803"`.
pub fn parse_cents(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(whole * 100 + frac)
}

pub fn format_cents(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
