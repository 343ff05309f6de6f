//! `prfaq serve`: opens the store, listens, and serves connections until Ctrl-C.
//!
//! The accept loop is written out (rather than `axum::serve`) for two protections that
//! the convenience function does not offer: a deadline for request headers, so a client
//! that opens a connection and sends nothing, or one byte a minute, is dropped; and a cap
//! on connections served at once. The request deadline (body included) is a layer of the
//! router.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use prfaq_store::{DatabaseUrl, now_millis};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::config::ServeConfig;
use crate::routes::router;
use crate::state::AppState;

/// Opens the database (running its migrations), prints the workspace's URL, and serves
/// until Ctrl-C. With [`ServeConfig::init_logging`], log lines go to standard error
/// (unless a subscriber is already installed).
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    if config.init_logging {
        use std::io::IsTerminal;
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .try_init();
    }
    let url = DatabaseUrl::parse(&config.database_url)?;
    let shown = match &url {
        DatabaseUrl::Sqlite(path) => path.display().to_string(),
        DatabaseUrl::Postgres(pg) => pg.redacted(),
    };
    let store = prfaq_store::open(&url, &prfaq_store::Config::default())
        .await
        .with_context(|| format!("cannot open the database {shown}"))?;
    let mut web = config.web()?;
    if web.secrets_key.is_none() {
        web.secrets_key = config.default_secrets_key();
    }
    if !web.secure_cookies && !config.addr.ip().is_loopback() {
        tracing::warn!(
            "serving plain http on a non-loopback address with insecure cookies; put TLS in front"
        );
    }
    let first_run = store.user_count().await? == 0;
    let state = AppState::new(store.clone(), web)?;
    let app = router(state.clone());
    let listener = TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    println!("prfaq workspace: http://{addr}/  (database: {shown})");
    if state.config().mail.is_some() {
        println!(
            "Email about notices is on; links in it start {}/",
            state.config().public_url
        );
    }
    if first_run {
        println!("Open it to create the first account; it comes with an example PR/FAQ.");
    }
    tokio::spawn(housekeeping(state.clone()));

    let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit?,
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let app = app.clone();
        let header_timeout = config.header_read_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request
                        .extensions_mut()
                        .insert(ConnectInfo::<SocketAddr>(peer));
                    let app = app.clone();
                    async move {
                        let response = app.oneshot(request.map(axum::body::Body::new)).await;
                        Ok::<_, Infallible>(match response {
                            Ok(response) => response,
                            Err(never) => match never {},
                        })
                    }
                });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    println!("prfaq: shutting down");
    store.close().await;
    Ok(())
}

/// Deletes expired sessions and old sign-in failures every ten minutes.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(error) = state.store().purge_expired_sessions().await {
            tracing::warn!(%error, "could not purge expired sessions");
        }
        let before = now_millis() - state.config().sign_in_window.as_millis() as i64 * 4;
        if let Err(error) = state.store().purge_sign_in_failures(before).await {
            tracing::warn!(%error, "could not purge old sign-in failures");
        }
    }
}
