//! The Availability Zones of a list of subnets, from the `ec2.subnet` lookup: shared by the rules
//! that ask whether something spans more than one zone (Lambda.5, VPC endpoints).

use crate::lookups::ec2::Subnet;
use crate::lookups::{LookupAnswer, LookupKey};
use crate::rules::Context;
use crate::verdict::Verdict;
use std::collections::BTreeSet;

/// The distinct zones of `subnets`, or the undetermined verdict naming every subnet whose zone
/// the lookups did not answer.
pub(crate) fn zones_of(subnets: &[String], ctx: &Context<'_>) -> Result<BTreeSet<String>, Verdict> {
    let mut zones = BTreeSet::new();
    let mut missing = Vec::new();
    for subnet in subnets {
        let key = Subnet::key(subnet.clone());
        match ctx.lookups.get(&key) {
            Ok(answer) => {
                zones.insert(answer.availability_zone.clone());
            }
            Err(_) => missing.push(key.label()),
        }
    }
    if missing.is_empty() {
        Ok(zones)
    } else {
        Err(Verdict::undetermined(missing))
    }
}

/// The `ec2.subnet` lookups for these subnets.
pub(crate) fn subnet_lookups(subnets: &[String]) -> Vec<LookupKey> {
    subnets
        .iter()
        .map(|s| Subnet::key(s.clone()).untyped())
        .collect()
}
