//! Slowing down guessing without handing out lockouts.
//!
//! Failed sign-ins are counted (in the store, so the counts hold across restarts) per
//! account *and* client address, and per client address. Only the pair or the address
//! that keeps failing waits: first [`WebConfig::sign_in_delay`] after the failure that
//! reaches its limit, then twice as long after each further failure, up to the counting
//! window. The right password from an address that has not been failing is never
//! refused, so a stranger guessing from elsewhere cannot lock an account's owner out.
//!
//! The client address is the connection's peer, or, when the peer is a reverse proxy the
//! operator listed in [`WebConfig::trust_proxy`], the address that proxy names in
//! `X-Forwarded-For` (or, without that header, `Forwarded`). Without that setting a
//! forwarded header is ignored, as anyone could send one.
//!
//! [`WebConfig::sign_in_delay`]: crate::config::WebConfig::sign_in_delay
//! [`WebConfig::trust_proxy`]: crate::config::WebConfig::trust_proxy

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use prfaq_store::Millis;

use crate::config::WebConfig;

/// The client's address, for rate limiting; `local` when there is no socket (tests
/// that send requests straight to the router).
pub(crate) fn client_address(parts: &Parts, config: &WebConfig) -> String {
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "local".to_owned();
    };
    forwarded_client(peer, &parts.headers, &config.trust_proxy)
        .unwrap_or(peer)
        .to_string()
}

/// The client a trusted proxy names: walking the hops from the nearest, the first one
/// that is not itself a trusted proxy. `None` when the peer is not trusted, when no hop
/// is named, or when the nearest untrusted hop is not an IP address.
fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    if !trusted.contains(&canonical(peer)) {
        return None;
    }
    let hops: Vec<String> = if headers.contains_key("x-forwarded-for") {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|hop| hop.trim().to_owned())
            .collect()
    } else {
        headers
            .get_all(header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| value.trim().trim_matches('"').to_owned())
                })
            })
            .collect()
    };
    for hop in hops.iter().rev() {
        let ip = parse_hop(hop)?;
        if !trusted.contains(&ip) {
            return Some(ip);
        }
    }
    None
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    let bracketed = hop.strip_prefix('[')?.split(']').next()?;
    bracketed.parse::<IpAddr>().ok().map(canonical)
}

/// An IPv4 address reached over IPv6 (`::ffff:a.b.c.d`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// How much longer a pair or address with `failures` (the newest at `last`) must wait,
/// if at all, given the `free` failures allowed before slowing down.
pub(crate) fn wait(
    failures: i64,
    last: Option<Millis>,
    free: i64,
    config: &WebConfig,
    now: Millis,
) -> Option<Duration> {
    if failures < free {
        return None;
    }
    let last = last?;
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(30);
    let delay = config
        .sign_in_delay
        .saturating_mul(1 << doublings)
        .min(config.sign_in_window);
    let until = last.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX));
    (now < until).then(|| Duration::from_millis(u64::try_from(until - now).unwrap_or(0)))
}

/// "12 seconds", "3 minutes": a wait as a person reads it, rounded up.
pub(crate) fn human_wait(wait: Duration) -> String {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    match seconds {
        0 | 1 => "a second".to_owned(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// Whole seconds, rounded up, for `Retry-After`.
pub(crate) fn retry_after(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// Recent events per key (sign-ups per client address) within a window, in memory.
pub(crate) struct Recent {
    events: Mutex<HashMap<String, Vec<Instant>>>,
}

/// Past this many keys, keys with no event inside the window are dropped.
const RECENT_KEYS: usize = 10_000;

impl Recent {
    pub fn new() -> Self {
        Recent {
            events: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an event for `key` unless `limit` events fell within `window` already;
    /// then returns how long until the oldest of them leaves the window.
    pub fn take(&self, key: &str, limit: usize, window: Duration) -> Result<(), Duration> {
        let Ok(mut events) = self.events.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        let fresh = |at: &Instant| now.duration_since(*at) < window;
        if events.len() >= RECENT_KEYS {
            events.retain(|_, times| times.iter().any(fresh));
        }
        let times = events.entry(key.to_owned()).or_default();
        times.retain(fresh);
        if times.len() >= limit {
            let oldest = times.iter().min().copied().unwrap_or(now);
            return Err(window.saturating_sub(now.duration_since(oldest)));
        }
        times.push(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let xff = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.7")]);
        assert_eq!(forwarded_client(proxy, &xff, &[]), None);
        assert_eq!(forwarded_client(proxy, &xff, &[proxy]), Some(client));
        // Two proxies in a row: the first untrusted hop from the nearest is the client.
        let chain = headers(&[("x-forwarded-for", "203.0.113.7, 10.0.0.2")]);
        let second: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(
            forwarded_client(proxy, &chain, &[proxy, second]),
            Some(client)
        );
        let forwarded = headers(&[(
            "forwarded",
            "for=198.51.100.1, for=\"[2001:db8::1]:4711\";proto=https",
        )]);
        assert_eq!(
            forwarded_client(proxy, &forwarded, &[proxy]),
            Some("2001:db8::1".parse().unwrap())
        );
        let junk = headers(&[("x-forwarded-for", "unknown")]);
        assert_eq!(forwarded_client(proxy, &junk, &[proxy]), None);
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(forwarded_client(mapped, &xff, &[proxy]), Some(client));
    }

    #[test]
    fn the_wait_doubles_and_stops_at_the_window() {
        let config = WebConfig::default();
        let now = 1_000_000;
        assert_eq!(wait(4, Some(now), 5, &config, now), None);
        assert_eq!(
            wait(5, Some(now), 5, &config, now),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            wait(7, Some(now), 5, &config, now),
            Some(Duration::from_secs(4))
        );
        assert_eq!(wait(7, Some(now - 4000), 5, &config, now), None);
        assert_eq!(
            wait(500, Some(now), 5, &config, now),
            Some(config.sign_in_window)
        );
    }

    #[test]
    fn recent_events_are_limited_per_key() {
        let recent = Recent::new();
        let window = Duration::from_secs(60);
        assert!(recent.take("a", 2, window).is_ok());
        assert!(recent.take("a", 2, window).is_ok());
        let wait = recent.take("a", 2, window).expect_err("third");
        assert!(wait <= window && wait > Duration::from_secs(50));
        assert!(recent.take("b", 2, window).is_ok());
    }
}
