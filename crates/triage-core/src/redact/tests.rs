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

#[test]
fn the_short_path_scan_finds_the_same_features_as_stepping_every_byte() {
    // Realistic log text (the shared fixtures) and secret-bearing text (the redaction tests'
    // own sources, which spell out every kind), line by line and whole.
    let sources = [
        include_str!("../../tests/fixtures/lambda-fixtures.jsonl"),
        include_str!("../../tests/fixtures/lambda-holdout.jsonl"),
        include_str!("../../tests/fixtures/lambda-fresh.jsonl"),
        include_str!("../../tests/redaction.rs"),
        include_str!("../../tests/planted_secrets.rs"),
        include_str!("checks.rs"),
    ];
    let mut texts: Vec<String> = Vec::new();
    for source in sources {
        texts.push(source.to_string());
        for line in source.lines() {
            texts.push(line.to_string());
            if let Ok(serde_json::Value::Object(o)) = serde_json::from_str(line) {
                if let Some(serde_json::Value::String(t)) = o.get("text") {
                    texts.extend(t.lines().map(str::to_string));
                    texts.push(t.clone());
                }
            }
        }
    }
    // Every needle in upper, lower and mixed case, alone, glued and cut by one byte.
    for needle in features_needles_for_tests() {
        let upper = needle.to_ascii_uppercase();
        let mixed = crate::test_support::alternating_case(needle);
        for n in [needle.to_string(), upper, mixed] {
            texts.push(n.clone());
            texts.push(format!("x{n}y é{n}"));
            texts.push(n[1..].to_string());
            texts.push(n[..n.len() - 1].to_string());
        }
    }
    // Random text over the bytes the run machines care about (digits, hex, joiners, colons).
    let alphabet = b"0123456789abcdefABCDEFgqXZ:.- ()@+/_=\t";
    let mut random = crate::test_support::XorShift64::new(0x9e37_79b9_7f4a_7c15);
    for len in 1..400 {
        let text: String = (0..len % 60 + 1)
            .map(|_| alphabet[random.below(alphabet.len())] as char)
            .collect();
        texts.push(text);
    }
    assert!(texts.len() > 1_000, "{}", texts.len());
    for text in &texts {
        assert_eq!(Features::of(text), Features::of_reference(text), "{text:?}");
    }
}
