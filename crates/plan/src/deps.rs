//! Dependency edges of one catalog: the ones introspection recorded plus the ones the
//! model itself implies (an object needs its schema, a column its type, a foreign key its
//! target, a trigger its function, ...).
use std::collections::{BTreeMap, BTreeSet};
use strata_catalog::{Catalog, ConstraintKind, ForeignKey, Kind, ObjectId, QualName, Table};
use strata_diff::DiffRules;

/// Dependency edges in both directions.
#[derive(Debug, Default)]
pub(crate) struct Deps {
    on: BTreeMap<ObjectId, BTreeSet<ObjectId>>,
    by: BTreeMap<ObjectId, BTreeSet<ObjectId>>,
}

impl Deps {
    /// The recorded and derived edges of `cat`; `rules` read the names in its text.
    pub(crate) fn of(cat: &Catalog, rules: &dyn DiffRules) -> Deps {
        let mut deps = Deps::default();
        let owned = owned_sequences(cat);
        for (a, b) in &cat.dependencies {
            // A serial sequence is owned by its column while the column's default uses the
            // sequence; only the second edge orders anything (ownership is set later).
            let ownership = matches!((a, b), (ObjectId::Sequence(s), ObjectId::Table(t) | ObjectId::Column(t, _)) if owned.contains(&(s.clone(), t.clone())));
            if !ownership {
                deps.add(a.clone(), b.clone());
            }
        }
        Derive {
            cat,
            rules,
            deps: &mut deps,
        }
        .all();
        deps
    }

    fn add(&mut self, dependent: ObjectId, referenced: ObjectId) {
        if dependent == referenced {
            return;
        }
        self.on
            .entry(dependent.clone())
            .or_default()
            .insert(referenced.clone());
        self.by.entry(referenced).or_default().insert(dependent);
    }

    /// What `id` depends on.
    pub(crate) fn on(&self, id: &ObjectId) -> impl Iterator<Item = &ObjectId> {
        self.on.get(id).into_iter().flatten()
    }

    /// Whether `a` depends on `b` directly.
    pub(crate) fn depends(&self, a: &ObjectId, b: &ObjectId) -> bool {
        self.on.get(a).is_some_and(|s| s.contains(b))
    }

    /// What depends on `id` directly.
    pub(crate) fn dependents(&self, id: &ObjectId) -> impl Iterator<Item = &ObjectId> {
        self.by.get(id).into_iter().flatten()
    }
}

fn owned_sequences(cat: &Catalog) -> BTreeSet<(QualName, QualName)> {
    cat.sequences
        .values()
        .filter_map(|s| Some((s.name.clone(), s.owned_by.as_ref()?.0.clone())))
        .collect()
}

struct Derive<'a> {
    cat: &'a Catalog,
    rules: &'a dyn DiffRules,
    deps: &'a mut Deps,
}

impl Derive<'_> {
    fn all(&mut self) {
        self.schemas();
        self.types();
        self.tables();
        self.indexes();
        self.views();
        self.functions();
        self.triggers();
        self.event_triggers();
    }

    /// Objects named in rendered text (types, tables, views, sequences, functions).
    fn refs(&self, text: &str) -> Vec<ObjectId> {
        let cat = self.cat;
        let mut out = Vec::new();
        for name in self.rules.references_in(text) {
            if cat.types.contains_key(&name) {
                out.push(ObjectId::Type(name.clone()));
            }
            if cat.tables.contains_key(&name) {
                out.push(ObjectId::Table(name.clone()));
            }
            if cat.views.contains_key(&name) {
                out.push(ObjectId::View(name.clone()));
            }
            if cat.sequences.contains_key(&name) {
                out.push(ObjectId::Sequence(name.clone()));
            }
            // Calls do not say which overload; depend on all of them.
            let overloads = cat.functions.range((name.clone(), String::new())..);
            for (fname, args) in overloads.map(|(k, _)| k).take_while(|(n, _)| *n == name) {
                out.push(ObjectId::Function(fname.clone(), args.clone()));
            }
        }
        out
    }

    fn add_refs(&mut self, dependent: &ObjectId, text: &str) {
        for r in self.refs(text) {
            self.deps.add(dependent.clone(), r);
        }
    }

    fn in_schema(&mut self, id: ObjectId, schema: &str) {
        if self.cat.schemas.contains_key(schema) {
            self.deps.add(id, ObjectId::Schema(schema.to_string()));
        }
    }

    /// Every object that lives in a schema waits for it.
    fn schemas(&mut self) {
        let cat = self.cat;
        for kind in Kind::ALL.into_iter().filter(|k| k.in_schema()) {
            for id in cat.ids(kind) {
                if let Some(schema) = cat.schema_of(&id) {
                    self.in_schema(id.clone(), schema);
                }
            }
        }
    }

    fn types(&mut self) {
        for t in self.cat.types.values() {
            let id = ObjectId::Type(t.name.clone());
            match &t.kind {
                strata_catalog::TypeKind::Enum { .. } => {}
                strata_catalog::TypeKind::Domain {
                    base,
                    default,
                    checks,
                    collation,
                    ..
                } => {
                    if let Some(c) = self.collation(collation.as_ref()) {
                        self.deps.add(id.clone(), c);
                    }
                    self.add_refs(&id, base);
                    for text in default.iter().chain(checks.values()) {
                        self.add_refs(&id, text);
                    }
                }
                strata_catalog::TypeKind::Composite { attributes } => {
                    for (_, ty) in attributes {
                        self.add_refs(&id, ty);
                    }
                }
            }
        }
    }

    /// The collation a column or domain names, if it is one of the catalog's.
    fn collation(&self, name: Option<&QualName>) -> Option<ObjectId> {
        let name = name?;
        self.cat
            .collations
            .contains_key(name)
            .then(|| ObjectId::Collation(name.clone()))
    }

    fn tables(&mut self) {
        for t in self.cat.tables.values() {
            let table = ObjectId::Table(t.name.clone());
            if let Some((parent, _)) = &t.pg_options().partition_of {
                self.deps
                    .add(table.clone(), ObjectId::Table(parent.clone()));
            }
            for c in &t.columns {
                let id = ObjectId::Column(t.name.clone(), c.name.clone());
                self.deps.add(id.clone(), table.clone());
                if let Some(collation) = self.collation(c.collation.as_ref()) {
                    self.deps.add(id.clone(), collation);
                }
                self.add_refs(&id, &c.data_type);
                if let Some(expr) = &c.generated {
                    // A generated column reads other columns of its table.
                    for other in t.columns.iter().filter(|o| o.name != c.name) {
                        if self.rules.mentions_column(expr, &other.name) {
                            self.deps.add(
                                id.clone(),
                                ObjectId::Column(t.name.clone(), other.name.clone()),
                            );
                        }
                    }
                }
                for expr in c.default.iter().chain(&c.generated) {
                    self.add_refs(&id, expr);
                }
                if let Some(seq) = &c.default_sequence {
                    self.deps.add(id.clone(), ObjectId::Sequence(seq.clone()));
                }
            }
            for c in t.constraints.values() {
                let id = ObjectId::Constraint(t.name.clone(), c.name.clone());
                self.deps.add(id.clone(), table.clone());
                for column in &c.columns {
                    self.deps
                        .add(id.clone(), ObjectId::Column(t.name.clone(), column.clone()));
                }
                self.add_refs(&id, &c.definition);
                if let Some(fk) = &c.references {
                    self.references(&id, fk);
                }
            }
            for p in t.policies.values() {
                let id = ObjectId::Policy(t.name.clone(), p.name.clone());
                self.deps.add(id.clone(), table.clone());
                for expr in p.using.iter().chain(&p.with_check) {
                    self.add_refs(&id, expr);
                }
            }
        }
    }

    /// A foreign key needs its target table and the key it points at: the primary key or
    /// unique constraint on the referenced columns, or any unique index there.
    fn references(&mut self, fk: &ObjectId, reference: &ForeignKey) {
        let cat = self.cat;
        let target = &reference.table;
        self.deps.add(fk.clone(), ObjectId::Table(target.clone()));
        let Some(target_table) = cat.tables.get(target) else {
            return;
        };
        for column in &reference.columns {
            self.deps
                .add(fk.clone(), ObjectId::Column(target.clone(), column.clone()));
        }
        for key in referenced_keys(target_table, &reference.columns) {
            self.deps
                .add(fk.clone(), ObjectId::Constraint(target.clone(), key));
        }
        for index in cat.indexes.values() {
            if index.table == *target && index.unique {
                self.deps
                    .add(fk.clone(), ObjectId::Index(index.name.clone()));
            }
        }
    }

    fn indexes(&mut self) {
        let mut partitions: BTreeMap<&QualName, Vec<QualName>> = BTreeMap::new();
        for t in self.cat.tables.values() {
            if let Some((parent, _)) = &t.pg_options().partition_of {
                partitions.entry(parent).or_default().push(t.name.clone());
            }
        }
        let partitions_of = |t: &QualName| partitions.get(t).cloned().unwrap_or_default();
        for i in self.cat.indexes.values() {
            let id = ObjectId::Index(i.name.clone());
            self.deps.add(id.clone(), self.relation(&i.table));
            self.add_refs(&id, &i.definition);
            if let Some(parent) = &i.parent {
                self.deps.add(ObjectId::Index(parent.clone()), id.clone());
            }
            // Made after the partitions exist: made on the parent only, it must not reach a
            // partition made later, and made for all of them it would copy itself onto each.
            for part in partitions_of(&i.table) {
                self.deps.add(id.clone(), ObjectId::Table(part));
            }
        }
        for t in self.cat.tables.values() {
            for c in t.constraints.values() {
                let key = ObjectId::Constraint(t.name.clone(), c.name.clone());
                if let Some(parent) = &c.attached_to {
                    // Added before its parent index, which then attaches it.
                    self.deps.add(ObjectId::Index(parent.clone()), key.clone());
                }
                if c.only {
                    for part in partitions_of(&t.name) {
                        self.deps.add(key.clone(), ObjectId::Table(part));
                    }
                }
            }
        }
    }

    fn views(&mut self) {
        for v in self.cat.views.values() {
            let id = ObjectId::View(v.name.clone());
            self.add_refs(&id, &v.definition);
            for (_, ty) in &v.columns {
                self.add_refs(&id, ty);
            }
        }
    }

    fn functions(&mut self) {
        for f in self.cat.functions.values() {
            let id = ObjectId::Function(f.name.clone(), f.identity_args.clone());
            self.add_refs(&id, &f.identity_args);
            self.add_refs(&id, &f.returns);
        }
    }

    fn triggers(&mut self) {
        for t in self.cat.triggers.values() {
            let id = ObjectId::Trigger(t.table.clone(), t.name.clone());
            self.deps.add(id.clone(), self.relation(&t.table));
            self.add_refs(&id, &t.definition);
        }
    }

    /// An event trigger needs its function (which takes no arguments).
    fn event_triggers(&mut self) {
        for e in self.cat.event_triggers.values() {
            let function = (e.function.clone(), String::new());
            if self.cat.functions.contains_key(&function) {
                self.deps.add(
                    ObjectId::EventTrigger(e.name.clone()),
                    ObjectId::Function(function.0, function.1),
                );
            }
        }
    }

    /// A table or a (materialized) view, by name.
    fn relation(&self, name: &QualName) -> ObjectId {
        if self.cat.views.contains_key(name) {
            ObjectId::View(name.clone())
        } else {
            ObjectId::Table(name.clone())
        }
    }
}

/// Names of the primary key / unique constraints of `target` on the columns a foreign key
/// references, in any order; all of them when the columns are not known (SQLite's implied
/// primary key).
fn referenced_keys(target: &Table, columns: &[String]) -> Vec<String> {
    let keys = target
        .constraints
        .values()
        .filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique));
    if columns.is_empty() {
        return keys.map(|c| c.name.clone()).collect();
    }
    let mut wanted = columns.to_vec();
    wanted.sort();
    keys.filter(|c| {
        let mut have = c.columns.clone();
        have.sort();
        have == wanted
    })
    .map(|c| c.name.clone())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_catalog::{Column, Constraint};

    #[test]
    fn keys_match_referenced_columns_in_any_order() {
        let key = |name: &str, kind, columns: &[&str]| Constraint {
            name: name.into(),
            kind,
            definition: String::new(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        };
        let mut t = Table::new(QualName::new("public", "t"), vec![Column::new("y", "int")]);
        for c in [
            key("t_pk", ConstraintKind::PrimaryKey, &["id"]),
            key("t_y_x_key", ConstraintKind::Unique, &["y", "X"]),
        ] {
            t.constraints.insert(c.name.clone(), c);
        }
        let cols = vec!["X".to_string(), "y".to_string()];
        assert_eq!(referenced_keys(&t, &cols), ["t_y_x_key"]);
        assert_eq!(referenced_keys(&t, &[]), ["t_pk", "t_y_x_key"]);
    }

    #[test]
    fn columns_need_the_catalog_collation_they_name() {
        let mut cat = Catalog::default();
        let natural = QualName::new("public", "natural");
        cat.collations.insert(
            natural.clone(),
            strata_catalog::Collation {
                name: natural.clone(),
                definition: "provider = icu, locale = 'en'".into(),
                comment: None,
            },
        );
        let mut own = Column::new("own", "text");
        own.collation = Some(natural.clone());
        let mut builtin = Column::new("builtin", "text");
        builtin.collation = Some(QualName::new("pg_catalog", "C"));
        let t = Table::new(QualName::new("public", "t"), vec![own, builtin]);
        cat.tables.insert(t.name.clone(), t);
        let deps = Deps::of(&cat, &crate::tests::Fake);
        let column = |c: &str| ObjectId::Column(QualName::new("public", "t"), c.into());
        let collation = ObjectId::Collation(natural);
        assert!(deps.depends(&column("own"), &collation));
        assert!(!deps.depends(&column("builtin"), &collation));
    }
}
