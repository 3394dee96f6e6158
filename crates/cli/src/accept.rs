//! `vigil accept <resource-arn> <rule-or-control> --until DATE --reason TEXT`: stores an accepted
//! risk (`vigil_core::accept`), the same record a `vigil:accept:<id>` tag gives, in the local
//! state file, or with `--table` in a deployed stack's DynamoDB table (the caller's credentials,
//! `--profile`, `--region`; `AWS_ENDPOINT_URL` honoured). It takes effect at the resource's next
//! evaluation: its finding is then SUPPRESSED, without an alert, until the end date.

use crate::store::{resolve_path, FileStore, StoreArgs};
use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, Utc};
use vigil_core::accept::{AcceptSource, Acceptance};
use vigil_core::resource::{ResourceRef, ResourceType};
use vigil_pipeline::StateStore;

/// What to accept and where to store it.
#[derive(Debug)]
pub struct Request {
    /// The resource's ARN.
    pub resource: String,
    /// The rule id or Security Hub control id.
    pub rule: String,
    /// The last day it holds, `YYYY-MM-DD`.
    pub until: String,
    /// Why.
    pub reason: String,
    /// Who accepts it (default: with `--table`, the caller's identity from STS
    /// `GetCallerIdentity`; with the local state file, `$USER`).
    pub by: Option<String>,
    /// Where to store it.
    pub store: StoreArgs,
}

/// Checks and stores the acceptance; the line to print.
pub fn run(request: Request, now: DateTime<Utc>) -> Result<String> {
    let by = request
        .by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "an unnamed CLI user".to_string());
    let acceptance = Acceptance::new(
        &request.resource,
        &request.rule,
        &request.until,
        &request.reason,
        &by,
        AcceptSource::Cli,
        now,
        now.date_naive(),
    )
    .context("the accepted risk is refused")?;
    let (account, region) = arn_scope(&request.resource)?;
    let (acceptance, place) = match &request.store.table {
        Some(table) => (
            remote(table, &request, &account, region, acceptance)?,
            format!("DynamoDB table {table}"),
        ),
        None => {
            let path = resolve_path(request.store.state.clone())?;
            let (store, file) = FileStore::open(path.clone())?.into_parts();
            let resource = resource_ref(&request.resource, &account, region.unwrap_or("global"));
            block_on(store.accept(&resource, &acceptance))?.map_err(|e| anyhow::anyhow!("{e}"))?;
            file.save(&store.contents())?;
            (acceptance, format!("state file {}", path.display()))
        }
    };
    Ok(format!(
        "Accepted {} on {} until {} ({}) by {}, stored in {place}.\nIts finding is SUPPRESSED, without an alert, from the resource's next evaluation; after {} it is FAILED again with one alert.\n",
        acceptance.accepts,
        acceptance.resource,
        acceptance.until,
        acceptance.reason,
        acceptance.accepted_by,
        acceptance.until
    ))
}

/// The account and region an ARN names (`arn:partition:service:region:account:...`); a global
/// resource (IAM) has no region.
fn arn_scope(arn: &str) -> Result<(String, Option<&str>)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" {
        bail!("the resource must be given by its ARN (arn:aws:service:region:account:...)");
    }
    let account = parts[4];
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        bail!("the resource's ARN must name its 12-digit account");
    }
    Ok((
        account.to_string(),
        Some(parts[3]).filter(|r| !r.is_empty()),
    ))
}

fn resource_ref(arn: &str, account: &str, region: &str) -> ResourceRef {
    ResourceRef {
        resource_type: ResourceType(String::new()),
        id: arn.to_string(),
        name: None,
        arn: arn.to_string(),
        account: account.to_string(),
        region: region.to_string(),
    }
}

fn block_on<F: std::future::Future>(future: F) -> Result<F::Output> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(future))
}

/// Stores the acceptance in the table; without `--by`, it is made by the caller's identity
/// (STS `GetCallerIdentity`), not `$USER`. Returns it as stored.
fn remote(
    table: &str,
    request: &Request,
    account: &str,
    region: Option<&str>,
    mut acceptance: Acceptance,
) -> Result<Acceptance> {
    block_on(async move {
        let sdk = request.store.sdk().await?;
        let Some(home) = sdk.region().map(|r| r.to_string()) else {
            bail!(
                "no AWS region: pass --region REGION or set AWS_REGION or a region in your profile"
            );
        };
        // A global resource (IAM) is filed under the stack's region, the table's.
        let resource = resource_ref(&acceptance.resource, account, region.unwrap_or(&home));
        let clients = vigil_aws::Clients::new(&sdk);
        if request.by.is_none() {
            acceptance.accepted_by = vigil_aws::sweep::caller_arn(&clients)
                .await
                .context("cannot ask AWS STS who you are (GetCallerIdentity): pass --by NAME")?;
        }
        let store = vigil_aws::store::DynamoStore::new(clients.dynamodb, table);
        store
            .accept(&resource, &acceptance)
            .await
            .with_context(|| format!("cannot store the acceptance in table {table}"))?;
        Ok(acceptance)
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_gives_its_account_and_region() {
        let (a, r) = arn_scope("arn:aws:rds:eu-west-2:111122223333:db:orders-db").unwrap();
        assert_eq!((a.as_str(), r), ("111122223333", Some("eu-west-2")));
        let (_, r) = arn_scope("arn:aws:iam::111122223333:role/app").unwrap();
        assert_eq!(r, None);
        assert!(arn_scope("orders-db").is_err());
    }
}
