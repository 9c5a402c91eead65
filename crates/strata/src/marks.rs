//! Deprecation marks in strata's state table, so "deprecate before you drop" can be
//! checked against what was applied, not against what the files say today.
//!
//! When `apply` succeeds, the objects the schema files mark `-- strata:deprecated` are
//! recorded in `<history>_marks` beside the history table (marked `strata:owned`, so
//! plans, diffs and dumps never see it), replacing the set recorded before: an object
//! whose mark was removed is no longer deprecated. A database without the table has no
//! marks: every drop counts as not deprecated (the safe side).
use crate::Error;
use crate::state::{column_list, quoted};
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::ObjectId;
use strata_execute::{Database, Value};
use strata_plan::ColumnType;

const MARKER: &str = "strata:owned deprecation-marks v1";

/// The marks table for the history table `history` (`strata_history` →
/// `strata_history_marks`, in the same schema).
pub fn marks_table(history: &str) -> String {
    format!("{history}_marks")
}

/// The subject (as approvals name it: `public.users.email`) and the kind of each object
/// of `objects`.
pub fn subjects<'a>(objects: impl IntoIterator<Item = &'a ObjectId>) -> BTreeMap<String, String> {
    objects
        .into_iter()
        .map(|id| {
            let kind = format!("{:?}", id.kind()).to_lowercase();
            (strata_plan::object_subject(id), kind)
        })
        .collect()
}

fn columns(db: &dyn Database) -> String {
    column_list(
        db,
        &[
            ("subject", ColumnType::Text, " PRIMARY KEY"),
            ("kind", ColumnType::Text, " NOT NULL"),
            ("marked_at", ColumnType::Timestamp, " NOT NULL"),
        ],
    )
}

/// The subjects recorded as deprecated; none when the table does not exist yet.
pub fn deprecated_subjects(
    db: &mut dyn Database,
    history: &str,
) -> Result<BTreeSet<String>, Error> {
    let table = marks_table(history);
    let name = table.rsplit('.').next().unwrap_or(&table).to_string();
    let q = quoted(db, &table);
    if db.table_marker(&q, &name)?.is_none() {
        return Ok(BTreeSet::new());
    }
    let rows = db.query(&format!("SELECT subject FROM {q}"))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect())
}

/// Replaces the recorded marks with `marks` (subject → kind). Marks already recorded
/// keep their time. Creates the table on first use, unless there is nothing to record.
pub fn record_marks(
    db: &mut dyn Database,
    history: &str,
    marks: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let before = deprecated_subjects(db, history)?;
    if before.is_empty() && marks.is_empty() {
        return Ok(());
    }
    let q = quoted(db, &marks_table(history));
    for statement in db.dialect().create_owned_table(&q, &columns(&*db), MARKER) {
        db.execute(&statement)?;
    }
    let marks_of: Vec<String> = (1..=3).map(|n| db.dialect().placeholder(n)).collect();
    let p = |n: usize| marks_of[n - 1].clone();
    let delete = format!("DELETE FROM {q} WHERE subject = {}", p(1));
    for gone in before.iter().filter(|s| !marks.contains_key(*s)) {
        db.execute_bound(&delete, &[Value::Text(Some(gone.clone()))])?;
    }
    let insert = format!(
        "INSERT INTO {q} (subject, kind, marked_at) VALUES ({}, {}, {})",
        p(1),
        p(2),
        p(3)
    );
    let now = std::time::SystemTime::now();
    for (subject, kind) in marks.iter().filter(|(s, _)| !before.contains(*s)) {
        db.execute_bound(
            &insert,
            &[
                Value::Text(Some(subject.clone())),
                Value::Text(Some(kind.clone())),
                Value::Timestamp(Some(now)),
            ],
        )?;
    }
    Ok(())
}
