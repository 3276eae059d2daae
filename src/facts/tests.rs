use super::*;
use jiff::civil::date;
use proptest::prelude::*;

const FULL: &str = r#"
organization = "Example Health Plan"
entity = "covered-entity"
breach-start = 2015-09-28
breach-end = 2015-09-30
discovery-date = 2015-10-08
notice-date = 2016-06-23
affected = 1_000
data-types = ["name", "member-id", "address"]
notice-method = ["mail", "website"]

[residents]
CA = 990
MX = 2
[residents.country]
CA = 8

[law-enforcement-delay]
requested = 2015-10-09
until = 2015-11-09
form = "written"

[[report]]
to = "hhs"
submitted = 2016-08-22
affected = 1000
type = "unauthorized access/disclosure"
location = "Other Portable Electronic Device"

[[report]]
to = "state-ag"
state = "CA"
submitted = 2016-06-24
affected = 990
"#;

fn ok(src: &str) -> Facts {
    match parse(Path::new("incident.toml"), src) {
        Ok(f) => f,
        Err(e) => panic!("unexpected error: {e:?}"),
    }
}

/// The error for `src`, and the text its span covers.
fn err(src: &str) -> (SpannedError, String) {
    let e = parse(Path::new("incident.toml"), src).expect_err("expected an error");
    let covered = e
        .span
        .map(|s| src[s.range()].to_string())
        .unwrap_or_default();
    (e, covered)
}

fn help(e: &SpannedError) -> &str {
    e.help.as_deref().unwrap_or("")
}

#[test]
fn full_file_parses_with_all_accessors() {
    let f = ok(FULL);
    assert_eq!(f.container(), Container::File);
    assert_eq!(f.organization(), Some("Example Health Plan"));
    assert!(f.is_entity(EntityRole::CoveredEntity));
    assert!(!f.is_entity(EntityRole::BusinessAssociate));
    assert_eq!(f.breach_start(), Some(date(2015, 9, 28)));
    assert_eq!(f.breach_end(), Some(date(2015, 9, 30)));
    assert_eq!(f.discovery(), Some(date(2015, 10, 8)));
    assert_eq!(f.notice_date(), Some(date(2016, 6, 23)));
    assert_eq!(f.effective_notice_date(date(2030, 1, 1)), date(2016, 6, 23));
    assert_eq!(f.affected_total(), Some(1000));
    assert_eq!(f.residents("CA"), Some(990));
    assert_eq!(f.residents("MX"), Some(2));
    assert_eq!(f.residents_in_country("CA"), Some(8));
    assert_eq!(f.residents("NY"), None);
    assert_eq!(f.residents("??"), None);
    assert_eq!(
        f.states().collect::<Vec<_>>(),
        vec![(Region::UsState("CA"), 990)]
    );
    assert!(f.has_data_type(DataType::MemberId));
    assert!(!f.has_data_type(DataType::Ssn));
    assert_eq!(f.data_types().count(), 3);
    assert!(f.uses_notice_method(NoticeMethod::Website));
    let delay = f.law_enforcement_delay().expect("delay");
    assert_eq!(delay.days(), 31);
    assert_eq!(delay.form.map(|f| f.value), Some(DelayForm::Written));
    let hhs: Vec<_> = f.reports_to(ReportKind::Hhs).collect();
    assert_eq!(hhs.len(), 1);
    assert_eq!(hhs[0].submitted(), date(2016, 8, 22));
    assert_eq!(hhs[0].affected(), Some(1000));
    assert_eq!(
        hhs[0].hhs_type(),
        Some(HhsBreachType::UnauthorizedAccessDisclosure)
    );
    assert_eq!(
        hhs[0].hhs_locations().collect::<Vec<_>>(),
        vec![HhsLocation::OtherPortableElectronicDevice]
    );
    assert_eq!(&FULL[hhs[0].span.range()], "[[report]]");
    let ag: Vec<_> = f.reports_to(ReportKind::StateAg).collect();
    assert_eq!(ag[0].region(), Some(Region::UsState("CA")));
    assert!(f.warnings().is_empty(), "{:?}", f.warnings());

    // Spans point at the values, for labels in later checks.
    let d = f.discovery_located().unwrap();
    assert_eq!(&FULL[d.span.range()], "2015-10-08");
    assert_eq!(&FULL[f.affected_located().unwrap().span.range()], "1_000");
    assert_eq!(&FULL[hhs[0].affected.unwrap().span.range()], "1000");
    assert_eq!(
        &FULL[f.data_types_located()[1].span.range()],
        "\"member-id\""
    );
    let ca = f.resident_count(Region::UsState("CA")).unwrap();
    assert_eq!(&FULL[ca.key_span.range()], "CA");
    assert_eq!(&FULL[ca.count.span.range()], "990");
    assert_eq!(f.location(d.span), "incident.toml:6:18");
}

#[test]
fn empty_file_is_valid_and_today_is_the_notice_date() {
    let f = ok("");
    assert_eq!(f.discovery(), None);
    assert_eq!(f.notice(date(2026, 3, 2)), date(2026, 3, 2));
    assert_eq!(f.reports().len(), 0);
    let f = ok("breach-date = 2024-01-05\n");
    assert_eq!(f.breach_start(), f.breach_end());
}

#[test]
fn unknown_keys_suggest_the_intended_key() {
    let (e, at) = err("discovry-date = 2015-10-08\n");
    assert_eq!(at, "discovry-date");
    assert_eq!(e.message, "unknown key `discovry-date`");
    assert_eq!(help(&e), "did you mean `discovery-date`?");

    let (e, _) = err("discovery_date = 2015-10-08\n");
    assert!(help(&e).contains("`discovery-date`"), "{e:?}");

    let (e, at) = err("discovered = 2015-10-08\n");
    assert_eq!(at, "discovered");
    assert_eq!(help(&e), "did you mean `discovery-date`?");

    let (e, at) = err("[[report]]\nto = \"hhs\"\nsubmited = 2016-08-22\n");
    assert_eq!(at, "submited");
    assert_eq!(help(&e), "did you mean `submitted`?");

    let (e, _) = err(
        "[law-enforcement-delay]\nrequested = 2020-01-01\nuntil = 2020-02-01\nagency = \"FBI\"\n",
    );
    assert!(
        help(&e).starts_with("remove it, or use one of: `requested`"),
        "{e:?}"
    );

    let (e, at) = err("[incident]\ndiscovery-date = 2020-01-01\n");
    assert_eq!(at, "incident");
    assert!(help(&e).contains("top level"));
}

#[test]
fn key_lists_stay_in_sync() {
    let (e, _) = err("zzzzzzzzzzzz = 1\n");
    let listed: Vec<&str> = help(&e).split('`').skip(1).step_by(2).collect();
    assert_eq!(listed, TOP_LEVEL_KEYS);
    for (alias, key) in KEY_ALIASES {
        assert!(TOP_LEVEL_KEYS.contains(key), "{alias} -> {key}");
        assert!(!TOP_LEVEL_KEYS.contains(alias), "{alias}");
    }
}

#[test]
fn dates_must_be_unquoted_dates() {
    let (e, at) = err("discovery-date = \"2015-10-08\"\n");
    assert_eq!(at, "\"2015-10-08\"");
    assert!(e.message.contains("unquoted YYYY-MM-DD"), "{e:?}");
    assert_eq!(e.label.as_deref(), Some("not a date"));
    assert_eq!(help(&e), "write it without quotes: 2015-10-08");

    let (e, at) = err("notice-date = 2016-06-23T09:00:00-07:00\n");
    assert_eq!(at, "2016-06-23T09:00:00-07:00");
    assert!(e.message.contains("found a date and time"), "{e:?}");
    assert_eq!(help(&e), "write only the date: 2016-06-23");

    let (e, at) = err("[[report]]\nto = \"hhs\"\nsubmitted = \"August 22, 2016\"\n");
    assert_eq!(at, "\"August 22, 2016\"");
    assert_eq!(help(&e), "write it without quotes: 2016-08-22");

    let (_, at) = err("breach-date = 2015-02-29\n");
    assert_eq!(at, "2015-02-29");
}

#[test]
fn wrong_types_and_counts() {
    let (e, at) = err("affected = \"1,000\"\n");
    assert_eq!(at, "\"1,000\"");
    assert_eq!(help(&e), "write the number without quotes: 1000");

    let (e, at) = err("affected = -4\n");
    assert_eq!(at, "-4");
    assert_eq!(e.label.as_deref(), Some("not a count"));
    assert!(e.message.contains("cannot be negative"));

    let (e, at) = err("organization = 12\n");
    assert_eq!(at, "12");
    assert_eq!(e.label.as_deref(), Some("wrong type"));

    let (_, at) = err("data-types = 3\n");
    assert_eq!(at, "3");

    let (_, at) = err("[residents]\nCA = 1.5\n");
    assert_eq!(at, "1.5");
}

#[test]
fn vocabularies_point_at_the_bad_value() {
    let (e, at) = err("data-types = [\"name\", \"snn\"]\n");
    assert_eq!(at, "\"snn\"");
    assert_eq!(e.message, "unknown data type `snn`");
    assert_eq!(e.label.as_deref(), Some("unknown value"));
    assert_eq!(help(&e), "did you mean `ssn`?");

    let (e, at) = err("entity = \"covered entity\"\n");
    assert_eq!(at, "\"covered entity\"");
    assert_eq!(help(&e), "did you mean `covered-entity`?");

    let (e, at) = err("notice-method = \"fax\"\n");
    assert_eq!(at, "\"fax\"");
    assert!(help(&e).starts_with("expected one of"));

    let (e, at) = err(
        "[[report]]\nto = \"hhs\"\nsubmitted = 2016-08-22\nlocation = [\"Email\", \"Paper\"]\n",
    );
    assert_eq!(at, "\"Paper\"");
    assert_eq!(help(&e), "did you mean `Paper/Films`?");

    let (e, at) =
        err("[[report]]\nto = \"hhs\"\nsubmitted = 2016-08-22\ntype = \"Hackng/IT Incident\"\n");
    assert_eq!(at, "\"Hackng/IT Incident\"");
    assert_eq!(help(&e), "did you mean `Hacking/IT Incident`?");

    let (e, at) = err("[[report]]\nto = \"attorney general\"\nsubmitted = 2016-08-22\n");
    assert_eq!(at, "\"attorney general\"");
    assert_eq!(help(&e), "did you mean `state-ag`?");

    let (_, at) = err(
        "[law-enforcement-delay]\nrequested = 2020-01-01\nuntil = 2020-02-01\nform = \"spoken\"\n",
    );
    assert_eq!(at, "\"spoken\"");
}

#[test]
fn hhs_locations_may_be_a_list_and_ignore_case() {
    let f = ok(
        "[[report]]\nto = \"hhs\"\nsubmitted = 2016-08-22\nlocation = [\"network server\", \"EMAIL\"]\n",
    );
    let r = &f.reports()[0];
    assert_eq!(
        r.hhs_locations().collect::<Vec<_>>(),
        vec![HhsLocation::NetworkServer, HhsLocation::Email]
    );
}

#[test]
fn resident_keys_are_validated() {
    let (e, at) = err("[residents]\nCA = 10\nny = 3\n");
    assert_eq!(at, "ny");
    assert_eq!(e.message, "unknown state or country code `ny`");
    assert!(help(&e).contains("did you mean `NY` (New York)"), "{e:?}");

    let (e, at) = err("[residents]\nTexas = 3\n");
    assert_eq!(at, "Texas");
    assert!(help(&e).contains("`TX`"));

    let (e, _) = err("[residents]\nCanada = 3\n");
    assert!(help(&e).contains("[residents.country]"), "{e:?}");

    let (e, at) = err("[residents]\nCA = 3\nXQ = 1\n");
    assert_eq!(at, "XQ");
    assert_eq!(e.label.as_deref(), Some("not a known code"));

    let (e, at) = err("residents = { MX = 1, country = { MX = 2 } }\n");
    assert_eq!(at, "MX");
    assert!(e.message.contains("listed twice"));
    assert_eq!(e.span.unwrap().start, 34);

    let (_, at) = err("[residents.country]\nCalifornia = 1\n");
    assert_eq!(at, "California");

    let (_, at) = err("[residents]\ncountry = 5\n");
    assert_eq!(at, "5");
}

#[test]
fn impossible_date_orders_are_errors() {
    let (e, at) = err("breach-date = 2020-01-01\nbreach-start = 2020-01-01\n");
    assert_eq!(at, "2020-01-01");
    assert_eq!(e.span.unwrap().start, 40);
    assert_eq!(e.message, "`breach-date` and `breach-start` are both given");

    let (e, at) = err("breach-start = 2020-03-01\nbreach-end = 2020-02-01\n");
    assert_eq!(at, "2020-02-01");
    assert_eq!(e.message, "`breach-end` is before `breach-start`");

    let (e, at) = err("breach-date = 2020-03-01\ndiscovery-date = 2020-02-01\n");
    assert_eq!(at, "2020-02-01");
    assert_eq!(e.message, "the breach was discovered before it began");

    let (e, _) = err("discovery-date = 2020-03-01\nnotice-date = 2020-02-01\n");
    assert_eq!(e.span.unwrap().start, 42);

    let (e, at) = err("[law-enforcement-delay]\nrequested = 2020-03-01\nuntil = 2020-02-01\n");
    assert_eq!(at, "2020-02-01");
    assert!(e.message.contains("ends before it was requested"));

    let (e, at) = err("[law-enforcement-delay]\nrequested = 2020-03-01\n");
    assert_eq!(at, "[law-enforcement-delay]");
    assert_eq!(e.message, "missing key `until`");
}

#[test]
fn the_first_error_in_the_file_is_reported() {
    let src = "breach-start = 2020-03-01\nbreach-end = 2020-02-01\n[residents]\nzz = 1\n";
    let (e, at) = err(src);
    assert_eq!(at, "2020-02-01");
    assert!(e.message.contains("breach-end"));
}

#[test]
fn report_fields_are_checked() {
    let (e, at) = err("[[report]]\nto = \"state-ag\"\nsubmitted = 2016-08-22\ntype = \"Theft\"\n");
    assert_eq!(at, "\"Theft\"");
    assert!(e.message.contains("only to reports to HHS"));

    let (e, at) = err("[[report]]\nto = \"regulator\"\nstate = \"GB\"\nsubmitted = 2016-08-22\n");
    assert_eq!(at, "\"GB\"");
    assert!(help(&e).contains("country = \"GB\""));

    let src = "[[report]]\nto = \"regulator\"\nstate = \"CA\"\ncountry = \"CA\"\nsubmitted = 2016-08-22\n";
    let (e, at) = err(src);
    assert_eq!(at, "\"CA\"");
    assert_eq!(e.span.unwrap().start, src.rfind("\"CA\"").unwrap());

    let (e, at) = err("[[report]]\nto = \"hhs\"\n");
    assert_eq!(at, "[[report]]");
    assert_eq!(e.message, "missing key `submitted`");

    let f = ok("[[report]]\nto = \"regulator\"\ncountry = \"CA\"\nsubmitted = 2016-08-22\n");
    assert_eq!(f.reports()[0].region(), Some(Region::Country("CA")));
}

#[test]
fn inconsistencies_are_warnings() {
    let src = r#"discovery-date = 2020-05-01
affected = 100
data-types = ["name", "name"]
[residents]
CA = 80
NY = 30
[[report]]
to = "hhs"
submitted = 2020-04-30
affected = 120
[[report]]
to = "state-ag"
submitted = 2020-06-01
"#;
    let f = ok(src);
    let w: Vec<(&str, &str)> = f
        .warnings()
        .iter()
        .map(|w| (w.message.as_str(), &src[w.span.unwrap().range()]))
        .collect();
    assert_eq!(
        w,
        vec![
            ("data type `name` is listed twice", "\"name\""),
            (
                "residents of US states and territories add up to 110, more than the 100 affected in total",
                "[residents]"
            ),
            (
                "the report was submitted before the breach was discovered",
                "2020-04-30"
            ),
            (
                "the hhs report gives 120 affected, but `affected` is 100",
                "120"
            ),
            (
                "a report to a state attorney general names no state",
                "\"state-ag\""
            ),
        ]
    );

    let f = ok("affected = 10\n[residents]\nCA = 20\n");
    assert_eq!(f.warnings().len(), 1);
    assert!(
        f.warnings()[0]
            .message
            .contains("more residents of California")
    );

    let f = ok(
        "affected = 100\n[residents]\nCA = 50\n[[report]]\nto = \"state-ag\"\nstate = \"CA\"\nsubmitted = 2020-01-01\naffected = 60\n",
    );
    assert_eq!(f.warnings().len(), 1);
    assert_eq!(
        f.warnings()[0].message,
        "the state-ag report gives 60 affected, but `CA` in `[residents]` is 50"
    );
}

#[test]
fn syntax_errors_keep_their_span() {
    let (e, _) = err("affected = \n");
    assert!(e.span.is_some());
    assert_eq!(e.label, None);
    let (e, _) = err("organization = \"unterminated\n");
    assert!(e.span.is_some());
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let src = "\u{feff}discovery-date = 2020-01-02\n";
    let f = ok(src);
    let d = f.discovery_located().unwrap();
    assert_eq!(&src[d.span.range()], "2020-01-02");
    assert_eq!(f.location(d.span), "incident.toml:1:18");
    let (_, at) = err("\u{feff}discovery = 1\n");
    assert_eq!(at, "discovery");
}

#[test]
fn front_matter_is_split_and_spans_point_into_the_notice() {
    let notice = "+++\ndiscovery-date = 2020-01-02\n+++\n# Notice of Data Breach\n";
    let fm = split_front_matter(notice).expect("front matter");
    assert_eq!(fm.toml, "discovery-date = 2020-01-02\n");
    assert_eq!(fm.offset, 4);
    assert_eq!(&notice[fm.span.end..], "# Notice of Data Breach\n");
    let f = parse_front_matter(Path::new("notice.md"), notice, &fm).unwrap();
    assert_eq!(f.container(), Container::FrontMatter);
    assert_eq!(f.source(), notice);
    let d = f.discovery_located().unwrap();
    assert_eq!(&notice[d.span.range()], "2020-01-02");
    assert_eq!(f.location(d.span), "notice.md:2:18");

    let bad = "+++\naffected = 10\ndata-types = [\"snn\"]\n+++\nBody\n";
    let fm = split_front_matter(bad).unwrap();
    let e = parse_front_matter(Path::new("notice.md"), bad, &fm).unwrap_err();
    assert_eq!(&bad[e.span.unwrap().range()], "\"snn\"");
    assert_eq!(&*e.source, bad);
}

#[test]
fn front_matter_with_crlf_bom_and_edge_cases() {
    let notice = "\u{feff}+++ \r\naffected = 5\r\n+++\r\nBody\r\n";
    let fm = split_front_matter(notice).unwrap();
    assert_eq!(fm.toml, "affected = 5\r\n");
    assert_eq!(fm.span.start, 3);
    assert_eq!(&notice[fm.span.end..], "Body\r\n");
    let f = parse_front_matter(Path::new("n.md"), notice, &fm).unwrap();
    assert_eq!(&notice[f.affected_located().unwrap().span.range()], "5");

    // Closed at the very end of the file, without a final line break.
    let fm = split_front_matter("+++\n+++").unwrap();
    assert_eq!(fm.toml, "");
    assert_eq!(fm.span, Span::new(0, 7));

    assert_eq!(split_front_matter("# Title\n+++\na = 1\n+++\n"), None);
    assert_eq!(split_front_matter("++++\na = 1\n++++\n"), None);
    assert_eq!(split_front_matter(""), None);
    assert_eq!(split_front_matter("+++"), None);

    assert_eq!(
        unclosed_front_matter("+++\naffected = 5\n\nBody\n"),
        Some(Span::new(0, 3))
    );
    assert_eq!(
        unclosed_front_matter("\u{feff}+++\r\n"),
        Some(Span::new(3, 6))
    );
    assert_eq!(unclosed_front_matter("+++"), Some(Span::new(0, 3)));
    assert_eq!(unclosed_front_matter("+++\n+++\n"), None);
    assert_eq!(unclosed_front_matter("Body\n"), None);
}

#[test]
fn facts_files_are_found_beside_and_above_the_notice() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    let deep = repo.join("notices/2024");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir(repo.join(".git")).unwrap();
    let notice = deep.join("notice.md");
    std::fs::write(&notice, "Body\n").unwrap();

    // Above the repository top: not found.
    std::fs::write(root.path().join(FILE_NAME), "affected = 1\n").unwrap();
    assert_eq!(find_facts_file(&notice), None);

    // At the repository top: found.
    std::fs::write(repo.join(FILE_NAME), "affected = 2\n").unwrap();
    let found = find_facts_file(&notice).unwrap();
    assert_eq!(
        normalise(&std::path::absolute(&found).unwrap()),
        normalise(&repo.join(FILE_NAME))
    );

    // Beside the notice wins; `..` in the notice path is resolved.
    std::fs::write(deep.join(FILE_NAME), "affected = 3\n").unwrap();
    let dotted = deep.join("../2024/notice.md");
    let found = find_facts_file(&dotted).unwrap();
    assert_eq!(
        normalise(&std::path::absolute(&found).unwrap()),
        normalise(&deep.join(FILE_NAME))
    );
    let f = for_notice(&notice, "Body\n", None).unwrap().unwrap();
    assert_eq!(f.affected_total(), Some(3));

    // Front matter wins over the file, an explicit file over both.
    let with_fm = "+++\naffected = 4\n+++\nBody\n";
    assert_eq!(
        for_notice(&notice, with_fm, None)
            .unwrap()
            .unwrap()
            .affected_total(),
        Some(4)
    );
    let explicit = root.path().join("other.toml");
    std::fs::write(&explicit, "affected = 5\n").unwrap();
    let f = for_notice(&notice, with_fm, Some(&explicit))
        .unwrap()
        .unwrap();
    assert_eq!(f.affected_total(), Some(5));

    // Unclosed front matter and missing files are errors.
    assert!(matches!(
        for_notice(&notice, "+++\naffected = 4\n", None),
        Err(Error::Spanned(_))
    ));
    let missing = root.path().join("missing.toml");
    assert!(matches!(
        for_notice(&notice, "Body\n", Some(&missing)),
        Err(Error::Io { .. })
    ));
    std::fs::write(&explicit, b"affected = \xff\n").unwrap();
    assert!(matches!(load(&explicit), Err(Error::Spanned(_))));
}

#[test]
fn example_file_in_the_repository_parses() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/printing-error-2015/incident.toml");
    let f = load(&path).expect("example facts file");
    assert_eq!(f.discovery(), Some(date(2015, 10, 8)));
    assert_eq!(f.notice_date(), Some(date(2016, 6, 23)));
    let hhs: Vec<_> = f.reports_to(ReportKind::Hhs).collect();
    assert_eq!(hhs[0].affected(), Some(1000));
    assert!(f.warnings().is_empty(), "{:?}", f.warnings());
}

proptest! {
    #[test]
    fn parsing_never_panics(src in "\\PC{0,200}") {
        let _ = parse(Path::new("x.toml"), &src);
        if let Some(fm) = split_front_matter(&src) {
            let _ = parse_front_matter(Path::new("n.md"), &src, &fm);
        }
        let _ = unclosed_front_matter(&src);
    }

    #[test]
    fn tomlish_input_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("[residents]".to_string()),
                Just("[[report]]".to_string()),
                Just("[law-enforcement-delay]".to_string()),
                Just("[residents.country]".to_string()),
                "[a-z-]{1,16} = [0-9]{1,5}",
                "[A-Za-z]{1,3} = -?[0-9]{1,4}",
                "(discovery-date|breach-start|breach-end|notice-date|requested|until|submitted) = 20[0-9]{2}-[01][0-9]-[0-3][0-9]",
                "(to|type|location|state|country|entity|data-types) = \"[A-Za-z /-]{0,12}\"",
            ],
            0..12,
        )
    ) {
        let src = lines.join("\n");
        let front = format!("\u{feff}+++\r\n{src}\r\n+++\r\nBody");
        let _ = parse(Path::new("x.toml"), &src);
        let fm = split_front_matter(&front).expect("front matter");
        if let Err(e) = parse_front_matter(Path::new("n.md"), &front, &fm) {
            // Errors in front matter always point inside it.
            if let Some(s) = e.span {
                prop_assert!(fm.span.start <= s.start && s.end <= fm.span.end, "{:?} {:?}", s, fm.span);
            }
        }
    }
}

#[test]
fn warnings_share_the_notice_they_point_into() {
    // Front matter's source is the whole notice; a copy of it per warning
    // once made a long notice with a long list cost gigabytes.
    let list = vec!["\"ssn\""; 2000].join(", ");
    let notice = format!(
        "+++\ndata-types = [{list}]\n+++\n{}",
        "Body text. ".repeat(10_000)
    );
    let fm = split_front_matter(&notice).unwrap();
    let f = parse_front_matter(Path::new("notice.md"), &notice, &fm).unwrap();
    assert_eq!(f.warnings().len(), 1999);
    assert!(
        f.warnings()
            .iter()
            .all(|w| Arc::ptr_eq(&w.source, &f.warnings()[0].source))
    );
    assert_eq!(&*f.warnings()[0].source, notice);
}

#[test]
fn overlong_facts_are_refused() {
    let src = format!("affected = 5\n{}", "# a comment line\n".repeat(5000));
    let (e, covered) = err(&src);
    assert!(e.message.contains("more than the 64 KiB"), "{}", e.message);
    assert_eq!(covered, "affected = 5");
    assert!(ok(&src[..MAX_FACTS_BYTES - 100]).affected_total() == Some(5));
}

#[test]
fn discovery_and_submission_may_carry_a_time_with_its_offset() {
    let f = ok("discovery-date = 2026-01-16T10:00:00+01:00\n\
                [[report]]\nto = \"supervisory-authority\"\ncountry = \"IE\"\nsubmitted = 2026-01-19T09:00:00Z\n");
    assert_eq!(f.discovery(), Some(date(2026, 1, 16)));
    let found = f.discovery_at().unwrap();
    assert_eq!(found.to_string(), "2026-01-16T09:00:00Z");
    let r = &f.reports()[0];
    assert_eq!(r.kind(), ReportKind::SupervisoryAuthority);
    assert_eq!(r.submitted(), date(2026, 1, 19));
    assert_eq!(
        r.submitted_at.unwrap().as_second() - found.as_second(),
        72 * 3600
    );
    // A date alone carries no instant; a time keeps the day written, in its own offset.
    assert_eq!(ok("discovery-date = 2026-01-16\n").discovery_at(), None);
    let late = ok("discovery-date = 2026-01-16T23:30:00-05:00\n");
    assert_eq!(late.discovery(), Some(date(2026, 1, 16)));
    assert_eq!(
        late.discovery_at().unwrap().to_string(),
        "2026-01-17T04:30:00Z"
    );
}

#[test]
fn a_time_without_an_offset_is_an_error_that_shows_the_fix() {
    let (e, at) = err("discovery-date = 2026-01-16T09:00:00\n");
    assert_eq!(at, "2026-01-16T09:00:00");
    assert!(e.message.contains("without an offset"), "{e:?}");
    assert!(help(&e).contains("2026-01-16T09:00:00Z"), "{e:?}");
    // Other dates still take a date only.
    let (e, _) = err("breach-date = 2026-01-16T09:00:00Z\n");
    assert!(e.message.contains("found a date and time"), "{e:?}");
}

#[test]
fn risk_level_and_supervisory_authorities() {
    assert_eq!(
        ok("risk-level = \"high\"\n").risk_level(),
        Some(RiskLevel::High)
    );
    let (e, _) = err("risk-level = \"low\"\n");
    assert_eq!(help(&e), "did you mean `unlikely`?");
    assert_eq!(ok("").risk_level(), None);
    let (e, at) = err("risk-level = \"severe\"\n");
    assert_eq!(at, "\"severe\"");
    assert!(e.message.contains("risk level"), "{e:?}");
    let (e, _) = err("[[report]]\nto = \"dpa\"\nsubmitted = 2026-01-19\n");
    assert_eq!(help(&e), "did you mean `supervisory-authority`?");
    let f = ok(
        "[[report]]\nto = \"supervisory-authority\"\ncountry = \"DE\"\nsubmitted = 2026-01-19\n",
    );
    assert_eq!(f.reports()[0].kind(), ReportKind::SupervisoryAuthority);
    assert_eq!(f.reports()[0].region().map(|r| r.name()), Some("Germany"));
}

#[test]
fn documents_have_a_path_and_a_role_each() {
    let f = ok("[[document]]\npath = \"letter.md\"\nrole = \"letter\"\n\n\
         [[document]]\npath = \"web/notice.md\"\nrole = \"web-notice\"\n");
    let docs = f.documents();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].role.value, DocumentRole::WebNotice);
    assert_eq!(f.document_path(&docs[1]), Path::new("web/notice.md"));
    let f = parse(
        Path::new("case/incident.toml"),
        "[[document]]\npath = \"a.md\"\nrole = \"script\"\n",
    )
    .unwrap();
    assert_eq!(f.document_path(&f.documents()[0]), Path::new("case/a.md"));

    let (e, at) = err("[[document]]\npath = \"a.md\"\nrole = \"web-page\"\n");
    assert_eq!(e.message, "unknown document role `web-page`");
    assert_eq!(at, "\"web-page\"");
    let (e, at) = err("[[document]]\npath = \"a.md\"\nrole = \"media\"\n");
    assert_eq!(help(&e), "did you mean `media-notice`?");
    assert_eq!(at, "\"media\"");
    let (e, _) = err("[[document]]\npath = \"a.md\"\n");
    assert_eq!(e.message, "missing key `role`");
    let (e, at) = err(
        "[[document]]\npath = \"a.md\"\nrole = \"letter\"\n[[document]]\npath = \"a.md\"\nrole = \"script\"\n",
    );
    assert_eq!(e.message, "this document is listed twice");
    assert_eq!(e.label.as_deref(), Some("also listed at line 2"));
    assert_eq!(at, "\"a.md\"");
    let (e, _) = err("[[document]]\npath = \" \"\nrole = \"letter\"\n");
    assert_eq!(e.message, "`path` is empty");
    let (e, _) = err("[[documents]]\npath = \"a.md\"\nrole = \"letter\"\n");
    assert_eq!(help(&e), "did you mean `document`?");
}

#[test]
fn documents_are_not_listed_in_front_matter() {
    let notice = "+++\n[[document]]\npath = \"a.md\"\nrole = \"letter\"\n+++\n# Notice\n";
    let fm = split_front_matter(notice).unwrap();
    let e = parse_front_matter(Path::new("notice.md"), notice, &fm).unwrap_err();
    assert!(
        e.message
            .starts_with("`[[document]]` belongs in incident.toml")
    );
}

#[test]
fn variant_for_narrows_the_residents_to_its_places() {
    let f = ok("variant-for = [\"MA\"]\n[residents]\nMA = 20\nRI = 600\n");
    assert_eq!(
        f.variant_for().collect::<Vec<_>>(),
        [Region::us_state("MA").unwrap()]
    );
    assert_eq!(f.residents("MA"), Some(20));
    assert_eq!(f.residents("RI"), None);
    let (e, at) = err("variant-for = \"NY\"\n[residents]\nMA = 20\n");
    assert_eq!(at, "\"NY\"");
    assert!(e.message.contains("does not list"), "{e:?}");
    let (_, at) = err("variant-for = [\"XX\"]\n");
    assert_eq!(at, "\"XX\"");
}

#[test]
fn front_matter_with_only_variant_for_takes_the_incident_facts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("incident.toml"),
        "affected = 620\n[residents]\nMA = 20\nRI = 600\n",
    )
    .unwrap();
    let notice = dir.path().join("ma.md");
    let text = "+++\nvariant-for = [\"MA\"]\n+++\nText.\n";
    let f = for_notice(&notice, text, None).unwrap().unwrap();
    assert_eq!(f.affected_total(), Some(620));
    assert_eq!(f.residents("MA"), Some(20));
    assert_eq!(f.residents("RI"), None);
    let Err(Error::Spanned(e)) = for_notice(&notice, "+++\nvariant-for = [\"NY\"]\n+++\n", None)
    else {
        panic!("expected an error");
    };
    assert!(e.message.contains("does not list"), "{e:?}");
}

#[test]
fn determination_date_is_not_before_discovery() {
    let f = ok("discovery-date = 2026-03-02\ndetermination-date = 2026-03-06\n");
    assert_eq!(
        f.determination_located().map(|d| d.value),
        Some(date(2026, 3, 6))
    );
    let (e, at) = err("discovery-date = 2026-03-02\ndetermination-date = 2026-03-01\n");
    assert_eq!(at, "2026-03-01");
    assert!(e.message.contains("before `discovery-date`"), "{e:?}");
}
