//! The vocabularies the classifier matches: each list comes from a published source named in its
//! comment (Lambda's own messages and error types, the AWS SDKs' retry lists, the languages'
//! standard exception hierarchies, POSIX errno and getaddrinfo names). A phrase that only one
//! log sample contained does not belong here.
//!
//! Matching rules (applied in `mod.rs`):
//! - every term must stand at a word boundary (no letter, digit or `_` on either side), so
//!   `throttlingConfig` or `NoErrorHandler` never match;
//! - `exact` terms are identifiers (error codes, exception class names) and must match with
//!   their own case: `SlowDown` is an S3 code, "slow down" is prose;
//! - `strong` terms are specific enough to raise an incident on a line that has no log level
//!   and no error object (issue 10, level discipline); the others need a failure level, an
//!   error object or a stack trace around them.

use crate::model::FailureClass;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Class(FailureClass),
    /// The runtime exited: `runtime_exit` unless the same text or invocation shows why.
    Exit,
    /// `signal: killed`: out-of-memory or a plain kill, decided by memory evidence.
    Killed,
    /// A stack trace or traceback marker: the text is an exception report.
    Stack,
    /// The runtime says the error escaped the handler.
    Uncaught,
    /// A structural marker (a bit of [`MARKERS`]): found in the same pass, decided in mod.rs.
    Marker(u32),
}

pub struct Group {
    /// Stable signal name shown as the incident's evidence.
    pub signal: &'static str,
    pub kind: Kind,
    pub strong: bool,
    pub exact: bool,
    pub terms: &'static [&'static str],
}

/// The signal of the runtimes' own messages for an event that does not fit the handler's input
/// type; when one holds it decides the class (mod.rs).
pub const RUNTIME_INPUT_SIGNAL: &str = "runtime_input_error";

/// The signal of the runtimes' own messages for a response the function returned that could
/// not be written out; when one holds it decides the class (mod.rs): the code's bug, not the
/// input's, whatever serializer exception it wraps.
pub const RUNTIME_RESPONSE_SIGNAL: &str = "runtime_response_error";

/// The signal of exception-name suffixes, the one group matched without a left word boundary.
pub const SUFFIX_SIGNAL: &str = "exception_hierarchy_suffix";

mod causes;
mod input;
mod platform;

/// Every vocabulary group, in matching order: the platform's, the specific causes', then bad
/// input and the uncaught shapes.
pub const GROUPS: &[&[Group]] = &[platform::GROUPS, causes::GROUPS, input::GROUPS];

/// Node's CommonJS loader evaluating a module (lib/internal/modules/cjs/loader.js), as a V8
/// stack frame names it.
pub const NODE_MODULE_COMPILE_FRAME: &str = "Module._compile";

/// CommonJS's `Module._load` frame (`Function.Module._load` before Node 18): a `require` in
/// progress.
pub const NODE_MODULE_LOAD_FRAME: &str = "Module._load";

/// The custom runtime's `bootstrap` script named in a shell error (`/opt/bootstrap: line 3: …`);
/// it holds only before a line number and `: ` (mod.rs).
pub const BOOTSTRAP_SHELL_ERROR: &str = "/bootstrap: line ";

/// The same for the entrypoint script of Lambda's base container images (`ENTRYPOINT
/// ["/lambda-entrypoint.sh"]`, which starts the runtime): `/lambda-entrypoint.sh: line 14:
/// /var/runtime/bootstrap: Permission denied`.
pub const ENTRYPOINT_SHELL_ERROR: &str = "/lambda-entrypoint.sh: line ";

/// Java's class-loading errors (platform.rs): an init failure only while the handler is not yet
/// running (mod.rs).
pub const JAVA_LINKAGE_ERRORS: &[&str] = &[
    "ClassNotFoundException",
    "NoClassDefFoundError",
    "ExceptionInInitializerError",
    "UnsupportedClassVersionError",
    "UnsatisfiedLinkError",
];

/// The JVM's own detail messages of `OutOfMemoryError` (Oracle's Java SE troubleshooting guide,
/// "Understand the OutOfMemoryError Exception"); they hold only as a whole message (mod.rs).
pub const JVM_OUT_OF_MEMORY_MESSAGES: &[&str] = &[
    "Java heap space",
    "GC overhead limit exceeded",
    "Requested array size exceeds VM limit",
    "Metaspace",
    "Compressed class space",
];

/// Swift's report of an error thrown out of the top level (input.rs).
pub const SWIFT_TOP_LEVEL_ERROR: &str = "Fatal error: Error raised at top level";

/// Swift's `fatalError` / precondition report (the standard library's `_assertionFailure`,
/// stdlib/public/core/AssertCommon.swift: `<file>:<line>: Fatal error: <message>`); it holds only
/// after a `.swift` file and line (mod.rs).
pub const SWIFT_FATAL_ERROR: &str = "Fatal error: ";

/// The local emulators' report of an invocation that hit the function's timeout: AWS SAM CLI's
/// (samcli/local/lambdafn/runtime.py: `Function '%s' timed out after %d seconds`) and
/// serverless-offline's (`Your λ handler '%s' timed out after %dms.`), their `Task timed out
/// after`; it holds only in those sentences (mod.rs).
pub const EMULATOR_TIMEOUT: &str = "' timed out after ";

/// libuv's error names (`uv-errno.h`, `UV_ERRNO_MAP`): the codes of Node's `SystemError`,
/// whose message is `<code>: <uv_strerror text>, <syscall>` (lib/internal/errors.js,
/// `uvException`), with ` '<path>'` (and ` -> '<dest>'`) when the call had them. The network
/// ones are also the dependency vocabulary's (causes.rs), which decides their class first.
pub const LIBUV_ERRNO_NAMES: &[&str] = &[
    "E2BIG",
    "EACCES",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "EAFNOSUPPORT",
    "EAGAIN",
    "EALREADY",
    "EBADF",
    "EBUSY",
    "ECANCELED",
    "ECHARSET",
    "ECONNABORTED",
    "ECONNREFUSED",
    "ECONNRESET",
    "EDESTADDRREQ",
    "EEXIST",
    "EFAULT",
    "EFBIG",
    "EFTYPE",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "EILSEQ",
    "EINTR",
    "EINVAL",
    "EIO",
    "EISCONN",
    "EISDIR",
    "ELOOP",
    "EMFILE",
    "EMLINK",
    "EMSGSIZE",
    "ENAMETOOLONG",
    "ENETDOWN",
    "ENETUNREACH",
    "ENFILE",
    "ENOBUFS",
    "ENODATA",
    "ENODEV",
    "ENOENT",
    "ENOMEM",
    "ENONET",
    "ENOPROTOOPT",
    "ENOSPC",
    "ENOSYS",
    "ENOTCONN",
    "ENOTDIR",
    "ENOTEMPTY",
    "ENOTSOCK",
    "ENOTSUP",
    "ENOTTY",
    "ENXIO",
    "EOF",
    "EOVERFLOW",
    "EPERM",
    "EPIPE",
    "EPROTO",
    "EPROTONOSUPPORT",
    "EPROTOTYPE",
    "ERANGE",
    "EREMOTEIO",
    "EROFS",
    "ESHUTDOWN",
    "ESOCKTNOSUPPORT",
    "ESPIPE",
    "ESRCH",
    "ETIMEDOUT",
    "ETXTBSY",
    "EUNATCH",
    "EXDEV",
];

/// The Zend engine's fatal error for PHP's `max_execution_time` (platform.rs): the number of
/// seconds and `second` must follow (mod.rs).
pub const PHP_MAX_EXECUTION_TIME: &str = "Maximum execution time of ";

/// Python's `KeyError` (input.rs): bad input only when the key missing is the event's.
pub const PYTHON_KEY_ERROR: &str = "KeyError";

/// The `http-errors` client-error names (input.rs), matched only where no `.` or `::`
/// qualifies them.
pub const HTTP_ERRORS_CLIENT_ERRORS: &[&str] = &[
    "NotAcceptableError",
    "PayloadTooLargeError",
    "UnsupportedMediaTypeError",
];

/// Jakarta REST's request-reading exceptions (input.rs): the server's, not its client's.
pub const JAKARTA_REST_CLIENT_ERRORS: &[&str] = &[
    "javax.ws.rs.BadRequestException",
    "jakarta.ws.rs.BadRequestException",
    "javax.ws.rs.NotAcceptableException",
    "jakarta.ws.rs.NotAcceptableException",
    "javax.ws.rs.NotSupportedException",
    "jakarta.ws.rs.NotSupportedException",
];

/// PHP's fatal error for an uncaught exception (input.rs); it holds only before the class and
/// `: ` (`Uncaught RuntimeException: …`, mod.rs).
pub const PHP_UNCAUGHT: &[&str] = &["Fatal error: Uncaught ", "Fatal error:  Uncaught "];

/// Go encoding/json's `UnmarshalTypeError` (input.rs); it holds only after `cannot unmarshal `
/// on its line (mod.rs).
pub const GO_UNMARSHAL: &[&str] = &[" into Go struct field ", " into Go value of type "];

/// Go net/http's client timeout (causes.rs); it holds only right after the error it annotates
/// (`net/http: request canceled (…)`, `context deadline exceeded (…)`, mod.rs).
pub const GO_CLIENT_TIMEOUT: &[&str] = &[
    "(Client.Timeout exceeded while awaiting headers)",
    "(Client.Timeout exceeded while reading body)",
    "Client.Timeout or context cancellation while reading body",
];

/// Jackson's exception for a type it cannot map (input.rs); bad input only while deserializing
/// (mod.rs).
pub const JACKSON_INVALID_DEFINITION: &str = "InvalidDefinitionException";

/// .NET's cancelled HTTP request (causes.rs); it holds only with a frame of `System.Net.Http`
/// on the stack (mod.rs), since the same exceptions end any cancelled task.
pub const DOTNET_HTTP_CANCELLATION: &[&str] =
    &["TaskCanceledException", "OperationCanceledException"];

/// .NET's loader message for a missing assembly (platform.rs); it holds only as an exception's
/// message: at the head of its line, or after `…Exception: ` (mod.rs).
pub const DOTNET_ASSEMBLY_LOAD: &str = "Could not load file or assembly '";

/// Terms that hold only at the head of a line, where the runtime prints them.
pub const LINE_HEAD_TERMS: &[&str] = &[SWIFT_TOP_LEVEL_ERROR];

/// CPython's frozen import machinery as a traceback frame names it.
pub const PYTHON_IMPORTLIB_FRAME: &str = "<frozen importlib._bootstrap>";

/// Structural markers, found by the same pass as the vocabularies (exact case, no word
/// boundary) so that the checks they gate need no scan of their own.
pub mod marker {
    /// The `errorMessage` key of Lambda's error object.
    pub const ERROR_MESSAGE: u32 = 1 << 0;
    /// `Name: ` heads of exception reports (`KeyError: 'x'`, `java.net.ConnectException: …`).
    pub const HEAD: u32 = 1 << 1;
    pub const SYNTAX_ERROR: u32 = 1 << 2;
    /// `JSON.parse` as a stack frame.
    pub const JSON_PARSE_FRAME: u32 = 1 << 3;
    /// The shapes in which the AWS SDKs print a service's error response, in pairs that must
    /// appear together: aws-sdk-java v1 `(Service: X; Status Code: N; Error Code: Y; …)` and v2
    /// `(Service: X, Status Code: N, Request ID: …)`, botocore `An error occurred (Code) when
    /// calling the Op operation`, aws-sdk-js v2 `code: '…', statusCode: N, retryable: …`
    /// (util.inspect's form; `"statusCode": N, "retryable": …` when the error is
    /// `JSON.stringify`'d, its own enumerable fields), aws-sdk-js-v3 `$metadata: {
    /// httpStatusCode: N`, aws-sdk-go-v2 `operation error
    /// Service: Op, https response error StatusCode: N`; and alone, the AWS SDK for .NET's
    /// `Amazon.Runtime.Internal.HttpErrorResponseException`, the inner exception of every
    /// service exception it raises from an error response (`AmazonDynamoDBException: … --->
    /// Amazon.Runtime.Internal.HttpErrorResponseException`, its HttpErrorResponseExceptionHandler).
    pub const JAVA_SERVICE: u32 = 1 << 4;
    pub const JAVA_STATUS_CODE: u32 = 1 << 5;
    pub const BOTOCORE_OCCURRED: u32 = 1 << 6;
    pub const BOTOCORE_CALLING: u32 = 1 << 7;
    pub const JS_STATUS_CODE: u32 = 1 << 8;
    pub const JS_RETRYABLE: u32 = 1 << 9;
    pub const JS3_METADATA: u32 = 1 << 10;
    pub const JS3_HTTP_STATUS: u32 = 1 << 11;
    pub const GO2_OPERATION: u32 = 1 << 12;
    pub const GO2_RESPONSE: u32 = 1 << 13;
    /// A stack frame of the runtime's own handler loader, present only when the failure was
    /// raised while the function was being loaded: the Node.js runtime interface client's
    /// `_loadUserApp` / `_tryRequire` (UserFunction.js), awslambdaric's `_get_handler`
    /// (bootstrap.py) and CPython's import machinery under it (`<frozen importlib._bootstrap>`),
    /// Amazon.Lambda.RuntimeSupport's `UserCodeLoader.Init` (.NET), and Node's CommonJS loader
    /// (`Module._compile`) when no deployment-package frame runs below it, or `Module._load`
    /// when every frame of the trace is the module system's.
    pub const LOADER_FRAME: u32 = 1 << 14;
    /// `Exception` anywhere: gates the search for the .NET runtime's `message: TypeException`
    /// report, the one exception shape with no `Name: ` head.
    pub const EXCEPTION_WORD: u32 = 1 << 15;
    /// `", line ` of a Python traceback's frame header (`File "app.py", line 9, in h`): gates
    /// the look back from each later match for the source line it may sit on. The header
    /// always comes before its source, so the pass has seen it by then.
    pub const PYTHON_FRAME: u32 = 1 << 16;
    pub const DOTNET_HTTP_ERROR_RESPONSE: u32 = 1 << 17;
    /// A defect word of `input_defect_message` (`invalid`, `missing`, `required`, …) in any
    /// case: gates that search, so a report with none of them never runs it.
    pub const INPUT_DEFECT_WORD: u32 = 1 << 18;
    /// Markers that count in any case (the others must match their text exactly).
    pub const CASELESS: u32 = INPUT_DEFECT_WORD;
    pub const SERVICE_ERROR_PAIRS: [(u32, u32); 6] = [
        (JAVA_SERVICE, JAVA_STATUS_CODE),
        (DOTNET_HTTP_ERROR_RESPONSE, DOTNET_HTTP_ERROR_RESPONSE),
        (GO2_OPERATION, GO2_RESPONSE),
        (BOTOCORE_OCCURRED, BOTOCORE_CALLING),
        (JS_STATUS_CODE, JS_RETRYABLE),
        (JS3_METADATA, JS3_HTTP_STATUS),
    ];
}

pub const MARKERS: &[(&str, u32)] = &[
    ("\"errorMessage\"", marker::ERROR_MESSAGE),
    ("Error:", marker::HEAD),
    ("Exception:", marker::HEAD),
    ("SyntaxError", marker::SYNTAX_ERROR),
    ("at JSON.parse", marker::JSON_PARSE_FRAME),
    ("at Object.parse", marker::JSON_PARSE_FRAME),
    ("(Service: ", marker::JAVA_SERVICE),
    ("Status Code: ", marker::JAVA_STATUS_CODE),
    ("operation error ", marker::GO2_OPERATION),
    ("https response error StatusCode: ", marker::GO2_RESPONSE),
    ("An error occurred (", marker::BOTOCORE_OCCURRED),
    (") when calling the ", marker::BOTOCORE_CALLING),
    ("statusCode: ", marker::JS_STATUS_CODE),
    ("retryable: ", marker::JS_RETRYABLE),
    ("\"statusCode\":", marker::JS_STATUS_CODE),
    ("\"retryable\":", marker::JS_RETRYABLE),
    ("$metadata", marker::JS3_METADATA),
    ("httpStatusCode", marker::JS3_HTTP_STATUS),
    (
        "Amazon.Runtime.Internal.HttpErrorResponseException",
        marker::DOTNET_HTTP_ERROR_RESPONSE,
    ),
    ("_loadUserApp", marker::LOADER_FRAME),
    ("_tryRequire", marker::LOADER_FRAME),
    ("in _get_handler", marker::LOADER_FRAME),
    (PYTHON_IMPORTLIB_FRAME, marker::LOADER_FRAME),
    ("UserCodeLoader.Init", marker::LOADER_FRAME),
    (NODE_MODULE_COMPILE_FRAME, marker::LOADER_FRAME),
    (NODE_MODULE_LOAD_FRAME, marker::LOADER_FRAME),
    ("Exception", marker::EXCEPTION_WORD),
    ("\", line ", marker::PYTHON_FRAME),
    // Every defect `input_defect_message` looks for holds one of these words.
    ("invalid", marker::INPUT_DEFECT_WORD),
    ("missing", marker::INPUT_DEFECT_WORD),
    ("malformed", marker::INPUT_DEFECT_WORD),
    ("supported", marker::INPUT_DEFECT_WORD),
    ("unknown", marker::INPUT_DEFECT_WORD),
    ("unexpected", marker::INPUT_DEFECT_WORD),
    ("mandatory", marker::INPUT_DEFECT_WORD),
    ("required", marker::INPUT_DEFECT_WORD),
    ("determine", marker::INPUT_DEFECT_WORD),
    ("unable to infer", marker::INPUT_DEFECT_WORD),
    ("failed validation", marker::INPUT_DEFECT_WORD),
    ("not valid", marker::INPUT_DEFECT_WORD),
];

/// HTTP statuses, in the shapes clients print them, and the class each means: 429 (RFC 6585,
/// every SDK's throttling status), 401/403 (authentication/authorisation), and the SDKs'
/// `TRANSIENT_ERROR_STATUS_CODES` 500/502/503/504.
pub fn http_status_class(code: u16) -> Option<FailureClass> {
    match code {
        429 => Some(FailureClass::Throttling),
        401 | 403 => Some(FailureClass::PermissionDenied),
        500 | 502 | 503 | 504 => Some(FailureClass::DependencyUnavailable),
        _ => None,
    }
}
