//! Term patterns: bare words and quoted phrases with `?` and `-` prefixes.

use super::lexer::read_quoted;
use super::{FilterPatternError, Result};

#[derive(Debug, Clone, Default)]
pub(super) struct Terms {
    required: Vec<String>,
    any: Vec<String>,
    excluded: Vec<String>,
}

impl Terms {
    pub(super) fn is_match_all(&self) -> bool {
        self.any.is_empty()
            && self.excluded.is_empty()
            && self.required.len() == 1
            && self.required[0].trim().is_empty()
    }

    /// `?` terms take part only in a pattern of `?` terms alone: combined with plain or `-`
    /// terms they are ignored (see the module documentation).
    pub(super) fn optional_terms_count(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }

    pub(super) fn explain(&self, event: &str) -> Vec<String> {
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

    pub(super) fn matches(&self, event: &str) -> bool {
        self.required.iter().all(|t| event.contains(t.as_str()))
            && !self.excluded.iter().any(|t| event.contains(t.as_str()))
            && (!self.optional_terms_count()
                || self.any.is_empty()
                || self.any.iter().any(|t| event.contains(t.as_str())))
    }
}

pub(super) fn parse_terms(src: &str, start: usize, end: usize) -> Result<Terms> {
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
