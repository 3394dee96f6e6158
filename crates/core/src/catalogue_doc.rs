//! `docs/rules.md`, generated from the catalogue's metadata (a test keeps the file current).

use crate::asff::control_url;
use crate::rules::CATALOGUE;

/// Renders the rule catalogue as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Vigil rules\n\n\
         Generated from the rule catalogue by `vigil rules --format markdown`; do not edit by hand.\n\
         A rule names an FSBP control only when it implements that control's exact semantics.\n\n\
         | Rule | Resource type | FSBP | Severity | UK GDPR | Passes when |\n\
         |---|---|---|---|---|---|\n",
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
            "| [`{id}`](#{id}) | `{ty}` | {controls} | {sev} | {gdpr} | {passes} |\n",
            id = m.id,
            ty = m.resource_type,
            controls = if controls.is_empty() {
                "—".to_string()
            } else {
                controls.join(", ")
            },
            sev = m.severity,
            gdpr = m.gdpr.join(", "),
            passes = m.passes_when,
        ));
    }
    for rule in CATALOGUE {
        let m = rule.meta();
        out.push_str(&format!(
            "\n## {id}\n\n**{title}**\n\n\
             - Resource type: `{ty}`\n- Severity: {sev}\n- FSBP controls: {controls}\n\
             - UK GDPR: {gdpr}\n- Semantics: {source}\n\n\
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
            gdpr = m.gdpr.join(", "),
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
