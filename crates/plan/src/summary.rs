//! One-line, lowercase descriptions of changes: `create table public.users`.
use strata_catalog::{TriggerState, TypeKind};
use strata_diff::Change;

/// The summary shown for a change.
pub fn summary(change: &Change) -> String {
    use Change::*;
    match change {
        CreateSchema(s) => format!("create schema {}", s.name),
        DropSchema(s) => format!("drop schema {}", s.name),
        CreateExtension(e) => format!("create extension {}", e.name),
        DropExtension(e) => format!("drop extension {}", e.name),
        AlterExtension { to, .. } => format!("alter extension {}", to.name),
        CreateCollation(c) => format!("create collation {}", c.name),
        DropCollation(c) => format!("drop collation {}", c.name),
        CreateType(t) => format!("create {} {}", type_word(&t.kind), t.name),
        DropType(t) => format!("drop {} {}", type_word(&t.kind), t.name),
        AddEnumValue { name, value, .. } => format!("add value {value} to type {name}"),
        ReplaceType { to, .. } => format!("replace {} {}", type_word(&to.kind), to.name),
        AlterDomain { to, .. } => format!("alter domain {}", to.name),
        CreateSequence(s) => format!("create sequence {}", s.name),
        DropSequence(s) => format!("drop sequence {}", s.name),
        AlterSequence { to, .. } => format!("alter sequence {}", to.name),
        CreateTable(t) => format!("create table {}", t.name),
        DropTable(t) => format!("drop table {}", t.name),
        AddColumn { table, column } => format!("add column {table}.{}", column.name),
        DropColumn { table, column } => format!("drop column {table}.{}", column.name),
        AlterColumn { table, to, .. } => format!("alter column {table}.{}", to.name),
        AddConstraint { table, constraint } => {
            format!("add constraint {} on {table}", constraint.name)
        }
        DropConstraint { table, constraint } => {
            format!("drop constraint {} on {table}", constraint.name)
        }
        AlterTableOptions { table, .. } => format!("alter table {table}"),
        RebuildTable { to, .. } => format!("rebuild table {}", to.name),
        CreateIndex(i) => format!("create index {}", i.name),
        DropIndex(i) => format!("drop index {}", i.name),
        DropIndexCascade { index, constraints } => format!(
            "drop index {} with the attached constraints {}",
            index.name,
            constraints
                .iter()
                .map(|(t, c)| format!("{c} on {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AttachIndex { parent, child, .. } => format!("attach index {child} to {parent}"),
        RenameIndex { from, to } => format!("rename index {from} to {}", to.name),
        RenameSchema { from, to } => format!("rename schema {from} to {to}"),
        RenameTable { from, to } => format!("rename table {from} to {}", to.name),
        RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
        RenameConstraint { table, from, to } => {
            format!("rename constraint {from} on {table} to {to}")
        }
        RenameView {
            from,
            to,
            materialized,
        } => format!("rename {} {from} to {}", view_word(*materialized), to.name),
        RenameType { from, to, domain } => format!(
            "rename {} {from} to {}",
            if *domain { "domain" } else { "type" },
            to.name
        ),
        CreateView(v) => format!("create {} {}", view_word(v.materialized), v.name),
        DropView(v) => format!("drop {} {}", view_word(v.materialized), v.name),
        ReplaceView { to, .. } => format!("replace view {}", to.name),
        CreateFunction(f) => format!(
            "create {} {}({})",
            routine_word(f.procedure),
            f.name,
            f.identity_args
        ),
        DropFunction(f) => format!(
            "drop {} {}({})",
            routine_word(f.procedure),
            f.name,
            f.identity_args
        ),
        ReplaceFunction { to, .. } => {
            format!(
                "replace {} {}({})",
                routine_word(to.procedure),
                to.name,
                to.identity_args
            )
        }
        CreateTrigger(t) => format!("create trigger {} on {}", t.name, t.table),
        DropTrigger(t) => format!("drop trigger {} on {}", t.name, t.table),
        AlterTriggerEnabled { to, .. } => {
            format!(
                "{} trigger {} on {}",
                state_verb(to.enabled),
                to.name,
                to.table
            )
        }
        CreateEventTrigger(e) => format!("create event trigger {}", e.name),
        DropEventTrigger(e) => format!("drop event trigger {}", e.name),
        AlterEventTriggerEnabled { to, .. } => {
            format!("{} event trigger {}", state_verb(to.enabled), to.name)
        }
        CreatePolicy { table, policy } => format!("create policy {} on {table}", policy.name),
        DropPolicy { table, policy } => format!("drop policy {} on {table}", policy.name),
        Grant(g) => format!(
            "grant {} on {} to {}",
            g.privilege.keyword().to_lowercase(),
            g.object,
            g.grantee
        ),
        Revoke(g) => format!(
            "revoke {} on {} from {}",
            g.privilege.keyword().to_lowercase(),
            g.object,
            g.grantee
        ),
        SetComment { target, comment } => comment_summary(&target.to_string(), comment),
        SetMaterializedViewComment { name, comment } => {
            comment_summary(&format!("materialized view {name}"), comment)
        }
    }
}

fn state_verb(state: TriggerState) -> &'static str {
    if state == TriggerState::Disabled {
        "disable"
    } else {
        "enable"
    }
}

fn comment_summary(target: &str, comment: &Option<String>) -> String {
    match comment {
        Some(_) => format!("comment on {target}"),
        None => format!("remove comment on {target}"),
    }
}

fn type_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Enum { .. } => "type",
        TypeKind::Domain { .. } => "domain",
        TypeKind::Composite { .. } => "type",
    }
}

fn view_word(materialized: bool) -> &'static str {
    if materialized {
        "materialized view"
    } else {
        "view"
    }
}

fn routine_word(procedure: bool) -> &'static str {
    if procedure { "procedure" } else { "function" }
}
