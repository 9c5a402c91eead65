//! A catalog holding at least one object of every [`Kind`], for the tests that walk
//! every kind (scope, diff, dependencies). Built by hand: adding a kind means adding an
//! object of it here, and the tests say so when it is missing.
use crate::*;
use std::collections::BTreeMap;

/// One object of every kind, in the schema `app`: a table with a column, a check
/// constraint and a policy, an index and a trigger on it, a view, a function, a type, a
/// sequence, a collation, an extension and an event trigger.
pub fn one_of_each() -> Catalog {
    let mut cat = Catalog::default();
    let schema = "app";
    let q = |n: &str| QualName::new(schema, n);
    cat.schemas.insert(
        schema.into(),
        Schema {
            name: schema.into(),
            comment: None,
        },
    );
    cat.extensions.insert(
        "citext".into(),
        Extension {
            name: "citext".into(),
            schema: schema.into(),
            version: "1.6".into(),
        },
    );
    cat.collations.insert(
        q("natural"),
        Collation {
            name: q("natural"),
            definition: "provider = icu, locale = 'und'".into(),
            comment: None,
        },
    );
    cat.types.insert(
        q("mood"),
        UserType {
            name: q("mood"),
            kind: TypeKind::Enum {
                labels: vec!["ok".into()],
            },
            comment: None,
        },
    );
    cat.sequences.insert(
        q("ticket"),
        Sequence {
            name: q("ticket"),
            options: SequenceOptions {
                data_type: "bigint".into(),
                start: 1,
                increment: 1,
                min_value: 1,
                max_value: i64::MAX,
                cache: 1,
                cycle: false,
            },
            owned_by: None,
            comment: None,
        },
    );
    cat.tables.insert(q("users"), users(q("users")));
    cat.indexes.insert(
        q("users_name"),
        Index {
            name: q("users_name"),
            table: q("users"),
            definition: "CREATE INDEX users_name ON app.users USING btree (name)".into(),
            unique: false,
            comment: None,
            parent: None,
        },
    );
    cat.views.insert(
        q("names"),
        View {
            name: q("names"),
            definition: " SELECT users.name FROM app.users".into(),
            materialized: false,
            columns: vec![("name".into(), "text".into())],
            options: Vec::new(),
            comment: None,
        },
    );
    cat.functions.insert(
        (q("touch"), String::new()),
        Function {
            name: q("touch"),
            identity_args: String::new(),
            procedure: false,
            returns: "trigger".into(),
            definition: "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$".into(),
            comment: None,
            input_types: Vec::new(),
        },
    );
    cat.triggers.insert(
        (q("users"), "touch".into()),
        Trigger {
            table: q("users"),
            name: "touch".into(),
            definition: "CREATE TRIGGER touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch()".into(),
            enabled: TriggerState::Origin,
            comment: None,
        },
    );
    cat.functions.insert(
        (q("audit"), String::new()),
        Function {
            name: q("audit"),
            identity_args: String::new(),
            procedure: false,
            returns: "event_trigger".into(),
            definition: "CREATE FUNCTION app.audit() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$".into(),
            comment: None,
            input_types: Vec::new(),
        },
    );
    cat.event_triggers.insert(
        "audit".into(),
        EventTrigger {
            name: "audit".into(),
            event: EventTriggerEvent::DdlCommandEnd,
            tags: vec!["CREATE TABLE".into()],
            function: q("audit"),
            enabled: TriggerState::Origin,
            comment: None,
        },
    );
    cat
}

fn users(name: QualName) -> Table {
    let mut table = Table::new(name, vec![Column::new("name", "text")]);
    table.constraints.insert(
        "name_set".into(),
        Constraint {
            name: "name_set".into(),
            kind: ConstraintKind::Check,
            definition: "CHECK ((name <> ''::text))".into(),
            columns: vec!["name".into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        },
    );
    table.policies = BTreeMap::from([(
        "own".to_string(),
        Policy {
            name: "own".into(),
            permissive: true,
            command: PolicyCommand::All,
            roles: vec!["public".into()],
            using: Some("true".into()),
            with_check: None,
            comment: None,
        },
    )]);
    table
}

/// `public.name`.
pub fn q(name: &str) -> QualName {
    QualName::new("public", name)
}

/// A table `public.name` with `(column, type)` pairs and nothing else.
pub fn table(name: &str, columns: &[(&str, &str)]) -> Table {
    Table::new(
        q(name),
        columns.iter().map(|(n, t)| Column::new(*n, *t)).collect(),
    )
}

/// A plain btree index `name` on `table`'s column `column`, all in `public`.
pub fn btree_index(name: &str, table: &str, column: &str) -> Index {
    Index {
        name: q(name),
        table: q(table),
        definition: format!("CREATE INDEX {name} ON public.{table} USING btree ({column})"),
        unique: false,
        comment: None,
        parent: None,
    }
}

/// A catalog holding only `tables`.
pub fn cat_with_tables(tables: Vec<Table>) -> Catalog {
    let mut cat = Catalog::default();
    for t in tables {
        cat.tables.insert(t.name.clone(), t);
    }
    cat
}

/// An enum type `public.name` with `labels`.
pub fn enum_type(name: &str, labels: &[&str]) -> UserType {
    UserType {
        name: q(name),
        kind: TypeKind::Enum {
            labels: labels.iter().map(|l| l.to_string()).collect(),
        },
        comment: None,
    }
}
