//! Date and duration formats of the JIM wire: ISO 8601 UTC dates and .NET `TimeSpan` strings.

use chrono::{DateTime, SecondsFormat, Utc};

/// Formats a date as ISO 8601 UTC with a `Z` suffix, for example `2026-07-13T12:00:00.123Z`.
pub fn format_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Formats seconds as a .NET `TimeSpan` string: `[d.]hh:mm:ss.fffffff`.
pub fn format_time_span(seconds: f64) -> String {
    let ticks = (seconds.max(0.0) * 10_000_000.0).round() as u64;
    let fraction = ticks % 10_000_000;
    let whole_seconds = ticks / 10_000_000;
    let days = whole_seconds / 86_400;
    let hours = whole_seconds / 3_600 % 24;
    let minutes = whole_seconds / 60 % 60;
    let secs = whole_seconds % 60;
    let clock = format!("{hours:02}:{minutes:02}:{secs:02}.{fraction:07}");
    if days > 0 {
        format!("{days}.{clock}")
    } else {
        clock
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_span_matches_dotnet_format() {
        assert_eq!(format_time_span(6.0), "00:00:06.0000000");
        assert_eq!(format_time_span(83.456), "00:01:23.4560000");
        assert_eq!(format_time_span(90_061.5), "1.01:01:01.5000000");
    }
}
