//! The decision written by hand in Rust: the practical floor. Two-valued (every fact the
//! generator gives is known), no explanations, no next questions.

use crate::model::{
    poverty_line_monthly_cents, years_between, Answer, Case, Date, Household, Military, Next,
    Person, School, SelectiveService, Sex, BARRIERS,
};
use serde_json::Value;
use std::fmt::Write;

const SELECTIVE_SERVICE_BIRTH: Date = Date::new(1960, 1, 1);

/// Typed in, typed out.
pub fn decide(case: &Case, as_of: Date) -> Answer {
    let p = &case.person;
    let h = &case.household;
    let age = years_between(p.date_of_birth, as_of);

    let selective_service_ok = p.sex_at_birth != Sex::Male
        || p.date_of_birth < SELECTIVE_SERVICE_BIRTH
        || age < 18
        || matches!(
            p.selective_service,
            Some(SelectiveService::Registered | SelectiveService::Exempt)
        );
    let general = p.work_authorized && selective_service_ok;

    let low_income = h.family_monthly_income_cents <= poverty_line_monthly_cents(as_of, h.size);
    let basic_skills_deficient = p.reading_score <= 575;
    let covered = matches!(p.military, Military::Veteran | Military::EligibleSpouse);
    let need = p.public_assistance || low_income || basic_skills_deficient;

    let adult_eligible = age >= 18 && general;
    let adult_priority = adult_eligible.then_some(match (covered, need) {
        (true, true) => 1,
        (false, true) => 2,
        (true, false) => 3,
        (false, false) => 4,
    });

    let out_of_school = matches!(p.school, School::None | School::AdultHse);
    let listed_barrier = p.barriers != 0;
    let out_of_school_youth = out_of_school
        && (16..=24).contains(&age)
        && (!p.has_diploma || (low_income && basic_skills_deficient) || listed_barrier);
    let in_school_youth = !out_of_school
        && (14..=21).contains(&age)
        && low_income
        && (basic_skills_deficient || listed_barrier);
    let youth_eligible = general && (out_of_school_youth || in_school_youth);

    // The ladder: HSE (done with a diploma) → training (needs the diploma, done with the
    // credential) → job (needs the credential and work authorization, never "done").
    let hse = (!p.has_diploma).then_some(Next::Ready);
    let training = (p.has_diploma && !p.training_credential).then_some(Next::Ready);
    let job = p.training_credential.then_some(if p.work_authorized {
        Next::Ready
    } else {
        Next::Blocked
    });

    Answer {
        adult_eligible,
        adult_priority,
        youth_eligible,
        transportation_needed: p.needs_transportation,
        transportation_eligible: low_income,
        child_care_needed: h.children_under_13 >= 1,
        next: [hse, training, job],
    }
}

/// JSON value in (the same case JSON Onramp reads), JSON text out.
pub fn decide_json(case: &Value, as_of: Date) -> String {
    match read_case(case) {
        Ok(typed) => write_answer(&decide(&typed, as_of)),
        Err(field) => format!(r#"{{"error":"missing or malformed `{field}`"}}"#),
    }
}

fn read_case(case: &Value) -> Result<Case, &'static str> {
    let h = &case["household"];
    let p = &case["persons"][0];
    let int = |v: &Value, key: &'static str| v[key].as_i64().ok_or(key);
    let boolean = |v: &Value, key: &'static str| v[key].as_bool().ok_or(key);
    fn text<'v>(v: &'v Value, key: &'static str) -> Result<&'v str, &'static str> {
        v[key].as_str().ok_or(key)
    }
    let household = Household {
        size: int(h, "household_size")?,
        family_monthly_income_cents: match &h["family_monthly_income"] {
            Value::String(s) => crate::model::parse_cents(s),
            Value::Number(n) => n.as_i64().map(|d| d * 100),
            _ => None,
        }
        .ok_or("family_monthly_income")?,
        children_under_13: int(h, "children_under_13")?,
    };
    let mut barriers = 0u8;
    for b in p["barriers"].as_array().ok_or("barriers")? {
        let i = BARRIERS
            .iter()
            .position(|x| Some(*x) == b.as_str())
            .ok_or("barriers")?;
        barriers |= 1 << i;
    }
    let person = Person {
        date_of_birth: Date::parse(text(p, "date_of_birth")?).ok_or("date_of_birth")?,
        sex_at_birth: match text(p, "sex_at_birth")? {
            "female" => Sex::Female,
            "male" => Sex::Male,
            _ => return Err("sex_at_birth"),
        },
        work_authorized: boolean(p, "work_authorized")?,
        selective_service: match p["selective_service"].as_str() {
            None => None,
            Some("registered") => Some(SelectiveService::Registered),
            Some("exempt") => Some(SelectiveService::Exempt),
            Some("not_registered") => Some(SelectiveService::NotRegistered),
            Some(_) => return Err("selective_service"),
        },
        military: match text(p, "military")? {
            "veteran" => Military::Veteran,
            "eligible_spouse" => Military::EligibleSpouse,
            "none" => Military::None,
            _ => return Err("military"),
        },
        public_assistance: boolean(p, "public_assistance")?,
        reading_score: int(p, "reading_score")?,
        school: match text(p, "school")? {
            "none" => School::None,
            "adult_hse" => School::AdultHse,
            "secondary" => School::Secondary,
            "postsecondary" => School::Postsecondary,
            _ => return Err("school"),
        },
        has_diploma: boolean(p, "has_diploma")?,
        barriers,
        training_credential: boolean(p, "training_credential")?,
        needs_transportation: boolean(p, "needs_transportation")?,
    };
    Ok(Case { household, person })
}

/// `{"wioa_adult":{"status":"eligible","priority":"2"},"wioa_youth":{"status":"ineligible"},
/// "transportation":{"need":"needed","eligibility":"eligible"},"child_care":{"need":"not_needed"},
/// "next":[{"step":"hse","status":"ready"}]}`
fn write_answer(a: &Answer) -> String {
    let status = |b: bool| if b { "eligible" } else { "ineligible" };
    let need = |b: bool| if b { "needed" } else { "not_needed" };
    let mut out = String::with_capacity(256);
    out.push_str(r#"{"wioa_adult":{"status":""#);
    out.push_str(status(a.adult_eligible));
    out.push('"');
    if let Some(p) = a.adult_priority {
        let _ = write!(out, r#","priority":"{p}""#);
    }
    let _ = write!(
        out,
        r#"}},"wioa_youth":{{"status":"{}"}},"transportation":{{"need":"{}","eligibility":"{}"}},"child_care":{{"need":"{}"}},"next":["#,
        status(a.youth_eligible),
        need(a.transportation_needed),
        status(a.transportation_eligible),
        need(a.child_care_needed),
    );
    let mut first = true;
    for (step, next) in crate::model::STEPS.iter().zip(a.next) {
        if let Some(n) = next {
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, r#"{{"step":"{step}","status":"{}"}}"#, n.as_str());
        }
    }
    out.push_str("]}");
    out
}

/// Reads `write_answer`'s JSON back (outside the timed loop, for the agreement check).
pub fn answer_from_json(text: &str) -> Result<Answer, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{e}: {text}"))?;
    let eligible = |x: &Value| match x.as_str() {
        Some("eligible") => Ok(true),
        Some("ineligible") => Ok(false),
        _ => Err(format!("unexpected status {x} in {text}")),
    };
    let needed = |x: &Value| match x.as_str() {
        Some("needed") => Ok(true),
        Some("not_needed") => Ok(false),
        _ => Err(format!("unexpected need {x} in {text}")),
    };
    let mut next = [None; 3];
    for item in v["next"].as_array().ok_or("no next")? {
        let i = crate::model::STEPS
            .iter()
            .position(|s| Some(*s) == item["step"].as_str())
            .ok_or("unknown step")?;
        next[i] = Some(Next::parse(item["status"].as_str().unwrap_or("")).ok_or("bad status")?);
    }
    Ok(Answer {
        adult_eligible: eligible(&v["wioa_adult"]["status"])?,
        adult_priority: v["wioa_adult"]["priority"]
            .as_str()
            .and_then(|p| p.parse().ok()),
        youth_eligible: eligible(&v["wioa_youth"]["status"])?,
        transportation_needed: needed(&v["transportation"]["need"])?,
        transportation_eligible: eligible(&v["transportation"]["eligibility"])?,
        child_care_needed: needed(&v["child_care"]["need"])?,
        next,
    })
}
