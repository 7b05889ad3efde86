//! Where the data layer's calls spend their time, told to an observer (the metrics).

use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where a database call spent its time, for the metrics: a request's latency beyond its
/// statements is one of the first three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for a turn while every pooled connection was in use.
    Queue,
    /// Waiting for a blocking thread to run on (diesel is synchronous).
    Handoff,
    /// Checking a connection out, or opening one when none is idle.
    Checkout,
    /// Running the statements, round trips included.
    Work,
    /// A [`Db::read`] on the thread's pipelined connection, its round trip included (it has
    /// none of the other phases).
    Pipelined,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Queue,
        Phase::Handoff,
        Phase::Checkout,
        Phase::Work,
        Phase::Pipelined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Queue => "queue",
            Phase::Handoff => "handoff",
            Phase::Checkout => "checkout",
            Phase::Work => "work",
            Phase::Pipelined => "pipelined",
        }
    }
}

/// Told how long each [`Phase`] of every call took.
pub type PhaseObserver = Arc<dyn Fn(Phase, Duration) + Send + Sync>;

/// Tells the observer, if any, how long `phase` took since `since`.
pub(crate) fn note(observer: Option<&PhaseObserver>, phase: Phase, since: Instant) {
    if let Some(observer) = observer {
        observer(phase, since.elapsed());
    }
}
