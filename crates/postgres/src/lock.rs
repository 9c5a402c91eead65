//! The migration lock: a session-level advisory lock, so it also covers statements that
//! cannot run in a transaction, polled with `pg_try_advisory_lock` so a waiting strata
//! never sits in a lock queue that a `CREATE INDEX CONCURRENTLY` would wait on.
use crate::error::statement_error;
use postgres::{Client, SimpleQueryMessage};
use std::time::{Duration, Instant};
use strata_execute::DbError;

/// How often a waiting process asks again.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// The advisory lock key for `key` in database `database`: FNV-1a over both, so every
/// strata build and platform derives the same number (Rust's own hasher is seeded
/// randomly per process).
pub fn lock_key(database: &str, key: &str) -> i64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for byte in database.bytes().chain([0u8]).chain(key.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Waits up to `timeout` for the lock; the error names whoever holds it.
pub(crate) fn acquire(client: &mut Client, key: &str, timeout: Duration) -> Result<(), DbError> {
    let database = current_database(client)?;
    let k = lock_key(&database, key);
    let deadline = Instant::now() + timeout;
    loop {
        if single_value(
            client,
            &format!("SELECT pg_catalog.pg_try_advisory_lock({k})"),
        )?
        .as_deref()
            == Some("t")
        {
            return Ok(());
        }
        let now = Instant::now();
        if now >= deadline {
            let holder = holder(client, k)?;
            return Err(DbError::Other(format!(
                "timed out after {} waiting for the strata lock \"{key}\" on database \
                 \"{database}\": {holder}",
                seconds(timeout),
            )));
        }
        std::thread::sleep(POLL_INTERVAL.min(deadline - now));
    }
}

/// Releases the lock taken by [`acquire`].
pub(crate) fn release(client: &mut Client, key: &str) -> Result<(), DbError> {
    let database = current_database(client)?;
    let k = lock_key(&database, key);
    match single_value(
        client,
        &format!("SELECT pg_catalog.pg_advisory_unlock({k})"),
    )?
    .as_deref()
    {
        Some("t") => Ok(()),
        _ => Err(DbError::Other(format!(
            "the strata lock \"{key}\" on database \"{database}\" was not held by this session"
        ))),
    }
}

/// Who holds advisory lock `k` in this database. A bigint advisory lock shows up in
/// `pg_locks` as `classid` = high 32 bits, `objid` = low 32 bits, `objsubid` = 1.
fn holder(client: &mut Client, k: i64) -> Result<String, DbError> {
    let bits = u64::from_ne_bytes(k.to_ne_bytes());
    let (high, low) = (bits >> 32, bits & 0xffff_ffff);
    let sql = format!(
        "SELECT a.pid::text || ' (application_name ''' || COALESCE(a.application_name, '')
                || ''', user ' || COALESCE(a.usename::text, '?')
                || ', client ' || COALESCE(pg_catalog.host(a.client_addr), 'local socket')
                || ', connected since ' || COALESCE(a.backend_start::text, '?') || ')'
         FROM pg_catalog.pg_locks l
         JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted
           AND l.database = (SELECT oid FROM pg_catalog.pg_database
                             WHERE datname = pg_catalog.current_database())
           AND l.classid = {high} AND l.objid = {low} AND l.objsubid = 1
         LIMIT 1"
    );
    Ok(match single_value(client, &sql)? {
        Some(who) => format!("it is held by pid {who}"),
        None => "it was held by another session that has just released it; try again".into(),
    })
}

/// Why a plan gave up waiting for a lock: the relation the statement needed (the first
/// qualified name in it, which is the one strata's statements alter), who holds locks on
/// it now, and that nothing was changed. Called after the rollback.
pub(crate) fn timeout_message(
    client: &mut Client,
    statement: &str,
    timeout: Option<Duration>,
) -> String {
    let waited = timeout.map_or_else(String::new, |t| format!(" for more than {}", seconds(t)));
    let Some(relation) = first_relation(statement) else {
        return format!(
            "gave up waiting{waited} for a lock (lock_timeout); the whole plan was rolled back and nothing was changed"
        );
    };
    let holders = lock_holders(client, &relation).unwrap_or_default();
    let held = if holders.is_empty() {
        String::new()
    } else {
        format!(" (held by {})", holders.join("; "))
    };
    format!(
        "gave up waiting{waited} for a lock on {}{held}; another session holds a conflicting lock, so the whole plan was rolled back and nothing was changed",
        strata_catalog::comment_text(&relation)
    )
}

/// [`timeout_message`] for one step of an online plan, after `attempts` tries: only that
/// step's transaction was rolled back (the apply error says which steps stay applied).
pub(crate) fn timeout_message_for(
    client: &mut Client,
    statement: &str,
    timeout: Option<Duration>,
    attempts: u32,
) -> String {
    let waited = timeout.map_or_else(String::new, |t| format!(" for more than {}", seconds(t)));
    let tries = match attempts {
        1 => "once".to_string(),
        n => format!("{n} times"),
    };
    let relation = first_relation(statement);
    let holders = relation
        .as_deref()
        .map(|r| lock_holders(client, r).unwrap_or_default())
        .unwrap_or_default();
    let on = relation.map_or_else(String::new, |r| {
        format!(" on {}", strata_catalog::comment_text(&r))
    });
    let held = if holders.is_empty() {
        String::new()
    } else {
        format!(" (held by {})", holders.join("; "))
    };
    format!(
        "gave up waiting{waited} for a lock{on}{held}, tried {tries}; this step was rolled back"
    )
}

/// The first `"schema"."name"` of a statement strata rendered, as written.
fn first_relation(statement: &str) -> Option<String> {
    let start = statement.find("\".\"")?;
    let open = statement[..start].rfind('"')?;
    let after = start + 3;
    let close = after + closing_quote(&statement[after..])?;
    Some(statement[open..=close].to_string())
}

/// The offset of the quote that ends an identifier (`""` is an escaped quote).
fn closing_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Sessions holding a granted lock on `relation` (quoted, qualified).
fn lock_holders(client: &mut Client, relation: &str) -> Result<Vec<String>, DbError> {
    let sql = "SELECT a.pid::text || ' ' || l.mode || ', ' || COALESCE(a.state, '?')
                      || COALESCE(' since ' || a.state_change::text, '')
                      || COALESCE(', application ' || NULLIF(a.application_name, ''), '')
               FROM pg_catalog.pg_locks l
               JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
               WHERE l.granted AND l.relation = pg_catalog.to_regclass($1)
                 AND a.pid <> pg_catalog.pg_backend_pid()
               ORDER BY a.pid";
    let rows = client
        .query(sql, &[&relation])
        .map_err(|e| statement_error(sql, &e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

fn current_database(client: &mut Client) -> Result<String, DbError> {
    single_value(client, "SELECT pg_catalog.current_database()")?
        .ok_or_else(|| DbError::Other("current_database() returned NULL".into()))
}

/// The first column of the first row, if any.
fn single_value(client: &mut Client, sql: &str) -> Result<Option<String>, DbError> {
    let messages = client
        .simple_query(sql)
        .map_err(|e| statement_error(sql, &e))?;
    Ok(messages.iter().find_map(|m| match m {
        SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
        _ => None,
    }))
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relation_a_statement_alters_is_found() {
        assert_eq!(
            first_relation(r#"ALTER TABLE "public"."we""ird" ADD COLUMN "x" integer"#).as_deref(),
            Some(r#""public"."we""ird""#)
        );
        assert_eq!(
            first_relation(r#"CREATE INDEX "i" ON "app"."t" ("x")"#).as_deref(),
            Some(r#""app"."t""#)
        );
        assert_eq!(first_relation("SELECT 1"), None);
    }

    #[test]
    fn keys_are_stable_and_depend_on_database_and_key() {
        // Pinned: a change here would let old and new strata versions migrate at once.
        assert_eq!(lock_key("app", "strata"), lock_key("app", "strata"));
        assert_eq!(
            lock_key("", ""),
            i64::from_ne_bytes(0xaf63_bd4c_8601_b7df_u64.to_ne_bytes())
        );
        assert_ne!(lock_key("app", "strata"), lock_key("app2", "strata"));
        assert_ne!(lock_key("ab", "c"), lock_key("a", "bc"));
    }
}
