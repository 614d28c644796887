//! Browser glue (wasm32 only).
