//! The schema model. Field docs say where each value comes from, because two catalogs
//! compare equal only when both sides were read the same way.
use crate::{
    EventTriggerEvent, ForeignKeyAction, ObjectId, PolicyCommand, Privilege, QualName, TriggerState,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One database schema, as read from a source.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// Schemas (namespaces) by name. SQLite has only `main`, which is not listed.
    pub schemas: BTreeMap<String, Schema>,
    /// Installed extensions by name (PostgreSQL).
    pub extensions: BTreeMap<String, Extension>,
    /// Collations made with `CREATE COLLATION` (PostgreSQL).
    pub collations: BTreeMap<QualName, Collation>,
    /// User-defined types: enums, domains, composites.
    pub types: BTreeMap<QualName, UserType>,
    /// Sequences, including the ones behind `serial` columns (owned by the column) but not
    /// the internal sequences of identity columns.
    pub sequences: BTreeMap<QualName, Sequence>,
    /// Tables, including partitioned tables and partitions.
    pub tables: BTreeMap<QualName, Table>,
    /// Indexes that do not back a constraint, on tables and materialized views.
    pub indexes: BTreeMap<QualName, Index>,
    /// Views and materialized views.
    pub views: BTreeMap<QualName, View>,
    /// Functions and procedures, keyed by name and identity arguments.
    pub functions: BTreeMap<(QualName, String), Function>,
    /// Triggers, keyed by the table (or view) and the trigger name.
    pub triggers: BTreeMap<(QualName, String), Trigger>,
    /// Event triggers (PostgreSQL) by name: they belong to the database, not a schema.
    pub event_triggers: BTreeMap<String, EventTrigger>,
    /// Privileges granted on objects to roles.
    pub grants: BTreeSet<Grant>,
    /// Dependency edges `(dependent, referenced)`: the dependent must be created after and
    /// dropped before the referenced object. Filled by introspection (PostgreSQL reads
    /// `pg_depend`); the planner adds the edges it can derive from the model itself.
    pub dependencies: BTreeSet<(ObjectId, ObjectId)>,
    /// Tables strata owns (its history table, ...), with their markers. They were set
    /// aside by introspection and take part in nothing; listed for messages only.
    pub owned: BTreeMap<QualName, String>,
    /// Objects of kinds strata does not model (aggregates, operators, statistics,
    /// publications, ...), in a stable order. They take part in no diff or plan; they are
    /// listed so every command can say they were left out instead of dropping them
    /// silently.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmanaged: Vec<Unmanaged>,
}

/// An object of a kind strata does not manage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unmanaged {
    /// The kind as users write it: `aggregate`, `text search configuration`.
    pub kind: String,
    /// The schema it lives in, for kinds that live in one.
    pub schema: Option<String>,
    /// Its name as the server prints it, schema-qualified, with argument types where they
    /// identify it (`app.total(integer)`, `t_nothing ON app.t`).
    pub name: String,
}

impl std::fmt::Display for Unmanaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

/// A schema (namespace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schema {
    /// The schema name.
    pub name: String,
    /// `COMMENT ON SCHEMA`.
    pub comment: Option<String>,
}

/// A collation made with `CREATE COLLATION`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collation {
    /// Qualified name.
    pub name: QualName,
    /// The options in parentheses, in a fixed form built from the catalog
    /// (`provider = icu, locale = 'en-u-kn-true'`).
    pub definition: String,
    /// `COMMENT ON COLLATION`.
    pub comment: Option<String>,
}

/// An installed extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// The extension name (`pg_trgm`).
    pub name: String,
    /// The schema its objects live in.
    pub schema: String,
    /// The installed version (`extversion`).
    pub version: String,
}

/// A user-defined type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserType {
    /// Qualified type name.
    pub name: QualName,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// `COMMENT ON TYPE` / `COMMENT ON DOMAIN`.
    pub comment: Option<String>,
}

/// The shape of a user-defined type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeKind {
    /// `CREATE TYPE .. AS ENUM`: labels in sort order (`enumsortorder`).
    Enum {
        /// The labels, in the type's order.
        labels: Vec<String>,
    },
    /// `CREATE DOMAIN`.
    Domain {
        /// Base type, as `format_type` renders it.
        base: String,
        /// `NOT NULL` on the domain.
        not_null: bool,
        /// Default expression (`pg_get_expr`).
        default: Option<String>,
        /// Collation, when it differs from the base type's default (see
        /// [`Column::collation`]).
        collation: Option<QualName>,
        /// Check constraints: name to `pg_get_constraintdef`.
        checks: BTreeMap<String, String>,
        /// `COMMENT ON CONSTRAINT .. ON DOMAIN`: check name to comment.
        check_comments: BTreeMap<String, String>,
    },
    /// `CREATE TYPE .. AS (..)`: attribute names and their `format_type` types, in order.
    Composite {
        /// Attributes in order.
        attributes: Vec<(String, String)>,
    },
}

/// Options shared by sequences and identity columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SequenceOptions {
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    /// START WITH.
    pub start: i64,
    /// INCREMENT BY.
    pub increment: i64,
    /// MINVALUE.
    pub min_value: i64,
    /// MAXVALUE.
    pub max_value: i64,
    /// CACHE.
    pub cache: i64,
    /// CYCLE.
    pub cycle: bool,
}

/// A sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sequence {
    /// Qualified name.
    pub name: QualName,
    /// Its options.
    pub options: SequenceOptions,
    /// `OWNED BY table.column` (set for `serial` columns).
    pub owned_by: Option<(QualName, String)>,
    /// `COMMENT ON SEQUENCE`.
    pub comment: Option<String>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Qualified name.
    pub name: QualName,
    /// Columns in their physical order (dropped columns left out).
    pub columns: Vec<Column>,
    /// Constraints by name. SQLite's unnamed constraints get a stable synthetic name
    /// derived from their definition.
    pub constraints: BTreeMap<String, Constraint>,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// Row-level security policies by name.
    pub policies: BTreeMap<String, Policy>,
    /// What only the source's dialect knows about the table.
    pub ext: TableExt,
}

/// A table's dialect-specific payload: introspection sets the variant of its dialect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TableExt {
    /// Built by hand (tests, tools) rather than read from a database: no dialect has
    /// said anything, so PostgreSQL readers see [`PgTable::default`] and SQLite readers
    /// see no stored `CREATE` text.
    Neutral,
    /// Read from PostgreSQL.
    Postgres(PgTable),
    /// Read from SQLite.
    Sqlite(SqliteTable),
}

/// What PostgreSQL's default table looks like; what [`Table::pg_options`] gives for a
/// table that has no PostgreSQL payload.
static PG_DEFAULT: PgTable = PgTable {
    unlogged: false,
    reloptions: Vec::new(),
    partition_key: None,
    partition_of: None,
    rls_enabled: false,
    rls_forced: false,
};

impl Table {
    /// A table with these columns and nothing else (no constraints, options or comment).
    pub fn new(name: QualName, columns: Vec<Column>) -> Self {
        Table {
            name,
            columns,
            constraints: BTreeMap::new(),
            comment: None,
            policies: BTreeMap::new(),
            ext: TableExt::Neutral,
        }
    }

    /// The PostgreSQL payload, if the table was read from PostgreSQL (or given one).
    pub fn pg(&self) -> Option<&PgTable> {
        match &self.ext {
            TableExt::Postgres(pg) => Some(pg),
            _ => None,
        }
    }

    /// The PostgreSQL options, defaulted when the table has none: a hand-built table
    /// is a plain logged, unpartitioned table without row-level security.
    pub fn pg_options(&self) -> &PgTable {
        self.pg().unwrap_or(&PG_DEFAULT)
    }

    /// The PostgreSQL payload to change; a neutral table becomes a PostgreSQL one.
    ///
    /// # Panics
    /// On a SQLite table: PostgreSQL options on it would be a bug.
    pub fn pg_mut(&mut self) -> &mut PgTable {
        if matches!(self.ext, TableExt::Neutral) {
            self.ext = TableExt::Postgres(PgTable::default());
        }
        match &mut self.ext {
            TableExt::Postgres(pg) => pg,
            _ => panic!("PostgreSQL options on the SQLite table {}", self.name),
        }
    }

    /// The SQLite payload, if the table was read from SQLite.
    pub fn sqlite(&self) -> Option<&SqliteTable> {
        match &self.ext {
            TableExt::Sqlite(s) => Some(s),
            _ => None,
        }
    }

    /// Finds a column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// What PostgreSQL keeps about a table beyond its columns, constraints and policies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PgTable {
    /// `UNLOGGED`.
    pub unlogged: bool,
    /// `WITH (..)` storage parameters, as `pg_class.reloptions` lists them (`fillfactor=70`).
    pub reloptions: Vec<String>,
    /// `PARTITION BY ..` key, as `pg_get_partkeydef` renders it (`RANGE (logdate)`).
    pub partition_key: Option<String>,
    /// For a partition: the parent and the bound (`pg_get_expr(relpartbound)`, e.g.
    /// `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` or `DEFAULT`).
    pub partition_of: Option<(QualName, String)>,
    /// `ALTER TABLE .. ENABLE ROW LEVEL SECURITY`.
    pub rls_enabled: bool,
    /// `ALTER TABLE .. FORCE ROW LEVEL SECURITY`.
    pub rls_forced: bool,
}

/// What SQLite keeps about a table beyond its columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqliteTable {
    /// The `CREATE TABLE` statement, canonicalised (whitespace folded, keywords in upper
    /// case, the table name quoted) so that two loads of the same text compare equal.
    pub sql: String,
    /// `AUTOINCREMENT` on the integer primary key.
    pub autoincrement: bool,
    /// `WITHOUT ROWID`.
    pub without_rowid: bool,
    /// `STRICT`.
    pub strict: bool,
}

/// A table column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Type as the database renders it: PostgreSQL `format_type(atttypid, atttypmod)`
    /// read with an empty `search_path` (so user types are schema-qualified); SQLite the
    /// declared type text.
    pub data_type: String,
    /// `NOT NULL`.
    pub not_null: bool,
    /// Default expression (`pg_get_expr(adbin)`; SQLite the declared default text). Not set
    /// for generated or identity columns.
    pub default: Option<String>,
    /// The sequence the default draws from (PostgreSQL: the sequence its `pg_attrdef` entry
    /// depends on; SQLite never sets it), so planning orders and keeps sequences without
    /// reading the default's text. Not serialised: it follows from `default`, and leaving
    /// it out keeps saved-plan fingerprints and JSON dumps as they were.
    #[serde(skip)]
    pub default_sequence: Option<QualName>,
    /// Collation when it differs from the type's default, by name: PostgreSQL's built-in
    /// ones are in `pg_catalog` (`pg_catalog.C`); SQLite's have no schema and use `main`
    /// (`main.NOCASE`). The dialect renders it.
    pub collation: Option<QualName>,
    /// `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`.
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expr) STORED`: the expression.
    pub generated: Option<String>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
}

impl Column {
    /// A nullable column of this type with no default or other attributes.
    pub fn new(name: impl Into<String>, data_type: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            default: None,
            default_sequence: None,
            collation: None,
            identity: None,
            generated: None,
            comment: None,
        }
    }
}

/// An identity column's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// `ALWAYS` (true) or `BY DEFAULT` (false).
    pub always: bool,
    /// The options of its internal sequence.
    pub options: SequenceOptions,
}

/// The kind of a table constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ConstraintKind {
    /// PRIMARY KEY.
    PrimaryKey,
    /// UNIQUE.
    Unique,
    /// CHECK.
    Check,
    /// FOREIGN KEY.
    ForeignKey,
    /// EXCLUDE.
    Exclusion,
}

/// A table constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Constraint {
    /// Constraint name.
    pub name: String,
    /// Its kind.
    pub kind: ConstraintKind,
    /// The definition as the database renders it: PostgreSQL `pg_get_constraintdef`
    /// (`FOREIGN KEY (a) REFERENCES public.t(id) ON DELETE CASCADE DEFERRABLE`, with
    /// `NOT VALID` when not validated); SQLite the canonical clause text.
    pub definition: String,
    /// The constrained columns, in order.
    pub columns: Vec<String>,
    /// For a foreign key, what it references, read from the catalog rather than the
    /// definition text.
    pub references: Option<ForeignKey>,
    /// `COMMENT ON CONSTRAINT`.
    pub comment: Option<String>,
    /// A key on a partitioned table added with `ALTER TABLE ONLY` whose partitions do not
    /// all have their key attached yet (PostgreSQL marks its index invalid).
    pub only: bool,
    /// A key on a partition whose index is attached to this partitioned index of the
    /// parent table (`ALTER INDEX parent ATTACH PARTITION key`): it cannot be dropped
    /// while that index exists.
    pub attached_to: Option<QualName>,
}

/// The referenced side of a foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    /// The referenced table (PostgreSQL `confrelid`; SQLite `pragma_foreign_key_list`).
    pub table: QualName,
    /// The referenced columns in key order (`confkey`). Empty when SQLite leaves them
    /// implied (the parent's primary key).
    pub columns: Vec<String>,
    /// `ON UPDATE` (`confupdtype`).
    pub on_update: ForeignKeyAction,
    /// `ON DELETE` (`confdeltype`).
    pub on_delete: ForeignKeyAction,
}

impl ForeignKey {
    /// A reference to `table` with unknown columns and the default actions.
    pub fn to(table: QualName) -> Self {
        ForeignKey {
            table,
            columns: Vec::new(),
            on_update: ForeignKeyAction::NoAction,
            on_delete: ForeignKeyAction::NoAction,
        }
    }
}

/// An index that does not back a constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Qualified name (indexes live in their table's schema).
    pub name: QualName,
    /// The table or materialized view it is on.
    pub table: QualName,
    /// The full `CREATE INDEX` statement: PostgreSQL `pg_get_indexdef`; SQLite the
    /// canonical stored SQL. On a partitioned table it says `ON ONLY` while the index
    /// does not cover every partition (PostgreSQL marks it invalid).
    pub definition: String,
    /// UNIQUE.
    pub unique: bool,
    /// `COMMENT ON INDEX`.
    pub comment: Option<String>,
    /// For an index on a partition: the partitioned index of the parent table it is
    /// attached to.
    pub parent: Option<QualName>,
}

/// A view or materialized view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct View {
    /// Qualified name.
    pub name: QualName,
    /// The query: PostgreSQL `pg_get_viewdef`; SQLite the canonical `CREATE VIEW` text.
    pub definition: String,
    /// `MATERIALIZED`.
    pub materialized: bool,
    /// Output columns and their `format_type` types, in order.
    pub columns: Vec<(String, String)>,
    /// `WITH (..)` options (`security_barrier=true`, `check_option=local`).
    pub options: Vec<String>,
    /// `COMMENT ON VIEW`.
    pub comment: Option<String>,
}

/// A function or procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Function {
    /// Qualified name.
    pub name: QualName,
    /// Identity arguments (`pg_get_function_identity_arguments`), which tell overloads apart.
    pub identity_args: String,
    /// Procedure rather than function.
    pub procedure: bool,
    /// Result type (`pg_get_function_result`); empty for procedures.
    pub returns: String,
    /// The full `CREATE OR REPLACE FUNCTION` text from `pg_get_functiondef`.
    pub definition: String,
    /// `COMMENT ON FUNCTION`.
    pub comment: Option<String>,
    /// The input argument types in order (`format_type`; OUT parameters left out): how
    /// the server tells overloads apart. Derived from the arguments, so left out of the
    /// object's saved hash.
    #[serde(skip)]
    pub input_types: Vec<String>,
}

/// A trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// The table or view it fires on.
    pub table: QualName,
    /// Trigger name.
    pub name: String,
    /// The full `CREATE TRIGGER` text: PostgreSQL `pg_get_triggerdef`; SQLite canonical SQL.
    pub definition: String,
    /// When it fires (`tgenabled`); SQLite triggers are always [`TriggerState::Origin`].
    pub enabled: TriggerState,
    /// `COMMENT ON TRIGGER`.
    pub comment: Option<String>,
}

/// An event trigger: a function the server runs on DDL commands anywhere in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventTrigger {
    /// Trigger name (database-wide).
    pub name: String,
    /// What it fires on (`evtevent`).
    pub event: EventTriggerEvent,
    /// The command tags of `WHEN TAG IN (..)`, sorted and upper case as the server stores
    /// them (`evttags`); empty when it fires for every command.
    pub tags: Vec<String>,
    /// The function it runs (`evtfoid`), which takes no arguments.
    pub function: QualName,
    /// When it fires (`evtenabled`): the same states as a table trigger's.
    pub enabled: TriggerState,
    /// `COMMENT ON EVENT TRIGGER`.
    pub comment: Option<String>,
}

/// A row-level security policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Policy name.
    pub name: String,
    /// PERMISSIVE (true) or RESTRICTIVE.
    pub permissive: bool,
    /// The command it applies to (`polcmd`).
    pub command: PolicyCommand,
    /// Roles, sorted; `public` for PUBLIC.
    pub roles: Vec<String>,
    /// USING expression.
    pub using: Option<String>,
    /// WITH CHECK expression.
    pub with_check: Option<String>,
    /// `COMMENT ON POLICY`.
    pub comment: Option<String>,
}

/// One privilege held by one grantee on one object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Grant {
    /// The object (a column grant uses [`ObjectId::Column`]).
    pub object: ObjectId,
    /// The role, or `PUBLIC`.
    pub grantee: String,
    /// The privilege (`aclexplode`'s `privilege_type`).
    pub privilege: Privilege,
    /// WITH GRANT OPTION.
    pub grantable: bool,
}
