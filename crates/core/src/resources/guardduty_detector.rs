//! `AWS::GuardDuty::Detector`: a GuardDuty detector (one per account and Region), from the AWS
//! Config item's configuration. AWS Config records detectors; its resource schema lists
//! `configuration.Id`, `Enable`, `FindingPublishingFrequency` and `DataSources` (the
//! CloudFormation resource's property names). The protection plans are the CloudFormation
//! resource's `Features` (`Name`, `Status`), which AWS Config's schema does not list: from an
//! item without them they are unknown.
//!
//! The shell's describe adapter (`GetDetector`) writes the same shape: `Id`, `Enable` from the
//! detector's `Status` (`ENABLED`/`DISABLED`) and `Features` from its `Features` (`Name`,
//! `Status`), so one parser reads both.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// A GuardDuty detector. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detector {
    /// `Id`, the detector id.
    pub id: Fact<String>,
    /// `Enable`: whether the detector is enabled (not suspended).
    pub enabled: Fact<bool>,
    /// `Features`: each protection plan's name (`RDS_LOGIN_EVENTS`, `LAMBDA_NETWORK_LOGS`, …)
    /// and status (`ENABLED` or `DISABLED`).
    pub features: Fact<Vec<Feature>>,
    /// Tags: not in the configuration; the Config item's `tags` fill them.
    pub tags: Fact<Tags>,
}

/// One detector feature (protection plan).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// `Name`, e.g. `RDS_LOGIN_EVENTS`.
    pub name: String,
    /// `Status`: `ENABLED` or `DISABLED`.
    pub status: String,
}

/// GuardDuty's feature name for RDS Protection (FSBP GuardDuty.9).
pub const RDS_LOGIN_EVENTS: &str = "RDS_LOGIN_EVENTS";
/// GuardDuty's feature name for Lambda Protection (FSBP GuardDuty.6).
pub const LAMBDA_NETWORK_LOGS: &str = "LAMBDA_NETWORK_LOGS";

impl Detector {
    /// Reads a detector from its configuration (Config item or description).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let features = match c.opt_array("Features", "a list of features")? {
            None => Fact::Unknown,
            Some((items, path)) => {
                let mut out = Vec::new();
                for item in items {
                    let f = Obj::new(item, &path)?;
                    out.push(Feature {
                        name: f.req_str("Name")?.to_string(),
                        status: f.req_str("Status")?.to_string(),
                    });
                }
                Fact::Known(out)
            }
        };
        Ok(Detector {
            id: c.str_fact("Id")?,
            enabled: c.bool_fact("Enable")?,
            features,
            tags: Fact::Unknown,
        })
    }

    /// The status of the feature `name`: `Known(None)` when the detector's known features do
    /// not include it (the plan is not offered in the Region).
    pub fn feature(&self, name: &str) -> Fact<Option<&str>> {
        match &self.features {
            Fact::Known(list) => Fact::Known(
                list.iter()
                    .find(|f| f.name == name)
                    .map(|f| f.status.as_str()),
            ),
            Fact::Unknown => Fact::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_config_item_and_a_description_are_read_alike() {
        let v = json!({"Id": "12abc34d567e8fa901bc2d34e56789f0", "Enable": true,
            "FindingPublishingFrequency": "SIX_HOURS",
            "DataSources": {"S3Logs": {"Enable": true}},
            "Features": [{"Name": "RDS_LOGIN_EVENTS", "Status": "ENABLED"},
                         {"Name": "LAMBDA_NETWORK_LOGS", "Status": "DISABLED"}]});
        let d = Detector::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(d.enabled, Fact::Known(true));
        assert_eq!(d.feature(RDS_LOGIN_EVENTS), Fact::Known(Some("ENABLED")));
        assert_eq!(
            d.feature(LAMBDA_NETWORK_LOGS),
            Fact::Known(Some("DISABLED"))
        );
        assert_eq!(d.feature("EKS_AUDIT_LOGS"), Fact::Known(None));
    }

    #[test]
    fn missing_features_are_unknown_and_wrong_types_are_errors() {
        let v = json!({"Id": "d", "Enable": false});
        let d = Detector::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(d.enabled, Fact::Known(false));
        assert_eq!(d.feature(RDS_LOGIN_EVENTS), Fact::Unknown);
        let bad = json!({"Features": [{"Name": "RDS_LOGIN_EVENTS"}]});
        let err = Detector::parse(Obj::new(&bad, "configuration").unwrap()).unwrap_err();
        assert!(err.to_string().contains("Status"), "{err}");
    }
}
