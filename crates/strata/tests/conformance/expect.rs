//! `expect.toml`: the shape a case's plans must have, per direction.
//!
//! ```toml
//! [a-to-b]
//! require = ["alter:column", "hazard:rewrite"]
//! forbid  = ["replacement:table", "drop:table"]
//! ```
//!
//! An entry is `<verb>:<kind>` (a step's op, e.g. `create:index`), `replacement:<kind>`
//! (a drop and a create of the same object in one plan) or `hazard:<id>`.
use std::path::Path;
use strata::plan::Verb;
use strata::{Hazard, Plan, Step};

/// The pinned shape of both directions; empty when the case pins nothing.
#[derive(Default)]
pub struct Expect {
    pub a_to_b: Shape,
    pub b_to_a: Shape,
}

/// Entries the plan of one direction must and must not match.
#[derive(Default)]
pub struct Shape {
    require: Vec<String>,
    forbid: Vec<String>,
}

/// Reads `path` when it exists.
pub fn load(path: &Path) -> Result<Expect, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Expect::default());
    };
    let at = |e: String| format!("{}: {e}", path.display());
    let table: toml::Table = text.parse().map_err(|e| at(format!("{e}")))?;
    let mut expect = Expect::default();
    for (key, value) in &table {
        let shape = match key.as_str() {
            "a-to-b" => &mut expect.a_to_b,
            "b-to-a" => &mut expect.b_to_a,
            other => return Err(at(format!("unknown section [{other}]"))),
        };
        *shape = parse_shape(value).map_err(|e| at(format!("[{key}] {e}")))?;
    }
    Ok(expect)
}

fn parse_shape(value: &toml::Value) -> Result<Shape, String> {
    let table = value.as_table().ok_or("is not a table")?;
    let mut shape = Shape::default();
    for (key, list) in table {
        let entries = match key.as_str() {
            "require" => &mut shape.require,
            "forbid" => &mut shape.forbid,
            other => return Err(format!("unknown key `{other}`")),
        };
        for entry in list.as_array().ok_or(format!("`{key}` is not a list"))? {
            let entry = entry
                .as_str()
                .ok_or(format!("`{key}` holds a non-string"))?;
            if !entry.contains(':') {
                return Err(format!("`{entry}` is not `<verb>:<kind>` or `hazard:<id>`"));
            }
            entries.push(entry.to_string());
        }
    }
    Ok(shape)
}

/// Checks the plan against the shape; the error names the violated entry.
pub fn check(shape: &Shape, plan: &Plan) -> Result<(), String> {
    for entry in &shape.require {
        if matches(entry, plan).is_empty() {
            return Err(format!(
                "expect: required `{entry}` is not in the plan:\n{}",
                outline(plan)
            ));
        }
    }
    for entry in &shape.forbid {
        let found = matches(entry, plan);
        if !found.is_empty() {
            return Err(format!(
                "expect: forbidden `{entry}` is in the plan ({}):\n{}",
                found.join(", "),
                outline(plan)
            ));
        }
    }
    Ok(())
}

/// Summaries of the steps matching `entry`.
fn matches(entry: &str, plan: &Plan) -> Vec<String> {
    let (what, kind) = entry.split_once(':').unwrap_or((entry, ""));
    let hit = |s: &Step| match what {
        "hazard" => s
            .hazards
            .iter()
            .any(|h| hazard_ids(h).iter().any(|id| id == kind)),
        _ => s.op.is_some_and(|op| op.to_string() == entry),
    };
    if what == "replacement" {
        return replacements(kind, plan);
    }
    plan.steps
        .iter()
        .filter(|s| hit(s))
        .map(|s| s.summary.clone())
        .collect()
}

/// Drops of a `kind` object that the same plan creates again.
fn replacements(kind: &str, plan: &Plan) -> Vec<String> {
    let of = |verb: Verb| {
        plan.steps.iter().filter(move |s| {
            s.op.is_some_and(|op| op.verb == verb && op.kind.as_str() == kind)
        })
    };
    of(Verb::Drop)
        .filter(|d| of(Verb::Create).any(|c| object(c) == object(d)))
        .map(|d| object(d).to_string())
        .collect()
}

/// The object a step names: its summary without the verb (`table public.t`).
fn object(step: &Step) -> &str {
    step.summary.split_once(' ').map_or("", |(_, rest)| rest)
}

/// The names a hazard answers to in `hazard:` entries: its rule's code (`PG001`), its
/// name (`add-index-non-concurrently`) and its axis (`data-loss`).
pub fn hazard_ids(hazard: &Hazard) -> Vec<String> {
    vec![
        hazard.code.clone(),
        hazard.name.clone(),
        hazard.axis.to_string(),
    ]
}

/// Each step's op and summary, for failure messages.
fn outline(plan: &Plan) -> String {
    plan.steps
        .iter()
        .map(|s| {
            let op = s.op.map_or("-".into(), |op| op.to_string());
            let hazards: Vec<String> = s.hazards.iter().flat_map(hazard_ids).collect();
            format!("  {op:<24} {}  [{}]\n", s.summary, hazards.join(", "))
        })
        .collect()
}
