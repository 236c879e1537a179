//! A connection to one JIM server: its HTTP client, credential and what it has learned.
//!
//! A connection owns one `reqwest::Client`, so every request through it shares one
//! connection pool. It may be used from several tasks and threads at once.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use reqwest::Method;
use serde_json::{Map, Value};
use url::Url;
use uuid::Uuid;

use crate::auth::Auth;
use crate::error::{Error, Result};
use crate::models::{
    Activity, ActivityProgress, ConnectedSystem, ConnectedSystemSummary, ConnectionInfo, Page,
    Partition, VersionInfo,
};
use crate::options::{ConnectionOptions, Credential};
use crate::transport::{Call, CallKind, Target};

/// Rows requested per page of the Activity list at most, the server's maximum.
const ACTIVITY_PAGE_SIZE: u32 = 100;

/// Rows requested per page of the Connected System list, the server's maximum.
const CONNECTED_SYSTEM_PAGE_SIZE: u32 = 100;

/// An open connection to a JIM server.
pub struct Connection {
    pub(crate) http: reqwest::Client,
    /// Base URL, always ending in `/` so that relative paths keep any prefix.
    base_url: Url,
    /// Base URL as shown to the user, without a trailing slash.
    url_text: String,
    pub(crate) auth: Auth,
    pub(crate) options: ConnectionOptions,
    /// Connected System ID that owns each Run Profile ID seen so far.
    pub(crate) run_profile_owners: Mutex<HashMap<i64, i64>>,
}

impl fmt::Debug for Connection {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Connection")
            .field("url", &self.url_text)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Creates a connection without sending any request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `url` is not an absolute `http` or `https` URL, or
    /// contains a user name, password, query or fragment. [`Error::Internal`] when the HTTP
    /// client cannot be built.
    pub fn new(url: &str, credential: Credential, options: ConnectionOptions) -> Result<Self> {
        let base_url = parse_base_url(url)?;
        let url_text = base_url.as_str().trim_end_matches('/').to_owned();
        let http = reqwest::Client::builder()
            .tls_backend_native()
            .timeout(options.timeout)
            .danger_accept_invalid_certs(options.skip_certificate_check)
            .user_agent(concat!("jim-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| Error::Internal {
                message: format!("The HTTP client for {url_text} could not be built: {error}."),
            })?;
        Ok(Connection {
            http,
            base_url,
            url_text,
            auth: Auth::new(credential),
            options,
            run_profile_owners: Mutex::new(HashMap::new()),
        })
    }

    /// Creates a connection and proves its credential with `GET /api/v1/userinfo`. It also
    /// reads the server version and ignores a failure to do so.
    ///
    /// # Errors
    ///
    /// As [`Connection::new`], and [`Error::Http`] with [`crate::ErrorKind::Unauthorised`]
    /// when the server rejects the credential.
    pub async fn open(
        url: &str,
        credential: Credential,
        options: ConnectionOptions,
    ) -> Result<(Self, ConnectionInfo)> {
        let connection = Connection::new(url, credential, options)?;
        if connection.auth.lacks_access_token() {
            connection
                .refresh_access_token(connection.auth.generation())
                .await?;
        }
        let user_info = connection.user_info().await?;
        let version = connection.server_version().await;
        let info = ConnectionInfo {
            url: connection.url_text.clone(),
            version,
            user_info,
        };
        Ok((connection, info))
    }

    /// Returns the base URL as shown to the user, without a trailing slash.
    pub fn url_text(&self) -> &str {
        &self.url_text
    }

    /// Reads the identity behind the credential (`GET /api/v1/userinfo`).
    pub async fn user_info(&self) -> Result<Map<String, Value>> {
        let call = self.read(
            "api/v1/userinfo",
            Target::new(
                "sign in (GET /api/v1/userinfo)".to_string(),
                format!(
                    "{} has no /api/v1/userinfo route, so it does not look like a JIM server. \
                     Check the URL, including any path prefix.",
                    self.url_text
                ),
            ),
        )?;
        self.send_json(&call).await
    }

    /// Reads the server version (`GET /api/v1/health/version`), or `None` on any failure.
    pub async fn server_version(&self) -> Option<String> {
        let call = self
            .read(
                "api/v1/health/version",
                Target::new(
                    "read the server version",
                    "The server version was not found.",
                ),
            )
            .ok()?;
        let call = Call {
            authenticated: false,
            ..call
        };
        let info: VersionInfo = self.send_json(&call).await.ok()?;
        info.version
    }

    /// Lists every Connected System, following every page of the list.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidResponse`] when the server announces a further page after a page that
    /// brought no new system, or after [`ConnectionOptions::max_pages`] pages.
    pub async fn connected_system_list(&self) -> Result<Vec<ConnectedSystemSummary>> {
        let mut systems: Vec<ConnectedSystemSummary> = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        let max_pages = self.options.max_pages;
        for page_number in 1..=max_pages {
            let mut url = self.endpoint("api/v1/synchronisation/connected-systems")?;
            url.query_pairs_mut()
                .append_pair("page", &page_number.to_string())
                .append_pair("pageSize", &CONNECTED_SYSTEM_PAGE_SIZE.to_string());
            let call = Call {
                method: Method::GET,
                url,
                body: None,
                kind: CallKind::Read,
                target: Target::new(
                    format!("list the Connected Systems (page {page_number})"),
                    format!("Page {page_number} of the Connected System list was not found."),
                ),
                authenticated: true,
            };
            let page: Page<ConnectedSystemSummary> = self.send_json(&call).await?;
            // A system created while the pages are read shifts later rows by one, so a row
            // can arrive twice, and it is kept once.
            let mut new_systems = 0;
            for system in page.items {
                if seen_ids.insert(system.id) {
                    systems.push(system);
                    new_systems += 1;
                }
            }
            if !page.has_next_page {
                return Ok(systems);
            }
            // A server that announces more pages but sends nothing new would be read until
            // the page limit, so it is reported here at once.
            if new_systems == 0 {
                return Err(Error::InvalidResponse {
                    message: format!(
                        "The JIM server returned no new Connected System on page {page_number} \
                         of the list but announced a further page, so the list cannot be read \
                         completely."
                    ),
                    request: call.summary(),
                    http_status: 200,
                });
            }
        }
        Err(Error::InvalidResponse {
            message: format!(
                "The JIM server still announced a further page of the Connected System list \
                 after {max_pages} pages of {CONNECTED_SYSTEM_PAGE_SIZE}, so the list was \
                 abandoned."
            ),
            request: crate::error::RequestSummary {
                method: "GET".to_owned(),
                path: self
                    .endpoint("api/v1/synchronisation/connected-systems")?
                    .path()
                    .to_owned(),
            },
            http_status: 200,
        })
    }

    /// Reads one Connected System in detail.
    pub async fn connected_system_get(&self, connected_system_id: i64) -> Result<ConnectedSystem> {
        check_id("Connected System", connected_system_id)?;
        let call = self.read(
            &format!("api/v1/synchronisation/connected-systems/{connected_system_id}"),
            Target::new(
                format!("read Connected System {connected_system_id}"),
                format!("Connected System {connected_system_id} was not found."),
            ),
        )?;
        self.send_json(&call).await
    }

    /// Lists the partitions of a Connected System.
    pub async fn partition_list(&self, connected_system_id: i64) -> Result<Vec<Partition>> {
        check_id("Connected System", connected_system_id)?;
        let call = self.read(
            &format!("api/v1/synchronisation/connected-systems/{connected_system_id}/partitions"),
            Target::new(
                format!("list the partitions of Connected System {connected_system_id}"),
                format!("Connected System {connected_system_id} was not found."),
            ),
        )?;
        self.send_json(&call).await
    }

    /// Reads the progress of an Activity (`GET /api/v1/activities/{id}/progress`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] before any request when `activity_id` is not a GUID.
    pub async fn activity_progress(&self, activity_id: &str) -> Result<ActivityProgress> {
        let id = parse_activity_id(activity_id)?;
        let call = self.read(
            &format!("api/v1/activities/{id}/progress"),
            Target::new(
                format!("read the progress of Activity {id}"),
                format!("Activity {id} was not found."),
            ),
        )?;
        self.send_json(&call).await
    }

    /// Reads the full record of an Activity (`GET /api/v1/activities/{id}`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] before any request when `activity_id` is not a GUID.
    pub async fn activity_get(&self, activity_id: &str) -> Result<Activity> {
        let id = parse_activity_id(activity_id)?;
        let call = self.read(
            &format!("api/v1/activities/{id}"),
            Target::new(
                format!("read Activity {id}"),
                format!("Activity {id} was not found."),
            ),
        )?;
        self.send_json(&call).await
    }

    /// Lists Activities newest first (`GET /api/v1/activities`), reading pages until
    /// `max_count` Activities are read or the list ends.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] before any request when `max_count` is below 1.
    pub async fn activity_list(&self, max_count: u32) -> Result<Vec<Activity>> {
        if max_count < 1 {
            return Err(Error::InvalidArgument {
                message: format!(
                    "The Activity count {max_count} is not valid; ask for 1 or more Activities."
                ),
            });
        }
        let requested = max_count as usize;
        let page_size = max_count.min(ACTIVITY_PAGE_SIZE);
        let mut activities: Vec<Activity> = Vec::new();
        for page_number in 1..=self.options.max_pages {
            let mut url = self.endpoint("api/v1/activities")?;
            url.query_pairs_mut()
                .append_pair("page", &page_number.to_string())
                .append_pair("pageSize", &page_size.to_string());
            let call = Call {
                method: Method::GET,
                url,
                body: None,
                kind: CallKind::Read,
                target: Target::new(
                    format!("list the Activities (page {page_number})"),
                    format!("Page {page_number} of the Activity list was not found."),
                ),
                authenticated: true,
            };
            let page: Page<Activity> = self.send_json(&call).await?;
            let brought_any = !page.items.is_empty();
            activities.extend(page.items);
            if activities.len() >= requested || !page.has_next_page || !brought_any {
                activities.truncate(requested);
                return Ok(activities);
            }
        }
        activities.truncate(requested);
        Ok(activities)
    }

    /// Returns the absolute URL of a path relative to the base URL.
    pub(crate) fn endpoint(&self, path: &str) -> Result<Url> {
        self.base_url.join(path).map_err(|error| Error::Internal {
            message: format!("The request URL for {path} could not be built: {error}."),
        })
    }

    /// Returns an authenticated `GET` call.
    pub(crate) fn read(&self, path: &str, target: Target) -> Result<Call> {
        Ok(Call {
            method: Method::GET,
            url: self.endpoint(path)?,
            body: None,
            kind: CallKind::Read,
            target,
            authenticated: true,
        })
    }

    /// Records that `connected_system_id` owns `run_profile_id`.
    pub(crate) fn remember_owner(&self, run_profile_id: i64, connected_system_id: i64) {
        self.run_profile_owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(run_profile_id, connected_system_id);
    }

    /// Forgets the owner of `run_profile_id` when it is `connected_system_id`.
    pub(crate) fn forget_owner(&self, run_profile_id: i64, connected_system_id: i64) {
        let mut owners = self
            .run_profile_owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if owners.get(&run_profile_id) == Some(&connected_system_id) {
            owners.remove(&run_profile_id);
        }
    }

    /// Returns the remembered owner of `run_profile_id`.
    pub(crate) fn remembered_owner(&self, run_profile_id: i64) -> Option<i64> {
        self.run_profile_owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&run_profile_id)
            .copied()
    }
}

/// Validates a server URL and returns it with a trailing `/`.
fn parse_base_url(url: &str) -> Result<Url> {
    let trimmed = url.trim();
    // A URL with `@` in it may carry a password, so such a URL is never repeated in a message.
    let displayed_url = if trimmed.contains('@') {
        "(not shown because it contains '@')"
    } else {
        trimmed
    };
    let invalid = |reason: &str| {
        Error::invalid_argument(format!(
            "The JIM server URL '{displayed_url}' is not valid: {reason}. Pass an http or https URL \
             such as https://jim.example.com or https://host/jim."
        ))
    };
    if trimmed.is_empty() {
        return Err(Error::invalid_argument(
            "The JIM server URL is empty. Pass an http or https URL such as \
             https://jim.example.com.",
        ));
    }

    let mut parsed = Url::parse(trimmed).map_err(|error| invalid(&error.to_string()))?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(invalid(&format!(
            "the scheme is '{}', but only http and https are supported",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host name"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid_argument(
            "The JIM server URL contains a user name or password, which is not supported. \
             Remove them from the URL and pass an API key instead.",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("it has a query string or fragment"));
    }

    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok(parsed)
}

/// Rejects an ID that no object can have.
pub(crate) fn check_id(object: &str, id: i64) -> Result<()> {
    if id > 0 {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{object} ID {id} is not valid; IDs are positive whole numbers."
        )))
    }
}

/// Parses an Activity ID and returns it in the hyphenated lower-case form.
fn parse_activity_id(activity_id: &str) -> Result<String> {
    Uuid::parse_str(activity_id.trim())
        .map(|id| id.hyphenated().to_string())
        .map_err(|_| {
            Error::invalid_argument(format!(
                "'{activity_id}' is not a valid Activity ID. Activity IDs are GUIDs such as \
                 3f2504e0-4f89-41d3-9a0c-0305e82c3301."
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gains_trailing_slash() {
        let url = parse_base_url("https://jim.example.com/prefix").unwrap();
        assert_eq!(url.as_str(), "https://jim.example.com/prefix/");
        assert_eq!(
            url.join("api/v1/health").unwrap().path(),
            "/prefix/api/v1/health"
        );
    }

    #[test]
    fn base_url_keeps_trailing_slash() {
        let url = parse_base_url("http://127.0.0.1:5000/").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:5000/");
    }

    #[test]
    fn base_url_rejects_bad_values() {
        for bad in [
            "",
            "jim.example.com",
            "ftp://jim.example.com",
            "file:///etc/passwd",
        ] {
            let error = parse_base_url(bad).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn base_url_rejects_password_without_echo() {
        let error = parse_base_url("https://admin:hunter2@jim.example.com").unwrap_err();
        assert!(!error.to_string().contains("hunter2"));
    }

    #[test]
    fn activity_id_normalised() {
        let id = parse_activity_id("{3F2504E0-4F89-41D3-9A0C-0305E82C3301}").unwrap();
        assert_eq!(id, "3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    }

    #[test]
    fn activity_id_rejects_non_guid() {
        let error = parse_activity_id("42").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::InvalidArgument);
        assert!(error.to_string().contains("'42'"));
    }
}
