//! Progress reporting as a trait, so the pipeline never knows how (or whether) progress is
//! shown. The indicatif implementation lives in `progress_bar.rs`, the only file that
//! names indicatif.

/// Receives progress events from the pipeline; called from worker threads.
pub trait Progress: Send + Sync {
    /// The run is about to scan `total` inputs.
    fn start(&self, total: u64);
    /// One input finished.
    fn advance(&self, path: &str);
    /// The run finished.
    fn finish(&self);
}

/// Shows nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64) {}
    fn advance(&self, _path: &str) {}
    fn finish(&self) {}
}
