//! Background loops (the indexer, alerts, retention, the custody log's
//! sequencer and audit, the job workers, the demo recorder) on threads of
//! their own: one helper runs each on its interval, and one `Shutdown`
//! stops them all. A loop wakes as soon as shutdown is asked for, never in
//! the middle of a round; `Background::stop` waits (up to a grace period)
//! for rounds in progress, such as a job being extracted, to finish.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Asked for once, seen by every loop.
#[derive(Clone, Default)]
pub struct Shutdown(Arc<(Mutex<bool>, Condvar)>);

impl Shutdown {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn trigger(&self) {
        let (lock, cv) = &*self.0;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        cv.notify_all();
    }

    pub fn is_triggered(&self) -> bool {
        *self.0 .0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sleeps for `d`, or less if shutdown is asked for meanwhile; returns
    /// whether the loop should go on.
    pub fn sleep(&self, d: Duration) -> bool {
        let (lock, cv) = &*self.0;
        let deadline = Instant::now() + d;
        let mut stopped = lock.lock().unwrap_or_else(|p| p.into_inner());
        while !*stopped {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            stopped = cv
                .wait_timeout(stopped, left)
                .map(|(g, _)| g)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        false
    }
}

/// The loops of one process, and how to stop them.
#[derive(Default)]
pub struct Background {
    pub shutdown: Shutdown,
    handles: Vec<(String, JoinHandle<()>)>,
}

impl Background {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `round` now and then every `every` until shutdown. The thread
    /// is named `sakshya-<name>`.
    pub fn every(&mut self, name: &str, every: Duration, mut round: impl FnMut() + Send + 'static) {
        let stop = self.shutdown.clone();
        self.thread(name, move || loop {
            if stop.is_triggered() {
                return;
            }
            round();
            if !stop.sleep(every) {
                return;
            }
        });
    }

    /// Runs `body` (which must watch `self.shutdown` itself) on a thread.
    pub fn thread(&mut self, name: &str, body: impl FnOnce() + Send + 'static) {
        match std::thread::Builder::new()
            .name(format!("sakshya-{name}"))
            .spawn(body)
        {
            Ok(h) => self.handles.push((name.to_owned(), h)),
            Err(e) => tracing::error!(task = name, error = %e, "a background task could not start"),
        }
    }

    /// Asks every loop to stop and waits up to `grace` for them; returns
    /// the names of those still running when it gave up (a job worker in
    /// a long extraction: its job's claim goes stale and another worker
    /// takes it over).
    pub fn stop(self, grace: Duration) -> Vec<String> {
        self.shutdown.trigger();
        let deadline = Instant::now() + grace;
        let mut left = Vec::new();
        for (name, h) in self.handles {
            while !h.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if h.is_finished() {
                let _ = h.join();
            } else {
                left.push(name);
            }
        }
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn loops_stop_at_once_and_rounds_in_progress_finish() {
        let mut bg = Background::new();
        let rounds = Arc::new(AtomicUsize::new(0));
        let r = rounds.clone();
        bg.every("count", Duration::from_secs(3600), move || {
            r.fetch_add(1, Ordering::SeqCst);
        });
        let finished = Arc::new(AtomicUsize::new(0));
        let (f, stop) = (finished.clone(), bg.shutdown.clone());
        bg.thread("long", move || {
            while !stop.is_triggered() {
                stop.sleep(Duration::from_millis(5));
            }
            // A round in progress when shutdown came: it still finishes.
            std::thread::sleep(Duration::from_millis(100));
            f.fetch_add(1, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        assert!(bg.stop(Duration::from_secs(10)).is_empty());
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "an hour's sleep was cut short"
        );
        assert_eq!(rounds.load(Ordering::SeqCst), 1);
        assert_eq!(finished.load(Ordering::SeqCst), 1);

        let mut bg = Background::new();
        bg.thread("stuck", || std::thread::sleep(Duration::from_millis(500)));
        assert_eq!(bg.stop(Duration::from_millis(10)), vec!["stuck".to_owned()]);
    }
}
