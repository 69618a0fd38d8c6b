//! The parser shared by JSON and space-delimited patterns: the token cursor, its errors and
//! the `OP VALUE` condition both forms use. The forms' own grammar is in `json.rs` and
//! `space.rs`.

use super::lexer::{lex, syntax_err, Mode, Op, Tok};
use super::values::{compile_regex, parse_number, Condition, Literal};
use super::{FilterPatternError, Result};
use std::fmt;

pub(super) struct Parser {
    pub(super) toks: Vec<(Tok, usize)>,
    pub(super) pos: usize,
    pub(super) mode: Mode,
    /// Offset just past the pattern body, for "unexpected end" errors.
    pub(super) end: usize,
    pub(super) regex_count: usize,
}

impl Parser {
    pub(super) fn new(src: &str, start: usize, end: usize, mode: Mode) -> Result<Self> {
        Ok(Self {
            toks: lex(src, start, end, mode)?,
            pos: 0,
            mode,
            end,
            regex_count: 0,
        })
    }

    pub(super) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    pub(super) fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |&(_, at)| at)
    }

    pub(super) fn bump(&mut self) -> Option<(Tok, usize)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    pub(super) fn err(&self, msg: impl fmt::Display) -> FilterPatternError {
        let found = match self.peek() {
            Some(t) => format!("found {t}"),
            None => "found end of pattern".to_string(),
        };
        syntax_err(self.mode, self.at(), format!("{msg}, {found}"))
    }

    /// `OP VALUE`, with the operator next.
    pub(super) fn condition(&mut self) -> Result<Condition> {
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
}
