//! llm-summarizer: the DynamoDB stream consumer that summarises new and reopened incidents and
//! emails them. `main.rs` builds the clients; the logic is here, so tests/ can reach it.

pub mod context;
pub mod handler;
pub mod model;
