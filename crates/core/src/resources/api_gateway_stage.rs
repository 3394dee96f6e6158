//! `AWS::ApiGateway::Stage`: a REST API stage, from the AWS Config item's configuration (the AWS
//! Config resource schema's names: `stageName`, `clientCertificateId`, `tracingEnabled`,
//! `webAclArn`, `cacheClusterEnabled`, `accessLogSettings.destinationArn`) and its
//! `methodSettings` map (`"*/*"` or `"resource/METHOD"` → `loggingLevel`, `cachingEnabled`,
//! `cacheDataEncrypted`, `throttlingRateLimit`, `throttlingBurstLimit`, as `GetStage` returns
//! it) and `variables` (the stage variables); the schema lists no map keys, so these two maps are
//! absent from its property list.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::{join, kind_of, Obj};
use crate::resource::Tags;
use crate::secrets::NamedValues;
use serde_json::Value;

/// A REST API stage. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestStage {
    /// `stageName`.
    pub stage_name: Fact<String>,
    /// `clientCertificateId`: known `None` when a described stage has none.
    pub client_certificate_id: Fact<Option<String>>,
    /// `tracingEnabled` (X-Ray).
    pub tracing_enabled: Fact<bool>,
    /// `webAclArn`: known `None` when a described stage has no WAF web ACL.
    pub web_acl_arn: Fact<Option<String>>,
    /// `cacheClusterEnabled`.
    pub cache_cluster_enabled: Fact<bool>,
    /// `methodSettings`, by method path (`*/*` for the stage's defaults).
    pub method_settings: Fact<Vec<(String, MethodSetting)>>,
    /// `variables`, the stage variables (values may be secrets: `Debug` shows names only).
    pub variables: Fact<NamedValues>,
    /// The id of the REST API the stage belongs to, from the item's ARN
    /// (`arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>`; the configuration does
    /// not carry it), filled by [`crate::resource::Resource::fill_from_arn`].
    pub rest_api_id: Fact<String>,
    /// Tags, from the Config item's `tags`.
    pub tags: Fact<Tags>,
}

/// One entry of a stage's `methodSettings`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MethodSetting {
    /// `loggingLevel`: `OFF`, `ERROR` or `INFO`.
    pub logging_level: Option<String>,
    /// `cachingEnabled`.
    pub caching_enabled: Option<bool>,
    /// `cacheDataEncrypted`.
    pub cache_data_encrypted: Option<bool>,
    /// `throttlingRateLimit` (requests per second).
    pub throttling_rate_limit: Option<f64>,
    /// `throttlingBurstLimit`.
    pub throttling_burst_limit: Option<i64>,
}

impl RestStage {
    /// Reads the stage from its configuration object.
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let described = c.raw("stageName").is_some();
        let optional = |key: &str| -> Result<Fact<Option<String>>, InputError> {
            Ok(match (c.opt_str(key)?, described) {
                (Some(v), _) if !v.is_empty() => Fact::Known(Some(v.to_string())),
                (_, true) => Fact::Known(None),
                (_, false) => Fact::Unknown,
            })
        };
        Ok(RestStage {
            stage_name: c.str_fact("stageName")?,
            client_certificate_id: c.tolerate(optional("clientCertificateId"))?,
            tracing_enabled: c.bool_fact("tracingEnabled")?,
            web_acl_arn: c.tolerate(optional("webAclArn"))?,
            cache_cluster_enabled: c.bool_fact("cacheClusterEnabled")?,
            method_settings: method_settings(c)?,
            variables: c.field(|| {
                Ok(match c.raw("variables") {
                    Some(v) => {
                        Fact::Known(NamedValues::from_json(v, &join(c.path(), "variables"))?)
                    }
                    None if described => Fact::Known(NamedValues::default()),
                    None => Fact::Unknown,
                })
            })?,
            rest_api_id: Fact::Unknown,
            tags: Fact::Unknown,
        })
    }
}

fn method_settings(c: Obj<'_>) -> Result<Fact<Vec<(String, MethodSetting)>>, InputError> {
    c.tolerate(read_method_settings(c))
}

fn read_method_settings(c: Obj<'_>) -> Result<Fact<Vec<(String, MethodSetting)>>, InputError> {
    let Some(value) = c.raw("methodSettings") else {
        return Ok(Fact::Unknown);
    };
    let path = join(c.path(), "methodSettings");
    let Value::Object(map) = value else {
        return Err(InputError::invalid(
            path,
            "an object of method settings",
            kind_of(value),
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (method, setting) in map {
        let setting_path = join(&path, method);
        let s = Obj::new(setting, &setting_path)?;
        let rate = match s.raw("throttlingRateLimit") {
            None => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                return Err(InputError::invalid(
                    join(&setting_path, "throttlingRateLimit"),
                    "a number",
                    kind_of(other),
                ))
            }
        };
        out.push((
            method.clone(),
            MethodSetting {
                logging_level: s.opt_str("loggingLevel")?.map(str::to_string),
                caching_enabled: s.bool_fact("cachingEnabled")?.get().copied(),
                cache_data_encrypted: s.bool_fact("cacheDataEncrypted")?.get().copied(),
                throttling_rate_limit: rate,
                throttling_burst_limit: s.i64_fact("throttlingBurstLimit")?.get().copied(),
            },
        ));
    }
    Ok(Fact::Known(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_described_stage_knows_what_it_lacks() {
        let v = json!({"stageName": "prod", "tracingEnabled": false, "cacheClusterEnabled": false,
                       "methodSettings": {"*/*": {"loggingLevel": "INFO", "cachingEnabled": false,
                       "cacheDataEncrypted": false, "throttlingRateLimit": 100.0, "throttlingBurstLimit": 50}}});
        let s = RestStage::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(s.client_certificate_id, Fact::Known(None));
        assert_eq!(s.web_acl_arn, Fact::Known(None));
        let settings = s.method_settings.get().unwrap();
        assert_eq!(settings[0].0, "*/*");
        assert_eq!(settings[0].1.logging_level.as_deref(), Some("INFO"));
        assert_eq!(settings[0].1.throttling_burst_limit, Some(50));
    }

    #[test]
    fn a_partial_stage_is_unknown() {
        let v = json!({"tracingEnabled": true});
        let s = RestStage::parse(Obj::new(&v, "c").unwrap()).unwrap();
        assert_eq!(s.web_acl_arn, Fact::Unknown);
        assert_eq!(s.method_settings, Fact::Unknown);
    }
}
