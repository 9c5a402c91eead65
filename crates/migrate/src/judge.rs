//! Judging revisions before they run: a revision's findings come from replaying it on a
//! scratch database (after the revisions the target already has) and planning the
//! difference between the schema before and after it; the plan's steps carry the generic
//! and dialect hazards. Findings that need approval must be approved by `--allow`, the
//! approval file or the revision's own `-- strata:allow` lines. Revisions already applied
//! are never judged again (their downs are, when a downgrade would run them).
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::Direction;
use crate::replay;
use crate::settings::Settings;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use strata::lint::{LintOptions, Script};
use strata::{Approvals, Database, Pending, Plan, Policy};

/// One revision's findings that need an approval nobody gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unapproved {
    /// The revision id.
    pub revision: String,
    /// Its file.
    pub path: PathBuf,
    /// The direction it would run in.
    pub direction: Direction,
    /// Each unapproved finding (`step` numbers the steps of the revision's own plan).
    #[serde(skip)]
    pub pending: Vec<Pending>,
}

/// The unapproved findings of running `todo` (positions, in the order they would run) in
/// `direction`, on top of the `applied` revisions, by `policy` (built from the target's
/// sizes).
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge(
    host: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    applied: &BTreeSet<usize>,
    todo: &[usize],
    direction: Direction,
    policy: &Policy,
    approvals: &Approvals,
) -> Result<Vec<Unapproved>, Error> {
    let mut out = Vec::new();
    if policy.all_approved(approvals) {
        return Ok(out);
    }
    let options = LintOptions {
        engine: strata::lint::engine(host),
        pg_version: match settings.pg_version {
            Some(v) => v.major,
            None => strata::lint::server_version(host).unwrap_or(u32::MAX),
        },
    };
    let naming = strata::naming(host.dialect());
    for (pos, plan) in plans(host, dir, settings, applied, todo, direction)? {
        let rev = &dir.revisions()[pos];
        let own = approvals.with(rev.allow.iter().cloned());
        let said = syntax_findings(rev, direction, &options);
        let before = todo.iter().take_while(|&&p| p != pos);
        let marked = applied
            .iter()
            .chain(before)
            .flat_map(|&p| marks(&dir.revisions()[p], naming));
        let policy = policy.clone().with_deprecated(marked);
        let pending: Vec<Pending> = strata::approval::pending(&plan, &policy, &own)
            .into_iter()
            .filter(|p| {
                !is_size_finding(&p.hazard)
                    || said.as_ref().is_none_or(|found| written(found, &p.hazard))
            })
            .collect();
        if !pending.is_empty() {
            out.push(Unapproved {
                revision: rev.id.clone(),
                path: rev.path.clone(),
                direction,
                pending,
            });
        }
    }
    Ok(out)
}

/// The subjects a revision's up SQL marks `-- strata:deprecated`. The revision files are
/// the record of what was applied (an applied revision's checksum guards its text). Other
/// `-- strata:` comments (`ignore`) are not annotations of objects and are left out; a
/// revision whose marks cannot be read marks nothing (its drops then ask, the safe side).
fn marks(rev: &crate::file::Revision, naming: strata::Naming) -> Vec<String> {
    if !rev.up.contains("-- strata:deprecated") {
        return Vec::new();
    }
    let text: String = rev
        .up
        .lines()
        .map(|l| match l.find("-- strata:") {
            Some(at) if !l[at..].starts_with("-- strata:deprecated") => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = strata::SqlFile {
        path: rev.path.clone(),
        text,
    };
    match strata::scan_annotations(&[file], naming) {
        Ok(found) => strata::subjects(
            found
                .iter()
                .filter(|a| a.mark == strata::Mark::Deprecated)
                .map(|a| &a.object),
        )
        .into_keys()
        .collect(),
        Err(_) => Vec::new(),
    }
}

/// Size-based findings are the only lock and duration findings that need approval.
fn is_size_finding(hazard: &strata::Hazard) -> bool {
    matches!(hazard.axis, strata::Axis::Lock | strata::Axis::Duration)
}

/// Whether the revision's text has `hazard` by its syntax: the same rule on the same
/// relation (a name written without its schema matches any schema).
fn written(found: &[strata::Hazard], hazard: &strata::Hazard) -> bool {
    let on = hazard.relation.as_deref().or(hazard.object.as_deref());
    found.iter().any(|f| {
        f.code == hazard.code
            && match (f.object.as_deref(), on) {
                (Some(written), Some(on)) => same_relation(written, on),
                _ => true,
            }
    })
}

fn same_relation(written: &str, on: &str) -> bool {
    written == on || (!written.contains('.') && on.rsplit('.').next() == Some(written))
}

/// The findings the revision's own statements have by their syntax (PostgreSQL), `None`
/// when they cannot say (SQLite, or SQL the parser does not read).
///
/// The replayed plan renders what a revision changed with plain statements: an index the
/// revision builds CONCURRENTLY shows up as a plain CREATE INDEX there. So a lock or
/// duration finding of the plan counts only when the revision's text has it too, on the
/// same relation.
fn syntax_findings(
    rev: &crate::file::Revision,
    direction: Direction,
    options: &LintOptions,
) -> Option<Vec<strata::Hazard>> {
    if options.engine != strata::Engine::Postgres {
        return None;
    }
    let text = match direction {
        Direction::Up => rev.up.clone(),
        Direction::Down => rev.down.clone().unwrap_or_default(),
    };
    let script = Script {
        path: rev.path.clone(),
        text,
        in_transaction: !rev.no_transaction,
    };
    strata::lint::syntax_findings(&script, options).ok()
}

/// For each of `todo` that can be replayed, the plan of the schema difference it makes:
/// its steps carry the revision's findings.
pub(crate) fn plans(
    host: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    applied: &BTreeSet<usize>,
    todo: &[usize],
    direction: Direction,
) -> Result<Vec<(usize, Plan)>, Error> {
    let scope = &settings.diff_scope();
    if todo.is_empty() {
        return Ok(Vec::new());
    }
    let mut scratch = host.scratch()?;
    if replay::replay(scratch.as_mut(), dir, applied.iter().copied()).is_err() {
        return Ok(Vec::new());
    }
    let mut before = strata::introspect(scratch.as_mut(), scope)?;
    let mut out = Vec::new();
    for &pos in todo {
        // A revision that cannot run on an empty scratch database (it needs rows, roles
        // or objects only the target has) cannot be judged this way; it and the ones
        // after it go unjudged, and the run reports its failure on the target itself.
        if replay::run(scratch.as_mut(), dir, pos, direction).is_err() {
            break;
        }
        let after = strata::introspect(scratch.as_mut(), scope)?;
        out.push((pos, settings.plan(&before, &after, scratch.as_mut())?));
        before = after;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(object: &str, relation: Option<&str>) -> strata::Hazard {
        let mut h = strata::Hazard::new(&strata::rules::DROP_COLUMN, "x").on(object.to_string());
        h.relation = relation.map(str::to_string);
        h
    }

    #[test]
    fn a_written_finding_counts_only_on_its_own_relation() {
        let on_items = finding("public.items_v", Some("public.items"));
        let written_on_tags = [finding("public.tags", None)];
        assert!(!written(&written_on_tags, &on_items));
        assert!(written(&[finding("public.items", None)], &on_items));
        assert!(written(&[finding("items", None)], &on_items), "unqualified");
        assert!(!written(&[], &on_items));
    }
}
