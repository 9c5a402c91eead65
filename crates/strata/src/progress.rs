//! Progress of online applies in strata's state table, so a failure in the middle is on
//! record and the next `apply` can say what happened before it plans again.
//!
//! A plan in one transaction is all or nothing and needs no record. An online plan gets
//! a row when it starts (`running`), an update after each transaction or
//! non-transactional step (`applied`, and the step that runs next in `failed_step` and
//! `failed_summary`), committed with that transaction, and its outcome when it ends:
//! `done`, or `failed` with the step that failed and how many steps before it were
//! applied. A row still `running` belongs to a run that was killed: it says which steps
//! ran and which one did not finish. The table is strata's own (marked `strata:owned`),
//! so plans, diffs and dumps never see it.
use crate::Error;
use crate::state::{column_list, quoted};
use strata_execute::{ApplyOptions, Database, Value};
use strata_plan::{ColumnType, Plan};

/// The progress table for the history table `history` (`strata_history` →
/// `strata_history_apply`, in the same schema).
pub fn progress_table(history: &str) -> String {
    format!("{history}_apply")
}

const MARKER: &str = "strata:owned apply-progress v1";

fn columns(db: &dyn Database) -> String {
    column_list(
        db,
        &[
            ("id", ColumnType::BigInt, " PRIMARY KEY"),
            ("started_at", ColumnType::Timestamp, " NOT NULL"),
            ("steps", ColumnType::BigInt, " NOT NULL"),
            ("applied", ColumnType::BigInt, " NOT NULL"),
            ("failed_step", ColumnType::BigInt, ""),
            ("failed_summary", ColumnType::Text, ""),
            ("outcome", ColumnType::Text, " NOT NULL"),
            ("error", ColumnType::Text, ""),
        ],
    )
}

/// What the last online apply left unfinished, as a line for the user, or `None` when it
/// finished (or there was none). Each unfinished run is reported once: it is marked
/// `reported` here.
pub fn interrupted_run(db: &mut dyn Database, history: &str) -> Result<Option<String>, Error> {
    let table = progress_table(history);
    let name = table.rsplit('.').next().unwrap_or(&table).to_string();
    let q = quoted(db, &table);
    if db.table_marker(&q, &name)?.is_none() {
        return Ok(None);
    }
    let rows = db.query(&format!(
        "SELECT outcome, steps, applied, failed_step, failed_summary, error, started_at, id \
         FROM {q} ORDER BY id DESC LIMIT 1"
    ))?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    let started = text(6);
    let note = match text(0).as_str() {
        "done" | "reported" => return Ok(None),
        "failed" => format!(
            "the online apply started at {started} stopped: step {} ({}) failed after {} of {} steps were applied ({}); planning again from the live database",
            text(3),
            text(4),
            text(2),
            text(1),
            text(5).lines().next().unwrap_or_default()
        ),
        _ => format!(
            "the online apply started at {started} was interrupted: {}; planning again from the live database",
            interrupted_at(&text(2), &text(1), &text(3), &text(4))
        ),
    };
    let id: i64 = text(7).parse().unwrap_or_default();
    let p = db.dialect().placeholder(1);
    db.execute_bound(
        &format!("UPDATE {q} SET outcome = 'reported' WHERE id = {p}"),
        &[Value::Int(Some(id))],
    )?;
    Ok(Some(note))
}

/// `steps 1-2 of 5 ran; step 3 (create index ..) did not finish`, from the row's
/// `applied`, `steps`, and the step that was running.
fn interrupted_at(applied: &str, steps: &str, next: &str, summary: &str) -> String {
    let ran = match applied {
        "0" => "no step finished".to_string(),
        "1" => format!("step 1 of {steps} ran"),
        n => format!("steps 1-{n} of {steps} ran"),
    };
    if next.is_empty() {
        return format!("{ran}; it stopped before recording its end");
    }
    format!("{ran}; step {next} ({summary}) did not finish")
}

/// Runs an online plan with its progress recorded; a plan in one transaction just runs.
pub fn apply_recorded(
    db: &mut dyn Database,
    plan: &Plan,
    options: &ApplyOptions,
    history: &str,
) -> Result<(), Error> {
    if plan.is_single_transaction() {
        db.apply(plan, options)?;
        return Ok(());
    }
    let table = progress_table(history);
    let q = quoted(db, &table);
    for statement in db.dialect().create_owned_table(&q, &columns(&*db), MARKER) {
        db.execute(&statement)?;
    }
    let id: i64 = db
        .query(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {q}"))?
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let marks: Vec<String> = (1..=6).map(|n| db.dialect().placeholder(n)).collect();
    let p = |n: usize| marks[n - 1].clone();
    let insert = format!(
        "INSERT INTO {q} (id, started_at, steps, applied, failed_step, failed_summary, outcome) \
         VALUES ({}, {}, {}, 0, 1, {}, 'running')",
        p(1),
        p(2),
        p(3),
        p(4)
    );
    db.execute_bound(
        &insert,
        &[
            Value::Int(Some(id)),
            Value::Timestamp(Some(std::time::SystemTime::now())),
            Value::Int(Some(plan.steps.len() as i64)),
            Value::Text(plan.steps.first().map(|s| s.summary.clone())),
        ],
    )?;
    // Each group records its progress in its own transaction (the id is a literal: the
    // executor binds only the progress values).
    let options = ApplyOptions {
        record_progress: Some(format!(
            "UPDATE {q} SET applied = {}, failed_step = {}, failed_summary = {} WHERE id = {id}",
            p(1),
            p(2),
            p(3)
        )),
        ..options.clone()
    };
    let result = db.apply(plan, &options);
    let (applied, failed, summary, outcome, error) = match &result {
        Ok(()) => (plan.steps.len(), None, None, "done", None),
        Err(e) => (
            e.applied,
            Some(e.step),
            Some(e.summary.clone()),
            "failed",
            Some(e.message.clone()),
        ),
    };
    let update = format!(
        "UPDATE {q} SET applied = {}, failed_step = {}, failed_summary = {}, outcome = {}, error = {} WHERE id = {}",
        p(1),
        p(2),
        p(3),
        p(4),
        p(5),
        p(6)
    );
    db.execute_bound(
        &update,
        &[
            Value::Int(Some(applied as i64)),
            Value::Int(failed.map(|s: usize| s as i64)),
            Value::Text(summary),
            Value::Text(Some(outcome.to_string())),
            Value::Text(error),
            Value::Int(Some(id)),
        ],
    )?;
    result?;
    Ok(())
}
