use super::*;

fn run(function: &str, messages: &[&str]) -> Vec<IncidentAggregate> {
    let events: Vec<LogEvent> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| LogEvent::new(Some(1_000 + i as i64), *m))
        .collect();
    aggregate(events.iter().map(|e| (function, e))).1
}

#[test]
fn a_flood_of_identical_errors_is_one_incident() {
    let lines: Vec<String> = (0..10_000)
        .map(|i| format!("2024-01-01T00:00:00.000Z\t{:08x}-1111-4222-8333-944445555666\tERROR\tpayment {i} failed: connect ECONNREFUSED 10.0.0.{}:5432", i, i % 250))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let incidents = run("/aws/lambda/pay", &refs);
    assert_eq!(incidents.len(), 1);
    let i = &incidents[0];
    assert_eq!(i.count, 10_000);
    assert_eq!(i.class, FailureClass::DependencyUnavailable);
    assert_eq!(i.samples.len(), 3);
    assert_eq!(i.request_ids.len(), 10);
    assert_eq!(
        (i.first_seen_ms, i.last_seen_ms),
        (Some(1_000), Some(10_999))
    );
}

#[test]
fn timeout_line_and_its_report_make_one_incident_with_figures() {
    let incidents = run(
        "/aws/lambda/slow",
        &[
            "START RequestId: 160788cd-45ff-4583-809f-c7e31127cb95 Version: $LATEST",
            "END RequestId: 160788cd-45ff-4583-809f-c7e31127cb95",
            "REPORT RequestId: 160788cd-45ff-4583-809f-c7e31127cb95\tDuration: 3071.27 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 21 MB\tStatus: timeout",
            "2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds",
        ],
    );
    assert_eq!(incidents.len(), 1, "{incidents:#?}");
    let i = &incidents[0];
    assert_eq!(i.class, FailureClass::Timeout);
    assert_eq!(i.figures.max_duration_ms, Some(3071.27));
    assert_eq!(i.figures.memory_size_mb, Some(128));
    assert_eq!(i.figures.timeout_seconds, Some(3.07));
    assert_eq!(i.figures.reports, 1);
    assert_eq!(
        i.figures.describe().as_deref(),
        Some("1 REPORT line, longest 3071 ms, memory 21 of 128 MB")
    );
}

#[test]
fn killed_is_out_of_memory_only_with_memory_evidence() {
    let killed = "RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Error: Runtime exited with error: signal: killed\nRuntime.ExitError";
    let with_evidence = run(
        "/aws/lambda/f",
        &[killed, "REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB"],
    );
    assert_eq!(with_evidence.len(), 1, "{with_evidence:#?}");
    assert_eq!(with_evidence[0].class, FailureClass::OutOfMemory);
    let without = run(
        "/aws/lambda/f",
        &[killed, "REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB"],
    );
    assert_eq!(without.len(), 1);
    assert_eq!(without[0].class, FailureClass::RuntimeExit);
}

/// The platform's error line names its invocation (`RequestId: <id> Error: …`), so another
/// invocation's REPORT at its limit in the same batch is no memory evidence for that kill.
#[test]
fn a_kill_takes_memory_evidence_only_from_its_own_invocation() {
    let killed = "RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Error: Runtime exited with error: signal: killed\nRuntime.ExitError";
    let incidents = run(
        "/aws/lambda/f",
        &[
            "REPORT RequestId: 9d3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB",
            killed,
            "REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB",
        ],
    );
    let classes: Vec<_> = incidents.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::RuntimeExit], "{incidents:#?}");
    assert_eq!(
        incidents[0].request_ids,
        vec!["0f3a4c1e-1111-4222-8333-944445555666".to_string()]
    );
}

/// A callback keeps the id of the invocation that scheduled it, so the exception that ends the
/// process can carry an earlier id than the platform's exit line: the exit is still its
/// consequence.
#[test]
fn an_exit_follows_a_cause_logged_under_an_earlier_invocations_id() {
    let incidents = run(
        "/aws/lambda/f",
        &[
            "START RequestId: 5fbdb50d-b3ff-11e7-87de-33ac6e4b53aa Version: $LATEST",
            "2017-10-18T12:25:06.366Z\tbb576013-b3fe-11e7-9013-d3268e7deffe\tTypeError: x.listen is not a function\n    at /var/task/index.js:197:40",
            "RequestId: 5fbdb50d-b3ff-11e7-87de-33ac6e4b53aa Process exited before completing request",
        ],
    );
    let classes: Vec<_> = incidents.iter().map(|i| i.class).collect();
    assert_eq!(
        classes,
        vec![FailureClass::UnhandledException],
        "{incidents:#?}"
    );
}

/// The same holds for the platform's REPORT of that exit; but another invocation's handled
/// failure ended no process, so an exit after it is an incident of its own.
#[test]
fn an_exit_takes_a_batch_wide_cause_only_from_an_escaped_exception() {
    let exit = "RequestId: 5fbdb50d-b3ff-11e7-87de-33ac6e4b53aa Error: Runtime exited with error: exit status 1";
    let report = "REPORT RequestId: 5fbdb50d-b3ff-11e7-87de-33ac6e4b53aa\tDuration: 252.18 ms\tBilled Duration: 300 ms\tMemory Size: 128 MB\tMax Memory Used: 43 MB\tStatus: error\tError Type: Runtime.ExitError";
    let after_exception = run(
        "/aws/lambda/f",
        &[
            "2017-10-18T12:25:06.366Z\tbb576013-b3fe-11e7-9013-d3268e7deffe\tTypeError: x.listen is not a function\n    at /var/task/index.js:197:40",
            exit,
            report,
        ],
    );
    let classes: Vec<_> = after_exception.iter().map(|i| i.class).collect();
    assert_eq!(
        classes,
        vec![FailureClass::UnhandledException],
        "{after_exception:#?}"
    );
    let after_handled = run(
        "/aws/lambda/f",
        &[
            "2017-10-18T12:25:06.366Z\tbb576013-b3fe-11e7-9013-d3268e7deffe\tERROR\tThrottlingException: Rate exceeded",
            exit,
            report,
        ],
    );
    let mut classes: Vec<_> = after_handled.iter().map(|i| i.class).collect();
    classes.sort();
    assert_eq!(
        classes,
        vec![FailureClass::RuntimeExit, FailureClass::Throttling],
        "{after_handled:#?}"
    );
}

#[test]
fn incidents_come_most_severe_first() {
    let incidents = run(
        "/aws/lambda/f",
        &[
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tsomething odd",
            "[ERROR]\t2024-01-01T00:00:00.000Z\tbbbbbbbb-1111-4222-8333-944445555666\tAccessDeniedException: not allowed",
            "2024-01-01T00:00:00.000Z bbbbbbbb-1111-4222-8333-944445555666 Task timed out after 3.00 seconds",
        ],
    );
    let classes: Vec<_> = incidents.iter().map(|i| i.class).collect();
    assert_eq!(
        classes,
        vec![
            FailureClass::Timeout,
            FailureClass::PermissionDenied,
            FailureClass::Error
        ]
    );
}

#[test]
fn an_exit_after_a_shown_cause_is_that_cause() {
    let id = "18fea243-5715-11e7-9ad9-a197117ae4d4";
    // Node: a TypeError with its stack, then the runtime gives up on the invocation.
    let node = run(
        "/aws/lambda/f",
        &[
            &format!("2017-06-22T06:36:19.294Z\t{id}\tTypeError: Cannot read property '0' of undefined\n    at exports.handler (/var/task/index.js:20:34)"),
            &format!("RequestId: {id} Process exited before completing request"),
        ],
    );
    let classes: Vec<_> = node.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::UnhandledException], "{node:#?}");
    // A REPORT at the memory limit beside a returned error object: the error is the cause.
    let go = run(
        "/aws/lambda/f",
        &[
            &format!("START RequestId: {id} Version: $LATEST"),
            "2021/12/08 12:33:00 {\"errorMessage\":\"error in CW test\",\"errorType\":\"errorString\"}",
            &format!("REPORT RequestId: {id}  Duration: 39.46 ms  Billed Duration: 40 ms  Memory Size: 3008 MB  Max Memory Used: 3008 MB"),
        ],
    );
    let classes: Vec<_> = go.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::UnhandledException], "{go:#?}");
    // With nothing shown before it, the exit is the incident.
    let bare = run(
        "/aws/lambda/f",
        &[&format!(
            "RequestId: {id} Error: Runtime exited with error: exit status 1\nRuntime.ExitError"
        )],
    );
    assert_eq!(bare[0].class, FailureClass::RuntimeExit);
}

#[test]
fn memory_at_its_limit_is_out_of_memory_only_beside_a_runtime_that_died() {
    let id = "18fea243-5715-11e7-9ad9-a197117ae4d4";
    let full = format!("REPORT RequestId: {id}\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB");
    // The figures alone: a function can fill its memory and succeed, and `sam local` reports
    // Max Memory Used = Memory Size for every invocation (DESIGN.md: "with a killed runtime").
    assert!(run("/aws/lambda/f", &[&full]).is_empty());
    let healthy = run(
        "/aws/lambda/f",
        &[
            &format!("START RequestId: {id} Version: $LATEST"),
            "{\"level\":\"INFO\",\"event\":\"request_completed\",\"durationMs\":2}",
            &format!("END RequestId: {id}"),
            &full,
        ],
    );
    assert!(healthy.is_empty(), "{healthy:#?}");
    // A failure that is no death of the runtime does not make the figures a kill.
    let failed = run(
        "/aws/lambda/f",
        &[
            &format!("2024-01-01T00:00:00.000Z\t{id}\tERROR\tfailed to save order"),
            &full,
        ],
    );
    let classes: Vec<_> = failed.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::Error], "{failed:#?}");
    // Beside the platform's kill of the same invocation, it is out of memory.
    let killed = run(
        "/aws/lambda/f",
        &[
            &full,
            &format!("RequestId: {id} Error: Runtime exited with error: signal: killed\nRuntime.ExitError"),
        ],
    );
    let classes: Vec<_> = killed.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::OutOfMemory], "{killed:#?}");
    // So is an exit with no cause shown: one out_of_memory incident, not an exit beside it.
    let exited = run(
        "/aws/lambda/f",
        &[
            &full,
            &format!("RequestId: {id} Error: Runtime exited with error: exit status 1\nRuntime.ExitError"),
        ],
    );
    let classes: Vec<_> = exited.iter().map(|i| i.class).collect();
    assert_eq!(classes, vec![FailureClass::OutOfMemory], "{exited:#?}");
}

#[test]
fn a_segfault_stack_dump_is_not_a_cause_of_the_exit() {
    let incidents = run(
        "/aws/lambda/f",
        &[
            "fatal error: fault",
            "[signal SIGSEGV: segmentation violation code=0x80 addr=0x0 pc=0x7faf0b42df68]",
            "goroutine 17 [running, locked to thread]:",
        ],
    );
    assert_eq!(
        incidents[0].class,
        FailureClass::RuntimeExit,
        "{incidents:#?}"
    );
}

#[test]
fn evidence_is_kept_per_incident_and_redacted() {
    let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tClientError: An error occurred (ThrottlingException) when calling the Query operation for bob@example.com"]);
    let evidence = incidents[0].evidence.as_ref().expect("evidence");
    assert_eq!(
        (evidence.signal.as_str(), evidence.span.as_str()),
        ("sdk_throttling_code", "ThrottlingException")
    );
    let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tcharge failed for bob@example.com"]);
    let evidence = incidents[0].evidence.as_ref().expect("evidence");
    assert_eq!(evidence.signal, "error_level");
    assert!(
        evidence.span.starts_with("charge failed for ")
            && !evidence.span.contains("bob@example.com"),
        "{}",
        evidence.span
    );
}

#[test]
fn templates_are_redacted() {
    let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tlogin failed for alice@example.com with password=hunter\tBearer abcdefghijklmnopqrstuv"]);
    let template = &incidents[0].template;
    assert!(
        !template.contains("alice@example.com")
            && !template.contains("hunter")
            && !template.contains("abcdefghijklmnopqrstuv"),
        "{template}"
    );
}

#[test]
fn samples_are_redacted() {
    let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tpayment failed for alice@example.com"]);
    assert!(
        !incidents[0].samples[0].contains("alice@example.com"),
        "{:?}",
        incidents[0].samples
    );
}

#[test]
fn values_without_digits_in_one_batch_join_one_incident() {
    let users = ["alice", "bob", "carol", "dave", "erin"];
    let lines: Vec<String> = users
        .iter()
        .map(|u| format!("[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tUser '{u}' is not allowed to export reports"))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let incidents = run("/aws/lambda/f", &refs);
    assert_eq!(incidents.len(), 1, "{incidents:#?}");
    assert_eq!(incidents[0].count, 5);
    assert!(
        !users.iter().any(|u| incidents[0].template.contains(u)),
        "{}",
        incidents[0].template
    );
}

#[test]
fn different_actions_stay_apart_in_one_batch() {
    let incidents = run(
        "/aws/lambda/f",
        &[
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tAccessDeniedException: User is not authorized to perform: s3:GetObject on resource reports",
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tAccessDeniedException: User is not authorized to perform: dynamodb:PutItem on resource reports",
        ],
    );
    assert_eq!(incidents.len(), 2, "{incidents:#?}");
}

#[test]
fn past_the_per_function_limit_new_templates_join_one_overflow_incident() {
    let config = AggregatorConfig {
        max_incidents_per_function: 3,
        ..AggregatorConfig::default()
    };
    let mut aggregator = Aggregator::new(config);
    // Eight distinct causes (one exception type each), twice each.
    for round in 0..2 {
        for cause in [
            "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta",
        ] {
            aggregator.add(
                "/aws/lambda/f",
                &LogEvent::new(Some(1_000 + round), format!("[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\t{cause}Exception: it broke")),
            );
        }
    }
    aggregator.add(
        "/aws/lambda/other",
        &LogEvent::new(Some(1_000), "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tOmegaException: it broke"),
    );
    let incidents = aggregator.finish();
    let of_f: Vec<_> = incidents
        .iter()
        .filter(|i| i.function == "/aws/lambda/f")
        .collect();
    assert_eq!(of_f.len(), 4, "3 incidents and the overflow: {of_f:#?}");
    let overflow = of_f
        .iter()
        .find(|i| i.template == OVERFLOW_TEMPLATE)
        .expect("an overflow incident");
    assert_eq!(
        overflow.overflow_templates, 5,
        "five templates over the limit"
    );
    assert_eq!(
        overflow.count, 10,
        "their occurrences are counted, not dropped"
    );
    assert_eq!(of_f.iter().map(|i| i.count).sum::<u64>(), 16);
    assert_eq!(
        incidents
            .iter()
            .filter(|i| i.function == "/aws/lambda/other")
            .count(),
        1,
        "the limit is per function"
    );
    // Stable across batches: the overflow incident's fingerprint depends only on the function.
    assert_eq!(
        overflow.fingerprint,
        fingerprint(FailureClass::Error, "/aws/lambda/f", OVERFLOW_TEMPLATE)
    );
}

#[test]
fn the_template_cache_never_joins_names_that_differ_in_a_glued_digit() {
    let incidents = run(
        "/aws/lambda/f",
        &[
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tcall failed: Http2StreamException on channel 17",
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tcall failed: Http3StreamException on channel 17",
            "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tcall failed: Http2StreamException on channel 912",
        ],
    );
    let mut templates: Vec<&str> = incidents.iter().map(|i| i.template.as_str()).collect();
    templates.sort();
    assert_eq!(incidents.len(), 2, "{templates:?}");
    assert!(
        templates[0].contains("Http2StreamException"),
        "{templates:?}"
    );
    assert!(
        templates[1].contains("Http3StreamException"),
        "{templates:?}"
    );
    assert_eq!(
        incidents.iter().map(|i| i.count).sum::<u64>(),
        3,
        "the numbers that differ are one template"
    );
}

/// An exit while Lambda reports the init phase failed: an exit status is the init code giving
/// up (`init_error`, one incident); a signal or an exit with no reason is a crash
/// (`runtime_exit`, one incident); with no exit line, the init report alone is `init_error`.
#[test]
fn an_exit_in_a_failed_init_phase_is_init_error_unless_it_crashed() {
    let init = "INIT_REPORT Init Duration: 165.85 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError";
    let reinit = "INIT_REPORT Init Duration: 285.10 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError";
    let exit = |how: &str| {
        format!("RequestId: 27e2b321-f299-4dce-a4c7-ae0a59793c35 Error: Runtime exited {how}\nRuntime.ExitError")
    };
    let classes = |messages: &[&str]| -> Vec<FailureClass> {
        run("/aws/lambda/f", messages)
            .iter()
            .map(|i| i.class)
            .collect()
    };
    let status = exit("with error: exit status 255");
    assert_eq!(
        classes(&[init, reinit, &status]),
        vec![FailureClass::InitError]
    );
    let segfault = exit("with error: signal: segmentation fault");
    assert_eq!(
        classes(&[init, reinit, &segfault]),
        vec![FailureClass::RuntimeExit]
    );
    let no_reason = exit("without providing a reason");
    assert_eq!(
        classes(&[init, &no_reason]),
        vec![FailureClass::RuntimeExit]
    );
    assert_eq!(classes(&[init]), vec![FailureClass::InitError]);
    // Lambda's `Unknown application error occurred` after the failed init restates it; it is
    // no crash. Without the init report it is still an exit.
    let restated = "Unknown application error occurred\nRuntime.ExitError";
    assert_eq!(classes(&[reinit, restated]), vec![FailureClass::InitError]);
    assert_eq!(classes(&[restated]), vec![FailureClass::RuntimeExit]);
    // Without an init report, an exit status is an exit.
    assert_eq!(classes(&[&status]), vec![FailureClass::RuntimeExit]);
    // Once an invocation of the function has reported healthy, its init had been retried and
    // had succeeded: a later exit is an exit of its own, and a later crash leaves the init
    // failure its incident.
    let healthy = "REPORT RequestId: 9d3a4c1e-1111-4222-8333-944445555666\tDuration: 9.00 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB";
    // A new init (`INIT_START`), or the end of the invocation after the failed init (its
    // REPORT, whatever its status), closes it too.
    let failed_invocation = "REPORT RequestId: 27e2b321-f299-4dce-a4c7-ae0a59793c35\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: error\tError Type: Runtime.ExitError";
    let new_init = "INIT_START Runtime Version: nodejs:20.v20\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc";
    let later_status = "RequestId: 33333333-3333-4333-8333-333333333333 Error: Runtime exited with error: exit status 2\nRuntime.ExitError";
    let later_segfault = "RequestId: 33333333-3333-4333-8333-333333333333 Error: Runtime exited with error: signal: segmentation fault\nRuntime.ExitError";
    for closing in [failed_invocation, new_init] {
        for later in [later_status, later_segfault] {
            let got = classes(&[init, reinit, &status, closing, later]);
            assert!(
                got.contains(&FailureClass::InitError) && got.contains(&FailureClass::RuntimeExit),
                "{closing} / {later}: {got:?}"
            );
        }
    }
    for later in [&status, &segfault] {
        let mut both = classes(&[init, healthy, later]);
        both.sort();
        let mut expected = vec![FailureClass::InitError, FailureClass::RuntimeExit];
        expected.sort();
        assert_eq!(both, expected, "{later}");
    }
}

/// The emulator's `Init failed error=<exit>` is its INIT_REPORT with `Status: error`: a cause
/// the batch shows, or an exit status, leaves the failed init the incident (before the cause);
/// a crash with no cause shown stays the exit.
#[test]
fn the_emulators_init_failed_record_is_a_failed_init() {
    let classes = |messages: &[&str]| -> Vec<FailureClass> {
        run("/aws/lambda/f", messages)
            .iter()
            .map(|i| i.class)
            .collect()
    };
    let status = "29 Feb 2024 01:06:43,572 [ERROR] (rapid) Init failed error=Runtime exited with error: exit status 1 InvokeID=";
    let aborted =
        "14 Mar 2025 14:59:35,263 [ERROR] (rapid) Init failed error=signal: aborted InvokeID=";
    let logrus = "time=\"2021-01-25T10:14:15.45\" level=error msg=\"Init failed\" InvokeID= error=\"Runtime exited with error: exit status 2\"";
    let traceback = "Traceback (most recent call last):\n  File \"/var/task/app.py\", line 3, in <module>\n    x = 1 / 0\nZeroDivisionError: division by zero";
    let panic = "thread 'main' panicked at src/main.rs:9:5:\nmissing TABLE_NAME";
    assert_eq!(classes(&[status]), vec![FailureClass::InitError]);
    assert_eq!(classes(&[logrus]), vec![FailureClass::InitError]);
    assert_eq!(
        classes(&[traceback, status]),
        vec![FailureClass::InitError, FailureClass::UnhandledException]
    );
    assert_eq!(
        classes(&[panic, aborted]),
        vec![FailureClass::InitError, FailureClass::UnhandledException]
    );
    // A crash with nothing before it is the exit; so is the same exit outside the emulator's
    // init record.
    assert_eq!(classes(&[aborted]), vec![FailureClass::RuntimeExit]);
    let invoke = "14 Mar 2025 14:59:35,263 [ERROR] (rapid) Invoke failed error=Runtime exited with error: exit status 1 InvokeID=";
    assert_eq!(classes(&[invoke]), vec![FailureClass::RuntimeExit]);
    let evidence = run("/aws/lambda/f", &[status]);
    assert_eq!(
        evidence[0]
            .evidence
            .as_ref()
            .map(|e| (e.signal.as_str(), e.span.as_str())),
        Some((crate::classify::EMULATOR_INIT_FAILURE, "Init failed"))
    );
}
