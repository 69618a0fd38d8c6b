//! Secret and PII redaction applied to log text before it is stored or sent to a model.
//!
//! Every rule is a regex that finds *candidates* plus a check that decides whether the
//! candidate really is a secret and which part of it to replace. Regexes find candidates
//! cheaply; the checks (Luhn, issuer prefixes, digit counts, `Ipv6Addr` parsing, edge
//! characters) are where false positives are kept out, because the regex crate has no
//! look-around.
//!
//! Deliberate choices (the tests pin each one down):
//! * A bare 40-character `[A-Za-z0-9/+]` run is an AWS secret key only when it mixes digits,
//!   upper and lower case and stands alone: not part of a longer base64/identifier run (`-`
//!   and `_` count as part of the run), no `=` padding after it, not a `/a/b/c` path. SHA-1
//!   hex digests, longer base64 blobs and identifiers are therefore kept; about 1 real key in
//!   900 has no digit and leaks unless it is keyed (`aws_secret_access_key=`,
//!   `"SecretAccessKey":`, `secret_key=`...), which is caught whatever its shape.
//! * Cards must pass Luhn *and* start with a card-network prefix (2221-2720, 3, 4, 5, 6):
//!   epoch milliseconds (leading 1, and Luhn-valid one time in ten) and numeric ids longer
//!   than 19 digits never qualify.
//! * Phones are `+CC ...` international numbers (8-15 digits, E.164) and North-American
//!   `(555) 123-4567`, `555-123-4567`, `555.123.4567`, `1-800-555-0199`. Bare digit runs
//!   are never phones: they are indistinguishable from epoch seconds, ids and counters.
//! * Every IPv4 address is redacted, loopback and private ones included; four-part version
//!   numbers whose parts are all <= 255 (`1.0.0.1`) look like addresses and are redacted.
//! * `key: value` with an unquoted value redacts the next word even in prose
//!   (`invalid token: expired` -> `invalid token: <password>`): losing a word beats leaking
//!   `password: letmein`. Values that carry no secret (`null`, `undefined`, `true`, ARNs)
//!   and pagination cursors (`NextToken`) are kept.
//! * `Authorization: Bearer <jwt>` becomes `Bearer <bearer_token>`: the header says what the
//!   token is used for; a JWT anywhere else becomes `<jwt>`.
//!
//! * Vendor tokens are found by the prefixes their vendors publish (Stripe, Google, npm,
//!   GitLab, GitHub, Slack, OpenAI/Anthropic), IBANs by their mod-97 checksum, SSNs by the
//!   SSA's never-issued ranges; cookies by their header, whatever the cookie's name.
//!
//! Not caught: secrets with no recognisable shape and no secret-named key (a password in free
//! text, a cookie value outside a cookie header), URL-encoded keys (`password%3D...`), secrets
//! inside base64 or gzip payloads, names, postal addresses and national ids other than US
//! SSNs, phone formats other than the ones above. A PEM body is only recognised with its
//! `BEGIN` or `END` line in the same text, so callers that split a multi-line key across
//! calls leak its middle lines. docs/REDACTION.md lists every kind.

use std::borrow::Cow;
use std::net::Ipv6Addr;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

const EMAIL: &str = "<email>";
const IPV4: &str = "<ipv4>";
const IPV6: &str = "<ipv6>";
const AWS_ACCESS_KEY_ID: &str = "<aws_access_key_id>";
const AWS_SECRET_KEY: &str = "<aws_secret_key>";
const JWT: &str = "<jwt>";
const BEARER_TOKEN: &str = "<bearer_token>";
const PASSWORD: &str = "<password>";
const CARD_NUMBER: &str = "<card_number>";
const PHONE: &str = "<phone>";
const GITHUB_TOKEN: &str = "<github_token>";
const SLACK_TOKEN: &str = "<slack_token>";
const PRIVATE_KEY: &str = "<private_key>";
const STRIPE_KEY: &str = "<stripe_key>";
const GOOGLE_API_KEY: &str = "<google_api_key>";
const AWS_SESSION_TOKEN: &str = "<aws_session_token>";
const SAS_SIGNATURE: &str = "<sas_signature>";
const SSN: &str = "<ssn>";
const IBAN: &str = "<iban>";
const NPM_TOKEN: &str = "<npm_token>";
const GITLAB_TOKEN: &str = "<gitlab_token>";
const API_KEY: &str = "<api_key>";
const COOKIE: &str = "<cookie>";
const PLACEHOLDERS: &[&str] = &[
    EMAIL,
    IPV4,
    IPV6,
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_KEY,
    JWT,
    BEARER_TOKEN,
    PASSWORD,
    CARD_NUMBER,
    PHONE,
    GITHUB_TOKEN,
    SLACK_TOKEN,
    PRIVATE_KEY,
    STRIPE_KEY,
    GOOGLE_API_KEY,
    AWS_SESSION_TOKEN,
    SAS_SIGNATURE,
    SSN,
    IBAN,
    NPM_TOKEN,
    GITLAB_TOKEN,
    API_KEY,
    COOKIE,
];

/// Decides whether a candidate is a secret; returns the byte range to replace and the
/// placeholder to put there.
type Check = fn(&str, &Captures) -> Option<(Range<usize>, &'static str)>;

/// A cheap necessary condition for a rule to match at all. Samples are redacted on the
/// processor's hot path, and a regex without a literal prefix scans the whole text every time;
/// these checks skip most of those scans. They read [`Features`], computed in one pass.
type Gate = fn(&Features) -> bool;

struct Rule {
    pattern: &'static str,
    check: Check,
    gate: Gate,
}

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
struct Features {
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

impl Features {
    fn of(text: &str) -> Features {
        static NEEDLE_FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(needles())
                .expect("static patterns")
        });
        let mut needles = 0u64;
        for m in NEEDLE_FINDER.find_overlapping_iter(text) {
            needles |= 1u64 << m.pattern().as_usize();
        }
        let bytes = text.as_bytes();
        let mut f = Features {
            needles,
            at_sign: false,
            plus: false,
            double_colon: false,
            hex_colon_groups: 0,
            dotted_quad: false,
            iban_start: false,
            digit_group: 0,
            token_run: 0,
        };
        let (mut hex_run, mut hex_groups) = (0u32, 0u32);
        let (mut quad_run, mut quad_parts) = (0u32, 0u32);
        let (mut group_digits, mut separators) = (0u32, 0u32);
        let mut token_run = 0u32;
        let mut previous = 0u8;
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_digit() && i >= 3 {
                let w = &bytes[i - 3..=i];
                f.iban_start |=
                    w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_digit();
            }
            f.at_sign |= b == b'@';
            f.plus |= b == b'+';
            f.double_colon |= b == b':' && previous == b':';
            // IPv6: colon-separated hex groups of 1-4 digits.
            if b.is_ascii_hexdigit() {
                hex_run += 1;
                if hex_run > 4 {
                    hex_groups = 0;
                }
            } else if b == b':' && (1..=4).contains(&hex_run) {
                hex_groups += 1;
                f.hex_colon_groups = f.hex_colon_groups.max(hex_groups);
                hex_run = 0;
            } else {
                hex_groups = 0;
                hex_run = 0;
            }
            // IPv4: four dot-separated runs of 1-3 digits.
            if b.is_ascii_digit() {
                quad_run += 1;
                if quad_run > 3 {
                    quad_parts = 0;
                }
            } else {
                if (1..=3).contains(&quad_run) && quad_parts >= 3 {
                    f.dotted_quad = true;
                }
                if b == b'.' && (1..=3).contains(&quad_run) {
                    quad_parts += 1;
                } else {
                    quad_parts = 0;
                }
                quad_run = 0;
            }
            // Cards and phones: digit runs joined by at most two of ` -.()` in a row.
            if b.is_ascii_digit() {
                group_digits += 1;
                separators = 0;
                f.digit_group = f.digit_group.max(group_digits);
            } else if matches!(b, b' ' | b'-' | b'.' | b'(' | b')') && separators < 2 {
                separators += 1;
            } else {
                group_digits = 0;
                separators = 0;
            }
            // Bare secrets: runs of base64-ish characters.
            if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'_' | b'-') {
                token_run += 1;
                f.token_run = f.token_run.max(token_run);
            } else {
                token_run = 0;
            }
            previous = b;
        }
        if (1..=3).contains(&quad_run) && quad_parts >= 3 {
            f.dotted_quad = true;
        }
        f
    }

    /// Whether any needle of `mask` (see [`needle_mask`]) occurs.
    fn any(&self, mask: u64) -> bool {
        self.needles & mask != 0
    }
}

fn has_private_key_marker(f: &Features) -> bool {
    any_needle!(f, "private key")
}

fn has_url_credentials(f: &Features) -> bool {
    any_needle!(f, "://")
}

fn has_slack_hook(f: &Features) -> bool {
    any_needle!(f, "hooks.slack.com")
}

fn has_slack_token(f: &Features) -> bool {
    any_needle!(f, "xox", "xapp-")
}

fn has_github_token(f: &Features) -> bool {
    any_needle!(f, "gh", "github_pat_")
}

fn has_bearer(f: &Features) -> bool {
    any_needle!(f, "bearer")
}

fn has_jwt(f: &Features) -> bool {
    any_needle!(f, "eyj")
}

fn has_access_key(f: &Features) -> bool {
    any_needle!(f, "akia", "asia", "abia", "acca")
}

fn has_secret_word(f: &Features) -> bool {
    static MASK: LazyLock<u64> = LazyLock::new(|| needle_mask(&SECRET_WORDS));
    f.any(*MASK)
}

fn has_long_token(f: &Features) -> bool {
    f.token_run >= 40
}

fn has_email_marker(f: &Features) -> bool {
    f.at_sign || any_needle!(f, "%40")
}

/// IPv6 candidates contain `::` or six colon-terminated hex groups; timestamps (`10:00:00`)
/// and JSON (`"a":"b"`) do not.
fn has_ipv6_shape(f: &Features) -> bool {
    f.double_colon || f.hex_colon_groups >= 6
}

fn has_ipv4_shape(f: &Features) -> bool {
    f.dotted_quad
}

/// Cards have at least 13 digits.
fn has_card_digits(f: &Features) -> bool {
    f.digit_group >= 13
}

/// National phone numbers have at least 10 digits.
fn has_phone_digits(f: &Features) -> bool {
    f.digit_group >= 10
}

fn has_plus(f: &Features) -> bool {
    f.plus
}

fn has_stripe_prefix(f: &Features) -> bool {
    any_needle!(f, "_live_", "_test_", "whsec_")
}

fn has_google_prefix(f: &Features) -> bool {
    any_needle!(f, "aiza")
}

fn has_more_vendor_prefix(f: &Features) -> bool {
    any_needle!(f, "sg.", "hf_", "pypi-", "shp", "_v1_", "sk", "key-")
}

fn has_session_token_prefix(f: &Features) -> bool {
    any_needle!(f, "iqojb3jpz2lu", "fqogzxivyxdz", "fwogzxivyxdz")
}

fn has_sas_signature(f: &Features) -> bool {
    any_needle!(f, "sig")
}

fn has_npm_prefix(f: &Features) -> bool {
    any_needle!(f, "npm_")
}

fn has_gitlab_prefix(f: &Features) -> bool {
    any_needle!(f, "gl", "gr1348941")
}

fn has_sk_dash(f: &Features) -> bool {
    any_needle!(f, "sk-")
}

fn has_cookie(f: &Features) -> bool {
    any_needle!(f, COOKIE_WORD)
}

/// SSNs have nine digits joined by dashes.
fn has_ssn_digits(f: &Features) -> bool {
    f.digit_group >= 9
}

fn has_iban_start(f: &Features) -> bool {
    f.iban_start
}

/// Order matters: specific token formats run before the generic key=value rule so that
/// `token=eyJ...` becomes `token=<jwt>` rather than `token=<password>`, and everything that
/// can contain digits runs before the card and phone rules.
const RULES: &[Rule] = &[
    Rule {
        // An unterminated block (a truncated log line) is redacted to the end of the text.
        pattern: r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)",
        check: |_, c| whole(c, PRIVATE_KEY),
        gate: has_private_key_marker,
    },
    Rule {
        // The tail of a key whose BEGIN line was cut off (a truncated or split log record):
        // the base64 lines before the END marker, joined by real or escaped (`\n`) newlines.
        pattern: r"(?:[A-Za-z0-9+/=]{16,}(?:\\r\\n|\\n|\s)+)+-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----",
        check: |_, c| whole(c, PRIVATE_KEY),
        gate: has_private_key_marker,
    },
    Rule {
        // The password may itself contain unescaped `@`, `#`, `?` or `:` (people paste them
        // unencoded); the last `@` before the host wins. A `/` ends it: it starts the path.
        pattern: r"[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/?#]*:(?P<s>[^\s/\x22'<>\\]+)@",
        check: |_, c| group(c, PASSWORD),
        gate: has_url_credentials,
    },
    Rule {
        pattern: r"(?i-u:hooks\.slack\.com)/(?:services|workflows|triggers)/(?P<s>[A-Za-z0-9/_-]+)",
        check: |_, c| group(c, SLACK_TOKEN),
        gate: has_slack_hook,
    },
    Rule {
        pattern: r"(?-u:\b)(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{8,}",
        check: |_, c| whole(c, SLACK_TOKEN),
        gate: has_slack_token,
    },
    Rule {
        pattern: r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})",
        check: |_, c| whole(c, GITHUB_TOKEN),
        gate: has_github_token,
    },
    // Vendor tokens with a documented prefix. Each vendor publishes its prefix so that leaked
    // keys can be found by scanners (GitHub secret scanning partners), which is what makes a
    // prefix a signal rather than a guess.
    Rule {
        // Stripe: secret `sk_live_`/`sk_test_`, restricted `rk_live_`/`rk_test_`, webhook
        // signing secrets `whsec_` (stripe.com/docs/keys). Publishable `pk_` keys are meant to
        // be public and are kept.
        pattern: r"(?-u:\b)(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9+/=]{20,})",
        check: |_, c| whole(c, STRIPE_KEY),
        gate: has_stripe_prefix,
    },
    Rule {
        // Google API keys: `AIza` + 35 URL-safe characters (cloud.google.com/docs/authentication/api-keys).
        pattern: r"(?-u:\b)AIza[0-9A-Za-z_-]{35}",
        check: |_, c| whole(c, GOOGLE_API_KEY),
        gate: has_google_prefix,
    },
    Rule {
        // npm access tokens: `npm_` + 36 alphanumerics (docs.npmjs.com, "About access tokens").
        pattern: r"(?-u:\b)npm_[A-Za-z0-9]{36}",
        check: |_, c| whole(c, NPM_TOKEN),
        gate: has_npm_prefix,
    },
    Rule {
        // GitLab token prefixes (docs.gitlab.com/ee/security/token_overview.html): personal
        // `glpat-`, deploy `gldt-`, runner `glrt-`/`GR1348941`, trigger `glptt-`, feed `glft-`,
        // OAuth app secret `gloas-`, SCIM `glsoat-`, CI job `glcbt-`, incoming mail `glimt-`,
        // agent `glagent-`, feature flags `glffct-`.
        pattern: r"(?-u:\b)(?:gl(?:pat|dt|rt|ptt|ft|oas|soat|cbt|imt|agent|ffct)-|GR1348941)[A-Za-z0-9_-]{20,}",
        check: |_, c| whole(c, GITLAB_TOKEN),
        gate: has_gitlab_prefix,
    },
    Rule {
        // OpenAI (`sk-`, `sk-proj-`, `sk-svcacct-`, `sk-admin-`) and Anthropic (`sk-ant-`)
        // API keys. `sk-` alone is a short word piece, so the key must be long and hold a digit.
        pattern: r"(?-u:\b)sk-[A-Za-z0-9_-]{20,}",
        check: check_sk_key,
        gate: has_sk_dash,
    },
    Rule {
        // More published prefixes: SendGrid `SG.`, Hugging Face `hf_`, PyPI `pypi-AgEIcHlwaS5vcmc`
        // (the macaroon header), Shopify `shpat_`/`shpca_`/`shppa_`/`shpss_`, DigitalOcean
        // `dop_v1_`/`doo_v1_`/`dor_v1_`, Twilio API keys `SK` + 32 hex, Mailgun `key-` + 32.
        pattern: concat!(
            r"(?-u:\b)(?:SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|hf_[A-Za-z0-9]{30,}",
            r"|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
            r"|do[opr]_v1_[a-f0-9]{64}|SK[0-9a-f]{32}|key-[0-9a-zA-Z]{32})(?-u:\b)"
        ),
        check: |_, c| whole(c, API_KEY),
        gate: has_more_vendor_prefix,
    },
    Rule {
        // AWS STS session tokens are base64 of a binary header that is the same for every
        // token of a generation (`IQoJb3JpZ2lu...` today, `FQoGZXIvYXdz`/`FwoGZXIvYXdz`
        // before): caught bare here, and after any `...SessionToken`/`...Security-Token` key
        // by the key=value rule whatever their shape.
        pattern: r"(?:IQoJb3JpZ2lu|FQoGZXIvYXdz|FwoGZXIvYXdz)[A-Za-z0-9/+=%]{16,}",
        check: |_, c| whole(c, AWS_SESSION_TOKEN),
        gate: has_session_token_prefix,
    },
    Rule {
        // Azure SAS tokens sign with `sig=` (learn.microsoft.com, "Create SAS tokens"); the
        // other SAS parameters (`sv`, `se`, `sp`) are kept as they say what was granted.
        pattern: r"(?-u:\b)(?i-u:sig)=(?P<s>[A-Za-z0-9%+/=_-]+)",
        check: |_, c| group(c, SAS_SIGNATURE),
        gate: has_sas_signature,
    },
    Rule {
        // Before the JWT rule: whatever follows `Bearer` is a bearer token, JWT or not.
        pattern: r"(?P<auth>(?i-u:authorization)\\?[\x22']?\s*[:=]\s*\\?[\x22']?)?(?-u:\b)(?i-u:bearer)\s+(?P<s>[A-Za-z0-9._~+/-]+=*)",
        check: check_bearer,
        gate: has_bearer,
    },
    Rule {
        // JWS has three dot-separated parts, JWE five; the header always starts `{"` (eyJ).
        pattern: r"(?-u:\b)eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?",
        check: |_, c| whole(c, JWT),
        gate: has_jwt,
    },
    Rule {
        // AKIA: long-term key, ASIA: STS temporary key, ABIA/ACCA: other credential ids.
        // AIDA/AROA are principal ids (not credentials) and are kept for triage.
        pattern: r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?-u:\b)",
        check: |_, c| whole(c, AWS_ACCESS_KEY_ID),
        gate: has_access_key,
    },
    Rule {
        // The whole value of `Cookie` and `Set-Cookie` (RFC 6265): session cookies are bearer
        // credentials whatever their name, so no pair of the header is kept. `cookies` is
        // API Gateway v2's array of the request's cookies.
        pattern: concat!(
            r"(?-u:\b)(?P<key>(?i-u:set-cookie|cookies?))\\*[\x22']?\s*[:=]\s*(?:",
            r"\[(?P<arr>[^\]]*)\]",
            r"|\x22(?P<dq>(?:[^\x22\\]|\\.)*)\x22",
            r"|\\+\x22(?P<eq>[^\x22]*?)\\+\x22",
            r"|'(?P<sq>(?:[^'\\]|\\.)*)'",
            r"|(?P<bare>[^\r\n\x22'\\]*[^\r\n\x22'\\\s])",
            r")"
        ),
        check: check_cookie,
        gate: has_cookie,
    },
    Rule {
        // `key=value`, `key: value`, JSON `"key":"value"`, escaped JSON inside a JSON string
        // (`\"key\":\"value\"`, and escaped again: `\\\"key\\\"`), Python reprs (`'key': 'value'`) and HTTP headers. The key
        // must *end* with a secret word so `max_tokens` or `password_reset` are not keys.
        pattern: concat!(
            r"(?P<key>[A-Za-z0-9_.-]*(?i-u:password|passwd|passphrase|passcode|pass|pwd|pw|secret|",
            r"secret[_-]?key|secret[_-]?access[_-]?key|secret[_-]?string|api[_-]?key|token|",
            r"private[_-]?key|signature|authorization|auth|credentials?|account[_-]?key|",
            r"shared[_-]?access[_-]?key|(?:master|encryption|signing|client|app)[_-]?key|",
            r"session[_-]?(?:id|key)|ssn))",
            r"\\*(?P<kq>[\x22']?)\s*(?P<sep>=>|[:=])\s*(?:",
            r"\x22(?P<dq>(?:[^\x22\\]|\\.)*)\x22",
            r"|\\+\x22(?P<eq>[^\x22]*?)\\+\x22",
            r"|'(?P<sq>(?:[^'\\]|\\.)*)'",
            r"|(?:(?P<scheme>(?i-u:bearer|basic|digest|token|negotiate))\s+)?(?P<bare>[^\s\x22'&,;<>{}\[\]()\\]+)",
            r")"
        ),
        check: check_key_value,
        gate: has_secret_word,
    },
    Rule {
        // Maximal run of base64-ish characters; `-`/`_` are included so identifiers that
        // merely contain a 40-character stretch do not qualify, `=*` so padded blobs don't.
        pattern: r"[A-Za-z0-9/+_-]{40,}=*",
        check: check_bare_aws_secret,
        gate: has_long_token,
    },
    Rule {
        // Unicode-aware: `josé@exemple.fr` and internationalised domains are PII too;
        // `%40` is `@` in query strings (`?email=alice%40example.com`).
        pattern: r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}",
        check: |_, c| whole(c, EMAIL),
        gate: has_email_marker,
    },
    Rule {
        // Loose candidates, `Ipv6Addr` decides: anything with `::`, or the full eight groups
        // (six plus an embedded IPv4). Requiring one of those keeps `10:00:00` timestamps,
        // present on nearly every line, from being candidates at all. The `{1,7}` bound
        // matters: unbounded, each search over `1:1:1:...` scans to the end of the run.
        pattern: concat!(
            r"(?:(?:[0-9A-Fa-f]{1,4}:){1,7}|:):[0-9A-Fa-f:.]*",
            r"|(?:[0-9A-Fa-f]{1,4}:){6}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|[0-9]{1,3}(?:\.[0-9]{1,3}){3})"
        ),
        check: check_ipv6,
        gate: has_ipv6_shape,
    },
    Rule {
        pattern: r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}",
        check: check_ipv4,
        gate: has_ipv4_shape,
    },
    Rule {
        // US SSNs in their printed `AAA-GG-SSSS` form; the SSA never issues area 000, 666 or
        // 900-999, group 00 or serial 0000 (ssa.gov, "Social Security Number Randomization"),
        // so those are kept. Nine bare digits are ids as often as SSNs; a keyed `ssn=` is
        // caught by the key=value rule.
        pattern: r"(?-u:\b)[0-9]{3}-[0-9]{2}-[0-9]{4}(?-u:\b)",
        check: check_ssn,
        gate: has_ssn_digits,
    },
    Rule {
        // IBANs (ISO 13616): country, two check digits, a country-specific length, printed
        // bare or in groups of four; the mod-97 checksum decides.
        pattern: r"(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,32}",
        check: check_iban,
        gate: has_iban_start,
    },
    Rule {
        pattern: r"(?-u:\b)(?:[0-9]{13,19}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{1,4}(?:[ -][0-9]{1,3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})(?-u:\b)",
        check: check_card,
        gate: has_card_digits,
    },
    Rule {
        pattern: r"\+[1-9][0-9]{0,3}(?:[ .-]?\([0-9]{1,5}\))?(?:[ .-]?[0-9]{1,8}){1,6}",
        check: check_intl_phone,
        gate: has_plus,
    },
    Rule {
        pattern: r"(?:1[ .-]?)?(?:\([2-9][0-9]{2}\)[ .-]?[0-9]{3}[ .-]|[2-9][0-9]{2}[.-][0-9]{3}[.-])[0-9]{4}",
        check: check_national_phone,
        gate: has_phone_digits,
    },
];

/// One regex per rule. A combined `RegexSet` pre-scan was tried and measured slower: its lazy
/// DFA is the product of every rule's counted repetitions (`{40,}`, `{13,19}`, ...), which
/// does not fit its cache, so it rebuilt states on every line. Alone, each rule's automaton is
/// small and most start with a literal the regex engine finds with memchr.
static COMPILED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| Regex::new(r.pattern).expect("redaction pattern compiles"))
        .collect()
});

/// A pass can expose text that an earlier rule of the same pass would now match (a later
/// placeholder changes what sits next to a candidate), so passes repeat until nothing
/// changes. Real inputs settle after one pass; the cap only bounds pathological ones.
const MAX_PASSES: usize = 32;

/// Replace secrets and PII with typed placeholders; returns Cow::Borrowed when nothing matched.
pub fn redact(text: &str) -> Cow<'_, str> {
    let Some(mut out) = redact_pass(text) else {
        return Cow::Borrowed(text);
    };
    for _ in 1..MAX_PASSES {
        match redact_pass(&out) {
            Some(next) => out = next,
            None => break,
        }
    }
    Cow::Owned(out)
}

/// One pass of every rule, in order; `None` when nothing changed.
fn redact_pass(text: &str) -> Option<String> {
    let mut current: Option<String> = None;
    // Features of the pass's input: a replacement within the pass can only make a later rule
    // newly applicable through context, and any change makes `redact` run another pass, which
    // recomputes them, so the fixed point is the same.
    let features = Features::of(text);
    for (regex, rule) in COMPILED.iter().zip(RULES) {
        if !(rule.gate)(&features) {
            continue;
        }
        let input = current.as_deref().unwrap_or(text);
        if let Some(next) = apply(regex, rule.check, input) {
            current = Some(next);
        }
    }
    current
}

fn apply(regex: &Regex, check: Check, text: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    for caps in regex.captures_iter(text) {
        let Some((range, placeholder)) = check(text, &caps) else {
            continue;
        };
        // Already-redacted values are left alone so a second run changes nothing; a match
        // inside a range already replaced (a value extended past its match) is skipped.
        if range.is_empty()
            || range.start < copied_up_to
            || PLACEHOLDERS.contains(&&text[range.clone()])
        {
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied_up_to..range.start]);
        buf.push_str(placeholder);
        copied_up_to = range.end;
    }
    let mut buf = out?;
    buf.push_str(&text[copied_up_to..]);
    Some(buf)
}

fn whole(c: &Captures, placeholder: &'static str) -> Option<(Range<usize>, &'static str)> {
    Some((c.get(0)?.range(), placeholder))
}

fn group(c: &Captures, placeholder: &'static str) -> Option<(Range<usize>, &'static str)> {
    Some((c.name("s")?.range(), placeholder))
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Numbers (addresses, cards, phones) must stand alone: not glued to a word, and not one
/// piece of a longer dotted/dashed number such as `1.2.3.4.5` or `2024-555-123-4567`.
fn number_stands_alone(text: &str, range: &Range<usize>) -> bool {
    let glued_before = match char_before(text, range.start) {
        Some(c) if is_word(c) => true,
        Some('.' | '-') => char_before(text, range.start - 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    let glued_after = match char_after(text, range.end) {
        Some(c) if is_word(c) => true,
        Some('.' | '-') => char_after(text, range.end + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    !glued_before && !glued_after
}

/// Prose such as "Bearer token expired" must survive, so outside an Authorization header
/// the token has to look like one: a digit, or long enough to be random.
fn check_bearer(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let token = c.name("s")?;
    let looks_random =
        token.as_str().bytes().any(|b| b.is_ascii_digit()) || token.as_str().len() >= 16;
    (c.name("auth").is_some() || looks_random).then(|| (token.range(), BEARER_TOKEN))
}

/// Values that say "no secret here" are what a triager needs to see (`password: undefined`
/// is a classic bug), and ARNs name a secret rather than being one.
fn is_harmless_value(value: &str) -> bool {
    const HARMLESS: &[&str] = &["null", "undefined", "none", "nil", "true", "false"];
    HARMLESS.iter().any(|h| value.eq_ignore_ascii_case(h)) || value.starts_with("arn:")
}

fn is_auth_scheme(word: &str) -> bool {
    ["bearer", "basic", "digest", "token", "negotiate"]
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s))
}

fn check_key_value(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let key = c.name("key")?;
    // `arn:aws:secretsmanager:...:secret:name` names a secret; it is not `secret: value`.
    if char_before(text, key.start()) == Some(':') {
        return None;
    }
    if is_non_secret_abbreviation(key.as_str()) {
        return None;
    }
    let key: String = key
        .as_str()
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect();
    // Pagination cursors (`NextToken`, CloudWatch's `nextForwardToken`) are not credentials
    // and tell a triager where a listing stopped.
    const CURSORS: &[&str] = &[
        "next",
        "forward",
        "backward",
        "continuation",
        "pagination",
        "page",
    ];
    if key.ends_with("token") && CURSORS.iter().any(|c| key.contains(c)) {
        return None;
    }
    let placeholder = if key.ends_with("secretaccesskey") || key.ends_with("secretkey") {
        AWS_SECRET_KEY
    } else if key.ends_with("sessiontoken") || key.ends_with("securitytoken") {
        AWS_SESSION_TOKEN
    } else if key.ends_with("ssn") {
        SSN
    } else {
        PASSWORD
    };
    let value = if let Some(bare) = c.name("bare") {
        // Nouns common in prose and logger names (`botocore.credentials: Found credentials`,
        // `auth: failed`) need an `=` or quotes before an unquoted value counts.
        let prose_noun = ["credentials", "credential", "auth"]
            .iter()
            .any(|w| key.ends_with(w));
        let colon = c.name("sep").is_some_and(|s| s.as_str() == ":");
        let quoted_key = c.name("kq").is_some_and(|q| !q.is_empty());
        if prose_noun && colon && !quoted_key {
            return None;
        }
        // `Authorization: Bearer <bearer_token>` re-matched without its scheme group.
        if c.name("scheme").is_none() && is_auth_scheme(bare.as_str()) {
            return None;
        }
        bare
    } else {
        c.name("dq").or(c.name("sq")).or(c.name("eq"))?
    };
    // Quoted header values carry their scheme inside the quotes: `"Basic dXNlcg=="`.
    let secret = match value.as_str().split_once(' ') {
        Some((scheme, rest)) if is_auth_scheme(scheme) => rest.trim_start(),
        _ => value.as_str(),
    };
    if is_harmless_value(secret) || only_placeholders(secret) {
        return None;
    }
    let mut end = value.end();
    if c.name("bare").is_some() {
        end = extend_past_ampersands(text, end);
    }
    Some((value.end() - secret.len()..end, placeholder))
}

/// A bare value stops at `&` because query strings separate parameters with it, but a password
/// may hold one too (`password=Tr0ub4dor&3horse`). The value goes on across `&` unless what
/// follows is the next parameter (`&name=`), so neither the password's tail nor the next
/// parameter is lost.
fn extend_past_ampersands(text: &str, mut end: usize) -> usize {
    let stop = |c: char| c.is_whitespace() || "\"'&,;<>{}[]()\\".contains(c);
    while text[end..].starts_with('&') {
        let rest = &text[end + 1..];
        let segment = &rest[..rest.find(stop).unwrap_or(rest.len())];
        if segment.is_empty() || segment.contains('=') {
            break;
        }
        end += 1 + segment.len();
    }
    end
}

/// A specific rule already replaced the secret inside this value (`"<private_key>\n"`). A
/// value that still holds text beside a placeholder (`"alice@example.com hunter2"` after the
/// email rule) is replaced whole: the rest may be the secret.
fn only_placeholders(value: &str) -> bool {
    if !PLACEHOLDERS.iter().any(|p| value.contains(p)) {
        return false;
    }
    let mut rest = value.to_owned();
    for p in PLACEHOLDERS {
        rest = rest.replace(p, " ");
    }
    rest.bytes().filter(u8::is_ascii_alphanumeric).count() < 4
}

fn check_cookie(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let value = c
        .name("arr")
        .or(c.name("dq"))
        .or(c.name("sq"))
        .or(c.name("eq"))
        .or(c.name("bare"))?;
    let v = value.as_str().trim();
    if v.is_empty() || is_harmless_value(v) || only_placeholders(v) {
        return None;
    }
    Some((value.range(), COOKIE))
}

fn check_sk_key(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let body = &m.as_str()[3..];
    // Documented project/service/admin/Anthropic prefixes, and the legacy 48-alphanumeric
    // form, are keys wherever they stand, a log-group or resource name included.
    let prefixed = ["proj-", "svcacct-", "admin-", "ant-"]
        .iter()
        .any(|p| body.starts_with(p));
    let legacy = body.len() >= 32 && body.bytes().all(|b| b.is_ascii_alphanumeric());
    let random =
        body.bytes().any(|b| b.is_ascii_digit()) && body.bytes().any(|b| b.is_ascii_alphabetic());
    // Otherwise `-` before it makes `sk-` part of a slug (`eks-sk-prod-cluster-2024`).
    let standalone = char_before(text, m.start()) != Some('-');
    (random && (prefixed || legacy || standalone)).then(|| (m.range(), API_KEY))
}

fn check_ssn(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let s = m.as_str().as_bytes();
    let num = |r: std::ops::Range<usize>| {
        s[r].iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let (area, group, serial) = (num(0..3), num(4..6), num(7..11));
    let issued = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    (issued && number_stands_alone(text, &m.range())).then(|| (m.range(), SSN))
}

/// IBAN lengths per country, from the SWIFT IBAN registry (the published list of which
/// countries use IBANs and how long theirs are).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// ISO 7064 mod 97-10 over the IBAN rearranged (country and check digits moved to the end,
/// letters as 10-35): valid IBANs leave remainder 1.
fn iban_checksum_valid(iban: &[u8]) -> bool {
    let mut rem = 0u32;
    for &b in iban[4..].iter().chain(&iban[..4]) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn check_iban(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let s = m.as_str();
    let len = IBAN_LENGTHS
        .iter()
        .find(|(cc, _)| s.starts_with(cc))
        .map(|(_, l)| *l)?;
    // The candidate may run into the next word (`... 3000 EUR`); the country's length says
    // where the IBAN ends.
    let mut compact = Vec::with_capacity(len);
    let mut end = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b' ' {
            continue;
        }
        compact.push(b);
        if compact.len() == len {
            end = i + 1;
            break;
        }
    }
    if compact.len() != len || !iban_checksum_valid(&compact) {
        return None;
    }
    let range = m.start()..m.start() + end;
    let glued = char_after(text, range.end).is_some_and(is_word);
    (!glued).then_some((range, IBAN))
}

/// Short key words (`pass`, `pwd`, `pw`, `auth`, `ssn`) only count as a whole key, its last
/// `_`/`-`/`.` segment or its last camelCase word (`DB_PASS`, ODBC's `Pwd`, `basicAuth`):
/// `bypass`, `compass` and `oauth` are not secrets, nor is the shell's `PWD`.
fn is_non_secret_abbreviation(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    for suffix in ["pass", "pwd", "pw", "auth", "ssn"] {
        let Some(stem) = lower.strip_suffix(suffix) else {
            continue;
        };
        let bytes = key.as_bytes();
        let camel = !stem.is_empty()
            && bytes[stem.len()].is_ascii_uppercase()
            && bytes[stem.len() - 1].is_ascii_lowercase();
        return key == "PWD" || !(stem.is_empty() || stem.ends_with(['_', '-', '.']) || camel);
    }
    false
}

fn check_bare_aws_secret(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let s = m.as_str().as_bytes();
    // A key starts with `/` once in 64 and rarely holds three slashes; a URL path does both.
    let path_like = s.first() == Some(&b'/') && s.iter().filter(|b| **b == b'/').count() >= 3;
    let shaped = s.len() == 40
        && !path_like
        && s.iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'/' || *b == b'+')
        && s.iter().any(u8::is_ascii_digit)
        && s.iter().any(u8::is_ascii_uppercase)
        && s.iter().any(u8::is_ascii_lowercase);
    shaped.then(|| (m.range(), AWS_SECRET_KEY))
}

fn check_ipv6(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    // A sentence may end right after the address ("from fe80::1." / "fe80::1: refused").
    let candidate = m.as_str();
    let trimmed = candidate.trim_end_matches(['.', ':']);
    let s = if candidate.parse::<Ipv6Addr>().is_ok() {
        candidate
    } else {
        trimmed
    };
    let range = m.start()..m.start() + s.len();
    // `-` before: ARN regions (`arn:aws:apigateway:us-east-1::/restapis/...`).
    let glued = char_before(text, range.start).is_some_and(|c| is_word(c) || c == ':' || c == '-')
        || char_after(text, range.end).is_some_and(is_word);
    // A digit keeps `::`, `Add::add` and `dead::beef` code paths out; two groups (or a
    // leading `::`, as in `::1`) keep out `v1::`-style tokens that happen to parse.
    let groups = s.split(':').filter(|g| !g.is_empty()).count();
    let valid = !glued
        && (groups >= 2 || s.starts_with("::"))
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.parse::<Ipv6Addr>().is_ok();
    valid.then_some((range, IPV6))
}

fn check_ipv4(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let octets_ok = m.as_str().split('.').all(|o| o.parse::<u8>().is_ok());
    (octets_ok && number_stands_alone(text, &m.range())).then(|| (m.range(), IPV4))
}

fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn check_card(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let digits: Vec<u8> = m
        .as_str()
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Visa 4, Mastercard 51-55/2221-2720, Amex/Diners/JCB 3, Discover/UnionPay/Maestro 5-6.
    let prefix4 = digits[..4]
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(*d));
    let network = matches!(digits[0], 3..=6) || (2221..=2720).contains(&prefix4);
    let valid = (13..=19).contains(&digits.len())
        && network
        && luhn_valid(&digits)
        && number_stands_alone(text, &m.range());
    valid.then(|| (m.range(), CARD_NUMBER))
}

fn check_intl_phone(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
    // Glued to a word, the `+` is base64 or arithmetic (`abc+14155552671`), not a prefix.
    ((8..=15).contains(&digits) && number_stands_alone(text, &m.range()))
        .then(|| (m.range(), PHONE))
}

fn check_national_phone(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    number_stands_alone(text, &m.range()).then(|| (m.range(), PHONE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_test_cards_and_rejects_typos() {
        let digits = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
        for valid in ["4111111111111111", "5500000000000004", "378282246310005"] {
            assert!(luhn_valid(&digits(valid)), "{valid}");
        }
        for invalid in ["4111111111111112", "5500000000000005", "378282246310006"] {
            assert!(!luhn_valid(&digits(invalid)), "{invalid}");
        }
    }

    #[test]
    fn luhn_valid_numbers_outside_card_networks_are_kept() {
        // All Luhn-valid: epoch millis, epoch micros, a 1-prefixed id, a 7-prefixed id.
        for line in [
            "ts=1591714943146",
            "ts=1709287200123458",
            "id 1234567890123452",
            "ref 7000000000000005",
        ] {
            assert_eq!(redact(line), line);
        }
        assert_eq!(redact("mc 2221000000000009"), "mc <card_number>");
    }

    #[test]
    fn luhn_invalid_card_shapes_are_kept() {
        let line = "order 4111 1111 1111 1112 total";
        assert_eq!(redact(line), line);
    }

    #[test]
    fn bare_aws_secret_needs_exact_length_mixed_case_and_digit() {
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(redact(&format!("k {key} x")), "k <aws_secret_key> x");
        assert_eq!(redact(&format!("k:{key}")), "k:<aws_secret_key>");
        for kept in [
            // 41 characters: part of something longer.
            format!("k {key}A x"),
            // Base64 padding after it: a blob, not a key.
            format!("k {key}= x"),
            // Glued into an identifier.
            format!("k my-{key} x"),
            // Hex digest (no upper case), 40 characters.
            "k da39a3ee5e6b4b0d3255bfef95601890afd80709 x".to_owned(),
            // No digit.
            "k wJalrXUtnFEMIKxMDENGxbPxRfiCYEXAMPLEKEYx x".to_owned(),
            // An absolute path that happens to be 40 characters.
            "GET /prod/v1/Users/Orders/Items/Abc12/Detail 404".to_owned(),
        ] {
            assert_eq!(redact(&kept), kept);
        }
    }

    #[test]
    fn phone_digit_count_follows_e164() {
        assert_eq!(redact("tel +1 234 567"), "tel +1 234 567");
        assert_eq!(redact("n=+1234567890123456"), "n=+1234567890123456");
        assert_eq!(redact("tel +49 30 12345678."), "tel <phone>.");
        // `+` glued to base64 text is base64, not a country code.
        assert_eq!(redact("blob abc+14155552671 x"), "blob abc+14155552671 x");
        // A dashed id whose tail looks like a phone number.
        assert_eq!(redact("order 2024-555-123-4567"), "order 2024-555-123-4567");
    }

    #[test]
    fn ipv6_edges() {
        assert_eq!(redact("from fe80::1."), "from <ipv6>.");
        assert_eq!(redact("peer fe80::1: reset"), "peer <ipv6>: reset");
        assert_eq!(redact("mapped ::ffff:192.0.2.128 ok"), "mapped <ipv6> ok");
        for kept in [
            "time 12:30:45",
            "ns a::b::c",
            "fn u8::max",
            "::",
            "parse error at line 12:: unexpected",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn ipv4_must_stand_alone() {
        assert_eq!(redact("ip 10.0.0.1/16"), "ip <ipv4>/16");
        assert_eq!(redact("retry 3 10.0.0.1"), "retry 3 <ipv4>");
        for kept in [
            "v 1.2.3.4.5",
            "v1.2.3.4",
            "n 10.0.0.256",
            "build 2.10.300.4",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn a_password_with_an_ampersand_is_redacted_whole_and_the_next_parameter_kept() {
        assert_eq!(
            redact("login failed password=Tr0ub4dor&3horsebattery for bob"),
            "login failed password=<password> for bob"
        );
        assert_eq!(
            redact("GET /cb?password=hunter2x&user=bob&token=s3cretvalue9"),
            "GET /cb?password=<password>&user=bob&token=<password>"
        );
        assert_eq!(redact("pw=a&b&c=d"), "pw=<password>&c=d");
    }

    #[test]
    fn placeholders_are_never_redacted_again() {
        for p in PLACEHOLDERS {
            assert!(matches!(redact(p), Cow::Borrowed(_)), "{p}");
            let keyed = format!("password={p} url=https://u:{p}@h Bearer {p}");
            assert!(matches!(redact(&keyed), Cow::Borrowed(_)), "{keyed}");
        }
    }

    #[test]
    fn candidates_exposed_by_a_later_rule_are_redacted() {
        // Each second phone is glued to a digit until the first becomes `<phone>`.
        for (input, expected) in [
            ("+44 20 7946 0958+14155552671", "<phone><phone>"),
            ("1-800-555-0199+44 20 7946 0958", "<phone><phone>"),
        ] {
            assert_eq!(redact(input), expected);
        }
    }

    #[test]
    fn access_key_id_must_be_a_whole_word() {
        let request_id = "Request ID: 4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNAKIAVJF66Q9ASUAAJG12";
        assert_eq!(redact(request_id), request_id);
    }

    #[test]
    fn auth_scheme_is_kept_and_credential_replaced() {
        assert_eq!(
            redact(r#"{"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}"#),
            r#"{"Authorization": "Basic <password>"}"#
        );
        assert_eq!(
            redact("proxy-authorization: Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1"),
            "proxy-authorization: Negotiate <password>"
        );
    }

    #[test]
    fn harmless_key_values_are_kept() {
        for kept in [
            "password: undefined",
            r#"{"token":null,"secret":""}"#,
            "api_key=None",
            "secret_name=prod/db id_token_hint=false",
            "Fetching secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
            r#"{"NextToken":"eyJ2IjoxfQ==","nextForwardToken":"f/3478387730485951839386835959"}"#,
            "?continuation-token=1a2b3c&max-keys=100",
            "bypass=cache compass=north PWD=/var/task",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn glued_plus_digit_runs_reach_a_fixed_point() {
        // Found by the parse_lines fuzz target: each pass exposed one more candidate.
        for line in ["++56s`t recen33++33333333\u{2}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{fffd}\u{0}+\u{0}\u{0}\u{0}\u{0}\u{0}33++6666666666+333333333333+33333333333\u{fffd}3+)3333336[ ", "\u{1}\u{fffd}66VUUUUUU\u{5}+3333333333+33333333333\u{fffd}3+)3333336\u{fffd}66VUUUUUU\u{5}+333333333333+3333333333333+333333666+333333333333+3333333333+3333333333333+)333333Traceba3++333Traceba3++333333Traceback (most recent call last)6/+"] {
            let once = redact(line).into_owned();
            assert_eq!(redact(&once), once);
        }
    }
}
