//! `AWS::Config::ConfigurationRecorder`: AWS Config's configuration recorder, from the AWS Config
//! item's configuration (the AWS Config resource schema's `configuration.Name`, `Recording`,
//! `RoleARN`, `RecordingGroup.AllSupported`, `RecordingGroup.IncludeGlobalResourceTypes`).
//!
//! The shell's describe adapter (`DescribeConfigurationRecorders` with
//! `DescribeConfigurationRecorderStatus`, whose `recording` says whether it runs) writes the same
//! shape, so one parser reads both.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, Obj};
use crate::resource::Tags;

/// A configuration recorder. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigRecorder {
    /// `Name`.
    pub name: Fact<String>,
    /// `Recording`: whether the recorder is running.
    pub recording: Fact<bool>,
    /// `RoleARN`.
    pub role_arn: Fact<String>,
    /// `RecordingGroup.AllSupported`.
    pub all_supported: Fact<bool>,
    /// `RecordingGroup.IncludeGlobalResourceTypes`.
    pub include_global: Fact<bool>,
    /// Tags: not in the configuration.
    pub tags: Fact<Tags>,
}

impl ConfigRecorder {
    /// Reads a recorder from its configuration (Config item or description).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let path = join(c.path(), "RecordingGroup");
        let (all_supported, include_global) = match c.opt_obj("RecordingGroup", &path)? {
            Some(g) => (
                g.bool_fact("AllSupported")?,
                g.bool_fact("IncludeGlobalResourceTypes")?,
            ),
            None => (Fact::Unknown, Fact::Unknown),
        };
        Ok(ConfigRecorder {
            name: c.str_fact("Name")?,
            recording: c.bool_fact("Recording")?,
            role_arn: c.str_fact("RoleARN")?,
            all_supported,
            include_global,
            tags: Fact::Unknown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_config_item_is_read_and_missing_fields_are_unknown() {
        let v = json!({"Name": "default", "Recording": true,
            "RoleARN": "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "RecordingGroup": {"AllSupported": true, "IncludeGlobalResourceTypes": true}});
        let r = ConfigRecorder::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(r.recording, Fact::Known(true));
        assert_eq!(r.all_supported, Fact::Known(true));
        let v = json!({"Name": "default"});
        let r = ConfigRecorder::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(r.recording, Fact::Unknown);
        let bad = json!({"RecordingGroup": "all"});
        assert!(ConfigRecorder::parse(Obj::new(&bad, "configuration").unwrap()).is_err());
    }
}
