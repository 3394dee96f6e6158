//! Account-level verdicts made of one verdict per monitored Region (GuardDuty.1, Config.1):
//! each Region judged from its listing, then combined into the account's one finding.

use crate::resources::account::ByRegion;
use crate::verdict::{Evidence, Verdict};

/// Each monitored Region's verdict, by Region name: `evaluate` over the Region's listing, or
/// undetermined (`<key>.<region>`) for a Region that could not be read.
pub fn by_region<'a, T>(
    regions: &'a ByRegion<T>,
    key: &str,
    evaluate: impl Fn(&[T]) -> Verdict,
) -> Vec<(&'a str, Verdict)> {
    regions
        .iter()
        .map(|(region, listed)| {
            let verdict = match listed.get() {
                Some(items) => evaluate(items),
                None => Verdict::undetermined([format!("{key}.{region}")]),
            };
            (region.as_str(), verdict)
        })
        .collect()
}

/// The first Region (by name) that fails, for the fix.
pub fn first_failing(regions: Vec<(&str, Verdict)>) -> Option<String> {
    regions
        .into_iter()
        .find(|(_, v)| matches!(v, Verdict::Failed { .. }))
        .map(|(r, _)| r.to_string())
}

/// One account-level verdict from each monitored Region's: FAILED when any Region fails
/// (`failed` followed by their names; evidence `<key>.<region>`), undetermined when none fails
/// but one is undetermined, PASSED (`passed` and the Regions) when every Region passes.
pub fn combine(regions: &[(&str, Verdict)], failed: &str, passed: &str, key: &str) -> Verdict {
    if regions.is_empty() {
        return Verdict::undetermined([format!("{key} (no monitored Region)")]);
    }
    let mut failing = Vec::new();
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for (region, verdict) in regions {
        match verdict {
            Verdict::Failed { reason, .. } => {
                failing.push(*region);
                evidence.push(Evidence::new(format!("{key}.{region}"), reason));
            }
            Verdict::Undetermined { missing: m } => missing.extend(m.iter().cloned()),
            _ => {}
        }
    }
    if !failing.is_empty() {
        return Verdict::failed(format!("{failed} {}", failing.join(", ")), evidence);
    }
    if !missing.is_empty() {
        return Verdict::undetermined(missing);
    }
    let names: Vec<&str> = regions.iter().map(|(r, _)| *r).collect();
    Verdict::passed(format!("{passed} ({})", names.join(", ")))
}
