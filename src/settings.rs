//! Resolved settings: raw CLI options become the plain values the rest of the code uses.
//! Nothing below this module sees clap.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::catalogue::{Edition, EditionChoice, is_valid_date};
use crate::cli::{ColorArg, FailOnArg, FormatArg, LangArg, MergeArgs, ReportArgs, ScanArgs};
use crate::extract::ExtractOptions;
use crate::extract::ocr::OcrMode;
use crate::model::{Lang, Severity};
use crate::report::Format;
use crate::shard::Shard;

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
    #[error("{}:{line}: {message}", path.display())]
    Config {
        path: PathBuf,
        /// 1-based line of the offending key or value.
        line: usize,
        message: String,
    },
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
    /// Catalogue edition: `2008`, `2020`, `2023`, `2025` or `latest`; `--catalogue` and
    /// `--as-of` win.
    catalogue: Option<Spanned<String>>,
    /// `YYYY-MM-DD` or `signing`; `--catalogue` and `--as-of` win.
    as_of: Option<Spanned<String>>,
    /// User dictionaries, relative to the config file's folder; `--dictionary` wins.
    #[serde(default)]
    dictionaries: Vec<PathBuf>,
    /// `en` or `zh`; `--lang` wins.
    lang: Option<Lang>,
}

/// A discovered and parsed configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its folder: the base of `exclude` patterns, `baseline` and `dictionaries`.
    pub dir: PathBuf,
    pub fail_on: Option<Severity>,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub baseline: Option<PathBuf>,
    /// From `catalogue` or `as_of`.
    pub edition: Option<EditionChoice>,
    /// Resolved against `dir`.
    pub dictionaries: Vec<PathBuf>,
    pub lang: Option<Lang>,
}

/// Finds `techscan.toml` / `.techscan.toml` in the folder of `start` (its parent if it is
/// a file) or the nearest parent that has one, and parses it.
///
/// # Errors
/// The file cannot be read, is not valid TOML, has unknown keys or invalid values (with
/// its line).
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
            let text = std::fs::read_to_string(&path).map_err(|e| SettingsError::Config {
                path: path.clone(),
                line: 1,
                message: e.to_string(),
            })?;
            return parse_config(&path, dir, &text).map(Some);
        }
    }
    Ok(None)
}

/// Parses the text of a configuration file found in `dir`.
///
/// # Errors
/// Invalid TOML, unknown keys, or values that are not an edition, date or language, each
/// with the line.
pub fn parse_config(path: &Path, dir: &Path, text: &str) -> Result<Config, SettingsError> {
    let err = |offset: usize, message: String| SettingsError::Config {
        path: path.to_path_buf(),
        line: text
            .get(..offset.min(text.len()))
            .map_or(0, |t| t.matches('\n').count())
            + 1,
        message,
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        err(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    let edition = match (&file.catalogue, &file.as_of) {
        (Some(c), Some(_)) => {
            return Err(err(
                c.span().start,
                "give either `catalogue` or `as_of`, not both".to_owned(),
            ));
        }
        (Some(c), None) => Some(
            Edition::parse(c.get_ref())
                .map(EditionChoice::Fixed)
                .ok_or_else(|| {
                    err(
                        c.span().start,
                        format!(
                            "catalogue `{}`: use 2008, 2020, 2023, 2025 or latest",
                            c.get_ref()
                        ),
                    )
                })?,
        ),
        (None, Some(a)) => Some(as_of_choice(a.get_ref()).map_err(|m| err(a.span().start, m))?),
        (None, None) => None,
    };
    Ok(Config {
        dir: dir.to_path_buf(),
        fail_on: file.fail_on,
        exclude: file.exclude,
        include: file.include,
        baseline: file.baseline.map(|b| dir.join(b)),
        edition,
        dictionaries: file.dictionaries.iter().map(|d| dir.join(d)).collect(),
        lang: file.lang,
        path: path.to_path_buf(),
    })
}

/// `YYYY-MM-DD` (on or after 2008-11-01) or `signing`.
fn as_of_choice(text: &str) -> Result<EditionChoice, String> {
    if text.eq_ignore_ascii_case("signing") {
        return Ok(EditionChoice::Signing);
    }
    if !is_valid_date(text) {
        return Err(format!(
            "as_of `{text}` is not a date (YYYY-MM-DD) or `signing`"
        ));
    }
    Edition::in_force_on(text)
        .map(EditionChoice::Fixed)
        .ok_or_else(|| {
            format!("as_of {text} is before the 2008 catalogue took effect (2008-11-01)")
        })
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
    /// Columns of a terminal report on a terminal; `None`: the default width.
    pub width: Option<usize>,
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
    /// Where per-document results are cached between runs.
    pub cache: CacheSetting,
    /// Language of messages, legal basis, actions and item names (`--lang`).
    pub lang: Lang,
    /// More paths, one per line, from this file or `-` (standard input).
    pub files_from: Option<PathBuf>,
    /// Scan only this shard of the inputs.
    pub shard: Option<Shard>,
}

/// Whether and where to cache per-document results (`--cache-dir`, `--no-cache`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheSetting {
    /// `--no-cache`.
    Off,
    /// `--cache-dir`, or the default folder from the environment.
    Dir(PathBuf),
    /// No folder given and none could be derived from the environment.
    NoLocation,
}

/// Everything `merge` needs, validated.
#[derive(Clone, Debug)]
pub struct MergeSettings {
    pub files: Vec<PathBuf>,
    pub outputs: Vec<OutputTarget>,
    /// `None`: the threshold the shards were scanned with; `Some(None)`: never fail on
    /// findings.
    pub fail_on: Option<Option<Severity>>,
    pub quiet: bool,
    pub color: bool,
    /// Columns of a terminal report on a terminal; `None`: the default width.
    pub width: Option<usize>,
    /// `--lang`: the language the shards were scanned in.
    pub lang: Lang,
}

impl MergeSettings {
    /// Resolves `merge` options against the environment (terminals, `NO_COLOR`).
    ///
    /// # Errors
    /// Several formats without one destination each, or a format given twice.
    pub fn resolve(args: MergeArgs) -> Result<MergeSettings, SettingsError> {
        let outputs = report_outputs(&args.report)?;
        let color = use_color(args.color, &outputs);
        let width = terminal_width(&outputs);
        Ok(MergeSettings {
            files: args.files,
            outputs,
            fail_on: args.fail_on.map(threshold),
            quiet: args.quiet,
            color,
            width,
            lang: lang(args.lang),
        })
    }
}

/// `--fail-on` as the threshold the exit code uses (`none`: never).
fn threshold(arg: FailOnArg) -> Option<Severity> {
    match arg {
        FailOnArg::None => None,
        FailOnArg::Low => Some(Severity::Low),
        FailOnArg::Medium => Some(Severity::Medium),
        FailOnArg::High => Some(Severity::High),
        FailOnArg::Critical => Some(Severity::Critical),
    }
}

/// The terminal's width when the terminal report goes to stdout and stdout is a terminal;
/// `None` (the report's default of 100 columns) otherwise.
fn terminal_width(outputs: &[OutputTarget]) -> Option<usize> {
    (outputs
        .iter()
        .any(|o| o.format == Format::Terminal && o.path.is_none())
        && std::io::stdout().is_terminal())
    .then(textwrap::termwidth)
}

/// Colour for a terminal report on stdout, unless `NO_COLOR` or not a terminal (`auto`).
fn use_color(arg: ColorArg, outputs: &[OutputTarget]) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            outputs
                .iter()
                .any(|o| o.format == Format::Terminal && o.path.is_none())
                && !no_color
                && std::io::stdout().is_terminal()
        }
    }
}

impl ScanSettings {
    /// Resolves CLI options against the environment (cores, terminals, `NO_COLOR`).
    ///
    /// # Errors
    /// Several formats without one destination each, or a format given twice.
    pub fn resolve(args: ScanArgs) -> Result<ScanSettings, SettingsError> {
        let outputs = report_outputs(&args.report)?;
        let config = match args.paths.first() {
            Some(root) if !args.no_config => discover_config(root)?,
            _ => None,
        };
        let jobs = args.jobs.filter(|&n| n > 0).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let color = use_color(args.color, &outputs);
        let width = terminal_width(&outputs);
        Ok(ScanSettings {
            paths: args.paths,
            outputs,
            jobs,
            fail_on: match args.fail_on {
                Some(arg) => threshold(arg),
                None => match config.as_ref().and_then(|c| c.fail_on) {
                    Some(Severity::None) => None,
                    Some(t) => Some(t),
                    None => Some(Severity::High),
                },
            },
            progress: !args.quiet && !args.no_progress && std::io::stderr().is_terminal(),
            quiet: args.quiet,
            color,
            width,
            password_file: args.password_file,
            extract: ExtractOptions {
                password: args.password,
                timeout: (args.timeout > 0).then(|| std::time::Duration::from_secs(args.timeout)),
                ocr: ocr_mode(args.ocr),
                ..ExtractOptions::default()
            },
            baseline: args
                .baseline
                .or_else(|| config.as_ref().and_then(|c| c.baseline.clone())),
            write_baseline: args.write_baseline,
            edition: args
                .as_of
                .or(args.catalogue)
                .or_else(|| config.as_ref().and_then(|c| c.edition))
                .unwrap_or_default(),
            dictionaries: if args.dictionaries.is_empty() {
                config
                    .as_ref()
                    .map(|c| c.dictionaries.clone())
                    .unwrap_or_default()
            } else {
                args.dictionaries
            },
            no_builtin_catalogue: args.no_builtin_catalogue,
            cache: if args.no_cache {
                CacheSetting::Off
            } else {
                args.cache_dir
                    .or_else(|| crate::cache::default_dir(|name| std::env::var_os(name)))
                    .map_or(CacheSetting::NoLocation, CacheSetting::Dir)
            },
            files_from: args.files_from,
            shard: args.shard,
            lang: args
                .lang
                .map(lang)
                .or_else(|| config.as_ref().and_then(|c| c.lang))
                .unwrap_or_default(),
            config,
        })
    }
}

/// `--lang`.
pub fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
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
/// The reports `--format`, `--output` and `--output-dir` ask for.
fn report_outputs(report: &ReportArgs) -> Result<Vec<OutputTarget>, SettingsError> {
    outputs(&report.format, &report.output, report.output_dir.as_deref())
}

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

/// `--ocr` as the extractor's mode.
pub fn ocr_mode(arg: crate::cli::OcrArg) -> OcrMode {
    match arg {
        crate::cli::OcrArg::Auto => OcrMode::Auto,
        crate::cli::OcrArg::Always => OcrMode::Always,
        crate::cli::OcrArg::Never => OcrMode::Never,
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
    fn config_values_resolve_against_its_folder_and_errors_carry_the_line() {
        let dir = Path::new("/ci/templates");
        let path = dir.join("techscan.toml");
        let ok = parse_config(
            &path,
            dir,
            "fail_on = \"medium\"\ncatalogue = \"2020\"\ndictionaries = [\"dicts/ear.toml\"]\nlang = \"zh\"\n",
        );
        let Ok(config) = ok else {
            panic!("{ok:?}");
        };
        assert_eq!(
            config.edition,
            Edition::parse("2020").map(EditionChoice::Fixed)
        );
        assert_eq!(
            config.dictionaries,
            [PathBuf::from("/ci/templates/dicts/ear.toml")]
        );
        assert_eq!(config.lang, Some(Lang::Zh));
        let signing = parse_config(&path, dir, "as_of = \"signing\"\n").map(|c| c.edition);
        assert_eq!(signing, Ok(Some(EditionChoice::Signing)));
        // (text, line, message fragment)
        let cases = [
            (
                "fail_on = \"high\"\n\nfail-on = \"low\"\n",
                3,
                "unknown field `fail-on`",
            ),
            ("catalogue = \"2019\"\n", 1, "catalogue `2019`"),
            ("\nas_of = \"2008-01-01\"\n", 2, "before the 2008 catalogue"),
            ("lang = \"fr\"\n", 1, "unknown variant `fr`"),
            (
                "catalogue = \"2023\"\nas_of = \"signing\"\n",
                1,
                "either `catalogue` or `as_of`",
            ),
        ];
        for (text, want_line, fragment) in cases {
            match parse_config(&path, dir, text) {
                Err(SettingsError::Config { line, message, .. }) => {
                    assert_eq!(line, want_line, "{text:?}: {message}");
                    assert!(message.contains(fragment), "{text:?}: {message}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let shown = parse_config(&path, dir, "x = 1\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            shown.starts_with("/ci/templates/techscan.toml:1: unknown field `x`"),
            "{shown}"
        );
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
