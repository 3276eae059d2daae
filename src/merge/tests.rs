use super::*;

const LIST: &str = "member_id,name,street,city,state\n\
M-100201,Jordan Rivera,12 Elm Street,Springfield,IL\n\
M-100202,Priya Natarajan,48 Birch Lane,Springfield,IL\n\
M-100203,Tomas Lindqvist,7 Harbor Road,Portland,OR\n";

fn index() -> MergeIndex {
    let r = Recipients::parse(
        SourceFile::new("recipients.csv", LIST),
        &Options {
            key: "member_id".into(),
            ..Options::default()
        },
    )
    .unwrap();
    MergeIndex::new(r).unwrap()
}

fn cx() -> LintContext {
    LintContext {
        today: "2026-03-01".parse().unwrap(),
        ..LintContext::today()
    }
}

fn check(index: &MergeIndex, name: &str, text: &str) -> LetterResult {
    index.check_bytes(Path::new(name), text.as_bytes(), &cx())
}

fn rules_of(r: &LetterResult) -> Vec<(&str, &str)> {
    r.report
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.message.as_str()))
        .collect()
}

#[test]
fn a_letter_for_its_own_recipient_is_clean() {
    let ix = index();
    let r = check(
        &ix,
        "a.txt",
        "JORDAN RIVERA\n12 ELM STREET\nSpringfield, IL\n\nMember ID: M 100201\n\nDear Jordan Rivera,\nWe are writing to you.\n",
    );
    assert_eq!(rules_of(&r), []);
    assert!(matches!(r.addressee, Addressee::One(0, _)));
}

#[test]
fn another_recipients_page_is_found_and_named_by_row_and_column() {
    let ix = index();
    let text = "Jordan Rivera\n12 Elm Street\nMember ID: M-100201\n\nPage 2 for Priya Natarajan, 48 Birch Lane\n";
    let r = check(&ix, "a.txt", text);
    assert_eq!(
        rules_of(&r),
        [
            (
                "merge/other-recipient",
                "the letter for row 1 (line 2) carries the `name` of row 2 (line 3)"
            ),
            (
                "merge/other-recipient",
                "the letter for row 1 (line 2) carries the `street` of row 2 (line 3)"
            ),
        ]
    );
    let d = &r.report.diagnostics[0];
    assert_eq!(&text[d.primary.span.range()], "Priya Natarajan");
    assert_eq!(d.external[0].span, ix.recipients.rows[1].span);
    // Springfield is shared by two rows and identifies neither.
    assert!(matches!(r.addressee, Addressee::One(0, _)));
}

#[test]
fn two_keys_or_none_leave_the_letter_unaddressed() {
    let ix = index();
    let r = check(&ix, "a.txt", "Member M-100201\nMember M-100203\n");
    assert_eq!(
        rules_of(&r),
        [(
            "merge/several-recipients",
            "this letter carries the `member_id` of 2 recipients"
        )]
    );
    assert_eq!(r.addressee, Addressee::Unknown);
    let r = check(&ix, "b.txt", "Dear Tomas Lindqvist,\n");
    assert_eq!(
        rules_of(&r),
        [(
            "merge/no-recipient",
            "no recipient's `member_id` appears in this letter"
        )]
    );
    assert_eq!(
        r.report.diagnostics[0].notes,
        ["other values of row 3 (line 4) appear in it"]
    );
}

#[test]
fn keys_match_whole_words_only() {
    let ix = index();
    let r = check(&ix, "a.txt", "Reference M-1002015, not a member number.\n");
    assert_eq!(rules_of(&r)[0].0, "merge/no-recipient");
}

#[test]
fn unfilled_fields_come_from_the_hygiene_rules() {
    let ix = index();
    let r = check(
        &ix,
        "a.txt",
        "Jordan Rivera\nMember ID: M-100201\n\nDear <<FirstName>>,\nYour card ending in [insert last four digits] was used.\n",
    );
    let found = rules_of(&r);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.0 == "merge/unfilled-field"));
    assert!(r.report.diagnostics[0].notes[0].starts_with("found by hygiene/"));
}

#[test]
fn the_tally_finds_missing_and_duplicate_letters() {
    let ix = index();
    let mut tally = Tally::new(&ix);
    for (name, text) in [
        ("a.txt", "Member ID: M-100201\n"),
        ("b.txt", "Member ID: M-100202\n"),
        ("c.txt", "Member ID: M-100202\n"),
        ("d.txt", "no key at all\n"),
    ] {
        tally.add(&check(&ix, name, text));
    }
    let f = tally.finish(&ix);
    let found: Vec<_> = f
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.message.as_str(), d.primary.span))
        .collect();
    assert_eq!(
        found,
        [
            (
                "merge/duplicate-letter",
                "2 letters carry the `member_id` of row 2 (line 3)",
                ix.recipients.rows[1].span
            ),
            (
                "merge/missing-letter",
                "no letter carries the `member_id` of row 3 (line 4)",
                ix.recipients.rows[2].span
            ),
        ]
    );
    assert_eq!(
        f.diagnostics[0].notes,
        ["letter b.txt, key on line 1", "letter c.txt, key on line 1"]
    );
}
