//! Specific causes: permission_denied, throttling and dependency_unavailable, from the AWS
//! SDKs' error codes and messages, POSIX errno and getaddrinfo names, and the languages'
//! exception hierarchies.
//! Each list names its published source; matching rules are in `super`.

use super::{Group, Kind, SUFFIX_SIGNAL};
use crate::model::FailureClass::*;

pub const GROUPS: &[Group] = &[
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
            // An event stream's error member: the exception's name in lower camel case (the
            // Bedrock Runtime and Bedrock Agent Runtime API references, `ResponseStream`),
            // which botocore reports as the error code (`An error occurred
            // (throttlingException) when calling the InvokeAgent operation`).
            "accessDeniedException",
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
        // Not EROFS (`Read-only file system`): POSIX names it apart from the permission errors,
        // and in Lambda it is code writing anywhere but /tmp, a bug no grant would fix.
        terms: &["EACCES", "EPERM"],
    },
    Group {
        signal: "errno_message",
        kind: Kind::Class(PermissionDenied),
        strong: false,
        exact: false,
        terms: &["Permission denied", "Access Denied", "Forbidden"],
    },
    // Database servers' authentication failures: PostgreSQL's SQLSTATE 28P01 / 28000 messages
    // (`password authentication failed for user "app"`, `no pg_hba.conf entry for host`);
    // MySQL's ER_ACCESS_DENIED_ERROR 1045 (`Access denied for user …`) is matched above.
    Group {
        signal: "driver_connection_message",
        kind: Kind::Class(PermissionDenied),
        strong: false,
        exact: false,
        terms: &[
            "password authentication failed for user",
            "no pg_hba.conf entry for host",
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
            // The event streams' member name (see `accessDeniedException` above).
            "throttlingException",
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
            // Bedrock Agent Runtime's errors for a dependency of the agent that failed
            // (`DependencyFailedException`, `BadGatewayException`: "There was an issue with a
            // dependency"), and the event streams' member names for these (see
            // `accessDeniedException` above).
            "DependencyFailedException",
            "BadGatewayException",
            "internalServerException",
            "serviceUnavailableException",
            "dependencyFailedException",
            "badGatewayException",
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
    // urllib3's `MaxRetryError` message (urllib3 exceptions.py: "Max retries exceeded with url:
    // %s (Caused by %r)"), which requests re-raises as its `ConnectionError`: every connection
    // attempt failed, or every answer was a retryable error status. Botocore's HTTP layer and
    // most Python HTTP clients sit on urllib3.
    Group {
        signal: "sdk_transient_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: false,
        terms: &["Max retries exceeded with url"],
    },
    // The Rust HTTP clients' Display of a request that never got an answer: reqwest's
    // `Kind::Request` ("error sending request for url (…)", reqwest src/error.rs), hyper 0.14's
    // connect error ("error trying to connect") and hyper-util's legacy client ("client error
    // (Connect)"). Weak like every wrapper: they need a failure report around them.
    Group {
        signal: "sdk_transient_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &[
            "error sending request for url",
            "error trying to connect",
            "client error (Connect)",
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
            // Ruby's Net::HTTP wrapping a failed connect (net/http.rb: "Failed to open TCP
            // connection to host:port (…)"), whatever errno or resolver error it carries.
            "Failed to open TCP connection to ",
        ],
    },
    // Go net/http's client timeout, in the words its `Client` appends to the error
    // (net/http/client.go: "(Client.Timeout exceeded while awaiting headers)", "… while reading
    // body)", and "Client.Timeout or context cancellation while reading body"), right after
    // the error it annotates (mod.rs): only a request that failed carries them, so they decide
    // without a level.
    Group {
        signal: "sdk_transient_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: super::GO_CLIENT_TIMEOUT,
    },
    // .NET's HttpClient reports a request that ran out of time as `TaskCanceledException`
    // (HttpClient.SendAsync's documented exceptions: "The request failed due to timeout"), and
    // its handlers end a send cut off mid-flight with the base `OperationCanceledException`.
    // Any cancelled task ends in these, so they count only with a `System.Net.Http` frame on
    // the stack (mod.rs): a request to another service that did not complete.
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: true,
        terms: super::DOTNET_HTTP_CANCELLATION,
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
    // Chromium's network error codes for a host it could not reach or that did not answer
    // (net/base/net_error_list.h: TIMED_OUT -7, CONNECTION_CLOSED -100 to CONNECTION_FAILED
    // -104, NAME_NOT_RESOLVED -105, INTERNET_DISCONNECTED -106, ADDRESS_UNREACHABLE -109,
    // CONNECTION_TIMED_OUT -118, NAME_RESOLUTION_FAILED -137, EMPTY_RESPONSE -324), as headless
    // Chrome in a function (Puppeteer, Playwright) reports a navigation that failed. Not
    // `net::ERR_ABORTED` (the page itself cancelled it) nor the certificate errors.
    Group {
        signal: "chromium_net_error",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "net::ERR_TIMED_OUT",
            "net::ERR_CONNECTION_CLOSED",
            "net::ERR_CONNECTION_RESET",
            "net::ERR_CONNECTION_REFUSED",
            "net::ERR_CONNECTION_ABORTED",
            "net::ERR_CONNECTION_FAILED",
            "net::ERR_NAME_NOT_RESOLVED",
            "net::ERR_INTERNET_DISCONNECTED",
            "net::ERR_ADDRESS_UNREACHABLE",
            "net::ERR_CONNECTION_TIMED_OUT",
            "net::ERR_NAME_RESOLUTION_FAILED",
            "net::ERR_EMPTY_RESPONSE",
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
            // Node's ECONNRESET message for a TLS socket the peer closed during the handshake
            // (lib/_tls_wrap.js, `onConnectEnd`).
            "Client network socket disconnected before secure TLS connection was established",
        ],
    },
    // Rust's `std::io::Error` as its `Debug` prints it, also inside hyper's and reqwest's
    // errors: `Os { code: 104, kind: ConnectionReset, message: "…" }`, `Custom { kind: TimedOut,
    // error: … }`, `Kind(TimedOut)`: the `std::io::ErrorKind` of a failed connection, in those
    // shapes only (a sentence naming `kind: TimedOut` is prose).
    Group {
        signal: "rust_io_error_kind",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "kind: ConnectionRefused, message:",
            "kind: ConnectionReset, message:",
            "kind: ConnectionAborted, message:",
            "kind: NotConnected, message:",
            "kind: TimedOut, message:",
            "kind: HostUnreachable, message:",
            "kind: NetworkUnreachable, message:",
            "kind: BrokenPipe, message:",
            "Custom { kind: ConnectionRefused",
            "Custom { kind: ConnectionReset",
            "Custom { kind: ConnectionAborted",
            "Custom { kind: NotConnected",
            "Custom { kind: TimedOut",
            "Custom { kind: HostUnreachable",
            "Custom { kind: NetworkUnreachable",
            "Custom { kind: BrokenPipe",
            "Kind(ConnectionRefused)",
            "Kind(ConnectionReset)",
            "Kind(ConnectionAborted)",
            "Kind(NotConnected)",
            "Kind(TimedOut)",
            "Kind(HostUnreachable)",
            "Kind(NetworkUnreachable)",
            "Kind(BrokenPipe)",
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
    // PHP PDO's error shape `SQLSTATE[<state>] [<driver code>] <message>`, with SQLSTATE class
    // 08 "connection exception" (the SQL standard's classes, PostgreSQL Appendix A: 08000,
    // 08001, 08003, 08004, 08006), or MySQL's client errors for a server it cannot reach
    // (MySQL Client Error Reference: 2002 CR_CONNECTION_ERROR, 2003 CR_CONN_HOST_ERROR, 2005
    // CR_UNKNOWN_HOST, 2006 CR_SERVER_GONE_ERROR), which PDO reports under the general state
    // HY000. The shape is a known error code: it decides without a level.
    Group {
        signal: "driver_error_code",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "SQLSTATE[08000]",
            "SQLSTATE[08001]",
            "SQLSTATE[08003]",
            "SQLSTATE[08004]",
            "SQLSTATE[08006]",
            "SQLSTATE[HY000] [2002]",
            "SQLSTATE[HY000] [2003]",
            "SQLSTATE[HY000] [2005]",
            "SQLSTATE[HY000] [2006]",
        ],
    },
    // Database clients' own connection-failure messages: libpq (`could not connect to server`,
    // `Connection to … refused`, and libpq 14+'s `connection to server at "h" (ip), port N
    // failed: …`), MySQL client errors 2003/2013 (`Can't connect to MySQL server`, `Lost
    // connection to MySQL server`), Connector/J (`Communications link failure`).
    Group {
        signal: "driver_connection_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: false,
        terms: &[
            "could not connect to server",
            "connection to server at",
            "Can't connect to MySQL server",
            "Lost connection to MySQL server",
            "Communications link failure",
            // Database servers refusing or dropping a connection because they are full, starting or
            // stopping: PostgreSQL's SQLSTATE 53300 `too_many_connections` (postinit.c / proc.c:
            // "remaining connection slots are reserved for …", "sorry, too many clients already",
            // "too many connections for role", which MySQL's message below matches), 57P01
            // `admin_shutdown` ("terminating connection due to administrator command") and 57P03
            // `cannot_connect_now` ("the database system is starting up" / "is shutting down"),
            // PostgreSQL Appendix A; MySQL's CR_SERVER_GONE_ERROR 2006 ("MySQL server has gone
            // away", MySQL Client Error Reference) and the server's ER_CON_COUNT_ERROR 1040 message
            // ("Too many connections", which pymysql and go-sql-driver print without the symbol);
            // and Mongoose's operation-buffering timeout ("Operation `…` buffering timed out after
            // N ms"), which its FAQ and Connections guide explain as a connection to MongoDB that
            // was never made. Server messages in prose words, so they need a failure report around
            // them.
            "remaining connection slots are reserved for",
            "sorry, too many clients already",
            "terminating connection due to administrator command",
            "the database system is starting up",
            "the database system is shutting down",
            "MySQL server has gone away",
            "Too many connections",
            "buffering timed out after",
            // ODBC drivers (pyodbc, Microsoft's ODBC Driver for SQL Server) print the SQLSTATE
            // in brackets before the vendor's (`[08001] [Microsoft][ODBC …]`): class 08 is the
            // SQL standard's connection exception (08001 the client could not connect, 08004
            // the server rejected it, 08S01 the link failed), HYT00 "Timeout expired" (ODBC
            // Programmer's Reference, Appendix A: ODBC Error Codes). Only in that shape: a
            // bracketed 08001 alone is a postcode as often.
            "[08001] [",
            "[08004] [",
            "[08S01] [",
            "[HYT00] [",
            // urllib's own report of a failed connection (`urllib.error.URLError`'s str:
            // "<urlopen error [Errno 111] Connection refused>", "<urlopen error timed out>").
            "<urlopen error",
        ],
    },
    // Prisma's P1001 message (Prisma error reference: "Can't reach database server at
    // `{database_host}`:`{database_port}`"), printed inside its `Invalid … invocation` report,
    // often with no level around it. With the host in its backticks, no prose says it: strong.
    Group {
        signal: "driver_connection_message",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &["Can't reach database server at `"],
    },
    // The same MySQL conditions by their symbols, as drivers put them in the error's `code`
    // (mysqljs / mysql2 `code: 'ER_CON_COUNT_ERROR'`, MySQL Server Error Reference):
    // ER_CON_COUNT_ERROR 1040 "Too many connections", ER_TOO_MANY_USER_CONNECTIONS 1203,
    // ER_SERVER_SHUTDOWN 1053; and the mysqljs drivers' own code for a connection the server
    // closed (`PROTOCOL_CONNECTION_LOST`, "Connection lost: The server closed the connection").
    // Symbols, but a runbook, a retry list or a counter names them too, so like every driver
    // term they need a failure report around them.
    Group {
        signal: "driver_error_code",
        kind: Kind::Class(DependencyUnavailable),
        strong: false,
        exact: true,
        terms: &[
            "ER_CON_COUNT_ERROR",
            "ER_TOO_MANY_USER_CONNECTIONS",
            "ER_SERVER_SHUTDOWN",
            "PROTOCOL_CONNECTION_LOST",
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
            // `socket.timeout`, the name CPython gives the socket's timeout (an alias of
            // `TimeoutError` since 3.10), qualified: `timeout` alone is a word.
            "socket.timeout",
            "ConnectTimeout",
            "ReadTimeout",
            "NewConnectionError",
            "MaxRetryError",
            // Python's `urllib.error.URLError` (an OSError subclass the standard library
            // raises when a connection fails; its `HTTPError` subclass is an answer, so it is
            // not here).
            "URLError",
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
    // gRPC's status codes (grpc/grpc doc/statuscodes.md), in the shapes the clients render a
    // failed call: grpc-go's `status.Error` ("rpc error: code = Unavailable desc = …",
    // internal/status), grpc-js's `${code} ${name}: details` ("14 UNAVAILABLE: …",
    // call.ts) and grpcio's `_InactiveRpcError` ("status = StatusCode.UNAVAILABLE",
    // _channel.py). Only a failed call prints them, so they decide without a level: the
    // codes the specification calls retryable for the service's state (UNAVAILABLE,
    // DEADLINE_EXCEEDED) are a dependency that could not serve, RESOURCE_EXHAUSTED a quota,
    // PERMISSION_DENIED and UNAUTHENTICATED an authorisation failure. The others
    // (INVALID_ARGUMENT, INTERNAL, UNKNOWN, …) say nothing of the cause and are not listed.
    Group {
        signal: "grpc_status_code",
        kind: Kind::Class(DependencyUnavailable),
        strong: true,
        exact: true,
        terms: &[
            "rpc error: code = Unavailable desc",
            "rpc error: code = DeadlineExceeded desc",
            "14 UNAVAILABLE: ",
            "4 DEADLINE_EXCEEDED: ",
            "status = StatusCode.UNAVAILABLE",
            "status = StatusCode.DEADLINE_EXCEEDED",
        ],
    },
    Group {
        signal: "grpc_status_code",
        kind: Kind::Class(Throttling),
        strong: true,
        exact: true,
        terms: &[
            "rpc error: code = ResourceExhausted desc",
            "8 RESOURCE_EXHAUSTED: ",
            "status = StatusCode.RESOURCE_EXHAUSTED",
        ],
    },
    Group {
        signal: "grpc_status_code",
        kind: Kind::Class(PermissionDenied),
        strong: true,
        exact: true,
        terms: &[
            "rpc error: code = PermissionDenied desc",
            "rpc error: code = Unauthenticated desc",
            "7 PERMISSION_DENIED: ",
            "16 UNAUTHENTICATED: ",
            "status = StatusCode.PERMISSION_DENIED",
            "status = StatusCode.UNAUTHENTICATED",
        ],
    },
];
