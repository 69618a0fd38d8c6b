//! JSON patterns.

use super::*;

const RUNTIME_DONE_TIMEOUT: &str = r#"{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"x","status":"timeout"}}"#;
const RUNTIME_DONE_SUCCESS: &str = r#"{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"x","status":"success"}}"#;
const REPORT_TIMEOUT: &str = r#"{"time":"2022-10-21T14:05:05.765Z","type":"platform.report","record":{"requestId":"x","status":"timeout","metrics":{"durationMs":3000.0,"maxMemoryUsedMB":128,"memorySizeMB":128}}}"#;
const REPORT_SUCCESS: &str = r#"{"time":"2022-10-21T14:05:05.765Z","type":"platform.report","record":{"requestId":"x","status":"success","metrics":{"durationMs":12.5,"maxMemoryUsedMB":64,"memorySizeMB":128}}}"#;
const INIT_REPORT_ERROR: &str = r#"{"time":"2022-10-21T14:05:03.000Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"error"}}"#;
#[test]
fn json_equality_on_nested_field() {
    let fp = p(r#"{ $.record.status = "timeout" }"#);
    assert_eq!(fp.kind(), PatternKind::Json);
    assert_eq!(fp.regex_count(), 0);
    assert!(fp.matches(RUNTIME_DONE_TIMEOUT));
    assert!(!fp.matches(RUNTIME_DONE_SUCCESS));
    // No spaces needed; bare strings work too.
    assert!(m(r#"{$.record.status="timeout"}"#, RUNTIME_DONE_TIMEOUT));
    assert!(m("{ $.record.status = timeout }", RUNTIME_DONE_TIMEOUT));
    // Full-string match, case-sensitive.
    assert!(!m(r#"{ $.record.status = "time" }"#, RUNTIME_DONE_TIMEOUT));
    assert!(!m(
        r#"{ $.record.status = "Timeout" }"#,
        RUNTIME_DONE_TIMEOUT
    ));
}

#[test]
fn json_and_or_parentheses() {
    let fp = p(
        r#"{ ($.type = "platform.report" || $.type = "platform.initReport") && $.record.status != "success" }"#,
    );
    assert!(fp.matches(REPORT_TIMEOUT));
    assert!(fp.matches(INIT_REPORT_ERROR));
    assert!(!fp.matches(REPORT_SUCCESS));
    assert!(!fp.matches(RUNTIME_DONE_TIMEOUT));
    // `&&` binds tighter than `||`.
    let fp = p(
        r#"{ $.type = "platform.initReport" || $.type = "platform.report" && $.record.status = "success" }"#,
    );
    assert!(fp.matches(INIT_REPORT_ERROR));
    assert!(fp.matches(REPORT_SUCCESS));
    assert!(!fp.matches(REPORT_TIMEOUT));
}

#[test]
fn json_wildcards() {
    let fp = p(r#"{ $.type = "platform.*" }"#);
    assert!(fp.matches(REPORT_TIMEOUT));
    assert!(fp.matches(RUNTIME_DONE_TIMEOUT));
    assert!(!fp.matches(r#"{"type":"function"}"#));
    assert!(!fp.matches(r#"{"type":"xplatform.report"}"#));
    assert!(m("{ $.ip = 123.123.* }", r#"{"ip":"123.123.0.7"}"#));
    assert!(!m("{ $.ip = 123.123.* }", r#"{"ip":"123.124.0.7"}"#));
    assert!(m(
        r#"{ $.t = "*Report" }"#,
        r#"{"t":"platform.initReport"}"#
    ));
    assert!(m(r#"{ $.t = "a*b*c" }"#, r#"{"t":"aXXbYYbc"}"#));
    assert!(!m(r#"{ $.t = "a*b*c" }"#, r#"{"t":"aXXbYYbcd"}"#));
    assert!(m(r#"{ $.t != "platform.*" }"#, r#"{"t":"function"}"#));
    assert!(!m(
        r#"{ $.t != "platform.*" }"#,
        r#"{"t":"platform.start"}"#
    ));
}

#[test]
fn json_numbers() {
    let fp = p("{ $.record.metrics.maxMemoryUsedMB >= 128 }");
    assert!(fp.matches(REPORT_TIMEOUT));
    assert!(!fp.matches(REPORT_SUCCESS));
    assert!(!fp.matches(RUNTIME_DONE_TIMEOUT));
    let ev = r#"{"n":10,"f":2.5,"neg":-3,"s":"10"}"#;
    assert!(m("{ $.n = 10 }", ev));
    assert!(m("{ $.n = 10.0 }", ev));
    assert!(m("{ $.n != 11 }", ev));
    assert!(!m("{ $.n != 10 }", ev));
    assert!(m("{ $.n < 11 }", ev));
    assert!(!m("{ $.n < 10 }", ev));
    assert!(m("{ $.n <= 10 }", ev));
    assert!(m("{ $.n > 9 }", ev));
    assert!(!m("{ $.n > 10 }", ev));
    assert!(m("{ $.f > 2.4 && $.f < 2.6 }", ev));
    assert!(m("{ $.neg < -2 }", ev));
    assert!(m("{ $.n = 1e1 }", ev));
    // Strict typing: numbers compare with numbers, strings with strings.
    assert!(!m("{ $.s = 10 }", ev));
    assert!(!m("{ $.s > 5 }", ev));
    assert!(!m(r#"{ $.n = "10" }"#, ev));
    assert!(m(r#"{ $.s = "10" }"#, ev));
    // `!=` needs the field to exist with a comparable type.
    assert!(!m("{ $.missing != 10 }", ev));
    assert!(!m("{ $.s != 11 }", ev));
    assert!(!m(r#"{ $.missing != "x" }"#, ev));
    assert!(!m(r#"{ $.n != "x" }"#, ev));
}

#[test]
fn json_is_and_not_exists() {
    let ev = r#"{"a":null,"t":true,"f":false,"s":"null","o":{"x":1}}"#;
    assert!(m("{ $.a IS NULL }", ev));
    assert!(!m("{ $.s IS NULL }", ev));
    assert!(!m("{ $.missing IS NULL }", ev));
    assert!(m("{ $.missing NOT EXISTS }", ev));
    assert!(m("{ $.o.y NOT EXISTS }", ev));
    assert!(m("{ $.o.x.deeper NOT EXISTS }", ev));
    assert!(!m("{ $.a NOT EXISTS }", ev));
    assert!(!m("{ $.o.x NOT EXISTS }", ev));
    assert!(m("{ $.t IS TRUE }", ev));
    assert!(!m("{ $.f IS TRUE }", ev));
    assert!(m("{ $.f IS FALSE }", ev));
    assert!(!m("{ $.t IS FALSE }", ev));
    assert!(!m("{ $.s IS TRUE }", ev));
    assert!(m("{ $.t IS TRUE && $.missing NOT EXISTS }", ev));
    assert_rejected!("{ $.a IS MAYBE }", FilterPatternError::InvalidJson { .. });
    assert_rejected!("{ $.a NOT THERE }", FilterPatternError::InvalidJson { .. });
    assert_rejected!("{ $.a is null }", FilterPatternError::InvalidJson { .. });
}

#[test]
fn json_arrays_and_containers() {
    let ev = r#"{"arr":[{"id":"a"},{"id":"b","tags":["x","y"]}],"a":{"b":[[0,1],[2,3,4]]},"o":{"k":"v"}}"#;
    assert!(m(r#"{ $.arr[0].id = "a" }"#, ev));
    assert!(m(r#"{ $.arr[1].tags[1] = "y" }"#, ev));
    assert!(m("{ $.a.b[1][2] = 4 }", ev));
    assert!(m("{ $.arr[5] NOT EXISTS }", ev));
    assert!(m("{ $.o[0] NOT EXISTS }", ev));
    assert!(m(r#"{ $[0].x = "top" }"#, r#"[{"x":"top"}]"#));
    assert!(m(
        "{ $.key-with-dash = 1 && $.@timestamp = 2 }",
        r#"{"key-with-dash":1,"@timestamp":2}"#
    ));
    // A container never equals a scalar, not even through `!=` or a `*` wildcard.
    assert!(!m(r#"{ $.o = "*" }"#, ev));
    assert!(!m(r#"{ $.o != "v" }"#, ev));
    assert!(!m("{ $.arr = 1 }", ev));
    assert!(!m("{ $.o IS NULL }", ev));
}

#[test]
fn json_pattern_needs_json_event() {
    let fp = p(r#"{ $.record.status = "timeout" }"#);
    assert!(!fp.matches("Task timed out after 3.00 seconds"));
    assert!(!fp.matches(""));
    assert!(!fp.matches(r#""timeout""#));
    assert!(!fp.matches("42"));
    assert!(!fp.matches(r#"{"record":{"status":"timeout"}"#));
    assert!(!fp.matches(r#"prefix {"record":{"status":"timeout"}}"#));
    assert!(fp.matches("  {\"record\":{\"status\":\"timeout\"}}\n"));
}

#[test]
fn json_regex_values() {
    let fp = p(r#"{ $.msg = %Runtime\.ExitError|signal: killed% }"#);
    assert_eq!(fp.regex_count(), 1);
    assert!(fp.matches(r#"{"msg":"Error: Runtime exited with error: signal: killed"}"#));
    assert!(!fp.matches(r#"{"msg":"all good"}"#));
    assert!(!fp.matches(r#"{"msg":7}"#));
    let fp = p("{ $.a = %^x% || $.b != %y$% }");
    assert_eq!(fp.regex_count(), 2);
    assert!(fp.matches(r#"{"a":"xa","b":"y"}"#));
    assert!(fp.matches(r#"{"a":"ax","b":"ya"}"#));
    assert!(!fp.matches(r#"{"a":"ax","b":"ay"}"#));
    assert_eq!(
        err("{ $.a = %a% || $.b = %b% || $.c = %c% }"),
        FilterPatternError::TooManyRegex { count: 3 }
    );
    assert_rejected!(
        "{ $.a = %(a)% }",
        FilterPatternError::UnsupportedRegexCharacter { ch: '(', at: 9, .. }
    );
    assert_rejected!("{ $.a > %a% }", FilterPatternError::InvalidJson { .. });
    assert_rejected!("{ $.a = %abc }", FilterPatternError::InvalidRegex { .. });
}

#[test]
fn json_syntax_errors() {
    let bad = [
        "{",
        "{ $.x = 1",
        "{}",
        "{ }",
        "{ $.x = }",
        "{ $.x }",
        "{ = 1 }",
        "{ $ = 1 }",
        "{ $. = 1 }",
        "{ $.a[ = 1 }",
        "{ $.a[x] = 1 }",
        "{ $.a[99999999999999999999999] = 1 }",
        "{ $.x = 1 && }",
        "{ && $.x = 1 }",
        "{ $.x = 1 $.y = 2 }",
        "{ (($.x = 1) }",
        "{ ($.x = 1)) }",
        "{ () }",
        "{ $.x = 1 & $.y = 2 }",
        "{ $.x = 1 | $.y = 2 }",
        "{ $.x ! 1 }",
        "{ $.x == 1 }",
        "{ $.x < \"abc\" }",
        "{ $.x >= abc }",
        "{ $.x = a,b }",
        "{ $.x = {} }",
        "{ $.x = 1 } }",
        "{ { $.x = 1 } }",
        "{ x = 1 }",
        "{ $.x = $.y }",
        "{ $.x IS }",
        "{ $.x NOT }",
    ];
    for pattern in bad {
        assert_rejected!(
            pattern,
            FilterPatternError::InvalidJson { .. } | FilterPatternError::UnterminatedQuote { .. }
        );
    }
    assert_eq!(
        err("{ $.x = \"abc }"),
        FilterPatternError::UnterminatedQuote { at: 8 }
    );
    let msg = err("{ $.x = }").to_string();
    assert!(
        msg.contains("offset 8") && msg.contains("expected a value"),
        "{msg}"
    );
    let msg = err("{ $.x < \"abc\" }").to_string();
    assert!(msg.contains("`<`"), "{msg}");
}

#[test]
fn json_nesting_limit() {
    let ok = format!(
        "{{ {}$.x = 1{} }}",
        "(".repeat(MAX_NESTING),
        ")".repeat(MAX_NESTING)
    );
    assert!(p(&ok).matches(r#"{"x":1}"#));
    let deep = format!("{{ {}$.x = 1{} }}", "(".repeat(400), ")".repeat(400));
    assert_rejected!(&deep, FilterPatternError::InvalidJson { .. });
}
