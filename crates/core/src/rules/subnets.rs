//! The Availability Zones of a list of subnets, from the `ec2.subnet` lookup: shared by the rules
//! that ask whether something spans more than one zone (Lambda.5, VPC endpoints).

use crate::lookups::LookupKey;
use crate::rules::lambda::SUBNET;
use crate::rules::Context;
use crate::verdict::Verdict;
use std::collections::BTreeSet;

/// The distinct zones of `subnets`, or the undetermined verdict naming every subnet whose zone
/// the lookups did not answer.
pub(crate) fn zones_of(subnets: &[String], ctx: &Context<'_>) -> Result<BTreeSet<String>, Verdict> {
    let mut zones = BTreeSet::new();
    let mut missing = Vec::new();
    for subnet in subnets {
        let key = LookupKey::new(SUBNET, subnet.clone());
        match ctx
            .lookups
            .get(&key)
            .ok()
            .and_then(|a| a.get("AvailabilityZone"))
            .and_then(|z| z.as_str())
        {
            Some(zone) => {
                zones.insert(zone.to_string());
            }
            None => missing.push(key.label()),
        }
    }
    if missing.is_empty() {
        Ok(zones)
    } else {
        Err(Verdict::undetermined(missing))
    }
}
