//! `logtriage filter-test --explain`: after each matching event, what matched it. Without
//! the flag the output is unchanged (tests/cli.rs covers that).

mod common;

use common::{logtriage_piped as logtriage, TWO_EXCERPTS};

const LOG: &[u8] = b"START RequestId: 1 Version: $LATEST\n\
2024-05-01T12:00:03.000Z 1 Task timed out after 3.00 seconds\n\
{\"type\":\"platform.runtimeDone\",\"record\":{\"status\":\"timeout\"}}\n\
END RequestId: 1\n";

#[test]
fn explain_prints_the_term_that_matched_each_line() {
    let args = [
        "filter-test",
        "--pattern",
        r#"?"Task timed out" ?"Runtime exited""#,
    ];
    let plain = logtriage(&args, LOG);
    let explained = logtriage(&[&args[..], &["--explain"]].concat(), LOG);
    assert_eq!(explained.status.code(), Some(0));
    let text = String::from_utf8_lossy(&explained.stdout);
    assert_eq!(
        text,
        "2:2024-05-01T12:00:03.000Z 1 Task timed out after 3.00 seconds\n\
         \tmatched: ?term \"Task timed out\" at byte 27\n"
    );
    // The matching lines themselves are what the plain command prints.
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with('\t'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(kept, String::from_utf8_lossy(&plain.stdout));
    assert_eq!(explained.stderr, plain.stderr);
}

#[test]
fn explain_prints_json_checks_and_space_delimited_fields() {
    let json = logtriage(
        &[
            "filter-test",
            "--explain",
            "--pattern",
            r#"{ $.record.status = "timeout" || $.record.status = "error" }"#,
        ],
        LOG,
    );
    assert_eq!(
        String::from_utf8_lossy(&json.stdout).lines().nth(1),
        Some("\tmatched: $.record.status = \"timeout\" (tested = \"timeout\")")
    );
    let space = logtriage(
        &[
            "filter-test",
            "--explain",
            "--pattern",
            "[ts, id, w1 = Task, rest]",
        ],
        LOG,
    );
    assert_eq!(
        String::from_utf8_lossy(&space.stdout).lines().nth(1),
        Some("\tmatched: ts = \"2024-05-01T12:00:03.000Z\"; id = \"1\"; w1 = \"Task\"; rest = \"timed out after 3.00 seconds\"")
    );
}

#[test]
fn explain_in_excerpt_mode_names_the_first_matching_line() {
    let input = TWO_EXCERPTS;
    let out = logtriage(
        &[
            "filter-test",
            "--excerpts",
            "--explain",
            "--pattern",
            "?Task ?panicked",
        ],
        input,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "match\ta\ttimeout\n\tline 2: Task timed out after 3.00 seconds\n\tmatched: ?term \"Task\" at byte 0\nno-match\tb\tnot_an_error\n"
        ),
        "{text}"
    );
    // `--count` prints a number only: `--explain` is refused beside it.
    let both = logtriage(
        &["filter-test", "--count", "--explain", "--pattern", "Task"],
        LOG,
    );
    assert_eq!(both.status.code(), Some(2));
}
