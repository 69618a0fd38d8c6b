use super::*;

#[test]
fn masks_digit_free_values_by_shape() {
    let cases = [
        (
            "upload failed for tenants/acme/reports/summary.csv",
            "upload failed for <*>",
        ),
        ("open /var/data/inbox failed", "open <*> failed"),
        (
            "get s3://reports-bucket/tenants/acme/q.csv",
            "get s3://reports-bucket/<*>",
        ),
        (
            "GET https://api.example.com/v1/users?name=bob",
            "GET https://api.example.com/<*>",
        ),
        (
            "mail to alice.smith@example.org bounced",
            "mail to <*> bounced",
        ),
        (
            "invalid value 'blorp' for colour",
            "invalid value '<*>' for colour",
        ),
        ("unknown plan \"gold\"", "unknown plan \"<*>\""),
        ("invalid coupon 'SPRINGSALE'", "invalid coupon '<*>'"),
        (
            "declined order ord_qwzxkplm: card_declined",
            "declined order <*>: card_declined",
        ),
        ("bad token `qux`", "bad token `<*>`"),
        (
            "rejected user=alice tenant=acme",
            "rejected user=<*> tenant=<*>",
        ),
        (
            "rejected tenant: acme, user: bob",
            "rejected tenant: <*>, user: <*>",
        ),
        ("lookup req_xkqzbwtmpa failed", "lookup <*> failed"),
        ("session AbCdEfGhIjKl expired", "session <*> expired"),
        (
            "at Sun Dec 04 04:47:44 2005 it broke",
            "at <*> <*> <*> <*> <*> it broke",
        ),
        (
            "on Thu, 01 Dec 2026 10:00 PM",
            "on <*>, <*> <*> <*> <*> <*>",
        ),
        ("took 3.5 ms", "took <*> <*>"),
        ("sent (1.16 KB) ok", "sent <*> <*> ok"),
        ("at 10:42:07", "at <*>"),
        (
            "at handler (/var/task/index.js:7:27)",
            "at handler (/var/task/index.js:<*>)",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(mask(line), want, "for {line:?}");
    }
}

#[test]
fn keeps_cause_bearing_tokens() {
    let cases = [
        (
            "User: arn:aws:sts::123456789012:assumed-role/app/fn is not authorized to perform: s3:GetObject",
            "User: arn:aws:sts::<*>:assumed-role/<*> is not authorized to perform: s3:GetObject",
        ),
        (
            "on resource arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            "on resource arn:aws:dynamodb:<*>:<*>:table/<*>",
        ),
        (
            "function arn:aws:lambda:eu-west-1:123456789012:function:resize-images",
            "function arn:aws:lambda:<*>:<*>:function:<*>",
        ),
        ("object arn:aws:s3:::bucket-a/key/x", "object arn:aws:s3:::<*>"),
        (
            "An error occurred (AccessDeniedException) when calling the PutItem operation",
            "An error occurred (AccessDeniedException) when calling the PutItem operation",
        ),
        ("code: ConditionalCheckFailedException", "code: ConditionalCheckFailedException"),
        ("S3Exception raised", "S3Exception raised"),
        ("connect ECONNREFUSED 10.0.0.1:5432", "connect ECONNREFUSED <*>"),
        ("error ERR_HTTP2_STREAM_ERROR", "error ERR_HTTP2_STREAM_ERROR"),
        ("XMLHttpRequest failed", "XMLHttpRequest failed"),
        ("KeyError: 'ConditionalCheckFailed'", "KeyError: 'ConditionalCheckFailed'"),
        ("may not be empty", "may not be empty"),
    ];
    for (line, want) in cases {
        assert_eq!(mask(line), want, "for {line:?}");
    }
}

#[test]
fn random_letters_are_told_from_words() {
    for random in ["xkqzbwtmpa", "AbCdEfGhIjKl", "qwrtzplkjh", "ZXCVBNMLKJ"] {
        assert!(looks_random(random.as_bytes()), "{random}");
    }
    for word in [
        "ConditionalCheckFailedException",
        "ProvisionedThroughputExceeded",
        "XMLHttpRequest",
        "ECONNREFUSED",
        "authorization",
        "dynamodb",
        "initialization",
        "Throttling",
        "notification",
    ] {
        assert!(!looks_random(word.as_bytes()), "{word}");
    }
}

#[test]
fn align_generalises_variable_slots() {
    assert_eq!(
        align("upload failed for user=alice", "upload failed for user=bob").as_deref(),
        Some("upload failed for user=<*>")
    );
    // A stored template from an older engine, with a path still literal.
    assert_eq!(
        align("open /data/a/b failed: ENOENT", "open <*> failed: ENOENT").as_deref(),
        Some("open <*> failed: ENOENT")
    );
    // A variable stands for a glued run on the other side.
    assert_eq!(
        align("connect to <*> refused", "connect to db-eu:<*> refused").as_deref(),
        Some("connect to <*> refused")
    );
    assert_eq!(
        align(
            "lookup req_xkqzbwtmpa failed",
            "lookup req_pqzvnmrtkx failed"
        )
        .as_deref(),
        Some("lookup <*> failed")
    );
    let merged = align(
        "get 'acme' in tenants/acme/x",
        "get 'zeta' in tenants/zeta/y",
    )
    .unwrap();
    assert_eq!(merged, "get '<*>' in <*>");
    assert_eq!(
        align(&merged, "get 'omega' in tenants/o/z").as_deref(),
        Some(merged.as_str())
    );
    assert_eq!(
        align("same text", "same text").as_deref(),
        Some("same text")
    );
}

#[test]
fn align_keeps_causes_apart() {
    let denied =
        |action: &str| format!("User: <*> is not authorized to perform: {action} on resource: <*>");
    assert_eq!(
        align(&denied("s3:GetObject"), &denied("dynamodb:PutItem")),
        None
    );
    assert_eq!(
        align(&denied("s3:GetObject"), &denied("s3:PutObject")),
        None
    );
    assert!(align(&denied("s3:GetObject"), &denied("s3:GetObject")).is_some());
    assert_eq!(
        align(
            "on arn:aws:dynamodb:<*>:<*>:table/<*>",
            "on arn:aws:dynamodb:<*>:<*>:index/<*>"
        ),
        None,
        "a different resource type"
    );
    assert_eq!(
        align(
            "on arn:aws:dynamodb:<*>:<*>:table/<*>",
            "on arn:aws:sqs:<*>:<*>:table/<*>"
        ),
        None,
        "a different service"
    );
    assert_eq!(
        align(
            "failed: AccessDeniedException",
            "failed: ConditionalCheckFailedException"
        ),
        None
    );
    assert_eq!(align("ValueError: bad <*>", "TypeError: bad <*>"), None);
    assert_eq!(
        align("connect ECONNREFUSED <*>", "connect ETIMEDOUT <*>"),
        None
    );
    // A cause-bearing token never faces a mask.
    assert_eq!(align("failed: <*>", "failed: AccessDeniedException"), None);
    // The top in-app frame is the cause of an unhandled exception, paths and all.
    assert_eq!(
        align(
            "TypeError at handler (/var/task/a.js)",
            "TypeError at handler (/var/task/b.js)"
        ),
        None
    );
    assert_eq!(
        align(
            "TypeError at handler (/var/task/a.js)",
            "TypeError at handler (/var/task/a.js)"
        )
        .as_deref(),
        Some("TypeError at handler (/var/task/a.js)")
    );
    // Plain words that differ are not provably one cause.
    assert_eq!(
        align("failed to read config", "failed to write config"),
        None
    );
    assert_eq!(align("timeout", "timeout after <*> seconds"), None);
}

/// The pattern miner's digit-shape fast path (`patterns::digit_shape`) relies on this: which
/// digits a line holds never changes how it is split or which tokens are variables.
#[test]
fn digit_values_do_not_change_tokens() {
    let words = [
        "blk_-1608999687919862906",
        "10.251.31.5:50010",
        "S3Exception",
        "ERR_HTTP2_STREAM_ERROR",
        "ec2:RunInstances",
        "arn:aws:s3:::bucket-7/key/9",
        "https://h7.example.com/v1/x?id=42",
        "/var/task/index.js:12:5",
        "user=u42",
        "'v3'",
        "(1.16 KB)",
        "Sun",
        "Dec",
        "04",
        "04:47:44",
        "2005",
        "ms",
        "took",
        "HTTP2",
        "AbC9eFgHiJ",
        "xkq3zbwtmpa",
        "a1@b2.com",
        "tenant:",
        "[",
        "]",
        "=",
        ",",
    ];
    let mut random = crate::test_support::XorShift64::new(0x2545_f491_4f6c_dd1d);
    let mut next = move || random.next_u64();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let fields = |t: &[Token]| -> Vec<_> {
        t.iter()
            .map(|t| (t.start, t.end, t.space_before, t.delim, t.var, t.fixed))
            .collect()
    };
    for _ in 0..20_000 {
        let mut line = String::new();
        for _ in 0..next() % 10 {
            line.push_str(words[(next() % words.len() as u64) as usize]);
            if next() % 3 != 0 {
                line.push(' ');
            }
        }
        let other: String = line
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from(b'0' + (next() % 10) as u8)
                } else {
                    c
                }
            })
            .collect();
        tokenize(line.as_bytes(), &mut a);
        tokenize(other.as_bytes(), &mut b);
        assert_eq!(fields(&a), fields(&b), "{line:?} vs {other:?}");
    }
}
