//! A `moto_server` (real AWS wire protocols, local) per test: started from the repo's venv on a
//! free 127.0.0.1 port, reset before use, and killed when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};

/// Long enough for a cold Python import of moto on a busy 2-core machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The AWS configuration of a client of the emulator at `endpoint`: its region, fake
/// credentials (moto accepts any), every service on that endpoint.
pub async fn emulator_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .load()
        .await
}

pub struct Moto {
    child: Child,
    port: u16,
}

/// `MOTO_SERVER` overrides the location; otherwise `<repo>/.venv/bin/moto_server`.
fn moto_server_path() -> PathBuf {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/moto_server")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

/// moto's DynamoDB backend has no locking: under its default threaded server two concurrent
/// transactions can both pass the same condition check, which real DynamoDB never allows. This
/// runs the same `moto.server` entry point with requests handled one at a time.
const SERIALIZED_LAUNCHER: &str = "import sys, moto.server as s\n\
orig = s.run_simple\n\
s.run_simple = lambda *a, **k: orig(*a, **{**k, 'threaded': False})\n\
s.main(sys.argv[1:])\n";

impl Moto {
    /// `moto_server` as shipped (threaded).
    pub fn start() -> Moto {
        Moto::launch(false, &[])
    }

    /// For tests of concurrent conditional writes (see [`SERIALIZED_LAUNCHER`]).
    pub fn start_serialized() -> Moto {
        Moto::launch(true, &[])
    }

    /// With moto's IAM access control on after `free_actions` unauthenticated requests
    /// (`INITIAL_NO_AUTH_ACTION_COUNT`): later requests need a key of a user created in moto,
    /// and are refused unless that user's policies allow the action.
    pub fn start_with_iam(free_actions: u32) -> Moto {
        Moto::launch(
            false,
            &[("INITIAL_NO_AUTH_ACTION_COUNT", free_actions.to_string())],
        )
    }

    fn launch(serialized: bool, env: &[(&str, String)]) -> Moto {
        let path = moto_server_path();
        assert!(
            path.exists(),
            "moto_server not found at {}: run `make test` to install it",
            path.display()
        );
        let port = free_port();
        let port_arg = port.to_string();
        let address = ["-H", "127.0.0.1", "-p", port_arg.as_str()];
        let mut command = if serialized {
            let python = path.with_file_name("python");
            let mut c = Command::new(python);
            c.args(["-c", SERIALIZED_LAUNCHER]);
            c
        } else {
            Command::new(&path)
        };
        let child = command
            .args(address)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("failed to start {}: {e}", path.display()));
        let mut moto = Moto { child, port };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = moto.child.try_wait().ok().flatten() {
                panic!("moto_server exited early with {status}");
            }
            if moto.request("GET", "/moto-api/").is_some() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not answer on port {port} within {START_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto.reset();
        moto
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Forget every table, item and queue.
    pub fn reset(&self) {
        let status = self.request("POST", "/moto-api/reset");
        assert_eq!(status, Some(200), "moto reset failed");
    }

    /// The shared AWS configuration of a client of this emulator.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        emulator_config(&self.endpoint()).await
    }

    pub async fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::new(&self.sdk_config().await)
    }

    /// A bare HTTP/1.0 request; the status code, or `None` while the server is not up.
    fn request(&self, method: &str, path: &str) -> Option<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let request = format!(
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        String::from_utf8_lossy(&response)
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
