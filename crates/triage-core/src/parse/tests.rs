use super::*;

#[test]
fn python_line() {
    let p = parse_message(
        "[ERROR]\t2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tKeyError: 'body'",
    );
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.request_id, Some("8f5e1c2a-1111-4222-8333-944445555666"));
    assert_eq!(p.timestamp_ms, Some(1_709_287_200_123));
    assert_eq!(p.body, "KeyError: 'body'");
}

#[test]
fn node_line_with_invoke_error() {
    let p = parse_message("2024-10-03T15:20:17.838Z\te6ffdb72-1be8-4e9d-90f4-b66850933570\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"x\"}");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(
        p.body,
        "Invoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"x\"}"
    );
    assert_eq!(p.request_id, Some("e6ffdb72-1be8-4e9d-90f4-b66850933570"));
}

#[test]
fn rust_runtime_tracing_span() {
    let p = parse_message("ERROR Lambda runtime invoke{requestId=\"6ccb89cb-5648-4208-a6dc-a77dd43dd977\" xrayTraceId=\"Root=1-6b018655-df988d3c116a6ac154f31bda;Sampled=1\"}: failed to save order 10000: AccessDeniedException");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.request_id, Some("6ccb89cb-5648-4208-a6dc-a77dd43dd977"));
    assert_eq!(p.body, "failed to save order 10000: AccessDeniedException");
    // JSON bodies and braces in messages are not spans.
    assert_eq!(parse_message("{\"a\": 1}: x").body, "{\"a\": 1}: x");
    assert_eq!(
        parse_message("payment failed {order: 12}: retrying").body,
        "payment failed {order: 12}: retrying"
    );
}

#[test]
fn logfmt_and_python_default_levels() {
    let p =
        parse_message("time=\"2024-01-01T00:00:00Z\" level=error msg=\"dial tcp: i/o timeout\"");
    assert_eq!(p.level, Some(Level::Error));
    let p = parse_message("ERROR:root:KeyError: 'body'");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "KeyError: 'body'");
    let p = parse_message("WARNING:botocore.credentials:Refreshing temporary credentials");
    assert_eq!(p.level, Some(Level::Warn));
    // A message that merely starts with a capitalised word and colons is not a header.
    assert_eq!(
        parse_message("Error: connect ECONNREFUSED 1.2.3.4:80").level,
        None
    );
    assert_eq!(parse_message("NOTE:x").level, None);
}

#[test]
fn ruby_logger_lines() {
    let p = parse_message(
        "E, [2024-03-21T09:15:02.381907 #8] ERROR -- : Could not close books for account 88213",
    );
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "Could not close books for account 88213");
    let p = parse_message("I, [2024-04-02T14:27:10.553021 #8]  INFO -- app: Building export");
    assert_eq!((p.level, p.body), (Some(Level::Info), "Building export"));
    assert_eq!(parse_message("E, [not a logger line").level, None);
}

#[test]
fn log4j_line_with_separate_time_column() {
    let p = parse_message(
        "2020-03-18 08:52:43 6bc28136-xmpl-4365-b021-0ce6b2e64ab0 INFO  Handler - CONTEXT:",
    );
    assert_eq!(p.level, Some(Level::Info));
    assert_eq!(p.request_id, Some("6bc28136-xmpl-4365-b021-0ce6b2e64ab0"));
    assert_eq!(p.body, "Handler - CONTEXT:");
    assert!(p.timestamp_ms.is_some());
}

#[test]
fn extension_line_with_pipes() {
    // The extensions' `NAME | LEVEL | message` format: the level between the pipes.
    let p = parse_message("DD_EXTENSION | ERROR | Failed to send logs");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "Failed to send logs");
    // With the extension's own timestamp and zone in front.
    let p = parse_message(
        "2022-06-22 09:57:55 UTC | DD_EXTENSION | DEBUG | Unable to restore the state from file",
    );
    assert_eq!(p.level, Some(Level::Debug));
    assert_eq!(p.body, "Unable to restore the state from file");
    assert!(p.timestamp_ms.is_some());
    // Not a level between pipes: prose and table rows keep their text (a lower-case component
    // without a timestamp in front, a row that starts or ends with a pipe).
    for text in [
        "status | ERROR_COUNT | 0",
        "a | b | c",
        "DD_EXTENSION | Error | lower-case word is not a level",
        "checkout | ERROR | 12",
        "| checkout | ERROR | 12 |",
        "ORDERS | ERROR | 12 |",
        "- ERROR handling: retries are now logged at WARN",
    ] {
        let p = parse_message(text);
        assert_eq!(p.level, None, "{text}");
        assert_eq!(p.body, text);
    }
    let p = parse_message("ERROR GelfSenderThread:175 - Failed to flush messages");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "GelfSenderThread:175 - Failed to flush messages");
}

#[test]
fn an_application_loggers_level_inside_the_runtimes_is_the_records_level() {
    // log4js / a logger writing through console.log: Lambda says INFO, the app says ERROR.
    let p = parse_message(
        "2019-07-02T20:52:43.016Z\t52fdfc07-2182-154f-163f-5f0f9a621d72\tINFO\tERROR Controller - Error retrieving status.",
    );
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "Controller - Error retrieving status.");
    // ... and the other way round: the app's INFO line printed through console.error.
    let p = parse_message(
        "2019-07-02T20:52:43.016Z\t52fdfc07-2182-154f-163f-5f0f9a621d72\tERROR\t[INFO] cache warmed",
    );
    assert_eq!(p.level, Some(Level::Info));
    // Not a logger header: an identifier, an upper-case word that is no level, a lone word, a
    // level word in prose or a counter (`ERROR: 0`), a level word that is English (`ALERT …`).
    for body in [
        "ERROR_RATE=0 in the last hour",
        "UPDATE 3 rows",
        "ERROR",
        "ERROR: 0, WARN: 2, INFO: 130",
        "ALERT CPUUtilization > 80% on i-0abc, notifying #oncall",
        "FATAL errors since deploy: 0",
        "PANIC button test completed",
    ] {
        let line =
            format!("2019-07-02T20:52:43.016Z\t52fdfc07-2182-154f-163f-5f0f9a621d72\tINFO\t{body}");
        let p = parse_message(&line);
        assert_eq!(p.level, Some(Level::Info), "{body}");
        assert_eq!(p.body, body);
    }
}

#[test]
fn the_node_runtimes_undefined_request_id_is_a_header_field_only_in_its_column() {
    // In the message, `undefined` is a word.
    let p = parse_message("2024-03-01T10:00:00.123Z ERROR undefined is not a function");
    assert_eq!(p.body, "undefined is not a function");
    let p = parse_message("2024-03-01T10:00:00.123Z undefined is not a function");
    assert_eq!(p.body, "undefined is not a function");
    // In its column it is read once, and the message after the level is left alone.
    let p = parse_message(
        "2024-03-01T10:00:00.123Z\tundefined\tINFO\t8f5e1c2a-1111-4222-8333-944445555666 processed",
    );
    assert_eq!(p.request_id, None);
    assert_eq!(p.body, "8f5e1c2a-1111-4222-8333-944445555666 processed");
    let p = parse_message("2024-03-01T10:00:00.123Z\tundefined\tERROR\t- retry failed");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "- retry failed");
}

#[test]
fn report_line_figures() {
    let p = parse_message("REPORT RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5\tDuration: 3001.27 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tInit Duration: 130.49 ms\tStatus: timeout");
    assert_eq!(p.request_id, Some("3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5"));
    let Some(PlatformLine::Report(m)) = p.platform else {
        panic!("not a report: {p:?}")
    };
    assert_eq!(m.duration_ms, Some(3001.27));
    assert_eq!(m.billed_duration_ms, Some(3000.0));
    assert_eq!(m.memory_size_mb, Some(128));
    assert_eq!(m.max_memory_used_mb, Some(128));
    assert_eq!(m.init_duration_ms, Some(130.49));
    assert_eq!(m.status.as_deref(), Some("timeout"));
    assert!(m.memory_exhausted());
}

#[test]
fn report_line_without_its_prefix() {
    let p = parse_message("22f4200d-856a-41b5-9276-29d48412c78f\tDuration: 3757.18 ms\tBilled Duration: 3758 ms\tMemory Size: 128 MB\tMax Memory Used: 81 MB");
    let Some(PlatformLine::Report(m)) = p.platform else {
        panic!("not a report")
    };
    assert_eq!(m.duration_ms, Some(3757.18));
    assert_eq!(p.request_id, Some("22f4200d-856a-41b5-9276-29d48412c78f"));
}

#[test]
fn init_report_with_error() {
    let p = parse_message("INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError");
    let Some(PlatformLine::InitReport(m)) = p.platform else {
        panic!()
    };
    assert_eq!(m.status.as_deref(), Some("error"));
    assert_eq!(m.error_type.as_deref(), Some("Runtime.ExitError"));
    assert_eq!(m.init_duration_ms, Some(206.72));
    assert_eq!(
        m.duration_ms, None,
        "the Duration inside `Init Duration` is not the invocation's"
    );
}

#[test]
fn platform_json_record() {
    let p = parse_message(
        r#"{"time":"2026-07-09T06:05:50.581Z","type":"platform.report","record":{"requestId":"aec7a529-47f9-4090-be01-c9ed91bf83cf","metrics":{"durationMs":5000.0,"billedDurationMs":5000,"memorySizeMB":128,"maxMemoryUsedMB":94},"status":"timeout"}}"#,
    );
    let Some(PlatformLine::Record { kind, metrics }) = p.platform else {
        panic!()
    };
    assert_eq!(kind, "platform.report");
    assert_eq!(metrics.status.as_deref(), Some("timeout"));
    assert_eq!(metrics.max_memory_used_mb, Some(94));
    assert_eq!(p.request_id, Some("aec7a529-47f9-4090-be01-c9ed91bf83cf"));
}

#[test]
fn json_application_record() {
    let p = parse_message(
        r#"{"timestamp":"2024-01-16T10:30:45.586Z","level":"ERROR","message":"boom","requestId":"79b4f56e-95b1-4643-9700-2807f4e68189","errorType":"TypeError"}"#,
    );
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.error_type, Some("TypeError"));
    assert!(p.is_json);
    assert_eq!(p.timestamp_ms, Some(1_705_401_045_586));
}

#[test]
fn pino_and_bunyan_numeric_levels_only_in_their_record_shape() {
    let pino = |body: &str| parse_message(body).level;
    assert_eq!(
        pino(r#"{"level":30,"time":1714557600000,"pid":8,"hostname":"h","msg":"ok"}"#),
        Some(Level::Info)
    );
    assert_eq!(
        pino(
            r#"{"name":"api","hostname":"h","pid":8,"level":50,"msg":"boom","time":"2024-05-01T10:00:00.000Z","v":0}"#
        ),
        Some(Level::Error)
    );
    assert_eq!(
        pino(r#"{"level":40,"time":1,"msg":"slow"}"#),
        Some(Level::Warn)
    );
    // A number that is no pino level, or a `level` without pino's `time` and `msg`, is data.
    assert_eq!(pino(r#"{"level":35,"time":1,"msg":"x"}"#), None);
    assert_eq!(pino(r#"{"user":"ann","level":50,"score":9}"#), None);
    // Keys of a nested object are data too, and so is a quoted `"level":50` inside a string.
    assert_eq!(
        pino(r#"{"time":"2024-07-18T12:46:58Z","msg":"user upgraded","user":{"id":7,"level":50}}"#),
        None
    );
    assert_eq!(
        pino(r#"{"user":{"level":50,"time":"09:00","msg":"hi"},"event":"level_up"}"#),
        None
    );
    assert_eq!(
        pino(r#"{"note":"\"level\":50","time":1,"msg":"x","level":30}"#),
        Some(Level::Info)
    );
    // The numeric level decides over a string level nested in the record, and a number that
    // is not an integer is none.
    assert_eq!(
        pino(r#"{"level":30,"time":1,"msg":"ok","job":{"severity":"error"}}"#),
        Some(Level::Info)
    );
    assert_eq!(pino(r#"{"level":30.5,"time":1,"msg":"x"}"#), None);
}

#[test]
fn json_field_helpers_tolerate_truncation_and_escapes() {
    let j = r#"{"errorMessage": "say \"hi\"", "errorType" : "Runtime.ExitError", "n": 12.5, "cut": "abc"#;
    assert_eq!(json_str_field(j, "errorMessage"), Some(r#"say \"hi\""#));
    assert_eq!(json_str_field(j, "errorType"), Some("Runtime.ExitError"));
    assert_eq!(json_num_field(j, "n"), Some(12.5));
    assert_eq!(json_str_field(j, "cut"), None);
    assert_eq!(json_str_field(j, "missing"), None);
    // A key that only appears inside another key or a value is not a field.
    assert_eq!(json_str_field(r#"{"xerrorType":"a"}"#, "errorType"), None);
}

#[test]
fn the_word_at_a_time_whitespace_search_finds_the_first_whitespace_byte() {
    // Control bytes below 0x20 that are not whitespace, and non-ASCII bytes, flag or skip
    // a word without being taken for whitespace; every offset and length is tried.
    let pieces = [
        "a", "\u{1}", "\u{1f}", "\u{c}", "\t", "\n", "\r", " ", "é", "\u{a0}", "!",
    ];
    for (k, ws) in pieces.iter().enumerate() {
        for len in 0..20 {
            for at in 0..=len {
                let mut text = "x".repeat(at);
                text.push_str(pieces[(k + at) % 3]);
                text.push_str(ws);
                text.push_str(&"y".repeat(len - at));
                let naive = text.bytes().position(|b| b.is_ascii_whitespace());
                assert_eq!(find_whitespace(text.as_bytes()), naive, "{text:?}");
            }
        }
    }
}

#[test]
fn short_decimals_read_as_the_float_parser_reads_them() {
    let mut random = crate::test_support::XorShift64::new(0x2545_f491_4f6c_dd1d);
    let mut numbers: Vec<String> = [
        "0",
        "0.0",
        "3001.27",
        "130.49",
        "0.1",
        "0.3",
        "9007199254740.993",
        "123456789012345",
        "1234567890123456",
        "1.",
        ".5",
        "1.2.3",
        "",
        "00012.500",
        "999999999999999",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..20_000 {
        let state = random.next_u64();
        let int = state % 10u64.pow((state >> 60) as u32 % 10 + 1);
        let frac_digits = (state >> 56) as usize % 7;
        let frac = (state >> 20) % 10u64.pow(frac_digits as u32);
        numbers.push(if frac_digits == 0 {
            int.to_string()
        } else {
            format!("{int}.{frac:0frac_digits$}")
        });
    }
    for n in &numbers {
        assert_eq!(leading_number(n), n.parse::<f64>().ok(), "{n:?}");
        assert_eq!(
            leading_number(&format!(" {n} ms")),
            n.parse::<f64>().ok(),
            "{n:?}"
        );
    }
    assert_eq!(leading_number("3001.27 ms"), Some(3001.27));
}

#[test]
fn request_ids_are_uuid_shaped_byte_for_byte() {
    let id = "6bc28136-xmpl-4365-b021-0ce6b2e64ab0";
    assert!(is_request_id(id));
    // Every single-byte change: a dash moved or lost, a letter turned into punctuation.
    for i in 0..id.len() {
        for c in ['-', 'Z', '9', '_', ' ', '.'] {
            let mut t = id.to_string();
            t.replace_range(i..i + 1, &c.to_string());
            let dash_at = matches!(i, 8 | 13 | 18 | 23);
            let expected = if dash_at {
                c == '-'
            } else {
                c.is_ascii_alphanumeric()
            };
            assert_eq!(is_request_id(&t), expected, "{t}");
        }
    }
    assert!(!is_request_id(&id[1..]));
    assert!(!is_request_id(&format!("{id}0")));
    assert!(!is_request_id("6bc28136-xmpl-4365-b021-0ce6b2e64aé"));
}

#[test]
fn odd_inputs_do_not_panic() {
    for s in [
        "",
        " ",
        "\u{feff}",
        "REPORT",
        "REPORT RequestId: ",
        "[",
        "{",
        "Duration:",
        "2024-01-0",
        "é\té\té",
        "INIT_REPORT Status:",
    ] {
        let _ = parse_message(s);
    }
}

/// The platform line's `RequestId: ` shortcut gives the first occurrence, as a search of the
/// whole line does, including where the head itself could hold the label.
#[test]
fn the_request_id_label_shortcut_finds_the_first_occurrence() {
    let lines = [
        "START RequestId: 8f5e1c2a-1111-4222-8333-944445555666 Version: $LATEST",
        "END RequestId: 8f5e1c2a-1111-4222-8333-944445555666",
        "REPORT RequestId: a\tDuration: 1.00 ms",
        "XRequestId: RequestId: b",
        "RequestId: RequestId: c",
        "START\tRequestId: d",
        "START  RequestId: e",
        "START RequestId:f RequestId: g",
        "START",
        "START ",
        "START RequestId:",
        "INIT_START Runtime Version: python:3.12",
        "START RequestId: ünï RequestId: h",
    ];
    let mut shortcut_taken = 0;
    for line in lines {
        let head = split_token(line).0;
        let plain = memchr::memmem::find(line.as_bytes(), REQUEST_ID_LABEL.as_bytes());
        assert_eq!(request_id_label(line, head), plain, "on {line:?}");
        shortcut_taken += usize::from(plain == Some(head.len() + 1));
    }
    assert!(shortcut_taken >= 4);
}

/// The header loop's early end agrees with the token tests it replaces (on text with no
/// leading whitespace, as the loop's), and fields that may still follow a full header are
/// still skipped.
#[test]
fn the_header_loop_ends_early_only_where_the_token_tests_would() {
    let rests = [
        "",
        "|",
        "| x",
        "|\tx",
        "|x",
        "||",
        "time=1",
        "time=\"2024\" level=error",
        "ts=5",
        "ts",
        "time",
        "tsx=1",
        "message text",
        "Time=1",
        "ü |",
    ];
    for rest in rests {
        let token = split_token(rest).0;
        let plain = token.starts_with("time=") || token.starts_with("ts=") || token == "|";
        assert_eq!(header_field_follows(rest), plain, "on {rest:?}");
    }
    let p = parse_message(
        "2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\t| ts=9 disk full",
    );
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.body, "disk full");
    let p = parse_message(
        "2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tdisk full",
    );
    assert_eq!(p.body, "disk full");
}

/// A REPORT line read from after its `REPORT RequestId: ` prefix gives the fields a scan from
/// its first byte gives (a leading `x ` turns the shortcut off and adds no field).
#[test]
fn report_fields_after_the_prefix_match_the_full_scan() {
    let lines = [
        "REPORT RequestId: 8f5e1c2a-1111-4222-8333-944445555666\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 200.1 ms",
        "REPORT RequestId: Duration: 5 ms\tMemory Size: 128 MB",
        "REPORT RequestId: \tDuration: 7 ms",
        "REPORT RequestId: x Status: timeout\tError Type: Runtime.ExitError",
        "REPORT RequestId: ",
    ];
    let mut with_fields = 0;
    for line in lines {
        let shortcut = parse_report_fields(line);
        assert_eq!(
            shortcut,
            parse_report_fields(&format!("x {line}")),
            "on {line:?}"
        );
        with_fields += usize::from(shortcut != ReportMetrics::default());
    }
    assert_eq!(with_fields, 4);
}

/// The REPORT scan as first written: every candidate visited, no prefix or number skipped.
fn report_fields_plain(text: &str) -> ReportMetrics {
    let mut metrics = ReportMetrics::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_field_start = i == 0 || bytes[i - 1].is_ascii_whitespace();
        if at_field_start && bytes[i].is_ascii_uppercase() {
            if let Some((field, value)) = report_field_at(&text[i..]) {
                i = text.len() - value.len();
                match field {
                    ReportField::Duration => {
                        metrics.duration_ms = metrics.duration_ms.or_else(|| leading_number(value))
                    }
                    ReportField::Billed => metrics.billed_duration_ms = leading_number(value),
                    ReportField::MemorySize => {
                        metrics.memory_size_mb = leading_number(value).map(|v| v as u32)
                    }
                    ReportField::MaxMemoryUsed => {
                        metrics.max_memory_used_mb = leading_number(value).map(|v| v as u32)
                    }
                    ReportField::InitDuration => metrics.init_duration_ms = leading_number(value),
                    ReportField::Status => metrics.status = leading_word(value),
                    ReportField::ErrorType => metrics.error_type = leading_word(value),
                }
                continue;
            }
        }
        match bytes[i..].iter().position(u8::is_ascii_whitespace) {
            Some(w) => i += w + 1,
            None => break,
        }
    }
    metrics
}

/// The REPORT scan that skips the prefix and each number read finds what the plain scan finds,
/// on real lines and on random ones built from field names, numbers and separators.
#[test]
fn the_report_scan_with_skips_matches_the_plain_scan() {
    let pieces = [
        "REPORT RequestId: ",
        "Duration:",
        "Billed Duration:",
        "Memory Size:",
        "Max Memory Used:",
        "Init Duration:",
        "Status:",
        "Error Type:",
        " ",
        "\t",
        "\u{a0}",
        "12.50",
        "3",
        "1.2.3",
        ".5",
        "ms",
        "MB",
        "Billed",
        "x",
        "Duration: 7 ms",
        "timeout",
        "\u{2003}9",
    ];
    let mut texts = vec![
        "REPORT RequestId: 8f5e1c2a-1111-4222-8333-944445555666\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t".to_string(),
        "REPORT RequestId: a Duration: 12.5Billed Duration: 3 ms Init Duration: 1".to_string(),
    ];
    let mut random = crate::test_support::XorShift64::new(0x2545_f491_4f6c_dd1d);
    for len in 1..600 {
        let text: String = (0..len % 14 + 1)
            .map(|_| pieces[random.below(pieces.len())])
            .collect();
        texts.push(text);
    }
    let mut with_fields = 0;
    for text in &texts {
        let plain = report_fields_plain(text);
        assert_eq!(parse_report_fields(text), plain, "on {text:?}");
        with_fields += usize::from(plain != ReportMetrics::default());
    }
    assert!(with_fields > 150, "{with_fields}");
}

/// Level names matched by upper-cased bytes agree with the case-insensitive table search, for
/// every name in every case and for near misses.
#[test]
fn level_names_by_bytes_match_the_table_search() {
    let mut tokens: Vec<String> = Vec::new();
    for (name, _) in Level::NAMES {
        let lower = name.to_ascii_lowercase();
        let mixed = crate::test_support::alternating_case(name);
        for n in [name.to_string(), lower, mixed] {
            tokens.push(format!("[{n}]"));
            tokens.push(format!("{n}:"));
            tokens.push(n[1..].to_string());
            tokens.push(format!("{n}S"));
            tokens.push(format!("{n}é"));
            tokens.push(n);
        }
    }
    tokens.extend(["", "[]", "INFORMATIONS", "ÉRROR", "error\u{0}"].map(String::from));
    let mut found = 0;
    for token in &tokens {
        let t = token
            .trim_matches(|c: char| matches!(c, '[' | ']' | ':' | '|' | '"' | ',' | '<' | '>'));
        let plain = if t.len() > 11 {
            None
        } else {
            Level::by_table(t)
        };
        assert_eq!(Level::parse(token), plain, "on {token:?}");
        found += usize::from(plain.is_some());
    }
    assert_eq!(found, Level::NAMES.len() * 3 * 3);
}

/// The platform's error line names its invocation; the whole line stays the message.
#[test]
fn the_platform_error_line_carries_its_invocations_id() {
    let line = "RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Error: Runtime exited with error: signal: killed";
    let p = parse_message(line);
    assert_eq!(p.request_id, Some("0f3a4c1e-1111-4222-8333-944445555666"));
    assert_eq!(p.body, line);
    assert_eq!(p.level, None);
    let p = parse_message("2024-01-01T00:00:00.000Z RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Process exited before completing request");
    assert_eq!(p.request_id, Some("0f3a4c1e-1111-4222-8333-944445555666"));
    assert!(p.body.starts_with("RequestId: "), "{p:?}");
    // Not an id: nothing is taken, and the text is unchanged.
    let p = parse_message("RequestId: none Error: x");
    assert_eq!((p.request_id, p.body), (None, "RequestId: none Error: x"));
}

/// AWS's log4j layout for Lambda puts the request id, and other context columns, in angle
/// brackets between the time and the level.
#[test]
fn log4j_angle_bracketed_columns_before_the_level() {
    let p = parse_message("2019-05-20 07:11:23 <34c639ad-7774-5823-b0d1-6cf1226be118> ERROR Handler:42 - could not save order");
    assert_eq!(p.level, Some(Level::Error));
    assert_eq!(p.request_id, Some("34c639ad-7774-5823-b0d1-6cf1226be118"));
    assert_eq!(p.body, "Handler:42 - could not save order");
    let p = parse_message("2019-05-20 07:11:23.458 <34c639ad-7774-5823-b0d1-6cf1226be118> <235.383339d> <main> DEBUG com.amazonaws.request:1696 - Received error response: ThrottlingException");
    assert_eq!(p.level, Some(Level::Debug));
    // Without a time in front, or as an HTML tag, angle brackets are message text.
    assert_eq!(parse_message("<main> ERROR Handler - x").request_id, None);
    assert_eq!(
        parse_message("2019-05-20 07:11:23 <b>ERROR</b> in template").level,
        None
    );
}
