//! Space-delimited patterns: `[ip, user, ..., status_code = 4*, bytes]`, the event
//! tokenizer they read and the field assignment.

use super::lexer::{syntax_err, Mode, Tok};
use super::parser::Parser;
use super::values::Condition;
use super::Result;

/// One field of a space-delimited pattern.
#[derive(Debug, Clone)]
pub(super) enum Field {
    /// A bare name: any token.
    Any(String),
    /// `...`: any number of tokens.
    Ellipsis,
    /// `name OP value` terms: OR of ANDs.
    Cond(String, Vec<Vec<Condition>>),
}

impl Field {
    pub(super) fn name(&self) -> &str {
        match self {
            Field::Any(name) | Field::Cond(name, _) => name,
            Field::Ellipsis => "...",
        }
    }

    pub(super) fn matches(&self, token: &str) -> bool {
        match self {
            Field::Any(_) => true,
            Field::Ellipsis => false,
            Field::Cond(_, any) => any
                .iter()
                .any(|all| all.iter().all(|c| c.eval_token(token))),
        }
    }
}

impl Parser {
    pub(super) fn space_pattern(&mut self) -> Result<Vec<Field>> {
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

    pub(super) fn space_field(&mut self) -> Result<Field> {
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

pub(super) fn is_field_name(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// One token of a space-delimited event: its value (quotes or brackets removed) and the
/// offset where it starts in the event (at the opening quote or bracket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub(super) value: &'a str,
    pub(super) start: usize,
}

/// Splits a space-delimited event into tokens: runs of non-whitespace, except that a token
/// starting with `"` or `[` runs to the matching `"` / `]` (which are removed).
pub(super) fn split_event(event: &str) -> Vec<Token<'_>> {
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
pub(super) fn rest_of_line<'a>(event: &'a str, tokens: &[Token<'a>], j: usize) -> &'a str {
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
pub(super) fn match_fields(
    fields: &[Field],
    event: &str,
    tokens: &[Token<'_>],
) -> Option<Vec<usize>> {
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

/// What each field took from `event` (`name = "value"`), or `None` when the fields do not
/// cover it.
pub(super) fn explain_fields(fields: &[Field], event: &str) -> Option<Vec<String>> {
    let tokens = split_event(event);
    let starts = match_fields(fields, event, &tokens)?;
    let joined = |from: usize, to: usize| {
        tokens[from..to]
            .iter()
            .map(|t| t.value)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(
        fields
            .iter()
            .enumerate()
            .map(|(f, field)| {
                let from = starts[f];
                let value = if f + 1 == fields.len() {
                    if from < tokens.len() && !matches!(field, Field::Ellipsis) {
                        rest_of_line(event, &tokens, from).to_string()
                    } else {
                        joined(from, tokens.len())
                    }
                } else {
                    joined(from, starts[f + 1])
                };
                format!("{} = {value:?}", field.name())
            })
            .collect(),
    )
}
