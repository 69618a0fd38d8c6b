//! Nothing here: the infrastructure checks are this package's integration tests
//! (`tests/template_patterns.rs`, `tests/template_resources.rs`,
//! `tests/template_language_extensions.rs`), kept out of the crates whose code they do not
//! test. `cargo test -p infra-tests` runs them; `make test` runs them with the rest of the
//! workspace.
