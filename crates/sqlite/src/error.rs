//! Turning rusqlite errors and values into strata's types.

use rusqlite::types::Value;
use strata_execute::DbError;

/// A failed statement, with SQLite's extended result code.
pub(crate) fn sql_error(statement: &str, err: rusqlite::Error) -> DbError {
    let code = match &err {
        rusqlite::Error::SqliteFailure(e, _) | rusqlite::Error::SqlInputError { error: e, .. } => {
            Some(e.extended_code.to_string())
        }
        _ => None,
    };
    // SQLite points at the token it could not parse, counted in the text it was given.
    let position = match &err {
        rusqlite::Error::SqlInputError { sql, offset, .. } => usize::try_from(*offset)
            .ok()
            .and_then(|at| statement.find(sql.as_str()).map(|start| start + at)),
        _ => None,
    };
    DbError::Statement {
        statement: statement.to_string(),
        message: message(&err),
        code,
        position,
    }
}

/// SQLite's own message when there is one, without rusqlite's wrapping.
pub(crate) fn message(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

/// True when SQLite gave up waiting for another connection's lock.
pub(crate) fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// A value as text; blobs as lower-case hex. `None` for NULL.
pub(crate) fn value_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) => Some(s),
        Value::Blob(b) => Some(b.iter().map(|byte| format!("{byte:02x}")).collect()),
    }
}
