//! Lambda's platform: its error types and messages, the runtimes' loader, exit and
//! out-of-memory messages (the classes timeout, out_of_memory, init_error, runtime_exit).
//! Each list names its published source; matching rules are in `super`.

use super::{Group, Kind};
use crate::model::FailureClass::*;

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
            // The Node.js runtime's type for a process that exited while the invocation was
            // still pending (Lambda Developer Guide, troubleshooting invocation: "Unexpected
            // Node.js exit in runtime", a promise that was never settled).
            "Runtime.NodeJsExit",
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
            // GraalVM native image's fatal-signal handler (com.oracle.svm.core's
            // SubstrateSegfaultHandler, which prints its register dump), the runtime of
            // Quarkus / Micronaut / Spring native functions on a custom runtime.
            "[ [ SubstrateSegfaultHandler caught",
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
    // Bref, the PHP runtime, ends a PHP-FPM request before Lambda's hard timeout so that its
    // logs are written (Bref's FpmHandler: "The request <id> timed out after <n> ms. Note: the
    // duration may be lower than the Lambda timeout, which is intentional."): the invocation
    // timed out. Its note is the fixed part, in Bref 2's words and Bref 1's ("Note: that
    // duration may be lower than the Lambda timeout, don't be surprised, that is
    // intentional."). PHP's own limit, `max_execution_time`, ends a script with the Zend
    // engine's fatal error "Maximum execution time of <N> second(s) exceeded" (mod.rs checks
    // the number and the word after it).
    Group {
        signal: "runtime_timeout_message",
        kind: Kind::Class(Timeout),
        strong: true,
        exact: true,
        terms: &[
            "Note: the duration may be lower than the Lambda timeout, which is intentional",
            "Note: that duration may be lower than the Lambda timeout",
            super::PHP_MAX_EXECUTION_TIME,
        ],
    },
    // The local emulators' words for the same outcome, in their own sentences only (mod.rs):
    // AWS SAM CLI (`sam local invoke` / `start-api`: "Function 'X' timed out after 3 seconds")
    // and serverless-offline (LambdaFunction.js: "Your λ handler 'x' timed out after 6000ms.").
    // AWS SAM CLI's local API Gateway refusing what the function returned, which a client sees
    // as a 502 (samcli/local/apigw/local_apigw_service.py: `Function returned an invalid
    // response (must include one of: body, headers, multiValueHeaders or statusCode in the
    // response object)`, and its `LambdaResponseParseException` logged as `Invalid lambda
    // response received: …`). The invocation failed as served; what it returned, when it is an
    // error object, may name a more specific cause.
    Group {
        signal: "emulator_invalid_response",
        kind: Kind::Class(Error),
        strong: true,
        exact: true,
        terms: &[
            "Function returned an invalid response (must include one of",
            "Invalid lambda response received: ",
        ],
    },
    Group {
        signal: "emulator_timeout",
        kind: Kind::Class(Timeout),
        strong: true,
        exact: true,
        terms: &[super::EMULATOR_TIMEOUT],
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
    // Lambda's message for a runtime process it could not start at all (`Error: Runtime failed
    // to start: fork/exec /var/task/bootstrap: exec format error`, then `Runtime.ExitError`):
    // the function never initialised.
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        // Lambda's own text, exact: `Error: ` before it and the cause after its colon
        // (another program's "runtime failed to start: …" in prose or at a level is not it).
        terms: &["Error: Runtime failed to start: "],
    },
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Killed,
        strong: true,
        exact: false,
        terms: &["signal: killed"],
    },
    // The Python runtime's messages for a handler it cannot load, each the text of a Lambda
    // error type (awslambdaric bootstrap.py, `FaultException`): `Runtime.UserCodeSyntaxError`
    // ("Syntax error in module 'app': …", also the legacy Node.js runtimes' text),
    // `Runtime.MalformedHandlerName` ("Bad handler 'app': …") and
    // `Runtime.BuiltInModuleConflict` ("Cannot use built-in module json as a handler module").
    // Strong, like its `Unable to import module` below: the runtime prints them without a
    // level when it reports the failed init.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[
            "Syntax error in module '",
            "Bad handler '",
            "Cannot use built-in module ",
        ],
    },
    // .NET's FileNotFoundException / FileLoadException for an assembly the package lacks (the
    // loader's message, "Could not load file or assembly 'Name, Version=…'"): the .NET form of
    // a missing module. Only as the exception's message, heading its line or after the
    // exception's name (mod.rs): a host that loads optional plugins quotes it in prose and
    // goes on.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[super::DOTNET_ASSEMBLY_LOAD],
    },
    // Runtime loaders' messages for a function that cannot be loaded: the Python runtime
    // bootstrap (`Unable to import module`), Node's module loader (`MODULE_NOT_FOUND`,
    // `ERR_MODULE_NOT_FOUND`, `ERR_REQUIRE_ESM`), the provided runtimes (`Couldn't find valid
    // bootstrap(s)`), the Java runtime (`Class not found`), Ruby's `LoadError`, PHP's `require`.
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
            // PHP's fatal error for a `require` of a file that is not there (Zend's
            // php_stream_open_for_zend: "Failed opening required 'vendor/autoload.php'
            // (include_path=…)"), the way a missing Composer autoloader or handler file shows.
            "Failed opening required '",
            // The .NET runtime's errors for a handler type it cannot instantiate: its
            // constructor threw (a `LambdaException` whose `cause` is the constructor's
            // exception), or it has no public parameterless constructor (Lambda Developer
            // Guide, "AWS Lambda function errors in C#"; aws-lambda-dotnet's RuntimeSupport
            // handler tests).
            "An exception was thrown when the constructor for type",
            "does not define a public zero-parameter constructor",
        ],
    },
    // The legacy Node.js and Python runtimes' error object for a handler module that threw
    // while it was loaded: the whole `errorMessage` is `module initialization error` (heading
    // a log line, mod.rs reads it too).
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[
            "\"errorMessage\":\"module initialization error\"",
            "\"errorMessage\": \"module initialization error\"",
        ],
    },
    // Node's code for a native addon `process.dlopen()` could not load (Node.js Errors,
    // `ERR_DLOPEN_FAILED`): a missing shared library, or one built for another platform, so the
    // module that needs it cannot load. A code a retry list or a runbook names too: weak.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: false,
        exact: true,
        terms: &["ERR_DLOPEN_FAILED"],
    },
    // Runtimes', hosts' and bundlers' messages for a function whose code cannot be loaded as
    // it was packaged, printed level-less or in the error object. Strong and exact: only
    // these programs print these words.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[
            // The .NET hosts, before any managed code runs: corehost's wording exactly
            // (dotnet/runtime, src/native/corehost: "The library '%s' required to execute the
            // application was not found in '%s'."; the same words about a config file are an
            // application's own), "A fatal error occurred. The required library libhostfxr.so
            // could not be found" (.NET docs, "Troubleshoot .NET errors related to missing files
            // on Linux"), and the .NET base image's bootstrap script (aws-lambda-dotnet,
            // LambdaRuntimeDockerfiles). The exit after them is their consequence.
            "' required to execute the application was not found in '",
            "The required library libhostfxr.so could not be found",
            ".NET binaries for Lambda function are not correctly installed",
            // aws-lambda-go's handler validation (lambda/handler.go, `validateReturns` /
            // `validateArguments`).
            "handler returns a single value, but it does not implement error",
            "handler returns two values, but the second does not implement error",
            "handlers may not take more than two arguments",
            "handlers may not return more than two values",
            // The LLRT runtime's module resolver ("Error resolving module '<name>' from
            // '<file>'").
            "Error resolving module '",
            // esbuild's `__require` shim in an ESM bundle ("Dynamic require of \"<module>\" is
            // not supported"), thrown while the bundle's modules load; plain and JSON-escaped.
            "Dynamic require of \"",
            "Dynamic require of \\\"",
        ],
    },
    // A custom runtime's `bootstrap` shell script failing: the shell names the script and the
    // line (`/opt/bootstrap: line 3: ./node/bin/node: No such file or directory`, bash's
    // error format; then `exit status 127`, the shell's "command not found"). The runtime
    // never started. So for the base images' entrypoint script that starts the runtime (then
    // `exit status 126` for "cannot execute", 127 for a missing file). Only heading its line
    // (the script's path before it, for bootstrap), and not bash's own `warning: ` lines.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &[super::BOOTSTRAP_SHELL_ERROR, super::ENTRYPOINT_SHELL_ERROR],
    },
    // PowerShell's Import-Module failure for a module it cannot find (`Modules_ModuleNotFound`:
    // "The specified module 'X' was not loaded because no valid module file was found in any
    // module directory"): the PowerShell runtime's `ModuleNotFoundError`. Weak.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: false,
        exact: false,
        terms: &["was not loaded because no valid module file was found in any module directory"],
    },
    // Frameworks' own "the application could not start" reports, at ERROR level: Spring Boot's
    // `SpringApplication` ("Application run failed", 1.x "Application startup failed") and
    // aws-serverless-java-container's `ContainerInitializationException` (the framework did
    // not initialise within the init budget). Weak: they need a failure report around them.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: false,
        exact: false,
        terms: &["Application run failed", "Application startup failed"],
    },
    Group {
        signal: "exception_hierarchy",
        kind: Kind::Class(InitError),
        strong: false,
        exact: true,
        terms: &["ContainerInitializationException"],
    },
    // The platform's line for a container image whose entrypoint could not be started
    // (`IMAGE\tLaunch error: fork/exec /lambda-entrypoint.sh: exec format error\tEntrypoint:
    // [...]\tCmd: [...]\tWorkingDir: [...]`, the IMAGE record beside INIT_START and
    // EXTENSION; the invocation then fails with `Runtime.InvalidEntrypoint`).
    Group {
        signal: "lambda_platform_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: true,
        terms: &["IMAGE\tLaunch error: ", "IMAGE Launch error: "],
    },
    // The dynamic loader's errors for the custom runtime's executable, which Lambda requires to
    // be named `bootstrap` (in the package or a layer, Lambda Developer Guide, "Custom runtime"):
    // glibc ld.so prints the program's name before `error while loading shared libraries` and
    // after elf/dl-version.c's "version `GLIBC_2.28' not found (required by …)". The runtime
    // never starts. The same messages about another program (a child process a handler
    // spawns) are not the function's init and are not listed.
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: true,
        exact: false,
        terms: &[
            "bootstrap: error while loading shared libraries",
            "not found (required by /var/task/bootstrap)",
            "not found (required by /opt/bootstrap)",
        ],
    },
    // The go1.x runtime starting the handler binary of the deployment package: Go's package os
    // reports a failed start as a `PathError` with op `fork/exec` (os.StartProcess,
    // os/exec_posix.go), so
    // `fork/exec /var/task/main: no such file or directory` (no binary by the handler's name)
    // or `…: exec format error` (built for another architecture) is a function that never
    // initialised. Weak: it needs the runtime's error object or a failure level around it,
    // except as the go1.x runtime's own level-less line (`go_start_error_in_shape`).
    Group {
        signal: "runtime_loader_message",
        kind: Kind::Class(InitError),
        strong: false,
        exact: false,
        terms: &["fork/exec /var/task/"],
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
            // (`UnsatisfiedLinkError`); .NET's equivalents for a type or assembly that cannot be
            // loaded (`TypeLoadException`, `BadImageFormatException`). Not .NET's
            // `TypeInitializationException`: the CLR runs a type's static constructor on the
            // type's first use (ECMA-335 II.10.5.3), during whichever invocation touches it
            // first, so it is the code's exception; while the runtime loads the handler its
            // loader frames (`UserCodeLoader.Init`) say so. The Java names count only while the
            // handler is not yet running (`super::JAVA_LINKAGE_ERRORS`): under its
            // `handleRequest` frame a class that cannot be loaded is that invocation's error.
            "ExceptionInInitializerError",
            "UnsupportedClassVersionError",
            "UnsatisfiedLinkError",
            "TypeLoadException",
            "BadImageFormatException",
            // Bundler's errors for gems it cannot resolve when `Bundler.setup` runs at start-up
            // (bundler/errors.rb: `GemNotFound`, `GemfileNotFound`): Ruby's `LoadError` of a
            // bundled application.
            "Bundler::GemNotFound",
            "Bundler::GemfileNotFound",
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
    // The JVM's own detail messages of `OutOfMemoryError` (Oracle's Java SE troubleshooting
    // guide, "Understand the OutOfMemoryError Exception"): a wrapping exception that quotes
    // its cause's message shows only them (`Bean definition [...] could not be loaded:
    // Metaspace`). Only as a whole message, in HotSpot's case: after `: ` and ending the line
    // (or an escaped line break, a quote, a parenthesis); a memory pool's name in a metric or
    // a sentence is not one. Weak: they need a failure report around them.
    Group {
        signal: "runtime_out_of_memory",
        kind: Kind::Class(OutOfMemory),
        strong: false,
        exact: true,
        terms: super::JVM_OUT_OF_MEMORY_MESSAGES,
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
            // PHP's fatal error for a script over its `memory_limit` (Zend's zend_alloc.c,
            // "Allowed memory size of %zu bytes exhausted (tried to allocate %zu bytes)").
            "bytes exhausted (tried to allocate",
        ],
    },
];
