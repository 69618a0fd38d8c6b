//! Unit tests of the filter-pattern evaluator, by pattern form: `terms.rs` (terms and the
//! standalone regex), `json.rs`, `space.rs`; the limits, garbage input and `explain` here.

use super::space::split_event;
use super::values::{parse_number, wildcard_match};
use super::*;

/// Asserts that `pattern` is rejected with an error of the given shape.
macro_rules! assert_rejected {
    ($pattern:expr, $shape:pat) => {{
        let pattern = $pattern;
        let e = err(pattern);
        assert!(matches!(e, $shape), "{pattern:?} gave {e:?}");
    }};
}

mod json;
mod space;
mod terms;

fn p(pattern: &str) -> FilterPattern {
    FilterPattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern:?} should parse: {e}"))
}

fn m(pattern: &str, event: &str) -> bool {
    p(pattern).matches(event)
}

fn err(pattern: &str) -> FilterPatternError {
    match FilterPattern::parse(pattern) {
        Ok(fp) => panic!("{pattern:?} should be rejected, parsed as {fp:?}"),
        Err(e) => e,
    }
}

#[test]
fn match_all_patterns() {
    for pattern in ["", "   ", "\t\n", "\" \"", "  \" \"  "] {
        let fp = p(pattern);
        assert_eq!(fp.kind(), PatternKind::MatchAll, "{pattern:?}");
        assert!(fp.matches("anything at all"));
        assert!(fp.matches(""));
        assert_eq!(fp.regex_count(), 0);
    }
}

#[test]
fn pattern_length_limit() {
    let at_limit = format!("\"{}\"", "a".repeat(MAX_PATTERN_LEN - 2));
    assert!(p(&at_limit).matches(&"a".repeat(MAX_PATTERN_LEN)));
    let too_long = "a".repeat(MAX_PATTERN_LEN + 1);
    assert_eq!(
        err(&too_long),
        FilterPatternError::TooLong {
            len: MAX_PATTERN_LEN + 1
        }
    );
    // Counted in characters, not bytes.
    let multibyte = format!("\"{}\"", "é".repeat(MAX_PATTERN_LEN - 2));
    assert!(FilterPattern::parse(&multibyte).is_ok());
    assert!(err(&"ERROR ".repeat(200))
        .to_string()
        .contains("1200 characters"));
}

#[test]
fn garbage_patterns_are_errors() {
    let garbage = [
        "\"",
        "[",
        "{",
        "}",
        "]",
        "%",
        "{ $.x = }",
        "{{}",
        "{ $.x = 1 }}",
        "[[",
        "?",
        "-",
        "\"\"\"",
        "{ \" }",
        "[ \" ]",
        "{ $.x = % }",
        "[a = %]",
        "{ ( }",
        "{ ) }",
        "{ $[",
        "{ $.a[1 }",
        "a b \"c",
        "(",
        "ERROR (x)",
        "{ $.x = \"\\\" }",
    ];
    for pattern in garbage {
        assert!(
            FilterPattern::parse(pattern).is_err(),
            "{pattern:?} should be rejected"
        );
    }
}

/// Deterministic pseudo-random patterns and events: parsing and matching must never panic.
#[test]
fn no_panics_on_random_input() {
    const ALPHABET: &[&str] = &[
        "{", "}", "[", "]", "(", ")", "$", ".", "a", "b", "1", "0", "-", "?", "\"", "\\", "%", "*",
        "=", "!", "<", ">", "&", "|", ",", " ", " ", "...", "IS", "NULL", "NOT", "EXISTS", "é",
        "✓", "\t", ":", "^", "+",
    ];
    let mut random = crate::test_support::XorShift64::new(0x9E37_79B9_7F4A_7C15);
    let mut next = move |n: usize| random.below(n);
    let events = [
        "",
        "a b 1",
        r#"{"a":{"b":[1,"x",null,true]},"1":"é"}"#,
        r#"[1, {"a": "b"}]"#,
        "\"unterminated [bracket é ✓",
        "{not json",
    ];
    let mut parsed = 0;
    for _ in 0..20_000 {
        let len = next(12);
        let pattern: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
        let prefix = ["", "{ ", "[", "%"][next(4)];
        let suffix = ["", " }", "]", "%"][next(4)];
        let pattern = format!("{prefix}{pattern}{suffix}");
        if let Ok(fp) = FilterPattern::parse(&pattern) {
            parsed += 1;
            for event in events {
                let _ = fp.matches(event);
            }
        }
    }
    assert!(parsed > 100, "only {parsed} random patterns parsed");
}

#[test]
fn valid_patterns_parse() {
    let good = [
        (r#"{ $.eventType = "UpdateTrail" }"#, PatternKind::Json),
        (
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
            PatternKind::Json,
        ),
        ("{ $.sourceIPAddress != 123.123.* }", PatternKind::Json),
        ("{ $.arrayKey[0] = \"value\" }", PatternKind::Json),
        ("{ $.bandwidth > 75 && $.latency < 100 }", PatternKind::Json),
        ("{ $.x = -1.5 }", PatternKind::Json),
        ("[w1, w2 = ERROR, w3]", PatternKind::SpaceDelimited),
        ("ERROR WARN_2 _x 42", PatternKind::Terms),
    ];
    for (pattern, kind) in good {
        assert_eq!(p(pattern).kind(), kind, "{pattern:?}");
    }
    assert!(m(
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
        r#"{"errorCode":"AccessDeniedException"}"#
    ));
}

#[test]
fn explain_names_what_matched() {
    assert_eq!(p("ERROR").explain("INFO ok"), None);
    assert_eq!(
        p(r#"?"Task timed out" ?panicked"#).explain("id Task timed out after 3.00 seconds"),
        Some(vec![r#"?term "Task timed out" at byte 3"#.to_string()])
    );
    assert_eq!(
        p("ERROR -DEBUG ?ignored").explain("x ERROR y"),
        Some(vec![
            r#"term "ERROR" at byte 2"#.to_string(),
            r#"no "DEBUG" (excluded)"#.to_string()
        ])
    );
    assert_eq!(
        p(r"%Runtime\.[A-Za-z]+%").explain("errorType Runtime.ExitError here"),
        Some(vec![
            r#"regex matched "Runtime.ExitError" at byte 10"#.to_string()
        ])
    );
    let json = r#"{"record":{"status":"timeout"},"arr":[1,5]}"#;
    assert_eq!(
        p(r#"{ $.record.status = "error" || ($.record.status = "time*" && $.arr[*] > 4) }"#)
            .explain(json),
        Some(vec![
            r#"$.record.status = "timeout" (tested = "time*")"#.to_string(),
            "$.arr[*] = 5 (tested > 4)".to_string()
        ])
    );
    assert_eq!(
        p("{ $.gone NOT EXISTS }").explain("{}"),
        Some(vec!["$.gone does not exist".to_string()])
    );
    assert_eq!(
        p("[w1 = ERROR, ..., code = 4*, rest]").explain("ERROR a b 404 Not Found"),
        Some(vec![
            r#"w1 = "ERROR""#.to_string(),
            r#"... = "a b""#.to_string(),
            r#"code = "404""#.to_string(),
            r#"rest = "Not Found""#.to_string()
        ])
    );
    assert_eq!(
        p("").explain("anything"),
        Some(vec!["every event matches this pattern".to_string()])
    );
}

#[test]
fn wildcard_and_number_helpers() {
    assert!(wildcard_match("*", ""));
    assert!(wildcard_match("**", "abc"));
    assert!(wildcard_match("a*", "a"));
    assert!(!wildcard_match("a*b", "ab c"));
    assert!(wildcard_match("*é*", "xéy"));
    assert!(!wildcard_match("", "x"));
    assert_eq!(parse_number("-12.5"), Some(-12.5));
    assert_eq!(parse_number("1E+2"), Some(100.0));
    assert_eq!(parse_number("+1"), Some(1.0));
    assert_eq!(parse_number("+1e+3"), Some(1000.0));
    for s in [
        "", "-", "+", "+-1", "1.", ".5", "1e", "inf", "NaN", "0x10", "1e999", "4*",
    ] {
        assert_eq!(parse_number(s), None, "{s:?}");
    }
}
