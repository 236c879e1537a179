//! The emulator's shared state: configuration, the estate, Activities, the request record
//! and the outcomes set through the control routes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use uuid::Uuid;

use tokio::sync::mpsc::UnboundedSender;

use crate::activity::Activity;
use crate::estate::{Estate, EstateSize};
use crate::faults::{FaultKind, FaultSet};
use crate::rate_limit::RateLimiter;
use crate::run::ActivityStatus;
use crate::tokens::TokenStore;

/// The sender of a request, once its credential has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A configured API key, by its position on the command line (from 1).
    ApiKey { number: usize, read_only: bool },
    /// A bearer token from the token endpoint, by the OIDC client it was issued to.
    Bearer { client_id: String },
}

impl Principal {
    /// Returns whether this principal may change state.
    pub fn can_write(&self) -> bool {
        match self {
            Principal::ApiKey { read_only, .. } => !read_only,
            Principal::Bearer { .. } => true,
        }
    }

    /// Returns a display name that never contains the credential itself.
    pub fn display_name(&self) -> String {
        match self {
            Principal::ApiKey {
                number,
                read_only: false,
            } => format!("API key {number}"),
            Principal::ApiKey {
                number,
                read_only: true,
            } => format!("Read-only API key {number}"),
            Principal::Bearer { .. } => "Emulated Operator".to_string(),
        }
    }

    /// Returns a stable identity for per-client rate limiting.
    pub fn client_id(&self) -> String {
        match self {
            Principal::ApiKey { number, read_only } => format!("key:{number}:{read_only}"),
            Principal::Bearer { client_id } => format!("client:{client_id}"),
        }
    }
}

/// One `/api` request as the request record stores it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The status sent, or null when the connection was dropped before a status was sent.
    pub status: Option<u16>,
    pub authenticated: bool,
    /// The fault applied besides latency, if any.
    pub fault: Option<FaultKind>,
}

/// The final status and timing of the next runs of one Run Profile, as set by the outcome
/// control route.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub status: ActivityStatus,
    pub run_seconds: Option<f64>,
    /// Objects the run finds beyond its first estimate, so that `objectsProcessed` briefly
    /// exceeds `objectsToProcess`.
    pub extra_objects: u64,
}

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// `http://127.0.0.1:<port>`, also the OIDC issuer and authority.
    pub base_url: String,
    pub api_keys: Vec<String>,
    pub read_only_api_keys: Vec<String>,
    pub run_seconds: f64,
    pub estate_size: EstateSize,
    pub oidc_client_id: String,
    pub oidc_client_secret: Option<String>,
    pub token_lifetime_seconds: u64,
    pub sso_enabled: bool,
    pub rate_limit: u32,
    pub anonymous_rate_limit: u32,
    pub retry_after_http_date: bool,
}

/// The state that changes while the emulator runs.
#[derive(Debug)]
pub struct World {
    pub estate: Estate,
    pub activities: Vec<Activity>,
    pub activity_index: HashMap<Uuid, usize>,
    pub requests: Vec<RecordedRequest>,
    pub outcomes: HashMap<i32, Outcome>,
    pub faults: FaultSet,
}

impl World {
    fn initial(config: &Config) -> World {
        World {
            estate: Estate::initial(config.estate_size),
            activities: Vec::new(),
            activity_index: HashMap::new(),
            requests: Vec::new(),
            outcomes: HashMap::new(),
            faults: FaultSet::default(),
        }
    }

    /// Finds an Activity by id.
    pub fn activity(&self, id: Uuid) -> Option<&Activity> {
        self.activity_index
            .get(&id)
            .and_then(|index| self.activities.get(*index))
    }

    /// Stores a new Activity.
    pub fn push_activity(&mut self, activity: Activity) {
        self.activity_index
            .insert(activity.id, self.activities.len());
        self.activities.push(activity);
    }
}

/// The handle every route gets: cheap to clone, shared by all connections.
#[derive(Debug, Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    world: Arc<Mutex<World>>,
    tokens: Arc<Mutex<TokenStore>>,
    rate_limiter: Arc<Mutex<RateLimiter>>,
    /// Sends restart requests (the seconds to stay down) to the connection loop.
    restarts: UnboundedSender<f64>,
}

/// Locks a mutex even if a panicking request poisoned it. Every change is made in one step
/// under the lock, so the data is consistent either way.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Builds the state with the initial estate and the fault rules given at start-up.
    pub fn new(config: Config, faults: FaultSet, restarts: UnboundedSender<f64>) -> AppState {
        let mut world = World::initial(&config);
        world.faults = faults;
        AppState {
            config: Arc::new(config),
            world: Arc::new(Mutex::new(world)),
            tokens: Arc::new(Mutex::new(TokenStore::default())),
            rate_limiter: Arc::new(Mutex::new(RateLimiter::default())),
            restarts,
        }
    }

    /// Locks the estate, Activities, request record, outcomes and faults.
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// Locks the issued tokens.
    pub fn tokens(&self) -> MutexGuard<'_, TokenStore> {
        lock(&self.tokens)
    }

    /// Locks the rate limiter's windows.
    pub fn rate_limiter(&self) -> MutexGuard<'_, RateLimiter> {
        lock(&self.rate_limiter)
    }

    /// Restores the initial estate and clears Activities, requests, outcomes, faults and
    /// rate-limit counts. Issued tokens stay valid.
    pub fn reset(&self) {
        let fresh = World::initial(&self.config);
        *self.world() = fresh;
        self.rate_limiter().clear();
    }

    /// Asks the connection loop to refuse connections for `down_seconds`, then serve again.
    pub fn request_restart(&self, down_seconds: f64) -> bool {
        self.restarts.send(down_seconds).is_ok()
    }

    /// Finds the principal an API key belongs to.
    pub fn principal_for_api_key(&self, key: &str) -> Option<Principal> {
        if let Some(position) = self.config.api_keys.iter().position(|k| k == key) {
            return Some(Principal::ApiKey {
                number: position + 1,
                read_only: false,
            });
        }
        self.config
            .read_only_api_keys
            .iter()
            .position(|k| k == key)
            .map(|position| Principal::ApiKey {
                number: position + 1,
                read_only: true,
            })
    }
}
