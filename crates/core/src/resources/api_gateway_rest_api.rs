//! `AWS::ApiGateway::RestApi`: a REST API, from the AWS Config item's configuration (the AWS
//! Config resource schema's names: `id`, `name`, `endpointConfiguration.types`,
//! `apiKeySource`). The item carries neither the API's resource policy nor its methods: the
//! rules ask for the `apigateway.rest-api` and `apigateway.methods` lookups.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// A REST API. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestApi {
    /// `id`, e.g. `a1b2c3d4e5`.
    pub id: Fact<String>,
    /// `name`.
    pub name: Fact<String>,
    /// `endpointConfiguration.types`: `EDGE`, `REGIONAL` or `PRIVATE`.
    pub endpoint_types: Fact<Vec<String>>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl RestApi {
    /// Reads the API from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let path = join(c.path(), "endpointConfiguration");
        let endpoint_types = c.field(|| {
            Ok(match c.opt_obj("endpointConfiguration", &path)? {
                None => Fact::Unknown,
                Some(e) => match e.raw("types") {
                    None => Fact::Unknown,
                    Some(Value::Array(items)) => Fact::Known(
                        items
                            .iter()
                            .map(|t| match t {
                                Value::String(s) => Ok(s.clone()),
                                other => Err(InputError::invalid(
                                    join(&path, "types"),
                                    "a list of strings",
                                    kind_of(other),
                                )),
                            })
                            .collect::<Result<_, _>>()?,
                    ),
                    Some(other) => {
                        return Err(InputError::invalid(
                            join(&path, "types"),
                            "a list",
                            kind_of(other),
                        ))
                    }
                },
            })
        })?;
        Ok(RestApi {
            id: c.str_fact("id")?,
            name: c.str_fact("name")?,
            endpoint_types,
            tags: Fact::Unknown,
        })
    }

    /// Whether the API is private (reachable only through interface VPC endpoints).
    pub fn is_private(&self) -> Fact<bool> {
        self.endpoint_types
            .clone()
            .map(|types| types.iter().any(|t| t == "PRIVATE"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn endpoint_types_are_read() {
        let v = json!({"id": "a1b2c3d4e5", "name": "orders", "endpointConfiguration": {"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-1"]}});
        let api = RestApi::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(api.is_private(), Fact::Known(true));
        let v = json!({"id": "a1b2c3d4e5"});
        let api = RestApi::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(api.is_private(), Fact::Unknown);
    }
}
