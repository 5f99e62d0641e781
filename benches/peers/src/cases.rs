//! Deterministic cases (a small LCG, no `rand`), and each engine's input form.

use crate::model::{
    format_cents, poverty_line_monthly_cents, Case, Date, Household, Military, Person, School,
    SelectiveService, Sex, BARRIERS,
};
use serde_json::{json, Map, Value};

/// Knuth's MMIX linear congruential generator.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + i64::try_from(u64::from(self.next_u32()) % span).unwrap_or(0)
    }

    /// True with probability `percent` in 100.
    fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 99) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let last = i64::try_from(items.len()).unwrap_or(1) - 1;
        items[usize::try_from(self.range(0, last)).unwrap_or(0)]
    }
}

/// Birthdays on and around the boundaries the rules test (as-of 2026-11-23): 14th, 16th,
/// 18th, 21st and 25th birthdays and the days before some of them, the 1960 Selective
/// Service line, leap days.
const BOUNDARY_BIRTHS: [Date; 14] = [
    Date::new(2008, 11, 23),
    Date::new(2008, 11, 24),
    Date::new(2012, 11, 23),
    Date::new(2012, 11, 24),
    Date::new(2010, 11, 23),
    Date::new(2005, 11, 23),
    Date::new(2004, 11, 24),
    Date::new(2001, 11, 24),
    Date::new(2001, 11, 23),
    Date::new(1960, 1, 1),
    Date::new(1959, 12, 31),
    Date::new(2008, 2, 29),
    Date::new(2004, 2, 29),
    Date::new(2000, 11, 22),
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `count` varied cases, the same every run.
pub fn generate(count: usize, as_of: Date) -> Vec<Case> {
    let mut g = Lcg::new(20261123);
    (0..count).map(|_| one(&mut g, as_of)).collect()
}

fn one(g: &mut Lcg, as_of: Date) -> Case {
    let date_of_birth = if g.chance(25) {
        g.pick(&BOUNDARY_BIRTHS)
    } else {
        // Half of them young enough for the youth program.
        let year = if g.chance(50) {
            i32::try_from(g.range(2000, 2013)).unwrap_or(2000)
        } else {
            i32::try_from(g.range(1950, 2008)).unwrap_or(1980)
        };
        let month = u32::try_from(g.range(1, 12)).unwrap_or(1);
        let day = u32::try_from(g.range(1, i64::from(days_in_month(year, month)))).unwrap_or(1);
        Date::new(year, month, day)
    };
    let sex_at_birth = if g.chance(50) { Sex::Male } else { Sex::Female };
    let selective_service = {
        let value = if g.chance(60) {
            SelectiveService::Registered
        } else if g.chance(25) {
            SelectiveService::Exempt
        } else {
            SelectiveService::NotRegistered
        };
        // Left out (unknown) where it does not matter half of the time.
        let matters = sex_at_birth == Sex::Male && date_of_birth >= Date::new(1960, 1, 1);
        (matters || g.chance(50)).then_some(value)
    };
    let military = match g.range(0, 99) {
        0..=14 => Military::Veteran,
        15..=24 => Military::EligibleSpouse,
        _ => Military::None,
    };
    let school = match g.range(0, 99) {
        0..=39 => School::None,
        40..=54 => School::AdultHse,
        55..=84 => School::Secondary,
        _ => School::Postsecondary,
    };
    let reading_score = if g.chance(15) {
        g.pick(&[575, 576])
    } else {
        g.range(300, 800)
    };
    let mut barriers = 0u8;
    for i in 0..BARRIERS.len() {
        if g.chance(10) {
            barriers |= 1 << i;
        }
    }
    let size = if g.chance(10) {
        g.range(9, 11)
    } else {
        g.range(1, 6)
    };
    let line = poverty_line_monthly_cents(as_of, size);
    let family_monthly_income_cents = match g.range(0, 99) {
        0..=9 => line,
        10..=19 => line + 1,
        20..=29 => 0,
        _ => g.range(0, 900_000),
    };
    let children_under_13 = if g.chance(50) { 0 } else { g.range(1, 3) };
    Case {
        household: Household {
            size,
            family_monthly_income_cents,
            children_under_13,
        },
        person: Person {
            date_of_birth,
            sex_at_birth,
            work_authorized: g.chance(90),
            selective_service,
            military,
            public_assistance: g.chance(30),
            reading_score,
            school,
            has_diploma: g.chance(60),
            barriers,
            training_credential: g.chance(30),
            needs_transportation: g.chance(40),
        },
    }
}

fn barrier_list(mask: u8) -> Value {
    BARRIERS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, b)| Value::from(*b))
        .collect()
}

/// The case as Onramp (and the hand-written JSON function) read it.
pub fn onramp_json(case: &Case) -> Value {
    let h = &case.household;
    let p = &case.person;
    let mut person = Map::new();
    person.insert("date_of_birth".into(), p.date_of_birth.to_iso().into());
    person.insert("sex_at_birth".into(), p.sex_at_birth.as_str().into());
    person.insert("work_authorized".into(), p.work_authorized.into());
    if let Some(s) = p.selective_service {
        person.insert("selective_service".into(), s.as_str().into());
    }
    person.insert("military".into(), p.military.as_str().into());
    person.insert("public_assistance".into(), p.public_assistance.into());
    person.insert("reading_score".into(), p.reading_score.into());
    person.insert("school".into(), p.school.as_str().into());
    person.insert("has_diploma".into(), p.has_diploma.into());
    person.insert("barriers".into(), barrier_list(p.barriers));
    person.insert("training_credential".into(), p.training_credential.into());
    person.insert("needs_transportation".into(), p.needs_transportation.into());
    json!({
        "household": {
            "household_size": h.size,
            "family_monthly_income": format_cents(h.family_monthly_income_cents),
            "children_under_13": h.children_under_13,
        },
        "persons": [Value::Object(person)],
    })
}

/// The case as the zen-engine graph and the JsonLogic rule read it: one flat object, the
/// decision date in it, money as integer cents (neither engine has exact decimal money from
/// JSON numbers; JsonLogic computes in f64, exact for integers).
pub fn peer_json(case: &Case, as_of: Date) -> Value {
    let h = &case.household;
    let p = &case.person;
    let mut m = Map::new();
    m.insert("as_of".into(), as_of.to_iso().into());
    m.insert("household_size".into(), h.size.into());
    m.insert(
        "family_monthly_income_cents".into(),
        h.family_monthly_income_cents.into(),
    );
    m.insert("children_under_13".into(), h.children_under_13.into());
    m.insert("date_of_birth".into(), p.date_of_birth.to_iso().into());
    m.insert("sex_at_birth".into(), p.sex_at_birth.as_str().into());
    m.insert("work_authorized".into(), p.work_authorized.into());
    if let Some(s) = p.selective_service {
        m.insert("selective_service".into(), s.as_str().into());
    }
    m.insert("military".into(), p.military.as_str().into());
    m.insert("public_assistance".into(), p.public_assistance.into());
    m.insert("reading_score".into(), p.reading_score.into());
    m.insert("school".into(), p.school.as_str().into());
    m.insert("has_diploma".into(), p.has_diploma.into());
    m.insert("barriers".into(), barrier_list(p.barriers));
    m.insert("training_credential".into(), p.training_credential.into());
    m.insert("needs_transportation".into(), p.needs_transportation.into());
    Value::Object(m)
}
