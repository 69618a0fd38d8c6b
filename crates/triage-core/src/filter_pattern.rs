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

use regex::{Regex, RegexBuilder};
use serde_json::Value;
use std::fmt;

/// CloudWatch's `filterPattern` length limit, in characters.
pub const MAX_PATTERN_LEN: usize = 1024;
/// Most regex terms allowed in one JSON or space-delimited pattern.
pub const MAX_REGEX_PER_PATTERN: usize = 2;
/// Most wildcard selectors (`[*]`, `.*`) in one JSON property selector, and in one pattern
/// ("You can only use up to one wildcard selector in a property selector, and up to three
/// wildcard selectors in a filter pattern with compound expressions").
pub const MAX_WILDCARDS_PER_SELECTOR: usize = 1;
pub const MAX_WILDCARDS_PER_PATTERN: usize = 3;

/// Compiled-program and lazy-DFA cache limit of one regex, so a hostile pattern cannot use
/// much memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Deepest parenthesis nesting accepted in a JSON pattern (bounds parser and evaluator stack).
const MAX_NESTING: usize = 32;
/// Characters a CloudWatch filter-pattern regex may contain besides ASCII letters and digits.
const REGEX_ALLOWED_SYMBOLS: &str = "_#=@/;,-: ^$?[]{}|\\*+.";

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
            Matcher::Space(fields) => {
                let tokens = split_event(event);
                let starts = match_fields(fields, event, &tokens)?;
                fields
                    .iter()
                    .enumerate()
                    .map(|(f, field)| {
                        let from = starts[f];
                        let value = if f + 1 == fields.len() {
                            if from < tokens.len() && !matches!(field, Field::Ellipsis) {
                                rest_of_line(event, &tokens, from).to_string()
                            } else {
                                tokens[from..]
                                    .iter()
                                    .map(|t| t.value)
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            }
                        } else {
                            let to = starts[f + 1];
                            tokens[from..to]
                                .iter()
                                .map(|t| t.value)
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        format!("{} = {value:?}", field.name())
                    })
                    .collect()
            }
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

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Reads the double-quoted string whose opening quote is at `at`; returns its unescaped text
/// and the offset just past the closing quote. `\"` and `\\` are escapes; any other backslash
/// is kept literally.
fn read_quoted(src: &str, at: usize, end: usize) -> Result<(String, usize)> {
    let mut out = String::new();
    let mut chars = src[at + 1..end].char_indices();
    while let Some((off, ch)) = chars.next() {
        match ch {
            '"' => return Ok((out, at + 1 + off + 1)),
            '\\' => match chars.next() {
                Some((_, c @ ('"' | '\\'))) => out.push(c),
                Some((_, c)) => {
                    out.push('\\');
                    out.push(c);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    Err(FilterPatternError::UnterminatedQuote { at })
}

/// Validates a regex body against CloudWatch's character set and compiles it. `at` is the
/// offset of the body in the pattern.
fn compile_regex(body: &str, at: usize) -> Result<Regex> {
    if body.is_empty() {
        return Err(FilterPatternError::InvalidRegex {
            regex: String::new(),
            reason: "empty regex".into(),
        });
    }
    if let Some((off, ch)) = body
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || REGEX_ALLOWED_SYMBOLS.contains(c)))
    {
        return Err(FilterPatternError::UnsupportedRegexCharacter {
            regex: body.to_string(),
            ch,
            at: at + off,
        });
    }
    RegexBuilder::new(body)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| FilterPatternError::InvalidRegex {
            regex: body.to_string(),
            reason: e.to_string().replace('\n', " "),
        })
}

fn standalone_regex(src: &str, start: usize, end: usize) -> Result<Regex> {
    let Some(close) = src[start + 1..end].find('%').map(|i| start + 1 + i) else {
        return Err(FilterPatternError::InvalidRegex {
            regex: src[start + 1..end].to_string(),
            reason: format!("missing closing `%` for the regex opened at offset {start}"),
        });
    };
    if close + 1 != end {
        let rest = &src[close + 1..end];
        return Err(FilterPatternError::UnexpectedText {
            at: end - rest.trim_start().len(),
            text: rest.trim().to_string(),
            reason: "a regex pattern `%...%` cannot be combined with other terms".into(),
        });
    }
    compile_regex(&src[start + 1..close], start + 1)
}

/// Strict number syntax: `[+-]?digits(.digits)?([eE][+-]?digits)?`, finite ("integers that
/// contain plus ("+") or minus ("-") symbols and follow scientific notation").
fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > from
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.trim_start_matches('+')
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Full-string match where `*` in `pattern` matches any run of characters (possibly empty).
fn wildcard_match(pattern: &str, text: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == text;
    }
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Terms {
    required: Vec<String>,
    any: Vec<String>,
    excluded: Vec<String>,
}

impl Terms {
    fn is_match_all(&self) -> bool {
        self.any.is_empty()
            && self.excluded.is_empty()
            && self.required.len() == 1
            && self.required[0].trim().is_empty()
    }

    /// `?` terms take part only in a pattern of `?` terms alone: combined with plain or `-`
    /// terms they are ignored (see the module documentation).
    fn optional_terms_count(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }

    fn explain(&self, event: &str) -> Vec<String> {
        let at = |t: &String| format!("{t:?} at byte {}", event.find(t.as_str()).unwrap_or(0));
        let mut out: Vec<String> = self
            .required
            .iter()
            .map(|t| format!("term {}", at(t)))
            .collect();
        if self.optional_terms_count() {
            out.extend(
                self.any
                    .iter()
                    .filter(|t| event.contains(t.as_str()))
                    .map(|t| format!("?term {}", at(t))),
            );
        }
        out.extend(self.excluded.iter().map(|t| format!("no {t:?} (excluded)")));
        out
    }

    fn matches(&self, event: &str) -> bool {
        self.required.iter().all(|t| event.contains(t.as_str()))
            && !self.excluded.iter().any(|t| event.contains(t.as_str()))
            && (!self.optional_terms_count()
                || self.any.is_empty()
                || self.any.iter().any(|t| event.contains(t.as_str())))
    }
}

fn parse_terms(src: &str, start: usize, end: usize) -> Result<Terms> {
    let mut terms = Terms::default();
    let next_char = |i: usize| src[i..end].chars().next();
    let mut i = start;
    loop {
        while let Some(c) = next_char(i).filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        let Some(c) = next_char(i) else {
            return Ok(terms);
        };
        let prefix = matches!(c, '?' | '-').then_some(c);
        if let Some(p) = prefix {
            if next_char(i + 1).is_none_or(char::is_whitespace) {
                return Err(FilterPatternError::EmptyTerm { prefix: p, at: i });
            }
            i += 1;
        }
        let term = if next_char(i) == Some('"') {
            let (text, after) = read_quoted(src, i, end)?;
            if let Some(c) = next_char(after).filter(|c| !c.is_whitespace()) {
                let stop = src[after..end]
                    .find(char::is_whitespace)
                    .map_or(end, |o| after + o);
                return Err(FilterPatternError::UnexpectedText {
                    at: after,
                    text: src[after..stop].to_string(),
                    reason: format!(
                        "`{c}` directly after a closing quote; separate terms with spaces"
                    ),
                });
            }
            i = after;
            text
        } else {
            let stop = src[i..end].find(char::is_whitespace).map_or(end, |o| i + o);
            let word = &src[i..stop];
            if !word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(FilterPatternError::UnquotedSpecialCharacter {
                    term: word.to_string(),
                });
            }
            i = stop;
            word.to_string()
        };
        match prefix {
            Some('?') => terms.any.push(term),
            Some(_) => terms.excluded.push(term),
            None => terms.required.push(term),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser shared by JSON and space-delimited patterns
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Json,
    Space,
}

fn syntax_err(mode: Mode, at: usize, msg: impl fmt::Display) -> FilterPatternError {
    let reason = format!("at offset {at}: {msg}");
    match mode {
        Mode::Json => FilterPatternError::InvalidJson { reason },
        Mode::Space => FilterPatternError::InvalidSpaceDelimited { reason },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Ge => ">=",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathPart {
    Key(String),
    Index(usize),
    /// `[*]` or `.*`: every element of an array, every field value of an object.
    Wildcard,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Comma,
    Op(Op),
    Selector(Vec<PathPart>),
    Quoted(String),
    /// Body of a `%regex%`, with the offset of the body.
    Regex(String, usize),
    Bare(String),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::LParen => f.write_str("`(`"),
            Tok::RParen => f.write_str("`)`"),
            Tok::And => f.write_str("`&&`"),
            Tok::Or => f.write_str("`||`"),
            Tok::Comma => f.write_str("`,`"),
            Tok::Op(op) => write!(f, "`{op}`"),
            Tok::Selector(_) => f.write_str("a selector"),
            Tok::Quoted(s) => write!(f, "`\"{s}\"`"),
            Tok::Regex(s, _) => write!(f, "`%{s}%`"),
            Tok::Bare(s) => write!(f, "`{s}`"),
        }
    }
}

/// Characters that end a bare word (besides whitespace) and cannot appear in one.
fn is_special(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')'
            | b'&'
            | b'|'
            | b'"'
            | b'%'
            | b'='
            | b'!'
            | b'<'
            | b'>'
            | b'{'
            | b'}'
            | b'['
            | b']'
            | b'$'
            | b','
    )
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'@')
}

fn lex(src: &str, start: usize, end: usize, mode: Mode) -> Result<Vec<(Tok, usize)>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let at = i;
        let next = if i + 1 < end { Some(b[i + 1]) } else { None };
        let (tok, len) = match c {
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' if mode == Mode::Space => (Tok::Comma, 1),
            b'&' if next == Some(b'&') => (Tok::And, 2),
            b'|' if next == Some(b'|') => (Tok::Or, 2),
            b'&' | b'|' => {
                let c = c as char;
                return Err(syntax_err(mode, at, format!("single `{c}`; use `{c}{c}`")));
            }
            b'=' => (Tok::Op(Op::Eq), 1),
            b'!' if next == Some(b'=') => (Tok::Op(Op::Ne), 2),
            b'!' => return Err(syntax_err(mode, at, "`!` must be followed by `=`")),
            b'<' if next == Some(b'=') => (Tok::Op(Op::Le), 2),
            b'<' => (Tok::Op(Op::Lt), 1),
            b'>' if next == Some(b'=') => (Tok::Op(Op::Ge), 2),
            b'>' => (Tok::Op(Op::Gt), 1),
            b'"' => {
                let (text, after) = read_quoted(src, at, end)?;
                (Tok::Quoted(text), after - at)
            }
            b'%' => {
                let Some(close) = src[at + 1..end].find('%').map(|o| at + 1 + o) else {
                    return Err(FilterPatternError::InvalidRegex {
                        regex: src[at + 1..end].to_string(),
                        reason: format!("missing closing `%` for the regex opened at offset {at}"),
                    });
                };
                (
                    Tok::Regex(src[at + 1..close].to_string(), at + 1),
                    close + 1 - at,
                )
            }
            b'$' if mode == Mode::Json => {
                let (parts, after) = lex_selector(src, at, end)?;
                (Tok::Selector(parts), after - at)
            }
            _ => {
                let mut j = i;
                while j < end && !b[j].is_ascii_whitespace() && !is_special(b[j]) {
                    j += 1;
                }
                if j == i {
                    let ch = src[i..].chars().next().unwrap_or(c as char);
                    return Err(syntax_err(mode, at, format!("unexpected character `{ch}`")));
                }
                (Tok::Bare(src[i..j].to_string()), j - i)
            }
        };
        out.push((tok, at));
        i += len;
    }
    Ok(out)
}

/// Lexes `$` followed by `.key`, `[index]`, `[*]` / `.*` and bracket-key (`['a.b']`,
/// `.['a.b']`) parts; returns the parts and the end offset.
fn lex_selector(src: &str, at: usize, end: usize) -> Result<(Vec<PathPart>, usize)> {
    let b = src.as_bytes();
    let mut parts = Vec::new();
    let mut i = at + 1;
    while i < end {
        match b[i] {
            b'.' if i + 1 < end && b[i + 1] == b'*' => {
                parts.push(PathPart::Wildcard);
                i += 2;
            }
            // `.['key']`: the bracket form after a period, as the documentation writes it.
            b'.' if i + 1 < end && b[i + 1] == b'[' => i += 1,
            b'.' => {
                let from = i + 1;
                let mut j = from;
                while j < end && is_key_byte(b[j]) {
                    j += 1;
                }
                if j == from {
                    return Err(syntax_err(Mode::Json, i, "expected a key name after `.`"));
                }
                parts.push(PathPart::Key(src[from..j].to_string()));
                i = j;
            }
            b'[' if i + 1 < end && matches!(b[i + 1], b'\'' | b'"') => {
                let quote = b[i + 1];
                let from = i + 2;
                let Some(close) = src[from..end].find(quote as char).map(|o| from + o) else {
                    return Err(syntax_err(Mode::Json, i, "unterminated bracket key"));
                };
                if close + 1 >= end || b[close + 1] != b']' || close == from {
                    return Err(syntax_err(
                        Mode::Json,
                        i,
                        "expected a bracket key such as `['cluster.name']`",
                    ));
                }
                parts.push(PathPart::Key(src[from..close].to_string()));
                i = close + 2;
            }
            b'[' if i + 2 < end && b[i + 1] == b'*' && b[i + 2] == b']' => {
                parts.push(PathPart::Wildcard);
                i += 3;
            }
            b'[' => {
                let from = i + 1;
                let mut j = from;
                while j < end && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j == from || j >= end || b[j] != b']' {
                    return Err(syntax_err(
                        Mode::Json,
                        i,
                        "expected `[index]` with a number index, `[*]` or `['key']`",
                    ));
                }
                let index = src[from..j]
                    .parse::<usize>()
                    .map_err(|_| syntax_err(Mode::Json, from, "array index too large"))?;
                parts.push(PathPart::Index(index));
                i = j + 1;
            }
            _ => break,
        }
    }
    if parts.is_empty() {
        return Err(syntax_err(
            Mode::Json,
            at,
            "`$` must be followed by `.key` or `[index]`",
        ));
    }
    let wildcards = parts.iter().filter(|p| **p == PathPart::Wildcard).count();
    if wildcards > MAX_WILDCARDS_PER_SELECTOR {
        return Err(FilterPatternError::TooManyWildcards { count: wildcards });
    }
    Ok((parts, i))
}

/// A value on the right of an operator.
#[derive(Debug, Clone)]
enum Literal {
    Number(f64),
    /// String, `*` is a wildcard.
    Text(String),
    Regex(Regex),
}

#[derive(Debug, Clone)]
struct Condition {
    op: Op,
    value: Literal,
}

impl Condition {
    /// Compares a JSON value; numbers only to numbers, strings only to strings.
    fn eval_json(&self, field: &Value) -> bool {
        match (&self.value, field) {
            (Literal::Number(n), Value::Number(v)) => {
                v.as_f64().is_some_and(|v| compare(self.op, v, *n))
            }
            (Literal::Text(_) | Literal::Regex(_), Value::String(s)) => self.eval_text(s),
            // "Use the asterisk ("*") as a wild card to match numbers": a wildcard text
            // compares with the number as written in the event (`= *` is any number).
            (Literal::Text(w), Value::Number(v)) if w.contains('*') => {
                self.eval_text(&v.to_string())
            }
            _ => false,
        }
    }

    /// Compares one token of a space-delimited event.
    fn eval_token(&self, token: &str) -> bool {
        match &self.value {
            Literal::Number(n) => parse_number(token).is_some_and(|v| compare(self.op, v, *n)),
            _ => self.eval_text(token),
        }
    }

    fn eval_text(&self, s: &str) -> bool {
        let hit = match &self.value {
            Literal::Text(w) => wildcard_match(w, s),
            Literal::Regex(re) => re.is_match(s),
            Literal::Number(_) => return false,
        };
        match self.op {
            Op::Eq => hit,
            Op::Ne => !hit,
            _ => false,
        }
    }
}

fn compare(op: Op, field: f64, value: f64) -> bool {
    match op {
        Op::Eq => field == value,
        Op::Ne => field != value,
        Op::Lt => field < value,
        Op::Gt => field > value,
        Op::Le => field <= value,
        Op::Ge => field >= value,
    }
}

#[derive(Debug, Clone)]
enum Test {
    Compare(Condition),
    IsTrue,
    IsFalse,
    IsNull,
    NotExists,
}

#[derive(Debug, Clone)]
enum JsonExpr {
    Or(Vec<JsonExpr>),
    And(Vec<JsonExpr>),
    Check { path: Vec<PathPart>, test: Test },
}

impl JsonExpr {
    fn eval(&self, root: &Value) -> bool {
        match self {
            JsonExpr::Or(items) => items.iter().any(|e| e.eval(root)),
            JsonExpr::And(items) => items.iter().all(|e| e.eval(root)),
            JsonExpr::Check { path, test } => Self::check(root, path, test).is_some(),
        }
    }

    /// The value that satisfies one check (for `NOT EXISTS`, `Null`), or `None`. With a
    /// wildcard the check holds when any selected value satisfies it, and `NOT EXISTS` when
    /// none is selected: the documentation gives no example of `!=` or `NOT EXISTS` with a
    /// wildcard, and this is the reading docs/DEPLOY.md states.
    fn check<'v>(root: &'v Value, path: &[PathPart], test: &Test) -> Option<&'v Value> {
        let mut fields = Vec::new();
        resolve(root, path, &mut fields);
        match test {
            Test::NotExists => fields.is_empty().then_some(&Value::Null),
            Test::IsNull => fields.into_iter().find(|f| f.is_null()),
            Test::IsTrue => fields.into_iter().find(|f| **f == Value::Bool(true)),
            Test::IsFalse => fields.into_iter().find(|f| **f == Value::Bool(false)),
            Test::Compare(cond) => fields.into_iter().find(|f| cond.eval_json(f)),
        }
    }

    /// The checks that make `self` hold: every item of an `&&`, the first `||` branch that
    /// holds.
    fn explain(&self, root: &Value, out: &mut Vec<String>) {
        match self {
            JsonExpr::Or(items) => {
                if let Some(item) = items.iter().find(|e| e.eval(root)) {
                    item.explain(root, out);
                }
            }
            JsonExpr::And(items) => items.iter().for_each(|e| e.explain(root, out)),
            JsonExpr::Check { path, test } => {
                let selector = path_text(path);
                let line = match (test, Self::check(root, path, test)) {
                    (Test::NotExists, _) => format!("{selector} does not exist"),
                    (Test::IsNull, _) => format!("{selector} is null"),
                    (Test::IsTrue, _) => format!("{selector} is true"),
                    (Test::IsFalse, _) => format!("{selector} is false"),
                    (Test::Compare(c), Some(value)) => {
                        format!("{selector} = {value} (tested {} {})", c.op, c.value)
                    }
                    (Test::Compare(_), None) => return,
                };
                out.push(line);
            }
        }
    }

    fn wildcard_count(&self) -> usize {
        match self {
            JsonExpr::Or(items) | JsonExpr::And(items) => {
                items.iter().map(JsonExpr::wildcard_count).sum()
            }
            JsonExpr::Check { path, .. } => {
                path.iter().filter(|p| **p == PathPart::Wildcard).count()
            }
        }
    }
}

/// A selector as written in a pattern (`$.a[0].b`, `$.arr[*]`, `$.['a.b']`).
fn path_text(path: &[PathPart]) -> String {
    let mut out = String::from("$");
    for part in path {
        match part {
            PathPart::Key(k) if k.bytes().all(is_key_byte) => {
                out.push('.');
                out.push_str(k);
            }
            PathPart::Key(k) => out.push_str(&format!(".['{k}']")),
            PathPart::Index(i) => out.push_str(&format!("[{i}]")),
            PathPart::Wildcard => out.push_str("[*]"),
        }
    }
    out
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Text(s) => write!(f, "{s:?}"),
            Literal::Regex(re) => write!(f, "%{}%", re.as_str()),
        }
    }
}

/// Every value `path` selects in `root` (several only through a wildcard).
fn resolve<'v>(root: &'v Value, path: &[PathPart], out: &mut Vec<&'v Value>) {
    let Some((part, rest)) = path.split_first() else {
        out.push(root);
        return;
    };
    match part {
        PathPart::Key(k) => {
            if let Some(v) = root.as_object().and_then(|o| o.get(k)) {
                resolve(v, rest, out);
            }
        }
        PathPart::Index(i) => {
            if let Some(v) = root.as_array().and_then(|a| a.get(*i)) {
                resolve(v, rest, out);
            }
        }
        PathPart::Wildcard => match root {
            Value::Array(items) => items.iter().for_each(|v| resolve(v, rest, out)),
            Value::Object(fields) => fields.values().for_each(|v| resolve(v, rest, out)),
            _ => {}
        },
    }
}

/// One field of a space-delimited pattern.
#[derive(Debug, Clone)]
enum Field {
    /// A bare name: any token.
    Any(String),
    /// `...`: any number of tokens.
    Ellipsis,
    /// `name OP value` terms: OR of ANDs.
    Cond(String, Vec<Vec<Condition>>),
}

impl Field {
    fn name(&self) -> &str {
        match self {
            Field::Any(name) | Field::Cond(name, _) => name,
            Field::Ellipsis => "...",
        }
    }

    fn matches(&self, token: &str) -> bool {
        match self {
            Field::Any(_) => true,
            Field::Ellipsis => false,
            Field::Cond(_, any) => any
                .iter()
                .any(|all| all.iter().all(|c| c.eval_token(token))),
        }
    }
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    mode: Mode,
    /// Offset just past the pattern body, for "unexpected end" errors.
    end: usize,
    regex_count: usize,
}

impl Parser {
    fn new(src: &str, start: usize, end: usize, mode: Mode) -> Result<Self> {
        Ok(Self {
            toks: lex(src, start, end, mode)?,
            pos: 0,
            mode,
            end,
            regex_count: 0,
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |&(_, at)| at)
    }

    fn bump(&mut self) -> Option<(Tok, usize)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn err(&self, msg: impl fmt::Display) -> FilterPatternError {
        let found = match self.peek() {
            Some(t) => format!("found {t}"),
            None => "found end of pattern".to_string(),
        };
        syntax_err(self.mode, self.at(), format!("{msg}, {found}"))
    }

    // ---- JSON ----

    fn json_pattern(&mut self) -> Result<JsonExpr> {
        if self.toks.is_empty() {
            return Err(syntax_err(Mode::Json, self.end, "empty JSON pattern `{}`"));
        }
        let expr = self.json_or(0)?;
        if self.peek().is_some() {
            return Err(self.err("expected `&&`, `||` or the end of the pattern"));
        }
        Ok(expr)
    }

    fn json_or(&mut self, depth: usize) -> Result<JsonExpr> {
        self.json_chain(depth, Tok::Or, Self::json_and, JsonExpr::Or)
    }

    fn json_and(&mut self, depth: usize) -> Result<JsonExpr> {
        self.json_chain(depth, Tok::And, Self::json_primary, JsonExpr::And)
    }

    /// `operand (op operand)*`, one level of the `||` / `&&` precedence ladder.
    fn json_chain(
        &mut self,
        depth: usize,
        op: Tok,
        operand: fn(&mut Self, usize) -> Result<JsonExpr>,
        combine: fn(Vec<JsonExpr>) -> JsonExpr,
    ) -> Result<JsonExpr> {
        let mut items = vec![operand(self, depth)?];
        while self.peek() == Some(&op) {
            self.pos += 1;
            items.push(operand(self, depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            combine(items)
        })
    }

    fn json_primary(&mut self, depth: usize) -> Result<JsonExpr> {
        match self.peek() {
            Some(Tok::LParen) => {
                if depth >= MAX_NESTING {
                    return Err(self.err(format_args!(
                        "parentheses nested deeper than {MAX_NESTING} levels"
                    )));
                }
                self.pos += 1;
                let inner = self.json_or(depth + 1)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.err("expected `)`"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Tok::Selector(path)) => {
                let path = path.clone();
                self.pos += 1;
                let test = match self.peek() {
                    Some(Tok::Op(_)) => Test::Compare(self.condition()?),
                    Some(Tok::Bare(w)) if w == "IS" => {
                        self.pos += 1;
                        let test = match self.peek() {
                            Some(Tok::Bare(w)) if w == "TRUE" => Test::IsTrue,
                            Some(Tok::Bare(w)) if w == "FALSE" => Test::IsFalse,
                            Some(Tok::Bare(w)) if w == "NULL" => Test::IsNull,
                            _ => return Err(self.err("expected TRUE, FALSE or NULL after IS")),
                        };
                        self.pos += 1;
                        test
                    }
                    Some(Tok::Bare(w)) if w == "NOT" => {
                        self.pos += 1;
                        if !matches!(self.peek(), Some(Tok::Bare(w)) if w == "EXISTS") {
                            return Err(self.err("expected EXISTS after NOT"));
                        }
                        self.pos += 1;
                        Test::NotExists
                    }
                    _ => {
                        return Err(self.err(
                            "expected an operator (=, !=, <, >, <=, >=), IS or NOT EXISTS after the selector",
                        ))
                    }
                };
                Ok(JsonExpr::Check { path, test })
            }
            _ => Err(self.err("expected a selector such as `$.field` or `(`")),
        }
    }

    // ---- shared ----

    /// `OP VALUE`, with the operator next.
    fn condition(&mut self) -> Result<Condition> {
        let Some((Tok::Op(op), op_at)) = self.bump() else {
            self.pos -= 1;
            return Err(self.err("expected an operator (=, !=, <, >, <=, >=)"));
        };
        let value_at = self.at();
        let value = match self.bump() {
            Some((Tok::Quoted(s), _)) => Literal::Text(s),
            Some((Tok::Regex(body, at), _)) => {
                self.regex_count += 1;
                Literal::Regex(compile_regex(&body, at)?)
            }
            Some((Tok::Bare(s), _)) => match parse_number(&s) {
                Some(n) => Literal::Number(n),
                None => Literal::Text(s),
            },
            _ => {
                self.pos -= 1;
                return Err(self.err(format_args!(
                    "expected a value after `{op}` at offset {op_at}"
                )));
            }
        };
        if !matches!(value, Literal::Number(_)) && !matches!(op, Op::Eq | Op::Ne) {
            return Err(syntax_err(
                self.mode,
                value_at,
                format!(
                    "operator `{op}` compares numbers only; strings and regexes take `=` or `!=`"
                ),
            ));
        }
        Ok(Condition { op, value })
    }

    // ---- space-delimited ----

    fn space_pattern(&mut self) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        loop {
            fields.push(self.space_field()?);
            match self.bump() {
                None => return Ok(fields),
                Some((Tok::Comma, _)) => {}
                Some(_) => {
                    self.pos -= 1;
                    return Err(self.err("expected `,` between fields"));
                }
            }
        }
    }

    fn space_field(&mut self) -> Result<Field> {
        let name = match self.peek() {
            Some(Tok::Bare(w)) if w == "..." => {
                self.pos += 1;
                return Ok(Field::Ellipsis);
            }
            Some(Tok::Bare(w)) if is_field_name(w) => w.clone(),
            Some(Tok::Bare(w)) => {
                let msg = format!(
                    "field name `{w}` may contain only letters, digits and `_` (or be `...`)"
                );
                return Err(syntax_err(Mode::Space, self.at(), msg));
            }
            _ => return Err(self.err("expected a field name or `...`")),
        };
        self.pos += 1;
        if !matches!(self.peek(), Some(Tok::Op(_))) {
            return Ok(Field::Any(name));
        }
        let mut any = vec![vec![self.condition()?]];
        loop {
            let or = match self.peek() {
                Some(Tok::Or) => true,
                Some(Tok::And) => false,
                _ => return Ok(Field::Cond(name, any)),
            };
            self.pos += 1;
            match self.peek() {
                Some(Tok::Bare(w)) if *w == name => self.pos += 1,
                _ => {
                    let msg = format!("expected field name `{name}` (conditions in one field must all test that field)");
                    return Err(self.err(msg));
                }
            }
            let cond = self.condition()?;
            if or {
                any.push(vec![cond]);
            } else if let Some(last) = any.last_mut() {
                last.push(cond);
            }
        }
    }
}

fn is_field_name(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// One token of a space-delimited event: its value (quotes or brackets removed) and the
/// offset where it starts in the event (at the opening quote or bracket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token<'a> {
    value: &'a str,
    start: usize,
}

/// Splits a space-delimited event into tokens: runs of non-whitespace, except that a token
/// starting with `"` or `[` runs to the matching `"` / `]` (which are removed).
fn split_event(event: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = event;
    loop {
        rest = rest.trim_start();
        let Some(&first) = rest.as_bytes().first() else {
            return out;
        };
        let start = event.len() - rest.len();
        let close = match first {
            b'"' => Some('"'),
            b'[' => Some(']'),
            _ => None,
        };
        let value = if let Some(close) = close {
            match rest[1..].find(close) {
                Some(j) => {
                    let value = &rest[1..1 + j];
                    rest = &rest[j + 2..];
                    value
                }
                None => {
                    let value = &rest[1..];
                    rest = "";
                    value
                }
            }
        } else {
            let j = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let value = &rest[..j];
            rest = &rest[j..];
            value
        };
        out.push(Token { value, start });
    }
}

/// What one field of a space-delimited pattern took from the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    /// The field's name in the pattern (`...` for an ellipsis).
    pub name: String,
    pub value: String,
}

/// The value the last field takes from token `j` on: the token itself when it is the last
/// one, otherwise the rest of the line as written ("the last field takes the rest of the
/// line": docs/DEPLOY.md, filter-pattern readings).
fn rest_of_line<'a>(event: &'a str, tokens: &[Token<'a>], j: usize) -> &'a str {
    if j + 1 == tokens.len() {
        tokens[j].value
    } else {
        event[tokens[j].start..].trim_end()
    }
}

/// Whether the fields cover the event: each field but the last takes one token, `...` any
/// number, and the last field (unless `...`) the rest of the line. Dynamic programming over
/// token positions (linear per field, however many `...`), with back-pointers so the
/// winning assignment can be explained. Returns the token index each field started at.
fn match_fields(fields: &[Field], event: &str, tokens: &[Token<'_>]) -> Option<Vec<usize>> {
    let n = tokens.len();
    let (last, init) = fields.split_last()?;
    // from[f][j]: field f can end at position j, having started at from[f][j].
    let mut from: Vec<Vec<Option<usize>>> = Vec::with_capacity(fields.len());
    let mut reach = vec![None; n + 1];
    reach[0] = Some(0);
    for field in init {
        let mut next = vec![None; n + 1];
        if let Field::Ellipsis = field {
            let mut seen = None;
            for (j, r) in reach.iter().enumerate() {
                if r.is_some() && seen.is_none() {
                    seen = Some(j);
                }
                next[j] = seen;
            }
        } else {
            for (j, token) in tokens.iter().enumerate() {
                if reach[j].is_some() && field.matches(token.value) {
                    next[j + 1] = Some(j);
                }
            }
        }
        if next.iter().all(Option::is_none) {
            return None;
        }
        from.push(next.clone());
        reach = next;
    }
    let last_start = if let Field::Ellipsis = last {
        (0..=n).find(|&j| reach[j].is_some())?
    } else {
        (0..n).find(|&j| reach[j].is_some() && last.matches(rest_of_line(event, tokens, j)))?
    };
    // Walk back: the start of each field is where the previous one ended.
    let mut starts = vec![0; fields.len()];
    starts[fields.len() - 1] = last_start;
    let mut end = last_start;
    for f in (0..init.len()).rev() {
        let start = from[f][end]?;
        starts[f] = start;
        end = start;
    }
    Some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pattern: &str) -> FilterPattern {
        FilterPattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern:?} should parse: {e}"))
    }

    fn m(pattern: &str, event: &str) -> bool {
        p(pattern).matches(event)
    }

    fn err(pattern: &str) -> FilterPatternError {
        match FilterPattern::parse(pattern) {
            Ok(fp) => panic!("{pattern:?} should be rejected, parsed as {fp:?}"),
            Err(e) => e,
        }
    }

    const RUNTIME_DONE_TIMEOUT: &str = r#"{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"x","status":"timeout"}}"#;
    const RUNTIME_DONE_SUCCESS: &str = r#"{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"x","status":"success"}}"#;
    const REPORT_TIMEOUT: &str = r#"{"time":"2022-10-21T14:05:05.765Z","type":"platform.report","record":{"requestId":"x","status":"timeout","metrics":{"durationMs":3000.0,"maxMemoryUsedMB":128,"memorySizeMB":128}}}"#;
    const REPORT_SUCCESS: &str = r#"{"time":"2022-10-21T14:05:05.765Z","type":"platform.report","record":{"requestId":"x","status":"success","metrics":{"durationMs":12.5,"maxMemoryUsedMB":64,"memorySizeMB":128}}}"#;
    const INIT_REPORT_ERROR: &str = r#"{"time":"2022-10-21T14:05:03.000Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"error"}}"#;

    #[test]
    fn match_all_patterns() {
        for pattern in ["", "   ", "\t\n", "\" \"", "  \" \"  "] {
            let fp = p(pattern);
            assert_eq!(fp.kind(), PatternKind::MatchAll, "{pattern:?}");
            assert!(fp.matches("anything at all"));
            assert!(fp.matches(""));
            assert_eq!(fp.regex_count(), 0);
        }
    }

    #[test]
    fn documented_term_examples() {
        assert_eq!(p("ERROR").kind(), PatternKind::Terms);
        assert!(m("ERROR", "Exiting with ERRORCODE: -1"));
        assert!(m("ERROR", "[ERROR] Caught IllegalArgumentException"));
        assert!(!m("ERROR -Exiting", "Exiting with ERRORCODE: -1"));
        assert!(m(
            "ERROR -Exiting",
            "[ERROR] Caught IllegalArgumentException"
        ));
        assert!(m(
            "ERROR Exception",
            "[ERROR] Caught IllegalArgumentException"
        ));
        assert!(m(
            "Exception ERROR",
            "[ERROR] Caught IllegalArgumentException"
        ));
        assert!(!m("ERROR Exception", "[ERROR] Unhandled problem"));
        assert!(m(
            r#""Failed to process the request""#,
            "[WARN] Failed to process the request: timeout"
        ));
        assert!(!m(
            r#""Failed to process the request""#,
            "[WARN] Failed to process request"
        ));
    }

    #[test]
    fn terms_are_case_sensitive() {
        assert!(!m("ERROR", "error: something broke"));
        assert!(!m("error", "ERROR: something broke"));
        assert!(m("error", "an error: something broke"));
    }

    #[test]
    fn or_terms() {
        let fp = p("?ERROR ?WARN");
        assert!(fp.matches("[ERROR] boom"));
        assert!(fp.matches("[WARN] hmm"));
        assert!(!fp.matches("[INFO] fine"));
        // Next to plain or `-` terms the `?` terms are ignored ("Match optional terms" note).
        // This test used to require one `?` term as well; the docs contradict that reading.
        let fp = p("Lambda ?ERROR ?WARN -Retrying");
        assert!(fp.matches("Lambda WARN low memory"));
        assert!(!fp.matches("WARN low memory"));
        assert!(fp.matches("Lambda INFO"));
        assert!(!fp.matches("Lambda ERROR Retrying"));
    }

    #[test]
    fn lambda_timeout_phrases() {
        let fp = p(r#"?"Task timed out" ?"Runtime exited""#);
        assert_eq!(fp.kind(), PatternKind::Terms);
        assert!(fp.matches("2024-01-01T00:00:03.000Z 7f3c Task timed out after 3.00 seconds"));
        assert!(fp.matches(
            "RequestId: 7f3c Error: Runtime exited with error: signal: killed Runtime.ExitError"
        ));
        assert!(!fp.matches("START RequestId: 7f3c Version: $LATEST"));
        assert!(!fp.matches("task timed out"));
    }

    #[test]
    fn exclusion_only_and_quoted_prefixes() {
        let fp = p("-DEBUG -TRACE");
        assert!(fp.matches("INFO hello"));
        assert!(!fp.matches("DEBUG hello"));
        assert!(!fp.matches("x TRACE"));
        // `?` terms beside an exclusion are ignored: this is `-"health check"`.
        let fp = p(r#"-"health check" ?"GET /api" ?"POST /api""#);
        assert!(fp.matches("POST /api/orders 201"));
        assert!(!fp.matches("GET /api/health health check"));
        assert!(fp.matches("PUT /api/orders 200"));
    }

    #[test]
    fn quoted_escapes_and_special_characters() {
        assert!(m(r#""Runtime.ExitError""#, "Error: Runtime.ExitError"));
        assert!(m(r#""say \"hi\"""#, r#"they say "hi" loudly"#));
        assert!(!m(r#""say \"hi\"""#, "they say hi loudly"));
        assert!(m(r#""C:\\temp""#, r"opened C:\temp"));
        // A backslash before another character is kept literally.
        assert!(m(r#""a\nb""#, r"literal a\nb here"));
        assert!(m(r#""é ✓""#, "ok é ✓ done"));
    }

    #[test]
    fn bare_special_characters_are_rejected() {
        let e = err("Runtime.ExitError");
        assert_eq!(
            e,
            FilterPatternError::UnquotedSpecialCharacter {
                term: "Runtime.ExitError".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "term `Runtime.ExitError` contains characters other than letters, digits and `_`; \
             CloudWatch requires it in double quotes"
        );
        for pattern in [
            "ERROR code:500",
            "-a.b",
            "?x-y",
            "café",
            "}",
            "a\"b c\"",
            "ERROR!",
        ] {
            assert!(
                matches!(
                    err(pattern),
                    FilterPatternError::UnquotedSpecialCharacter { .. }
                ),
                "{pattern:?}"
            );
        }
    }

    #[test]
    fn term_syntax_errors() {
        assert_eq!(
            err("?"),
            FilterPatternError::EmptyTerm { prefix: '?', at: 0 }
        );
        assert_eq!(
            err("ERROR -"),
            FilterPatternError::EmptyTerm { prefix: '-', at: 6 }
        );
        assert_eq!(
            err("? ERROR"),
            FilterPatternError::EmptyTerm { prefix: '?', at: 0 }
        );
        assert_eq!(err("\""), FilterPatternError::UnterminatedQuote { at: 0 });
        assert_eq!(
            err("ERROR \"oops"),
            FilterPatternError::UnterminatedQuote { at: 6 }
        );
        assert_eq!(
            err(r#""ends with escape\""#),
            FilterPatternError::UnterminatedQuote { at: 0 }
        );
        assert!(matches!(
            err(r#""abc"def"#),
            FilterPatternError::UnexpectedText { at: 5, .. }
        ));
        assert!(matches!(
            err(r#""a""b""#),
            FilterPatternError::UnexpectedText { .. }
        ));
    }

    #[test]
    fn json_equality_on_nested_field() {
        let fp = p(r#"{ $.record.status = "timeout" }"#);
        assert_eq!(fp.kind(), PatternKind::Json);
        assert_eq!(fp.regex_count(), 0);
        assert!(fp.matches(RUNTIME_DONE_TIMEOUT));
        assert!(!fp.matches(RUNTIME_DONE_SUCCESS));
        // No spaces needed; bare strings work too.
        assert!(m(r#"{$.record.status="timeout"}"#, RUNTIME_DONE_TIMEOUT));
        assert!(m("{ $.record.status = timeout }", RUNTIME_DONE_TIMEOUT));
        // Full-string match, case-sensitive.
        assert!(!m(r#"{ $.record.status = "time" }"#, RUNTIME_DONE_TIMEOUT));
        assert!(!m(
            r#"{ $.record.status = "Timeout" }"#,
            RUNTIME_DONE_TIMEOUT
        ));
    }

    #[test]
    fn json_and_or_parentheses() {
        let fp = p(
            r#"{ ($.type = "platform.report" || $.type = "platform.initReport") && $.record.status != "success" }"#,
        );
        assert!(fp.matches(REPORT_TIMEOUT));
        assert!(fp.matches(INIT_REPORT_ERROR));
        assert!(!fp.matches(REPORT_SUCCESS));
        assert!(!fp.matches(RUNTIME_DONE_TIMEOUT));
        // `&&` binds tighter than `||`.
        let fp = p(
            r#"{ $.type = "platform.initReport" || $.type = "platform.report" && $.record.status = "success" }"#,
        );
        assert!(fp.matches(INIT_REPORT_ERROR));
        assert!(fp.matches(REPORT_SUCCESS));
        assert!(!fp.matches(REPORT_TIMEOUT));
    }

    #[test]
    fn json_wildcards() {
        let fp = p(r#"{ $.type = "platform.*" }"#);
        assert!(fp.matches(REPORT_TIMEOUT));
        assert!(fp.matches(RUNTIME_DONE_TIMEOUT));
        assert!(!fp.matches(r#"{"type":"function"}"#));
        assert!(!fp.matches(r#"{"type":"xplatform.report"}"#));
        assert!(m("{ $.ip = 123.123.* }", r#"{"ip":"123.123.0.7"}"#));
        assert!(!m("{ $.ip = 123.123.* }", r#"{"ip":"123.124.0.7"}"#));
        assert!(m(
            r#"{ $.t = "*Report" }"#,
            r#"{"t":"platform.initReport"}"#
        ));
        assert!(m(r#"{ $.t = "a*b*c" }"#, r#"{"t":"aXXbYYbc"}"#));
        assert!(!m(r#"{ $.t = "a*b*c" }"#, r#"{"t":"aXXbYYbcd"}"#));
        assert!(m(r#"{ $.t != "platform.*" }"#, r#"{"t":"function"}"#));
        assert!(!m(
            r#"{ $.t != "platform.*" }"#,
            r#"{"t":"platform.start"}"#
        ));
    }

    #[test]
    fn json_numbers() {
        let fp = p("{ $.record.metrics.maxMemoryUsedMB >= 128 }");
        assert!(fp.matches(REPORT_TIMEOUT));
        assert!(!fp.matches(REPORT_SUCCESS));
        assert!(!fp.matches(RUNTIME_DONE_TIMEOUT));
        let ev = r#"{"n":10,"f":2.5,"neg":-3,"s":"10"}"#;
        assert!(m("{ $.n = 10 }", ev));
        assert!(m("{ $.n = 10.0 }", ev));
        assert!(m("{ $.n != 11 }", ev));
        assert!(!m("{ $.n != 10 }", ev));
        assert!(m("{ $.n < 11 }", ev));
        assert!(!m("{ $.n < 10 }", ev));
        assert!(m("{ $.n <= 10 }", ev));
        assert!(m("{ $.n > 9 }", ev));
        assert!(!m("{ $.n > 10 }", ev));
        assert!(m("{ $.f > 2.4 && $.f < 2.6 }", ev));
        assert!(m("{ $.neg < -2 }", ev));
        assert!(m("{ $.n = 1e1 }", ev));
        // Strict typing: numbers compare with numbers, strings with strings.
        assert!(!m("{ $.s = 10 }", ev));
        assert!(!m("{ $.s > 5 }", ev));
        assert!(!m(r#"{ $.n = "10" }"#, ev));
        assert!(m(r#"{ $.s = "10" }"#, ev));
        // `!=` needs the field to exist with a comparable type.
        assert!(!m("{ $.missing != 10 }", ev));
        assert!(!m("{ $.s != 11 }", ev));
        assert!(!m(r#"{ $.missing != "x" }"#, ev));
        assert!(!m(r#"{ $.n != "x" }"#, ev));
    }

    #[test]
    fn json_is_and_not_exists() {
        let ev = r#"{"a":null,"t":true,"f":false,"s":"null","o":{"x":1}}"#;
        assert!(m("{ $.a IS NULL }", ev));
        assert!(!m("{ $.s IS NULL }", ev));
        assert!(!m("{ $.missing IS NULL }", ev));
        assert!(m("{ $.missing NOT EXISTS }", ev));
        assert!(m("{ $.o.y NOT EXISTS }", ev));
        assert!(m("{ $.o.x.deeper NOT EXISTS }", ev));
        assert!(!m("{ $.a NOT EXISTS }", ev));
        assert!(!m("{ $.o.x NOT EXISTS }", ev));
        assert!(m("{ $.t IS TRUE }", ev));
        assert!(!m("{ $.f IS TRUE }", ev));
        assert!(m("{ $.f IS FALSE }", ev));
        assert!(!m("{ $.t IS FALSE }", ev));
        assert!(!m("{ $.s IS TRUE }", ev));
        assert!(m("{ $.t IS TRUE && $.missing NOT EXISTS }", ev));
        assert!(matches!(
            err("{ $.a IS MAYBE }"),
            FilterPatternError::InvalidJson { .. }
        ));
        assert!(matches!(
            err("{ $.a NOT THERE }"),
            FilterPatternError::InvalidJson { .. }
        ));
        assert!(matches!(
            err("{ $.a is null }"),
            FilterPatternError::InvalidJson { .. }
        ));
    }

    #[test]
    fn json_arrays_and_containers() {
        let ev = r#"{"arr":[{"id":"a"},{"id":"b","tags":["x","y"]}],"a":{"b":[[0,1],[2,3,4]]},"o":{"k":"v"}}"#;
        assert!(m(r#"{ $.arr[0].id = "a" }"#, ev));
        assert!(m(r#"{ $.arr[1].tags[1] = "y" }"#, ev));
        assert!(m("{ $.a.b[1][2] = 4 }", ev));
        assert!(m("{ $.arr[5] NOT EXISTS }", ev));
        assert!(m("{ $.o[0] NOT EXISTS }", ev));
        assert!(m(r#"{ $[0].x = "top" }"#, r#"[{"x":"top"}]"#));
        assert!(m(
            "{ $.key-with-dash = 1 && $.@timestamp = 2 }",
            r#"{"key-with-dash":1,"@timestamp":2}"#
        ));
        // A container never equals a scalar, not even through `!=` or a `*` wildcard.
        assert!(!m(r#"{ $.o = "*" }"#, ev));
        assert!(!m(r#"{ $.o != "v" }"#, ev));
        assert!(!m("{ $.arr = 1 }", ev));
        assert!(!m("{ $.o IS NULL }", ev));
    }

    #[test]
    fn json_pattern_needs_json_event() {
        let fp = p(r#"{ $.record.status = "timeout" }"#);
        assert!(!fp.matches("Task timed out after 3.00 seconds"));
        assert!(!fp.matches(""));
        assert!(!fp.matches(r#""timeout""#));
        assert!(!fp.matches("42"));
        assert!(!fp.matches(r#"{"record":{"status":"timeout"}"#));
        assert!(!fp.matches(r#"prefix {"record":{"status":"timeout"}}"#));
        assert!(fp.matches("  {\"record\":{\"status\":\"timeout\"}}\n"));
    }

    #[test]
    fn json_regex_values() {
        let fp = p(r#"{ $.msg = %Runtime\.ExitError|signal: killed% }"#);
        assert_eq!(fp.regex_count(), 1);
        assert!(fp.matches(r#"{"msg":"Error: Runtime exited with error: signal: killed"}"#));
        assert!(!fp.matches(r#"{"msg":"all good"}"#));
        assert!(!fp.matches(r#"{"msg":7}"#));
        let fp = p("{ $.a = %^x% || $.b != %y$% }");
        assert_eq!(fp.regex_count(), 2);
        assert!(fp.matches(r#"{"a":"xa","b":"y"}"#));
        assert!(fp.matches(r#"{"a":"ax","b":"ya"}"#));
        assert!(!fp.matches(r#"{"a":"ax","b":"ay"}"#));
        assert_eq!(
            err("{ $.a = %a% || $.b = %b% || $.c = %c% }"),
            FilterPatternError::TooManyRegex { count: 3 }
        );
        assert!(matches!(
            err("{ $.a = %(a)% }"),
            FilterPatternError::UnsupportedRegexCharacter { ch: '(', at: 9, .. }
        ));
        assert!(matches!(
            err("{ $.a > %a% }"),
            FilterPatternError::InvalidJson { .. }
        ));
        assert!(matches!(
            err("{ $.a = %abc }"),
            FilterPatternError::InvalidRegex { .. }
        ));
    }

    #[test]
    fn json_syntax_errors() {
        let bad = [
            "{",
            "{ $.x = 1",
            "{}",
            "{ }",
            "{ $.x = }",
            "{ $.x }",
            "{ = 1 }",
            "{ $ = 1 }",
            "{ $. = 1 }",
            "{ $.a[ = 1 }",
            "{ $.a[x] = 1 }",
            "{ $.a[99999999999999999999999] = 1 }",
            "{ $.x = 1 && }",
            "{ && $.x = 1 }",
            "{ $.x = 1 $.y = 2 }",
            "{ (($.x = 1) }",
            "{ ($.x = 1)) }",
            "{ () }",
            "{ $.x = 1 & $.y = 2 }",
            "{ $.x = 1 | $.y = 2 }",
            "{ $.x ! 1 }",
            "{ $.x == 1 }",
            "{ $.x < \"abc\" }",
            "{ $.x >= abc }",
            "{ $.x = a,b }",
            "{ $.x = {} }",
            "{ $.x = 1 } }",
            "{ { $.x = 1 } }",
            "{ x = 1 }",
            "{ $.x = $.y }",
            "{ $.x IS }",
            "{ $.x NOT }",
        ];
        for pattern in bad {
            let e = err(pattern);
            assert!(
                matches!(
                    e,
                    FilterPatternError::InvalidJson { .. }
                        | FilterPatternError::UnterminatedQuote { .. }
                ),
                "{pattern:?} gave {e:?}"
            );
        }
        assert_eq!(
            err("{ $.x = \"abc }"),
            FilterPatternError::UnterminatedQuote { at: 8 }
        );
        let msg = err("{ $.x = }").to_string();
        assert!(
            msg.contains("offset 8") && msg.contains("expected a value"),
            "{msg}"
        );
        let msg = err("{ $.x < \"abc\" }").to_string();
        assert!(msg.contains("`<`"), "{msg}");
    }

    #[test]
    fn json_nesting_limit() {
        let ok = format!(
            "{{ {}$.x = 1{} }}",
            "(".repeat(MAX_NESTING),
            ")".repeat(MAX_NESTING)
        );
        assert!(p(&ok).matches(r#"{"x":1}"#));
        let deep = format!("{{ {}$.x = 1{} }}", "(".repeat(400), ")".repeat(400));
        assert!(matches!(err(&deep), FilterPatternError::InvalidJson { .. }));
    }

    #[test]
    fn standalone_regex() {
        let fp = p(r"%Runtime\.ExitError|signal: killed%");
        assert_eq!(fp.kind(), PatternKind::Regex);
        assert_eq!(fp.regex_count(), 1);
        assert!(fp.matches("RequestId: 1 Error: Runtime exited with error: signal: killed"));
        assert!(fp.matches("Runtime.ExitError"));
        assert!(!fp.matches("RuntimeXExitError"));
        assert!(!fp.matches("all good"));
        assert!(m("%^START RequestId%", "START RequestId: 1"));
        assert!(!m("%^START RequestId%", "x START RequestId: 1"));
        assert!(m(r"%[0-9]{3} ms$%", "Duration: 120 ms"));
        assert!(m("  %ERROR%  ", "an ERROR here"));
        assert!(!m("%ERROR%", "an error here"));
    }

    #[test]
    fn standalone_regex_errors() {
        let e = err("%(a)%");
        assert_eq!(
            e,
            FilterPatternError::UnsupportedRegexCharacter {
                regex: "(a)".into(),
                ch: '(',
                at: 1
            }
        );
        assert!(e.to_string().contains("no groups"), "{e}");
        assert!(matches!(
            err("%a)%"),
            FilterPatternError::UnsupportedRegexCharacter { ch: ')', .. }
        ));
        assert!(matches!(
            err("%café%"),
            FilterPatternError::UnsupportedRegexCharacter {
                ch: 'é', at: 4, ..
            }
        ));
        for pattern in ["%a'b%", "%a\"b%", "%a<b%", "%a!b%", "%a&b%", "%a\tb%"] {
            assert!(
                matches!(
                    err(pattern),
                    FilterPatternError::UnsupportedRegexCharacter { .. }
                ),
                "{pattern:?}"
            );
        }
        assert!(matches!(
            err("%[%"),
            FilterPatternError::InvalidRegex { .. }
        ));
        assert!(matches!(
            err("%[z-a]%"),
            FilterPatternError::InvalidRegex { .. }
        ));
        assert!(matches!(err("%%"), FilterPatternError::InvalidRegex { .. }));
        assert!(matches!(
            err("%abc"),
            FilterPatternError::InvalidRegex { .. }
        ));
        assert!(matches!(err("%"), FilterPatternError::InvalidRegex { .. }));
        assert!(matches!(
            err("%abc% ERROR"),
            FilterPatternError::UnexpectedText { at: 6, .. }
        ));
        // A regex whose compiled form is too big is rejected, not built.
        assert!(matches!(
            err("%[a-z]{1000}{1000}%"),
            FilterPatternError::InvalidRegex { .. }
        ));
    }

    const ACCESS_404: &str =
        r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534"#;
    const ACCESS_200: &str =
        r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#;

    fn values(event: &str) -> Vec<&str> {
        split_event(event).iter().map(|t| t.value).collect()
    }

    #[test]
    fn event_tokenizer() {
        assert_eq!(
            values(ACCESS_404),
            vec![
                "127.0.0.1",
                "-",
                "frank",
                "10/Oct/2000:13:25:15 -0700",
                "GET /apache_pb.gif HTTP/1.0",
                "404",
                "1534"
            ]
        );
        assert_eq!(values("  a\t b  "), vec!["a", "b"]);
        assert_eq!(values(r#""unterminated x"#), vec!["unterminated x"]);
        assert_eq!(values(r#""" []"#), vec!["", ""]);
        assert!(split_event("   ").is_empty());
        // Offsets point at the raw token, opening quote or bracket included.
        let starts: Vec<usize> = split_event(r#"a "b c" [d]"#)
            .iter()
            .map(|t| t.start)
            .collect();
        assert_eq!(starts, vec![0, 2, 8]);
    }

    #[test]
    fn space_delimited_documented_example() {
        let fp = p("[ip, user, ..., status_code = 4*, bytes]");
        assert_eq!(fp.kind(), PatternKind::SpaceDelimited);
        assert!(fp.matches(ACCESS_404));
        assert!(!fp.matches(ACCESS_200));
        let full = p("[ip, id, user, timestamp, request, status_code = 404, bytes]");
        assert!(full.matches(ACCESS_404));
        assert!(!full.matches(ACCESS_200));
        // The last field takes the rest of the line (the current "Filter pattern syntax"
        // page: `[w1=ERROR, w2]` returns every event whose first word is ERROR). This test
        // asserted the opposite, exact field counts, before that reading was adopted.
        assert!(full.matches(&format!("{ACCESS_404} extra")));
        assert!(!p("[a, b]").matches("one"));
        assert!(p("[a, b]").matches("one two"));
        assert!(p("[a, b]").matches("one two three"));
        assert!(!p("[..., bytes > 1000]").matches("1534 extra"));
        assert!(p("[..., bytes > 1000]").matches("x 1534"));
        assert!(p("[a, b = \"two three\"]").matches("one two three"));
    }

    #[test]
    fn space_delimited_ellipsis() {
        assert!(m("[...]", ""));
        assert!(m("[...]", "a b c"));
        assert!(m("[..., last = c]", "a b c"));
        assert!(!m("[..., last = c]", "a c b"));
        assert!(m("[first = a, ...]", "a b c"));
        assert!(m("[first = a, ..., x = 1, ..., last = z]", "a q 1 r s z"));
        assert!(m("[first = a, ..., x = 1, ..., last = z]", "a 1 z"));
        assert!(!m("[first = a, ..., x = 1, ..., last = z]", "a 2 z"));
        assert!(m("[..., ..., w]", "w"));
        assert!(!m("[..., a, b]", "x"));
    }

    #[test]
    fn space_delimited_conditions() {
        let fp = p("[ip, user, ..., status_code = 404 || status_code = 410, bytes]");
        assert!(fp.matches(ACCESS_404));
        assert!(fp.matches(&ACCESS_404.replace(" 404 ", " 410 ")));
        assert!(!fp.matches(ACCESS_200));
        let fp = p("[..., status >= 400 && status < 500, bytes > 1000]");
        assert!(fp.matches(ACCESS_404));
        assert!(!fp.matches(ACCESS_200));
        assert!(!fp.matches(&ACCESS_404.replace("1534", "999")));
        // Numeric conditions need numeric tokens.
        assert!(!m("[a, n > 1]", "x abc"));
        assert!(!m("[a, n != 1]", "x abc"));
        assert!(m("[a, n != 1]", "x 2"));
        // Quoted, wildcard and regex values.
        assert!(m(r#"[..., req = "GET /apache*", s, b]"#, ACCESS_404));
        assert!(m("[ip = 127.0.0.*, ...]", ACCESS_404));
        assert!(m("[ip, id = -, ...]", ACCESS_404));
        assert!(!m("[ip, id != -, ...]", ACCESS_404));
        let fp = p(r"[ip, ..., request = %^GET .*\.gif%, status = %^4%, bytes]");
        assert_eq!(fp.regex_count(), 2);
        assert!(fp.matches(ACCESS_404));
        assert!(!fp.matches(ACCESS_200));
        assert!(m(
            "[ts, level = ERROR, ...]",
            "2024-01-01T00:00:00Z ERROR boom"
        ));
        assert!(!m(
            "[ts, level = ERROR, ...]",
            "2024-01-01T00:00:00Z ERRORS boom"
        ));
    }

    #[test]
    fn space_delimited_errors() {
        let bad = [
            "[",
            "[a, b",
            "[]",
            "[ ]",
            "[a,, b]",
            "[a, b,]",
            "[, a]",
            "[a b]",
            "[a = ]",
            "[a = 1 || b = 2]",
            "[a = 1 ||]",
            "[a < x]",
            "[a.b]",
            "[a = (1)]",
            "[a = 1 | a = 2]",
            "[a = $x]",
            "[[a]]",
            "[a = {x}]",
        ];
        for pattern in bad {
            let e = err(pattern);
            assert!(
                matches!(e, FilterPatternError::InvalidSpaceDelimited { .. }),
                "{pattern:?} gave {e:?}"
            );
        }
        assert_eq!(
            err(r#"[a = "x]"#),
            FilterPatternError::UnterminatedQuote { at: 5 }
        );
        assert_eq!(
            err("[a = %1%, b = %2%, c = %3%]"),
            FilterPatternError::TooManyRegex { count: 3 }
        );
        assert!(matches!(
            err("[a = %(x)%]"),
            FilterPatternError::UnsupportedRegexCharacter { .. }
        ));
    }

    #[test]
    fn pattern_length_limit() {
        let at_limit = format!("\"{}\"", "a".repeat(MAX_PATTERN_LEN - 2));
        assert!(p(&at_limit).matches(&"a".repeat(MAX_PATTERN_LEN)));
        let too_long = "a".repeat(MAX_PATTERN_LEN + 1);
        assert_eq!(
            err(&too_long),
            FilterPatternError::TooLong {
                len: MAX_PATTERN_LEN + 1
            }
        );
        // Counted in characters, not bytes.
        let multibyte = format!("\"{}\"", "é".repeat(MAX_PATTERN_LEN - 2));
        assert!(FilterPattern::parse(&multibyte).is_ok());
        assert!(err(&"ERROR ".repeat(200))
            .to_string()
            .contains("1200 characters"));
    }

    #[test]
    fn garbage_patterns_are_errors() {
        let garbage = [
            "\"",
            "[",
            "{",
            "}",
            "]",
            "%",
            "{ $.x = }",
            "{{}",
            "{ $.x = 1 }}",
            "[[",
            "?",
            "-",
            "\"\"\"",
            "{ \" }",
            "[ \" ]",
            "{ $.x = % }",
            "[a = %]",
            "{ ( }",
            "{ ) }",
            "{ $[",
            "{ $.a[1 }",
            "a b \"c",
            "(",
            "ERROR (x)",
            "{ $.x = \"\\\" }",
        ];
        for pattern in garbage {
            assert!(
                FilterPattern::parse(pattern).is_err(),
                "{pattern:?} should be rejected"
            );
        }
    }

    /// Deterministic pseudo-random patterns and events: parsing and matching must never panic.
    #[test]
    fn no_panics_on_random_input() {
        const ALPHABET: &[&str] = &[
            "{", "}", "[", "]", "(", ")", "$", ".", "a", "b", "1", "0", "-", "?", "\"", "\\", "%",
            "*", "=", "!", "<", ">", "&", "|", ",", " ", " ", "...", "IS", "NULL", "NOT", "EXISTS",
            "é", "✓", "\t", ":", "^", "+",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let events = [
            "",
            "a b 1",
            r#"{"a":{"b":[1,"x",null,true]},"1":"é"}"#,
            r#"[1, {"a": "b"}]"#,
            "\"unterminated [bracket é ✓",
            "{not json",
        ];
        let mut parsed = 0;
        for _ in 0..20_000 {
            let len = next(12);
            let pattern: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            let prefix = ["", "{ ", "[", "%"][next(4)];
            let suffix = ["", " }", "]", "%"][next(4)];
            let pattern = format!("{prefix}{pattern}{suffix}");
            if let Ok(fp) = FilterPattern::parse(&pattern) {
                parsed += 1;
                for event in events {
                    let _ = fp.matches(event);
                }
            }
        }
        assert!(parsed > 100, "only {parsed} random patterns parsed");
    }

    #[test]
    fn valid_patterns_parse() {
        let good = [
            (r#"{ $.eventType = "UpdateTrail" }"#, PatternKind::Json),
            (
                r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
                PatternKind::Json,
            ),
            ("{ $.sourceIPAddress != 123.123.* }", PatternKind::Json),
            ("{ $.arrayKey[0] = \"value\" }", PatternKind::Json),
            ("{ $.bandwidth > 75 && $.latency < 100 }", PatternKind::Json),
            ("{ $.x = -1.5 }", PatternKind::Json),
            ("[w1, w2 = ERROR, w3]", PatternKind::SpaceDelimited),
            ("ERROR WARN_2 _x 42", PatternKind::Terms),
        ];
        for (pattern, kind) in good {
            assert_eq!(p(pattern).kind(), kind, "{pattern:?}");
        }
        assert!(m(
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
            r#"{"errorCode":"AccessDeniedException"}"#
        ));
    }

    #[test]
    fn explain_names_what_matched() {
        assert_eq!(p("ERROR").explain("INFO ok"), None);
        assert_eq!(
            p(r#"?"Task timed out" ?panicked"#).explain("id Task timed out after 3.00 seconds"),
            Some(vec![r#"?term "Task timed out" at byte 3"#.to_string()])
        );
        assert_eq!(
            p("ERROR -DEBUG ?ignored").explain("x ERROR y"),
            Some(vec![
                r#"term "ERROR" at byte 2"#.to_string(),
                r#"no "DEBUG" (excluded)"#.to_string()
            ])
        );
        assert_eq!(
            p(r"%Runtime\.[A-Za-z]+%").explain("errorType Runtime.ExitError here"),
            Some(vec![
                r#"regex matched "Runtime.ExitError" at byte 10"#.to_string()
            ])
        );
        let json = r#"{"record":{"status":"timeout"},"arr":[1,5]}"#;
        assert_eq!(
            p(r#"{ $.record.status = "error" || ($.record.status = "time*" && $.arr[*] > 4) }"#)
                .explain(json),
            Some(vec![
                r#"$.record.status = "timeout" (tested = "time*")"#.to_string(),
                "$.arr[*] = 5 (tested > 4)".to_string()
            ])
        );
        assert_eq!(
            p("{ $.gone NOT EXISTS }").explain("{}"),
            Some(vec!["$.gone does not exist".to_string()])
        );
        assert_eq!(
            p("[w1 = ERROR, ..., code = 4*, rest]").explain("ERROR a b 404 Not Found"),
            Some(vec![
                r#"w1 = "ERROR""#.to_string(),
                r#"... = "a b""#.to_string(),
                r#"code = "404""#.to_string(),
                r#"rest = "Not Found""#.to_string()
            ])
        );
        assert_eq!(
            p("").explain("anything"),
            Some(vec!["every event matches this pattern".to_string()])
        );
    }

    #[test]
    fn wildcard_and_number_helpers() {
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("**", "abc"));
        assert!(wildcard_match("a*", "a"));
        assert!(!wildcard_match("a*b", "ab c"));
        assert!(wildcard_match("*é*", "xéy"));
        assert!(!wildcard_match("", "x"));
        assert_eq!(parse_number("-12.5"), Some(-12.5));
        assert_eq!(parse_number("1E+2"), Some(100.0));
        assert_eq!(parse_number("+1"), Some(1.0));
        assert_eq!(parse_number("+1e+3"), Some(1000.0));
        for s in [
            "", "-", "+", "+-1", "1.", ".5", "1e", "inf", "NaN", "0x10", "1e999", "4*",
        ] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }
}
