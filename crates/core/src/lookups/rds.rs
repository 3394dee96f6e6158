//! RDS answers.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `rds.db-parameter-group` (id: the group's name), from `DescribeDBParameters` over every page:
/// every parameter the group gives a value (set by the user, the engine default or the system);
/// a parameter without a value is absent. Parameter values are configuration, not secrets.
/// Shape: [`DbParameterGroup::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DbParameterGroup {
    /// `parameters`: name → value.
    pub parameters: BTreeMap<String, String>,
}

impl DbParameterGroup {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"parameters": {"rds.force_ssl": "1", "max_connections": "LEAST({DBInstanceClassMemory/9531392},5000)"}}"#;
}

/// `rds.db-cluster-parameter-group` (id: the group's name), from `DescribeDBClusterParameters`
/// over every page: every parameter the DB cluster parameter group gives a value (set by the
/// user, the engine default or the system); a parameter without a value is absent. Parameter
/// values are configuration, not secrets. Shape: [`DbClusterParameterGroup::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DbClusterParameterGroup {
    /// `parameters`: name → value.
    pub parameters: BTreeMap<String, String>,
}

impl DbClusterParameterGroup {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"parameters": {"server_audit_logging": "1", "server_audit_events": "CONNECT,QUERY_DCL"}}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_reads() {
        let a: DbParameterGroup = serde_json::from_str(DbParameterGroup::EXAMPLE).unwrap();
        assert_eq!(a.parameters["rds.force_ssl"], "1");
        assert_eq!(a.parameters.len(), 2);
    }

    #[test]
    fn parameters_are_required_and_values_are_text() {
        assert!(serde_json::from_value::<DbParameterGroup>(serde_json::json!({})).is_err());
        assert!(serde_json::from_value::<DbParameterGroup>(
            serde_json::json!({"parameters": {"rds.force_ssl": 1}})
        )
        .is_err());
    }

    #[test]
    fn the_cluster_example_reads() {
        let a: DbClusterParameterGroup =
            serde_json::from_str(DbClusterParameterGroup::EXAMPLE).unwrap();
        assert_eq!(a.parameters["server_audit_logging"], "1");
        assert!(serde_json::from_value::<DbClusterParameterGroup>(serde_json::json!({})).is_err());
    }
}
