//! The browser glue: wires the checker panel's form to [`crate::input`],
//! sends the one request with gloo-net, and shows the [`crate::verdict`]
//! by filling the widget template's `<template>` elements with its fields
//! as DOM text (see [`crate::slots`] for which parts show). It decides
//! nothing itself and holds no wording of verdicts or the report. The key
//! is read from the form, put into the `xi-api-key` header of requests to
//! the chosen host only, and dropped.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, ClipboardEvent, Document, DocumentFragment, Element, Event, HtmlButtonElement,
    HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTemplateElement, ReferrerPolicy,
    RequestCache, RequestCredentials, RequestMode, RequestRedirect, ResponseType,
};

use crate::diagnosis::{diagnose, request_id, speaker, Diagnosis, Failure, HttpAnswer};
use crate::hosts;
use crate::input::{self, CleanInput, Field, Note, NoteLevel};
use crate::report::{self, Grant, Report, ReportRequest, MAX_IN_FLIGHT};
use crate::text::{concat, decimal, join};
use crate::verdict::{status_after, verdict, CheckContext, Speaker, Verdict, TIMEOUT_SECONDS};

/// Milliseconds before a check is aborted.
const TIMEOUT_MS: i32 = TIMEOUT_SECONDS as i32 * 1000;

/// How many same-origin redirects a check follows.
const MAX_REDIRECTS: usize = 3;

/// The panel's elements, shared (one `Rc`) by every listener and task.
struct Panel {
    document: Document,
    root: HtmlElement,
    form: HtmlElement,
    fields: Element,
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
    /// Bumped by every check; an answer for an older check is dropped.
    generation: Cell<u32>,
    /// The last check whose key got through, for the permission report.
    /// Held in memory only, and dropped by the next check.
    accepted: RefCell<Option<Accepted>>,
}

/// A check whose key got through.
#[derive(Clone)]
struct Accepted {
    origin: String,
    key: String,
    agent_id: String,
    convai_write: Grant,
}

fn element<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(id))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(id))
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
    let panel = Rc::new(Panel {
        root: element(&document, "checker")?,
        form: element(&document, "checker-form")?,
        fields: element(&document, "checker-fields")?,
        key: element(&document, "checker-key")?,
        reveal: element(&document, "checker-reveal")?,
        agent: element(&document, "checker-agent")?,
        host: element(&document, "checker-host")?,
        submit: element(&document, "checker-submit")?,
        status: element(&document, "checker-status")?,
        notes: element(&document, "checker-notes")?,
        verdict: element(&document, "checker-verdict")?,
        fallback: document.get_element_by_id("checker-fallback"),
        generation: Cell::new(0),
        accepted: RefCell::new(None),
        document,
    });
    panel.wire()?;
    let _ = panel.fields.remove_attribute("disabled");
    panel.say(Note::status("status-ready"));
    panel.root.set_attribute("data-state", "ready").ok();
    // When the form became usable, in ms since navigation (for benchmarks).
    panel
        .root
        .set_attribute("data-ready-ms", &decimal(now().max(0.0) as u64))
        .ok();
    Ok(())
}

/// A fresh copy of the `<template>` that `selector` finds.
fn template(document: &Document, selector: &str) -> Option<DocumentFragment> {
    let template: HtmlTemplateElement = document.query_selector(selector).ok()??.dyn_into().ok()?;
    template
        .content()
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into()
        .ok()
}

/// Every element under `root` that `selector` finds.
fn all(root: &DocumentFragment, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// Moves the children of `parts` that carry `slot="NAME"` into the element
/// of `frame` that carries `data-part="NAME"`.
fn place(frame: &DocumentFragment, parts: &DocumentFragment) {
    for place in all(frame, "[data-part]") {
        let name = place.get_attribute("data-part").unwrap_or_default();
        for part in all(parts, &concat(&["[slot=\"", &name, "\"]"])) {
            let _ = place.append_child(&part);
        }
    }
}

/// Keeps the `data-if` elements whose condition holds and fills each
/// `data-slot` element with its field, as text (or drops it when the field
/// is not there).
fn fill<'a>(root: &DocumentFragment, field: &dyn Fn(&str) -> Option<&'a str>) {
    for element in all(root, "[data-if]") {
        let condition = element.get_attribute("data-if").unwrap_or_default();
        if !crate::slots::holds(&condition, field) {
            element.remove();
        }
    }
    for element in all(root, "[data-slot]") {
        let name = element.get_attribute("data-slot").unwrap_or_default();
        match field(&name) {
            Some(text) => element.set_text_content(Some(text)),
            None => element.remove(),
        }
    }
}

impl Panel {
    fn wire(self: &Rc<Self>) -> Result<(), JsValue> {
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
        // are gone by then: a single-line field drops them). Any edit makes
        // a shown verdict out of date.
        let this = self.clone();
        listen(&self.key, "input", move |_| {
            if let Some(values) = input::parse_env(&this.key.value()) {
                this.fill_from_env(values);
            }
            this.mark_stale();
        })?;
        for target in [
            self.agent.unchecked_ref::<Element>(),
            self.host.unchecked_ref(),
        ] {
            let this = self.clone();
            listen(target, "input", move |_| this.mark_stale())?;
        }

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
        let _ = self
            .reveal
            .set_attribute("aria-pressed", if showing { "false" } else { "true" });
    }

    fn fill_from_env(&self, values: input::EnvValues) {
        let mut note = Note::new(NoteLevel::Fixed, Field::Key, "env-filled");
        if let Some(key) = values.key {
            self.key.set_value(&key);
            note = note.with("filled_key", "yes");
        }
        if let Some(agent_id) = values.agent_id {
            self.agent.set_value(&agent_id);
            note = note.with("filled_agent", "yes");
        }
        self.show_notes(&[note]);
    }

    /// `note` in the words of its `<template data-note="ID">`.
    fn note_words(&self, note: &Note) -> Option<DocumentFragment> {
        let words = template(
            &self.document,
            &concat(&["template[data-note=\"", note.id, "\"]"]),
        )?;
        fill(&words, &|name| note.field(name));
        Some(words)
    }

    /// Puts a status line (a `status-…` note, see [`Note::status`]) under
    /// the form.
    fn say(&self, note: Note) {
        if let Some(words) = self.note_words(&note) {
            self.status.replace_children_with_node_1(&words);
        }
    }

    /// A shown verdict no longer matches the fields: say so on the card.
    fn mark_stale(&self) {
        if self.verdict.has_child_nodes() {
            let _ = self.verdict.set_attribute("data-stale", "");
        }
    }

    fn check(self: &Rc<Self>) {
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        self.accepted.replace(None);
        self.verdict.replace_children_with_node_0();
        let _ = self.verdict.remove_attribute("data-stale");
        self.show_fallback(true);

        let cleaned: CleanInput = input::clean(&self.key.value(), &self.agent.value());
        self.show_notes(&cleaned.notes);
        if let Some(field) = cleaned.blocking_field() {
            let mut note = Note::status("status-blocked");
            if cleaned.blocks_both() {
                note = note.with("both", "yes");
            }
            self.say(note);
            let _ = self.root.set_attribute("data-state", "blocked");
            let _ = self.input(field).focus();
            return;
        }
        // Show what was cleaned, so the reader sees what is sent.
        self.key.set_value(&cleaned.key);
        self.agent.set_value(&cleaned.agent_id);

        let origin = self.host.value();
        if !hosts::is_allowed(&origin) {
            self.say(Note::status("status-host-not-allowed"));
            let _ = self.root.set_attribute("data-state", "blocked");
            return;
        }
        let host_name = hosts::host_name(&origin).to_owned();
        self.say(Note::status("status-checking").with("host", host_name.as_str()));
        let _ = self.root.set_attribute("data-state", "checking");
        self.submit.set_disabled(true);
        let _ = self.verdict.set_attribute("aria-busy", "true");

        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let started = now();
            let sent = send(&origin, &cleaned.key, &cleaned.agent_id).await;
            if this.generation.get() != generation {
                return;
            }
            let card = verdict(
                &sent.diagnosis,
                CheckContext {
                    origin: &origin,
                    agent_id: &cleaned.agent_id,
                    speaker: sent.speaker,
                },
            )
            .with_request_id(sent.request_id)
            .with("followed", sent.followed.as_deref().unwrap_or(""));
            if card.offers_report {
                this.accepted.replace(Some(Accepted {
                    convai_write: Grant::from(card.has_permission),
                    origin: origin.clone(),
                    key: cleaned.key,
                    agent_id: cleaned.agent_id,
                }));
            }
            this.show_verdict(&card);
            // Whole milliseconds: formatting an f64 would pull float
            // printing into the wasm.
            let elapsed = (now() - started).max(0.0) as u64;
            let elapsed = decimal(elapsed);
            let elapsed = report::group_thousands(&elapsed).unwrap_or(elapsed);
            this.say(
                Note::status(status_after(&sent.diagnosis))
                    .with("host", host_name)
                    .with("elapsed_ms", elapsed),
            );
            this.submit.set_disabled(false);
            let _ = this.verdict.remove_attribute("aria-busy");
            let _ = this.root.set_attribute("data-state", "done");
            // The reader's eye goes to the verdict: focus announces its
            // headline (the card is labelled by it), and it scrolls into view.
            let _ = this.verdict.focus();
            this.verdict.scroll_into_view();
        });
    }

    fn input(&self, field: Field) -> &HtmlInputElement {
        match field {
            Field::Key => &self.key,
            Field::Agent => &self.agent,
        }
    }

    /// Blocking notes go beside their field, which is marked invalid; the
    /// others (what was cleaned, what looks odd) go in the list below.
    fn show_notes(&self, notes: &[Note]) {
        self.notes.replace_children_with_node_0();
        for (field, id) in [
            (Field::Key, "checker-key-error"),
            (Field::Agent, "checker-agent-error"),
        ] {
            let blocking = notes
                .iter()
                .find(|n| n.field == field && n.level == NoteLevel::Blocking);
            let input = self.input(field);
            let error = self.document.get_element_by_id(id);
            match blocking {
                Some(note) => {
                    let _ = input.set_attribute("aria-invalid", "true");
                    if let (Some(error), Some(words)) = (error, self.note_words(note)) {
                        error.replace_children_with_node_1(&words);
                        let _ = error.remove_attribute("hidden");
                    }
                }
                None => {
                    let _ = input.remove_attribute("aria-invalid");
                    if let Some(error) = error {
                        error.set_text_content(None);
                        let _ = error.set_attribute("hidden", "");
                    }
                }
            }
        }
        for note in notes.iter().filter(|n| n.level != NoteLevel::Blocking) {
            let item = self.document.create_element("li").unwrap_throw();
            if let Some(words) = self.note_words(note) {
                let _ = item.append_child(&words);
            }
            let level = match note.level {
                NoteLevel::Fixed => "fixed",
                _ => "warning",
            };
            let _ = item.set_attribute("data-level", level);
            let _ = self.notes.append_child(&item);
        }
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

    fn show_verdict(self: &Rc<Self>, card: &Verdict) {
        let root = &self.verdict;
        root.replace_children_with_node_0();
        root.set_attribute("data-tone", card.tone.as_str()).ok();
        root.set_attribute("data-verdict", card.id).ok();
        let (Some(frame), Some(body)) = (
            template(&self.document, "#checker-card"),
            template(
                &self.document,
                &concat(&["template[data-verdict=\"", card.id, "\"]"]),
            ),
        ) else {
            return;
        };
        place(&frame, &body);
        let requests = decimal(report::REQUEST_COUNT as u64);
        fill(&frame, &|name| match name {
            "report_requests" => Some(requests.as_str()),
            _ => card.field(name),
        });
        if let Ok(Some(title)) = frame.query_selector("h3") {
            title.set_id("checker-verdict-title");
        }
        let _ = root.append_child(&frame);
        // The card's own curl command replaces the page's: shown once.
        self.show_fallback(card.field("curl").is_none());
        if let Some(button) = self.document.get_element_by_id("checker-report-start") {
            let this = self.clone();
            let _ = listen(&button, "click", move |_| this.run_report());
        }
    }

    fn run_report(self: &Rc<Self>) {
        let Some(accepted) = self.accepted.borrow().clone() else {
            return;
        };
        if let Some(button) = self.document.get_element_by_id("checker-report-start") {
            let _ = button.set_attribute("disabled", "");
        }
        let _ = self.root.set_attribute("data-report", "running");
        let report = Rc::new(RefCell::new(Report::new(accepted.convai_write)));
        self.render_report(&report.borrow(), &accepted.agent_id);
        let generation = self.generation.get();
        let requests: Rc<[ReportRequest]> = report::requests(&accepted.agent_id).into();
        let next = Rc::new(Cell::new(0));
        for _ in 0..MAX_IN_FLIGHT {
            let (this, report, requests, next, accepted) = (
                self.clone(),
                report.clone(),
                requests.clone(),
                next.clone(),
                accepted.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                while let Some(request) = requests.get(next.get()) {
                    next.set(next.get() + 1);
                    let url = concat(&[&accepted.origin, &request.path]);
                    let answer = match fetch(&url, Some(&accepted.key)).await {
                        Fetched::Answer(answer) => Some(answer),
                        _ => None,
                    };
                    if this.generation.get() != generation {
                        return;
                    }
                    report.borrow_mut().record(request.target, answer.as_ref());
                    this.render_report(&report.borrow(), &accepted.agent_id);
                }
            });
        }
    }

    /// Draws the report anew from its templates: the table, the agent and
    /// account lines, the permissions not tested.
    fn render_report(&self, report: &Report, agent_id: &str) {
        let (Some(section), Some(table)) = (
            self.document.get_element_by_id("checker-report-body"),
            template(&self.document, "#checker-report-table"),
        ) else {
            return;
        };
        // The table's own fields first: a row's are filled in its own copy.
        let [(_, writes), (_, others)] = report::not_tested();
        let (writes_count, others_count) =
            (decimal(writes.len() as u64), decimal(others.len() as u64));
        let (writes, others) = (join(&writes, ", "), join(&others, ", "));
        let account = &report.account;
        let agent = report.agent.as_ref();
        fill(&table, &|name| match name {
            "agent" => Some(agent_id),
            "agent_lookup" => agent.map(|(lookup, _)| lookup.as_str()),
            "agent_answer" => agent
                .map(|(_, answer)| answer.as_str())
                .filter(|a| !a.is_empty()),
            "tier" => account.tier.as_deref(),
            "plan_status" => account.status.as_deref(),
            "characters_used" => account.characters_used.as_deref(),
            "character_limit" => account.character_limit.as_deref(),
            "writes" => Some(writes.as_str()),
            "writes_count" => Some(writes_count.as_str()),
            "others" => Some(others.as_str()),
            "others_count" => Some(others_count.as_str()),
            _ => None,
        });
        let rows = table.query_selector("[data-part=rows]").ok().flatten();
        for (i, row) in report.rows().iter().enumerate() {
            let Some(line) = template(&self.document, "#checker-report-row") else {
                return;
            };
            let result = &row.result;
            fill(&line, &|name| match name {
                "permission" => Some(row.permission),
                "grant" => Some(result.grant.as_str()),
                "answer" => Some(result.answer.as_str()).filter(|a| !a.is_empty()),
                "why" => result.granted_by.map(|by| by.as_str()),
                "from_check" => (i == 0).then_some("yes"),
                _ => None,
            });
            if let Some(rows) = &rows {
                let _ = rows.append_child(&line);
            }
        }
        section.replace_children_with_node_1(&table);
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

/// Where a redirect of `url` lands, asked again without the key: the
/// browser follows it only when the page's CSP allows the target, and
/// tells the page the final URL only when that host allows it (CORS).
async fn redirect_target(url: &str) -> Option<String> {
    let response = Request::get(url)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .ok()?;
    Some(response.url()).filter(|landed| !landed.is_empty() && landed != url)
}

/// What a check brought back.
struct Sent {
    diagnosis: Diagnosis,
    request_id: Option<String>,
    speaker: Speaker,
    /// The same-origin path a redirect led to, when one was followed.
    followed: Option<String>,
}

/// Sends the check and diagnoses what comes back (or does not). A redirect
/// to the same origin is followed with the key (it stays on the chosen
/// host), up to [`MAX_REDIRECTS`] times; one anywhere else never is.
async fn send(origin: &str, key: &str, agent_id: &str) -> Sent {
    let mut url = hosts::signed_url_endpoint(origin, agent_id);
    let mut followed = None;
    let mut diagnosis = Diagnosis::Redirected { to: None };
    for _ in 0..=MAX_REDIRECTS {
        match fetch(&url, Some(key)).await {
            Fetched::Answer(answer) => {
                return Sent {
                    diagnosis: diagnose(&answer),
                    request_id: request_id(&answer.body),
                    speaker: speaker(&answer),
                    followed,
                }
            }
            Fetched::Failed(failure) => {
                diagnosis = Diagnosis::NoAnswer(failure);
                break;
            }
            Fetched::Redirect => {
                let landed = redirect_target(&url).await;
                match landed
                    .as_deref()
                    .and_then(|l| hosts::same_origin_path(origin, l))
                {
                    Some(path) => {
                        followed = Some(path.to_owned());
                        url = landed.unwrap_or_default();
                    }
                    None => {
                        let to = landed.as_deref().and_then(hosts::url_host);
                        diagnosis = Diagnosis::Redirected {
                            to: to.map(str::to_owned),
                        };
                        break;
                    }
                }
            }
        }
    }
    Sent {
        diagnosis,
        request_id: None,
        speaker: Speaker::Unknown,
        followed: None,
    }
}

/// An `AbortError` means our timer fired; anything else is `otherwise`.
fn failure_of(error: &gloo_net::Error, otherwise: Failure) -> Failure {
    match error {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => Failure::Timeout,
        _ => otherwise,
    }
}
