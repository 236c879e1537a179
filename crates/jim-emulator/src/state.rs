//! The emulator's shared state: configuration, the estate, Activities, the request record
//! and the outcomes set through the control routes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use uuid::Uuid;

use crate::activity::Activity;
use crate::estate::{Estate, EstateSize};
use crate::run::ActivityStatus;

/// Who sent a request, once its credential has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A configured API key, by its position on the command line (from 1).
    ApiKey { number: usize, read_only: bool },
}

impl Principal {
    /// Whether this principal may change state.
    pub fn can_write(&self) -> bool {
        match self {
            Principal::ApiKey { read_only, .. } => !read_only,
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
        }
    }

    /// Returns a stable identity for per-client rate limiting.
    pub fn client_id(&self) -> String {
        match self {
            Principal::ApiKey { number, read_only } => format!("key:{number}:{read_only}"),
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
}

/// How the next runs of one Run Profile end, as set by the outcome control route.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub status: ActivityStatus,
    pub run_seconds: Option<f64>,
}

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    pub api_keys: Vec<String>,
    pub read_only_api_keys: Vec<String>,
    pub run_seconds: f64,
    pub estate_size: EstateSize,
}

/// The state that changes while the emulator runs.
#[derive(Debug)]
pub struct World {
    pub estate: Estate,
    pub activities: Vec<Activity>,
    pub activity_index: HashMap<Uuid, usize>,
    pub requests: Vec<RecordedRequest>,
    pub outcomes: HashMap<i32, Outcome>,
}

impl World {
    fn initial(config: &Config) -> World {
        World {
            estate: Estate::initial(config.estate_size),
            activities: Vec::new(),
            activity_index: HashMap::new(),
            requests: Vec::new(),
            outcomes: HashMap::new(),
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
}

impl AppState {
    /// Builds the state with the initial estate.
    pub fn new(config: Config) -> AppState {
        let world = World::initial(&config);
        AppState {
            config: Arc::new(config),
            world: Arc::new(Mutex::new(world)),
        }
    }

    /// Locks the changing state. A panic in another request does not poison it for good,
    /// because every change is made in one step under the lock.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Restores the initial estate and clears Activities, requests and outcomes.
    pub fn reset(&self) {
        let fresh = World::initial(&self.config);
        *self.world() = fresh;
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
