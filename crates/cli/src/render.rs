//! Text for people: evaluation reports grouped by resource (failing first), the rule
//! catalogue, and a resource's history.

use anyhow::Result;
use std::fmt::Write as _;
use vigil_core::fix::RenderedFix;
use vigil_core::report::Report;
use vigil_core::rules::CATALOGUE;
use vigil_core::state::{HistoryEntry, Status};

/// A failing finding's exact fix, indented under it: the console path, each command line,
/// the caution, and the inputs the description lacked.
fn fix_lines(out: &mut String, fix: &RenderedFix) {
    let pad = "";
    let _ = writeln!(out, "    {pad:<14} fix in the console: {}", fix.console);
    for (i, line) in fix.command.lines().enumerate() {
        let label = if i == 0 { "fix with the CLI:" } else { "" };
        let _ = writeln!(out, "    {pad:<14} {label:<17}  {line}");
    }
    if let Some(caution) = &fix.caution {
        let _ = writeln!(out, "    {pad:<14} caution: {caution}");
    }
    if !fix.missing.is_empty() {
        let _ = writeln!(
            out,
            "    {pad:<14} fill in: {} (not in the resource's description)",
            fix.missing
                .iter()
                .map(|m| format!("<{m}>"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// Reports grouped by resource, failing findings first, then skips and errors, then a summary.
pub fn text(reports: &[Report]) -> String {
    let mut out = String::new();
    let mut groups: Vec<(String, Vec<&Report>)> = Vec::new();
    for r in reports
        .iter()
        .filter(|r| r.error.is_none() && r.skipped.is_none())
    {
        let key = r.resource.as_ref().map(|res| res.key()).unwrap_or_default();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(r),
            None => groups.push((key, vec![r])),
        }
    }
    // Resources with failures first.
    groups.sort_by_key(|(_, g)| !g.iter().any(|r| r.has_failure()));
    let (mut failing, mut passing) = (0, 0);
    for (_, group) in &groups {
        let Some(res) = group[0].resource.as_ref() else {
            continue;
        };
        let _ = writeln!(
            out,
            "{} ({}) {}",
            res.display_name(),
            res.resource_type,
            res.arn
        );
        for r in group {
            let _ = writeln!(out, "  from {}", r.input);
            if r.deleted {
                let _ = writeln!(out, "    deleted: its findings are closed");
            }
            if let Some(why) = &r.stale {
                let _ = writeln!(out, "    nothing changed: {why}");
            }
            for f in &r.findings {
                match f.status {
                    Status::Failed => failing += 1,
                    Status::Passed => passing += 1,
                    Status::NotApplicable | Status::Suppressed => {}
                }
                let controls = if f.controls.is_empty() {
                    "-".to_string()
                } else {
                    f.controls.join(",")
                };
                let _ = writeln!(
                    out,
                    "    {:<14} {:<13} {:<8} {} [{}]",
                    f.status.label(),
                    f.severity.label(),
                    controls,
                    f.title,
                    serde_json::to_value(f.transition)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                );
                if f.status == Status::Failed {
                    let _ = writeln!(out, "    {:<14} {}", "", f.reason);
                    if let Some(fix) = &f.fix {
                        fix_lines(&mut out, fix);
                    }
                }
                if let Some(accepted) = &f.accepted {
                    let _ = writeln!(out, "    {:<14} {}", "", f.reason);
                    let _ = writeln!(
                        out,
                        "    {:<14} accepted risk until {}: {} (by {})",
                        "", accepted.until, accepted.reason, accepted.accepted_by
                    );
                }
            }
            for w in &r.warnings {
                let _ = writeln!(out, "    {:<14} {w}", "WARNING");
            }
            for u in &r.undetermined {
                let _ = writeln!(
                    out,
                    "    {:<14} {} (unknown: {})",
                    "UNDETERMINED",
                    u.rule,
                    u.missing.join(", ")
                );
            }
        }
        out.push('\n');
    }
    let skipped: Vec<&Report> = reports.iter().filter(|r| r.skipped.is_some()).collect();
    let errors: Vec<&Report> = reports.iter().filter(|r| r.error.is_some()).collect();
    for r in &skipped {
        let _ = writeln!(
            out,
            "skipped {}: {}",
            r.input,
            r.skipped.as_deref().unwrap_or_default()
        );
    }
    for r in &errors {
        let _ = writeln!(
            out,
            "error   {}: {}",
            r.input,
            r.error.as_deref().unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "{} resource(s): {failing} failing, {passing} passing; {} skipped, {} in error",
        groups.len(),
        skipped.len(),
        errors.len()
    );
    out
}

/// The rule catalogue as text, Markdown (docs/rules.md) or JSON.
pub fn rules(markdown: bool, json: bool) -> Result<String> {
    if markdown {
        return Ok(vigil_core::catalogue_doc::markdown());
    }
    let mut out = String::new();
    for rule in CATALOGUE {
        let m = rule.meta();
        if json {
            let standards: Vec<&str> = vigil_core::standards::of_rule(m)
                .into_iter()
                .map(|s| s.name())
                .collect();
            let line = serde_json::json!({
                "rule": m.id, "title": m.title, "severity": m.severity, "resource_type": m.resource_type,
                "controls": m.controls,
                "security_control_id": m.controls.first(),
                "standards": standards,
                "gdpr": m.gdpr,
                "cyber_essentials": m.cyber_essentials.map(|ce| ce.label()),
                "passes_when": m.passes_when,
                "rationale": m.rationale, "remediation": m.remediation, "source": m.source,
            });
            writeln!(out, "{}", serde_json::to_string(&line)?)?;
        } else {
            let controls = if m.controls.is_empty() {
                "-".to_string()
            } else {
                m.controls.join(",")
            };
            writeln!(
                out,
                "{:<34} {:<8} {:<13} {}",
                m.id,
                controls,
                m.severity.label(),
                m.title
            )?;
        }
    }
    Ok(out)
}

/// A resource's timeline, oldest first.
pub fn history(entries: &[&HistoryEntry]) -> String {
    if entries.is_empty() {
        return "no history for that resource in this state file\n".to_string();
    }
    let mut out = String::new();
    for h in entries {
        let from = h.from.map_or("(first seen)", Status::label);
        let to = h.to.map_or("ARCHIVED", Status::label);
        let who = h
            .actor
            .as_ref()
            .map(|a| format!(" by {}", a.describe()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  {:<34} {from} -> {to}  {} ({}{who})",
            h.captured_at.format("%Y-%m-%d %H:%M:%S"),
            h.rule,
            h.reason,
            h.what,
        );
        if let Some(a) = &h.accepted {
            let _ = writeln!(out, "{:<21}{}", "", a.describe());
        }
    }
    out
}
