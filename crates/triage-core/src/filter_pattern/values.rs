//! The values every pattern kind compares with: regex terms (checked against CloudWatch's
//! character set), strict numbers, `*` wildcards, and the `OP VALUE` condition built from them.

use super::lexer::Op;
use super::{FilterPatternError, Result};
use regex::{Regex, RegexBuilder};
use serde_json::Value;
use std::fmt;

/// Compiled-program and lazy-DFA cache limit of one regex, so a hostile pattern cannot use
/// much memory.
pub(super) const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Characters a CloudWatch filter-pattern regex may contain besides ASCII letters and digits.
pub(super) const REGEX_ALLOWED_SYMBOLS: &str = "_#=@/;,-: ^$?[]{}|\\*+.";

/// Validates a regex body against CloudWatch's character set and compiles it. `at` is the
/// offset of the body in the pattern.
pub(super) fn compile_regex(body: &str, at: usize) -> Result<Regex> {
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

pub(super) fn standalone_regex(src: &str, start: usize, end: usize) -> Result<Regex> {
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
pub(super) fn parse_number(s: &str) -> Option<f64> {
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
pub(super) fn wildcard_match(pattern: &str, text: &str) -> bool {
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

/// A value on the right of an operator.
#[derive(Debug, Clone)]
pub(super) enum Literal {
    Number(f64),
    /// String, `*` is a wildcard.
    Text(String),
    Regex(Regex),
}

#[derive(Debug, Clone)]
pub(super) struct Condition {
    pub(super) op: Op,
    pub(super) value: Literal,
}

impl Condition {
    /// Compares a JSON value; numbers only to numbers, strings only to strings.
    pub(super) fn eval_json(&self, field: &Value) -> bool {
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
    pub(super) fn eval_token(&self, token: &str) -> bool {
        match &self.value {
            Literal::Number(n) => parse_number(token).is_some_and(|v| compare(self.op, v, *n)),
            _ => self.eval_text(token),
        }
    }

    pub(super) fn eval_text(&self, s: &str) -> bool {
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

pub(super) fn compare(op: Op, field: f64, value: f64) -> bool {
    match op {
        Op::Eq => field == value,
        Op::Ne => field != value,
        Op::Lt => field < value,
        Op::Gt => field > value,
        Op::Le => field <= value,
        Op::Ge => field >= value,
    }
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
