//! Enums, domains and composite types.
use super::{Sql, comment_on};
use crate::hazards;
use crate::render::literal;
use strata_catalog::{QualName, TypeKind, UserType};
use strata_diff::{EnumPosition, TypeColumn};
use strata_plan::rules;
use strata_sqltext::{Quoted, quote_ident};

/// Suffix of the name an enum or domain is renamed to while it is being replaced.
const OLD_SUFFIX: &str = "__strata_old";

pub(super) fn create_type(sql: &mut Sql, t: &UserType) {
    let name = t.name.quoted();
    sql.push(match &t.kind {
        TypeKind::Enum { labels } => {
            let labels: Vec<String> = labels.iter().map(|l| literal(l)).collect();
            format!("CREATE TYPE {name} AS ENUM ({})", labels.join(", "))
        }
        TypeKind::Domain {
            base,
            not_null,
            default,
            collation,
            checks,
            ..
        } => {
            let mut stmt = format!("CREATE DOMAIN {name} AS {base}");
            if let Some(coll) = collation {
                stmt.push_str(&format!(" COLLATE {}", super::collation(coll)));
            }
            if let Some(d) = default {
                stmt.push_str(&format!(" DEFAULT {d}"));
            }
            if *not_null {
                stmt.push_str(" NOT NULL");
            }
            for (check, def) in checks {
                stmt.push_str(&format!(" CONSTRAINT {} {def}", quote_ident(check)));
            }
            stmt
        }
        TypeKind::Composite { attributes } => {
            let attrs: Vec<String> = attributes
                .iter()
                .map(|(n, ty)| format!("{} {ty}", quote_ident(n)))
                .collect();
            format!("CREATE TYPE {name} AS ({})", attrs.join(", "))
        }
    });
    if t.comment.is_some() {
        sql.push(comment_on(&format!("TYPE {name}"), &t.comment));
    }
    if let TypeKind::Domain { check_comments, .. } = &t.kind {
        for (check, comment) in check_comments {
            sql.push(check_comment(&t.name, check, &Some(comment.clone())));
        }
    }
}

fn check_comment(domain: &QualName, check: &str, comment: &Option<String>) -> String {
    comment_on(
        &format!(
            "CONSTRAINT {} ON DOMAIN {}",
            quote_ident(check),
            domain.quoted()
        ),
        comment,
    )
}

fn is_domain(t: &UserType) -> bool {
    matches!(t.kind, TypeKind::Domain { .. })
}

fn keyword(t: &UserType) -> &'static str {
    if is_domain(t) { "DOMAIN" } else { "TYPE" }
}

pub(super) fn drop_type(sql: &mut Sql, t: &UserType) {
    sql.push(format!("DROP {} {}", keyword(t), t.name.quoted()));
    sql.hazard(
        &rules::DROP_TYPE,
        format!("drops {} {}", keyword(t).to_lowercase(), t.name),
    );
}

pub(super) fn add_enum_value(sql: &mut Sql, name: &QualName, value: &str, position: &EnumPosition) {
    let place = match position {
        EnumPosition::Last => String::new(),
        EnumPosition::Before(l) => format!(" BEFORE {}", literal(l)),
        EnumPosition::After(l) => format!(" AFTER {}", literal(l)),
    };
    sql.push(format!(
        "ALTER TYPE {} ADD VALUE {}{place}",
        name.quoted(),
        literal(value)
    ));
    if !sql.version.at_least(12) {
        sql.out.non_transactional = true;
        sql.hazard(
            &hazards::ADD_ENUM_VALUE_OUTSIDE_TRANSACTION,
            format!(
                "adds {value:?} to {name} outside the plan's transaction (PostgreSQL before 12)"
            ),
        );
    }
}

pub(super) fn alter_domain(sql: &mut Sql, from: &UserType, to: &UserType) {
    let (
        TypeKind::Domain {
            not_null: nn_a,
            default: def_a,
            checks: checks_a,
            check_comments: comments_a,
            ..
        },
        TypeKind::Domain {
            not_null: nn_b,
            default: def_b,
            checks: checks_b,
            check_comments: comments_b,
            ..
        },
    ) = (&from.kind, &to.kind)
    else {
        return;
    };
    let name = to.name.quoted();
    if def_a != def_b {
        sql.push(match def_b {
            Some(d) => format!("ALTER DOMAIN {name} SET DEFAULT {d}"),
            None => format!("ALTER DOMAIN {name} DROP DEFAULT"),
        });
    }
    if nn_a != nn_b {
        if *nn_b {
            sql.push(format!("ALTER DOMAIN {name} SET NOT NULL"));
            sql.hazard(
                &rules::SET_NOT_NULL,
                format!("fails if a column of domain {} holds NULLs", to.name),
            );
        } else {
            sql.push(format!("ALTER DOMAIN {name} DROP NOT NULL"));
        }
    }
    for (check, def) in checks_a {
        if checks_b.get(check) != Some(def) {
            sql.push(format!(
                "ALTER DOMAIN {name} DROP CONSTRAINT {}",
                quote_ident(check)
            ));
        }
    }
    for (check, def) in checks_b {
        if checks_a.get(check) != Some(def) {
            sql.push(format!(
                "ALTER DOMAIN {name} ADD CONSTRAINT {} {def}",
                quote_ident(check)
            ));
            sql.hazard(
                &rules::ADD_CHECK_CONSTRAINT,
                format!(
                    "check {check} on domain {} fails if existing values violate it",
                    to.name
                ),
            );
        }
    }
    for check in checks_b.keys() {
        // A check added again lost its comment.
        let readded = checks_a.get(check) != checks_b.get(check);
        let (old, new) = (comments_a.get(check), comments_b.get(check));
        if old != new || (readded && new.is_some()) {
            sql.push(check_comment(&to.name, check, &new.cloned()));
        }
    }
}

/// Replaces a type that cannot change in place. Composites whose kept attributes stay in
/// order are altered with ADD/DROP ATTRIBUTE; everything else is renamed out of the way,
/// created anew, its columns converted, and the old type dropped.
pub(super) fn replace_type(sql: &mut Sql, from: &UserType, to: &UserType, columns: &[TypeColumn]) {
    if let (TypeKind::Composite { attributes: a }, TypeKind::Composite { attributes: b }) =
        (&from.kind, &to.kind)
        && alter_attributes(sql, &to.name, a, b, !columns.is_empty())
    {
        return;
    }
    let old = QualName::new(&from.name.schema, format!("{}{OLD_SUFFIX}", from.name.name));
    sql.push(format!(
        "ALTER {} {} RENAME TO {}",
        keyword(from),
        from.name.quoted(),
        quote_ident(&old.name)
    ));
    create_type(sql, to);
    for col in columns {
        convert_column(sql, from, to, col);
    }
    sql.push(format!("DROP {} {}", keyword(from), old.quoted()));
    if let (TypeKind::Enum { labels: a }, TypeKind::Enum { labels: b }) = (&from.kind, &to.kind) {
        let lost: Vec<&str> = a
            .iter()
            .filter(|l| !b.contains(l))
            .map(String::as_str)
            .collect();
        if !lost.is_empty() && !columns.is_empty() {
            sql.hazard(
                &rules::REMOVE_ENUM_LABEL,
                format!(
                    "removes labels {} from {}: rows holding them fail to convert",
                    lost.join(", "),
                    to.name
                ),
            );
        }
    }
}

/// ALTER TYPE .. ADD/DROP/ALTER ATTRIBUTE when that reaches the new shape: kept attributes
/// in the same order, new ones at the end, and retyped ones only while no column uses the
/// type. Returns false when it cannot.
fn alter_attributes(
    sql: &mut Sql,
    name: &QualName,
    a: &[(String, String)],
    b: &[(String, String)],
    used: bool,
) -> bool {
    let kept: Vec<&(String, String)> = a
        .iter()
        .filter(|(n, _)| b.iter().any(|(m, _)| m == n))
        .collect();
    let prefix_len = kept.len();
    let same_order = b
        .iter()
        .take(prefix_len)
        .zip(&kept)
        .all(|((n, _), (m, _))| n == m);
    let retyped = kept.iter().zip(b).any(|((_, ta), (_, tb))| ta != tb);
    if !same_order || (retyped && used) {
        return false;
    }
    let t = name.quoted();
    for (n, _) in a.iter().filter(|(n, _)| !b.iter().any(|(m, _)| m == n)) {
        sql.push(format!(
            "ALTER TYPE {t} DROP ATTRIBUTE {} CASCADE",
            quote_ident(n)
        ));
        if used {
            sql.hazard(
                &rules::DROP_TYPE_ATTRIBUTE,
                format!("drops attribute {n} of {name} from every value"),
            );
        }
    }
    for ((n, ta), (_, tb)) in kept.iter().zip(b) {
        if ta != tb {
            sql.push(format!(
                "ALTER TYPE {t} ALTER ATTRIBUTE {} TYPE {tb} CASCADE",
                quote_ident(n)
            ));
        }
    }
    for (n, ty) in &b[prefix_len..] {
        sql.push(format!(
            "ALTER TYPE {t} ADD ATTRIBUTE {} {ty} CASCADE",
            quote_ident(n)
        ));
    }
    true
}

/// Moves a column to the new type: its default is set aside (it may not cast), the values
/// converted, and the new default put back.
fn convert_column(sql: &mut Sql, from: &UserType, to: &UserType, col: &TypeColumn) {
    let t = col.table.quoted();
    let c = quote_ident(&col.to.name);
    let alter = |sub: String| format!("ALTER TABLE {t} ALTER COLUMN {c} {sub}");
    if col.from.default.is_some() {
        sql.push(alter("DROP DEFAULT".into()));
    }
    let target = &col.to.data_type;
    let array = target.ends_with("[]");
    let using = match (&from.kind, &to.kind) {
        (TypeKind::Enum { .. }, _) | (_, TypeKind::Enum { .. }) => {
            let via = if array { "text[]" } else { "text" };
            format!("{c}::{via}::{target}")
        }
        (TypeKind::Composite { attributes: old }, TypeKind::Composite { attributes: new })
            if !array =>
        {
            let fields: Vec<String> = new
                .iter()
                .map(|(n, ty)| match old.iter().any(|(m, _)| m == n) {
                    true => format!("({c}).{}::{ty}", quote_ident(n)),
                    false => format!("NULL::{ty}"),
                })
                .collect();
            format!(
                "CASE WHEN {c} IS NULL THEN NULL ELSE ROW({})::{target} END",
                fields.join(", ")
            )
        }
        _ => format!("{c}::{target}"),
    };
    sql.push(alter(format!("TYPE {target} USING {using}")));
    if let Some(d) = &col.to.default {
        sql.push(alter(format!("SET DEFAULT {d}")));
    }
    sql.hazard(
        &hazards::TABLE_REWRITE,
        format!(
            "converts {}.{}: rewrites {} under an ACCESS EXCLUSIVE lock",
            col.table, col.to.name, col.table
        ),
    );
}
