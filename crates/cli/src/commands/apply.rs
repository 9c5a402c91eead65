//! `strata apply`: make the database match the schema, in one transaction.
use super::ExitStatus;
use super::plan::build;
use super::shared::Access;
use crate::cli::{ApplyArgs, Format};
use crate::config::Config;
use crate::error::{CliError, destructive, plural};
use crate::printer::Printer;
use strata::HazardKind;

pub fn apply(args: &ApplyArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let mut planned = build(
        &args.target,
        &args.dev,
        &args.scope,
        Access::ReadWrite,
        config,
        printer,
    )?;
    let plan = &planned.plan;
    if plan.is_empty() {
        printer.status("No changes: the database matches the schema.");
        return Ok(ExitStatus::Success);
    }
    printer.plan(plan, Format::Text)?;
    printer.plan_total(plan);

    let steps = plan.steps.len();
    let losses: Vec<String> = plan
        .destructive_steps()
        .map(|step| {
            let why: Vec<&str> = step
                .hazards
                .iter()
                .filter(|h| h.kind == HazardKind::DataLoss)
                .map(|h| h.message.as_str())
                .collect();
            format!("{}: {}", step.summary, why.join("; "))
        })
        .collect();
    if !losses.is_empty() && !args.allow_destructive {
        return Err(destructive(&losses));
    }
    if !args.yes {
        if !printer.can_prompt() {
            return Err(CliError::refused(
                "refusing to apply without confirmation: standard input is not a terminal",
            )
            .hint("pass `--yes` to apply without asking"));
        }
        let question = format!(
            "Apply {steps} {} to {}?",
            plural(steps, "step", "steps"),
            planned.target
        );
        if !printer.confirm(&question)? {
            printer.status("Nothing was changed.");
            return Ok(ExitStatus::Refused);
        }
    }

    strata::apply(planned.db.as_mut(), plan, args.allow_destructive)?;
    printer.status(&format!(
        "Applied {steps} {} to {}.",
        plural(steps, "step", "steps"),
        planned.target
    ));
    Ok(ExitStatus::Success)
}
