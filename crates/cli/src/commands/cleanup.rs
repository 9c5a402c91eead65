//! `strata cleanup`: list the scratch databases on a server, drop those left behind. The
//! library decides; this module prints. Also how `-v` words what the automatic cleanup
//! before each new scratch database did.
use super::ExitStatus;
use super::shared::database_url;
use crate::cli::CleanupArgs;
use crate::config::{Config, Overrides, Settings};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use crate::redact::redact;
use std::time::Duration;
use strata::{CleanAction, CleanOptions, Cleaned, Engine, FoundScratch, Owner, StaleNote};

pub fn cleanup(
    args: &CleanupArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.as_deref(),
        ..Overrides::default()
    };
    let settings = Settings::resolve(config, &flags, &|name| std::env::var(name).ok())?;
    let url = settings.require_url()?;
    if database_url(url)? == Engine::Sqlite {
        printer.status("Nothing to clean: SQLite scratch databases live in memory.");
        return Ok(ExitStatus::Success);
    }
    printer.verbose(&format!("Listing scratch databases on {}", redact(url)));
    let options = CleanOptions {
        dry_run: args.dry_run,
        force: args.force,
    };
    let cleaned = strata::clean_scratch_databases(url, options)?;
    if cleaned.is_empty() {
        printer.status("No scratch databases on the server.");
        return Ok(ExitStatus::Success);
    }
    printer.data(&table(&cleaned))?;
    printer.status(&summary(&cleaned, options));
    failures(&cleaned).map_or(Ok(ExitStatus::Success), Err)
}

/// One line per database under a header, columns aligned.
fn table(cleaned: &[Cleaned]) -> String {
    let header = ["NAME", "HOST", "PID", "AGE", "CONNECTED", "OWNER", "ACTION"];
    let mut rows = vec![header.map(str::to_string)];
    rows.extend(cleaned.iter().map(row));
    let mut widths = [0; 7];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn row(cleaned: &Cleaned) -> [String; 7] {
    let scratch = &cleaned.scratch;
    let origin = scratch.origin.as_ref();
    [
        scratch.name.clone(),
        origin.map_or("?".into(), |o| o.host.clone()),
        origin.map_or("?".into(), |o| o.pid.to_string()),
        scratch.age.map_or("?".into(), age),
        if scratch.connected { "yes" } else { "no" }.into(),
        owner(scratch.owner).into(),
        action(&cleaned.action).into(),
    ]
}

fn owner(owner: Owner) -> &'static str {
    match owner {
        Owner::ThisProcess => "this process",
        Owner::Running => "running",
        Owner::Gone => "gone",
        Owner::Unknown => "unknown",
    }
}

fn action(action: &CleanAction) -> &'static str {
    match action {
        CleanAction::Dropped => "dropped",
        CleanAction::WouldDrop => "would drop",
        CleanAction::KeptInUse => "kept: in use",
        CleanAction::KeptOwn => "kept: this process",
        CleanAction::Failed(_) => "not dropped",
    }
}

/// `45s`, `12m`, `2h 5m`, `3d 4h`.
fn age(age: Duration) -> String {
    let secs = age.as_secs();
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86400 => format!("{}h {}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {}h", secs / 86400, secs % 86400 / 3600),
    }
}

/// `Dropped 2 scratch databases; kept 1 in use (--force drops it).`
fn summary(cleaned: &[Cleaned], options: CleanOptions) -> String {
    let count = |f: fn(&CleanAction) -> bool| cleaned.iter().filter(|c| f(&c.action)).count();
    let dropped = count(|a| matches!(a, CleanAction::Dropped | CleanAction::WouldDrop));
    let in_use = count(|a| matches!(a, CleanAction::KeptInUse));
    let verb = if options.dry_run {
        "Would drop"
    } else {
        "Dropped"
    };
    let mut line = format!(
        "{verb} {dropped} scratch {}",
        plural(dropped, "database", "databases")
    );
    if in_use > 0 {
        line.push_str(&format!(
            "; kept {in_use} in use (--force drops {})",
            plural(in_use, "it", "them")
        ));
    }
    line.push_str(if options.dry_run {
        "; nothing dropped (--dry-run)."
    } else {
        "."
    });
    line
}

/// One error listing every database that could not be dropped, if any.
fn failures(cleaned: &[Cleaned]) -> Option<CliError> {
    let failed: Vec<String> = cleaned
        .iter()
        .filter_map(|c| match &c.action {
            CleanAction::Failed(e) => Some(format!("\n  - {}: {e}", c.scratch.name)),
            _ => None,
        })
        .collect();
    if failed.is_empty() {
        return None;
    }
    let count = failed.len();
    let message = format!(
        "could not drop {count} scratch {}:{}",
        plural(count, "database", "databases"),
        failed.concat()
    );
    Some(CliError::error(message).hint(
        "a database can only be dropped by its owner or a superuser; run `strata cleanup` as \
         that role",
    ))
}

/// How `-v` words a note of the cleanup before a new scratch database.
pub fn note_text(note: &StaleNote) -> String {
    match note {
        StaleNote::Dropped(scratch) => format!(
            "note: dropped leftover scratch database {} ({})",
            scratch.name,
            why_stale(scratch)
        ),
        StaleNote::NotOurs(scratch) => format!(
            "note: left leftover scratch database {} ({}): it belongs to another role; \
             `strata cleanup` as that role drops it",
            scratch.name,
            why_stale(scratch)
        ),
        StaleNote::NotDropped(scratch, e) => format!(
            "note: could not drop leftover scratch database {}: {e}",
            scratch.name
        ),
        StaleNote::ListFailed(e) => {
            format!("note: could not list leftover scratch databases: {e}")
        }
    }
}

fn why_stale(scratch: &FoundScratch) -> String {
    match (&scratch.origin, scratch.owner) {
        (Some(o), Owner::Gone) => format!("pid {} on {} is gone", o.pid, o.host),
        _ => format!(
            "nobody connected, {} old",
            scratch.age.map_or("?".into(), age)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata::{DbError, ScratchOrigin};

    fn cleaned(name: &str, origin: Option<(u32, u64)>, action: CleanAction) -> Cleaned {
        Cleaned {
            scratch: FoundScratch {
                name: name.into(),
                origin: origin.map(|(pid, age)| ScratchOrigin {
                    host: "vm".into(),
                    pid,
                    created: 1_700_000_000 - age,
                }),
                age: origin.map(|(_, age)| Duration::from_secs(age)),
                connected: matches!(action, CleanAction::KeptInUse),
                droppable: true,
                owner: if origin.is_some() {
                    Owner::Gone
                } else {
                    Owner::Unknown
                },
            },
            action,
        }
    }

    #[test]
    fn the_table_lines_up() {
        let list = [
            cleaned(
                "strata_scratch_vm_4242_1699992800_0abc0def",
                Some((4242, 7200)),
                CleanAction::Dropped,
            ),
            cleaned("strata_scratch_7_0_0abc0def", None, CleanAction::KeptInUse),
        ];
        insta::assert_snapshot!(table(&list), @r"
        NAME                                        HOST  PID   AGE    CONNECTED  OWNER    ACTION
        strata_scratch_vm_4242_1699992800_0abc0def  vm    4242  2h 0m  no         gone     dropped
        strata_scratch_7_0_0abc0def                 ?     ?     ?      yes        unknown  kept: in use
        ");
        assert_eq!(
            summary(&list, CleanOptions::default()),
            "Dropped 1 scratch database; kept 1 in use (--force drops it)."
        );
        let dry_run = CleanOptions {
            dry_run: true,
            force: false,
        };
        assert_eq!(
            summary(&list[..1], dry_run),
            "Would drop 1 scratch database; nothing dropped (--dry-run)."
        );
    }

    #[test]
    fn ages_read_at_a_glance() {
        let a = |secs| age(Duration::from_secs(secs));
        assert_eq!(
            [a(5), a(125), a(7260), a(90000)],
            ["5s", "2m", "2h 1m", "1d 1h"]
        );
    }

    #[test]
    fn failed_drops_are_one_error_with_a_hint() {
        let failed = cleaned(
            "strata_scratch_7_0_0abc0def",
            None,
            CleanAction::Failed(DbError::Other("must be owner of database".into())),
        );
        let err = failures(&[failed]).unwrap();
        assert_eq!(
            err.message,
            "could not drop 1 scratch database:\n  - strata_scratch_7_0_0abc0def: must be \
             owner of database"
        );
        assert!(err.hint.is_some());
        assert!(failures(&[]).is_none());
    }

    #[test]
    fn notes_say_why() {
        let gone = cleaned(
            "strata_scratch_vm_4242_1699992800_0abc0def",
            Some((4242, 7200)),
            CleanAction::Dropped,
        );
        assert_eq!(
            note_text(&StaleNote::Dropped(gone.scratch)),
            "note: dropped leftover scratch database strata_scratch_vm_4242_1699992800_0abc0def \
             (pid 4242 on vm is gone)"
        );
    }
}
