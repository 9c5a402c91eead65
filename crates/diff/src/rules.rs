//! What one database decides that the generic diff cannot: which changes it can make in
//! place, the names it gives things, and how its rendered text names other objects. Each
//! dialect crate implements [`DiffRules`]; the defaults are the conservative choice that
//! any database can run (drop and create).
use crate::EnumPosition;
use strata_catalog::{Constraint, Function, Index, QualName};

/// One database's answers to the questions the diff asks while pairing objects.
pub trait DiffRules {
    /// The `schema.name` references in `text`, something this database rendered (a type
    /// name, a default, a check, a view or trigger definition), in order of appearance;
    /// a type name's own type comes first. Names that are not objects (table aliases such
    /// as `u.id`) may come out too: callers keep the ones the catalog has.
    ///
    /// The default finds none, so the generic stages see no object in any text: guessing
    /// at a syntax they do not know could only invent dependencies (and cycles). What
    /// introspection recorded still orders the plan. A database that writes qualified
    /// names into its text implements this.
    fn references_in(&self, _text: &str) -> Vec<QualName> {
        Vec::new()
    }

    /// Whether `text`, something this database rendered, names `column` as a whole
    /// identifier (a generated column reading another one, a view using a column). Erring
    /// towards `true` is safe: it recreates a dependent too many.
    ///
    /// The default is `false`, like [`DiffRules::references_in`]: `true` for every text
    /// would make each generated column depend on every other column of its table, a
    /// cycle between any two generated columns.
    fn mentions_column(&self, _text: &str, _column: &str) -> bool {
        false
    }

    /// `text` (something this database rendered) as the database renders it once the
    /// object `old` is renamed to `new`, or `None` when it does not name it. The default
    /// rewrites nothing: objects whose text named the old name are then recreated, which
    /// is correct if slower.
    fn rename_in_text(&self, _text: &str, _old: &QualName, _new: &QualName) -> Option<String> {
        None
    }

    /// `text`, something this database rendered about one table (a constraint, an index,
    /// a default, its own `CREATE` text), as the database renders it once the table's
    /// column `old` is renamed to `new`; `None` when it does not name it. Also asked for
    /// an index's definition when the index is renamed (it names itself, bare). The
    /// default rewrites nothing (the objects are recreated).
    fn rename_column_in_text(&self, _text: &str, _old: &str, _new: &str) -> Option<String> {
        None
    }

    /// Whether `from` can become `to` in place (`CREATE OR REPLACE`) rather than by a drop
    /// and a create. Both have the same name and identity arguments.
    fn can_replace_function(&self, _from: &Function, _to: &Function) -> bool {
        false
    }

    /// The sequence that dropping the identity of `table`.`column` drops with it, when
    /// the database keeps one the model does not list. The default: none.
    fn identity_sequence(&self, _table: &QualName, _column: &str) -> Option<QualName> {
        None
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
