//! Schemas, extensions, sequences, indexes, views, functions, triggers, policies, grants
//! and comments.
use super::table::{
    changed_sequence_options, move_into_range, sequence_options, set_column_comment,
};
use super::{Sql, comment_on};
use crate::hazards;
use crate::render::literal;
use strata_catalog::{
    Collation, EventTrigger, Extension, Function, Grant, Index, ObjectId, Policy, QualName,
    Sequence, Trigger, TriggerState, View,
};
use strata_plan::rules;
use strata_sqltext::{Quoted, quote_ident};

pub(super) fn create_extension(sql: &mut Sql, e: &Extension) {
    sql.push(format!(
        "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} VERSION {}",
        quote_ident(&e.name),
        quote_ident(&e.schema),
        literal(&e.version)
    ));
}

pub(super) fn create_collation(sql: &mut Sql, c: &Collation) {
    sql.push(format!(
        "CREATE COLLATION {} ({})",
        c.name.quoted(),
        c.definition
    ));
    if c.comment.is_some() {
        sql.push(comment_on(
            &format!("COLLATION {}", c.name.quoted()),
            &c.comment,
        ));
    }
}

pub(super) fn drop_collation(sql: &mut Sql, c: &Collation) {
    sql.push(format!("DROP COLLATION {}", c.name.quoted()));
    sql.hazard(
        &hazards::DROP_COLLATION,
        format!(
            "dropping collation {} fails while a column still uses it",
            c.name
        ),
    );
}

pub(super) fn drop_extension(sql: &mut Sql, e: &Extension) {
    sql.push(format!("DROP EXTENSION {}", quote_ident(&e.name)));
    sql.hazard(
        &hazards::DROP_EXTENSION,
        format!("drops extension {} and everything it provides", e.name),
    );
}

pub(super) fn alter_extension(sql: &mut Sql, from: &Extension, to: &Extension) {
    let name = quote_ident(&to.name);
    if from.schema != to.schema {
        sql.push(format!(
            "ALTER EXTENSION {name} SET SCHEMA {}",
            quote_ident(&to.schema)
        ));
    }
    if from.version != to.version {
        sql.push(format!(
            "ALTER EXTENSION {name} UPDATE TO {}",
            literal(&to.version)
        ));
        sql.hazard(
            &hazards::UPGRADE_EXTENSION,
            format!(
                "upgrades extension {} from {} to {}",
                to.name, from.version, to.version
            ),
        );
    }
}

pub(super) fn create_sequence(sql: &mut Sql, s: &Sequence) {
    let name = s.name.quoted();
    sql.push(format!(
        "CREATE SEQUENCE {name} {}",
        sequence_options(&s.options, true)
    ));
    if s.comment.is_some() {
        sql.push(comment_on(&format!("SEQUENCE {name}"), &s.comment));
    }
}

pub(super) fn drop_sequence(sql: &mut Sql, s: &Sequence) {
    sql.push(format!("DROP SEQUENCE {}", s.name.quoted()));
    sql.hazard(
        &rules::DROP_SEQUENCE,
        format!("drops sequence {} and its current value", s.name),
    );
}

pub(super) fn alter_sequence(sql: &mut Sql, from: &Sequence, to: &Sequence) {
    let name = to.name.quoted();
    let regclass = format!("{}::regclass", literal(&name));
    if let Some(stmt) = move_into_range(&regclass, &from.options, &to.options) {
        sql.push(stmt);
    }
    let mut options = Vec::new();
    if from.options.data_type != to.options.data_type {
        options.push(format!("AS {}", to.options.data_type));
    }
    options.extend(changed_sequence_options(&from.options, &to.options));
    if !options.is_empty() {
        sql.push(format!("ALTER SEQUENCE {name} {}", options.join(" ")));
    }
    if from.owned_by != to.owned_by {
        let owner = match &to.owned_by {
            Some((table, column)) => format!("{}.{}", table.quoted(), quote_ident(column)),
            None => "NONE".to_string(),
        };
        sql.push(format!("ALTER SEQUENCE {name} OWNED BY {owner}"));
    }
}

pub(super) fn create_index(sql: &mut Sql, i: &Index) {
    sql.push(i.definition.clone());
    if i.comment.is_some() {
        sql.push(comment_on(
            &format!("INDEX {}", i.name.quoted()),
            &i.comment,
        ));
    }
    sql.hazard(
        &hazards::ADD_INDEX_NON_CONCURRENTLY,
        format!("building index {} blocks writes to {}", i.name, i.table),
    );
    if i.unique {
        sql.hazard(
            &rules::ADD_UNIQUE_CONSTRAINT,
            format!("unique index {} fails on duplicate values", i.name),
        );
    }
}

/// CASCADE is there for the listed key constraints, which cannot be dropped first.
pub(super) fn drop_index_cascade(sql: &mut Sql, i: &Index, constraints: &[(QualName, String)]) {
    sql.push(format!("DROP INDEX {} CASCADE", i.name.quoted()));
    for (table, name) in constraints {
        sql.hazard(
            &hazards::DROP_INDEX_DROPS_CONSTRAINT,
            format!(
                "dropping index {} also drops constraint {name} on {table}, under an ACCESS EXCLUSIVE lock",
                i.name
            ),
        );
    }
}

pub(super) fn drop_index(sql: &mut Sql, i: &Index) {
    sql.push(format!("DROP INDEX {}", i.name.quoted()));
    sql.hazard(
        &hazards::DROP_INDEX_NON_CONCURRENTLY,
        format!(
            "dropping index {} takes an ACCESS EXCLUSIVE lock on {}",
            i.name, i.table
        ),
    );
}

fn view_kind(v: &View) -> &'static str {
    if v.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

/// `pg_get_viewdef` ends the query with a semicolon.
fn view_query(v: &View) -> &str {
    v.definition.trim().trim_end_matches(';').trim_end()
}

fn view_options(v: &View) -> String {
    if v.options.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", v.options.join(", "))
    }
}

pub(super) fn create_view(sql: &mut Sql, v: &View) {
    let name = v.name.quoted();
    let data = if v.materialized { " WITH DATA" } else { "" };
    sql.push(format!(
        "CREATE {} {name}{} AS\n{}{data}",
        view_kind(v),
        view_options(v),
        view_query(v)
    ));
    if v.comment.is_some() {
        sql.push(comment_on(&format!("{} {name}", view_kind(v)), &v.comment));
    }
}

pub(super) fn drop_view(sql: &mut Sql, v: &View) {
    sql.push(format!("DROP {} {}", view_kind(v), v.name.quoted()));
    if v.materialized {
        // The rows it holds are gone; a new one is filled by running its query again,
        // which may take long or give other rows.
        sql.hazard(
            &rules::DROP_MATERIALIZED_VIEW,
            format!("drops materialized view {} and the rows it stores", v.name),
        );
    } else {
        sql.hazard(
            &rules::DROP_VIEW,
            format!("queries of view {} fail once it is dropped", v.name),
        );
    }
}

pub(super) fn replace_view(sql: &mut Sql, v: &View) {
    sql.push(format!(
        "CREATE OR REPLACE VIEW {}{} AS\n{}",
        v.name.quoted(),
        view_options(v),
        view_query(v)
    ));
}

fn routine(f: &Function) -> String {
    format!(
        "{} {}({})",
        if f.procedure { "PROCEDURE" } else { "FUNCTION" },
        f.name.quoted(),
        f.identity_args
    )
}

/// SQL-language bodies are checked against the objects they use when created, but those
/// dependencies are invisible to the planner; like pg_dump, skip the check (for the rest
/// of the transaction).
fn skip_body_check(sql: &mut Sql, f: &Function) {
    if f.definition.contains("\n LANGUAGE sql") {
        sql.push("SET LOCAL check_function_bodies = off");
    }
}

pub(super) fn create_function(sql: &mut Sql, f: &Function) {
    skip_body_check(sql, f);
    sql.push(f.definition.trim().to_string());
    if f.comment.is_some() {
        sql.push(comment_on(&routine(f), &f.comment));
    }
}

pub(super) fn drop_function(sql: &mut Sql, f: &Function) {
    sql.push(format!("DROP {}", routine(f)));
    sql.hazard(
        &rules::DROP_FUNCTION,
        format!(
            "calls of {}({}) fail once it is dropped",
            f.name, f.identity_args
        ),
    );
}

pub(super) fn replace_function(sql: &mut Sql, f: &Function) {
    skip_body_check(sql, f);
    sql.push(f.definition.trim().to_string());
}

/// `ALTER TABLE .. {ENABLE|DISABLE|ENABLE REPLICA|ENABLE ALWAYS} TRIGGER ..` for the
/// trigger's state.
fn trigger_state(t: &Trigger) -> String {
    let verb = match t.enabled {
        TriggerState::Disabled => "DISABLE",
        TriggerState::Replica => "ENABLE REPLICA",
        TriggerState::Always => "ENABLE ALWAYS",
        TriggerState::Origin => "ENABLE",
    };
    format!(
        "ALTER TABLE {} {verb} TRIGGER {}",
        t.table.quoted(),
        quote_ident(&t.name)
    )
}

pub(super) fn create_trigger(sql: &mut Sql, t: &Trigger) {
    sql.push(t.definition.clone());
    if t.enabled != TriggerState::Origin {
        sql.push(trigger_state(t));
    }
    if t.comment.is_some() {
        sql.push(comment_on(&trigger_target(&t.table, &t.name), &t.comment));
    }
    sql.hazard(
        &hazards::CREATE_TRIGGER_BLOCKS_WRITES,
        format!(
            "creating trigger {} briefly blocks writes to {}",
            t.name, t.table
        ),
    );
}

fn trigger_target(table: &QualName, name: &str) -> String {
    format!("TRIGGER {} ON {}", quote_ident(name), table.quoted())
}

pub(super) fn drop_trigger(sql: &mut Sql, t: &Trigger) {
    sql.push(format!(
        "DROP TRIGGER {} ON {}",
        quote_ident(&t.name),
        t.table.quoted()
    ));
}

pub(super) fn alter_trigger_enabled(sql: &mut Sql, t: &Trigger) {
    sql.push(trigger_state(t));
}

fn event_trigger_target(name: &str) -> String {
    format!("EVENT TRIGGER {}", quote_ident(name))
}

/// `ALTER EVENT TRIGGER .. {ENABLE|DISABLE|ENABLE REPLICA|ENABLE ALWAYS}`.
fn event_trigger_state(e: &EventTrigger) -> String {
    let state = match e.enabled {
        TriggerState::Disabled => "DISABLE",
        TriggerState::Replica => "ENABLE REPLICA",
        TriggerState::Always => "ENABLE ALWAYS",
        TriggerState::Origin => "ENABLE",
    };
    format!("ALTER {} {state}", event_trigger_target(&e.name))
}

fn event_trigger_fires(sql: &mut Sql, e: &EventTrigger, verb: &str) {
    if e.enabled != TriggerState::Disabled {
        sql.hazard(
            &hazards::CREATE_EVENT_TRIGGER,
            format!(
                "{verb} event trigger {} runs {}() on every later DDL command in the database",
                e.name, e.function
            ),
        );
    }
}

pub(super) fn create_event_trigger(sql: &mut Sql, e: &EventTrigger) {
    let mut stmt = format!(
        "CREATE {} ON {}",
        event_trigger_target(&e.name),
        e.event.keyword()
    );
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| literal(t)).collect();
        stmt.push_str(&format!(" WHEN TAG IN ({})", tags.join(", ")));
    }
    stmt.push_str(&format!(" EXECUTE FUNCTION {}()", e.function.quoted()));
    sql.push(stmt);
    if e.enabled != TriggerState::Origin {
        sql.push(event_trigger_state(e));
    }
    if e.comment.is_some() {
        sql.push(comment_on(&event_trigger_target(&e.name), &e.comment));
    }
    event_trigger_fires(sql, e, "creating");
}

pub(super) fn drop_event_trigger(sql: &mut Sql, e: &EventTrigger) {
    sql.push(format!("DROP {}", event_trigger_target(&e.name)));
}

pub(super) fn alter_event_trigger_enabled(sql: &mut Sql, e: &EventTrigger) {
    sql.push(event_trigger_state(e));
    event_trigger_fires(sql, e, "enabling");
}

fn role(name: &str) -> String {
    if name.eq_ignore_ascii_case("public") {
        "PUBLIC".to_string()
    } else {
        quote_ident(name)
    }
}

pub(super) fn create_policy(sql: &mut Sql, table: &QualName, p: &Policy) {
    let roles: Vec<String> = p.roles.iter().map(|r| role(r)).collect();
    let mut stmt = format!(
        "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
        quote_ident(&p.name),
        table.quoted(),
        if p.permissive {
            "PERMISSIVE"
        } else {
            "RESTRICTIVE"
        },
        p.command,
        if roles.is_empty() {
            "PUBLIC".to_string()
        } else {
            roles.join(", ")
        }
    );
    if let Some(using) = &p.using {
        stmt.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = &p.with_check {
        stmt.push_str(&format!(" WITH CHECK ({check})"));
    }
    sql.push(stmt);
    if p.comment.is_some() {
        sql.push(comment_on(&policy_target(table, &p.name), &p.comment));
    }
}

fn policy_target(table: &QualName, name: &str) -> String {
    format!("POLICY {} ON {}", quote_ident(name), table.quoted())
}

pub(super) fn drop_policy(sql: &mut Sql, table: &QualName, p: &Policy) {
    sql.push(format!(
        "DROP POLICY {} ON {}",
        quote_ident(&p.name),
        table.quoted()
    ));
}

/// The privilege and `ON ..` part of a GRANT/REVOKE; `None` for objects that take no
/// privileges.
fn grant_target(g: &Grant) -> Option<(String, String)> {
    let privilege = g.privilege.keyword().to_string();
    Some(match &g.object {
        ObjectId::Schema(s) => (privilege, format!("SCHEMA {}", quote_ident(s))),
        ObjectId::Table(n) | ObjectId::View(n) => (privilege, format!("TABLE {}", n.quoted())),
        ObjectId::Sequence(n) => (privilege, format!("SEQUENCE {}", n.quoted())),
        ObjectId::Type(n) => (privilege, format!("TYPE {}", n.quoted())),
        ObjectId::Function(n, args) => (privilege, format!("ROUTINE {}({args})", n.quoted())),
        ObjectId::Column(t, c) => (
            format!("{privilege} ({})", quote_ident(c)),
            format!("TABLE {}", t.quoted()),
        ),
        _ => return None,
    })
}

pub(super) fn grant(sql: &mut Sql, g: &Grant) {
    if let Some((privilege, target)) = grant_target(g) {
        let option = if g.grantable {
            " WITH GRANT OPTION"
        } else {
            ""
        };
        sql.push(format!(
            "GRANT {privilege} ON {target} TO {}{option}",
            role(&g.grantee)
        ));
    }
}

pub(super) fn revoke(sql: &mut Sql, g: &Grant) {
    if let Some((privilege, target)) = grant_target(g) {
        sql.push(format!(
            "REVOKE {privilege} ON {target} FROM {}",
            role(&g.grantee)
        ));
        sql.hazard(
            &rules::REVOKE_PRIVILEGE,
            format!("{} loses {} on {}", g.grantee, g.privilege, g.object),
        );
    }
}

/// `COMMENT ON <kind> <name> IS ..` for any object.
pub(super) fn set_comment(sql: &mut Sql, target: &ObjectId, comment: &Option<String>) {
    let what = match target {
        ObjectId::Schema(s) => format!("SCHEMA {}", quote_ident(s)),
        ObjectId::Extension(e) => format!("EXTENSION {}", quote_ident(e)),
        ObjectId::Collation(n) => format!("COLLATION {}", n.quoted()),
        ObjectId::Type(n) => format!("TYPE {}", n.quoted()),
        ObjectId::Sequence(n) => format!("SEQUENCE {}", n.quoted()),
        ObjectId::Table(n) => format!("TABLE {}", n.quoted()),
        ObjectId::Column(t, c) => {
            sql.push(set_column_comment(t, c, comment));
            return;
        }
        ObjectId::Constraint(t, c) => format!("CONSTRAINT {} ON {}", quote_ident(c), t.quoted()),
        ObjectId::Index(n) => format!("INDEX {}", n.quoted()),
        ObjectId::View(n) => format!("VIEW {}", n.quoted()),
        ObjectId::Function(n, args) => format!("ROUTINE {}({args})", n.quoted()),
        ObjectId::Trigger(t, n) => trigger_target(t, n),
        ObjectId::Policy(t, n) => policy_target(t, n),
        ObjectId::EventTrigger(n) => event_trigger_target(n),
    };
    sql.push(comment_on(&what, comment));
}
