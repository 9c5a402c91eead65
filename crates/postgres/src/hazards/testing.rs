//! Helpers for the rule tests: render a change and name the rules it reports.
use crate::PostgresDialect;
use std::collections::BTreeMap;
pub(crate) use strata_catalog::*;
pub(crate) use strata_diff::Change;
use strata_plan::{Dialect, rules};

/// The codes of the hazards `change` renders with. Panics on a hazard whose rule is
/// not in the registry, so every tested finding is also a registry check.
pub(crate) fn codes(change: Change) -> Vec<&'static str> {
    let registry = rules::all(&PostgresDialect);
    PostgresDialect
        .render(&change)
        .expect("postgres renders every change")
        .hazards
        .iter()
        .map(|h| {
            let rule = registry.iter().find(|r| r.code == h.code);
            let rule = rule.unwrap_or_else(|| panic!("{} is not in the registry", h.code));
            assert_eq!((rule.name, rule.axis), (h.name.as_str(), h.axis));
            rule.code
        })
        .collect()
}

pub(crate) fn q(name: &str) -> QualName {
    QualName::new("public", name)
}

pub(crate) fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        not_null: false,
        default: None,
        default_sequence: None,
        collation: None,
        identity: None,
        generated: None,
        comment: None,
    }
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
