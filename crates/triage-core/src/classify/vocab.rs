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
    Marker(u16),
}

pub struct Group {
    /// Stable signal name shown as the incident's evidence.
    pub signal: &'static str,
    pub kind: Kind,
    pub strong: bool,
    pub exact: bool,
    pub terms: &'static [&'static str],
}

use FailureClass::*;

/// The signal of exception-name suffixes, the one group matched without a left word boundary.
pub const SUFFIX_SIGNAL: &str = "exception_hierarchy_suffix";

pub const GROUPS: &[Group] = &[
    // Lambda's runtime and platform error types (`errorType` / REPORT `Error Type`), from the
    // Lambda Developer Guide ("Invoke" API errors, "Troubleshoot invocation / deployment
    // issues", runtime API `Lambda-Runtime-Function-Error-Type`).
    Group {
        signal: "lambda_error_type",
        kind: Kind::Class(Timeout),
        strong: true,
        exact: true,
        // `Sandbox.Timeout` is the emulator's spelling (lambda/fatalerror).
        terms: &["Sandbox.Timedout", "Sandbox.Timeout", "Runtime.Timeout"],
    },
    Group {
        signal: "lambda_error_type",
        kind: Kind::Class(OutOfMemory),
        strong: true,
        exact: true,
        terms: &["Runtime.OutOfMemory"],
    },
    Group {
        signal: "lambda_error_type",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[
            "Runtime.ImportModuleError",
            "Runtime.HandlerNotFound",
            "Runtime.UserCodeSyntaxError",
            "Runtime.MalformedHandlerName",
            "Runtime.InvalidEntrypoint",
            "Runtime.InvalidWorkingDirectory",
            "Runtime.InvalidRuntime",
            "Runtime.InitError",
            "Runtime.MissingBootstrap",
            "Extension.InitError",
            "Extension.LaunchError",
            // The runtime interface emulator's fatal error types (lambda/fatalerror): the
            // short spelling of the working-directory error and a bad task configuration.
            "Runtime.InvalidWorkingDir",
            "Runtime.InvalidTaskConfig",
            // awslambdaric (Python) `FaultException` types for a function that cannot be
            // loaded: a module that shadows a built-in one, SnapStart's before-snapshot and
            // after-restore hooks (run in the init and restore phases).
            "Runtime.BuiltInModuleConflict",
            "Runtime.BeforeSnapshotError",
            "Runtime.AfterRestoreError",
            // The Node.js runtime interface client's errors for a handler it cannot use
            // (Errors.ts): a malformed streaming handler, a callback-style handler the runtime
            // no longer supports, a native client it cannot load.
            "Runtime.MalformedStreamingHandler",
            "Runtime.CallbackHandlerDeprecated",
            "Runtime.NativeClientLoading",
        ],
    },
    // The handler ran but gave the runtime something it cannot deliver: a result that does not
    // serialise (awslambdaric `Runtime.MarshalError`, Node `Runtime.JSONStringifyError`), a
    // misuse of the response stream (`Runtime.InvalidStreamingOperation`), a bad response-mode
    // header or an oversized response (emulator `Runtime.InvalidResponseModeHeader`,
    // `Function.ResponseSizeTooLarge`). A bug in the function's code.
    Group {
        signal: "lambda_error_type",
        kind: Kind::Class(UnhandledException),
        strong: true,
        exact: true,
        terms: &[
            "Runtime.MarshalError",
            "Runtime.JSONStringifyError",
            "Runtime.InvalidStreamingOperation",
            "Runtime.InvalidResponseModeHeader",
            "Function.ResponseSizeTooLarge",
        ],
    },
    // awslambdaric `Runtime.UnmarshalError`: the runtime could not decode the invocation's
    // event (`Unable to unmarshal input`).
    Group {
        signal: "lambda_error_type",
        kind: Kind::Class(BadInput),
        strong: true,
        exact: true,
        terms: &["Runtime.UnmarshalError"],
    },
    Group {
        signal: "lambda_error_type",
        kind: Kind::Exit,
        strong: true,
        exact: true,
        // `Runtime.Unknown`: Lambda's type for a runtime that failed without saying why
        // (printed after "Unknown application error occurred"); an exit, so a cause the same
        // text shows wins.
        terms: &[
            "Runtime.ExitError",
            "Extension.Crash",
            "Runtime.Crash",
            "Runtime.Unknown",
            // The emulator's fatal error types (lambda/fatalerror): an extension that exited
            // after reporting an error, a sandbox failure, a response cut off by the runtime
            // and a function failure of no known type; awslambdaric's and the Node client's
            // errors for the runtime's own link to the Runtime API.
            "Extension.ExitError",
            "Sandbox.Failure",
            "Runtime.TruncatedResponse",
            "Function.Unknown",
            "Runtime.LambdaRuntimeClientError",
            "Runtime.PlatformError",
        ],
    },
    // A process killed by a crash signal (POSIX signal names, the shell's `core dumped`, Go's
    // `signal: segmentation violation` report), as Lambda and the runtimes print it.
    Group {
        signal: "crash_signal",
        kind: Kind::Exit,
        strong: true,
        exact: false,
        terms: &[
            "Segmentation fault",
            "segmentation violation",
            "SIGSEGV",
            "SIGABRT",
            "SIGBUS",
            "signal: aborted",
            "core dumped",
        ],
    },
    // Ruby's core exception raised in a process that received a signal (`SignalException`,
    // "Raised when a signal is received", with `Interrupt` as its SIGINT subclass): the
    // runtime was stopped from outside, which is an exit, not a bug in the handler.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(RuntimeExit),
        strong: false,
        exact: true,
        terms: &["SignalException"],
    },
    // Lambda's own platform messages (Lambda Developer Guide, "Troubleshoot invocation issues").
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Class(Timeout),
        strong: true,
        exact: false,
        terms: &["Task timed out after", "Status: timeout"],
    },
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Exit,
        strong: true,
        exact: false,
        terms: &[
            "Runtime exited with error",
            "Runtime exited without providing a reason",
            "Process exited before completing request",
            "Unknown application error occurred",
        ],
    },
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Killed,
        strong: true,
        exact: false,
        terms: &["signal: killed"],
    },
    // Runtime loaders' messages for a function that cannot be loaded: the Python runtime
    // bootstrap (`Unable to import module`), Node's module loader (`MODULE_NOT_FOUND`,
    // `ERR_MODULE_NOT_FOUND`, `ERR_REQUIRE_ESM`), the provided runtimes (`Couldn't find valid
    // bootstrap(s)`), the Java runtime (`Class not found`), Ruby's `LoadError`.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: false,
        terms: &[
            "Unable to import module",
            "Cannot find module",
            "ERR_MODULE_NOT_FOUND",
            "ERR_REQUIRE_ESM",
            "Couldn't find valid bootstrap",
            "Invalid lambda function handler",
            "Could not find the specified handler assembly",
            "Unable to load assembly",
            "Unable to load type",
            "missing on module",
            "is undefined or not exported",
            "Class not found:",
            "cannot load such file",
        ],
    },
    // Language exceptions for code that cannot be loaded: Python `ImportError` and its subclass
    // `ModuleNotFoundError`; Java `ClassNotFoundException` / `NoClassDefFoundError`; .NET
    // `FileNotFoundException` for assemblies is too general and is not listed.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(InitError),
        strong: false,
        exact: true,
        terms: &[
            "ModuleNotFoundError",
            "ImportError",
            "ClassNotFoundException",
            "NoClassDefFoundError",
            "LoadError",
            // Java's `LinkageError` family for a class that cannot be made ready: its static
            // initialiser threw (`ExceptionInInitializerError`), it was compiled for a newer
            // JVM (`UnsupportedClassVersionError`), its native library is missing
            // (`UnsatisfiedLinkError`); .NET's equivalents: a static constructor that threw
            // (`TypeInitializationException`), a type or assembly that cannot be loaded
            // (`TypeLoadException`, `BadImageFormatException`).
            "ExceptionInInitializerError",
            "UnsupportedClassVersionError",
            "UnsatisfiedLinkError",
            "TypeInitializationException",
            "TypeLoadException",
            "BadImageFormatException",
        ],
    },
    // Lambda's own errors for a function whose environment could not be set up (Lambda API
    // Reference, Invoke, Errors): a deployment package it cannot unzip, a runtime it does not
    // support, a VPC configuration with a security group or subnet that does not exist, and
    // SnapStart failures (Lambda's `SnapStartException`, `SnapStartNotReadyException`,
    // `SnapStartTimeoutException`).
    Group {
        signal: "lambda_invoke_error",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[
            "InvalidZipFileException",
            "InvalidRuntimeException",
            "InvalidSecurityGroupIDException",
            "InvalidSubnetIDException",
            "SnapStartException",
            "SnapStartNotReadyException",
            "SnapStartTimeoutException",
        ],
    },
    // The same reference: the function's network or file system cannot be reached (EC2 failed
    // to set up its network interface, the EFS mount failed or timed out, an I/O error on it).
    Group {
        signal: "lambda_invoke_error",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "EC2UnexpectedException",
            "EFSIOException",
            "EFSMountConnectivityException",
            "EFSMountFailureException",
            "EFSMountTimeoutException",
        ],
    },
    // ... a capacity limit of the function's VPC (no network interface or IP address left).
    Group {
        signal: "lambda_invoke_error",
        kind: Kind::Class(Throttling),
        strong: true,
        exact: true,
        terms: &[
            "ENILimitReachedException",
            "SubnetIPAddressLimitReachedException",
        ],
    },
    // ... a request body that is not JSON, too large, or of a media type Lambda does not take.
    Group {
        signal: "lambda_invoke_error",
        kind: Kind::Class(BadInput),
        strong: true,
        exact: true,
        terms: &[
            "InvalidRequestContentException",
            "RequestTooLargeException",
            "UnsupportedMediaTypeException",
        ],
    },
    // ... and the function's role cannot manage its network interfaces.
    Group {
        signal: "lambda_invoke_error",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: true,
        terms: &["EC2AccessDeniedException"],
    },
    // Runtimes' out-of-memory errors: Python `MemoryError`, Java `OutOfMemoryError`, .NET
    // `OutOfMemoryException`, Ruby `NoMemoryError`, V8's fatal `JavaScript heap out of memory`, the Go runtime's
    // `fatal error: runtime: out of memory`, Rust's alloc error handler `memory allocation of
    // N bytes failed`, C++ `std::bad_alloc`, and ENOMEM's strerror text.
    Group {
        signal: "runtime_out_of_memory",
        kind: Kind::Class(OutOfMemory),
        strong: true,
        exact: true,
        terms: &[
            "MemoryError",
            "OutOfMemoryError",
            "OutOfMemoryException",
            // .NET's subclass of OutOfMemoryException for a failed memory gate check.
            "InsufficientMemoryException",
            "NoMemoryError",
            "std::bad_alloc",
        ],
    },
    // errno ENOMEM (POSIX; its strerror text "Cannot allocate memory" is listed below), as
    // Node prints errno names for a failed system call (`spawn ENOMEM`, `code: 'ENOMEM'`): the
    // kernel had no memory left for the process. Counted only in those shapes (`errno_in_shape`).
    Group {
        signal: "errno",
        kind: Kind::Class(OutOfMemory),
        strong: true,
        exact: true,
        terms: &["ENOMEM"],
    },
    Group {
        signal: "runtime_out_of_memory",
        kind: Kind::Class(OutOfMemory),
        strong: true,
        exact: false,
        terms: &[
            "JavaScript heap out of memory",
            // V8's older wording of the same fatal error (`Allocation failed - process out of
            // memory`).
            "process out of memory",
            "runtime: out of memory",
            "Cannot allocate memory",
            "memory allocation of",
        ],
    },
    // Permission: the AWS error codes for authorisation and authentication failures, from the
    // AWS API "Common Errors" reference (AccessDeniedException, InvalidClientTokenId,
    // NotAuthorized, UnrecognizedClientException, ExpiredToken...), S3 (`AccessDenied`), EC2
    // (`UnauthorizedOperation`), SNS (`AuthorizationError`), KMS / Lambda
    // (`KMSAccessDeniedException`), and the SDKs' clock-skew list (`SignatureDoesNotMatch`...).
    Group {
        signal: "aws_error_code",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: true,
        terms: &[
            "AccessDenied",
            "AccessDeniedException",
            "KMSAccessDeniedException",
            "UnauthorizedOperation",
            "UnauthorizedException",
            "NotAuthorized",
            "AuthorizationError",
            "AuthorizationErrorException",
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "MissingAuthenticationToken",
            "SignatureDoesNotMatch",
            "InvalidSignatureException",
            "IncompleteSignature",
            "ExpiredToken",
            "ExpiredTokenException",
            "ForbiddenException",
            "AuthFailure",
            // The rest of aws-sdk-js-v3 `CLOCK_SKEW_ERROR_CODES` (and aws-sdk-java-v2
            // `AwsErrorCode` definite clock-skew codes): the request's signature is rejected
            // as expired or from the future.
            "RequestExpired",
            "RequestInTheFuture",
            "RequestTimeTooSkewed",
            // AWS "Common Errors": the account is not subscribed to the service; S3: the
            // access key id does not exist, or all access to the resource is disabled.
            "OptInRequired",
            "InvalidAccessKeyId",
            "AllAccessDisabled",
        ],
    },
    // Missing or unusable credentials, as the SDKs name them: botocore `NoCredentialsError`
    // (`Unable to locate credentials`), aws-sdk-js-v3 `CredentialsProviderError` (`Could not
    // load credentials from any providers`), aws-sdk-java `SdkClientException: Unable to load
    // credentials`.
    Group {
        signal: "sdk_credentials_error",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: false,
        terms: &[
            "NoCredentialsError",
            "CredentialsProviderError",
            "Unable to locate credentials",
            "Could not load credentials from any providers",
            "Unable to load credentials",
            // The rest of botocore's credential errors (exceptions.py: `PartialCredentialsError`,
            // `CredentialRetrievalError`, the SSO token errors and their messages),
            // aws-sdk-js-v3 `TokenProviderError`, aws-sdk-js v2 `CredentialsError` (`Missing
            // credentials in config`), aws-sdk-go v1 `NoCredentialProviders`, aws-sdk-ruby
            // `MissingCredentialsError`.
            "PartialCredentialsError",
            "CredentialRetrievalError",
            "SSOTokenLoadError",
            "UnauthorizedSSOTokenError",
            "Partial credentials found in",
            "Error when retrieving credentials from",
            "TokenProviderError",
            "CredentialsError",
            "Missing credentials in config",
            "NoCredentialProviders",
            "MissingCredentialsError",
        ],
    },
    // The IAM policy evaluation message AWS services return with AccessDenied (IAM User Guide,
    // "Troubleshoot access denied error messages"); errno EACCES (POSIX).
    Group {
        signal: "aws_error_message",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: false,
        terms: &["is not authorized to perform"],
    },
    // Lambda's own message for `KMSAccessDeniedException` (Lambda API Reference, Invoke,
    // Errors: "Lambda couldn't decrypt the environment variables because KMS access was
    // denied"; the invoke response says "Lambda was unable to …"): the shared tail covers both.
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: false,
        terms: &["decrypt the environment variables because KMS access was denied"],
    },
    Group {
        signal: "errno",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: true,
        // EROFS: a write to the read-only file system (in Lambda, anywhere but /tmp).
        terms: &["EACCES", "EPERM", "EROFS"],
    },
    Group {
        signal: "errno_message",
        kind: Kind::Class(PermissionDenied),
        strong: false,
        exact: false,
        terms: &[
            "Permission denied",
            "Access Denied",
            "Forbidden",
            "Read-only file system",
        ],
    },
    // The standard hierarchies' permission errors: Python's `PermissionError` (the OSError
    // subclass for EACCES / EPERM), .NET's `UnauthorizedAccessException` (an I/O access the
    // OS refused).
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(PermissionDenied),
        strong: false,
        exact: true,
        terms: &["PermissionError", "UnauthorizedAccessException"],
    },
    // Throttling: the SDKs' own lists of throttling error codes, identical in botocore
    // (`retries/standard.py` `_THROTTLED_ERROR_CODES`), aws-sdk-js-v3
    // (`service-error-classification` `THROTTLING_ERROR_CODES`), smithy-rs (`THROTTLING_ERRORS`)
    // and aws-sdk-java-v2 (`AwsErrorCode.THROTTLING_ERROR_CODES`); plus Lambda's invoke-side
    // throttles from the Lambda Invoke API errors. `Throttling` alone is an English word too, so
    // it is not strong.
    Group {
        signal: "sdk_throttling_code",
        kind: Kind::Class(Throttling),
        strong: true,
        exact: true,
        terms: &[
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "TransactionInProgressException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "LimitExceededException",
            "RequestThrottled",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
            "ConcurrentInvocationLimitExceeded",
            "ReservedFunctionConcurrentInvocationLimitExceeded",
            // SQS, SNS and Kinesis: the KMS key that encrypts the queue, topic or stream
            // throttled the request (their API references, `KMSThrottlingException`).
            "KMSThrottlingException",
        ],
    },
    Group {
        signal: "sdk_throttling_code",
        kind: Kind::Class(Throttling),
        strong: false,
        exact: true,
        terms: &["Throttling"],
    },
    // The messages AWS returns with those codes (`Rate exceeded` with ThrottlingException,
    // S3's SlowDown `Please reduce your request rate`) and HTTP 429's reason phrase (RFC 6585).
    Group {
        signal: "aws_error_message",
        kind: Kind::Class(Throttling),
        strong: false,
        exact: false,
        // SES's message with `Throttling` (`Maximum sending rate exceeded`), botocore's
        // `CapacityNotAvailableError` when the client's retry quota is spent.
        terms: &[
            "Please reduce your request rate",
            "Too Many Requests",
            "Maximum sending rate exceeded",
            "CapacityNotAvailableError",
            "Insufficient request capacity available",
        ],
    },
    // `Rate exceeded` is the message AWS services return with ThrottlingException /
    // TooManyRequestsException (and API Gateway when its integration is throttled): specific
    // enough to stand alone.
    Group {
        signal: "aws_error_message",
        kind: Kind::Class(Throttling),
        strong: true,
        exact: false,
        terms: &["Rate exceeded"],
    },
    // Transient / unavailable dependencies. The SDKs' transient codes: botocore
    // `_TRANSIENT_ERROR_CODES` (RequestTimeout, RequestTimeoutException, PriorRequestNotComplete
    // is listed with throttling above), aws-sdk-js-v3 `TRANSIENT_ERROR_CODES` (AbortError,
    // TimeoutError, RequestTimeout, RequestTimeoutException), aws-sdk-java-v2 retryable codes
    // (InternalError, ServiceUnavailable), and the AWS "Common Errors" 5xx codes
    // (InternalFailure, ServiceUnavailable); botocore's connection exceptions (legacy retry list:
    // EndpointConnectionError, ConnectionClosedError, ReadTimeoutError, ConnectTimeoutError).
    Group {
        signal: "sdk_transient_code",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "RequestTimeout",
            "RequestTimeoutException",
            "InternalFailure",
            "InternalServerError",
            "InternalServerException",
            "ServiceUnavailable",
            "ServiceUnavailableException",
            "ServiceException",
            "EndpointConnectionError",
            "ConnectionClosedError",
            "ReadTimeoutError",
            "ConnectTimeoutError",
            // The rest of botocore's `ConnectionError` / `HTTPClientError` family
            // (exceptions.py; the standard retry mode retries every one of them).
            "ProxyConnectionError",
            "HTTPClientError",
            // smithy-rs (the Rust SDK): the request failed in the connector (I/O, DNS, TLS).
            "DispatchFailure",
            // aws-sdk-js v2's error codes for a failed socket and an unreachable endpoint
            // (`NetworkingError`, `UnknownEndpoint`: "Inaccessible host").
            "NetworkingError",
            "UnknownEndpoint",
            // undici (Node's `fetch`): its connect, header and body timeouts and a socket the
            // other side closed (`UND_ERR_*` codes).
            "UND_ERR_CONNECT_TIMEOUT",
            "UND_ERR_HEADERS_TIMEOUT",
            "UND_ERR_BODY_TIMEOUT",
            "UND_ERR_SOCKET",
            // Node's `net` error code for a socket connect that timed out.
            "ERR_SOCKET_CONNECTION_TIMEOUT",
        ],
    },
    // The messages of the same botocore exceptions (their `fmt` strings in exceptions.py),
    // printed when a function logs `str(e)` without the class name.
    Group {
        signal: "sdk_transient_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: false,
        terms: &[
            "Could not connect to the endpoint URL",
            "Connect timeout on endpoint URL",
            "Read timeout on endpoint URL",
            "Connection was closed before we received a valid response from endpoint URL",
            "Failed to connect to proxy URL",
            "An HTTP Client failed to establish a connection",
        ],
    },
    // Client-side wrappers of an I/O failure that carry no code: aws-sdk-java v1
    // `AmazonHttpClient` and v2 `SdkClientException` ("Unable to execute HTTP request: …"),
    // aws-sdk-go v1 `RequestError` ("send request failed"), smithy-rs `SdkError`'s Display of
    // a connector failure or timeout ("dispatch failure", "request has timed out"), the
    // Fetch Standard's network error as undici throws it (`TypeError: fetch failed`), Go's
    // `context.DeadlineExceeded` ("context deadline exceeded") and net/http's "TLS handshake
    // timeout". Prose can say these too, so they need a failure report around them.
    Group {
        signal: "sdk_transient_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &[
            "Unable to execute HTTP request",
            "send request failed",
            "dispatch failure",
            "request has timed out",
            "fetch failed",
            // .NET's IOException for a transport connection that broke mid-read.
            "Unable to read data from the transport connection",
            "context deadline exceeded",
            "TLS handshake timeout",
        ],
    },
    // errno names of failed connections and getaddrinfo failures, as Node prints them
    // (`connect ECONNREFUSED`, `getaddrinfo ENOTFOUND`); aws-sdk-js-v3 retries exactly these
    // (`NODEJS_TIMEOUT_ERROR_CODES`: ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT;
    // `NODEJS_NETWORK_ERROR_CODES`: EHOSTUNREACH, ENETUNREACH, ENOTFOUND), plus getaddrinfo's
    // EAI_AGAIN (temporary DNS failure) and ECONNABORTED.
    Group {
        signal: "errno",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "ECONNREFUSED",
            "ECONNRESET",
            "ECONNABORTED",
            "ETIMEDOUT",
            "EPIPE",
            "EHOSTUNREACH",
            "ENETUNREACH",
            "ENOTFOUND",
            "EAI_AGAIN",
            // getaddrinfo's non-recoverable name-server failure, and the `request` library's
            // code for a socket that timed out.
            "EAI_FAIL",
            "ESOCKETTIMEDOUT",
        ],
    },
    // The same failures in their strerror / gai_strerror texts (glibc), which Python, Go, Rust
    // and Java print instead of the errno name; Go's `net` package (`dial tcp`, `i/o timeout`,
    // `no such host`) and hyper's `tcp connect error`.
    Group {
        signal: "errno_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &[
            "Connection refused",
            "Connection reset by peer",
            "Connection timed out",
            "No route to host",
            "Network is unreachable",
            "Name or service not known",
            "Temporary failure in name resolution",
            "nodename nor servname provided",
            "Broken pipe",
            "no such host",
            "tcp connect error",
            "socket hang up",
        ],
    },
    // Go's `net.OpError` text: the failed call, then the errno's strerror (`dial tcp
    // 10.0.0.5:6379: connect: connection refused`, `read: connection reset by peer`), and Go's
    // deadline error `i/o timeout`. As structured as Node's `connect ECONNREFUSED`.
    Group {
        signal: "go_net_error",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: false,
        terms: &[
            "connect: connection refused",
            "connect: connection timed out",
            "connect: no route to host",
            "connect: network is unreachable",
            "read: connection reset by peer",
            "write: broken pipe",
            "i/o timeout",
        ],
    },
    // Database clients' own connection-failure messages: libpq (`could not connect to server`,
    // `Connection to … refused`), MySQL client errors 2003/2013 (`Can't connect to MySQL
    // server`, `Lost connection to MySQL server`), Connector/J (`Communications link failure`).
    Group {
        signal: "driver_connection_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &[
            "could not connect to server",
            "Can't connect to MySQL server",
            "Lost connection to MySQL server",
            "Communications link failure",
        ],
    },
    // Connection exceptions of the standard hierarchies: Python's `ConnectionError` family
    // (ConnectionRefusedError, ConnectionResetError, ConnectionAbortedError, BrokenPipeError)
    // and `socket.gaierror` / `socket.timeout`; requests / urllib3 (`ConnectTimeout`,
    // `ReadTimeout`, `NewConnectionError`, `MaxRetryError`); Java `java.net` (ConnectException,
    // SocketTimeoutException, UnknownHostException, NoRouteToHostException,
    // HttpConnectTimeoutException) and JDBC `CommunicationsException`; .NET
    // `HttpRequestException`, `SocketException`; drivers' connection errors (MongoDB
    // `MongoNetworkError`, `MongoServerSelectionError`, pymongo `ServerSelectionTimeoutError`,
    // Sequelize `SequelizeConnectionError` family). Names ending in these suffixes are caught
    // by the suffix rule in `mod.rs`.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: true,
        terms: &[
            "ConnectionError",
            "ConnectionRefusedError",
            "ConnectionResetError",
            "ConnectionAbortedError",
            "BrokenPipeError",
            "gaierror",
            "ConnectTimeout",
            "ReadTimeout",
            "NewConnectionError",
            "MaxRetryError",
            "ConnectException",
            "SocketTimeoutException",
            "UnknownHostException",
            "NoRouteToHostException",
            "HttpConnectTimeoutException",
            "CommunicationsException",
            "HttpRequestException",
            "SocketException",
            "MongoNetworkError",
            "MongoServerSelectionError",
            "ServerSelectionTimeoutError",
            "SequelizeConnectionError",
            "SequelizeConnectionRefusedError",
            "SequelizeHostNotFoundError",
            "SequelizeConnectionTimedOutError",
            // Python's `http.client.RemoteDisconnected` (the server closed the connection
            // without a response) and requests' `ChunkedEncodingError` / `ProxyError` /
            // `SSLError` (botocore's `SSLError` is a `ConnectionError` too); Java's
            // `PortUnreachableException`, `UnresolvedAddressException`, `HttpTimeoutException`
            // (java.net.http) and Apache HttpClient's `HttpHostConnectException` /
            // `NoHttpResponseException`; Ruby's `Net::OpenTimeout` / `Net::ReadTimeout` and
            // aws-sdk-ruby's `Seahorse::Client::NetworkingError`.
            "RemoteDisconnected",
            "ChunkedEncodingError",
            "ProxyError",
            "SSLError",
            "PortUnreachableException",
            "UnresolvedAddressException",
            "HttpTimeoutException",
            "HttpHostConnectException",
            "NoHttpResponseException",
            "Net::OpenTimeout",
            "Net::ReadTimeout",
            "Seahorse::Client::NetworkingError",
            // .NET's `System.Net.WebException` (a web request that failed: a name that could
            // not be resolved, a connection that failed or closed).
            "WebException",
            // aws-sdk-js-v3 `TRANSIENT_ERROR_CODES` (`TimeoutError`), Python's OSError
            // subclass `TimeoutError`, .NET `System.TimeoutException`, Java
            // `java.util.concurrent.TimeoutException`: a wait on something else ran out.
            "TimeoutError",
            "TimeoutException",
            // aws-sdk-js-v3 `TRANSIENT_ERROR_CODES`: `AbortError`, an aborted (timed-out) request.
            "AbortError",
            // S3's and the AWS SDKs' retryable 500 code (`InternalError`: "We encountered an
            // internal error. Please try again."); a bare word, so only in a failure report.
            "InternalError",
        ],
    },
    // Exception-name suffixes of the same connection-error hierarchies: any
    // `…ConnectionError` (redis, pymysql), `…ConnectException`, `…SocketException`,
    // `…TimeoutError` names a connection failure. Matched without a left boundary.
    Group {
        signal: SUFFIX_SIGNAL,
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: true,
        terms: &[
            "ConnectionError",
            "ConnectionException",
            "ConnectException",
            "ConnectTimeoutException",
            "ConnectionRefusedError",
            "SocketException",
            "SocketTimeoutException",
            "NetworkError",
            "NetworkException",
            "TimeoutError",
            "TimeoutException",
            // MongoDB's Server Selection specification: the error a driver raises when no
            // server can be selected in time (Node driver `MongoServerSelectionError`, Mongoose
            // `MongooseServerSelectionError`).
            "ServerSelectionError",
        ],
    },
    // Reason phrases of the SDKs' transient HTTP statuses 502, 503, 504 (RFC 9110 §15.6): a
    // gateway that got no or a bad answer upstream, or a service that cannot serve now. The
    // bare 500 phrase is not here: RFC 9110 §15.6.1 makes 500 the responding server's own
    // failure, and in a function's log the bare "Internal Server Error" is most often the
    // function's own response (API Gateway answers "Internal server error" when the function
    // fails). A 500 seen by a client keeps its code (`500 Internal Server Error`, `Status
    // Code: 500`) and is read by `http_status`.
    Group {
        signal: "http_reason_phrase",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &["Bad Gateway", "Service Unavailable", "Gateway Timeout"],
    },
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
    // and `UnicodeDecodeError` as subclasses), `KeyError` (a missing event key); validation
    // libraries' `ValidationError` (pydantic, jsonschema, marshmallow, Django share the name);
    // Java `IllegalArgumentException`, `NumberFormatException`, `DateTimeParseException`,
    // Jackson (`JsonParseException`, `JsonMappingException`, `MismatchedInputException`,
    // `InvalidFormatException`, `UnrecognizedPropertyException`), Gson `JsonSyntaxException`;
    // .NET `ArgumentException` family, `FormatException`, System.Text.Json `JsonException`,
    // Newtonsoft `JsonReaderException` / `JsonSerializationException`, and the Lambda .NET
    // serializer's `JsonSerializerException` (Amazon.Lambda.Serialization); Ruby's json
    // library `JSON::ParserError`.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(BadInput),
        strong: false,
        exact: true,
        terms: &[
            "ValueError",
            "KeyError",
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
            "ArgumentException",
            "ArgumentNullException",
            "ArgumentOutOfRangeException",
            "FormatException",
            "JsonException",
            "JsonReaderException",
            "JsonSerializationException",
            "JsonSerializerException",
            "JSON::ParserError",
            // Python's `binascii.Error` (a `ValueError`: bad base64, "Incorrect padding") and
            // botocore's `ValidationError` subclasses for a bad parameter; Jackson's base
            // `JsonProcessingException` and its `JsonEOFException` (input ended mid-document).
            "binascii.Error",
            "UnknownKeyError",
            "UnknownParameterError",
            "JsonProcessingException",
            "JsonEOFException",
        ],
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
        ],
    },
    // Stack traces: .NET's inner-exception marker ` ---> ` (Exception.ToString()); Python `Traceback (most recent call last)`, Go's `goroutine N [running]`,
    // Rust's `panicked at`, Go's `panic:`, Java's `Exception in thread` and `Caused by:`, .NET's
    // `--- End of inner exception stack trace ---`, and the error object's `stackTrace` /
    // `stack` fields (Lambda, Node). `\n    at ` frames are found by `has_stack`.
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
    // The runtimes' words for an error that escaped the handler: Node's `Invoke Error`,
    // `Uncaught Exception`, `Unhandled Promise Rejection`; Python's `LAMBDA_WARNING: Unhandled
    // exception`; Runtime.UnhandledPromiseRejection.
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

/// Structural markers, found by the same pass as the vocabularies (exact case, no word
/// boundary) so that the checks they gate need no scan of their own.
pub mod marker {
    /// The `errorMessage` key of Lambda's error object.
    pub const ERROR_MESSAGE: u16 = 1 << 0;
    /// `Name: ` heads of exception reports (`KeyError: 'x'`, `java.net.ConnectException: …`).
    pub const HEAD: u16 = 1 << 1;
    pub const SYNTAX_ERROR: u16 = 1 << 2;
    /// `JSON.parse` as a stack frame.
    pub const JSON_PARSE_FRAME: u16 = 1 << 3;
    /// The shapes in which the AWS SDKs print a service's error response, in pairs that must
    /// appear together: aws-sdk-java v1 `(Service: X; Status Code: N; Error Code: Y; …)` and v2
    /// `(Service: X, Status Code: N, Request ID: …)`, botocore `An error occurred (Code) when
    /// calling the Op operation`, aws-sdk-js v2 `code: '…', statusCode: N, retryable: …`,
    /// aws-sdk-js-v3 `$metadata: { httpStatusCode: N`, aws-sdk-go-v2 `operation error
    /// Service: Op, https response error StatusCode: N`.
    pub const JAVA_SERVICE: u16 = 1 << 4;
    pub const JAVA_STATUS_CODE: u16 = 1 << 5;
    pub const BOTOCORE_OCCURRED: u16 = 1 << 6;
    pub const BOTOCORE_CALLING: u16 = 1 << 7;
    pub const JS_STATUS_CODE: u16 = 1 << 8;
    pub const JS_RETRYABLE: u16 = 1 << 9;
    pub const JS3_METADATA: u16 = 1 << 10;
    pub const JS3_HTTP_STATUS: u16 = 1 << 11;
    pub const GO2_OPERATION: u16 = 1 << 12;
    pub const GO2_RESPONSE: u16 = 1 << 13;
    /// A stack frame of the runtime's own handler loader, present only when the failure was
    /// raised while the function was being loaded: the Node.js runtime interface client's
    /// `_loadUserApp` / `_tryRequire` (UserFunction.js), awslambdaric's `_get_handler`
    /// (bootstrap.py) and CPython's import machinery under it (`<frozen importlib._bootstrap>`),
    /// Amazon.Lambda.RuntimeSupport's `UserCodeLoader.Init` (.NET).
    pub const LOADER_FRAME: u16 = 1 << 14;
    pub const SERVICE_ERROR_PAIRS: [(u16, u16); 5] = [
        (JAVA_SERVICE, JAVA_STATUS_CODE),
        (GO2_OPERATION, GO2_RESPONSE),
        (BOTOCORE_OCCURRED, BOTOCORE_CALLING),
        (JS_STATUS_CODE, JS_RETRYABLE),
        (JS3_METADATA, JS3_HTTP_STATUS),
    ];
}

pub const MARKERS: &[(&str, u16)] = &[
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
    ("$metadata", marker::JS3_METADATA),
    ("httpStatusCode", marker::JS3_HTTP_STATUS),
    ("_loadUserApp", marker::LOADER_FRAME),
    ("_tryRequire", marker::LOADER_FRAME),
    ("in _get_handler", marker::LOADER_FRAME),
    ("<frozen importlib._bootstrap>", marker::LOADER_FRAME),
    ("UserCodeLoader.Init", marker::LOADER_FRAME),
];

/// HTTP statuses, in the shapes clients print them, and the class each means: 429 (RFC 6585,
/// every SDK's throttling status), 401/403 (authentication/authorisation), and the SDKs'
/// `TRANSIENT_ERROR_STATUS_CODES` 500/502/503/504.
pub fn http_status_class(code: u16) -> Option<FailureClass> {
    match code {
        429 => Some(Throttling),
        401 | 403 => Some(PermissionDenied),
        500 | 502 | 503 | 504 => Some(DependencyUnavailable),
        _ => None,
    }
}
