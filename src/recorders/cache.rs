//! A brief memory of recorder searches, so a page of cameras or the
//! at-risk list does not call every recorder on every view. Entries live
//! `ttl` (a minute by default); a failed search is remembered as well, so
//! an unreachable recorder is not called again at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::device::{DeviceError, RecordedSpan};

type Key = (String, i32, i64, i64);
/// What a search answered.
pub type Found = Result<Vec<RecordedSpan>, DeviceError>;

#[derive(Debug)]
pub struct SearchCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, (Instant, Found)>>,
}

impl SearchCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn key(recorder: &str, channel: i32, from: DateTime<Utc>, to: DateTime<Utc>) -> Key {
        // Windows within the same minute share an entry.
        (
            recorder.to_owned(),
            channel,
            from.timestamp() / 60,
            to.timestamp() / 60,
        )
    }

    pub fn get(
        &self,
        recorder: &str,
        channel: i32,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<Found> {
        let map = self.entries.lock().ok()?;
        map.get(&Self::key(recorder, channel, from, to))
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, r)| r.clone())
    }

    pub fn put(
        &self,
        recorder: &str,
        channel: i32,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        result: Found,
    ) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() > 10_000 {
                let ttl = self.ttl;
                map.retain(|_, (at, _)| at.elapsed() < ttl);
            }
            map.insert(
                Self::key(recorder, channel, from, to),
                (Instant::now(), result),
            );
        }
    }

    /// Forgets everything about `recorder` (after it is changed or checked).
    pub fn forget(&self, recorder: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.retain(|k, _| k.0 != recorder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_are_forgotten() {
        let c = SearchCache::new(Duration::from_millis(50));
        let t = Utc::now();
        c.put("r", 1, t, t, Err(DeviceError::Timeout(3)));
        assert_eq!(c.get("r", 1, t, t), Some(Err(DeviceError::Timeout(3))));
        assert_eq!(c.get("r", 2, t, t), None);
        c.forget("r");
        assert_eq!(c.get("r", 1, t, t), None);
        c.put("r", 1, t, t, Ok(vec![]));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get("r", 1, t, t), None);
    }
}
