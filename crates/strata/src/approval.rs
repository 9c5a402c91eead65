//! Approvals: which findings of a plan need someone to say yes before they run, and the
//! yeses.
//!
//! An approval names a rule (by code or name) and, optionally, the object a finding is
//! about ([`Hazard::object`], e.g. `public.users.email`). Approvals come from
//! `--allow CODE[,CODE]` / `--allow CODE:object` (see [`parse_allow`]), from the approval
//! file [`APPROVALS_FILE`] (see [`parse_file`]: every entry names one rule on one object),
//! and from a revision's `-- strata:allow CODE reason` header. `--allow-destructive` is
//! the blanket form: it approves every finding that needs approval (data loss, and
//! heavy steps on large tables).
//!
//! [`Policy::needs_approval`] is the one place that decides which findings need one.
use crate::engine::all_rules;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use strata_plan::{Axis, Blocks, Effort, Hazard, Plan, Step, rules};

/// The approval file's name; it sits beside `strata.toml`.
pub const APPROVALS_FILE: &str = "strata.approvals.toml";

/// One approval: a rule, on one object or on every object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The rule's code (a rule name given by the user is resolved to its code).
    pub code: String,
    /// The object; `None` approves the rule on every object.
    pub object: Option<String>,
    /// Why it is safe.
    pub reason: Option<String>,
    /// Who approved it.
    pub by: Option<String>,
    /// Where the approval was given.
    pub origin: Origin,
}

/// Where an approval was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--allow` on the command line.
    Flag,
    /// An entry of the approval file, at a 1-based line.
    File {
        /// The file.
        path: PathBuf,
        /// The line of its `[[approve]]`.
        line: usize,
    },
    /// A revision file's `-- strata:allow` header line.
    Header {
        /// The revision file.
        path: PathBuf,
        /// The header line.
        line: usize,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("the command line"),
            Origin::File { path, line } | Origin::Header { path, line } => {
                write!(f, "{}:{line}", path.display())
            }
        }
    }
}

impl Approval {
    /// True when this approval covers `hazard`.
    pub fn matches(&self, hazard: &Hazard) -> bool {
        !hazard.code.is_empty()
            && hazard.code == self.code
            && self
                .object
                .as_ref()
                .is_none_or(|object| hazard.object.as_ref() == Some(object))
    }
}

/// Why an approval could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    /// A malformed `--allow` value.
    #[error("invalid `--allow {value}`: {message}")]
    Flag {
        /// The value as given.
        value: String,
        /// What is wrong.
        message: String,
    },
    /// A malformed entry of the approval file, or of a revision's header.
    #[error("{}:{line}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The approval file exists but cannot be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The approvals one run works with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Approvals {
    /// Approvals of one rule (on one object or all).
    pub entries: Vec<Approval>,
    /// `--allow-destructive`: every finding the policy asks approval for is approved.
    pub destructive: bool,
}

impl Approvals {
    /// No approvals, or only the blanket `--allow-destructive` one.
    pub fn blanket(destructive: bool) -> Approvals {
        Approvals {
            entries: Vec::new(),
            destructive,
        }
    }

    /// True when some approval covers `hazard` (the blanket form covers every one).
    pub fn approves(&self, hazard: &Hazard) -> bool {
        self.destructive || self.entries.iter().any(|a| a.matches(hazard))
    }

    /// These approvals and `more`.
    pub fn with(&self, more: impl IntoIterator<Item = Approval>) -> Approvals {
        let mut all = self.clone();
        all.entries.extend(more);
        all
    }
}

/// Decides which findings need an approval:
///
/// - data loss, possible or certain, always;
/// - on a large relation (above the online threshold, see [`crate::policy_for`]), a step
///   that rewrites the table ([`Effort::Rewrite`]) or scans it while holding a lock that
///   blocks writes or reads ([`Effort::Scan`] with [`Blocks::Writes`] or
///   [`Blocks::ReadsAndWrites`]): plain CREATE INDEX, SET NOT NULL without a validated
///   check, a rewriting type change, ADD COLUMN with a volatile default. Brief
///   metadata-only locks and the online recipes (CONCURRENTLY, NOT VALID + VALIDATE)
///   need none. One finding of such a step carries the approval (see
///   [`Policy::size_finding`]), so one `--allow CODE:object` approves it.
///
/// - when the policy knows the deprecation marks ([`Policy::with_deprecated`]): a drop of
///   a table, column, view, function or type whose subject was not marked
///   `-- strata:deprecated` in the applied state (the compatibility finding of the drop:
///   S049 drop-without-deprecation for tables, columns and materialized views, S020, S021, S017, S018 for
///   the others). Marked objects need no compatibility approval; data loss still does.
///
/// [`Policy::default`] knows no sizes and no marks: only data loss needs approval.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Relations above the size threshold, named as locks name them: `public.users`.
    large: BTreeSet<String>,
    /// The subjects marked deprecated in the applied state; `None`: drops are not
    /// checked for a deprecation.
    deprecated: Option<BTreeSet<String>>,
}

/// The compatibility rules of drops that "deprecate before you drop" covers.
const DROP_RULES: [&strata_plan::Rule; 5] = [
    &rules::DROP_WITHOUT_DEPRECATION,
    &rules::DROP_VIEW,
    &rules::DROP_FUNCTION,
    &rules::DROP_TYPE,
    &rules::DROP_GENERATED_COLUMN,
];

impl Policy {
    /// The policy for a database whose large relations are `large` (`schema.name`).
    pub fn with_large(large: impl IntoIterator<Item = String>) -> Policy {
        Policy {
            large: large.into_iter().collect(),
            deprecated: None,
        }
    }

    /// This policy, checking drops against the subjects marked deprecated in the applied
    /// state (`public.users.email`); an empty set (no marks recorded yet) makes every
    /// drop need a compatibility approval.
    pub fn with_deprecated(mut self, deprecated: impl IntoIterator<Item = String>) -> Policy {
        self.deprecated = Some(deprecated.into_iter().collect());
        self
    }

    /// True when `hazard`, found on `step`, may only run approved.
    pub fn needs_approval(&self, step: &Step, hazard: &Hazard) -> bool {
        match hazard.axis {
            Axis::DataLoss => true,
            Axis::Lock | Axis::Duration => self.size_finding(step) == Some(hazard),
            Axis::Compatibility => self.drops_undeprecated(hazard),
            Axis::Transaction | Axis::DataDependent => false,
        }
    }

    /// True when `hazard` is the compatibility finding of a drop whose object was not
    /// marked deprecated (and the policy checks marks).
    fn drops_undeprecated(&self, hazard: &Hazard) -> bool {
        let Some(deprecated) = &self.deprecated else {
            return false;
        };
        DROP_RULES.iter().any(|r| r.code == hazard.code)
            && hazard
                .object
                .as_ref()
                .is_none_or(|o| !deprecated.contains(o))
    }

    /// True when `step` rewrites a large relation, or scans one under a lock that blocks
    /// writes (or reads and writes).
    pub fn is_heavy(&self, step: &Step) -> bool {
        let blocking_large = || {
            step.locks
                .iter()
                .any(|l| l.blocks >= Blocks::Writes && self.large.contains(&l.relation))
        };
        matches!(step.effort, Some(Effort::Rewrite | Effort::Scan)) && blocking_large()
    }

    /// The finding of a heavy step (see [`Policy::is_heavy`]) that carries its approval:
    /// the first duration finding of a rewrite (PG004 table-rewrite), the first lock
    /// finding of a scan (PG001 add-index-non-concurrently, PG014 set-not-null-scan...),
    /// else the first lock or duration finding. `None` for other steps, and for a heavy
    /// step without lock or duration findings (none known to strata today).
    pub fn size_finding<'a>(&self, step: &'a Step) -> Option<&'a Hazard> {
        if !self.is_heavy(step) {
            return None;
        }
        let first = |axis: Axis| step.hazards.iter().find(|h| h.axis == axis);
        let (preferred, other) = match step.effort {
            Some(Effort::Rewrite) => (Axis::Duration, Axis::Lock),
            _ => (Axis::Lock, Axis::Duration),
        };
        first(preferred).or_else(|| first(other))
    }
}

impl Policy {
    /// True when `approvals` approve everything this policy could ask for, whatever the
    /// findings: then there is no need to compute them (replaying revisions costs time).
    pub fn all_approved(&self, approvals: &Approvals) -> bool {
        // The blanket form approves every finding the policy asks for.
        approvals.destructive
    }
}

/// A finding that needs an approval nobody gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The step's number in the plan, from 1.
    pub step: usize,
    /// The step's summary.
    pub summary: String,
    /// The finding.
    pub hazard: Hazard,
}

impl Pending {
    /// The `--allow` value that approves exactly this finding (the rule on its object;
    /// the rule everywhere when the finding names no object).
    pub fn flag(&self) -> String {
        flag(&self.hazard)
    }

    /// The approval-file entry that approves exactly this finding, when it names an
    /// object (the file only takes specific entries).
    pub fn file_entry(&self) -> Option<String> {
        file_entry(&self.hazard)
    }
}

/// The findings of `plan` that `policy` says need approval and `approvals` do not cover,
/// in plan order.
pub fn pending(plan: &Plan, policy: &Policy, approvals: &Approvals) -> Vec<Pending> {
    let mut out = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        for hazard in &step.hazards {
            if policy.needs_approval(step, hazard) && !approvals.approves(hazard) {
                out.push(Pending {
                    step: i + 1,
                    summary: step.summary.clone(),
                    hazard: hazard.clone(),
                });
            }
        }
    }
    out
}

/// The approvals in `approvals` that match no finding of any of `hazards`: stale entries
/// that would silently approve a later change.
pub fn stale<'a>(approvals: &'a [Approval], hazards: &[&Hazard]) -> Vec<&'a Approval> {
    approvals
        .iter()
        .filter(|a| !hazards.iter().any(|h| a.matches(h)))
        .collect()
}

/// `--allow S002:public.users.email`, quoted for a POSIX shell when it needs to be.
pub fn flag(hazard: &Hazard) -> String {
    let value = match &hazard.object {
        Some(object) => format!("{}:{object}", hazard.code),
        None => hazard.code.clone(),
    };
    format!("--allow {}", shell_word(&value))
}

/// The `[[approve]]` entry for `hazard`, with placeholders for reason and who.
pub fn file_entry(hazard: &Hazard) -> Option<String> {
    let object = hazard.object.as_ref()?;
    Some(format!(
        "[[approve]]\ncode = {}\nobject = {}\nreason = \"<why this is safe>\"\nby = \"<who approves>\"",
        toml_string(&hazard.code),
        toml_string(object)
    ))
}

/// The `-- strata:allow` header line that approves `hazard` in its own revision.
pub fn header_line(hazard: &Hazard) -> String {
    format!("-- strata:allow {} <why this is safe>", hazard.code)
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `text` as one shell word: as it is when plain, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.:,-/".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        // Each `'` ends the quoted word, adds an escaped quote and starts a new one.
        format!("'{}'", text.split('\'').collect::<Vec<_>>().join("'\\''"))
    }
}

/// Resolves a rule's code or name to its code: `S002`, `s002` and `drop-column` give
/// `S002`.
pub fn rule_code(rule: &str) -> Option<&'static str> {
    all_rules()
        .into_iter()
        .map(|(r, _)| r)
        .find(|r| r.code.eq_ignore_ascii_case(rule) || r.name == rule)
        .map(|r| r.code)
}

/// Parses one `--allow` value: `CODE[,CODE...]`, where each item may be `CODE:object`.
/// Items are split at commas outside parentheses, so a function's arguments
/// (`S017:public.f(integer, text)`) stay whole.
pub fn parse_allow(value: &str) -> Result<Vec<Approval>, ApprovalError> {
    let invalid = |message: String| ApprovalError::Flag {
        value: value.to_string(),
        message,
    };
    let mut out = Vec::new();
    for item in split_items(value) {
        let item = item.trim();
        if item.is_empty() {
            return Err(invalid("an empty rule".into()));
        }
        let (rule, object) = match item.split_once(':') {
            Some((rule, object)) => (rule.trim(), Some(object.trim())),
            None => (item, None),
        };
        if object.is_some_and(str::is_empty) {
            return Err(invalid(format!("`{rule}:` names no object")));
        }
        let code = rule_code(rule).ok_or_else(|| invalid(unknown_rule(rule)))?;
        out.push(Approval {
            code: code.to_string(),
            object: object.map(str::to_string),
            reason: None,
            by: None,
            origin: Origin::Flag,
        });
    }
    Ok(out)
}

fn unknown_rule(rule: &str) -> String {
    format!("unknown rule `{rule}` (`strata explain` lists the rules)")
}

/// Splits at commas that are not inside parentheses.
fn split_items(value: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&value[start..]);
    items
}

/// The approval file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    approve: Vec<toml::Spanned<FileEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    code: Option<String>,
    object: Option<String>,
    reason: Option<String>,
    by: Option<String>,
}

/// Reads the approval file at `path`; a file that does not exist holds no approvals.
pub fn read_file(path: &Path) -> Result<Vec<Approval>, ApprovalError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_file(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(ApprovalError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses the approval file's text. Each `[[approve]]` entry needs `code` (a rule code or
/// name), `object` and `reason`; `by` is optional. Errors name the file and line.
pub fn parse_file(path: &Path, text: &str) -> Result<Vec<Approval>, ApprovalError> {
    let at = |offset: usize, message: String| ApprovalError::File {
        path: path.to_path_buf(),
        line: line_of(text, offset),
        message,
    };
    let doc: FileDoc = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(offset, e.message().trim().to_string())
    })?;
    let mut out = Vec::new();
    for spanned in doc.approve {
        let offset = spanned.span().start;
        let entry = spanned.into_inner();
        let Some(rule) = entry.code.filter(|c| !c.trim().is_empty()) else {
            return Err(at(offset, "an approval without `code`".into()));
        };
        let code = rule_code(rule.trim()).ok_or_else(|| at(offset, unknown_rule(&rule)))?;
        let Some(object) = entry.object.filter(|o| !o.trim().is_empty()) else {
            return Err(at(
                offset,
                format!(
                    "the approval of {code} names no `object`; each entry approves one rule on one object (`--allow {code}` approves it everywhere for one run)"
                ),
            ));
        };
        if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(at(
                offset,
                format!("the approval of {code} on {object} gives no `reason`"),
            ));
        }
        out.push(Approval {
            code: code.to_string(),
            object: Some(object),
            reason: entry.reason,
            by: entry.by,
            origin: Origin::File {
                path: path.to_path_buf(),
                line: line_of(text, offset),
            },
        });
    }
    Ok(out)
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_plan::rules;

    fn drop_email() -> Hazard {
        Hazard::new(
            &rules::DROP_COLUMN,
            "drops column public.users.email and its data",
        )
        .on("public.users.email")
    }

    fn step(hazards: Vec<Hazard>) -> Step {
        Step {
            summary: "drop column public.users.email".into(),
            reason: None,
            statements: vec!["ALTER TABLE users DROP COLUMN email".into()],
            hazards,
            transactional: true,
            op: None,
            own_transaction: false,
            replaces_invalid_index: None,
            locks: Vec::new(),
            effort: None,
        }
    }

    #[test]
    fn flags_name_rules_by_code_or_name_with_or_without_object() {
        let all = parse_allow("S002,drop-table").unwrap();
        assert_eq!(
            all.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(),
            ["S002", "S001"]
        );
        assert!(all.iter().all(|a| a.object.is_none()));
        let one = parse_allow("s002:public.users.email").unwrap();
        assert_eq!(one[0].code, "S002");
        assert_eq!(one[0].object.as_deref(), Some("public.users.email"));
        let f = parse_allow("S017:public.f(integer, text),S001").unwrap();
        assert_eq!(f[0].object.as_deref(), Some("public.f(integer, text)"));
        assert_eq!(f[1].code, "S001");
    }

    #[test]
    fn bad_flags_are_errors() {
        for (value, wanted) in [
            ("S999", "unknown rule `S999`"),
            ("S002:", "names no object"),
            ("S002,,S001", "an empty rule"),
        ] {
            let err = parse_allow(value).unwrap_err().to_string();
            assert!(err.contains(wanted), "{value}: {err}");
            assert!(
                err.starts_with(&format!("invalid `--allow {value}`")),
                "{err}"
            );
        }
    }

    #[test]
    fn approvals_match_the_rule_on_the_object() {
        let hazard = drop_email();
        let on = |v: &str| Approvals::default().with(parse_allow(v).unwrap());
        assert!(on("S002").approves(&hazard));
        assert!(on("drop-column:public.users.email").approves(&hazard));
        assert!(!on("S002:public.users.name").approves(&hazard));
        assert!(!on("S001:public.users.email").approves(&hazard));
        assert!(Approvals::blanket(true).approves(&hazard));
        assert!(!Approvals::blanket(false).approves(&hazard));
        // A finding from an old saved plan (no code) is only covered by the blanket form.
        let old = Hazard {
            code: String::new(),
            ..hazard
        };
        assert!(!on("S002").approves(&old));
    }

    #[test]
    fn data_loss_needs_approval_other_axes_do_not() {
        let policy = Policy::default();
        let s = step(vec![drop_email()]);
        assert!(policy.needs_approval(&s, &s.hazards[0]));
        let fk = Hazard::new(&rules::ADD_FOREIGN_KEY, "adds a foreign key");
        assert!(!policy.needs_approval(&s, &fk));
        let plan = Plan {
            steps: vec![step(vec![]), step(vec![fk, drop_email()])],
            ..Plan::default()
        };
        let open = pending(&plan, &policy, &Approvals::default());
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].step, 2);
        assert_eq!(open[0].flag(), "--allow S002:public.users.email");
        assert!(pending(&plan, &policy, &Approvals::blanket(true)).is_empty());
        assert!(policy.all_approved(&Approvals::blanket(true)));
        assert!(!policy.all_approved(&Approvals::default().with(parse_allow("S002").unwrap())));
    }

    /// A plain CREATE INDEX on `public.big`: a scan under SHARE (blocks writes).
    fn index_step(effort: Effort, blocks: Blocks) -> Step {
        let lock = strata_plan::Lock::new("public.big", "SHARE", blocks);
        let finding = |rule: &'static strata_plan::Rule| {
            Hazard::new(rule, "builds an index")
                .on("public.big_n_idx")
                .under(&lock)
        };
        Step {
            summary: "create index public.big_n_idx".into(),
            statements: vec!["CREATE INDEX big_n_idx ON big (n)".into()],
            hazards: vec![finding(&LOCK_RULE), finding(&DURATION_RULE)],
            locks: vec![lock],
            effort: Some(effort),
            ..step(vec![])
        }
    }

    static LOCK_RULE: strata_plan::Rule = strata_plan::Rule {
        code: "T001",
        name: "test-lock",
        axis: Axis::Lock,
        summary: "s",
        why: "w",
        instead: "i",
    };
    static DURATION_RULE: strata_plan::Rule = strata_plan::Rule {
        code: "T002",
        name: "test-duration",
        axis: Axis::Duration,
        ..LOCK_RULE
    };

    #[test]
    fn heavy_steps_on_large_tables_need_one_approval() {
        let large = Policy::with_large(["public.big".to_string()]);
        let scan = index_step(Effort::Scan, Blocks::Writes);
        let asked: Vec<&str> = scan
            .hazards
            .iter()
            .filter(|h| large.needs_approval(&scan, h))
            .map(|h| h.code.as_str())
            .collect();
        assert_eq!(asked, ["T001"], "a scan: the lock finding carries it");
        let rewrite = index_step(Effort::Rewrite, Blocks::ReadsAndWrites);
        assert_eq!(large.size_finding(&rewrite).unwrap().code, "T002");
        let plan = Plan {
            steps: vec![scan.clone()],
            ..Plan::default()
        };
        let open = pending(&plan, &large, &Approvals::default());
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].flag(), "--allow T001:public.big_n_idx");
        let allowed = Approvals::default().with(parse_allow("S002").unwrap());
        assert_eq!(pending(&plan, &large, &allowed).len(), 1, "another rule");
        assert!(pending(&plan, &large, &Approvals::blanket(true)).is_empty());
    }

    #[test]
    fn small_tables_brief_locks_and_online_recipes_need_none() {
        let large = Policy::with_large(["public.big".to_string()]);
        let small = Policy::with_large(["public.other".to_string()]);
        let scan = index_step(Effort::Scan, Blocks::Writes);
        assert!(small.size_finding(&scan).is_none(), "a small table");
        assert!(Policy::default().size_finding(&scan).is_none(), "no sizes");
        let brief = index_step(Effort::Metadata, Blocks::ReadsAndWrites);
        assert!(large.size_finding(&brief).is_none(), "metadata only");
        // CONCURRENTLY, VALIDATE: a scan whose lock blocks neither reads nor writes.
        let online = index_step(Effort::Scan, Blocks::Nothing);
        assert!(large.size_finding(&online).is_none());
        assert!(
            !online
                .hazards
                .iter()
                .any(|h| large.needs_approval(&online, h))
        );
    }

    #[test]
    fn drops_need_approval_unless_marked_deprecated() {
        let compat =
            Hazard::new(&rules::DROP_WITHOUT_DEPRECATION, "drops column").on("public.users.email");
        let s = step(vec![drop_email(), compat.clone()]);
        assert!(
            !Policy::default().needs_approval(&s, &compat),
            "marks not checked"
        );
        let unmarked = Policy::default().with_deprecated(Vec::new());
        assert!(unmarked.needs_approval(&s, &compat));
        let other = Policy::default().with_deprecated(["public.users.name".to_string()]);
        assert!(other.needs_approval(&s, &compat));
        let marked = Policy::default().with_deprecated(["public.users.email".to_string()]);
        assert!(!marked.needs_approval(&s, &compat));
        assert!(
            marked.needs_approval(&s, &s.hazards[0]),
            "data loss still does"
        );
        let rename = Hazard::new(&rules::RENAME_COLUMN, "renames").on("public.users.email");
        assert!(!unmarked.needs_approval(&s, &rename), "not a drop");
        let view = Hazard::new(&rules::DROP_VIEW, "drops view").on("public.v");
        assert!(unmarked.needs_approval(&s, &view));
    }

    #[test]
    fn suggestions_quote_what_needs_quoting() {
        let hazard = Hazard::new(&rules::DROP_COLUMN, "m").on("public.it's.\"x\" y");
        assert_eq!(flag(&hazard), r#"--allow 'S002:public.it'\''s."x" y'"#);
        let entry = file_entry(&hazard).unwrap();
        let parsed = parse_file(
            Path::new("a.toml"),
            &entry.replace("<why this is safe>", "ok"),
        )
        .unwrap();
        assert_eq!(parsed[0].object.as_deref(), Some("public.it's.\"x\" y"));
    }

    #[test]
    fn the_file_takes_specific_entries() {
        let text = "\
[[approve]]
code = \"S002\"
object = \"public.users.email\"
reason = \"moved to contacts\"
by = \"alice\"

[[approve]]
code = \"drop-table\"
object = \"public.old\"
reason = \"unused since 2024\"
";
        let all = parse_file(Path::new("strata.approvals.toml"), text).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].code, "S001");
        assert_eq!(all[0].by.as_deref(), Some("alice"));
        assert_eq!(
            all[1].origin.to_string(),
            "strata.approvals.toml:7",
            "the line of its [[approve]]"
        );
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let path = Path::new("strata.approvals.toml");
        let err = |text: &str| parse_file(path, text).unwrap_err().to_string();
        let no_object = err("[[approve]]\ncode = \"S002\"\nreason = \"r\"\n");
        assert!(
            no_object
                .starts_with("strata.approvals.toml:1: the approval of S002 names no `object`"),
            "{no_object}"
        );
        let unknown = err("\n[[approve]]\ncode = \"S777\"\nobject = \"x\"\nreason = \"r\"\n");
        assert!(
            unknown.starts_with("strata.approvals.toml:2: unknown rule `S777`"),
            "{unknown}"
        );
        let typo = err("[[approve]]\ncode = \"S002\"\nobjekt = \"x\"\n");
        assert!(
            typo.starts_with("strata.approvals.toml:3: unknown field `objekt`"),
            "{typo}"
        );
        let syntax = err("[[approve]]\ncode = \n");
        assert!(syntax.starts_with("strata.approvals.toml:2: "), "{syntax}");
        let no_reason = err("[[approve]]\ncode = \"S002\"\nobject = \"x\"\n");
        assert!(no_reason.contains("gives no `reason`"), "{no_reason}");
    }

    #[test]
    fn stale_entries_match_no_finding() {
        let text = "[[approve]]\ncode = \"S002\"\nobject = \"public.users.email\"\nreason = \"r\"\n\
                    [[approve]]\ncode = \"S001\"\nobject = \"public.gone\"\nreason = \"r\"\n";
        let entries = parse_file(Path::new("a.toml"), text).unwrap();
        let hazard = drop_email();
        let left = stale(&entries, &[&hazard]);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].object.as_deref(), Some("public.gone"));
        assert_eq!(stale(&entries, &[]).len(), 2);
    }
}
