//! Binding of JSON request bodies the way ASP.NET Core does it with its web defaults:
//! property names match case-insensitively, numbers may come as numeric strings, enums come
//! only as names, and anything that does not convert is a problem-details 400.

use axum::http::{header, HeaderMap, StatusCode};
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldErrors};
use crate::model::RunType;

/// A request body that parsed as a JSON object.
#[derive(Debug)]
pub struct JsonBody {
    object: Map<String, Value>,
}

impl JsonBody {
    /// Parses a request body, rejecting a missing body, a non-JSON content type and bad JSON.
    pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<JsonBody, ApiError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::binding(
                "",
                "A non-empty request body is required.",
            ));
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        let is_json = media_type.eq_ignore_ascii_case("application/json")
            || media_type.to_ascii_lowercase().ends_with("+json");
        if !is_json {
            return Err(ApiError::Problem {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                title: "Unsupported Media Type".to_string(),
                errors: FieldErrors::new(),
            });
        }
        let value: Value = serde_json::from_slice(body).map_err(|error| {
            ApiError::binding("$", format!("The request body is not valid JSON: {error}."))
        })?;
        match value {
            Value::Object(object) => Ok(JsonBody { object }),
            _ => Err(ApiError::binding(
                "$",
                "The JSON value could not be converted to the request model. Path: $.",
            )),
        }
    }

    /// Looks a property up case-insensitively; a JSON null reads as absent.
    fn get(&self, name: &str) -> Option<&Value> {
        self.object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
            .filter(|value| !value.is_null())
    }

    /// Reads an optional string property.
    pub fn string(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(conversion_error(name, "System.String")),
        }
    }

    /// Reads an optional 32-bit integer property; a numeric string is accepted too.
    pub fn int(&self, name: &str) -> Result<Option<i32>, ApiError> {
        let number = match self.get(name) {
            None => return Ok(None),
            Some(Value::Number(number)) => number.as_i64(),
            Some(Value::String(text)) => text.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        number
            .and_then(|number| i32::try_from(number).ok())
            .map(Some)
            .ok_or_else(|| conversion_error(name, "System.Int32"))
    }

    /// Reads an optional boolean property.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(_) => Err(conversion_error(name, "System.Boolean")),
        }
    }

    /// Reads an optional run type, which must be a member name: a number is rejected.
    pub fn run_type(&self, name: &str) -> Result<Option<RunType>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => RunType::parse(text)
                .map(Some)
                .ok_or_else(|| conversion_error(name, RUN_TYPE_CLR_NAME)),
            Some(_) => Err(conversion_error(name, RUN_TYPE_CLR_NAME)),
        }
    }
}

const RUN_TYPE_CLR_NAME: &str = "JIM.Models.Staging.ConnectedSystemRunType";

fn conversion_error(name: &str, clr_type: &str) -> ApiError {
    let path = format!("$.{}", camel_case(name));
    ApiError::binding(
        path.clone(),
        format!("The JSON value could not be converted to {clr_type}. Path: {path}."),
    )
}

fn camel_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers
    }

    #[test]
    fn names_match_case_insensitively() {
        let body = JsonBody::parse(&json_headers(), br#"{"NAME":"x","PageSize":"12"}"#).unwrap();
        assert_eq!(body.string("name").unwrap().as_deref(), Some("x"));
        assert_eq!(body.int("pageSize").unwrap(), Some(12));
    }

    #[test]
    fn numeric_run_type_is_rejected() {
        let body = JsonBody::parse(&json_headers(), br#"{"runType":0}"#).unwrap();
        assert!(matches!(
            body.run_type("runType"),
            Err(ApiError::Problem { .. })
        ));
    }

    #[test]
    fn empty_body_is_rejected() {
        assert!(JsonBody::parse(&json_headers(), b"").is_err());
    }
}
