//! The editor setups in docs/editors.md: each snippet's command line is
//! run against the real binary, and the Neovim one drives the language
//! server from headless Neovim.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("breachlint")
}

fn guide() -> String {
    fs::read_to_string(root().join("docs/editors.md")).unwrap()
}

/// The fenced block after `<!-- snippet: NAME -->`.
fn snippet(name: &str) -> String {
    let text = guide();
    let marker = format!("<!-- snippet: {name} -->");
    let at = text
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/editors.md has no {name} snippet"));
    let rest = &text[at + marker.len()..];
    let body = &rest[rest.find("```").unwrap()..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

/// The double-quoted strings in `s`, in order.
fn quoted(s: &str) -> Vec<String> {
    s.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The line of `text` holding `key`.
fn line_with<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(key))
        .unwrap_or_else(|| panic!("no `{key}` in\n{text}"))
}

/// A message framed as the protocol sends it.
fn frame(json: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{json}", json.len())
}

/// Runs `argv` (its first word replaced by the built binary) as a language
/// server through a whole session: initialize, shutdown, exit.
fn check_server_command(argv: &[String], from: &str) {
    assert_eq!(argv[0], "breachlint", "{from}: {argv:?}");
    let session = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","method":"exit"}"#,
    ]
    .map(frame)
    .concat();
    let mut child = Command::new(bin())
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(session.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{from}: {argv:?}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(r#""positionEncoding":"utf-16""#),
        "{from}: {stdout}"
    );
}

#[test]
fn server_snippets_run_the_real_server() {
    let neovim = snippet("neovim");
    let cmd = line_with(&neovim, "cmd =");
    let cmd = &cmd[cmd.find("cmd =").unwrap()..];
    check_server_command(&quoted(cmd), "neovim");

    let vscode: serde_json::Value = serde_json::from_str(&snippet("vscode")).unwrap();
    let mut argv = vec![vscode["glspc.server.command"].as_str().unwrap().to_string()];
    for a in vscode["glspc.server.commandArguments"].as_array().unwrap() {
        argv.push(a.as_str().unwrap().to_string());
    }
    check_server_command(&argv, "vscode");

    let helix: toml::Value = toml::from_str(&snippet("helix")).unwrap();
    let server = &helix["language-server"]["breachlint"];
    let mut argv = vec![server["command"].as_str().unwrap().to_string()];
    for a in server["args"].as_array().unwrap() {
        argv.push(a.as_str().unwrap().to_string());
    }
    check_server_command(&argv, "helix");
    assert!(
        helix["language"][0]["language-servers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str() == Some("breachlint"))
    );

    let emacs = snippet("emacs");
    let program = line_with(&emacs, ". (");
    let program = &program[program.find(". (").unwrap()..];
    check_server_command(&quoted(program), "emacs");
}

/// Runs a `check` command line from a snippet on a flawed notice piped in,
/// as the file `name`, and checks that its output reads with the
/// errorformat the guide gives.
fn check_stdin_command(argv: &[String], name: &str, from: &str) {
    assert_eq!(argv[0], "breachlint", "{from}: {argv:?}");
    let notice = fs::read(root().join("tests/fixtures/notices/flawed.md")).unwrap();
    let out = assert_cmd::Command::new(bin())
        .args(&argv[1..])
        .env("BREACHLINT_TODAY", "2026-11-28")
        .write_stdin(notice)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{from}: {argv:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let efm = regex::Regex::new(r"^(.+):(\d+):(\d+): (.+)$").unwrap();
    assert!(stdout.lines().count() > 1, "{from}: {stdout}");
    for line in stdout.lines() {
        let c = efm
            .captures(line)
            .unwrap_or_else(|| panic!("{from}: `{line}` does not match %f:%l:%c: %m"));
        assert_eq!(&c[1], name, "{from}: {line}");
    }
    assert!(
        stdout.contains(&format!("{name}:3:6: error[hygiene/angle-placeholder]")),
        "{from}: {stdout}"
    );
}

#[test]
fn stdin_snippets_run_the_real_check() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("drafts/notice.md").display().to_string();

    let sh = snippet("stdin");
    let mut argv: Vec<String> = sh.split_whitespace().map(str::to_string).collect();
    let at = argv.iter().position(|a| a == "--stdin-filename").unwrap();
    argv[at + 1] = name.clone();
    check_stdin_command(&argv, &name, "stdin");

    // nvim-lint: `cmd` and `args`, the buffer's name given by a function.
    let lint = snippet("nvim-lint");
    let mut argv = quoted(line_with(&lint, "cmd ="));
    let args = line_with(&lint, "args =");
    let (before, after) = args.split_once("function()").unwrap();
    argv.extend(quoted(before));
    argv.push(name.clone());
    argv.extend(quoted(after.split_once(" end,").unwrap().1));
    assert!(argv.ends_with(&["-".to_string()]), "{argv:?}");
    check_stdin_command(&argv, &name, "nvim-lint");
    assert!(lint.contains(r#"from_errorformat("%f:%l:%c: %m""#));
}

fn have_nvim() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Findings Neovim reported at one stage: "rule line column" lines.
fn stage<'a>(result: &'a str, name: &str) -> Vec<&'a str> {
    let start = result
        .find(&format!("stage {name}\n"))
        .unwrap_or_else(|| panic!("no stage {name} in\n{result}"));
    result[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("stage ") && *l != "done")
        .collect()
}

/// Opens the flawed example in headless Neovim set up with the guide's
/// snippet, waits for the server's findings, fixes one, and checks that it
/// goes away.
#[test]
fn neovim_shows_findings_from_the_server() {
    if !have_nvim() {
        if std::env::var_os("BREACHLINT_REQUIRE_NVIM").is_some() {
            panic!("nvim is not installed but BREACHLINT_REQUIRE_NVIM is set");
        }
        eprintln!(
            "\n*** SKIPPED neovim_shows_findings_from_the_server: `nvim` is not installed (apt-get install neovim) ***\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("notices");
    fs::create_dir(&ws).unwrap();
    fs::copy(
        root().join("tests/fixtures/rules/demo.toml"),
        ws.join("demo.toml"),
    )
    .unwrap();
    fs::write(ws.join("breachlint.toml"), "rulesets = [\"demo.toml\"]\n").unwrap();
    let notice = ws.join("notice.md");
    fs::copy(root().join("tests/fixtures/notices/flawed.md"), &notice).unwrap();
    let init = dir.path().join("init.lua");
    fs::write(&init, snippet("neovim")).unwrap();
    let result = dir.path().join("result.txt");

    // The snippet runs `breachlint` from PATH: the one just built.
    let bin_dir = bin().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg("-c")
        .arg(format!(
            "luafile {}",
            root().join("tests/editors/neovim.lua").display()
        ))
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("BREACHLINT_TODAY", "2026-11-28")
        .env("NOTICE", &notice)
        .env("RESULT", &result)
        .current_dir(&ws)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Neovim did not finish; it wrote:\n{}",
                fs::read_to_string(&result).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let out = fs::read_to_string(&result).unwrap_or_default();
    assert!(status.success(), "{status}\n{stderr}\n{out}");
    assert!(out.ends_with("done\n"), "{out}\n{stderr}");

    // Rule ids and 0-based positions, as vim.diagnostic.get() gives them:
    // the merge field on line 3 and the placeholder on line 11 of the file.
    let opened = stage(&out, "opened");
    for f in [
        "demo/placeholder 2 5",
        "demo/placeholder 10 3",
        "demo/title 0 2",
    ] {
        assert!(opened.contains(&f), "{f} missing from {opened:?}");
    }
    let edited = stage(&out, "edited");
    assert!(!edited.contains(&"demo/placeholder 2 5"), "{edited:?}");
    assert!(edited.contains(&"demo/placeholder 10 3"), "{edited:?}");
    assert!(edited.contains(&"demo/title 0 2"), "{edited:?}");
    assert!(Path::new(&notice).exists());
}

#[test]
fn server_ends_when_its_input_closes() {
    // Before initialize, and in the middle of a session.
    assert_cmd::Command::new(bin())
        .arg("server")
        .write_stdin("")
        .assert()
        .code(0);
    let init = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ]
    .map(frame)
    .concat();
    let out = assert_cmd::Command::new(bin())
        .arg("server")
        .write_stdin(init)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(r#""name":"breachlint""#));
}
