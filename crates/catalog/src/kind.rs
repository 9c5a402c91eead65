//! The kinds of object a catalog holds, and the one place that knows where each kind is
//! stored. Scope filtering, the diff and the dependency graph walk [`Kind::ALL`] and ask
//! the catalog for each kind through these matches, so a new kind that is not wired in
//! fails to compile here rather than being skipped silently somewhere downstream.
use crate::{Catalog, ObjectId, QualName};
use serde::Serialize;
#[cfg(test)]
use std::collections::BTreeSet;

/// One kind of schema object: one per [`ObjectId`] variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A schema (namespace).
    Schema,
    /// An installed extension.
    Extension,
    /// A collation made with `CREATE COLLATION`.
    Collation,
    /// An enum, domain or composite type.
    Type,
    /// A sequence.
    Sequence,
    /// A table.
    Table,
    /// A column, part of its table.
    Column,
    /// A table constraint, part of its table.
    Constraint,
    /// A row-level security policy, part of its table.
    Policy,
    /// An index.
    Index,
    /// A view or materialized view.
    View,
    /// A function or procedure.
    Function,
    /// A trigger on a table or view.
    Trigger,
    /// An event trigger: database-wide, fired by DDL commands.
    EventTrigger,
}

impl Kind {
    /// Every kind, in the order the diff visits them (a stable order, before dependency
    /// ordering: the plan's ties are broken by it).
    pub const ALL: [Kind; 14] = [
        Kind::Schema,
        Kind::Extension,
        Kind::Collation,
        Kind::Type,
        Kind::Sequence,
        Kind::Table,
        Kind::Column,
        Kind::Constraint,
        Kind::Policy,
        Kind::Index,
        Kind::View,
        Kind::Function,
        Kind::Trigger,
        Kind::EventTrigger,
    ];

    /// Whether objects of this kind live in a schema directly (see
    /// [`Catalog::schema_of`]); the parts of a table follow their table instead.
    pub fn in_schema(self) -> bool {
        match self {
            Kind::Extension
            | Kind::Collation
            | Kind::Type
            | Kind::Sequence
            | Kind::Table
            | Kind::Index
            | Kind::View
            | Kind::Function => true,
            Kind::Schema
            | Kind::Column
            | Kind::Constraint
            | Kind::Policy
            | Kind::Trigger
            | Kind::EventTrigger => false,
        }
    }

    /// Whether objects of this kind live on a table (or view) and go with it: columns,
    /// constraints, policies and triggers. Lists of a database's objects leave them out.
    pub fn is_part(self) -> bool {
        match self {
            Kind::Column | Kind::Constraint | Kind::Policy | Kind::Trigger => true,
            Kind::Schema
            | Kind::Extension
            | Kind::Collation
            | Kind::Type
            | Kind::Sequence
            | Kind::Table
            | Kind::Index
            | Kind::View
            | Kind::Function
            | Kind::EventTrigger => false,
        }
    }

    /// The [`Catalog`] field that holds objects of this kind. Columns, constraints and
    /// policies live inside their table (`tables`).
    pub fn field(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Extension => "extensions",
            Kind::Collation => "collations",
            Kind::Type => "types",
            Kind::Sequence => "sequences",
            Kind::Table | Kind::Column | Kind::Constraint | Kind::Policy => "tables",
            Kind::Index => "indexes",
            Kind::View => "views",
            Kind::Function => "functions",
            Kind::Trigger => "triggers",
            Kind::EventTrigger => "event_triggers",
        }
    }
}

impl ObjectId {
    /// The kind of object this names.
    pub fn kind(&self) -> Kind {
        match self {
            ObjectId::Schema(_) => Kind::Schema,
            ObjectId::Extension(_) => Kind::Extension,
            ObjectId::Collation(_) => Kind::Collation,
            ObjectId::Type(_) => Kind::Type,
            ObjectId::Sequence(_) => Kind::Sequence,
            ObjectId::Table(_) => Kind::Table,
            ObjectId::Column(..) => Kind::Column,
            ObjectId::Constraint(..) => Kind::Constraint,
            ObjectId::Policy(..) => Kind::Policy,
            ObjectId::Index(_) => Kind::Index,
            ObjectId::View(_) => Kind::View,
            ObjectId::Function(..) => Kind::Function,
            ObjectId::Trigger(..) => Kind::Trigger,
            ObjectId::EventTrigger(_) => Kind::EventTrigger,
        }
    }
}

impl Catalog {
    /// Every object of `kind`, in key order.
    pub fn ids(&self, kind: Kind) -> Vec<ObjectId> {
        match kind {
            Kind::Schema => self.schemas.keys().cloned().map(ObjectId::Schema).collect(),
            Kind::Extension => self
                .extensions
                .keys()
                .cloned()
                .map(ObjectId::Extension)
                .collect(),
            Kind::Collation => self
                .collations
                .keys()
                .map(qual(ObjectId::Collation))
                .collect(),
            Kind::Type => self.types.keys().map(qual(ObjectId::Type)).collect(),
            Kind::Sequence => self
                .sequences
                .keys()
                .map(qual(ObjectId::Sequence))
                .collect(),
            Kind::Table => self.tables.keys().map(qual(ObjectId::Table)).collect(),
            Kind::Column => self.table_parts(|t| {
                t.columns
                    .iter()
                    .map(|c| ObjectId::Column(t.name.clone(), c.name.clone()))
                    .collect()
            }),
            Kind::Constraint => self.table_parts(|t| {
                t.constraints
                    .keys()
                    .map(|c| ObjectId::Constraint(t.name.clone(), c.clone()))
                    .collect()
            }),
            Kind::Policy => self.table_parts(|t| {
                t.policies
                    .keys()
                    .map(|p| ObjectId::Policy(t.name.clone(), p.clone()))
                    .collect()
            }),
            Kind::Index => self.indexes.keys().map(qual(ObjectId::Index)).collect(),
            Kind::View => self.views.keys().map(qual(ObjectId::View)).collect(),
            Kind::Function => self
                .functions
                .keys()
                .map(|(n, args)| ObjectId::Function(n.clone(), args.clone()))
                .collect(),
            Kind::Trigger => self
                .triggers
                .keys()
                .map(|(t, n)| ObjectId::Trigger(t.clone(), n.clone()))
                .collect(),
            Kind::EventTrigger => self
                .event_triggers
                .keys()
                .cloned()
                .map(ObjectId::EventTrigger)
                .collect(),
        }
    }

    /// The schema an object lives in directly, for the edge that makes it wait for its
    /// schema. `None` for schemas themselves and for the parts of a table or view
    /// (columns, constraints, policies, triggers), which follow their owner.
    pub fn schema_of<'a>(&'a self, id: &'a ObjectId) -> Option<&'a str> {
        match id {
            ObjectId::Schema(_)
            | ObjectId::Column(..)
            | ObjectId::Constraint(..)
            | ObjectId::Policy(..)
            | ObjectId::Trigger(..)
            | ObjectId::EventTrigger(_) => None,
            ObjectId::Extension(e) => self.extensions.get(e).map(|e| e.schema.as_str()),
            ObjectId::Collation(n)
            | ObjectId::Type(n)
            | ObjectId::Sequence(n)
            | ObjectId::Table(n)
            | ObjectId::Index(n)
            | ObjectId::View(n)
            | ObjectId::Function(n, _) => Some(&n.schema),
        }
    }

    /// Keeps only the objects of `kind` that `keep` accepts. An index or a trigger also
    /// goes when `keep` rejects the table it is on, an event trigger when it rejects its
    /// function (managing it would plan it against a function strata does not manage).
    pub fn retain(&mut self, kind: Kind, keep: impl Fn(&ObjectId) -> bool) {
        let on = |t: &QualName| keep(&ObjectId::Table(t.clone()));
        match kind {
            Kind::Schema => self
                .schemas
                .retain(|s, _| keep(&ObjectId::Schema(s.clone()))),
            Kind::Extension => self
                .extensions
                .retain(|e, _| keep(&ObjectId::Extension(e.clone()))),
            Kind::Collation => self
                .collations
                .retain(|n, _| keep(&ObjectId::Collation(n.clone()))),
            Kind::Type => self.types.retain(|n, _| keep(&ObjectId::Type(n.clone()))),
            Kind::Sequence => self
                .sequences
                .retain(|n, _| keep(&ObjectId::Sequence(n.clone()))),
            Kind::Table => self.tables.retain(|n, _| keep(&ObjectId::Table(n.clone()))),
            Kind::Column => self.tables.values_mut().for_each(|t| {
                let name = t.name.clone();
                t.columns
                    .retain(|c| keep(&ObjectId::Column(name.clone(), c.name.clone())))
            }),
            Kind::Constraint => self.tables.values_mut().for_each(|t| {
                let name = t.name.clone();
                t.constraints
                    .retain(|c, _| keep(&ObjectId::Constraint(name.clone(), c.clone())))
            }),
            Kind::Policy => self.tables.values_mut().for_each(|t| {
                let name = t.name.clone();
                t.policies
                    .retain(|p, _| keep(&ObjectId::Policy(name.clone(), p.clone())))
            }),
            Kind::Index => self
                .indexes
                .retain(|n, i| keep(&ObjectId::Index(n.clone())) && on(&i.table)),
            Kind::View => self.views.retain(|n, _| keep(&ObjectId::View(n.clone()))),
            Kind::Function => self
                .functions
                .retain(|(n, a), _| keep(&ObjectId::Function(n.clone(), a.clone()))),
            Kind::Trigger => self
                .triggers
                .retain(|(t, n), _| keep(&ObjectId::Trigger(t.clone(), n.clone())) && on(t)),
            Kind::EventTrigger => self.event_triggers.retain(|n, e| {
                keep(&ObjectId::EventTrigger(n.clone()))
                    && keep(&ObjectId::Function(e.function.clone(), String::new()))
            }),
        }
    }

    fn table_parts(&self, parts: impl Fn(&crate::Table) -> Vec<ObjectId>) -> Vec<ObjectId> {
        self.tables.values().flat_map(parts).collect()
    }
}

fn qual(variant: fn(QualName) -> ObjectId) -> impl Fn(&QualName) -> ObjectId {
    move |n| variant(n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::one_of_each;
    use crate::{Scope, UserType};

    #[test]
    fn the_fixture_holds_every_kind() {
        let cat = one_of_each();
        for kind in Kind::ALL {
            assert!(!cat.ids(kind).is_empty(), "one_of_each has no {kind:?}");
        }
    }

    #[test]
    fn every_id_reports_the_kind_it_was_listed_under() {
        let cat = one_of_each();
        for kind in Kind::ALL {
            for id in cat.ids(kind) {
                assert_eq!(id.kind(), kind, "{id}");
            }
        }
    }

    /// A new collection in [`Catalog`] must belong to a kind, or the stages that walk
    /// the kinds would never see it.
    #[test]
    fn every_catalog_collection_belongs_to_a_kind() {
        let json = serde_json::to_value(Catalog::default()).unwrap();
        let fields: BTreeSet<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let not_objects = BTreeSet::from(["grants", "dependencies", "owned"]);
        let claimed: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.field()).collect();
        let unclaimed: Vec<_> = fields
            .difference(&claimed)
            .filter(|f| !not_objects.contains(*f))
            .collect();
        assert!(unclaimed.is_empty(), "fields with no kind: {unclaimed:?}");
        assert!(
            claimed.is_subset(&fields),
            "kinds naming no field: {claimed:?}"
        );
    }

    #[test]
    fn objects_of_kinds_in_a_schema_name_it() {
        let cat = one_of_each();
        for kind in Kind::ALL {
            for id in cat.ids(kind) {
                let schema = cat.schema_of(&id);
                assert_eq!(schema.is_some(), kind.in_schema(), "{id}");
                assert!(schema.is_none_or(|s| s == "app"), "{id}");
            }
        }
    }

    #[test]
    fn retain_reaches_every_kind() {
        for kind in Kind::ALL {
            let mut cat = one_of_each();
            cat.retain(kind, |_| false);
            assert!(cat.ids(kind).is_empty(), "{kind:?} survived");
        }
    }

    #[test]
    fn a_scope_that_leaves_the_schema_out_removes_every_kind_in_it() {
        let mut cat = one_of_each();
        cat.types.insert(
            QualName::new("other", "kept"),
            UserType {
                name: QualName::new("other", "kept"),
                kind: crate::TypeKind::Enum { labels: Vec::new() },
                comment: None,
            },
        );
        let scope = Scope {
            schemas: Some(vec!["other".into()]),
            ..Scope::default()
        };
        scope.apply(&mut cat);
        // Extensions stay: they belong to the database, whatever schema holds their objects.
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Extension) {
            let left: Vec<_> = cat
                .ids(kind)
                .into_iter()
                .filter(|id| id.to_string() != "type other.kept")
                .collect();
            assert!(left.is_empty(), "{kind:?} left in scope: {left:?}");
        }
        assert_eq!(cat.ids(Kind::Type).len(), 1);
    }

    #[test]
    fn excluding_a_table_takes_its_index_and_trigger_with_it() {
        let mut cat = one_of_each();
        let scope = Scope {
            exclude: vec!["users".into()],
            ..Scope::default()
        };
        scope.apply(&mut cat);
        assert!(cat.ids(Kind::Table).is_empty());
        assert!(cat.ids(Kind::Index).is_empty());
        assert!(cat.ids(Kind::Trigger).is_empty());
        assert_eq!(cat.ids(Kind::View).len(), 1);
    }
}
