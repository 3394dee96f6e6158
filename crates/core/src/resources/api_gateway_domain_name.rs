//! `AWS::ApiGateway::DomainName`: an API Gateway custom domain name, in the shape of API
//! Gateway's `GetDomainName` / `CreateDomainName` response (the REST API reference's `DomainName`
//! resource: `domainName`, `securityPolicy`, `endpointConfiguration.types`, `domainNameStatus`,
//! `tags`).
//!
//! AWS Config does not record this type (it is not in the AWS Config resource schema), so it
//! reaches Vigil only through CloudTrail (`CreateDomainName`, `UpdateDomainName`,
//! `DeleteDomainName`) and the Lambda's `GetDomainName` describe call
//! ([`crate::resources::CLOUDTRAIL_ONLY`]).
//!
//! Custom domain names are shared by REST, HTTP and WebSocket APIs: `GetDomainName` of the REST
//! API returns domains created through the v2 API as well, with their security policy. A v2
//! `CreateDomainName` / `UpdateDomainName` response (API Gateway v2 `DomainName`) carries the
//! policy per endpoint in `domainNameConfigurations[].securityPolicy` instead; both are read.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use serde_json::Value;

/// A custom domain name. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DomainName {
    /// `domainName`, e.g. `api.example.com`.
    pub domain_name: Fact<String>,
    /// The security policies: `securityPolicy` (`TLS_1_0`, `TLS_1_2` or an enhanced
    /// `SecurityPolicy_...`), or each v2 `domainNameConfigurations[].securityPolicy`.
    pub security_policies: Fact<Vec<String>>,
    /// `endpointConfiguration.types`: `EDGE`, `REGIONAL` or `PRIVATE`.
    pub endpoint_types: Fact<Vec<String>>,
    /// `tags`.
    pub tags: Fact<Tags>,
}

impl DomainName {
    /// Reads the domain name from a `GetDomainName`-shaped object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let endpoint_path = join(c.path(), "endpointConfiguration");
        let endpoint_types = c.field(|| {
            Ok(match c.opt_obj("endpointConfiguration", &endpoint_path)? {
                Some(e) => match e.raw("types") {
                    Some(Value::Array(items)) => {
                        let mut types = Vec::with_capacity(items.len());
                        for item in items {
                            match item {
                                Value::String(t) => types.push(t.clone()),
                                other => {
                                    return Err(InputError::invalid(
                                        join(&endpoint_path, "types"),
                                        "an array of strings",
                                        format!("an array holding {}", kind_of(other)),
                                    ))
                                }
                            }
                        }
                        Fact::Known(types)
                    }
                    Some(other) => {
                        return Err(InputError::invalid(
                            join(&endpoint_path, "types"),
                            "an array of strings",
                            kind_of(other),
                        ))
                    }
                    None => Fact::Unknown,
                },
                None => Fact::Unknown,
            })
        })?;
        let tags = c.field(|| {
            Ok(match c.raw("tags") {
                Some(Value::Object(map)) => {
                    let mut tags = Tags::new();
                    for (k, v) in map {
                        match v {
                            Value::String(s) => {
                                tags.insert(k.clone(), s.clone());
                            }
                            other => {
                                return Err(InputError::invalid(
                                    join(&join(c.path(), "tags"), k),
                                    "a string",
                                    kind_of(other),
                                ))
                            }
                        }
                    }
                    Fact::Known(tags)
                }
                Some(other) => {
                    return Err(InputError::invalid(
                        join(c.path(), "tags"),
                        "an object of tags",
                        kind_of(other),
                    ))
                }
                None => Fact::Unknown,
            })
        })?;
        let security_policies = c.field(|| {
            Ok(match c.opt_str("securityPolicy")? {
                Some(policy) => Fact::Known(vec![policy.to_string()]),
                None => v2_policies(c)?,
            })
        })?;
        Ok(DomainName {
            domain_name: c.str_fact("domainName")?,
            security_policies,
            endpoint_types,
            tags,
        })
    }
}

/// `domainNameConfigurations[].securityPolicy` (API Gateway v2): unknown when absent or when
/// any configuration does not carry its policy.
fn v2_policies(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    c.tolerate(read_v2_policies(c))
}

fn read_v2_policies(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    let path = join(c.path(), "domainNameConfigurations");
    let items = match c.raw("domainNameConfigurations") {
        None => return Ok(Fact::Unknown),
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => return Ok(Fact::Unknown),
        Some(other) => {
            return Err(InputError::invalid(
                path,
                "an array of domain name configurations",
                kind_of(other),
            ))
        }
    };
    let mut policies = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = join(&path, &i.to_string());
        match Obj::new(item, &item_path)?.opt_str("securityPolicy")? {
            Some(policy) => policies.push(policy.to_string()),
            None => return Ok(Fact::Unknown),
        }
    }
    Ok(Fact::Known(policies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_described_domain_is_read() {
        let v = json!({"domainName": "api.example.com", "securityPolicy": "TLS_1_0",
                       "regionalDomainName": "d-abc123.execute-api.eu-west-2.amazonaws.com",
                       "endpointConfiguration": {"types": ["REGIONAL"], "ipAddressType": "ipv4"},
                       "domainNameStatus": "AVAILABLE", "tags": {"Service": "orders"}});
        let d = DomainName::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(d.domain_name, Fact::Known("api.example.com".into()));
        assert_eq!(d.security_policies, Fact::Known(vec!["TLS_1_0".into()]));
        assert_eq!(d.endpoint_types, Fact::Known(vec!["REGIONAL".into()]));
        assert_eq!(d.tags.get().map(|t| t.len()), Some(1));
    }

    #[test]
    fn missing_fields_are_unknown_and_wrong_types_are_errors() {
        let v = json!({"domainName": "api.example.com"});
        let d = DomainName::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(d.security_policies, Fact::Unknown);
        assert_eq!(d.endpoint_types, Fact::Unknown);
        let bad =
            json!({"domainName": "api.example.com", "endpointConfiguration": {"types": "EDGE"}});
        let err = DomainName::parse(Obj::new(&bad, "c").unwrap()).unwrap_err();
        assert!(err.to_string().contains("endpointConfiguration"), "{err}");
        let bad = json!({"securityPolicy": 12});
        assert!(DomainName::parse(Obj::new(&bad, "c").unwrap()).is_err());
        let bad = json!({"domainNameConfigurations": {"securityPolicy": "TLS_1_2"}});
        assert!(DomainName::parse(Obj::new(&bad, "c").unwrap()).is_err());
    }

    #[test]
    fn a_v2_domain_reads_each_configuration_policy() {
        let v = json!({"domainName": "ws.example.com", "domainNameConfigurations": [
            {"endpointType": "REGIONAL", "securityPolicy": "TLS_1_2", "domainNameStatus": "AVAILABLE"}]});
        let d = DomainName::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(d.security_policies, Fact::Known(vec!["TLS_1_2".into()]));
        let v = json!({"domainName": "ws.example.com", "domainNameConfigurations": [{"endpointType": "REGIONAL"}]});
        let d = DomainName::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(d.security_policies, Fact::Unknown);
    }
}
