//! User-defined types: enums, domains, composites.
use crate::{Change, DiffRules, TypeColumn};
use std::collections::BTreeSet;
use strata_catalog::{Catalog, QualName, TypeKind, UserType};

/// Changes for a type present on both sides (comments are handled by the caller).
pub(crate) fn diff_type(
    from: &UserType,
    to: &UserType,
    from_cat: &Catalog,
    to_cat: &Catalog,
    rules: &dyn DiffRules,
) -> Vec<Change> {
    if from.kind == to.kind {
        return Vec::new();
    }
    let replace = || Change::ReplaceType {
        from: from.clone(),
        to: to.clone(),
        columns: converted_columns(&to.name, from_cat, to_cat, rules),
    };
    match (&from.kind, &to.kind) {
        (TypeKind::Enum { labels: old }, TypeKind::Enum { labels: new }) => {
            match rules.enum_additions(old, new) {
                Some(added) => added
                    .into_iter()
                    .map(|(value, position)| Change::AddEnumValue {
                        name: to.name.clone(),
                        value,
                        position,
                    })
                    .collect(),
                None => vec![replace()],
            }
        }
        (
            TypeKind::Domain {
                base: base_a,
                collation: coll_a,
                ..
            },
            TypeKind::Domain {
                base: base_b,
                collation: coll_b,
                ..
            },
        ) if base_a == base_b && coll_a == coll_b => vec![Change::AlterDomain {
            from: from.clone(),
            to: to.clone(),
        }],
        _ => vec![replace()],
    }
}

/// A database may refuse to use a label added in place before the transaction commits
/// ([`DiffRules::added_label_used`]) while accepting the labels of a type created in the
/// same transaction. So when the other changes use a new label, the type is replaced
/// instead of extended.
pub(crate) fn replace_enums_whose_new_labels_are_used(
    changes: Vec<Change>,
    from: &Catalog,
    to: &Catalog,
    rules: &dyn DiffRules,
) -> Vec<Change> {
    let texts: Vec<String> = changes.iter().flat_map(parsed_texts).collect();
    let used: BTreeSet<QualName> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddEnumValue { name, value, .. }
                if texts.iter().any(|t| rules.added_label_used(t, name, value)) =>
            {
                Some(name.clone())
            }
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for change in changes {
        match &change {
            Change::AddEnumValue { name, .. } if used.contains(name) => {
                let already = out
                    .iter()
                    .any(|c| matches!(c, Change::ReplaceType { to, .. } if to.name == *name));
                if let (false, Some(a), Some(b)) =
                    (already, from.types.get(name), to.types.get(name))
                {
                    out.push(Change::ReplaceType {
                        from: a.clone(),
                        to: b.clone(),
                        columns: converted_columns(name, from, to, rules),
                    });
                }
            }
            _ => out.push(change),
        }
    }
    out
}

/// Expressions in a change that the server parses when the change runs.
fn parsed_texts(change: &Change) -> Vec<String> {
    let column = |c: &strata_catalog::Column| {
        c.default
            .iter()
            .chain(&c.generated)
            .cloned()
            .collect::<Vec<_>>()
    };
    match change {
        Change::AddColumn { column: c, .. } | Change::AlterColumn { to: c, .. } => column(c),
        Change::CreateTable(t) => t
            .columns
            .iter()
            .flat_map(column)
            .chain(t.constraints.values().map(|c| c.definition.clone()))
            .collect(),
        Change::AddConstraint { constraint, .. } => vec![constraint.definition.clone()],
        Change::CreateIndex(i) => vec![i.definition.clone()],
        Change::CreateView(v) | Change::ReplaceView { to: v, .. } => vec![v.definition.clone()],
        Change::CreatePolicy { policy, .. } => policy
            .using
            .iter()
            .chain(&policy.with_check)
            .cloned()
            .collect(),
        Change::CreateTrigger(t) => vec![t.definition.clone()],
        Change::CreateType(t) | Change::AlterDomain { to: t, .. } => match &t.kind {
            TypeKind::Domain {
                default, checks, ..
            } => default.iter().chain(checks.values()).cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Columns that use the type before and after, which a replacement must convert. Columns
/// of partitions are left out: converting the partitioned parent converts them.
fn converted_columns(
    name: &QualName,
    from_cat: &Catalog,
    to_cat: &Catalog,
    rules: &dyn DiffRules,
) -> Vec<TypeColumn> {
    // A type name's first reference is its type: the type itself or an array of it.
    let names_type = |data_type: &str| rules.references_in(data_type).first() == Some(name);
    let mut out = Vec::new();
    for (table_name, to_table) in &to_cat.tables {
        if to_table.pg_options().partition_of.is_some() {
            continue;
        }
        let Some(from_table) = from_cat.tables.get(table_name) else {
            continue;
        };
        for to_col in &to_table.columns {
            let Some(from_col) = from_table.column(&to_col.name) else {
                continue;
            };
            if names_type(&from_col.data_type) && names_type(&to_col.data_type) {
                out.push(TypeColumn {
                    table: table_name.clone(),
                    from: from_col.clone(),
                    to: to_col.clone(),
                });
            }
        }
    }
    out
}
