//! `vigil`: Vigil on your laptop. Evaluates AWS events offline with the same core, rules and
//! transition logic as the Lambda, keeping state in a local file instead of DynamoDB.

mod evaluate;
mod inputs;
mod render;
mod store;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_core::Settings;

/// Continuous compliance for serverless AWS databases: evaluate events offline.
#[derive(Parser, Debug)]
#[command(name = "vigil", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate EventBridge events (AWS Config item changes, CloudTrail API calls).
    ///
    /// Exit status: 0 when nothing fails, 1 when any finding is FAILED, 2 when any input was in
    /// error.
    Evaluate(EvaluateArgs),
    /// List the rule catalogue.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Show a resource's compliance timeline from the local state store.
    History {
        /// The resource's ARN, or its name.
        resource: String,
        /// The state file (default: $VIGIL_STATE_FILE, else the user's state directory).
        #[arg(long)]
        state: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct EvaluateArgs {
    /// Output format: `text` for people, `json` for one JSON object per input per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The state file (default: $VIGIL_STATE_FILE, else the user's state directory).
    #[arg(long, conflicts_with = "no_state")]
    state: Option<PathBuf>,
    /// Evaluate without memory: every verdict is `new`, nothing is stored.
    #[arg(long)]
    no_state: bool,
    /// A JSON settings file (keys as in docs/architecture.md, e.g. `backup_retention_minimum`).
    #[arg(long)]
    settings: Option<PathBuf>,
    /// Event files, directories (their *.json files, in name order), or `-` for
    /// newline-delimited events on standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
}

/// Output formats of `evaluate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by resource, failing first.
    Text,
    /// One JSON object per input, one per line.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
    Json,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Evaluate(args) => {
            let settings = match &args.settings {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read settings file {}", path.display()))?;
                    Settings::from_json(&text)
                        .with_context(|| format!("settings file {}", path.display()))?
                }
                None => Settings::default(),
            };
            let store = if args.no_state {
                None
            } else {
                Some(store::FileStore::open(store::resolve_path(args.state)?)?)
            };
            let stdout = std::io::stdout();
            let outcome = evaluate::run(
                &args.inputs,
                &settings,
                store,
                args.format,
                &mut stdout.lock(),
            )?;
            Ok(ExitCode::from(outcome.exit_code()))
        }
        Command::Rules { format } => {
            print!(
                "{}",
                render::rules(format == RulesFormat::Markdown, format == RulesFormat::Json)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::History { resource, state } => {
            let store = store::FileStore::open(store::resolve_path(state)?)?;
            print!("{}", render::history(&store.history_of(&resource)));
            Ok(ExitCode::SUCCESS)
        }
    }
}
