//! `serve` over a real socket: it answers, and a client that sends its request slowly,
//! or never finishes it, cannot hold a connection.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use prfaq_web::{PasswordCost, ServeConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Starts `serve` on a free loopback port; returns its address.
async fn start(
    dir: &tempfile::TempDir,
) -> (SocketAddr, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("address")
    };
    let config = ServeConfig {
        addr,
        database_url: dir.path().join("prfaq.db").display().to_string(),
        header_read_timeout: Duration::from_millis(400),
        request_timeout: Duration::from_millis(800),
        password_cost: PasswordCost::TESTING,
        init_logging: false,
        ..ServeConfig::default()
    };
    let server = tokio::spawn(prfaq_web::serve(config));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).await.is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        assert!(!server.is_finished(), "the server stopped");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (addr, server)
}

/// Reads until the server closes the connection; returns what it sent and how long.
async fn read_to_close(stream: &mut TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut out = Vec::new();
    let result = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    assert!(result.is_ok(), "the server held the connection open");
    (String::from_utf8_lossy(&out).into_owned(), start.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_and_drops_slow_clients() {
    let dir = tempfile::tempdir().expect("dir");
    let (addr, server) = start(&dir).await;

    // A plain request works and carries the security headers.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let (response, _) = read_to_close(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("content-security-policy"),
        "{response}"
    );

    // Headers that never finish: dropped after the header deadline.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: loc")
        .await
        .expect("write");
    let (_, waited) = read_to_close(&mut stream).await;
    assert!(waited < Duration::from_secs(3), "{waited:?}");

    // A body that never finishes: the request deadline answers 408 and closes.
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            b"POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a",
        )
        .await
        .expect("write");
    let (response, waited) = read_to_close(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(
        waited >= Duration::from_millis(600) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
    server.abort();
}
