//! Targets (`head`, `base`, an id or prefix, `+N`, `-N`) and the revisions a move to one
//! needs, computed from the graph and the applied set without touching a database.
use crate::dir::MigrationDir;
use crate::error::Error;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// Where an upgrade, downgrade or stamp should go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The single head (an error while there are several).
    Head,
    /// Every head.
    Heads,
    /// Nothing applied.
    Base,
    /// A revision id or unique id prefix.
    Revision(String),
    /// `+N` (N more revisions) or `-N` (N fewer).
    Relative(i64),
}

impl FromStr for Target {
    type Err = Error;

    fn from_str(s: &str) -> Result<Target, Error> {
        let s = s.trim();
        let bad = |reason: &str| Error::BadTarget {
            target: s.to_string(),
            reason: reason.to_string(),
        };
        match s {
            "head" => return Ok(Target::Head),
            "heads" => return Ok(Target::Heads),
            "base" => return Ok(Target::Base),
            _ => {}
        }
        if let Some(n) = s.strip_prefix('+').or_else(|| s.strip_prefix('-')) {
            let n: i64 = n
                .parse()
                .map_err(|_| bad("expected +N or -N with a number N"))?;
            if n == 0 {
                return Err(bad("a relative target needs N > 0"));
            }
            return Ok(Target::Relative(if s.starts_with('-') { -n } else { n }));
        }
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad(
                "expected head, heads, base, +N, -N, or a revision id or prefix",
            ));
        }
        Ok(Target::Revision(s.to_string()))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Revision(r) => f.write_str(r),
            Target::Relative(n) if *n > 0 => write!(f, "+{n}"),
            Target::Relative(n) => write!(f, "{n}"),
        }
    }
}

fn bad(target: &Target, reason: &str) -> Error {
    Error::BadTarget {
        target: target.to_string(),
        reason: reason.to_string(),
    }
}

/// Revisions to apply (positions, in graph order) to reach `target` from `applied`.
pub fn upgrade_steps(
    dir: &MigrationDir,
    applied: &BTreeSet<usize>,
    target: &Target,
) -> Result<Vec<usize>, Error> {
    let pending = |wanted: BTreeSet<usize>| -> Vec<usize> {
        wanted
            .into_iter()
            .filter(|i| !applied.contains(i))
            .collect()
    };
    match target {
        Target::Head => Ok(match dir.head()? {
            Some(h) => pending(dir.ancestry(&[pos(dir, &h.id)])),
            None => Vec::new(),
        }),
        Target::Heads => {
            let heads: Vec<usize> = dir.heads().iter().map(|h| pos(dir, &h.id)).collect();
            Ok(pending(dir.ancestry(&heads)))
        }
        Target::Revision(spec) => {
            let r = dir.resolve(spec)?;
            Ok(pending(dir.ancestry(&[pos(dir, &r.id)])))
        }
        Target::Relative(n) if *n > 0 => {
            let Some(h) = dir.head()? else {
                return Err(bad(target, "there are no revisions"));
            };
            let all = pending(dir.ancestry(&[pos(dir, &h.id)]));
            let n = *n as usize;
            if all.len() < n {
                return Err(bad(
                    target,
                    &format!("only {} revision(s) are pending", all.len()),
                ));
            }
            Ok(all[..n].to_vec())
        }
        Target::Base | Target::Relative(_) => Err(bad(
            target,
            "upgrade goes forwards; use `downgrade` to go back",
        )),
    }
}

/// Applied revisions to undo (positions, children first) to reach `target`.
pub fn downgrade_steps(
    dir: &MigrationDir,
    applied: &BTreeSet<usize>,
    target: &Target,
) -> Result<Vec<usize>, Error> {
    let newest_first = |set: BTreeSet<usize>| -> Vec<usize> {
        set.into_iter()
            .rev()
            .filter(|i| applied.contains(i))
            .collect()
    };
    match target {
        Target::Base => Ok(newest_first(applied.clone())),
        Target::Revision(spec) => {
            let r = dir.resolve(spec)?;
            let p = pos(dir, &r.id);
            if !applied.contains(&p) {
                return Err(bad(
                    target,
                    &format!("revision {} is not applied; downgrade goes backwards", r.id),
                ));
            }
            // Undo what builds on the target; revisions on unrelated branches stay.
            let mut undo = dir.descendants(&[p]);
            undo.remove(&p);
            Ok(newest_first(undo))
        }
        Target::Relative(n) if *n < 0 => {
            let n = n.unsigned_abs() as usize;
            let all = newest_first(applied.clone());
            if all.len() < n {
                return Err(bad(
                    target,
                    &format!("only {} revision(s) are applied", all.len()),
                ));
            }
            Ok(all[..n].to_vec())
        }
        Target::Head | Target::Heads | Target::Relative(_) => Err(bad(
            target,
            "downgrade goes backwards: use a revision, -N or base",
        )),
    }
}

/// The applied set a `stamp` to `target` records: the target and its ancestry.
pub fn stamp_set(dir: &MigrationDir, target: &Target) -> Result<BTreeSet<usize>, Error> {
    match target {
        Target::Base => Ok(BTreeSet::new()),
        Target::Head => Ok(match dir.head()? {
            Some(h) => dir.ancestry(&[pos(dir, &h.id)]),
            None => BTreeSet::new(),
        }),
        Target::Heads => {
            let heads: Vec<usize> = dir.heads().iter().map(|h| pos(dir, &h.id)).collect();
            Ok(dir.ancestry(&heads))
        }
        Target::Revision(spec) => {
            let r = dir.resolve(spec)?;
            Ok(dir.ancestry(&[pos(dir, &r.id)]))
        }
        Target::Relative(_) => Err(bad(target, "stamp needs head, heads, base or a revision")),
    }
}

fn pos(dir: &MigrationDir, id: &str) -> usize {
    dir.position(id)
        .unwrap_or_else(|| unreachable!("{id} comes from the folder"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::Revision;

    fn folder(revs: &[(&str, &[&str])]) -> (tempfile::TempDir, MigrationDir) {
        let tmp = tempfile::tempdir().unwrap();
        for (i, (id, parents)) in revs.iter().enumerate() {
            let r = Revision::new(id, parents.iter().map(|p| p.to_string()).collect(), id);
            std::fs::write(tmp.path().join(format!("{i:03}.sql")), r.render()).unwrap();
        }
        let dir = MigrationDir::load(tmp.path()).unwrap();
        (tmp, dir)
    }

    fn ids(dir: &MigrationDir, steps: &[usize]) -> Vec<String> {
        steps
            .iter()
            .map(|&i| dir.revisions()[i].id.clone())
            .collect()
    }

    fn set(dir: &MigrationDir, ids: &[&str]) -> BTreeSet<usize> {
        ids.iter().map(|id| dir.position(id).unwrap()).collect()
    }

    fn t(s: &str) -> Target {
        s.parse().unwrap()
    }

    #[test]
    fn parses_targets() {
        assert_eq!(t("head"), Target::Head);
        assert_eq!(t("+2"), Target::Relative(2));
        assert_eq!(t("-1"), Target::Relative(-1));
        assert_eq!(t("3f9a"), Target::Revision("3f9a".into()));
        assert!("+0".parse::<Target>().is_err());
        assert!("+x".parse::<Target>().is_err());
        assert!("a-b".parse::<Target>().is_err());
        assert_eq!(Target::Relative(-3).to_string(), "-3");
    }

    #[test]
    fn linear_upgrades_and_downgrades() {
        let (_tmp, dir) = folder(&[("a1", &[]), ("b2", &["a1"]), ("c3", &["b2"])]);
        let none = BTreeSet::new();
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("head")).unwrap()),
            ["a1", "b2", "c3"]
        );
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("+2")).unwrap()),
            ["a1", "b2"]
        );
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("b")).unwrap()),
            ["a1", "b2"]
        );
        let a = set(&dir, &["a1"]);
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &a, &t("+1")).unwrap()),
            ["b2"]
        );
        assert!(upgrade_steps(&dir, &a, &t("+3")).is_err());
        assert!(upgrade_steps(&dir, &a, &t("-1")).is_err());

        let all = set(&dir, &["a1", "b2", "c3"]);
        assert!(upgrade_steps(&dir, &all, &t("head")).unwrap().is_empty());
        assert_eq!(
            ids(&dir, &downgrade_steps(&dir, &all, &t("-2")).unwrap()),
            ["c3", "b2"]
        );
        assert_eq!(
            ids(&dir, &downgrade_steps(&dir, &all, &t("a1")).unwrap()),
            ["c3", "b2"]
        );
        assert_eq!(
            ids(&dir, &downgrade_steps(&dir, &all, &t("base")).unwrap()),
            ["c3", "b2", "a1"]
        );
        assert!(downgrade_steps(&dir, &a, &t("c3")).is_err());
        assert!(downgrade_steps(&dir, &all, &t("head")).is_err());
        assert!(downgrade_steps(&dir, &a, &t("-2")).is_err());
    }

    #[test]
    fn branches_need_a_merge_for_head_but_not_for_a_named_revision() {
        let (_tmp, dir) = folder(&[("a1", &[]), ("b2", &["a1"]), ("c3", &["a1"])]);
        let none = BTreeSet::new();
        assert!(matches!(
            upgrade_steps(&dir, &none, &t("head")),
            Err(Error::MultipleHeads(h)) if h == ["b2", "c3"]
        ));
        assert!(matches!(
            upgrade_steps(&dir, &none, &t("+1")),
            Err(Error::MultipleHeads(_))
        ));
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("c3")).unwrap()),
            ["a1", "c3"]
        );
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("heads")).unwrap()),
            ["a1", "b2", "c3"]
        );
        // Downgrading to a1 undoes both branches; to b2 leaves c3 alone.
        let all = set(&dir, &["a1", "b2", "c3"]);
        assert_eq!(
            ids(&dir, &downgrade_steps(&dir, &all, &t("a1")).unwrap()),
            ["c3", "b2"]
        );
        assert!(downgrade_steps(&dir, &all, &t("b2")).unwrap().is_empty());
    }

    #[test]
    fn depends_on_pulls_in_another_branch_without_joining_heads() {
        let tmp = tempfile::tempdir().unwrap();
        let write =
            |name: &str, r: &Revision| std::fs::write(tmp.path().join(name), r.render()).unwrap();
        write("0.sql", &Revision::new("a1", vec![], "a"));
        write("1.sql", &Revision::new("b2", vec!["a1".into()], "b"));
        let mut c = Revision::new("c3", vec!["a1".into()], "c");
        c.depends_on = vec!["b2".into()];
        write("2.sql", &c);
        let dir = MigrationDir::load(tmp.path()).unwrap();
        // c needs b first, but b is still a head of its own.
        assert_eq!(dir.heads().len(), 2);
        let none = BTreeSet::new();
        assert_eq!(
            ids(&dir, &upgrade_steps(&dir, &none, &t("c3")).unwrap()),
            ["a1", "b2", "c3"]
        );
        // Downgrading b takes c with it.
        let all = set(&dir, &["a1", "b2", "c3"]);
        assert_eq!(
            ids(&dir, &downgrade_steps(&dir, &all, &t("a1")).unwrap()),
            ["c3", "b2"]
        );
    }

    #[test]
    fn stamps_record_the_ancestry() {
        let (_tmp, dir) = folder(&[("a1", &[]), ("b2", &["a1"]), ("c3", &["b2"])]);
        assert_eq!(stamp_set(&dir, &t("b2")).unwrap(), set(&dir, &["a1", "b2"]));
        assert!(stamp_set(&dir, &t("base")).unwrap().is_empty());
        assert_eq!(stamp_set(&dir, &t("head")).unwrap().len(), 3);
    }
}
