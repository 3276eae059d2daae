//! The server driven in-process, one test per kind of request.

use std::collections::VecDeque;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::Uri;
use serde_json::{Value, json};

use super::position::path_to_uri;
use super::{Options, serve};

/// Text that makes linting panic, to test that a panic is contained.
const PANIC_TRIGGER: &str = "breachlint-test: panic while linting";

pub(super) fn maybe_panic(text: &str) {
    if text.contains(PANIC_TRIGGER) {
        panic!("a test asked for a panic");
    }
}

/// Long enough for a loaded machine; a passing test never waits this long.
const PATIENCE: Duration = Duration::from_secs(60);

fn demo_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/demo.toml")
}

/// A workspace folder whose configuration selects the demo rule set.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(demo_rules(), dir.path().join("demo.toml")).unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"demo.toml\"]\n",
    )
    .unwrap();
    dir
}

struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<i32, String>>>,
    next_id: i32,
    /// Notifications and requests from the server not yet looked at.
    inbox: VecDeque<Message>,
    init: Value,
}

impl Client {
    /// Starts a server and initializes it with client `capabilities`.
    fn start(capabilities: Value) -> Client {
        Self::start_with(capabilities, Duration::from_millis(20))
    }

    fn start_with(capabilities: Value, debounce: Duration) -> Client {
        let (server_side, conn) = Connection::memory();
        let options = Options {
            today: Some("2026-11-28".parse().unwrap()),
            debounce,
            ..Options::default()
        };
        let server = std::thread::spawn(move || serve(server_side, options));
        let mut c = Client {
            conn,
            server: Some(server),
            next_id: 0,
            inbox: VecDeque::new(),
            init: Value::Null,
        };
        c.init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(PATIENCE)
            .expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => match r.response_result {
                    Ok(v) => return v,
                    Err(e) => panic!("{method} failed: {e:?}"),
                },
                other => self.inbox.push_back(other),
            }
        }
    }

    /// The first notification `method` from the server that `keep`
    /// accepts; others are left for later calls.
    fn wait(&mut self, method: &str, keep: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Message| matches!(m, Message::Notification(n) if n.method == method && keep(&n.params));
        loop {
            if let Some(i) = self.inbox.iter().position(matches) {
                let Some(Message::Notification(n)) = self.inbox.remove(i) else {
                    unreachable!()
                };
                return n.params;
            }
            let m = self.recv();
            self.inbox.push_back(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &Uri) -> Value {
        let uri = uri.as_str().to_string();
        self.wait("textDocument/publishDiagnostics", |p| p["uri"] == uri)
    }

    fn open(&self, uri: &Uri, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri.as_str(), "languageId": language, "version": 1, "text": text
            }}),
        );
    }

    fn change(&self, uri: &Uri, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri.as_str(), "version": version },
                "contentChanges": changes,
            }),
        );
    }

    /// Ends the session as a client should, and returns the exit code.
    fn finish(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

fn uri(path: &Path) -> Uri {
    path_to_uri(path).unwrap()
}

/// Rule ids and start positions of published diagnostics.
fn found(params: &Value) -> Vec<(String, u64, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn rules(params: &Value) -> Vec<String> {
    found(params).into_iter().map(|f| f.0).collect()
}

const NOTICE: &str = "# Notice of Security Incident\n\nDear 😀 Zoë <<FirstName>>,\n\n## What Happened\n\nOn [DATE] a file server was opened.\n";

#[test]
fn initialize_negotiates_the_position_encoding() {
    let c = Client::start(json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } }));
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.init["serverInfo"]["name"], "breachlint");
    assert_eq!(
        c.init["capabilities"]["textDocumentSync"]["change"],
        json!(2),
        "incremental changes"
    );
    assert!(c.init["capabilities"]["diagnosticProvider"].is_null());
    assert_eq!(c.finish(), 0);

    let c = Client::start(json!({}));
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(c.finish(), 0);
}

#[test]
fn findings_are_published_on_open_with_exact_utf16_columns() {
    let ws = workspace();
    let path = ws.path().join("notice.md");
    let u = uri(&path);
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    let p = c.diagnostics(&u);
    assert_eq!(p["version"], 1);
    let f = found(&p);
    // "Dear 😀 Zoë " is 12 UTF-16 units: the emoji counts two, "ë" one.
    assert!(f.contains(&("demo/placeholder".into(), 2, 12)), "{f:?}");
    assert!(f.contains(&("demo/placeholder".into(), 6, 3)), "{f:?}");
    assert!(f.contains(&("demo/title".into(), 0, 2)), "{f:?}");
    let d = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "demo/placeholder")
        .unwrap();
    assert_eq!(d["source"], "breachlint");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"]["end"]["character"], 25);
    assert!(d.get("codeDescription").is_none());
    assert_eq!(c.finish(), 0);
}

#[test]
fn utf8_clients_get_byte_columns() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({ "general": { "positionEncodings": ["utf-8"] } }));
    c.open(&u, "markdown", NOTICE);
    let f = found(&c.diagnostics(&u));
    let col = NOTICE.lines().nth(2).unwrap().find("<<").unwrap() as u64;
    assert_eq!(col, 15);
    assert!(f.contains(&("demo/placeholder".into(), 2, col)), "{f:?}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn the_newest_version_wins_and_incremental_edits_apply() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start_with(json!({}), Duration::from_millis(200));
    c.open(&u, "markdown", NOTICE);
    assert_eq!(c.diagnostics(&u)["version"], 1);
    // Two edits in quick succession: only the second is linted. The first
    // replaces the whole text, the second removes "<<FirstName>>" (after
    // the emoji, in UTF-16 units).
    c.change(
        &u,
        2,
        json!([{ "text": NOTICE.replace("[DATE]", "March 1") }]),
    );
    c.change(
        &u,
        3,
        json!([{ "range": { "start": { "line": 2, "character": 12 },
                            "end": { "line": 2, "character": 25 } },
                 "text": "friend" }]),
    );
    let p = c.diagnostics(&u);
    assert_eq!(p["version"], 3, "{p}");
    assert!(!rules(&p).contains(&"demo/placeholder".to_string()), "{p}");
    // Hover now sees the new text: no finding on line 2.
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u.as_str() }, "position": { "line": 2, "character": 12 } }),
    );
    assert!(h.is_null(), "{h}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn save_lints_and_close_clears() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    c.diagnostics(&u);
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": u.as_str() } }),
    );
    assert!(!rules(&c.diagnostics(&u)).is_empty());
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": u.as_str() } }),
    );
    let p = c.diagnostics(&u);
    assert_eq!(p["diagnostics"], json!([]));
    assert_eq!(c.finish(), 0);
}

#[test]
fn hover_explains_the_rule_as_explain_does() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    c.diagnostics(&u);
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u.as_str() }, "position": { "line": 6, "character": 5 } }),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    let set = crate::config::RuleSetRef::File(demo_rules())
        .load()
        .unwrap();
    let sets = [set];
    let (set, rule) = crate::explain::find_rule(&sets, "demo/placeholder").unwrap();
    // The placeholder first; the headings missing at the end of the
    // same line follow.
    let first = crate::explain::explanation(set, rule);
    assert!(
        text.starts_with(&format!("{first}\n---\n\n# demo/")),
        "{text}"
    );
    assert!(text.starts_with("# demo/placeholder (error)"), "{text}");
    assert!(text.contains("## Why") && text.contains("Cite:      Demo Act 1(a)"));
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["range"]["start"], json!({ "line": 6, "character": 3 }));
    // Nothing to explain on a line without findings.
    let none = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": u.as_str() }, "position": { "line": 5, "character": 0 } }),
    );
    assert!(none.is_null());
    assert_eq!(c.finish(), 0);
}

/// Applies the single-file edit of a code action to `text`.
fn apply(text: &str, action: &Value, u: &Uri) -> String {
    let edits = action["edit"]["changes"][u.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let e = &edits[0];
    let range: lsp_types::Range = serde_json::from_value(e["range"].clone()).unwrap();
    let index = super::position::LineIndex::new(text, super::position::Encoding::Utf16);
    let span = index.span(range);
    let mut out = text.to_string();
    out.replace_range(span.range(), e["newText"].as_str().unwrap());
    out
}

fn code_actions(c: &mut Client, u: &Uri, line: u32) -> Vec<Value> {
    let r = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": u.as_str() },
            "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    r.as_array().unwrap().clone()
}

#[test]
fn code_action_disables_a_rule_for_one_line() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    c.diagnostics(&u);
    let actions = code_actions(&mut c, &u, 2);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Disable demo/placeholder for this line"]);
    let actions = code_actions(&mut c, &u, 6);
    let a = actions
        .iter()
        .find(|a| a["title"] == "Disable demo/placeholder for this line")
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(a["kind"], "quickfix");
    assert_eq!(a["diagnostics"][0]["code"], "demo/placeholder");
    let fixed = apply(NOTICE, a, &u);
    assert!(
        fixed.contains("opened.\n")
            && fixed.contains("<!-- breachlint-disable-next-line demo/placeholder -->\nOn [DATE]"),
        "{fixed}"
    );
    c.change(&u, 2, json!([{ "text": fixed }]));
    let f = found(&c.diagnostics(&u));
    assert!(
        !f.iter().any(|x| x.0 == "demo/placeholder" && x.1 == 7),
        "{f:?}"
    );
    // The other line's placeholder is still reported.
    assert!(f.contains(&("demo/placeholder".into(), 2, 12)), "{f:?}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn code_action_inserts_the_title_a_rule_set_requires() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"california\"]\n",
    )
    .unwrap();
    let u = uri(&dir.path().join("notice.md"));
    let text = "Dear Customer,\n\n## What Happened\n\nWe found a problem.\n";
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", text);
    let f = found(&c.diagnostics(&u));
    assert!(f.contains(&("california/title".into(), 0, 0)), "{f:?}");
    let actions = code_actions(&mut c, &u, 0);
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Insert the title “Notice of Data Breach”")
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply(text, fix, &u);
    assert!(
        fixed.starts_with("# Notice of Data Breach\n\nDear Customer,"),
        "{fixed}"
    );
    c.change(&u, 2, json!([{ "text": fixed }]));
    assert!(!rules(&c.diagnostics(&u)).contains(&"california/title".to_string()));
    // No fix is offered for findings that would need facts to fix.
    let actions = code_actions(&mut c, &u, 0);
    assert!(
        actions
            .iter()
            .all(|a| a["title"].as_str().unwrap().starts_with("Disable ")),
        "{actions:?}"
    );
    assert_eq!(c.finish(), 0);
}

#[test]
fn code_action_inserts_a_missing_heading_where_it_belongs() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("breachlint.toml"),
        "rulesets = [\"california\"]\n",
    )
    .unwrap();
    let u = uri(&dir.path().join("notice.md"));
    let text = "# Notice of Data Breach\n\nDear Customer,\n\n## What Information Was Involved?\n\nYour name and address.\n";
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", text);
    let p = c.diagnostics(&u);
    let missing = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "california/what-happened")
        .unwrap_or_else(|| panic!("{p}"))
        .clone();
    let line = missing["range"]["start"]["line"].as_u64().unwrap() as u32;
    assert_eq!(line, 4, "{missing}");
    let actions = code_actions(&mut c, &u, line);
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Insert the heading “What Happened”")
        .unwrap_or_else(|| panic!("{actions:?}"));
    let fixed = apply(text, fix, &u);
    assert!(
        fixed.contains("Dear Customer,\n\n## What Happened\n\n## What Information Was Involved?"),
        "{fixed}"
    );
    c.change(&u, 2, json!([{ "text": fixed }]));
    // The heading is found now; it still wants the account written under it.
    let p = c.diagnostics(&u);
    let now: Vec<&Value> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "california/what-happened")
        .collect();
    assert_eq!(now.len(), 1, "{p}");
    assert!(
        now[0]["message"].as_str().unwrap().contains("0 words"),
        "{p}"
    );
    assert_eq!(c.finish(), 0);
}

#[test]
fn facts_file_places_become_related_information() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/california-2026");
    fs::copy(
        example.join("incident.toml"),
        dir.path().join("incident.toml"),
    )
    .unwrap();
    let text = fs::read_to_string(example.join("notice.md"))
        .unwrap()
        .replace(
            "On February 10, 2026, a member",
            "On February 12, 2026, a member",
        );
    let u = uri(&dir.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", &text);
    let p = c.diagnostics(&u);
    let d = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "hipaa/dates-match")
        .unwrap_or_else(|| panic!("{p}"))
        .clone();
    let facts_uri = uri(&dir.path().join("incident.toml"));
    let related = d["relatedInformation"].as_array().unwrap();
    let place = related
        .iter()
        .find(|r| r["location"]["uri"] == facts_uri.as_str())
        .unwrap_or_else(|| panic!("{d}"));
    assert_eq!(place["message"], "discovery date in the facts");
    assert_eq!(
        place["location"]["range"],
        json!({ "start": { "line": 9, "character": 17 }, "end": { "line": 9, "character": 27 } })
    );

    // Correcting incident.toml in a buffer lints the notice again.
    let facts = fs::read_to_string(dir.path().join("incident.toml"))
        .unwrap()
        .replace("discovery-date = 2026-02-10", "discovery-date = 2026-02-12");
    c.open(&facts_uri, "toml", &facts);
    let p = c.wait("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str() && !p.to_string().contains("hipaa/dates-match")
    });
    assert_eq!(p["version"], 1);
    assert_eq!(c.finish(), 0);
}

#[test]
fn watched_configuration_changes_lint_dependents_again() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let elsewhere = tempfile::tempdir().unwrap();
    let other = uri(&elsewhere.path().join("other.md"));
    let mut c = Client::start(json!({
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
    }));
    c.open(&u, "markdown", NOTICE);
    assert!(rules(&c.diagnostics(&u)).contains(&"demo/title".to_string()));
    c.open(&other, "markdown", NOTICE);
    c.diagnostics(&other);
    // The server asked to be told about TOML files.
    let config = ws.path().join("breachlint.toml");
    fs::write(
        &config,
        "rulesets = [\"demo.toml\"]\n\n[rules]\n\"demo/title\" = \"off\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config).as_str(), "type": 2 }] }),
    );
    let p = c.diagnostics(&u);
    assert!(!rules(&p).contains(&"demo/title".to_string()), "{p}");
    // The notice elsewhere does not depend on it and is not linted again.
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": u.as_str() } }),
    );
    let next = c.wait("textDocument/publishDiagnostics", |_| true);
    assert_eq!(next["uri"], u.as_str(), "{next}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn the_server_registers_a_toml_watcher() {
    let (server_side, conn) = Connection::memory();
    let server = std::thread::spawn(move || serve(server_side, Options::default()));
    let init = Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({ "capabilities": {
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } } }),
    );
    conn.sender.send(init.into()).unwrap();
    conn.receiver.recv_timeout(PATIENCE).unwrap();
    conn.sender
        .send(Notification::new("initialized".into(), json!({})).into())
        .unwrap();
    let Message::Request(r) = conn.receiver.recv_timeout(PATIENCE).unwrap() else {
        panic!("expected a registration");
    };
    assert_eq!(r.method, "client/registerCapability");
    assert_eq!(
        r.params["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.toml"
    );
    drop(conn);
    assert_eq!(server.join().unwrap(), Ok(0));
}

#[test]
fn configuration_errors_are_shown_in_the_configuration() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let config = ws.path().join("breachlint.toml");
    let cu = uri(&config);
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    c.diagnostics(&u);
    let broken = "rulesets = [\"demo.toml\"]\n\n[rules]\n\"demo/title\" = \"loud\"\n";
    c.open(&cu, "toml", broken);
    let p = c.diagnostics(&cu);
    let d = &p["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"]["start"]["line"], 3, "{p}");
    assert!(d["message"].as_str().unwrap().contains("loud"), "{p}");
    let n = c.diagnostics(&u);
    assert_eq!(rules(&n), ["breachlint/not-checked"], "{n}");
    assert_eq!(
        n["diagnostics"][0]["relatedInformation"][0]["location"]["uri"],
        cu.as_str()
    );
    // Fixed in the buffer: the error goes, the notice is checked again.
    c.change(&cu, 2, json!([{ "text": "rulesets = [\"demo.toml\"]\n" }]));
    c.wait("textDocument/publishDiagnostics", |p| {
        p["uri"] == cu.as_str() && p["diagnostics"] == json!([])
    });
    c.wait("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str() && rules(p).contains(&"demo/title".to_string())
    });
    assert_eq!(c.finish(), 0);
}

#[test]
fn facts_file_errors_are_shown_in_the_facts_file() {
    let ws = workspace();
    let facts = ws.path().join("incident.toml");
    fs::write(
        &facts,
        "organization = \"Harbor Clinic\"\ndiscovery-date = 2026-13-40\n",
    )
    .unwrap();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    let n = c.diagnostics(&u);
    assert_eq!(rules(&n), ["breachlint/not-checked"], "{n}");
    let p = c.diagnostics(&uri(&facts));
    assert_eq!(p["diagnostics"][0]["range"]["start"]["line"], 1, "{p}");
    assert_eq!(p["diagnostics"][0]["severity"], 1, "{p}");
    // Fixed on disk and reported by the client's watcher: both clear.
    fs::write(
        &facts,
        "organization = \"Harbor Clinic\"\ndiscovery-date = 2026-10-20\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&facts).as_str(), "type": 2 }] }),
    );
    c.wait("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&facts).as_str() && p["diagnostics"] == json!([])
    });
    let n = c.wait("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str()
    });
    assert!(rules(&n).contains(&"demo/placeholder".to_string()), "{n}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn rule_set_errors_are_shown_in_the_rule_set() {
    let ws = workspace();
    let set = ws.path().join("demo.toml");
    let broken = fs::read_to_string(&set).unwrap().replace(
        r"pattern = ['\[(DATE|insert[^\]]*)\]'",
        r"pattern = ['\[(DATE|insert'",
    );
    fs::write(&set, &broken).unwrap();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    let n = c.diagnostics(&u);
    assert_eq!(rules(&n), ["breachlint/not-checked"], "{n}");
    let p = c.diagnostics(&uri(&set));
    let d = &p["diagnostics"][0];
    let line = broken
        .lines()
        .position(|l| l.contains(r"'\[(DATE|insert'"))
        .unwrap();
    assert_eq!(d["range"]["start"]["line"], line as u64, "{p}");
    assert_eq!(c.finish(), 0);
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let ws = workspace();
    let u = uri(&ws.path().join("notice.md"));
    let mut c = Client::start(json!({ "textDocument": { "diagnostic": {} } }));
    assert_eq!(
        c.init["capabilities"]["diagnosticProvider"]["identifier"],
        "breachlint"
    );
    c.open(&u, "markdown", NOTICE);
    let params = json!({ "textDocument": { "uri": u.as_str() } });
    let r = c.request("textDocument/diagnostic", params);
    assert_eq!(r["kind"], "full");
    let items = r["items"].as_array().unwrap();
    assert!(items.iter().any(|d| d["code"] == "demo/placeholder"), "{r}");
    let id = r["resultId"].as_str().unwrap().to_string();
    let again = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": u.as_str() }, "previousResultId": id }),
    );
    assert_eq!(again["kind"], "unchanged");
    c.change(&u, 2, json!([{ "text": "# Notice of Data Breach\n" }]));
    let changed = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": u.as_str() }, "previousResultId": id }),
    );
    assert_eq!(changed["kind"], "full");
    assert!(!changed.to_string().contains("demo/placeholder"));
    // Nothing was pushed.
    assert!(
        !c.inbox.iter().any(|m| matches!(m, Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics")),
        "{:?}",
        c.inbox
    );
    assert_eq!(c.finish(), 0);
}

#[test]
fn a_panic_is_one_diagnostic_and_the_server_keeps_serving() {
    let ws = workspace();
    let bad = uri(&ws.path().join("bad.md"));
    let good = uri(&ws.path().join("good.md"));
    let mut c = Client::start(json!({}));
    c.open(&bad, "markdown", &format!("# Notice\n\n{PANIC_TRIGGER}\n"));
    let p = c.diagnostics(&bad);
    assert_eq!(rules(&p), ["breachlint/internal-error"], "{p}");
    let log = c.wait("window/logMessage", |_| true);
    assert!(
        log["message"]
            .as_str()
            .unwrap()
            .contains("a test asked for a panic")
    );
    c.open(&good, "markdown", NOTICE);
    assert!(rules(&c.diagnostics(&good)).contains(&"demo/placeholder".to_string()));
    assert_eq!(c.finish(), 0);
}

#[test]
fn exit_codes() {
    // exit without shutdown is an error, as the protocol says.
    let c = Client::start(json!({}));
    c.notify("exit", Value::Null);
    let mut c = c;
    assert_eq!(c.server.take().unwrap().join().unwrap(), Ok(1));

    // A client that hangs up ends the server quietly.
    let mut c = Client::start(json!({}));
    let server = c.server.take().unwrap();
    drop(c);
    assert_eq!(server.join().unwrap(), Ok(0));

    // After shutdown, requests are refused.
    let mut c = Client::start(json!({}));
    c.request("shutdown", Value::Null);
    c.next_id += 1;
    let id = RequestId::from(c.next_id);
    c.conn
        .sender
        .send(Request::new(id, "textDocument/hover".into(), json!({})).into())
        .unwrap();
    let Message::Response(r) = c.recv() else {
        panic!("expected a response");
    };
    assert!(r.response_result.is_err());
    c.notify("exit", Value::Null);
    assert_eq!(c.server.take().unwrap().join().unwrap(), Ok(0));
}

#[test]
fn untitled_buffers_are_linted_too() {
    let u = Uri::from_str("untitled:Untitled-1").unwrap();
    let mut c = Client::start(json!({}));
    c.open(&u, "markdown", NOTICE);
    let p = c.diagnostics(&u);
    assert!(!rules(&p).is_empty(), "{p}");
    assert_eq!(c.finish(), 0);
}
