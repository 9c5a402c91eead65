//! What one database decides that the generic diff cannot: which changes it can make in
//! place, and the names it gives things. Each dialect crate implements [`DiffRules`];
//! the defaults are the conservative choice that any database can run (drop and create).
use crate::EnumPosition;
use strata_catalog::{Constraint, Function, Index, QualName};

/// One database's answers to the questions the diff asks while pairing objects.
pub trait DiffRules {
    /// Whether `from` can become `to` in place (`CREATE OR REPLACE`) rather than by a drop
    /// and a create. Both have the same name and identity arguments.
    fn can_replace_function(&self, _from: &Function, _to: &Function) -> bool {
        false
    }

    /// The labels to add in place, each with its position, that turn an enum with labels
    /// `old` into one with `new`; `None` when the type must be replaced.
    fn enum_additions(
        &self,
        _old: &[String],
        _new: &[String],
    ) -> Option<Vec<(String, EnumPosition)>> {
        None
    }

    /// Whether `text` (an expression the same plan runs) uses `label` of enum `name`, when
    /// a label added in place cannot be used before the transaction commits. The default
    /// adds no labels in place, so nothing can use one.
    fn added_label_used(&self, _text: &str, _name: &QualName, _label: &str) -> bool {
        false
    }

    /// The name a partition gives its copy of the parent's constraint `c` when it is
    /// detached (the server may name key constraints after the partition).
    fn detached_constraint_name(&self, _partition: &QualName, c: &Constraint) -> String {
        c.name.clone()
    }

    /// Whether two versions of an index on a partitioned table are the same index,
    /// whether or not they cover the partitions yet.
    fn same_partitioned_index(&self, a: &Index, b: &Index) -> bool {
        a.definition == b.definition
    }

    /// Whether two indexes (on different tables, under different names) index the same
    /// way, so one can be attached to the other.
    fn same_index_shape(&self, a: &Index, b: &Index) -> bool {
        a.definition == b.definition
    }

    /// `index` made on its partitioned table alone, covering no partition until their
    /// indexes are attached to it.
    fn on_parent_only(&self, index: &Index) -> Index {
        index.clone()
    }
}

/// Rules that allow nothing in place: every change is a drop and a create.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRules;

impl DiffRules for NoRules {}
