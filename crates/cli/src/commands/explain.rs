//! `strata explain [RULE]`: the documentation of the hazard rules, from the same registry
//! the plans report from, so what it prints is what a finding means.
use super::ExitStatus;
use crate::cli::ExplainArgs;
use crate::error::CliError;
use crate::printer::Printer;
use strata::{Engine, Rule, all_rules, dialect};

pub fn explain(args: &ExplainArgs, printer: Printer) -> Result<ExitStatus, CliError> {
    let rules = all_rules();
    let chosen: Vec<_> = match &args.rule {
        None => rules.iter().collect(),
        Some(wanted) => {
            let found: Vec<_> = rules.iter().filter(|(r, _)| names(r, wanted)).collect();
            if found.is_empty() {
                return Err(
                    CliError::error(format!("no hazard rule is called {wanted:?}"))
                        .hint("run `strata explain` to list every rule"),
                );
            }
            found
        }
    };
    let text = if args.json {
        json(&chosen)
    } else if args.rule.is_some() {
        chosen
            .iter()
            .map(|(r, e)| detail(r, e))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        list(&chosen)
    };
    printer.data(&text)?;
    Ok(ExitStatus::Success)
}

/// A rule is named by its code (any case) or its name.
fn names(rule: &Rule, wanted: &str) -> bool {
    rule.code.eq_ignore_ascii_case(wanted) || rule.name == wanted
}

/// One line per rule under a header, columns aligned.
fn list(rules: &[&(&Rule, Vec<Engine>)]) -> String {
    let width =
        |f: &dyn Fn(&Rule) -> usize| rules.iter().map(|(r, _)| f(r)).max().unwrap_or(0).max(4);
    let (c, n, a) = (
        width(&|r| r.code.len()),
        width(&|r| r.name.len()),
        width(&|r| axis(r).len()),
    );
    let mut out = format!("{:c$}  {:n$}  {:a$}  WHAT\n", "CODE", "NAME", "AXIS");
    for (r, _) in rules {
        let ax = axis(r);
        out.push_str(&format!(
            "{:c$}  {:n$}  {ax:a$}  {}\n",
            r.code, r.name, r.summary
        ));
    }
    out
}

/// The whole documentation of one rule.
fn detail(rule: &Rule, engines: &[Engine]) -> String {
    format!(
        "{} {} ({})\n  {}\n\n  why: {}\n  instead: {}\n  reported on: {}\n",
        rule.code,
        rule.name,
        axis(rule),
        rule.summary,
        rule.why,
        rule.instead,
        databases(engines).join(", ")
    )
}

fn json(rules: &[&(&Rule, Vec<Engine>)]) -> String {
    let items: Vec<_> = rules
        .iter()
        .map(|(r, e)| {
            serde_json::json!({
                "code": r.code,
                "name": r.name,
                "axis": r.axis,
                "summary": r.summary,
                "why": r.why,
                "instead": r.instead,
                "databases": databases(e),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&items).expect("rules serialize");
    text.push('\n');
    text
}

fn axis(rule: &Rule) -> String {
    serde_json::to_value(rule.axis)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn databases(engines: &[Engine]) -> Vec<&'static str> {
    engines.iter().map(|e| dialect(*e).name()).collect()
}
