use super::*;
use crate::parse::parse_message;

fn classified(message: &str) -> Option<Classification> {
    let parsed = parse_message(message);
    classify(&parsed, parsed.body)
}

fn class_of(message: &str) -> Option<FailureClass> {
    classified(message).map(|c| c.class)
}

#[test]
fn failures_that_never_print_error() {
    assert_eq!(class_of("2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds"), Some(FailureClass::Timeout));
    assert_eq!(class_of("REPORT RequestId: 1b690add-f44a-46d5-88e0-352bb2248e74\tDuration: 6082.95 ms\tBilled Duration: 6083 ms\tMemory Size: 6000 MB\tMax Memory Used: 6000 MB"), Some(FailureClass::OutOfMemory));
    assert_eq!(class_of("INIT_REPORT Init Duration: 12.1 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError"), Some(FailureClass::InitError));
    // Lambda's report that the init phase failed, by an exit: init_error by itself (how the
    // runtime exited is weighed in aggregate.rs); an invocation's exit stays an exit.
    assert_eq!(class_of("INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError"), Some(FailureClass::InitError));
    assert_eq!(classified("INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError").map(|c| c.signal), Some(INIT_EXIT));
    assert_eq!(class_of("REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 9.00 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: error\tError Type: Runtime.ExitError"), Some(FailureClass::RuntimeExit));
    assert_eq!(
        class_of("Error: Runtime exited with error: exit status 255 Runtime.ExitError"),
        Some(FailureClass::RuntimeExit)
    );
    assert_eq!(class_of("REPORT RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout"), Some(FailureClass::Timeout));
}

#[test]
fn killed_signal_is_flagged_for_the_memory_rule() {
    let c =
        classified("Error: Runtime exited with error: signal: killed Runtime.ExitError").unwrap();
    assert_eq!(c.class, FailureClass::RuntimeExit);
    assert!(c.killed_signal);
    // With explicit memory evidence in the same text, it is out of memory outright.
    assert_eq!(
        class_of("fatal error: runtime: out of memory\nRuntime exited with error: signal: killed"),
        Some(FailureClass::OutOfMemory)
    );
}

#[test]
fn specific_causes_beat_generic_exceptions() {
    assert_eq!(class_of("[ERROR] ClientError: An error occurred (AccessDeniedException) when calling the GetSecretValue operation\nTraceback (most recent call last):"), Some(FailureClass::PermissionDenied));
    assert_eq!(class_of("{\"errorType\":\"Runtime.UnhandledPromiseRejection\",\"errorMessage\":\"Error: connect ECONNREFUSED 127.0.0.1:80\"}"), Some(FailureClass::DependencyUnavailable));
    assert_eq!(class_of("Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException)"), Some(FailureClass::Throttling));
    assert_eq!(class_of("[ERROR]\t2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tKeyError: 'body'"), Some(FailureClass::BadInput));
    assert_eq!(class_of("[ERROR] requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api.example.com"), Some(FailureClass::DependencyUnavailable));
    assert_eq!(class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tupstream returned status code 502"), Some(FailureClass::DependencyUnavailable));
}

#[test]
fn vocabularies_decide_the_class() {
    let cases = [
        // SDK throttling codes (botocore / aws-sdk-js-v3 lists).
        ("[ERROR] botocore.exceptions.ClientError: An error occurred (ProvisionedThroughputExceededException) when calling the PutItem operation", FailureClass::Throttling),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tSlowDown: Please reduce your request rate.", FailureClass::Throttling),
        // SDK transient codes and errno / getaddrinfo names.
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tError: getaddrinfo EAI_AGAIN db.internal", FailureClass::DependencyUnavailable),
        ("[ERROR] psycopg2.OperationalError: could not connect to server: Connection refused", FailureClass::DependencyUnavailable),
        ("{\"errorType\":\"java.net.SocketTimeoutException\",\"errorMessage\":\"Read timed out\"}", FailureClass::DependencyUnavailable),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tfail\tSystem.Net.Http.HttpRequestException: No such host is known.", FailureClass::DependencyUnavailable),
        ("{\"errorType\":\"redis.exceptions.TimeoutConnectionError\",\"errorMessage\":\"x\"}", FailureClass::DependencyUnavailable),
        // Lambda runtime error types inside a larger message.
        ("{\"errorType\":\"Error\",\"errorMessage\":\"init failed: Runtime.HandlerNotFound: index.handler is undefined or not exported\"}", FailureClass::InitError),
        ("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'", FailureClass::InitError),
        // Input errors of the exception hierarchies.
        ("{\"errorType\":\"java.lang.NumberFormatException\",\"errorMessage\":\"For input string: \\\"abc\\\"\"}", FailureClass::BadInput),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tSyntaxError: Unexpected token o in JSON at position 1", FailureClass::BadInput),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tfail\tSystem.FormatException: Input string was not in a correct format.", FailureClass::BadInput),
        // Permission codes and the IAM message.
        ("[ERROR] An error occurred (AccessDenied) when calling the GetObject operation: Access Denied", FailureClass::PermissionDenied),
        ("User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: sqs:SendMessage", FailureClass::PermissionDenied),
        // SDK credentials errors, botocore parameter validation, SDK v2 service-error shapes.
        ("[ERROR] NoCredentialsError: Unable to locate credentials", FailureClass::PermissionDenied),
        ("[ERROR] ParamValidationError: Parameter validation failed:\nMissing required parameter in input: \"Key\"", FailureClass::BadInput),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tsoftware.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, Status Code: 403, Request ID: X)", FailureClass::PermissionDenied),
        ("time=\"2024-01-01T00:00:00Z\" level=error msg=\"operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: X, ConditionalCheckFailedException: The conditional request failed\"", FailureClass::Error),
        // A generic exception with a stack is uncaught; a logged one is an error.
        ("{\"errorMessage\":\"/ by zero\",\"errorType\":\"java.lang.ArithmeticException\",\"stackTrace\":[]}", FailureClass::UnhandledException),
        ("[ERROR] TypeError: unsupported operand\rTraceback (most recent call last):\r  File \"/var/task/app.py\", line 3, in handler", FailureClass::UnhandledException),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tRuntimeError: boom", FailureClass::Error),
    ];
    for (line, class) in cases {
        assert_eq!(class_of(line), Some(class), "{line}");
    }
}

#[test]
fn an_exit_takes_the_class_of_the_cause_it_shows() {
    // Go: a panic, then the runtime exits.
    assert_eq!(
        class_of("panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.handler()\n{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 1 Error: Runtime exited with error: exit status 2\"}"),
        Some(FailureClass::UnhandledException)
    );
    // Node: a refused connection before the exit.
    assert_eq!(
        class_of(
            "Error: connect ECONNREFUSED 10.0.0.1:5432\nProcess exited before completing request"
        ),
        Some(FailureClass::DependencyUnavailable)
    );
    // Nothing before the exit: runtime_exit.
    assert_eq!(
        class_of("RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Error: Runtime exited with error: exit status 1\nRuntime.ExitError"),
        Some(FailureClass::RuntimeExit)
    );
}

#[test]
fn level_less_lines_need_strong_evidence() {
    // Failure words alone, with no level, no error object and no stack: nothing.
    for line in [
        "Error during Decryption",
        "could not reach the cache, using defaults",
        "ValueError handling is configured",
        "Connection refused by policy is the expected answer for blocked hosts",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    // Strong, specific evidence counts without a level.
    assert_eq!(
        class_of("Error: connect ECONNREFUSED 127.0.0.1:5432"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("Unable to import module 'lambda_function': No module named 'requests'"),
        Some(FailureClass::InitError)
    );
    // The Python runtime's other messages for a handler it cannot load (awslambdaric).
    for line in [
        "Syntax error in module 'report': invalid syntax (generator.py, line 604)",
        "Bad handler 'app': not enough values to unpack (expected 2, got 1)",
        "Cannot use built-in module json as a handler module",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::InitError), "{line}");
    }
    // Quoted on an INFO line (a runbook, a test's log) they are not a failure.
    for line in [
        "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tINFO\texpect \"Syntax error in module 'app'\" when the build is broken",
        "[INFO]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tvalidated: Bad handler 'app' is reported for a name without a dot",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    assert_eq!(class_of("Traceback (most recent call last):\n  File \"/var/task/app.py\", line 3, in handler\nZeroDivisionError: division by zero"), Some(FailureClass::UnhandledException));
    assert_eq!(
        class_of("thread 'main' panicked at src/main.rs:5:5"),
        Some(FailureClass::UnhandledException)
    );
    // Go's net.OpError text names the failed call and the errno, like Node's `connect ECONNREFUSED`.
    assert_eq!(class_of("2024/11/27 10:30:01 cache get failed: dial tcp 10.0.5.23:6379: connect: connection refused"), Some(FailureClass::DependencyUnavailable));
}

#[test]
fn exceptions_and_plain_errors() {
    assert_eq!(
        class_of("panic: runtime error: invalid memory address or nil pointer dereference"),
        Some(FailureClass::UnhandledException)
    );
    assert_eq!(
        class_of("ERROR GelfSenderThread:175 - Failed to flush messages in [100] attempts."),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("2019-04-04T22:11:08.243Z\t1d2c1444-efd1-43ec-b16e-8fb2d37508b8\tERROR"),
        Some(FailureClass::Error)
    );
}

#[test]
fn warnings_are_warnings_whatever_the_level() {
    for line in [
        "2024-01-01T00:00:00.000Z\tundefined\tERROR\t(node:8) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.",
        "2024-01-01T00:00:00.000Z\tundefined\tERROR\t(node:8) Warning: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections insecure",
        "2024-01-01T00:00:00.000Z\tundefined\tERROR\t(node:8) [DEP0170] DeprecationWarning: The URL x is invalid. Future versions of Node.js will throw an error.",
        "[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\t/var/task/boto3/compat.py:82: PythonDeprecationWarning: Boto3 will no longer support Python 3.7",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    // A warning word inside a real error does not hide it.
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tWarningService failed: connect ECONNREFUSED 10.0.0.1:443"),
        Some(FailureClass::DependencyUnavailable)
    );
}

#[test]
fn evidence_names_the_signal_and_its_span() {
    let text = "[ERROR] botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling the Query operation";
    let parsed = parse_message(text);
    let c = classify(&parsed, parsed.body).unwrap();
    assert_eq!(c.signal, "sdk_throttling_code");
    let (s, e) = c.evidence.unwrap();
    assert_eq!(&parsed.body[s..e], "ThrottlingException");
    let c = classified(
        "2019-04-04T22:11:08.243Z\t1d2c1444-efd1-43ec-b16e-8fb2d37508b8\tERROR\tsomething odd",
    )
    .unwrap();
    assert_eq!((c.class, c.signal), (FailureClass::Error, "error_level"));
}

#[test]
fn identifiers_and_prose_containing_signal_words_are_not_failures() {
    for line in [
        "configured upstreamHost=a throttlingConfig=b",
        "[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tnot found: MyKeyErrorHandler",
    ] {
        assert_ne!(
            class_of(line).filter(|c| *c != FailureClass::Error),
            Some(FailureClass::BadInput),
            "{line}"
        );
    }
    assert_eq!(
        class_of("configured upstreamHost=a throttlingConfig=b"),
        None
    );
}

#[test]
fn evidence_after_a_multibyte_delimiter_is_on_a_char_boundary() {
    // Found by the parse_lines fuzz target: a non-ASCII character before an exception name.
    let text = "[ERROR] \u{fffd}\u{fffd}ErrorTypeError\u{fffd}ValueError: boom";
    let parsed = parse_message(text);
    let c = classify(&parsed, parsed.body).unwrap();
    let (start, end) = c.evidence.unwrap();
    assert!(parsed.body.is_char_boundary(start) && parsed.body.is_char_boundary(end));
    let _ = crate::fingerprint::template_for(&parsed, parsed.body, &c);
}

#[test]
fn a_runtime_line_relogged_by_a_wrapper_keeps_its_meaning() {
    // apex/up and similar wrappers re-log the function's stdout as INFO JSON records.
    let relogged = "{\"fields\":null,\"level\":\"info\",\"timestamp\":\"2018-05-17T14:46:28+08:00\",\"message\":\"2018-05-17T06:46:28.161Z fb63a8b6-599d-11e8-a437-911ac44bc0b4 Task timed out after 18.02 seconds\"}";
    let c = classified(relogged).unwrap();
    assert_eq!((c.class, c.evidence), (FailureClass::Timeout, None));
    // An application's own INFO record stays quiet, whatever its message says.
    assert_eq!(
        class_of("{\"level\":\"info\",\"message\":\"Task timed out after 3 seconds is our SLA\"}"),
        None
    );
    assert_eq!(
        class_of("{\"level\":\"info\",\"message\":\"2018-05-17 retry of ECONNREFUSED worked\"}"),
        None
    );
}

#[test]
fn the_runtimes_json_error_record_is_an_uncaught_exception() {
    // Lambda's JSON log format: the runtime's record of an error that escaped the handler.
    let record = "{\"timestamp\":\"2024-01-16T10:30:45.586Z\",\"level\":\"ERROR\",\"errorType\":\"ZeroDivisionError\",\"errorMessage\":\"division by zero\",\"requestId\":\"79b4f56e-95b1-4643-9700-2807f4e68189\",\"stackTrace\":[\"  File \\\"/var/task/app.py\\\", line 3, in handler\\n\"]}";
    assert_eq!(class_of(record), Some(FailureClass::UnhandledException));
    // A logger's handled exception (Powertools' `exception` field) is an error someone logged.
    let logged = "{\"level\":\"ERROR\",\"message\":\"charge failed\",\"exception_name\":\"ZeroDivisionError\",\"exception\":\"Traceback (most recent call last):\\n  File \\\"/var/task/app.py\\\", line 3\"}";
    assert_eq!(class_of(logged), Some(FailureClass::Error));
}

#[test]
fn a_bare_500_phrase_is_the_functions_own_failure_a_coded_one_a_dependency() {
    // The function's own error value: no dependency is named, so it is a plain error.
    assert_eq!(
        class_of("{\"errorMessage\":\"Internal Server Error\"}"),
        Some(FailureClass::Error)
    );
    // A client reporting the status it received keeps the dependency reading.
    assert_eq!(class_of("[ERROR] requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.example.com/x"), Some(FailureClass::DependencyUnavailable));
    // 502/503/504 phrases name an upstream by definition (RFC 9110 §15.6).
    assert_eq!(
        class_of("{\"errorMessage\":\"Bad Gateway\"}"),
        Some(FailureClass::DependencyUnavailable)
    );
}

#[test]
fn go_handler_panics_and_unknown_runtime_failures() {
    // aws-lambda-go reports a recovered panic, then Lambda its unknown-failure type: the panic
    // is the cause the exit follows.
    assert_eq!(
        class_of("calling the handler function resulted in a panic, the process should exit\nUnknown application error occurred\nRuntime.Unknown"),
        Some(FailureClass::UnhandledException)
    );
    // Lambda's unknown failure with no cause shown is an exit.
    assert_eq!(
        class_of("Unknown application error occurred\nRuntime.Unknown"),
        Some(FailureClass::RuntimeExit)
    );
}

#[test]
fn serde_deserialisation_messages_are_bad_input_only_in_a_failure_report() {
    assert_eq!(
        class_of("thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Error(\"unknown variant `Foo`, expected `Bar` or `Baz`\", line: 1, column: 12)', src/main.rs:9:5"),
        Some(FailureClass::BadInput)
    );
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z ERROR lambda_runtime: data did not match any variant of untagged enum LambdaRequest"),
        Some(FailureClass::BadInput)
    );
    // The same words in level-less prose are not a failure.
    assert_eq!(
        class_of("config note: an unknown field `color` is ignored"),
        None
    );
}

#[test]
fn a_ruby_signal_exception_is_an_exit() {
    assert_eq!(
        class_of("{\"errorMessage\":\"SIGTERM\",\"errorType\":\"Init<SignalException>\",\"stackTrace\":[\"/var/lang/lib/ruby/3.3.0/net/protocol.rb:229:in `wait_readable'\"]}"),
        Some(FailureClass::RuntimeExit)
    );
    // A Ruby exception that is not a signal stays a code error.
    assert_eq!(
        class_of("{\"errorMessage\":\"undefined method `x' for nil\",\"errorType\":\"Function<NoMethodError>\",\"stackTrace\":[\"/var/task/app.rb:3:in `handler'\"]}"),
        Some(FailureClass::UnhandledException)
    );
}

#[test]
fn enomem_in_a_system_calls_error_is_out_of_memory() {
    // Node names the errno of the failed call (POSIX ENOMEM: the kernel had no memory left).
    assert_eq!(
        class_of("{ Error: spawn ENOMEM\n    at ChildProcess.spawn (internal/child_process.js:323:11)\n  code: 'ENOMEM', errno: 'ENOMEM', syscall: 'spawn' }"),
        Some(FailureClass::OutOfMemory)
    );
    // The name in prose, not where a runtime prints it, is nothing.
    assert_eq!(class_of("pool sized to avoid ENOMEM under load"), None);
}

#[test]
fn go_runtime_errors_are_uncaught_panics() {
    // aws-lambda-go's report of a recovered panic: the runtime.Error message, no `panic:` head.
    let c = classified("runtime error: index out of range [5] with length 3: errorString [{\"path\":\"github.com/aws/aws-lambda-go@v1.41.0/lambda/errors.go\",\"line\":39}]").unwrap();
    assert_eq!(
        (c.class, c.signal),
        (FailureClass::UnhandledException, "go_runtime_error")
    );
    // A prose mention of Go's error prefix without one of its messages is not one.
    assert_eq!(class_of("checked for runtime error: none found"), None);
    // At a quiet level it stays quiet.
    assert_eq!(
        class_of("time=\"2024-01-01T00:00:00Z\" level=info msg=\"recovered runtime error: integer divide by zero in test fixture\""),
        None
    );
}

#[test]
fn a_stack_trace_joined_onto_one_line_is_still_a_stack() {
    // V8 and JVM frames after the message on the same line (the line breaks were lost).
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z c0ffee00-0000-4000-8000-000000000000 TypeError: Cannot read properties of undefined (reading 'id') at Runtime.handler (/var/task/index.mjs:10:21)"),
        Some(FailureClass::UnhandledException)
    );
    assert_eq!(
        class_of("java.lang.IllegalStateException: closed\tat com.example.Handler.handleRequest(Handler.java:42)\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)"),
        Some(FailureClass::UnhandledException)
    );
    // A frame-like phrase without an exception head, or a head without a frame, is not a stack.
    assert_eq!(
        class_of("handler loaded at exports.handler (/var/task/index.js:1:1)"),
        None
    );
    assert_eq!(class_of("Error: none reported at startup"), None);
}

#[test]
fn mongodb_server_selection_failures_and_lambdas_kms_message() {
    // MongoDB's server-selection error (driver and Mongoose names) inside an uncaught rejection.
    assert_eq!(
        class_of("{\"errorType\":\"Runtime.UnhandledPromiseRejection\",\"errorMessage\":\"MongooseServerSelectionError: connect ETIMEDOUT 10.0.0.5:27017\"}"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tMongoServerSelectionError: Server selection timed out after 30000 ms"),
        Some(FailureClass::DependencyUnavailable)
    );
    // Lambda's KMSAccessDeniedException message, in either wording.
    for line in [
        "Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings.",
        "Lambda couldn't decrypt the environment variables because KMS access was denied. Check the Lambda function's KMS permissions.",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::PermissionDenied), "{line}");
    }
}

#[test]
fn lambda_runtime_and_invoke_error_types_from_the_published_lists() {
    let cases = [
        // awslambdaric `FaultException`, the Node client's Errors.ts, the emulator's fatalerror.
        ("{\"errorMessage\": \"Unable to marshal response: Object of type set is not JSON serializable\", \"errorType\": \"Runtime.MarshalError\", \"stackTrace\": []}", FailureClass::UnhandledException),
        ("{\"errorType\":\"Runtime.UnmarshalError\",\"errorMessage\":\"Unable to unmarshal input: Expecting value\"}", FailureClass::BadInput),
        ("{\"errorType\":\"Runtime.CallbackHandlerDeprecated\",\"errorMessage\":\"Callback-based function handlers are not supported\"}", FailureClass::InitError),
        ("INIT_REPORT Init Duration: 12.1 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidWorkingDir", FailureClass::InitError),
        ("RequestId: 8f5e1c2a-1111-4222-8333-944445555666 Error: Extension.ExitError", FailureClass::RuntimeExit),
        ("{\"errorType\":\"Function.ResponseSizeTooLarge\",\"errorMessage\":\"Response payload size exceeded maximum allowed payload size (6291556 bytes).\"}", FailureClass::UnhandledException),
        // Lambda API Reference, Invoke errors.
        ("EFSMountTimeoutException: The function couldn't mount the configured file system due to a timeout.", FailureClass::DependencyUnavailable),
        ("An error occurred (ENILimitReachedException) when calling the Invoke operation: Lambda was not able to create an ENI", FailureClass::Throttling),
        ("An error occurred (InvalidZipFileException) when calling the Invoke operation: Lambda could not unzip the deployment package.", FailureClass::InitError),
        ("An error occurred (InvalidRequestContentException) when calling the Invoke operation: Could not parse request body into json", FailureClass::BadInput),
    ];
    for (text, class) in cases {
        assert_eq!(class_of(text), Some(class), "{text}");
    }
}

#[test]
fn an_unknown_lambda_error_type_is_still_a_failed_invocation() {
    // The emulator accepts any `(Runtime|Function).Name`; one no vocabulary names is the
    // runtime reporting a failure, not nothing.
    let c = classified(
        "{\"errorType\":\"Runtime.SomethingNew\",\"errorMessage\":\"the runtime gave up\"}",
    )
    .unwrap();
    assert_eq!(c.class, FailureClass::UnhandledException);
    assert_eq!(c.signal, "lambda_error_object");
    // An exit type keeps the exit rule.
    assert_eq!(
        class_of("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 1 Error: Runtime exited with error: exit status 1\"}"),
        Some(FailureClass::RuntimeExit)
    );
}

#[test]
fn sdk_client_errors_from_botocore_and_the_other_sdks() {
    let cases = [
        // botocore exceptions.py `fmt` strings, strong enough without a level.
        ("Error in Function: Connect timeout on endpoint URL: \"https://sqs.us-east-1.amazonaws.com/\"", FailureClass::DependencyUnavailable),
        ("Could not connect to the endpoint URL: \"https://dynamodb.eu-west-1.amazonaws.com/\"", FailureClass::DependencyUnavailable),
        ("[ERROR] ProxyConnectionError: Failed to connect to proxy URL: \"http://10.0.0.1:3128\"", FailureClass::DependencyUnavailable),
        // Credential and clock-skew errors.
        ("[ERROR] botocore.exceptions.PartialCredentialsError: Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY", FailureClass::PermissionDenied),
        ("An error occurred (RequestTimeTooSkewed) when calling the PutObject operation: The difference between the request time and the current time is too large.", FailureClass::PermissionDenied),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tCredentialsError: Missing credentials in config", FailureClass::PermissionDenied),
        // Wrappers without a code need a failure report: an ERROR line, a Java exception head.
        ("com.amazonaws.SdkClientException: Unable to execute HTTP request: Connect to s3.amazonaws.com:443 failed", FailureClass::DependencyUnavailable),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tTypeError: fetch failed\n    at node:internal/deps/undici/undici:12345:11", FailureClass::DependencyUnavailable),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tNetworkingError: socket closed", FailureClass::DependencyUnavailable),
        ("{\"errorType\":\"Error\",\"errorMessage\":\"x\",\"code\":\"UND_ERR_CONNECT_TIMEOUT\"}", FailureClass::DependencyUnavailable),
        ("[ERROR] KMSThrottlingException: The request was denied due to request throttling for KMS", FailureClass::Throttling),
    ];
    for (text, class) in cases {
        assert_eq!(class_of(text), Some(class), "{text}");
    }
    // The same weak wrappers in prose raise nothing.
    assert_eq!(
        class_of("retrying when fetch failed is seen, up to 3 times"),
        None
    );
    assert_eq!(
        class_of("context deadline exceeded means the caller gave up"),
        None
    );
}

#[test]
fn linkage_errors_are_init_errors_and_ruby_errno_classes_are_errnos() {
    assert_eq!(class_of("Exception in thread \"main\" java.lang.ExceptionInInitializerError\n\tat example.Handler.<clinit>(Handler.java:12)"), Some(FailureClass::InitError));
    // .NET runs a static constructor on the type's first use: an invocation's exception,
    // unless the runtime's loader frames show it loading the handler.
    let type_init = "{\"errorType\":\"System.TypeInitializationException\",\"errorMessage\":\"The type initializer for 'Npgsql.TypeHandlerRegistry' threw an exception.\",\"stackTrace\":[\"at Orders.Function.Handle(Order order)\"]}";
    assert_eq!(class_of(type_init), Some(FailureClass::UnhandledException));
    let loading = type_init.replace("at Orders.Function.Handle(Order order)", "at Amazon.Lambda.RuntimeSupport.Bootstrap.UserCodeLoader.Init(Action`1 customerLoggingAction)");
    assert_eq!(class_of(&loading), Some(FailureClass::InitError));
    // Ruby's `Errno::ENAME` is the errno in the shape Ruby prints it: strong without a level.
    assert_eq!(
        class_of("Errno::ECONNREFUSED: Failed to open TCP connection to 10.0.0.1:5432 (Connection refused - connect(2))"),
        Some(FailureClass::DependencyUnavailable)
    );
    // EROFS is no permission error (POSIX names it apart; in Lambda it is a write outside
    // /tmp).
    assert_ne!(
        class_of("EROFS: read-only file system, open '/var/task/cache.json'"),
        Some(FailureClass::PermissionDenied)
    );
}

#[test]
fn a_failure_raised_while_the_runtime_loads_the_handler_is_an_init_error() {
    // Node: an exception thrown by the module's top level, under the runtime's `_loadUserApp`.
    let node = "2024-01-01T00:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'split')\",\"stack\":[\"TypeError: Cannot read properties of undefined (reading 'split')\",\"    at Object.<anonymous> (/var/task/index.js:3:30)\",\"    at Module._compile (node:internal/modules/cjs/loader:1256:14)\",\"    at _tryRequireFile (file:///var/runtime/index.mjs:1002:37)\",\"    at _loadUserApp (file:///var/runtime/index.mjs:1081:24)\"]}";
    let c = classified(node).unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert_eq!(c.signal, "runtime_loader_frame");
    // Python: a connection failure at import time, under CPython's import machinery.
    let python = "[ERROR] EndpointConnectionError: Could not connect to the endpoint URL: \"https://ssm.eu-west-1.amazonaws.com/\"\nTraceback (most recent call last):\n  File \"/var/lang/lib/python3.12/importlib/__init__.py\", line 90, in import_module\n  File \"<frozen importlib._bootstrap>\", line 1387, in _gcd_import\n  File \"/var/task/app.py\", line 5, in <module>";
    assert_eq!(class_of(python), Some(FailureClass::InitError));
    // A handler that imports a plugin itself shows its own frame before importlib's: the
    // failure is the invocation's, and keeps the class it has without the import frames.
    let plugin = "[ERROR] KeyError: 'TABLE'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    mod = importlib.import_module(f\"plugins.{kind}\")\n  File \"/var/lang/lib/python3.12/importlib/__init__.py\", line 90, in import_module\n  File \"<frozen importlib._bootstrap>\", line 1387, in _gcd_import\n  File \"/var/task/plugins/orders.py\", line 3, in <module>";
    let without_import_frames = "[ERROR] KeyError: 'TABLE'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    mod = importlib.import_module(f\"plugins.{kind}\")\n  File \"/var/task/plugins/orders.py\", line 3, in <module>";
    assert_ne!(class_of(plugin), Some(FailureClass::InitError));
    assert_eq!(class_of(plugin), class_of(without_import_frames));
    // The same exception during an invocation keeps its own class.
    let invoke = "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"x is not a function\",\"stack\":[\"TypeError: x is not a function\",\"    at Runtime.handler (/var/task/index.js:3:9)\"]}";
    assert_eq!(class_of(invoke), Some(FailureClass::UnhandledException));
    // A timeout is a platform outcome and is not re-read as an init failure.
    assert_eq!(
        class_of("Task timed out after 3.00 seconds\n    at _loadUserApp (file:///var/runtime/index.mjs:1081:24)"),
        Some(FailureClass::Timeout)
    );
}

#[test]
fn standard_permission_memory_and_web_errors() {
    assert_eq!(
        class_of("[ERROR] PermissionError: [Errno 13] Permission denied: '/var/task/out.csv'"),
        Some(FailureClass::PermissionDenied)
    );
    assert_eq!(class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tfail\tSystem.UnauthorizedAccessException: Access to the path '/var/task/x' is denied."), Some(FailureClass::PermissionDenied));
    assert_eq!(
        class_of("FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - process out of memory"),
        Some(FailureClass::OutOfMemory)
    );
    assert_eq!(class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tfail\tSystem.Net.WebException: The remote name could not be resolved: 'api.internal'"), Some(FailureClass::DependencyUnavailable));
    // The same names in prose raise nothing.
    assert_eq!(
        class_of("PermissionError handling covers the upload path"),
        None
    );
}

/// The classifier's bare DFA walk finds the same term occurrences, in the same order, as the
/// automaton's own overlapping iterator over the same terms.
#[test]
fn the_bare_dfa_walk_finds_what_the_overlapping_iterator_finds() {
    let matcher = &*MATCHER;
    let reference = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&matcher.texts)
        .expect("static patterns build");
    // Every term, in its own case, upper and lower case, glued and spaced, plus real lines.
    let mut texts: Vec<String> = vec![
        String::new(),
        "[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tKeyError: 'order_id'\rTraceback (most recent call last):\r  File \"/var/task/app.py\", line 12, in handler".to_string(),
        "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{\"errorType\":\"ThrottlingException\",\"errorMessage\":\"Rate exceeded\"}".to_string(),
        "2024-01-01T00:00:00.000Z c0ffee00-0000-4000-8000-000000000000 Task timed out after 6.00 seconds".to_string(),
        "payment 12 failed: connect ECONNREFUSED 10.0.1.2:5432 — ünïcödé ✓".to_string(),
    ];
    let all: String = matcher.texts.join(" ");
    texts.push(all.to_uppercase());
    texts.push(all.to_lowercase());
    texts.push(matcher.texts.concat());
    texts.push(all);
    let mut total = 0;
    for text in &texts {
        let plain: Vec<(usize, usize, usize)> = reference
            .find_overlapping_iter(text.as_str())
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        let mut walked = Vec::new();
        matcher.each_match(text, |index, (start, end)| walked.push((index, start, end)));
        assert_eq!(walked, plain, "on {text:?}");
        total += plain.len();
    }
    // The comparison covered every term at least once.
    assert!(total >= matcher.texts.len(), "{total} matches");
}

// The fourth round (docs/CLASSIFICATION.md, "Rounds 4 to 8"): each signal from a runtime's or a
// library's published format, with its near-misses in tests/healthy_lines.rs.

#[test]
fn rubys_init_phase_error_type_is_an_init_error() {
    let c = classified("Init error when loading handler\n{\n  \"errorMessage\": \"/opt/ruby/gems/x.rb:35: syntax error\",\n  \"errorType\": \"Init<SyntaxError>\",\n  \"stackTrace\": [\"/var/lang/lib/ruby/3.3.0/bundled_gems.rb:74:in `require'\"]\n}").unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert_eq!(c.signal, "lambda_error_type");
    // The same error escaping the handler is the invocation's: `Function<…>`.
    assert_eq!(
        class_of("{\"errorMessage\": \"undefined method `x' for nil\", \"errorType\": \"Function<NoMethodError>\", \"stackTrace\": [\"/var/task/function.rb:3:in `handler'\"]}"),
        Some(FailureClass::UnhandledException)
    );
    // A platform outcome inside `Init<…>` keeps its class (the shared set's Init<SignalException>).
    assert_eq!(
        class_of("{\"errorMessage\": \"SIGTERM\", \"errorType\": \"Init<SignalException>\"}"),
        Some(FailureClass::RuntimeExit)
    );
}

#[test]
fn the_dynamic_loaders_errors_are_init_errors_and_the_exit_follows_them() {
    let text = "/var/task/bootstrap: /lib64/libc.so.6: version `GLIBC_2.28' not found (required by /var/task/bootstrap)\nRequestId: fdf5ea56-f49b-438b-8ef2-eda43f66e1fc Error: Runtime exited with error: exit status 1\nRuntime.ExitError";
    assert_eq!(class_of(text), Some(FailureClass::InitError));
    assert_eq!(
        class_of("/var/task/bootstrap: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory"),
        Some(FailureClass::InitError)
    );
    // Another program the handler spawns is not the function's init.
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"Failed to launch the browser process!\\n/tmp/chromium: error while loading shared libraries: libnss3.so: cannot open shared object file\"}"),
        Some(FailureClass::UnhandledException)
    );
}

#[test]
fn rubys_uncaught_exception_report_is_read_by_its_frames() {
    let text = "/var/task/vendor/bundler/spec_set.rb:92:in `block in materialize': Could not find rake-10.5.0 in any of the sources (Bundler::GemNotFound)\n    from /var/task/vendor/bundler/spec_set.rb:85:in `map!'\n    from /var/task/vendor/bundler/runtime.rb:13:in `setup'";
    assert_eq!(class_of(text), Some(FailureClass::InitError));
    let text = "/var/task/app.rb:4:in 'handler': undefined method 'fetch' for nil (NoMethodError)\n\tfrom /var/task/app.rb:9:in '<main>'";
    assert_eq!(class_of(text), Some(FailureClass::UnhandledException));
}

#[test]
fn urllib3s_max_retries_and_nodes_tls_reset_are_dependency_failures() {
    let c = classified("error uploading: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/batch (Caused by NewConnectionError('Failed to establish a new connection'))").unwrap();
    assert_eq!(c.class, FailureClass::DependencyUnavailable);
    assert_eq!(c.signal, "sdk_transient_message");
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tError: Client network socket disconnected before secure TLS connection was established"),
        Some(FailureClass::DependencyUnavailable)
    );
}

#[test]
fn the_dotnet_runtimes_message_colon_type_report_is_uncaught() {
    let c = classified("One or more errors occurred. (Object reference not set to an instance of an object.): AggregateException\nat System.Threading.Tasks.Task.ThrowIfExceptional(Boolean includeTaskCanceledExceptions)").unwrap();
    assert_eq!(c.class, FailureClass::UnhandledException);
    // Joined onto one line (a console that lost the line breaks), the report shape decides.
    let c = classified("Unable to load type 'F' from assembly 'A'.: LambdaException at System.RuntimeTypeHandle.CreateInstance(RuntimeType type)").unwrap();
    assert_eq!(c.signal, "runtime_loader_message");
    let c = classified("Object reference not set to an instance of an object.: NullReferenceException at Orders.Function.Handler(Stream input)").unwrap();
    assert_eq!(c.class, FailureClass::UnhandledException);
    assert_eq!(c.signal, "uncaught");
    // Without its frames the `message: TypeException` ending is prose.
    for line in [
        "One or more errors occurred. (Object reference not set to an instance of an object.): AggregateException",
        "Handled and ignored: ConditionalCheckFailedException",
        "Cache miss handled: KeyNotFoundException at startup is expected",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    assert_eq!(
        class_of("Object reference not set to an instance of an object.: NullReferenceException\n   at Function.Handler(Stream input) in /src/Function.cs:line 12"),
        Some(FailureClass::UnhandledException)
    );
    // The type must end the line: an exception named mid-sentence is prose.
    assert_eq!(
        class_of("mapped to: TimeoutException handling in the retry policy"),
        None
    );
}

#[test]
fn a_telemetry_record_is_classified_by_the_line_it_carries() {
    assert_eq!(
        class_of("{\"time\": \"2023-06-11T17:03:14.843Z\", \"type\": \"function\", \"record\": \"2023-06-11T17:03:14.843Z\\tc4b5d1e2-0000-4000-8000-000000000001\\tERROR\\tInvoke Error \\t{\\\"errorType\\\":\\\"TypeError\\\",\\\"errorMessage\\\":\\\"x is undefined\\\"}\"}"),
        Some(FailureClass::UnhandledException)
    );
    // The line's own INFO level rules out the strong code it mentions.
    assert_eq!(
        class_of("{\"time\": \"2023-06-11T17:03:14.843Z\", \"type\": \"function\", \"record\": \"2023-06-11T17:03:14.843Z\\tc4b5d1e2-0000-4000-8000-000000000001\\tINFO\\tretry succeeded after ThrottlingException\"}"),
        None
    );
}

#[test]
fn logger_formats_with_the_level_after_a_name_or_a_bracketed_time() {
    for line in [
        "2024-01-01 12:00:00,123 - orders - ERROR - Failed to process order 42",
        "[2024-01-01 12:00:00,123] ERROR in app: request handling broke",
        "[12:00:00.000] ERROR (123): order sync broke",
        "2022-06-22 09:57:55 UTC | DD_EXTENSION | ERROR | No API key configured, exiting",
        "fail: Orders.Worker[0]\n      Order sync broke",
        "2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tINFO\tERROR OrdersController - payment sync failed",
        "2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tINFO\t[ERROR] payment sync failed",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::Error), "{line}");
    }
    for line in [
        "2024-01-01 12:00:00,123 - orders - INFO - Failed jobs: 0",
        "[2024-01-01 12:00:00,123] WARNING in app: retrying after ECONNRESET",
        "2022-06-22 09:57:55 UTC | DD_EXTENSION | DEBUG | Unable to restore the state from file",
        "info: Orders.Worker[0]\n      Retried after ThrottlingException, succeeded",
        "fail: 0 pass: 12",
        "crit: 0 issues found",
        "2024-01-01 12:00:00,123 - root - INFO - ALERT ingestion pipeline ok",
        "checkout | INFO | ERROR count 0",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
}

#[test]
fn an_extension_that_fails_at_init_is_an_init_error() {
    let c = classified(
        "EXTENSION\tName: bad-ext\tState: LaunchError\tEvents: []\tError Type: UnknownError",
    )
    .unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert!(c.from_platform);
    assert_eq!(
        class_of("EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE,SHUTDOWN]"),
        None
    );
    assert_eq!(
        class_of("EXTENSION\tName: x\tState: Registered\tEvents: [INVOKE]"),
        None
    );
}

#[test]
fn database_servers_auth_failures_and_rust_clients_wrappers() {
    assert_eq!(
        class_of("[ERROR] OperationalError: connection to server at \"db.internal\" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user \"app\""),
        Some(FailureClass::PermissionDenied)
    );
    assert_eq!(
        class_of("[ERROR] OperationalError: connection to server at \"db.internal\" (10.0.0.5), port 5432 failed: timeout expired"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z ERROR my_fn: error sending request for url (https://api.example.com/v1)"),
        Some(FailureClass::DependencyUnavailable)
    );
    // Weak: the same words without a failure report raise nothing.
    assert_eq!(
        class_of("retrying: error sending request for url is counted per host"),
        None
    );
}

#[test]
fn database_servers_that_are_full_or_stopping_are_unavailable_dependencies() {
    // PostgreSQL 53300 in node-postgres's error object, MySQL's ER_CON_COUNT_ERROR in
    // mysql2's, a 57P03 refusal in a Python traceback, and Mongoose's buffering timeout.
    assert_eq!(
        class_of("ERROR\tInvoke Error \t{\"errorType\":\"error\",\"errorMessage\":\"sorry, too many clients already\",\"code\":\"53300\",\"severity\":\"FATAL\",\"stack\":[\"error: sorry, too many clients already\",\"    at /var/task/node_modules/pg-pool/index.js:45:11\"]}"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("ERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"Too many connections\",\"code\":\"ER_CON_COUNT_ERROR\",\"errno\":1040,\"stack\":[\"Error: Too many connections\",\"    at PromisePool.query (/var/task/node_modules/mysql2/promise.js:341:22)\"]}"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("[ERROR] OperationalError: FATAL:  the database system is starting up\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    conn = psycopg2.connect(DSN)"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("2024-05-01T10:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tMongooseError: Operation `orders.find()` buffering timed out after 10000ms\n    at Timeout.<anonymous> (/var/task/node_modules/mongoose/lib/drivers/node-mongodb-native/collection.js:185:23)"),
        Some(FailureClass::DependencyUnavailable)
    );
    // The messages are prose words: without a failure report they raise nothing.
    assert_eq!(
        class_of("the database system is starting up; waiting 2 s"),
        None
    );
    assert_eq!(
        class_of("INFO pool: remaining connection slots are reserved for admins (3 of 100)"),
        None
    );
}

#[test]
fn the_dotnet_serializers_exception_is_bad_input_only_for_the_event() {
    // Amazon.Lambda.Serialization throws JsonSerializerException for the event and for the
    // response alike; only the event's message says the input was wrong.
    assert_eq!(
        class_of("Amazon.Lambda.Serialization.SystemTextJson.JsonSerializerException: Error converting the Lambda event JSON payload to type Amazon.Lambda.SQSEvents.SQSEvent: The JSON value could not be converted to System.Int32.\n   at Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer.Deserialize[T](Stream requestStream)"),
        Some(FailureClass::BadInput)
    );
    let response = classified("fail\tAmazon.Lambda.Serialization.SystemTextJson.JsonSerializerException: Error converting the response object of type System.Object from the Lambda function to JSON: Object reference not set to an instance of an object.\n---> System.NullReferenceException: Object reference not set to an instance of an object.\n   at System.Object.GetType()").unwrap();
    assert_eq!(response.class, FailureClass::UnhandledException);
    // The response message decides even over a wrapped System.Text.Json exception, whose name
    // alone is an input error.
    let cycle = classified("fail\tAmazon.Lambda.Serialization.SystemTextJson.JsonSerializerException: Error converting the response object of type Orders.Response from the Lambda function to JSON: A possible object cycle was detected.\n ---> System.Text.Json.JsonException: A possible object cycle was detected.\n   at System.Text.Json.ThrowHelper.ThrowJsonException_SerializerCycleDetected(Int32 maxDepth)").unwrap();
    assert_eq!(cycle.class, FailureClass::UnhandledException);
    assert_eq!(cycle.signal, "runtime_response_error");
    // Where one record quotes both (a response error after the event's), the event's decides:
    // the handler never ran on it.
    let both = classified("fail\tError converting the response object of type X from the Lambda function to JSON\nfail\tError converting the Lambda event JSON payload to type Y: bad").unwrap();
    assert_eq!(
        (both.class, both.signal),
        (FailureClass::BadInput, "runtime_input_error")
    );
}

#[test]
fn round_10_vocabularies_from_published_lists() {
    // ODBC's SQLSTATE class 08 and the HYT00 login timeout, in pyodbc's shape.
    assert_eq!(
        class_of("{\"errorMessage\": \"('08001', '[08001] [Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: Error code 0x2749 (10057) (SQLDriverConnect)')\", \"errorType\": \"OperationalError\"}"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("[ERROR] OperationalError: ('HYT00', '[HYT00] [Microsoft][ODBC Driver 17 for SQL Server]Login timeout expired (0) (SQLDriverConnect)')"),
        Some(FailureClass::DependencyUnavailable)
    );
    // Prisma's P1001, with no level around it.
    assert_eq!(
        class_of("Invalid `prisma.user.findMany()` invocation:\n\n  Can't reach database server at `db.internal`:`5432`"),
        Some(FailureClass::DependencyUnavailable)
    );
    // A bracketed number that is no ODBC state, and a sign-in timeout, stay generic errors.
    assert_eq!(
        class_of("2024-07-18T12:46:58.968Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tERROR\tFailed to process item [08004]: missing price"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("2024-07-18T12:46:58.968Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tERROR\tLogin timeout expired for user session abc, please sign in again"),
        Some(FailureClass::Error)
    );
    // urllib's URLError.
    assert_eq!(
        class_of("[ERROR] URLError: <urlopen error [Errno 111] Connection refused>\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 5, in handler\n    urlopen(URL)"),
        Some(FailureClass::DependencyUnavailable)
    );
    // serde_json's end-of-input error in its Debug form, under the Rust runtime's ERROR line.
    assert_eq!(
        class_of("ERROR Lambda runtime invoke{requestId=\"b59bac63-6570-4f70-97d1-4563c0db7935\"}: Error(\"EOF while parsing a value\", line: 1, column: 0)"),
        Some(FailureClass::BadInput)
    );
    // Node's ERR_DLOPEN_FAILED: a native addon that cannot load.
    assert_eq!(
        class_of("{\"errorType\":\"Error\",\"errorMessage\":\"ERR_DLOPEN_FAILED: libvips-cpp.so.42: cannot open shared object file: No such file or directory\",\"stack\":[\"Error: Could not load the native module\"]}"),
        Some(FailureClass::InitError)
    );
    // ECS's `log.level`.
    assert_eq!(
        class_of("{\"@timestamp\":\"2022-04-06T20:49:39.727Z\",\"log.level\":\"fatal\",\"message\":\"please set the API key, exiting\"}"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("{\"@timestamp\":\"2022-04-06T20:49:39.727Z\",\"log.level\":\"info\",\"message\":\"flushed 0 errors\"}"),
        None
    );
}

#[test]
fn mysql_driver_codes_need_a_failure_report() {
    // The symbols in a runbook, a retry list or a counter are not failures.
    assert_eq!(
        class_of("retryable MySQL codes: ER_CON_COUNT_ERROR, ER_TOO_MANY_USER_CONNECTIONS, PROTOCOL_CONNECTION_LOST"),
        None
    );
    assert_eq!(
        class_of("reconnected after PROTOCOL_CONNECTION_LOST, query succeeded on attempt 2"),
        None
    );
    // The server's message without the symbol, as pymysql and go-sql-driver print it.
    assert_eq!(
        class_of("[ERROR] OperationalError: (1040, 'Too many connections')\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 7, in handler\n    conn = pymysql.connect(host=HOST)"),
        Some(FailureClass::DependencyUnavailable)
    );
}

#[test]
fn the_go_runtime_failing_to_start_the_handler_binary_is_an_init_error() {
    assert_eq!(
        class_of("{\"errorMessage\":\"fork/exec /var/task/main: no such file or directory\",\"errorType\":\"PathError\"}"),
        Some(FailureClass::InitError)
    );
    assert_eq!(
        class_of("docs: fork/exec /var/task/main fails when the binary is missing"),
        None
    );
    // The go1.x runtime's own level-less report: Go's PathError message (`op path: errno
    // string`) then the type.
    for line in [
        "fork/exec /var/task/main: no such file or directory: PathError",
        "fork/exec /var/task/handler: exec format error",
        "fork/exec /var/task/bin/app: permission denied: PathError",
        // execve(2)'s EINVAL, and the runtime interface emulator's record of the same failure
        // with its `(rapid)` prefix and header cut off.
        "Init failed error=fork/exec /var/task/bootstrap: invalid argument InvokeID=",
        "(rapid) Init failed error=fork/exec /var/task/bootstrap: no such file or directory InvokeID=",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::InitError), "{line}");
    }
    // Not the runtime's own line: a path with no errno string after it, another op, prose that
    // quotes the shape, text after the errno string, a program the handler runs.
    for line in [
        "fork/exec /var/task/main: started in 3 ms",
        "open /var/task/config.yaml: no such file or directory, using defaults",
        "docs: the error 'fork/exec /var/task/main: no such file or directory' means the handler name is wrong",
        "FAQ: fork/exec /var/task/main: no such file or directory — check GOOS=linux",
        "fork/exec /var/task/main: no such file or directory (handled, retried OK)",
        "fork/exec /var/task/main: no such file or directoryX",
        "2024/01/02 03:04:05 convert failed: fork/exec /var/task/bin/ffmpeg: no such file or directory",
        "We saw \"Init failed error=fork/exec /var/task/bootstrap: invalid argument InvokeID=\" yesterday",
        "Init failed error=fork/exec /var/task/bootstrap: invalid argument (fixed by rebuilding for arm64)",
        // execve(2)'s other errnos only in the emulator's record: a bundled tool the handler ran.
        "fork/exec /var/task/bin/ffmpeg: invalid argument",
        "fork/exec /var/task/main: operation not permitted",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
}

// Round 5 (docs/CLASSIFICATION.md, "Rounds 4 to 8"): fresh4's and fresh5's mistakes, read after they
// were scored once, fixed only by published formats.

#[test]
fn the_dotnet_runtimes_handler_constructor_failure_is_an_init_error() {
    let c = classified("{\n  \"errorType\": \"LambdaException\",\n  \"errorMessage\": \"An exception was thrown when the constructor for type 'Orders.Function' was invoked. Check inner exception for more details.\",\n  \"cause\": {\"errorType\": \"TargetInvocationException\", \"errorMessage\": \"Exception has been thrown by the target of an invocation.\"}\n}").unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert_eq!(c.signal, "runtime_loader_message");
}

#[test]
fn rusts_io_error_kind_in_its_debug_shape_is_a_dependency_failure() {
    let c = classified("hyper::Error(Io, Os { code: 104, kind: ConnectionReset, message: \"Connection reset by peer\" })").unwrap();
    assert_eq!(c.class, FailureClass::DependencyUnavailable);
    assert_eq!(c.signal, "rust_io_error_kind");
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z ERROR my_fn: request failed: Kind(TimedOut)"),
        Some(FailureClass::DependencyUnavailable)
    );
    // The bare variant name in prose is not the shape, nor `kind: X` outside io::Error's Debug.
    for line in [
        "we map ConnectionReset to a retry",
        "kind: TimedOut",
        "retry policy: retry on kind: TimedOut and kind: ConnectionReset",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
}

#[test]
fn nodes_module_loader_frame_marks_an_init_failure_only_below_the_handler() {
    let init = "{\"errorMessage\": \"Cannot create property 'x' on string 'y'\", \"errorType\": \"TypeError\", \"stackTrace\": [\"Object.<anonymous> (/var/task/index.js:22:14)\", \"Module._compile (module.js:652:30)\", \"Module.load (module.js:565:32)\", \"require (internal/module.js:11:18)\"]}";
    let c = classified(init).unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert_eq!(c.signal, "runtime_loader_frame");
    // A nested require at init: the handler module's own top-level frame runs below the
    // first loader frame, and every other frame is the module system's.
    let nested = "2019-11-20T10:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"Error\",\"errorMessage\":\"no DB_URL\",\"stack\":[\"Error: no DB_URL\",\"    at Object.<anonymous> (/var/task/lib/db.js:3:7)\",\"    at Module._compile (internal/modules/cjs/loader.js:778:30)\",\"    at Object.<anonymous> (/var/task/index.js:1:12)\",\"    at Module._compile (internal/modules/cjs/loader.js:778:30)\",\"    at Module.load (internal/modules/cjs/loader.js:653:32)\",\"    at require (internal/modules/cjs/helpers.js:25:18)\",\"    at _tryRequire (/var/runtime/UserFunction.js:75:12)\"]}";
    assert_eq!(class_of(nested), Some(FailureClass::InitError));
    // A layer's plugin loader requiring a module during an invocation is not init (here the
    // `Invoke Error` label decides; the next case has no label, and its frames decide).
    let plugin = "2019-11-20T10:00:00.000Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"bad plugin\",\"stack\":[\"Error: bad plugin\",\"    at Object.<anonymous> (/var/task/plugins/a.js:1:7)\",\"    at Module._compile (node:internal/modules/cjs/loader:1105:14)\",\"    at require (node:internal/modules/cjs/helpers:102:18)\",\"    at loadPlugin (/opt/nodejs/node_modules/loader/index.js:9:3)\"]}";
    assert_eq!(class_of(plugin), Some(FailureClass::UnhandledException));
    // A handler that requires a module itself: its own frame runs below the loader's.
    let invoke = "{\"errorMessage\": \"boom\", \"errorType\": \"TypeError\", \"stackTrace\": [\"Object.<anonymous> (/var/task/lib.js:1:7)\", \"Module._compile (node:internal/modules/cjs/loader:1105:14)\", \"require (node:internal/modules/cjs/helpers:102:18)\", \"Runtime.handler (/var/task/index.js:5:3)\"]}";
    assert_eq!(class_of(invoke), Some(FailureClass::UnhandledException));
}

#[test]
fn pythons_logging_error_report_is_a_handled_error() {
    let text = "--- Logging error ---\nTraceback (most recent call last):\n  File \"/var/lang/lib/python3.12/logging/__init__.py\", line 1160, in emit\n    msg = self.format(record)\nTypeError: not all arguments converted during string formatting";
    assert_eq!(class_of(text), Some(FailureClass::Error));
}

#[test]
fn a_module_loader_frame_outside_lambda_is_no_init_failure() {
    // A program run locally (ts-node): no deployment-package frame above the loader's.
    let text = "{\"level\": \"ERROR\", \"message\": \"first error\", \"error\": {\"name\": \"Error\", \"stack\": \"Error: Unexpected error #1    at lambdaHandler (/home/me/src/handler.ts:18:11)    at Object.<anonymous> (/home/me/src/handler.ts:35:1)    at Module._compile (node:internal/modules/cjs/loader:1108:14)\"}}";
    assert_eq!(class_of(text), Some(FailureClass::Error));
}

#[test]
fn a_rust_main_that_returned_an_error_is_a_failure_report() {
    let c = classified("2020-08-05T21:34:40.259+12:00 Error: Error(\"data did not match any variant of untagged enum LambdaRequest\", line: 0, column: 0)").unwrap();
    assert_eq!(c.class, FailureClass::BadInput);
    let c = classified("Error: Custom { kind: Other, error: \"handler panicked\" }").unwrap();
    assert_eq!(c.class, FailureClass::Error);
    assert_eq!(c.signal, "rust_main_error");
    // Prose after `Error: ` is not a Debug value, nor are Python reprs and `Ok`/`Some`/`None`.
    for line in [
        "Error: None of the records needed a retry",
        "Error: Counter()",
        "Error: Ok(())",
        "Error: Decimal('0')",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
}

// Round 6 (docs/CLASSIFICATION.md, "Rounds 4 to 8"): fresh6's and fresh7's mistakes, read after both
// were scored once, fixed by published formats and vocabularies.

#[test]
fn logback_and_log4j2_layouts_with_a_thread_column() {
    for line in [
        "21:26:56.406 [main] ERROR org.springframework.boot.SpringApplication - boom",
        "[main] ERROR org.springframework.boot.SpringApplication - boom",
        "2018-04-23 14:04:19,926 main ERROR Unable to locate appender \"Lambda\" for logger config \"root\"",
        // A pool thread whose name spells its owner's package, longer than most.
        "2023-05-11 20:01:08,608 org-example-logging-appender-cloudwatch-writer-1 ERROR failed to send batch",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::Error), "{line}");
    }
    // A word between a time and an upper-case level word is prose unless it is a thread in
    // one of the layouts.
    for line in [
        "2024/03/01 10:00:00 Threshold ERROR and above are forwarded to Slack",
        "2024-03-01 10:00:00,123 Threshold ERROR and above are forwarded",
        "2024-01-01 12:00:00 Found ERROR rows none",
        "2024-03-01 10:00:00 0 ERROR 12 WARN 3 INFO",
        "2023-05-11 20:01:08,608 org-example-logging-appender-cloudwatch-writer-1 INFO sent 12 events, ERROR count 0",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    // The Node runtime's `undefined` request id is a header field, not a thread.
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\tundefined\tERROR\tINFO OrdersController - ok"),
        None
    );
    assert_eq!(
        class_of("10:12:20.508 [main] INFO i.m.context.env.DefaultEnvironment - Established active environments"),
        None
    );
    // Spring Boot's startup failure at ERROR is the function failing to initialise.
    assert_eq!(
        class_of("21:26:56.406 [main] ERROR org.springframework.boot.SpringApplication - Application run failed\njava.lang.IllegalStateException: no bean\n\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:301)"),
        Some(FailureClass::InitError)
    );
}

#[test]
fn powershell_stream_prefixes_are_levels() {
    assert_eq!(
        class_of("[Error] - Value cannot be null. (Parameter 'path1')"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("[Warning] - Retrying after ThrottlingException"),
        None
    );
    assert_eq!(
        class_of("[Information] - AWS_LAMBDA_FUNCTION_VERSION=$LATEST"),
        None
    );
}

#[test]
fn legacy_node_init_message_graalvm_segfault_and_container_init() {
    assert_eq!(
        class_of("module initialization error: Error\nat Module.load (module.js:487:32)\nat require (internal/module.js:20:19)"),
        Some(FailureClass::InitError)
    );
    assert_eq!(
        class_of("[ [ SubstrateSegfaultHandler caught signal 11 ] ]"),
        Some(FailureClass::RuntimeExit)
    );
    assert_eq!(
        class_of("SubstrateSegfaultHandler caught nothing during self-test"),
        None
    );
    // The runtime's own message heads the event; an application's phrase is not it.
    assert_eq!(
        class_of("{\"errorMessage\":\"module initialization error\"}"),
        Some(FailureClass::InitError)
    );
    assert_eq!(
        class_of(
            "Email module initialization error: SMTP not configured, continuing without email"
        ),
        None
    );
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tEmail module initialization error: Error: SMTP_HOST missing"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("com.amazonaws.serverless.exceptions.ContainerInitializationException: Could not initialize framework within the 20000ms timeout\n\tat com.amazonaws.serverless.proxy.internal.LambdaContainerHandler.proxy(LambdaContainerHandler.java:210)"),
        Some(FailureClass::InitError)
    );
}

// Round 7 (docs/CLASSIFICATION.md, "Rounds 4 to 8"): fresh8's and fresh9's mistakes, read after
// both were scored once.

#[test]
fn the_runtimes_messages_for_an_event_of_the_wrong_shape_are_bad_input() {
    let c = classified("Error converting the Lambda event JSON payload to type Orders.Request: The JSON value could not be converted to System.Int32.").unwrap();
    assert_eq!(c.class, FailureClass::BadInput);
    assert_eq!(c.signal, "runtime_input_error");
    assert_eq!(
        class_of("Error: lambda_runtime::deserializer::DeserializeError\n\n  × failed to deserialize the incoming data into the function's payload type: invalid type: map, expected unit at line 1 column 0"),
        Some(FailureClass::BadInput)
    );
}

#[test]
fn a_runtime_that_failed_to_start_is_an_init_error_before_its_exit() {
    assert_eq!(
        class_of("RequestId: 22649496-f719-11e8-b4b6-c796ae152b7e Error: Runtime failed to start: fork/exec /var/task/bootstrap: exec format error\nRuntime.ExitError"),
        Some(FailureClass::InitError)
    );
}

#[test]
fn s3s_slow_down_reason_phrase_is_throttling_not_a_dependency_failure() {
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\t{\"message\":\"Request to S3 failed.\",\"response\":{\"status\":503,\"statusCode\":503,\"statusMessage\":\"Slow Down\"}}"),
        Some(FailureClass::Throttling)
    );
}

#[test]
fn log4j_1s_internal_logger_prefix_is_a_level() {
    assert_eq!(
        class_of("log4j:ERROR Could not find value for key log4j.appender.CONSOLE"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("log4j:WARN No appenders could be found for logger (org.apache.http.impl.conn)."),
        None
    );
}

#[test]
fn round_7_signals_hold_only_in_their_published_shapes() {
    // The runtime's input message decides: values of the event it quotes are payload.
    assert_eq!(
        class_of("Error converting the Lambda event JSON payload to type MyFn.CloudTrailEvent: Error converting value \"AccessDenied\" to type 'MyFn.ErrorCode'. Path 'detail.errorCode'"),
        Some(FailureClass::BadInput)
    );
    assert_eq!(
        class_of("failed to deserialize the incoming data into the function payload's type: unknown variant `ThrottlingException`"),
        Some(FailureClass::BadInput)
    );
    assert_eq!(
        class_of("Error converting the Lambda event JSON payload to a string. JSON strings must be quoted"),
        Some(FailureClass::BadInput)
    );
    assert_eq!(
        class_of("error converting the lambda event json payload to type orders.request"),
        None
    );
    // `Runtime failed to start` is Lambda's only with its `Error: ` and colon.
    for line in [
        "Checklist: if you see \"runtime failed to start: fork/exec\" check the bootstrap permissions",
        "Hermes worker runtime failed to start: [Errno 2] No such file or directory: 'deno'",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tWASM runtime failed to start: invalid module header"),
        Some(FailureClass::Error)
    );
    // `Slow Down` is throttling only beside a 503.
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\tSpotify lookup failed for track 'Slow Down' by Selena Gomez: 404 Not Found"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("[ERROR] upload failed: HTTP/1.1 503 Slow Down"),
        Some(FailureClass::Throttling)
    );
}

// Round 8 (docs/CLASSIFICATION.md, "Rounds 4 to 8"): fresh10's and fresh11's mistakes, read
// after both were scored once.

#[test]
fn a_custom_runtimes_bootstrap_script_failing_is_an_init_error() {
    let text = "/opt/bootstrap: line 3: ./node-v8.10.0-linux-x64/bin/node: No such file or directory\nRequestId: 5efac149-762e-4720-9356-7a38be0ff0c1 Error: Runtime exited with error: exit status 127\nRuntime.ExitError";
    assert_eq!(class_of(text), Some(FailureClass::InitError));
}

#[test]
fn powershells_module_not_found_and_swifts_top_level_error() {
    assert_eq!(
        class_of("[Error] - The specified module 'AWSPowerShell.NetCore' was not loaded because no valid module file was found in any module directory."),
        Some(FailureClass::InitError)
    );
    assert_eq!(
        class_of("Fatal error: Error raised at top level: AWSLambdaSwift.RuntimeError.endpointError(\"The operation could not be completed\"): file ErrorType.swift, line 200"),
        Some(FailureClass::UnhandledException)
    );
    // The PowerShell message is weak: in prose it raises nothing.
    assert_eq!(
        class_of("note: a module was not loaded because no valid module file was found in any module directory, as expected offline"),
        None
    );
}

// The final review's findings (docs/CLASSIFICATION.md, "Rounds 4 to 8").

#[test]
fn thousands_of_lambda_warning_lines_in_one_event_do_not_recurse() {
    // 20,000 warning lines (about 340 KB) and then the error, on a test thread's 2 MB stack.
    let mut text = "LAMBDA_WARNING: Unhandled exception.\n".repeat(20_000);
    text.push_str("Traceback (most recent call last):\n  File \"/var/task/app.py\", line 4, in handler\nKeyError: 'a'");
    assert_eq!(class_of(&text), Some(FailureClass::BadInput));
}

#[test]
fn the_legacy_init_message_at_a_quiet_level_raises_nothing() {
    for line in [
        "2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tINFO\tmodule initialization error: cache module retried and loaded",
        "[DEBUG]\t2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tmodule initialization error",
    ] {
        assert_eq!(class_of(line), None, "{line}");
    }
}

#[test]
fn slow_down_counts_only_right_after_the_503() {
    assert_eq!(
        class_of("[ERROR] upstream returned 503 Service Unavailable while playing 'Slow Down'"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tERROR\t{\"response\":{\"statusCode\":503,\"statusMessage\":\"Slow Down\"}}"),
        Some(FailureClass::Throttling)
    );
}

#[test]
fn an_extension_line_needs_its_name_field() {
    assert_eq!(
        class_of("EXTENSION State: LaunchError is what the docs call a failed launch"),
        None
    );
}

/// Round 11: a frame names where it ran. The runtimes' frames, each as printed after `at `.
#[test]
fn frames_name_where_they_ran_and_prose_does_not() {
    let frames = [
        "Runtime.handler (/var/task/index.js:3:9)",
        "/var/task/index.js:197:40",
        "process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
        "Array.forEach (<anonymous>)",
        "com.example.Handler.handleRequest(Handler.java:42)",
        "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
        "java.base/java.lang.Thread.run(Unknown Source)",
        "System.Threading.Tasks.Task.ThrowIfExceptional(Boolean includeTaskCanceledExceptions)",
        "Orders.Function.<Handle>d__5.MoveNext() in /src/Orders/Function.cs:line 33",
        "lambda_method(Closure , ServiceProvider )",
        "Socket.emit (node:events:517:28)",
        "async Promise.all (index 0)",
        "com.example.Handler.handleRequest(Handler.java:42) ~[task/:?]",
        "jdk.internal.reflect.DirectMethodHandleAccessor.invoke(Unknown Source) ~[?:?]",
        "Program.handler@12.Invoke(String x) in /src/Program.fs:line 12",
        "Program.f@5-1.Invoke(Unit unitVar0)",
        "Npgsql.Internal.NpgsqlConnector.Connect(NpgsqlTimeout) + 0x1c",
    ];
    for frame in frames {
        assert!(super::is_at_frame(frame), "{frame}");
    }
    let prose = [
        "the usual place",
        "noon (12:30)",
        "10:30 (all 12 files)",
        "least once a day",
        "example.com (see docs)",
        "async file:///tmp/runtime.js:77:19h/26_fetch.js:844:19)",
        "HQ(Berlin)",
        "Login(user)",
        "v1.2(beta)",
        "e.g.(see below)",
    ];
    for text in prose {
        assert!(!super::is_at_frame(text), "{text}");
    }
}

#[test]
fn java_class_names_are_packages_then_an_exception_class() {
    for name in [
        "java.lang.NullPointerException",
        "com.example.Outer$InnerError",
        "software.amazon.awssdk.core.exception.SdkClientException",
    ] {
        assert!(super::is_java_class_name(name), "{name}");
    }
    for name in [
        "reports.prod",
        "NullPointerException",
        "java.lang.nullPointerException",
        "Com.Example.FooException",
        "java..FooException",
    ] {
        assert!(!super::is_java_class_name(name), "{name}");
    }
}

#[test]
fn a_traceback_source_line_is_code_not_a_message() {
    // The code under a frame header names values the program compares against; the exception
    // line (no deeper than its header) is the message.
    let compared = "[ERROR] TypeError: 'NoneType' object is not subscriptable\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    if err.response['Error']['Code'] == 'ThrottlingException':";
    assert_eq!(class_of(compared), Some(FailureClass::UnhandledException));
    let escaped = "{\"errorMessage\": \"'NoneType' object is not subscriptable\", \"errorType\": \"TypeError\", \"stackTrace\": [\"  File \\\"/var/task/app.py\\\", line 9, in handler\\n    if code == 'AccessDenied':\\n\"]}";
    assert_eq!(class_of(escaped), Some(FailureClass::UnhandledException));
    let raised = "Traceback (most recent call last):\n  File \"/var/task/app.py\", line 3, in handler\n    client.get_secret_value(SecretId=name)\nbotocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the GetSecretValue operation";
    assert_eq!(class_of(raised), Some(FailureClass::PermissionDenied));
    // A frame with no source (frozen modules) is followed by the exception itself.
    let frozen = "Traceback (most recent call last):\n  File \"<frozen importlib._bootstrap>\", line 1204, in _gcd_import\nModuleNotFoundError: No module named 'requests'";
    assert_ne!(class_of(frozen), Some(FailureClass::UnhandledException));
}

#[test]
fn an_http_status_in_a_quoted_response_body_counts() {
    let quoted = "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"{\\\"statusCode\\\":403,\\\"body\\\":\\\"no permissions\\\"}\",\"stack\":[\"Error: x\",\"    at handler (/var/task/index.js:4:11)\"]}";
    assert_eq!(class_of(quoted), Some(FailureClass::PermissionDenied));
}

#[test]
fn node_uncaught_report_outside_an_invocation_is_an_init_failure() {
    let body = "ERROR\tUnhandled Promise Rejection \t{\"errorType\":\"Runtime.UnhandledPromiseRejection\",\"errorMessage\":\"Error: boom\",\"stack\":[\"Runtime.UnhandledPromiseRejection: Error: boom\",\"    at process.<anonymous> (file:///var/runtime/index.mjs:1276:17)\"]}";
    let at_init = format!("2024-05-31T04:31:55.159Z\tundefined\t{body}");
    let c = classified(&at_init).unwrap();
    assert_eq!(c.class, FailureClass::InitError);
    assert_eq!(c.signal, "uncaught_outside_invocation");
    let in_invocation =
        format!("2024-05-31T04:31:55.159Z\tc0ffee00-0000-4000-8000-000000000000\t{body}");
    assert_eq!(
        class_of(&in_invocation),
        Some(FailureClass::UnhandledException)
    );
    // A line the function logged at init (not the runtime's uncaught report) stays `error`.
    assert_eq!(
        class_of("2024-05-31T04:31:55.159Z\tundefined\tERROR\tcould not warm the cache"),
        Some(FailureClass::Error)
    );
}

#[test]
fn dotnet_host_start_failures_are_init_errors() {
    for line in [
        "A fatal error was encountered. The library 'libhostpolicy.so' required to execute the application was not found in '/var/task/'.",
        "A fatal error occurred. The required library libhostfxr.so could not be found.",
        "Error: .NET binaries for Lambda function are not correctly installed in the /var/task directory of the image when the image was built.",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::InitError), "{line}");
    }
}

#[test]
fn database_data_exceptions_are_bad_input_in_a_failure_report() {
    let line = "2025-07-21T15:11:36.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tinsert failed: invalid input syntax for type timestamp: \"21/Jul/2025\"";
    assert_eq!(class_of(line), Some(FailureClass::BadInput));
    // Weak: prose at INFO, or with no level, raises nothing.
    assert_eq!(
        class_of("2025-07-21T15:11:36.000Z\tc0ffee00-0000-4000-8000-000000000000\tINFO\trejecting rows with invalid input syntax for type date"),
        None
    );
    assert_eq!(class_of("we map 'value too long for type' to a 400"), None);
}

#[test]
fn traceback_source_in_the_runtimes_other_shapes() {
    // The Python runtime's `[ERROR]` report: no-break-space indentation, `\r` between lines.
    let nbsp = "[ERROR] TypeError: bad operand\rTraceback (most recent call last):\r\u{a0}\u{a0}File \"/var/task/app.py\", line 9, in handler\r\u{a0}\u{a0}\u{a0}\u{a0}if err.response['Error']['Code'] == 'AccessDeniedException':";
    assert_eq!(class_of(nbsp), Some(FailureClass::UnhandledException));
    let crlf = "[ERROR] TypeError: bad operand\r\nTraceback (most recent call last):\r\n  File \"/var/task/app.py\", line 9, in handler\r\n    if err.response['Error']['Code'] == 'AccessDeniedException':";
    assert_eq!(class_of(crlf), Some(FailureClass::UnhandledException));
    // Every line of a statement that spans several is source.
    let spanning = "[ERROR] TypeError: bad operand\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    if (err.code == 'Throttling'\n        or err.code == 'AccessDeniedException'):";
    assert_eq!(class_of(spanning), Some(FailureClass::UnhandledException));
    // An exception line, however indented, is a message.
    let indented = "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tworker crashed:\n  File \"/opt/python/lib/worker.py\", line 88, in run\n    botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the Decrypt operation";
    assert_eq!(class_of(indented), Some(FailureClass::PermissionDenied));
}

#[test]
fn only_the_node_runtimes_own_report_at_init_is_an_init_failure() {
    for logged in [
        "2024-01-01T00:00:00.000Z\tundefined\tERROR\tUncaught Exception from feature-flag client, using defaults: Error: invalid flag payload",
        "2024-01-01T00:00:00.000Z\tundefined\tERROR\tUnhandled exception in background refresh (ignored): Error: bad config value 'x'",
    ] {
        assert_ne!(class_of(logged), Some(FailureClass::InitError), "{logged}");
    }
    let invoke = "2024-01-01T00:00:00.000Z\tundefined\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"boom\",\"stack\":[\"Error: boom\",\"    at handler (/var/task/index.js:3:9)\"]}";
    assert_eq!(class_of(invoke), Some(FailureClass::UnhandledException));
    let report = "2024-01-01T00:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"TypeError\",\"errorMessage\":\"x is not a function\",\"stack\":[\"TypeError: x is not a function\",\"    at Object.<anonymous> (/var/task/index.js:1:7)\"]}";
    assert_eq!(class_of(report), Some(FailureClass::InitError));
}

#[test]
fn start_failure_words_in_an_applications_message_are_its_own() {
    let line = "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tLicense check: the license key required to execute the application was not found in SSM, falling back to trial mode";
    assert_eq!(class_of(line), Some(FailureClass::Error));
    // A field that merely ends in `status_code` is no HTTP status.
    let field = "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tfailed to update order: {\\\"orderId\\\":\\\"A1\\\",\\\"order_status_code\\\":503}";
    assert_eq!(class_of(field), Some(FailureClass::Error));
}

#[test]
fn round_14_runtime_and_driver_vocabularies() {
    let cases = [
        // aws-lambda-go's handler validation, LLRT's resolver, esbuild's ESM `require` shim.
        ("handler returns a single value, but it does not implement error: errorString", Some(FailureClass::InitError)),
        ("{\"errorType\":\"ReferenceError\",\"errorMessage\":\"Error resolving module '/var/task/console' from '/var/task/index.js'\"}", Some(FailureClass::InitError)),
        ("{\"errorType\":\"Error\",\"errorMessage\":\"Dynamic require of \\\"stream\\\" is not supported\"}", Some(FailureClass::InitError)),
        // Bref's own timeout.
        ("The request d03b92ac-6c3c-4887-b60a-11d986913817 timed out after 5000 ms. Note: the duration may be lower than the Lambda timeout, which is intentional.", Some(FailureClass::Timeout)),
        // PDO's connection SQLSTATEs decide without a level; another class does not.
        ("SQLSTATE[08006] [7] could not translate host name \"db.internal\" to address: Try again", Some(FailureClass::DependencyUnavailable)),
        ("SQLSTATE[HY000] [2002] Connection refused (SQL: select 1)", Some(FailureClass::DependencyUnavailable)),
        ("SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry", None),
        // bash's report of a crashed child is the crash, not the script failing to start.
        ("/var/task/bootstrap: line 3:     9 Segmentation fault      (core dumped) ./app", Some(FailureClass::RuntimeExit)),
        ("/opt/bootstrap: line 3: ./node/bin/node: No such file or directory", Some(FailureClass::InitError)),
        // A read-only file system is a code bug, not a missing grant.
        ("[ERROR] OSError: [Errno 30] Read-only file system: '.cache.json'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 3, in handler\n    open('.cache.json', 'w')", Some(FailureClass::UnhandledException)),
    ];
    for (line, class) in cases {
        assert_eq!(class_of(line), class, "{line}");
    }
}

#[test]
fn curl_statuses_and_pydantic_validation_in_failure_reports() {
    let curl = "Fatal error: Uncaught Exception: Failed to fetch next Lambda invocation: The requested URL returned error: 502 in /var/task/vendor/bref/bref/src/Runtime/LambdaRuntime.php:159";
    assert_eq!(class_of(curl), Some(FailureClass::DependencyUnavailable));
    let pydantic = "[ERROR] InvalidModelTypeError: Error: 3 validation errors for EventBridgeModel\ndetail.dict[str,any]\n  Input should be a valid dictionary [type=dict_type, input_value='{}', input_type=str]";
    assert_eq!(class_of(pydantic), Some(FailureClass::BadInput));
    // Weak: prose at no level raises nothing.
    assert_eq!(
        class_of("see the docs on validation errors for the Order model"),
        None
    );
}

#[test]
fn grpc_status_codes_in_the_clients_shapes() {
    let cases = [
        // grpc-go, grpc-js and grpcio render a failed call; each decides without a level.
        ("2024/03/02 10:11:12 create order: rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp 10.0.3.7:50051: i/o timeout\"", Some(FailureClass::DependencyUnavailable)),
        ("Error: 4 DEADLINE_EXCEEDED: Deadline exceeded after 5.001s", Some(FailureClass::DependencyUnavailable)),
        ("<_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.UNAVAILABLE\n\tdetails = \"failed to connect to all addresses\"", Some(FailureClass::DependencyUnavailable)),
        ("rpc error: code = ResourceExhausted desc = quota exceeded for tenant", Some(FailureClass::Throttling)),
        ("Error: 7 PERMISSION_DENIED: caller does not have permission", Some(FailureClass::PermissionDenied)),
        // A code that names no cause, a code inside another number, and prose about codes.
        ("rpc error: code = InvalidArgument desc = order id is empty", None),
        ("batch 114 UNAVAILABLE: 0 of 3 replicas", None),
        ("retry policy: StatusCode.UNAVAILABLE is retried up to 3 times", None),
    ];
    for (line, class) in cases {
        assert_eq!(class_of(line), class, "{line}");
    }
}

#[test]
fn request_reading_exceptions_of_rest_frameworks_and_lambda_adapters_are_bad_input() {
    let jax_rs = "ERROR [io.qua.ver.htt.run.QuarkusErrorHandler] HTTP Request to /orders failed: jakarta.ws.rs.NotSupportedException: HTTP 415 Unsupported Media Type\n\tat org.jboss.resteasy.reactive.server.handlers.RequestDeserializeHandler.handle(RequestDeserializeHandler.java:73)";
    assert_eq!(class_of(jax_rs), Some(FailureClass::BadInput));
    let adapter = "{\"errorType\":\"Bref\\\\Event\\\\InvalidLambdaEvent\",\"errorMessage\":\"This handler expected to be invoked with a SQS event. Instead, the handler was invoked with invalid event data: []\"}";
    assert_eq!(class_of(adapter), Some(FailureClass::BadInput));
    // AWS's own BadRequestException is the function's bad call, not a bad event.
    let aws = "[ERROR] BadRequestException: An error occurred (BadRequestException) when calling the GetExport operation: Invalid stage identifier specified\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 8, in handler\n    apigw.get_export(restApiId=api, stageName=stage, exportType='oas30')";
    assert_ne!(class_of(aws), Some(FailureClass::BadInput));
}

#[test]
fn a_dotnet_service_exception_with_no_named_code_is_the_services_error() {
    let logged = "2025-01-02T03:04:05.678Z\t6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c\tfail\tAmazon.SimpleEmail.Model.MessageRejectedException: Email address is not verified.\n ---> Amazon.Runtime.Internal.HttpErrorResponseException: Exception of type 'Amazon.Runtime.Internal.HttpErrorResponseException' was thrown.\n   at Amazon.Runtime.HttpWebRequestMessage.ProcessHttpResponseMessage(HttpResponseMessage responseMessage)\n   --- End of inner exception stack trace ---\n   at Amazon.Runtime.Internal.HttpErrorResponseExceptionHandler.HandleExceptionStream(IRequestContext requestContext)";
    assert_eq!(class_of(logged), Some(FailureClass::Error));
    // A throttling code the vocabulary names still decides.
    let throttled = logged.replace("Amazon.SimpleEmail.Model.MessageRejectedException: Email address is not verified.", "Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.");
    assert_eq!(class_of(&throttled), Some(FailureClass::Throttling));
}

#[test]
fn round_16_vocabularies_decide_in_their_shapes() {
    let cases = [
        // libstdc++'s terminate handler names the uncaught C++ exception: the abort is its
        // consequence.
        ("terminate called after throwing an instance of 'std::runtime_error'\n  what():  tile index out of range\nAborted (core dumped)", Some(FailureClass::UnhandledException)),
        // Zend's memory_limit fatal error.
        ("PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in /var/task/src/Report.php on line 88", Some(FailureClass::OutOfMemory)),
        // PHP's require of a missing file: the code cannot be loaded.
        ("PHP Fatal error:  Uncaught Error: Failed opening required 'vendor/autoload.php' (include_path='.:/opt/bref/lib/php') in /var/task/index.php:3", Some(FailureClass::InitError)),
        // The platform's IMAGE record for an entrypoint that cannot start.
        ("IMAGE\tLaunch error: fork/exec /app/bootstrap: exec format error\tEntrypoint: [/app/bootstrap]\tCmd: []\tWorkingDir: [/app]", Some(FailureClass::InitError)),
        // serverless-offline's timeout, in its sentence only.
        ("[Serverless-Offline] Your λ handler 'createOrder' timed out after 6000ms.", Some(FailureClass::Timeout)),
        ("Your λ handler 'createOrder' timed out after a while, so we raised the limit", None),
        // http-errors' client errors are bad input; the names other packages share are not,
        // nor a name another package qualifies.
        ("2024-05-01T10:00:00.000Z\t6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c\tERROR\tUnsupportedMediaTypeError: Unsupported Media Type\n    at parse (/var/task/node_modules/@middy/http-json-body-parser/index.js:20:13)", Some(FailureClass::BadInput)),
        ("BadRequestError: 400 max_tokens is too large\n    at APIError.generate (/var/task/node_modules/openai/error.js:45:20)", Some(FailureClass::UnhandledException)),
        ("[ERROR]\t2024-05-01T10:00:00.000Z\t6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c\tBadRequestError: Error code: 400 - {'error': {'message': 'max_tokens is too large'}}", Some(FailureClass::Error)),
        ("{\"errorMessage\":\"the server responded with status 415\",\"errorType\":\"Function<Faraday::UnsupportedMediaTypeError>\",\"stackTrace\":[\"/var/task/vendor/faraday/response/raise_error.rb:34:in `on_complete'\"]}", Some(FailureClass::UnhandledException)),
        // Jakarta REST's client throws the server's class for its own call's 400.
        ("jakarta.ws.rs.BadRequestException: HTTP 400 Bad Request\n\tat org.jboss.resteasy.client.jaxrs.internal.ClientInvocation.handleErrorStatus(ClientInvocation.java:209)\n\tat com.example.Handler.handleRequest(Handler.java:30)", Some(FailureClass::UnhandledException)),
    ];
    for (line, class) in cases {
        assert_eq!(class_of(line), class, "{line}");
    }
}

#[test]
fn a_key_error_is_bad_input_when_the_raising_line_reads_the_event() {
    let on_event = "[ERROR] KeyError: 'Records'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 7, in handler\n    for record in event['Records']:";
    assert_eq!(class_of(on_event), Some(FailureClass::BadInput));
    let on_own_dict = "[ERROR] KeyError: '2024-04-01'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 7, in handler\n    totals = summarise(rows)\n  File \"/var/task/app.py\", line 21, in summarise\n    by_day[row['day']] += row['cost']";
    assert_eq!(
        class_of(on_own_dict),
        Some(FailureClass::UnhandledException)
    );
    // The same inside the error object's JSON-escaped stackTrace.
    let escaped = "{\"errorMessage\": \"'Records'\", \"errorType\": \"KeyError\", \"stackTrace\": [\"  File \\\"/var/task/app.py\\\", line 7, in handler\\n    for record in event['Records']:\\n\"]}";
    assert_eq!(class_of(escaped), Some(FailureClass::BadInput));
    let escaped_own = escaped.replace("event['Records']", "cache['Records']");
    assert_eq!(
        class_of(&escaped_own),
        Some(FailureClass::UnhandledException)
    );
    // A string argument before the event on the raising line.
    let printed = "[ERROR] KeyError: 'key1'\nTraceback (most recent call last):\n  File \"/var/task/lambda_function.py\", line 4, in lambda_handler\n    print(\"value1 = \", event['key1'])";
    assert_eq!(class_of(printed), Some(FailureClass::BadInput));
    // A traceback a console flattened onto one line.
    let flat = "'Records': KeyError Traceback (most recent call last): File \"/var/task/app.py\", line 94, in lambda_handler refs = {r['ref'] for r in event['Records'][0]['codecommit']['references']} KeyError: 'Records'";
    assert_eq!(class_of(flat), Some(FailureClass::BadInput));
    // No source line shown: the README's rule, a missing key of the event.
    assert_eq!(
        class_of("[ERROR] KeyError: 'body'\nTraceback (most recent call last):\n  File \"<frozen runpy>\", line 198, in _run_module_as_main"),
        Some(FailureClass::BadInput)
    );
}

#[test]
fn a_key_error_in_the_python27_stack_trace_lists_reads_the_last_entry() {
    // The python2.7 runtime's error object: `stackTrace` is a list of [file, line, function,
    // source] entries, innermost last.
    let trace = |source: &str| {
        format!(
            "{{\n  \"stackTrace\": [\n    [\n      \"/var/task/lambda_function.py\",\n      7,\n      \"lambda_handler\",\n      \"{source}\"\n    ]\n  ],\n  \"errorType\": \"KeyError\",\n  \"errorMessage\": \"'TABLE_NAME'\"\n}}"
        )
    };
    assert_eq!(
        class_of(&trace("table = os.environ['TABLE_NAME']")),
        Some(FailureClass::UnhandledException)
    );
    assert_eq!(
        class_of(&trace("name = event['TABLE_NAME']")),
        Some(FailureClass::BadInput)
    );
    // The innermost entry decides: a library frame under the handler's line.
    let library = "{\"stackTrace\": [[\"/var/task/lambda_function.py\", 7, \"lambda_handler\", \"x = os.environ['A']\"], [\"/usr/lib64/python2.7/UserDict.py\", 40, \"__getitem__\", \"raise KeyError(key)\"]], \"errorType\": \"KeyError\", \"errorMessage\": \"'A'\"}";
    assert_eq!(class_of(library), Some(FailureClass::UnhandledException));
    // An entry with no source shown says nothing: the README's rule stands.
    let no_source = "{\"stackTrace\": [[\"/var/task/lambda_function.py\", 7, \"lambda_handler\", \"\"]], \"errorType\": \"KeyError\", \"errorMessage\": \"'body'\"}";
    assert_eq!(class_of(no_source), Some(FailureClass::BadInput));
    // A re-raise shows no lookup either, in either traceback format.
    let reraised = "{\"stackTrace\": [[\"/var/task/lambda_function.py\", 127, \"lambda_handler\", \"raise e\"]], \"errorType\": \"KeyError\", \"errorMessage\": \"'Records'\"}";
    assert_eq!(class_of(reraised), Some(FailureClass::BadInput));
    let reraised_py3 = "[ERROR] KeyError: 'Records'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in handler\n    raise";
    assert_eq!(class_of(reraised_py3), Some(FailureClass::BadInput));
    assert_eq!(
        class_of(&format!("{reraised_py3}  # re-raise for the retry")),
        Some(FailureClass::BadInput)
    );
    // A data row in a log line has the list shape, but no `stackTrace` holds it.
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tKeyError 'sku' while pricing row [\"orders.csv\", 12, \"A-1\", \"widget\"]"),
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tKeyError 'sku' while pricing row")
    );
}

#[test]
fn a_key_error_copied_without_its_traceback_header_reads_the_raising_line() {
    // The excerpt starts at a frame (the header cut off): the raising line reads a row of the
    // function's own data, not the event.
    let cut = "  File \"/var/task/app/api/users.py\", line 28, in read_user\n    return User(id=row[0])\n                   ~~~^^^\nKeyError: 0";
    let report = crate::analysis::analyze_text(cut).0;
    let classes: Vec<_> = report.incidents.iter().map(|i| i.class).collect();
    assert_eq!(
        classes,
        vec![FailureClass::UnhandledException],
        "{report:#?}"
    );
}

#[test]
fn nodes_failed_system_call_is_a_failure_without_a_level() {
    assert_eq!(
        class_of("Error: EMFILE: too many open files, open '/var/task/index.json'"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        classified("Error: ENOTDIR: not a directory, mkdir '/tmp/a/b'").map(|c| c.signal),
        Some("system_call_error")
    );
    // A network code keeps its own vocabulary's class.
    assert_eq!(
        class_of("Error: connect ECONNREFUSED 10.0.0.1:5432"),
        Some(FailureClass::DependencyUnavailable)
    );
    // Not a libuv code, or not the shape: nothing.
    assert_eq!(class_of("Error: EFOO: no such thing, open '/x'"), None);
    assert_eq!(class_of("Error: ENOENT: No Such File, open '/x'"), None);
    assert_eq!(class_of("Error: ENOENT is retried by the loader"), None);
}

/// The standard decoders' messages for a payload not in their encoding (base64, gzip, zlib)
/// are bad input when a failure report carries them; in prose they raise nothing.
#[test]
fn decoders_refusing_a_payload_are_bad_input() {
    let base64 = "[ERROR] Error: Only base64 data is allowed\nTraceback (most recent call last):\n  File \"/var/task/lambda_function.py\", line 26, in lambda_handler\n    decoded_data = base64.b64decode(cw_data, validate=True)";
    assert_eq!(class_of(base64), Some(FailureClass::BadInput));
    let gzip = "[ERROR] BadGzipFile: Not a gzipped file (b'{\"')\nTraceback (most recent call last):\n  File \"/var/task/lambda_function.py\", line 19, in lambda_handler\n    cw_logs = gzip.GzipFile(fileobj=BytesIO(raw)).read()";
    assert_eq!(class_of(gzip), Some(FailureClass::BadInput));
    let node_zlib = "2024-01-01T00:00:00.000Z\t6f1d2a0e-3b9c-4c55-9f43-1d2e3f4a5b6c\tERROR\tError: incorrect header check\n    at Zlib.zlibOnError [as onerror] (node:zlib:189:17)";
    assert_eq!(class_of(node_zlib), Some(FailureClass::BadInput));
    assert_eq!(
        class_of("decoded with Incorrect padding checks disabled"),
        None
    );
    assert_eq!(
        class_of("INFO Not a gzipped file, reading it as text"),
        None
    );
}

/// A `SyntaxError` raised under CommonJS's `Module._load` with only the module system on the
/// stack (older Node versions print a required file's syntax error this way) is an init
/// failure; the same frame below a handler's own frame is an invocation's require.
#[test]
fn a_require_that_fails_with_only_module_frames_is_an_init_error() {
    let old_node = "{\n  \"errorMessage\": \"Unexpected token function\",\n  \"errorType\": \"SyntaxError\",\n  \"stackTrace\": [\n    \"Function.Module._load (module.js:438:3)\",\n    \"Module.require (module.js:497:17)\",\n    \"require (internal/module.js:20:19)\",\n    \"Object.<anonymous> (/var/task/lib/db.js:4:11)\"\n  ]\n}";
    assert_eq!(class_of(old_node), Some(FailureClass::InitError));
    let in_handler = "{\n  \"errorMessage\": \"Unexpected token function\",\n  \"errorType\": \"SyntaxError\",\n  \"stackTrace\": [\n    \"Function.Module._load (module.js:438:3)\",\n    \"Module.require (module.js:497:17)\",\n    \"require (internal/module.js:20:19)\",\n    \"exports.handler (/var/task/index.js:12:20)\"\n  ]\n}";
    assert_eq!(class_of(in_handler), Some(FailureClass::UnhandledException));
}

/// Published names that were missing: the Node.js runtime's `Runtime.NodeJsExit` is an exit,
/// and an event stream's lower-camel-case error members (Bedrock) are their exceptions' codes.
#[test]
fn node_exit_type_and_event_stream_error_members() {
    let exit = "{\n  \"errorType\": \"Runtime.NodeJsExit\",\n  \"errorMessage\": \"Promise that was never settled\"\n}";
    assert_eq!(class_of(exit), Some(FailureClass::RuntimeExit));
    let stream = |code: &str| {
        format!("[ERROR]\t2025-10-21T12:20:22.101Z\tf89a64a5-e8dc-4a7a-a6ad-db83119ff44e\tOrchestration error: An error occurred ({code}) when calling the InvokeAgent operation: request failed")
    };
    assert_eq!(
        class_of(&stream("throttlingException")),
        Some(FailureClass::Throttling)
    );
    assert_eq!(
        class_of(&stream("accessDeniedException")),
        Some(FailureClass::PermissionDenied)
    );
    assert_eq!(
        class_of(&stream("validationException")),
        Some(FailureClass::BadInput)
    );
    assert_eq!(
        class_of(&stream("dependencyFailedException")),
        Some(FailureClass::DependencyUnavailable)
    );
    // On an INFO line the code raises nothing.
    assert_eq!(class_of("[INFO]\t2025-10-21T12:20:22.101Z\tf89a64a5-e8dc-4a7a-a6ad-db83119ff44e\tretrying after An error occurred (throttlingException) when calling the InvokeAgent operation"), None);
}

/// SAM CLI's local API Gateway refusing the function's response is a failed invocation (a 502
/// to the client), even on a line with no level; a cause the response names wins.
#[test]
fn the_emulators_refused_response_is_a_failure() {
    let refused = "2019-04-30 17:59:30 Function returned an invalid response (must include one of: body, headers or statusCode in the response object). Response received: ";
    assert_eq!(class_of(refused), Some(FailureClass::Error));
    let parse = "Invalid lambda response received: Invalid API Gateway Response Keys: {'errorType', 'errorMessage'} in {'errorType': 'java.lang.ClassNotFoundException', 'errorMessage': 'Class not found: helloworld.App'}";
    assert_eq!(class_of(parse), Some(FailureClass::InitError));
    assert_eq!(class_of("Lambda returned empty body!"), None);
}

#[test]
fn chromium_network_errors_are_an_unreachable_dependency() {
    // Headless Chrome's navigation failures (Chromium net_error_list.h), as Puppeteer throws them.
    let c = classified("Error: net::ERR_TIMED_OUT at https://example.com/print.html\n    at navigate (/var/task/node_modules/puppeteer/lib/FrameManager.js:126:37)").unwrap();
    assert_eq!(c.class, FailureClass::DependencyUnavailable);
    assert_eq!(c.signal, "chromium_net_error");
    assert_eq!(
        class_of("Error: net::ERR_NAME_NOT_RESOLVED at https://internal.example"),
        Some(FailureClass::DependencyUnavailable)
    );
    // The page cancelling its own navigation is not a dependency's failure; nor is a
    // certificate error, nor a WARN line that quotes a code.
    assert_ne!(
        class_of("Error: net::ERR_ABORTED at https://example.com/a.pdf"),
        Some(FailureClass::DependencyUnavailable)
    );
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tWARN\tretrying after net::ERR_CONNECTION_RESET"),
        None
    );
}

#[test]
fn aws_sdk_js_v2_error_fields_as_json_are_a_service_error() {
    // `JSON.stringify(err)` of an aws-sdk-js v2 error: the same fields its inspect output shows.
    let stringified = "error: The conditional request failed \n{\n    \"code\": \"ConditionalCheckFailedException\",\n    \"time\": \"2021-08-23T21:16:14.506Z\",\n    \"statusCode\": 400,\n    \"retryable\": false\n}";
    let c = classified(stringified).unwrap();
    assert_eq!(c.class, FailureClass::Error);
    assert_eq!(c.signal, "aws_service_error");
    // A specific code still decides its own class.
    assert_eq!(
        class_of("{\"code\": \"ThrottlingException\", \"statusCode\": 400, \"retryable\": true}"),
        Some(FailureClass::Throttling)
    );
    // One field alone is a response, not an error: an API Gateway proxy result.
    assert_eq!(
        class_of("{\"statusCode\": 200, \"body\": \"{\\\"ok\\\":true}\"}"),
        None
    );
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tINFO\t{\"statusCode\": 503, \"retryable\": true}"),
        None
    );
}

#[test]
fn node_console_trace_and_pre_v6_warnings_are_not_failures() {
    // `console.trace()` prints `Trace` (or `Trace: <message>`) and the stack (Node.js API).
    for text in [
        "Trace\n    at process.addListener (events.js:239:17)\n    at Sandbox.run (/var/task/lib/Sandbox.js:64:25)",
        "Trace: cache lookup\n    at lookup (/var/task/cache.js:12:11)\n    at Runtime.handler (/var/task/index.js:5:3)",
        "(node) warning: possible EventEmitter memory leak detected. 11 unhandledRejection listeners added. Use emitter.setMaxListeners() to increase limit.",
    ] {
        assert_eq!(class_of(text), None, "{text}");
    }
    // An ERROR-level line that happens to start with the word is still judged as usual, and an
    // exception's stack is not a trace print.
    assert!(class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tTrace: request failed\n    at Runtime.handler (/var/task/index.js:5:3)").is_some());
    assert_eq!(
        class_of("TypeError: x is not a function\n    at Runtime.handler (/var/task/index.js:5:3)"),
        Some(FailureClass::UnhandledException)
    );
}

#[test]
fn python_socket_timeout_is_an_unreachable_dependency() {
    let traceback = "Traceback (most recent call last):\n  File \"/var/task/urllib3/connection.py\", line 160, in _new_conn\n    sock.connect(sa)\nsocket.timeout: timed out";
    let c = classified(traceback).unwrap();
    assert_eq!(c.class, FailureClass::DependencyUnavailable);
    assert_eq!(c.signal, "exception_hierarchy");
    // The word alone is not the exception, nor the name in prose without a failure report.
    assert_eq!(class_of("socket.timeout is set to 5 seconds"), None);
}

// Round 29 (docs/CLASSIFICATION.md, "Round 29"): fresh54's and fresh55's mistakes, read after
// both were scored once.

#[test]
fn a_cancelled_dotnet_http_request_is_a_dependency_only_with_an_http_frame() {
    let http = "The operation was canceled.: OperationCanceledException\nat System.Net.Http.HttpClient.HandleFinishSendAsyncError(Exception e, CancellationTokenSource cts)\nat Amazon.Runtime.HttpWebRequestMessage.GetResponseAsync(CancellationToken cancellationToken)";
    assert_eq!(class_of(http), Some(FailureClass::DependencyUnavailable));
    let timed_out = "fail: System.Threading.Tasks.TaskCanceledException: A task was canceled.\n   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted)";
    assert_eq!(
        class_of(timed_out),
        Some(FailureClass::DependencyUnavailable)
    );
    // Any other cancelled task is the function's own exception.
    let own_task = "A task was canceled.: TaskCanceledException\nat System.Threading.Tasks.Task.Wait()\nat MyFunction.Function.FunctionHandler(Object input)";
    assert_eq!(class_of(own_task), Some(FailureClass::UnhandledException));
    // Named on an informational line, it is no failure.
    assert_eq!(
        class_of("info: Retried after TaskCanceledException at System.Net.Http.HttpClient, ok"),
        None
    );
}

#[test]
fn a_failure_report_that_names_a_defect_of_the_input_is_bad_input() {
    for line in [
        "[ERROR] TriggerTypeException: Not supported trigger\nTraceback (most recent call last):\n  File \"/var/task/main.py\", line 17, in handler",
        "java.lang.IllegalStateException: Missing HTTP method in request event\nat io.example.http.Dispatcher.dispatch(Dispatcher.java:176)",
        "{\"errorMessage\": \"Unable to determine handler from trigger event\", \"errorType\": \"TypeError\"}",
        "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tBadRequestError: Event object failed validation\n    at before (/var/task/node_modules/validator/index.js:62:23)",
    ] {
        assert_eq!(class_of(line), Some(FailureClass::BadInput), "{line}");
    }
    // The words an application's own calls share are no defect of the event: an SDK's
    // parameter check, a service refusing the request the code built, a bug, missing
    // configuration, an AWS resource named after events.
    for (line, class) in [
        ("{\"errorMessage\":\"operation error DynamoDB: PutItem, 1 validation error(s) found.\\n- missing required field, PutItemInput.TableName.\\n\",\"errorType\":\"OperationError\"}", FailureClass::UnhandledException),
        ("{\"errorMessage\":\"Unsupported field: HourOfDay\",\"errorType\":\"java.time.temporal.UnsupportedTemporalTypeException\",\"stackTrace\":[\"java.base/java.time.LocalDate.get0(LocalDate.java:709)\",\"com.example.ReportHandler.handleRequest(ReportHandler.java:42)\"]}", FailureClass::UnhandledException),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tInvoke Error \t{\"errorType\":\"FirebaseMessagingError\",\"errorMessage\":\"Invalid JSON payload received. Unknown name \\\"badge\\\"\"}", FailureClass::UnhandledException),
        ("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tError: Missing required config field: DATABASE_URL\n    at loadConfig (/var/task/src/config.js:14:11)", FailureClass::UnhandledException),
        ("{\"errorMessage\":\"Missing event source mapping for queue orders\",\"errorType\":\"Error\"}", FailureClass::UnhandledException),
        ("{\"errorMessage\":\"Unknown event bus orders-bus\",\"errorType\":\"Error\"}", FailureClass::UnhandledException),
    ] {
        assert_eq!(class_of(line), Some(class), "{line}");
    }
    // Not the input: an error of its own between the words, the handler's response failing
    // its check, a lower-level line that mentions the input beside an unrelated exception.
    assert_eq!(
        class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tUnknown error responding to request"),
        Some(FailureClass::Error)
    );
    assert_eq!(
        class_of("[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tAn error occurred running the application.\nTraceback (most recent call last):\n  File \"/var/task/fastapi/routing.py\", line 176, in serialize_response\n    raise ResponseValidationError(\nfastapi.exceptions.ResponseValidationError: 1 validation errors:\n  {'type': 'missing', 'loc': ('response', 'id'), 'msg': 'Field required'}"),
        Some(FailureClass::UnhandledException)
    );
    assert_eq!(
        class_of("2024-01-01 00:00:00 ERROR Handler - request failed\njava.lang.NullPointerException\n\tat com.example.Handler.handleRequest(Handler.java:10)\n2024-01-01 00:00:00 INFO Handler - invalid request body defaults applied"),
        Some(FailureClass::UnhandledException)
    );
    // Level-less prose stays quiet: the words need a failure report around them.
    assert_eq!(
        class_of("note: an invalid request body gets a 400 from the API"),
        None
    );
}

#[test]
fn jacksons_definition_error_is_bad_input_only_while_deserializing() {
    let reading = "{\"errorType\": \"com.fasterxml.jackson.databind.exc.InvalidDefinitionException\", \"errorMessage\": \"Cannot construct instance of `example.Order` (no Creators, like default constructor, exist): cannot deserialize from Object value\"}";
    assert_eq!(class_of(reading), Some(FailureClass::BadInput));
    let writing = "{\"errorType\": \"com.fasterxml.jackson.databind.exc.InvalidDefinitionException\", \"errorMessage\": \"No serializer found for class example.Result and no properties discovered to create BeanSerializer\"}";
    assert_eq!(class_of(writing), Some(FailureClass::UnhandledException));
}
