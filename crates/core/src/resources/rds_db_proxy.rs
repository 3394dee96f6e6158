//! `AWS::RDS::DBProxy`: an RDS Proxy, from the shape CloudTrail's `responseElements` use for the
//! RDS API's `DBProxy` data type (the API member names with the first letter lower-cased:
//! `dBProxyName`, `dBProxyArn`, `requireTLS`, `debugLogging`, `auth[].iAMAuth`, as RDS writes
//! `dBInstanceIdentifier`). The describe adapter (`DescribeDBProxies`) writes the same shape.
//!
//! AWS Config does not record DB proxies (the type is absent from Config's `ResourceType` list
//! and from the AWS Config resource schema; the managed rule `rds-proxy-tls-encryption` is
//! periodic), so proxies reach Vigil only through CloudTrail calls and the describe call. See
//! [`crate::resources::CLOUDTRAIL_ONLY`].
//!
//! `CreateDBProxy`'s result wraps the proxy in `DBProxy`; the parser reads either the proxy
//! itself or a `dBProxy` wrapper, so both the wrapped and the flattened (as RDS logs
//! `CreateDBInstance`) forms of `responseElements` parse.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// One of the proxy's `auth` entries (`UserAuthConfigInfo`): how clients authenticate. Secret
/// ARNs and user names are not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyAuth {
    /// `authScheme`, e.g. `SECRETS`.
    pub auth_scheme: Option<String>,
    /// `iAMAuth`: `DISABLED`, `REQUIRED` or `ENABLED`.
    pub iam_auth: Option<String>,
}

/// An RDS DB proxy. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DbProxy {
    /// `dBProxyName`.
    pub name: Fact<String>,
    /// `dBProxyArn`.
    pub arn: Fact<String>,
    /// `engineFamily`: `MYSQL`, `POSTGRESQL` or `SQLSERVER`.
    pub engine_family: Fact<String>,
    /// `status`, e.g. `available`, `creating`, `deleting`.
    pub status: Fact<String>,
    /// `requireTLS`: whether connections to the proxy must use TLS.
    pub require_tls: Fact<bool>,
    /// `debugLogging`: whether the proxy logs SQL statement text.
    pub debug_logging: Fact<bool>,
    /// `idleClientTimeout` in seconds.
    pub idle_client_timeout: Fact<i64>,
    /// `vpcId`.
    pub vpc_id: Fact<String>,
    /// `auth`: the proxy's authentication entries.
    pub auth: Fact<Vec<ProxyAuth>>,
    /// Tags. Neither `DescribeDBProxies` nor the call's response carries them, so they are
    /// unknown unless a source adds them.
    pub tags: Fact<Tags>,
}

impl DbProxy {
    /// Reads the proxy from its description (or a `{"dBProxy": {...}}` wrapper).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let path = crate::json::join(c.path(), "dBProxy");
        let c = match c.opt_root("dBProxy", &path)? {
            Some(inner) => inner,
            None => c,
        };
        Ok(DbProxy {
            name: c.str_fact("dBProxyName")?,
            arn: c.str_fact("dBProxyArn")?,
            engine_family: c.str_fact("engineFamily")?,
            status: c.str_fact("status")?,
            require_tls: c.bool_fact("requireTLS")?,
            debug_logging: c.bool_fact("debugLogging")?,
            idle_client_timeout: c.i64_fact("idleClientTimeout")?,
            vpc_id: c.str_fact("vpcId")?,
            auth: auth(c)?,
            tags: Fact::Unknown,
        })
    }
}

/// `auth`: unknown when absent.
fn auth(c: Obj<'_>) -> Result<Fact<Vec<ProxyAuth>>, InputError> {
    c.tolerate(read_auth(c))
}

fn read_auth(c: Obj<'_>) -> Result<Fact<Vec<ProxyAuth>>, InputError> {
    let key = "auth";
    let Some((items, path)) = c.opt_array(key, "a list of authentication entries")? else {
        return Ok(Fact::Unknown);
    };
    let mut out = Vec::new();
    for item in items {
        let entry = Obj::new(item, &path)?;
        out.push(ProxyAuth {
            auth_scheme: entry.opt_str("authScheme")?.map(str::to_string),
            iam_auth: entry.opt_str("iAMAuth")?.map(str::to_string),
        });
    }
    Ok(Fact::Known(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn described() -> serde_json::Value {
        json!({
            "dBProxyName": "orders-proxy",
            "dBProxyArn": "arn:aws:rds:eu-west-2:123456789012:db-proxy:prx-0123456789abcdef0",
            "status": "creating",
            "engineFamily": "POSTGRESQL",
            "vpcId": "vpc-0abc1234def567890",
            "vpcSecurityGroupIds": ["sg-0123456789abcdef0"],
            "vpcSubnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a60798"],
            "auth": [{
                "authScheme": "SECRETS",
                "secretArn": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:orders-db-AbCdEf",
                "iAMAuth": "DISABLED",
                "clientPasswordAuthType": "POSTGRES_SCRAM_SHA_256"
            }],
            "roleArn": "arn:aws:iam::123456789012:role/orders-proxy-secrets",
            "endpoint": "orders-proxy.proxy-c1a2b3c4d5e6.eu-west-2.rds.amazonaws.com",
            "requireTLS": true,
            "idleClientTimeout": 1800,
            "debugLogging": false
        })
    }

    #[test]
    fn a_description_is_read_flat_or_wrapped() {
        let flat = described();
        let wrapped = json!({ "dBProxy": described() });
        for v in [flat, wrapped] {
            let p = DbProxy::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
            assert_eq!(p.name, Fact::Known("orders-proxy".into()));
            assert_eq!(p.require_tls, Fact::Known(true));
            assert_eq!(p.debug_logging, Fact::Known(false));
            assert_eq!(
                p.auth,
                Fact::Known(vec![ProxyAuth {
                    auth_scheme: Some("SECRETS".into()),
                    iam_auth: Some("DISABLED".into())
                }])
            );
            assert_eq!(p.tags, Fact::Unknown);
        }
    }

    #[test]
    fn missing_fields_are_unknown_and_wrong_types_are_errors() {
        let v = json!({"dBProxyName": "orders-proxy"});
        let p = DbProxy::parse(Obj::new(&v, "configuration").unwrap()).unwrap();
        assert_eq!(p.require_tls, Fact::Unknown);
        assert_eq!(p.auth, Fact::Unknown);

        let bad = json!({"requireTLS": "yes"});
        let err = DbProxy::parse(Obj::new(&bad, "configuration").unwrap()).unwrap_err();
        assert!(err.to_string().contains("requireTLS"), "{err}");
        let bad = json!({"auth": {"iAMAuth": "REQUIRED"}});
        assert!(DbProxy::parse(Obj::new(&bad, "configuration").unwrap()).is_err());
    }
}
