//! The one template engine: how a log message is split into tokens and which tokens are
//! variables. Both `logtriage patterns` ([`crate::patterns`]) and the incident fingerprint
//! ([`crate::fingerprint`]) are built on [`tokenize`], so a fix to variable detection reaches both.
//!
//! A message is split on whitespace, and `= , : ; ( ) [ ] { } " ' `` ` become tokens of their own.
//! A token is a variable (`<*>`) by its **shape**:
//!
//! - it contains a digit (numbers, ids, IPs, hex, UUIDs, durations, timestamps), unless it has
//!   the shape of a cause (below);
//! - it is a path or object key (`/var/data/x`, `a/b/c`, `C:\dir\file`; but not the file of a
//!   code location `/var/task/index.js:7`, which says where it failed), the path and query of
//!   a URL (`s3://bucket/<*>`, `https://host/<*>`), or the region, account and resource name of an
//!   ARN (`arn:aws:dynamodb:<*>:<*>:table/<*>`: service and resource type are kept);
//! - it is an e-mail address, or a host name with a common top-level domain;
//! - it is the value of a `key=value` or `key: value` field, or a single quoted word
//!   (`'…'`, `"…"`, `` `…` ``) that is not a JSON key nor an exception type, PascalCase code or
//!   IAM action (quoted, an all-caps word is a value: `'SPRINGSALE'`);
//! - it is a run of letters that does not look like a word or identifier written by a person
//!   ([`looks_random`]: case alternating every letter or two, or too few vowels or too long
//!   a consonant run for any natural-language word), such as `req_xkqzbwtmpa` or `AbCdEfGhIjKl`;
//! - it is an English day or month name, or `AM`/`PM`, next to another part of a date (a
//!   published vocabulary: the names in a date written out);
//! - it is longer than [`MAX_WORD_LEN`], a unit right after a number (`1.5 KB`), a bracket group
//!   holding a variable (`(1.16 KB)`), or a delimiter glued between two variables (`10:42:07`).
//!
//! Tokens that name a **cause** are never masked, even with digits ([`is_cause_bearing`]): an
//! IAM action (`s3:GetObject`), an exception or error type (`S3Exception`, `ValueError`), an AWS
//! error code or operation in PascalCase (`AccessDeniedException`, `ConditionalCheckFailed`), an
//! errno-style constant (`ECONNREFUSED`, `ERR_HTTP2_STREAM_ERROR`), and an ARN's service and
//! resource type. Their shapes come from published conventions: the IAM action format
//! `service:Action`, the languages' exception naming (`…Error`, `…Exception`, `…Fault`), the AWS
//! SDKs' PascalCase error codes and POSIX / Node.js upper-case error constants.
//!
//! Variables by **behaviour** (a slot that takes many values) are found by the pattern miner
//! over a stream, and across stored incidents by [`align`].

/// The mask that stands for one variable run in a template.
pub const MASK: &str = "<*>";
/// Most tokens of one message that are looked at; the rest of the message becomes one `<*>`.
pub const MAX_TOKENS: usize = 256;
/// Words longer than this are payloads (base64, dumps) and always variables; bounds the memory
/// one template constant can take.
pub const MAX_WORD_LEN: usize = 128;
/// Bracket and quote groups longer than this many tokens are not looked into.
const MAX_GROUP_TOKENS: usize = 24;

/// One token of a message, as a byte range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    pub space_before: bool,
    pub delim: bool,
    pub var: bool,
    /// Part of a structure whose shape was recognised (an ARN's `arn`, service and resource
    /// type and its colons; a URL scheme): never a variable, never absorbed into one.
    pub fixed: bool,
}

// Byte classes, one table lookup per byte of the message.
const SPACE: u8 = 1;
const DELIM: u8 = 2;
const DIGIT: u8 = 4;
const UPPER: u8 = 8;
const DOT: u8 = 16;
const AT: u8 = 32;
const SLASH: u8 = 64;
const ANGLE: u8 = 128;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if is_space(c) {
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
        };
        b += 1;
    }
    t
};

const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

const fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'=' | b',' | b':' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'\'' | b'`'
    )
}

fn closing(b: u8) -> Option<u8> {
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
fn is_source_file(word: &[u8]) -> bool {
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
        if c & L_VOWEL != 0 {
            vowels += 1;
            consonants = 0;
        } else {
            consonants += 1;
            longest = longest.max(consonants);
        }
    }
    random |= len >= 8 && (vowels * 5 < len || longest >= 5);
    humps * 4 > segment.len() || random
}

const L_LETTER: u8 = 1;
const L_UPPER: u8 = 2;
const L_VOWEL: u8 = 4;

/// Letter classes for [`looks_random`]: letter, capital, vowel (`aeiouy`).
const LETTER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = L_LETTER
                | if c.is_ascii_uppercase() { L_UPPER } else { 0 }
                | match c.to_ascii_lowercase() {
                    b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => L_VOWEL,
                    _ => 0,
                };
        }
        b += 1;
    }
    t
};

/// A word (no delimiters) with letters that read as random in some `_ - .` separated segment:
/// `req_xkqzbwtmpa`, `AbCdEfGhIjKl`.
fn has_random_segment(word: &[u8]) -> bool {
    if word.len() < 8 {
        return false;
    }
    // Only a `_ - .` separated segment of eight or more letters can read as random.
    word.split(|&b| matches!(b, b'_' | b'-' | b'.'))
        .any(|seg| seg.len() >= 8 && looks_random(seg))
}

/// PascalCase: starts upper-case, has at least two capitals each opening a lower-case run, and
/// holds only letters and digits (`AccessDenied`, `GetObject`, `S3Exception`).
fn is_pascal_case(word: &[u8]) -> bool {
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
fn is_exception_type(word: &[u8]) -> bool {
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
fn is_iam_action(chunk: &[u8]) -> bool {
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

fn is_cause_bearing_bytes(w: &[u8]) -> bool {
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
fn is_variable_word_with(word: &[u8], flags: u8) -> bool {
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

fn is_unit(word: &[u8]) -> bool {
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

#[inline]
fn is_date_word(word: &[u8]) -> bool {
    if !(2..=9).contains(&word.len()) {
        return false;
    }
    if word.len() == 2 {
        return word.eq_ignore_ascii_case(b"am") || word.eq_ignore_ascii_case(b"pm");
    }
    let (a, b, c) = (
        word[0].to_ascii_lowercase(),
        word[1].to_ascii_lowercase(),
        word[2].to_ascii_lowercase(),
    );
    if !(a.is_ascii_lowercase() && b.is_ascii_lowercase() && c.is_ascii_lowercase()) {
        return false;
    }
    let i = prefix_index(a, b, c);
    DATE_PREFIXES[i / 64] & (1 << (i % 64)) != 0 && DATE_KEYS.binary_search(&date_key(word)).is_ok()
}

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
    let mut i = 0;
    let mut space_before = false;
    while i < msg.len() && out.len() < MAX_TOKENS {
        let class = CLASS[msg[i] as usize];
        if class == SPACE {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        let delim = class == DELIM;
        let mut flags = 0;
        if delim {
            i += 1;
        } else {
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
                if end > i && push_structured(msg, start, end, space_before, out) {
                    i = end;
                    space_before = false;
                    continue;
                }
            }
        }
        let var = !delim && is_variable_word_with(&msg[start..i], flags);
        out.push(Token {
            start: start as u32,
            end: i as u32,
            space_before,
            delim,
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
    mark_context(msg, out);
}

fn byte_at(msg: &[u8], t: &Token) -> u8 {
    msg[t.start as usize]
}

/// Variables that show only in context: units, field values, quoted words, date names,
/// bracket groups and glued delimiters.
fn mark_context(msg: &[u8], out: &mut [Token]) {
    let text = |t: &Token| &msg[t.start as usize..t.end as usize];
    let is_word = |t: &Token| !t.delim && !t.fixed;
    let cause = |t: &Token| is_cause_bearing_bytes(&msg[t.start as usize..t.end as usize]);
    let n = out.len();
    let (mut dates, mut brackets) = (false, false);
    // One pass for the rules around a single delimiter, and for units and date candidates.
    for k in 0..n {
        let t = out[k];
        if !t.delim {
            if !t.var && !t.fixed {
                if k > 0 && out[k - 1].var && !out[k - 1].delim && is_unit(text(&t)) {
                    // A unit right after a number belongs to the quantity.
                    out[k].var = true;
                } else {
                    dates |= is_date_word(text(&t));
                }
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

/// Renders tokens as a template: constants as written, each run of glued variables as one
/// [`MASK`], one space wherever the message had whitespace. Token boundaries fall on ASCII
/// bytes, so slicing `msg` at them keeps it valid UTF-8.
pub(crate) fn render(msg: &str, tokens: &[Token], out: &mut String) {
    let mut last_var = false;
    for t in tokens {
        if t.var && last_var && !t.space_before {
            continue;
        }
        if t.space_before && !out.is_empty() {
            out.push(' ');
        }
        if t.var {
            out.push_str(MASK);
        } else {
            out.push_str(msg.get(t.start as usize..t.end as usize).unwrap_or(""));
        }
        last_var = t.var;
    }
}

thread_local! {
    /// Token buffer reused by [`mask`], which runs once per failure line on the hot path.
    static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The template of one message by shape alone: variables masked as [`MASK`].
pub fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    TOKENS.with(|tokens| {
        let mut tokens = tokens.borrow_mut();
        tokenize(text.as_bytes(), &mut tokens);
        render(text, &tokens, &mut out);
    });
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_digit_free_values_by_shape() {
        let cases = [
            (
                "upload failed for tenants/acme/reports/summary.csv",
                "upload failed for <*>",
            ),
            ("open /var/data/inbox failed", "open <*> failed"),
            (
                "get s3://reports-bucket/tenants/acme/q.csv",
                "get s3://reports-bucket/<*>",
            ),
            (
                "GET https://api.example.com/v1/users?name=bob",
                "GET https://api.example.com/<*>",
            ),
            (
                "mail to alice.smith@example.org bounced",
                "mail to <*> bounced",
            ),
            (
                "invalid value 'blorp' for colour",
                "invalid value '<*>' for colour",
            ),
            ("unknown plan \"gold\"", "unknown plan \"<*>\""),
            ("invalid coupon 'SPRINGSALE'", "invalid coupon '<*>'"),
            (
                "declined order ord_qwzxkplm: card_declined",
                "declined order <*>: card_declined",
            ),
            ("bad token `qux`", "bad token `<*>`"),
            (
                "rejected user=alice tenant=acme",
                "rejected user=<*> tenant=<*>",
            ),
            (
                "rejected tenant: acme, user: bob",
                "rejected tenant: <*>, user: <*>",
            ),
            ("lookup req_xkqzbwtmpa failed", "lookup <*> failed"),
            ("session AbCdEfGhIjKl expired", "session <*> expired"),
            (
                "at Sun Dec 04 04:47:44 2005 it broke",
                "at <*> <*> <*> <*> <*> it broke",
            ),
            (
                "on Thu, 01 Dec 2026 10:00 PM",
                "on <*>, <*> <*> <*> <*> <*>",
            ),
            ("took 3.5 ms", "took <*> <*>"),
            ("sent (1.16 KB) ok", "sent <*> <*> ok"),
            ("at 10:42:07", "at <*>"),
            (
                "at handler (/var/task/index.js:7:27)",
                "at handler (/var/task/index.js:<*>)",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(mask(line), want, "for {line:?}");
        }
    }

    #[test]
    fn keeps_cause_bearing_tokens() {
        let cases = [
            (
                "User: arn:aws:sts::123456789012:assumed-role/app/fn is not authorized to perform: s3:GetObject",
                "User: arn:aws:sts::<*>:assumed-role/<*> is not authorized to perform: s3:GetObject",
            ),
            (
                "on resource arn:aws:dynamodb:us-east-1:123456789012:table/orders",
                "on resource arn:aws:dynamodb:<*>:<*>:table/<*>",
            ),
            (
                "function arn:aws:lambda:eu-west-1:123456789012:function:resize-images",
                "function arn:aws:lambda:<*>:<*>:function:<*>",
            ),
            ("object arn:aws:s3:::bucket-a/key/x", "object arn:aws:s3:::<*>"),
            (
                "An error occurred (AccessDeniedException) when calling the PutItem operation",
                "An error occurred (AccessDeniedException) when calling the PutItem operation",
            ),
            ("code: ConditionalCheckFailedException", "code: ConditionalCheckFailedException"),
            ("S3Exception raised", "S3Exception raised"),
            ("connect ECONNREFUSED 10.0.0.1:5432", "connect ECONNREFUSED <*>"),
            ("error ERR_HTTP2_STREAM_ERROR", "error ERR_HTTP2_STREAM_ERROR"),
            ("XMLHttpRequest failed", "XMLHttpRequest failed"),
            ("KeyError: 'ConditionalCheckFailed'", "KeyError: 'ConditionalCheckFailed'"),
            ("may not be empty", "may not be empty"),
        ];
        for (line, want) in cases {
            assert_eq!(mask(line), want, "for {line:?}");
        }
    }

    #[test]
    fn random_letters_are_told_from_words() {
        for random in ["xkqzbwtmpa", "AbCdEfGhIjKl", "qwrtzplkjh", "ZXCVBNMLKJ"] {
            assert!(looks_random(random.as_bytes()), "{random}");
        }
        for word in [
            "ConditionalCheckFailedException",
            "ProvisionedThroughputExceeded",
            "XMLHttpRequest",
            "ECONNREFUSED",
            "authorization",
            "dynamodb",
            "initialization",
            "Throttling",
            "notification",
        ] {
            assert!(!looks_random(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn align_generalises_variable_slots() {
        assert_eq!(
            align("upload failed for user=alice", "upload failed for user=bob").as_deref(),
            Some("upload failed for user=<*>")
        );
        // A stored template from an older engine, with a path still literal.
        assert_eq!(
            align("open /data/a/b failed: ENOENT", "open <*> failed: ENOENT").as_deref(),
            Some("open <*> failed: ENOENT")
        );
        // A variable stands for a glued run on the other side.
        assert_eq!(
            align("connect to <*> refused", "connect to db-eu:<*> refused").as_deref(),
            Some("connect to <*> refused")
        );
        assert_eq!(
            align(
                "lookup req_xkqzbwtmpa failed",
                "lookup req_pqzvnmrtkx failed"
            )
            .as_deref(),
            Some("lookup <*> failed")
        );
        let merged = align(
            "get 'acme' in tenants/acme/x",
            "get 'zeta' in tenants/zeta/y",
        )
        .unwrap();
        assert_eq!(merged, "get '<*>' in <*>");
        assert_eq!(
            align(&merged, "get 'omega' in tenants/o/z").as_deref(),
            Some(merged.as_str())
        );
        assert_eq!(
            align("same text", "same text").as_deref(),
            Some("same text")
        );
    }

    #[test]
    fn align_keeps_causes_apart() {
        let denied = |action: &str| {
            format!("User: <*> is not authorized to perform: {action} on resource: <*>")
        };
        assert_eq!(
            align(&denied("s3:GetObject"), &denied("dynamodb:PutItem")),
            None
        );
        assert_eq!(
            align(&denied("s3:GetObject"), &denied("s3:PutObject")),
            None
        );
        assert!(align(&denied("s3:GetObject"), &denied("s3:GetObject")).is_some());
        assert_eq!(
            align(
                "on arn:aws:dynamodb:<*>:<*>:table/<*>",
                "on arn:aws:dynamodb:<*>:<*>:index/<*>"
            ),
            None,
            "a different resource type"
        );
        assert_eq!(
            align(
                "on arn:aws:dynamodb:<*>:<*>:table/<*>",
                "on arn:aws:sqs:<*>:<*>:table/<*>"
            ),
            None,
            "a different service"
        );
        assert_eq!(
            align(
                "failed: AccessDeniedException",
                "failed: ConditionalCheckFailedException"
            ),
            None
        );
        assert_eq!(align("ValueError: bad <*>", "TypeError: bad <*>"), None);
        assert_eq!(
            align("connect ECONNREFUSED <*>", "connect ETIMEDOUT <*>"),
            None
        );
        // A cause-bearing token never faces a mask.
        assert_eq!(align("failed: <*>", "failed: AccessDeniedException"), None);
        // The top in-app frame is the cause of an unhandled exception, paths and all.
        assert_eq!(
            align(
                "TypeError at handler (/var/task/a.js)",
                "TypeError at handler (/var/task/b.js)"
            ),
            None
        );
        assert_eq!(
            align(
                "TypeError at handler (/var/task/a.js)",
                "TypeError at handler (/var/task/a.js)"
            )
            .as_deref(),
            Some("TypeError at handler (/var/task/a.js)")
        );
        // Plain words that differ are not provably one cause.
        assert_eq!(
            align("failed to read config", "failed to write config"),
            None
        );
        assert_eq!(align("timeout", "timeout after <*> seconds"), None);
    }
}
