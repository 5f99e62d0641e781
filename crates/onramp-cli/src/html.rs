//! Self-contained HTML pages for the caseload reports (no scripts, no external files):
//! something to put on a screen in a policy meeting or attach to an email.

use std::fmt::Write as _;

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page with `title` and `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:68rem;padding:0 1rem;color:#1d232a}}
h1{{font-size:1.5rem}} h2{{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd}}
table{{border-collapse:collapse;margin:.5rem 0 1rem}} td,th{{padding:.2rem .6rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}}
td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums}}
.bars{{display:grid;grid-template-columns:4rem 1fr;gap:.2rem .5rem;align-items:center;max-width:40rem}}
.bar{{display:flex;height:1.2rem;border-radius:3px;overflow:hidden;background:#eef}}
.bar span{{display:block;height:100%}}
.legend span{{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}}
.s0{{background:#2e8b57}} .s1{{background:#c0392b}} .s2{{background:#b8b8c8}} .s3{{background:#e6a23c}} .s4{{background:#5b7fbf}}
.headline{{background:#fff4e0;border-left:4px solid #e6a23c;padding:.5rem 1rem}}
small{{color:#5a6470}}
</style></head><body>
{body}
</body></html>
"#,
        title = escape(title)
    )
}

/// A horizontal stacked bar: `parts` are (label, count), colored in order.
pub fn bar(parts: &[(&str, u64)]) -> String {
    let total: u64 = parts.iter().map(|p| p.1).sum();
    let mut out = String::from(r#"<div class="bar">"#);
    for (i, (label, n)) in parts.iter().enumerate() {
        if *n == 0 || total == 0 {
            continue;
        }
        let _ = write!(
            out,
            r#"<span class="s{}" style="width:{:.3}%" title="{}: {n}"></span>"#,
            i.min(4),
            100.0 * *n as f64 / total as f64,
            escape(label)
        );
    }
    out.push_str("</div>");
    out
}

/// The legend of [`bar`]'s colors.
pub fn legend(labels: &[&str]) -> String {
    let mut out = String::from(r#"<div class="legend">"#);
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(out, r#"<span class="s{}"></span>{}"#, i.min(4), escape(l));
    }
    out.push_str("</div>");
    out
}
