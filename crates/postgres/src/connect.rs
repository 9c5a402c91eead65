//! Opening connections: driver configuration, TLS, and connection errors a user can act on.
use crate::url::{ConnInfo, Host, SslMode};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};
use postgres_openssl::MakeTlsConnector;
use std::time::Duration;
use strata_execute::DbError;

/// Used when the URL gives no `connect_timeout`, so an unreachable host fails instead of
/// hanging on a dropped SYN.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The settings every strata session runs with, whatever the role, database or server
/// configure: the SQL strata renders, and the text it reads back, assume
/// standard-conforming strings. Set after connecting rather than as a startup option,
/// which connection poolers may reject.
pub(crate) const SESSION_SETTINGS: &str = "SET standard_conforming_strings = on";

/// Why a connection failed, one kind per fix the user has to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectFailure {
    /// Nothing answered at the address (refused, timed out, unknown host, no socket).
    Unreachable,
    /// The server refused the login: wrong password, unknown role, no `pg_hba.conf` entry.
    Authentication,
    /// The database does not exist.
    NoDatabase,
    /// The role may not connect to that database.
    PermissionDenied,
    /// TLS could not be set up as `sslmode` demands.
    Tls,
    /// Anything else (too many connections, server starting up, ...).
    Other,
}

/// Opens a driver connection as `info` describes. `target` is the redacted URL named in
/// errors.
///
/// The driver's own `connect_timeout` only bounds the TCP connect; a server that accepts
/// the connection and then never answers would hang the handshake for ever. So the whole
/// connect runs on a helper thread and is given up after the timeout (the thread is left
/// to finish or fail on its own; it holds nothing strata needs).
pub(crate) fn open(info: &ConnInfo, target: &str) -> Result<Client, DbError> {
    let timeout = connect_timeout(info);
    let (tx, rx) = std::sync::mpsc::channel();
    let attempt = info.clone();
    std::thread::spawn(move || {
        let _ = tx.send(connect_once(&attempt));
    });
    let connected = match rx.recv_timeout(timeout + HANDSHAKE_GRACE) {
        Ok(result) => result,
        Err(_) => {
            return Err(DbError::Connect {
                target: target.to_string(),
                message: format!(
                    "no answer from the server at {} within {}s (connect_timeout): it accepted the connection but did not reply; is that a PostgreSQL server, and is it overloaded?",
                    info.target(),
                    timeout.as_secs_f64()
                ),
            });
        }
    };
    let mut client = connected.map_err(|e| DbError::Connect {
        target: target.to_string(),
        message: e,
    })?;
    client
        .batch_execute(SESSION_SETTINGS)
        .map_err(|e| crate::error::statement_error(SESSION_SETTINGS, &e))?;
    Ok(client)
}

/// A little over the TCP timeout, so the driver's own error wins when it has one.
const HANDSHAKE_GRACE: Duration = Duration::from_millis(500);

fn connect_timeout(info: &ConnInfo) -> Duration {
    info.connect_timeout
        .map_or(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs)
}

/// One connection attempt; the error is the paragraph the user sees.
fn connect_once(info: &ConnInfo) -> Result<Client, String> {
    let config = driver_config(info);
    let result = if uses_tls(info) {
        let tls = tls_connector(info)?;
        config.connect(tls)
    } else {
        config.connect(NoTls)
    };
    result.map_err(|e| explain(info, &e).1)
}

fn driver_config(info: &ConnInfo) -> Config {
    let mut config = Config::new();
    for host in &info.hosts {
        match host {
            Host::Tcp(name) => config.host(name),
            Host::Socket(dir) => config.host_path(dir),
        };
    }
    for addr in &info.hostaddrs {
        config.hostaddr(*addr);
    }
    for i in 0..info.hosts.len() {
        config.port(info.port_for(i));
    }
    config.user(&info.user);
    if let Some(password) = &info.password {
        config.password(password);
    }
    config.dbname(&info.dbname);
    config.application_name(info.application_name.as_deref().unwrap_or("strata"));
    if let Some(options) = &info.options {
        config.options(options);
    }
    config.connect_timeout(connect_timeout(info));
    config.ssl_mode(match info.sslmode {
        _ if !uses_tls(info) => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        _ => postgres::config::SslMode::Require,
    });
    config
}

/// libpq never negotiates TLS over a Unix socket, whatever `sslmode` says.
fn uses_tls(info: &ConnInfo) -> bool {
    info.sslmode != SslMode::Disable && info.hosts.iter().all(|h| matches!(h, Host::Tcp(_)))
}

/// `prefer`/`require` encrypt without checking the certificate, as libpq does when no
/// root certificate is configured; `verify-ca` checks the chain, `verify-full` the host
/// name too.
fn tls_connector(info: &ConnInfo) -> Result<MakeTlsConnector, String> {
    let tls_error = |e: openssl::error::ErrorStack| format!("cannot set up TLS: {e}");
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(tls_error)?;
    let verify = matches!(info.sslmode, SslMode::VerifyCa | SslMode::VerifyFull);
    if verify {
        builder.set_verify(SslVerifyMode::PEER);
        match &info.sslrootcert {
            Some(path) => builder
                .set_ca_file(path)
                .map_err(|e| format!("cannot read sslrootcert {}: {e}", path.display()))?,
            None => builder.set_default_verify_paths().map_err(tls_error)?,
        }
    } else {
        builder.set_verify(SslVerifyMode::NONE);
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    let check_host = info.sslmode == SslMode::VerifyFull;
    connector.set_callback(move |config, _domain| {
        config.set_verify_hostname(check_host);
        Ok(())
    });
    Ok(connector)
}

/// Sorts a driver error into a [`ConnectFailure`] and writes the one paragraph the user
/// sees. Never includes the password.
pub(crate) fn explain(info: &ConnInfo, err: &postgres::Error) -> (ConnectFailure, String) {
    let target = info.target();
    if let Some(db) = err.as_db_error() {
        let server = db.message();
        return classify_server_error(info, db.code(), server);
    }
    let text = with_causes(err);
    if text.contains("password missing") {
        return (
            ConnectFailure::Authentication,
            format!(
                "authentication failed: the server at {target} asked for a password for user \
                 \"{}\" and none was given; put it in the URL or in PGPASSWORD",
                info.user
            ),
        );
    }
    if let Some(io) = io_cause(err) {
        let socket_hint = if target.starts_with("socket") {
            "Is PostgreSQL running, and is that its socket directory?"
        } else {
            "Is PostgreSQL running there and accepting TCP connections (listen_addresses, port)?"
        };
        return (
            ConnectFailure::Unreachable,
            format!("server unreachable: could not connect to {target} ({io}). {socket_hint}"),
        );
    }
    if text.contains("TLS") || text.contains("tls") || text.contains("SSL") {
        return (
            ConnectFailure::Tls,
            format!(
                "TLS failed with {target} ({text}); sslmode={} needs a server with TLS enabled{}",
                sslmode_name(info.sslmode),
                if matches!(info.sslmode, SslMode::VerifyCa | SslMode::VerifyFull) {
                    " and a certificate signed by a trusted CA (set sslrootcert)"
                } else {
                    ""
                }
            ),
        );
    }
    (
        ConnectFailure::Other,
        format!("could not connect to {target}: {text}"),
    )
}

/// The server's FATAL at login, by SQLSTATE.
pub(crate) fn classify_server_error(
    info: &ConnInfo,
    code: &SqlState,
    server: &str,
) -> (ConnectFailure, String) {
    let target = info.target();
    let user = &info.user;
    let db = &info.dbname;
    if *code == SqlState::INVALID_PASSWORD {
        (
            ConnectFailure::Authentication,
            format!(
                "authentication failed: the server at {target} rejected the password for user \
                 \"{user}\"; check the password in the URL or PGPASSWORD"
            ),
        )
    } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
        (
            ConnectFailure::Authentication,
            format!(
                "authentication failed: the server at {target} refused user \"{user}\" for \
                 database \"{db}\" ({server}); check the role name, its LOGIN attribute and \
                 the server's pg_hba.conf"
            ),
        )
    } else if *code == SqlState::INVALID_CATALOG_NAME {
        (
            ConnectFailure::NoDatabase,
            format!(
                "database does not exist: there is no database \"{db}\" on {target}; create it \
                 (createdb {db}) or fix the database name in the URL"
            ),
        )
    } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        (
            ConnectFailure::PermissionDenied,
            format!(
                "permission denied: user \"{user}\" may not connect to database \"{db}\" on \
                 {target} ({server}); GRANT CONNECT ON DATABASE to the role, or use another role"
            ),
        )
    } else {
        (
            ConnectFailure::Other,
            format!(
                "could not connect to {target}: {server} (SQLSTATE {})",
                code.code()
            ),
        )
    }
}

/// The error and its causes, `outer: inner: innermost`.
fn with_causes(err: &postgres::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        let part = e.to_string();
        if !part.is_empty() && !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = e.source();
    }
    text
}

fn io_cause(err: &postgres::Error) -> Option<&std::io::Error> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = e.source();
    }
    None
}

fn sslmode_name(mode: SslMode) -> &'static str {
    match mode {
        SslMode::Disable => "disable",
        SslMode::Prefer => "prefer",
        SslMode::Require => "require",
        SslMode::VerifyCa => "verify-ca",
        SslMode::VerifyFull => "verify-full",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> ConnInfo {
        ConnInfo::parse("postgres://app:hunter2@db.internal:5432/shop").unwrap()
    }

    // Login failures the local trust-auth server cannot produce, checked by SQLSTATE.
    #[test]
    fn wrong_password_is_an_authentication_failure_without_the_password() {
        let (kind, msg) = classify_server_error(
            &info(),
            &SqlState::INVALID_PASSWORD,
            "password authentication failed for user \"app\"",
        );
        assert_eq!(kind, ConnectFailure::Authentication);
        assert!(
            msg.contains("rejected the password for user \"app\""),
            "{msg}"
        );
        assert!(msg.contains("db.internal:5432"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");
    }

    #[test]
    fn unknown_role_is_an_authentication_failure() {
        let (kind, _) = classify_server_error(
            &info(),
            &SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
            "role \"app\" does not exist",
        );
        assert_eq!(kind, ConnectFailure::Authentication);
    }
}
