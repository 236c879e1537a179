//! Rate limiting as JIM does it: a sliding one-minute window per authenticated client and
//! per IP address for anonymous requests.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The length of the sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// The requests each client made inside the current window.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<String, VecDeque<Instant>>,
}

impl RateLimiter {
    /// Counts a request by `client` against `limit` requests a minute.
    ///
    /// Returns `Err` with the seconds until a slot frees up when the client is over the
    /// limit; a rejected request is not counted. A limit of 0 turns limiting off.
    pub fn check(&mut self, client: &str, limit: u32, now: Instant) -> Result<(), u64> {
        if limit == 0 {
            return Ok(());
        }
        let window = self.windows.entry(client.to_string()).or_default();
        while window
            .front()
            .is_some_and(|oldest| now.duration_since(*oldest) >= WINDOW)
        {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            let oldest = window.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        window.push_back(now);
        Ok(())
    }

    /// Forgets every client's requests.
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_over_limit_until_window_slides() {
        let mut limiter = RateLimiter::default();
        let start = Instant::now();
        assert!(limiter.check("a", 2, start).is_ok());
        assert!(limiter
            .check("a", 2, start + Duration::from_secs(10))
            .is_ok());
        let retry = limiter.check("a", 2, start + Duration::from_secs(20));
        assert_eq!(retry, Err(40));
        assert!(
            limiter.check("b", 2, start).is_ok(),
            "clients are counted apart"
        );
        assert!(limiter
            .check("a", 2, start + Duration::from_secs(60))
            .is_ok());
    }

    #[test]
    fn zero_limit_turns_limiting_off() {
        let mut limiter = RateLimiter::default();
        for _ in 0..1000 {
            assert!(limiter.check("a", 0, Instant::now()).is_ok());
        }
    }
}
