//! Whether two stored templates are the same cause ([`align`]).

use super::shapes::{is_cause_bearing, is_exception_type};
use super::{tokenize, Token, MASK};

/// One element of a template for [`align`]: a constant token, or a run of glued variables.
struct Elem<'a> {
    text: &'a str,
    var: bool,
    /// A constant whose difference means a different cause.
    cause: bool,
    space_before: bool,
}

fn elements<'a>(template: &'a str, tokens: &mut Vec<Token>) -> Vec<Elem<'a>> {
    tokenize(template.as_bytes(), tokens);
    let mut out: Vec<Elem<'a>> = Vec::with_capacity(tokens.len());
    for t in tokens.iter() {
        let text = &template[t.start as usize..t.end as usize];
        if t.var {
            if let Some(last) = out.last_mut().filter(|l| l.var && !t.space_before) {
                last.text = "";
                continue;
            }
        }
        out.push(Elem {
            text,
            var: t.var,
            cause: t.fixed || (!t.var && !t.delim && is_cause_bearing(text)),
            space_before: t.space_before,
        });
    }
    out
}

/// Decides whether two templates of the same function and class are the same cause, and if so
/// returns the template that covers both (the stored one, generalised where they differ).
///
/// The templates are re-read with the shape rules of [`tokenize`] (so a template stored by an
/// older engine, with a value still literal, is judged by today's rules) and walked token by
/// token. They align when every position is one of:
/// - the same constant on both sides;
/// - a variable on one side or both (`<*>`, or a value by shape: a path, a quoted word, a
///   `key=value` value, a random-letter token, …); a variable may stand for a glued run of
///   tokens on the other side (`<*>` vs `orders-eu:7`).
///
/// It returns `None` (different causes, or not provably the same) when two constants differ,
/// when the templates have different structure (token counts that no variable explains), and
/// when a cause-bearing token (IAM action, exception type, error code, an ARN's service or
/// resource type, upper-case error constant) faces anything but itself, even a `<*>`: a
/// template from this engine never masks such a token, so a `<*>` there means a different
/// cause or a template too old to judge, and keeping two incidents apart is the safe error.
/// The template of an unhandled exception, `Type at frame`, aligns only with itself: the
/// frame's file path is not a slot. Whitespace differences alone do not matter. The result is deterministic and symmetric up
/// to which side's constants are kept (equal anyway), so merging is idempotent:
/// `align(&align(a, b)?, b) == align(a, b)`.
pub fn align(stored: &str, new: &str) -> Option<String> {
    // `Type at frame` is the template of an unhandled exception (`fingerprint::template_for`):
    // type and top in-app frame are the cause, so nothing in it is a variable slot.
    fn frame(t: &str) -> Option<(&str, &str)> {
        t.split_once(" at ")
            .filter(|(kind, _)| !kind.contains(' ') && is_exception_type(kind.as_bytes()))
    }
    if frame(stored).is_some() || frame(new).is_some() {
        return (stored == new).then(|| stored.to_string());
    }
    let mut tokens = Vec::new();
    let a = elements(stored, &mut tokens);
    let b = elements(new, &mut tokens);
    let mut out = String::with_capacity(stored.len());
    let (mut i, mut j) = (0, 0);
    let mut last_var = false;
    let mut push = |out: &mut String, e: &Elem<'_>, var: bool| {
        if var && last_var && !e.space_before {
            return;
        }
        if e.space_before && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(if var { MASK } else { e.text });
        last_var = var;
    };
    while i < a.len() && j < b.len() {
        let (x, y) = (&a[i], &b[j]);
        if !x.var && !y.var {
            if x.text != y.text {
                return None;
            }
            push(&mut out, x, false);
            i += 1;
            j += 1;
            continue;
        }
        // One side or both variable: the variable absorbs the other side's glued run.
        if (!x.var && x.cause) || (!y.var && y.cause) {
            return None;
        }
        push(&mut out, if x.var { x } else { y }, true);
        i += 1;
        j += 1;
        // A run glued to the variable on one side is part of it while the other side moves on
        // to a separate token (or ends): `<*>` vs `db-eu:<*>`.
        loop {
            let a_glued = a.get(i).is_some_and(|e| !e.space_before);
            let b_glued = b.get(j).is_some_and(|e| !e.space_before);
            if a_glued && !b_glued && (a[i].var || !a[i].cause) {
                i += 1;
            } else if b_glued && !a_glued && (b[j].var || !b[j].cause) {
                j += 1;
            } else {
                break;
            }
        }
    }
    // Both must end together: a token that only one side has is a difference in structure.
    if i < a.len() || j < b.len() {
        return None;
    }
    Some(out)
}
