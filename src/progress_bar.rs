//! The indicatif progress bar on stderr (the only file that names indicatif).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::progress::Progress;
use crate::report::sanitize::terminal_text;

/// A progress bar counting documents, drawn on stderr.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} documents ({rate}, eta {eta}) {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&rate(state.per_sec()));
        });
        bar.set_style(style);
        Bar { bar }
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }

    fn advance(&self, path: &str) {
        self.bar.set_message(terminal_text(path));
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Documents per second as a person reads it: `112/s`, `8.4/s`, `0.25/s`.
fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "—/s".to_owned()
    } else if per_sec >= 10.0 {
        format!("{per_sec:.0}/s")
    } else if per_sec >= 1.0 {
        format!("{per_sec:.1}/s")
    } else {
        format!("{per_sec:.2}/s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates_are_rounded() {
        for (per_sec, want) in [
            (112.244_1, "112/s"),
            (8.44, "8.4/s"),
            (0.251, "0.25/s"),
            (0.0, "—/s"),
            (f64::INFINITY, "—/s"),
        ] {
            assert_eq!(super::rate(per_sec), want);
        }
    }
}
