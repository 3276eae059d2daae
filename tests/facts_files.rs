//! The facts-file examples shipped with breachlint stay valid: every TOML
//! block in `docs/facts.md`, the front-matter example there, and the example
//! incident under `examples/`.

use std::path::{Path, PathBuf};

use breachlint::facts::{self, DataType, EntityRole, HhsLocation, ReportKind};
use jiff::civil::date;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced code blocks of `lang` in `markdown`, with the byte offset of each.
fn fenced_blocks<'a>(markdown: &'a str, lang: &str) -> Vec<(usize, &'a str)> {
    let open = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = markdown[from..].find(&open) {
        let start = from + i + open.len();
        let Some(len) = markdown[start..].find("```\n") else {
            break;
        };
        out.push((start, &markdown[start..start + len]));
        from = start + len + 4;
    }
    out
}

#[test]
fn toml_blocks_in_the_documentation_parse_without_warnings() {
    let doc_path = root().join("docs/facts.md");
    let doc = std::fs::read_to_string(&doc_path).expect("docs/facts.md");
    let blocks = fenced_blocks(&doc, "toml");
    assert!(blocks.len() >= 2, "expected TOML examples in docs/facts.md");
    for (offset, block) in blocks {
        let facts = facts::parse(Path::new("docs/facts.md"), block)
            .unwrap_or_else(|e| panic!("block at byte {offset}: {e:?}"));
        assert!(
            facts.warnings().is_empty(),
            "block at byte {offset}: {:?}",
            facts.warnings()
        );
    }
}

#[test]
fn the_full_documented_example_means_what_the_text_says() {
    let doc = std::fs::read_to_string(root().join("docs/facts.md")).expect("docs/facts.md");
    let (_, full) = fenced_blocks(&doc, "toml")
        .into_iter()
        .find(|(_, b)| b.contains("[[report]]"))
        .expect("the complete example");
    let f = facts::parse(Path::new("docs/facts.md"), full).expect("valid");
    assert!(f.is_entity(EntityRole::CoveredEntity));
    assert_eq!(f.residents("CA"), Some(990));
    assert_eq!(f.residents_in_country("CA"), Some(1));
    assert_eq!(f.reports_to(ReportKind::StateAg).count(), 1);
}

#[test]
fn the_documented_front_matter_example_parses() {
    let doc = std::fs::read_to_string(root().join("docs/facts.md")).expect("docs/facts.md");
    let (_, notice) = fenced_blocks(&doc, "markdown")
        .into_iter()
        .find(|(_, b)| b.starts_with("+++"))
        .expect("front-matter example");
    let fm = facts::split_front_matter(notice).expect("front matter");
    assert!(notice[fm.span.end..].starts_with("# Notice of Data Breach"));
    let f = facts::parse_front_matter(Path::new("notice.md"), notice, &fm).expect("valid");
    assert_eq!(f.discovery(), Some(date(2015, 10, 8)));
}

#[test]
fn the_printing_error_example_is_found_beside_its_notice() {
    let dir = root().join("examples/printing-error-2015");
    let notice_path = dir.join("notice.md");
    let found = facts::find_facts_file(&notice_path).expect("incident.toml beside the notice");
    assert_eq!(
        found.file_name().and_then(|n| n.to_str()),
        Some(facts::FILE_NAME)
    );

    let f = facts::load(&dir.join(facts::FILE_NAME)).expect("valid example");
    assert!(f.warnings().is_empty(), "{:?}", f.warnings());
    assert!(f.is_entity(EntityRole::CoveredEntity));
    assert_eq!(f.breach_start(), Some(date(2015, 10, 7)));
    assert_eq!(f.discovery(), Some(date(2015, 10, 8)));
    assert_eq!(f.notice_date(), Some(date(2016, 6, 23)));
    assert_eq!(f.affected_total(), Some(1000));
    assert_eq!(f.residents("CA"), Some(1000));
    for dt in [DataType::Name, DataType::MemberId, DataType::Address] {
        assert!(f.has_data_type(dt), "{dt}");
    }
    let hhs: Vec<_> = f.reports_to(ReportKind::Hhs).collect();
    assert_eq!(hhs.len(), 1);
    assert_eq!(hhs[0].submitted(), date(2016, 8, 22));
    assert_eq!(hhs[0].affected(), Some(1000));
    // The portal entry names an electronic device for a paper mailing; the
    // example keeps that mistake so the checks have something to find.
    assert_eq!(
        hhs[0].hhs_locations().collect::<Vec<_>>(),
        vec![HhsLocation::OtherPortableElectronicDevice]
    );
}
