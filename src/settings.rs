//! Resolved settings: raw CLI options become the plain values the rest of the code uses.
//! Nothing below this module sees clap.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::catalogue::EditionChoice;
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
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
}

/// Names of the CI configuration file, looked for in this order in the scan root and
/// each of its parents.
pub const CONFIG_FILES: [&str; 2] = ["techscan.toml", ".techscan.toml"];

/// `techscan.toml`: settings for CI runs over a folder of templates.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// `none`, `low`, `medium`, `high` or `critical`; `--fail-on` wins.
    fail_on: Option<Severity>,
    /// Patterns of paths relative to the config file's folder (`*` matches any run,
    /// including `/`; `?` one character) for files to skip.
    #[serde(default)]
    exclude: Vec<String>,
    /// When not empty, only files matching one of these patterns are scanned.
    #[serde(default)]
    include: Vec<String>,
    /// Baseline file, relative to the config file's folder; `--baseline` wins.
    baseline: Option<PathBuf>,
}

/// A discovered and parsed configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its folder: the base of `exclude` patterns and of `baseline`.
    pub dir: PathBuf,
    pub fail_on: Option<Severity>,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub baseline: Option<PathBuf>,
}

/// Finds `techscan.toml` / `.techscan.toml` in the folder of `start` (its parent if it is
/// a file) or the nearest parent that has one, and parses it.
///
/// # Errors
/// The file cannot be read, is not valid TOML, or has unknown keys.
pub fn discover_config(start: &Path) -> Result<Option<Config>, SettingsError> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    for dir in first.into_iter().flat_map(Path::ancestors) {
        for name in CONFIG_FILES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let err = |message: String| SettingsError::Config {
                path: path.clone(),
                message,
            };
            let text = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
            let file: ConfigFile = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
            return Ok(Some(Config {
                dir: dir.to_path_buf(),
                fail_on: file.fail_on,
                exclude: file.exclude,
                include: file.include,
                baseline: file.baseline.map(|b| dir.join(b)),
                path,
            }));
        }
    }
    Ok(None)
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
    /// `PATH<TAB>PASSWORD` lines for encrypted documents (`--password-file`).
    pub password_file: Option<PathBuf>,
    /// The CI configuration in effect, if one was found.
    pub config: Option<Config>,
    /// Baseline whose findings are silenced.
    pub baseline: Option<PathBuf>,
    /// Where to write this run's findings as a baseline.
    pub write_baseline: Option<PathBuf>,
    /// Catalogue edition per document (`--catalogue`, `--as-of`; latest by default).
    pub edition: EditionChoice,
    /// User dictionaries loaded with the built-in catalogue (`--dictionary`).
    pub dictionaries: Vec<PathBuf>,
    /// Only the user dictionaries, without the built-in catalogue data.
    pub no_builtin_catalogue: bool,
}

impl ScanSettings {
    /// Resolves CLI options against the environment (cores, terminals, `NO_COLOR`).
    ///
    /// # Errors
    /// Several formats without one destination each, or a format given twice.
    pub fn resolve(args: ScanArgs) -> Result<ScanSettings, SettingsError> {
        let outputs = outputs(&args.format, &args.output, args.output_dir.as_deref())?;
        let config = match args.paths.first() {
            Some(root) if !args.no_config => discover_config(root)?,
            _ => None,
        };
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
                Some(FailOnArg::None) => None,
                Some(FailOnArg::Low) => Some(Severity::Low),
                Some(FailOnArg::Medium) => Some(Severity::Medium),
                Some(FailOnArg::High) => Some(Severity::High),
                Some(FailOnArg::Critical) => Some(Severity::Critical),
                None => match config.as_ref().and_then(|c| c.fail_on) {
                    Some(Severity::None) => None,
                    Some(t) => Some(t),
                    None => Some(Severity::High),
                },
            },
            progress: !args.quiet && !args.no_progress && std::io::stderr().is_terminal(),
            quiet: args.quiet,
            color,
            password_file: args.password_file,
            extract: ExtractOptions {
                password: args.password,
                timeout: (args.timeout > 0).then(|| std::time::Duration::from_secs(args.timeout)),
                ..ExtractOptions::default()
            },
            baseline: args
                .baseline
                .or_else(|| config.as_ref().and_then(|c| c.baseline.clone())),
            write_baseline: args.write_baseline,
            config,
            edition: args.as_of.or(args.catalogue).unwrap_or_default(),
            dictionaries: args.dictionaries,
            no_builtin_catalogue: args.no_builtin_catalogue,
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
        FormatArg::Docx => Format::Docx,
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
