//! The checks that decide whether a rule's candidate is a secret and which part to replace.

use std::net::Ipv6Addr;

use super::*;

/// Prose such as "Bearer token expired" must survive, so outside an Authorization header
/// the token has to look like one: a digit, or long enough to be random.
pub(super) fn check_bearer(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_key_value(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_cookie(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_sk_key(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_ssn(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_iban(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_bare_aws_secret(_: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_ipv6(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_ipv4(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let octets_ok = m.as_str().split('.').all(|o| o.parse::<u8>().is_ok());
    (octets_ok && number_stands_alone(text, &m.range())).then(|| (m.range(), IPV4))
}

pub(super) fn luhn_valid(digits: &[u8]) -> bool {
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

pub(super) fn check_card(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
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

pub(super) fn check_intl_phone(text: &str, c: &Captures) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
    // Glued to a word, the `+` is base64 or arithmetic (`abc+14155552671`), not a prefix.
    ((8..=15).contains(&digits) && number_stands_alone(text, &m.range()))
        .then(|| (m.range(), PHONE))
}

pub(super) fn check_national_phone(
    text: &str,
    c: &Captures,
) -> Option<(Range<usize>, &'static str)> {
    let m = c.get(0)?;
    number_stands_alone(text, &m.range()).then(|| (m.range(), PHONE))
}
