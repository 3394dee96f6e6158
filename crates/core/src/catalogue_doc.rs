//! `docs/rules.md`, generated from the catalogue's metadata (a test keeps the file current).

use crate::asff::control_url;
use crate::rules::CATALOGUE;
use crate::standards;
use crate::vocabulary::RuleMeta;

fn standards_text(m: &RuleMeta) -> String {
    let s: Vec<&str> = standards::of_rule(m)
        .into_iter()
        .map(|s| s.short())
        .collect();
    if s.is_empty() {
        "—".to_string()
    } else {
        s.join(", ")
    }
}

fn ce_text(m: &RuleMeta) -> &'static str {
    m.cyber_essentials.map_or("—", |ce| ce.label())
}

/// Renders the rule catalogue as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Vigil rules\n\n\
         Generated from the rule catalogue by `vigil rules --format markdown`; do not edit by hand.\n\
         A rule names a Security Hub control only when it implements that control's exact semantics; \
         the standards that include each control are data in `crates/core/src/standards.rs` \
         (see docs/coverage.md for their source), and UK Cyber Essentials is the v3.3 technical control the rule evidences.\n\n\
         | Rule | Resource type | Security Hub control | Standards | Severity | UK GDPR | UK Cyber Essentials | Passes when |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for rule in CATALOGUE {
        let m = rule.meta();
        let controls: Vec<String> = m
            .controls
            .iter()
            .map(|c| match control_url(c) {
                Some(url) => format!("[{c}]({url})"),
                None => c.to_string(),
            })
            .collect();
        out.push_str(&format!(
            "| [`{id}`](#{id}) | `{ty}` | {controls} | {standards} | {sev} | {gdpr} | {ce} | {passes} |\n",
            id = m.id,
            ty = m.resource_type,
            controls = if controls.is_empty() {
                "—".to_string()
            } else {
                controls.join(", ")
            },
            standards = standards_text(m),
            sev = m.severity,
            gdpr = m.gdpr.join(", "),
            ce = ce_text(m),
            passes = m.passes_when,
        ));
    }
    for rule in CATALOGUE {
        let m = rule.meta();
        out.push_str(&format!(
            "\n## {id}\n\n**{title}**\n\n\
             - Resource type: `{ty}`\n- Severity: {sev}\n- Security Hub control: {controls}\n\
             - Standards: {standards}\n- UK GDPR: {gdpr}\n- UK Cyber Essentials: {ce}\n- Semantics: {source}\n\n\
             **Passes when** {passes}.\n\n**Why it matters.** {why}\n\n**How to fix it.** {fix}\n",
            id = m.id,
            title = m.title,
            ty = m.resource_type,
            sev = m.severity,
            controls = if m.controls.is_empty() {
                "none (Vigil practice)".to_string()
            } else {
                m.controls.join(", ")
            },
            standards = standards_text(m),
            gdpr = m.gdpr.join(", "),
            ce = ce_text(m),
            source = m.source,
            passes = m.passes_when,
            why = m.rationale,
            fix = m.remediation,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_rules_md_is_current() {
        let on_disk = include_str!("../../../docs/rules.md");
        assert!(
            on_disk == super::markdown(),
            "docs/rules.md is stale: run `cargo run -p vigil -- rules --format markdown > docs/rules.md`"
        );
    }
}
