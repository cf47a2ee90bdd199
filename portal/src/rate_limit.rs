//! Giới hạn tần suất: token buckets, one per client address or per credential, kept in memory.
//!
//! A [`Rate`] such as `30/min` is a bucket of 30 tokens refilled at 30 per minute (one every two
//! seconds): up to 30 requests at once, then one every two seconds. Each request takes a token;
//! an empty bucket answers 429 `rate_limited` with `Retry-After` (seconds until the next token).
//!
//! What is limited (defaults in [`LimitConfig::default`], `serve --rate-*` flags):
//! - every request of one client address (`--rate-per-ip`), before any database work;
//! - every request of one desk or admin token (`--rate-per-token`);
//! - the citizens' lookup page per client address (`--rate-lookup`): dossier codes are
//!   predictable (unit, date, number), so this is what stops someone walking through them;
//! - failed enrollments per client address (`--rate-enroll-failures`): a successful enrollment
//!   gives its token back, so only guesses of one-time codes use the bucket up.
//!
//! The client address is the TCP peer, or, when the peer is one of `--trusted-proxy`, the last
//! address in `X-Forwarded-For` that is not itself a trusted proxy. IPv6 clients are counted per
//! /64 (one household or one server usually holds a whole /64).

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

/// `N/s`, `N/min` or `N/h`: a bucket of `count` tokens refilled at `count` per `per`.
/// `off` (or `0`) turns a limit off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    pub const OFF: Rate = Rate {
        count: 0,
        per: Duration::from_secs(1),
    };

    pub const fn per_minute(count: u32) -> Rate {
        Rate {
            count,
            per: Duration::from_secs(60),
        }
    }

    pub const fn per_hour(count: u32) -> Rate {
        Rate {
            count,
            per: Duration::from_secs(3600),
        }
    }

    pub fn is_off(&self) -> bool {
        self.count == 0
    }

    /// Tokens gained per second.
    fn refill_per_sec(&self) -> f64 {
        f64::from(self.count) / self.per.as_secs_f64()
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("off") || s == "0" {
            return Ok(Rate::OFF);
        }
        let bad = || format!("«{s}»: cần dạng N/s, N/min hoặc N/h (ví dụ 30/min), hoặc off");
        let (n, unit) = s.split_once('/').ok_or_else(bad)?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        let per = match unit.trim() {
            "s" | "sec" => Duration::from_secs(1),
            "m" | "min" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        Ok(Rate { count, per })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_off() {
            return f.write_str("off");
        }
        let unit = match self.per.as_secs() {
            1 => "s",
            60 => "min",
            3600 => "h",
            n => return write!(f, "{}/{n}s", self.count),
        };
        write!(f, "{}/{unit}", self.count)
    }
}

/// The limits `serve` applies. The defaults leave room for a centre's desks behind one address
/// (and for the sync benchmarks: 50 desks pushing at once from 127.0.0.1).
#[derive(Debug, Clone)]
pub struct LimitConfig {
    /// Every request from one client address.
    pub per_ip: Rate,
    /// Every request made with one desk or admin token.
    pub per_token: Rate,
    /// Lookups (`/tra-cuu`) from one client address.
    pub lookup: Rate,
    /// Failed enrollments from one client address.
    pub enroll_failures: Rate,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for LimitConfig {
    fn default() -> Self {
        LimitConfig {
            per_ip: Rate::per_minute(1200),
            per_token: Rate::per_minute(600),
            lookup: Rate::per_minute(30),
            enroll_failures: Rate::per_hour(20),
            trusted_proxies: Vec::new(),
        }
    }
}

/// The buckets of a running portal.
pub struct Limits {
    pub config: LimitConfig,
    pub per_ip: Limiter,
    pub per_token: Limiter,
    pub lookup: Limiter,
    pub enroll_failures: Limiter,
}

impl Limits {
    pub fn new(config: LimitConfig) -> Limits {
        Limits {
            per_ip: Limiter::new(config.per_ip),
            per_token: Limiter::new(config.per_token),
            lookup: Limiter::new(config.lookup),
            enroll_failures: Limiter::new(config.enroll_failures),
            config,
        }
    }

    /// The client's address as the limits count it (see the module docs).
    pub fn client_key(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> String {
        let Some(peer) = peer else {
            return "unknown".to_string();
        };
        let mut ip = peer.ip().to_canonical();
        if self.config.trusted_proxies.contains(&ip) {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect::<Vec<_>>();
            for hop in forwarded.iter().rev() {
                let Ok(hop) = hop.parse::<IpAddr>() else {
                    break;
                };
                ip = hop.to_canonical();
                if !self.config.trusted_proxies.contains(&ip) {
                    break;
                }
            }
        }
        ip_key(ip)
    }
}

/// IPv4 as is; IPv6 by its /64.
fn ip_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Buckets above which idle (full) ones are dropped.
const PRUNE_ABOVE: usize = 50_000;

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// One rate, many keys.
pub struct Limiter {
    rate: Rate,
    state: Mutex<State>,
}

struct State {
    buckets: HashMap<String, Bucket>,
    last_prune: Option<Instant>,
}

impl Limiter {
    pub fn new(rate: Rate) -> Limiter {
        Limiter {
            rate,
            state: Mutex::new(State {
                buckets: HashMap::new(),
                last_prune: None,
            }),
        }
    }

    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// Takes a token for `key`, or says how long until there is one.
    pub fn take(&self, key: &str) -> Result<(), Duration> {
        self.take_at(key, Instant::now())
    }

    /// Returns the token a request took (e.g. a successful enrollment).
    pub fn give_back(&self, key: &str) {
        if self.rate.is_off() {
            return;
        }
        let cap = f64::from(self.rate.count);
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(b) = st.buckets.get_mut(key) {
            b.tokens = (b.tokens + 1.0).min(cap);
        }
    }

    /// [`Limiter::take`] at a given instant (tests).
    pub fn take_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.rate.is_off() {
            return Ok(());
        }
        let cap = f64::from(self.rate.count);
        let refill = self.rate.refill_per_sec();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if st.buckets.len() > PRUNE_ABOVE
            && st
                .last_prune
                .is_none_or(|t| now.saturating_duration_since(t) > Duration::from_secs(10))
        {
            st.last_prune = Some(now);
            st.buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * refill < cap
            });
        }
        let b = st.buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: cap,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * refill).min(cap);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / refill))
        }
    }
}

/// Whole seconds for `Retry-After` (at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn rates_parse_and_print() {
        assert_eq!("30/min".parse::<Rate>().unwrap(), Rate::per_minute(30));
        assert_eq!(" 20/h ".parse::<Rate>().unwrap(), Rate::per_hour(20));
        assert_eq!(
            "5/s".parse::<Rate>().unwrap(),
            Rate {
                count: 5,
                per: Duration::from_secs(1)
            }
        );
        assert!("off".parse::<Rate>().unwrap().is_off());
        assert!("0".parse::<Rate>().unwrap().is_off());
        for bad in ["", "30", "x/min", "30/day", "-1/s"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
        assert_eq!(Rate::per_minute(1200).to_string(), "1200/min");
        assert_eq!(Rate::OFF.to_string(), "off");
    }

    #[test]
    fn bucket_empties_refills_and_keys_are_separate() {
        let l = Limiter::new(Rate::per_minute(3)); // one token every 20 s
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.take_at("a", t0).is_ok());
        }
        let wait = l.take_at("a", t0).unwrap_err();
        assert_eq!(retry_after_secs(wait), 20);
        assert!(l.take_at("b", t0).is_ok(), "another key has its own bucket");
        let later = t0 + Duration::from_secs(10);
        assert_eq!(retry_after_secs(l.take_at("a", later).unwrap_err()), 10);
        assert!(l.take_at("a", t0 + Duration::from_secs(20)).is_ok());
        assert!(l.take_at("a", t0 + Duration::from_secs(20)).is_err());
        // Never more than the burst, however long the wait.
        let much_later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert!(l.take_at("a", much_later).is_ok());
        }
        assert!(l.take_at("a", much_later).is_err());
    }

    #[test]
    fn give_back_and_off() {
        let l = Limiter::new(Rate::per_hour(1));
        let t0 = Instant::now();
        assert!(l.take_at("ip", t0).is_ok());
        l.give_back("ip");
        assert!(l.take_at("ip", t0).is_ok());
        assert!(l.take_at("ip", t0).is_err());
        let off = Limiter::new(Rate::OFF);
        for _ in 0..10_000 {
            assert!(off.take_at("ip", t0).is_ok());
        }
    }

    #[test]
    fn client_address_behind_a_trusted_proxy() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 203.0.113.7"),
        );
        let direct = Limits::new(LimitConfig::default());
        assert_eq!(
            direct.client_key(Some(peer), &h),
            "127.0.0.1",
            "not trusted"
        );
        let proxied = Limits::new(LimitConfig {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..LimitConfig::default()
        });
        // The right-most hop the proxy saw; the left one is whatever the client claimed.
        assert_eq!(proxied.client_key(Some(peer), &h), "203.0.113.7");
        assert_eq!(
            proxied.client_key(Some(peer), &HeaderMap::new()),
            "127.0.0.1"
        );
        let v6: SocketAddr = "[2001:db8:1:2:aaaa::1]:443".parse().unwrap();
        assert_eq!(direct.client_key(Some(v6), &h), "2001:db8:1:2::/64");
        let mapped: SocketAddr = "[::ffff:10.0.0.9]:1".parse().unwrap();
        assert_eq!(direct.client_key(Some(mapped), &h), "10.0.0.9");
    }
}
