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

use std::fs;
use std::path::{Path, PathBuf};

use breachlint::extract::{DateMention, DateRole, extract};

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

        if let Some(expected) = field("breach_date") {
            breach.record(&expected, &with_role(&dates, is_breach));
        }
        if let Some(expected) = field("notice_date") {
            notice.record(&expected, &with_role(&dates, |r| r == DateRole::Notice));
        }
        let Some(expected) = field("discovery_date") else {
            continue;
        };
        let found = with_role(&dates, |r| r == DateRole::Discovery);
        if !discovery.record(&expected, &found) {
            let all: Vec<String> = dates
                .iter()
                .map(|d| format!("{} {}", d.date, d.role.as_str()))
                .collect();
            misses.push(format!(
                "  {short}: expected {expected}; discovery {found:?}; all {all:?}"
            ));
        }
    }
    println!("corpus: dates by role against the meta files");
    discovery.print("discovery");
    breach.print("breach");
    notice.print("notice");
    if !misses.is_empty() {
        println!("discovery misses:");
        for m in &misses {
            println!("{m}");
        }
    }
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
