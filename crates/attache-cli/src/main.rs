//! The `attache` command line.

mod analyze_cmd;
mod bench_cmd;
mod eval_cmd;
mod eval_extraction;
mod export_cmd;
mod ingest_cmd;
mod models_cli;
mod progress;
mod query_cmd;
mod resources_cli;
mod train_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// attache reads news and returns who said what, to whom, through which channel — as JSON you can check.
#[derive(Parser)]
#[command(name = "attache", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (plain text, HTML or JSONL) and print one JSON analysis per document.
    Analyze(analyze_cmd::Args),
    /// Score attache against gold data (seed gold, PolNeAR).
    #[command(subcommand)]
    Eval(eval_cmd::Eval),
    /// Measure throughput on a corpus of article texts.
    Bench(bench_cmd::Args),
    /// Analyse a corpus (files, folders, globs) into an embedded store.
    Ingest(ingest_cmd::Args),
    /// Ask a store who said what, and who did what to whom.
    Query(query_cmd::Args),
    /// Export a store: tables as Parquet, events as GDELT 2.0 TSV.
    Export(export_cmd::Args),
    /// Rebuild a model from the training data in ../shared/data.
    #[command(subcommand)]
    Train(train_cmd::Train),
}

/// Exit codes scripts can rely on.
pub mod exit {
    /// Everything was processed.
    pub const OK: u8 = 0;
    /// Some inputs could not be read or analysed; the rest was processed and reported.
    pub const PARTIAL: u8 = 1;
    /// Bad command line or unreadable required file: nothing was processed.
    pub const USAGE: u8 = 2;
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze_cmd::run(args),
        Command::Eval(e) => eval_cmd::run(e),
        Command::Bench(args) => bench_cmd::run(args),
        Command::Train(t) => train_cmd::run(t),
        Command::Ingest(args) => ingest_cmd::run(args),
        Command::Query(args) => query_cmd::run(args),
        Command::Export(args) => export_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("attache: error: {err:#}");
            ExitCode::from(exit::USAGE)
        }
    }
}

/// Rust ignores SIGPIPE, so `println!` panics when the reader of a pipe has gone
/// (`attache eval extraction | head`). A command-line tool should end quietly then, as
/// `cat` or `grep` do: the default action of the signal does exactly that.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in main, before any thread starts; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
