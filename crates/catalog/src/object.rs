use crate::QualName;
use serde::Serialize;
use std::fmt;

/// Identifies one schema object, for dependency edges and for comments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ObjectId {
    /// A schema (namespace).
    Schema(String),
    /// An extension, by name.
    Extension(String),
    /// A collation.
    Collation(QualName),
    /// A user-defined type: enum, domain or composite.
    Type(QualName),
    /// A sequence.
    Sequence(QualName),
    /// A table (also a partitioned table or a partition).
    Table(QualName),
    /// A column of a table.
    Column(QualName, String),
    /// A table constraint, by table and constraint name.
    Constraint(QualName, String),
    /// An index; indexes share the schema of their table.
    Index(QualName),
    /// A view or materialized view.
    View(QualName),
    /// A function or procedure: name and its identity argument list (`integer, text`).
    Function(QualName, String),
    /// A trigger on a table or view.
    Trigger(QualName, String),
    /// A row-level security policy on a table.
    Policy(QualName, String),
    /// An event trigger, by name (they are database-wide).
    EventTrigger(String),
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectId::Schema(n) => write!(f, "schema {n}"),
            ObjectId::Extension(n) => write!(f, "extension {n}"),
            ObjectId::Collation(n) => write!(f, "collation {n}"),
            ObjectId::Type(n) => write!(f, "type {n}"),
            ObjectId::Sequence(n) => write!(f, "sequence {n}"),
            ObjectId::Table(n) => write!(f, "table {n}"),
            ObjectId::Column(t, c) => write!(f, "column {t}.{c}"),
            ObjectId::Constraint(t, c) => write!(f, "constraint {c} on {t}"),
            ObjectId::Index(n) => write!(f, "index {n}"),
            ObjectId::View(n) => write!(f, "view {n}"),
            ObjectId::Function(n, a) => write!(f, "function {n}({a})"),
            ObjectId::Trigger(t, n) => write!(f, "trigger {n} on {t}"),
            ObjectId::Policy(t, n) => write!(f, "policy {n} on {t}"),
            ObjectId::EventTrigger(n) => write!(f, "event trigger {n}"),
        }
    }
}
