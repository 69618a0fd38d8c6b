//! Variables by shape: byte classes and the shape tests of one word (paths, hosts, random
//! letters, date names) and of the cause-bearing tokens that are never masked.

use super::{MASK, MAX_WORD_LEN};

// Byte classes, one table lookup per byte of the message.
pub(super) const SPACE: u8 = 1;
pub(super) const DELIM: u8 = 2;
const DIGIT: u8 = 4;
pub(super) const UPPER: u8 = 8;
const DOT: u8 = 16;
const AT: u8 = 32;
const SLASH: u8 = 64;
const ANGLE: u8 = 128;

/// A table of 256 entries, one per byte value `$c`, each `$value` (evaluated at compile time).
macro_rules! byte_table {
    ($c:ident => $value:expr) => {{
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let $c = b as u8;
            t[b] = $value;
            b += 1;
        }
        t
    }};
}

pub(super) const CLASS: [u8; 256] = byte_table!(c => if is_space(c) {
    SPACE
} else if is_delim(c) {
    DELIM
} else if c.is_ascii_digit() {
    DIGIT
} else if c.is_ascii_uppercase() {
    UPPER
} else {
    match c {
        b'.' => DOT,
        b'@' => AT,
        b'/' | b'\\' => SLASH,
        b'<' => ANGLE,
        _ => 0,
    }
});

pub(super) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

const fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'=' | b',' | b':' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'\'' | b'`'
    )
}

pub(super) fn closing(b: u8) -> Option<u8> {
    match b {
        b'(' => Some(b')'),
        b'[' => Some(b']'),
        b'{' => Some(b'}'),
        _ => None,
    }
}

/// Top-level domains that mark a dotted word as a host name.
const TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "edu",
    "gov",
    "mil",
    "int",
    "io",
    "us",
    "uk",
    "cn",
    "hk",
    "de",
    "jp",
    "fr",
    "ru",
    "info",
    "biz",
    "local",
    "localdomain",
    "internal",
    "lan",
];

/// Words that, right after a number, are part of the quantity (`1.5 KB`, `<1 sec`).
const UNITS: &[&[u8]] = &[
    b"b", b"kb", b"mb", b"gb", b"tb", b"kib", b"mib", b"gib", b"tib", b"ms", b"us", b"ns", b"s",
    b"sec", b"secs", b"min", b"mins",
];

/// English day and month names, full and abbreviated, and the 12-hour clock markers: the words
/// of a date written out (a published vocabulary, not one drawn from a sample).
const DATE_WORDS: &[&[u8]] = &[
    b"mon",
    b"tue",
    b"tues",
    b"wed",
    b"thu",
    b"thur",
    b"thurs",
    b"fri",
    b"sat",
    b"sun",
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
    b"jan",
    b"feb",
    b"mar",
    b"apr",
    b"may",
    b"jun",
    b"jul",
    b"aug",
    b"sep",
    b"sept",
    b"oct",
    b"nov",
    b"dec",
    b"january",
    b"february",
    b"march",
    b"april",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
    b"am",
    b"pm",
];

fn is_host_name(word: &[u8]) -> bool {
    let dots = word.iter().filter(|&&b| b == b'.').count();
    if dots < 2
        || !word
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return false;
    }
    let tld = &word[word.iter().rposition(|&b| b == b'.').unwrap_or(0) + 1..];
    TLDS.iter().any(|t| t.as_bytes() == tld)
}

fn is_email(word: &[u8]) -> bool {
    match word.iter().position(|&b| b == b'@') {
        Some(at) if at > 0 => {
            let domain = &word[at + 1..];
            domain.len() >= 3 && domain[1..domain.len() - 1].contains(&b'.')
        }
        _ => false,
    }
}

/// A file path or object key: absolute (`/x`), relative to a known root (`./x`, `~/x`), a
/// Windows path (`C:\x` reaches here as `\x\y`), or at least three `/`-separated segments.
/// Two segments (`read/write`, `TCP/IP`) are as often words, and are left to behaviour.
fn is_path(word: &[u8]) -> bool {
    let slashes = word.iter().filter(|&&b| b == b'/').count();
    let backslashes = word.iter().filter(|&&b| b == b'\\').count();
    if slashes == 0 && backslashes < 2 {
        return false;
    }
    if backslashes >= 2 {
        return true;
    }
    let has_name = word.iter().any(|b| b.is_ascii_alphanumeric());
    has_name
        && (word[0] == b'/' || word.starts_with(b"./") || word.starts_with(b"~/") || slashes >= 2)
}

/// A path whose last segment is a file name with a letter extension (`/var/task/index.js`,
/// `app/handler.py`): the shape of a source file in a code location, unlike `/10.0.0.1`.
pub(super) fn is_source_file(word: &[u8]) -> bool {
    let name = word
        .rsplit(|&b| b == b'/' || b == b'\\')
        .next()
        .unwrap_or(word);
    let ext = match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => &name[dot + 1..],
        _ => return false,
    };
    is_path(word) && (1..=6).contains(&ext.len()) && ext.iter().all(u8::is_ascii_alphabetic)
}

/// Whether a run of letters reads as random rather than as a word or identifier a person wrote.
///
/// Two character-class measures, each of which natural-language words and identifiers
/// (including PascalCase and upper-case error codes) stay far from:
/// - case alternation: a lower-to-upper change more often than every four letters
///   (`AbCdEfGhIjKl`); PascalCase identifiers change once per word, every five to ten letters;
/// - vowels: in a stretch of eight or more letters of one case, fewer than one vowel (`aeiouy`)
///   in five, or a run of five or more consonants. Uniformly random letters have one vowel in
///   4.3 and long consonant runs; English words have about two in five and rarely a run of five.
pub fn looks_random(segment: &[u8]) -> bool {
    if segment.len() < 8 {
        return false;
    }
    let mut humps = 0;
    // The current one-case stretch: a capital opening a PascalCase word is counted with the
    // lower-case run it starts (`XMLHttpRequest` → `XMLH`, `ttp`, `Request`).
    let (mut len, mut vowels, mut consonants, mut longest) = (0usize, 0usize, 0usize, 0usize);
    let mut random = false;
    let mut prev_upper = segment[0].is_ascii_uppercase();
    for &b in segment {
        let c = LETTER[b as usize];
        if c == 0 {
            return false;
        }
        let upper = c & L_UPPER != 0;
        if upper != prev_upper && (upper || len > 1) {
            humps += usize::from(upper);
            random |= len >= 8 && (vowels * 5 < len || longest >= 5);
            (len, vowels, consonants, longest) = (0, 0, 0, 0);
        }
        prev_upper = upper;
        len += 1;
        // Without a branch: vowels and consonants alternate unpredictably.
        let vowel = usize::from(c & L_VOWEL != 0);
        vowels += vowel;
        consonants = (consonants + 1) * (1 - vowel);
        longest = longest.max(consonants);
    }
    random |= len >= 8 && (vowels * 5 < len || longest >= 5);
    humps * 4 > segment.len() || random
}

const L_LETTER: u8 = 1;
const L_UPPER: u8 = 2;
const L_VOWEL: u8 = 4;

/// Letter classes for [`looks_random`]: letter, capital, vowel (`aeiouy`).
const LETTER: [u8; 256] = byte_table!(c => if c.is_ascii_alphabetic() {
    L_LETTER
        | if c.is_ascii_uppercase() { L_UPPER } else { 0 }
        | match c.to_ascii_lowercase() {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => L_VOWEL,
            _ => 0,
        }
} else {
    0
});

/// A word (no delimiters) with letters that read as random in some `_ - .` separated segment:
/// `req_xkqzbwtmpa`, `AbCdEfGhIjKl`.
fn has_random_segment(word: &[u8]) -> bool {
    if word.len() < 8 {
        return false;
    }
    // Only a `_ - .` separated segment of eight or more letters can read as random.
    let mut start = 0;
    for (i, &b) in word.iter().enumerate() {
        if matches!(b, b'_' | b'-' | b'.') {
            if i - start >= 8 && looks_random(&word[start..i]) {
                return true;
            }
            start = i + 1;
        }
    }
    word.len() - start >= 8 && looks_random(&word[start..])
}

/// PascalCase: starts upper-case, has at least two capitals each opening a lower-case run, and
/// holds only letters and digits (`AccessDenied`, `GetObject`, `S3Exception`).
pub(super) fn is_pascal_case(word: &[u8]) -> bool {
    if !word.first().is_some_and(u8::is_ascii_uppercase)
        || !word.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let humps = word
        .windows(2)
        .filter(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase())
        .count();
    humps >= 2 && word.iter().filter(|b| b.is_ascii_digit()).count() <= 2
}

/// An upper-case constant: `ECONNREFUSED`, `ERR_HTTP2_STREAM_ERROR`, `ENOENT`. Each `_` segment
/// is capitals with at most a short number after them (`HTTP2`), so `A1B2C3D4` is not one.
fn is_upper_constant(word: &[u8]) -> bool {
    if word.len() < 4 || !word[0].is_ascii_uppercase() {
        return false;
    }
    word.split(|&b| b == b'_').all(|seg| {
        let letters = seg.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let digits = &seg[letters..];
        digits.len() <= 1
            && digits.iter().all(u8::is_ascii_digit)
            && (letters >= 2 || seg.is_empty())
    }) && !looks_random(word)
}

/// The exception-type naming convention of Java, Python, JavaScript, .NET and the AWS SDKs: the
/// last dotted segment is a capitalised identifier ending in `Error`, `Exception` or `Fault`.
pub(super) fn is_exception_type(word: &[u8]) -> bool {
    let last = word.rsplit(|&b| b == b'.').next().unwrap_or(word);
    last.first().is_some_and(u8::is_ascii_uppercase)
        && last
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$'))
        && [&b"Error"[..], b"Exception", b"Fault"]
            .iter()
            .any(|s| last.ends_with(s))
}

/// The IAM action format `service:Action` (`s3:GetObject`, `dynamodb:PutItem`, `kms:Decrypt`,
/// `s3:*`), as written in policies and in `AccessDenied` messages.
pub(super) fn is_iam_action(chunk: &[u8]) -> bool {
    let Some(colon) = chunk.iter().position(|&b| b == b':') else {
        return false;
    };
    let (service, action) = (&chunk[..colon], &chunk[colon + 1..]);
    !service.is_empty()
        && service[0].is_ascii_lowercase()
        && service
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && (action == b"*"
            || (action.first().is_some_and(u8::is_ascii_uppercase)
                && action
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'*')
                && action.iter().any(u8::is_ascii_lowercase)))
}

/// Whether a token names a cause and so must never be masked: an IAM action, an exception
/// type, a PascalCase error code or API operation, or an upper-case error constant (also as
/// the last part of a dotted name). See the module documentation for where each shape comes
/// from.
pub fn is_cause_bearing(word: &str) -> bool {
    is_cause_bearing_bytes(word.as_bytes())
}

pub(super) fn is_cause_bearing_bytes(w: &[u8]) -> bool {
    // Every cause shape has a capital letter or a colon (`s3:GetObject`).
    if w.len() > MAX_WORD_LEN || !w.iter().any(|b| b.is_ascii_uppercase() || *b == b':') {
        return false;
    }
    // A qualified name is judged by its last part: `android.intent.action.SCREEN_OFF`.
    let last = w.rsplit(|&b| b == b'.').next().unwrap_or(w);
    is_iam_action(w)
        || is_exception_type(w)
        || (is_pascal_case(last) && !looks_random(last))
        || is_upper_constant(last)
}

/// Whether a word (a token between delimiters) is a variable by its shape alone, given the OR
/// of its byte classes, which decide which shapes are possible at all (most words are short
/// lower-case letters and need no other look).
pub(super) fn is_variable_word_with(word: &[u8], flags: u8) -> bool {
    if word.len() > MAX_WORD_LEN {
        return true;
    }
    if flags & ANGLE != 0 && word.windows(3).any(|w| w == MASK.as_bytes()) {
        return true; // already a template
    }
    if flags & DIGIT != 0 {
        // The cause shapes that may hold digits (`S3Exception`, `ERR_HTTP2_…`) have capitals.
        return flags & UPPER == 0
            || !(is_exception_type(word) || is_pascal_case(word) || is_upper_constant(word));
    }
    (flags & DOT != 0 && is_host_name(word))
        || (flags & AT != 0 && is_email(word))
        || (flags & SLASH != 0 && is_path(word))
        || has_random_segment(word)
}

pub(super) fn is_unit(word: &[u8]) -> bool {
    if word.len() > 4 {
        return false;
    }
    let mut lower = [0u8; 4];
    for (l, b) in lower.iter_mut().zip(word) {
        *l = b.to_ascii_lowercase();
    }
    UNITS.contains(&&lower[..word.len()])
}

/// A word of up to 9 letters, lower-cased, as one number (length above the bytes).
const fn date_key(word: &[u8]) -> u128 {
    let mut k = (word.len() as u128) << 96;
    let mut i = 0;
    while i < word.len() && i < 12 {
        k |= (word[i].to_ascii_lowercase() as u128) << (8 * i);
        i += 1;
    }
    k
}

/// [`DATE_WORDS`] as sorted keys: a binary search per word of a line instead of a scan.
const DATE_KEYS: [u128; DATE_WORDS.len()] = {
    let mut t = [0u128; DATE_WORDS.len()];
    let mut k = 0;
    while k < t.len() {
        t[k] = date_key(DATE_WORDS[k]);
        k += 1;
    }
    // Insertion sort (const context).
    let mut i = 1;
    while i < t.len() {
        let mut j = i;
        while j > 0 && t[j - 1] > t[j] {
            let x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
            j -= 1;
        }
        i += 1;
    }
    t
};

/// The first three letters of every [`DATE_WORDS`] entry of three or more letters, as a bit
/// set over `26³` prefixes: one lookup rules out nearly every word of a line before the search.
const DATE_PREFIXES: [u64; 275] = {
    let mut t = [0u64; 275];
    let mut k = 0;
    while k < DATE_WORDS.len() {
        let w = DATE_WORDS[k];
        if w.len() >= 3 {
            let i = prefix_index(w[0], w[1], w[2]);
            t[i / 64] |= 1 << (i % 64);
        }
        k += 1;
    }
    t
};

/// Index of three lower-case letters in `0..26³`.
const fn prefix_index(a: u8, b: u8, c: u8) -> usize {
    ((a - b'a') as usize * 26 + (b - b'a') as usize) * 26 + (c - b'a') as usize
}

/// Each byte's letter index in `0..26`, either case; `255` for a byte that is not a letter.
const LETTER_INDEX: [u8; 256] = byte_table!(c => if c.is_ascii_alphabetic() {
    c.to_ascii_lowercase() - b'a'
} else {
    255
});

/// Whether a word is one of [`DATE_WORDS`], either case. Asked of most words of a line, so the
/// prefix set's one lookup is inlined and only a word that passes it is searched for.
#[inline(always)]
pub(super) fn is_date_word(word: &[u8]) -> bool {
    if !(2..=9).contains(&word.len()) {
        return false;
    }
    if word.len() == 2 {
        return word.eq_ignore_ascii_case(b"am") || word.eq_ignore_ascii_case(b"pm");
    }
    let (a, b, c) = (
        LETTER_INDEX[word[0] as usize],
        LETTER_INDEX[word[1] as usize],
        LETTER_INDEX[word[2] as usize],
    );
    if a | b | c == 255 {
        return false;
    }
    let i = (a as usize * 26 + b as usize) * 26 + c as usize;
    DATE_PREFIXES[i / 64] & (1 << (i % 64)) != 0 && is_date_key(word)
}

#[inline(never)]
fn is_date_key(word: &[u8]) -> bool {
    DATE_KEYS.binary_search(&date_key(word)).is_ok()
}
