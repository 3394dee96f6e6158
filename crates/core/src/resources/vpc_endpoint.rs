//! `AWS::EC2::VPCEndpoint`: a VPC endpoint, from the AWS Config item's configuration (the AWS
//! Config resource schema's names: `vpcEndpointId`, `vpcEndpointType`, `serviceName`, `vpcId`,
//! `subnetIds`, `routeTableIds`, `privateDnsEnabled`, `state.value`) and, where the source
//! carries it, `policyDocument` (the EC2 API's field: the endpoint policy as JSON text; the
//! schema does not list it). The policy is kept as text for the IAM policy engine: Vigil does
//! not judge it here.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// A VPC endpoint. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VpcEndpoint {
    /// `vpcEndpointId`, e.g. `vpce-0a1b2c3d4e5f60718`.
    pub id: Fact<String>,
    /// `vpcEndpointType`: `Interface`, `Gateway` or `GatewayLoadBalancer`.
    pub endpoint_type: Fact<String>,
    /// `serviceName`, e.g. `com.amazonaws.eu-west-2.dynamodb`.
    pub service_name: Fact<String>,
    /// `vpcId`.
    pub vpc_id: Fact<String>,
    /// `subnetIds` (interface endpoints).
    pub subnet_ids: Fact<Vec<String>>,
    /// `routeTableIds` (gateway endpoints).
    pub route_table_ids: Fact<Vec<String>>,
    /// `policyDocument`, the endpoint policy's JSON text, where the source carried it.
    pub policy_document: Fact<String>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl VpcEndpoint {
    /// Reads the endpoint from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(VpcEndpoint {
            id: c.str_fact("vpcEndpointId")?,
            endpoint_type: c.str_fact("vpcEndpointType")?,
            service_name: c.str_fact("serviceName")?,
            vpc_id: c.str_fact("vpcId")?,
            subnet_ids: strings(c, "subnetIds")?,
            route_table_ids: strings(c, "routeTableIds")?,
            policy_document: c.str_fact("policyDocument")?,
            tags: Fact::Unknown,
        })
    }

    /// Whether it is an interface endpoint (network interfaces in subnets).
    pub fn is_interface(&self) -> Fact<bool> {
        self.endpoint_type
            .clone()
            .map(|t| t.eq_ignore_ascii_case("Interface"))
    }
}

fn strings(c: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    c.tolerate(read_strings(c, key))
}

fn read_strings(c: Obj<'_>, key: &str) -> Result<Fact<Vec<String>>, InputError> {
    match c.raw(key) {
        None => Ok(Fact::Unknown),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(InputError::invalid(
                    format!("{}[{i}]", join(c.path(), key)),
                    "a string",
                    kind_of(other),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Fact::Known),
        Some(other) => Err(InputError::invalid(
            join(c.path(), key),
            "a list",
            kind_of(other),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_interface_endpoint_is_read() {
        let v = json!({"vpcEndpointId": "vpce-1", "vpcEndpointType": "Interface", "serviceName": "com.amazonaws.eu-west-2.secretsmanager",
                       "subnetIds": ["subnet-a", "subnet-b"], "routeTableIds": [], "policyDocument": "{\"Statement\":[]}"});
        let e = VpcEndpoint::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(e.is_interface(), Fact::Known(true));
        assert_eq!(e.subnet_ids.get().map(Vec::len), Some(2));
        assert!(e.policy_document.is_known());
    }

    #[test]
    fn a_wrongly_typed_list_names_its_place() {
        let v = json!({"subnetIds": "subnet-a"});
        let err = VpcEndpoint::parse(Obj::new(&v, "configuration").unwrap()).unwrap_err();
        assert!(err.to_string().contains("configuration.subnetIds"), "{err}");
    }
}
