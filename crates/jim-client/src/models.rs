//! Documents exchanged with the JIM server.
//!
//! Each model names the fields the client relies on and keeps every other field the server
//! sent in `other`, so that serializing a model returns everything the server sent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One page of a paginated list.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Items on this page.
    pub items: Vec<T>,
    /// Whether a further page exists.
    #[serde(default)]
    pub has_next_page: bool,
}

/// A Connected System as the list route returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectedSystemSummary {
    /// Connected System ID.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A Connected System in detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectedSystem {
    /// Connected System ID.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A partition of a Connected System, such as an LDAP naming context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    /// Partition ID.
    pub id: i64,
    /// Partition name, such as `DC=uk,DC=corp,DC=example,DC=com`.
    pub name: String,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A Run Profile, with the fields the client resolves added to the server's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunProfile {
    /// Run Profile ID.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// ID of the owning Connected System.
    pub connected_system_id: i64,
    /// Name of the owning Connected System, resolved by the client, or null when unknown.
    #[serde(default)]
    pub connected_system_name: Option<String>,
    /// The server's name of the run type, such as `FullSynchronisation`.
    pub run_type: String,
    /// Short name of the run type, such as `FullSync`, resolved by the client.
    #[serde(rename = "type", default)]
    pub short_type: Option<String>,
    /// Name of the partition the profile is limited to, or null when it follows every
    /// selected partition.
    #[serde(default)]
    pub partition_name: Option<String>,
    /// ID of the partition named by `partition_name`, resolved by the client. It is null when
    /// `partition_name` is null or matches no partition of the system.
    #[serde(default)]
    pub partition_id: Option<i64>,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Response of the `execute` route: the Activity and task that track the queued run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunProfileExecution {
    /// ID (a GUID) of the Activity that tracks the run.
    pub activity_id: String,
    /// ID (a GUID) of the queued worker task.
    #[serde(default)]
    pub task_id: Option<String>,
    /// The server's message about the queued run.
    #[serde(default)]
    pub message: Option<String>,
    /// Warnings about the run, such as a partition that is no longer selected.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Progress of an Activity, the light-weight view to poll while a run is in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityProgress {
    /// Activity ID (a GUID).
    pub id: String,
    /// Activity status, such as `InProgress` or `Complete`.
    pub status: String,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The full record of an Activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// Activity ID (a GUID).
    pub id: String,
    /// Activity status, such as `InProgress` or `Complete`.
    pub status: String,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Server URL, version and signed-in identity, returned by a successful open.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    /// Base URL of the server, without a trailing slash.
    pub url: String,
    /// Server version from `GET /api/v1/health/version`, or null when that request failed.
    pub version: Option<String>,
    /// Body of `GET /api/v1/userinfo`.
    pub user_info: Map<String, Value>,
}

/// Response of `GET /api/v1/health/version`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct VersionInfo {
    pub(crate) version: Option<String>,
}

/// Response of `GET /api/v1/auth/config`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuthConfig {
    pub(crate) authority: String,
    #[serde(default)]
    pub(crate) client_id: Option<String>,
}

/// The part of an OpenID Provider's discovery document the client uses.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct OpenIdConfiguration {
    pub(crate) token_endpoint: String,
}

/// Response of an OAuth token endpoint to a refresh.
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    pub(crate) access_token: String,
    #[serde(default)]
    pub(crate) refresh_token: Option<String>,
}
