//! `vigil`: Vigil on your laptop. Evaluates AWS events offline, or scans an account read-only
//! with the caller's credentials, with the same core, rules and transition logic as the Lambda,
//! keeping state in a local file instead of DynamoDB.

mod accept;
mod evaluate;
mod inputs;
mod render;
mod scan;
mod status;
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
    /// Scan an AWS account read-only with your credentials: every supported resource in each
    /// region, through the same rules; a second scan shows what changed.
    ///
    /// Credentials and region come from the standard AWS chain (environment, --profile, the
    /// shared files); AWS_ENDPOINT_URL is honoured. Exit status as `evaluate`: 0 when nothing
    /// fails, 1 when any finding is FAILED, 2 when a resource could not be evaluated because of
    /// an error. A service the credentials may not read is reported as not evaluated.
    Scan(ScanArgs),
    /// List the rule catalogue.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Show when Vigil last processed an event and a sweep: from the local state store, or,
    /// with --table, from a deployed stack's DynamoDB table with your credentials.
    Status {
        #[command(flatten)]
        store: store::StoreArgs,
    },
    /// Accept a risk: one rule (or every rule of one Security Hub control) on one resource,
    /// with a reason and an end date, in the local state store, or with --table in a deployed
    /// stack's table. From the resource's next evaluation its finding is SUPPRESSED without an
    /// alert; after the end date it is FAILED again with one alert. The same as the tag
    /// `vigil:accept:<rule-or-control>` = `<YYYY-MM-DD> <reason>` on the resource.
    ///
    /// Exit status: 0 when stored, 2 when refused (no reason, a bad or past date, an unknown
    /// rule) or not stored.
    Accept {
        /// The resource's ARN.
        resource: String,
        /// A rule id (`rds-instance-public-access`) or a Security Hub control id (`RDS.2`).
        rule: String,
        /// The last day the acceptance holds, YYYY-MM-DD (today or later).
        #[arg(long)]
        until: String,
        /// Why the risk is accepted.
        #[arg(long)]
        reason: String,
        /// Who accepts it (default: with --table, the caller's identity from STS
        /// GetCallerIdentity; with the local state file, $USER).
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        store: store::StoreArgs,
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

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Output format: `text` for people, `json` for one JSON object per resource per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A named profile from the shared AWS config and credentials files.
    #[arg(long)]
    profile: Option<String>,
    /// A region to scan (repeatable; default: the configured region). IAM, which is global, is
    /// scanned with the first.
    #[arg(long = "region")]
    regions: Vec<String>,
    /// The state file (default: $VIGIL_STATE_FILE, else the user's state directory).
    #[arg(long, conflicts_with = "no_state")]
    state: Option<PathBuf>,
    /// Scan without memory: every verdict is `new`, nothing is stored.
    #[arg(long)]
    no_state: bool,
    /// A JSON settings file (keys as in docs/architecture.md).
    #[arg(long)]
    settings: Option<PathBuf>,
}

/// Output formats of `evaluate` and `scan`.
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

fn load_settings(path: Option<&std::path::Path>) -> Result<Settings> {
    match path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read settings file {}", path.display()))?;
            Settings::from_json(&text).with_context(|| format!("settings file {}", path.display()))
        }
        None => Ok(Settings::default()),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => {
            let settings = load_settings(args.settings.as_deref())?;
            let store = if args.no_state {
                None
            } else {
                Some(store::FileStore::open(store::resolve_path(args.state)?)?)
            };
            let options = scan::ScanOptions {
                profile: args.profile,
                regions: args.regions,
                format: args.format,
            };
            let outcome = scan::run(
                &options,
                &settings,
                store,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )?;
            Ok(ExitCode::from(outcome.exit_code()))
        }
        Command::Evaluate(args) => {
            let settings = load_settings(args.settings.as_deref())?;
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
        Command::Status { store } => {
            print!("{}", status::run(store)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Accept {
            resource,
            rule,
            until,
            reason,
            by,
            store,
        } => {
            let request = accept::Request {
                resource,
                rule,
                until,
                reason,
                by,
                store,
            };
            print!("{}", accept::run(request, chrono::Utc::now())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::History { resource, state } => {
            let store = store::FileStore::open(store::resolve_path(state)?)?;
            print!("{}", render::history(&store.history_of(&resource)));
            Ok(ExitCode::SUCCESS)
        }
    }
}
