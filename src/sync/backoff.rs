//! Chờ thử lại: exponential backoff with jitter for retryable sync failures (design.md: from about
//! 5 s up to a few minutes), so a hundred desks coming back online do not hit the portal at once.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    failures: u32,
    rng: u64,
}

impl Backoff {
    pub fn new(base: Duration, max: Duration, seed: u64) -> Self {
        Backoff {
            base,
            max,
            failures: 0,
            // splitmix64 of the seed, so nearby seeds give unrelated sequences.
            rng: {
                let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                (z ^ (z >> 31)) | 1
            },
        }
    }

    /// 5 s doubling to 5 min.
    pub fn standard() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        Self::new(Duration::from_secs(5), Duration::from_secs(300), seed)
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The wait before the next attempt after one more failure: a uniformly random point in
    /// [d/2, d], where d = base · 2^failures capped at max ("equal jitter").
    pub fn next_delay(&mut self) -> Duration {
        let exp = self.failures.min(16);
        self.failures = self.failures.saturating_add(1);
        let d = self
            .base
            .saturating_mul(1u32 << exp)
            .min(self.max)
            .as_millis() as u64;
        let half = d / 2;
        Duration::from_millis(half + self.random() % (d - half + 1))
    }

    fn random(&mut self) -> u64 {
        // xorshift64*: enough for jitter, no dependency.
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_from_five_seconds_to_five_minutes_with_jitter() {
        let mut b = Backoff::new(Duration::from_secs(5), Duration::from_secs(300), 42);
        let first = b.next_delay();
        assert!(
            first >= Duration::from_millis(2500) && first <= Duration::from_secs(5),
            "{first:?}"
        );
        let mut last = first;
        for _ in 0..20 {
            last = b.next_delay();
            assert!(last <= Duration::from_secs(300));
        }
        assert!(last >= Duration::from_secs(150), "{last:?}");
        b.reset();
        assert!(b.next_delay() <= Duration::from_secs(5));
    }

    #[test]
    fn jitter_spreads_desks() {
        let delays: std::collections::BTreeSet<u128> = (1..50u64)
            .map(|seed| {
                let mut b = Backoff::new(Duration::from_secs(5), Duration::from_secs(300), seed);
                b.next_delay();
                b.next_delay().as_millis()
            })
            .collect();
        assert!(delays.len() > 40, "only {} distinct delays", delays.len());
    }
}
