use crate::{Blocks, Lock};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A named check on a step: what it finds, on which axis, why that matters and what to
/// do instead. Rules are `static`s; a [`Hazard`] is one finding of a rule.
///
/// Codes: `S…` rules mean the same on every database and live in [`crate::rules`];
/// `PG…` and `SQLITE…` rules describe one database's behaviour and live in that
/// database's crate. A code never changes meaning once released.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier: `S001`, `PG004`, `SQLITE002`.
    pub code: &'static str,
    /// Kebab-case name saying what the rule finds: `drop-column`.
    pub name: &'static str,
    /// The one axis the rule belongs to.
    pub axis: Axis,
    /// One line: what the step does.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// The safe alternative.
    pub instead: &'static str,
}

/// What can go wrong when a step runs: one finding of a [`Rule`]. Data loss is the axis
/// `apply` refuses without `--allow-destructive`.
///
/// The rule is stored by value (code, name, axis) so saved plans read back without a
/// lookup, and plans saved before rules existed (`kind` instead of `axis`) still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    /// The rule's code, e.g. `S002`; empty in plans saved before rules existed.
    #[serde(default)]
    pub code: String,
    /// The rule's name, e.g. `drop-column`.
    #[serde(default)]
    pub name: String,
    /// The rule's axis.
    #[serde(alias = "kind")]
    pub axis: Axis,
    /// One line for the user, e.g. `drops column public.users.email and its data`.
    pub message: String,
    /// The object the finding is about, named as approvals name it (see
    /// [`crate::subject`]): `public.users.email`. The plan fills it in from the step's
    /// change; `None` in plans saved before it existed and for a revision's script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// For lock and duration findings: the relation whose lock the finding is about
    /// (`public.users`), from the step's strongest lock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The lock mode taken on [`Hazard::relation`]: `ACCESS EXCLUSIVE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<String>,
    /// What that lock blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Blocks>,
    /// The safe alternative when it differs from the rule's own
    /// ([`Rule::instead`]), e.g. because the server version offers another way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
}

/// Hazard axes: each rule has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// A lock that blocks reads or writes is taken.
    Lock,
    /// The step takes time proportional to the data (a table rewrite or rebuild),
    /// holding its lock throughout.
    // `rewrite` is the name plans saved before rules used.
    #[serde(alias = "rewrite")]
    Duration,
    /// The step cannot run inside a transaction, or changes how it behaves in one.
    Transaction,
    /// Rows or values are lost (drop table/column, narrowing type change).
    #[serde(alias = "data_loss")]
    DataLoss,
    /// Existing clients may break (dropped or renamed objects they use).
    Compatibility,
    /// The step may fail depending on existing data (new NOT NULL, UNIQUE, CHECK).
    #[serde(alias = "may_fail")]
    DataDependent,
}

impl Hazard {
    /// A finding of `rule`.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Hazard {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            axis: rule.axis,
            message: message.into(),
            object: None,
            relation: None,
            lock: None,
            blocks: None,
            instead: None,
        }
    }

    /// The finding, with `instead` as its safe alternative (see [`Hazard::instead`]).
    pub fn instead(mut self, instead: impl Into<String>) -> Self {
        self.instead = Some(instead.into());
        self
    }

    /// The finding, about `lock` (see [`Hazard::relation`]).
    pub fn under(mut self, lock: &Lock) -> Self {
        self.relation = Some(lock.relation.clone());
        self.lock = Some(lock.mode.clone());
        self.blocks = Some(lock.blocks);
        self
    }

    /// The finding, about `object` (see [`Hazard::object`]).
    pub fn on(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    /// True when the hazard is on the data-loss axis.
    pub fn is_data_loss(&self) -> bool {
        self.axis == Axis::DataLoss
    }
}

impl Axis {
    /// The kebab-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Axis::Lock => "lock",
            Axis::Duration => "duration",
            Axis::Transaction => "transaction",
            Axis::DataLoss => "data-loss",
            Axis::Compatibility => "compatibility",
            Axis::DataDependent => "data-dependent",
        }
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `S002 drop-column: drops column ...`; a hazard from an old saved plan shows its axis.
impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code.is_empty() {
            write!(f, "{}: {}", self.axis, self.message)
        } else {
            write!(f, "{} {}: {}", self.code, self.name, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_code_name_axis_and_message() {
        let h = Hazard::new(&crate::rules::DROP_COLUMN, "drops column t.c and its data");
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["code"], "S002");
        assert_eq!(json["name"], "drop-column");
        assert_eq!(json["axis"], "data-loss");
        assert_eq!(serde_json::from_value::<Hazard>(json).unwrap(), h);
    }

    #[test]
    fn reads_hazards_saved_before_rules() {
        let old = r#"{"kind": "data_loss", "message": "drops table t and all its rows"}"#;
        let h: Hazard = serde_json::from_str(old).unwrap();
        assert!(h.is_data_loss());
        assert_eq!(h.to_string(), "data-loss: drops table t and all its rows");
        for (kind, axis) in [
            ("rewrite", Axis::Duration),
            ("lock", Axis::Lock),
            ("compatibility", Axis::Compatibility),
            ("may_fail", Axis::DataDependent),
        ] {
            let json = format!(r#"{{"kind": "{kind}", "message": "m"}}"#);
            assert_eq!(serde_json::from_str::<Hazard>(&json).unwrap().axis, axis);
        }
    }
}
