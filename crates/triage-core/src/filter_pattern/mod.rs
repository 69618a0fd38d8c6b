//! Offline evaluator of the Amazon CloudWatch Logs filter-pattern syntax (metric filters and
//! subscription filters), so the patterns in our templates can be tested without AWS.
//!
//! Supported forms, following the CloudWatch Logs documentation:
//!
//! * match all: an empty or blank pattern, or `" "`;
//! * terms: whitespace-separated bare words (`[A-Za-z0-9_]+`) or double-quoted phrases, with
//!   `?` (any of) and `-` (exclusion) prefixes; case-sensitive substring matching. An event
//!   matches when every plain term is in it and no `-` term is. `?` terms count only when the
//!   pattern has nothing else: "If you combine "?" with other filter patterns, all question
//!   mark terms will be ignored" (Filter pattern syntax, "Match optional terms"), so
//!   `?ERROR ?ARGUMENTS REQUEST` is `REQUEST` and `?A ?B -C` is `-C`;
//! * a standalone regex `%...%`, unanchored search, restricted to the characters CloudWatch
//!   accepts (no groups);
//! * JSON patterns `{ $.a.b[0] = "x*" && ($.n >= 10 || $.c IS NULL) }`, with wildcard
//!   selectors (`$.arr[*]`, `$.*`: the test holds for any selected value; at most one per
//!   selector and three per pattern) and bracket keys for names with a period
//!   (`$.['cluster.name']`); numbers may carry a sign (`+1000`) and `*` matches numbers too
//!   (`{ $.latency = * }`);
//! * space-delimited patterns `[ip, user, ..., status_code = 4*, bytes]`; the last field takes
//!   the rest of the line (`[w1=ERROR, w2]` matches every event whose first word is `ERROR`).
//!
//! Parsing is strict: anything CloudWatch would reject (an unquoted `.`, an unbalanced brace,
//! a regex group, more than [`MAX_REGEX_PER_PATTERN`] regex terms, ...) is an error rather than
//! a best guess. Matching never panics, whatever the event text.
//!
//! Layout: `terms.rs` (term patterns), `lexer.rs` and `parser.rs` (shared by the JSON and
//! space-delimited forms), `json.rs`, `space.rs`, and `values.rs` (regexes, numbers,
//! wildcards and the `OP VALUE` condition every form compares with).

mod json;
mod lexer;
mod parser;
mod space;
mod terms;
#[cfg(test)]
mod tests;
mod values;

use json::JsonExpr;
use lexer::{syntax_err, Mode};
use parser::Parser;
use regex::Regex;
use serde_json::Value;
pub use space::FieldMatch;
use space::{explain_fields, match_fields, split_event, Field};
use terms::{parse_terms, Terms};
use values::standalone_regex;

/// CloudWatch's `filterPattern` length limit, in characters.
pub const MAX_PATTERN_LEN: usize = 1024;
/// Most regex terms allowed in one JSON or space-delimited pattern.
pub const MAX_REGEX_PER_PATTERN: usize = 2;
/// Most wildcard selectors (`[*]`, `.*`) in one JSON property selector, and in one pattern
/// ("You can only use up to one wildcard selector in a property selector, and up to three
/// wildcard selectors in a filter pattern with compound expressions").
pub const MAX_WILDCARDS_PER_SELECTOR: usize = 1;
pub const MAX_WILDCARDS_PER_PATTERN: usize = 3;

/// Deepest parenthesis nesting accepted in a JSON pattern (bounds parser and evaluator stack).
const MAX_NESTING: usize = 32;

/// Why a filter pattern was rejected. Offsets are byte offsets into the pattern as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterPatternError {
    #[error(
        "filter pattern is {len} characters long; CloudWatch allows at most {MAX_PATTERN_LEN}"
    )]
    TooLong { len: usize },
    #[error("unterminated double quote starting at offset {at}")]
    UnterminatedQuote { at: usize },
    #[error(
        "term `{term}` contains characters other than letters, digits and `_`; \
         CloudWatch requires it in double quotes"
    )]
    UnquotedSpecialCharacter { term: String },
    #[error("`{prefix}` at offset {at} is not followed by a term")]
    EmptyTerm { prefix: char, at: usize },
    #[error("unexpected `{text}` at offset {at}: {reason}")]
    UnexpectedText {
        at: usize,
        text: String,
        reason: String,
    },
    #[error("invalid JSON filter pattern: {reason}")]
    InvalidJson { reason: String },
    #[error("invalid space-delimited filter pattern: {reason}")]
    InvalidSpaceDelimited { reason: String },
    #[error("invalid regex `%{regex}%`: {reason}")]
    InvalidRegex { regex: String, reason: String },
    #[error(
        "regex `%{regex}%` contains `{ch}` at offset {at}, which CloudWatch filter-pattern regex \
         does not support (allowed: ASCII letters, digits, space, `_#=@/;,-:` and `^$?[]{{}}|\\*+.`; \
         no groups)"
    )]
    UnsupportedRegexCharacter { regex: String, ch: char, at: usize },
    #[error(
        "pattern contains {count} regex terms; CloudWatch allows at most {MAX_REGEX_PER_PATTERN} \
         in one pattern"
    )]
    TooManyRegex { count: usize },
    #[error(
        "pattern contains {count} wildcard selectors; CloudWatch allows at most \
         {MAX_WILDCARDS_PER_SELECTOR} per property selector and {MAX_WILDCARDS_PER_PATTERN} \
         per pattern"
    )]
    TooManyWildcards { count: usize },
}

type Result<T> = std::result::Result<T, FilterPatternError>;

/// Which of the filter-pattern forms a pattern uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    MatchAll,
    Terms,
    Regex,
    Json,
    SpaceDelimited,
}

/// A parsed, validated CloudWatch Logs filter pattern.
#[derive(Debug, Clone)]
pub struct FilterPattern {
    matcher: Matcher,
    regex_count: usize,
}

#[derive(Debug, Clone)]
enum Matcher {
    All,
    Terms(Terms),
    Regex(Regex),
    Json(JsonExpr),
    Space(Vec<Field>),
}

impl FilterPattern {
    /// Parses and validates `pattern` as CloudWatch would.
    pub fn parse(pattern: &str) -> Result<Self> {
        let len = pattern.chars().count();
        if len > MAX_PATTERN_LEN {
            return Err(FilterPatternError::TooLong { len });
        }
        let start = pattern.len() - pattern.trim_start().len();
        let end = pattern.trim_end().len();
        if start >= end {
            return Ok(Self {
                matcher: Matcher::All,
                regex_count: 0,
            });
        }
        let first = pattern.as_bytes()[start];
        let last = pattern.as_bytes()[end - 1];
        let (matcher, regex_count) = match first {
            b'{' => {
                if last != b'}' || end - start < 2 {
                    return Err(syntax_err(Mode::Json, end, "missing closing `}`"));
                }
                let mut parser = Parser::new(pattern, start + 1, end - 1, Mode::Json)?;
                let expr = parser.json_pattern()?;
                let wildcards = expr.wildcard_count();
                if wildcards > MAX_WILDCARDS_PER_PATTERN {
                    return Err(FilterPatternError::TooManyWildcards { count: wildcards });
                }
                (Matcher::Json(expr), parser.regex_count)
            }
            b'[' => {
                if last != b']' || end - start < 2 {
                    return Err(syntax_err(Mode::Space, end, "missing closing `]`"));
                }
                let mut parser = Parser::new(pattern, start + 1, end - 1, Mode::Space)?;
                let fields = parser.space_pattern()?;
                (Matcher::Space(fields), parser.regex_count)
            }
            b'%' => (Matcher::Regex(standalone_regex(pattern, start, end)?), 1),
            _ => {
                let terms = parse_terms(pattern, start, end)?;
                if terms.is_match_all() {
                    (Matcher::All, 0)
                } else {
                    (Matcher::Terms(terms), 0)
                }
            }
        };
        if regex_count > MAX_REGEX_PER_PATTERN {
            return Err(FilterPatternError::TooManyRegex { count: regex_count });
        }
        Ok(Self {
            matcher,
            regex_count,
        })
    }

    /// Whether one log event's message matches the pattern.
    pub fn matches(&self, event: &str) -> bool {
        match &self.matcher {
            Matcher::All => true,
            Matcher::Terms(terms) => terms.matches(event),
            Matcher::Regex(re) => re.is_match(event),
            Matcher::Json(expr) => match serde_json::from_str::<Value>(event) {
                Ok(root) if root.is_object() || root.is_array() => expr.eval(&root),
                _ => false,
            },
            Matcher::Space(fields) => match_fields(fields, event, &split_event(event)).is_some(),
        }
    }

    /// Why `event` matches: the terms found, the regex's match, the JSON checks that held or
    /// the field each space-delimited field took; `None` when it does not match.
    pub fn explain(&self, event: &str) -> Option<Vec<String>> {
        if !self.matches(event) {
            return None;
        }
        Some(match &self.matcher {
            Matcher::All => vec!["every event matches this pattern".into()],
            Matcher::Terms(terms) => terms.explain(event),
            Matcher::Regex(re) => re
                .find(event)
                .map(|m| format!("regex matched {:?} at byte {}", m.as_str(), m.start()))
                .into_iter()
                .collect(),
            Matcher::Json(expr) => match serde_json::from_str::<Value>(event) {
                Ok(root) => {
                    let mut out = Vec::new();
                    expr.explain(&root, &mut out);
                    out
                }
                Err(_) => Vec::new(),
            },
            Matcher::Space(fields) => explain_fields(fields, event)?,
        })
    }

    pub fn kind(&self) -> PatternKind {
        match self.matcher {
            Matcher::All => PatternKind::MatchAll,
            Matcher::Terms(_) => PatternKind::Terms,
            Matcher::Regex(_) => PatternKind::Regex,
            Matcher::Json(_) => PatternKind::Json,
            Matcher::Space(_) => PatternKind::SpaceDelimited,
        }
    }

    /// Number of `%regex%` terms in the pattern.
    pub fn regex_count(&self) -> usize {
        self.regex_count
    }
}
