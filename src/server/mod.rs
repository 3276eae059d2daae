//! `breachlint server`: a language server over standard input and output.
//!
//! Notices open in the editor are linted on open, on save, and shortly
//! after each change (a pause in typing, [`Options::debounce`]); only the
//! newest text of a buffer is ever linted, so no stale findings are shown.
//! Everything runs on one thread: linting a notice takes milliseconds, and
//! doing it in order is what makes "the newest version wins" certain.
//!
//! Each notice is checked against what `check` would use, with the
//! configuration and facts files read from the editor's buffers when they
//! are open there; a change to one of them (in a buffer or on disk) lints
//! the notices that depend on it again, and errors in them are shown in
//! those files.

// `lsp_types::Uri` hashes and compares by its text, which never changes; the
// lint sees a lazily filled cache inside it, not a key that can move.
#![allow(clippy::mutable_key_type)]

mod actions;
mod convert;
pub mod position;
mod project;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    Diagnostic as LspDiagnostic, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeWatchedFilesRegistrationOptions, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, UnchangedDocumentDiagnosticReport, Uri,
};
use serde_json::Value;

use self::convert::lsp;
use self::position::{Encoding, LineIndex, path_to_uri, uri_to_path};
use self::project::{Outcome, Project};
use crate::document::DocFormat;
use crate::engine::Engine;
use crate::lint::LintContext;
use crate::plan::RuleSource;
use crate::report::FileReport;

/// How the server is run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where rule sets come from (`--ruleset`, `--config`, `--isolated`).
    pub rules: RuleSource,
    /// Judge deadlines on this date rather than the system's (`--today`).
    pub today: Option<jiff::civil::Date>,
    /// How long typing must pause before a changed notice is linted again.
    pub debounce: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rules: RuleSource::default(),
            today: None,
            debounce: DEFAULT_DEBOUNCE,
        }
    }
}

/// The pause after a change before linting: long enough that typing a word
/// lints once, short enough to feel immediate.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Serves over standard input and output until `exit` or the end of the
/// input; returns the process's exit code.
pub fn run_stdio(options: Options) -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(connection, options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("breachlint server: {e}");
            1
        }
    };
    if let Err(e) = io_threads.join() {
        // The client went away mid-message; there is nobody left to tell.
        eprintln!("breachlint server: {e}");
    }
    code
}

/// Serves on `connection` until `exit` (code 0 after `shutdown`, 1 without)
/// or until the client hangs up (code 0).
pub fn serve(connection: Connection, options: Options) -> Result<i32, String> {
    // The first notice opened is linted at once; the extraction patterns
    // compile while the client starts up.
    crate::extract::warm_up_in_background();
    let (id, params) = match connection.initialize_start() {
        Ok(x) => x,
        Err(e) if e.channel_is_disconnected() => return Ok(0),
        Err(e) => return Err(e.to_string()),
    };
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("bad initialize request: {e}"))?;
    let client = Client::from(&params.capabilities);
    let result = InitializeResult {
        capabilities: capabilities(&client),
        server_info: Some(ServerInfo {
            name: "breachlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    match connection.initialize_finish(id, result) {
        Ok(()) => {}
        Err(e) if e.channel_is_disconnected() => return Ok(0),
        Err(e) => return Err(e.to_string()),
    }
    let mut server = Server {
        project: Project::new(options.rules.clone(), options.today),
        options,
        client,
        sender: connection.sender.clone(),
        docs: HashMap::new(),
        toml_published: HashMap::new(),
        tomls_dirty: false,
        shutdown: false,
        next_id: 0,
        generation: 0,
    };
    server.register_watchers();
    server.main_loop(&connection.receiver)
}

/// What the client said it can do.
#[derive(Clone, Debug)]
struct Client {
    encoding: Encoding,
    /// Asks for diagnostics itself (`textDocument/diagnostic`).
    pull: bool,
    /// Understands `workspace/diagnostic/refresh`.
    refresh: bool,
    /// Lets the server ask to watch files.
    watch: bool,
}

impl From<&ClientCapabilities> for Client {
    fn from(c: &ClientCapabilities) -> Self {
        let offered = c
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let workspace = c.workspace.as_ref();
        Client {
            encoding: Encoding::negotiate(offered),
            pull: c
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        }
    }
}

fn capabilities(client: &Client) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        diagnostic_provider: client.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("breachlint".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// What an open document is to breachlint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A notice, linted.
    Notice(DocFormat),
    /// A TOML file: perhaps a configuration, facts or rule-set file.
    Toml,
}

/// A document open in the editor.
struct Doc {
    path: Option<PathBuf>,
    version: i32,
    text: String,
    kind: Kind,
    /// When to lint it next, if its text or what it depends on changed.
    due: Option<Instant>,
    linted: Option<Linted>,
}

/// The last lint of a notice.
struct Linted {
    /// The result id sent with pulled diagnostics.
    result_id: String,
    report: Option<FileReport>,
    diagnostics: Vec<LspDiagnostic>,
    engine: Option<Arc<Engine>>,
    cx: Option<LintContext>,
    deps: Vec<PathBuf>,
}

struct Server {
    options: Options,
    client: Client,
    sender: crossbeam_channel::Sender<Message>,
    docs: HashMap<Uri, Doc>,
    project: Project,
    /// TOML files whose published diagnostics are not empty, and those diagnostics.
    toml_published: HashMap<PathBuf, Vec<LspDiagnostic>>,
    /// A TOML file changed: check the configuration and facts files again.
    tomls_dirty: bool,
    shutdown: bool,
    next_id: i32,
    /// Counts changes to configuration, so pulled results know they are old.
    generation: u64,
}

/// Whether to stop: with which exit code.
type Flow = Option<i32>;

impl Server {
    fn main_loop(
        &mut self,
        receiver: &crossbeam_channel::Receiver<Message>,
    ) -> Result<i32, String> {
        loop {
            let msg = match self.next_due() {
                Some(deadline) => match receiver.recv_deadline(deadline) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(0),
                },
                None => match receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(0),
                },
            };
            if let Some(m) = msg {
                if let Some(code) = self.handle(m) {
                    return Ok(code);
                }
            }
            // Whatever else has arrived goes first, so that what is linted
            // next is the newest text.
            while let Ok(m) = receiver.try_recv() {
                if let Some(code) = self.handle(m) {
                    return Ok(code);
                }
            }
            self.lint_due();
        }
    }

    fn next_due(&self) -> Option<Instant> {
        let due = self.docs.values().filter_map(|d| d.due).min();
        if self.tomls_dirty {
            return Some(due.map_or_else(Instant::now, |d| d.min(Instant::now())));
        }
        due
    }

    fn send(&self, m: impl Into<Message>) {
        // A closed channel means the client is gone; the main loop sees it next.
        let _ = self.sender.send(m.into());
    }

    fn notify<N: notif::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.into(), params));
    }

    fn request<R: req::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("breachlint-{}", self.next_id));
        self.send(Request::new(id, R::METHOD.into(), params));
    }

    fn log(&self, typ: MessageType, message: String) {
        eprintln!("breachlint server: {message}");
        self.notify::<notif::LogMessage>(LogMessageParams { typ, message });
    }

    fn handle(&mut self, msg: Message) -> Flow {
        match msg {
            Message::Request(r) => {
                if self.shutdown {
                    self.send(Response::new_err(
                        r.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    ));
                } else {
                    self.on_request(r);
                }
                None
            }
            Message::Notification(n) => {
                if n.method == notif::Exit::METHOD {
                    return Some(if self.shutdown { 0 } else { 1 });
                }
                self.on_notification(n);
                None
            }
            // Answers to what the server asked (watching files, refreshing).
            Message::Response(_) => None,
        }
    }

    fn on_request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            req::HoverRequest::METHOD => parse(r).map(|p| to_value(self.hover(p))),
            req::CodeActionRequest::METHOD => parse(r).map(|p| to_value(self.code_actions(p))),
            req::DocumentDiagnosticRequest::METHOD => parse(r).map(|p| to_value(self.pull(p))),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("breachlint does not answer {other}"),
            )),
        };
        self.send(match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        });
    }

    fn on_notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let bad = |e: String| eprintln!("breachlint server: ignoring {method}: {e}");
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => match extract::<notif::DidOpenTextDocument>(n) {
                Ok(p) => self.did_open(p),
                Err(e) => bad(e),
            },
            notif::DidChangeTextDocument::METHOD => {
                match extract::<notif::DidChangeTextDocument>(n) {
                    Ok(p) => self.did_change(p),
                    Err(e) => bad(e),
                }
            }
            notif::DidSaveTextDocument::METHOD => match extract::<notif::DidSaveTextDocument>(n) {
                Ok(p) => self.did_save(p.text_document.uri),
                Err(e) => bad(e),
            },
            notif::DidCloseTextDocument::METHOD => {
                match extract::<notif::DidCloseTextDocument>(n) {
                    Ok(p) => self.did_close(p.text_document.uri),
                    Err(e) => bad(e),
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                match extract::<notif::DidChangeWatchedFiles>(n) {
                    Ok(p) => {
                        for change in p.changes {
                            if let Some(path) = uri_to_path(&change.uri) {
                                self.toml_changed(&path);
                            }
                        }
                    }
                    Err(e) => bad(e),
                }
            }
            _ => {}
        }
    }

    fn did_open(&mut self, p: lsp_types::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let path = uri_to_path(&doc.uri);
        let ext = path
            .as_deref()
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let kind = if doc.language_id == "toml" || ext.as_deref() == Some("toml") {
            Kind::Toml
        } else if doc.language_id == "markdown" {
            Kind::Notice(DocFormat::Markdown)
        } else {
            Kind::Notice(DocFormat::from_path(
                path.as_deref().unwrap_or(Path::new("")),
            ))
        };
        self.docs.insert(
            doc.uri.clone(),
            Doc {
                path: path.clone(),
                version: doc.version,
                text: doc.text,
                kind,
                due: (kind != Kind::Toml).then(Instant::now),
                linted: None,
            },
        );
        if let (Kind::Toml, Some(path)) = (kind, path) {
            self.toml_changed(&path);
        }
    }

    fn did_change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let enc = self.client.encoding;
        let debounce = self.options.debounce;
        let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let span = LineIndex::new(&doc.text, enc).span(range);
                    doc.text.replace_range(span.range(), &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = p.text_document.version;
        match (doc.kind, doc.path.clone()) {
            (Kind::Toml, Some(path)) => self.toml_changed(&path),
            (Kind::Toml, None) => {}
            (Kind::Notice(_), _) => doc.due = Some(Instant::now() + debounce),
        }
    }

    fn did_save(&mut self, uri: Uri) {
        if let Some(doc) = self.docs.get_mut(&uri) {
            if matches!(doc.kind, Kind::Notice(_)) {
                doc.due = Some(Instant::now());
            }
        }
    }

    fn did_close(&mut self, uri: Uri) {
        let Some(doc) = self.docs.remove(&uri) else {
            return;
        };
        match (doc.kind, doc.path) {
            // What is on disk applies again.
            (Kind::Toml, Some(path)) => self.toml_changed(&path),
            (Kind::Toml, None) => {}
            (Kind::Notice(_), _) => {
                if !self.client.pull {
                    self.publish(uri, None, Vec::new());
                }
            }
        }
    }

    /// A TOML file changed, in a buffer or on disk: forget what was loaded
    /// from it and lint again the notices that depend on it.
    fn toml_changed(&mut self, path: &Path) {
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            return;
        }
        let path = std::path::absolute(path).unwrap_or(path.to_path_buf());
        let used = self
            .docs
            .values()
            .filter_map(|d| d.linted.as_ref())
            .any(|l| l.deps.contains(&path));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == crate::facts::FILE_NAME {
            self.project.forget_facts(&path);
        } else if used || crate::config::CONFIG_NAMES.contains(&name) {
            self.project.reset();
        } else if !self.toml_published.contains_key(&path) {
            // Some other TOML file (a Cargo.toml, a rule set nothing uses):
            // nothing breachlint loaded comes from it.
            return;
        }
        self.generation += 1;
        self.tomls_dirty = true;
        let due = Instant::now() + self.options.debounce;
        for doc in self.docs.values_mut() {
            let (Kind::Notice(_), Some(notice)) = (doc.kind, &doc.path) else {
                continue;
            };
            let deps = doc.linted.as_ref().map_or(&[][..], |l| &l.deps[..]);
            if doc.linted.is_none() || project::affects(&path, notice, deps) {
                doc.due = Some(doc.due.map_or(due, |d| d.min(due)));
            }
        }
        if self.client.pull && self.client.refresh {
            self.request::<req::WorkspaceDiagnosticRefresh>(());
        }
    }

    fn register_watchers(&mut self) {
        if !self.client.watch {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "breachlint-toml".into(),
            method: notif::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.request::<req::RegisterCapability>(RegistrationParams {
            registrations: vec![registration],
        });
    }

    /// Lints every notice whose time has come, newest text only.
    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
        if self.tomls_dirty {
            self.tomls_dirty = false;
            self.check_tomls();
        }
    }

    /// Lints the notice at `uri` now and publishes the result (unless the
    /// client pulls diagnostics).
    fn lint(&mut self, uri: &Uri) {
        let generation = self.generation;
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let Kind::Notice(format) = doc.kind else {
            return;
        };
        // Buffers without a file (never saved) are checked as if they were
        // in the current folder.
        let path = doc.path.clone().unwrap_or_else(|| {
            std::env::current_dir()
                .unwrap_or_default()
                .join(untitled_name(uri, format))
        });
        let text = doc.text.clone();
        let version = doc.version;
        let docs = &self.docs;
        let overlay = |p: &Path| -> Option<String> {
            docs.values()
                .find(|d| d.kind == Kind::Toml && d.path.as_deref() == Some(p))
                .map(|d| d.text.clone())
        };
        let project = &mut self.project;
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            #[cfg(test)]
            tests::maybe_panic(&text);
            project.lint(&path, &text, format, &overlay)
        }));
        let result_id = format!("{version}.{generation}");
        let linted = match caught {
            Ok(outcome) => self.linted(uri, outcome, result_id, &text, &path),
            Err(payload) => self.lint_failed(payload.as_ref(), result_id, &path),
        };
        let diagnostics = linted.diagnostics.clone();
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.due = None;
            doc.linted = Some(linted);
        }
        if !self.client.pull {
            self.publish(uri.clone(), Some(version), diagnostics);
        }
    }

    /// What a check of `uri` found, as kept and published; marks the TOML
    /// files for a new look when what the result depends on changed.
    fn linted(
        &mut self,
        uri: &Uri,
        outcome: Outcome,
        result_id: String,
        text: &str,
        path: &Path,
    ) -> Linted {
        let enc = self.client.encoding;
        let Outcome {
            report,
            engine,
            cx,
            deps,
        } = outcome;
        let (report, diagnostics) = match report {
            Ok(r) => {
                let d = convert::report(&r, uri, text, enc);
                (Some(r), d)
            }
            Err(e) => {
                let d = convert::not_checked(&e, path, enc);
                self.tomls_dirty = true;
                (None, vec![d])
            }
        };
        if let Some(old) = self.docs.get(uri).and_then(|d| d.linted.as_ref()) {
            if old.deps != deps {
                self.tomls_dirty = true;
            }
        } else if !deps.is_empty() {
            self.tomls_dirty = true;
        }
        Linted {
            result_id,
            report,
            diagnostics,
            engine,
            cx,
            deps,
        }
    }

    /// The result for a check of `path` that panicked with `payload`: the
    /// cache is dropped and the failure logged and shown on the notice.
    fn lint_failed(
        &mut self,
        payload: &(dyn std::any::Any + Send),
        result_id: String,
        path: &Path,
    ) -> Linted {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        // What was cached may be half-built.
        self.project.reset();
        self.log(
            MessageType::ERROR,
            format!("checking {} failed: {what}", path.display()),
        );
        let d = lsp(
            lsp_types::Range::default(),
            lsp_types::DiagnosticSeverity::ERROR,
            convert::INTERNAL,
            format!(
                "breachlint failed while checking this notice ({what}); this is a bug in breachlint, please report it with the notice's text"
            ),
        );
        Linted {
            result_id,
            report: None,
            diagnostics: vec![d],
            engine: None,
            cx: None,
            deps: Vec::new(),
        }
    }

    fn publish(&self, uri: Uri, version: Option<i32>, diagnostics: Vec<LspDiagnostic>) {
        self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    /// Checks the configuration, facts and rule-set files that open notices
    /// use (and those open in the editor), and shows their errors in them.
    fn check_tomls(&mut self) {
        let mut paths: HashSet<PathBuf> = self.toml_published.keys().cloned().collect();
        let mut rule_sets: HashSet<PathBuf> = HashSet::new();
        for doc in self.docs.values() {
            match (&doc.kind, &doc.path, &doc.linted) {
                (Kind::Toml, Some(p), _) => {
                    paths.insert(p.clone());
                }
                (Kind::Notice(_), _, Some(l)) => {
                    for d in &l.deps {
                        paths.insert(d.clone());
                        if !is_found_by_search(d) {
                            rule_sets.insert(d.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        let mut paths: Vec<PathBuf> = paths.into_iter().collect();
        paths.sort();
        for path in paths {
            let text = self
                .docs
                .values()
                .find(|d| d.kind == Kind::Toml && d.path.as_deref() == Some(&path))
                .map(|d| d.text.clone())
                .or_else(|| std::fs::read_to_string(&path).ok());
            let diagnostics = match text {
                Some(text) => self.check_toml(&path, &text, rule_sets.contains(&path)),
                None => Vec::new(),
            };
            let Some(uri) = path_to_uri(&path) else {
                continue;
            };
            let before = if diagnostics.is_empty() {
                self.toml_published.remove(&path)
            } else {
                self.toml_published
                    .insert(path.clone(), diagnostics.clone())
            };
            if before.unwrap_or_default() != diagnostics {
                self.publish(uri, None, diagnostics);
            }
        }
    }

    fn check_toml(&self, path: &Path, text: &str, rule_set: bool) -> Vec<LspDiagnostic> {
        use lsp_types::DiagnosticSeverity as S;
        let enc = self.client.encoding;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let result: Result<Vec<LspDiagnostic>, crate::error::Error> =
            if crate::config::CONFIG_NAMES.contains(&name) {
                crate::config::Settings::parse(path, text).map(|_| Vec::new())
            } else if name == crate::facts::FILE_NAME {
                crate::facts::parse(path, text)
                    .map(|f| {
                        f.warnings()
                            .iter()
                            .map(|w| convert::spanned(w, S::WARNING, enc))
                            .collect()
                    })
                    .map_err(Into::into)
            } else if rule_set {
                let origin = crate::rules::Origin::File(path.to_path_buf());
                crate::rules::RuleSet::parse_deferred(origin, path, text)
                    .and_then(|mut s| s.validate())
                    .map(|()| Vec::new())
                    .map_err(Into::into)
            } else {
                Ok(Vec::new())
            };
        match result {
            Ok(d) => d,
            Err(crate::error::Error::Spanned(s)) => vec![convert::spanned(&s, S::ERROR, enc)],
            Err(other) => vec![lsp(
                lsp_types::Range::default(),
                S::ERROR,
                "breachlint/config",
                other.to_string(),
            )],
        }
    }

    /// The notice at `uri`, linted now if its text changed since.
    fn fresh(&mut self, uri: &Uri) -> Option<&Doc> {
        let stale = self.docs.get(uri).is_some_and(|d| {
            matches!(d.kind, Kind::Notice(_)) && (d.due.is_some() || d.linted.is_none())
        });
        if stale {
            self.lint(uri);
        }
        self.docs.get(uri)
    }

    fn hover(&mut self, p: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let enc = self.client.encoding;
        let at = p.text_document_position_params;
        let doc = self.fresh(&at.text_document.uri)?;
        let linted = doc.linted.as_ref()?;
        let index = LineIndex::new(&doc.text, enc);
        actions::hover(
            linted.report.as_ref()?,
            linted.engine.as_ref()?,
            &index,
            at.position,
        )
    }

    fn code_actions(&mut self, p: lsp_types::CodeActionParams) -> Vec<lsp_types::CodeAction> {
        let enc = self.client.encoding;
        let uri = p.text_document.uri;
        let Some(doc) = self.fresh(&uri) else {
            return Vec::new();
        };
        let Kind::Notice(format) = doc.kind else {
            return Vec::new();
        };
        let Some(Linted {
            report: Some(report),
            engine: Some(engine),
            cx: Some(cx),
            diagnostics,
            ..
        }) = &doc.linted
        else {
            return Vec::new();
        };
        let notice = actions::Notice {
            uri: &uri,
            text: &doc.text,
            format,
            report,
            engine,
            cx,
        };
        let index = LineIndex::new(&doc.text, enc);
        actions::code_actions(&notice, &index, diagnostics, p.range)
    }

    fn pull(&mut self, p: lsp_types::DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
        let uri = p.text_document.uri;
        let (result_id, items) = match self.fresh(&uri) {
            Some(Doc {
                linted: Some(l), ..
            }) => (Some(l.result_id.clone()), l.diagnostics.clone()),
            _ => (None, Vec::new()),
        };
        let report = if result_id.is_some() && result_id == p.previous_result_id {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: result_id.unwrap_or_default(),
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            })
        };
        DocumentDiagnosticReportResult::Report(report)
    }
}

/// Whether `path` is a configuration or facts file (found by searching
/// upwards), rather than a rule set named by one.
fn is_found_by_search(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    crate::config::CONFIG_NAMES.contains(&name) || name == crate::facts::FILE_NAME
}

/// A file name for a buffer that has none, with the extension of its format.
fn untitled_name(uri: &Uri, format: DocFormat) -> String {
    let stem: String = uri
        .as_str()
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("untitled")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let ext = match format {
        DocFormat::Markdown => "md",
        DocFormat::Text => "txt",
        DocFormat::Html => "html",
        DocFormat::Docx => "docx",
        DocFormat::Pdf => "pdf",
    };
    format!("{}.{ext}", if stem.is_empty() { "untitled" } else { &stem })
}

type ReqError = (ErrorCode, String);

fn parse<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, ReqError> {
    serde_json::from_value(r.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn extract<N: notif::Notification>(n: Notification) -> Result<N::Params, String> {
    serde_json::from_value(n.params).map_err(|e| e.to_string())
}

fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
