//! Which lock each change takes on which existing relation, what that lock blocks, and
//! how long it is held (safety notes §6.1–6.3). Read from the change, with the rendered
//! statements deciding where the SQL offers a lighter form (CONCURRENTLY, NOT VALID,
//! USING INDEX), so an online recipe rendered for the same change gets its own locks.
use crate::version::PgVersion;
use strata_catalog::{Constraint, ConstraintKind, QualName, Table};
use strata_diff::Change;
use strata_plan::{Blocks, Effort, Lock, Rendered};

/// The lock modes strata's statements take, with what each blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    AccessExclusive,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::RowExclusive => "ROW EXCLUSIVE",
            Mode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Mode::Share => "SHARE",
            Mode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Mode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    fn blocks(self) -> Blocks {
        match self {
            Mode::RowExclusive | Mode::ShareUpdateExclusive => Blocks::Nothing,
            Mode::Share | Mode::ShareRowExclusive => Blocks::Writes,
            Mode::AccessExclusive => Blocks::ReadsAndWrites,
        }
    }
}

/// Fills in `rendered`'s locks and effort for `change` on a server of `version`.
pub(crate) fn describe(rendered: &mut Rendered, change: &Change, version: PgVersion) {
    let statements = rendered.statements.join("\n");
    let mut locks = Locks::default();
    if backfills(rendered) {
        // UPDATE in batches: ROW EXCLUSIVE, and row locks on each batch only.
        if let Change::AddColumn { table, .. } = change {
            locks.add(table, Mode::RowExclusive);
        }
    } else {
        take(&mut locks, change, &statements, version);
    }
    rendered.locks = locks.0;
    rendered.effort = Some(effort(change, rendered, &statements, version));
}

/// Locks in the order taken; a relation locked twice keeps its strongest mode.
#[derive(Default)]
struct Locks(Vec<Lock>);

impl Locks {
    fn add(&mut self, relation: &QualName, mode: Mode) {
        let relation = relation.to_string();
        let lock = Lock::new(relation.clone(), mode.name(), mode.blocks());
        match self.0.iter_mut().find(|l| l.relation == relation) {
            Some(held) if held.blocks < lock.blocks => *held = lock,
            Some(_) => {}
            None => self.0.push(lock),
        }
    }
}

fn take(locks: &mut Locks, change: &Change, statements: &str, version: PgVersion) {
    use Change::*;
    use Mode::*;
    let concurrently = statements.contains(" CONCURRENTLY ");
    if let Some(table) = validated_table(change, statements) {
        // VALIDATE CONSTRAINT (the online recipes' second step) reads the table under
        // SHARE UPDATE EXCLUSIVE: reads and writes go on.
        locks.add(table, ShareUpdateExclusive);
        return;
    }
    match change {
        CreateTable(t) => {
            if let Some((parent, _)) = &t.pg_options().partition_of {
                locks.add(parent, AccessExclusive);
            }
            for key in foreign_keys(t) {
                locks.add(key, ShareRowExclusive);
            }
        }
        DropTable(t) => {
            if let Some((parent, _)) = &t.pg_options().partition_of {
                locks.add(parent, AccessExclusive);
            }
            locks.add(&t.name, AccessExclusive);
            // Its foreign keys' triggers on the referenced tables go too.
            for key in foreign_keys(t) {
                locks.add(key, AccessExclusive);
            }
        }
        RebuildTable { from, .. } => locks.add(&from.name, AccessExclusive),
        AddColumn { table, .. } | DropColumn { table, .. } | AlterColumn { table, .. } => {
            locks.add(table, AccessExclusive)
        }
        AddConstraint { table, constraint } => add_constraint(locks, table, constraint),
        DropConstraint { table, constraint } => {
            locks.add(table, AccessExclusive);
            if let Some(key) = &constraint.references {
                locks.add(&key.table, AccessExclusive);
            }
        }
        AlterTableOptions { table, from, to } => {
            if from.partition_of != to.partition_of {
                if let Some((parent, _)) = &from.partition_of {
                    locks.add(parent, AccessExclusive);
                }
                if let Some((parent, _)) = &to.partition_of {
                    // Since 12 ATTACH PARTITION leaves the parent readable and writable.
                    let mode = if version.at_least(12) {
                        ShareUpdateExclusive
                    } else {
                        AccessExclusive
                    };
                    locks.add(parent, mode);
                }
                locks.add(table, AccessExclusive);
            }
            let heavy = from.unlogged != to.unlogged
                || from.rls_enabled != to.rls_enabled
                || from.rls_forced != to.rls_forced;
            if heavy {
                locks.add(table, AccessExclusive);
            } else if from.reloptions != to.reloptions {
                locks.add(table, ShareUpdateExclusive);
            }
        }
        CreateIndex(i) => locks.add(
            &i.table,
            if concurrently {
                ShareUpdateExclusive
            } else {
                Share
            },
        ),
        DropIndex(i) | DropIndexCascade { index: i, .. } => locks.add(
            &i.table,
            if concurrently {
                ShareUpdateExclusive
            } else {
                AccessExclusive
            },
        ),
        // Renaming an index locks only the index since 12.
        RenameIndex { from, .. } => locks.add(
            from,
            if version.at_least(12) {
                ShareUpdateExclusive
            } else {
                AccessExclusive
            },
        ),
        DropView(v) => locks.add(&v.name, AccessExclusive),
        ReplaceView { to, .. } => locks.add(&to.name, AccessExclusive),
        CreateTrigger(t) | AlterTriggerEnabled { to: t, .. } => {
            locks.add(&t.table, ShareRowExclusive)
        }
        DropTrigger(t) => locks.add(&t.table, AccessExclusive),
        CreatePolicy { table, .. } | DropPolicy { table, .. } => locks.add(table, AccessExclusive),
        ReplaceType { columns, .. } => {
            for c in columns {
                locks.add(&c.table, AccessExclusive);
            }
        }
        // The rest lock no table (types, functions, schemas, grants, comments) or only
        // a relation nobody else can be using yet.
        _ => {}
    }
}

fn add_constraint(locks: &mut Locks, table: &QualName, c: &Constraint) {
    match (&c.kind, &c.references) {
        // Both tables: rows of the one are checked against the other.
        (ConstraintKind::ForeignKey, Some(key)) => {
            locks.add(table, Mode::ShareRowExclusive);
            locks.add(&key.table, Mode::ShareRowExclusive);
        }
        (ConstraintKind::ForeignKey, None) => locks.add(table, Mode::ShareRowExclusive),
        _ => locks.add(table, Mode::AccessExclusive),
    }
}

fn foreign_keys(t: &Table) -> impl Iterator<Item = &QualName> {
    t.constraints
        .values()
        .filter_map(|c| c.references.as_ref())
        .map(|key| &key.table)
        .filter(move |referenced| **referenced != t.name)
}

/// The table of a change whose statements only validate constraints on it.
fn validated_table<'a>(change: &'a Change, statements: &str) -> Option<&'a QualName> {
    let only_validates = !statements.is_empty()
        && statements
            .lines()
            .all(|s| s.starts_with("ALTER TABLE ") && s.contains(" VALIDATE CONSTRAINT "));
    match change {
        Change::AlterColumn { table, .. } | Change::AddConstraint { table, .. }
            if only_validates =>
        {
            Some(table)
        }
        _ => None,
    }
}

/// SET NOT NULL in the recipe's step that drops the helper CHECK: since 12, the valid
/// check proves the column has no NULLs and the table is not scanned.
fn proven_not_null(statements: &str, version: PgVersion) -> bool {
    let helper = format!(
        " DROP CONSTRAINT \"{}",
        crate::online::NOT_NULL_CHECK_PREFIX
    );
    version.at_least(12) && statements.contains(&helper)
}

/// Whether the step is the batched fill of a new column (PG032).
fn backfills(rendered: &Rendered) -> bool {
    rendered
        .hazards
        .iter()
        .any(|h| h.code == crate::hazards::BATCHED_BACKFILL.code)
}

/// A rewrite when the render found one; a scan when the statements check or index
/// every row (or fill it in batches); otherwise catalog changes only.
fn effort(change: &Change, rendered: &Rendered, statements: &str, version: PgVersion) -> Effort {
    if backfills(rendered) {
        return Effort::Scan;
    }
    if rendered
        .hazards
        .iter()
        .any(|h| h.code == crate::hazards::TABLE_REWRITE.code)
    {
        return Effort::Rewrite;
    }
    let validates = statements.contains(" VALIDATE CONSTRAINT ")
        || (statements.contains(" SET NOT NULL") && !proven_not_null(statements, version))
        || statements.contains(" ATTACH PARTITION ");
    let scans = match change {
        Change::CreateIndex(_) => true,
        Change::AddConstraint { constraint, .. } => {
            !constraint.definition.ends_with("NOT VALID") && !statements.contains(" USING INDEX ")
        }
        Change::AddColumn { column, .. } => column.not_null && column.default.is_none(),
        _ => false,
    };
    if scans || validates {
        Effort::Scan
    } else {
        Effort::Metadata
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PostgresDialect;
    use crate::hazards::testing::*;
    use strata_plan::Dialect;

    fn rendered(change: Change, version: u32) -> Rendered {
        PostgresDialect::for_version(PgVersion::major(version))
            .render(&change)
            .unwrap()
    }

    fn lock(relation: &str, mode: &str, blocks: Blocks) -> Lock {
        Lock::new(relation, mode, blocks)
    }

    #[test]
    fn columns_take_access_exclusive_briefly_unless_they_rewrite() {
        let add = rendered(
            Change::AddColumn {
                table: q("t"),
                column: col("n", "integer"),
            },
            15,
        );
        assert_eq!(
            add.locks,
            [lock("public.t", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites)]
        );
        assert_eq!(add.effort, Some(Effort::Metadata));
        let retype = rendered(
            Change::AlterColumn {
                table: q("t"),
                from: col("n", "integer"),
                to: col("n", "bigint"),
            },
            15,
        );
        assert_eq!(retype.effort, Some(Effort::Rewrite));
    }

    #[test]
    fn a_foreign_key_locks_both_tables_against_writes() {
        let mut fk = constraint(
            ConstraintKind::ForeignKey,
            "FOREIGN KEY (n) REFERENCES public.u(id)",
        );
        fk.references = Some(ForeignKey::to(q("u")));
        let r = rendered(add(fk.clone()), 15);
        assert_eq!(
            r.locks,
            [
                lock("public.t", "SHARE ROW EXCLUSIVE", Blocks::Writes),
                lock("public.u", "SHARE ROW EXCLUSIVE", Blocks::Writes),
            ]
        );
        assert_eq!(r.effort, Some(Effort::Scan));
        fk.definition.push_str(" NOT VALID");
        assert_eq!(rendered(add(fk), 15).effort, Some(Effort::Metadata));
        let checked = rendered(add(check("CHECK (n > 0)")), 15);
        assert_eq!(checked.locks[0].mode, "ACCESS EXCLUSIVE");
    }

    #[test]
    fn an_index_build_blocks_writes_and_scans() {
        let index = strata_catalog::testing::btree_index("t_n", "t", "n");
        let built = rendered(Change::CreateIndex(index.clone()), 15);
        assert_eq!(built.locks, [lock("public.t", "SHARE", Blocks::Writes)]);
        assert_eq!(built.effort, Some(Effort::Scan));
        // The same change rendered as an online build.
        let mut online = built.clone();
        online.statements =
            vec!["CREATE INDEX CONCURRENTLY t_n ON public.t USING btree (n)".into()];
        describe(
            &mut online,
            &Change::CreateIndex(index.clone()),
            PgVersion::major(15),
        );
        assert_eq!(
            online.locks,
            [lock("public.t", "SHARE UPDATE EXCLUSIVE", Blocks::Nothing)]
        );
        let dropped = rendered(Change::DropIndex(index), 15);
        assert_eq!(dropped.locks[0].mode, "ACCESS EXCLUSIVE");
    }

    #[test]
    fn a_trigger_blocks_writes_and_a_new_table_locks_what_it_references() {
        let trigger = Trigger {
            table: q("users"),
            name: "touch".into(),
            definition: "CREATE TRIGGER touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
            enabled: TriggerState::Origin,
            comment: None,
        };
        assert_eq!(
            rendered(Change::CreateTrigger(trigger), 15).locks,
            [lock("public.users", "SHARE ROW EXCLUSIVE", Blocks::Writes)]
        );
        let mut fk = constraint(
            ConstraintKind::ForeignKey,
            "FOREIGN KEY (n) REFERENCES public.u(id)",
        );
        fk.references = Some(ForeignKey::to(q("u")));
        let mut t = table("t", vec![col("n", "integer")]);
        t.constraints.insert(fk.name.clone(), fk);
        assert_eq!(
            rendered(Change::CreateTable(t), 15).locks,
            [lock("public.u", "SHARE ROW EXCLUSIVE", Blocks::Writes)]
        );
    }

    #[test]
    fn the_online_set_not_null_validates_under_a_weak_lock_and_does_not_scan_again() {
        let mut from = strata_catalog::Catalog::default();
        from.tables
            .insert(q("t"), table("t", vec![col("n", "integer")]));
        let mut to = col("n", "integer");
        to.not_null = true;
        let change = Change::AlterColumn {
            table: q("t"),
            from: col("n", "integer"),
            to,
        };
        let pieces = PostgresDialect::for_version(PgVersion::major(15))
            .render_online(&change, &from)
            .unwrap();
        let described: Vec<(&str, Effort)> = pieces
            .iter()
            .map(|p| {
                (
                    p.rendered.locks[0].mode.as_str(),
                    p.rendered.effort.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            described,
            [
                ("ACCESS EXCLUSIVE", Effort::Metadata),
                ("SHARE UPDATE EXCLUSIVE", Effort::Scan),
                ("ACCESS EXCLUSIVE", Effort::Metadata),
            ]
        );
        // Without the recipe, SET NOT NULL scans under ACCESS EXCLUSIVE.
        let plain = rendered(change, 15);
        assert_eq!(plain.locks[0].mode, "ACCESS EXCLUSIVE");
        assert_eq!(plain.effort, Some(Effort::Scan));
    }

    #[test]
    fn attach_partition_locks_the_parent_less_since_12() {
        let attach = || Change::AlterTableOptions {
            table: q("p1"),
            from: PgTable::default(),
            to: PgTable {
                partition_of: Some((q("p"), "FOR VALUES IN (1)".into())),
                ..PgTable::default()
            },
        };
        let on_11 = rendered(attach(), 11);
        assert_eq!(
            on_11.locks[0],
            lock("public.p", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites)
        );
        let on_12 = rendered(attach(), 12);
        assert_eq!(
            on_12.locks,
            [
                lock("public.p", "SHARE UPDATE EXCLUSIVE", Blocks::Nothing),
                lock("public.p1", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites),
            ]
        );
        assert_eq!(on_12.effort, Some(Effort::Scan));
    }
}
