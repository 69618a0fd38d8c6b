//! JSON patterns: `{ $.a.b[0] = "x*" && ($.n >= 10 || $.c IS NULL) }`, their grammar and
//! their evaluation on a parsed event.

use super::lexer::{is_key_byte, syntax_err, Mode, PathPart, Tok};
use super::parser::Parser;
use super::values::Condition;
use super::{Result, MAX_NESTING};
use serde_json::Value;

#[derive(Debug, Clone)]
pub(super) enum Test {
    Compare(Condition),
    IsTrue,
    IsFalse,
    IsNull,
    NotExists,
}

#[derive(Debug, Clone)]
pub(super) enum JsonExpr {
    Or(Vec<JsonExpr>),
    And(Vec<JsonExpr>),
    Check { path: Vec<PathPart>, test: Test },
}

impl JsonExpr {
    pub(super) fn eval(&self, root: &Value) -> bool {
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
    pub(super) fn check<'v>(root: &'v Value, path: &[PathPart], test: &Test) -> Option<&'v Value> {
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
    pub(super) fn explain(&self, root: &Value, out: &mut Vec<String>) {
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

    pub(super) fn wildcard_count(&self) -> usize {
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
pub(super) fn path_text(path: &[PathPart]) -> String {
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

/// Every value `path` selects in `root` (several only through a wildcard).
pub(super) fn resolve<'v>(root: &'v Value, path: &[PathPart], out: &mut Vec<&'v Value>) {
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

/// The JSON grammar: `||` over `&&` over checks and parenthesised groups.
impl Parser {
    pub(super) fn json_pattern(&mut self) -> Result<JsonExpr> {
        if self.toks.is_empty() {
            return Err(syntax_err(Mode::Json, self.end, "empty JSON pattern `{}`"));
        }
        let expr = self.json_or(0)?;
        if self.peek().is_some() {
            return Err(self.err("expected `&&`, `||` or the end of the pattern"));
        }
        Ok(expr)
    }

    pub(super) fn json_or(&mut self, depth: usize) -> Result<JsonExpr> {
        self.json_chain(depth, Tok::Or, Self::json_and, JsonExpr::Or)
    }

    pub(super) fn json_and(&mut self, depth: usize) -> Result<JsonExpr> {
        self.json_chain(depth, Tok::And, Self::json_primary, JsonExpr::And)
    }

    /// `operand (op operand)*`, one level of the `||` / `&&` precedence ladder.
    pub(super) fn json_chain(
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

    pub(super) fn json_primary(&mut self, depth: usize) -> Result<JsonExpr> {
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
}
