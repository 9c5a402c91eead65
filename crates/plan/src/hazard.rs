use serde::{Deserialize, Serialize};
use std::fmt;

/// What can go wrong when a step runs. Every step carries the hazards its dialect knows of;
/// data loss is the one `apply` refuses without `--allow-destructive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    /// The axis.
    pub kind: HazardKind,
    /// One line for the user, e.g. `drops column public.users.email and its data`.
    pub message: String,
}

/// Hazard axes (see the design notes on safety).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Rows or values are lost (drop table/column, narrowing type change).
    DataLoss,
    /// The table is rewritten, holding its lock for the whole rewrite.
    Rewrite,
    /// A lock that blocks reads or writes is taken.
    Lock,
    /// Existing clients may break (dropped or renamed objects they use).
    Compatibility,
    /// The change may fail on existing data (new NOT NULL, UNIQUE, CHECK).
    MayFail,
}

impl Hazard {
    /// Builds a hazard.
    pub fn new(kind: HazardKind, message: impl Into<String>) -> Self {
        Hazard {
            kind,
            message: message.into(),
        }
    }

    /// A data-loss hazard.
    pub fn data_loss(message: impl Into<String>) -> Self {
        Hazard::new(HazardKind::DataLoss, message)
    }
}

impl fmt::Display for HazardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HazardKind::DataLoss => "data loss",
            HazardKind::Rewrite => "table rewrite",
            HazardKind::Lock => "lock",
            HazardKind::Compatibility => "compatibility",
            HazardKind::MayFail => "may fail",
        })
    }
}
