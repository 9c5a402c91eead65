use crate::Hazard;
use serde::{Deserialize, Serialize};

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
}

impl Step {
    /// True when the step loses data.
    pub fn is_destructive(&self) -> bool {
        self.hazards.iter().any(Hazard::is_data_loss)
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
