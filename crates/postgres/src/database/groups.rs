//! Running a plan that is more than one transaction (an online plan): each
//! [`Group`] commits on its own, every locking statement runs under `lock_timeout`, and
//! a group that gave up waiting for a lock is rolled back and tried again with backoff.
//! A failure stops the plan and says which steps were applied.
use super::{LOCK_NOT_AVAILABLE, PgDatabase, apply_error};
use crate::error::statement_error;
use crate::lock;
use std::time::Duration;
use strata_execute::{ApplyError, ApplyOptions, Database, DbError, Value};
use strata_plan::{Group, Plan, Step};

impl PgDatabase {
    pub(super) fn apply_groups(
        &mut self,
        plan: &Plan,
        options: &ApplyOptions,
    ) -> Result<(), ApplyError> {
        for group in plan.groups() {
            self.run_group_with_retries(plan, &group, options)
                .map_err(|mut e| {
                    e.applied = group.steps().start;
                    e.total = plan.steps.len();
                    e
                })?;
        }
        Ok(())
    }

    fn run_group_with_retries(
        &mut self,
        plan: &Plan,
        group: &Group,
        options: &ApplyOptions,
    ) -> Result<(), ApplyError> {
        let mut wait = options.backoff;
        let mut attempt = 0;
        loop {
            let Err((i, e)) = self.run_group(plan, group, options) else {
                return Ok(());
            };
            let step = &plan.steps[i];
            let timed_out = e.code() == Some(LOCK_NOT_AVAILABLE);
            if !timed_out || attempt >= options.retries {
                let mut error = apply_error(i + 1, &step.summary, &e);
                if timed_out {
                    error.message = lock::timeout_message_for(
                        &mut self.client,
                        e.statement().unwrap_or_default(),
                        options.lock_timeout,
                        attempt + 1,
                    );
                }
                return Err(error);
            }
            attempt += 1;
            if let Some(notify) = options.on_retry {
                notify(&format!(
                    "step {} ({}) gave up waiting for a lock; retrying in {} (attempt {} of {})",
                    i + 1,
                    step.summary,
                    seconds(wait),
                    attempt + 1,
                    options.retries + 1
                ));
            }
            std::thread::sleep(wait);
            wait *= 2;
        }
    }

    /// Runs one group once; on error, the 0-based step that failed.
    fn run_group(
        &mut self,
        plan: &Plan,
        group: &Group,
        options: &ApplyOptions,
    ) -> Result<(), (usize, DbError)> {
        match group {
            Group::Transaction(steps) => {
                let first = steps.start;
                self.begin().map_err(|e| (first, e))?;
                let result = self
                    .run_transaction(plan, steps.clone(), options)
                    .and_then(|()| {
                        self.record_progress(plan, steps.end, options)
                            .map_err(|e| (steps.end - 1, e))
                    });
                match result {
                    Ok(()) => self.commit().map_err(|e| (steps.end - 1, e)),
                    Err(e) => {
                        self.rollback();
                        Err(e)
                    }
                }
            }
            Group::Alone(i) => {
                let result = self.run_alone(&plan.steps[*i], options);
                // The session's timeouts must not outlive the step.
                let _ = self
                    .client
                    .batch_execute("RESET lock_timeout; RESET statement_timeout");
                result
                    .and_then(|()| self.record_progress(plan, i + 1, options))
                    .map_err(|e| (*i, e))
            }
        }
    }

    fn run_transaction(
        &mut self,
        plan: &Plan,
        steps: std::ops::Range<usize>,
        options: &ApplyOptions,
    ) -> Result<(), (usize, DbError)> {
        let first = steps.start;
        let validates = steps.clone().any(|i| plan.steps[i].own_transaction);
        // A validation reads the whole table by design: no statement timeout for it.
        let statement_timeout = if validates {
            None
        } else {
            options.statement_timeout
        };
        self.run(&timeouts(true, options.lock_timeout, statement_timeout))
            .map_err(|e| (first, e))?;
        for i in steps {
            for statement in &plan.steps[i].statements {
                self.run(statement).map_err(|e| (i, e))?;
            }
        }
        Ok(())
    }

    /// A step outside any transaction: statement by statement, each committing on its
    /// own. An INVALID index that a failed build of the same index left is dropped first.
    fn run_alone(&mut self, step: &Step, options: &ApplyOptions) -> Result<(), DbError> {
        // Concurrent builds wait for older transactions by design: no statement timeout.
        self.run(&timeouts(false, options.lock_timeout, None))?;
        if let Some(index) = &step.replaces_invalid_index
            && self.is_invalid_index(index)?
        {
            if let Some(notify) = options.on_retry {
                notify(&format!(
                    "dropping index {} first: an earlier build failed and left it invalid",
                    strata_catalog::comment_text(index)
                ));
            }
            self.run(&format!("DROP INDEX CONCURRENTLY {index}"))?;
        }
        for statement in &step.statements {
            self.run(statement)?;
        }
        Ok(())
    }

    /// Runs the caller's progress statement: `done` steps applied, the next one named.
    fn record_progress(
        &mut self,
        plan: &Plan,
        done: usize,
        options: &ApplyOptions,
    ) -> Result<(), DbError> {
        let Some(sql) = &options.record_progress else {
            return Ok(());
        };
        let next = plan.steps.get(done);
        let params = [
            Value::Int(Some(done as i64)),
            Value::Int(next.map(|_| done as i64 + 1)),
            Value::Text(next.map(|s| s.summary.clone())),
        ];
        Database::execute_bound(self, sql, &params)
    }

    fn is_invalid_index(&mut self, index: &str) -> Result<bool, DbError> {
        let sql = "SELECT NOT i.indisvalid FROM pg_catalog.pg_index i \
                   WHERE i.indexrelid = pg_catalog.to_regclass($1)";
        let rows = self
            .client
            .query(sql, &[&index])
            .map_err(|e| statement_error(sql, &e))?;
        Ok(rows.first().is_some_and(|r| r.get::<_, bool>(0)))
    }
}

/// `SET [LOCAL] lock_timeout = '..'; SET [LOCAL] statement_timeout = '..'` (`0` waits).
fn timeouts(local: bool, lock: Option<Duration>, statement: Option<Duration>) -> String {
    format!(
        "{}; {}",
        crate::timeouts::set_lock_timeout(lock, local),
        crate::timeouts::set_statement_timeout(statement, local)
    )
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_set_in_milliseconds() {
        assert_eq!(
            timeouts(true, Some(Duration::from_secs(2)), None),
            "SET LOCAL lock_timeout = '2000ms'; SET LOCAL statement_timeout = '0ms'"
        );
    }
}
