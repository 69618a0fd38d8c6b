//! The data fence and what makes untrusted text safe inside it: normalised (NFKC, no
//! invisible characters), redacted, with no marker-like run of angle brackets and no nonce,
//! and cut to a bound with a visible mark.

use crate::redact::redact;
use std::borrow::Cow;

/// The markers around the untrusted data block, with a nonce drawn for each request.
///
/// The nonce only has to be unknown to whoever wrote the logs, who writes them before the
/// prompt exists; the fence's real guarantee is that the data cannot contain a marker at all
/// (see [`escape_markers`]), whatever the nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    nonce: String,
}

impl Fence {
    /// A fresh 128-bit nonce. Std's `RandomState` keys SipHash with random keys from the
    /// operating system, so its output over a counter is unpredictable without adding a
    /// random-number crate to the core.
    pub fn random() -> Fence {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let state = std::collections::hash_map::RandomState::new();
        let word = |salt: u64| {
            let mut h = state.build_hasher();
            h.write_u64(n);
            h.write_u64(salt);
            h.finish()
        };
        Fence {
            nonce: format!("{:016x}{:016x}", word(0), word(1)),
        }
    }

    /// A fence with a given nonce (tests, reproducible prompts). Characters other than ASCII
    /// letters, digits and `-` are dropped so the nonce cannot hold a marker character.
    pub fn with_nonce(nonce: &str) -> Fence {
        let nonce: String = nonce
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Fence { nonce }
    }

    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// Opens the untrusted data block.
    pub fn open(&self) -> String {
        format!("<<<LOG-DATA-{}>>>", self.nonce)
    }

    /// Closes the untrusted data block.
    pub fn close(&self) -> String {
        format!("<<<END-LOG-DATA-{}>>>", self.nonce)
    }
}

/// What an occurrence of the nonce in the data becomes (only possible if the nonce leaked).
pub(super) const FENCE_NEUTRALISED: &str = "[fence-token-removed]";

/// Appended to a cut field so the model knows text is missing. Contains `[` so, like
/// [`FENCE_NEUTRALISED`], it cannot complete a fence token with the text before it.
pub(super) const CUT_MARK: &str = "…[cut]";

/// Samples longer than this are cut before redaction, so redaction work is bounded too. It is a
/// multiple of the final cut so a secret straddling the final cut is still seen whole.
pub(super) const PRE_REDACTION_FACTOR: usize = 4;

/// Normalise, redact, escape marker-like runs and the nonce, then cut to `max_chars` (the
/// result, cut mark included, is at most `max_chars` characters). Upstream already redacted
/// stored samples; redacting again costs little and protects against records written by older
/// or buggy writers, and redacting after NFKC also catches full-width spellings of secrets.
pub(super) fn untrusted_field(text: &str, max_chars: usize, fence: &Fence) -> String {
    let pre = cut_chars(text, max_chars.saturating_mul(PRE_REDACTION_FACTOR));
    let visible = normalise(pre);
    let redacted = redact(&visible);
    let escaped = escape_markers(&redacted);
    let neutral = neutralise_nonce(&escaped, fence);
    truncate_marked(&neutral, max_chars)
}

/// NFKC (full-width and compatibility forms become their plain letters: `＜＜＜ＥＮＤ` is
/// `<<<END`), then without the characters a reader cannot see: Unicode's format characters
/// (general category Cf: zero-width spaces and joiners, bidi embeddings, overrides and
/// isolates, the BOM, tag characters), the other Default_Ignorable_Code_Point characters
/// (variation selectors, Hangul fillers, combining grapheme joiner) and control characters
/// other than tab and newline. What the model reads is then what the escaping below checked.
pub fn normalise(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
    {
        return text.to_string();
    }
    text.nfkc().filter(|c| !is_invisible(*c)).collect()
}

/// Cf (Unicode 15.1 UnicodeData.txt) and Default_Ignorable_Code_Point
/// (DerivedCoreProperties.txt), plus C0/C1 controls other than tab and newline.
pub(super) fn is_invisible(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return false;
    }
    matches!(c as u32,
        0x0000..=0x001F
        | 0x007F..=0x009F
        | 0x00AD
        | 0x034F
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x115F..=0x1160
        | 0x17B4..=0x17B5
        | 0x180B..=0x180F
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x206F
        | 0x3164
        | 0xFE00..=0xFE0F
        | 0xFEFF
        | 0xFFA0
        | 0xFFF0..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// How many `<` (negative: `>`) a character reads as. ASCII and the characters Unicode's
/// confusables list (UTS #39 confusables.txt) maps to `<`, `>`, `<<`, `>>`, `<<<`, `>>>`, and
/// `≮`/`≯` (what NFKC makes of `<`/`>` followed by a combining slash); full-width and small
/// forms are already ASCII after NFKC.
pub(super) fn angle_weight(c: char) -> i32 {
    match c {
        '<' | '\u{2039}' | '\u{02C2}' | '\u{1438}' | '\u{16B2}' | '\u{276E}' | '\u{3008}'
        | '\u{27E8}' | '\u{276C}' | '\u{2770}' | '\u{29FC}' | '\u{2329}' | '\u{226E}' => 1,
        '\u{00AB}' | '\u{226A}' | '\u{27EA}' | '\u{300A}' => 2,
        '\u{22D8}' => 3,
        '>' | '\u{203A}' | '\u{02C3}' | '\u{1433}' | '\u{276F}' | '\u{3009}' | '\u{27E9}'
        | '\u{276D}' | '\u{2771}' | '\u{29FD}' | '\u{232A}' | '\u{226F}' => -1,
        '\u{00BB}' | '\u{226B}' | '\u{27EB}' | '\u{300B}' => -2,
        '\u{22D9}' => -3,
        _ => 0,
    }
}

/// Every run of two or more angle brackets (or look-alikes) becomes `&lt;`/`&gt;` entities, so
/// the data holds no `<<` or `>>` at all: no spelling of either marker, whatever its letters
/// (homoglyphs included) or its nonce. A lone `<` (`<email>`, `List<String>`) is kept.
pub(super) fn escape_markers(text: &str) -> Cow<'_, str> {
    let run_weight = |run: &str| run.chars().map(|c| angle_weight(c).abs()).sum::<i32>();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let w = angle_weight(c);
        if w == 0 {
            continue;
        }
        // A run of same-direction brackets.
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if angle_weight(next).signum() != w.signum() {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let run = &text[start..end];
        let weight = run_weight(run);
        if weight < 2 {
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        buf.push_str(&text[copied..start]);
        let entity = if w > 0 { "&lt;" } else { "&gt;" };
        for _ in 0..weight {
            buf.push_str(entity);
        }
        copied = end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// Replace every case-insensitive occurrence of the nonce (only possible if it leaked into a
/// log). The replacement has `[`, which no nonce holds, so no new occurrence can form.
pub(super) fn neutralise_nonce(text: &str, fence: &Fence) -> String {
    let needle = fence.nonce().to_ascii_lowercase();
    if needle.is_empty() {
        return text.to_string();
    }
    // ASCII lowercasing keeps byte offsets, so indices found in `lower` are valid in `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, _) in lower.match_indices(&needle) {
        out.push_str(&text[last..start]);
        out.push_str(FENCE_NEUTRALISED);
        last = start + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

/// The longest prefix of at most `max_chars` characters (never splits a character).
pub(super) fn cut_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((byte, _)) => &text[..byte],
        None => text,
    }
}

/// Cut to at most `max_chars` characters in total, marking a cut with [`CUT_MARK`].
pub(super) fn truncate_marked(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mark = CUT_MARK.chars().count();
    if max_chars <= mark {
        return cut_chars(text, max_chars).to_string();
    }
    let mut out = cut_chars(text, max_chars - mark).to_string();
    out.push_str(CUT_MARK);
    out
}
