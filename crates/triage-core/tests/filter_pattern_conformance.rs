//! Conformance table: the worked examples of the CloudWatch Logs "Filter pattern syntax for
//! metric filters, subscription filters, filter log events, and Live Tail" page, evaluated
//! with logtriage's filter-pattern implementation. Each row is one pattern from the page, the
//! page's example events that it matches and those it does not, and the section it comes
//! from. Events the page does not list but that a documented rule decides are marked
//! `derived` with the rule. The invalid patterns the page names are rows that must be
//! rejected. Where the page leaves a case open, docs/DEPLOY.md ("Filter-pattern readings")
//! says which reading logtriage takes; those cases are not in this table.

use triage_core::filter_pattern::FilterPattern;

const PAGE: &str =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html";

enum Expect {
    /// Valid; `matches` are matched and `no_match` are not.
    Valid {
        matches: &'static [&'static str],
        no_match: &'static [&'static str],
    },
    /// The page says CloudWatch rejects (or does not support) the pattern.
    Invalid,
}

struct Row {
    /// Section anchor on [`PAGE`].
    section: &'static str,
    pattern: &'static str,
    expect: Expect,
    /// Why a row or an event is not verbatim from the page (empty when it is).
    derived: &'static str,
}

use Expect::{Invalid, Valid};

// The page's unstructured example events.
const E400: &str = "[ERROR 400] BAD REQUEST";
const E401: &str = "[ERROR 401] UNAUTHORIZED REQUEST";
const E419: &str = "[ERROR 419] MISSING ARGUMENTS";
const E420: &str = "[ERROR 420] INVALID ARGUMENTS";
const E500: &str = "[ERROR 500] INTERNAL SERVER ERROR";
const INFO_FAILED: &str = "[INFO] REQUEST FAILED";
const WARN_UNAUTH: &str = "[WARN] UNAUTHORIZED REQUEST";
const ERROR_400: &str = "[ERROR] 400 BAD REQUEST";
const SUCCESS_200: &str = "[SUCCESS 200] AUTHORIZED REQUEST";

// The page's JSON log event, on one line as the page says to test it.
const JSON_EVENT: &str = r#"{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"], "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "cluster.name": "c"}"#;
// The page's JSON object for compound expressions.
const JSON_COMPOUND: &str = r#"{"user": {"id": 1, "email": "John.Stiles@example.com"}, "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}], "actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}"#;

// The page's space-delimited events.
const ACCESS: &str =
    r#"127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#;
const S_INFO_GET: &str = "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200";
const S_INFO_POST: &str = "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310";
const S_WARNING: &str = "WARNING 09/25/2014 12:00:02 Invalid user request";
const S_ERROR: &str = "ERROR 09/25/2014 12:00:02 Failed to process request";

const TABLE: &[Row] = &[
    // ---- Supported regular expressions (regex) syntax
    Row { section: "#regex-expressions", pattern: "%^[hc]at%", expect: Valid { matches: &["hat", "cat"], no_match: &["that"] }, derived: "`that`: \"only at the beginning of a string\"" },
    Row { section: "#regex-expressions", pattern: "%[hc]at$%", expect: Valid { matches: &["hat", "cat"], no_match: &["cats"] }, derived: "`cats`: \"only at the end of a string\"" },
    Row { section: "#regex-expressions", pattern: "%colou?r%", expect: Valid { matches: &["color", "colour"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%[abc]%", expect: Valid { matches: &["a", "b", "c"], no_match: &["d"] }, derived: "`d`: not in the class" },
    Row { section: "#regex-expressions", pattern: "%[a-z]%", expect: Valid { matches: &["q"], no_match: &["Q7"] }, derived: "`q`, `Q7`: the range is lowercase letters" },
    Row { section: "#regex-expressions", pattern: "%[abcx-z]%", expect: Valid { matches: &["a", "b", "c", "x", "y", "z"], no_match: &["w"] }, derived: "`w`: not in the class" },
    Row { section: "#regex-expressions", pattern: "%a{3,5}%", expect: Valid { matches: &["aaa", "aaaa", "aaaaa"], no_match: &["aa"] }, derived: "`aa`: fewer than 3" },
    Row { section: "#regex-expressions", pattern: "%gra|ey%", expect: Valid { matches: &["gray", "grey"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%^starting|^initializing|^shutting down%", expect: Valid { matches: &["starting ...", "initializing ...", "shutting down"], no_match: &["skipping initializing ..."] }, derived: "" },
    Row { section: "#regex-expressions", pattern: r"%\[.\]%", expect: Valid { matches: &["[a]", "[b]", "[7]", "[@]", "[]]", "[ ]"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: r"%10\.10\.0\.1%", expect: Valid { matches: &["10.10.0.1"], no_match: &["10010,051"] }, derived: "`10010,051`: the escaped dots match only dots" },
    Row { section: "#regex-expressions", pattern: "%10.10.0.1%", expect: Valid { matches: &["10.10.0.1", "10010,051"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%ab*c%", expect: Valid { matches: &["ac", "abc", "abbbc"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%ab[0-9]*%", expect: Valid { matches: &["ab", "ab0", "ab129"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%ab+c%", expect: Valid { matches: &["abc", "abbc", "abbbc"], no_match: &["ac"] }, derived: "" },
    Row { section: "#regex-expressions", pattern: "%.at%", expect: Valid { matches: &["hat", "cat", "bat", "4at", "#at", " at"], no_match: &[] }, derived: "" },
    Row { section: "#regex-expressions", pattern: r"%\d%", expect: Valid { matches: &["a1"], no_match: &["ab"] }, derived: "events: `\\d` is `[0-9]`" },
    Row { section: "#regex-expressions", pattern: r"%\D%", expect: Valid { matches: &["1a"], no_match: &["12"] }, derived: "events: `\\D` is `[^0-9]`" },
    Row { section: "#regex-expressions", pattern: r"%\s%", expect: Valid { matches: &["a b", "a\tb"], no_match: &["ab"] }, derived: "events: tab and space are whitespace" },
    Row { section: "#regex-expressions", pattern: r"%\w%", expect: Valid { matches: &["_"], no_match: &["#@"] }, derived: "events: `\\w` is `[a-zA-Z_0-9]`" },
    Row { section: "#regex-expressions", pattern: r"%\x3A%", expect: Valid { matches: &[":"], no_match: &[";"] }, derived: "`;`: only `:` is 0x3A" },
    Row { section: "#regex-expressions", pattern: r"%\x28%", expect: Valid { matches: &["("], no_match: &[")"] }, derived: "`)`: only `(` is 0x28" },
    // The page's invalid regexes: unsupported `!`, parentheses, multi-byte characters, and
    // more than 2 regexes in one JSON or space-delimited pattern.
    Row { section: "#regex-expressions", pattern: "%something!%", expect: Invalid, derived: "" },
    Row { section: "#regex-expressions", pattern: "%(abc)%", expect: Invalid, derived: "pattern: \"The ( and ) operators are not supported\"" },
    Row { section: "#regex-expressions", pattern: "%café%", expect: Invalid, derived: "pattern: \"Multi-byte characters are not supported\"" },
    Row { section: "#regex-expressions", pattern: "{ $.a = %a% || $.b = %b% || $.c = %c% }", expect: Invalid, derived: "pattern: \"a limit of 2 regex for each filter pattern\" (JSON)" },
    Row { section: "#regex-expressions", pattern: "[a = %a%, b = %b%, c = %c%]", expect: Invalid, derived: "pattern: \"a limit of 2 regex for each filter pattern\" (space-delimited)" },
    // ---- Using filter patterns to match terms with a regular expression (regex)
    Row { section: "#matching-terms-regex", pattern: "%AUTHORIZED%", expect: Valid { matches: &[E401, SUCCESS_200], no_match: &[] }, derived: "" },
    // ---- Using filter patterns to match terms in unstructured log events
    Row { section: "#matching-terms-unstructured-log-events", pattern: "ERROR", expect: Valid { matches: &[E400, E401, E419, E420], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "ERROR ARGUMENTS", expect: Valid { matches: &[E419, E420], no_match: &[E400, E401] }, derived: "" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "?ERROR ?ARGUMENTS", expect: Valid { matches: &[E400, E401, E419, E420], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "?ERROR ?ARGUMENTS REQUEST", expect: Valid { matches: &[INFO_FAILED, WARN_UNAUTH, ERROR_400], no_match: &[E419, E420] }, derived: "no_match: \"matches all events containing the word REQUEST\", the `?` terms having no effect" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "?ERROR ?ARGUMENTS -REQUEST", expect: Valid { matches: &[E419, E420, "[INFO] all good"], no_match: &[E400, INFO_FAILED] }, derived: "row: combined with exclude terms, \"all question mark terms will be ignored\", so this is `-REQUEST`" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "\"INTERNAL SERVER ERROR\"", expect: Valid { matches: &[E500], no_match: &[E400] }, derived: "no_match: the exact phrase is not in it" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "ERROR -ARGUMENTS", expect: Valid { matches: &[E400, E401], no_match: &[E419, E420] }, derived: "" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "\" \"", expect: Valid { matches: &[E400, INFO_FAILED, ""], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "Runtime.ExitError", expect: Invalid, derived: "pattern: \"Enclose ... terms that include non-alphanumeric characters in double quotation marks\"" },
    Row { section: "#matching-terms-unstructured-log-events", pattern: "\"Runtime.ExitError\"", expect: Valid { matches: &["Error: Runtime.ExitError"], no_match: &["runtime.exiterror"] }, derived: "row: quoted, and \"Filter patterns are case sensitive\"" },
    // ---- Using filter patterns to match terms in JSON log events
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ $.eventType = "UpdateTrail" }"#, expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.sourceIPAddress != 123.123.* }", expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ $.arrayKey[0] = "value" }"#, expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.eventType = %Trail% }", expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.arrayKey[*] = %val.{2}% }", expect: Valid { matches: &[JSON_EVENT], no_match: &[r#"{"arrayKey": ["x", "y"]}"#] }, derived: "no_match: no element matches the regex" },
    Row { section: "#matching-terms-json-log-events", pattern: r"{ $.* = %111\.111\.111\.1[0-9]{1,2}% }", expect: Valid { matches: &[JSON_EVENT], no_match: &[r#"{"sourceIPAddress": "10.0.0.1"}"#] }, derived: "no_match: no field matches the regex" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ $.['cluster.name'] = "c" }"#, expect: Valid { matches: &[JSON_EVENT], no_match: &[r#"{"cluster": {"name": "c"}}"#] }, derived: "no_match: the bracket key names the field with a period, not a nested one" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.SomeObject IS NULL }", expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.SomeOtherObject NOT EXISTS }", expect: Valid { matches: &[JSON_EVENT], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.SomeObject IS NOT NULL }", expect: Invalid, derived: "pattern: \"The variables IS NOT and EXISTS currently aren't supported\"" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.SomeObject EXISTS }", expect: Invalid, derived: "pattern: \"The variables IS NOT and EXISTS currently aren't supported\"" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.objectList[*].tags[*] = \"x\" }", expect: Invalid, derived: "pattern: \"up to one wildcard selector in a property selector\"" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }", expect: Invalid, derived: "pattern: \"up to three wildcard selectors in a filter pattern with compound expressions\"" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 }", expect: Valid { matches: &[r#"{"c": [0, 1]}"#], no_match: &[r#"{"c": [0, 2]}"#] }, derived: "row: three wildcard selectors are within the quota" },
    // Numeric syntax: the page's operator examples, with events built for each rule.
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.bandwidth > 75 }", expect: Valid { matches: &[r#"{"bandwidth": 76}"#], no_match: &[r#"{"bandwidth": 75}"#] }, derived: "events: built for `>`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.latency < 50 }", expect: Valid { matches: &[r#"{"latency": 49.5}"#], no_match: &[r#"{"latency": 50}"#] }, derived: "events: built for `<`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.refreshRate >= 60 }", expect: Valid { matches: &[r#"{"refreshRate": 60}"#], no_match: &[r#"{"refreshRate": 59}"#] }, derived: "events: built for `>=`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.responseTime <= 5 }", expect: Valid { matches: &[r#"{"responseTime": 5}"#], no_match: &[r#"{"responseTime": 6}"#] }, derived: "events: built for `<=`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.errorCode = 400}", expect: Valid { matches: &[r#"{"errorCode": 400}"#], no_match: &[r#"{"errorCode": 500}"#] }, derived: "events: built for `=`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.errorCode != 500 }", expect: Valid { matches: &[r#"{"errorCode": 400}"#], no_match: &[r#"{"errorCode": 500}"#] }, derived: "events: built for `!=`" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.number[0] = 1e+3 }", expect: Valid { matches: &[r#"{"number": [1000]}"#], no_match: &[r#"{"number": [100]}"#] }, derived: "events: built for scientific notation with a plus sign" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.number[0] != 1e-3 }", expect: Valid { matches: &[r#"{"number": [1]}"#], no_match: &[r#"{"number": [0.001]}"#] }, derived: "events: built for scientific notation with a minus sign" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.latency > +1000 }", expect: Valid { matches: &[r#"{"latency": 1500}"#], no_match: &[r#"{"latency": 1000}"#] }, derived: "row: \"integers that contain plus (+) or minus (-) symbols\"" },
    Row { section: "#matching-terms-json-log-events", pattern: "{ $.latency = * }", expect: Valid { matches: &[r#"{"latency": 1200}"#, r#"{"latency": "slow"}"#], no_match: &[r#"{"other": 1}"#] }, derived: "row: \"Use the asterisk (*) as a wild card to match numbers\"" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#, expect: Valid { matches: &[JSON_COMPOUND], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }"#, expect: Valid { matches: &[JSON_COMPOUND], no_match: &[] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }"#, expect: Valid { matches: &[], no_match: &[JSON_COMPOUND] }, derived: "" },
    Row { section: "#matching-terms-json-log-events", pattern: r#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#, expect: Valid { matches: &[], no_match: &[JSON_COMPOUND] }, derived: "" },
    // ---- Using filter patterns to match terms in space-delimited log events
    Row { section: "#matching-term-space-delimited-log-events", pattern: r"[ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]", expect: Valid { matches: &[ACCESS], no_match: &[] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[..., request =*.html*, status_code = 4*, bytes]", expect: Valid { matches: &[ACCESS], no_match: &[] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]", expect: Valid { matches: &[ACCESS], no_match: &[] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[w1=ERROR, w2]", expect: Valid { matches: &[S_ERROR], no_match: &[S_INFO_GET, S_INFO_POST, S_WARNING] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[w1=ERROR || w1=WARNING, w2]", expect: Valid { matches: &[S_WARNING, S_ERROR], no_match: &[S_INFO_GET, S_INFO_POST] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[w1!=ERROR && w1!=WARNING, w2]", expect: Valid { matches: &[S_INFO_GET, S_INFO_POST], no_match: &[S_WARNING, S_ERROR] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", expect: Valid { matches: &[S_INFO_GET], no_match: &[S_INFO_POST, S_WARNING, S_ERROR] }, derived: "" },
    Row { section: "#matching-term-space-delimited-log-events", pattern: "[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]", expect: Valid { matches: &[S_INFO_POST], no_match: &[S_INFO_GET, S_WARNING, S_ERROR] }, derived: "" },
];

#[test]
fn every_worked_example_of_the_filter_pattern_syntax_page_holds() {
    let mut failures = Vec::new();
    let (mut events, mut invalid) = (0, 0);
    for row in TABLE {
        let mut cite = format!("{PAGE}{} `{}`", row.section, row.pattern);
        if !row.derived.is_empty() {
            cite.push_str(&format!(" (derived: {})", row.derived));
        }
        match (&row.expect, FilterPattern::parse(row.pattern)) {
            (Invalid, Ok(_)) => failures.push(format!(
                "{cite}: accepted, the page says it is not supported"
            )),
            (Invalid, Err(_)) => invalid += 1,
            (Valid { .. }, Err(e)) => failures.push(format!("{cite}: rejected: {e}")),
            (Valid { matches, no_match }, Ok(pattern)) => {
                for event in *matches {
                    events += 1;
                    if !pattern.matches(event) {
                        failures.push(format!("{cite}: should match {event:?}"));
                    }
                }
                for event in *no_match {
                    events += 1;
                    if pattern.matches(event) {
                        failures.push(format!("{cite}: should not match {event:?}"));
                    }
                }
            }
        }
    }
    println!(
        "conformance: {} rows ({events} example events, {invalid} invalid patterns), {} failed",
        TABLE.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every section of the page is represented.
    for section in [
        "#regex-expressions",
        "#matching-terms-regex",
        "#matching-terms-unstructured-log-events",
        "#matching-terms-json-log-events",
        "#matching-term-space-delimited-log-events",
    ] {
        assert!(TABLE.iter().any(|r| r.section == section), "{section}");
    }
}
