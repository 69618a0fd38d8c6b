//! The lexer of JSON and space-delimited patterns: operators, selectors (`$.a[0]`,
//! `$.['a.b']`, wildcards), quoted strings and `%regex%` bodies, each token with its offset.

use super::{FilterPatternError, Result, MAX_WILDCARDS_PER_SELECTOR};
use std::fmt;

/// Reads the double-quoted string whose opening quote is at `at`; returns its unescaped text
/// and the offset just past the closing quote. `\"` and `\\` are escapes; any other backslash
/// is kept literally.
pub(super) fn read_quoted(src: &str, at: usize, end: usize) -> Result<(String, usize)> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Json,
    Space,
}

pub(super) fn syntax_err(mode: Mode, at: usize, msg: impl fmt::Display) -> FilterPatternError {
    let reason = format!("at offset {at}: {msg}");
    match mode {
        Mode::Json => FilterPatternError::InvalidJson { reason },
        Mode::Space => FilterPatternError::InvalidSpaceDelimited { reason },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
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
pub(super) enum PathPart {
    Key(String),
    Index(usize),
    /// `[*]` or `.*`: every element of an array, every field value of an object.
    Wildcard,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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
pub(super) fn is_special(b: u8) -> bool {
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

pub(super) fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'@')
}

pub(super) fn lex(src: &str, start: usize, end: usize, mode: Mode) -> Result<Vec<(Tok, usize)>> {
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
pub(super) fn lex_selector(src: &str, at: usize, end: usize) -> Result<(Vec<PathPart>, usize)> {
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
