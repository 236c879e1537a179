//! Paging of list routes as JIM does it: `page` from 1, `pageSize` 25 by default and at most
//! 100, and the `{items, totalCount, page, pageSize, totalPages, hasNextPage,
//! hasPreviousPage}` envelope.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::error::ApiError;

/// The page size used when none is given, or when the one given is below 1.
pub const DEFAULT_PAGE_SIZE: i64 = 25;
/// The largest page size served; larger requests are served this many rows.
pub const MAX_PAGE_SIZE: i64 = 100;
/// Rows a client may skip before the request is rejected.
pub const MAX_PAGING_DEPTH: i64 = 1_000_000;

/// Query parameters with names lowered, because ASP.NET binds them case-insensitively.
#[derive(Debug, Default)]
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    /// Parses a raw query string; the first occurrence of a repeated name wins.
    pub fn parse(raw: Option<&str>) -> QueryParams {
        let mut params = HashMap::new();
        for pair in raw.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            params
                .entry(decode(name).to_ascii_lowercase())
                .or_insert_with(|| decode(value));
        }
        QueryParams(params)
    }

    /// Returns a parameter's value, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// Reads an optional 32-bit integer; a value that is not one is a problem-details 400.
    pub fn int(&self, name: &str, display_name: &str) -> Result<Option<i32>, ApiError> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) => text.trim().parse::<i32>().map(Some).map_err(|_| {
                ApiError::binding(
                    name,
                    format!("The value '{text}' is not valid for {display_name}."),
                )
            }),
        }
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        decoded.push(byte);
                        index += 2;
                    }
                    Err(_) => decoded.push(b'%'),
                }
            }
            byte => decoded.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A page request after defaults and clamping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: i64,
    pub page_size: i64,
}

impl PageRequest {
    /// Reads `page` and `pageSize`, applying JIM's defaults and limits.
    pub fn from_query(query: &QueryParams) -> Result<PageRequest, ApiError> {
        let page = i64::from(query.int("page", "Page")?.unwrap_or(1)).max(1);
        let page_size = match query.int("pageSize", "PageSize")?.map(i64::from) {
            None => DEFAULT_PAGE_SIZE,
            Some(size) if size < 1 => DEFAULT_PAGE_SIZE,
            Some(size) => size.min(MAX_PAGE_SIZE),
        };
        let skip = (page - 1) * page_size;
        if skip >= MAX_PAGING_DEPTH {
            return Err(ApiError::bad_request(format!(
                "Page {page} with page size {page_size} starts {skip} rows deep; paging is \
                 limited to the first {MAX_PAGING_DEPTH} rows. Narrow the query with a filter."
            )));
        }
        Ok(PageRequest { page, page_size })
    }

    /// Cuts one page out of `items` and wraps it in the envelope.
    pub fn envelope(&self, items: Vec<Value>) -> Value {
        let total = items.len() as i64;
        let skip = ((self.page - 1) * self.page_size) as usize;
        let page_items: Vec<Value> = items
            .into_iter()
            .skip(skip)
            .take(self.page_size as usize)
            .collect();
        let total_pages = (total + self.page_size - 1) / self.page_size;
        json!({
            "items": page_items,
            "totalCount": total,
            "page": self.page,
            "pageSize": self.page_size,
            "totalPages": total_pages,
            "hasNextPage": self.page < total_pages,
            "hasPreviousPage": self.page > 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(raw: &str) -> PageRequest {
        PageRequest::from_query(&QueryParams::parse(Some(raw))).unwrap()
    }

    #[test]
    fn defaults_and_clamps() {
        assert_eq!(
            page(""),
            PageRequest {
                page: 1,
                page_size: 25
            }
        );
        assert_eq!(
            page("page=0&pageSize=0"),
            PageRequest {
                page: 1,
                page_size: 25
            }
        );
        assert_eq!(
            page("PAGE=3&PAGESIZE=500"),
            PageRequest {
                page: 3,
                page_size: 100
            }
        );
        assert_eq!(
            page("page=-4&pageSize=-1"),
            PageRequest {
                page: 1,
                page_size: 25
            }
        );
    }

    #[test]
    fn deep_paging_is_rejected() {
        let query = QueryParams::parse(Some("page=10001&pageSize=100"));
        assert!(PageRequest::from_query(&query).is_err());
        let query = QueryParams::parse(Some("page=10000&pageSize=100"));
        assert!(PageRequest::from_query(&query).is_ok());
    }

    #[test]
    fn non_numeric_page_is_rejected() {
        let query = QueryParams::parse(Some("page=abc"));
        assert!(PageRequest::from_query(&query).is_err());
    }

    #[test]
    fn decodes_percent_escapes() {
        let query = QueryParams::parse(Some("filter=HR%20Data+base&x=%zz"));
        assert_eq!(query.get("filter"), Some("HR Data base"));
        assert_eq!(query.get("x"), Some("%zz"));
    }
}
