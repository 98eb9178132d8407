//! Progress output: a bar per epoch on a terminal, one line per epoch otherwise.

use std::cell::RefCell;

use indicatif::{ProgressBar, ProgressStyle};
use ndnet::train::EpochRecord;

/// Draws a progress bar per epoch on a terminal; otherwise prints one line per epoch.
pub struct Progress {
    pub bar: RefCell<Option<ProgressBar>>,
    pub terminal: bool,
    pub epochs: usize,
}

impl Progress {
    pub fn batch(&self, p: &ndnet::train::BatchProgress) {
        if !self.terminal {
            return;
        }
        let mut slot = self.bar.borrow_mut();
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::new(p.samples_total as u64);
            let style =
                ProgressStyle::with_template("epoch {prefix} [{bar:25}] {pos:>6}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(format!("{}/{}", p.epoch + 1, self.epochs));
            bar
        });
        bar.set_position(p.samples_done as u64);
        let rate = p.samples_done as f64 / bar.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!("{rate:>7.0} samples/s  loss {:.4}", p.running_loss));
    }

    pub fn epoch(&self, r: &EpochRecord, samples: usize) {
        let secs = r.duration.as_secs_f64();
        let validation = match (r.validation_loss, r.validation_accuracy) {
            (Some(l), Some(a)) => format!("  val_loss {l:.4}  val_acc {a:.4}"),
            _ => String::new(),
        };
        let line = format!(
            "epoch {:>2}/{}  loss {:.4}{validation}  lr {:.4}  {secs:.2} s  ({:.0} samples/s)",
            r.epoch + 1,
            self.epochs,
            r.train_loss,
            r.learning_rate,
            samples as f64 / secs
        );
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
        println!("{line}");
    }
}
