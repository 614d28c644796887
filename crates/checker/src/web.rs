//! The browser glue: wires the checker panel's form to [`crate::input`],
//! sends the one request with gloo-net, and shows [`crate::verdict`] as DOM
//! text. It decides nothing itself. The key is read from the form, put into
//! the `xi-api-key` header of a request to an allowed host, and dropped.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, ClipboardEvent, Document, Element, Event, HtmlButtonElement, HtmlElement,
    HtmlInputElement, HtmlSelectElement, ReferrerPolicy, RequestCache, RequestCredentials,
    RequestMode,
};

use crate::diagnosis::{diagnose, Diagnosis, Failure, HttpAnswer};
use crate::hosts;
use crate::input::{self, CleanInput, Note, NoteLevel};
use crate::text::join;
use crate::verdict::{verdict, CheckContext, Verdict};

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
    base_path: String,
    /// Bumped by every check; an answer for an older check is dropped.
    generation: Rc<Cell<u32>>,
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
        generation: Rc::new(Cell::new(0)),
        root,
        document,
    };
    panel.wire()?;
    panel.form.set_hidden(false);
    panel.status.set_text_content(Some(
        "Ready. Paste your key and agent id, then choose Check.",
    ));
    panel.root.set_attribute("data-state", "ready")?;
    // When the form became usable, in ms since navigation (for benchmarks).
    panel
        .root
        .set_attribute("data-ready-ms", &(now().max(0.0) as u64).to_string())?;
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
        self.verdict.replace_children_with_node_0();

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
            let diagnosis = send(&origin, &cleaned.key, &cleaned.agent_id).await;
            if this.generation.get() != generation {
                return;
            }
            let card = verdict(
                &diagnosis,
                CheckContext {
                    origin: &origin,
                    agent_id: &cleaned.agent_id,
                },
            );
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
            if let Ok(item) = self.text_element("li", &note.text) {
                let _ = item.set_attribute("data-level", level);
                let _ = self.notes.append_child(&item);
            }
        }
    }

    fn text_element(&self, tag: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.document.create_element(tag)?;
        element.set_text_content(Some(text));
        Ok(element)
    }

    /// Appends a new `tag` element holding `text` to `parent`.
    fn add(&self, parent: &Element, tag: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.text_element(tag, text)?;
        parent.append_child(&element)?;
        Ok(element)
    }

    fn show_verdict(&self, card: &Verdict) {
        let _ = self.render_verdict(card);
    }

    fn render_verdict(&self, card: &Verdict) -> Result<(), JsValue> {
        let root = &self.verdict;
        root.replace_children_with_node_0();
        root.set_attribute("data-tone", card.tone.as_str())?;
        self.add(root, "h3", &card.title)?;
        self.add(root, "p", &card.explanation)?;

        let answers = self.document.create_element("dl")?;
        answers.set_class_name("verdict-answers");
        for (question, answer) in [
            ("Key valid", card.key_valid),
            ("convai_write", card.has_permission),
            ("Agent id right", card.agent_ok),
        ] {
            let row = self.document.create_element("div")?;
            self.add(&row, "dt", question)?;
            let value = self.add(&row, "dd", answer.as_str())?;
            value.set_attribute("data-answer", answer.as_str())?;
            answers.append_child(&row)?;
        }
        root.append_child(&answers)?;

        if let Some(text) = &card.api_text {
            let said = self.document.create_element("p")?;
            said.set_class_name("verdict-api");
            self.add(&said, "span", "The API said: ")?;
            self.add(&said, "code", text)?;
            root.append_child(&said)?;
        }

        let steps = self.document.create_element("ol")?;
        steps.set_class_name("verdict-steps");
        for step in &card.steps {
            self.add(&steps, "li", step)?;
        }
        root.append_child(&steps)?;

        if let Some(curl) = &card.curl {
            let pre = self.document.create_element("pre")?;
            pre.set_class_name("verdict-curl");
            pre.set_attribute("tabindex", "0")?;
            self.add(&pre, "code", curl)?;
            root.append_child(&pre)?;
        }

        let more = self.document.create_element("p")?;
        self.add(&more, "span", "Read more: ")?;
        let link = self.add(&more, "a", card.doc.label)?;
        link.set_attribute("href", &card.doc.href(&self.base_path))?;
        root.append_child(&more)?;
        Ok(())
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

/// Sends the check and diagnoses what comes back (or does not).
async fn send(origin: &str, key: &str, agent_id: &str) -> Diagnosis {
    let url = hosts::signed_url_endpoint(origin, agent_id);
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
    let request = Request::get(&url)
        .header("xi-api-key", key)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .abort_signal(signal.as_ref());
    let diagnosis = match request.send().await {
        Err(error) => Diagnosis::NoAnswer(failure_of(&error, Failure::Blocked)),
        Ok(response) => {
            let headers = response.headers();
            let status = response.status();
            match response.text().await {
                Ok(body) => diagnose(&HttpAnswer {
                    status,
                    content_type: headers.get("content-type"),
                    retry_after: headers.get("retry-after"),
                    body,
                }),
                Err(error) => Diagnosis::NoAnswer(failure_of(&error, Failure::BodyUnreadable)),
            }
        }
    };
    if let (Some((id, _abort)), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
    diagnosis
}

/// An `AbortError` means our timer fired; anything else is `otherwise`.
fn failure_of(error: &gloo_net::Error, otherwise: Failure) -> Failure {
    match error {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => Failure::Timeout,
        _ => otherwise,
    }
}
