//! `AWS::ApiGatewayV2::Integration`: an HTTP or WebSocket API's integration with its backend.
//!
//! The AWS Config resource schema (awslabs/aws-config-resource-schema) has no file for this
//! type; the AWS Config rule `apigatewayv2-integration-private-https-enabled` names the field it
//! reads `configuration.TlsConfig`, the CloudFormation resource's spelling, so the model reads
//! the CloudFormation names (`ApiId`, `IntegrationId`, `ConnectionType`, `TlsConfig`) first and
//! the API's (`apiId`, `integrationId`, `connectionType`, `tlsConfig`) second. The list adapter
//! writes the CloudFormation names.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// An API Gateway v2 integration. Every field is a [`Fact`]: unknown when the source did not
/// carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct V2Integration {
    /// `ApiId`: the API the integration belongs to.
    pub api_id: Fact<String>,
    /// `IntegrationId`.
    pub integration_id: Fact<String>,
    /// `ConnectionType`: `INTERNET` (the default) or `VPC_LINK` (a private integration).
    pub connection_type: Fact<String>,
    /// `IntegrationType`: `AWS_PROXY`, `HTTP_PROXY`, `HTTP`, `MOCK`, `AWS`.
    pub integration_type: Fact<String>,
    /// Whether `TlsConfig` is set (its `ServerNameToVerify` is configuration, not needed): an
    /// absent or `null` `TlsConfig` is `false`, but only when the item is known to be complete
    /// (it carries `ConnectionType`); otherwise unknown.
    pub has_tls_config: Fact<bool>,
    /// Tags: an integration has none.
    pub tags: Fact<Tags>,
}

impl V2Integration {
    /// Reads the integration from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let pascal = c.raw("ConnectionType").is_some() || c.raw("ApiId").is_some();
        let key = |p: &'static str, camel: &'static str| if pascal { p } else { camel };
        let connection_type = c.str_fact(key("ConnectionType", "connectionType"))?;
        let tls = key("TlsConfig", "tlsConfig");
        let has_tls_config = match c.raw(tls) {
            Some(serde_json::Value::Object(o)) => Fact::Known(!o.is_empty()),
            Some(serde_json::Value::Null) | None if connection_type.is_known() => {
                Fact::Known(false)
            }
            Some(serde_json::Value::Null) | None => Fact::Unknown,
            Some(other) => c.tolerate::<bool>(Err(InputError::invalid(
                crate::json::join(c.path(), tls),
                "an object",
                crate::json::kind_of(other),
            )))?,
        };
        Ok(V2Integration {
            api_id: c.str_fact(key("ApiId", "apiId"))?,
            integration_id: c.str_fact(key("IntegrationId", "integrationId"))?,
            connection_type,
            integration_type: c.str_fact(key("IntegrationType", "integrationType"))?,
            has_tls_config,
            tags: Fact::Known(Tags::default()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_cloudformation_and_the_api_spellings_are_read() {
        let v = json!({"ApiId": "a1", "IntegrationId": "i1", "ConnectionType": "VPC_LINK",
                       "TlsConfig": {"ServerNameToVerify": "orders.internal"}});
        let i = V2Integration::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(i.connection_type, Fact::Known("VPC_LINK".into()));
        assert_eq!(i.has_tls_config, Fact::Known(true));
        let v = json!({"apiId": "a1", "connectionType": "VPC_LINK"});
        let i = V2Integration::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(i.api_id, Fact::Known("a1".into()));
        assert_eq!(i.has_tls_config, Fact::Known(false));
    }

    #[test]
    fn without_the_connection_type_a_missing_tls_config_is_unknown() {
        let v = json!({"IntegrationId": "i1"});
        let i = V2Integration::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(i.has_tls_config, Fact::Unknown);
        assert_eq!(i.connection_type, Fact::Unknown);
    }
}
