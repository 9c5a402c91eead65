//! `diff(from, to)`: the changes that turn one catalog into another.
//!
//! Pure and deterministic: no I/O, no SQL. Each [`Change`] carries the full objects it
//! needs, so a dialect can render it without looking anything up.
#![deny(missing_docs)]

mod change;
mod compare;

pub use change::{Change, EnumPosition};
pub use compare::diff;
