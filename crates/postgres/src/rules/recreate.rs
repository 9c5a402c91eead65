//! What PostgreSQL does itself to the dependents of a changed object, so the plan's
//! recreate pass leaves them alone.
use strata_catalog::{Catalog, ConstraintKind, ObjectId};

/// `ALTER COLUMN .. TYPE` rebuilds the table's indexes and rechecks its own constraints;
/// only foreign keys (two columns whose types must match) need taking down.
pub(crate) fn survives_type_change(dependent: &ObjectId, from: &Catalog) -> bool {
    match dependent {
        ObjectId::Index(_) => true,
        ObjectId::Constraint(t, n) => from
            .tables
            .get(t)
            .and_then(|t| t.constraints.get(n))
            .is_none_or(|c| c.kind != ConstraintKind::ForeignKey),
        _ => false,
    }
}

/// Indexes that partitioning ties together are left to the diff of indexes: an index
/// attached to a partitioned index goes and comes with it or with its table, and a
/// partitioned index waits for its partitions and their indexes only to be made after
/// them.
pub(crate) fn partition_share(broken: &ObjectId, dependent: &ObjectId, from: &Catalog) -> bool {
    let ObjectId::Index(n) = dependent else {
        return false;
    };
    let Some(index) = from.indexes.get(n) else {
        return false;
    };
    if index.parent.is_some() {
        return true;
    }
    match broken {
        ObjectId::Table(t) => from
            .tables
            .get(t)
            .and_then(|t| t.pg_options().partition_of.as_ref())
            .is_some_and(|(p, _)| *p == index.table),
        ObjectId::Index(c) => from
            .indexes
            .get(c)
            .is_some_and(|c| c.parent.as_ref() == Some(n)),
        ObjectId::Constraint(t, c) => from
            .tables
            .get(t)
            .and_then(|t| t.constraints.get(c))
            .is_some_and(|c| c.attached_to.as_ref() == Some(n)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PostgresDialect;
    use strata_catalog::{Column, Constraint, ForeignKey, Index, QualName, Table};

    fn q(name: &str) -> QualName {
        QualName::new("public", name)
    }

    fn key(name: &str, kind: ConstraintKind, def: &str, column: &str) -> Constraint {
        Constraint {
            name: name.into(),
            kind,
            definition: def.into(),
            columns: vec![column.into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        }
    }

    fn index(name: &str, table: &str, parent: Option<&str>) -> Index {
        Index {
            name: q(name),
            table: q(table),
            definition: format!("CREATE INDEX {name} ON public.{table} USING btree (x)"),
            unique: false,
            comment: None,
            parent: parent.map(q),
        }
    }

    /// Tables `a(id)` with a primary key and `b(a_id)` with a foreign key to it, both
    /// columns of type `ty`.
    fn keyed(ty: &str) -> Catalog {
        let mut a = Table::new(q("a"), vec![Column::new("id", ty)]);
        let pk = key(
            "a_pkey",
            ConstraintKind::PrimaryKey,
            "PRIMARY KEY (id)",
            "id",
        );
        a.constraints.insert(pk.name.clone(), pk);
        let mut b = Table::new(q("b"), vec![Column::new("a_id", ty)]);
        let mut fk = key(
            "b_a_fkey",
            ConstraintKind::ForeignKey,
            "FOREIGN KEY (a_id) REFERENCES public.a(id)",
            "a_id",
        );
        fk.references = Some(ForeignKey {
            columns: vec!["id".into()],
            ..ForeignKey::to(q("a"))
        });
        b.constraints.insert(fk.name.clone(), fk);
        let mut cat = Catalog::default();
        for t in [a, b] {
            cat.tables.insert(t.name.clone(), t);
        }
        cat
    }

    #[test]
    fn a_type_change_takes_down_foreign_keys_only() {
        let from = keyed("integer");
        let plan = strata_plan::build_plan(&from, &keyed("uuid"), &PostgresDialect).unwrap();
        let summaries: Vec<&str> = plan.steps.iter().map(|s| s.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "drop constraint b_a_fkey on public.b",
                "alter column public.a.id",
                "alter column public.b.a_id",
                "add constraint b_a_fkey on public.b"
            ]
        );
        let fk = ObjectId::Constraint(q("b"), "b_a_fkey".into());
        assert!(!survives_type_change(&fk, &from));
        assert!(survives_type_change(&ObjectId::Index(q("a_x")), &from));
        assert!(!survives_type_change(&ObjectId::View(q("v")), &from));
    }

    #[test]
    fn shares_of_partitioned_indexes_are_left_to_the_diff() {
        let mut cat = Catalog::default();
        let parent = Table::new(q("m"), vec![Column::new("x", "integer")]);
        let mut part = Table::new(q("m_1"), vec![Column::new("x", "integer")]);
        part.pg_mut().partition_of = Some((q("m"), "FOR VALUES IN (1)".into()));
        for t in [parent, part] {
            cat.tables.insert(t.name.clone(), t);
        }
        for i in [index("m_x", "m", None), index("m_1_x", "m_1", Some("m_x"))] {
            cat.indexes.insert(i.name.clone(), i);
        }
        let idx = |n: &str| ObjectId::Index(q(n));
        let table = |n: &str| ObjectId::Table(q(n));
        assert!(partition_share(&table("m_1"), &idx("m_1_x"), &cat));
        assert!(partition_share(&table("m_1"), &idx("m_x"), &cat));
        assert!(partition_share(&idx("m_1_x"), &idx("m_x"), &cat));
        assert!(!partition_share(&table("m"), &idx("m_x"), &cat));
        assert!(!partition_share(&table("m_1"), &table("m"), &cat));
    }
}
