//! The NYC Benefits Screening API's request body (ACCESS NYC's `POST /eligibilityPrograms`)
//! read as an Onramp case for the NYC rule set, and the decision answered in that API's
//! response shape (`{"type":"SUCCESS","eligiblePrograms":[{code,name}]}`), so a provider
//! that already sends those payloads gets Onramp's decisions without a new client.
//!
//! Three things differ from the API, on purpose, and are documented in the README:
//! - an `age` is not a date of birth: it becomes the range of birth dates that give that age
//!   on the as-of date (`{"between": [first, last]}`), so a rule that needs more than the
//!   age (a birthday in the future, a birth-date cut-off) stays undetermined instead of
//!   being guessed;
//! - a household may list any number of persons (the API stops at 8);
//! - the answer says what Onramp could not decide (`onramp.undetermined`), which the API's
//!   two-valued answer cannot.
//!
//! Pure: the as-of date is an input, nothing is read or kept.

use crate::date::{years_between, CivilDate};
use crate::diag::did_you_mean;
use crate::money::Money;
use crate::{DecisionSummary, RuleSet, Status};
use serde::Serialize;
use serde_json::{json, Map, Value as J};

/// One problem in a payload, at a JSON path such as `person[1].incomes[0].frequency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PayloadError {
    /// Always `invalid-payload`.
    pub code: &'static str,
    /// Where, as a JSON path into the payload.
    pub path: String,
    /// What is wrong there, in words.
    pub message: String,
}

/// How a flag the payload leaves out is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absent {
    /// As the API's schema defines it: an absent flag is `false`, absent incomes and
    /// expenses are none (the default: what the API's clients rely on).
    AsTheApi,
    /// As Onramp reads every case: what is not given is unknown.
    Unknown,
}

/// The API's program codes that Onramp's NYC rules also decide: code, whether it is a
/// program (`true`) or a supportive service, and the rule set's id.
pub const PROGRAM_CODES: &[(&str, bool, &str)] = &[
    ("S2R007", false, "food"),
    ("S2R010", false, "cash_assistance"),
    ("S2R024", true, "nycha_rees"),
    ("S2R025", true, "older_adult_employment"),
    ("S2R026", true, "workforce1"),
    ("S2R028", true, "learn_and_earn"),
    ("S2R030", true, "syep"),
    ("S2R034", false, "transportation"),
    ("S2R036", true, "train_and_earn"),
    ("S2R040", false, "childcare"),
    ("S2R045", false, "financial_counseling"),
];

const MEMBER_TYPES: &[(&str, &str)] = &[
    ("HeadOfHousehold", "head_of_household"),
    ("Child", "child"),
    ("FosterChild", "foster_child"),
    ("StepChild", "stepchild"),
    ("Grandchild", "grandchild"),
    ("Spouse", "spouse"),
    ("Parent", "parent"),
    ("FosterParent", "foster_parent"),
    ("StepParent", "stepparent"),
    ("Grandparent", "grandparent"),
    ("SisterBrother", "sibling"),
    ("StepSisterStepBrother", "step_sibling"),
    ("BoyfriendGirlfriend", "boyfriend_girlfriend"),
    ("DomesticPartner", "domestic_partner"),
    ("Unrelated", "unrelated"),
    ("Other", "other"),
];

const RENTAL_TYPES: &[(&str, &str)] = &[
    ("NYCHA", "nycha"),
    ("MarketRate", "market_rate"),
    ("RentControlled", "rent_controlled"),
    ("RentRegulatedHotel", "rent_regulated_hotel"),
    ("Section213", "section_213"),
    ("LimitedDividendDevelopment", "limited_dividend"),
    ("MitchellLama", "mitchell_lama"),
    ("RedevelopmentCompany", "redevelopment_company"),
    ("HDFC", "hdfc"),
    ("FamilyHome", "family_home"),
    ("Condo", "condo"),
];

const INCOME_TYPES: &[(&str, &str)] = &[
    ("Wages", "wages"),
    ("SelfEmployment", "self_employment"),
    ("Unemployment", "unemployment"),
    ("CashAssistance", "cash_assistance"),
    ("ChildSupport", "child_support"),
    ("DisabilityMedicaid", "disability_medicaid"),
    ("SSI", "ssi"),
    ("SSDependent", "ss_dependent"),
    ("SSDisability", "ss_disability"),
    ("SSSurvivor", "ss_survivor"),
    ("SSRetirement", "ss_retirement"),
    ("NYSDisability", "nys_disability"),
    ("Veteran", "veteran"),
    ("Pension", "pension"),
    ("DeferredComp", "deferred_comp"),
    ("WorkersComp", "workers_comp"),
    ("Alimony", "alimony"),
    ("Boarder", "boarder"),
    ("Gifts", "gifts"),
    ("Rental", "rental"),
    ("Investment", "investment"),
];

const EXPENSE_TYPES: &[(&str, &str)] = &[
    ("ChildCare", "child_care"),
    ("ChildSupport", "child_support"),
    ("DependentCare", "dependent_care"),
    ("Rent", "rent"),
    ("Medical", "medical"),
    ("Heating", "heating"),
    ("Cooling", "cooling"),
    ("Mortgage", "mortgage"),
    ("Utilities", "utilities"),
    ("Telephone", "telephone"),
    ("InsurancePremiums", "insurance_premiums"),
];

const FREQUENCIES: &[(&str, &str)] = &[
    ("Weekly", "weekly"),
    ("Biweekly", "biweekly"),
    ("Semimonthly", "semimonthly"),
    ("Monthly", "monthly"),
    ("Yearly", "yearly"),
];

/// The living-situation flags, in the order the API lists them, with the NYC rule set's
/// `living_situation` value each one means.
const LIVING_FLAGS: &[(&str, &str)] = &[
    ("livingRenting", "renting"),
    ("livingOwner", "owner"),
    ("livingStayingWithFriend", "staying_with_friends"),
    ("livingHotel", "hotel_motel"),
    ("livingShelter", "shelter"),
    ("livingPreferNotToSay", "prefer_not_to_say"),
];

const HOUSEHOLD_KEYS: &[&str] = &[
    "caseId",
    "cashOnHand",
    "livingRentalType",
    "livingRenting",
    "livingOwner",
    "livingStayingWithFriend",
    "livingHotel",
    "livingShelter",
    "livingPreferNotToSay",
];

const PERSON_FLAGS: &[&str] = &[
    "student",
    "studentFulltime",
    "pregnant",
    "unemployed",
    "unemployedWorkedLast18Months",
    "blind",
    "disabled",
    "veteran",
    "benefitsMedicaid",
    "benefitsMedicaidDisability",
    "livingOwnerOnDeed",
    "livingRentalOnLease",
];

/// The largest amount the API takes (`le=999999999999.99`), and the largest cash on hand.
const MAX_AMOUNT_CENTS: i64 = 99_999_999_999_999;
const MAX_CASH_CENTS: i64 = 999_999_999;

/// A payload read as an Onramp case.
#[derive(Clone, Debug)]
pub struct Mapped {
    /// The case as the NYC rule set reads it (JSON: what `api::evaluate` is given).
    pub case: J,
    /// The API's `caseId`, when given.
    pub case_id: Option<String>,
}

struct Reader {
    errors: Vec<PayloadError>,
    absent: Absent,
}

impl Reader {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(PayloadError {
            code: "invalid-payload",
            path: path.into(),
            message: message.into(),
        });
    }

    /// Keys the API does not define are refused by name (with the closest one), so a
    /// misspelt flag is not silently read as left out.
    fn known_keys(&mut self, obj: &Map<String, J>, path: &str, known: &[&str]) {
        for key in obj.keys() {
            if !known.contains(&key.as_str()) {
                let help = did_you_mean(key, known.iter().copied())
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                self.error(
                    format!("{path}.{key}"),
                    format!("no such field in the Benefits Screening API{help}"),
                );
            }
        }
    }

    /// A flag: `true`/`false` (or the text `"true"`/`"false"`, as the API's validator
    /// takes), `None` when left out and read as unknown.
    fn flag(&mut self, obj: &Map<String, J>, key: &str, path: &str) -> Option<bool> {
        match obj.get(key) {
            None | Some(J::Null) => match self.absent {
                Absent::AsTheApi => Some(false),
                Absent::Unknown => None,
            },
            Some(J::Bool(b)) => Some(*b),
            Some(J::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
            Some(J::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
            Some(_) => {
                self.error(format!("{path}.{key}"), "expected true or false");
                None
            }
        }
    }

    /// One of the API's enumerated values (matched without regard to case, since older
    /// clients send `monthly` for `Monthly`), as the rule set's value.
    fn choice(
        &mut self,
        v: &J,
        path: &str,
        table: &[(&str, &'static str)],
    ) -> Option<&'static str> {
        let text = v.as_str().map(str::trim);
        if let Some(found) = text.and_then(|t| {
            table
                .iter()
                .find(|(api, _)| api.eq_ignore_ascii_case(t))
                .map(|(_, ours)| *ours)
        }) {
            return Some(found);
        }
        let names = table.iter().map(|(api, _)| *api);
        let help = text
            .and_then(|t| did_you_mean(t, names.clone()))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        self.error(
            path,
            format!(
                "expected one of {}{help}",
                names.collect::<Vec<_>>().join(", ")
            ),
        );
        None
    }

    /// An amount: a number or a text like `"1234.56"`, at least 0, at most two decimals.
    fn amount(&mut self, v: &J, path: &str, max_cents: i64) -> Option<Money> {
        let parsed = crate::case::parse_money(v);
        match parsed {
            Some(m) if m.cents() >= 0 && m.cents() <= max_cents => Some(m),
            Some(m) if m.cents() < 0 => {
                self.error(path, "expected an amount of at least 0");
                None
            }
            Some(_) => {
                self.error(
                    path,
                    format!("expected an amount of at most {}", Money(max_cents)),
                );
                None
            }
            None => {
                self.error(
                    path,
                    "expected an amount like 1234.56 (a number or text, at most two decimals)",
                );
                None
            }
        }
    }

    fn records(
        &mut self,
        obj: &Map<String, J>,
        key: &str,
        path: &str,
        types: &[(&str, &'static str)],
    ) -> Option<J> {
        let list = match obj.get(key) {
            None | Some(J::Null) => {
                return match self.absent {
                    Absent::AsTheApi => Some(J::Array(Vec::new())),
                    Absent::Unknown => None,
                }
            }
            Some(J::Array(list)) => list,
            Some(_) => {
                self.error(
                    format!("{path}.{key}"),
                    "expected a list of {amount, type, frequency}",
                );
                return None;
            }
        };
        let before = self.errors.len();
        let mut out = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let ipath = format!("{path}.{key}[{i}]");
            let Some(record) = item.as_object() else {
                self.error(ipath, "expected an object {amount, type, frequency}");
                continue;
            };
            self.known_keys(record, &ipath, &["amount", "type", "frequency"]);
            let mut mapped = Map::new();
            for field in ["amount", "type", "frequency"] {
                let fpath = format!("{ipath}.{field}");
                let Some(v) = record.get(field).filter(|v| !v.is_null()) else {
                    self.error(fpath, "required");
                    continue;
                };
                let value = match field {
                    "amount" => self
                        .amount(v, &fpath, MAX_AMOUNT_CENTS)
                        .map(|m| J::String(m.to_string())),
                    "type" => self.choice(v, &fpath, types).map(|t| J::String(t.into())),
                    _ => self
                        .choice(v, &fpath, FREQUENCIES)
                        .map(|t| J::String(t.into())),
                };
                if let Some(value) = value {
                    mapped.insert(field.to_string(), value);
                }
            }
            out.push(J::Object(mapped));
        }
        (self.errors.len() == before).then_some(J::Array(out))
    }
}

/// The range of birth dates that give `age` on `as_of` by the birthday rule: the first and
/// the last day someone of that age can have been born.
pub fn birth_dates_for_age(age: i64, as_of: CivilDate) -> Option<(CivilDate, CivilDate)> {
    // Start from the calendar guess and step to the exact edges: the birthday rule moves
    // them by a day around 29 February.
    let mut last = as_of.add_months(-12 * age)?;
    while years_between(last.add_days(1)?, as_of) >= age {
        last = last.add_days(1)?;
    }
    while years_between(last, as_of) < age {
        last = last.add_days(-1)?;
    }
    let mut first = as_of.add_months(-12 * (age + 1))?.add_days(1)?;
    while years_between(first, as_of) > age {
        first = first.add_days(1)?;
    }
    while years_between(first.add_days(-1)?, as_of) == age {
        first = first.add_days(-1)?;
    }
    Some((first, last))
}

/// Reads the API's request body (the array the API takes, holding one request, or the
/// request object itself) as a case for the NYC rule set on `as_of`. Every problem is
/// reported, by path, with the API's own validation rules: exactly one household, at least
/// one person, exactly one `HeadOfHousehold`, an age for everyone, and the living-flag
/// rules.
pub fn read_payload(
    payload: &J,
    as_of: CivilDate,
    absent: Absent,
) -> Result<Mapped, Vec<PayloadError>> {
    let mut r = Reader {
        errors: Vec::new(),
        absent,
    };
    let (request, root) = match payload {
        J::Array(items) if items.len() == 1 => (&items[0], "[0]".to_string()),
        J::Array(items) => {
            r.error(
                "(payload)",
                format!(
                    "expected one screening request in the list, found {}",
                    items.len()
                ),
            );
            return Err(r.errors);
        }
        other => (other, String::new()),
    };
    let Some(request) = request.as_object() else {
        r.error(
            if root.is_empty() { "(payload)" } else { &root },
            "expected {\"household\": [{…}], \"person\": [{…}, …]}",
        );
        return Err(r.errors);
    };
    let at = |key: &str| {
        if root.is_empty() {
            key.to_string()
        } else {
            format!("{root}.{key}")
        }
    };
    r.known_keys(
        request,
        if root.is_empty() { "(payload)" } else { &root },
        &["household", "person", "withholdPayload"],
    );
    // Keys of the request itself are named without a prefix.
    for e in &mut r.errors {
        if let Some(rest) = e.path.strip_prefix("(payload).") {
            e.path = rest.to_string();
        }
    }
    if let Some(v) = request.get("withholdPayload") {
        if !matches!(v, J::Bool(_) | J::Null) {
            r.error(at("withholdPayload"), "expected true or false");
        }
    }

    // The household: a list of exactly one.
    let mut household = Map::new();
    let mut case_id = None;
    let mut renting = None;
    let mut owner = None;
    match request.get("household") {
        Some(J::Array(list)) if list.len() == 1 => {
            let hpath = at("household[0]");
            match list[0].as_object() {
                Some(h) => {
                    r.known_keys(h, &hpath, HOUSEHOLD_KEYS);
                    read_household(
                        &mut r,
                        h,
                        &hpath,
                        &mut household,
                        &mut case_id,
                        &mut renting,
                        &mut owner,
                    );
                }
                None => r.error(hpath, "expected an object of household fields"),
            }
        }
        Some(J::Array(list)) => r.error(
            at("household"),
            format!(
                "expected a list of exactly one household, found {}",
                list.len()
            ),
        ),
        Some(_) => r.error(at("household"), "expected a list of exactly one household"),
        None => r.error(at("household"), "required: a list of exactly one household"),
    }

    // The persons: one or more (Onramp has no limit of 8), exactly one head of household.
    let mut persons = Vec::new();
    match request.get("person") {
        Some(J::Array(list)) if !list.is_empty() => {
            let mut heads = 0;
            for (i, p) in list.iter().enumerate() {
                let ppath = at(&format!("person[{i}]"));
                let Some(p) = p.as_object() else {
                    r.error(ppath, "expected an object of person fields");
                    continue;
                };
                let (person, head) = read_person(&mut r, p, &ppath, as_of, renting, owner);
                heads += usize::from(head);
                persons.push(J::Object(person));
            }
            if heads != 1 {
                r.error(
                    at("person"),
                    format!(
                        "exactly one person's householdMemberType must be HeadOfHousehold; found {heads}"
                    ),
                );
            }
        }
        Some(J::Array(_)) => r.error(at("person"), "expected at least one person"),
        Some(_) => r.error(at("person"), "expected a list of persons"),
        None => r.error(at("person"), "required: a list of persons"),
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    // Every member of the household is listed: the API's model has no others.
    household.insert("household_size".into(), J::from(persons.len()));
    let mut case = Map::new();
    if let Some(id) = &case_id {
        case.insert("id".into(), J::String(id.clone()));
    }
    case.insert("household".into(), J::Object(household));
    case.insert("persons".into(), J::Array(persons));
    Ok(Mapped {
        case: J::Object(case),
        case_id,
    })
}

fn read_household(
    r: &mut Reader,
    h: &Map<String, J>,
    hpath: &str,
    household: &mut Map<String, J>,
    case_id: &mut Option<String>,
    renting: &mut Option<bool>,
    owner: &mut Option<bool>,
) {
    // The API screens New York City households: its rules never ask where one lives.
    household.insert("nyc_resident".into(), J::Bool(true));
    match h.get("caseId") {
        None | Some(J::Null) => {}
        Some(J::String(s))
            if s.len() <= 64
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-')) =>
        {
            *case_id = Some(s.clone());
        }
        Some(_) => r.error(
            format!("{hpath}.caseId"),
            "expected at most 64 characters of letters, digits, `/`, `.` and `-`",
        ),
    }
    if let Some(v) = h.get("cashOnHand").filter(|v| !v.is_null()) {
        if let Some(m) = r.amount(v, &format!("{hpath}.cashOnHand"), MAX_CASH_CENTS) {
            household.insert("cash_on_hand".into(), J::String(m.to_string()));
        }
    }
    let flags: Vec<(&str, &str, Option<bool>)> = LIVING_FLAGS
        .iter()
        .map(|(key, ours)| (*key, *ours, r.flag(h, key, hpath)))
        .collect();
    let flag = |key: &str| flags.iter().find(|f| f.0 == key).and_then(|f| f.2);
    *renting = flag("livingRenting");
    *owner = flag("livingOwner");
    let rental_type = match h.get("livingRentalType").filter(|v| !v.is_null()) {
        Some(v) => r.choice(v, &format!("{hpath}.livingRentalType"), RENTAL_TYPES),
        None => None,
    };
    // The API's own rules for the living flags.
    if h.get("livingRentalType").is_some_and(|v| !v.is_null()) && *renting != Some(true) {
        r.error(
            format!("{hpath}.livingRentalType"),
            "household.livingRenting must be true if household.livingRentalType is specified",
        );
    }
    if flag("livingPreferNotToSay") == Some(true)
        && flags
            .iter()
            .any(|f| f.0 != "livingPreferNotToSay" && f.2 == Some(true))
    {
        r.error(
            format!("{hpath}.livingPreferNotToSay"),
            "if household.livingPreferNotToSay is true, the other living flags must be false",
        );
    }
    // One flag set names the living situation; several (renting and a shelter, say) or
    // none leave it unknown rather than pick one.
    let set: Vec<&str> = flags
        .iter()
        .filter(|f| f.2 == Some(true))
        .map(|f| f.1)
        .collect();
    if let [only] = set.as_slice() {
        household.insert("living_situation".into(), J::String((*only).into()));
    }
    if let Some(t) = rental_type {
        household.insert("rental_type".into(), J::String(t.into()));
    }
    // A NYCHA tenant says so through the rental type; a renter of another kind is not one,
    // nor is someone who does not rent and owns a home or lives in a shelter or a hotel.
    // Someone staying with friends may be in a NYCHA apartment: unknown.
    let elsewhere = ["owner", "shelter", "hotel_motel"];
    let nycha = match (rental_type, *renting, set.as_slice()) {
        (Some(t), _, _) => Some(t == "nycha"),
        (None, Some(false), [only]) if elsewhere.contains(only) => Some(false),
        _ => None,
    };
    if let Some(n) = nycha {
        household.insert("nycha_resident".into(), J::Bool(n));
    }
}

fn read_person(
    r: &mut Reader,
    p: &Map<String, J>,
    ppath: &str,
    as_of: CivilDate,
    renting: Option<bool>,
    owner: Option<bool>,
) -> (Map<String, J>, bool) {
    let mut known: Vec<&str> = vec!["age", "householdMemberType", "incomes", "expenses"];
    known.extend(PERSON_FLAGS);
    r.known_keys(p, ppath, &known);
    let mut person = Map::new();
    let mut head = false;
    if let Some(v) = p.get("householdMemberType").filter(|v| !v.is_null()) {
        if let Some(rel) = r.choice(v, &format!("{ppath}.householdMemberType"), MEMBER_TYPES) {
            head = rel == "head_of_household";
            person.insert("relationship".into(), J::String(rel.into()));
        }
    }
    let age = match p.get("age") {
        Some(J::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Some(J::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match age {
        Some(age) if (0..=150).contains(&age) => match birth_dates_for_age(age, as_of) {
            Some((first, last)) => {
                person.insert(
                    "date_of_birth".into(),
                    json!({"between": [first.to_string(), last.to_string()]}),
                );
            }
            None => r.error(
                format!("{ppath}.age"),
                "an age this large has no date of birth on the as-of date",
            ),
        },
        _ if p.get("age").is_none_or(J::is_null) => r.error(
            format!("{ppath}.age"),
            "required: the person's age in years",
        ),
        _ => r.error(
            format!("{ppath}.age"),
            "expected a whole number of years from 0 to 150",
        ),
    }

    let flag = |r: &mut Reader, key: &str| r.flag(p, key, ppath);
    let student = flag(r, "student");
    let full_time = flag(r, "studentFulltime");
    match student {
        Some(false) => {
            person.insert("school_status".into(), J::from("none"));
            person.insert("full_time_student".into(), J::Bool(false));
        }
        // A student of which kind of school is not said; full-time is.
        Some(true) => {
            if let Some(f) = full_time {
                person.insert("full_time_student".into(), J::Bool(f));
            }
        }
        None => {}
    }
    for (key, ours) in [
        ("pregnant", "pregnant"),
        ("blind", "blind"),
        ("disabled", "disability"),
        ("veteran", "veteran"),
    ] {
        if let Some(b) = flag(r, key) {
            person.insert(ours.into(), J::Bool(b));
        }
    }
    // Unemployed says the employment status; not unemployed leaves open whether the person
    // works full time, part time or is out of the labor force.
    if flag(r, "unemployed") == Some(true) {
        person.insert("employment_status".into(), J::from("unemployed"));
    }
    if flag(r, "benefitsMedicaid") == Some(true) {
        person.insert("health_insurance".into(), J::from("medicaid"));
    }
    // Read for the API's validation rules only: Onramp's NYC rules do not use them.
    let _ = flag(r, "unemployedWorkedLast18Months");
    let _ = flag(r, "benefitsMedicaidDisability");
    if flag(r, "livingRentalOnLease") == Some(true) && renting != Some(true) {
        r.error(
            format!("{ppath}.livingRentalOnLease"),
            "no person.livingRentalOnLease can be true when household.livingRenting is false",
        );
    }
    if flag(r, "livingOwnerOnDeed") == Some(true) && owner != Some(true) {
        r.error(
            format!("{ppath}.livingOwnerOnDeed"),
            "no person.livingOwnerOnDeed can be true when household.livingOwner is false",
        );
    }
    if let Some(incomes) = r.records(p, "incomes", ppath, INCOME_TYPES) {
        person.insert("incomes".into(), incomes);
    }
    if let Some(expenses) = r.records(p, "expenses", ppath, EXPENSE_TYPES) {
        person.insert("expenses".into(), expenses);
    }
    (person, head)
}

/// One code's outcome for the household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeOutcome {
    /// The API's program code (`S2R007`).
    pub code: &'static str,
    /// The program's or service's name in the decision's language.
    pub name: String,
    /// Eligible when anyone in the household is (or the household is, for household
    /// services); undetermined when nobody is but someone may be.
    pub status: Status,
    /// The criteria (ids) still unknown for those who may be eligible.
    pub unknown: Vec<String>,
}

fn item_name(rules: &RuleSet, program: bool, id: &str, lang: Option<&str>) -> Option<String> {
    let default = &rules.meta.default_language;
    let lang = lang.unwrap_or(default);
    if program {
        rules
            .programs
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.get(lang, default).to_string())
    } else {
        rules
            .services
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.get(lang, default).to_string())
    }
}

/// Each supported code's outcome for the household, from a summary of its decision.
pub fn outcomes(rules: &RuleSet, summary: &DecisionSummary) -> Vec<CodeOutcome> {
    let lang = Some(summary.lang.as_str());
    let mut out = Vec::new();
    for &(code, program, id) in PROGRAM_CODES {
        let Some(name) = item_name(rules, program, id, lang) else {
            continue;
        };
        let mut statuses: Vec<(Status, &[String])> = Vec::new();
        if program {
            for p in &summary.persons {
                for g in p.programs.iter().filter(|g| g.id == id) {
                    statuses.push((g.status, &g.unknown));
                }
            }
        } else {
            let services = summary
                .household
                .services
                .iter()
                .chain(summary.persons.iter().flat_map(|p| p.services.iter()));
            for s in services.filter(|s| s.id == id) {
                if let Some(e) = s.eligibility {
                    statuses.push((e, &s.unknown));
                }
            }
        }
        let status = if statuses.iter().any(|(s, _)| *s == Status::Eligible) {
            Status::Eligible
        } else if statuses.iter().any(|(s, _)| *s == Status::Undetermined) {
            Status::Undetermined
        } else {
            Status::Ineligible
        };
        // A summary's unknown criteria of a service include its need's; the API asks only
        // about eligibility.
        let need: Vec<&str> = rules
            .services
            .iter()
            .filter(|s| !program && s.id == id)
            .flat_map(|s| s.need.iter().map(|&c| rules.criteria[c].id.as_str()))
            .collect();
        let mut unknown: Vec<String> = Vec::new();
        if status == Status::Undetermined {
            for (s, u) in &statuses {
                if *s == Status::Undetermined {
                    for c in u.iter().filter(|c| !need.contains(&c.as_str())) {
                        if !unknown.contains(c) {
                            unknown.push(c.clone());
                        }
                    }
                }
            }
        }
        out.push(CodeOutcome {
            code,
            name,
            status,
            unknown,
        });
    }
    out
}
