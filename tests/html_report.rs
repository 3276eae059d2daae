//! The HTML report in a real browser: Chromium (headless) loads the page
//! written by `check --format html`, and the DOM it builds must hold every
//! finding and nothing that loads from outside the page. A screenshot is
//! kept in the test's temporary folder under target/.
//!
//! Skipped when Chromium is not installed, unless
//! `BREACHLINT_REQUIRE_CHROMIUM` is set (CI installs it and sets it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn browser(chromium: &Path, args: &[&str], page: &Path) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            // Nothing on the page may need the network; with every host
            // unresolvable, anything it tried to load would be missing.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

#[test]
fn chromium_renders_every_finding_and_loads_nothing_else() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("BREACHLINT_REQUIRE_CHROMIUM").is_none(),
            "Chromium is required here but not installed"
        );
        eprintln!("skipped: Chromium is not installed");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&out_dir).unwrap();
    let page = out_dir.join("report.html");
    let bl = || {
        let mut c = assert_cmd::Command::cargo_bin("breachlint").unwrap();
        c.env("BREACHLINT_TODAY", "2026-03-06")
            .env_remove("BREACHLINT_FORMAT")
            .current_dir(root);
        c
    };
    let short = bl()
        .args([
            "check",
            "--format",
            "short",
            "examples/incident-bundle-2026/",
        ])
        .output()
        .unwrap();
    let expected: Vec<String> = String::from_utf8_lossy(&short.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(expected.len() >= 3);
    bl().args(["check", "--format", "html", "-o"])
        .arg(&page)
        .arg("examples/incident-bundle-2026/")
        .assert()
        .code(1);

    let dom = browser(&chromium, &["--dump-dom"], &page);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert!(dom.contains("<h1>breachlint report</h1>"));
    assert_eq!(
        dom.matches("<article class=\"finding").count(),
        expected.len(),
        "one article per finding"
    );
    for line in &expected {
        // `PATH:LINE:COL: SEVERITY[RULE]: MESSAGE`: the rule and the place are on the page.
        let (place, rest) = line.split_once(": ").unwrap();
        let rule = &rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()];
        assert!(dom.contains(&format!("<code>{rule}</code>")), "{rule}");
        assert!(dom.contains(&format!("<code>{place}</code>")), "{place}");
    }
    // The deadline timeline of the example's incident: discovery, today
    // and the 60-day deadline for the letter, drawn and tabulated.
    assert!(dom.contains("<svg role=\"img\""), "no timeline");
    assert!(dom.contains(">discovery 2026-01-23</text>"));
    assert!(dom.contains(">today 2026-03-06</text>"));
    assert!(dom.contains("<td>2026-03-24</td>"));
    assert!(dom.contains("(controls: the first deadline)"));
    let lower = dom.to_lowercase();
    for banned in [
        "<script", "<link", "<img", "<iframe", " src=", "url(", "@import",
    ] {
        assert!(!lower.contains(banned), "the page has {banned}");
    }
    for (i, _) in lower.match_indices("href=\"") {
        assert_eq!(&lower[i + 6..i + 7], "#", "a link leaves the page");
    }

    let shot = out_dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let run = browser(
        &chromium,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
        &page,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    eprintln!("screenshot: {}", shot.display());
}
