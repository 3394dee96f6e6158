//! Shared by RDS.26 and DynamoDB.4: is the resource assigned to an AWS Backup plan?
//!
//! Both controls' Config rules (`rds-resources-protected-by-backup-plan`,
//! `dynamodb-resources-protected-by-backup-plan`) are NON_COMPLIANT when the resource is not
//! covered by a backup plan. Their one Security Hub parameter, `backupVaultLockCheck`, has no
//! default value in Security Hub, so the vault lock is not checked (Vigil has no setting for it
//! yet). Coverage is decided from the plans' selections (the `backup.selections` lookup, id:
//! the resource's ARN; [`Selections::coverage`]) with the resource's tags.

use crate::fact::Fact;
use crate::lookups::backup::{Coverage, Selections};
use crate::lookups::{Key, LookupAnswer, LookupKey};
use crate::resource::Tags;
use crate::rules::Context;
use crate::verdict::{Evidence, Verdict};

/// The typed key of the resource's `backup.selections` lookup.
pub(crate) fn key(arn: &str) -> Key<Selections> {
    Selections::key(arn)
}

/// The lookups a rule over the resource with `arn` declares.
pub(crate) fn lookups(arn: Option<&String>) -> Vec<LookupKey> {
    arn.map(|a| vec![key(a).untyped()]).unwrap_or_default()
}

/// PASSED when a selection covers the resource, FAILED when none does, UNDETERMINED without
/// the answer or when coverage depends on unknown tags. `what` names the resource ("the DB
/// instance").
pub(crate) fn verdict(arn: &str, tags: &Fact<Tags>, what: &str, ctx: &Context<'_>) -> Verdict {
    let key = key(arn);
    let selections = match ctx.lookups.get(&key) {
        Ok(s) => s,
        Err(undetermined) => return undetermined,
    };
    match selections.coverage(arn, tags.get()) {
        Coverage::Covered { plan, selection } => Verdict::passed(format!(
            "{what} is assigned to the AWS Backup plan {plan} (resource assignment {selection})"
        )),
        Coverage::NotCovered => Verdict::failed(
            format!("{what} is not assigned to any AWS Backup plan"),
            vec![Evidence::new(
                "backupSelections",
                format!(
                    "{} selection(s) in the Region, none covering it",
                    selections.selections.len()
                ),
            )],
        ),
        Coverage::Unknown => Verdict::undetermined(["tags"]),
    }
}
