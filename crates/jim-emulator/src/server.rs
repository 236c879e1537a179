//! The connection loop. It is written by hand, not with `axum::serve`, because faults need
//! to close a connection without a response and a restart needs to stop listening, close
//! every open connection and listen again on the same port.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

use crate::faults::DropConnection;

/// The error the connection service returns to make hyper close a connection without a
/// response.
#[derive(Debug, thiserror::Error)]
#[error("connection closed before the response on purpose (fault)")]
struct ConnectionDropped;

/// The delay before a restart, so that the restart route's own response is sent first.
const RESTART_GRACE: Duration = Duration::from_millis(100);

/// The time the loop keeps trying to listen on the port again after a restart.
const REBIND_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves. Each message on `restarts` takes
/// the server down for that many seconds.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    mut restarts: mpsc::UnboundedReceiver<f64>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let address = listener.local_addr()?;
    let (generation, _) = watch::channel(0_u64);
    let mut listener = Some(listener);
    tokio::pin!(shutdown);
    loop {
        let Some(current) = listener.as_ref() else {
            return Err(io::Error::other("the listener is missing"));
        };
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            Some(down_seconds) = restarts.recv() => {
                tokio::time::sleep(RESTART_GRACE).await;
                drop(listener.take());
                generation.send_modify(|value| *value += 1);
                tracing::info!("restart: refusing connections for {down_seconds} s");
                tokio::select! {
                    () = &mut shutdown => return Ok(()),
                    () = tokio::time::sleep(Duration::from_secs_f64(down_seconds)) => {}
                }
                listener = Some(rebind(address).await?);
                tracing::info!("restart: accepting connections again on {address}");
            }
            accepted = current.accept() => match accepted {
                Ok((stream, peer)) => {
                    spawn_connection(stream, peer, app.clone(), generation.subscribe());
                }
                Err(error) => {
                    // Accept errors such as running out of file descriptors tend to pass, so the loop
                    // waits briefly instead of spinning.
                    tracing::warn!("accepting a connection failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
}

async fn rebind(address: SocketAddr) -> io::Result<TcpListener> {
    let deadline = tokio::time::Instant::now() + REBIND_TIMEOUT;
    loop {
        match TcpListener::bind(address).await {
            Ok(listener) => return Ok(listener),
            Err(error) if tokio::time::Instant::now() < deadline => {
                tracing::warn!("listening on {address} again failed, retrying: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => return Err(error),
        }
    }
}

/// The path a request was sent with, before [`normalise_path`] changed it for routing.
#[derive(Debug, Clone)]
pub struct OriginalPath(pub String);

/// Makes routing match as ASP.NET Core's does: case-insensitively, and with or without a
/// trailing slash. The path as sent is kept in an [`OriginalPath`] extension.
fn normalise_path<B>(request: &mut hyper::Request<B>) {
    let path = request.uri().path();
    let trimmed = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let routed = trimmed.to_ascii_lowercase();
    if routed == path {
        return;
    }
    let original = path.to_string();
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{routed}?{query}"),
        None => routed,
    };
    let mut parts = request.uri().clone().into_parts();
    match path_and_query.parse() {
        Ok(parsed) => parts.path_and_query = Some(parsed),
        Err(_) => return,
    }
    if let Ok(uri) = hyper::Uri::from_parts(parts) {
        *request.uri_mut() = uri;
        request.extensions_mut().insert(OriginalPath(original));
    }
}

fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    mut generation: watch::Receiver<u64>,
) {
    tokio::spawn(async move {
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            normalise_path(&mut request);
            let app = app.clone();
            async move {
                let response = match app.oneshot(request).await {
                    Ok(response) => response,
                    Err(infallible) => match infallible {},
                };
                if response.extensions().get::<DropConnection>().is_some() {
                    return Err(ConnectionDropped);
                }
                Ok(response)
            }
        });
        // HTTP/1.1 only, so that an error from the service closes the whole connection,
        // which the drop faults rely on.
        let connection = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service);
        tokio::select! {
            result = connection => {
                if let Err(error) = result {
                    tracing::debug!("connection from {peer} ended: {error}");
                }
            }
            // A restart closes every open connection, as a real server restart would.
            _ = generation.changed() => {}
        }
    });
}
