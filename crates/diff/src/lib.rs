//! `diff(from, to, rules)`: the changes that turn one catalog into another.
//!
//! Pure and deterministic: no I/O, no SQL. What one database allows (what it can change in
//! place, the names it picks) comes from its [`DiffRules`]. Each [`Change`] carries the full objects it
//! needs, so a dialect can render it without looking anything up.
#![deny(missing_docs)]

mod change;
mod compare;
mod indexes;
mod renames;
mod rules;
mod tables;
mod types;

pub use change::{Change, EnumPosition, TypeColumn};
pub use compare::diff;
pub use renames::{Rename, RenameNote, Renamed, apply_renames, as_rename, exists, look_alikes};
pub use rules::{DiffRules, NoRules};

#[cfg(test)]
mod tests;
