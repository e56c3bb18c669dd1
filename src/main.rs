//! The techscan binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use techscan::app;
use techscan::cli::Cli;

fn main() -> ExitCode {
    // A panic while scanning one document is caught by the pipeline and becomes that
    // document's `internal` failure; print it as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("techscan: internal error (a bug in techscan; please report it): {info}");
        }
    }));
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("techscan: {err}");
                for cause in err.chain().skip(1) {
                    eprintln!("  cause: {cause}");
                }
            }
            ExitCode::from(app::ExitStatus::Error.code())
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
