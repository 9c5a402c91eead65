//! PostgreSQL's answers to the questions the generic diff and plan ask: what can change in
//! place, the names the server picks, and which objects its rendered text names. Each
//! rule reads what introspection stored.
mod enums;
mod functions;
mod indexes;
mod names;
pub(crate) mod recreate;
#[cfg(test)]
mod tests;

use crate::PostgresDialect;

/// An identifier as the server writes it in rendered text: bare when it is lower case
/// and plain, quoted otherwise (keywords are rare enough in names to be left out; a miss
/// only recreates an object).
fn rendered_ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain {
        name.to_string()
    } else {
        strata_sqltext::quote_ident(name)
    }
}
use strata_catalog::{Constraint, Function, Index, QualName};
use strata_diff::{DiffRules, EnumPosition};

impl DiffRules for PostgresDialect {
    /// Introspection runs with an empty `search_path`, so the server qualifies every user
    /// object in the text it renders: `schema.name` pairs are the references.
    fn references_in(&self, text: &str) -> Vec<QualName> {
        strata_sqltext::qualified_names(text)
    }

    fn mentions_column(&self, text: &str, column: &str) -> bool {
        strata_sqltext::mentions(text, column)
    }

    /// The server renders names by OID, so a rename reaches every text naming the object.
    fn rename_in_text(&self, text: &str, old: &QualName, new: &QualName) -> Option<String> {
        strata_sqltext::rename_qualified(text, old, new, &rendered_ident)
    }

    fn rename_column_in_text(&self, text: &str, old: &str, new: &str) -> Option<String> {
        strata_sqltext::rename_ident(text, &|s| s == old, new, &rendered_ident)
    }

    /// An identity column's own sequence is not in the model; it usually has the name a
    /// serial sequence for the column would take, and a new serial sequence may need it.
    fn identity_sequence(&self, table: &QualName, column: &str) -> Option<QualName> {
        Some(QualName::new(
            &table.schema,
            format!("{}_{column}_seq", table.name),
        ))
    }

    fn can_replace_function(&self, from: &Function, to: &Function) -> bool {
        functions::can_replace(from, to)
    }

    fn enum_additions(
        &self,
        old: &[String],
        new: &[String],
    ) -> Option<Vec<(String, EnumPosition)>> {
        enums::additions(old, new)
    }

    fn added_label_used(&self, text: &str, name: &QualName, label: &str) -> bool {
        enums::uses_label(text, name, label)
    }

    fn detached_constraint_name(&self, partition: &QualName, c: &Constraint) -> String {
        names::detached_constraint(partition, c)
    }

    fn same_partitioned_index(&self, a: &Index, b: &Index) -> bool {
        indexes::same_partitioned(a, b)
    }

    fn same_index_shape(&self, a: &Index, b: &Index) -> bool {
        indexes::same_shape(a, b)
    }

    fn on_parent_only(&self, index: &Index) -> Index {
        indexes::on_parent_only(index)
    }
}
