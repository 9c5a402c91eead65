use serde::Serialize;
use strata_catalog::*;

/// Where a new enum label goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EnumPosition {
    /// At the end.
    Last,
    /// `BEFORE 'label'`.
    Before(String),
    /// `AFTER 'label'`.
    After(String),
}

/// One difference between two catalogs, as an action on the `from` side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Change {
    /// CREATE SCHEMA.
    CreateSchema(Schema),
    /// DROP SCHEMA.
    DropSchema(Schema),
    /// CREATE EXTENSION.
    CreateExtension(Extension),
    /// DROP EXTENSION.
    DropExtension(Extension),
    /// ALTER EXTENSION .. UPDATE TO (version changed).
    AlterExtension {
        /// Before.
        from: Extension,
        /// After.
        to: Extension,
    },
    /// CREATE COLLATION.
    CreateCollation(Collation),
    /// DROP COLLATION.
    DropCollation(Collation),
    /// CREATE TYPE / CREATE DOMAIN.
    CreateType(UserType),
    /// DROP TYPE / DROP DOMAIN.
    DropType(UserType),
    /// ALTER TYPE .. ADD VALUE.
    AddEnumValue {
        /// The enum.
        name: QualName,
        /// The new label.
        value: String,
        /// Where it goes.
        position: EnumPosition,
    },
    /// A type change that cannot be done in place (enum label removed or reordered,
    /// domain base changed, composite changed): replaced, with columns using it converted.
    ReplaceType {
        /// Before.
        from: UserType,
        /// After.
        to: UserType,
        /// Existing columns of the type that keep using it and must be converted.
        columns: Vec<TypeColumn>,
    },
    /// ALTER DOMAIN in place (default, NOT NULL, check constraints).
    AlterDomain {
        /// Before.
        from: UserType,
        /// After.
        to: UserType,
    },
    /// CREATE SEQUENCE.
    CreateSequence(Sequence),
    /// DROP SEQUENCE.
    DropSequence(Sequence),
    /// ALTER SEQUENCE (options or ownership).
    AlterSequence {
        /// Before.
        from: Sequence,
        /// After.
        to: Sequence,
    },
    /// CREATE TABLE with its columns and its check/primary/unique constraints (foreign
    /// keys are separate [`Change::AddConstraint`]s so cycles can be ordered).
    CreateTable(Table),
    /// DROP TABLE.
    DropTable(Table),
    /// ALTER TABLE .. ADD COLUMN.
    AddColumn {
        /// The table.
        table: QualName,
        /// The new column.
        column: Column,
    },
    /// ALTER TABLE .. DROP COLUMN.
    DropColumn {
        /// The table.
        table: QualName,
        /// The dropped column.
        column: Column,
    },
    /// Any in-place change of one column (type, nullability, default, identity, collation,
    /// generation). The renderer emits the needed ALTER COLUMN subcommands.
    AlterColumn {
        /// The table.
        table: QualName,
        /// Before.
        from: Column,
        /// After.
        to: Column,
    },
    /// ALTER TABLE .. ADD CONSTRAINT.
    AddConstraint {
        /// The table.
        table: QualName,
        /// The constraint.
        constraint: Constraint,
    },
    /// ALTER TABLE .. DROP CONSTRAINT.
    DropConstraint {
        /// The table.
        table: QualName,
        /// The constraint.
        constraint: Constraint,
    },
    /// Table options changed (UNLOGGED, reloptions, row-level security).
    AlterTableOptions {
        /// The table.
        table: QualName,
        /// Before.
        from: PgTable,
        /// After.
        to: PgTable,
    },
    /// Recreate a table in a new shape keeping every row (SQLite's rebuild procedure).
    /// Produced by a dialect's lowering, never by [`diff`](crate::diff).
    RebuildTable {
        /// Before.
        from: Table,
        /// After.
        to: Table,
    },
    /// CREATE INDEX.
    CreateIndex(Index),
    /// DROP INDEX.
    DropIndex(Index),
    /// DROP INDEX .. CASCADE of a partitioned index whose partitions' own key
    /// constraints are attached to it: they cannot be dropped while it exists, and go
    /// with it (the diff adds back the ones that stay).
    DropIndexCascade {
        /// The partitioned index.
        index: Index,
        /// The attached key constraints: (partition, constraint name).
        constraints: Vec<(QualName, String)>,
    },
    /// ALTER INDEX parent ATTACH PARTITION child: a partition's index (or the index of a
    /// partition's key constraint) becomes part of a partitioned index.
    AttachIndex {
        /// The partitioned index.
        parent: QualName,
        /// The partition's index.
        child: QualName,
        /// What the child belongs to: the index itself, or its key constraint.
        owner: ObjectId,
    },
    /// ALTER INDEX .. RENAME TO: a partition's index attached to a partitioned index
    /// that stays, under another name.
    RenameIndex {
        /// The current name.
        from: QualName,
        /// The new name (same schema).
        to: QualName,
    },
    /// ALTER SCHEMA .. RENAME TO (a rename hint).
    RenameSchema {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// ALTER TABLE .. RENAME TO (a rename hint): the rows stay.
    RenameTable {
        /// The current name.
        from: QualName,
        /// The new name (same schema).
        to: QualName,
    },
    /// ALTER TABLE .. RENAME COLUMN (a rename hint): the values stay.
    RenameColumn {
        /// The table, under the name it has when this runs.
        table: QualName,
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// ALTER TABLE .. RENAME CONSTRAINT (a rename hint).
    RenameConstraint {
        /// The table, under the name it has when this runs.
        table: QualName,
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// ALTER VIEW / ALTER MATERIALIZED VIEW .. RENAME TO (a rename hint).
    RenameView {
        /// The current name.
        from: QualName,
        /// The new name (same schema).
        to: QualName,
        /// A materialized view.
        materialized: bool,
    },
    /// ALTER TYPE / ALTER DOMAIN .. RENAME TO (a rename hint).
    RenameType {
        /// The current name.
        from: QualName,
        /// The new name (same schema).
        to: QualName,
        /// A domain.
        domain: bool,
    },
    /// CREATE VIEW / CREATE MATERIALIZED VIEW.
    CreateView(View),
    /// DROP VIEW / DROP MATERIALIZED VIEW.
    DropView(View),
    /// CREATE OR REPLACE VIEW (same columns, maybe new ones at the end).
    ReplaceView {
        /// Before.
        from: View,
        /// After.
        to: View,
    },
    /// CREATE FUNCTION / PROCEDURE.
    CreateFunction(Function),
    /// DROP FUNCTION / PROCEDURE.
    DropFunction(Function),
    /// CREATE OR REPLACE FUNCTION (same signature and result type).
    ReplaceFunction {
        /// Before.
        from: Function,
        /// After.
        to: Function,
    },
    /// CREATE TRIGGER.
    CreateTrigger(Trigger),
    /// DROP TRIGGER.
    DropTrigger(Trigger),
    /// ALTER TABLE .. ENABLE/DISABLE TRIGGER.
    AlterTriggerEnabled {
        /// Before.
        from: Trigger,
        /// After.
        to: Trigger,
    },
    /// CREATE EVENT TRIGGER, with its state and comment.
    CreateEventTrigger(EventTrigger),
    /// DROP EVENT TRIGGER.
    DropEventTrigger(EventTrigger),
    /// ALTER EVENT TRIGGER .. ENABLE/DISABLE.
    AlterEventTriggerEnabled {
        /// Before.
        from: EventTrigger,
        /// After.
        to: EventTrigger,
    },
    /// CREATE POLICY.
    CreatePolicy {
        /// The table.
        table: QualName,
        /// The policy.
        policy: Policy,
    },
    /// DROP POLICY.
    DropPolicy {
        /// The table.
        table: QualName,
        /// The policy.
        policy: Policy,
    },
    /// GRANT.
    Grant(Grant),
    /// REVOKE.
    Revoke(Grant),
    /// COMMENT ON (set or, with `None`, remove).
    SetComment {
        /// The object.
        target: ObjectId,
        /// The new comment.
        comment: Option<String>,
    },
    /// COMMENT ON MATERIALIZED VIEW. Separate from [`Change::SetComment`] because
    /// [`ObjectId::View`] covers both kinds and PostgreSQL's COMMENT names the kind.
    SetMaterializedViewComment {
        /// The materialized view.
        name: QualName,
        /// The new comment.
        comment: Option<String>,
    },
}

/// A column converted by [`Change::ReplaceType`]: its table and its state before and after,
/// so a renderer can move its default out of the way and put the new one back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeColumn {
    /// The table.
    pub table: QualName,
    /// The column before.
    pub from: Column,
    /// The column after.
    pub to: Column,
}
