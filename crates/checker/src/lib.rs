//! keydoctor's live checker. It runs in the reader's browser as WebAssembly:
//! the reader pastes an ElevenLabs API key and agent id, the browser calls
//! `get-signed-url`, and the checker says what the answer means.
//!
//! Everything that decides something is plain Rust, tested on the host:
//! [`hosts`] (where a key may go), [`input`] (cleaning what was pasted),
//! [`diagnosis`] (what a response means), [`verdict`] (which verdict, with
//! which fields), [`report`] (what else a key can do), [`secrets`] (what is
//! never shown) and [`slots`] (which parts of the page's templates show).
//! The words are the page's: the widget's template holds every verdict
//! and report line. The browser glue in `web` only moves data between
//! these modules and the page.

pub mod diagnosis;
pub mod hosts;
pub mod input;
pub mod json;
pub mod report;
pub mod secrets;
pub mod slots;
mod text;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
mod web;

/// Talc instead of dlmalloc: the same job in fewer bytes of wasm.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
