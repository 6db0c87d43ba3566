//! The `attache` command line.

mod analyze_cmd;
mod bench_cmd;
mod eval_cmd;
mod eval_extraction;
mod models_cli;
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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze_cmd::run(args),
        Command::Eval(e) => eval_cmd::run(e),
        Command::Bench(args) => bench_cmd::run(args),
        Command::Train(t) => train_cmd::run(t),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("attache: error: {err:#}");
            ExitCode::from(exit::USAGE)
        }
    }
}
