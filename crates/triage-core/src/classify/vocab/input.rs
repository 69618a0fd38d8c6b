//! Bad input (the SDKs' validation codes, the languages' input exceptions, JSON parsers'
//! messages) and the shapes of an uncaught error (stack traces, the runtimes' uncaught reports).
//! Each list names its published source; matching rules are in `super`.

use super::{Group, Kind, RUNTIME_INPUT_SIGNAL, RUNTIME_RESPONSE_SIGNAL};
use crate::model::FailureClass::*;

pub const GROUPS: &[Group] = &[
    // Bad input. AWS "Common Errors" validation codes (ValidationError, InvalidParameterValue,
    // InvalidParameterCombination, MissingParameter, MalformedQueryString) and the JSON
    // protocol's `SerializationException` / `ValidationException`.
    Group {
        signal: "aws_error_code",
        kind: Kind::Class(BadInput),
        strong: true,
        exact: true,
        terms: &[
            "ValidationException",
            // The event streams' member name (causes.rs, `accessDeniedException`).
            "validationException",
            "InvalidParameterValue",
            "InvalidParameterValueException",
            "InvalidParameterCombination",
            "InvalidParameterException",
            "InvalidRequestException",
            "MissingParameter",
            "MalformedQueryString",
            "SerializationException",
            // botocore's client-side check of an operation's parameters.
            "ParamValidationError",
            // AWS "Common Errors": a query parameter that is malformed or does not exist; S3:
            // an upload larger than the maximum object size.
            "InvalidQueryParameter",
            "EntityTooLarge",
        ],
    },
    // Input errors of the standard hierarchies: Python `ValueError` (with `json.JSONDecodeError`
    // and `UnicodeDecodeError` as subclasses), `KeyError` on the event (the README's "KeyError
    // on an event key"; a `LookupError` on any other mapping is the code's); validation
    // libraries' `ValidationError` (pydantic, jsonschema, marshmallow, Django share the name);
    // Java `IllegalArgumentException`, `NumberFormatException`, `DateTimeParseException`,
    // Jackson (`JsonParseException`, `JsonMappingException`, `MismatchedInputException`,
    // `InvalidFormatException`, `UnrecognizedPropertyException`), Gson `JsonSyntaxException`;
    // .NET `FormatException`, System.Text.Json `JsonException`,
    // Newtonsoft `JsonReaderException` / `JsonSerializationException`; Ruby's json library
    // `JSON::ParserError`. Not the Lambda .NET serializer's `JsonSerializerException`
    // (Amazon.Lambda.Serialization): it throws that one both when the event does not fit the
    // handler's type and when the function's response cannot be written as JSON, so the name
    // alone says nothing of the input; its event message is read below. Nor .NET's
    // `ArgumentException` family: the Framework Design Guidelines ("Exception Throwing", usage
    // errors) call it a bug in the calling code, thrown by a library at the code that called it
    // wrongly, not a sign of a bad event.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: &[
            "ValueError",
            // A missing key of the event, not of any dict: mod.rs reads the raising frame's
            // source line when the traceback shows it.
            super::PYTHON_KEY_ERROR,
            "JSONDecodeError",
            "UnicodeDecodeError",
            "ValidationError",
            "IllegalArgumentException",
            "NumberFormatException",
            "DateTimeParseException",
            "JsonParseException",
            "JsonMappingException",
            "MismatchedInputException",
            "InvalidFormatException",
            "UnrecognizedPropertyException",
            "JsonSyntaxException",
            "FormatException",
            "JsonException",
            "JsonReaderException",
            "JsonSerializationException",
            "JSON::ParserError",
            // Python's `binascii.Error` (a `ValueError`: bad base64, "Incorrect padding") and
            // botocore's `ValidationError` subclasses for a bad parameter; Jackson's base
            // `JsonProcessingException` and its `JsonEOFException` (input ended mid-document).
            "binascii.Error",
            "BadGzipFile",
            "UnknownKeyError",
            "UnknownParameterError",
            "JsonProcessingException",
            "JsonEOFException",
            // The rest of Jackson's `JsonMappingException` subclasses (jackson-databind's
            // `databind.exc` package): a document that does not map onto the target type,
            // which for the Java runtime is the handler's input type. `InvalidDefinitionException`
            // only while deserializing (mod.rs): Jackson also throws it when it cannot write a
            // response (`No serializer found for class …`).
            super::JACKSON_INVALID_DEFINITION,
            "InvalidTypeIdException",
            "InvalidNullException",
            "ValueInstantiationException",
            // The Lambda adapters' own exceptions for an event that is not the one the
            // function serves: aws-serverless-java-container's `InvalidRequestEventException`
            // (RequestReader, "The incoming event is not a valid request from Amazon API
            // Gateway or an Application Load Balancer") and Bref's `InvalidLambdaEvent`
            // (Bref\Event, "This handler expected to be invoked with …").
            "InvalidRequestEventException",
            "InvalidLambdaEvent",
        ],
    },
    // The `http-errors` package's (jshttp, used by middy, Express and Koa) client errors for a
    // request the function cannot take: 406 `NotAcceptableError`, 413 `PayloadTooLargeError`,
    // 415 `UnsupportedMediaTypeError`, not qualified by another package (mod.rs). Not its 400
    // `BadRequestError` nor 422 `UnprocessableEntityError`: the model-API clients (openai,
    // anthropic, in JavaScript and Python) and Ruby's Faraday use those names for the
    // function's own request refused by a dependency.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: super::HTTP_ERRORS_CLIENT_ERRORS,
    },
    // Jakarta REST's (JAX-RS 2.0+) exceptions for a request that cannot be read:
    // `BadRequestException` (400), `NotAcceptableException` (406, no acceptable media type),
    // `NotSupportedException` (415, unsupported media type), by their package so AWS's
    // `BadRequestException` (a bad call by the function) stays out. The JAX-RS client throws
    // the same classes for a response of those statuses to the function's own call, so not in
    // a report with a REST client's frames (mod.rs).
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: super::JAKARTA_REST_CLIENT_ERRORS,
    },
    // The runtimes' own messages for an event that does not fit the handler's input type: the
    // .NET serializer's `JsonSerializerException` ("Error converting the Lambda event JSON
    // payload to type …" / "… to a string", Amazon.Lambda.Serialization's Json and
    // SystemTextJson `catch` blocks) and the Rust runtime's `DeserializeError` ("failed to
    // deserialize the incoming data into the function's payload type", older releases "… the
    // function payload's type", lambda_runtime's deserializer). Strong and exact: only the
    // runtime prints them, with this text.
    Group {
        signal: RUNTIME_INPUT_SIGNAL,
        kind: Kind::Class(BadInput),
        strong: true,
        exact: true,
        terms: &[
            "Error converting the Lambda event JSON payload to ",
            "failed to deserialize the incoming data into the function",
        ],
    },
    // The other direction: the .NET serializer's message when the function's response cannot
    // be written as JSON ("Error converting the response object of type … from the Lambda
    // function to JSON", the `Serialize` catch blocks of Amazon.Lambda.Serialization's Json and
    // SystemTextJson). The System.Text.Json or Newtonsoft exception it wraps (an object cycle,
    // a null reference) names no input; the response is the code's.
    Group {
        signal: RUNTIME_RESPONSE_SIGNAL,
        kind: Kind::Class(UnhandledException),
        strong: true,
        exact: true,
        terms: &["Error converting the response object of type "],
    },
    // JSON parsers' own error messages for malformed input: V8's `JSON.parse` SyntaxError
    // (`Unexpected token … in JSON at position`, `… is not valid JSON`, `Unexpected end of JSON
    // input`), Go `encoding/json` (`cannot unmarshal`, `invalid character … looking for`),
    // serde_json (`missing field`, `invalid type:`, `expected value at line`) and serde's own
    // `de::Error` / derive messages, which quote the offending name in backticks
    // ("unknown variant `x`", "unknown field `x`", "duplicate field `x`", "data did not match
    // any variant of untagged enum X"), Python's `json.decoder` (`Expecting value:`,
    // `Expecting property name`).
    Group {
        signal: "json_parser_message",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: false,
        terms: &[
            "in JSON at position",
            "is not valid JSON",
            "Unexpected end of JSON input",
            "cannot unmarshal",
            "looking for beginning of value",
            "missing field",
            "invalid type:",
            "expected value at line",
            // serde_json's end-of-input errors ("EOF while parsing a value", "… a list",
            // "… an object", "… a string"), in its Display and Debug (`Error("…", line: 1,
            // column: 0)`) forms alike.
            "EOF while parsing a",
            "unknown variant `",
            "unknown field `",
            "duplicate field `",
            "did not match any variant of untagged enum",
            "Expecting value:",
            "Expecting property name",
            // Go `encoding/json` with `DisallowUnknownFields`, and botocore's
            // `ParamValidationError` message.
            "json: unknown field",
            "Parameter validation failed",
            // middy's `http-json-body-parser`: the event's body did not parse (its 422).
            "Content type defined as JSON but an invalid JSON was provided",
        ],
    },
    // pydantic's `ValidationError` text ("3 validation errors for EventBridgeModel", "1
    // validation error for Order", pydantic-core's `ValidationError.__str__`), which wrappers
    // such as Powertools' parser re-raise under names of their own. Weak.
    Group {
        signal: "validation_library_message",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: &["validation errors for ", "validation error for "],
    },
    // The standard decoders' own messages for data that is not in their encoding, the payload
    // a function was handed (a CloudWatch Logs subscription's `awslogs.data`, a Kinesis
    // record, a base64 body): CPython's binascii (Modules/binascii.c: "Incorrect padding",
    // "Only base64 data is allowed", "Non-base64 digit found", and base64.b64decode's
    // "Invalid base64-encoded string"), its gzip module's `BadGzipFile` ("Not a gzipped file")
    // and zlib's inflate (inflate.c: "incorrect header check", "unknown compression method",
    // "invalid stored block lengths"; Node's zlib errors and Python's `zlib.error` print them).
    // Weak: a failure report must carry them.
    Group {
        signal: "decoder_message",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: false,
        terms: &[
            "Incorrect padding",
            "Only base64 data is allowed",
            "Non-base64 digit found",
            "Invalid base64-encoded string",
            "Not a gzipped file",
            "incorrect header check",
            "unknown compression method",
            "invalid stored block lengths",
        ],
    },
    // PostgreSQL's messages for a value it cannot take as its column's type, SQLSTATE class 22
    // "Data Exception" (PostgreSQL documentation, Appendix A): `invalid input syntax for type`
    // (22P02 invalid_text_representation, 22007 invalid_datetime_format), `invalid input value
    // for enum` (22P02), `date/time field value out of range` (22008), `value too long for
    // type` (22001): the database refused a value's form, input nothing had validated. Weak:
    // a failure report must carry them.
    Group {
        signal: "database_data_exception",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: &[
            "invalid input syntax for type",
            "invalid input value for enum",
            "date/time field value out of range",
            "value too long for type",
        ],
    },
    // Go `encoding/json`'s `UnmarshalTypeError` (encoding/json/decode.go: "json: cannot
    // unmarshal <value> into Go struct field <field> of type <type>" / "… into Go value of type
    // <type>"): only that decoder writes these words after `cannot unmarshal ` (mod.rs), so
    // they decide without a level.
    Group {
        signal: "json_parser_message",
        kind: Kind::Class(BadInput),
        strong: true,
        exact: true,
        terms: super::GO_UNMARSHAL,
    },
    // Stack traces: .NET's inner-exception marker ` ---> ` (Exception.ToString()); Python `Traceback (most recent call last)`, Go's `goroutine N [running]`,
    // Rust's `panicked at`, Go's `panic:`, Java's `Exception in thread` and `Caused by:`, .NET's
    // `--- End of inner exception stack trace ---`, the error object's `stackTrace` /
    // `stack` fields (Lambda, Node), and PHP's `Stack trace:` over its first `#0 ` frame
    // (`Throwable::getTraceAsString`, as PHP prints an uncaught exception). `\n    at ` frames
    // are found by `has_stack`.
    Group {
        signal: "stack_trace",
        kind: Kind::Stack,
        strong: true,
        exact: false,
        terms: &[
            "Traceback (most recent call last)",
            "goroutine ",
            "panicked at",
            "panic:",
            "Exception in thread",
            "End of inner exception stack trace",
            " ---> ",
            "\"stackTrace\"",
            "\"stack\"",
            "\"stack_trace\"",
            "Stack trace:\n#0 ",
        ],
    },
    // Node's report of a rejected promise nobody handled (Node < 15 prints it as a process
    // warning, but its payload is the error) and Lambda's error type for it.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: &[
            "UnhandledPromiseRejectionWarning",
            "Runtime.UnhandledPromiseRejection",
        ],
    },
    // The Go runtime's run-time panics (`runtime.Error`, runtime/error.go and runtime/panic.go):
    // each message starts `runtime error: ` (nil dereference, index and slice bounds, integer
    // division by zero, makeslice, unhashable map key). aws-lambda-go recovers a handler panic
    // and reports this message as the function's error, so it is how a Go function's crash
    // reaches the log even without the `panic:` head.
    Group {
        signal: "go_runtime_error",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: &[
            "runtime error: invalid memory address or nil pointer dereference",
            "runtime error: index out of range",
            "runtime error: slice bounds out of range",
            "runtime error: integer divide by zero",
            "runtime error: makeslice",
            "runtime error: hash of unhashable type",
        ],
    },
    // aws-lambda-go's invoke loop (lambda/invoke_loop.go) after it recovered a handler panic
    // and reported it to the runtime API, just before the process exits.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: &["calling the handler function resulted in a panic"],
    },
    // The Swift runtime's report of an error thrown out of the program's top level (the
    // standard library's `_errorInMain`, stdlib/public/core/ErrorType.swift): uncaught, and the
    // process traps.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        // At the head of a line only (mod.rs): the standard library prints it there.
        terms: &[super::SWIFT_TOP_LEVEL_ERROR],
    },
    // PHP's fatal error for an exception nobody caught (Zend's `Uncaught %s`, printed as
    // `Fatal error: Uncaught <Class>: <message> in <file>:<line>` and, in the error log, with
    // the `PHP ` prefix and two spaces), before its class (mod.rs).
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: super::PHP_UNCAUGHT,
    },
    // Swift's `fatalError` / failed precondition (`<file>.swift:<line>: Fatal error:
    // <message>`, only after a Swift file and line, mod.rs), after which the process traps.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: &[super::SWIFT_FATAL_ERROR],
    },
    // libstdc++'s verbose terminate handler (GCC's default, vterminate.cc): a C++ exception
    // that nothing caught, named before `what():` and the abort it causes (a native addon or
    // binary the function runs). The exception is the cause the abort follows.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: true,
        exact: true,
        terms: &["terminate called after throwing an instance of '"],
    },
    // The runtimes' words for an error that escaped the handler: Node's `Invoke Error`,
    // `Uncaught Exception`, `Unhandled Promise Rejection`; the .NET host's `Unhandled exception.
    // System.…` (the runtimes' `LAMBDA_WARNING: Unhandled exception …` beside the error is a
    // warning, `after_lambda_warning` in mod.rs); Runtime.UnhandledPromiseRejection.
    Group {
        signal: "uncaught",
        kind: Kind::Uncaught,
        strong: false,
        exact: false,
        terms: &[
            "Invoke Error",
            "Uncaught Exception",
            "Unhandled Promise Rejection",
            "Unhandled exception",
        ],
    },
];
