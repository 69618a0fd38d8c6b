//! Term patterns (words, quoted phrases, `?` and `-`) and the standalone `%regex%`.

use super::*;

#[test]
fn documented_term_examples() {
    assert_eq!(p("ERROR").kind(), PatternKind::Terms);
    assert!(m("ERROR", "Exiting with ERRORCODE: -1"));
    assert!(m("ERROR", "[ERROR] Caught IllegalArgumentException"));
    assert!(!m("ERROR -Exiting", "Exiting with ERRORCODE: -1"));
    assert!(m(
        "ERROR -Exiting",
        "[ERROR] Caught IllegalArgumentException"
    ));
    assert!(m(
        "ERROR Exception",
        "[ERROR] Caught IllegalArgumentException"
    ));
    assert!(m(
        "Exception ERROR",
        "[ERROR] Caught IllegalArgumentException"
    ));
    assert!(!m("ERROR Exception", "[ERROR] Unhandled problem"));
    assert!(m(
        r#""Failed to process the request""#,
        "[WARN] Failed to process the request: timeout"
    ));
    assert!(!m(
        r#""Failed to process the request""#,
        "[WARN] Failed to process request"
    ));
}

#[test]
fn terms_are_case_sensitive() {
    assert!(!m("ERROR", "error: something broke"));
    assert!(!m("error", "ERROR: something broke"));
    assert!(m("error", "an error: something broke"));
}

#[test]
fn or_terms() {
    let fp = p("?ERROR ?WARN");
    assert!(fp.matches("[ERROR] boom"));
    assert!(fp.matches("[WARN] hmm"));
    assert!(!fp.matches("[INFO] fine"));
    // Next to plain or `-` terms the `?` terms are ignored ("Match optional terms" note).
    // This test used to require one `?` term as well; the docs contradict that reading.
    let fp = p("Lambda ?ERROR ?WARN -Retrying");
    assert!(fp.matches("Lambda WARN low memory"));
    assert!(!fp.matches("WARN low memory"));
    assert!(fp.matches("Lambda INFO"));
    assert!(!fp.matches("Lambda ERROR Retrying"));
}

#[test]
fn lambda_timeout_phrases() {
    let fp = p(r#"?"Task timed out" ?"Runtime exited""#);
    assert_eq!(fp.kind(), PatternKind::Terms);
    assert!(fp.matches("2024-01-01T00:00:03.000Z 7f3c Task timed out after 3.00 seconds"));
    assert!(fp.matches(
        "RequestId: 7f3c Error: Runtime exited with error: signal: killed Runtime.ExitError"
    ));
    assert!(!fp.matches("START RequestId: 7f3c Version: $LATEST"));
    assert!(!fp.matches("task timed out"));
}

#[test]
fn exclusion_only_and_quoted_prefixes() {
    let fp = p("-DEBUG -TRACE");
    assert!(fp.matches("INFO hello"));
    assert!(!fp.matches("DEBUG hello"));
    assert!(!fp.matches("x TRACE"));
    // `?` terms beside an exclusion are ignored: this is `-"health check"`.
    let fp = p(r#"-"health check" ?"GET /api" ?"POST /api""#);
    assert!(fp.matches("POST /api/orders 201"));
    assert!(!fp.matches("GET /api/health health check"));
    assert!(fp.matches("PUT /api/orders 200"));
}

#[test]
fn quoted_escapes_and_special_characters() {
    assert!(m(r#""Runtime.ExitError""#, "Error: Runtime.ExitError"));
    assert!(m(r#""say \"hi\"""#, r#"they say "hi" loudly"#));
    assert!(!m(r#""say \"hi\"""#, "they say hi loudly"));
    assert!(m(r#""C:\\temp""#, r"opened C:\temp"));
    // A backslash before another character is kept literally.
    assert!(m(r#""a\nb""#, r"literal a\nb here"));
    assert!(m(r#""é ✓""#, "ok é ✓ done"));
}

#[test]
fn bare_special_characters_are_rejected() {
    let e = err("Runtime.ExitError");
    assert_eq!(
        e,
        FilterPatternError::UnquotedSpecialCharacter {
            term: "Runtime.ExitError".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "term `Runtime.ExitError` contains characters other than letters, digits and `_`; \
         CloudWatch requires it in double quotes"
    );
    for pattern in [
        "ERROR code:500",
        "-a.b",
        "?x-y",
        "café",
        "}",
        "a\"b c\"",
        "ERROR!",
    ] {
        assert_rejected!(pattern, FilterPatternError::UnquotedSpecialCharacter { .. });
    }
}

#[test]
fn term_syntax_errors() {
    assert_eq!(
        err("?"),
        FilterPatternError::EmptyTerm { prefix: '?', at: 0 }
    );
    assert_eq!(
        err("ERROR -"),
        FilterPatternError::EmptyTerm { prefix: '-', at: 6 }
    );
    assert_eq!(
        err("? ERROR"),
        FilterPatternError::EmptyTerm { prefix: '?', at: 0 }
    );
    assert_eq!(err("\""), FilterPatternError::UnterminatedQuote { at: 0 });
    assert_eq!(
        err("ERROR \"oops"),
        FilterPatternError::UnterminatedQuote { at: 6 }
    );
    assert_eq!(
        err(r#""ends with escape\""#),
        FilterPatternError::UnterminatedQuote { at: 0 }
    );
    assert_rejected!(
        r#""abc"def"#,
        FilterPatternError::UnexpectedText { at: 5, .. }
    );
    assert_rejected!(r#""a""b""#, FilterPatternError::UnexpectedText { .. });
}

#[test]
fn standalone_regex() {
    let fp = p(r"%Runtime\.ExitError|signal: killed%");
    assert_eq!(fp.kind(), PatternKind::Regex);
    assert_eq!(fp.regex_count(), 1);
    assert!(fp.matches("RequestId: 1 Error: Runtime exited with error: signal: killed"));
    assert!(fp.matches("Runtime.ExitError"));
    assert!(!fp.matches("RuntimeXExitError"));
    assert!(!fp.matches("all good"));
    assert!(m("%^START RequestId%", "START RequestId: 1"));
    assert!(!m("%^START RequestId%", "x START RequestId: 1"));
    assert!(m(r"%[0-9]{3} ms$%", "Duration: 120 ms"));
    assert!(m("  %ERROR%  ", "an ERROR here"));
    assert!(!m("%ERROR%", "an error here"));
}

#[test]
fn standalone_regex_errors() {
    let e = err("%(a)%");
    assert_eq!(
        e,
        FilterPatternError::UnsupportedRegexCharacter {
            regex: "(a)".into(),
            ch: '(',
            at: 1
        }
    );
    assert!(e.to_string().contains("no groups"), "{e}");
    assert_rejected!(
        "%a)%",
        FilterPatternError::UnsupportedRegexCharacter { ch: ')', .. }
    );
    assert_rejected!(
        "%café%",
        FilterPatternError::UnsupportedRegexCharacter {
            ch: 'é', at: 4, ..
        }
    );
    for pattern in ["%a'b%", "%a\"b%", "%a<b%", "%a!b%", "%a&b%", "%a\tb%"] {
        assert_rejected!(
            pattern,
            FilterPatternError::UnsupportedRegexCharacter { .. }
        );
    }
    assert_rejected!("%[%", FilterPatternError::InvalidRegex { .. });
    assert_rejected!("%[z-a]%", FilterPatternError::InvalidRegex { .. });
    assert_rejected!("%%", FilterPatternError::InvalidRegex { .. });
    assert_rejected!("%abc", FilterPatternError::InvalidRegex { .. });
    assert_rejected!("%", FilterPatternError::InvalidRegex { .. });
    assert_rejected!(
        "%abc% ERROR",
        FilterPatternError::UnexpectedText { at: 6, .. }
    );
    // A regex whose compiled form is too big is rejected, not built.
    assert_rejected!(
        "%[a-z]{1000}{1000}%",
        FilterPatternError::InvalidRegex { .. }
    );
}
