//! Notices in HTML, Word and PDF: the same letter gives the same findings
//! in every format, positions point into each format's source, and bad
//! files are per-file errors.
//!
//! The converted fixtures under `tests/fixtures/converted/` were
//! made from the Markdown sources by `scripts/convert-fixtures.sh`.

#[path = "support/errors.rs"]
mod errors;

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` with JSON output; returns the parsed report and the exit code.
fn check(args: &[&str]) -> (serde_json::Value, i32) {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(root())
        .env_remove("BREACHLINT_FORMAT")
        .args(["check", "--today", "2026-11-28", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (json, out.status.code().unwrap_or(-1))
}

fn rule_ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// (Markdown source, converted name, facts file)
const SOURCES: &[(&str, &str, &str)] = &[
    (
        "examples/printing-error-2015/notice.md",
        "printing-error-2015",
        "examples/printing-error-2015/incident.toml",
    ),
    (
        "examples/california-2026/notice.md",
        "california-2026",
        "examples/california-2026/incident.toml",
    ),
    ("tests/fixtures/notices/clean.md", "clean", ""),
    ("tests/fixtures/notices/flawed.md", "flawed", ""),
];

fn same_findings_as_markdown(ext: &str) {
    for (md, name, facts) in SOURCES {
        let converted = format!("tests/fixtures/converted/{name}.{ext}");
        let mut args = vec![];
        if !facts.is_empty() {
            args.extend(["--facts", facts]);
        }
        let (want, want_code) = check(&[args.as_slice(), &[md]].concat());
        let (got, got_code) = check(&[args.as_slice(), &[converted.as_str()]].concat());
        // Markdown and HTML have no type size, so the type-size rule says it
        // cannot check them; Word and PDF files carry it, and pandoc's are
        // in 12-point type.
        let typed = ext == "docx" || ext == "pdf";
        let sized = |r: &serde_json::Value| {
            let mut ids = rule_ids(r);
            if typed {
                ids.remove("california/type-size");
                ids.remove("california/conspicuous-headings");
            }
            ids
        };
        assert_eq!(
            sized(&got),
            sized(&want),
            "{converted} against {md}:\n{got:#}"
        );
        assert_eq!(got_code, want_code, "{converted}");
        if typed {
            let ids = rule_ids(&got);
            assert!(
                !ids.contains("california/type-size")
                    && !ids.contains("california/conspicuous-headings"),
                "{converted}: {got:#}"
            );
        }
    }
}

#[test]
fn html_gives_the_same_findings_as_markdown() {
    same_findings_as_markdown("html");
}

#[test]
fn hand_written_html_pages() {
    let (clean, code) = check(&[
        "--facts",
        "tests/fixtures/formats/incident.toml",
        "tests/fixtures/formats/clean.html",
    ]);
    assert_eq!(code, 0, "{clean:#}");
    let ids = rule_ids(&clean);
    // Only the notes that type cannot be checked in HTML.
    assert!(
        ids.iter()
            .all(|i| i == "california/type-size" || i == "california/conspicuous-headings"),
        "{clean:#}"
    );

    let (flawed, code) = check(&["--ruleset", "hygiene", "tests/fixtures/formats/flawed.html"]);
    assert_eq!(code, 1);
    let findings = flawed["findings"].as_array().unwrap();
    let at: Vec<(String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Lines and columns in the HTML source; the TBD line is suppressed by
    // an HTML comment.
    assert_eq!(
        at,
        [
            ("hygiene/dangling-contact".to_string(), 11, 46),
            ("hygiene/dangling-contact".to_string(), 12, 54),
        ],
        "{flawed:#}"
    );
}

#[test]
fn folders_are_walked_for_every_format() {
    let (report, _) = check(&["--ruleset", "hygiene", "tests/fixtures/converted"]);
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with(".html")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".pdf")), "{files:?}");
}

#[test]
fn docx_gives_the_same_findings_as_markdown() {
    same_findings_as_markdown("docx");
}

#[test]
fn pdf_gives_the_same_findings_as_markdown() {
    same_findings_as_markdown("pdf");
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                 xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// Writes a Word file: `body` inside `<w:body>`, and other parts by name.
fn docx(path: &std::path::Path, body: &str, parts: &[(&str, String)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(zip, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{body}</w:body></w:document>").unwrap();
    for (name, xml) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn heading(text: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn findings(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn word_tracked_changes_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.docx");
    let body = [
        heading("Notice of Data Breach"),
        // The deletion holds a placeholder: the text is read with it gone.
        "<w:p><w:r><w:t xml:space=\"preserve\">We found the problem on </w:t></w:r>\
         <w:del w:id=\"1\" w:author=\"Robin Lee\" w:date=\"2026-03-01T09:00:00Z\"><w:r><w:delText>[DATE]</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\" w:author=\"Robin Lee\" w:date=\"2026-03-01T09:00:00Z\"><w:r><w:t>March 2, 2026</w:t></w:r></w:ins>\
         <w:r><w:t>.</w:t></w:r></w:p>"
            .to_string(),
        "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>Call us at 1-800-555-0100.</w:t></w:r>\
         <w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r></w:p>"
            .to_string(),
        // A comment that is a directive suppresses the TBD on its paragraph.
        "<w:p><w:commentRangeStart w:id=\"8\"/><w:r><w:t>Our next update is TBD.</w:t></w:r>\
         <w:commentRangeEnd w:id=\"8\"/><w:r><w:commentReference w:id=\"8\"/></w:r></w:p>"
            .to_string(),
    ]
    .concat();
    let comments = format!(
        "<w:comments {W}>\
         <w:comment w:id=\"7\" w:author=\"Sam Ortiz\"><w:p><w:r><w:t>Is this the correct hotline?</w:t></w:r></w:p></w:comment>\
         <w:comment w:id=\"8\" w:author=\"Sam Ortiz\"><w:p><w:r><w:t>breachlint-disable-next-line hygiene/tbd</w:t></w:r></w:p></w:comment>\
         </w:comments>"
    );
    docx(&path, &body, &[("word/comments.xml", comments)]);
    let (report, code) = check(&["--ruleset", "hygiene", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let got = findings(&report);
    assert_eq!(
        got,
        [
            (
                "hygiene/tracked-change".to_string(),
                2,
                "the draft still holds a tracked change: deletion by Robin Lee on 2026-03-01"
                    .to_string()
            ),
            (
                "hygiene/tracked-change".to_string(),
                2,
                "the draft still holds a tracked change: insertion by Robin Lee on 2026-03-01"
                    .to_string()
            ),
            (
                "hygiene/review-comment".to_string(),
                3,
                "the draft still holds a comment by Sam Ortiz: “Is this the correct hotline?”"
                    .to_string()
            ),
        ],
        "{report:#}"
    );
    // Each finding names its paragraph.
    let notes = report["findings"][2]["notes"].to_string();
    assert!(notes.contains("in paragraph 3 of the Word file"), "{notes}");

    // Redacted, no output names the reviewers or quotes their words.
    for format in ["json", "human", "sarif"] {
        let out = Command::cargo_bin("breachlint")
            .unwrap()
            .args([
                "check",
                "--today",
                "2026-11-28",
                "--redact",
                "--ruleset",
                "hygiene",
            ])
            .args(["--format", format, "--color", "never"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for secret in [
            "Robin",
            "Sam Ortiz",
            "correct hotline",
            "1-800-555-0100",
            "March 2",
        ] {
            assert!(!text.contains(secret), "{format} shows {secret:?}:\n{text}");
        }
    }
}

#[test]
fn word_merge_fields_header_dates_and_type_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.docx");
    let body = [
        heading("Notice of Data Breach"),
        // A complex field: instruction, then its shown result.
        "<w:p><w:r><w:t xml:space=\"preserve\">Dear </w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> MERGEFIELD FirstName </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>«FirstName»</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r><w:t>,</w:t></w:r></w:p>"
            .to_string(),
        para("We are writing about an incident that involved your information."),
        // Fine print: 8-point type.
        "<w:p><w:r><w:rPr><w:sz w:val=\"16\"/></w:rPr><w:t>This notice was not delayed by law enforcement.</w:t></w:r></w:p>"
            .to_string(),
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId9\"/></w:sectPr>".to_string(),
    ]
    .concat();
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
        <Relationship Id=\"rId10\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"file:///etc/passwd\" TargetMode=\"External\"/>\
        </Relationships>"
        .to_string();
    let header = format!("<w:hdr {W}><w:p><w:r><w:t>March 3, 2026</w:t></w:r></w:p></w:hdr>");
    // Body text in 11-point type from the document defaults.
    let styles = format!(
        "<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style></w:styles>"
    );
    docx(
        &path,
        &body,
        &[
            ("word/_rels/document.xml.rels", rels),
            ("word/header1.xml", header),
            ("word/styles.xml", styles),
        ],
    );
    let (report, _) = check(&[
        "--ruleset",
        "hygiene",
        "--ruleset",
        "california",
        path.to_str().unwrap(),
    ]);
    let got = findings(&report);
    let ids: Vec<&str> = got.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(ids.contains(&"hygiene/merge-field"), "{report:#}");
    let size: Vec<_> = got
        .iter()
        .filter(|f| f.0 == "california/type-size")
        .collect();
    assert_eq!(size.len(), 1, "{report:#}");
    // The header is the text view's first line; the fine print its fifth.
    assert_eq!(size[0].1, 5, "{report:#}");
    assert!(size[0].2.contains("8-point"), "{report:#}");
    // The date in the header is the notice's date.
    assert!(!ids.contains(&"california/notice-date"), "{report:#}");
    // The title came from the heading style.
    assert!(!ids.contains(&"california/title"), "{report:#}");
}

#[test]
fn bad_word_files_are_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    // Not a zip at all.
    std::fs::write(
        dir.path().join("broken.docx"),
        b"PK\x03\x04 this is not really a zip",
    )
    .unwrap();
    // An encrypted Office file is a compound file, not a zip.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend([0u8; 504]);
    std::fs::write(dir.path().join("locked.docx"), cfb).unwrap();
    // A DTD with an external entity.
    docx(
        &dir.path().join("entity.docx"),
        "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
        &[],
    );
    let evil = dir.path().join("evil.docx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&evil).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", opts).unwrap();
        write!(zip, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>").unwrap();
        zip.finish().unwrap();
    }
    // A zip bomb: 40 MB of zeros packed into a few kilobytes.
    let bomb = dir.path().join("bomb.docx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        zip.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..40 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    std::fs::write(
        dir.path().join("fine.md"),
        "# Notice of Data Breach\n\nWe found it.\n",
    )
    .unwrap();
    // A PDF is refused even when no NUL byte gives it away.
    std::fs::write(
        dir.path().join("letter.txt"),
        "%PDF-1.4\n1 0 obj << >> endobj\n",
    )
    .unwrap();
    let (report, code) = check(&["--ruleset", "hygiene", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{report:#}");
    let by_file = errors::by_file(&report);
    assert!(by_file["broken.docx"].contains("damaged"), "{by_file:?}");
    assert!(by_file["locked.docx"].contains("password"), "{by_file:?}");
    assert!(by_file["evil.docx"].contains("DTD"), "{by_file:?}");
    assert!(by_file["bomb.docx"].contains("zip bomb"), "{by_file:?}");
    assert!(by_file["letter.txt"].contains("PDF"), "{by_file:?}");
    assert!(!by_file.contains_key("entity.docx"), "{by_file:?}");
    assert!(!by_file.contains_key("fine.md"), "{by_file:?}");
    assert_eq!(errors::linted(&report), 2, "{report:#}");
}
