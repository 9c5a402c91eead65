//! Tables strata owns (its migration history, later its state tables). They are marked
//! with a comment strata recognises, so they are found under any name or schema and after
//! a rename, and they never take part in a diff, a plan or a dump whatever the scope.
use crate::{Catalog, ObjectId, QualName};
use std::collections::BTreeMap;

/// The prefix of the marker: `strata:owned <role> v<version>`, e.g.
/// `strata:owned history v2`. PostgreSQL keeps it as the table's comment, SQLite as a
/// `/* ... */` comment inside the table's `CREATE TABLE` text.
pub const OWNED_MARKER: &str = "strata:owned";

/// True when `text` is a marker (`strata:owned` followed by nothing or a space).
pub fn is_owned_marker(text: &str) -> bool {
    text.strip_prefix(OWNED_MARKER)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The marker inside a `/* strata:owned ... */` comment of `sql`, if there is one.
pub fn owned_marker_in(sql: &str) -> Option<&str> {
    let start = sql.find(&format!("/* {OWNED_MARKER}"))? + 3;
    let len = sql[start..].find("*/")?;
    Some(sql[start..start + len].trim_end())
}

impl Catalog {
    /// Moves the tables named in `owned` (with their markers) out of the catalog: the
    /// tables, their indexes, triggers, owned sequences, grants and dependency edges.
    /// They stay listed in [`Catalog::owned`], for messages only.
    pub fn set_aside_owned(&mut self, owned: BTreeMap<QualName, String>) {
        if owned.is_empty() {
            return;
        }
        let is_owned = |n: &QualName| owned.contains_key(n);
        self.tables.retain(|n, _| !is_owned(n));
        self.indexes.retain(|_, i| !is_owned(&i.table));
        self.triggers.retain(|(t, _), _| !is_owned(t));
        self.sequences
            .retain(|_, s| !s.owned_by.as_ref().is_some_and(|(t, _)| is_owned(t)));
        let touches = |id: &ObjectId| match id {
            ObjectId::Table(t)
            | ObjectId::Column(t, _)
            | ObjectId::Constraint(t, _)
            | ObjectId::Trigger(t, _)
            | ObjectId::Policy(t, _) => is_owned(t),
            _ => false,
        };
        self.grants.retain(|g| !touches(&g.object));
        self.dependencies
            .retain(|(a, b)| !touches(a) && !touches(b));
        self.owned.extend(owned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Column, Grant, Index, Privilege, Table};

    #[test]
    fn markers_are_recognised_exactly() {
        assert!(is_owned_marker("strata:owned history v2"));
        assert!(is_owned_marker("strata:owned"));
        assert!(!is_owned_marker("strata:ownedness"));
        assert!(!is_owned_marker("our strata:owned table"));
        assert_eq!(
            owned_marker_in("CREATE TABLE \"h\" (/* strata:owned history v2 */ id BIGINT)"),
            Some("strata:owned history v2")
        );
        assert_eq!(owned_marker_in("CREATE TABLE h (id BIGINT)"), None);
    }

    #[test]
    fn owned_tables_leave_with_everything_attached() {
        let h = QualName::new("ops", "log");
        let users = QualName::new("public", "users");
        let mut c = Catalog::default();
        for name in [&h, &users] {
            c.tables.insert(
                name.clone(),
                Table::new(name.clone(), vec![Column::new("id", "bigint")]),
            );
        }
        c.indexes.insert(
            QualName::new("ops", "log_idx"),
            Index {
                name: QualName::new("ops", "log_idx"),
                table: h.clone(),
                definition: String::new(),
                unique: false,
                comment: None,
                parent: None,
            },
        );
        c.grants.insert(Grant {
            object: ObjectId::Column(h.clone(), "id".into()),
            grantee: "app".into(),
            privilege: Privilege::Select,
            grantable: false,
        });
        c.dependencies
            .insert((ObjectId::Table(users.clone()), ObjectId::Table(h.clone())));
        c.set_aside_owned(BTreeMap::from([(
            h.clone(),
            "strata:owned history v2".into(),
        )]));
        assert_eq!(c.tables.keys().collect::<Vec<_>>(), [&users]);
        assert!(c.indexes.is_empty());
        assert!(c.grants.is_empty());
        assert!(c.dependencies.is_empty());
        assert_eq!(c.owned[&h], "strata:owned history v2");
    }
}
