use crate::{Effort, Hazard, Lock};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One reviewable unit of a plan: a change, its SQL and its hazards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// One line for the user: `create table public.users`.
    pub summary: String,
    /// Why the step is there when it is not a direct difference (a view dropped and
    /// recreated around a column change).
    pub reason: Option<String>,
    /// Statements, without trailing semicolons.
    pub statements: Vec<String>,
    /// Hazards.
    pub hazards: Vec<Hazard>,
    /// False when the statements cannot run in a transaction block.
    pub transactional: bool,
    /// Runs in a transaction of its own, after what ran before it committed (an online
    /// plan's `VALIDATE CONSTRAINT`, which must not hold the locks of the step that added
    /// the constraint). Only meaningful when [`Step::transactional`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_transaction: bool,
    /// An index (quoted, qualified) that the step builds concurrently: when a failed
    /// build left an INVALID index of that name, the executor drops it (concurrently)
    /// before running the step, so a retry or a second apply can build it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces_invalid_index: Option<String>,
    /// What the step does, for tools that check a plan's shape; `None` for steps not
    /// built from a change (a revision's script) and in plans saved before it existed.
    #[serde(default)]
    pub op: Option<StepOp>,
    /// The locks the step takes on relations that exist before the plan (empty in plans
    /// saved before locks were recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<Lock>,
    /// How long the step holds them; `None` when unknown (older saved plans, scripts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
}

/// What a step does to which kind of object: `alter column`, `drop index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOp {
    /// The verb.
    pub verb: Verb,
    /// The kind of object.
    pub kind: ObjectKind,
}

/// What a step does to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    /// Makes it (and `ADD COLUMN`, `GRANT`).
    Create,
    /// Changes it in place.
    Alter,
    /// Removes it (and `REVOKE`).
    Drop,
    /// Gives it a new name.
    Rename,
    /// Replaces its definition (`CREATE OR REPLACE`, or drop and create in one step).
    Replace,
    /// SQLite's copy into a new table of the new shape.
    Rebuild,
}

/// The kind of object a step changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum ObjectKind {
    Schema,
    Extension,
    Collation,
    Type,
    Domain,
    Sequence,
    Table,
    Column,
    Constraint,
    Index,
    View,
    MaterializedView,
    Function,
    Trigger,
    EventTrigger,
    Policy,
    Grant,
    Comment,
}

impl fmt::Display for StepOp {
    /// `alter:column`, the form conformance pins use (the serde names).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.verb {
            Verb::Create => "create",
            Verb::Alter => "alter",
            Verb::Drop => "drop",
            Verb::Rename => "rename",
            Verb::Replace => "replace",
            Verb::Rebuild => "rebuild",
        };
        write!(f, "{verb}:{}", self.kind.as_str())
    }
}

impl ObjectKind {
    /// The kebab-case name: `materialized-view`.
    pub fn as_str(self) -> &'static str {
        use ObjectKind::*;
        match self {
            Schema => "schema",
            Extension => "extension",
            Collation => "collation",
            Type => "type",
            Domain => "domain",
            Sequence => "sequence",
            Table => "table",
            Column => "column",
            Constraint => "constraint",
            Index => "index",
            View => "view",
            MaterializedView => "materialized-view",
            Function => "function",
            Trigger => "trigger",
            EventTrigger => "event-trigger",
            Policy => "policy",
            Grant => "grant",
            Comment => "comment",
        }
    }
}

impl Step {
    /// True when the step loses data.
    pub fn is_destructive(&self) -> bool {
        self.hazards.iter().any(Hazard::is_data_loss)
    }
}

/// How a run of steps executes: one transaction, or one step outside any transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// Steps (0-based, consecutive) that commit together.
    Transaction(std::ops::Range<usize>),
    /// One step (0-based) that runs outside a transaction block, statement by statement.
    Alone(usize),
}

impl Group {
    /// The 0-based step indexes of the group.
    pub fn steps(&self) -> std::ops::Range<usize> {
        match self {
            Group::Transaction(r) => r.clone(),
            Group::Alone(i) => *i..*i + 1,
        }
    }
}

/// An ordered list of steps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Steps in execution order.
    pub steps: Vec<Step>,
    /// Settings the statements assume, for running the plan as SQL text outside strata
    /// (`SET standard_conforming_strings = on`: the server rendered its literals that
    /// way). strata's own sessions already have them.
    #[serde(default)]
    pub preamble: Vec<String>,
    /// The server version the findings assume (see [`crate::Dialect::server_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
}

impl Plan {
    /// True when there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps that lose data.
    pub fn destructive_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.is_destructive())
    }

    /// The transaction boundaries: consecutive transactional steps share a transaction,
    /// a step with [`Step::own_transaction`] gets one to itself, and a non-transactional
    /// step runs alone. A plan without either is one transaction.
    pub fn groups(&self) -> Vec<Group> {
        let mut groups = Vec::new();
        let mut start = None;
        for (i, step) in self.steps.iter().enumerate() {
            let joins = step.transactional && !step.own_transaction;
            if !joins && let Some(s) = start.take() {
                groups.push(Group::Transaction(s..i));
            }
            if !step.transactional {
                groups.push(Group::Alone(i));
            } else if step.own_transaction {
                groups.push(Group::Transaction(i..i + 1));
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            groups.push(Group::Transaction(s..self.steps.len()));
        }
        groups
    }

    /// True when the whole plan runs in one transaction.
    pub fn is_single_transaction(&self) -> bool {
        self.groups().len() <= 1 && self.steps.iter().all(|s| s.transactional)
    }

    /// All statements in order, each ending with `;` on its own line, after the
    /// preamble (when there is anything to run).
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        if !self.is_empty() {
            for stmt in &self.preamble {
                out.push_str(stmt);
                out.push_str(";\n");
            }
        }
        for step in &self.steps {
            for stmt in &step.statements {
                out.push_str(stmt);
                out.push_str(";\n");
            }
        }
        out
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    fn step(transactional: bool, own_transaction: bool) -> Step {
        Step {
            summary: "s".into(),
            reason: None,
            statements: vec!["SELECT 1".into()],
            hazards: Vec::new(),
            transactional,
            own_transaction,
            replaces_invalid_index: None,
            op: None,
            locks: Vec::new(),
            effort: None,
        }
    }

    #[test]
    fn groups_split_at_steps_that_run_alone_or_in_their_own_transaction() {
        let plan = |steps| Plan {
            steps,
            ..Plan::default()
        };
        let simple = plan(vec![step(true, false), step(true, false)]);
        assert_eq!(simple.groups(), [Group::Transaction(0..2)]);
        assert!(simple.is_single_transaction());
        let online = plan(vec![
            step(true, false),
            step(true, false),
            step(false, false),
            step(true, false),
            step(true, true),
            step(true, false),
        ]);
        assert_eq!(
            online.groups(),
            [
                Group::Transaction(0..2),
                Group::Alone(2),
                Group::Transaction(3..4),
                Group::Transaction(4..5),
                Group::Transaction(5..6),
            ]
        );
        assert!(!online.is_single_transaction());
        assert!(!plan(vec![step(false, false)]).is_single_transaction());
    }
}
