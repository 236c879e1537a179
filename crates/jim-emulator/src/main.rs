//! `jim-emulator`: an emulator of the JIM identity server's REST API for the module's tests
//! and demo. It listens on 127.0.0.1 only and prints its base URL as the first line on
//! stdout once it accepts connections.

mod activity;
mod auth;
mod binding;
mod cli;
mod error;
mod estate;
mod faults;
mod middleware;
mod model;
mod pagination;
mod rate_limit;
mod routes;
mod run;
mod server;
mod state;
mod time;
mod tokens;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use tokio::net::TcpListener;

use crate::cli::Cli;
use crate::estate::EstateSize;
use crate::faults::FaultSet;
use crate::state::{AppState, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    if let Err(message) = cli.validate() {
        eprintln!("jim-emulator: {message}");
        return ExitCode::from(2);
    }

    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, cli.port));
    let listener = match TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("jim-emulator: failed to listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let port = match listener.local_addr() {
        Ok(local) => local.port(),
        Err(error) => {
            eprintln!("jim-emulator: failed to read the listening address: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = match shutdown_signal() {
        Ok(shutdown) => shutdown,
        Err(error) => {
            eprintln!("jim-emulator: failed to install the signal handlers: {error}");
            return ExitCode::FAILURE;
        }
    };
    let base_url = format!("http://127.0.0.1:{port}");
    let (restart_sender, restarts) = tokio::sync::mpsc::unbounded_channel();
    let config = Config {
        base_url: base_url.clone(),
        api_keys: cli.api_keys.clone(),
        read_only_api_keys: cli.read_only_api_keys.clone(),
        run_seconds: cli.run_seconds,
        estate_size: EstateSize {
            extra_systems: cli.extra_systems,
            profiles_per_system: cli.profiles_per_system,
        },
        oidc_client_id: cli.oidc_client_id.clone(),
        oidc_client_secret: cli.oidc_client_secret.clone(),
        token_lifetime_seconds: cli.token_lifetime,
        sso_enabled: !cli.no_sso,
        rate_limit: cli.rate_limit,
        anonymous_rate_limit: cli.anonymous_rate_limit,
        retry_after_http_date: cli.retry_after_http_date,
    };
    let faults = FaultSet {
        rules: cli.fault_rules(),
    };
    let state = AppState::new(config, faults, restart_sender);
    {
        let mut stdout = std::io::stdout().lock();
        if writeln!(stdout, "{base_url}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            eprintln!("jim-emulator: failed to write the base URL to stdout");
            return ExitCode::FAILURE;
        }
    }
    tracing::info!("listening on {base_url}");

    let app = routes::router(state);
    let served = server::serve(listener, app, restarts, shutdown).await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jim-emulator: the server failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Installs the SIGINT and SIGTERM handlers and returns a future that resolves on either.
///
/// The handlers are installed before the base URL is printed, because a signal that arrives
/// before then would otherwise end the process with the default action.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            tracing::info!("shutdown signal received");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutdown signal received");
        })
    }
}
