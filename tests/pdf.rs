//! PDF notices: lines, paragraphs, headings and hyphenated words read from
//! hand-made files; findings placed by page; damaged, hostile, encrypted
//! and scanned files refused one by one.

#[path = "support/errors.rs"]
mod errors;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use breachlint::document::{DocFormat, Document, HeadingKind, load};

/// A PDF file of `objects` (numbered from 1) with a cross-reference
/// table; `trailer` is added to the trailer dictionary.
fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// A line of a hand-made letter: type size, bold, text; an empty text is
/// the space between paragraphs.
type Line<'a> = (f32, bool, &'a str);

/// A letter of `pages`, set in Helvetica on US Letter paper.
fn letter(pages: &[&[Line]]) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|k| format!("{} 0 R", 5 + 2 * k)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        )),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"),
    ];
    for (k, lines) in pages.iter().enumerate() {
        let mut content = String::new();
        let mut y = 720.0;
        for &(size, bold, text) in lines.iter() {
            if text.is_empty() {
                y -= 10.0;
                continue;
            }
            let text = text.replace('(', "\\(").replace(')', "\\)");
            let font = if bold { "F2" } else { "F1" };
            content.push_str(&format!(
                "BT /{font} {size} Tf 1 0 0 1 72 {y} Tm ({text}) Tj ET\n"
            ));
            y -= size * 1.2;
        }
        objects.push(obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            6 + 2 * k
        )));
        objects.push(stream("", content.as_bytes()));
    }
    pdf(&objects, "")
}

fn read(bytes: &[u8]) -> Result<Document, breachlint::document::LoadError> {
    load(Path::new("letter.pdf"), bytes.to_vec(), DocFormat::Pdf)
}

const PAGE_ONE: &[Line] = &[
    (18.0, false, "Notice of Data Breach"),
    ("".len() as f32, false, ""),
    (12.0, false, "Dear Member,"),
    (0.0, false, ""),
    (12.0, true, "What Happened?"),
    (0.0, false, ""),
    (
        12.0,
        false,
        "On May 2, 2025 we learned that a file server holding",
    ),
    (
        12.0,
        false,
        "member records was opened by an outside party. This notifi-",
    ),
    (12.0, false, "cation was not delayed by law enforcement."),
];

const PAGE_TWO: &[Line] = &[
    (12.0, true, "What We Are Doing"),
    (0.0, false, ""),
    (12.0, false, "We closed the account the party used."),
    (12.0, false, "Call us on [PHONE] with any question."),
];

#[test]
fn lines_paragraphs_headings_and_hyphens() {
    let doc = read(&letter(&[PAGE_ONE, PAGE_TWO])).expect("the letter reads");
    // The view is the pages' lines as drawn, hyphen and all.
    assert!(
        doc.source.text.contains("This notifi-\ncation was"),
        "{}",
        doc.source.text
    );
    // The text joins the broken word and the wrapped lines.
    assert!(
        doc.plain
            .contains("by an outside party. This notification was not delayed"),
        "{}",
        doc.plain
    );
    let heads: Vec<(u8, HeadingKind, &str)> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.kind, h.text.as_str()))
        .collect();
    assert_eq!(
        heads,
        [
            (1, HeadingKind::Markup, "notice of data breach"),
            (6, HeadingKind::Emphasis, "what happened"),
            (6, HeadingKind::Emphasis, "what we are doing"),
        ],
        "{}",
        doc.plain
    );
    // Type sizes are known, as in Word files.
    let sizes = doc.layout.type_sizes.as_ref().expect("type sizes");
    assert!(sizes.iter().any(|r| r.points == 18.0));
    assert!(sizes.iter().any(|r| r.points == 12.0 && r.bold));
    // The second page starts on line 7 of the view.
    let at = doc.source.text.find("Call us").unwrap();
    let place = doc.source.page_line(at).unwrap();
    assert_eq!((place.page, place.line), (2, 3));
    assert_eq!(doc.source.line_col(at).line, 9);
}

#[test]
fn without_type_differences_short_lines_are_headings() {
    let plain: &[Line] = &[
        (12.0, false, "Notice of Data Breach"),
        (0.0, false, ""),
        (12.0, false, "What Happened?"),
        (0.0, false, ""),
        (
            12.0,
            false,
            "A box of paper files went missing from our office.",
        ),
        (12.0, false, "We looked for it for a week."),
    ];
    let doc = read(&letter(&[plain])).expect("the letter reads");
    let heads: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
    assert!(heads.contains(&"what happened"), "{heads:?}");
    assert!(doc.headings.iter().all(|h| h.kind == HeadingKind::Line));
}

#[test]
fn unspaced_paragraphs_and_hard_hyphens() {
    let page: &[Line] = &[
        (
            12.0,
            false,
            "We found the problem on May 2, 2025 and closed the account",
        ),
        (12.0, false, "on the same day. We are sorry."),
        (
            12.0,
            false,
            "If you have a question, please call our help line at 1-888-",
        ),
        (12.0, false, "555-0100 on any weekday."),
    ];
    let doc = read(&letter(&[page])).expect("the letter reads");
    // The short line that closes a sentence ends its paragraph; the phone
    // number broken after a hyphen is whole again.
    assert!(
        doc.plain.contains(
            "the same day. We are sorry.\n\nIf you have a question, please call our help line at 1-888-555-0100 on"
        ),
        "{}",
        doc.plain
    );
}

/// `data` in ASCII85, with its end marker.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = b'!' + (n % 85) as u8;
            n /= 85;
        }
        out.extend(&digits[..chunk.len() + 1]);
    }
    out.extend(b"~>");
    out
}

#[test]
fn ascii85_and_flate_streams_are_read() {
    use std::io::Write;
    let content = b"BT /F1 12 Tf 1 0 0 1 72 720 Tm (We found the problem on May 2, 2025.) Tj ET";
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(content).unwrap();
    let packed = ascii85(&z.finish().unwrap());
    let bytes = pdf(
        &[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            ),
            stream("/Filter [/ASCII85Decode /FlateDecode]", &packed),
            obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        ],
        "",
    );
    let doc = read(&bytes).expect("the letter reads");
    assert!(doc.plain.contains("May 2, 2025"), "{}", doc.plain);
}

#[test]
fn small_print_in_a_pdf_is_found() {
    let page: &[Line] = &[
        (18.0, false, "Notice of Data Breach"),
        (0.0, false, ""),
        (12.0, false, "We found the problem on May 2, 2025."),
        (0.0, false, ""),
        (
            7.0,
            false,
            "This notice was not delayed by law enforcement.",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.pdf");
    std::fs::write(&path, letter(&[page])).unwrap();
    let (json, _) = run(&[
        "--ruleset",
        "california",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let size: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "california/type-size")
        .collect();
    assert_eq!(size.len(), 1, "{json:#}");
    assert!(
        size[0]["message"].as_str().unwrap().contains('7'),
        "{json:#}"
    );
    assert_eq!(size[0]["start"]["page_line"], 3, "{json:#}");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("breachlint")
        .unwrap()
        .current_dir(root())
        .env_remove("BREACHLINT_FORMAT")
        .env_remove("NO_COLOR")
        .args(["check", "--today", "2026-11-28", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn findings_name_the_page_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, letter(&[PAGE_ONE, PAGE_TWO])).unwrap();
    let path = path.to_str().unwrap();
    let args = |format: &'static str| ["--ruleset", "hygiene", "--format", format, path];

    let (json, code) = run(&args("json"));
    assert_eq!(code, 1, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let phone = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "hygiene/placeholder")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(phone["start"]["line"], 9, "{phone:#}");
    assert_eq!(phone["start"]["page"], 2, "{phone:#}");
    assert_eq!(phone["start"]["page_line"], 3, "{phone:#}");
    assert_eq!(phone["notes"][0], "on page 2, line 3 of the PDF file");

    let (human, _) = run(&args("human"));
    assert!(human.contains("letter.pdf:p2:3:"), "{human}");
    // `short` gives the line of the whole text view.
    let (short, _) = run(&args("short"));
    assert!(short.contains("letter.pdf:9:"), "{short}");
    let (sarif, _) = run(&args("sarif"));
    assert!(sarif.contains("\"pageLine\": 3"), "{sarif}");

    // Redacted, no output quotes the letter.
    for format in ["human", "json", "sarif", "short"] {
        let (out, _) = run(&["--redact", "--ruleset", "hygiene", "--format", format, path]);
        for secret in ["[PHONE]", "Call us", "outside party"] {
            assert!(!out.contains(secret), "{format} shows {secret:?}:\n{out}");
        }
    }
}

/// A zlib stream of `n` zero bytes.
fn zeros(n: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        z.write_all(&chunk[..k]).unwrap();
        left -= k;
    }
    z.finish().unwrap()
}

/// Writes each hostile or broken PDF into `dir`, with the words its error
/// must hold.
fn broken_files(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let good = letter(&[PAGE_ONE]);
    let page = |contents: &str| {
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> /Contents {contents} >>"
        ))
    };
    let mut files: Vec<(&str, Vec<u8>, &str)> = Vec::new();
    // A scan: a page that draws one image and no text.
    files.push((
        "scan.pdf",
        pdf(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                page("5 0 R"),
                stream(
                    "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
                    b"abcd",
                ),
                stream("", b"q 612 0 0 792 0 0 cm /Im1 Do Q"),
            ],
            "",
        ),
        "no text layer",
    ));
    // Encrypted: the trailer names an encryption dictionary.
    let mut locked = good.clone();
    let at = locked.windows(7).rposition(|w| w == b"trailer").unwrap();
    let tail = String::from_utf8_lossy(&locked[at..]).replace(
        "/Root 1 0 R",
        "/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>",
    );
    locked.truncate(at);
    locked.extend(tail.as_bytes());
    files.push(("locked.pdf", locked, "encrypted"));
    // Cut short in the middle of a page.
    files.push((
        "truncated.pdf",
        good[..good.len() / 2].to_vec(),
        "not a readable PDF",
    ));
    // Not a PDF at all.
    files.push((
        "garbage.pdf",
        b"GIF89a this is no PDF".to_vec(),
        "signature",
    ));
    // A page tree that claims a million pages.
    files.push((
        "million.pdf",
        pdf(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R 3 0 R 3 0 R] /Count 1000000 >>"),
                obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"),
            ],
            "",
        ),
        "1000000 pages",
    ));
    // A page whose parent's parent is the parent again.
    files.push((
        "cycle.pdf",
        pdf(
            &[
                obj("<< /Type /Catalog /Pages 2 0 R >>"),
                obj("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 /Parent 4 0 R >>"),
                obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>"),
                obj("<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R /Resources << >> >>"),
                stream("", b"BT /F1 12 Tf (x) Tj ET"),
            ],
            "",
        ),
        "loops back",
    ));
    // A content stream that inflates to 40 MB.
    let bytes = pdf(
        &[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"),
            stream("/Filter /FlateDecode", &zeros(40 << 20)),
        ],
        "",
    );
    files.push(("bomb.pdf", bytes, "inflates to more than"));

    let mut out = Vec::new();
    for (name, bytes, words) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
        out.push((name, words));
    }
    out
}

#[test]
fn bad_pdfs_are_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let expected = broken_files(dir.path());
    std::fs::write(dir.path().join("good.pdf"), letter(&[PAGE_ONE])).unwrap();
    std::fs::write(
        dir.path().join("fine.md"),
        "# Notice of Data Breach\n\nWe found it.\n",
    )
    .unwrap();
    let (out, code) = run(&[
        "--ruleset",
        "hygiene",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors = errors::by_file(&report);
    for (name, words) in &expected {
        let message = errors
            .get(*name)
            .unwrap_or_else(|| panic!("{name} gave no error: {report:#}"));
        assert!(message.contains(words), "{name}: {message}");
    }
    assert!(errors["scan.pdf"].contains("OCR is not done by breachlint"));
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    // The good files were still linted.
    assert_eq!(errors::linted(&report), 2, "{report:#}");
}

#[test]
fn no_bad_pdf_panics_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    broken_files(dir.path());
    let good = letter(&[PAGE_ONE, PAGE_TWO]);
    // Every prefix length class and some flipped bytes of a good file.
    let mut cases: Vec<Vec<u8>> = (1..40)
        .map(|k| good[..good.len() * k / 40].to_vec())
        .collect();
    for k in (0..good.len()).step_by(97) {
        let mut b = good.clone();
        b[k] ^= 0x5a;
        cases.push(b);
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        cases.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    // A real one, with embedded fonts and compressed streams.
    let real = std::fs::read(root().join("tests/fixtures/converted/clean.pdf")).unwrap();
    for k in (0..real.len()).step_by(499) {
        let mut b = real.clone();
        b[k] = b[k].wrapping_add(1);
        cases.push(b);
        cases.push(real[..k].to_vec());
    }
    for bytes in cases {
        let _ = read(&bytes);
    }
}
