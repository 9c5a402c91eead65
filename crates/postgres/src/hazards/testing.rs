//! Helpers for the rule tests: render a change and name the rules it reports.
pub(crate) use crate::PostgresDialect;
use std::collections::BTreeMap;
pub(crate) use strata_catalog::*;
pub(crate) use strata_diff::Change;
use strata_plan::{Dialect, rules};

/// The codes of the hazards `change` renders with. Panics on a hazard whose rule is
/// not in the registry, so every tested finding is also a registry check.
pub(crate) fn codes(change: Change) -> Vec<&'static str> {
    codes_on(crate::version::OLDEST_SUPPORTED.major, change)
}

/// `change` rendered for a server of major version `major`.
pub(crate) fn rendered_on(major: u32, change: Change) -> strata_plan::Rendered {
    PostgresDialect::for_version(crate::version::PgVersion::major(major))
        .render(&change)
        .expect("postgres renders every change")
}

/// [`codes`] on a server of major version `major`.
pub(crate) fn codes_on(major: u32, change: Change) -> Vec<&'static str> {
    rendered_on(major, change)
        .hazards
        .iter()
        .map(|h| {
            rules::registered(&PostgresDialect, h)
                .unwrap_or_else(|| panic!("{} is not in the registry", h.code))
                .code
        })
        .collect()
}

pub(crate) fn q(name: &str) -> QualName {
    QualName::new("public", name)
}

pub(crate) fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

pub(crate) fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: q(name),
        columns,
        constraints: BTreeMap::new(),
        comment: None,
        policies: BTreeMap::new(),
        ext: TableExt::Postgres(PgTable::default()),
    }
}

pub(crate) fn constraint(kind: ConstraintKind, definition: &str) -> Constraint {
    Constraint {
        name: "t_c".into(),
        kind,
        definition: definition.into(),
        columns: vec!["n".into()],
        references: None,
        comment: None,
        only: false,
        attached_to: None,
    }
}

pub(crate) fn check(definition: &str) -> Constraint {
    constraint(ConstraintKind::Check, definition)
}

pub(crate) fn add(constraint: Constraint) -> Change {
    Change::AddConstraint {
        table: q("t"),
        constraint,
    }
}
