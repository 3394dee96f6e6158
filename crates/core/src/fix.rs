//! The exact fix for a failing finding: where to click in the console and which AWS CLI
//! command to run, as templates that are filled in for one resource ([`render`]).
//!
//! A template names what it needs in braces: `{region}`, `{account}`, `{partition}`, `{arn}`
//! and `{name}` (the resource's own identifier: the last part of its ARN after `:` or `/`) are
//! known for every resource; anything else a command needs comes from the resource's description and is
//! one of the closed set of [`Input`]s, which the rule lists in [`Fix::inputs`] (a test checks
//! that every placeholder of every catalogued fix is one of those). [`FixInputs::of`] reads
//! them from a resource; the decision stores them with its delivery intents, so the fix is
//! rendered at delivery from stored facts, like the rest of the finding.
//!
//! A value only the owner can choose (a KMS key, a log group, an address range) is written as
//! a shell variable named for it (`"$KMS_KEY_ARN"`), for the owner to set before running the
//! command: never a guess. An input the description did not carry stays visible as `<input>`
//! and is listed in [`RenderedFix::missing`]: never a silently wrong command. Inputs are
//! identifiers and permissions, never a configuration's values (environment or stage
//! variables), so a rendered fix carries no secret.

use crate::fact::Fact;
use crate::resource::{Resource, ResourceRef};
use crate::resources::security_group::{Permission, Protocol};
use crate::vocabulary::RuleMeta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How to fix a failing rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The console path, e.g. `RDS console > Databases > {name} > Modify > Connectivity >
    /// Public access: Not publicly accessible`.
    pub console: &'static str,
    /// The AWS CLI command, e.g. `aws rds modify-db-instance --region {region}
    /// --db-instance-identifier {name} --no-publicly-accessible --apply-immediately`. Several
    /// steps are separated by newlines, in the order they are run.
    pub command: &'static str,
    /// Downtime, cost or data loss the fix can cause, said plainly; `None` when there is none.
    pub caution: Option<&'static str>,
    /// The placeholders beyond the four every resource has, each filled from the resource's
    /// description.
    pub inputs: &'static [Input],
}

/// A value a fix needs beyond the resource's identity, read from its description. The set is
/// closed: a rule can only name an input a resource model supplies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// A REST API stage's API id (`restApiId`), placeholder `{rest_api_id}`.
    RestApiId,
    /// An HTTP or WebSocket API stage's or integration's API id (`apiId`), placeholder
    /// `{api_id}`.
    ApiId,
    /// An RDS proxy's name (its ARN ends in its resource id), placeholder `{proxy_name}`.
    ProxyName,
    /// AWS Config's configuration recorder's name, placeholder `{recorder_name}`.
    RecorderName,
    /// An RDS instance's DB parameter group (the first listed) or a cluster's DB cluster
    /// parameter group, placeholder `{parameter_group}`.
    ParameterGroup,
    /// A security group's inbound permissions open to the internet (`0.0.0.0/0`, `::/0`), as
    /// the JSON `--ip-permissions` takes, placeholder `{public_ingress}`.
    PublicIngress,
    /// The same, without TCP 80 and 443 (the ports Security Hub's EC2.18 authorizes by
    /// default), placeholder `{public_ingress_not_web}`.
    PublicIngressNotWeb,
    /// An RDS instance's or cluster's engine (`postgres`, `aurora-mysql`), placeholder
    /// `{engine}`.
    Engine,
    /// The log types RDS.9 requires for an instance's engine, as the JSON
    /// `--cloudwatch-logs-export-configuration` takes, placeholder `{log_exports}`.
    LogExports,
    /// The first trail that is not logging (Vigil's deployment), by ARN, placeholder
    /// `{trail_name}`.
    TrailName,
    /// That trail's home Region, where `StartLogging` must be called, placeholder
    /// `{trail_region}`.
    TrailRegion,
    /// The first of Vigil's EventBridge rules that exists and is disabled, placeholder
    /// `{event_rule}`.
    EventRule,
    /// Vigil's alert topic, placeholder `{alert_topic_arn}`.
    AlertTopicArn,
    /// Vigil's dead-letter queue, placeholder `{dead_letter_queue_url}`.
    DeadLetterQueueUrl,
    /// The first monitored Region where GuardDuty is not enabled (the account), placeholder
    /// `{guardduty_region}`.
    GuardDutyRegion,
    /// The first monitored Region that fails Config.1 (the account), placeholder
    /// `{config_region}`.
    ConfigRegion,
}

impl Input {
    /// Every input.
    pub const ALL: [Input; 16] = [
        Input::RestApiId,
        Input::ApiId,
        Input::ProxyName,
        Input::RecorderName,
        Input::ParameterGroup,
        Input::PublicIngress,
        Input::PublicIngressNotWeb,
        Input::Engine,
        Input::LogExports,
        Input::TrailName,
        Input::TrailRegion,
        Input::EventRule,
        Input::AlertTopicArn,
        Input::DeadLetterQueueUrl,
        Input::GuardDutyRegion,
        Input::ConfigRegion,
    ];

    /// Its placeholder's name, without braces.
    pub fn placeholder(self) -> &'static str {
        match self {
            Input::RestApiId => "rest_api_id",
            Input::ApiId => "api_id",
            Input::ProxyName => "proxy_name",
            Input::RecorderName => "recorder_name",
            Input::ParameterGroup => "parameter_group",
            Input::PublicIngress => "public_ingress",
            Input::PublicIngressNotWeb => "public_ingress_not_web",
            Input::Engine => "engine",
            Input::LogExports => "log_exports",
            Input::TrailName => "trail_name",
            Input::TrailRegion => "trail_region",
            Input::EventRule => "event_rule",
            Input::AlertTopicArn => "alert_topic_arn",
            Input::DeadLetterQueueUrl => "dead_letter_queue_url",
            Input::GuardDutyRegion => "guardduty_region",
            Input::ConfigRegion => "config_region",
        }
    }
}

/// The inputs one resource's description supplies, stored with the delivery intents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FixInputs(BTreeMap<Input, String>);

impl FixInputs {
    /// No inputs.
    pub fn none() -> Self {
        FixInputs::default()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of one input, if the description carried it.
    pub fn get(&self, input: Input) -> Option<&str> {
        self.0.get(&input).map(String::as_str)
    }

    /// With one input set (tests and literal resources).
    pub fn with(mut self, input: Input, value: impl Into<String>) -> Self {
        self.0.insert(input, value.into());
        self
    }

    /// The inputs a resource's description carries.
    pub fn of(resource: &Resource) -> Self {
        let mut out = FixInputs::none();
        let mut set = |input: Input, value: Option<&String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                out.0.insert(input, v.clone());
            }
        };
        match resource {
            Resource::RestStage(s) => set(Input::RestApiId, s.rest_api_id.get()),
            Resource::V2Stage(s) => set(Input::ApiId, s.api_id.get()),
            Resource::V2Integration(i) => set(Input::ApiId, i.api_id.get()),
            Resource::DbProxy(p) => set(Input::ProxyName, p.name.get()),
            Resource::ConfigRecorder(r) => set(Input::RecorderName, r.name.get()),
            Resource::DbInstance(db) => {
                set(
                    Input::ParameterGroup,
                    db.parameter_groups
                        .get()
                        .and_then(|g| g.first())
                        .map(|g| &g.name),
                );
                set(Input::Engine, db.engine.get());
                let logs = db
                    .engine
                    .get()
                    .and_then(|e| crate::rules::rds::instance_logging::required_logs(e))
                    .map(|logs| serde_json::json!({ "EnableLogTypes": logs }).to_string());
                set(Input::LogExports, logs.as_ref());
            }
            Resource::DbCluster(c) => {
                set(Input::ParameterGroup, c.parameter_group.get());
                set(Input::Engine, c.engine.get());
            }
            Resource::DbSnapshot(s) => set(Input::Engine, s.engine.get()),
            Resource::SecurityGroup(sg) => {
                if let Some(ingress) = sg.ingress.get() {
                    let all = public_permissions(ingress, |_| true);
                    let not_web = public_permissions(ingress, |p| !is_web(p));
                    set(Input::PublicIngress, all.as_ref());
                    set(Input::PublicIngressNotWeb, not_web.as_ref());
                }
            }
            Resource::Account(a) => {
                let region = crate::rules::guardduty::account::first_not_enabled(a);
                set(Input::GuardDutyRegion, region.as_ref());
                let region = crate::rules::account::config_enabled::first_failing(a);
                set(Input::ConfigRegion, region.as_ref());
            }
            Resource::Deployment(d) => {
                let stopped = d
                    .trails
                    .get()
                    .and_then(|ts| ts.iter().find(|t| t.logging == Fact::Known(false)));
                set(Input::TrailName, stopped.map(|t| &t.arn));
                let region = stopped.and_then(|t| {
                    t.home_region
                        .clone()
                        .or_else(|| t.arn.split(':').nth(3).map(str::to_string))
                });
                set(Input::TrailRegion, region.as_ref());
                let disabled = d
                    .event_rules
                    .get()
                    .and_then(|rs| rs.iter().find(|r| r.state.is_some() && !r.enabled()));
                set(Input::EventRule, disabled.map(|r| &r.name));
                set(Input::AlertTopicArn, d.alert_topic_arn.get());
                set(Input::DeadLetterQueueUrl, d.dead_letter_queue_url.get());
            }
            _ => {}
        }
        out
    }
}

/// TCP 80 or 443 exactly.
fn is_web(p: &Permission) -> bool {
    p.protocol == Protocol::Tcp
        && matches!(
            (p.from_port, p.to_port),
            (Some(80), Some(80)) | (Some(443), Some(443))
        )
}

/// The permissions open to the internet, only their internet ranges, as `--ip-permissions`
/// JSON; `None` when there are none.
fn public_permissions(
    ingress: &[Permission],
    keep: impl Fn(&Permission) -> bool,
) -> Option<String> {
    let mut out = Vec::new();
    for p in ingress.iter().filter(|p| keep(p)) {
        let v4: Vec<serde_json::Value> = p
            .ipv4
            .iter()
            .filter(|c| c.as_str() == "0.0.0.0/0")
            .map(|c| serde_json::json!({ "CidrIp": c }))
            .collect();
        let v6: Vec<serde_json::Value> = p
            .ipv6
            .iter()
            .filter(|c| c.as_str() == "::/0")
            .map(|c| serde_json::json!({ "CidrIpv6": c }))
            .collect();
        if v4.is_empty() && v6.is_empty() {
            continue;
        }
        let protocol = match &p.protocol {
            Protocol::Tcp => "tcp".to_string(),
            Protocol::Udp => "udp".to_string(),
            Protocol::All => "-1".to_string(),
            Protocol::Other(other) => other.clone(),
        };
        let mut perm = serde_json::Map::new();
        perm.insert("IpProtocol".into(), protocol.into());
        if p.protocol != Protocol::All {
            if let (Some(from), Some(to)) = (p.from_port, p.to_port) {
                perm.insert("FromPort".into(), from.into());
                perm.insert("ToPort".into(), to.into());
            }
        }
        if !v4.is_empty() {
            perm.insert("IpRanges".into(), v4.into());
        }
        if !v6.is_empty() {
            perm.insert("Ipv6Ranges".into(), v6.into());
        }
        out.push(serde_json::Value::Object(perm));
    }
    (!out.is_empty()).then(|| serde_json::Value::Array(out).to_string())
}

/// A fix filled in for one resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedFix {
    /// The console path.
    pub console: String,
    /// The AWS CLI command (steps separated by newlines).
    pub command: String,
    /// Downtime, cost or data loss the fix can cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
    /// Inputs the description did not carry: shown as `<input>` in the command.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// The resource's own identifier: the last part of its ARN after `:` or `/`.
pub fn resource_name(resource: &ResourceRef) -> &str {
    resource
        .arn
        .rsplit([':', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(&resource.id)
}

/// Fills a fix's templates for one resource. Values are shell-quoted in the command; an input
/// that is not known stays `<input>` and is listed in [`RenderedFix::missing`].
pub fn render(fix: &Fix, resource: &ResourceRef, inputs: &FixInputs) -> RenderedFix {
    let mut missing = Vec::new();
    let command = fill(fix.command, resource, inputs, true, &mut missing);
    let console = fill(fix.console, resource, inputs, false, &mut missing);
    missing.sort();
    missing.dedup();
    RenderedFix {
        console,
        command,
        caution: fix.caution.map(str::to_string),
        missing,
    }
}

/// A rule's fix rendered for one resource; `None` for a rule without one.
pub fn for_rule(
    rule: &RuleMeta,
    resource: &ResourceRef,
    inputs: &FixInputs,
) -> Option<RenderedFix> {
    rule.fix.as_ref().map(|fix| render(fix, resource, inputs))
}

/// The value of one placeholder, if known.
fn value<'a>(key: &str, resource: &'a ResourceRef, inputs: &'a FixInputs) -> Option<&'a str> {
    match key {
        "region" => Some(&resource.region),
        "account" => Some(&resource.account),
        "arn" => Some(&resource.arn),
        "partition" => Some(resource.partition()),
        "name" => Some(resource_name(resource)),
        _ => Input::ALL
            .into_iter()
            .find(|i| i.placeholder() == key)
            .and_then(|i| inputs.get(i)),
    }
}

fn fill(
    template: &str,
    resource: &ResourceRef,
    inputs: &FixInputs,
    quote: bool,
    missing: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            // Not a placeholder (JSON in a command): copied as it is.
            out.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
            continue;
        }
        out.push_str(&rest[..start]);
        match value(key, resource, inputs) {
            Some(v) if quote => out.push_str(&shell_quote(v)),
            Some(v) => out.push_str(v),
            None => {
                out.push('<');
                out.push_str(key);
                out.push('>');
                missing.push(key.to_string());
            }
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// A value as one shell word: as it is when it has only safe characters, else in single
/// quotes (a single quote inside written `'\''`).
pub fn shell_quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:@=+,%".contains(&b));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The placeholders a template names (what [`render`] fills).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            out.push(key);
            rest = &rest[start + len + 1..];
        } else {
            rest = &rest[start + 1..];
        }
    }
    out
}

/// The fix as the alert's "How to fix it" section: the console path, the command indented
/// under it, the caution and any input the description lacked.
pub fn alert_section(fix: &RenderedFix) -> String {
    let mut out = format!("In the console: {}\n\nWith the AWS CLI:\n", fix.console);
    for line in fix.command.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    if let Some(caution) = &fix.caution {
        out.push_str(&format!("\nCaution: {caution}\n"));
    }
    if !fix.missing.is_empty() {
        out.push_str(&format!(
            "\nFill in before running: {} (not in the resource's description).\n",
            fix.missing
                .iter()
                .map(|m| format!("<{m}>"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{assess, Assessment};
    use crate::lookups::Lookups;
    use crate::observation::{Observation, ObservedState};
    use crate::resource::ResourceType;
    use crate::rules::CATALOGUE;
    use crate::settings::Settings;
    use crate::sources::{parse_event, Parsed};
    use crate::verdict::Verdict;
    use std::path::Path;

    const BUILT_IN: [&str; 5] = ["region", "account", "partition", "arn", "name"];

    fn orders_db() -> ResourceRef {
        ResourceRef {
            resource_type: ResourceType("AWS::RDS::DBInstance".into()),
            id: "db-ABCDEFGHIJKL".into(),
            name: Some("orders-db".into()),
            arn: "arn:aws:rds:eu-west-2:123456789012:db:orders-db".into(),
            account: "123456789012".into(),
            region: "eu-west-2".into(),
        }
    }

    const PUBLIC: Fix = Fix {
        console: "RDS console > Databases > {name} > Modify",
        command: "aws rds modify-db-instance --region {region} --db-instance-identifier {name} --no-publicly-accessible --apply-immediately",
        caution: None,
        inputs: &[],
    };

    #[test]
    fn renders_the_identity_of_the_resource() {
        let fix = render(&PUBLIC, &orders_db(), &FixInputs::none());
        assert_eq!(
            fix.command,
            "aws rds modify-db-instance --region eu-west-2 --db-instance-identifier orders-db --no-publicly-accessible --apply-immediately"
        );
        assert_eq!(fix.console, "RDS console > Databases > orders-db > Modify");
        assert!(fix.missing.is_empty());
    }

    #[test]
    fn values_are_shell_quoted_in_the_command_only() {
        let mut r = orders_db();
        r.arn = "arn:aws:apigateway:eu-west-2::/apis/a1b2c3/stages/$default".into();
        let fix = Fix {
            console: "Stages > {name}",
            command: "aws apigatewayv2 update-stage --api-id {api_id} --stage-name {name}",
            caution: None,
            inputs: &[Input::ApiId],
        };
        let inputs = FixInputs::none().with(Input::ApiId, "a1b2c3");
        let out = render(&fix, &r, &inputs);
        assert_eq!(
            out.command,
            "aws apigatewayv2 update-stage --api-id a1b2c3 --stage-name '$default'"
        );
        assert_eq!(out.console, "Stages > $default");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn an_unknown_input_stays_visible_and_is_listed() {
        let fix = Fix {
            console: "x",
            command: "aws rds modify-db-proxy --db-proxy-name {proxy_name} --require-tls",
            caution: Some("clients without TLS are refused"),
            inputs: &[Input::ProxyName],
        };
        let out = render(&fix, &orders_db(), &FixInputs::none());
        assert_eq!(
            out.command,
            "aws rds modify-db-proxy --db-proxy-name <proxy_name> --require-tls"
        );
        assert_eq!(out.missing, vec!["proxy_name".to_string()]);
        assert!(alert_section(&out).contains("<proxy_name>"));
    }

    #[test]
    fn json_braces_are_not_placeholders() {
        let fix = Fix {
            console: "x",
            command: r#"aws cloudtrail put-event-selectors --trail-name {name} --event-selectors '[{"ReadWriteType":"All"}]' --x "Delete={RegionName={region}}""#,
            caution: None,
            inputs: &[],
        };
        let out = render(&fix, &orders_db(), &FixInputs::none());
        assert_eq!(
            out.command,
            r#"aws cloudtrail put-event-selectors --trail-name orders-db --event-selectors '[{"ReadWriteType":"All"}]' --x "Delete={RegionName=eu-west-2}""#
        );
        assert_eq!(placeholders(fix.command), vec!["name", "region"]);
    }

    #[test]
    fn the_resource_name_is_the_last_part_of_the_arn() {
        let mut r = orders_db();
        for (arn, name) in [
            ("arn:aws:iam::123456789012:role/service-role/app", "app"),
            (
                "arn:aws:ec2:eu-west-2:123456789012:security-group/sg-1",
                "sg-1",
            ),
            (
                "arn:aws:lambda:eu-west-2:123456789012:function:orders",
                "orders",
            ),
            (
                "arn:aws:apigateway:eu-west-2::/restapis/abc/stages/prod",
                "prod",
            ),
        ] {
            r.arn = arn.into();
            assert_eq!(resource_name(&r), name);
        }
    }

    /// Every sample event under `events/` that describes a present resource.
    fn samples() -> Vec<Observation> {
        fn walk(dir: &Path, out: &mut Vec<Observation>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for entry in entries {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                        continue;
                    };
                    if let Ok(Parsed::Observation(o)) = parse_event(&value) {
                        if matches!(o.state, ObservedState::Present(_)) {
                            out.push(o);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events"),
            &mut out,
        );
        out.extend(samples_without_an_event());
        out
    }

    /// Kinds no sample event describes, as the sweep describes them (a configuration item
    /// built from the description, read by the kind's own parser): the account, read by the
    /// sweep only, and Vigil's own deployment, checked by the sweep function.
    fn samples_without_an_event() -> Vec<Observation> {
        let account = serde_json::json!({
            "configurationItemStatus": "OK",
            "configurationItemCaptureTime": "2026-12-01T09:00:00.000Z",
            "awsAccountId": "123456789012",
            "awsRegion": "eu-west-2",
            "resourceType": "AWS::::Account",
            "resourceId": "123456789012",
            "ARN": "AWS::::Account:123456789012",
            "configuration": {
                "AccountId": "123456789012",
                "AccountSummary": {"AccountAccessKeysPresent": 1, "AccountMFAEnabled": 0},
                "VirtualMFADevices": [],
                "PasswordPolicy": {"MinimumPasswordLength": 6, "RequireSymbols": false},
                "SecurityContact": null,
                "ConfigRecorders": {"eu-west-2": []},
                "GuardDuty": {"eu-west-2": [{"Id": "12abc34d567e8fa901bc2d34e56789f0", "Enable": true}], "eu-west-1": []}
            }
        });
        let mut out: Vec<Observation> = [account]
            .iter()
            .map(|item| {
                let obj = crate::json::Obj::new(item, "sample").expect("an object");
                match crate::sources::config_item::parse_item(obj, "sample") {
                    Ok(Parsed::Observation(o)) => o,
                    other => panic!(
                        "{}: the sample does not parse: {other:?}",
                        item["resourceType"]
                    ),
                }
            })
            .collect();
        // Vigil's own deployment, as the sweep function describes it, with every prerequisite
        // broken (a stopped trail, a disabled rule, ...).
        let deployment = serde_json::json!({
            "StackName": "vigil",
            "Trails": [{"TrailARN": "arn:aws:cloudtrail:eu-west-2:123456789012:trail/org", "HomeRegion": "eu-west-2", "IsLogging": false}],
            "EventRules": [{"Name": "vigil-ConsoleSignInRule-1A2B3C", "State": "DISABLED"}],
            "SecurityHubEnabled": false,
            "AlertTopicArn": "arn:aws:sns:eu-west-2:123456789012:vigil-AlertTopic-1A2B3C",
            "AlertSubscriptions": [{"Protocol": "email", "SubscriptionArn": "PendingConfirmation"}],
            "DeadLetterQueueUrl": "https://sqs.eu-west-2.amazonaws.com/123456789012/vigil-DeadLetterQueue-1A2B3C",
            "DeadLetterMessages": 2
        });
        out.push(
            crate::resources::deployment::observation(
                crate::resources::deployment::tests::STACK,
                "123456789012",
                "eu-west-2",
                "sweep-sample",
                &deployment,
                "2026-12-01T09:00:00Z".parse().expect("a time"),
            )
            .expect("the deployment sample"),
        );
        out
    }

    #[test]
    fn every_catalogued_rule_has_a_fix() {
        let without: Vec<&str> = CATALOGUE
            .iter()
            .filter(|r| r.meta().fix.is_none())
            .map(|r| r.meta().id)
            .collect();
        assert!(without.is_empty(), "rules without a fix: {without:?}");
    }

    #[test]
    fn every_placeholder_is_built_in_or_a_declared_input() {
        for rule in CATALOGUE {
            let meta = rule.meta();
            let Some(fix) = meta.fix else { continue };
            let mut used = Vec::new();
            for key in placeholders(fix.command)
                .into_iter()
                .chain(placeholders(fix.console))
            {
                let declared = fix.inputs.iter().any(|i| i.placeholder() == key);
                assert!(
                    BUILT_IN.contains(&key) || declared,
                    "{}: placeholder {{{key}}} is neither built in nor in its inputs",
                    meta.id
                );
                used.push(key);
            }
            for input in fix.inputs {
                assert!(
                    used.contains(&input.placeholder()),
                    "{}: input {:?} is declared but not used",
                    meta.id,
                    input
                );
            }
            assert!(fix.command.starts_with("aws "), "{}", meta.id);
            assert!(
                !fix.command.contains('<') && !fix.console.contains('<'),
                "{}: a template writes a value to fill as <...>; use a placeholder or a shell variable",
                meta.id
            );
        }
    }

    #[test]
    fn every_rule_renders_for_a_sample_resource_with_no_placeholder_left() {
        let samples = samples();
        let settings = Settings::default();
        let mut problems = Vec::new();
        let mut rendered = 0;
        for rule in CATALOGUE {
            let meta = rule.meta();
            let Some(fix) = meta.fix else { continue };
            let of_type: Vec<&Observation> = samples
                .iter()
                .filter(|o| o.resource.resource_type.as_str() == meta.resource_type)
                .collect();
            if of_type.is_empty() {
                problems.push(format!(
                    "{}: no sample event of {}",
                    meta.id, meta.resource_type
                ));
                continue;
            }
            // The samples where the rule fails are those whose fix is shown: each must render
            // completely. A rule no sample fails must render completely for some sample.
            let failing: Vec<&Observation> = of_type
                .iter()
                .copied()
                .filter(|o| match assess(o, &settings, &Lookups::none()) {
                    Some(Assessment::Present(outcomes)) => outcomes.iter().any(|out| {
                        out.rule.id == meta.id && matches!(out.verdict, Verdict::Failed { .. })
                    }),
                    _ => false,
                })
                .collect();
            let renders: Vec<RenderedFix> = (if failing.is_empty() {
                &of_type
            } else {
                &failing
            })
            .iter()
            .map(|o| {
                let ObservedState::Present(resource) = &o.state else {
                    unreachable!("samples are present")
                };
                render(&fix, &o.resource, &FixInputs::of(resource))
            })
            .collect();
            let complete = |r: &RenderedFix| {
                r.missing.is_empty()
                    && placeholders(&r.command).is_empty()
                    && placeholders(&r.console).is_empty()
            };
            let ok = if failing.is_empty() {
                renders.iter().any(complete)
            } else {
                renders.iter().all(complete)
            };
            if ok {
                rendered += 1;
            } else {
                problems.push(format!(
                    "{}: {:?}",
                    meta.id,
                    renders.iter().find(|r| !complete(r))
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(rendered, CATALOGUE.len());
    }
}
