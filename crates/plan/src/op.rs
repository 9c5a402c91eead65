//! The structured [`StepOp`] of a change, next to its one-line [`crate::summary`].
use crate::step::{ObjectKind as K, StepOp, Verb as V};
use strata_catalog::TypeKind;
use strata_diff::Change;

/// What a change does to which kind of object.
pub fn op(change: &Change) -> StepOp {
    use Change::*;
    let (verb, kind) = match change {
        CreateSchema(_) => (V::Create, K::Schema),
        DropSchema(_) => (V::Drop, K::Schema),
        CreateExtension(_) => (V::Create, K::Extension),
        DropExtension(_) => (V::Drop, K::Extension),
        AlterExtension { .. } => (V::Alter, K::Extension),
        CreateCollation(_) => (V::Create, K::Collation),
        DropCollation(_) => (V::Drop, K::Collation),
        CreateType(t) => (V::Create, type_kind(&t.kind)),
        DropType(t) => (V::Drop, type_kind(&t.kind)),
        AddEnumValue { .. } => (V::Alter, K::Type),
        ReplaceType { to, .. } => (V::Replace, type_kind(&to.kind)),
        AlterDomain { .. } => (V::Alter, K::Domain),
        CreateSequence(_) => (V::Create, K::Sequence),
        DropSequence(_) => (V::Drop, K::Sequence),
        AlterSequence { .. } => (V::Alter, K::Sequence),
        CreateTable(_) => (V::Create, K::Table),
        DropTable(_) => (V::Drop, K::Table),
        AlterTableOptions { .. } => (V::Alter, K::Table),
        RebuildTable { .. } => (V::Rebuild, K::Table),
        AddColumn { .. } => (V::Create, K::Column),
        DropColumn { .. } => (V::Drop, K::Column),
        AlterColumn { .. } => (V::Alter, K::Column),
        AddConstraint { .. } => (V::Create, K::Constraint),
        DropConstraint { .. } => (V::Drop, K::Constraint),
        CreateIndex(_) => (V::Create, K::Index),
        DropIndex(_) | DropIndexCascade { .. } => (V::Drop, K::Index),
        AttachIndex { .. } => (V::Alter, K::Index),
        RenameIndex { .. } => (V::Rename, K::Index),
        RenameSchema { .. } => (V::Rename, K::Schema),
        RenameTable { .. } => (V::Rename, K::Table),
        RenameColumn { .. } => (V::Rename, K::Column),
        RenameConstraint { .. } => (V::Rename, K::Constraint),
        RenameView { materialized, .. } => (V::Rename, view_kind(*materialized)),
        RenameType { domain: true, .. } => (V::Rename, K::Domain),
        RenameType { .. } => (V::Rename, K::Type),
        CreateView(v) => (V::Create, view_kind(v.materialized)),
        DropView(v) => (V::Drop, view_kind(v.materialized)),
        ReplaceView { to, .. } => (V::Replace, view_kind(to.materialized)),
        CreateFunction(_) => (V::Create, K::Function),
        DropFunction(_) => (V::Drop, K::Function),
        ReplaceFunction { .. } => (V::Replace, K::Function),
        CreateTrigger(_) => (V::Create, K::Trigger),
        DropTrigger(_) => (V::Drop, K::Trigger),
        AlterTriggerEnabled { .. } => (V::Alter, K::Trigger),
        CreateEventTrigger(_) => (V::Create, K::EventTrigger),
        DropEventTrigger(_) => (V::Drop, K::EventTrigger),
        AlterEventTriggerEnabled { .. } => (V::Alter, K::EventTrigger),
        CreatePolicy { .. } => (V::Create, K::Policy),
        DropPolicy { .. } => (V::Drop, K::Policy),
        Grant(_) => (V::Create, K::Grant),
        Revoke(_) => (V::Drop, K::Grant),
        SetComment { comment, .. } | SetMaterializedViewComment { comment, .. } => {
            (comment_verb(comment), K::Comment)
        }
    };
    StepOp { verb, kind }
}

fn type_kind(kind: &TypeKind) -> K {
    match kind {
        TypeKind::Domain { .. } => K::Domain,
        TypeKind::Enum { .. } | TypeKind::Composite { .. } => K::Type,
    }
}

fn view_kind(materialized: bool) -> K {
    if materialized {
        K::MaterializedView
    } else {
        K::View
    }
}

fn comment_verb(comment: &Option<String>) -> V {
    if comment.is_some() { V::Alter } else { V::Drop }
}
