//! Resolved settings: raw CLI options become the plain values the rest of the code uses.
//! Nothing below this module sees clap.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::{ColorArg, FailOnArg, FormatArg, ScanArgs};
use crate::extract::ExtractOptions;
use crate::model::Severity;
use crate::report::Format;

/// One report to write: a format and where to (`None`: stdout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputTarget {
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// Invalid combinations of options.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error(
        "{formats} formats need one --output per format (in the same order) or --output-dir; got {outputs} --output"
    )]
    OutputsPerFormat { formats: usize, outputs: usize },
    #[error("--format {0} is given twice")]
    DuplicateFormat(&'static str),
}

/// Everything `scan` needs, validated.
#[derive(Clone, Debug)]
pub struct ScanSettings {
    pub paths: Vec<PathBuf>,
    /// At least one; at most one writes to stdout.
    pub outputs: Vec<OutputTarget>,
    pub jobs: usize,
    /// `None`: findings never fail the run.
    pub fail_on: Option<Severity>,
    pub progress: bool,
    pub quiet: bool,
    pub color: bool,
    pub extract: ExtractOptions,
}

impl ScanSettings {
    /// Resolves CLI options against the environment (cores, terminals, `NO_COLOR`).
    ///
    /// # Errors
    /// Several formats without one destination each, or a format given twice.
    pub fn resolve(args: ScanArgs) -> Result<ScanSettings, SettingsError> {
        let outputs = outputs(&args.format, &args.output, args.output_dir.as_deref())?;
        let jobs = args.jobs.filter(|&n| n > 0).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                outputs
                    .iter()
                    .any(|o| o.format == Format::Terminal && o.path.is_none())
                    && !no_color
                    && std::io::stdout().is_terminal()
            }
        };
        Ok(ScanSettings {
            paths: args.paths,
            outputs,
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
        })
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Terminal => Format::Terminal,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::Html => Format::Html,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Markdown => Format::Markdown,
    }
}

/// Pairs formats with destinations: `--output-dir DIR` gives `DIR/techscan-report.<ext>`;
/// otherwise one `--output` per format in order, except that a single format may go to
/// stdout.
fn outputs(
    formats: &[FormatArg],
    paths: &[PathBuf],
    dir: Option<&Path>,
) -> Result<Vec<OutputTarget>, SettingsError> {
    let formats: Vec<Format> = if formats.is_empty() {
        vec![Format::Terminal]
    } else {
        formats.iter().copied().map(format).collect()
    };
    for (i, f) in formats.iter().enumerate() {
        if formats[..i].contains(f) {
            return Err(SettingsError::DuplicateFormat(f.as_str()));
        }
    }
    if let Some(dir) = dir {
        return Ok(formats
            .into_iter()
            .map(|format| OutputTarget {
                format,
                path: Some(dir.join(format!("techscan-report.{}", format.extension()))),
            })
            .collect());
    }
    match (formats.len(), paths.len()) {
        (1, 0) => Ok(vec![OutputTarget {
            format: formats[0],
            path: None,
        }]),
        (f, p) if f == p => Ok(formats
            .into_iter()
            .zip(paths)
            .map(|(format, path)| OutputTarget {
                format,
                path: Some(path.clone()),
            })
            .collect()),
        (formats, outputs) => Err(SettingsError::OutputsPerFormat { formats, outputs }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_pair_with_outputs_in_order() {
        let one = outputs(&[FormatArg::Json], &[], None).unwrap_or_default();
        assert_eq!(
            one,
            [OutputTarget {
                format: Format::Json,
                path: None
            }]
        );
        let two = outputs(
            &[FormatArg::Json, FormatArg::Html],
            &["a.json".into(), "b.html".into()],
            None,
        )
        .unwrap_or_default();
        assert_eq!(two[1].format, Format::Html);
        assert_eq!(two[1].path, Some(PathBuf::from("b.html")));
        let dir = outputs(
            &[FormatArg::Sarif, FormatArg::Markdown],
            &[],
            Some(Path::new("out")),
        )
        .unwrap_or_default();
        assert_eq!(
            dir[0].path,
            Some(PathBuf::from("out/techscan-report.sarif"))
        );
        assert_eq!(dir[1].path, Some(PathBuf::from("out/techscan-report.md")));
    }

    #[test]
    fn several_formats_need_a_destination_each() {
        assert_eq!(
            outputs(&[FormatArg::Json, FormatArg::Csv], &["a".into()], None),
            Err(SettingsError::OutputsPerFormat {
                formats: 2,
                outputs: 1
            })
        );
        assert_eq!(
            outputs(
                &[FormatArg::Json, FormatArg::Json],
                &[],
                Some(Path::new("d"))
            ),
            Err(SettingsError::DuplicateFormat("json"))
        );
    }
}
