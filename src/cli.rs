//! Command-line interface types (clap derive). The only file that imports clap; everything
//! below `settings.rs` sees a resolved `Settings`, never these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalogue::{Edition, EditionChoice, is_valid_date};
use crate::shard::Shard;

const ABOUT: &str = "Finds technology transfers out of mainland China in contracts (PDF, DOCX, text; \
English and Chinese) and checks them against China's Catalogue of Technologies Prohibited or \
Restricted from Export.";

const AFTER_HELP: &str = "\
Examples:
  techscan scan samples/                            scan a folder, report on the terminal
  techscan scan dataroom/ --format json -o r.json   machine-readable report
  techscan scan dataroom/ --format json,html --output-dir out
                                                    out/techscan-report.json and .html
  techscan scan dataroom/ --format csv,html -o a.csv -o a.html
                                                    one --output per format, in order
  techscan scan tpl/ --format sarif -o t.sarif      for code scanning
  techscan scan tpl/ --baseline techscan-baseline.toml
                                                    CI: fail only on findings not yet accepted
  techscan scan contract.pdf --fail-on medium       CI gate: exit 1 on medium or worse
  techscan scan room/ --shard 2/4 --format jsonl -o s2.jsonl
                                                    one of four machines (FNV-1a 64 of each path)
  techscan merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl --format html -o r.html
                                                    the report of one run over room/
  techscan text contract.pdf                        show the text exactly as techscan read it
  techscan explain TS201                            what a rule means and what to do

CI mode: techscan.toml or .techscan.toml in the scan root or a parent folder sets
fail_on, include and exclude (path patterns relative to that folder), baseline,
catalogue or as_of, dictionaries and lang; options win.

Exit codes:
  0  every input scanned, no finding at or above --fail-on
  1  a finding at or above --fail-on (default: high)
  2  an input could not be read (failed), or a fatal error
  130  interrupted (Ctrl-C or SIGTERM): no report written, a previous one left as it was

Not legal advice: techscan points a lawyer at the clauses to check.";

/// What `-h` adds below the options; `--help` shows [`AFTER_HELP`] instead.
const SHORT_AFTER_HELP: &str = "Run with --help for examples, CI mode and exit codes.";

#[derive(Debug, Parser)]
#[command(
    name = "techscan",
    version,
    about = ABOUT,
    after_help = SHORT_AFTER_HELP,
    after_long_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and folders (recursively) and write a risk report.
    #[command(after_help = SHORT_AFTER_HELP, after_long_help = AFTER_HELP)]
    Scan(Box<ScanArgs>),
    /// Print a document's text exactly as the scanner reads it, with page, section and
    /// paragraph markers.
    Text(TextArgs),
    /// Explain a rule code (TS101 …), or list all rules.
    Explain(ExplainArgs),
    /// Combine the JSON Lines reports of shards (`scan --shard K/N --format jsonl`) into
    /// the report one run over all inputs writes.
    Merge(MergeArgs),
    /// Inspect, search, compare, validate and import catalogue data.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell) on stdout.
    #[command(long_about = "Print a shell completion script on stdout.

Install it where the shell looks for completions, for example:
  bash:        techscan completions bash > ~/.local/share/bash-completion/completions/techscan
  zsh:         techscan completions zsh > ~/.zfunc/_techscan   (with fpath+=~/.zfunc before compinit)
  fish:        techscan completions fish > ~/.config/fish/completions/techscan.fish
  powershell:  techscan completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of techscan or of one of its commands on stdout.
    #[command(
        long_about = "Print the manual page (roff) of techscan, or of one of its commands, on stdout.

  techscan man | man -l -                  read it now
  techscan man > ~/.local/share/man/man1/techscan.1
  techscan man scan > ~/.local/share/man/man1/techscan-scan.1"
    )]
    Man(ManArgs),
}

/// `techscan completions SHELL`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `techscan man [COMMAND]`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command (scan, text, explain, merge, catalogue, completions) for its own page
    /// (`techscan-scan(1)`); none for the main page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// The completion script for `args.shell`, generated from these definitions (into memory:
/// clap_complete panics when its writer fails, a closed pipe included).
pub fn completions(args: &CompletionsArgs) -> Vec<u8> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "techscan", &mut script);
    script
}

/// Writes the manual page of techscan, or of one of its commands (`techscan-scan(1)`),
/// generated from these definitions.
///
/// # Errors
/// An unknown command (its message names the known ones), or an error of the writer.
pub fn write_man_page(args: &ManArgs, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let page = match &args.command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            let Some(sub) = cli.find_subcommand(name) else {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("no command `{name}` (one of {})", names.join(", ")),
                ));
            };
            sub.clone()
                .bin_name(format!("techscan {name}"))
                .display_name(format!("techscan-{name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    clap_mangen::Man::new(page).render(out)
}

/// `techscan catalogue …`
#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// List every encoded entry (or those in force in one edition) with its code, status,
    /// names, verification level and number of control points.
    List {
        /// Only entries in force in this edition (2008, 2020, 2023, 2025, latest).
        #[arg(long, value_name = "EDITION", value_parser = parse_edition_id)]
        edition: Option<&'static Edition>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormatArg::Text)]
        format: ListFormatArg,
    },
    /// Show one entry: by code (086501X), report code (uncoded:lidar-system) or id.
    Show {
        #[arg(value_name = "CODE|ID")]
        key: String,
    },
    /// Run the matcher over TEXT and show what matches, with the keywords.
    Search {
        /// The text to search (several words are joined with spaces).
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// Edition whose entries are matched (default: latest).
        #[arg(long, value_name = "EDITION", value_parser = parse_edition_id)]
        edition: Option<&'static Edition>,
    },
    /// Entries added and removed between two editions, with the instruments.
    Diff {
        #[arg(value_name = "FROM", value_parser = parse_edition_id)]
        from: &'static Edition,
        #[arg(value_name = "TO", value_parser = parse_edition_id)]
        to: &'static Edition,
    },
    /// Validate dictionary files with the built-in data; every problem with file:line
    /// (exit 2 when there are problems).
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Validate the files alone, as `scan --no-builtin` loads them.
        #[arg(long = "no-builtin")]
        no_builtin_catalogue: bool,
    },
    /// Turn a CSV table (columns in dictionaries/README.md) into catalogue TOML on stdout.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Verification level written for the imported entries: official only when the CSV
        /// was transcribed from the official text.
        #[arg(long, value_enum, default_value_t = VerificationArg::Unverified)]
        verification: VerificationArg,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerificationArg {
    Official,
    Secondary,
    Unverified,
}

/// An edition id or `latest`.
fn parse_edition_id(text: &str) -> Result<&'static Edition, String> {
    Edition::parse(text)
        .ok_or_else(|| format!("unknown edition `{text}`: use 2008, 2020, 2023, 2025 or latest"))
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (folders recursively; folders starting with '.' are not entered).
    #[arg(required_unless_present = "files_from", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also scan the paths listed in FILE, one per line ('-': standard input), e.g. the
    /// paths Spark's RDD.pipe writes.
    #[arg(long, value_name = "FILE|-")]
    pub files_from: Option<PathBuf>,

    /// Scan only shard K of N: the inputs whose path hashes (FNV-1a 64) to K-1 modulo N;
    /// `techscan merge` combines the shards' JSON Lines reports.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Exit 1 when any finding is at or above this severity ('none' never fails on findings)
    /// [default: fail_on of techscan.toml, else high].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,

    /// Silence the findings listed in this baseline file; entries that match nothing are
    /// reported as stale [default: baseline of techscan.toml].
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every finding of this run to FILE as a baseline (add a reason to each entry).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Do not look for techscan.toml / .techscan.toml in the scan root and its parents.
    #[arg(long)]
    pub no_config: bool,

    /// No progress bar and no status line on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Hide the progress bar.
    #[arg(long)]
    pub no_progress: bool,

    /// User password for encrypted PDFs (the empty password is always tried).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Passwords per file: lines `PATH<TAB>PASSWORD` (`#` comments; paths relative to the
    /// current folder); a file listed there uses its own password instead of --password.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// When to use colour in the terminal report (NO_COLOR is honoured in 'auto').
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Time budget for reading one document, in seconds (0: no limit). A document that
    /// runs out keeps the pages read so far, with a warning, or fails as limit-exceeded.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Read scanned pages by OCR (Tesseract; the budget of --timeout covers it): 'auto'
    /// pages without a usable text layer and image files (png, jpeg, tiff), 'always' every
    /// page that carries an image, 'never' none.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto, value_name = "WHEN")]
    pub ocr: OcrArg,

    /// Catalogue edition to check against: 2008, 2020, 2023, 2025 or latest (default).
    #[arg(long, value_name = "EDITION", value_parser = parse_edition, conflicts_with = "as_of")]
    pub catalogue: Option<EditionChoice>,

    /// Check against the edition in force on DATE (YYYY-MM-DD); DATE 'signing': on each
    /// contract's signing or effective date (today when none is found, with a warning).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<EditionChoice>,

    /// Also match the entries of a user dictionary (catalogue TOML, validated with the
    /// built-in data); repeatable.
    #[arg(long = "dictionary", value_name = "FILE")]
    pub dictionaries: Vec<PathBuf>,

    /// Match only the --dictionary files, not the built-in catalogue data (for a full
    /// table imported with `techscan catalogue import`).
    #[arg(long = "no-builtin", requires = "dictionaries")]
    pub no_builtin_catalogue: bool,

    /// Keep per-document results in DIR and reuse them for unchanged documents [default:
    /// $TECHSCAN_CACHE_DIR, else $XDG_CACHE_HOME/techscan, else ~/.cache/techscan].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Neither read nor write the cache: extract and analyse every document.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,

    /// Language of finding messages, legal basis, actions and catalogue item names
    /// [default: lang of techscan.toml, else en].
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

/// `--catalogue 2008|2020|2023|2025|latest`.
fn parse_edition(text: &str) -> Result<EditionChoice, String> {
    Edition::parse(text)
        .map(EditionChoice::Fixed)
        .ok_or_else(|| format!("unknown edition `{text}`: use 2008, 2020, 2023, 2025 or latest"))
}

/// `--as-of YYYY-MM-DD|signing`. A date before the 2008 catalogue took effect is an error:
/// techscan has no earlier edition.
fn parse_as_of(text: &str) -> Result<EditionChoice, String> {
    if text.eq_ignore_ascii_case("signing") {
        return Ok(EditionChoice::Signing);
    }
    if !is_valid_date(text) {
        return Err(format!("`{text}` is not a date (YYYY-MM-DD) or `signing`"));
    }
    Edition::in_force_on(text)
        .map(EditionChoice::Fixed)
        .ok_or_else(|| {
            format!(
                "{text} is before the 2008 catalogue took effect (2008-11-01), the earliest edition techscan has; use --catalogue 2008 to apply it anyway"
            )
        })
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The document to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Print the extractor's raw paragraphs instead of the normalised text the analysis reads.
    #[arg(long)]
    pub raw: bool,

    /// User password for an encrypted PDF.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Read scanned pages by OCR (Tesseract): 'auto' pages without a usable text layer and
    /// image files, 'always' every page that carries an image, 'never' none.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto, value_name = "WHEN")]
    pub ocr: OcrArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OcrArg {
    Auto,
    Always,
    Never,
}

/// Where and how `scan` and `merge` write their reports.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Report format(s), comma-separated or repeated ('jsonl' streams one document per line).
    /// Several formats need one --output each, in the same order, or --output-dir.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "terminal",
        value_name = "FORMAT"
    )]
    pub format: Vec<FormatArg>,

    /// Write the report to FILE instead of stdout; repeat once per --format, in order.
    #[arg(short, long, value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Write each format to DIR/techscan-report.<ext> (txt, json, jsonl, csv, html, sarif, md,
    /// docx).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON Lines reports of `techscan scan --format jsonl` (shards or other partial runs).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// Exit 1 when any finding is at or above this severity [default: the shards' fail_on].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,

    /// No status line on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// When to use colour in the terminal report (NO_COLOR is honoured in 'auto').
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Language of the report's rule documentation (SARIF): give the --lang the shards
    /// were scanned with (their messages are already in it).
    #[arg(long, value_enum, default_value_t = LangArg::En, value_name = "LANG")]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code, e.g. TS201. Without it, all rules are listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// Language of the documentation.
    #[arg(long, value_enum, default_value_t = LangArg::En, value_name = "LANG")]
    pub lang: LangArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Terminal,
    Json,
    Jsonl,
    Csv,
    Html,
    Sarif,
    Markdown,
    Docx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    None,
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
