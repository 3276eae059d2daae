//! The incident facts file (`incident.toml`).
//!
//! A notice is checked against what actually happened: when the breach was
//! discovered, how many people in which states were affected, which data was
//! involved, what was already reported to regulators. Users write these facts
//! by hand in a small TOML file, documented for them in `docs/facts.md`.
//!
//! Facts come from, in order of precedence: a file named on the command line
//! (`--facts FILE`), `+++`-delimited TOML front matter at the top of a
//! Markdown notice, or an `incident.toml` beside the notice or in one of its
//! parent folders ([`for_notice`]).
//!
//! Parsing is strict: unknown keys, unknown vocabulary values, quoted dates
//! and impossible date orders are errors that point at the offending text,
//! because a silently ignored typo would make every deadline check wrong.
//! Inconsistencies that can have an innocent explanation (state counts adding
//! up to more than the total, a report filed before the recorded discovery)
//! are kept as warnings on the parsed [`Facts`] ([`Facts::warnings`]) for the
//! caller to show; they do not stop a run.
//!
//! Every value keeps the byte span where it was written ([`Located`]), so a
//! check can say where in the facts file a conflicting fact comes from. When
//! the facts came from front matter, spans point into the notice itself.

// `SpannedError` carries the file's text so it can be rendered on its own;
// it is large, but it is produced at most once per run, so boxing it would
// only add noise at every call site.

mod region;
mod value;
mod vocab;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::calendar::{TomlDate, TomlDateTime};
use crate::error::{Error, SpannedError, did_you_mean};
use crate::source::same_file;
use crate::span::Span;

pub use region::Region;
use region::{CodeKind, parse_code};
use value::{Count, OneOrMany};
pub use vocab::{
    DataType, DelayForm, DocumentRole, EntityRole, HhsBreachType, HhsLocation, NoticeMethod,
    ReportKind, RiskLevel, Vocabulary,
};

/// The file name looked for beside and above a notice.
pub const FILE_NAME: &str = "incident.toml";

/// A value together with the byte range where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written, in [`Facts::source`].
    pub span: Span,
}

/// What holds a set of facts: a file of its own or the notice (front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A TOML file of its own (`incident.toml` or `--facts FILE`).
    File,
    /// Front matter at the top of the notice; spans point into the notice.
    FrontMatter,
}

/// The period of the breach as the facts file gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BreachDates {
    /// `breach-date`: a breach on a single day.
    pub date: Option<Located<Date>>,
    /// `breach-start`.
    pub start: Option<Located<Date>>,
    /// `breach-end`.
    pub end: Option<Located<Date>>,
}

/// The number of affected residents of one state or country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResidentCount {
    /// The state or country.
    pub region: Region,
    /// How many residents were affected, and where the number was written.
    pub count: Located<u64>,
    /// Where the code was written (the key).
    pub key_span: Span,
}

/// `[law-enforcement-delay]`: law enforcement asked for notice to be held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LawEnforcementDelay {
    /// When the request was made.
    pub requested: Located<Date>,
    /// The last day of the delay.
    pub until: Located<Date>,
    /// Whether the request was written or oral, if recorded.
    pub form: Option<Located<DelayForm>>,
    /// The table header (or inline table).
    pub span: Span,
}

impl LawEnforcementDelay {
    /// The length of the delay in calendar days.
    pub fn days(&self) -> i64 {
        crate::calendar::calendar_days_between(self.requested.value, self.until.value)
    }
}

/// `[[report]]`: a report already filed with a regulator, the media, or others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledReport {
    /// Whom it went to.
    pub to: Located<ReportKind>,
    /// The state (`state = "CA"`) or country (`country = "IE"`) it was filed in.
    pub region: Option<Located<Region>>,
    /// When it was submitted.
    pub submitted: Located<Date>,
    /// The instant it was submitted, when `submitted` gives a time.
    pub submitted_at: Option<jiff::Timestamp>,
    /// The number of affected people the report gives.
    pub affected: Option<Located<u64>>,
    /// HHS only: the portal's "Type of Breach".
    pub hhs_type: Option<Located<HhsBreachType>>,
    /// HHS only: the portal's "Location of Breached Information" (one or several).
    pub locations: Vec<Located<HhsLocation>>,
    /// The `[[report]]` header (or inline table).
    pub span: Span,
}

impl FiledReport {
    /// "the HHS breach report filed 2016-08-22", "the report to state-ag (CA) filed …".
    pub fn describe(&self) -> String {
        let to = self.kind().as_str();
        let who = match (to, self.region()) {
            ("hhs", _) => "the HHS breach report".to_string(),
            (to, Some(g)) => format!("the report to {to} ({})", g.code()),
            (to, None) => format!("the report to {to}"),
        };
        format!("{who} filed {}", self.submitted())
    }

    /// From the first to the last `location` value, for labels.
    pub fn locations_span(&self) -> Option<Span> {
        match (self.locations.first(), self.locations.last()) {
            (Some(a), Some(b)) => Some(Span::new(a.span.start, b.span.end)),
            _ => None,
        }
    }

    /// Whom it went to.
    pub fn kind(&self) -> ReportKind {
        self.to.value
    }

    /// When it was submitted.
    pub fn submitted(&self) -> Date {
        self.submitted.value
    }

    /// The number of affected people the report gives.
    pub fn affected(&self) -> Option<u64> {
        self.affected.map(|a| a.value)
    }

    /// The state or country it was filed in.
    pub fn region(&self) -> Option<Region> {
        self.region.map(|r| r.value)
    }

    /// HHS only: the breach type given.
    pub fn hhs_type(&self) -> Option<HhsBreachType> {
        self.hhs_type.map(|t| t.value)
    }

    /// HHS only: the locations given.
    pub fn hhs_locations(&self) -> impl Iterator<Item = HhsLocation> + '_ {
        self.locations.iter().map(|l| l.value)
    }
}

/// `[[document]]`: one document of the incident (the letter, the web
/// notice, the media notice ...), checked against the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleDocument {
    /// The path as written, relative to the facts file's folder.
    pub path: Located<String>,
    /// What the document is.
    pub role: Located<DocumentRole>,
    /// The `[[document]]` header (or inline table).
    pub span: Span,
}

/// The facts of one incident, validated.
///
/// Every key of the file is optional; accessors return `None` (or an empty
/// iterator) for facts that were not given, and checks that need them skip.
#[derive(Debug, Clone)]
pub struct Facts {
    path: PathBuf,
    /// Shared with the warnings, which point into it.
    source: Arc<str>,
    container: Container,
    organization: Option<Located<String>>,
    entity: Vec<Located<EntityRole>>,
    breach: BreachDates,
    discovery: Option<Located<Date>>,
    /// The instant of discovery, when `discovery-date` gives a time.
    discovery_at: Option<jiff::Timestamp>,
    /// `determination-date`: when the breach was determined to have occurred.
    determination: Option<Located<Date>>,
    notice: Option<Located<Date>>,
    affected: Option<Located<u64>>,
    residents: Vec<ResidentCount>,
    residents_span: Option<Span>,
    data_types: Vec<Located<DataType>>,
    law_enforcement_delay: Option<LawEnforcementDelay>,
    notice_methods: Vec<Located<NoticeMethod>>,
    risk_level: Option<Located<RiskLevel>>,
    /// `variant-for`: the places a variant of the letter is for; `[residents]`
    /// is narrowed to them.
    variant_for: Vec<Located<Region>>,
    reports: Vec<FiledReport>,
    documents: Vec<BundleDocument>,
    warnings: Vec<SpannedError>,
}

impl Facts {
    /// The file the facts were read from (the notice, for front matter).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The full text of that file; every span indexes into it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the facts came from a file of their own or the notice's front matter.
    pub fn container(&self) -> Container {
        self.container
    }

    /// `path:line:column` of `span`'s start, for notes such as "discovery date
    /// from incident.toml:4:18".
    pub fn location(&self, span: Span) -> String {
        let mut at = span.start.min(self.source.len());
        while !self.source.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.source[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut column = before[line_start..].chars().count() + 1;
        if line_start == 0 && before.starts_with('\u{feff}') {
            column -= 1;
        }
        format!(
            "{}:{line}:{column}",
            crate::source::display_path(&self.path)
        )
    }

    /// Inconsistencies that do not stop a run (see the module documentation).
    pub fn warnings(&self) -> &[SpannedError] {
        &self.warnings
    }

    /// `organization`.
    pub fn organization(&self) -> Option<&str> {
        self.organization.as_ref().map(|o| o.value.as_str())
    }

    /// `organization`, with its place.
    pub fn organization_located(&self) -> Option<&Located<String>> {
        self.organization.as_ref()
    }

    /// The entity's roles (`entity`), in the order written.
    pub fn entity_roles(&self) -> impl Iterator<Item = EntityRole> + '_ {
        self.entity.iter().map(|e| e.value)
    }

    /// Whether `entity` includes `role`.
    pub fn is_entity(&self, role: EntityRole) -> bool {
        self.entity.iter().any(|e| e.value == role)
    }

    /// `entity`, with places.
    pub fn entity_located(&self) -> &[Located<EntityRole>] {
        &self.entity
    }

    /// The breach dates exactly as given, with places.
    pub fn breach_dates(&self) -> BreachDates {
        self.breach
    }

    /// The first day of the breach: `breach-start`, or `breach-date`.
    pub fn breach_start(&self) -> Option<Date> {
        self.breach_start_located().map(|d| d.value)
    }

    /// [`Facts::breach_start`], with its place.
    pub fn breach_start_located(&self) -> Option<Located<Date>> {
        self.breach.start.or(self.breach.date)
    }

    /// The last day of the breach: `breach-end`, or `breach-date`.
    pub fn breach_end(&self) -> Option<Date> {
        self.breach_end_located().map(|d| d.value)
    }

    /// [`Facts::breach_end`], with its place.
    pub fn breach_end_located(&self) -> Option<Located<Date>> {
        self.breach.end.or(self.breach.date)
    }

    /// `discovery-date`.
    pub fn discovery(&self) -> Option<Date> {
        self.discovery.map(|d| d.value)
    }

    /// `discovery-date`, with its place.
    pub fn discovery_located(&self) -> Option<Located<Date>> {
        self.discovery
    }

    /// `determination-date`, with its place: the day the entity determined
    /// that a breach occurred (the trigger of Texas, Florida, Colorado and
    /// Arizona law), never before discovery.
    pub fn determination_located(&self) -> Option<Located<Date>> {
        self.determination
    }

    /// The instant of discovery, when `discovery-date` gives a time and offset.
    pub fn discovery_at(&self) -> Option<jiff::Timestamp> {
        self.discovery_at
    }

    /// `notice-date` as written (the planned or actual publication date).
    pub fn notice_date(&self) -> Option<Date> {
        self.notice.map(|d| d.value)
    }

    /// `notice-date`, with its place.
    pub fn notice_date_located(&self) -> Option<Located<Date>> {
        self.notice
    }

    /// The date the notice goes out: `notice-date`, or `today` when it is not given
    /// (a draft checked today is assumed to be sent today).
    pub fn effective_notice_date(&self, today: Date) -> Date {
        self.notice_date().unwrap_or(today)
    }

    /// Shorthand for [`Facts::effective_notice_date`].
    pub fn notice(&self, today: Date) -> Date {
        self.effective_notice_date(today)
    }

    /// `affected`: the total number of people affected.
    pub fn affected_total(&self) -> Option<u64> {
        self.affected.map(|a| a.value)
    }

    /// `affected`, with its place.
    pub fn affected_located(&self) -> Option<Located<u64>> {
        self.affected
    }

    /// Affected residents of `code` as written at the top of `[residents]`:
    /// a US postal code names a state, any other code a country. `None` when
    /// the code is unknown or not listed.
    pub fn residents(&self, code: &str) -> Option<u64> {
        self.residents_in(Region::from_code(code)?)
    }

    /// Affected residents of `region`, if listed.
    pub fn residents_in(&self, region: Region) -> Option<u64> {
        self.resident_count(region).map(|r| r.count.value)
    }

    /// Affected residents of the country with ISO code `code` (`CA` is Canada here).
    pub fn residents_in_country(&self, code: &str) -> Option<u64> {
        self.residents_in(Region::country(code)?)
    }

    /// The `[residents]` entry for `region`, with places.
    pub fn resident_count(&self, region: Region) -> Option<&ResidentCount> {
        self.residents.iter().find(|r| r.region == region)
    }

    /// Every `[residents]` entry, in the order written.
    pub fn resident_counts(&self) -> &[ResidentCount] {
        &self.residents
    }

    /// The `[residents]` table header (or inline table), if given.
    pub fn residents_span(&self) -> Option<Span> {
        self.residents_span
    }

    /// The US states and territories with affected residents.
    pub fn states(&self) -> impl Iterator<Item = (Region, u64)> + '_ {
        self.residents
            .iter()
            .filter(|r| r.region.is_us_state())
            .map(|r| (r.region, r.count.value))
    }

    /// Whether `data-types` includes `dt`.
    pub fn has_data_type(&self, dt: DataType) -> bool {
        self.data_types.iter().any(|d| d.value == dt)
    }

    /// `data-types`, in the order written.
    pub fn data_types(&self) -> impl Iterator<Item = DataType> + '_ {
        self.data_types.iter().map(|d| d.value)
    }

    /// `data-types`, with places.
    pub fn data_types_located(&self) -> &[Located<DataType>] {
        &self.data_types
    }

    /// `[law-enforcement-delay]`.
    pub fn law_enforcement_delay(&self) -> Option<&LawEnforcementDelay> {
        self.law_enforcement_delay.as_ref()
    }

    /// `notice-method`, in the order written.
    pub fn notice_methods(&self) -> impl Iterator<Item = NoticeMethod> + '_ {
        self.notice_methods.iter().map(|m| m.value)
    }

    /// Whether `notice-method` includes `method`.
    pub fn uses_notice_method(&self, method: NoticeMethod) -> bool {
        self.notice_methods.iter().any(|m| m.value == method)
    }

    /// `risk-level`: the assessed risk to the people affected.
    pub fn risk_level(&self) -> Option<RiskLevel> {
        self.risk_level.map(|r| r.value)
    }

    /// `variant-for`: the places this letter is a variant for (empty for
    /// a letter to everyone).
    pub fn variant_for(&self) -> impl Iterator<Item = Region> + '_ {
        self.variant_for.iter().map(|r| r.value)
    }

    /// Front matter that holds only `variant-for`: the rest of the facts
    /// come from the incident.toml of the letter they vary.
    fn only_variant(&self) -> bool {
        !self.variant_for.is_empty()
            && self.organization.is_none()
            && self.entity.is_empty()
            && self.breach.date.is_none()
            && self.breach.start.is_none()
            && self.breach.end.is_none()
            && self.discovery.is_none()
            && self.notice.is_none()
            && self.affected.is_none()
            && self.residents.is_empty()
            && self.data_types.is_empty()
            && self.law_enforcement_delay.is_none()
            && self.notice_methods.is_empty()
            && self.risk_level.is_none()
            && self.reports.is_empty()
    }

    /// These facts for a variant of the letter sent to the places of
    /// `variant` only: `[residents]` keeps just those places. A place
    /// `[residents]` does not list is an error at its entry in `variant`.
    fn narrowed_by(mut self, variant: &Facts) -> Result<Facts, SpannedError> {
        for v in &variant.variant_for {
            if self.resident_count(v.value).is_none() {
                return Err(SpannedError::new(
                    &variant.path,
                    variant.source.clone(),
                    Some(v.span),
                    format!(
                        "`variant-for` names {} ({}), which `[residents]` in {} does not list",
                        v.value.code(),
                        v.value.name(),
                        self.path.display()
                    ),
                )
                .with_label("not among the residents"));
            }
        }
        let keep: Vec<Region> = variant.variant_for().collect();
        self.residents.retain(|r| keep.contains(&r.region));
        self.variant_for = variant.variant_for.clone();
        Ok(self)
    }

    /// `notice-method`, with places.
    pub fn notice_methods_located(&self) -> &[Located<NoticeMethod>] {
        &self.notice_methods
    }

    /// Every `[[report]]`, in the order written.
    pub fn reports(&self) -> &[FiledReport] {
        &self.reports
    }

    /// Every `[[document]]`, in the order written.
    pub fn documents(&self) -> &[BundleDocument] {
        &self.documents
    }

    /// Where a `[[document]]` path points: relative paths are read from the
    /// facts file's folder.
    pub fn document_path(&self, doc: &BundleDocument) -> PathBuf {
        let p = Path::new(&doc.path.value);
        if p.is_absolute() {
            return p.to_path_buf();
        }
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// The role `[[document]]` gives the file at `path`, if it lists it.
    pub fn role_of(&self, path: &Path) -> Option<DocumentRole> {
        if self.documents.is_empty() {
            return None;
        }
        let wanted = same_file(path);
        self.documents
            .iter()
            .find(|d| same_file(&self.document_path(d)) == wanted)
            .map(|d| d.role.value)
    }

    /// The reports filed with `kind`, in the order written.
    pub fn reports_to(&self, kind: ReportKind) -> impl Iterator<Item = &FiledReport> + '_ {
        self.reports.iter().filter(move |r| r.to.value == kind)
    }
}

// ---------------------------------------------------------------------------
// The file as written. Kept private: the public model above is validated.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFacts {
    organization: Option<Spanned<String>>,
    entity: Option<Spanned<OneOrMany<EntityRole>>>,
    breach_date: Option<Spanned<TomlDate>>,
    breach_start: Option<Spanned<TomlDate>>,
    breach_end: Option<Spanned<TomlDate>>,
    discovery_date: Option<Spanned<TomlDateTime>>,
    determination_date: Option<Spanned<TomlDate>>,
    notice_date: Option<Spanned<TomlDate>>,
    affected: Option<Spanned<Count>>,
    residents: Option<Spanned<RawResidents>>,
    data_types: Option<Spanned<OneOrMany<DataType>>>,
    law_enforcement_delay: Option<Spanned<RawDelay>>,
    notice_method: Option<Spanned<OneOrMany<NoticeMethod>>>,
    risk_level: Option<Spanned<RiskLevel>>,
    variant_for: Option<Spanned<OneOrMany<String>>>,
    #[serde(default)]
    report: Vec<Spanned<RawReport>>,
    #[serde(default)]
    document: Vec<Spanned<RawDocument>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocument {
    path: Spanned<String>,
    role: Spanned<DocumentRole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDelay {
    requested: Spanned<TomlDate>,
    until: Spanned<TomlDate>,
    form: Option<Spanned<DelayForm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReport {
    to: Spanned<ReportKind>,
    state: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    submitted: Spanned<TomlDateTime>,
    affected: Option<Spanned<Count>>,
    #[serde(rename = "type")]
    hhs_type: Option<Spanned<HhsBreachType>>,
    location: Option<Spanned<OneOrMany<HhsLocation>>>,
}

/// Code = count pairs in the order written.
type Entries = Vec<(Spanned<String>, Spanned<Count>)>;

/// `[residents]`: code = count pairs, plus an optional `[residents.country]`.
#[derive(Debug, Default)]
struct RawResidents {
    entries: Entries,
    country: Option<Spanned<CountryTable>>,
}

/// `[residents.country]`: country code = count pairs.
#[derive(Debug, Default)]
struct CountryTable(Entries);

/// Reads code = count pairs; `country` (when allowed) holds a nested table.
fn visit_entries<'de, A: serde::de::MapAccess<'de>>(
    mut map: A,
    allow_country: bool,
) -> Result<RawResidents, A::Error> {
    let mut out = RawResidents::default();
    while let Some(key) = map.next_key::<Spanned<String>>()? {
        if allow_country && key.get_ref() == "country" {
            out.country = Some(map.next_value()?);
        } else {
            out.entries.push((key, map.next_value()?));
        }
    }
    Ok(out)
}

impl<'de> Deserialize<'de> for RawResidents {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawResidents;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of state or country codes and counts, such as `CA = 1000`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawResidents, A::Error> {
                visit_entries(map, true)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl<'de> Deserialize<'de> for CountryTable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = CountryTable;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of country codes and counts, such as `CA = 20`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<CountryTable, A::Error> {
                visit_entries(map, false).map(|r| CountryTable(r.entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The top-level keys, for did-you-mean on unknown keys.
const TOP_LEVEL_KEYS: &[&str] = &[
    "organization",
    "entity",
    "breach-date",
    "breach-start",
    "breach-end",
    "discovery-date",
    "determination-date",
    "notice-date",
    "affected",
    "residents",
    "data-types",
    "law-enforcement-delay",
    "notice-method",
    "risk-level",
    "variant-for",
    "report",
    "document",
];

/// Words people reach for instead of the documented keys.
const KEY_ALIASES: &[(&str, &str)] = &[
    ("discovered", "discovery-date"),
    ("discovered-on", "discovery-date"),
    ("discovery", "discovery-date"),
    ("date-discovered", "discovery-date"),
    ("notice", "notice-date"),
    ("notification-date", "notice-date"),
    ("mailing-date", "notice-date"),
    ("letter-date", "notice-date"),
    ("breached", "breach-date"),
    ("breach", "breach-date"),
    ("incident-date", "breach-date"),
    ("affected-count", "affected"),
    ("total", "affected"),
    ("individuals", "affected"),
    ("states", "residents"),
    ("by-state", "residents"),
    ("data", "data-types"),
    ("data-elements", "data-types"),
    ("elements", "data-types"),
    ("reports", "report"),
    ("name", "organization"),
    ("company", "organization"),
    ("entity-name", "organization"),
    ("entity-type", "entity"),
    ("notice-methods", "notice-method"),
    ("channel", "notice-method"),
    ("delay", "law-enforcement-delay"),
    ("risk", "risk-level"),
    ("documents", "document"),
    ("files", "document"),
    ("le-delay", "law-enforcement-delay"),
];

// ---------------------------------------------------------------------------
// Parsing.

/// Parses a facts file. `path` is used in messages; `text` is its content
/// (a leading byte order mark is allowed).
///
/// Errors point into `text`. Warnings are on the returned [`Facts`].
pub fn parse(path: &Path, text: &str) -> Result<Facts, SpannedError> {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    parse_at(path, text, offset, &text[offset..], Container::File)
}

/// Parses the front matter `fm` of the notice at `path` whose full text is
/// `notice_text`; `fm` must come from [`split_front_matter`] on that text.
/// Spans, in errors and in the result, point into the notice.
pub fn parse_front_matter(
    path: &Path,
    notice_text: &str,
    fm: &FrontMatter<'_>,
) -> Result<Facts, SpannedError> {
    parse_at(
        path,
        notice_text,
        fm.offset,
        fm.toml,
        Container::FrontMatter,
    )
}

/// Reads and parses the facts file at `path`.
pub fn load(path: &Path) -> Result<Facts, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::from(SpannedError::new(
            path,
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some(Span::point(at)),
            "the facts file is not valid UTF-8",
        ))
    })?;
    Ok(parse(path, &text)?)
}

/// The facts for the notice at `notice` (whose text is `notice_text`), in
/// order of precedence: the `explicit` file (`--facts FILE`), the notice's
/// front matter, then an `incident.toml` found by [`find_facts_file`].
/// `Ok(None)` when there are none.
pub fn for_notice(
    notice: &Path,
    notice_text: &str,
    explicit: Option<&Path>,
) -> Result<Option<Facts>, Error> {
    if let Some(file) = explicit {
        return load(file).map(Some);
    }
    if let Some(fm) = split_front_matter(notice_text) {
        let facts = parse_front_matter(notice, notice_text, &fm)?;
        if facts.only_variant() {
            // A variant of a letter: the incident's facts, for fewer places.
            let Some(file) = find_facts_file(notice) else {
                return Err(SpannedError::new(
                    notice,
                    notice_text,
                    facts.variant_for.first().map(|v| v.span),
                    "`variant-for` alone needs an incident.toml beside or above the notice",
                )
                .with_label("a variant of which incident?")
                .with_help("put the incident's facts in incident.toml, or give them in the front matter too")
                .into());
            };
            return Ok(Some(load(&file)?.narrowed_by(&facts)?));
        }
        return Ok(Some(facts));
    }
    if let Some(open) = unclosed_front_matter(notice_text) {
        return Err(SpannedError::new(
            notice,
            notice_text,
            Some(open),
            "front matter is opened with `+++` but never closed",
        )
        .with_label("opened here")
        .with_help("end the facts with a line holding only `+++`")
        .into());
    }
    match find_facts_file(notice) {
        Some(file) => load(&file).map(Some),
        None => Ok(None),
    }
}

/// Where the parse happens: the file, its full text, and the slice holding the TOML.
struct Ctx<'a> {
    path: &'a Path,
    source: &'a str,
    /// `source`, copied once for the facts and every error and warning.
    shared: Arc<str>,
    offset: usize,
}

impl Ctx<'_> {
    /// A span of the TOML slice, moved into the full source.
    fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(r.start + self.offset, r.end + self.offset)
    }

    fn located<T>(&self, s: Spanned<T>) -> Located<T> {
        let span = self.span(s.span());
        Located {
            value: s.into_inner(),
            span,
        }
    }

    fn date(&self, s: Spanned<TomlDate>) -> Located<Date> {
        let span = self.span(s.span());
        Located {
            value: s.into_inner().0,
            span,
        }
    }

    /// The day of a date that may carry a time.
    fn date_of(&self, s: Spanned<TomlDateTime>) -> Located<Date> {
        let span = self.span(s.span());
        Located {
            value: s.into_inner().date,
            span,
        }
    }

    fn count(&self, s: Spanned<Count>) -> Located<u64> {
        let span = self.span(s.span());
        Located {
            value: s.into_inner().0,
            span,
        }
    }

    /// The values of a one-or-many key, each with its place.
    fn list<T>(&self, s: Spanned<OneOrMany<T>>) -> Vec<Located<T>> {
        let whole = s.span();
        s.into_inner()
            .into_spanned(whole)
            .into_iter()
            .map(|v| self.located(v))
            .collect()
    }

    /// Turns a `toml` error into a spanned error in the full source, reading
    /// the `help: ` lines that this module's deserialisers append and adding
    /// did-you-mean help to unknown keys.
    fn toml_error(&self, err: &toml::de::Error) -> SpannedError {
        let raw = err.message();
        let mut lines = raw.lines();
        let first = lines.next().unwrap_or("invalid TOML").trim().to_string();
        let span = err.span().map(|r| self.span(r));
        let mut e = SpannedError::new(self.path, self.shared.clone(), span, first.clone());
        for line in lines {
            if let Some(h) = line.strip_prefix("help: ") {
                e.help = Some(h.to_string());
            }
        }
        if let Some(rest) = first.strip_prefix("unknown field ") {
            let names: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
            if let Some((key, allowed)) = names.split_first() {
                e.message = format!("unknown key `{key}`");
                e.label = Some("unknown key".to_string());
                e.help = Some(unknown_key_help(key, allowed));
            }
        } else if let Some(rest) = first.strip_prefix("missing field ") {
            let key = rest.trim_matches('`');
            e.message = format!("missing key `{key}`");
            e.label = Some(format!("this table needs `{key}`"));
        } else if first.starts_with("invalid type") {
            e.label = Some("wrong type".to_string());
        } else if first.starts_with("unknown ") {
            e.label = Some("unknown value".to_string());
        } else if first.starts_with("expected a date") {
            e.label = Some("not a date".to_string());
        } else if first.contains("number of people") {
            e.label = Some("not a count".to_string());
        }
        e
    }
}

/// The candidate `wanted` was probably meant to be: the crate-wide
/// [`did_you_mean`] first, then, for short words where Jaro-Winkler scores
/// even one-letter slips low (`snn` for `ssn`), a candidate one edit away.
pub(crate) fn suggest<'a>(wanted: &str, candidates: &[&'a str]) -> Option<&'a str> {
    did_you_mean(wanted, candidates.iter().copied()).or_else(|| {
        if wanted.chars().count() < 3 {
            return None;
        }
        candidates
            .iter()
            .copied()
            .find(|c| strsim::damerau_levenshtein(wanted, c) == 1)
    })
}

/// Help for an unknown key: the intended key, or the list of keys allowed there.
fn unknown_key_help(key: &str, allowed: &[&str]) -> String {
    if key == "incident" && allowed.contains(&"discovery-date") {
        return "write the facts at the top level of the file, without an `[incident]` table"
            .to_string();
    }
    let norm = key.to_lowercase().replace(['_', ' '], "-");
    if let Some(k) = allowed.iter().find(|a| **a == norm) {
        return format!("did you mean `{k}`? keys are lower-case with hyphens");
    }
    // The aliases are for top-level keys only; serde lists the allowed keys
    // in declaration order, the same as `TOP_LEVEL_KEYS`.
    if allowed == TOP_LEVEL_KEYS {
        if let Some((_, k)) = KEY_ALIASES.iter().find(|(a, _)| *a == norm) {
            return format!("did you mean `{k}`?");
        }
    }
    match suggest(&norm, allowed) {
        Some(k) => format!("did you mean `{k}`?"),
        None if allowed.is_empty() => "remove it; this table takes no keys".to_string(),
        None => format!(
            "remove it, or use one of: {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Longest facts text read (a file, or front matter). An incident's facts
/// take a few dozen lines, and the TOML parser holds some fifty bytes for
/// every byte it reads, which a notice's front matter must not multiply.
pub const MAX_FACTS_BYTES: usize = 64 * 1024;

fn parse_at(
    path: &Path,
    source: &str,
    offset: usize,
    toml_text: &str,
    container: Container,
) -> Result<Facts, SpannedError> {
    let ctx = Ctx {
        path,
        source,
        shared: Arc::from(source),
        offset,
    };
    if toml_text.len() > MAX_FACTS_BYTES {
        let first_line = toml_text.find('\n').unwrap_or(toml_text.len());
        return Err(SpannedError::new(
            path,
            ctx.shared.clone(),
            Some(ctx.span(0..first_line)),
            format!(
                "the facts are {} KiB long, more than the {} KiB breachlint reads",
                toml_text.len().div_ceil(1024),
                MAX_FACTS_BYTES / 1024
            ),
        )
        .with_label("the facts start here")
        .with_help(match container {
            Container::FrontMatter => "facts take a few dozen lines; check that the line closing the front matter (`+++`) is where it should be",
            Container::File => "facts take a few dozen lines; check that this is the incident's facts file",
        }));
    }
    let raw: RawFacts = toml::from_str(toml_text).map_err(|e| ctx.toml_error(&e))?;
    build(&ctx, raw, container)
}

/// Validates the raw file and builds the model. Hard errors are collected and
/// the first one in the file is returned, so fixing errors top to bottom works.
fn build(ctx: &Ctx<'_>, raw: RawFacts, container: Container) -> Result<Facts, SpannedError> {
    let mut errors: Vec<SpannedError> = Vec::new();
    let mut warnings: Vec<SpannedError> = Vec::new();

    let organization = raw.organization.map(|o| ctx.located(o));
    if let Some(o) = &organization {
        if o.value.trim().is_empty() {
            errors.push(
                SpannedError::new(
                    ctx.path,
                    ctx.shared.clone(),
                    Some(o.span),
                    "`organization` is empty",
                )
                .with_help("write the organization's name as the notice should give it"),
            );
        }
    }

    let entity = raw.entity.map(|e| ctx.list(e)).unwrap_or_default();
    duplicates(ctx, &entity, "entity role", &mut warnings);

    let breach = BreachDates {
        date: raw.breach_date.map(|d| ctx.date(d)),
        start: raw.breach_start.map(|d| ctx.date(d)),
        end: raw.breach_end.map(|d| ctx.date(d)),
    };
    let discovery_at = raw.discovery_date.as_ref().and_then(|d| d.get_ref().at);
    let discovery = raw.discovery_date.map(|d| ctx.date_of(d));
    let determination = raw.determination_date.map(|d| ctx.date(d));
    if let (Some(d), Some(disc)) = (determination, discovery) {
        if d.value < disc.value {
            errors.push(
                ctx_error(
                    ctx,
                    d.span,
                    "`determination-date` is before `discovery-date`",
                )
                .with_label(format!("before discovery on {}", disc.value))
                .with_help(
                    "a breach is determined to have occurred on or after the day it is discovered",
                ),
            );
        }
    }
    let notice = raw.notice_date.map(|d| ctx.date(d));
    check_dates(ctx, &breach, discovery, notice, &mut errors);

    let affected = raw.affected.map(|a| ctx.count(a));

    let residents_span = raw.residents.as_ref().map(|r| ctx.span(r.span()));
    let residents = raw
        .residents
        .map(|r| residents(ctx, r.into_inner(), &mut errors))
        .unwrap_or_default();
    check_resident_totals(ctx, affected, &residents, residents_span, &mut warnings);

    let data_types = raw.data_types.map(|d| ctx.list(d)).unwrap_or_default();
    duplicates(ctx, &data_types, "data type", &mut warnings);

    let law_enforcement_delay = raw.law_enforcement_delay.map(|d| {
        let span = ctx.span(d.span());
        let d = d.into_inner();
        LawEnforcementDelay {
            requested: ctx.date(d.requested),
            until: ctx.date(d.until),
            form: d.form.map(|f| ctx.located(f)),
            span,
        }
    });
    if let Some(d) = &law_enforcement_delay {
        if d.until.value < d.requested.value {
            errors.push(
                SpannedError::new(
                    ctx.path,
                    ctx.shared.clone(),
                    Some(d.until.span),
                    "the law-enforcement delay ends before it was requested",
                )
                .with_label(format!("before the request on {}", d.requested.value))
                .with_help("check both dates; `until` is the last day of the delay"),
            );
        }
        if let Some(disc) = discovery {
            if d.requested.value < disc.value {
                warnings.push(
                    SpannedError::new(
                        ctx.path,
                        ctx.shared.clone(),
                        Some(d.requested.span),
                        "the law-enforcement delay was requested before the breach was discovered",
                    )
                    .with_label(format!("before discovery on {}", disc.value)),
                );
            }
        }
    }

    let notice_methods = raw.notice_method.map(|m| ctx.list(m)).unwrap_or_default();
    duplicates(ctx, &notice_methods, "notice method", &mut warnings);
    let risk_level = raw.risk_level.map(|r| ctx.located(r));
    let mut residents = residents;
    let mut variant_for = Vec::new();
    for code in raw.variant_for.map(|v| ctx.list(v)).unwrap_or_default() {
        let span = code.span;
        match parse_code(&code.value, CodeKind::StateOrCountry) {
            Ok(region) if residents.is_empty() || residents.iter().any(|r| r.region == region) => {
                variant_for.push(Located {
                    value: region,
                    span,
                });
            }
            Ok(region) => errors.push(
                ctx_error(
                    ctx,
                    span,
                    format!(
                        "`variant-for` names {} ({}), which `[residents]` does not list",
                        region.code(),
                        region.name()
                    ),
                )
                .with_label("not among the residents"),
            ),
            Err(e) => errors.push(
                ctx_error(ctx, span, e.message)
                    .with_label("not a known code")
                    .with_help(e.help),
            ),
        }
    }
    if !variant_for.is_empty() && !residents.is_empty() {
        residents.retain(|r| variant_for.iter().any(|v| v.value == r.region));
    }

    let reports: Vec<FiledReport> = raw
        .report
        .into_iter()
        .map(|r| report(ctx, r, &mut errors))
        .collect();
    check_reports(
        ctx,
        &reports,
        discovery,
        affected,
        &residents,
        &mut warnings,
    );

    let documents = documents(ctx, raw.document, container, &mut errors);

    if let Some(first) = errors.into_iter().min_by_key(|e| e.span.map(|s| s.start)) {
        return Err(first);
    }
    warnings.sort_by_key(|w| w.span.map(|s| s.start));
    Ok(Facts {
        path: ctx.path.to_path_buf(),
        source: ctx.shared.clone(),
        container,
        organization,
        entity,
        breach,
        discovery,
        discovery_at,
        determination,
        notice,
        affected,
        residents,
        residents_span,
        data_types,
        law_enforcement_delay,
        notice_methods,
        risk_level,
        variant_for,
        reports,
        documents,
        warnings,
    })
}

/// `[[document]]` tables: a path and a role each, no path twice. Whether the
/// files exist is checked when they are read, where the error can say so.
fn documents(
    ctx: &Ctx<'_>,
    raw: Vec<Spanned<RawDocument>>,
    container: Container,
    errors: &mut Vec<SpannedError>,
) -> Vec<BundleDocument> {
    let mut out: Vec<BundleDocument> = Vec::new();
    for d in raw {
        let span = ctx.span(d.span());
        let d = d.into_inner();
        let path = ctx.located(d.path);
        let role = ctx.located(d.role);
        let err =
            |at: Span, msg: &str| SpannedError::new(ctx.path, ctx.shared.clone(), Some(at), msg);
        if container == Container::FrontMatter {
            errors.push(
                err(
                    span,
                    "`[[document]]` belongs in incident.toml, not in a notice's front matter",
                )
                .with_help("list the incident's documents in an incident.toml beside them"),
            );
        } else if path.value.trim().is_empty() {
            errors.push(
                err(path.span, "`path` is empty")
                    .with_help("write the document's path, relative to this file"),
            );
        } else if let Some(first) = out
            .iter()
            .find(|o| Path::new(&o.path.value) == Path::new(&path.value))
        {
            errors.push(
                err(path.span, "this document is listed twice")
                    .with_label(format!(
                        "also listed at line {}",
                        line_of(ctx.source, first.path.span.start)
                    ))
                    .with_help("list each document once, with its one role"),
            );
        }
        out.push(BundleDocument { path, role, span });
    }
    out
}

/// 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Dates that cannot all be true at once.
fn check_dates(
    ctx: &Ctx<'_>,
    breach: &BreachDates,
    discovery: Option<Located<Date>>,
    notice: Option<Located<Date>>,
    errors: &mut Vec<SpannedError>,
) {
    let err =
        |span: Span, msg: String| SpannedError::new(ctx.path, ctx.shared.clone(), Some(span), msg);
    if let Some(date) = breach.date {
        for (key, other) in [("breach-start", breach.start), ("breach-end", breach.end)] {
            if let Some(o) = other {
                errors.push(
                    err(o.span, format!("`breach-date` and `{key}` are both given"))
                        .with_label(format!("conflicts with `breach-date = {}`", date.value))
                        .with_help(
                            "use `breach-date` for a breach on one day, or `breach-start` and \
                             `breach-end` for a period",
                        ),
                );
            }
        }
    }
    if let (Some(s), Some(e)) = (breach.start, breach.end) {
        if e.value < s.value {
            errors.push(
                err(e.span, "`breach-end` is before `breach-start`".to_string())
                    .with_label(format!("before the start on {}", s.value))
                    .with_help("swap the dates, or correct the one that is wrong"),
            );
        }
    }
    let start = breach.start.or(breach.date);
    if let (Some(s), Some(d)) = (start, discovery) {
        if d.value < s.value {
            errors.push(
                err(
                    d.span,
                    "the breach was discovered before it began".to_string(),
                )
                .with_label(format!("before the breach began on {}", s.value))
                .with_help(
                    "`discovery-date` is the day the breach became known; it cannot be \
                         earlier than the breach itself",
                ),
            );
        }
    }
    if let (Some(d), Some(n)) = (discovery, notice) {
        if n.value < d.value {
            errors.push(
                err(
                    n.span,
                    "the notice is dated before the breach was discovered".to_string(),
                )
                .with_label(format!("before discovery on {}", d.value))
                .with_help("`notice-date` is the day the notice is (or will be) sent or published"),
            );
        }
    }
}

/// Validates `[residents]` keys and builds the counts.
fn residents(
    ctx: &Ctx<'_>,
    raw: RawResidents,
    errors: &mut Vec<SpannedError>,
) -> Vec<ResidentCount> {
    let country_entries = raw.country.map(|c| c.into_inner().0).unwrap_or_default();
    let tagged = raw
        .entries
        .into_iter()
        .map(|e| (CodeKind::StateOrCountry, e))
        .chain(country_entries.into_iter().map(|e| (CodeKind::Country, e)));
    let mut out: Vec<ResidentCount> = Vec::new();
    for (kind, (key, count)) in tagged {
        let key_span = ctx.span(key.span());
        let count = ctx.count(count);
        match parse_code(key.get_ref(), kind) {
            Ok(region) => {
                if let Some(prev) = out.iter().find(|r| r.region == region) {
                    errors.push(
                        SpannedError::new(
                            ctx.path,
                            ctx.shared.clone(),
                            Some(key_span),
                            format!("`{}` ({}) is listed twice", region.code(), region.name()),
                        )
                        .with_label("second entry")
                        .with_help(format!(
                            "keep one entry; the first is at {}",
                            line_col_of(ctx.source, prev.key_span.start)
                        )),
                    );
                    continue;
                }
                out.push(ResidentCount {
                    region,
                    count,
                    key_span,
                });
            }
            Err(e) => errors.push(
                SpannedError::new(ctx.path, ctx.shared.clone(), Some(key_span), e.message)
                    .with_label("not a known code")
                    .with_help(e.help),
            ),
        }
    }
    out
}

/// Validates one `[[report]]`.
fn report(ctx: &Ctx<'_>, raw: Spanned<RawReport>, errors: &mut Vec<SpannedError>) -> FiledReport {
    let span = ctx.span(raw.span());
    let raw = raw.into_inner();
    let to = ctx.located(raw.to);
    let mut code = |s: Option<Spanned<String>>, kind: CodeKind| -> Option<Located<Region>> {
        let s = s?;
        let span = ctx.span(s.span());
        match parse_code(s.get_ref(), kind) {
            Ok(region) => Some(Located {
                value: region,
                span,
            }),
            Err(e) => {
                errors.push(
                    SpannedError::new(ctx.path, ctx.shared.clone(), Some(span), e.message)
                        .with_label("not a known code")
                        .with_help(e.help),
                );
                None
            }
        }
    };
    let state = code(raw.state, CodeKind::State);
    let country = code(raw.country, CodeKind::Country);
    if let (Some(_), Some(c)) = (state, country) {
        errors.push(
            ctx_error(
                ctx,
                c.span,
                "a report has either `state` or `country`, not both",
            )
            .with_help("file one `[[report]]` per recipient"),
        );
    }
    let hhs_type = raw.hhs_type.map(|t| ctx.located(t));
    let locations = raw.location.map(|l| ctx.list(l)).unwrap_or_default();
    if to.value != ReportKind::Hhs {
        let misplaced = hhs_type
            .map(|t| ("type", t.span))
            .into_iter()
            .chain(locations.first().map(|l| ("location", l.span)));
        for (key, at) in misplaced {
            errors.push(
                ctx_error(
                    ctx,
                    at,
                    format!(
                        "`{key}` applies only to reports to HHS, not to `{}`",
                        to.value
                    ),
                )
                .with_label("HHS breach portal field")
                .with_help(format!("remove `{key}`, or set `to = \"hhs\"`")),
            );
        }
    }
    FiledReport {
        to,
        region: state.or(country),
        submitted_at: raw.submitted.get_ref().at,
        submitted: ctx.date_of(raw.submitted),
        affected: raw.affected.map(|a| ctx.count(a)),
        hhs_type,
        locations,
        span,
    }
}

fn ctx_error(ctx: &Ctx<'_>, span: Span, msg: impl Into<String>) -> SpannedError {
    SpannedError::new(ctx.path, ctx.shared.clone(), Some(span), msg)
}

/// Warns about repeated values in a list (harmless, but usually a slip).
fn duplicates<T: PartialEq + std::fmt::Display>(
    ctx: &Ctx<'_>,
    values: &[Located<T>],
    what: &str,
    warnings: &mut Vec<SpannedError>,
) {
    // The values are words of a small vocabulary: comparing each with the
    // distinct ones seen keeps a long list linear.
    let mut seen: Vec<&T> = Vec::new();
    for v in values {
        if seen.contains(&&v.value) {
            warnings.push(
                ctx_error(ctx, v.span, format!("{what} `{}` is listed twice", v.value))
                    .with_label("repeated"),
            );
        } else {
            seen.push(&v.value);
        }
    }
}

/// Warns when resident counts exceed the total.
fn check_resident_totals(
    ctx: &Ctx<'_>,
    affected: Option<Located<u64>>,
    residents: &[ResidentCount],
    residents_span: Option<Span>,
    warnings: &mut Vec<SpannedError>,
) {
    let Some(total) = affected else { return };
    let mut any_single = false;
    for r in residents {
        if r.count.value > total.value {
            any_single = true;
            warnings.push(
                ctx_error(
                    ctx,
                    r.count.span,
                    format!(
                        "more residents of {} than people affected in total ({} > {})",
                        r.region.name(),
                        r.count.value,
                        total.value
                    ),
                )
                .with_label(format!("`affected` is {}", total.value))
                .with_help("correct this count or `affected`"),
            );
        }
    }
    if any_single {
        return;
    }
    let Some(span) = residents_span else { return };
    // States and countries are summed apart: `US` may be given next to its states.
    for (states, what) in [(true, "US states and territories"), (false, "countries")] {
        let sum: u64 = residents
            .iter()
            .filter(|r| r.region.is_us_state() == states)
            .fold(0u64, |acc, r| acc.saturating_add(r.count.value));
        if sum > total.value {
            warnings.push(
                ctx_error(
                    ctx,
                    span,
                    format!(
                        "residents of {what} add up to {sum}, more than the {} affected in total",
                        total.value
                    ),
                )
                .with_label(format!("these add up to {sum}"))
                .with_help("correct the counts or `affected`"),
            );
        }
    }
}

/// Warns about reports that disagree with the other facts.
fn check_reports(
    ctx: &Ctx<'_>,
    reports: &[FiledReport],
    discovery: Option<Located<Date>>,
    affected: Option<Located<u64>>,
    residents: &[ResidentCount],
    warnings: &mut Vec<SpannedError>,
) {
    for r in reports {
        if let Some(d) = discovery {
            if r.submitted.value < d.value {
                warnings.push(
                    ctx_error(
                        ctx,
                        r.submitted.span,
                        "the report was submitted before the breach was discovered",
                    )
                    .with_label(format!("before discovery on {}", d.value)),
                );
            }
        }
        if r.to.value == ReportKind::StateAg && r.region.is_none() {
            warnings.push(
                ctx_error(
                    ctx,
                    r.to.span,
                    "a report to a state attorney general names no state",
                )
                .with_label("which state?")
                .with_help("add `state = \"CA\"` (the state's postal code)"),
            );
        }
        let Some(count) = r.affected else { continue };
        // The count the report should agree with: the total for HHS, the
        // state's residents for a state attorney general.
        let expected = match (r.to.value, r.region) {
            (ReportKind::Hhs, _) => affected.map(|a| (a.value, "`affected`".to_string())),
            (ReportKind::StateAg, Some(region)) => residents
                .iter()
                .find(|x| x.region == region.value)
                .map(|x| {
                    (
                        x.count.value,
                        format!("`{}` in `[residents]`", region.value),
                    )
                }),
            _ => None,
        };
        if let Some((n, source)) = expected {
            if n != count.value {
                warnings.push(
                    ctx_error(
                        ctx,
                        count.span,
                        format!(
                            "the {} report gives {} affected, but {source} is {n}",
                            r.to.value, count.value
                        ),
                    )
                    .with_label(format!("{source} is {n}"))
                    .with_help(
                        "if the count changed after the report was filed, file an addendum; \
                         otherwise correct the facts",
                    ),
                );
            }
        }
    }
}

/// `line:column` (1-based) of byte `at` in `text`, for help lines.
fn line_col_of(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("line {line}, column {col}")
}

// ---------------------------------------------------------------------------
// Front matter.

/// TOML front matter at the top of a Markdown notice, between `+++` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The TOML text between the delimiter lines.
    pub toml: &'a str,
    /// Byte offset of `toml` in the notice; add it to spans into `toml`.
    pub offset: usize,
    /// The whole block, from the opening `+++` to the end of the closing
    /// line (its line break included). The notice body starts at `span.end`.
    pub span: Span,
}

/// Finds `+++` front matter: the first line (after an optional byte order
/// mark) is `+++`, and the block ends at the next line that is `+++`.
/// Trailing spaces and CRLF line ends are allowed on both delimiter lines.
/// `None` when there is no front matter, or when it is never closed (see
/// [`unclosed_front_matter`]).
pub fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let open = opening_line(text)?;
    let content_start = open.end;
    let mut pos = content_start;
    loop {
        let line_end = text[pos..].find('\n').map(|i| pos + i);
        let line = &text[pos..line_end.unwrap_or(text.len())];
        if is_delimiter(line) {
            return Some(FrontMatter {
                toml: &text[content_start..pos],
                offset: content_start,
                span: Span::new(open.start, line_end.map_or(text.len(), |e| e + 1)),
            });
        }
        pos = line_end? + 1;
    }
}

/// The opening `+++` line when the notice starts front matter that no `+++`
/// line closes: a mistake worth reporting rather than linting the TOML as prose.
pub fn unclosed_front_matter(text: &str) -> Option<Span> {
    if split_front_matter(text).is_some() {
        return None;
    }
    let open = opening_line(text).or_else(|| {
        // A file holding only `+++` without a line break.
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        is_delimiter(&text[start..]).then(|| Span::new(start, text.len()))
    })?;
    let line = &text[open.start..open.end];
    let len = line.trim_end_matches(['\n', '\r', ' ', '\t']).len();
    Some(Span::new(open.start, open.start + len))
}

/// The first line, line break included, when it is a `+++` delimiter.
fn opening_line(text: &str) -> Option<Span> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let nl = text[start..].find('\n')? + start;
    is_delimiter(&text[start..nl]).then(|| Span::new(start, nl + 1))
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "+++"
}

// ---------------------------------------------------------------------------
// Discovery.

/// The `incident.toml` for the notice at `notice`: beside it, else in each
/// parent folder in turn. The search stops after a folder that contains
/// `.git` (the top of a repository), or at the filesystem root.
///
/// The path is returned relative to the current directory when it lies
/// below it, and absolute otherwise.
pub fn find_facts_file(notice: &Path) -> Option<PathBuf> {
    let parent = notice
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = normalise(&std::path::absolute(parent).ok()?);
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::path::absolute(c).ok())
        .map(|c| normalise(&c));
    for d in dir.ancestors() {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            let shown = cwd
                .as_deref()
                .and_then(|c| candidate.strip_prefix(c).ok())
                .map(Path::to_path_buf)
                .unwrap_or(candidate);
            return Some(shown);
        }
        if d.join(".git").exists() {
            break;
        }
    }
    None
}

/// Resolves `.` and `..` lexically. Lexical resolution can differ from the
/// filesystem's when a symbolic link is followed by `..`; for finding a
/// facts file next to the notice as the user sees it, that is what is wanted.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
