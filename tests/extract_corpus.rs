//! Measures date extraction against real notices.
//!
//! This is a measurement, not a gate: it prints match rates and never fails
//! because of them. Run it with
//! `cargo test --test extract_corpus -- --nocapture`.
//!
//! Two sources under `../shared` (skipped when that folder is absent):
//!
//! * `corpus/*.txt` with a `discovery_date` (and maybe `breach_date`,
//!   `notice_date`) in the matching `.meta.toml`: does a date with the right
//!   role equal the recorded one?
//! * `data/ca-ag-list-what-happened-abstracts.md`: the "What Happened"
//!   paragraphs of notices filed with the California Attorney General. How
//!   many yield a discovery date and a breach date, and how often does a
//!   breach date equal the breach date the list gives?
//!
//! Set `BREACHLINT_EXTRACT_DUMP=1` to print every paragraph's dates.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use breachlint::extract::{DataType, DateMention, DateRole, extract};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "note: {} is absent; skipping the extraction measurement",
            dir.display()
        );
        None
    }
}

fn dump() -> bool {
    std::env::var_os("BREACHLINT_EXTRACT_DUMP").is_some()
}

fn is_breach(role: DateRole) -> bool {
    matches!(
        role,
        DateRole::Breach | DateRole::BreachStart | DateRole::BreachEnd
    )
}

fn with_role(dates: &[DateMention], pick: fn(DateRole) -> bool) -> Vec<String> {
    dates
        .iter()
        .filter(|d| pick(d.role))
        .map(|d| d.date.to_string())
        .collect()
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Per-field tally over the corpus.
#[derive(Default)]
struct Tally {
    with_field: usize,
    any_match: usize,
    first_match: usize,
}

impl Tally {
    fn record(&mut self, expected: &str, found: &[String]) -> bool {
        self.with_field += 1;
        let any = found.iter().any(|d| d == expected);
        if any {
            self.any_match += 1;
        }
        // The earliest date with the role, as a consumer picking one would.
        if found.iter().min().is_some_and(|d| d == expected) {
            self.first_match += 1;
        }
        any
    }

    fn print(&self, what: &str) {
        println!(
            "  {what:<10} {:>3} / {:<3} notices: a date with the role matches ({:.0}%); the earliest matches in {}",
            self.any_match,
            self.with_field,
            percent(self.any_match, self.with_field),
            self.first_match
        );
    }
}

#[test]
fn corpus_dates() {
    let Some(shared) = shared() else { return };
    let Ok(entries) = fs::read_dir(shared.join("corpus")) else {
        println!("note: no corpus folder; skipping");
        return;
    };
    let mut metas: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".meta.toml"))
        .collect();
    metas.sort();

    let (mut discovery, mut breach, mut notice) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut misses = Vec::new();
    for meta_path in metas {
        let Ok(meta_text) = fs::read_to_string(&meta_path) else {
            continue;
        };
        let Ok(meta) = meta_text.parse::<toml::Table>() else {
            println!("note: cannot parse {}", meta_path.display());
            continue;
        };
        let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let name = meta_path.to_string_lossy().replace(".meta.toml", ".txt");
        let Ok(text) = fs::read_to_string(&name) else {
            continue;
        };
        let dates = extract(&text).dates;
        let short = Path::new(&name)
            .file_name()
            .map_or(name.clone(), |f| f.to_string_lossy().into_owned());

        if dump() {
            println!("== {short}");
            for d in &dates {
                let around = context(&text, d.span.start, d.span.end);
                println!("   {} {:<12} …{around}…", d.date, d.role.as_str());
            }
        }
        let all: Vec<String> = dates
            .iter()
            .map(|d| format!("{} {}", d.date, d.role.as_str()))
            .collect();
        let mut check = |tally: &mut Tally, key: &str, pick: fn(DateRole) -> bool| {
            let Some(expected) = field(key) else { return };
            let found = with_role(&dates, pick);
            if !tally.record(&expected, &found) {
                misses.push(format!(
                    "  {key} {short}: expected {expected}; found {found:?}; all {all:?}"
                ));
            }
        };
        check(&mut discovery, "discovery_date", |r| {
            r == DateRole::Discovery
        });
        check(&mut breach, "breach_date", is_breach);
        check(&mut notice, "notice_date", |r| r == DateRole::Notice);
    }
    println!("corpus: dates by role against the meta files");
    discovery.print("discovery");
    breach.print("breach");
    notice.print("notice");
    if !misses.is_empty() {
        println!("misses:");
        for m in &misses {
            println!("{m}");
        }
    }
}

/// Up to 70 bytes of text before `start` and 30 after `end`, on one line.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(70);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 30).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].replace(['\n', '\r'], " ")
}

/// One organisation's entry in the California list.
struct Abstract {
    org: String,
    listed: Option<String>,
    text: String,
}

/// Reads the Jekyll page: "## Org", then "[Month DD, YYYY](link) | type",
/// then the abstract between `<summary>Abstract</summary>` and `</details>`.
fn parse_abstracts(page: &str) -> Vec<Abstract> {
    let mut out = Vec::new();
    let mut org = String::new();
    let mut listed = None;
    let mut body: Option<String> = None;
    for line in page.lines() {
        if let Some(b) = body.as_mut() {
            if line.trim() == "</details>" {
                out.push(Abstract {
                    org: org.clone(),
                    listed: listed.take(),
                    text: std::mem::take(b),
                });
                body = None;
            } else {
                b.push_str(line);
                b.push('\n');
            }
        } else if let Some(name) = line.strip_prefix("## ") {
            org = name.trim().to_owned();
            listed = None;
        } else if line.starts_with('[') && listed.is_none() {
            listed = line
                .strip_prefix('[')
                .and_then(|l| l.split_once(']'))
                .and_then(|(d, _)| parse_listed_date(d));
        } else if line.trim() == "<summary>Abstract</summary>" {
            body = Some(String::new());
        }
    }
    out
}

/// "June 01, 2018" as ISO.
fn parse_listed_date(s: &str) -> Option<String> {
    let extracted = extract(&format!("{s}\n")).dates;
    extracted.first().map(|d| d.date.to_string())
}

#[test]
fn ca_ag_what_happened() {
    let Some(shared) = shared() else { return };
    let path = shared.join("data/ca-ag-list-what-happened-abstracts.md");
    let Ok(page) = fs::read_to_string(&path) else {
        println!("note: {} is absent; skipping", path.display());
        return;
    };
    let abstracts: Vec<Abstract> = parse_abstracts(&page)
        .into_iter()
        .filter(|a| {
            let t = a.text.trim();
            !t.is_empty() && !t.eq_ignore_ascii_case("tbd")
        })
        .collect();
    let (mut with_disc, mut with_breach, mut with_both, mut with_any) = (0, 0, 0, 0);
    let (mut listed_total, mut listed_breach, mut listed_any) = (0, 0, 0);
    for a in &abstracts {
        let dates = extract(&a.text).dates;
        let disc = with_role(&dates, |r| r == DateRole::Discovery);
        let breach = with_role(&dates, is_breach);
        with_any += usize::from(!dates.is_empty());
        with_disc += usize::from(!disc.is_empty());
        with_breach += usize::from(!breach.is_empty());
        with_both += usize::from(!disc.is_empty() && !breach.is_empty());
        if let Some(listed) = &a.listed {
            listed_total += 1;
            listed_breach += usize::from(breach.contains(listed));
            listed_any += usize::from(dates.iter().any(|d| &d.date.to_string() == listed));
        }
        if dump() {
            let all: Vec<String> = dates
                .iter()
                .map(|d| format!("{} {}", d.date, d.role.as_str()))
                .collect();
            println!(
                "== {} (listed {:?}): {all:?}\n{}",
                a.org,
                a.listed,
                a.text.trim()
            );
        }
    }
    let n = abstracts.len();
    println!("CA AG 'What Happened' paragraphs: {n} (TBD and empty ones left out)");
    println!(
        "  with any date:       {with_any:>4} ({:.0}%)",
        percent(with_any, n)
    );
    println!(
        "  with a discovery date: {with_disc:>4} ({:.0}%)",
        percent(with_disc, n)
    );
    println!(
        "  with a breach date:  {with_breach:>4} ({:.0}%)",
        percent(with_breach, n)
    );
    println!(
        "  with both:           {with_both:>4} ({:.0}%)",
        percent(with_both, n)
    );
    println!(
        "  listed breach date found with a breach role: {listed_breach} / {listed_total} ({:.0}%); with any role: {listed_any}",
        percent(listed_breach, listed_total)
    );
}

/// The corpus meta vocabulary for data types, as extractor types.
fn meta_data_type(word: &str) -> Option<DataType> {
    let t = match word {
        "name" | "parent_name" => DataType::Name,
        "ssn" => DataType::Ssn,
        "drivers_license" => DataType::DriversLicense,
        "state_id" => DataType::StateId,
        "government_id" | "military_id" | "alien_registration_number" => DataType::GovernmentId,
        "passport" => DataType::Passport,
        "taxpayer_id" => DataType::TaxId,
        "financial" => DataType::FinancialAccount,
        "payment_card" | "card_security_code" | "card_expiration" => DataType::PaymentCard,
        "medical" | "medical_record_number" | "dental" => DataType::Medical,
        "health_insurance" | "medicaid_id" | "medicare_id" | "medicare_medicaid_number" => {
            DataType::HealthInsurance
        }
        "member_id" => DataType::MemberId,
        "dob" => DataType::Dob,
        "address" => DataType::Address,
        "phone" => DataType::Phone,
        "email" => DataType::Email,
        "credentials" => DataType::LoginCredentials,
        _ => return None,
    };
    Some(t)
}

#[test]
fn corpus_contacts_and_data_types() {
    let Some(shared) = shared() else { return };
    let Ok(entries) = fs::read_dir(shared.join("corpus")) else {
        return;
    };
    let mut metas: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".meta.toml"))
        .collect();
    metas.sort();
    let (mut files, mut toll_ok, mut tty_ok, mut count_files, mut count_ok) = (0, 0, 0, 0, 0);
    let (mut expected_total, mut recalled, mut extra) = (0, 0, 0);
    for meta_path in metas {
        let Ok(meta_text) = fs::read_to_string(&meta_path) else {
            continue;
        };
        let Ok(meta) = meta_text.parse::<toml::Table>() else {
            continue;
        };
        let name = meta_path.to_string_lossy().replace(".meta.toml", ".txt");
        let Ok(text) = fs::read_to_string(&name) else {
            continue;
        };
        let found = extract(&text);
        files += 1;
        let has_toll_free = meta
            .get("has_toll_free_number")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let has_tty = meta
            .get("has_tty_line")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        toll_ok += usize::from(found.phones.iter().any(|p| p.toll_free) == has_toll_free);
        tty_ok += usize::from(found.phones.iter().any(|p| p.tty) == has_tty);
        if let Some(count) = meta.get("affected_count").and_then(|v| v.as_integer()) {
            count_files += 1;
            count_ok += usize::from(
                found
                    .counts
                    .iter()
                    .any(|c| i64::try_from(c.value).ok() == Some(count)),
            );
        }
        let expected: BTreeSet<DataType> = meta
            .get("data_types")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .filter_map(meta_data_type)
            .collect();
        let named: BTreeSet<DataType> = found
            .data_types
            .iter()
            .filter(|m| !m.negated)
            .map(|m| m.data_type)
            .collect();
        expected_total += expected.len();
        recalled += expected.intersection(&named).count();
        let surplus: Vec<&str> = named.difference(&expected).map(|t| t.as_str()).collect();
        extra += surplus.len();
        if dump() {
            let missing: Vec<&str> = expected.difference(&named).map(|t| t.as_str()).collect();
            println!("{name}: missing {missing:?}, extra {surplus:?}");
            for m in found
                .data_types
                .iter()
                .filter(|m| !m.negated && !expected.contains(&m.data_type))
            {
                let around = context(&text, m.span.start, m.span.end);
                println!("    {}: …{around}…", m.data_type);
            }
        }
    }
    println!("corpus: contacts, counts and data types ({files} notices)");
    println!("  toll-free number present/absent as in meta: {toll_ok} / {files}");
    println!("  TTY line present/absent as in meta:        {tty_ok} / {files}");
    println!("  stated affected count found:               {count_ok} / {count_files}");
    println!(
        "  data types in meta named (not negated):    {recalled} / {expected_total} ({:.0}%); named but not in meta: {extra}",
        percent(recalled, expected_total)
    );
}
