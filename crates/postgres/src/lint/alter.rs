//! `ALTER TABLE`: each subcommand by what it does to an existing table.
use super::script::{Script, name};
use super::volatile::volatile_call;
use crate::hazards::{
    ADD_CONSTRAINT_UNDER_LOCK, ADD_KEY_WITHOUT_INDEX, ATTACH_PARTITION_SCAN, TABLE_REWRITE,
};
use crate::screen::text::escape;
use pg_query::NodeEnum;
use pg_query::protobuf::{
    AlterTableCmd, AlterTableStmt, AlterTableType, ConstrType, Constraint, ObjectType,
};
use strata_plan::{Hazard, rules};

pub(super) fn alter_table(script: &Script, s: &AlterTableStmt, out: &mut Vec<Hazard>) {
    let rel = s.relation.as_ref();
    if s.objtype() != ObjectType::ObjectTable || script.is_new(rel) {
        return;
    }
    let Some(rel) = rel else { return };
    let table = name(rel);
    let mut exclusive = false;
    for cmd in &s.cmds {
        let Some(NodeEnum::AlterTableCmd(cmd)) = &cmd.node else {
            continue;
        };
        exclusive |= takes_access_exclusive(cmd);
        command(script, &table, cmd, out);
    }
    if exclusive {
        script.exclusive_lock(Some(rel), out);
    }
}

fn command(script: &Script, table: &str, cmd: &AlterTableCmd, out: &mut Vec<Hazard>) {
    let column = format!("{table}.{}", escape(&cmd.name));
    let mut push = |rule, message: String, object: &str| {
        out.push(Hazard::new(rule, message).on(object));
    };
    match cmd.subtype() {
        AlterTableType::AtAddColumn => {
            if let Some(NodeEnum::ColumnDef(def)) = cmd.def.as_deref().and_then(|d| d.node.as_ref())
            {
                add_column(script, table, def, out);
            }
        }
        AlterTableType::AtDropColumn => push(
            &rules::DROP_COLUMN,
            format!("drops column {column} and its data"),
            &column,
        ),
        AlterTableType::AtSetNotNull => push(
            &rules::SET_NOT_NULL,
            format!(
                "makes column {column} NOT NULL: scans the whole table under an ACCESS EXCLUSIVE lock and fails if a row holds NULL"
            ),
            &column,
        ),
        AlterTableType::AtAlterColumnType => push(
            &TABLE_REWRITE,
            format!(
                "changes the type of column {column}: rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the new type is binary-compatible (and may fail or narrow values)"
            ),
            &column,
        ),
        AlterTableType::AtSetLogged | AlterTableType::AtSetUnLogged => push(
            &TABLE_REWRITE,
            format!("changes whether {table} is logged: rewrites the table"),
            table,
        ),
        AlterTableType::AtSetAccessMethod => push(
            &TABLE_REWRITE,
            format!("changes the access method of {table}: rewrites the table"),
            table,
        ),
        AlterTableType::AtAttachPartition => push(
            &ATTACH_PARTITION_SCAN,
            format!(
                "attaches a partition to {table}: scans it to check its rows fit the bounds unless a matching CHECK constraint exists"
            ),
            table,
        ),
        AlterTableType::AtAddConstraint => {
            if let Some(NodeEnum::Constraint(c)) = cmd.def.as_deref().and_then(|d| d.node.as_ref())
            {
                add_constraint(table, c, out);
            }
        }
        _ => {}
    }
}

fn add_column(
    script: &Script,
    table: &str,
    def: &pg_query::protobuf::ColumnDef,
    out: &mut Vec<Hazard>,
) {
    let column = format!("{table}.{}", escape(&def.colname));
    let constraints: Vec<&Constraint> = def
        .constraints
        .iter()
        .filter_map(|c| match &c.node {
            Some(NodeEnum::Constraint(c)) => Some(c.as_ref()),
            _ => None,
        })
        .collect();
    let has = |t: ConstrType| constraints.iter().any(|c| c.contype() == t);
    let default = constraints
        .iter()
        .find(|c| c.contype() == ConstrType::ConstrDefault)
        .and_then(|c| c.raw_expr.as_deref());
    let filled = has(ConstrType::ConstrIdentity) || has(ConstrType::ConstrGenerated);
    if has(ConstrType::ConstrNotnull) && default.is_none() && !filled {
        out.push(
            Hazard::new(
                &rules::ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT,
                format!(
                    "adds NOT NULL column {column} without a default: fails if {table} has rows"
                ),
            )
            .on(column.clone()),
        );
    }
    let rewrite = match default {
        _ if filled => Some("fills it with generated values for every row".to_string()),
        Some(expr) => match volatile_call(expr) {
            Some(f) => Some(format!(
                "its default calls {f}(), which is evaluated for every row"
            )),
            None if script.version() < 11 => {
                Some("before PostgreSQL 11 any default is written into every row".to_string())
            }
            None => None,
        },
        None => None,
    };
    if let Some(why) = rewrite {
        out.push(
            Hazard::new(
                &TABLE_REWRITE,
                format!("adds column {column} and rewrites {table} under an ACCESS EXCLUSIVE lock: {why}"),
            )
            .on(column.clone()),
        );
    }
    if has(ConstrType::ConstrPrimary) || has(ConstrType::ConstrUnique) {
        out.push(
            Hazard::new(
                &ADD_KEY_WITHOUT_INDEX,
                format!(
                    "adds column {column} with a key: builds its unique index under the table lock"
                ),
            )
            .on(column),
        );
    }
}

fn add_constraint(table: &str, c: &Constraint, out: &mut Vec<Hazard>) {
    let label = if c.conname.is_empty() {
        String::new()
    } else {
        format!(" {}", escape(&c.conname))
    };
    let object = if c.conname.is_empty() {
        table.to_string()
    } else {
        format!("{table}.{}", escape(&c.conname))
    };
    let mut push = |rule, message: String| out.push(Hazard::new(rule, message).on(object.clone()));
    let validated = |what: &str| {
        format!(
            "adds {what}{label} to {table} and checks every row while holding the lock; add it NOT VALID, then VALIDATE CONSTRAINT"
        )
    };
    match c.contype() {
        ConstrType::ConstrForeign if !c.skip_validation => {
            push(
                &rules::ADD_FOREIGN_KEY,
                format!("adds foreign key{label} to {table}: fails if a row has no match"),
            );
            push(&ADD_CONSTRAINT_UNDER_LOCK, validated("foreign key"));
        }
        ConstrType::ConstrCheck if !c.skip_validation => {
            push(
                &rules::ADD_CHECK_CONSTRAINT,
                format!("adds check constraint{label} to {table}: fails if a row violates it"),
            );
            push(&ADD_CONSTRAINT_UNDER_LOCK, validated("check constraint"));
        }
        ConstrType::ConstrPrimary | ConstrType::ConstrUnique if c.indexname.is_empty() => {
            let what = if c.contype() == ConstrType::ConstrPrimary {
                "primary key"
            } else {
                "unique constraint"
            };
            push(
                &rules::ADD_UNIQUE_CONSTRAINT,
                format!("adds {what}{label} to {table}: fails if existing rows repeat a key"),
            );
            push(
                &ADD_KEY_WITHOUT_INDEX,
                format!(
                    "adds {what}{label} to {table} without USING INDEX: builds its index under an ACCESS EXCLUSIVE lock"
                ),
            );
        }
        ConstrType::ConstrExclusion => push(
            &rules::ADD_EXCLUSION_CONSTRAINT,
            format!(
                "adds exclusion constraint{label} to {table}: builds its index under the lock and fails if rows conflict"
            ),
        ),
        ConstrType::ConstrNotnull => push(
            &rules::SET_NOT_NULL,
            format!(
                "adds a NOT NULL constraint{label} to {table}: scans the table and fails if a row holds NULL"
            ),
        ),
        _ => {}
    }
}

/// Whether the subcommand takes ACCESS EXCLUSIVE, the lock that blocks reads too.
/// The few that take less (PostgreSQL's `AlterTableGetLockLevel`) are listed.
fn takes_access_exclusive(cmd: &AlterTableCmd) -> bool {
    use AlterTableType::*;
    let foreign_key = matches!(
        cmd.def.as_deref().and_then(|d| d.node.as_ref()),
        Some(NodeEnum::Constraint(c)) if c.contype() == ConstrType::ConstrForeign
    );
    !(matches!(
        cmd.subtype(),
        AtValidateConstraint
            | AtSetStatistics
            | AtClusterOn
            | AtDropCluster
            | AtSetRelOptions
            | AtResetRelOptions
            | AtReplaceRelOptions
            | AtAttachPartition
            | AtEnableTrig
            | AtEnableAlwaysTrig
            | AtEnableReplicaTrig
            | AtDisableTrig
            | AtEnableTrigAll
            | AtDisableTrigAll
            | AtEnableTrigUser
            | AtDisableTrigUser
            | AtDetachPartitionFinalize
    ) || (cmd.subtype() == AtAddConstraint && foreign_key))
}
