//! Splitting a message into tokens and marking the variables that show only in context.

use super::shapes::{
    closing, is_cause_bearing_bytes, is_date_word, is_exception_type, is_iam_action,
    is_pascal_case, is_source_file, is_space, is_unit, is_variable_word_with, looks_random, CLASS,
    DELIM, SPACE, UPPER,
};
use super::{Token, MAX_GROUP_TOKENS, MAX_TOKENS, MAX_WORD_LEN};

/// Pushes the tokens of a structured chunk (ARN, URL, IAM action) starting at `start`, or
/// returns `false` when the chunk has none of these shapes.
fn push_structured(
    msg: &[u8],
    start: usize,
    end: usize,
    space_before: bool,
    out: &mut Vec<Token>,
) -> bool {
    let chunk = &msg[start..end];
    let tok = |s: usize, e: usize, var: bool, fixed: bool, delim: bool, sp: bool| Token {
        start: s as u32,
        end: e as u32,
        space_before: sp,
        delim,
        var,
        fixed,
    };
    if chunk.starts_with(b"arn:") {
        // arn:partition:service:region:account:resource. The resource is `type/name`,
        // `type:name` or a bare name; S3 objects and buckets (no region, no account) have no type.
        let colons: Vec<usize> = chunk
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b':')
            .map(|(i, _)| start + i)
            .take(5)
            .collect();
        if colons.len() < 5 {
            return false;
        }
        let mut sp = space_before;
        let mut from = start;
        for (k, &c) in colons.iter().enumerate() {
            if c > from {
                // arn, partition and service are kept; region and account are variables.
                out.push(tok(from, c, k >= 3, k < 3, false, sp));
                sp = false;
            }
            out.push(tok(c, c + 1, false, true, true, sp));
            sp = false;
            from = c + 1;
        }
        if from < end {
            let resource = &msg[from..end];
            let typeless = colons[3] == colons[2] + 1 && colons[4] == colons[3] + 1;
            match resource.iter().position(|&b| b == b'/' || b == b':') {
                Some(k) if !typeless && k > 0 => {
                    out.push(tok(from, from + k, false, true, false, false));
                    out.push(tok(from + k, from + k + 1, false, true, true, false));
                    if from + k + 1 < end {
                        out.push(tok(from + k + 1, end, true, false, false, false));
                    }
                }
                _ => out.push(tok(from, end, true, false, false, false)),
            }
        }
        return true;
    }
    if let Some(k) = chunk.windows(3).position(|w| w == b"://") {
        let scheme = &chunk[..k];
        if scheme.is_empty()
            || !scheme
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return false;
        }
        let host_start = start + k + 3;
        out.push(tok(start, host_start, false, true, false, space_before));
        let host_end = msg[host_start..end]
            .iter()
            .position(|&b| matches!(b, b'/' | b'?' | b'#'))
            .map_or(end, |p| host_start + p);
        if host_end > host_start {
            let host = &msg[host_start..host_end];
            // The host names the dependency that failed, so it is kept unless it is an address.
            let var = host.len() > MAX_WORD_LEN || host.iter().any(u8::is_ascii_digit);
            out.push(tok(host_start, host_end, var, false, false, false));
        }
        if host_end < end {
            // Path, query and fragment: which object or record was asked for.
            out.push(tok(host_end, host_end + 1, false, true, true, false));
            if host_end + 1 < end {
                out.push(tok(host_end + 1, end, true, false, false, false));
            }
        }
        return true;
    }
    if is_iam_action(chunk) {
        out.push(tok(start, end, false, true, false, space_before));
        return true;
    }
    false
}

/// End of the structured chunk that may start at `i`: up to the next space, less trailing
/// punctuation that closes or ends a sentence around it.
fn chunk_end(msg: &[u8], i: usize) -> usize {
    let mut end = i;
    while end < msg.len() && !is_space(msg[end]) {
        end += 1;
    }
    while end > i
        && matches!(
            msg[end - 1],
            b')' | b']' | b'}' | b'"' | b'\'' | b'`' | b',' | b';' | b'.' | b'>'
        )
    {
        end -= 1;
    }
    end
}

/// Splits `msg` into words and single-byte delimiters and marks the variable ones.
pub(crate) fn tokenize(msg: &[u8], out: &mut Vec<Token>) {
    out.clear();
    out.reserve(MAX_TOKENS + 1);
    let mut i = 0;
    let mut space_before = false;
    // Whether some constant word is a day or month name: only then is the date rule of
    // `mark_context` worth a pass. A superset is harmless (that pass checks each word again).
    let mut dates = false;
    while i < msg.len() && out.len() < MAX_TOKENS {
        let class = CLASS[msg[i] as usize];
        if class == SPACE {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        if class == DELIM {
            out.push(Token {
                start: start as u32,
                end: start as u32 + 1,
                space_before,
                delim: true,
                var: false,
                fixed: false,
            });
            i += 1;
            space_before = false;
            continue;
        }
        let mut flags = 0;
        // Four bytes a step while none of them ends the word, then byte by byte.
        while i + 4 <= msg.len() {
            let four = CLASS[msg[i] as usize]
                | CLASS[msg[i + 1] as usize]
                | CLASS[msg[i + 2] as usize]
                | CLASS[msg[i + 3] as usize];
            if four & (SPACE | DELIM) != 0 {
                break;
            }
            flags |= four;
            i += 4;
        }
        while i < msg.len() {
            let c = CLASS[msg[i] as usize];
            if c & (SPACE | DELIM) != 0 {
                break;
            }
            flags |= c;
            i += 1;
        }
        // A colon right after the word may open an ARN (`arn:`), a URL (`scheme://`) or an
        // IAM action (`service:Action`).
        if i + 1 < msg.len()
            && msg[i] == b':'
            && i - start <= 16
            && (&msg[start..i] == b"arn"
                || msg[i + 1..].starts_with(b"//")
                || msg[i + 1].is_ascii_uppercase()
                || msg[i + 1] == b'*')
        {
            let end = chunk_end(msg, start);
            let before = out.len();
            if end > i && push_structured(msg, start, end, space_before, out) {
                dates |= out[before..].iter().any(|t| {
                    !t.var
                        && !t.delim
                        && !t.fixed
                        && is_date_word(&msg[t.start as usize..t.end as usize])
                });
                i = end;
                space_before = false;
                continue;
            }
        }
        let word = &msg[start..i];
        let var = is_variable_word_with(word, flags);
        // Only a word of letters can be a day or month name.
        dates |= !var && flags & !UPPER == 0 && is_date_word(word);
        out.push(Token {
            start: start as u32,
            end: i as u32,
            space_before,
            delim: false,
            var,
            fixed: false,
        });
        space_before = false;
    }
    out.truncate(MAX_TOKENS);
    if i < msg.len() {
        // Over the token cap: the unread rest is one trailing variable.
        out.push(Token {
            start: i as u32,
            end: msg.len() as u32,
            space_before: true,
            delim: false,
            var: true,
            fixed: false,
        });
    }
    mark_context(msg, out, dates);
}

fn byte_at(msg: &[u8], t: &Token) -> u8 {
    msg[t.start as usize]
}

/// Variables that show only in context: units, field values, quoted words, date names,
/// bracket groups and glued delimiters.
fn mark_context(msg: &[u8], out: &mut [Token], dates: bool) {
    let text = |t: &Token| &msg[t.start as usize..t.end as usize];
    let is_word = |t: &Token| !t.delim && !t.fixed;
    let cause = |t: &Token| is_cause_bearing_bytes(&msg[t.start as usize..t.end as usize]);
    let n = out.len();
    let mut brackets = false;
    // One pass for the rules around a single delimiter, and for units.
    for k in 0..n {
        let t = out[k];
        if !t.delim {
            if !t.var
                && !t.fixed
                && k > 0
                && out[k - 1].var
                && !out[k - 1].delim
                && is_unit(text(&t))
            {
                // A unit right after a number belongs to the quantity.
                out[k].var = true;
            }
            continue;
        }
        if t.fixed {
            continue;
        }
        let (prev, next) = (k.checked_sub(1).map(|j| out[j]), out.get(k + 1).copied());
        match (byte_at(msg, &t), prev, next) {
            (b':', Some(key), Some(value))
                if !t.space_before && is_word(&key) && is_word(&value) =>
            {
                if key.var && !value.space_before && text(&value).iter().all(u8::is_ascii_digit) {
                    // `path:line` is a code location (the compilers' and stack traces'
                    // convention): the file names the place that failed and is kept; the line
                    // numbers move and are masked.
                    if is_source_file(text(&key)) {
                        out[k - 1].var = false;
                        out[k - 1].fixed = true;
                    }
                } else if !key.var
                    && !value.var
                    && value.space_before
                    && is_field_key(text(&key))
                    && ends_field(msg, out, k + 1)
                    && !cause(&value)
                {
                    // `key: value` in a field list: the value ends the line or a field.
                    out[k + 1].var = true;
                }
            }
            (b'=', Some(key), Some(value))
                if !t.space_before
                    && is_word(&key)
                    && is_word(&value)
                    && !value.var
                    && !value.space_before
                    && !cause(&value) =>
            {
                // `key=value`: the value of a field.
                out[k + 1].var = true;
            }
            (q @ (b'"' | b'\'' | b'`'), _, Some(word)) => {
                // A single quoted word is an input value: `'blorp'`, "acme", `'SPRINGSALE'`,
                // unless it is a JSON key (`"key":`) or names a cause (an exception type,
                // PascalCase code or IAM action; a quoted all-caps word is as often a value).
                let Some(close) = out.get(k + 2) else {
                    continue;
                };
                let opens = prev.is_none_or(|p| t.space_before || p.delim);
                let is_key = out
                    .get(k + 3)
                    .is_some_and(|t| t.delim && byte_at(msg, t) == b':' && !t.space_before);
                if opens
                    && close.delim
                    && byte_at(msg, close) == q
                    && !close.space_before
                    && is_word(&word)
                    && !word.var
                    && !word.space_before
                    && !is_key
                    && !quoted_cause(&msg[word.start as usize..word.end as usize])
                {
                    out[k + 1].var = true;
                }
            }
            (b'(' | b'[' | b'{', ..) => brackets = true,
            _ => {}
        }
    }
    if dates {
        // Day and month names next to another part of a date; twice, so `Sun Dec 04` spreads.
        for _ in 0..2 {
            for k in 0..n {
                if out[k].var || !is_word(&out[k]) || !is_date_word(text(&out[k])) {
                    continue;
                }
                let near = |j: Option<usize>| {
                    j.and_then(|j| out.get(j))
                        .is_some_and(|t| t.var && !t.delim)
                };
                // Skip one comma or dash between (`Thu, 01 Dec`).
                let prev = (k >= 1).then(|| {
                    if out[k - 1].delim && k >= 2 {
                        k - 2
                    } else {
                        k - 1
                    }
                });
                let next = if out.get(k + 1).is_some_and(|t| t.delim) {
                    k + 2
                } else {
                    k + 1
                };
                if near(prev) || near(Some(next)) {
                    out[k].var = true;
                }
            }
        }
    }
    if brackets {
        // A bracket group holding a variable is one structured value: `(1.2 KB)`,
        // `[instance: id]`, unless it holds a recognised structure or a cause.
        for k in 0..n {
            let Some(close) = closing(byte_at(msg, &out[k])).filter(|_| out[k].delim) else {
                continue;
            };
            let open = byte_at(msg, &out[k]);
            let mut depth = 0;
            let end = (k + MAX_GROUP_TOKENS).min(n);
            for j in k + 1..end {
                let t = out[j];
                if t.delim && byte_at(msg, &t) == open {
                    depth += 1;
                } else if t.delim && byte_at(msg, &t) == close {
                    if depth == 0 {
                        let inner = &out[k + 1..j];
                        if inner.iter().any(|t| t.var)
                            && !inner
                                .iter()
                                .any(|t| t.fixed || (!t.var && !t.delim && cause(t)))
                        {
                            for t in &mut out[k..=j] {
                                t.var = true;
                            }
                        }
                        break;
                    }
                    depth -= 1;
                }
            }
        }
    }
    // A delimiter glued between two variables is inside one value: `10:42:07`, `1,2,3`.
    for k in 1..n.saturating_sub(1) {
        if out[k].delim
            && !out[k].fixed
            && out[k - 1].var
            && out[k + 1].var
            && !out[k].space_before
            && !out[k + 1].space_before
        {
            out[k].var = true;
        }
    }
}

/// The causes a quoted word can name: an exception type, a PascalCase error code or
/// operation, an IAM action (see [`is_cause_bearing`]).
fn quoted_cause(w: &[u8]) -> bool {
    let last = w.rsplit(|&b| b == b'.').next().unwrap_or(w);
    is_iam_action(w) || is_exception_type(w) || (is_pascal_case(last) && !looks_random(last))
}

/// A field name: starts with a lower-case letter, then letters, digits, `_`, `-` or `.`.
fn is_field_key(key: &[u8]) -> bool {
    key.first().is_some_and(u8::is_ascii_lowercase)
        && key
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Whether the value at `k` ends a field: the line ends, a `, ; ) ] }` follows, or the next
/// word is itself a key (`tenant: acme user: bob`).
fn ends_field(msg: &[u8], out: &[Token], k: usize) -> bool {
    match out.get(k + 1) {
        None => true,
        Some(t) if t.delim => matches!(byte_at(msg, t), b',' | b';' | b')' | b']' | b'}'),
        Some(_) => out
            .get(k + 2)
            .is_some_and(|t| t.delim && !t.space_before && matches!(byte_at(msg, t), b':' | b'=')),
    }
}
