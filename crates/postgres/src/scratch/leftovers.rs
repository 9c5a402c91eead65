//! Scratch databases other runs left behind (killed, crashed, the machine went away):
//! listed from the server, judged by what their names say, and dropped.
use super::name::{ScratchOrigin, host_label, parse_scratch_name};
use super::process::{ProcessState, process_state};
use super::{drop_sql, registry};
use crate::connect;
use crate::database::parse_url;
use crate::error::statement_error;
use crate::url::redact;
use postgres::Client;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use strata_execute::DbError;
use strata_sqltext::quote_ident;

/// An unconnected scratch database older than this is dropped by any run, from any host:
/// no load takes that long without a connection.
pub const IDLE_LIMIT: Duration = Duration::from_secs(60 * 60);

/// A scratch database younger than this counts as in use even with nobody connected:
/// its creator connects right after `CREATE DATABASE`.
pub const NEW_GRACE: Duration = Duration::from_secs(60);

/// A strata scratch database found on a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundScratch {
    /// The database name.
    pub name: String,
    /// Who made it and when, as the name says; `None` for names of older strata versions.
    pub origin: Option<ScratchOrigin>,
    /// Time since it was created; `None` when the name does not say.
    pub age: Option<Duration>,
    /// Some backend is connected to it.
    pub connected: bool,
    /// The role listing it may drop it (owns it, or can act as its owner).
    pub droppable: bool,
    /// Whether its creator is still there.
    pub owner: Owner,
}

/// Whether the process that made a scratch database is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// This process made it and still has it.
    ThisProcess,
    /// A process of this host that is still running.
    Running,
    /// A process of this host that is not running (or whose pid now belongs to a process
    /// started later).
    Gone,
    /// Another host, an old name, or a system that cannot tell.
    Unknown,
}

impl FoundScratch {
    /// Dropped before a new scratch database is created: its owner is gone, or nobody is
    /// connected and it is older than [`IDLE_LIMIT`]. Names of older strata versions say
    /// nothing about age, so only `strata cleanup` drops those.
    pub fn is_stale(&self) -> bool {
        match self.owner {
            Owner::ThisProcess => false,
            Owner::Gone => true,
            Owner::Running | Owner::Unknown => {
                !self.connected && self.age.is_some_and(|age| age > IDLE_LIMIT)
            }
        }
    }

    /// Somebody may still be loading into it: a backend is connected, or it is younger
    /// than [`NEW_GRACE`] (its creator may not have connected yet).
    pub fn in_use(&self) -> bool {
        self.owner == Owner::ThisProcess
            || self.connected
            || self.age.is_some_and(|age| age < NEW_GRACE)
    }
}

/// What `strata cleanup` should do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanOptions {
    /// Only list; drop nothing.
    pub dry_run: bool,
    /// Also drop scratch databases that are in use (their loads fail).
    pub force: bool,
}

/// What happened to one scratch database.
#[derive(Debug)]
pub enum CleanAction {
    /// Dropped.
    Dropped,
    /// Would be dropped without `dry_run`.
    WouldDrop,
    /// Kept: in use, and not forced.
    KeptInUse,
    /// Kept: this process still uses it (never dropped, even when forced).
    KeptOwn,
    /// Dropping it failed.
    Failed(DbError),
}

/// One scratch database and what [`clean_scratch_databases`] did with it.
#[derive(Debug)]
pub struct Cleaned {
    /// The database.
    pub scratch: FoundScratch,
    /// What happened.
    pub action: CleanAction,
}

/// How long [`clean_scratch_databases`] waits before it looks again at databases it
/// would drop because nobody is connected: a creator connects within milliseconds of
/// `CREATE DATABASE`, and names of older strata versions carry no age to tell a new one.
const SECOND_LOOK: Duration = Duration::from_secs(1);

/// Lists every strata scratch database on the server `url` points at and drops those
/// whose owner is gone or that nobody is using (all but this process's own with
/// `force`), unless `dry_run`. Fails only when the server cannot be listed; a database
/// that cannot be dropped is reported in its [`Cleaned`].
pub fn clean_scratch_databases(url: &str, options: CleanOptions) -> Result<Vec<Cleaned>, DbError> {
    let info = parse_url(url)?;
    let mut client = connect::open(&info, &redact(url))?;
    let mut judged: Vec<(FoundScratch, Verdict)> = list(&mut client)?
        .into_iter()
        .map(|scratch| {
            let verdict = verdict(&scratch, options);
            (scratch, verdict)
        })
        .collect();
    let unused = |v: &Verdict| *v == Verdict::DropUnused;
    if !options.dry_run && judged.iter().any(|(_, v)| unused(v)) {
        std::thread::sleep(SECOND_LOOK);
        let still_unused: HashSet<String> = list(&mut client)?
            .into_iter()
            .filter(|s| !s.connected)
            .map(|s| s.name)
            .collect();
        for (scratch, verdict) in &mut judged {
            if unused(verdict) && !still_unused.contains(&scratch.name) {
                *verdict = Verdict::KeepInUse;
            }
        }
    }
    Ok(judged
        .into_iter()
        .map(|(scratch, verdict)| {
            let action = act(&mut client, &scratch.name, verdict, options.dry_run);
            Cleaned { scratch, action }
        })
        .collect())
}

/// What [`clean_scratch_databases`] decided for one database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    KeepOwn,
    KeepInUse,
    /// Nobody is connected: dropped without `FORCE`, so anyone who connected since makes
    /// the server refuse instead of losing their connection.
    DropUnused,
    /// The owner is gone, or `force`: connections are cut.
    DropForced,
}

fn verdict(scratch: &FoundScratch, options: CleanOptions) -> Verdict {
    if scratch.owner == Owner::ThisProcess {
        Verdict::KeepOwn
    } else if scratch.owner == Owner::Gone || options.force {
        Verdict::DropForced
    } else if scratch.in_use() {
        Verdict::KeepInUse
    } else {
        Verdict::DropUnused
    }
}

fn act(client: &mut Client, name: &str, verdict: Verdict, dry_run: bool) -> CleanAction {
    let force = match verdict {
        Verdict::KeepOwn => return CleanAction::KeptOwn,
        Verdict::KeepInUse => return CleanAction::KeptInUse,
        _ if dry_run => return CleanAction::WouldDrop,
        Verdict::DropUnused => false,
        Verdict::DropForced => true,
    };
    match drop_database(client, name, force) {
        Ok(()) => CleanAction::Dropped,
        Err(e) => CleanAction::Failed(e),
    }
}

/// What the cleanup before a new scratch database did, for `-v`.
#[derive(Debug)]
pub enum StaleNote {
    /// A stale scratch database was dropped.
    Dropped(FoundScratch),
    /// A stale scratch database of a role this one cannot act for was left alone.
    NotOurs(FoundScratch),
    /// Dropping a stale scratch database failed.
    NotDropped(FoundScratch, DbError),
    /// The server's scratch databases could not be listed.
    ListFailed(DbError),
}

/// Notes of this process so far, and the names already noted (each is said once).
struct Notes {
    notes: Vec<StaleNote>,
    said: HashSet<String>,
}

static NOTES: Mutex<Option<Notes>> = Mutex::new(None);

/// Takes the notes the cleanups before new scratch databases left since the last call.
/// The command line shows them with `-v`; nothing else reports them, as a leftover that
/// cannot be dropped must not fail the command.
pub fn take_stale_notes() -> Vec<StaleNote> {
    let mut notes = NOTES.lock().unwrap_or_else(|e| e.into_inner());
    notes
        .as_mut()
        .map(|n| std::mem::take(&mut n.notes))
        .unwrap_or_default()
}

fn note(about: Option<&str>, note: StaleNote) {
    let mut notes = NOTES.lock().unwrap_or_else(|e| e.into_inner());
    let notes = notes.get_or_insert_with(|| Notes {
        notes: Vec::new(),
        said: HashSet::new(),
    });
    let first_time = notes.said.insert(about.unwrap_or("").to_string());
    if first_time {
        notes.notes.push(note);
    }
}

/// Drops the stale scratch databases on the server `admin` is connected to (see
/// [`FoundScratch::is_stale`]). Never fails: what went wrong becomes a [`StaleNote`].
pub(crate) fn drop_stale(admin: &mut Client) {
    let found = match list(admin) {
        Ok(found) => found,
        Err(e) => return note(None, StaleNote::ListFailed(e)),
    };
    for scratch in found.into_iter().filter(FoundScratch::is_stale) {
        let name = scratch.name.clone();
        let outcome = if !scratch.droppable {
            StaleNote::NotOurs(scratch)
        } else {
            match drop_database(admin, &name, true) {
                Ok(()) => StaleNote::Dropped(scratch),
                Err(e) => StaleNote::NotDropped(scratch, e),
            }
        };
        note(Some(&name), outcome);
    }
}

fn drop_database(client: &mut Client, name: &str, force: bool) -> Result<(), DbError> {
    let sql = if force {
        drop_sql(name)
    } else {
        format!("DROP DATABASE IF EXISTS {}", quote_ident(name))
    };
    client
        .batch_execute(&sql)
        .map_err(|e| statement_error(&sql, &e))
}

/// One round trip: every scratch database but the one `client` is connected to, whether
/// a backend is connected to it, and whether this role may drop it.
const LIST_SQL: &str = r"SELECT d.datname::text AS name,
       EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
               WHERE a.datname = d.datname) AS connected,
       pg_catalog.pg_has_role(d.datdba, 'USAGE') AS droppable
FROM pg_catalog.pg_database d
WHERE d.datname LIKE 'strata\_scratch\_%'
  AND d.datname <> pg_catalog.current_database()
ORDER BY d.datname";

/// The scratch databases on `client`'s server, judged.
pub(crate) fn list(client: &mut Client) -> Result<Vec<FoundScratch>, DbError> {
    let rows = client
        .query(LIST_SQL, &[])
        .map_err(|e| statement_error(LIST_SQL, &e))?;
    let own = registry::live_scratch_databases();
    let host = host_label();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let found = rows
        .iter()
        .map(|row| {
            let name: String = row.get("name");
            let origin = parse_scratch_name(&name);
            FoundScratch {
                owner: judge(&name, origin.as_ref(), &own, &host, &process_state),
                age: origin
                    .as_ref()
                    .map(|o| now.saturating_sub(Duration::from_secs(o.created))),
                connected: row.get("connected"),
                droppable: row.get("droppable"),
                origin,
                name,
            }
        })
        .collect();
    Ok(found)
}

/// Whose a scratch database is: this process's (in `own`), else a process of this host
/// (labelled `host`) that `probe` finds running or gone, else unknown.
fn judge(
    name: &str,
    origin: Option<&ScratchOrigin>,
    own: &[String],
    host: &str,
    probe: &dyn Fn(u32, u64) -> ProcessState,
) -> Owner {
    if own.iter().any(|n| n == name) {
        return Owner::ThisProcess;
    }
    match origin {
        Some(o) if o.is_host(name, host) => match probe(o.pid, o.created) {
            ProcessState::Running => Owner::Running,
            ProcessState::Gone => Owner::Gone,
            ProcessState::Unknown => Owner::Unknown,
        },
        _ => Owner::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(owner: Owner, connected: bool, age_secs: Option<u64>) -> FoundScratch {
        FoundScratch {
            name: "strata_scratch_h_1_2_0abc0def".into(),
            origin: None,
            age: age_secs.map(Duration::from_secs),
            connected,
            droppable: true,
            owner,
        }
    }

    #[test]
    fn stale_means_owner_gone_or_idle_for_an_hour() {
        assert!(found(Owner::Gone, true, Some(5)).is_stale());
        assert!(found(Owner::Unknown, false, Some(2 * 3600)).is_stale());
        assert!(found(Owner::Running, false, Some(2 * 3600)).is_stale());
        assert!(!found(Owner::Unknown, true, Some(2 * 3600)).is_stale());
        assert!(!found(Owner::Unknown, false, Some(60)).is_stale());
        assert!(!found(Owner::ThisProcess, false, Some(2 * 3600)).is_stale());
        // Old names carry no time; the automatic cleanup leaves them to `strata cleanup`.
        assert!(!found(Owner::Unknown, false, None).is_stale());
    }

    #[test]
    fn in_use_means_connected_or_brand_new() {
        assert!(found(Owner::Unknown, true, Some(3600)).in_use());
        assert!(found(Owner::Unknown, false, Some(10)).in_use());
        assert!(!found(Owner::Unknown, false, Some(120)).in_use());
        assert!(!found(Owner::Unknown, false, None).in_use());
        assert!(found(Owner::ThisProcess, false, Some(120)).in_use());
    }

    #[test]
    fn cleanup_drops_the_gone_and_unused_and_with_force_all_but_its_own() {
        let plain = CleanOptions::default();
        let force = CleanOptions {
            force: true,
            ..plain
        };
        let gone = found(Owner::Gone, true, Some(5));
        let busy = found(Owner::Unknown, true, Some(600));
        let idle = found(Owner::Unknown, false, Some(600));
        let own = found(Owner::ThisProcess, true, Some(5));
        assert_eq!(verdict(&gone, plain), Verdict::DropForced);
        assert_eq!(verdict(&busy, plain), Verdict::KeepInUse);
        assert_eq!(verdict(&idle, plain), Verdict::DropUnused);
        assert_eq!(verdict(&own, plain), Verdict::KeepOwn);
        assert_eq!(verdict(&busy, force), Verdict::DropForced);
        assert_eq!(verdict(&own, force), Verdict::KeepOwn);
    }

    #[test]
    fn owners_are_judged_on_this_host_only() {
        let running = |_: u32, _: u64| ProcessState::Running;
        let gone = |_: u32, _: u64| ProcessState::Gone;
        let name = "strata_scratch_vm_42_1700000000_0abc0def";
        let origin = parse_scratch_name(name).unwrap();
        let own = vec![name.to_string()];
        assert_eq!(
            judge(name, Some(&origin), &own, "vm", &gone),
            Owner::ThisProcess
        );
        assert_eq!(judge(name, Some(&origin), &[], "vm", &gone), Owner::Gone);
        assert_eq!(
            judge(name, Some(&origin), &[], "vm", &running),
            Owner::Running
        );
        assert_eq!(
            judge(name, Some(&origin), &[], "other", &gone),
            Owner::Unknown
        );
        assert_eq!(
            judge("strata_scratch_42_0_0abc0def", None, &[], "vm", &gone),
            Owner::Unknown
        );
    }
}
