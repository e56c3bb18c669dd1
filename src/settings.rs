//! Resolved settings: raw CLI options become the plain values the rest of the code uses.
//! Nothing below this module sees clap.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::catalogue::EditionChoice;
use crate::cli::{ColorArg, FailOnArg, FormatArg, ScanArgs};
use crate::extract::ExtractOptions;
use crate::model::Severity;
use crate::report::Format;

/// Everything `scan` needs, validated.
#[derive(Clone, Debug)]
pub struct ScanSettings {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub jobs: usize,
    /// `None`: findings never fail the run.
    pub fail_on: Option<Severity>,
    pub progress: bool,
    pub quiet: bool,
    pub color: bool,
    pub extract: ExtractOptions,
    /// Catalogue edition per document (`--catalogue`, `--as-of`; latest by default).
    pub edition: EditionChoice,
    /// User dictionaries loaded with the built-in catalogue (`--dictionary`).
    pub dictionaries: Vec<PathBuf>,
    /// Only the user dictionaries, without the built-in catalogue data.
    pub no_builtin_catalogue: bool,
}

impl ScanSettings {
    /// Resolves CLI options against the environment (cores, terminals, `NO_COLOR`).
    pub fn resolve(args: ScanArgs) -> ScanSettings {
        let jobs = args.jobs.filter(|&n| n > 0).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => args.output.is_none() && !no_color && std::io::stdout().is_terminal(),
        };
        ScanSettings {
            paths: args.paths,
            format: match args.format {
                FormatArg::Terminal => Format::Terminal,
                FormatArg::Json => Format::Json,
            },
            output: args.output,
            jobs,
            fail_on: match args.fail_on {
                FailOnArg::None => None,
                FailOnArg::Low => Some(Severity::Low),
                FailOnArg::Medium => Some(Severity::Medium),
                FailOnArg::High => Some(Severity::High),
                FailOnArg::Critical => Some(Severity::Critical),
            },
            progress: !args.quiet && !args.no_progress && std::io::stderr().is_terminal(),
            quiet: args.quiet,
            color,
            extract: ExtractOptions {
                password: args.password,
                ..ExtractOptions::default()
            },
            edition: args.as_of.or(args.catalogue).unwrap_or_default(),
            dictionaries: args.dictionaries,
            no_builtin_catalogue: args.no_builtin_catalogue,
        }
    }
}
