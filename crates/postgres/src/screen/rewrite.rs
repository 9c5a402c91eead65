//! Rewrites that stop DDL from running code while the schema loads. Each changes the parse
//! tree; the statement is then sent as the deparsed tree instead of the file's text. The
//! resulting schema is the same because scratch tables are always empty.
//!
//! - `CREATE MATERIALIZED VIEW` / `CREATE TABLE AS` get `WITH NO DATA`: the query is not
//!   even planned then.
//! - `ALTER TABLE ... ADD COLUMN c ... DEFAULT expr`: PostgreSQL evaluates a non-volatile
//!   default at once to store it for existing rows, so a function (or operator, or cast)
//!   in it would run. The column is added without it and the default set with
//!   `ALTER COLUMN c SET DEFAULT expr` in the same statement, which evaluates nothing.
//! - Partition bounds (`FOR VALUES ...`) are evaluated when the partition is created or
//!   attached: their functions and operators are qualified with `pg_catalog`, so only
//!   built-ins can run.
//! - Index expressions and predicates, exclusion constraints, partition keys, CHECK
//!   constraints added to existing tables or domains, generation expressions of added
//!   columns and `ALTER COLUMN ... TYPE ... USING` are planned while the DDL runs, and
//!   planning folds calls whose arguments are all constants (running them): those calls
//!   and operators are qualified with `pg_catalog` too. Calls on columns are left alone.
//! - Functions PostgreSQL calls by itself (a domain's checks and default, casts,
//!   operator classes, range and base type functions) are pinned to `pg_catalog`
//!   ([`super::implicit`]).
//! - `CONCURRENTLY` is dropped from `CREATE INDEX`, `DROP INDEX` and `DETACH PARTITION`:
//!   the tables are empty, and it cannot run inside the dev database's transaction.
//! - Bare `set_config(...)` / `setval(...)` become `pg_catalog.` ones, so a function of the
//!   same name earlier on the search path cannot stand in for them.
use super::implicit;
use super::kinds::Refused;
use super::qualify::{qualify, qualify_foldable};
use pg_query::Node;
use pg_query::NodeEnum as N;
use pg_query::protobuf::{
    AlterTableCmd, AlterTableType, ColumnDef, ConstrType, Constraint, CreateStmt, DropBehavior,
    IndexStmt, PartitionBoundSpec,
};

/// Rewrites `node` where it would run code; `Ok(true)` when it changed.
pub(super) fn rewrite(node: &mut N) -> Result<bool, Refused> {
    match node {
        N::CreateTableAsStmt(c) => Ok(c.into.as_mut().is_some_and(|into| {
            let changed = !into.skip_data;
            into.skip_data = true;
            changed
        })),
        N::IndexStmt(i) => Ok(std::mem::take(&mut i.concurrent) | index(i)?),
        N::DropStmt(d) => Ok(std::mem::take(&mut d.concurrent)),
        N::CreateStmt(c) => create_table(c),
        N::CreateForeignTableStmt(f) => match f.base_stmt.as_mut() {
            Some(base) => create_table(base),
            None => Ok(false),
        },
        N::AlterTableStmt(a) => alter_table(&mut a.cmds),
        N::CreateDomainStmt(d) => implicit::domain(d),
        N::AlterDomainStmt(d) => implicit::alter_domain(d),
        N::CreateCastStmt(c) => implicit::cast(c),
        N::CreateOpClassStmt(c) => implicit::operator_items(&mut c.items),
        N::AlterOpFamilyStmt(f) if !f.is_drop => implicit::operator_items(&mut f.items),
        N::CreateRangeStmt(r) => implicit::range(r),
        N::DefineStmt(d) => implicit::define(d),
        N::CreateSchemaStmt(s) => {
            let mut changed = false;
            for element in s.schema_elts.iter_mut().filter_map(|n| n.node.as_mut()) {
                changed |= rewrite(element)?;
            }
            Ok(changed)
        }
        N::SelectStmt(s) => Ok(qualify_call(&mut s.target_list)),
        _ => Ok(false),
    }
}

fn index(i: &mut IndexStmt) -> Result<bool, Refused> {
    let mut changed = foldable(i.where_clause.as_deref_mut(), "an index predicate")?;
    for param in &mut i.index_params {
        if let Some(N::IndexElem(e)) = param.node.as_mut() {
            changed |= foldable(e.expr.as_deref_mut(), "an index expression")?;
        }
    }
    Ok(changed)
}

/// CHECK constraints of a new table are not evaluated (it has no rows to check), but its
/// partition bound, partition key and exclusion constraints are.
fn create_table(c: &mut CreateStmt) -> Result<bool, Refused> {
    let mut changed = bound(c.partbound.as_mut())?;
    if let Some(spec) = c.partspec.as_mut() {
        for param in &mut spec.part_params {
            if let Some(N::PartitionElem(e)) = param.node.as_mut() {
                changed |= foldable(e.expr.as_deref_mut(), "a partition key")?;
            }
        }
    }
    for element in c.table_elts.iter_mut().chain(c.constraints.iter_mut()) {
        match element.node.as_mut() {
            Some(N::Constraint(k)) => changed |= constraint(k, false)?,
            Some(N::ColumnDef(column)) => changed |= column_constraints(column, false)?,
            _ => {}
        }
    }
    Ok(changed)
}

fn column_constraints(column: &mut ColumnDef, checked: bool) -> Result<bool, Refused> {
    let mut changed = false;
    for k in &mut column.constraints {
        if let Some(N::Constraint(k)) = k.node.as_mut() {
            changed |= constraint(k, checked)?;
        }
    }
    Ok(changed)
}

/// The parts of a constraint PostgreSQL plans while adding it. `checked`: CHECK and
/// generation expressions are evaluated too (the table already exists).
fn constraint(k: &mut Constraint, checked: bool) -> Result<bool, Refused> {
    match k.contype() {
        ConstrType::ConstrCheck | ConstrType::ConstrGenerated if checked => {
            foldable(k.raw_expr.as_deref_mut(), "this constraint")
        }
        ConstrType::ConstrExclusion => {
            let mut changed = foldable(k.where_clause.as_deref_mut(), "an exclusion constraint")?;
            for element in &mut k.exclusions {
                let Some(N::List(pair)) = element.node.as_mut() else {
                    continue;
                };
                if let Some(N::IndexElem(e)) = pair.items.first_mut().and_then(|n| n.node.as_mut())
                {
                    changed |= foldable(e.expr.as_deref_mut(), "an exclusion constraint")?;
                }
            }
            Ok(changed)
        }
        _ => Ok(false),
    }
}

fn foldable(expr: Option<&mut Node>, context: &str) -> Result<bool, Refused> {
    match expr {
        Some(e) => qualify_foldable(e, context),
        None => Ok(false),
    }
}

fn bound(spec: Option<&mut PartitionBoundSpec>) -> Result<bool, Refused> {
    let Some(spec) = spec else {
        return Ok(false);
    };
    let mut changed = false;
    for datum in spec
        .listdatums
        .iter_mut()
        .chain(spec.lowerdatums.iter_mut())
        .chain(spec.upperdatums.iter_mut())
    {
        changed |= qualify(datum, "a partition bound")?;
    }
    Ok(changed)
}

fn alter_table(cmds: &mut Vec<Node>) -> Result<bool, Refused> {
    let mut changed = false;
    let mut out = Vec::with_capacity(cmds.len());
    for mut cmd in cmds.drain(..) {
        let mut set_default = None;
        if let Some(N::AlterTableCmd(c)) = cmd.node.as_mut() {
            match c.subtype() {
                AlterTableType::AtAddColumn => {
                    set_default = split_default(c);
                    changed |= added_column(c)?;
                }
                AlterTableType::AtAddConstraint => {
                    if let Some(N::Constraint(k)) = c.def.as_mut().and_then(|d| d.node.as_mut()) {
                        changed |= constraint(k, true)?;
                    }
                }
                AlterTableType::AtAlterColumnType => {
                    if let Some(N::ColumnDef(column)) = c.def.as_mut().and_then(|d| d.node.as_mut())
                    {
                        changed |=
                            foldable(column.raw_default.as_deref_mut(), "a USING expression")?;
                    }
                }
                AlterTableType::AtAttachPartition | AlterTableType::AtDetachPartition => {
                    if let Some(N::PartitionCmd(p)) = c.def.as_mut().and_then(|d| d.node.as_mut()) {
                        changed |= std::mem::take(&mut p.concurrent);
                        changed |= bound(p.bound.as_mut())?;
                    }
                }
                _ => {}
            }
        }
        out.push(cmd);
        if let Some(set) = set_default {
            out.push(set);
            changed = true;
        }
    }
    *cmds = out;
    Ok(changed)
}

fn added_column(cmd: &mut AlterTableCmd) -> Result<bool, Refused> {
    match cmd.def.as_mut().and_then(|d| d.node.as_mut()) {
        Some(N::ColumnDef(column)) => column_constraints(column, true),
        _ => Ok(false),
    }
}

/// Takes a default that is not a plain literal off an added column, returning the
/// `ALTER COLUMN ... SET DEFAULT` that puts it back.
fn split_default(cmd: &mut AlterTableCmd) -> Option<Node> {
    let Some(N::ColumnDef(column)) = cmd.def.as_mut().and_then(|d| d.node.as_mut()) else {
        return None;
    };
    let expr = take_default(column)?;
    let set = AlterTableCmd {
        subtype: AlterTableType::AtColumnDefault as i32,
        name: column.colname.clone(),
        def: Some(expr),
        behavior: DropBehavior::DropRestrict as i32,
        ..AlterTableCmd::default()
    };
    Some(Node {
        node: Some(N::AlterTableCmd(Box::new(set))),
    })
}

fn take_default(column: &mut ColumnDef) -> Option<Box<Node>> {
    if column
        .raw_default
        .as_deref()
        .is_some_and(|d| !is_literal(d))
    {
        return column.raw_default.take();
    }
    let position = column.constraints.iter().position(|c| match &c.node {
        Some(N::Constraint(c)) => {
            c.contype() == ConstrType::ConstrDefault
                && c.raw_expr.as_deref().is_some_and(|e| !is_literal(e))
        }
        _ => false,
    })?;
    match column.constraints.remove(position).node {
        Some(N::Constraint(c)) => c.raw_expr,
        _ => None,
    }
}

/// A constant, or a string constant cast to a type (read by the type's input function).
fn is_literal(node: &Node) -> bool {
    match &node.node {
        Some(N::AConst(_)) => true,
        Some(N::TypeCast(t)) => matches!(
            t.arg.as_deref().and_then(|a| a.node.as_ref()),
            Some(N::AConst(c)) if c.isnull || matches!(c.val, Some(pg_query::protobuf::a_const::Val::Sval(_)))
        ),
        _ => false,
    }
}

/// `SELECT set_config(...)` → `SELECT pg_catalog.set_config(...)` (the screen has already
/// checked that the statement is just that call).
fn qualify_call(targets: &mut [Node]) -> bool {
    let Some(N::ResTarget(target)) = targets.first_mut().and_then(|t| t.node.as_mut()) else {
        return false;
    };
    match target.val.as_mut().and_then(|v| v.node.as_mut()) {
        Some(N::FuncCall(f)) if f.funcname.len() == 1 => {
            f.funcname.insert(
                0,
                Node {
                    node: Some(N::String(pg_query::protobuf::String {
                        sval: "pg_catalog".into(),
                    })),
                },
            );
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement as the screen would send it.
    fn sent(sql: &str) -> String {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let mut node = parsed.protobuf.stmts[0].stmt.clone().unwrap().node.unwrap();
        match rewrite(&mut node) {
            Ok(true) => node.deparse(Default::default()).unwrap(),
            Ok(false) => sql.to_string(),
            Err(e) => format!("refused: {}", e.message),
        }
    }

    #[test]
    fn materialized_views_and_table_as_get_no_data() {
        assert_eq!(
            sent("CREATE MATERIALIZED VIEW m AS SELECT 1/0"),
            "CREATE MATERIALIZED VIEW m AS SELECT 1 / 0  WITH NO DATA"
        );
        assert!(sent("CREATE TABLE t2 AS SELECT f()").ends_with("WITH NO DATA"));
        let already = "CREATE MATERIALIZED VIEW m AS SELECT 1 WITH NO DATA";
        assert_eq!(sent(already), already);
    }

    #[test]
    fn add_column_default_is_set_separately() {
        assert_eq!(
            sent("ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT f(), ADD COLUMN d int DEFAULT 1"),
            "ALTER TABLE t ADD COLUMN c int NOT NULL, ALTER COLUMN c SET DEFAULT f(), \
             ADD COLUMN d int DEFAULT 1"
        );
        assert!(sent("ALTER TABLE t ADD c int DEFAULT 1 ### 2").contains("SET DEFAULT 1 ### 2"));
        let literal = "ALTER TABLE t ADD COLUMN c text DEFAULT 'x'::text";
        assert_eq!(sent(literal), literal);
    }

    #[test]
    fn partition_bounds_use_only_built_ins() {
        assert_eq!(
            sent("CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (f()) TO (g(1) + 1)"),
            "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (pg_catalog.f()) \
             TO (pg_catalog.g(1) OPERATOR(pg_catalog.+) 1)"
        );
        assert_eq!(
            sent("CREATE TABLE p1 PARTITION OF p FOR VALUES IN (public.g(1))"),
            "refused: a partition bound uses public.g, which would run while the schema loads"
        );
        assert!(
            sent("ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (lower('A'))")
                .contains("pg_catalog.lower('A')")
        );
        let constant =
            "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)";
        assert_eq!(sent(constant), constant);
        assert!(
            sent("CREATE TABLE p1 PARTITION OF p FOR VALUES IN ((SELECT 1))")
                .starts_with("refused")
        );
    }

    #[test]
    fn planned_expressions_qualify_their_constant_calls() {
        assert_eq!(
            sent("CREATE INDEX i ON t ((boom(1)), lower(name)) WHERE f() > 0"),
            "CREATE INDEX i ON t USING btree (pg_catalog.boom(1), lower(name)) \
             WHERE pg_catalog.f() OPERATOR(pg_catalog.>) 0"
        );
        assert_eq!(
            sent("ALTER TABLE t ADD CONSTRAINT c CHECK (a < limit_of(1))"),
            "ALTER TABLE t ADD CONSTRAINT c CHECK (a < pg_catalog.limit_of(1))"
        );
        assert!(sent("ALTER DOMAIN d ADD CHECK (VALUE > f(1))").contains("pg_catalog.f(1)"));
        assert!(
            sent("ALTER TABLE t ALTER COLUMN a TYPE bigint USING f(1)").contains("pg_catalog.f(1)")
        );
        assert!(
            sent("ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a + f(1)) STORED")
                .contains("pg_catalog.f(1)")
        );
        assert!(
            sent("CREATE TABLE p (a int) PARTITION BY RANGE ((f(1)))").contains("pg_catalog.f(1)")
        );
        // A new table has no rows: its CHECK constraints are not evaluated.
        let check = "CREATE TABLE t (a int CHECK (a < limit_of(1)))";
        assert_eq!(sent(check), check);
        let on_columns = "CREATE INDEX i ON t (lower(name)) WHERE deleted IS NULL";
        assert_eq!(sent(on_columns), on_columns);
    }

    #[test]
    fn concurrently_is_dropped() {
        assert_eq!(
            sent("CREATE INDEX CONCURRENTLY i ON t (a)"),
            "CREATE INDEX i ON t USING btree (a)"
        );
        assert_eq!(sent("DROP INDEX CONCURRENTLY i"), "DROP INDEX i");
    }

    #[test]
    fn bare_set_config_is_qualified() {
        assert_eq!(
            sent("SELECT set_config('search_path', '', false)"),
            "SELECT pg_catalog.set_config('search_path', '', false)"
        );
    }
}
