//! Space-delimited patterns and the event tokenizer they read.

use super::*;

const ACCESS_404: &str =
    r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534"#;
const ACCESS_200: &str =
    r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#;
fn values(event: &str) -> Vec<&str> {
    split_event(event).iter().map(|t| t.value).collect()
}

#[test]
fn event_tokenizer() {
    assert_eq!(
        values(ACCESS_404),
        vec![
            "127.0.0.1",
            "-",
            "frank",
            "10/Oct/2000:13:25:15 -0700",
            "GET /apache_pb.gif HTTP/1.0",
            "404",
            "1534"
        ]
    );
    assert_eq!(values("  a\t b  "), vec!["a", "b"]);
    assert_eq!(values(r#""unterminated x"#), vec!["unterminated x"]);
    assert_eq!(values(r#""" []"#), vec!["", ""]);
    assert!(split_event("   ").is_empty());
    // Offsets point at the raw token, opening quote or bracket included.
    let starts: Vec<usize> = split_event(r#"a "b c" [d]"#)
        .iter()
        .map(|t| t.start)
        .collect();
    assert_eq!(starts, vec![0, 2, 8]);
}

#[test]
fn space_delimited_documented_example() {
    let fp = p("[ip, user, ..., status_code = 4*, bytes]");
    assert_eq!(fp.kind(), PatternKind::SpaceDelimited);
    assert!(fp.matches(ACCESS_404));
    assert!(!fp.matches(ACCESS_200));
    let full = p("[ip, id, user, timestamp, request, status_code = 404, bytes]");
    assert!(full.matches(ACCESS_404));
    assert!(!full.matches(ACCESS_200));
    // The last field takes the rest of the line (the current "Filter pattern syntax"
    // page: `[w1=ERROR, w2]` returns every event whose first word is ERROR). This test
    // asserted the opposite, exact field counts, before that reading was adopted.
    assert!(full.matches(&format!("{ACCESS_404} extra")));
    assert!(!p("[a, b]").matches("one"));
    assert!(p("[a, b]").matches("one two"));
    assert!(p("[a, b]").matches("one two three"));
    assert!(!p("[..., bytes > 1000]").matches("1534 extra"));
    assert!(p("[..., bytes > 1000]").matches("x 1534"));
    assert!(p("[a, b = \"two three\"]").matches("one two three"));
}

#[test]
fn space_delimited_ellipsis() {
    assert!(m("[...]", ""));
    assert!(m("[...]", "a b c"));
    assert!(m("[..., last = c]", "a b c"));
    assert!(!m("[..., last = c]", "a c b"));
    assert!(m("[first = a, ...]", "a b c"));
    assert!(m("[first = a, ..., x = 1, ..., last = z]", "a q 1 r s z"));
    assert!(m("[first = a, ..., x = 1, ..., last = z]", "a 1 z"));
    assert!(!m("[first = a, ..., x = 1, ..., last = z]", "a 2 z"));
    assert!(m("[..., ..., w]", "w"));
    assert!(!m("[..., a, b]", "x"));
}

#[test]
fn space_delimited_conditions() {
    let fp = p("[ip, user, ..., status_code = 404 || status_code = 410, bytes]");
    assert!(fp.matches(ACCESS_404));
    assert!(fp.matches(&ACCESS_404.replace(" 404 ", " 410 ")));
    assert!(!fp.matches(ACCESS_200));
    let fp = p("[..., status >= 400 && status < 500, bytes > 1000]");
    assert!(fp.matches(ACCESS_404));
    assert!(!fp.matches(ACCESS_200));
    assert!(!fp.matches(&ACCESS_404.replace("1534", "999")));
    // Numeric conditions need numeric tokens.
    assert!(!m("[a, n > 1]", "x abc"));
    assert!(!m("[a, n != 1]", "x abc"));
    assert!(m("[a, n != 1]", "x 2"));
    // Quoted, wildcard and regex values.
    assert!(m(r#"[..., req = "GET /apache*", s, b]"#, ACCESS_404));
    assert!(m("[ip = 127.0.0.*, ...]", ACCESS_404));
    assert!(m("[ip, id = -, ...]", ACCESS_404));
    assert!(!m("[ip, id != -, ...]", ACCESS_404));
    let fp = p(r"[ip, ..., request = %^GET .*\.gif%, status = %^4%, bytes]");
    assert_eq!(fp.regex_count(), 2);
    assert!(fp.matches(ACCESS_404));
    assert!(!fp.matches(ACCESS_200));
    assert!(m(
        "[ts, level = ERROR, ...]",
        "2024-01-01T00:00:00Z ERROR boom"
    ));
    assert!(!m(
        "[ts, level = ERROR, ...]",
        "2024-01-01T00:00:00Z ERRORS boom"
    ));
}

#[test]
fn space_delimited_errors() {
    let bad = [
        "[",
        "[a, b",
        "[]",
        "[ ]",
        "[a,, b]",
        "[a, b,]",
        "[, a]",
        "[a b]",
        "[a = ]",
        "[a = 1 || b = 2]",
        "[a = 1 ||]",
        "[a < x]",
        "[a.b]",
        "[a = (1)]",
        "[a = 1 | a = 2]",
        "[a = $x]",
        "[[a]]",
        "[a = {x}]",
    ];
    for pattern in bad {
        assert_rejected!(pattern, FilterPatternError::InvalidSpaceDelimited { .. });
    }
    assert_eq!(
        err(r#"[a = "x]"#),
        FilterPatternError::UnterminatedQuote { at: 5 }
    );
    assert_eq!(
        err("[a = %1%, b = %2%, c = %3%]"),
        FilterPatternError::TooManyRegex { count: 3 }
    );
    assert_rejected!(
        "[a = %(x)%]",
        FilterPatternError::UnsupportedRegexCharacter { .. }
    );
}
