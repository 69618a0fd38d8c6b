//! A stub of the Amazon Bedrock **Converse wire format**, NOT Bedrock: a tiny HTTP/1.1 server on
//! 127.0.0.1 that answers `POST /model/{modelId}/converse` with a canned response, and records
//! what it received. Bedrock cannot be reached from the test machines and the local AWS
//! emulator does not serve it; tests that use this stub say so.
#![allow(dead_code)] // each test binary uses part of it

use aws_sdk_bedrockruntime::config::retry::RetryConfig;
use aws_sdk_bedrockruntime::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_bedrockruntime::Client;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the stub saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the stub answers to every request.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub reason: &'static str,
    pub extra_headers: Vec<(&'static str, &'static str)>,
    pub body: String,
    pub delay: Duration,
}

impl Canned {
    /// A successful Converse response whose assistant message is `text`.
    pub fn converse_ok(text: &str) -> Canned {
        let body = json!({
            "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
            "stopReason": "end_turn",
            "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
            "metrics": {"latencyMs": 1}
        });
        Canned {
            status: 200,
            reason: "OK",
            extra_headers: vec![],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    /// A service error as the Converse API sends one: an HTTP status, the error code in
    /// `x-amzn-ErrorType` and a JSON `message`.
    pub fn service_error(
        status: u16,
        reason: &'static str,
        error_type: &'static str,
        message: &str,
    ) -> Canned {
        Canned {
            status,
            reason,
            extra_headers: vec![("x-amzn-ErrorType", error_type)],
            body: json!({ "message": message }).to_string(),
            delay: Duration::ZERO,
        }
    }

    /// Bedrock's `ThrottlingException` (HTTP 429) with `message`.
    pub fn throttled(message: &str) -> Canned {
        Canned::service_error(429, "Too Many Requests", "ThrottlingException", message)
    }

    /// Bedrock's `AccessDeniedException` (HTTP 403) with `message`.
    pub fn access_denied(message: &str) -> Canned {
        Canned::service_error(403, "Forbidden", "AccessDeniedException", message)
    }
}

pub type Log = Arc<Mutex<Vec<Recorded>>>;

/// Start the stub on an ephemeral port; returns its base URL and the log of requests.
pub async fn start_converse_stub(canned: Canned) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind stub");
    let url = format!("http://{}", listener.local_addr().expect("stub address"));
    let log: Log = Arc::default();
    let server_log = log.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let canned = canned.clone();
            let log = server_log.clone();
            tokio::spawn(async move {
                // A client that gave up (the timeout case) makes the write fail; that is fine.
                let _ = serve_one(stream, &canned, &log).await;
            });
        }
    });
    (url, log)
}

async fn serve_one(mut stream: TcpStream, canned: &Canned, log: &Log) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_string();
    let path = request_line.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[header_end..].to_vec();
    log.lock().expect("log lock").push(Recorded {
        method,
        path,
        headers,
        body,
    });

    tokio::time::sleep(canned.delay).await;
    let mut response = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        canned.status,
        canned.reason,
        canned.body.len()
    );
    for (k, v) in &canned.extra_headers {
        response.push_str(&format!("{k}: {v}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&canned.body);
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// The real SDK client pointed at the stub. SDK retries are off so each test sees exactly one
/// request; in the pipeline a retryable failure leaves the incident `pending` instead.
pub fn stub_client(endpoint: &str) -> Client {
    let config = aws_sdk_bedrockruntime::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDCONVERSESTUB",
            "converse-stub-secret",
            None,
            None,
            "converse-wire-stub",
        ))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}
