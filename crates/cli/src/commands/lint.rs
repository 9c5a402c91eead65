//! `strata lint FILE|DIR...`: findings of hand-written migrations (see
//! [`strata_migrate::lint`]), printed as text, JSON or GitHub workflow annotations.
//! Exits 2 when there are findings that are not ignored.
use super::ExitStatus;
use super::shared::{Access, connect};
use crate::cli::{LintArgs, LintDialect, LintFormat};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use strata::lint::{Finding, LintOptions, LintReport};
use strata::{Database, Engine, Scope};
use strata_migrate::{LintFailure, LintRun};

pub fn lint(args: &LintArgs, printer: Printer) -> Result<ExitStatus, CliError> {
    let engine = match (args.dialect, args.url.as_deref().and_then(Engine::of_url)) {
        (Some(LintDialect::Postgres), _) => Engine::Postgres,
        (Some(LintDialect::Sqlite), _) => Engine::Sqlite,
        (None, Some(engine)) => engine,
        (None, None) => Engine::Postgres,
    };
    if let Some(url) = &args.url
        && Engine::of_url(url) != Some(engine)
    {
        return Err(
            CliError::error("`--url` is not a database of the `--dialect` given")
                .hint("leave out `--dialect`: the URL says which database it is"),
        );
    }
    // The live database: statistics, its version, and (PostgreSQL) the scratch host.
    let mut live = match &args.url {
        Some(url) => Some(connect(url, None, Access::ReadOnly, printer)?),
        None => None,
    };
    let mut host = match (&args.url, engine) {
        (Some(url), Engine::Postgres) => Some(connect(url, None, Access::ReadOnly, printer)?),
        (_, Engine::Sqlite) => Some(strata::connect("sqlite::memory:", None)?),
        (None, Engine::Postgres) => None,
    };
    let pg_version = match (args.pg_version, live.as_deref_mut()) {
        (Some(v), _) => v,
        (None, Some(db)) if engine == Engine::Postgres => {
            strata::lint::server_version(db).unwrap_or(15)
        }
        _ => 15,
    };
    let run = LintRun {
        options: LintOptions { engine, pg_version },
        replay: host.as_deref_mut().map(|d| d as &mut dyn Database),
        statistics: live.as_deref_mut().map(|d| d as &mut dyn Database),
        scope: Scope::default(),
    };
    let report = strata_migrate::lint(&args.paths, run).map_err(|e| match e {
        LintFailure::Syntax(e) => CliError::error(e.to_string()).hint(
            "the file does not parse as PostgreSQL SQL; fix it, or lint it with `--dialect sqlite`",
        ),
        LintFailure::Migrate(e) => e.into(),
    })?;
    for note in &report.notes {
        printer.status(&format!("note: {note}"));
    }
    let out = match args.format {
        LintFormat::Text => text(&report.findings),
        LintFormat::Json => json(&report.findings),
        LintFormat::Github => github(&report.findings),
    };
    printer.data(&out)?;
    printer.status(&summary(&report));
    Ok(if report.findings.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Differences
    })
}

/// `file:line:col: CODE name: message`, one a line; the method when it is not syntax.
fn text(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let method = match f.method {
                strata::lint::Method::Syntax => String::new(),
                m => format!(" [{}]", m.as_str()),
            };
            format!(
                "{}:{}:{}: {} {}: {}{method}\n",
                f.file.display(),
                f.line,
                f.column,
                f.code,
                f.name,
                f.message
            )
        })
        .collect()
}

fn json(findings: &[Finding]) -> String {
    let mut out = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// GitHub workflow commands: `::warning file=F,line=L,col=C,title=CODE name::message`.
fn github(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "::warning file={},line={},col={},title={}::{}\n",
                property(&f.file.display().to_string()),
                f.line,
                f.column,
                property(&format!("{} {}", f.code, f.name)),
                data(&format!("{} ({})", f.message, f.method.as_str()))
            )
        })
        .collect()
}

/// A workflow command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn summary(report: &LintReport) -> String {
    let n = report.findings.len();
    let mut line = format!(
        "{n} {} in {} {}",
        plural(n, "finding", "findings"),
        report.files,
        plural(report.files, "file", "files")
    );
    if report.ignored > 0 {
        line.push_str(&format!(" ({} ignored)", report.ignored));
    }
    if report.empty_tables > 0 {
        line.push_str(&format!(
            " ({} about empty tables left out)",
            report.empty_tables
        ));
    }
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_percent_and_line_breaks() {
        assert_eq!(data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
