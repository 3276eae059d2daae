//! How long the language server takes to show new findings after an edit
//! of a 5 KB notice: from the `didChange` to the `publishDiagnostics` for
//! that version, with every built-in rule set that applies to the
//! incident, the pause for typing set to zero.
//!
//! Run with `cargo bench --bench server`. Besides criterion's timing
//! (`server/relint-5kb`), percentiles of a plain run are printed as a
//! `relint:` line, against the budget of 20 ms.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use breachlint::server::{Options, position::path_to_uri, serve};
use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// Size of the notice edited.
const NOTICE_BYTES: usize = 5 * 1024;
/// Budget for one re-lint.
const BUDGET: Duration = Duration::from_millis(20);

/// The California example notice, lengthened to 5 KB with more of the
/// same kind of text, and its incident facts.
fn workspace() -> (tempfile::TempDir, String) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/california-2026");
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        example.join("incident.toml"),
        dir.path().join("incident.toml"),
    )
    .unwrap();
    let mut text = fs::read_to_string(example.join("notice.md")).unwrap();
    let extra = [
        "If you have questions about your statements, your plan's member services line can help.",
        "We will send a second letter if our review finds that more of your information was involved.",
        "Keep this letter with your records; you may need the dates in it if you report a problem.",
        "A security freeze stops new credit from being opened in your name until you lift it.",
    ];
    text.push_str("\n## More About Protecting Yourself\n\n");
    let mut i = 0;
    while text.len() < NOTICE_BYTES {
        text.push_str(extra[i % extra.len()]);
        text.push(if i % 3 == 2 { '\n' } else { ' ' });
        if i % 3 == 2 {
            text.push('\n');
        }
        i += 1;
    }
    (dir, text)
}

struct Session {
    conn: Connection,
    server: std::thread::JoinHandle<Result<i32, String>>,
    uri: String,
    version: i32,
}

impl Session {
    fn start(path: &Path, text: &str) -> Session {
        let (server_side, conn) = Connection::memory();
        let options = Options {
            today: Some("2026-11-28".parse().unwrap()),
            debounce: Duration::ZERO,
            ..Options::default()
        };
        let server = std::thread::spawn(move || serve(server_side, options));
        let init = Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "capabilities": {} }),
        );
        conn.sender.send(init.into()).unwrap();
        conn.receiver.recv().unwrap();
        let uri = path_to_uri(path).unwrap().as_str().to_string();
        let s = Session {
            conn,
            server,
            uri,
            version: 1,
        };
        s.notify("initialized", json!({}));
        s.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": s.uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        s.wait_for_version();
        s
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).unwrap();
    }

    /// Waits for the findings of the current version; returns how many.
    fn wait_for_version(&self) -> usize {
        loop {
            if let Message::Notification(n) = self.conn.receiver.recv().unwrap() {
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == self.version
                {
                    return n.params["diagnostics"].as_array().unwrap().len();
                }
            }
        }
    }

    /// Types a letter at the start of line 9, or deletes it again.
    fn edit(&mut self) -> usize {
        self.version += 1;
        let change = if self.version % 2 == 0 {
            json!({ "range": { "start": { "line": 8, "character": 0 },
                               "end": { "line": 8, "character": 0 } }, "text": "W" })
        } else {
            json!({ "range": { "start": { "line": 8, "character": 0 },
                               "end": { "line": 8, "character": 1 } }, "text": "" })
        };
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri, "version": self.version },
                    "contentChanges": [change] }),
        );
        self.wait_for_version()
    }

    fn finish(self) {
        let shutdown = Request::new(RequestId::from(2), "shutdown".into(), Value::Null);
        self.conn.sender.send(shutdown.into()).unwrap();
        self.notify("exit", Value::Null);
        assert_eq!(self.server.join().unwrap(), Ok(0));
    }
}

fn relint(c: &mut Criterion) {
    let (dir, text) = workspace();
    let path = dir.path().join("notice.md");
    let mut session = Session::start(&path, &text);
    assert!(text.len() >= NOTICE_BYTES);

    let mut group = c.benchmark_group("server");
    group.bench_function("relint-5kb", |b| b.iter(|| session.edit()));
    group.finish();

    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            session.edit();
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "relint: {} bytes, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (budget {} ms)",
        text.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1]),
        BUDGET.as_millis(),
    );
    session.finish();
}

criterion_group!(benches, relint);
criterion_main!(benches);
