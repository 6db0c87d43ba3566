//! Progress of a long run: a bar on a terminal, plain periodic lines otherwise (logs, CI), and
//! the final summary.

use attache::store::ErrorRecord;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Documents handled so far (committed to the store).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    /// WARC records that are not HTML responses (requests, metadata, images…), skipped.
    pub records_skipped: u64,
    pub quotes: u64,
}

impl Tally {
    fn handled(&self) -> u64 {
        self.ingested + self.duplicates + self.failed
    }
}

/// Shared between the writer (updates), the counting thread (total) and the end of the run.
#[derive(Clone)]
pub struct Progress {
    inner: Arc<Inner>,
}

struct Inner {
    bar: Option<ProgressBar>,
    started: Instant,
    every: Duration,
    state: Mutex<PlainState>,
}

#[derive(Default)]
struct PlainState {
    total: Option<u64>,
    last_line: Option<Instant>,
}

/// Errors printed one by one before the rest are only counted (they are all in the store).
const ERRORS_SHOWN: u64 = 10;

impl Progress {
    /// A bar when stderr is a terminal; else a line every `every`.
    pub fn start(every: Duration) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{bar:30}] {human_pos}/{human_len} docs \
                     {per_sec} ETA {eta} {msg}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            inner: Arc::new(Inner {
                bar,
                started: Instant::now(),
                every,
                state: Mutex::new(PlainState::default()),
            }),
        }
    }

    pub fn set_total(&self, total: u64) {
        if let Some(bar) = &self.inner.bar {
            bar.set_length(total);
        }
        self.inner.state.lock().unwrap().total = Some(total);
    }

    pub fn update(&self, tally: &Tally) {
        match &self.inner.bar {
            Some(bar) => {
                bar.set_position(tally.handled());
                bar.set_message(format!(
                    "{} errors, {} duplicates",
                    tally.failed, tally.duplicates
                ));
            }
            None => self.plain_line(tally),
        }
    }

    fn plain_line(&self, tally: &Tally) {
        let mut state = self.inner.state.lock().unwrap();
        let now = Instant::now();
        // The first line comes one interval after the start: a short run prints only its summary.
        let last = state.last_line.unwrap_or(self.inner.started);
        let due = now.duration_since(last) >= self.inner.every;
        if !due {
            return;
        }
        state.last_line = Some(now);
        let elapsed = self.inner.started.elapsed().as_secs_f64();
        let rate = tally.handled() as f64 / elapsed.max(1e-9);
        let (of, eta) = match state.total {
            Some(total) => {
                let left = total.saturating_sub(tally.handled()) as f64;
                (
                    format!("/{total}"),
                    format!(", ETA {}", clock(left / rate.max(1e-9))),
                )
            }
            None => (String::new(), String::new()),
        };
        eprintln!(
            "attache: ingest: {}{of} documents, {rate:.1} docs/s, {} errors{eta}",
            tally.handled(),
            tally.failed
        );
    }

    /// Prints the first few errors as they are recorded.
    pub fn report_error(tally: &Tally, error: &ErrorRecord) {
        if tally.failed <= ERRORS_SHOWN {
            let at = error.line.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!("attache: {}{at}: {}", error.origin, error.cause);
        }
    }

    pub fn finish(&self, tally: &Tally, store: &Path) {
        if let Some(bar) = &self.inner.bar {
            bar.finish_and_clear();
        }
        let secs = self.inner.started.elapsed().as_secs_f64();
        eprintln!(
            "attache: ingested {} documents ({} quotes) into {} in {secs:.1} s ({:.1} docs/s); \
             skipped {} duplicates; {} errors",
            tally.ingested,
            tally.quotes,
            store.display(),
            tally.handled() as f64 / secs.max(1e-9),
            tally.duplicates,
            tally.failed,
        );
        if tally.records_skipped > 0 {
            eprintln!(
                "attache: skipped {} WARC records that are not HTML responses",
                tally.records_skipped
            );
        }
        if tally.failed > 0 {
            eprintln!(
                "attache: the errors are recorded in the store: attache query errors --store {}",
                store.display()
            );
        }
    }
}

/// Seconds as `1h02m`, `3m05s` or `12s`.
fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, _) => format!("{h}h{m:02}m"),
    }
}
