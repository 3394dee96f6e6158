//! EC2 answers.

use serde::Deserialize;

/// `ec2.subnet` (id: the subnet id), from AWS Config's recorded item for the subnet
/// (`BatchGetResourceConfig`). Shape: [`Subnet::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// `AvailabilityZone`.
    pub availability_zone: String,
}

impl Subnet {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"AvailabilityZone": "eu-west-2a"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_reads_and_the_zone_is_required() {
        let a: Subnet = serde_json::from_str(Subnet::EXAMPLE).unwrap();
        assert_eq!(a.availability_zone, "eu-west-2a");
        assert!(serde_json::from_str::<Subnet>("{}").is_err());
    }
}
