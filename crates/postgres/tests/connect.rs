//! Connecting: URL forms, TLS, and one clear, distinguishable message per failure.
use strata_execute::{Database, DbError};
use strata_postgres::PgDatabase;
use strata_testkit::{TestDb, TestRole, require_server, with_dbname, with_user};

fn connect_error(url: &str) -> String {
    match PgDatabase::connect(url) {
        Ok(_) => panic!("connecting to {url} should fail"),
        Err(e @ DbError::Connect { .. }) => {
            eprintln!("{e}");
            e.to_string()
        }
        Err(other) => panic!("expected DbError::Connect, got {other:?}"),
    }
}

fn one_value(db: &mut PgDatabase, sql: &str) -> String {
    db.query(sql).unwrap()[0][0].clone().unwrap_or_default()
}

#[test]
fn unreachable_server_names_host_and_port() {
    let msg = connect_error("postgres://postgres:hunter2@127.0.0.1:1/postgres");
    assert!(msg.contains("server unreachable"), "{msg}");
    assert!(msg.contains("127.0.0.1:1"), "{msg}");
    assert!(!msg.contains("hunter2"), "password printed: {msg}");
    assert!(!msg.contains('\n'), "one paragraph: {msg}");
}

#[test]
fn unreachable_socket_names_the_socket() {
    let dir = std::env::temp_dir().join("strata-no-server-here");
    let msg = connect_error(&format!(
        "postgres:///postgres?host={}&port=5999",
        dir.display()
    ));
    assert!(msg.contains("server unreachable"), "{msg}");
    assert!(msg.contains(".s.PGSQL.5999"), "{msg}");
}

#[test]
fn missing_database_is_named() {
    let msg = connect_error(&with_dbname(&require_server(), "strata_no_such_db"));
    assert!(msg.contains("database does not exist"), "{msg}");
    assert!(msg.contains("\"strata_no_such_db\""), "{msg}");
}

#[test]
fn unknown_role_is_an_authentication_failure() {
    let msg = connect_error(&with_user(&require_server(), "strata_no_such_role"));
    assert!(msg.contains("authentication failed"), "{msg}");
    assert!(msg.contains("strata_no_such_role"), "{msg}");
}

#[test]
fn role_without_login_is_an_authentication_failure() {
    let role = TestRole::new("NOLOGIN");
    let msg = connect_error(&role.url());
    assert!(msg.contains("authentication failed"), "{msg}");
    assert!(msg.contains("not permitted to log in"), "{msg}");
}

#[test]
fn missing_connect_privilege_is_permission_denied() {
    let db = TestDb::new();
    let role = TestRole::new("LOGIN");
    db.batch(&format!(
        "REVOKE CONNECT ON DATABASE \"{}\" FROM PUBLIC",
        db.name()
    ));
    let msg = connect_error(&with_user(db.url(), role.name()));
    assert!(msg.contains("permission denied"), "{msg}");
    assert!(msg.contains(db.name()), "{msg}");
}

// The test server trusts loopback TCP (pg_hba `trust`), so a wrong password cannot be
// produced here; the SQLSTATE mapping for it is unit-tested in src/connect.rs. What can be
// checked: a password in the URL never reaches describe() or errors.
#[test]
fn passwords_never_appear_in_descriptions() {
    let url =
        with_user(&require_server(), "postgres").replacen("postgres@", "postgres:hunter2@", 1);
    let db = PgDatabase::connect(&url).unwrap();
    assert!(!db.describe().contains("hunter2"), "{}", db.describe());
    assert!(!format!("{db:?}").contains("hunter2"));
    let bad = format!("{url}?sslmode=sometimes");
    let msg = connect_error(&bad);
    assert!(msg.contains("sslmode"), "{msg}");
    assert!(!msg.contains("hunter2"), "{msg}");
}

#[test]
fn sessions_are_named_strata() {
    let mut db = PgDatabase::connect(&require_server()).unwrap();
    assert_eq!(one_value(&mut db, "SHOW application_name"), "strata");
}

#[test]
fn unix_socket_urls_connect() {
    // Debian's socket directory on the machine running the tests.
    require_server();
    let url = "postgres:///postgres?host=/var/run/postgresql&user=postgres";
    let mut db = PgDatabase::connect(url).unwrap();
    assert_eq!(
        one_value(
            &mut db,
            "SELECT COALESCE(host(inet_client_addr()), 'socket')"
        ),
        "socket"
    );
    let mut db =
        PgDatabase::connect("postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/postgres").unwrap();
    assert_eq!(one_value(&mut db, "SELECT current_database()"), "postgres");
}

fn uses_tls(db: &mut PgDatabase) -> String {
    one_value(
        db,
        "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
}

#[test]
fn sslmode_require_encrypts_and_disable_does_not() {
    let base = require_server();
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut tls = PgDatabase::connect(&format!("{base}{sep}sslmode=require")).unwrap();
    assert_eq!(uses_tls(&mut tls), "true");
    let mut plain = PgDatabase::connect(&format!("{base}{sep}sslmode=disable")).unwrap();
    assert_eq!(uses_tls(&mut plain), "false");
}

#[test]
fn verify_full_rejects_an_untrusted_certificate() {
    // Debian's server uses a self-signed "snakeoil" certificate, which no CA vouches for.
    let base = require_server();
    let sep = if base.contains('?') { '&' } else { '?' };
    let msg = connect_error(&format!("{base}{sep}sslmode=verify-full"));
    assert!(msg.contains("TLS failed"), "{msg}");
}
