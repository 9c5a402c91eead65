//! The script read in order: what earlier statements established, and the rules of each
//! statement kind but `ALTER TABLE` (in [`super::alter`]).
use super::LintOptions;
use crate::hazards::{
    ADD_INDEX_NON_CONCURRENTLY, DROP_INDEX_NON_CONCURRENTLY, MISSING_LOCK_TIMEOUT,
    NON_TRANSACTIONAL_IN_TRANSACTION, TABLE_REWRITE,
};
use crate::screen::text::{dotted, escape};
use pg_query::protobuf::{
    self, ObjectType, RangeVar, TransactionStmtKind, VariableSetKind, a_const,
};
use pg_query::{NodeEnum, NodeRef};
use std::collections::BTreeSet;
use strata_plan::{Hazard, Rule, rules};

/// What the statements so far established.
pub(super) struct Script {
    options: LintOptions,
    /// Tables created earlier in the script (by name, without schema): they are empty.
    created: BTreeSet<String>,
    /// A `SET lock_timeout` for the session is in force.
    session_timeout: bool,
    /// A `SET LOCAL lock_timeout` is in force until the transaction ends.
    local_timeout: bool,
    /// Inside `BEGIN` .. `COMMIT`.
    in_block: bool,
}

impl Script {
    pub(super) fn new(options: LintOptions) -> Script {
        Script {
            options,
            created: BTreeSet::new(),
            session_timeout: false,
            local_timeout: false,
            in_block: false,
        }
    }

    pub(super) fn version(&self) -> u32 {
        self.options.version
    }

    /// The findings of one statement, and what it establishes for the next ones.
    pub(super) fn statement(&mut self, node: &NodeEnum) -> Vec<Hazard> {
        let mut out = Vec::new();
        match node {
            NodeEnum::CreateStmt(s) => self.create(s.relation.as_ref()),
            NodeEnum::CreateTableAsStmt(s) => {
                self.create(s.into.as_ref().and_then(|i| i.rel.as_ref()))
            }
            NodeEnum::IndexStmt(s) => self.index(s, &mut out),
            NodeEnum::DropStmt(s) => self.drop(s, &mut out),
            NodeEnum::UpdateStmt(s) if s.where_clause.is_none() => {
                self.unfiltered(s.relation.as_ref(), &rules::UPDATE_WITHOUT_WHERE, &mut out)
            }
            NodeEnum::DeleteStmt(s) if s.where_clause.is_none() => {
                self.unfiltered(s.relation.as_ref(), &rules::DELETE_WITHOUT_WHERE, &mut out)
            }
            NodeEnum::TruncateStmt(s) => self.truncate(s, &mut out),
            NodeEnum::AlterTableStmt(s) => super::alter::alter_table(self, s, &mut out),
            NodeEnum::RenameStmt(s) => self.rename(s, &mut out),
            NodeEnum::VacuumStmt(s) => self.vacuum(s, &mut out),
            NodeEnum::ClusterStmt(s) => self.cluster(s, &mut out),
            NodeEnum::ReindexStmt(s) if concurrently(&s.params) => {
                self.outside_transaction("REINDEX CONCURRENTLY", &mut out)
            }
            NodeEnum::AlterEnumStmt(s) if s.old_val.is_empty() && self.version() < 12 => {
                self.outside_transaction("ALTER TYPE .. ADD VALUE before PostgreSQL 12", &mut out)
            }
            NodeEnum::TransactionStmt(s) => self.transaction(s.kind()),
            NodeEnum::VariableSetStmt(s) if s.name.eq_ignore_ascii_case("lock_timeout") => {
                self.set_lock_timeout(s)
            }
            NodeEnum::VariableSetStmt(s) if s.kind() == VariableSetKind::VarResetAll => {
                self.session_timeout = false;
                self.local_timeout = false;
            }
            NodeEnum::SelectStmt(_) => self.set_config(node),
            _ => {}
        }
        out
    }

    /// True when `rel` was created earlier in the script (so it holds no rows yet).
    pub(super) fn is_new(&self, rel: Option<&RangeVar>) -> bool {
        rel.is_some_and(|r| self.created.contains(&r.relname))
    }

    /// PG041 when the statement takes an ACCESS EXCLUSIVE lock on `rel` (an existing
    /// table) and nothing bounds the wait.
    pub(super) fn exclusive_lock(&self, rel: Option<&RangeVar>, out: &mut Vec<Hazard>) {
        let Some(rel) = rel else { return };
        if self.is_new(Some(rel))
            || self.session_timeout
            || self.local_timeout
            || out.iter().any(|h| h.code == MISSING_LOCK_TIMEOUT.code)
        {
            return;
        }
        out.push(
            Hazard::new(
                &MISSING_LOCK_TIMEOUT,
                format!(
                    "takes an ACCESS EXCLUSIVE lock on {} with no lock_timeout set: while it waits, every query on the table waits behind it",
                    name(rel)
                ),
            )
            .on(name(rel)),
        );
    }

    /// PG040 when a statement that cannot run in a transaction block is in one.
    fn outside_transaction(&self, what: &str, out: &mut Vec<Hazard>) {
        let why = if self.in_block {
            "inside BEGIN .. COMMIT"
        } else if self.options.in_transaction {
            "in a revision that runs in a transaction (add `-- strata:no-transaction`)"
        } else {
            return;
        };
        out.push(Hazard::new(
            &NON_TRANSACTIONAL_IN_TRANSACTION,
            format!("{what} cannot run in a transaction block, and this one runs {why}"),
        ));
    }

    fn create(&mut self, rel: Option<&RangeVar>) {
        if let Some(rel) = rel {
            self.created.insert(rel.relname.clone());
        }
    }

    fn index(&mut self, s: &protobuf::IndexStmt, out: &mut Vec<Hazard>) {
        let rel = s.relation.as_ref();
        let table = rel.map(name).unwrap_or_default();
        if s.concurrent {
            self.outside_transaction("CREATE INDEX CONCURRENTLY", out);
            return;
        }
        if self.is_new(rel) {
            return;
        }
        let index = if s.idxname.is_empty() {
            "an index".to_string()
        } else {
            format!("index {}", escape(&s.idxname))
        };
        out.push(
            Hazard::new(
                &ADD_INDEX_NON_CONCURRENTLY,
                format!(
                    "builds {index} on {table} without CONCURRENTLY: writes to the table wait until it is built"
                ),
            )
            .on(table.clone()),
        );
        if s.unique {
            out.push(
                Hazard::new(
                    &rules::ADD_UNIQUE_CONSTRAINT,
                    format!(
                        "builds unique {index} on {table}: fails if existing rows repeat a key"
                    ),
                )
                .on(table),
            );
        }
    }

    fn drop(&mut self, s: &protobuf::DropStmt, out: &mut Vec<Hazard>) {
        let kind = s.remove_type();
        if kind == ObjectType::ObjectIndex {
            if s.concurrent {
                self.outside_transaction("DROP INDEX CONCURRENTLY", out);
                return;
            }
            for object in names(&s.objects) {
                out.push(
                    Hazard::new(
                        &DROP_INDEX_NON_CONCURRENTLY,
                        format!(
                            "drops index {object} without CONCURRENTLY: its table is locked against reads and writes until the drop can proceed"
                        ),
                    )
                    .on(object),
                );
            }
            return;
        }
        let (rule, what) = match kind {
            ObjectType::ObjectTable => (&rules::DROP_TABLE, "table {} and all its rows"),
            ObjectType::ObjectSchema => (&rules::DROP_SCHEMA, "schema {} and what is in it"),
            ObjectType::ObjectSequence => (&rules::DROP_SEQUENCE, "sequence {} and its value"),
            ObjectType::ObjectMatview => (
                &rules::DROP_MATERIALIZED_VIEW,
                "materialized view {} and its rows",
            ),
            ObjectType::ObjectType | ObjectType::ObjectDomain => (
                &rules::DROP_TYPE,
                "type {}; columns and functions using it break",
            ),
            _ => return,
        };
        for object in names(&s.objects) {
            let rel = range_var(&object);
            if kind == ObjectType::ObjectTable && self.is_new(Some(&rel)) {
                continue;
            }
            out.push(
                Hazard::new(rule, format!("drops {}", what.replace("{}", &object))).on(object),
            );
            if kind == ObjectType::ObjectTable {
                self.exclusive_lock(Some(&rel), out);
            }
        }
    }

    fn unfiltered(
        &self,
        rel: Option<&RangeVar>,
        rule: &'static strata_plan::Rule,
        out: &mut Vec<Hazard>,
    ) {
        let Some(rel) = rel else { return };
        if self.is_new(Some(rel)) {
            return;
        }
        let verb = if rule.code == rules::UPDATE_WITHOUT_WHERE.code {
            "updates"
        } else {
            "deletes"
        };
        out.push(
            Hazard::new(
                rule,
                format!("{verb} every row of {} (no WHERE clause)", name(rel)),
            )
            .on(name(rel)),
        );
    }

    fn truncate(&self, s: &protobuf::TruncateStmt, out: &mut Vec<Hazard>) {
        for rel in range_vars(&s.relations) {
            if self.is_new(Some(rel)) {
                continue;
            }
            out.push(
                Hazard::new(
                    &rules::TRUNCATE_TABLE,
                    format!("empties table {} with TRUNCATE", name(rel)),
                )
                .on(name(rel)),
            );
            self.exclusive_lock(Some(rel), out);
        }
    }

    fn rename(&self, s: &protobuf::RenameStmt, out: &mut Vec<Hazard>) {
        let rel = s.relation.as_ref();
        if self.is_new(rel) {
            return;
        }
        let new = escape(&s.newname);
        let (what, object) = match (s.rename_type(), rel) {
            (ObjectType::ObjectColumn, Some(r)) => {
                ("column", format!("{}.{}", name(r), escape(&s.subname)))
            }
            (ObjectType::ObjectTabconstraint, Some(r)) => {
                ("constraint", format!("{}.{}", name(r), escape(&s.subname)))
            }
            (ObjectType::ObjectTable, Some(r)) => ("table", name(r)),
            (ObjectType::ObjectView, Some(r)) => ("view", name(r)),
            (ObjectType::ObjectMatview, Some(r)) => ("materialized view", name(r)),
            (ObjectType::ObjectIndex, Some(r)) => ("index", name(r)),
            (ObjectType::ObjectSequence, Some(r)) => ("sequence", name(r)),
            (kind, _) => (
                object_word(kind),
                s.object.as_deref().map(object_name).unwrap_or_default(),
            ),
        };
        out.push(
            Hazard::new(
                rename_rule(s.rename_type()),
                format!("renames {what} {object} to {new}: clients using the old name break"),
            )
            .on(object),
        );
        if matches!(
            s.rename_type(),
            ObjectType::ObjectColumn | ObjectType::ObjectTable | ObjectType::ObjectTabconstraint
        ) {
            self.exclusive_lock(rel, out);
        }
    }

    fn vacuum(&self, s: &protobuf::VacuumStmt, out: &mut Vec<Hazard>) {
        if s.is_vacuumcmd {
            self.outside_transaction("VACUUM", out);
        }
        let full = s.options.iter().any(|o| {
            matches!(&o.node, Some(NodeEnum::DefElem(d)) if d.defname.eq_ignore_ascii_case("full"))
        });
        if !full {
            return;
        }
        let rels: Vec<&RangeVar> = s
            .rels
            .iter()
            .filter_map(|n| match &n.node {
                Some(NodeEnum::VacuumRelation(v)) => v.relation.as_ref(),
                _ => None,
            })
            .collect();
        let target = if rels.is_empty() {
            "every table of the database".to_string()
        } else {
            rels.iter().map(|r| name(r)).collect::<Vec<_>>().join(", ")
        };
        out.push(Hazard::new(
            &TABLE_REWRITE,
            format!("VACUUM FULL rewrites {target} under an ACCESS EXCLUSIVE lock"),
        ));
        for rel in rels {
            self.exclusive_lock(Some(rel), out);
        }
    }

    fn cluster(&self, s: &protobuf::ClusterStmt, out: &mut Vec<Hazard>) {
        let rel = s.relation.as_ref();
        let target = rel.map_or("every clustered table".to_string(), name);
        out.push(
            Hazard::new(
                &TABLE_REWRITE,
                format!("CLUSTER rewrites {target} under an ACCESS EXCLUSIVE lock"),
            )
            .on(target),
        );
        self.exclusive_lock(rel, out);
    }

    fn transaction(&mut self, kind: TransactionStmtKind) {
        match kind {
            TransactionStmtKind::TransStmtBegin | TransactionStmtKind::TransStmtStart => {
                self.in_block = true
            }
            TransactionStmtKind::TransStmtCommit
            | TransactionStmtKind::TransStmtRollback
            | TransactionStmtKind::TransStmtPrepare => {
                self.in_block = false;
                // SET LOCAL ends with the transaction; a revision's own transaction
                // ends only with the revision.
                if !self.options.in_transaction {
                    self.local_timeout = false;
                }
            }
            _ => {}
        }
    }

    fn set_lock_timeout(&mut self, s: &protobuf::VariableSetStmt) {
        let on = match s.kind() {
            VariableSetKind::VarSetValue => !s.args.iter().all(is_zero),
            _ => false,
        };
        if s.is_local {
            self.local_timeout = on;
        } else {
            self.session_timeout = on;
            self.local_timeout &= on;
        }
    }

    /// `SELECT set_config('lock_timeout', '5s', is_local)`.
    fn set_config(&mut self, node: &NodeEnum) {
        for (n, ..) in node.nodes() {
            let NodeRef::FuncCall(f) = n else { continue };
            if !dotted(&f.funcname).ends_with("set_config") || f.args.len() != 3 {
                continue;
            }
            if string(&f.args[0]).is_some_and(|s| s.eq_ignore_ascii_case("lock_timeout")) {
                let on = !is_zero(&f.args[1]);
                let local = matches!(&f.args[2].node, Some(NodeEnum::AConst(c)) if matches!(&c.val, Some(a_const::Val::Boolval(b)) if b.boolval));
                if local {
                    self.local_timeout = on;
                } else {
                    self.session_timeout = on;
                }
            }
        }
    }
}

/// `schema.name` as written (the schema only when the statement names one).
pub(super) fn name(rel: &RangeVar) -> String {
    if rel.schemaname.is_empty() {
        escape(&rel.relname)
    } else {
        format!("{}.{}", escape(&rel.schemaname), escape(&rel.relname))
    }
}

/// A relation named `schema.name` or `name` in a message back as a [`RangeVar`].
fn range_var(dotted: &str) -> RangeVar {
    let (schema, rel) = dotted.rsplit_once('.').unwrap_or(("", dotted));
    RangeVar {
        schemaname: schema.to_string(),
        relname: rel.to_string(),
        ..RangeVar::default()
    }
}

/// The names of a DROP's objects (each a list of `String` nodes, or a type name).
fn names(objects: &[pg_query::Node]) -> Vec<String> {
    objects.iter().map(object_name).collect()
}

fn object_name(node: &pg_query::Node) -> String {
    match &node.node {
        Some(NodeEnum::List(l)) => escape(&dotted(&l.items)),
        Some(NodeEnum::TypeName(t)) => escape(&dotted(&t.names)),
        Some(NodeEnum::String(s)) => escape(&s.sval),
        Some(NodeEnum::ObjectWithArgs(o)) => escape(&dotted(&o.objname)),
        _ => String::new(),
    }
}

fn object_word(kind: ObjectType) -> &'static str {
    match kind {
        ObjectType::ObjectSchema => "schema",
        ObjectType::ObjectType | ObjectType::ObjectDomain => "type",
        ObjectType::ObjectFunction | ObjectType::ObjectProcedure | ObjectType::ObjectRoutine => {
            "function"
        }
        _ => "object",
    }
}

fn range_vars(nodes: &[pg_query::Node]) -> impl Iterator<Item = &RangeVar> {
    nodes.iter().filter_map(|n| match &n.node {
        Some(NodeEnum::RangeVar(r)) => Some(r),
        _ => None,
    })
}

fn concurrently(params: &[pg_query::Node]) -> bool {
    params.iter().any(|p| {
        matches!(&p.node, Some(NodeEnum::DefElem(d)) if d.defname.eq_ignore_ascii_case("concurrently"))
    })
}

fn string(node: &pg_query::Node) -> Option<&str> {
    match &node.node {
        Some(NodeEnum::AConst(c)) => match &c.val {
            Some(a_const::Val::Sval(s)) => Some(s.sval.as_str()),
            _ => None,
        },
        Some(NodeEnum::TypeCast(t)) => t.arg.as_deref().and_then(string),
        _ => None,
    }
}

/// `0` or `'0'` (or `'0ms'`): the setting that turns the timeout off.
fn is_zero(node: &pg_query::Node) -> bool {
    match &node.node {
        Some(NodeEnum::AConst(c)) => match &c.val {
            Some(a_const::Val::Ival(i)) => i.ival == 0,
            Some(a_const::Val::Sval(s)) => {
                let number = s.sval.trim().trim_end_matches(char::is_alphabetic).trim();
                number.parse::<f64>() == Ok(0.0)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The rename rule of a kind: the one plans use (S040-S044), or S048 for kinds plans
/// never rename (indexes have no finding in plans; here any rename is reported).
fn rename_rule(kind: ObjectType) -> &'static Rule {
    match kind {
        ObjectType::ObjectTable | ObjectType::ObjectView | ObjectType::ObjectMatview => {
            &rules::RENAME_TABLE
        }
        ObjectType::ObjectColumn => &rules::RENAME_COLUMN,
        ObjectType::ObjectTabconstraint | ObjectType::ObjectDomconstraint => {
            &rules::RENAME_CONSTRAINT
        }
        ObjectType::ObjectType | ObjectType::ObjectDomain => &rules::RENAME_TYPE,
        ObjectType::ObjectSchema => &rules::RENAME_SCHEMA,
        _ => &rules::RENAME_OBJECT,
    }
}
