//! Remembered totals of listings. A listing's page is always read fresh,
//! but its `total` is a `count(*)` over every matching row, which grows
//! with a station's history and was the largest cost of a listing under
//! load. A total is reused for the same visibility and filter while:
//! - no write transaction of this process has committed since it was
//!   counted (every `Db::write` moves the generation on), and
//! - it is younger than `MAX_AGE`, which bounds how long a change made by
//!   another replica can go unseen in a total.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long another process's change may be missing from a total.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// At most this many totals are remembered; when full, all are dropped.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct Totals {
    generation: AtomicU64,
    map: Mutex<HashMap<String, (u64, Instant, i64)>>,
}

impl Totals {
    /// Called after every committed write of this process.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The total under `key`, counting it with `count` unless a current
    /// one is remembered. The generation is read before counting, so a
    /// write that commits during the count makes the result stale at once.
    pub fn get_or_count<E>(
        &self,
        key: String,
        count: impl FnOnce() -> Result<i64, E>,
    ) -> Result<i64, E> {
        let generation = self.generation.load(Ordering::Acquire);
        if let Some((g, at, n)) = self.lock().get(&key) {
            if *g == generation && at.elapsed() < MAX_AGE {
                return Ok(*n);
            }
        }
        let n = count()?;
        let mut m = self.lock();
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(key, (generation, Instant::now(), n));
        Ok(n)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Instant, i64)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_until_a_write_or_max_age() {
        let t = Totals::default();
        let count = |n: i64| move || Ok::<_, ()>(n);
        assert_eq!(t.get_or_count("k".into(), count(1)), Ok(1));
        assert_eq!(t.get_or_count("k".into(), count(2)), Ok(1), "reused");
        assert_eq!(t.get_or_count("other".into(), count(7)), Ok(7));
        t.invalidate();
        assert_eq!(t.get_or_count("k".into(), count(3)), Ok(3), "after a write");
        std::thread::sleep(MAX_AGE + Duration::from_millis(50));
        assert_eq!(t.get_or_count("k".into(), count(4)), Ok(4), "too old");
        t.invalidate();
        assert_eq!(t.get_or_count("k".into(), || Err::<i64, ()>(())), Err(()));
        assert_eq!(
            t.get_or_count("k".into(), count(5)),
            Ok(5),
            "a failed count is not remembered"
        );
    }
}
