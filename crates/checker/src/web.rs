//! The browser glue: wires the checker panel's form to [`crate::input`],
//! sends the one request with gloo-net, and shows [`crate::verdict`] as DOM
//! text. It decides nothing itself. The key is read from the form, put into
//! the `xi-api-key` header of a request to an allowed host, and dropped.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, ClipboardEvent, Document, Element, Event, HtmlButtonElement, HtmlElement,
    HtmlInputElement, HtmlSelectElement, ReferrerPolicy, RequestCache, RequestCredentials,
    RequestMode, RequestRedirect, ResponseType,
};

use crate::diagnosis::{diagnose, request_id, Diagnosis, Failure, HttpAnswer};
use crate::hosts;
use crate::input::{self, CleanInput, Note, NoteLevel};
use crate::report::{self, Grant, Report, ReportRequest, MAX_IN_FLIGHT};
use crate::text::join;
use crate::verdict::{verdict, Answer, CheckContext, Verdict};

/// Milliseconds before a check is aborted.
const TIMEOUT_MS: i32 = 15_000;

/// The panel's elements.
#[derive(Clone)]
struct Panel {
    document: Document,
    root: HtmlElement,
    form: HtmlElement,
    key: HtmlInputElement,
    reveal: HtmlButtonElement,
    agent: HtmlInputElement,
    host: HtmlSelectElement,
    submit: HtmlButtonElement,
    status: Element,
    notes: Element,
    verdict: HtmlElement,
    /// The page's own curl fallback, hidden while a card shows its own.
    fallback: Option<Element>,
    base_path: String,
    /// Bumped by every check; an answer for an older check is dropped.
    generation: Rc<Cell<u32>>,
    /// The last check whose key was accepted, for the permission report.
    /// Held in memory only, and dropped by the next check.
    accepted: Rc<RefCell<Option<Accepted>>>,
}

/// A check whose key the API accepted.
#[derive(Clone)]
struct Accepted {
    origin: String,
    key: String,
    agent_id: String,
    has_permission: Answer,
}

fn element<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("#{id} is missing")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} has the wrong element type")))
}

/// Starts the checker when the page has a panel.
#[wasm_bindgen(start)]
pub(crate) fn start() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    if document.get_element_by_id("checker").is_none() {
        return Ok(());
    }
    let root: HtmlElement = element(&document, "checker")?;
    let panel = Panel {
        base_path: root
            .get_attribute("data-base-path")
            .unwrap_or_else(|| "/".into()),
        form: element(&document, "checker-form")?,
        key: element(&document, "checker-key")?,
        reveal: element(&document, "checker-reveal")?,
        agent: element(&document, "checker-agent")?,
        host: element(&document, "checker-host")?,
        submit: element(&document, "checker-submit")?,
        status: element(&document, "checker-status")?,
        notes: element(&document, "checker-notes")?,
        verdict: element(&document, "checker-verdict")?,
        fallback: document.get_element_by_id("checker-fallback"),
        generation: Rc::new(Cell::new(0)),
        accepted: Rc::new(RefCell::new(None)),
        root,
        document,
    };
    panel.wire()?;
    panel.form.set_hidden(false);
    panel.status.set_text_content(Some(
        "Ready. Paste your key and agent id, then choose Check.",
    ));
    panel.root.set_attribute("data-state", "ready").ok();
    // When the form became usable, in ms since navigation (for benchmarks).
    panel
        .root
        .set_attribute("data-ready-ms", &(now().max(0.0) as u64).to_string())
        .ok();
    Ok(())
}

impl Panel {
    fn wire(&self) -> Result<(), JsValue> {
        let this = self.clone();
        listen(&self.reveal, "click", move |_| this.toggle_reveal())?;

        let this = self.clone();
        listen(&self.key, "paste", move |event| {
            let text = event
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|data| data.get_data("text").ok());
            if let Some(values) = text.as_deref().and_then(input::parse_env) {
                event.prevent_default();
                this.fill_from_env(values);
            }
        })?;

        // Typed or programmatic input that holds `.env` lines (the newlines
        // are gone by then: a single-line field drops them).
        let this = self.clone();
        listen(&self.key, "input", move |_| {
            if let Some(values) = input::parse_env(&this.key.value()) {
                this.fill_from_env(values);
            }
        })?;

        let this = self.clone();
        listen(&self.form, "submit", move |event| {
            event.prevent_default();
            this.check();
        })?;
        Ok(())
    }

    fn toggle_reveal(&self) {
        let showing = self.key.type_() == "text";
        self.key.set_type(if showing { "password" } else { "text" });
        self.reveal
            .set_text_content(Some(if showing { "Show" } else { "Hide" }));
        let _ = self
            .reveal
            .set_attribute("aria-pressed", if showing { "false" } else { "true" });
    }

    fn fill_from_env(&self, values: input::EnvValues) {
        let mut filled = Vec::new();
        if let Some(key) = values.key {
            self.key.set_value(&key);
            filled.push("key");
        }
        if let Some(agent_id) = values.agent_id {
            self.agent.set_value(&agent_id);
            filled.push("agent id");
        }
        self.show_notes(&[Note {
            level: NoteLevel::Fixed,
            text: format!(
                "Filled in the {} from the pasted .env lines.",
                join(&filled, " and ")
            ),
        }]);
    }

    fn check(&self) {
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        self.accepted.replace(None);
        self.verdict.replace_children_with_node_0();
        self.show_fallback(true);

        let cleaned: CleanInput = input::clean(&self.key.value(), &self.agent.value());
        self.show_notes(&cleaned.notes);
        if !cleaned.is_sendable() {
            self.status
                .set_text_content(Some("Nothing was sent: fix the fields marked below first."));
            let _ = self.root.set_attribute("data-state", "blocked");
            return;
        }
        // Show what was cleaned, so the reader sees what is sent.
        self.key.set_value(&cleaned.key);
        self.agent.set_value(&cleaned.agent_id);

        let origin = self.host.value();
        if !hosts::is_allowed(&origin) {
            self.status.set_text_content(Some(
                "That API host is not allowed. Choose one from the list.",
            ));
            let _ = self.root.set_attribute("data-state", "blocked");
            return;
        }
        let host_name = hosts::host_name(&origin).to_owned();
        self.status
            .set_text_content(Some(&format!("Checking with {host_name}…")));
        let _ = self.root.set_attribute("data-state", "checking");
        self.submit.set_disabled(true);
        let _ = self.verdict.set_attribute("aria-busy", "true");

        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let started = now();
            let (diagnosis, request_id) = send(&origin, &cleaned.key, &cleaned.agent_id).await;
            if this.generation.get() != generation {
                return;
            }
            let card = verdict(
                &diagnosis,
                CheckContext {
                    origin: &origin,
                    agent_id: &cleaned.agent_id,
                },
            )
            .with_request_id(request_id);
            if card.key_accepted() {
                this.accepted.replace(Some(Accepted {
                    has_permission: card.has_permission,
                    origin: origin.clone(),
                    key: cleaned.key,
                    agent_id: cleaned.agent_id,
                }));
            }
            this.show_verdict(&card);
            // Whole milliseconds: formatting an f64 would pull float
            // printing into the wasm.
            let elapsed = (now() - started).max(0.0) as u64;
            this.status
                .set_text_content(Some(&format!("Checked with {host_name} in {elapsed} ms.")));
            this.submit.set_disabled(false);
            let _ = this.verdict.remove_attribute("aria-busy");
            let _ = this.root.set_attribute("data-state", "done");
        });
    }

    fn show_notes(&self, notes: &[Note]) {
        self.notes.replace_children_with_node_0();
        for note in notes {
            let level = match note.level {
                NoteLevel::Fixed => "fixed",
                NoteLevel::Warning => "warning",
                NoteLevel::Blocking => "blocking",
            };
            let item = self.add(&self.notes, "li", &note.text);
            let _ = item.set_attribute("data-level", level);
        }
    }

    /// A new `tag` element holding `text`. The DOM helpers do not return
    /// errors: creating a known tag cannot fail, and an error branch at every
    /// call would cost the checker's download budget.
    fn text_element(&self, tag: &str, text: &str) -> Element {
        let element = self.document.create_element(tag).unwrap_throw();
        if !text.is_empty() {
            element.set_text_content(Some(text));
        }
        element
    }

    /// Appends a new `tag` element holding `text` to `parent`.
    fn add(&self, parent: &Element, tag: &str, text: &str) -> Element {
        let element = self.text_element(tag, text);
        let _ = parent.append_child(&element);
        element
    }

    fn show_fallback(&self, shown: bool) {
        if let Some(fallback) = &self.fallback {
            let _ = if shown {
                fallback.remove_attribute("hidden")
            } else {
                fallback.set_attribute("hidden", "")
            };
        }
    }

    fn show_verdict(&self, card: &Verdict) {
        self.render_verdict(card);
        // The card's own curl command replaces the page's: shown once.
        self.show_fallback(card.curl.is_none());
    }

    /// Appends `<tag class=class>` to `parent`.
    fn add_classed(&self, parent: &Element, tag: &str, class: &str) -> Element {
        let element = self.add(parent, tag, "");
        element.set_class_name(class);
        element
    }

    fn render_verdict(&self, card: &Verdict) {
        let root = &self.verdict;
        root.replace_children_with_node_0();
        let tone = card.tone.as_str();
        root.set_attribute("data-tone", tone).ok();
        let label = self.add(root, "p", card.tone.label());
        label.set_class_name("verdict-tone");
        self.add(root, "h3", &card.title);
        self.add(root, "p", &card.explanation);

        let answers = self.add_classed(root, "dl", "verdict-answers");
        for (question, answer) in card.answers() {
            let row = self.add_classed(&answers, "div", "verdict-answer");
            row.set_attribute("data-answer", answer.as_str()).ok();
            self.add(&row, "dt", question);
            self.add(&row, "dd", answer.as_str());
        }

        if let Some(text) = &card.api_text {
            let said = self.add_classed(root, "p", "verdict-api");
            self.add(&said, "span", "The API said: ");
            self.add(&said, "code", text);
        }
        if let Some(id) = &card.request_id {
            let said = self.add_classed(root, "p", "verdict-request-id");
            self.add(
                &said,
                "span",
                "Request id, to quote to ElevenLabs support: ",
            );
            self.add(&said, "code", id);
        }

        let steps = self.add_classed(root, "ol", "verdict-steps");
        for step in &card.steps {
            self.add(&steps, "li", step);
        }

        if let Some(curl) = &card.curl {
            let pre = self.add_classed(root, "pre", "verdict-curl");
            pre.set_attribute("tabindex", "0").ok();
            self.add(&pre, "code", curl);
        }

        let more = self.add(root, "p", "");
        self.add(&more, "span", "Read more: ");
        let link = self.add(&more, "a", card.doc.label);
        link.set_attribute("href", &card.doc.href(&self.base_path))
            .ok();

        if card.key_accepted() {
            self.offer_report(root);
        }
    }

    /// The permission report's button, with what it will do.
    fn offer_report(&self, root: &Element) {
        let count = report::REQUEST_COUNT;
        let section = self.add_classed(root, "div", "report");
        section.set_id("checker-report");
        let button = self.add(&section, "button", "Check what else this key can do");
        button.set_attribute("type", "button").ok();
        button.set_id("checker-report-start");
        button.set_class_name("secondary");
        let host = self
            .accepted
            .borrow()
            .as_ref()
            .map(|a| hosts::host_name(&a.origin).to_owned())
            .unwrap_or_default();
        self.add(
            &section,
            "p",
            &format!("Sends {count} read-only GET requests to {host}, two at a time, with the same key in the same header. Nothing is changed, and write permissions are not tested."),
        )
        .set_class_name("help");
        let this = self.clone();
        let _ = listen(&button, "click", move |_| this.run_report());
    }

    fn run_report(&self) {
        let Some(accepted) = self.accepted.borrow().clone() else {
            return;
        };
        let (Some(section), Some(button)) = (
            self.document.get_element_by_id("checker-report"),
            self.document.get_element_by_id("checker-report-start"),
        ) else {
            return;
        };
        let _ = button.set_attribute("disabled", "");
        let _ = self.root.set_attribute("data-report", "running");
        let report = Rc::new(RefCell::new(Report::new(
            &accepted.agent_id,
            Grant::from(accepted.has_permission),
        )));
        self.render_report(&section, &report.borrow());
        let generation = self.generation.get();
        let requests: Rc<[ReportRequest]> = report::requests(&accepted.agent_id).into();
        let next = Rc::new(Cell::new(0));
        for _ in 0..MAX_IN_FLIGHT {
            let (this, report, requests, next, accepted, section) = (
                self.clone(),
                report.clone(),
                requests.clone(),
                next.clone(),
                accepted.clone(),
                section.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                while let Some(request) = requests.get(next.get()) {
                    next.set(next.get() + 1);
                    let url = format!("{}{}", accepted.origin, request.path);
                    let answer = match fetch(&url, Some(&accepted.key)).await {
                        Fetched::Answer(answer) => Some(answer),
                        _ => None,
                    };
                    if this.generation.get() != generation {
                        return;
                    }
                    report.borrow_mut().record(request.target, answer.as_ref());
                    this.render_report(&section, &report.borrow());
                }
            });
        }
    }

    /// Draws the report anew: its table, then the agent and account lines.
    fn render_report(&self, section: &Element, report: &Report) {
        if let Ok(Some(old)) = section.query_selector(".report-body") {
            old.remove();
        }
        let body = self.add_classed(section, "div", "report-body");
        let table = self.add_classed(&body, "table", "report-table");
        self.add(&table, "caption", "What else this key can do");
        let head = self.add(&self.add(&table, "thead", ""), "tr", "");
        for name in ["Permission", "Result", "Answer"] {
            let _ = self.add(&head, "th", name).set_attribute("scope", "col");
        }
        let rows = self.add(&table, "tbody", "");
        for row in report.rows() {
            let tr = self.add(&rows, "tr", "");
            let _ = self
                .add(&tr, "th", &row.permission)
                .set_attribute("scope", "row");
            let _ = self
                .add(&tr, "td", row.grant.as_str())
                .set_attribute("data-grant", row.grant.as_str());
            self.add(&tr, "td", &row.answer);
        }
        for (line, class) in [
            (&report.agent, "report-agent"),
            (&report.account, "report-account"),
        ] {
            if let Some(line) = line {
                self.add(&body, "p", line).set_class_name(class);
            }
        }
        if report.done() {
            let _ = self.root.set_attribute("data-report", "done");
        }
    }
}

fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The panel lives as long as the page.
    closure.forget();
    Ok(())
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// What one request brought back.
enum Fetched {
    /// An answer, whatever its status.
    Answer(HttpAnswer),
    /// A redirect; it was not followed, so the key went nowhere else.
    Redirect,
    /// No answer.
    Failed(Failure),
}

/// `GET url` with the key (when given) in the `xi-api-key` header only:
/// no credentials, no referrer, no cache, redirects not followed, aborted
/// after [`TIMEOUT_MS`].
async fn fetch(url: &str, key: Option<&str>) -> Fetched {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let timer = controller.clone().and_then(|controller| {
        let abort = Closure::once(move || controller.abort());
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.as_ref().unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()?;
        Some((id, abort))
    });
    let mut request = Request::get(url)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .redirect(RequestRedirect::Manual)
        .abort_signal(signal.as_ref());
    if let Some(key) = key {
        request = request.header("xi-api-key", key);
    }
    let fetched = match request.send().await {
        Err(error) => Fetched::Failed(failure_of(&error, Failure::Blocked)),
        Ok(response) if response.type_() == ResponseType::Opaqueredirect => Fetched::Redirect,
        Ok(response) => {
            let headers = response.headers();
            let status = response.status();
            match response.text().await {
                Ok(body) => Fetched::Answer(HttpAnswer {
                    status,
                    content_type: headers.get("content-type"),
                    retry_after: headers.get("retry-after"),
                    body,
                }),
                Err(error) => Fetched::Failed(failure_of(&error, Failure::BodyUnreadable)),
            }
        }
    };
    if let (Some((id, _abort)), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
    fetched
}

/// Where a redirect of `url` leads, asked again without the key: the browser
/// follows it only when the page's CSP allows the target, and tells the
/// page the final URL only when that host allows it (CORS).
async fn redirect_target(url: &str) -> Option<String> {
    let response = Request::get(url)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .ok()?;
    let landed = response.url();
    let to = hosts::url_host(&landed)?;
    (to != hosts::url_host(url)?).then(|| to.to_owned())
}

/// Sends the check and diagnoses what comes back (or does not), with the
/// answer's request id when it has one.
async fn send(origin: &str, key: &str, agent_id: &str) -> (Diagnosis, Option<String>) {
    let url = hosts::signed_url_endpoint(origin, agent_id);
    match fetch(&url, Some(key)).await {
        Fetched::Answer(answer) => (diagnose(&answer), request_id(&answer.body)),
        Fetched::Redirect => (
            Diagnosis::Redirected {
                to: redirect_target(&url).await,
            },
            None,
        ),
        Fetched::Failed(failure) => (Diagnosis::NoAnswer(failure), None),
    }
}

/// An `AbortError` means our timer fired; anything else is `otherwise`.
fn failure_of(error: &gloo_net::Error, otherwise: Failure) -> Failure {
    match error {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => Failure::Timeout,
        _ => otherwise,
    }
}
