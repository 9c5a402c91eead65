//! The object a change acts on, named the way approvals name it: `public.users` for a
//! table, `public.users.email` for a column, `public.users.users_email_key` for a
//! constraint (objects inside a table are qualified by the table).
use strata_catalog::{ObjectId, QualName};
use strata_diff::Change;

/// The name of the object `change` acts on.
pub fn subject(change: &Change) -> String {
    use Change::*;
    match change {
        CreateSchema(s) | DropSchema(s) => s.name.clone(),
        CreateExtension(e) | DropExtension(e) => e.name.clone(),
        AlterExtension { to, .. } => to.name.clone(),
        CreateCollation(c) | DropCollation(c) => c.name.to_string(),
        CreateType(t) | DropType(t) => t.name.to_string(),
        AddEnumValue { name, .. } => name.to_string(),
        ReplaceType { to, .. } | AlterDomain { to, .. } => to.name.to_string(),
        CreateSequence(s) | DropSequence(s) => s.name.to_string(),
        AlterSequence { to, .. } => to.name.to_string(),
        CreateTable(t) | DropTable(t) => t.name.to_string(),
        RebuildTable { to, .. } => to.name.to_string(),
        AddColumn { table, column } | DropColumn { table, column } => part(table, &column.name),
        AlterColumn { table, to, .. } => part(table, &to.name),
        AddConstraint { table, constraint } | DropConstraint { table, constraint } => {
            part(table, &constraint.name)
        }
        AlterTableOptions { table, .. } => table.to_string(),
        CreateIndex(i) | DropIndex(i) => i.name.to_string(),
        DropIndexCascade { index, .. } => index.name.to_string(),
        AttachIndex { child, .. } => child.to_string(),
        // A rename is about the object under its old name: the one running code uses.
        RenameIndex { to, .. } => to.to_string(),
        RenameSchema { from, .. } => from.clone(),
        RenameTable { from, .. } | RenameView { from, .. } | RenameType { from, .. } => {
            from.to_string()
        }
        RenameColumn { table, from, .. } | RenameConstraint { table, from, .. } => {
            part(table, from)
        }
        CreateView(v) | DropView(v) => v.name.to_string(),
        ReplaceView { to, .. } => to.name.to_string(),
        CreateFunction(f) | DropFunction(f) => format!("{}({})", f.name, f.identity_args),
        ReplaceFunction { to, .. } => format!("{}({})", to.name, to.identity_args),
        CreateTrigger(t) | DropTrigger(t) => part(&t.table, &t.name),
        AlterTriggerEnabled { to, .. } => part(&to.table, &to.name),
        CreateEventTrigger(e) | DropEventTrigger(e) => e.name.clone(),
        AlterEventTriggerEnabled { to, .. } => to.name.clone(),
        CreatePolicy { table, policy } | DropPolicy { table, policy } => part(table, &policy.name),
        Grant(g) | Revoke(g) => object_name(&g.object),
        SetComment { target, .. } => object_name(target),
        SetMaterializedViewComment { name, .. } => name.to_string(),
    }
}

/// An object inside a table: `schema.table.name`.
fn part(table: &QualName, name: &str) -> String {
    format!("{table}.{}", strata_catalog::comment_text(name))
}

/// The name of any object, without its kind, as [`subject`] names the object of a change
/// (deprecation marks are recorded under it).
pub fn object_name(id: &ObjectId) -> String {
    match id {
        ObjectId::Schema(n) | ObjectId::Extension(n) | ObjectId::EventTrigger(n) => n.clone(),
        ObjectId::Collation(n)
        | ObjectId::Type(n)
        | ObjectId::Sequence(n)
        | ObjectId::Table(n)
        | ObjectId::Index(n)
        | ObjectId::View(n) => n.to_string(),
        ObjectId::Column(t, c)
        | ObjectId::Constraint(t, c)
        | ObjectId::Trigger(t, c)
        | ObjectId::Policy(t, c) => part(t, c),
        ObjectId::Function(n, a) => format!("{n}({a})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_catalog::testing::{q, table};

    #[test]
    fn tables_and_their_parts_are_qualified_by_the_table() {
        let t = table("users", &[("email", "text")]);
        assert_eq!(subject(&Change::DropTable(t.clone())), "public.users");
        let column = t.columns[0].clone();
        let drop = Change::DropColumn {
            table: q("users"),
            column,
        };
        assert_eq!(subject(&drop), "public.users.email");
    }
}
