//! [`FaultProxy`]: a small HTTP proxy in front of moto_server that injects faults, so the tests
//! can make AWS throttle, fail, answer slowly or drop connections, per service or per operation,
//! for a number of calls or until switched off. It also counts every call by service and
//! operation (what a burst costs).
//!
//! A call is named by its SigV4 credential scope (the service: `dynamodb`, `securityhub`,
//! `sns`, ...) and its operation: `X-Amz-Target` (awsJson), `Action` (awsQuery), or for Security
//! Hub (restJson) its path (`BatchImportFindings`, `GetFindings`, ...). Injected errors have each
//! protocol's real shape, so the SDK parses and classifies them as it would AWS's.
//!
//! moto_server lacks Security Hub's `BatchUpdateFindings`: the proxy answers it itself (every
//! finding processed) and records each request's body ([`FaultProxy::workflow_updates`]), so a
//! test can check the workflow Vigil set on an accepted risk's finding.
//!
//! Plain threads and `std::net`: one thread per connection, each request forwarded to moto on a
//! fresh connection (`Connection: close`) and its answer relayed with a `Content-Length`.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// What to do to a matching call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with the protocol's throttling error (not forwarded).
    Throttle,
    /// Answer 500 with the protocol's internal error (not forwarded).
    ServerError,
    /// Wait this long, then forward and answer (a slow AWS: the request still happens).
    Slow(Duration),
    /// Close the connection without answering (not forwarded).
    Drop,
}

/// Which calls a fault applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The SigV4 service name (`dynamodb`, `securityhub`, `sns`, ...).
    pub service: String,
    /// The operation (`PutItem`, `BatchImportFindings`, `Publish`, ...); `None`: every one.
    pub operation: Option<String>,
}

impl Target {
    /// Every call to `service`.
    pub fn service(service: &str) -> Target {
        Target {
            service: service.to_string(),
            operation: None,
        }
    }

    /// One operation of `service`.
    pub fn operation(service: &str, operation: &str) -> Target {
        Target {
            service: service.to_string(),
            operation: Some(operation.to_string()),
        }
    }

    fn matches(&self, call: &Call) -> bool {
        self.service == call.service
            && self
                .operation
                .as_ref()
                .is_none_or(|op| *op == call.operation)
    }
}

#[derive(Debug)]
struct Rule {
    target: Target,
    fault: Fault,
    /// Calls left to fault; `None`: until cleared.
    remaining: Option<u32>,
    /// Matching calls still to let through before the first fault.
    skip: u32,
}

#[derive(Debug, Default)]
struct Shared {
    rules: Vec<Rule>,
    calls: BTreeMap<String, usize>,
    injected: BTreeMap<String, usize>,
    /// The bodies of the `BatchUpdateFindings` requests answered, in order.
    updates: Vec<serde_json::Value>,
    /// Per `BatchImportFindings` request received: its findings and its body's bytes.
    imports: Vec<(usize, usize)>,
}

/// A running proxy, stopped when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    /// `http://127.0.0.1:<port>`: the endpoint to give the SDK.
    pub endpoint: String,
    port: u16,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FaultProxy {
    /// Starts a proxy on a free loopback port, forwarding to `upstream`
    /// (`http://127.0.0.1:<port>`, moto's endpoint).
    pub fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream
            .strip_prefix("http://")
            .unwrap_or(upstream)
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let stop = Arc::new(AtomicBool::new(false));
        {
            let shared = shared.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(conn) = conn else { continue };
                    let shared = shared.clone();
                    let upstream = upstream.clone();
                    std::thread::spawn(move || {
                        // A connection that breaks ends its thread; the SDK sees the break.
                        let _ = serve(conn, &upstream, &shared);
                    });
                }
            });
        }
        FaultProxy {
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            shared,
            stop,
        }
    }

    /// Injects `fault` into the next `times` calls matching `target` (`None`: until
    /// [`FaultProxy::clear`]). Rules are tried in the order they were added.
    pub fn inject(&self, target: Target, fault: Fault, times: Option<u32>) {
        self.inject_after(target, 0, fault, times);
    }

    /// Lets the next `after` calls matching `target` through, then injects `fault` into the
    /// `times` calls after them (`None`: until [`FaultProxy::clear`]): e.g. SNS failing after
    /// two publishes.
    pub fn inject_after(&self, target: Target, after: u32, fault: Fault, times: Option<u32>) {
        lock(&self.shared).rules.push(Rule {
            target,
            fault,
            remaining: times,
            skip: after,
        });
    }

    /// Switches every fault off.
    pub fn clear(&self) {
        lock(&self.shared).rules.clear();
    }

    /// Every call received so far (faulted or not), by `service:operation`.
    pub fn calls(&self) -> BTreeMap<String, usize> {
        lock(&self.shared).calls.clone()
    }

    /// Calls received for one operation.
    pub fn calls_to(&self, service: &str, operation: &str) -> usize {
        lock(&self.shared)
            .calls
            .get(&format!("{service}:{operation}"))
            .copied()
            .unwrap_or(0)
    }

    /// Faults injected so far, by `service:operation`.
    pub fn injected(&self) -> BTreeMap<String, usize> {
        lock(&self.shared).injected.clone()
    }

    /// Faults still to inject with a count (rules "until cleared" are not counted).
    pub fn pending(&self) -> u32 {
        lock(&self.shared)
            .rules
            .iter()
            .filter_map(|r| r.remaining)
            .sum()
    }

    /// Every `BatchUpdateFindings` request answered so far (its JSON body), oldest first.
    pub fn workflow_updates(&self) -> Vec<serde_json::Value> {
        lock(&self.shared).updates.clone()
    }

    /// Per `BatchImportFindings` request received so far (faulted or not): how many findings it
    /// carried and its body's size in bytes, against Security Hub's limits (100 and 6 MB).
    pub fn imports(&self) -> Vec<(usize, usize)> {
        lock(&self.shared).imports.clone()
    }

    /// Forgets the calls counted so far.
    pub fn reset_counts(&self) {
        let mut shared = lock(&self.shared);
        shared.calls.clear();
        shared.injected.clear();
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One request, as far as the proxy needs it.
#[derive(Debug)]
struct Call {
    service: String,
    operation: String,
    json_target: bool,
    query: bool,
    content_type: String,
}

struct Request {
    head: Vec<(String, String)>,
    request_line: String,
    body: Vec<u8>,
}

fn serve(mut client: TcpStream, upstream: &str, shared: &Mutex<Shared>) -> io::Result<()> {
    let mut buffered = Vec::new();
    loop {
        let Some(request) = read_request(&mut client, &mut buffered)? else {
            return Ok(());
        };
        let call = describe(&request);
        let key = format!("{}:{}", call.service, call.operation);
        let import = (key == "securityhub:BatchImportFindings").then(|| {
            let findings = serde_json::from_slice::<serde_json::Value>(&request.body)
                .ok()
                .and_then(|b| b["Findings"].as_array().map(Vec::len))
                .unwrap_or(0);
            (findings, request.body.len())
        });
        let fault = {
            let mut s = lock(shared);
            *s.calls.entry(key.clone()).or_default() += 1;
            s.imports.extend(import);
            let fault = s
                .rules
                .iter_mut()
                .find(|r| r.target.matches(&call) && r.remaining != Some(0))
                .and_then(|r| {
                    if r.skip > 0 {
                        r.skip -= 1;
                        return None;
                    }
                    if let Some(n) = r.remaining.as_mut() {
                        *n -= 1;
                    }
                    Some(r.fault)
                });
            s.rules.retain(|r| r.remaining != Some(0));
            if fault.is_some() {
                *s.injected.entry(key).or_default() += 1;
            }
            fault
        };
        match fault {
            Some(Fault::Drop) => {
                let _ = client.shutdown(Shutdown::Both);
                return Ok(());
            }
            Some(Fault::Throttle) => {
                let (status, headers, body) = throttling(&call);
                write_response(&mut client, status, &headers, body.as_bytes())?;
            }
            Some(Fault::ServerError) => {
                let (status, headers, body) = internal(&call);
                write_response(&mut client, status, &headers, body.as_bytes())?;
            }
            Some(Fault::Slow(delay)) => {
                std::thread::sleep(delay);
                forward(&mut client, upstream, &request)?;
            }
            None if call.service == "securityhub" && call.operation == "BatchUpdateFindings" => {
                let (status, headers, body) = batch_update_findings(&request, shared);
                write_response(&mut client, status, &headers, body.as_bytes())?;
            }
            None => forward(&mut client, upstream, &request)?,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one request (head and `Content-Length` body); `None` at a clean end of the
/// connection.
fn read_request(conn: &mut TcpStream, buffered: &mut Vec<u8>) -> io::Result<Option<Request>> {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = find(buffered, b"\r\n\r\n") {
            break i;
        }
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buffered.extend_from_slice(&chunk[..n]);
    };
    let head_text = String::from_utf8_lossy(&buffered[..head_end]).to_string();
    let mut lines = head_text.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_string();
    let head: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length = header(&head, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffered.len() < body_start + length {
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "request body cut short",
            ));
        }
        buffered.extend_from_slice(&chunk[..n]);
    }
    let body = buffered[body_start..body_start + length].to_vec();
    buffered.drain(..body_start + length);
    Ok(Some(Request {
        head,
        request_line,
        body,
    }))
}

fn header<'a>(head: &'a [(String, String)], name: &str) -> Option<&'a str> {
    head.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn describe(request: &Request) -> Call {
    let service = header(&request.head, "authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').nth(3))
        .unwrap_or("unknown")
        .to_string();
    let content_type = header(&request.head, "content-type")
        .unwrap_or("")
        .to_string();
    let path = request
        .request_line
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    let method = request.request_line.split(' ').next().unwrap_or("GET");
    if let Some(target) = header(&request.head, "x-amz-target") {
        return Call {
            service,
            operation: target.rsplit('.').next().unwrap_or(target).to_string(),
            json_target: true,
            query: false,
            content_type,
        };
    }
    let action = content_type
        .starts_with("application/x-www-form-urlencoded")
        .then(|| {
            String::from_utf8_lossy(&request.body)
                .split('&')
                .find_map(|p| p.strip_prefix("Action=").map(str::to_string))
        })
        .flatten();
    if let Some(action) = action {
        return Call {
            service,
            operation: action,
            json_target: false,
            query: true,
            content_type,
        };
    }
    let operation = match (service.as_str(), method, path.as_str()) {
        ("securityhub", "POST", "/findings/import") => "BatchImportFindings".to_string(),
        ("securityhub", "POST", "/findings") => "GetFindings".to_string(),
        ("securityhub", "PATCH", "/findings/batchupdate") => "BatchUpdateFindings".to_string(),
        ("securityhub", "POST", "/accounts") => "EnableSecurityHub".to_string(),
        _ => format!("{method} {path}"),
    };
    Call {
        service,
        operation,
        json_target: false,
        query: false,
        content_type,
    }
}

type Answer = (u16, Vec<(&'static str, String)>, String);

/// Security Hub's `BatchUpdateFindings`, which moto lacks: records the request and answers
/// that every finding it names was processed (a body that is not JSON is a 400).
fn batch_update_findings(request: &Request, shared: &Mutex<Shared>) -> Answer {
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
        return rest_error(400, "InvalidInputException", "the body is not JSON");
    };
    let processed = body
        .get("FindingIdentifiers")
        .cloned()
        .unwrap_or_else(|| serde_json::json!([]));
    lock(shared).updates.push(body);
    (
        200,
        vec![("Content-Type", "application/json".to_string())],
        serde_json::json!({"ProcessedFindings": processed, "UnprocessedFindings": []}).to_string(),
    )
}

fn query_error(call: &Call, status: u16, code: &str, message: &str) -> Answer {
    let body = if call.service == "ec2" {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code>\
             <Message>{message}</Message></Error></Errors><RequestID>injected</RequestID></Response>"
        )
    } else {
        format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>\
             </Error><RequestId>injected</RequestId></ErrorResponse>"
        )
    };
    (status, vec![("Content-Type", "text/xml".to_string())], body)
}

fn json_error(call: &Call, status: u16, code: &str, message: &str) -> Answer {
    let typ = if call.service == "dynamodb" {
        format!("com.amazonaws.dynamodb.v20120810#{code}")
    } else {
        code.to_string()
    };
    let content_type = if call.content_type.is_empty() {
        "application/x-amz-json-1.1".to_string()
    } else {
        call.content_type.clone()
    };
    (
        status,
        vec![("Content-Type", content_type)],
        format!("{{\"__type\":\"{typ}\",\"message\":\"{message}\"}}"),
    )
}

fn rest_error(status: u16, code: &str, message: &str) -> Answer {
    (
        status,
        vec![
            ("Content-Type", "application/json".to_string()),
            ("x-amzn-ErrorType", code.to_string()),
        ],
        format!("{{\"message\":\"{message}\"}}"),
    )
}

/// The service's own throttling answer.
fn throttling(call: &Call) -> Answer {
    const MSG: &str = "Rate exceeded (injected by the test proxy)";
    if call.json_target {
        json_error(call, 400, "ThrottlingException", MSG)
    } else if call.query {
        match call.service.as_str() {
            // SNS: ThrottledException, awsQuery code `Throttled`, HTTP 429.
            "sns" => query_error(call, 429, "Throttled", MSG),
            "ec2" => query_error(call, 503, "RequestLimitExceeded", MSG),
            _ => query_error(call, 400, "Throttling", MSG),
        }
    } else if call.service == "securityhub" {
        // Security Hub: LimitExceededException, HTTP 429.
        rest_error(429, "LimitExceededException", MSG)
    } else {
        rest_error(429, "TooManyRequestsException", MSG)
    }
}

/// The service's internal error, HTTP 500.
fn internal(call: &Call) -> Answer {
    const MSG: &str = "Internal failure (injected by the test proxy)";
    if call.json_target {
        let code = if call.service == "dynamodb" {
            "InternalServerError"
        } else {
            "InternalFailure"
        };
        json_error(call, 500, code, MSG)
    } else if call.query {
        let code = if call.service == "sns" {
            "InternalError"
        } else {
            "InternalFailure"
        };
        query_error(call, 500, code, MSG)
    } else if call.service == "securityhub" {
        rest_error(500, "InternalException", MSG)
    } else {
        rest_error(500, "InternalFailure", MSG)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn write_response(
    conn: &mut TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nx-amzn-RequestId: injected\r\n\r\n",
        body.len()
    ));
    conn.write_all(out.as_bytes())?;
    conn.write_all(body)?;
    conn.flush()
}

/// Sends the request to moto on a fresh connection and relays the whole answer.
fn forward(client: &mut TcpStream, upstream: &str, request: &Request) -> io::Result<()> {
    let mut up = TcpStream::connect(upstream)?;
    let mut out = format!("{}\r\n", request.request_line);
    for (k, v) in &request.head {
        if k.eq_ignore_ascii_case("connection") {
            continue;
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    up.write_all(out.as_bytes())?;
    up.write_all(&request.body)?;
    up.flush()?;
    let mut answer = Vec::new();
    up.read_to_end(&mut answer)?;
    let Some(head_end) = find(&answer, b"\r\n\r\n") else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "moto's answer has no head",
        ));
    };
    let head_text = String::from_utf8_lossy(&answer[..head_end]).to_string();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap_or("HTTP/1.1 502 Bad Gateway");
    let head: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let raw = &answer[head_end + 4..];
    let chunked = header(&head, "transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let body = if chunked { dechunk(raw) } else { raw.to_vec() };
    // Relayed as HTTP/1.1 with a length, so the SDK keeps its connection to the proxy.
    let status_line = status_line.replacen("HTTP/1.0", "HTTP/1.1", 1);
    let mut out = format!("{status_line}\r\n");
    for (k, v) in &head {
        if [
            "connection",
            "content-length",
            "transfer-encoding",
            "keep-alive",
        ]
        .iter()
        .any(|h| k.eq_ignore_ascii_case(h))
        {
            continue;
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    client.write_all(out.as_bytes())?;
    client.write_all(&body)?;
    client.flush()
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(line_end) = find(raw, b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        raw = &raw[line_end + 2..];
        if size == 0 || raw.len() < size {
            break;
        }
        body.extend_from_slice(&raw[..size]);
        raw = raw.get(size + 2..).unwrap_or_default();
    }
    body
}
