//! `template.yaml` checked against the kind descriptors, both ways: the Config rule's event
//! pattern lists exactly the kinds AWS Config records; the CloudTrail rules route exactly the
//! descriptors' calls; the evaluate function may make every describe call the descriptors name.

use super::yaml::{self, Yaml};
use super::{call_for, calls, Kind, KINDS};
use crate::sources::{CLOUDTRAIL_API_CALL, CONFIG_ITEM_CHANGE};
use std::collections::BTreeSet;

const TEMPLATE: &str = include_str!("../../../../template.yaml");

/// The template's EventBridge rules that match events: name and event pattern. A scheduled
/// rule (a `ScheduleExpression`, such as the digest's) matches no event and is not one of them.
fn event_rules(template: &Yaml) -> Vec<(&str, &Yaml)> {
    template
        .get("Resources")
        .expect("template.yaml has Resources")
        .entries()
        .iter()
        .filter(|(_, r)| r.at(&["Type"]).and_then(Yaml::as_str) == Some("AWS::Events::Rule"))
        .filter(|(_, r)| r.at(&["Properties", "ScheduleExpression"]).is_none())
        .map(|(name, r)| {
            let pattern = r
                .at(&["Properties", "EventPattern"])
                .unwrap_or_else(|| panic!("{name} has no EventPattern"));
            (name.as_str(), pattern)
        })
        .collect()
}

/// The rules whose `detail-type` is `detail_type`; each must have no other.
fn rules_for<'t>(template: &'t Yaml, detail_type: &str) -> Vec<(&'t str, &'t Yaml)> {
    event_rules(template)
        .into_iter()
        .filter(|(name, pattern)| {
            let types = pattern
                .get("detail-type")
                .map(Yaml::strings)
                .unwrap_or_default();
            let matches = types.contains(&detail_type);
            assert!(
                !matches || types.len() == 1,
                "{name} mixes detail-types: {types:?}"
            );
            matches
        })
        .collect()
}

/// A list that must not repeat itself, as a set.
fn set<'a>(what: &str, items: Vec<&'a str>) -> BTreeSet<&'a str> {
    let set: BTreeSet<_> = items.iter().copied().collect();
    assert_eq!(
        set.len(),
        items.len(),
        "{what} lists something twice: {items:?}"
    );
    set
}

#[test]
fn the_config_rule_lists_exactly_the_kinds_config_records_for_full_and_oversized_items() {
    let template = yaml::parse(TEMPLATE);
    let rules = rules_for(&template, CONFIG_ITEM_CHANGE);
    assert_eq!(rules.len(), 1, "one Config rule: {rules:?}");
    let (name, pattern) = rules[0];
    assert_eq!(pattern.get("source").unwrap().strings(), ["aws.config"]);
    let recorded: BTreeSet<&str> = KINDS
        .iter()
        .filter(|k| k.recorded_by_config)
        .map(|k| k.type_name)
        .collect();
    let alternatives = pattern
        .at(&["detail", "$or"])
        .unwrap_or_else(|| panic!("{name}: detail.$or"))
        .items();
    assert_eq!(
        alternatives.len(),
        2,
        "{name}: full items and oversized ones"
    );
    // Full items carry configurationItem; oversized ones only configurationItemSummary.
    for member in ["configurationItem", "configurationItemSummary"] {
        let listed = alternatives
            .iter()
            .find_map(|a| a.at(&[member, "resourceType"]))
            .unwrap_or_else(|| panic!("{name} does not match {member}.resourceType"));
        let listed = set(member, listed.strings());
        let unhandled: Vec<_> = listed.difference(&recorded).collect();
        let unrouted: Vec<_> = recorded.difference(&listed).collect();
        assert!(
            unhandled.is_empty() && unrouted.is_empty(),
            "{name}'s {member}.resourceType must list exactly the kinds AWS Config records: \
             listed without a Config-recorded descriptor {unhandled:?}, not listed {unrouted:?}"
        );
    }
}

#[test]
fn the_cloudtrail_rules_route_exactly_the_descriptors_calls() {
    let template = yaml::parse(TEMPLATE);
    let mut routed = BTreeSet::new();
    for (name, pattern) in rules_for(&template, CLOUDTRAIL_API_CALL) {
        // The root user's own calls, whatever the service (`the_activity_rules_route_...`).
        if pattern.at(&["detail", "userIdentity"]).is_some() {
            continue;
        }
        let sources = set(
            name,
            pattern
                .at(&["detail", "eventSource"])
                .unwrap_or_else(|| panic!("{name}: detail.eventSource"))
                .strings(),
        );
        // Without an eventName filter a rule would send every call of the service.
        let names = set(
            name,
            pattern
                .at(&["detail", "eventName"])
                .unwrap_or_else(|| panic!("{name}: detail.eventName"))
                .strings(),
        );
        let event_bridge_sources: BTreeSet<String> = sources
            .iter()
            .map(|s| format!("aws.{}", s.trim_end_matches(".amazonaws.com")))
            .collect();
        let listed: BTreeSet<String> = pattern
            .get("source")
            .unwrap_or_else(|| panic!("{name}: source"))
            .strings()
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(listed, event_bridge_sources, "{name}'s source");
        for source in &sources {
            for event_name in &names {
                assert!(
                    call_for(source, event_name).is_some(),
                    "{name} routes {source} {event_name}, which no kind descriptor handles"
                );
                assert!(
                    routed.insert((*source, *event_name)),
                    "{source} {event_name} is routed twice"
                );
            }
        }
    }
    for c in calls() {
        assert!(
            routed.contains(&(c.call.event_source, c.call.event_name)),
            "no CloudTrail rule in template.yaml routes {} {} ({}); its rule's eventName \
             should read:\n{}",
            c.call.event_source,
            c.call.event_name,
            c.kind.type_name,
            event_names_yaml(c.call.event_source)
        );
    }
}

#[test]
fn the_activity_rules_route_console_sign_ins_and_the_root_users_own_calls() {
    use crate::sources::activity::CONSOLE_SIGN_IN;
    let template = yaml::parse(TEMPLATE);
    let sign_ins = rules_for(&template, CONSOLE_SIGN_IN);
    assert_eq!(sign_ins.len(), 1, "one console sign-in rule");
    let (_, pattern) = sign_ins[0];
    assert_eq!(
        pattern.get("source").map(Yaml::strings),
        Some(vec!["aws.signin"])
    );
    assert_eq!(
        pattern.at(&["detail", "eventName"]).map(Yaml::strings),
        Some(vec!["ConsoleLogin"])
    );
    let root: Vec<_> = rules_for(&template, CLOUDTRAIL_API_CALL)
        .into_iter()
        .filter(|(_, p)| p.at(&["detail", "userIdentity"]).is_some())
        .collect();
    assert_eq!(root.len(), 1, "one root activity rule");
    let (name, pattern) = root[0];
    assert_eq!(
        pattern
            .at(&["detail", "userIdentity", "type"])
            .map(Yaml::strings),
        Some(vec!["Root"]),
        "{name}"
    );
    // Any service: no source or event name filter, and calls an AWS service made for the root
    // user are left out.
    assert!(pattern.get("source").is_none() && pattern.at(&["detail", "eventName"]).is_none());
    assert!(pattern
        .at(&["detail", "userIdentity", "invokedBy"])
        .is_some());
    // Read-only calls too (a root console session browsing): EventBridge delivers read-only
    // management events only to rules in this state.
    assert_eq!(rule_state(&template, name), ALL_MANAGEMENT_EVENTS, "{name}");
}

/// The rule state in which EventBridge also delivers read-only management events.
const ALL_MANAGEMENT_EVENTS: &str = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

/// A rule's `State`.
fn rule_state<'t>(template: &'t Yaml, name: &str) -> &'t str {
    template
        .at(&["Resources", name, "Properties", "State"])
        .and_then(Yaml::as_str)
        .unwrap_or_else(|| panic!("{name} has no State"))
}

/// Whether a rule matches the root user's own calls (its pattern names `userIdentity`).
fn is_root_rule(pattern: &Yaml) -> bool {
    pattern.at(&["detail", "userIdentity"]).is_some()
}

#[test]
fn only_the_root_activity_rules_receive_read_only_calls() {
    // Every other rule routes write calls, sign-ins or a schedule: plain ENABLED, so the
    // read-only management events' volume reaches the root rules alone.
    for text in [TEMPLATE, FORWARDER] {
        let template = yaml::parse(text);
        let mut root_rules = 0;
        for (name, pattern) in event_rules(&template) {
            let want = if is_root_rule(pattern) {
                root_rules += 1;
                ALL_MANAGEMENT_EVENTS
            } else {
                "ENABLED"
            };
            assert_eq!(rule_state(&template, name), want, "{name}");
        }
        assert_eq!(root_rules, 1);
    }
}

/// The `eventName` list of a service's CloudTrail rule, generated from the descriptors, as
/// template.yaml writes it.
fn event_names_yaml(event_source: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in calls().filter(|c| c.call.event_source == event_source) {
        if !names.contains(&c.call.event_name) {
            names.push(c.call.event_name);
        }
    }
    names
        .iter()
        .map(|n| format!("            - {n}\n"))
        .collect()
}

#[test]
fn the_generated_event_names_are_the_templates() {
    // The generator the failure message above relies on agrees with the template as it is.
    let template = yaml::parse(TEMPLATE);
    for (name, pattern) in rules_for(&template, CLOUDTRAIL_API_CALL) {
        if pattern.at(&["detail", "userIdentity"]).is_some() {
            continue;
        }
        let source = pattern.at(&["detail", "eventSource"]).unwrap().strings()[0];
        let listed: String = pattern
            .at(&["detail", "eventName"])
            .unwrap()
            .strings()
            .iter()
            .map(|n| format!("            - {n}\n"))
            .collect();
        assert_eq!(listed, event_names_yaml(source), "{name}");
    }
}

/// The resource a kind's describe permission must cover, as the template writes it: the ARN
/// its calls build, in this account and any Region (a call `forwarder.yaml` brings from another
/// Region is described there), with `*` for the name and the parent's id
/// (`!Sub arn:${AWS::Partition}:rds:*:${AWS::AccountId}:db:*`).
fn describe_resource(kind: &Kind) -> Option<String> {
    let pattern = kind.calls.first()?.naming.arn_pattern;
    Some(
        pattern
            .replace("{partition}", "${AWS::Partition}")
            .replace("{region}", "*")
            .replace("{account}", "${AWS::AccountId}")
            .replace("{name}", "*")
            .replace("{parent}", "*"),
    )
}

/// The describe actions that take no resource (the Service Authorization Reference lists no
/// resource type for them), so their statements' resource is `*`. Any other describe action
/// must be granted on its kind's ARNs.
const NO_RESOURCE_LEVEL: &[&str] = &[
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcEndpoints",
    "config:DescribeConfigurationRecorders",
    "config:DescribeConfigurationRecorderStatus",
    "iam:GetAccountSummary",
    "iam:GetAccountPasswordPolicy",
    "iam:ListVirtualMFADevices",
    "cloudtrail:DescribeTrails",
];

/// Every `Allow` statement of `role`'s inline policies, with its `Sid`.
fn allow_statements<'t>(template: &'t Yaml, role: &str) -> Vec<(&'t str, &'t Yaml)> {
    template
        .at(&["Resources", role, "Properties", "Policies"])
        .unwrap_or_else(|| panic!("{role}'s policies"))
        .items()
        .into_iter()
        .flat_map(|p| {
            p.at(&["PolicyDocument", "Statement"])
                .map(Yaml::items)
                .unwrap_or_default()
        })
        .filter(|s| s.get("Effect").and_then(Yaml::as_str) == Some("Allow"))
        .map(|s| (s.get("Sid").and_then(Yaml::as_str).unwrap_or("(no Sid)"), s))
        .collect()
}

#[test]
fn the_functions_read_resources_in_any_region_of_this_account_only() {
    // Describes and lookups run in the resource's own Region, and `forwarder.yaml` brings
    // other Regions' calls to the home stack: a permission scoped to the stack's Region would
    // be AccessDenied for them. The account stays pinned; only Vigil's own Security Hub hub and
    // the stack's own resources (`!GetAtt`, `!Ref`) are the stack's Region's.
    let template = yaml::parse(TEMPLATE);
    let mut arns = 0;
    for role in ["EvaluateFunctionRole", "SweepFunctionRole"] {
        for (sid, statement) in allow_statements(&template, role) {
            let resources = statement
                .get("Resource")
                .map(Yaml::strings)
                .unwrap_or_default();
            for r in resources {
                let Some(arn) = r.strip_prefix("!Sub arn:${AWS::Partition}:") else {
                    continue;
                };
                arns += 1;
                let arn = arn
                    .replace("${AWS::AccountId}", "ACCOUNT")
                    .replace("${AWS::Region}", "REGION");
                let mut parts = arn.splitn(4, ':');
                let (service, region, account) = (
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                );
                if service == "securityhub" {
                    continue;
                }
                assert!(
                    region == "*" || (region.is_empty() && service == "iam"),
                    "{role}'s {sid} reads {r} in one Region only: forwarded calls from other \
                     Regions would be AccessDenied"
                );
                // API Gateway's ARNs name no account; AWS managed policies are account `aws`
                // (ManagedPolicyDocuments, read-only documents AWS publishes).
                let unpinned_ok =
                    service == "apigateway" || (sid == "ManagedPolicyDocuments" && account == "*");
                assert!(
                    account == "ACCOUNT" || unpinned_ok,
                    "{role}'s {sid} is not pinned to this account: {r}"
                );
            }
        }
    }
    assert!(arns >= 20, "the check saw {arns} ARNs");
}

#[test]
fn the_evaluate_function_may_make_every_describe_call() {
    let template = yaml::parse(TEMPLATE);
    let role = template
        .at(&[
            "Resources",
            "EvaluateFunctionRole",
            "Properties",
            "Policies",
        ])
        .expect("EvaluateFunctionRole's policies");
    let statements: Vec<&Yaml> = role
        .items()
        .into_iter()
        .flat_map(|p| {
            p.at(&["PolicyDocument", "Statement"])
                .map(Yaml::items)
                .unwrap_or_default()
        })
        .filter(|s| s.get("Effect").and_then(Yaml::as_str) == Some("Allow"))
        .collect();
    assert!(!statements.is_empty());
    for kind in KINDS {
        let Some(describe) = kind.describe else {
            continue;
        };
        let resource = describe_resource(kind);
        for action in describe.actions {
            let granted = statements.iter().any(|s| {
                let actions = s.get("Action").map(Yaml::strings).unwrap_or_default();
                let resources = s.get("Resource").map(Yaml::strings).unwrap_or_default();
                actions.contains(action)
                    && resources.iter().any(|r| {
                        (*r == "*" && NO_RESOURCE_LEVEL.contains(action))
                            || resource
                                .as_deref()
                                .is_none_or(|want| r.strip_prefix("!Sub ") == Some(want))
                    })
            });
            assert!(
                granted,
                "EvaluateFunctionRole does not allow {action} on {} ({} {} describes {})",
                resource.as_deref().unwrap_or("the kind's resources"),
                kind.type_name,
                describe.operation,
                kind.noun
            );
        }
    }
}

/// The actions of one `Sid` in a role's inline policies.
fn statement_actions<'t>(
    template: &'t Yaml,
    role: &str,
    sid: &str,
) -> (Vec<&'t str>, Vec<&'t str>) {
    let policies = template
        .at(&["Resources", role, "Properties", "Policies"])
        .unwrap_or_else(|| panic!("{role}'s policies"));
    let statement = policies
        .items()
        .into_iter()
        .flat_map(|p| {
            p.at(&["PolicyDocument", "Statement"])
                .map(Yaml::items)
                .unwrap_or_default()
        })
        .find(|s| s.get("Sid").and_then(Yaml::as_str) == Some(sid))
        .unwrap_or_else(|| panic!("{role} has no statement {sid}"));
    assert_eq!(
        statement.get("Effect").and_then(Yaml::as_str),
        Some("Allow")
    );
    (
        statement
            .get("Action")
            .map(Yaml::strings)
            .unwrap_or_default(),
        statement
            .get("Resource")
            .map(Yaml::strings)
            .unwrap_or_default(),
    )
}

#[test]
fn the_sweep_function_may_make_exactly_the_descriptors_list_calls() {
    let template = yaml::parse(TEMPLATE);
    let (actions, resources) = statement_actions(&template, "SweepFunctionRole", "SweepList");
    // List calls have no resource-level permissions, and the sweep reads every region.
    assert_eq!(resources, ["*"]);
    let granted = set("SweepList", actions);
    let needed: BTreeSet<&str> = KINDS
        .iter()
        .flat_map(|k| k.list.actions.iter().copied())
        .collect();
    let missing: Vec<_> = needed.difference(&granted).collect();
    let extra: Vec<_> = granted.difference(&needed).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "SweepFunctionRole's SweepList must grant exactly the descriptors' list actions: \
         missing {missing:?}, granted without a descriptor {extra:?}"
    );
}

#[test]
fn the_template_checks_see_the_template() {
    // Guards the reader: a template it misread would make the checks above vacuous.
    let template = yaml::parse(TEMPLATE);
    assert_eq!(rules_for(&template, CONFIG_ITEM_CHANGE).len(), 1);
    assert!(rules_for(&template, CLOUDTRAIL_API_CALL).len() >= 4);
    assert_eq!(
        template.at(&["Transform"]).and_then(Yaml::as_str),
        Some("AWS::Serverless-2016-10-31")
    );
}

/// The JSON an event pattern becomes (every scalar as a string, which only adds quotes): its
/// length is what EventBridge's pattern-size quota counts.
fn pattern_json(y: &Yaml) -> String {
    match y {
        Yaml::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("\"{k}\":{}", pattern_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Yaml::Seq(items) => format!(
            "[{}]",
            items.iter().map(pattern_json).collect::<Vec<_>>().join(",")
        ),
        Yaml::Scalar(s) => format!("\"{s}\""),
    }
}

#[test]
fn every_event_pattern_fits_eventbridges_default_quota() {
    // EventBridge's default quota on an event pattern is 2,048 characters: the reason the
    // CloudTrail calls are one rule per service, not one rule.
    for text in [TEMPLATE, FORWARDER] {
        for (name, pattern) in event_rules(&yaml::parse(text)) {
            let size = pattern_json(pattern).len();
            assert!(size < 2048, "{name}'s event pattern is {size} characters");
        }
    }
}

#[test]
fn the_config_free_mode_leaves_out_the_config_rule_and_nothing_else() {
    let template = yaml::parse(TEMPLATE);
    let parameter = template
        .at(&["Parameters", "ConfigFree"])
        .expect("a ConfigFree parameter");
    assert_eq!(
        parameter.get("Default").and_then(Yaml::as_str),
        Some("false")
    );
    let conditional: BTreeSet<&str> = template
        .get("Resources")
        .unwrap()
        .entries()
        .iter()
        .filter(|(_, r)| r.get("Condition").and_then(Yaml::as_str) == Some("UsesConfig"))
        .map(|(name, _)| name.as_str())
        .collect();
    let config_rules: Vec<&str> = rules_for(&template, CONFIG_ITEM_CHANGE)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let expected: BTreeSet<String> = config_rules
        .iter()
        .flat_map(|n| [n.to_string(), format!("{n}Permission")])
        .collect();
    let conditional: BTreeSet<String> = conditional.iter().map(|s| s.to_string()).collect();
    assert_eq!(conditional, expected);
    for (name, _) in rules_for(&template, CLOUDTRAIL_API_CALL) {
        let rule = template.at(&["Resources", name]).unwrap();
        assert!(
            rule.get("Condition").is_none(),
            "{name} must not depend on AWS Config"
        );
    }
}

const FORWARDER: &str = include_str!("../../../../forwarder.yaml");

#[test]
fn the_forwarder_forwards_every_service_the_descriptors_name_and_no_other() {
    let forwarder = yaml::parse(FORWARDER);
    let rules: Vec<_> = rules_for(&forwarder, CLOUDTRAIL_API_CALL)
        .into_iter()
        .filter(|(_, p)| !is_root_rule(p))
        .collect();
    assert_eq!(rules.len(), 1, "one forwarding rule");
    let (name, pattern) = rules[0];
    let sources = set(
        name,
        pattern.at(&["detail", "eventSource"]).unwrap().strings(),
    );
    let wanted: BTreeSet<&str> = calls().map(|c| c.call.event_source).collect();
    assert_eq!(sources, wanted, "{name}'s eventSource");
    let listed: BTreeSet<String> = pattern
        .get("source")
        .unwrap()
        .strings()
        .into_iter()
        .map(str::to_string)
        .collect();
    let expected: BTreeSet<String> = wanted
        .iter()
        .map(|s| format!("aws.{}", s.trim_end_matches(".amazonaws.com")))
        .collect();
    assert_eq!(listed, expected, "{name}'s source");
    // Write calls that succeeded: the only ones Vigil evaluates.
    assert_eq!(
        pattern.at(&["detail", "readOnly"]).unwrap().strings(),
        ["false"]
    );
    // The target is the home region's default bus, never this region's (a loop).
    let target = forwarder
        .at(&["Resources", name, "Properties", "Targets"])
        .unwrap()
        .items()[0];
    assert!(target
        .get("Arn")
        .and_then(Yaml::as_str)
        .unwrap()
        .contains("${HomeRegion}"));
    assert_eq!(
        forwarder
            .at(&["Resources", name, "Condition"])
            .and_then(Yaml::as_str),
        Some("AwayFromHome")
    );
}

#[test]
fn the_sweep_function_watches_every_eventbridge_rule_of_the_stack() {
    // Vigil watches itself (`vigil_aws::watch`): the sweep function is given every rule's name
    // and may describe exactly those rules.
    let template = yaml::parse(TEMPLATE);
    let all: BTreeSet<&str> = template
        .get("Resources")
        .unwrap()
        .entries()
        .iter()
        .filter(|(_, r)| r.at(&["Type"]).and_then(Yaml::as_str) == Some("AWS::Events::Rule"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(all.contains("ConsoleSignInRule") && all.contains("DigestRule"));
    let env = template
        .at(&[
            "Resources",
            "SweepFunction",
            "Properties",
            "Environment",
            "Variables",
            "VIGIL_EVENT_RULES",
        ])
        .and_then(Yaml::as_str)
        .expect("the sweep function's VIGIL_EVENT_RULES");
    let named = |text: &str, prefix: &str, suffix: &str| -> BTreeSet<String> {
        text.split(prefix)
            .skip(1)
            .map(|rest| {
                rest.split([',', ']', ' '])
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(suffix)
                    .to_string()
            })
            .collect()
    };
    let want: BTreeSet<String> = all.iter().map(|s| s.to_string()).collect();
    assert_eq!(named(env, "!Ref ", ""), want, "VIGIL_EVENT_RULES");
    let (actions, resources) = statement_actions(&template, "SweepFunctionRole", "SelfWatchRules");
    assert_eq!(actions, ["events:DescribeRule"]);
    assert_eq!(
        named(&resources.join(" "), "!GetAtt ", ".Arn"),
        want,
        "SelfWatchRules' resources"
    );
}

#[test]
fn the_forwarder_forwards_console_sign_ins_as_the_home_stack_matches_them() {
    use crate::sources::activity::CONSOLE_SIGN_IN;
    let forwarder = yaml::parse(FORWARDER);
    let template = yaml::parse(TEMPLATE);
    let forwarded = rules_for(&forwarder, CONSOLE_SIGN_IN);
    assert_eq!(forwarded.len(), 1, "one sign-in forwarding rule");
    let home = rules_for(&template, CONSOLE_SIGN_IN);
    assert_eq!(home.len(), 1, "one sign-in rule at home");
    let (name, pattern) = forwarded[0];
    assert_eq!(
        pattern_json(pattern),
        pattern_json(home[0].1),
        "{name} forwards exactly what {} matches",
        home[0].0
    );
    assert_eq!(pattern.get("source").unwrap().strings(), ["aws.signin"]);
    let rule = forwarder.at(&["Resources", name]).unwrap();
    assert_eq!(
        rule.get("Condition").and_then(Yaml::as_str),
        Some("AwayFromHome")
    );
    let target = rule.at(&["Properties", "Targets"]).unwrap().items()[0];
    assert!(target
        .get("Arn")
        .and_then(Yaml::as_str)
        .unwrap()
        .contains("${HomeRegion}"));
}

#[test]
fn the_forwarder_forwards_the_root_users_calls_as_the_home_stack_matches_them() {
    // Root use in another Region reaches the home stack only through the forwarder: the same
    // pattern as the home stack's root activity rule, in the same state (read-only calls too).
    fn root(y: &Yaml) -> Vec<(&str, &Yaml)> {
        rules_for(y, CLOUDTRAIL_API_CALL)
            .into_iter()
            .filter(|(_, p)| is_root_rule(p))
            .collect()
    }
    let forwarder = yaml::parse(FORWARDER);
    let template = yaml::parse(TEMPLATE);
    let forwarded = root(&forwarder);
    assert_eq!(forwarded.len(), 1, "one root forwarding rule");
    let home = root(&template);
    assert_eq!(home.len(), 1, "one root rule at home");
    let (name, pattern) = forwarded[0];
    assert_eq!(
        pattern_json(pattern),
        pattern_json(home[0].1),
        "{name} forwards exactly what {} matches",
        home[0].0
    );
    assert_eq!(
        rule_state(&forwarder, name),
        rule_state(&template, home[0].0)
    );
    let rule = forwarder.at(&["Resources", name]).unwrap();
    assert_eq!(
        rule.get("Condition").and_then(Yaml::as_str),
        Some("AwayFromHome")
    );
    let target = rule.at(&["Properties", "Targets"]).unwrap().items()[0];
    assert!(target
        .get("Arn")
        .and_then(Yaml::as_str)
        .unwrap()
        .contains("${HomeRegion}"));
    assert_eq!(
        target.get("RoleArn").map(Yaml::strings),
        Some(vec!["!GetAtt ForwardRole.Arn"])
    );
}
