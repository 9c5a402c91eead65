//! A migrations folder read into a validated revision graph.
use crate::clock;
use crate::error::{Error, Problem};
use crate::file::{self, Revision};
use crate::graph;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A parsed migrations folder: every revision file, checked to form a graph (known
/// parents, unique ids, no cycles), in graph order.
#[derive(Debug, Clone)]
pub struct MigrationDir {
    path: PathBuf,
    /// In graph order: parents (and depends-on) before children, ties by file name.
    revisions: Vec<Revision>,
    index: HashMap<String, usize>,
    /// Replaced id → the baseline that replaces it.
    aliases: HashMap<String, usize>,
    parents: Vec<Vec<usize>>,
    /// Parents plus depends-on: what must be applied before each revision.
    requires: Vec<Vec<usize>>,
    /// The reverse of `requires`.
    required_by: Vec<Vec<usize>>,
    has_children: Vec<bool>,
}

impl MigrationDir {
    /// Reads every `*.sql` file directly in `path`. Every problem found (parse errors,
    /// duplicate ids, unknown parents, cycles) is reported at once.
    pub fn load(path: &Path) -> Result<MigrationDir, Error> {
        if !path.is_dir() {
            return Err(Error::MissingDir(path.to_path_buf()));
        }
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(io)? {
            let p = entry.map_err(io)?.path();
            if p.is_file() && p.extension().is_some_and(|e| e == "sql") {
                files.push(p);
            }
        }
        files.sort();
        let mut revisions = Vec::new();
        let mut problems = Vec::new();
        for p in files {
            let text = std::fs::read_to_string(&p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            match file::parse(&p, &text) {
                Ok(r) => revisions.push(r),
                Err(mut ps) => problems.append(&mut ps),
            }
        }
        Self::build(path, revisions, problems)
    }

    /// Builds a folder from revisions already read (in file name order), with the same
    /// checks as [`MigrationDir::load`]; nothing is read or written.
    pub(crate) fn from_revisions(
        path: &Path,
        mut revisions: Vec<Revision>,
    ) -> Result<MigrationDir, Error> {
        revisions.sort_by(|a, b| a.path.cmp(&b.path));
        Self::build(path, revisions, Vec::new())
    }

    /// Like [`MigrationDir::load`], creating the folder first when it does not exist.
    pub fn create(path: &Path) -> Result<MigrationDir, Error> {
        std::fs::create_dir_all(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::load(path)
    }

    /// Validates revisions (in file name order) into a graph.
    fn build(
        path: &Path,
        mut revisions: Vec<Revision>,
        mut problems: Vec<Problem>,
    ) -> Result<MigrationDir, Error> {
        let problem = |r: &Revision, line: usize, message: String| Problem {
            path: r.path.clone(),
            line,
            message,
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut keep = Vec::new();
        for r in revisions.drain(..) {
            if let Some(&first) = index.get(&r.id) {
                let other: &Revision = &keep[first];
                problems.push(problem(
                    &r,
                    r.lines.revision,
                    format!(
                        "duplicate revision id `{}` (also in {}:{})",
                        r.id,
                        other.path.display(),
                        other.lines.revision
                    ),
                ));
                continue;
            }
            index.insert(r.id.clone(), keep.len());
            keep.push(r);
        }
        let revisions = keep;

        let mut aliases: HashMap<String, usize> = HashMap::new();
        for (i, r) in revisions.iter().enumerate() {
            for old in &r.replaces {
                if let Some(&j) = index.get(old) {
                    problems.push(problem(
                        r,
                        r.lines.replaces,
                        format!(
                            "replaces `{old}`, but {} still defines it; delete the replaced files",
                            revisions[j].path.display()
                        ),
                    ));
                } else if let Some(&j) = aliases.get(old) {
                    problems.push(problem(
                        r,
                        r.lines.replaces,
                        format!("`{old}` is also replaced by {}", revisions[j].id),
                    ));
                } else {
                    aliases.insert(old.clone(), i);
                }
            }
        }

        let lookup = |id: &str| index.get(id).or_else(|| aliases.get(id)).copied();
        let mut parents = vec![Vec::new(); revisions.len()];
        let mut requires = vec![Vec::new(); revisions.len()];
        for (i, r) in revisions.iter().enumerate() {
            for p in &r.parents {
                match lookup(p) {
                    Some(j) if j == i => problems.push(problem(
                        r,
                        r.lines.parents,
                        format!("parent `{p}` is replaced by this baseline itself"),
                    )),
                    Some(j) => parents[i].push(j),
                    None => problems.push(problem(
                        r,
                        r.lines.parents,
                        format!("unknown parent revision `{p}`"),
                    )),
                }
            }
            requires[i] = parents[i].clone();
            for d in &r.depends_on {
                match lookup(d) {
                    Some(j) if j != i => requires[i].push(j),
                    _ => problems.push(problem(
                        r,
                        r.lines.depends_on,
                        format!("unknown depends-on revision `{d}`"),
                    )),
                }
            }
            requires[i].sort_unstable();
            requires[i].dedup();
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        let rank: Vec<usize> = (0..revisions.len()).collect();
        let order = match graph::topo_order(&requires, &rank) {
            Ok(order) => order,
            Err(mut cycle) => {
                // Start at the first file by name, so the message is stable.
                if let Some(min) = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, i)| **i)
                    .map(|(k, _)| k)
                {
                    cycle.rotate_left(min);
                }
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&i| format!("{} ({})", revisions[i].id, revisions[i].path.display()))
                    .collect();
                let first = &revisions[cycle[0]];
                return Err(Error::Invalid(vec![problem(
                    first,
                    first.lines.parents.max(first.lines.revision),
                    format!(
                        "revisions form a cycle: {} -> {}",
                        names.join(" -> "),
                        first.id
                    ),
                )]));
            }
        };
        // Renumber everything into graph order.
        let mut position = vec![0; revisions.len()];
        for (pos, &old) in order.iter().enumerate() {
            position[old] = pos;
        }
        let remap = |v: &Vec<usize>| v.iter().map(|&j| position[j]).collect::<Vec<_>>();
        let mut slots: Vec<Option<Revision>> = revisions.into_iter().map(Some).collect();
        let revisions: Vec<Revision> = order
            .iter()
            .map(|&i| slots[i].take().unwrap_or_else(|| unreachable!()))
            .collect();
        let parents: Vec<Vec<usize>> = order.iter().map(|&i| remap(&parents[i])).collect();
        let requires: Vec<Vec<usize>> = order.iter().map(|&i| remap(&requires[i])).collect();
        let index = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let aliases = aliases.into_iter().map(|(k, v)| (k, position[v])).collect();
        let mut required_by = vec![Vec::new(); revisions.len()];
        let mut has_children = vec![false; revisions.len()];
        for (i, reqs) in requires.iter().enumerate() {
            for &r in reqs {
                required_by[r].push(i);
            }
        }
        for ps in &parents {
            for &p in ps {
                has_children[p] = true;
            }
        }
        Ok(MigrationDir {
            path: path.to_path_buf(),
            revisions,
            index,
            aliases,
            parents,
            requires,
            required_by,
            has_children,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every revision in graph order: parents before children, ties broken by file name.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// True when the folder has no revisions.
    pub fn is_empty(&self) -> bool {
        self.revisions.is_empty()
    }

    /// The revision with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.index.get(id).map(|&i| &self.revisions[i])
    }

    /// Position of a revision in graph order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The baseline revision that replaces `id`, when `id` was squashed.
    pub fn replaced_by(&self, id: &str) -> Option<&Revision> {
        self.aliases.get(id).map(|&i| &self.revisions[i])
    }

    /// Revisions nothing names as a parent, in graph order.
    pub fn heads(&self) -> Vec<&Revision> {
        (0..self.revisions.len())
            .filter(|&i| !self.has_children[i])
            .map(|i| &self.revisions[i])
            .collect()
    }

    /// The single head, `None` for an empty folder, or an error naming the heads.
    pub fn head(&self) -> Result<Option<&Revision>, Error> {
        let heads = self.heads();
        match heads.len() {
            0 => Ok(None),
            1 => Ok(Some(heads[0])),
            _ => Err(Error::MultipleHeads(
                heads.iter().map(|r| r.id.clone()).collect(),
            )),
        }
    }

    /// Resolved parents of the revision at `pos` (through squash aliases).
    pub fn parents_of(&self, pos: usize) -> &[usize] {
        &self.parents[pos]
    }

    /// What the revision at `pos` requires directly: its parents and depends-on.
    pub(crate) fn requires_of(&self, pos: usize) -> &[usize] {
        &self.requires[pos]
    }

    /// Positions of `targets` and everything they require (parents and depends-on,
    /// transitively).
    pub fn ancestry(&self, targets: &[usize]) -> BTreeSet<usize> {
        graph::closure(targets, &self.requires)
    }

    /// Positions of `targets` and everything that requires them, transitively.
    pub fn descendants(&self, targets: &[usize]) -> BTreeSet<usize> {
        graph::closure(targets, &self.required_by)
    }

    /// Finds a revision by id, by an id it replaced, or by a unique id prefix.
    pub fn resolve(&self, spec: &str) -> Result<&Revision, Error> {
        if let Some(r) = self.get(spec).or_else(|| self.replaced_by(spec)) {
            return Ok(r);
        }
        let matches: Vec<&Revision> = self
            .revisions
            .iter()
            .filter(|r| r.id.starts_with(spec))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::UnknownRevision(spec.to_string())),
            many => Err(Error::AmbiguousRevision {
                prefix: spec.to_string(),
                candidates: many.iter().map(|r| r.id.clone()).collect(),
            }),
        }
    }

    /// Writes a new revision file named `<timestamp>_<slug>.sql` and reads the folder
    /// again, so a revision that breaks the graph is reported (and its file removed).
    pub fn write(&mut self, revision: &Revision) -> Result<PathBuf, Error> {
        let path = self.free_name(&self.next_stamp(clock::now()), &revision.message);
        self.write_at(&path, revision)?;
        Ok(path)
    }

    /// A file stamp later than every stamp in the folder, so names keep sorting in the
    /// order revisions were written even when two are written within one second (or a
    /// teammate's clock ran ahead).
    fn next_stamp(&self, now: std::time::Duration) -> String {
        let stamp = clock::file_stamp(now);
        match self
            .latest_stamp()
            .and_then(|l| clock::parse_file_stamp(&l))
        {
            Some(latest) if clock::file_stamp(latest) >= stamp => {
                clock::file_stamp(latest + std::time::Duration::from_secs(1))
            }
            _ => stamp,
        }
    }

    fn latest_stamp(&self) -> Option<String> {
        let entries = std::fs::read_dir(&self.path).ok()?;
        entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let stamp = name.get(..15)?;
                let looks_like_stamp = stamp.as_bytes()[8] == b'T'
                    && stamp
                        .bytes()
                        .enumerate()
                        .all(|(i, b)| i == 8 || b.is_ascii_digit());
                looks_like_stamp.then(|| stamp.to_string())
            })
            .max()
    }

    /// Writes a revision to `path` (which must not exist) and reloads the folder.
    pub(crate) fn write_at(&mut self, path: &Path, revision: &Revision) -> Result<(), Error> {
        std::fs::write(path, revision.render()).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        match Self::load(&self.path) {
            Ok(dir) => {
                *self = dir;
                Ok(())
            }
            Err(e) => {
                let _ = std::fs::remove_file(path);
                Err(e)
            }
        }
    }

    /// A file name in this folder that is not taken yet.
    pub(crate) fn free_name(&self, stamp: &str, message: &str) -> PathBuf {
        let slug = slug(message);
        let base = if slug.is_empty() {
            stamp.to_string()
        } else {
            format!("{stamp}_{slug}")
        };
        let mut candidate = self.path.join(format!("{base}.sql"));
        let mut n = 2;
        while candidate.exists() {
            candidate = self.path.join(format!("{base}_{n}.sql"));
            n += 1;
        }
        candidate
    }
}

/// `Add invoices table!` → `add_invoices_table`, at most 40 characters.
fn slug(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, parents: &[&str]) -> String {
        let mut r = Revision::new(id, parents.iter().map(|s| s.to_string()).collect(), id);
        r.up = format!("-- {id}");
        r.render()
    }

    /// A folder holding `files` (name, text).
    fn folder(files: &[(&str, String)]) -> (tempfile::TempDir, Result<MigrationDir, Error>) {
        let tmp = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(tmp.path().join(name), text).unwrap();
        }
        let dir = MigrationDir::load(tmp.path());
        (tmp, dir)
    }

    fn problems(result: Result<MigrationDir, Error>, tmp: &Path) -> Vec<String> {
        match result {
            Err(Error::Invalid(ps)) => ps
                .iter()
                .map(|p| p.to_string().replace(&format!("{}/", tmp.display()), ""))
                .collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    fn ids(revs: &[&Revision]) -> Vec<String> {
        revs.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn new_files_sort_after_existing_ones_written_in_the_same_second() {
        let (tmp, dir) = folder(&[("20990101T000000_later_clock.sql", rev("a", &[]))]);
        let mut dir = dir.unwrap();
        let mut b = Revision::new("b", vec!["a".into()], "zzz first");
        b.up = "-- b".into();
        let first = dir.write(&b).unwrap();
        let mut c = Revision::new("c", vec!["b".into()], "aaa second");
        c.up = "-- c".into();
        let second = dir.write(&c).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        assert_eq!(names[1..], [first, second]);
    }

    #[test]
    fn graph_order_heads_and_merges() {
        let (_tmp, dir) = folder(&[
            ("1_a.sql", rev("a", &[])),
            ("2_b.sql", rev("b", &["a"])),
            ("3_c.sql", rev("c", &["a"])),
            ("4_m.sql", rev("m", &["c", "b"])),
        ]);
        let dir = dir.unwrap();
        let order: Vec<&str> = dir.revisions().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "m"]);
        assert_eq!(ids(&dir.heads()), ["m"]);
        assert_eq!(dir.head().unwrap().unwrap().id, "m");
        let m = dir.position("m").unwrap();
        assert_eq!(dir.ancestry(&[m]).len(), 4);
        assert_eq!(
            dir.descendants(&[dir.position("b").unwrap()]),
            BTreeSet::from([1, 3])
        );
    }

    #[test]
    fn files_sort_by_name_not_creation_and_order_follows_parents() {
        // The child sorts first by name, but the graph puts its parent first.
        let (_tmp, dir) = folder(&[("1_b.sql", rev("b", &["a"])), ("2_a.sql", rev("a", &[]))]);
        let order: Vec<String> = dir
            .unwrap()
            .revisions()
            .iter()
            .map(|r| r.id.clone())
            .collect();
        assert_eq!(order, ["a", "b"]);
    }

    #[test]
    fn several_heads_are_reported() {
        let (_tmp, dir) = folder(&[
            ("1.sql", rev("a", &[])),
            ("2.sql", rev("b", &["a"])),
            ("3.sql", rev("c", &["a"])),
        ]);
        let err = dir.unwrap().head().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the migrations have 2 heads: b, c; merge them first with `strata merge -m \"merge heads\"` (or name one revision as the target)"
        );
    }

    #[test]
    fn unknown_parents_duplicates_and_cycles_name_file_and_line() {
        let (tmp, dir) = folder(&[
            ("1.sql", rev("a", &[])),
            ("2.sql", rev("b", &["zz"])),
            ("3.sql", rev("a", &[])),
        ]);
        assert_eq!(
            problems(dir, tmp.path()),
            [
                "3.sql:1: duplicate revision id `a` (also in 1.sql:1)",
                "2.sql:2: unknown parent revision `zz`",
            ]
        );
        let (tmp, dir) = folder(&[
            ("1.sql", rev("a", &[])),
            ("2.sql", rev("b", &["a", "c"])),
            ("3.sql", rev("c", &["b"])),
        ]);
        assert_eq!(
            problems(dir, tmp.path()),
            ["2.sql:2: revisions form a cycle: b (2.sql) -> c (3.sql) -> b"]
        );
    }

    #[test]
    fn resolves_ids_prefixes_and_replaced_ids() {
        let mut base = Revision::new("base1", vec![], "baseline");
        base.replaces = vec!["old1".into(), "old2".into()];
        let (_tmp, dir) = folder(&[
            ("0.sql", base.render()),
            ("1.sql", rev("abc123", &["old2"])),
            ("2.sql", rev("abd456", &["abc123"])),
        ]);
        let dir = dir.unwrap();
        assert_eq!(dir.resolve("abc").unwrap().id, "abc123");
        assert_eq!(dir.resolve("old1").unwrap().id, "base1");
        assert!(matches!(
            dir.resolve("ab"),
            Err(Error::AmbiguousRevision { .. })
        ));
        assert!(matches!(dir.resolve("x"), Err(Error::UnknownRevision(_))));
        // The child of a replaced revision hangs off the baseline.
        let child = dir.position("abc123").unwrap();
        assert_eq!(dir.parents_of(child), [dir.position("base1").unwrap()]);
    }

    #[test]
    fn writes_named_files_and_rejects_graph_breaking_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let mut dir = MigrationDir::create(&tmp.path().join("migrations")).unwrap();
        let path = dir
            .write(&Revision::new("a1", vec![], "Add invoices table!"))
            .unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.ends_with("_add_invoices_table.sql"), "{name}");
        assert_eq!(name.len(), "20261122T011500_add_invoices_table.sql".len());
        assert_eq!(dir.revisions().len(), 1);
        let err = dir
            .write(&Revision::new("b1", vec!["nope".into()], "broken"))
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        assert_eq!(MigrationDir::load(dir.path()).unwrap().revisions().len(), 1);
    }
}
