//! The one template engine: how a log message is split into tokens and which tokens are
//! variables. Both `logtriage patterns` ([`crate::patterns`]) and the incident fingerprint
//! ([`crate::fingerprint`]) are built on [`tokenize`], so a fix to variable detection reaches both.
//!
//! A message is split on whitespace, and `= , : ; ( ) [ ] { } " ' `` ` become tokens of their own.
//! A token is a variable (`<*>`) by its **shape**:
//!
//! - it contains a digit (numbers, ids, IPs, hex, UUIDs, durations, timestamps), unless it has
//!   the shape of a cause (below);
//! - it is a path or object key (`/var/data/x`, `a/b/c`, `C:\dir\file`; but not the file of a
//!   code location `/var/task/index.js:7`, which says where it failed), the path and query of
//!   a URL (`s3://bucket/<*>`, `https://host/<*>`), or the region, account and resource name of an
//!   ARN (`arn:aws:dynamodb:<*>:<*>:table/<*>`: service and resource type are kept);
//! - it is an e-mail address, or a host name with a common top-level domain;
//! - it is the value of a `key=value` or `key: value` field, or a single quoted word
//!   (`'…'`, `"…"`, `` `…` ``) that is not a JSON key nor an exception type, PascalCase code or
//!   IAM action (quoted, an all-caps word is a value: `'SPRINGSALE'`);
//! - it is a run of letters that does not look like a word or identifier written by a person
//!   ([`looks_random`]: case alternating every letter or two, or too few vowels or too long
//!   a consonant run for any natural-language word), such as `req_xkqzbwtmpa` or `AbCdEfGhIjKl`;
//! - it is an English day or month name, or `AM`/`PM`, next to another part of a date (a
//!   published vocabulary: the names in a date written out);
//! - it is longer than [`MAX_WORD_LEN`], a unit right after a number (`1.5 KB`), a bracket group
//!   holding a variable (`(1.16 KB)`), or a delimiter glued between two variables (`10:42:07`).
//!
//! Tokens that name a **cause** are never masked, even with digits ([`is_cause_bearing`]): an
//! IAM action (`s3:GetObject`), an exception or error type (`S3Exception`, `ValueError`), an AWS
//! error code or operation in PascalCase (`AccessDeniedException`, `ConditionalCheckFailed`), an
//! errno-style constant (`ECONNREFUSED`, `ERR_HTTP2_STREAM_ERROR`), and an ARN's service and
//! resource type. Their shapes come from published conventions: the IAM action format
//! `service:Action`, the languages' exception naming (`…Error`, `…Exception`, `…Fault`), the AWS
//! SDKs' PascalCase error codes and POSIX / Node.js upper-case error constants.
//!
//! Variables by **behaviour** (a slot that takes many values) are found by the pattern miner
//! over a stream, and across stored incidents by [`align`].

/// The mask that stands for one variable run in a template.
pub const MASK: &str = "<*>";
/// Most tokens of one message that are looked at; the rest of the message becomes one `<*>`.
pub const MAX_TOKENS: usize = 256;
/// Words longer than this are payloads (base64, dumps) and always variables; bounds the memory
/// one template constant can take.
pub const MAX_WORD_LEN: usize = 128;
/// Bracket and quote groups longer than this many tokens are not looked into.
const MAX_GROUP_TOKENS: usize = 24;

/// One token of a message, as a byte range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    pub space_before: bool,
    pub delim: bool,
    pub var: bool,
    /// Part of a structure whose shape was recognised (an ARN's `arn`, service and resource
    /// type and its colons; a URL scheme): never a variable, never absorbed into one.
    pub fixed: bool,
}

mod align;
mod shapes;
#[cfg(test)]
mod tests;
mod tokenize;

pub use align::align;
pub use shapes::{is_cause_bearing, looks_random};
pub(crate) use tokenize::tokenize;

/// Renders tokens as a template: constants as written, each run of glued variables as one
/// [`MASK`], one space wherever the message had whitespace. Token boundaries fall on ASCII
/// bytes, so slicing `msg` at them keeps it valid UTF-8.
pub(crate) fn render(msg: &str, tokens: &[Token], out: &mut String) {
    let mut last_var = false;
    for t in tokens {
        if t.var && last_var && !t.space_before {
            continue;
        }
        if t.space_before && !out.is_empty() {
            out.push(' ');
        }
        if t.var {
            out.push_str(MASK);
        } else {
            out.push_str(msg.get(t.start as usize..t.end as usize).unwrap_or(""));
        }
        last_var = t.var;
    }
}

thread_local! {
    /// Token buffer reused by [`mask`], which runs once per failure line on the hot path.
    static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The template of one message by shape alone: variables masked as [`MASK`].
pub fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    TOKENS.with(|tokens| {
        let mut tokens = tokens.borrow_mut();
        tokenize(text.as_bytes(), &mut tokens);
        render(text, &tokens, &mut out);
    });
    out
}
