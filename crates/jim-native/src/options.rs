//! Reading `options_json` and the API key into a credential and connection settings.
//!
//! Messages name the option but never repeat its value, because several options are
//! secrets.

use std::time::Duration;

use jim_client::{ConnectionOptions, Credential, SecretString};
use serde_json::{Map, Value};

use crate::failure::Failure;

/// Option names, as `options_json` spells them. Matching ignores ASCII case.
const OPTION_NAMES: [&str; 8] = [
    "timeoutSeconds",
    "maxRetries",
    "retryDelayMilliseconds",
    "accessToken",
    "refreshToken",
    "clientId",
    "tokenEndpoint",
    "skipCertificateCheck",
];

/// Largest `maxRetries` accepted.
const MAX_RETRIES_LIMIT: u64 = 10;

/// Largest `timeoutSeconds` accepted: one day.
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

/// Builds the credential and settings of a connection.
pub(crate) fn parse(
    api_key: Option<&str>,
    options: Option<&Value>,
) -> Result<(Credential, ConnectionOptions), Failure> {
    let empty = Map::new();
    let fields = match options {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(fields)) => fields,
        Some(_) => {
            return Err(Failure::invalid_argument(
                "The options_json argument must be a JSON object.",
            ))
        }
    };

    let mut settings = ConnectionOptions::default();
    let mut access_token: Option<SecretString> = None;
    let mut refresh_token: Option<SecretString> = None;
    for (key, value) in fields {
        let Some(name) = OPTION_NAMES
            .iter()
            .find(|name| name.eq_ignore_ascii_case(key))
        else {
            return Err(Failure::invalid_argument(format!(
                "The options_json argument has an unknown option '{key}'. Valid options are {}.",
                OPTION_NAMES.join(", ")
            )));
        };
        if value.is_null() {
            continue;
        }
        match *name {
            "timeoutSeconds" => {
                let seconds = value
                    .as_f64()
                    .filter(|seconds| *seconds > 0.0 && *seconds <= MAX_TIMEOUT_SECONDS)
                    .ok_or_else(|| {
                        Failure::invalid_argument(format!(
                            "The timeoutSeconds option must be a number of seconds greater than \
                             0 and at most {MAX_TIMEOUT_SECONDS}."
                        ))
                    })?;
                settings.timeout = Duration::from_secs_f64(seconds);
            }
            "maxRetries" => {
                let retries = value
                    .as_u64()
                    .filter(|retries| *retries <= MAX_RETRIES_LIMIT)
                    .ok_or_else(|| {
                        Failure::invalid_argument(format!(
                            "The maxRetries option must be a whole number from 0 to \
                             {MAX_RETRIES_LIMIT}."
                        ))
                    })?;
                settings.max_retries = u32::try_from(retries).unwrap_or(3);
            }
            "retryDelayMilliseconds" => {
                let milliseconds = value.as_u64().filter(|ms| *ms <= 60_000).ok_or_else(|| {
                    Failure::invalid_argument(
                        "The retryDelayMilliseconds option must be a whole number of \
                         milliseconds from 0 to 60000.",
                    )
                })?;
                settings.retry_delay = Duration::from_millis(milliseconds);
            }
            "accessToken" => access_token = Some(secret_option(value, name)?),
            "refreshToken" => refresh_token = Some(secret_option(value, name)?),
            "clientId" => settings.client_id = Some(text_option(value, name)?.to_owned()),
            "tokenEndpoint" => settings.token_endpoint = Some(text_option(value, name)?.to_owned()),
            _ => {
                settings.skip_certificate_check = value.as_bool().ok_or_else(|| {
                    Failure::invalid_argument(
                        "The skipCertificateCheck option must be true or false.",
                    )
                })?;
            }
        }
    }

    let api_key = api_key.map(str::trim).filter(|key| !key.is_empty());
    let has_tokens = access_token.is_some() || refresh_token.is_some();
    let credential =
        match (api_key, has_tokens) {
            (Some(key), false) => Credential::ApiKey(SecretString::from(key)),
            (None, true) => Credential::Bearer {
                access_token,
                refresh_token,
            },
            (Some(_), true) => {
                return Err(Failure::invalid_argument(
                    "Both an API key and bearer tokens were given. Pass either the API key or the \
                 accessToken and refreshToken options, not both.",
                ))
            }
            (None, false) => return Err(Failure::invalid_argument(
                "No credential was given. Pass an API key, or an accessToken (and optionally a \
                 refreshToken) in options_json.",
            )),
        };
    Ok((credential, settings))
}

fn text_option<'a>(value: &'a Value, name: &str) -> Result<&'a str, Failure> {
    value
        .as_str()
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| {
            Failure::invalid_argument(format!("The {name} option must be a non-empty string."))
        })
}

fn secret_option(value: &Value, name: &str) -> Result<SecretString, Failure> {
    text_option(value, name).map(|text| SecretString::from(text.trim()))
}
