//! `AWS::ApiGatewayV2::Api`: an HTTP or WebSocket API, from the AWS Config item's configuration
//! (the AWS Config resource schema's names: `apiId`, `name`, `protocolType`). Its routes are not
//! in the item: the route rules ask for the `apigatewayv2.routes` lookup.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// An API Gateway v2 API. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct V2Api {
    /// `apiId`.
    pub api_id: Fact<String>,
    /// `name`.
    pub name: Fact<String>,
    /// `protocolType`: `HTTP` or `WEBSOCKET`.
    pub protocol_type: Fact<String>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

impl V2Api {
    /// Reads the API from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        Ok(V2Api {
            api_id: c.str_fact("apiId")?,
            name: c.str_fact("name")?,
            protocol_type: c.str_fact("protocolType")?,
            tags: Fact::Unknown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_api_is_read() {
        let v = json!({"apiId": "k1l2m3n4o5", "name": "orders-http", "protocolType": "HTTP"});
        let api = V2Api::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(api.protocol_type, Fact::Known("HTTP".into()));
        let v = json!({});
        assert_eq!(
            V2Api::parse(Obj::new(&v, "c").unwrap()).unwrap().api_id,
            Fact::Unknown
        );
    }
}
