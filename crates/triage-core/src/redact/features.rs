//! The one-pass scan that gates the redaction rules: which needles and shapes a text holds,
//! so a rule whose necessary condition is absent never runs its regex.

use std::sync::LazyLock;

/// Literal needles of the token rules, matched case-insensitively in one scan together with
/// [`SECRET_WORDS`] (a gate may be looser than its rule; it only has to be a necessary condition).
const TOKEN_NEEDLES: [&str; 32] = [
    "private key",
    "sg.",
    "hf_",
    "pypi-",
    "shp",
    "_v1_",
    "sk",
    "key-",
    "_live_",
    "_test_",
    "whsec_",
    "aiza",
    "iqojb3jpz2lu",
    "fqogzxivyxdz",
    "fwogzxivyxdz",
    "npm_",
    "gl",
    "gr1348941",
    "sk-",
    "://",
    "hooks.slack.com",
    "xox",
    "xapp-",
    "gh",
    "github_pat_",
    "bearer",
    "eyj",
    "akia",
    "asia",
    "abia",
    "acca",
    "%40",
];

/// The key=value rule needs one of these in its key.
const SECRET_WORDS: [&str; 28] = [
    "pass",
    "pw",
    "secret",
    "api_key",
    "api-key",
    "apikey",
    "token",
    "private",
    "sig",
    "auth",
    "credential",
    "accountkey",
    "account_key",
    "account-key",
    "accesskey",
    "access_key",
    "access-key",
    "session",
    "ssn",
    "master",
    "encrypt",
    "signing",
    "client_key",
    "clientkey",
    "client-key",
    "app_key",
    "appkey",
    "app-key",
];

/// The cookie rule's needle (kept apart from [`SECRET_WORDS`]: the key=value rule does not need it).
const COOKIE_WORD: &str = "cookie";

fn needles() -> impl Iterator<Item = &'static str> {
    TOKEN_NEEDLES
        .iter()
        .chain(SECRET_WORDS.iter())
        .chain(std::iter::once(&COOKIE_WORD))
        .copied()
}

/// The bits of `names` among [`needles`]. Gates compute theirs once (see [`any_needle`]);
/// a name that is not a needle is a bug in this file, caught by any test that redacts.
fn needle_mask(names: &[&str]) -> u64 {
    names.iter().fold(0, |mask, name| {
        let i = needles()
            .position(|n| n == *name)
            .unwrap_or_else(|| panic!("{name:?} is not a needle"));
        mask | 1u64 << i
    })
}

/// `any_needle!(features, "a", "b")`: one of the needles occurs (the mask is built once).
macro_rules! any_needle {
    ($f:expr, $($name:expr),+ $(,)?) => {{
        static MASK: LazyLock<u64> = LazyLock::new(|| needle_mask(&[$($name),+]));
        $f.any(*MASK)
    }};
}

/// What one scan of the text tells about which rules could match.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Features {
    /// Bit `i` set: the `i`-th of [`needles`] occurs.
    needles: u64,
    at_sign: bool,
    plus: bool,
    double_colon: bool,
    /// Longest chain of colon-separated 1–4 digit hex groups.
    hex_colon_groups: u32,
    /// Four dot-separated runs of one to three digits occur.
    dotted_quad: bool,
    /// Two upper-case letters then two digits occur (an IBAN's country code and check digits).
    iban_start: bool,
    /// Most digits in one group of digit runs joined by short runs of ` -.()` (cards, phones).
    digit_group: u32,
    /// Longest run of base64-ish characters.
    token_run: u32,
}

/// Byte classes for the scan in [`Features::of`].
const DIGIT: u8 = 1;
const HEX_LETTER: u8 = 2;
/// ` -.()`: what may join the digit runs of a card or phone number.
const JOINER: u8 = 4;
const COLON: u8 = 8;
/// Base64-ish: alphanumerics and `/+_-`.
const TOKEN: u8 = 16;

const fn byte_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_digit() {
            c |= DIGIT;
        }
        if matches!(b, b'a'..=b'f' | b'A'..=b'F') {
            c |= HEX_LETTER;
        }
        if matches!(b, b' ' | b'-' | b'.' | b'(' | b')') {
            c |= JOINER;
        }
        if b == b':' {
            c |= COLON;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'_' | b'-') {
            c |= TOKEN;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CLASS: [u8; 256] = byte_classes();

/// The needle automaton, matched case-insensitively over [`needles`], with its own iterator.
#[cfg(test)]
fn needle_finder() -> &'static aho_corasick::AhoCorasick {
    static NEEDLE_FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(needles())
            .expect("static patterns")
    });
    &NEEDLE_FINDER
}

/// The needle automaton as a bare DFA, walked byte by byte in [`needles_in`].
fn needle_dfa() -> &'static aho_corasick::dfa::DFA {
    static NEEDLE_DFA: LazyLock<aho_corasick::dfa::DFA> = LazyLock::new(|| {
        aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .prefilter(false)
            .build(needles())
            .expect("static patterns")
    });
    &NEEDLE_DFA
}

/// The bits of [`needles`] that occur in `bytes`. The automaton's overlapping search, without
/// its iterator: a standard-semantics state holds every needle that ends at its position, so
/// one transition a byte, and a look at the state's matches when it has any, finds them all
/// (a unit test compares it with `find_overlapping_iter`).
fn needles_in(bytes: &[u8]) -> u64 {
    use aho_corasick::automaton::Automaton;
    let dfa = needle_dfa();
    let Ok(mut state) = dfa.start_state(aho_corasick::Anchored::No) else {
        // Cannot happen for an unanchored search; every gate open is the safe answer.
        return u64::MAX;
    };
    let mut found = 0u64;
    for &b in bytes {
        state = dfa.next_state(aho_corasick::Anchored::No, state, b);
        if dfa.is_special(state) {
            if dfa.is_dead(state) {
                break;
            }
            for i in 0..dfa.match_len(state) {
                found |= 1u64 << dfa.match_pattern(state, i).as_usize();
            }
        }
    }
    found
}

/// The run state machines of the scan (IPv6 hex groups, IPv4 quads, card and phone digit
/// groups), stepped one byte at a time.
#[derive(Default)]
struct Runs {
    hex_run: u32,
    hex_groups: u32,
    quad_run: u32,
    quad_parts: u32,
    group_digits: u32,
    separators: u32,
}

impl Runs {
    /// Step every machine on `bytes[i]`, of class `class`.
    fn step(&mut self, f: &mut Features, bytes: &[u8], i: usize, class: u8) {
        let b = bytes[i];
        let digit = class & DIGIT != 0;
        if digit && i >= 3 {
            let w = &bytes[i - 3..=i];
            f.iban_start |=
                w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_digit();
        }
        // IPv6: colon-separated hex groups of 1-4 digits.
        if class & (DIGIT | HEX_LETTER) != 0 {
            self.hex_run += 1;
            if self.hex_run > 4 {
                self.hex_groups = 0;
            }
        } else if b == b':' && (1..=4).contains(&self.hex_run) {
            self.hex_groups += 1;
            f.hex_colon_groups = f.hex_colon_groups.max(self.hex_groups);
            self.hex_run = 0;
        } else {
            self.hex_groups = 0;
            self.hex_run = 0;
        }
        // IPv4: four dot-separated runs of 1-3 digits.
        if digit {
            self.quad_run += 1;
            if self.quad_run > 3 {
                self.quad_parts = 0;
            }
        } else {
            self.end_quad(f);
            if b == b'.' && (1..=3).contains(&self.quad_run) {
                self.quad_parts += 1;
            } else {
                self.quad_parts = 0;
            }
            self.quad_run = 0;
        }
        // Cards and phones: digit runs joined by at most two of ` -.()` in a row.
        if digit {
            self.group_digits += 1;
            self.separators = 0;
            f.digit_group = f.digit_group.max(self.group_digits);
        } else if class & JOINER != 0 && self.separators < 2 {
            self.separators += 1;
        } else {
            self.group_digits = 0;
            self.separators = 0;
        }
    }

    /// What [`Runs::step`] does on a byte that is no digit, hex letter, joiner or colon: every
    /// run ends.
    fn end_all(&mut self, f: &mut Features) {
        self.end_quad(f);
        *self = Runs::default();
    }

    /// A run of digits that ends here completes a dotted quad after three parts.
    fn end_quad(&self, f: &mut Features) {
        if (1..=3).contains(&self.quad_run) && self.quad_parts >= 3 {
            f.dotted_quad = true;
        }
    }
}

impl Features {
    fn empty(needles: u64) -> Features {
        Features {
            needles,
            at_sign: false,
            plus: false,
            double_colon: false,
            hex_colon_groups: 0,
            dotted_quad: false,
            iban_start: false,
            digit_group: 0,
            token_run: 0,
        }
    }

    /// One pass over the text. Most bytes of a log line are letters (other than `a-f`) or
    /// punctuation that end every run at once; those take a short path that only extends the
    /// token run, and the run machines see the rest. The result is the same as stepping every
    /// machine on every byte ([`Features::of_reference`]; a unit test compares the two).
    pub(super) fn of(text: &str) -> Features {
        let bytes = text.as_bytes();
        let mut f = Features::empty(needles_in(bytes));
        f.at_sign = memchr::memchr(b'@', bytes).is_some();
        f.plus = memchr::memchr(b'+', bytes).is_some();
        f.double_colon = memchr::memmem::find(bytes, b"::").is_some();
        let mut runs = Runs::default();
        let mut token_run = 0u32;
        // Some run is under way (a short-path byte ends them all).
        let mut dirty = false;
        for (i, &b) in bytes.iter().enumerate() {
            let class = CLASS[usize::from(b)];
            if class & TOKEN != 0 {
                token_run += 1;
            } else {
                f.token_run = f.token_run.max(token_run);
                token_run = 0;
            }
            if class & (DIGIT | HEX_LETTER | JOINER | COLON) == 0 {
                if dirty {
                    runs.end_all(&mut f);
                    dirty = false;
                }
                continue;
            }
            dirty = true;
            runs.step(&mut f, bytes, i, class);
        }
        f.token_run = f.token_run.max(token_run);
        runs.end_quad(&mut f);
        f
    }

    /// Whether any needle of `mask` (see [`needle_mask`]) occurs.
    fn any(&self, mask: u64) -> bool {
        self.needles & mask != 0
    }
}

pub(super) fn has_private_key_marker(f: &Features) -> bool {
    any_needle!(f, "private key")
}

pub(super) fn has_url_credentials(f: &Features) -> bool {
    any_needle!(f, "://")
}

pub(super) fn has_slack_hook(f: &Features) -> bool {
    any_needle!(f, "hooks.slack.com")
}

pub(super) fn has_slack_token(f: &Features) -> bool {
    any_needle!(f, "xox", "xapp-")
}

pub(super) fn has_github_token(f: &Features) -> bool {
    any_needle!(f, "gh", "github_pat_")
}

pub(super) fn has_bearer(f: &Features) -> bool {
    any_needle!(f, "bearer")
}

pub(super) fn has_jwt(f: &Features) -> bool {
    any_needle!(f, "eyj")
}

pub(super) fn has_access_key(f: &Features) -> bool {
    any_needle!(f, "akia", "asia", "abia", "acca")
}

pub(super) fn has_secret_word(f: &Features) -> bool {
    static MASK: LazyLock<u64> = LazyLock::new(|| needle_mask(&SECRET_WORDS));
    f.any(*MASK)
}

pub(super) fn has_long_token(f: &Features) -> bool {
    f.token_run >= 40
}

pub(super) fn has_email_marker(f: &Features) -> bool {
    f.at_sign || any_needle!(f, "%40")
}

/// IPv6 candidates contain `::` or six colon-terminated hex groups; timestamps (`10:00:00`)
/// and JSON (`"a":"b"`) do not.
pub(super) fn has_ipv6_shape(f: &Features) -> bool {
    f.double_colon || f.hex_colon_groups >= 6
}

pub(super) fn has_ipv4_shape(f: &Features) -> bool {
    f.dotted_quad
}

/// Cards have at least 13 digits.
pub(super) fn has_card_digits(f: &Features) -> bool {
    f.digit_group >= 13
}

/// National phone numbers have at least 10 digits.
pub(super) fn has_phone_digits(f: &Features) -> bool {
    f.digit_group >= 10
}

pub(super) fn has_plus(f: &Features) -> bool {
    f.plus
}

pub(super) fn has_stripe_prefix(f: &Features) -> bool {
    any_needle!(f, "_live_", "_test_", "whsec_")
}

pub(super) fn has_google_prefix(f: &Features) -> bool {
    any_needle!(f, "aiza")
}

pub(super) fn has_more_vendor_prefix(f: &Features) -> bool {
    any_needle!(f, "sg.", "hf_", "pypi-", "shp", "_v1_", "sk", "key-")
}

pub(super) fn has_session_token_prefix(f: &Features) -> bool {
    any_needle!(f, "iqojb3jpz2lu", "fqogzxivyxdz", "fwogzxivyxdz")
}

pub(super) fn has_sas_signature(f: &Features) -> bool {
    any_needle!(f, "sig")
}

pub(super) fn has_npm_prefix(f: &Features) -> bool {
    any_needle!(f, "npm_")
}

pub(super) fn has_gitlab_prefix(f: &Features) -> bool {
    any_needle!(f, "gl", "gr1348941")
}

pub(super) fn has_sk_dash(f: &Features) -> bool {
    any_needle!(f, "sk-")
}

pub(super) fn has_cookie(f: &Features) -> bool {
    any_needle!(f, COOKIE_WORD)
}

/// SSNs have nine digits joined by dashes.
pub(super) fn has_ssn_digits(f: &Features) -> bool {
    f.digit_group >= 9
}

pub(super) fn has_iban_start(f: &Features) -> bool {
    f.iban_start
}

#[cfg(test)]
impl Features {
    /// The scan as first written, every state machine stepped on every byte and the needles
    /// found by the automaton's own iterator: what [`Features::of`] must agree with.
    pub(super) fn of_reference(text: &str) -> Features {
        let mut needles = 0u64;
        for m in needle_finder().find_overlapping_iter(text) {
            needles |= 1u64 << m.pattern().as_usize();
        }
        let bytes = text.as_bytes();
        let mut f = Features::empty(needles);
        let mut runs = Runs::default();
        let (mut token_run, mut previous) = (0u32, 0u8);
        for (i, &b) in bytes.iter().enumerate() {
            f.at_sign |= b == b'@';
            f.plus |= b == b'+';
            f.double_colon |= b == b':' && previous == b':';
            runs.step(&mut f, bytes, i, CLASS[usize::from(b)]);
            // Bare secrets: runs of base64-ish characters.
            if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'_' | b'-') {
                token_run += 1;
                f.token_run = f.token_run.max(token_run);
            } else {
                token_run = 0;
            }
            previous = b;
        }
        runs.end_quad(&mut f);
        f
    }
}

#[cfg(test)]
pub(super) fn features_needles_for_tests() -> impl Iterator<Item = &'static str> {
    needles()
}
