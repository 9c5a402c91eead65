//! Generic rules: findings that mean the same on every database, one file per rule.
//! Database-specific rules live in their dialect's crate (`PG…`, `SQLITE…`); a dialect
//! lists its own with [`crate::Dialect::rules`].
use crate::{Dialect, Rule};
use strata_catalog::{ConstraintKind, comment_text};

mod add_check_constraint;
mod add_exclusion_constraint;
mod add_foreign_key;
mod add_not_null_column_without_default;
mod add_unique_constraint;
mod column_becomes_generated;
mod column_type_change;
mod delete_without_where;
mod drop_column;
mod drop_function;
mod drop_generated_column;
mod drop_identity;
mod drop_materialized_view;
mod drop_schema;
mod drop_sequence;
mod drop_table;
mod drop_type;
mod drop_type_attribute;
mod drop_view;
mod drop_without_deprecation;
mod narrowing_type_change;
mod not_null_without_default;
mod remove_enum_label;
mod rename_column;
mod rename_constraint;
mod rename_object;
mod rename_schema;
mod rename_table;
mod rename_type;
mod revoke_privilege;
mod set_not_null;
mod truncate_table;
mod update_without_where;

pub use add_check_constraint::ADD_CHECK_CONSTRAINT;
pub use add_exclusion_constraint::ADD_EXCLUSION_CONSTRAINT;
pub use add_foreign_key::ADD_FOREIGN_KEY;
pub use add_not_null_column_without_default::ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT;
pub use add_unique_constraint::ADD_UNIQUE_CONSTRAINT;
pub use column_becomes_generated::COLUMN_BECOMES_GENERATED;
pub use column_type_change::COLUMN_TYPE_CHANGE;
pub use delete_without_where::DELETE_WITHOUT_WHERE;
pub use drop_column::DROP_COLUMN;
pub use drop_function::DROP_FUNCTION;
pub use drop_generated_column::DROP_GENERATED_COLUMN;
pub use drop_identity::DROP_IDENTITY;
pub use drop_materialized_view::DROP_MATERIALIZED_VIEW;
pub use drop_schema::DROP_SCHEMA;
pub use drop_sequence::DROP_SEQUENCE;
pub use drop_table::DROP_TABLE;
pub use drop_type::DROP_TYPE;
pub use drop_type_attribute::DROP_TYPE_ATTRIBUTE;
pub use drop_view::DROP_VIEW;
pub use drop_without_deprecation::DROP_WITHOUT_DEPRECATION;
pub use narrowing_type_change::NARROWING_TYPE_CHANGE;
pub use not_null_without_default::NOT_NULL_WITHOUT_DEFAULT;
pub use remove_enum_label::REMOVE_ENUM_LABEL;
pub use rename_column::RENAME_COLUMN;
pub use rename_constraint::RENAME_CONSTRAINT;
pub use rename_object::RENAME_OBJECT;
pub use rename_schema::RENAME_SCHEMA;
pub use rename_table::RENAME_TABLE;
pub use rename_type::RENAME_TYPE;
pub use revoke_privilege::REVOKE_PRIVILEGE;
pub use set_not_null::SET_NOT_NULL;
pub use truncate_table::TRUNCATE_TABLE;
pub use update_without_where::UPDATE_WITHOUT_WHERE;

/// Every generic rule, in code order.
pub static GENERIC: &[&Rule] = &[
    &DROP_TABLE,
    &DROP_COLUMN,
    &DROP_SCHEMA,
    &DROP_SEQUENCE,
    &DROP_MATERIALIZED_VIEW,
    &NARROWING_TYPE_CHANGE,
    &REMOVE_ENUM_LABEL,
    &DROP_TYPE_ATTRIBUTE,
    &DROP_IDENTITY,
    &COLUMN_BECOMES_GENERATED,
    &ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT,
    &SET_NOT_NULL,
    &ADD_UNIQUE_CONSTRAINT,
    &ADD_CHECK_CONSTRAINT,
    &ADD_FOREIGN_KEY,
    &ADD_EXCLUSION_CONSTRAINT,
    &DROP_TYPE,
    &DROP_GENERATED_COLUMN,
    &REVOKE_PRIVILEGE,
    &DROP_VIEW,
    &DROP_FUNCTION,
    &COLUMN_TYPE_CHANGE,
    &NOT_NULL_WITHOUT_DEFAULT,
    &RENAME_TABLE,
    &RENAME_COLUMN,
    &RENAME_TYPE,
    &RENAME_SCHEMA,
    &RENAME_CONSTRAINT,
    &UPDATE_WITHOUT_WHERE,
    &DELETE_WITHOUT_WHERE,
    &TRUNCATE_TABLE,
    &RENAME_OBJECT,
    &DROP_WITHOUT_DEPRECATION,
];

/// Every rule a dialect can report: the generic ones, then its own.
pub fn all(dialect: &dyn Dialect) -> Vec<&'static Rule> {
    GENERIC.iter().chain(dialect.rules()).copied().collect()
}

/// The registered rule a hazard names, checking that its name and axis agree with the
/// rule. `None` when no rule of `dialect` (or the generic ones) has its code.
pub fn registered(dialect: &dyn Dialect, hazard: &crate::Hazard) -> Option<&'static Rule> {
    all(dialect)
        .into_iter()
        .find(|r| r.code == hazard.code && r.name == hazard.name && r.axis == hazard.axis)
}

/// The compatibility finding of a rename change (running code uses the old name), for
/// the dialects' renderers. Index renames have none: code does not name indexes.
pub fn rename_hazard(change: &strata_diff::Change) -> Option<crate::Hazard> {
    use strata_diff::Change::*;
    let (rule, message) = match change {
        RenameTable { from, to } => (&RENAME_TABLE, format!("renames table {from} to {to}")),
        RenameView { from, to, .. } => (&RENAME_TABLE, format!("renames view {from} to {to}")),
        RenameColumn { table, from, to } => (
            &RENAME_COLUMN,
            format!(
                "renames column {table}.{} to {}",
                comment_text(from),
                comment_text(to)
            ),
        ),
        RenameType { from, to, .. } => (&RENAME_TYPE, format!("renames type {from} to {to}")),
        RenameSchema { from, to } => (
            &RENAME_SCHEMA,
            format!(
                "renames schema {} to {}",
                comment_text(from),
                comment_text(to)
            ),
        ),
        RenameConstraint { table, from, to } => (
            &RENAME_CONSTRAINT,
            format!(
                "renames constraint {} on {table} to {}",
                comment_text(from),
                comment_text(to)
            ),
        ),
        _ => return None,
    };
    Some(crate::Hazard::new(rule, message))
}

/// The compatibility findings of a step's table, column and materialized view drops:
/// each data-loss finding of [`DROP_TABLE`], [`DROP_COLUMN`] or
/// [`DROP_MATERIALIZED_VIEW`] gets a [`DROP_WITHOUT_DEPRECATION`] finding on the same
/// object, which the approval policy asks about unless the object was marked deprecated
/// (views, functions and types have compatibility rules of their own).
pub fn deprecation_findings(hazards: &[crate::Hazard]) -> Vec<crate::Hazard> {
    let kind = |code: &str| match code {
        c if c == DROP_TABLE.code => Some("table"),
        c if c == DROP_COLUMN.code => Some("column"),
        c if c == DROP_MATERIALIZED_VIEW.code => Some("materialized view"),
        _ => None,
    };
    hazards
        .iter()
        .filter_map(|h| {
            let what = kind(&h.code)?;
            let object = h.object.as_ref()?;
            Some(
                crate::Hazard::new(
                    &DROP_WITHOUT_DEPRECATION,
                    format!("drops {what} {object}, which running code may still use"),
                )
                .on(object.clone()),
            )
        })
        .collect()
}

/// The rule for a new constraint that may fail on existing rows.
pub fn new_constraint(kind: ConstraintKind) -> &'static Rule {
    match kind {
        ConstraintKind::PrimaryKey | ConstraintKind::Unique => &ADD_UNIQUE_CONSTRAINT,
        ConstraintKind::Check => &ADD_CHECK_CONSTRAINT,
        ConstraintKind::ForeignKey => &ADD_FOREIGN_KEY,
        ConstraintKind::Exclusion => &ADD_EXCLUSION_CONSTRAINT,
    }
}

/// What is wrong with a list of rules: duplicate codes, names that are not kebab-case,
/// empty docs, and rule files under `dir` (a crate's rule directory) with no rule in the
/// list. Empty when the list is a good registry; each dialect's tests call it.
pub fn registry_problems(rules: &[&Rule], dir: &std::path::Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for r in rules {
        if !codes.insert(r.code) {
            problems.push(format!("{} is used twice", r.code));
        }
        if !is_kebab(r.name) {
            problems.push(format!("{} name {:?} is not kebab-case", r.code, r.name));
        }
        if [r.summary, r.why, r.instead]
            .iter()
            .any(|d| d.trim().is_empty())
        {
            problems.push(format!("{} {} has empty docs", r.code, r.name));
        }
    }
    for file in rule_files(dir) {
        if !rules.iter().any(|r| r.name.replace('-', "_") == file) {
            problems.push(format!(
                "{}/{file}.rs is not in the registry",
                dir.display()
            ));
        }
    }
    problems
}

/// One file per rule, named after it: every `.rs` file but the module and its tests.
fn rule_files(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![format!("{} (unreadable)", dir.display())];
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".rs").map(str::to_string))
        .filter(|f| !matches!(f.as_str(), "mod" | "tests" | "testing"))
        .collect()
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_registry_is_complete_and_well_formed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        assert_eq!(registry_problems(GENERIC, &dir), Vec::<String>::new());
        assert!(GENERIC.iter().all(|r| r.code.starts_with('S')));
    }

    #[test]
    fn a_hazard_finds_its_rule_only_when_code_name_and_axis_agree() {
        let dialect = crate::tests::Fake;
        let hazard = crate::Hazard::new(&DROP_TABLE, "drops t");
        assert_eq!(registered(&dialect, &hazard).map(|r| r.code), Some("S001"));
        let mut forged = hazard.clone();
        forged.name = "drop-column".into();
        assert_eq!(registered(&dialect, &forged), None);
    }

    #[test]
    fn kebab_case_names() {
        assert!(is_kebab("drop-column"));
        assert!(!is_kebab("Drop_Column"));
        assert!(!is_kebab("drop--column"));
    }
}
