//! The one place that writes output.
//!
//! - Data (SQL, JSON) goes to standard output, exactly as rendered, never redacted.
//! - Everything else (status lines, totals, prompts, hints, errors) goes to standard
//!   error, with any password removed.
//! - Colours are decided once, per stream, from `--color`, `NO_COLOR` and whether the
//!   stream is a terminal. Output reads the same without them.
use crate::cli::{ColorChoice, Format};
use crate::error::{CliError, plural};
use crate::redact::redact;
use owo_colors::{OwoColorize, Style};
use serde::Serialize;
use std::io::{self, BufRead, IsTerminal, Write};
use strata::catalog::comment_text;
use strata::plan::Group;
use strata::{Blocks, Effort, Hazard, Lock, Plan};

/// How much to say on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors, prompts and data only.
    Quiet,
    /// Also status lines and hints.
    Default,
    /// Also what strata is doing (`-v`).
    Verbose,
}

/// Writes all output. Cheap to copy, so the interrupt handler can have one too.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    verbosity: Verbosity,
    stdout_color: bool,
    stderr_color: bool,
}

impl Printer {
    /// Decides verbosity and colours for this run.
    pub fn new(color: ColorChoice, quiet: bool, verbose: u8) -> Printer {
        let verbosity = if quiet {
            Verbosity::Quiet
        } else if verbose > 0 {
            Verbosity::Verbose
        } else {
            Verbosity::Default
        };
        let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let decide = |is_terminal: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && env_allows,
        };
        Printer {
            verbosity,
            stdout_color: decide(io::stdout().is_terminal()),
            stderr_color: decide(io::stderr().is_terminal()),
        }
    }

    /// Writes data to standard output.
    pub fn data(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// Writes a plan to standard output in `format`.
    pub fn plan(&self, plan: &Plan, format: Format) -> io::Result<()> {
        self.plan_marked(plan, format, &[])
    }

    /// [`Printer::plan`], marking on each step the codes of its findings that still need
    /// an approval (`marks[i]` for step `i`; missing entries mark nothing).
    pub fn plan_marked(
        &self,
        plan: &Plan,
        format: Format,
        marks: &[Vec<String>],
    ) -> io::Result<()> {
        let text = match format {
            Format::Text => render_text_marked(plan, self.stdout_color, marks),
            Format::Sql => plan.to_sql(),
            Format::Json => render_json_marked(plan, marks),
        };
        self.data(&text)
    }

    /// The total line after a plan: `Plan: 4 steps (1 destructive)`.
    pub fn plan_total(&self, plan: &Plan) {
        self.status(&plan_total(plan));
    }

    /// A status line on standard error (not with `--quiet`).
    pub fn status(&self, message: &str) {
        if self.verbosity >= Verbosity::Default {
            self.stderr_line(&clean(message));
        }
    }

    /// A line only shown with `-v`.
    pub fn verbose(&self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            let style = Style::new().dimmed();
            self.stderr_line(&paint(self.stderr_color, &clean(message), style));
        }
    }

    /// A `hint: ...` line on standard error (not with `--quiet`).
    pub fn hint(&self, hint: &str) {
        if self.verbosity >= Verbosity::Default {
            self.stderr_line(&self.label("hint", Style::new().cyan().bold(), hint));
        }
    }

    /// An error, with its hint after a blank line: how the program ends, so always shown,
    /// unless a signal came first. Then the interrupt handler has the last word
    /// (`interrupted`): this waits for it to end the process instead.
    pub fn error(&self, err: &CliError) {
        crate::interrupt::settle();
        self.write_error(err);
    }

    /// [`Printer::error`] without waiting for an interrupt handler: for the handler.
    pub fn write_error(&self, err: &CliError) {
        if err.silent {
            return;
        }
        let mut text = self.label("error", Style::new().red().bold(), &err.message);
        if let Some(hint) = &err.hint {
            text.push_str("\n\n");
            text.push_str(&self.label("hint", Style::new().cyan().bold(), hint));
        }
        self.stderr_line(&text);
    }

    /// Asks a yes/no question on the terminal; anything but `y`/`yes` is no.
    pub fn confirm(&self, question: &str) -> io::Result<bool> {
        let mut err = io::stderr().lock();
        write!(err, "{} [y/N] ", clean(question))?;
        err.flush()?;
        let mut answer = String::new();
        if io::stdin().lock().read_line(&mut answer)? == 0 {
            writeln!(err)?;
        }
        Ok(is_yes(&answer))
    }

    /// True when a person can answer a prompt.
    pub fn can_prompt(&self) -> bool {
        io::stdin().is_terminal()
    }

    fn label(&self, label: &str, style: Style, text: &str) -> String {
        format!(
            "{}{} {}",
            paint(self.stderr_color, label, style),
            ":",
            clean(text)
        )
    }

    /// Writes a line already cleaned (and maybe coloured).
    fn stderr_line(&self, text: &str) {
        // Nothing sensible is left to do when standard error is gone.
        let _ = writeln!(io::stderr().lock(), "{text}");
    }
}

/// A message as it may reach the terminal: passwords removed, control characters
/// escaped.
fn clean(text: &str) -> String {
    terminal_text(&redact(text))
}

/// Text for the terminal: line breaks and tabs kept (messages span lines), every other
/// control character escaped, so nothing from a name or a server message can move the
/// cursor, recolour or clear the screen. Colours are added after this.
fn terminal_text(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split('\t')
                .map(comment_text)
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

fn paint(enabled: bool, text: &str, style: Style) -> String {
    if enabled {
        text.style(style).to_string()
    } else {
        text.to_string()
    }
}

/// `Plan: 4 steps (1 destructive)`.
pub fn plan_total(plan: &Plan) -> String {
    let steps = plan.steps.len();
    let destructive = plan.destructive_steps().count();
    let mut line = format!("Plan: {steps} {}", plural(steps, "step", "steps"));
    if destructive > 0 {
        line.push_str(&format!(" ({destructive} destructive)"));
    }
    if !plan.is_single_transaction() {
        let groups = plan.groups();
        let alone = groups
            .iter()
            .filter(|g| matches!(g, Group::Alone(_)))
            .count();
        let transactions = groups.len() - alone;
        let mut parts = Vec::new();
        if transactions > 0 {
            parts.push(format!(
                "in {transactions} {}",
                plural(transactions, "transaction", "transactions")
            ));
        }
        if alone > 0 {
            parts.push(format!("{alone} outside a transaction"));
        }
        line.push_str(&format!(", {}", parts.join(" and ")));
    }
    line
}

/// The reviewable form of a plan: each step's statements under an SQL comment with its
/// number, summary, reason and hazards. Data-loss steps are marked on the summary line.
/// The result is still runnable SQL.
#[cfg(test)]
pub fn render_text(plan: &Plan, color: bool) -> String {
    render_text_marked(plan, color, &[])
}

/// [`render_text`] with `[needs approval: CODE, ...]` on the summary line of each step
/// `marks` names codes for.
pub fn render_text_marked(plan: &Plan, color: bool, marks: &[Vec<String>]) -> String {
    let comment = Style::new().dimmed();
    let danger = Style::new().red().bold();
    let warning = Style::new().yellow();
    let mut out = String::new();
    if !plan.is_empty() && !plan.preamble.is_empty() {
        out.push_str(&paint(
            color,
            "-- settings the statements below assume",
            comment,
        ));
        out.push('\n');
        for statement in &plan.preamble {
            out.push_str(statement);
            out.push_str(";\n");
        }
        out.push('\n');
    }
    let boundaries = boundaries(plan);
    for (i, step) in plan.steps.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(line) = boundaries.get(&i) {
            out.push_str(&paint(color, line, warning));
            out.push('\n');
        }
        // Every comment line is escaped: nothing derived from a name or a message may
        // start a new line of SQL when the plan is piped into psql.
        out.push_str(&paint(
            color,
            &format!("-- {}. {}", i + 1, comment_text(&step.summary)),
            comment,
        ));
        let losses: Vec<String> = hazards(&step.hazards, true).collect();
        if !losses.is_empty() {
            let tag = format!("  [destructive: {}]", comment_text(&losses.join("; ")));
            out.push_str(&paint(color, &tag, danger));
        }
        if let Some(codes) = marks.get(i).filter(|c| !c.is_empty()) {
            let tag = format!("  [needs approval: {}]", comment_text(&codes.join(", ")));
            out.push_str(&paint(color, &tag, danger));
        }
        out.push('\n');
        let mut note = |text: String, style: Style| {
            out.push_str(&paint(
                color,
                &format!("--    {}", comment_text(&text)),
                style,
            ));
            out.push('\n');
        };
        if let Some(reason) = &step.reason {
            note(format!("reason: {reason}"), comment);
        }
        for lock in &step.locks {
            note(lock_line(lock, step.effort), comment);
        }
        for hazard in step.hazards.iter().filter(|h| !h.is_data_loss()) {
            note(format!("hazard {hazard}"), warning);
            if let Some(instead) = instead(hazard) {
                note(format!("  instead: {instead}"), comment);
            }
        }
        // Data-loss findings are in the tag above; their alternatives come here.
        for hazard in step.hazards.iter().filter(|h| h.is_data_loss()) {
            if let Some(instead) = instead(hazard) {
                note(format!("{} instead: {instead}", hazard.code), comment);
            }
        }
        if !step.transactional {
            note("runs outside a transaction".to_string(), warning);
        }
        for statement in &step.statements {
            out.push_str(statement);
            out.push_str(";\n");
        }
    }
    out
}

/// For a plan in more than one transaction, the line above the first step of each
/// group: `-- transaction 2 (steps 3-4)`, `-- step 5 runs outside a transaction`.
fn boundaries(plan: &Plan) -> std::collections::BTreeMap<usize, String> {
    let mut lines = std::collections::BTreeMap::new();
    if plan.is_single_transaction() {
        return lines;
    }
    let mut n = 0;
    for group in plan.groups() {
        let steps = group.steps();
        let line = match group {
            Group::Alone(i) => format!("-- step {} runs outside a transaction", i + 1),
            Group::Transaction(_) => {
                n += 1;
                match steps.len() {
                    1 => format!("-- transaction {n} (step {})", steps.start + 1),
                    _ => format!(
                        "-- transaction {n} (steps {}-{})",
                        steps.start + 1,
                        steps.end
                    ),
                }
            }
        };
        lines.insert(steps.start, line);
    }
    lines
}

/// `lock ACCESS EXCLUSIVE on public.users (blocks reads and writes, brief)`.
fn lock_line(lock: &Lock, effort: Option<Effort>) -> String {
    let held = match effort {
        None => String::new(),
        Some(Effort::Metadata) => ", brief".to_string(),
        Some(effort) => format!(", while it {}", effort.as_str()),
    };
    format!(
        "lock {} on {} (blocks {}{held})",
        lock.mode,
        lock.relation,
        lock.blocks.as_str()
    )
}

/// The safe alternative to a finding: its own, or its rule's. `None` for findings of
/// plans saved before rules, or of rules this strata does not know.
fn instead(hazard: &Hazard) -> Option<String> {
    if let Some(instead) = &hazard.instead {
        return Some(instead.clone());
    }
    strata::all_rules()
        .into_iter()
        .find(|(r, _)| r.code == hazard.code)
        .map(|(r, _)| r.instead.to_string())
}

/// The hazards on the data-loss axis (or off it) as `CODE name: message`.
fn hazards(list: &[Hazard], data_loss: bool) -> impl Iterator<Item = String> {
    list.iter()
        .filter(move |h| h.is_data_loss() == data_loss)
        .map(Hazard::to_string)
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    preamble: &'a [String],
    /// The server version the findings assume (`null` when they depend on none).
    server_version: Option<&'a str>,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    summary: &'a str,
    reason: Option<&'a str>,
    statements: &'a [String],
    hazards: Vec<JsonHazard<'a>>,
    locks: &'a [Lock],
    effort: Option<Effort>,
    transactional: bool,
    /// Only in online plans: the step commits what ran before and runs alone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    own_transaction: bool,
    destructive: bool,
    /// Codes of findings that still need an approval.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    needs_approval: &'a [String],
}

/// A finding with every field present (`null` when it does not apply), and the safe
/// alternative resolved.
#[derive(Serialize)]
struct JsonHazard<'a> {
    code: &'a str,
    name: &'a str,
    axis: strata::Axis,
    message: &'a str,
    object: Option<&'a str>,
    relation: Option<&'a str>,
    lock: Option<&'a str>,
    blocks: Option<Blocks>,
    instead: Option<String>,
}

impl<'a> JsonHazard<'a> {
    fn of(h: &'a Hazard) -> Self {
        JsonHazard {
            code: &h.code,
            name: &h.name,
            axis: h.axis,
            message: &h.message,
            object: h.object.as_deref(),
            relation: h.relation.as_deref(),
            lock: h.lock.as_deref(),
            blocks: h.blocks,
            instead: instead(h),
        }
    }
}

/// The machine-readable plan: `{"preamble", "server_version", "steps": [{summary,
/// reason, statements, hazards, locks, effort, transactional, destructive}, ...]}`.
/// Statements carry no trailing semicolon.
#[cfg(test)]
pub fn render_json(plan: &Plan) -> String {
    render_json_marked(plan, &[])
}

/// [`render_json`] with `needs_approval: [codes]` on the steps `marks` names codes for.
pub fn render_json_marked(plan: &Plan, marks: &[Vec<String>]) -> String {
    let doc = JsonPlan {
        preamble: &plan.preamble,
        server_version: plan.server_version.as_deref(),
        steps: plan
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| JsonStep {
                summary: &s.summary,
                reason: s.reason.as_deref(),
                statements: &s.statements,
                hazards: s.hazards.iter().map(JsonHazard::of).collect(),
                locks: &s.locks,
                effort: s.effort,
                transactional: s.transactional,
                own_transaction: s.own_transaction,
                destructive: s.is_destructive(),
                needs_approval: marks.get(i).map_or(&[], Vec::as_slice),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("plans serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata::{Axis, Rule, Step, rules};

    /// Stands in for a dialect's lock rule (those are private to their crates).
    static LOCK: Rule = Rule {
        code: "T001",
        name: "test-lock",
        axis: Axis::Lock,
        summary: "takes a lock",
        why: "writers wait",
        instead: "do not",
    };

    fn sample() -> Plan {
        Plan {
            steps: vec![
                Step {
                    summary: "create table main.users".into(),
                    reason: None,
                    statements: vec!["CREATE TABLE users (\n  id integer PRIMARY KEY\n)".into()],
                    hazards: vec![],
                    transactional: true,
                    own_transaction: false,
                    replaces_invalid_index: None,
                    op: None,
                    locks: vec![],
                    effort: None,
                },
                Step {
                    summary: "drop column main.users.age".into(),
                    reason: Some("column removed from the schema".into()),
                    statements: vec!["ALTER TABLE users DROP COLUMN age".into()],
                    hazards: vec![
                        Hazard::new(
                            &rules::DROP_COLUMN,
                            "drops column main.users.age and its data",
                        ),
                        Hazard::new(&LOCK, "takes an exclusive lock on users").under(&users_lock()),
                    ],
                    transactional: true,
                    own_transaction: false,
                    replaces_invalid_index: None,
                    op: None,
                    locks: vec![users_lock()],
                    effort: Some(Effort::Metadata),
                },
                Step {
                    summary: "create index public.users_email_idx".into(),
                    reason: None,
                    statements: vec![
                        "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)".into(),
                    ],
                    hazards: vec![],
                    transactional: false,
                    own_transaction: false,
                    replaces_invalid_index: None,
                    op: None,
                    locks: vec![Lock::new(
                        "public.users",
                        "SHARE UPDATE EXCLUSIVE",
                        Blocks::Nothing,
                    )],
                    effort: Some(Effort::Scan),
                },
            ],
            preamble: Vec::new(),
            server_version: Some("15.4".into()),
        }
    }

    fn users_lock() -> Lock {
        Lock::new("main.users", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites)
    }

    #[test]
    fn text_plan_comments_each_step() {
        insta::assert_snapshot!(render_text(&sample(), false), @r"
        -- transaction 1 (steps 1-2)
        -- 1. create table main.users
        CREATE TABLE users (
          id integer PRIMARY KEY
        );

        -- 2. drop column main.users.age  [destructive: S002 drop-column: drops column main.users.age and its data]
        --    reason: column removed from the schema
        --    lock ACCESS EXCLUSIVE on main.users (blocks reads and writes, brief)
        --    hazard T001 test-lock: takes an exclusive lock on users
        --    S002 instead: stop reading and writing the column first, keep a copy of its values if they may be needed, then drop it in a later release.
        ALTER TABLE users DROP COLUMN age;

        -- step 3 runs outside a transaction
        -- 3. create index public.users_email_idx
        --    lock SHARE UPDATE EXCLUSIVE on public.users (blocks nothing, while it scans the table)
        --    runs outside a transaction
        CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
        ");
    }

    #[test]
    fn coloured_text_is_the_same_text_with_escapes() {
        let coloured = render_text(&sample(), true);
        assert!(coloured.contains("\u{1b}["));
        let mut plain = String::new();
        let mut chars = coloured.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        assert_eq!(plain, render_text(&sample(), false));
    }

    #[test]
    fn json_plan_lists_steps() {
        let doc: serde_json::Value = serde_json::from_str(&render_json(&sample())).unwrap();
        let steps = doc["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1]["destructive"], true);
        let loss = &steps[1]["hazards"][0];
        assert_eq!(loss["code"], "S002");
        assert_eq!(loss["name"], "drop-column");
        assert_eq!(loss["axis"], "data-loss");
        assert_eq!(loss["message"], "drops column main.users.age and its data");
        assert_eq!(loss["instead"], rules::DROP_COLUMN.instead);
        let lock = &steps[1]["hazards"][1];
        assert_eq!(lock["relation"], "main.users");
        assert_eq!(lock["lock"], "ACCESS EXCLUSIVE");
        assert_eq!(lock["blocks"], "reads-and-writes");
        assert_eq!(loss["relation"], serde_json::Value::Null);
        assert_eq!(steps[1]["locks"][0]["mode"], "ACCESS EXCLUSIVE");
        assert_eq!(steps[1]["effort"], "metadata");
        assert_eq!(doc["server_version"], "15.4");
        assert_eq!(steps[2]["transactional"], false);
        assert_eq!(steps[0]["reason"], serde_json::Value::Null);
        assert_eq!(
            render_json(&Plan::default()),
            "{\n  \"preamble\": [],\n  \"server_version\": null,\n  \"steps\": []\n}\n"
        );
    }

    #[test]
    fn totals() {
        assert_eq!(
            plan_total(&sample()),
            "Plan: 3 steps (1 destructive), in 1 transaction and 1 outside a transaction"
        );
        let one = Plan {
            steps: vec![sample().steps.remove(0)],
            ..Plan::default()
        };
        assert_eq!(plan_total(&one), "Plan: 1 step");
    }

    #[test]
    fn only_yes_confirms() {
        assert!(is_yes("y\n"));
        assert!(is_yes(" YES \n"));
        assert!(!is_yes("\n"));
        assert!(!is_yes("n"));
        assert!(!is_yes("yep"));
    }
}
