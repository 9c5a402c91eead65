//! Turning driver errors into [`DbError`]s that carry what the server said.
use strata_execute::DbError;

/// A failed statement: the server's message with its DETAIL and HINT lines, and the
/// SQLSTATE. Errors that are not from the server (a dropped connection) keep the driver's
/// text.
pub(crate) fn statement_error(sql: &str, err: &postgres::Error) -> DbError {
    let position = err.as_db_error().and_then(|db| match db.position() {
        Some(postgres::error::ErrorPosition::Original(at)) => byte_offset(sql, *at as usize),
        _ => None,
    });
    let (message, code) = match err.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_string();
            if let Some(detail) = db.detail() {
                message.push_str("\nDETAIL: ");
                message.push_str(detail);
            }
            if let Some(hint) = db.hint() {
                message.push_str("\nHINT: ");
                message.push_str(hint);
            }
            (message, Some(db.code().code().to_string()))
        }
        None => (err.to_string(), None),
    };
    DbError::Statement {
        statement: sql.to_string(),
        message,
        code,
        position,
    }
}

/// The byte offset of PostgreSQL's 1-based character position in `sql`.
fn byte_offset(sql: &str, position: usize) -> Option<usize> {
    sql.char_indices()
        .nth(position.checked_sub(1)?)
        .map(|(i, _)| i)
}
