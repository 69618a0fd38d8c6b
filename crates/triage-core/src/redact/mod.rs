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

mod checks;
mod features;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use checks::*;
use features::*;

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
