//! The command line: what the emulator serves, which credentials it accepts and how runs
//! behave.

use clap::Parser;

/// The routes under `/_emulator/`, listed in `--help`.
const CONTROL_ROUTES: &str = "\
Control routes (anonymous, for tests; never recorded or rate limited):
  GET    /_emulator/requests                  every /api request since start or the last clear
  DELETE /_emulator/requests                  clear the request record
  POST   /_emulator/reset                     restore the initial estate; clear activities,
                                              requests, faults and outcomes
  PUT    /_emulator/run-profiles/{id}/outcome {\"status\": \"FailedWithError\", \"runSeconds\": 2.5}
                                              how the next runs of that Run Profile end
  PUT    /_emulator/partitions/{id}           {\"selected\": false} selects or deselects a partition

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
        Ok(())
    }
}
