//! The revision file format: a small `-- strata:` header, then the up SQL and the optional
//! down SQL, separated by marker lines. Parsing reports every problem with its line.
use crate::checksum::Checksum;
use crate::error::Problem;
use std::path::{Path, PathBuf};
use strata::approval::{Approval, Origin};
use strata::catalog::comment_text;

/// Words that name targets, so they cannot be revision ids.
const RESERVED: [&str; 4] = ["head", "heads", "base", "none"];

/// One parsed revision file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id (from the header, not the file name).
    pub id: String,
    /// Parent revision ids: none for a first revision, two or more for a merge.
    pub parents: Vec<String>,
    /// The one-line description.
    pub message: String,
    /// Revisions on other branches that must be applied before this one.
    pub depends_on: Vec<String>,
    /// For a squashed baseline: the revisions it replaces, in graph order, the revision it
    /// was squashed to last.
    pub replaces: Vec<String>,
    /// Run without a transaction (`CREATE INDEX CONCURRENTLY` and similar).
    pub no_transaction: bool,
    /// `-- strata:allow CODE[:object] reason` lines: approvals of this revision's own
    /// findings. They are not part of the checksum (see [`parse`]).
    pub allow: Vec<Approval>,
    /// The up SQL.
    pub up: String,
    /// The down SQL; `None` when the file has no `-- strata:down` section (irreversible).
    pub down: Option<String>,
    /// Where the file is.
    pub path: PathBuf,
    /// The checksum of the whole file.
    pub checksum: Checksum,
    /// 1-based lines of the header entries and markers, for messages.
    pub lines: Lines,
}

/// Line numbers (1-based) of the parts of a revision file, 0 when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// `-- strata:revision`.
    pub revision: usize,
    /// `-- strata:parents`.
    pub parents: usize,
    /// `-- strata:depends-on` (the first one).
    pub depends_on: usize,
    /// `-- strata:replaces` (the first one).
    pub replaces: usize,
    /// `-- strata:up`: the up SQL starts on the next line.
    pub up: usize,
    /// `-- strata:down`: the down SQL starts on the next line.
    pub down: usize,
}

impl Revision {
    /// A revision that has not been written yet (its path and checksum are filled in by
    /// [`Revision::render`] and the writer).
    pub fn new(id: &str, parents: Vec<String>, message: &str) -> Revision {
        Revision {
            id: id.to_string(),
            parents,
            message: one_line(message),
            depends_on: Vec::new(),
            replaces: Vec::new(),
            no_transaction: false,
            allow: Vec::new(),
            up: String::new(),
            down: Some(String::new()),
            path: PathBuf::new(),
            checksum: Checksum::of(""),
            lines: Lines::default(),
        }
    }

    /// True for a merge revision.
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    /// The file text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut field = |name: &str, value: &str| {
            out.push_str(format!("-- strata:{name:<10} {value}").trim_end());
            out.push('\n');
        };
        field("revision", &self.id);
        if !self.parents.is_empty() {
            field("parents", &self.parents.join(" "));
        }
        field("message", &self.message);
        if !self.replaces.is_empty() {
            field("replaces", &self.replaces.join(" "));
        }
        if !self.depends_on.is_empty() {
            field("depends-on", &self.depends_on.join(" "));
        }
        for a in &self.allow {
            let rule = match &a.object {
                Some(object) => format!("{}:{object}", a.code),
                None => a.code.clone(),
            };
            field(
                "allow",
                &format!("{rule} {}", one_line(a.reason.as_deref().unwrap_or(""))),
            );
        }
        if self.no_transaction {
            out.push_str("-- strata:no-transaction\n");
        }
        out.push_str("-- strata:up\n");
        push_body(&mut out, &self.up);
        if let Some(down) = &self.down {
            out.push_str("-- strata:down\n");
            push_body(&mut out, down);
        }
        out
    }

    /// The statements of the up or down SQL with their 1-based line in the file.
    pub fn statements(&self, direction: crate::Direction) -> Vec<strata_sqltext::Statement> {
        let (body, marker) = match direction {
            crate::Direction::Up => (self.up.as_str(), self.lines.up),
            crate::Direction::Down => (self.down.as_deref().unwrap_or(""), self.lines.down),
        };
        let mut statements = strata_sqltext::split(body);
        for s in &mut statements {
            s.line += marker;
        }
        statements
    }
}

fn push_body(out: &mut String, body: &str) {
    let body = body.trim_matches('\n');
    if !body.trim().is_empty() {
        out.push_str(body);
        out.push('\n');
    }
}

/// A message as one header line: whitespace folded, other control characters escaped.
fn one_line(message: &str) -> String {
    comment_text(&message.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `id` may be used as a revision id: letters, digits and `_`, starting with a
/// letter or digit, and not a target word.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&id)
}

enum Section {
    Header,
    Up,
    Down,
}

/// Parses a revision file. Every problem found is returned, each with its line.
///
/// The checksum covers the whole file except its `-- strata:allow` header lines: an
/// approval says who accepted a revision's findings, not what it runs, so adding one to
/// a revision that some databases already ran (after another refused it) does not make
/// it look edited there. Files written before approvals existed have no such line (it
/// was an unknown header then), so their recorded checksums stay valid.
pub fn parse(path: &Path, text: &str) -> Result<Revision, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| {
        problems.push(Problem {
            path: path.to_path_buf(),
            line,
            message,
        })
    };
    let mut id: Option<String> = None;
    let mut bad_id = false;
    let mut parents = Vec::new();
    let mut message = None;
    let mut depends_on = Vec::new();
    let mut replaces = Vec::new();
    let mut no_transaction = false;
    let mut allow = Vec::new();
    let mut hashed: Vec<&str> = Vec::new();
    let mut lines = Lines::default();
    let mut up = Vec::new();
    let mut down: Option<Vec<&str>> = None;
    let mut section = Section::Header;

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.split('\n').enumerate() {
        let n = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let is_allow = matches!(
            (&section, directive(line)),
            (Section::Header, Some(("allow", _)))
        );
        if !is_allow {
            hashed.push(raw);
        }
        let Some((name, value)) = directive(line) else {
            match section {
                Section::Header => {
                    let t = line.trim();
                    if !t.is_empty() && !t.starts_with("--") {
                        problem(n, "SQL before the `-- strata:up` line".into());
                    }
                }
                Section::Up => up.push(line),
                Section::Down => down.get_or_insert_with(Vec::new).push(line),
            }
            continue;
        };
        match (&section, name) {
            (Section::Header, "up") => {
                lines.up = n;
                section = Section::Up;
            }
            (Section::Up, "down") => {
                lines.down = n;
                down = Some(Vec::new());
                section = Section::Down;
            }
            (Section::Header, "down") => {
                problem(n, "`-- strata:down` before `-- strata:up`".into())
            }
            (Section::Up | Section::Down, "up" | "down") => {
                problem(n, format!("a second `-- strata:{name}` line"))
            }
            (Section::Up | Section::Down, _) => problem(
                n,
                format!("header line `-- strata:{name}` after `-- strata:up`; move it to the top"),
            ),
            (Section::Header, "revision") => {
                if id.is_some() {
                    problem(n, "a second `-- strata:revision` line".into());
                } else if !valid_id(value) {
                    bad_id = true;
                    problem(
                        n,
                        format!(
                            "invalid revision id `{value}` (letters, digits and `_`; not head/heads/base/none)"
                        ),
                    );
                } else {
                    id = Some(value.to_string());
                    lines.revision = n;
                }
            }
            (Section::Header, "parents") => {
                if lines.parents != 0 {
                    problem(n, "a second `-- strata:parents` line".into());
                }
                lines.parents = n;
                parents = ids(value, n, &mut problem, true);
            }
            (Section::Header, "message") => {
                if message.is_some() {
                    problem(n, "a second `-- strata:message` line".into());
                }
                message = Some(value.to_string());
            }
            (Section::Header, "depends-on") => {
                if lines.depends_on == 0 {
                    lines.depends_on = n;
                }
                depends_on.extend(ids(value, n, &mut problem, false));
            }
            (Section::Header, "replaces") => {
                if lines.replaces == 0 {
                    lines.replaces = n;
                }
                replaces.extend(ids(value, n, &mut problem, false));
            }
            (Section::Header, "no-transaction") => {
                if !value.is_empty() {
                    problem(n, "`-- strata:no-transaction` takes no value".into());
                }
                no_transaction = true;
            }
            (Section::Header, "allow") => match header_approval(path, n, value) {
                Ok(a) => allow.push(a),
                Err(message) => problem(n, message),
            },
            (Section::Header, other) => problem(
                n,
                format!(
                    "unknown header `-- strata:{other}` (expected revision, parents, message, depends-on, replaces, no-transaction, allow, up, down)"
                ),
            ),
        }
    }
    if lines.up == 0 {
        problem(
            text.lines().count().max(1),
            "missing the `-- strata:up` line".into(),
        );
    }
    if id.is_none() && !bad_id {
        problem(1, "missing the `-- strata:revision <id>` line".into());
    }
    if let Some(id) = &id {
        if parents.contains(id) {
            problem(
                lines.parents,
                format!("revision `{id}` names itself as a parent"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for p in &parents {
            if !seen.insert(p) {
                problem(lines.parents, format!("parent `{p}` is listed twice"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Revision {
        id: id.unwrap_or_default(),
        parents,
        message: message.unwrap_or_default(),
        depends_on,
        replaces,
        no_transaction,
        allow,
        up: up.join("\n"),
        down: down.map(|d| d.join("\n")),
        path: path.to_path_buf(),
        checksum: Checksum::of(&hashed.join("\n")),
        lines,
    })
}

/// `-- strata:allow CODE[:object] reason`: approves the revision's own findings of a rule
/// (on one object, or on all of them). The reason is required: it is what review reads.
fn header_approval(path: &Path, line: usize, value: &str) -> Result<Approval, String> {
    let (rule, reason) = match value.split_once(char::is_whitespace) {
        Some((rule, reason)) => (rule, reason.trim()),
        None => (value, ""),
    };
    if rule.is_empty() {
        return Err("`-- strata:allow` needs a rule code and a reason".into());
    }
    let mut parsed = strata::approval::parse_allow(rule).map_err(|e| e.to_string())?;
    if parsed.len() != 1 {
        return Err("`-- strata:allow` takes one rule per line".into());
    }
    let mut approval = parsed.remove(0);
    if reason.is_empty() {
        return Err(format!(
            "`-- strata:allow {rule}` gives no reason (`-- strata:allow {rule} <why this is safe>`)"
        ));
    }
    approval.reason = Some(reason.to_string());
    approval.origin = Origin::Header {
        path: path.to_path_buf(),
        line,
    };
    Ok(approval)
}

/// `-- strata:name value` → `(name, value)`.
fn directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let rest = rest.strip_prefix("strata:")?;
    let (name, value) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    Some((name, value))
}

fn ids(
    value: &str,
    line: usize,
    problem: &mut impl FnMut(usize, String),
    none_allowed: bool,
) -> Vec<String> {
    if none_allowed && value == "none" {
        return Vec::new();
    }
    value
        .split_whitespace()
        .filter_map(|id| {
            if valid_id(id) {
                Some(id.to_string())
            } else {
                problem(line, format!("invalid revision id `{id}`"));
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Direction;

    const SAMPLE: &str = "\
-- strata:revision 3f9a1c0b7d2e
-- strata:parents   9b1e44a0c3f1
-- strata:message   add invoices table
-- strata:up
CREATE TABLE invoices (id int);

CREATE INDEX invoices_id ON invoices (id);
-- strata:down
DROP TABLE invoices;
";

    fn parse_ok(text: &str) -> Revision {
        parse(Path::new("m/1.sql"), text).unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn problems(text: &str) -> Vec<String> {
        parse(Path::new("m/1.sql"), text)
            .unwrap_err()
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn parses_the_documented_format() {
        let r = parse_ok(SAMPLE);
        assert_eq!(r.id, "3f9a1c0b7d2e");
        assert_eq!(r.parents, ["9b1e44a0c3f1"]);
        assert_eq!(r.message, "add invoices table");
        assert!(!r.no_transaction);
        assert_eq!(r.down.as_deref(), Some("DROP TABLE invoices;\n"));
        let up = r.statements(Direction::Up);
        assert_eq!(up.len(), 2);
        assert_eq!((up[0].line, up[1].line), (5, 7));
        assert_eq!(r.statements(Direction::Down)[0].line, 9);
    }

    #[test]
    fn optional_header_lines() {
        let r = parse_ok(
            "-- strata:revision a1\n-- strata:parents b1 c1\n-- strata:no-transaction\n\
             -- strata:depends-on d1\n-- strata:replaces x1 y1\n-- strata:message m\n\
             -- strata:up\nCREATE INDEX CONCURRENTLY i ON t (x);\n",
        );
        assert!(r.is_merge() && r.no_transaction);
        assert_eq!(r.depends_on, ["d1"]);
        assert_eq!(r.replaces, ["x1", "y1"]);
        assert_eq!(r.down, None, "no down marker means irreversible");
        let base = parse_ok("-- strata:revision a1\n-- strata:parents none\n-- strata:up\n");
        assert!(base.parents.is_empty());
    }

    #[test]
    fn render_round_trips() {
        let mut r = Revision::new("a1", vec!["b1".into(), "c1".into()], "merge\nheads");
        r.up = "select 1;".into();
        r.down = Some("select 2;".into());
        r.no_transaction = true;
        r.depends_on = vec!["d1".into()];
        r.replaces = vec!["x1".into()];
        let text = r.render();
        let back = parse_ok(&text);
        assert_eq!(
            (
                back.id,
                back.parents,
                back.message,
                back.depends_on,
                back.replaces
            ),
            (
                r.id.clone(),
                r.parents.clone(),
                "merge heads".to_string(),
                r.depends_on.clone(),
                r.replaces.clone()
            )
        );
        assert!(back.no_transaction);
        assert_eq!(back.up.trim(), "select 1;");
        assert_eq!(back.down.as_deref().map(str::trim), Some("select 2;"));
    }

    #[test]
    fn malformed_headers_name_the_line() {
        assert_eq!(
            problems("-- strata:revision a1\n-- strata:parnts b1\n-- strata:up\n"),
            [
                "m/1.sql:2: unknown header `-- strata:parnts` (expected revision, parents, message, depends-on, replaces, no-transaction, allow, up, down)"
            ]
        );
        assert_eq!(
            problems("-- strata:revision a1\ncreate table t ();\n-- strata:up\n"),
            ["m/1.sql:2: SQL before the `-- strata:up` line"]
        );
        assert_eq!(
            problems("-- strata:revision a-1\n-- strata:up\n"),
            [
                "m/1.sql:1: invalid revision id `a-1` (letters, digits and `_`; not head/heads/base/none)"
            ]
        );
        assert_eq!(
            problems("-- strata:message x\n-- strata:up\nselect 1;\n"),
            ["m/1.sql:1: missing the `-- strata:revision <id>` line"]
        );
        assert_eq!(
            problems("-- strata:revision a1\n-- strata:up\n-- strata:no-transaction\n"),
            [
                "m/1.sql:3: header line `-- strata:no-transaction` after `-- strata:up`; move it to the top"
            ]
        );
        assert_eq!(
            problems("-- strata:revision a1\nselect 1;"),
            [
                "m/1.sql:2: SQL before the `-- strata:up` line",
                "m/1.sql:2: missing the `-- strata:up` line"
            ]
        );
        assert_eq!(
            problems("-- strata:revision a1\n-- strata:parents a1 b1 b1\n-- strata:up\n"),
            [
                "m/1.sql:2: revision `a1` names itself as a parent",
                "m/1.sql:2: parent `b1` is listed twice"
            ]
        );
    }

    #[test]
    fn crlf_and_bom_files_parse() {
        let text = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
        let r = parse_ok(&text);
        assert_eq!(r.id, "3f9a1c0b7d2e");
        assert_eq!(r.checksum, parse_ok(SAMPLE).checksum);
        assert!(!r.up.contains('\r'));
    }

    #[test]
    fn allow_headers_approve_and_stay_out_of_the_checksum() {
        let with = SAMPLE.replace(
            "-- strata:up\n",
            "-- strata:allow S001 the invoices table was never used\n\
             -- strata:allow drop-column:public.t.c  moved to u\n-- strata:up\n",
        );
        let r = parse_ok(&with);
        assert_eq!(r.allow.len(), 2);
        assert_eq!(r.allow[0].code, "S001");
        assert_eq!(r.allow[0].object, None);
        assert_eq!(
            r.allow[0].reason.as_deref(),
            Some("the invoices table was never used")
        );
        assert_eq!(r.allow[1].code, "S002");
        assert_eq!(r.allow[1].object.as_deref(), Some("public.t.c"));
        assert_eq!(r.allow[1].origin.to_string(), "m/1.sql:5");
        // Recorded checksums of files without approvals stay valid once one is added.
        assert_eq!(r.checksum, parse_ok(SAMPLE).checksum);
        assert_eq!(r.up, parse_ok(SAMPLE).up);
        // The same words in the SQL are SQL, and count.
        let in_body = SAMPLE.replace(
            "-- strata:down",
            "-- note: strata:allow S001 x\n-- strata:down",
        );
        assert_ne!(parse_ok(&in_body).checksum, parse_ok(SAMPLE).checksum);
        let back = parse_ok(&r.render());
        let parts = |r: &Revision| -> Vec<(String, Option<String>, Option<String>)> {
            r.allow
                .iter()
                .map(|a| (a.code.clone(), a.object.clone(), a.reason.clone()))
                .collect()
        };
        assert_eq!(parts(&back), parts(&r));
    }

    #[test]
    fn malformed_allow_headers_name_the_line() {
        assert_eq!(
            problems("-- strata:revision a1\n-- strata:allow S001\n-- strata:up\n"),
            [
                "m/1.sql:2: `-- strata:allow S001` gives no reason (`-- strata:allow S001 <why this is safe>`)"
            ]
        );
        let unknown = problems("-- strata:revision a1\n-- strata:allow S777 r\n-- strata:up\n");
        assert!(
            unknown[0].starts_with("m/1.sql:2: invalid `--allow S777`: unknown rule"),
            "{unknown:?}"
        );
        assert_eq!(
            problems("-- strata:revision a1\n-- strata:up\n-- strata:allow S001 r\n"),
            ["m/1.sql:3: header line `-- strata:allow` after `-- strata:up`; move it to the top"]
        );
    }
}
