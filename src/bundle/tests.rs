use super::*;

const LETTER: &str = "# Notice of Data Breach\n\n\
Dear Member,\n\n\
Harbor Point Dental Group is writing about an incident. On March 2, 2026, we learned that \
between February 10 and February 12, 2026, someone opened a staff e-mail account without \
permission. About 1,200 patients are affected. The account held names and dates of birth. \
It did not hold Social Security numbers.\n\n\
Call 1-888-555-0170 (TTY 711).\n";

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn bundle(dir: &Path, docs: &[(&str, &str)]) -> Bundle {
    let mut toml = String::from("organization = \"Harbor Point Dental Group\"\n");
    for (path, role) in docs {
        toml.push_str(&format!(
            "\n[[document]]\npath = \"{path}\"\nrole = \"{role}\"\n"
        ));
    }
    let path = dir.join("incident.toml");
    std::fs::write(&path, &toml).unwrap();
    let facts = crate::facts::load(&path).unwrap();
    Bundle::read(&facts, u64::MAX).unwrap()
}

fn findings(b: &Bundle) -> Vec<(String, String, String)> {
    b.check(&|_| true)
        .into_iter()
        .map(|(p, d)| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                d.rule,
                d.message,
            )
        })
        .collect()
}

#[test]
fn documents_that_agree_give_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let web = LETTER.replace("About 1,200", "Approximately 1,250");
    write(dir.path(), &[("letter.md", LETTER), ("web.md", &web)]);
    let b = bundle(
        dir.path(),
        &[("letter.md", "letter"), ("web.md", "web-notice")],
    );
    assert_eq!(findings(&b), []);
}

#[test]
fn every_kind_of_disagreement_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let web = LETTER
        .replace("About 1,200", "About 12,000")
        .replace("March 2, 2026", "March 9, 2026")
        .replace("February 10", "February 11")
        .replace("1-888-555-0170", "1-888-555-0107")
        .replace("TTY 711", "TTY 1-800-555-0199")
        .replace("Harbor Point Dental Group", "Harbor Point Dental")
        .replace(
            "It did not hold Social Security numbers.",
            "It held Social Security numbers.",
        );
    write(dir.path(), &[("letter.md", LETTER), ("web.md", &web)]);
    let b = bundle(
        dir.path(),
        &[("letter.md", "letter"), ("web.md", "web-notice")],
    );
    let got = findings(&b);
    let rules: Vec<&str> = got.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        rules,
        [
            "bundle/affected-count",
            "bundle/breach-date",
            "bundle/discovery-date",
            "bundle/toll-free",
            "bundle/tty",
            "bundle/organization",
            "bundle/data-types",
        ],
        "{got:#?}"
    );
    assert_eq!(
        got[0].2,
        format!(
            "this letter says about 1,200 patients were affected, but the web notice ({}) says about 12,000 patients were affected",
            dir.path().join("web.md").display()
        )
    );
    // The organization finding is on the document that lacks the name.
    assert_eq!(got[5].0, "web.md");
    // The data type: the letter denies what the web notice names.
    assert!(
        got[6]
            .2
            .starts_with("this letter says Social Security numbers were not involved")
    );
    let (_, d) = &b.check(&|_| true)[0];
    assert_eq!(&LETTER[d.primary.span.range()], "About 1,200 patients");
    assert_eq!(d.external.len(), 1);
    assert!(d.external[0].path.ends_with("web.md"));
}

#[test]
fn findings_go_to_a_document_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let web = LETTER.replace("About 1,200", "About 12,000");
    write(dir.path(), &[("letter.md", LETTER), ("web.md", &web)]);
    let b = bundle(
        dir.path(),
        &[("letter.md", "letter"), ("web.md", "web-notice")],
    );
    let only_web = b.check(&|p: &Path| p.ends_with("web.md"));
    assert_eq!(only_web.len(), 1);
    assert!(only_web[0].0.ends_with("web.md"));
    assert!(b.check(&|_| false).is_empty());
}

#[test]
fn a_missing_document_is_an_error_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incident.toml");
    std::fs::write(
        &path,
        "[[document]]\npath = \"gone.md\"\nrole = \"letter\"\n",
    )
    .unwrap();
    let facts = crate::facts::load(&path).unwrap();
    let Err(Error::Spanned(e)) = Bundle::read(&facts, u64::MAX) else {
        panic!("expected an error")
    };
    assert_eq!(e.span, Some(Span::new(20, 29)));
    assert!(e.message.starts_with("cannot read the letter"));
}

#[test]
fn approximate_counts_agree_within_their_direction() {
    let c = |v: u64, q: Option<&str>| LetterCount {
        value: v,
        approximate: q.is_some(),
        qualifier: q.map(str::to_string),
        noun: "people".into(),
        span: Span::point(0),
    };
    assert!(counts_agree(&&c(1_000, Some("about")), &&c(1_080, None)));
    assert!(!counts_agree(&&c(1_000, Some("more than")), &&c(950, None)));
    assert!(counts_agree(&&c(1_000, Some("up to")), &&c(950, None)));
    assert!(!counts_agree(&&c(1_000, None), &&c(1_001, None)));
}

#[test]
fn an_html_document_is_compared_by_its_text() {
    let dir = tempfile::tempdir().unwrap();
    // The markup splits the count over elements; only its text reads "12,000".
    let web = "<!doctype html><html><body><h1>Notice of Data Breach</h1>\n\
<p>Harbor Point Dental Group is writing about an incident. On March 2, 2026, we learned that between February 10 and February 12, 2026, someone \
opened a staff e-mail account without permission. About <strong>12,000</strong> patients \
are affected. The account held names and dates of birth.</p>\n\
<p>Call 1-888-555-0170 (TTY 711).</p></body></html>\n";
    write(dir.path(), &[("letter.md", LETTER), ("web.html", web)]);
    let b = bundle(
        dir.path(),
        &[("letter.md", "letter"), ("web.html", "web-notice")],
    );
    let rules: Vec<String> = findings(&b).into_iter().map(|f| f.1).collect();
    assert_eq!(rules, ["bundle/affected-count"]);
}

#[test]
fn an_unreadable_document_is_an_error_at_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[("letter.md", LETTER), ("web.docx", "not a zip")],
    );
    let toml = "[[document]]\npath = \"letter.md\"\nrole = \"letter\"\n\n\
[[document]]\npath = \"web.docx\"\nrole = \"web-notice\"\n";
    let path = dir.path().join("incident.toml");
    std::fs::write(&path, toml).unwrap();
    let facts = crate::facts::load(&path).unwrap();
    let Err(e) = Bundle::read(&facts, u64::MAX) else {
        panic!("a broken Word file must not be compared as text");
    };
    assert!(e.to_string().contains("cannot read the web notice"), "{e}");
}
