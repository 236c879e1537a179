//! The command line: what the emulator serves, which credentials it accepts and how runs
//! behave.

use clap::Parser;

use crate::faults::{FaultKind, FaultRule};

/// The routes under `/_emulator/`, listed in `--help`.
const CONTROL_ROUTES: &str = "\
Control routes (anonymous, for tests; never recorded, rate limited or faulted):
  GET    /_emulator/requests                  every /api request since start or the last clear
  DELETE /_emulator/requests                  clear the request record
  POST   /_emulator/reset                     restore the initial estate; clear Activities,
                                              requests, faults, outcomes and rate-limit counts
  PUT    /_emulator/run-profiles/{id}/outcome {\"status\": \"FailedWithError\", \"runSeconds\": 2.5,
                                              \"extraObjects\": 0} how the next runs of that
                                              Run Profile end; \"Suspended\" stands for a
                                              final status JIM does not define
  PUT    /_emulator/partitions/{id}           {\"selected\": false} selects or deselects a partition
  GET    /_emulator/faults                    the active fault rules
  PUT    /_emulator/faults                    {\"faults\": [{\"kind\": \"error\", \"status\": 503, \"count\": 2}]}
                                              replaces the fault rules (a single rule object works too)
  DELETE /_emulator/faults                    removes every fault rule
  POST   /_emulator/restart                   {\"downSeconds\": 2} refuses connections that long,
                                              then serves again on the same port with the same state
  POST   /_emulator/tokens/expire             makes every access token issued so far expire

Fault kinds: latency (latencyMs), error (status 401|403|429|500|502|503, retryAfterSeconds,
handled), dropBeforeResponse (handled), dropMidBody, truncatedJson, malformedJson,
slowBody (durationMs).
Every rule takes pathPrefix, method, rate (0..1, default 1) and count (the next N matches only).

The first line on stdout is the base URL, printed once the emulator accepts connections.";

/// An emulator of the JIM identity server's REST API, listening on 127.0.0.1 only.
#[derive(Debug, Clone, Parser)]
#[command(name = "jim-emulator", version, after_help = CONTROL_ROUTES)]
pub struct Cli {
    /// TCP port to listen on; 0 picks a free port.
    #[arg(long, default_value_t = 5000)]
    pub port: u16,

    /// API key with full rights, sent by clients in `X-Api-Key`. Must start with `jim_`.
    /// Repeat for more keys; at least one key is required.
    #[arg(long = "api-key", value_name = "KEY", required = true)]
    pub api_keys: Vec<String>,

    /// API key that may read but gets 403 FORBIDDEN on any change. Must start with `jim_`.
    /// Repeatable.
    #[arg(long = "read-only-api-key", value_name = "KEY")]
    pub read_only_api_keys: Vec<String>,

    /// Seconds a run takes from start to its final status.
    #[arg(long, value_name = "SECONDS", default_value_t = 6.0)]
    pub run_seconds: f64,

    /// Number of synthetic Connected Systems added after the four fixed ones (ids 5, 6, ...).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub extra_systems: u32,

    /// Number of Run Profiles each synthetic Connected System gets, cycling through the five
    /// run types.
    #[arg(long, value_name = "M", default_value_t = 10)]
    pub profiles_per_system: u32,

    /// OIDC client id the token endpoint accepts and `/api/v1/auth/config` advertises.
    #[arg(long, value_name = "ID", default_value = "jim-powershell")]
    pub oidc_client_id: String,

    /// OIDC client secret the token endpoint requires; a public client (no secret) if absent.
    #[arg(long, value_name = "SECRET")]
    pub oidc_client_secret: Option<String>,

    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub token_lifetime: u64,

    /// Serve no SSO: `/api/v1/auth/config` returns 503 `sso_not_configured`, and the OIDC
    /// discovery document and token endpoint return 404.
    #[arg(long)]
    pub no_sso: bool,

    /// Authenticated requests a minute allowed per client (sliding window); 0 turns it off.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub rate_limit: u32,

    /// Anonymous requests a minute allowed per IP address (sliding window); 0 turns it off.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub anonymous_rate_limit: u32,

    /// Send `Retry-After` on 429 as an HTTP date instead of a number of seconds.
    #[arg(long)]
    pub retry_after_http_date: bool,

    /// Fault: milliseconds of latency added to every affected request.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,

    /// Fault: share (0..1) of responses replaced by a 5xx error body.
    #[arg(long, value_name = "SHARE")]
    pub error_rate: Option<f64>,

    /// Status of the errors from --error-rate: 503 SERVICE_UNAVAILABLE, 500 INTERNAL_ERROR or
    /// 502 BAD_GATEWAY.
    #[arg(long, value_name = "STATUS", default_value_t = 503)]
    pub error_status: u16,

    /// Fault: share (0..1) of connections closed, after the request is carried out, before
    /// any response is sent.
    #[arg(long, value_name = "SHARE")]
    pub drop_before_response_rate: Option<f64>,

    /// Fault: share (0..1) of connections closed after the headers, part-way through the
    /// body.
    #[arg(long, value_name = "SHARE")]
    pub drop_mid_body_rate: Option<f64>,

    /// Fault: share (0..1) of JSON bodies cut off half-way (the response itself is complete).
    #[arg(long, value_name = "SHARE")]
    pub truncated_json_rate: Option<f64>,

    /// Fault: share (0..1) of JSON bodies sent with a syntax error.
    #[arg(long, value_name = "SHARE")]
    pub malformed_json_rate: Option<f64>,

    /// Fault: milliseconds over which every affected body is trickled out.
    #[arg(long, value_name = "MS")]
    pub slow_body_ms: Option<u64>,

    /// Share (0..1) of bodies that --slow-body-ms affects.
    #[arg(long, value_name = "SHARE", default_value_t = 1.0)]
    pub slow_body_rate: f64,

    /// Limits the faults given by flags to paths that start with this prefix.
    #[arg(long, value_name = "PREFIX")]
    pub fault_path_prefix: Option<String>,
}

impl Cli {
    /// Checks what clap cannot: key prefixes and a usable run time.
    pub fn validate(&self) -> Result<(), String> {
        let all_keys = self.api_keys.iter().chain(&self.read_only_api_keys);
        for (position, key) in all_keys.enumerate() {
            if !key.starts_with("jim_") {
                return Err(format!(
                    "invalid API key number {}: JIM API keys start with 'jim_'",
                    position + 1
                ));
            }
        }
        if !(self.run_seconds.is_finite() && self.run_seconds >= 0.0) {
            return Err(format!(
                "invalid --run-seconds {}: expected a number of seconds, 0 or more",
                self.run_seconds
            ));
        }
        for rule in self.fault_rules() {
            rule.validate()
                .map_err(|message| format!("invalid fault flag: {message}"))?;
        }
        Ok(())
    }

    /// Builds the fault rules that the fault flags ask for.
    pub fn fault_rules(&self) -> Vec<FaultRule> {
        let mut rules = Vec::new();
        if let Some(latency_ms) = self.latency_ms {
            rules.push(FaultRule {
                latency_ms: Some(latency_ms),
                ..FaultRule::with_rate(FaultKind::Latency, 1.0)
            });
        }
        let rates = [
            (FaultKind::Error, self.error_rate),
            (
                FaultKind::DropBeforeResponse,
                self.drop_before_response_rate,
            ),
            (FaultKind::DropMidBody, self.drop_mid_body_rate),
            (FaultKind::TruncatedJson, self.truncated_json_rate),
            (FaultKind::MalformedJson, self.malformed_json_rate),
            (
                FaultKind::SlowBody,
                self.slow_body_ms.map(|_| self.slow_body_rate),
            ),
        ];
        for (kind, rate) in rates {
            if let Some(rate) = rate {
                rules.push(FaultRule {
                    status: (kind == FaultKind::Error).then_some(self.error_status),
                    duration_ms: self.slow_body_ms.filter(|_| kind == FaultKind::SlowBody),
                    ..FaultRule::with_rate(kind, rate)
                });
            }
        }
        for rule in &mut rules {
            rule.path_prefix = self.fault_path_prefix.clone();
        }
        rules
    }
}
