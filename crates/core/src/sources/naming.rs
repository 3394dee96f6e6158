//! How a CloudTrail call names the resource it acts on, read from the call as its kind
//! descriptor's [`Naming`](crate::kinds::Naming) says: the places in `requestParameters`,
//! `responseElements` and `userIdentity` that hold the name, the parent's id, the ARN and the
//! resource id.

use crate::error::InputError;
use crate::json::{join, kind_of, Obj};
use crate::kinds::{BuiltArn, CallSpec, Place};
use crate::resource::{partition_of, ResourceRef, ResourceType};
use serde_json::Value;

/// A JSON object in the call, with its path for errors.
#[derive(Clone, Copy)]
pub(super) struct Root<'v> {
    pub(super) value: &'v Value,
    path: &'static str,
    prefix: Option<&'static str>,
}

impl Root<'_> {
    /// The path of this object in the event, for errors.
    pub(super) fn path(&self) -> String {
        match self.prefix {
            Some(prefix) => join(self.path, prefix),
            None => self.path.to_string(),
        }
    }
}

/// The parts of a call that can name its resource.
#[derive(Clone, Copy)]
pub(super) struct CallParts<'v> {
    request: Option<Root<'v>>,
    /// The resource as the response describes it: the naming's wrapper member, or the response.
    pub(super) described: Option<Root<'v>>,
    identity: Option<Root<'v>>,
}

impl<'v> CallParts<'v> {
    /// The call's parts, as `wrapper` (the naming's) says the response holds the resource.
    pub(super) fn of(d: Obj<'v>, wrapper: Option<&'static str>) -> Result<Self, InputError> {
        let root = |key: &str, path: &'static str| {
            d.raw(key).map(|value| Root {
                value,
                path,
                prefix: None,
            })
        };
        let request = root("requestParameters", "detail.requestParameters");
        let response = root("responseElements", "detail.responseElements");
        let described = match (response, wrapper) {
            (Some(r), Some(wrapper)) => match r.value.get(wrapper) {
                None | Some(Value::Null) => Some(r),
                Some(Value::Object(_)) => Some(Root {
                    value: &r.value[wrapper],
                    path: r.path,
                    prefix: Some(wrapper),
                }),
                Some(other) => {
                    return Err(InputError::invalid(
                        join(r.path, wrapper),
                        "a JSON object",
                        kind_of(other),
                    ))
                }
            },
            (response, _) => response,
        };
        Ok(CallParts {
            request,
            described,
            identity: root("userIdentity", "detail.userIdentity"),
        })
    }

    /// The string at `place`, if the call has one there.
    pub(super) fn find(&self, place: &Place) -> Result<Option<&'v str>, InputError> {
        match *place {
            Place::Response(path) => string_at(self.described, path),
            Place::Request(path) => string_at(self.request, path),
            Place::Caller {
                identity_type,
                field,
            } => match string_at(self.identity, &["type"])? {
                Some(t) if t == identity_type => string_at(self.identity, &[field]),
                _ => Ok(None),
            },
        }
    }

    /// How many resources the call names at the first of `places` that names several (a list
    /// of more than one where a name is looked for): one event is one observation, so such a
    /// call is reported, not misread.
    pub(super) fn several(&self, places: &[Place]) -> Option<usize> {
        places.iter().find_map(|place| {
            let (root, path) = match place {
                Place::Response(path) => (self.described?, *path),
                Place::Request(path) => (self.request?, *path),
                Place::Caller { .. } => return None,
            };
            let mut value = root.value;
            for key in path {
                match value {
                    Value::Array(items) if items.len() > 1 => return Some(items.len()),
                    Value::Array(items) => value = items.first()?.get(*key)?,
                    other => value = other.get(*key)?,
                }
            }
            match value {
                Value::Array(items) if items.len() > 1 => Some(items.len()),
                _ => None,
            }
        })
    }

    fn first(&self, places: &[Place]) -> Result<Option<&'v str>, InputError> {
        for place in places {
            if let Some(found) = self.find(place)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}

/// Names the resource as its call's [naming](crate::kinds::Naming) says: its name from the
/// first place that has it, its ARN and id from the call where it carries them, else built
/// from the name (and the parent's id). A name that is an ARN gives the ARN, and its last part
/// the name. The flag says whether the ARN is the real one (a DB proxy's ARN cannot be built
/// from its name).
pub(super) fn resource_ref(
    spec: CallSpec,
    parts: &CallParts<'_>,
    account: &str,
    region: &str,
) -> Result<(ResourceRef, bool), InputError> {
    let naming = spec.call.naming;
    let Some(found) = parts.first(naming.name)? else {
        return Err(unnamed(spec, naming.name, "the"));
    };
    let (name, arn_in_name) = match found.strip_prefix("arn:") {
        Some(_) => (name_in_arn(found), Some(found)),
        None => (found, None),
    };
    let parent = if naming.parent.is_empty() {
        None
    } else {
        match parts.first(naming.parent)? {
            Some(p) => Some(p),
            None => return Err(unnamed(spec, naming.parent, "the parent of the")),
        }
    };
    let carried = naming.arn.as_ref().map(|p| parts.find(p)).transpose()?;
    let (arn, arn_known) = match carried.flatten().or(arn_in_name) {
        Some(arn) => (arn.to_string(), true),
        None => (
            naming.build_arn(partition_of(region), region, account, name, parent),
            naming.built_arn == BuiltArn::Real,
        ),
    };
    let id = naming
        .id
        .as_ref()
        .map(|p| parts.find(p))
        .transpose()?
        .flatten()
        .unwrap_or(name);
    let resource = ResourceRef {
        resource_type: ResourceType(spec.kind.type_name.to_string()),
        id: id.to_string(),
        name: Some(name.to_string()),
        arn,
        account: account.to_string(),
        region: region.to_string(),
    };
    Ok((resource, arn_known))
}

/// The resource's name in its ARN: the resource part after its type (`function:orders-api`,
/// `key/1234…`, `table/customers`, `secret:prod/db-AbCdEf`); for IAM, whose names follow a
/// path, the last segment (`policy/teams/orders-read`).
pub(crate) fn name_in_arn(arn: &str) -> &str {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, _, resource] = fields[..] else {
        return arn;
    };
    if service == "iam" {
        return resource.rsplit('/').next().unwrap_or(resource);
    }
    match resource.find([':', '/']) {
        Some(i) if i + 1 < resource.len() => {
            let rest = &resource[i + 1..];
            // A Lambda ARN may end in a version or alias qualifier.
            if service == "lambda" {
                rest.split(':').next().unwrap_or(rest)
            } else {
                rest
            }
        }
        _ => resource,
    }
}

/// The string at `path` under `root`: `None` when a step is absent or null, an error naming
/// the place when a step is not an object or the value not a string.
fn string_at<'v>(root: Option<Root<'v>>, path: &[&str]) -> Result<Option<&'v str>, InputError> {
    let Some(root) = root else {
        return Ok(None);
    };
    let mut at = match root.prefix {
        Some(prefix) => join(root.path, prefix),
        None => root.path.to_string(),
    };
    let mut value = root.value;
    for key in path {
        // A list of one names its one member (EC2 writes `DeleteVpcEndpoints`' ids as a list);
        // a longer one is caught by `CallParts::several` before naming.
        if let Value::Array(items) = value {
            if let [only] = items.as_slice() {
                value = only;
            }
        }
        let Value::Object(map) = value else {
            return Err(InputError::invalid(at, "a JSON object", kind_of(value)));
        };
        at = join(&at, key);
        value = match map.get(*key) {
            None | Some(Value::Null) => return Ok(None),
            Some(v) => v,
        };
    }
    match value {
        Value::String(s) => Ok(Some(s)),
        other => Err(InputError::invalid(at, "a string", kind_of(other))),
    }
}

/// The error for a call that names its resource (or its parent) nowhere its naming looks.
fn unnamed(spec: CallSpec, places: &[Place], what: &str) -> InputError {
    let naming = spec.call.naming;
    let listed: Vec<String> = places
        .iter()
        .map(|place| match *place {
            Place::Response(path) => match naming.wrapper {
                Some(w) => format!("responseElements[.{w}].{}", path.join(".")),
                None => format!("responseElements.{}", path.join(".")),
            },
            Place::Request(path) => format!("requestParameters.{}", path.join(".")),
            Place::Caller {
                identity_type,
                field,
            } => format!("userIdentity.{field} of an {identity_type} caller"),
        })
        .collect();
    let path = places
        .iter()
        .find_map(|place| match place {
            Place::Request(path) => Some(format!("detail.requestParameters.{}", path.join("."))),
            _ => None,
        })
        .unwrap_or_else(|| "detail.requestParameters".to_string());
    InputError::missing(
        path,
        format!(
            "{what} {} the call acts on ({})",
            spec.kind.noun,
            listed.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::name_in_arn;

    #[test]
    fn a_name_is_read_from_each_services_arn() {
        for (arn, name) in [
            (
                "arn:aws:lambda:eu-west-2:123456789012:function:orders-api",
                "orders-api",
            ),
            (
                "arn:aws:lambda:eu-west-2:123456789012:function:orders-api:live",
                "orders-api",
            ),
            (
                "arn:aws:iam::123456789012:policy/teams/orders-read",
                "orders-read",
            ),
            ("arn:aws:iam::123456789012:role/DevOps", "DevOps"),
            (
                "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "arn:aws:dynamodb:eu-west-2:123456789012:table/customers",
                "customers",
            ),
            (
                "arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/orders-db-AbCdEf",
                "prod/orders-db-AbCdEf",
            ),
            ("arn:aws", "arn:aws"),
        ] {
            assert_eq!(name_in_arn(arn), name, "{arn}");
        }
    }
}
