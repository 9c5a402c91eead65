//! `postgres://` URLs in libpq's URI syntax, and their redaction for messages.
//!
//! Supported: `postgres[ql]://[user[:password]@][host[:port][,host[:port]...]][/dbname][?key=value&...]`
//! with percent-encoding anywhere, IPv6 hosts in brackets, a Unix socket directory as the
//! host (`%2Fvar%2Frun%2Fpostgresql`) or as `?host=/var/run/postgresql`, and the query keys
//! `host`, `hostaddr`, `port`, `user`, `password`, `dbname`, `sslmode`, `sslrootcert`,
//! `application_name`, `connect_timeout` and `options`. Like libpq, missing parts fall back
//! to `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` and `PGSSLMODE`, then to the
//! Debian socket directory, port 5432, the operating-system user, and a database named like
//! the user.
use std::net::IpAddr;
use std::path::PathBuf;

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A host name or IP address, reached over TCP.
    Tcp(String),
    /// A directory holding the server's Unix socket (`.s.PGSQL.<port>`).
    Socket(PathBuf),
}

/// libpq's `sslmode`. `allow` is read as `prefer`: both accept either kind of session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never use TLS.
    Disable,
    /// Use TLS when the server offers it, without checking its certificate.
    Prefer,
    /// Insist on TLS, without checking the certificate (libpq's behaviour when no root
    /// certificate is configured).
    Require,
    /// Insist on TLS and check that the certificate is signed by a trusted CA.
    VerifyCa,
    /// As `VerifyCa`, and check that the certificate names the host.
    VerifyFull,
}

/// A parsed connection URL. Its `Debug` output never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnInfo {
    /// Hosts to try in order.
    pub hosts: Vec<Host>,
    /// Numeric addresses matching `hosts` (libpq's `hostaddr`); empty when not given.
    pub hostaddrs: Vec<IpAddr>,
    /// Ports matching `hosts` (one port applies to all).
    pub ports: Vec<u16>,
    /// The role to log in as.
    pub user: String,
    /// The password, if any. Never printed.
    pub password: Option<String>,
    /// The database.
    pub dbname: String,
    /// TLS policy.
    pub sslmode: SslMode,
    /// CA certificate file for `verify-ca`/`verify-full`.
    pub sslrootcert: Option<PathBuf>,
    /// `application_name`; strata sets `strata` when the URL does not say.
    pub application_name: Option<String>,
    /// `connect_timeout` in seconds.
    pub connect_timeout: Option<u64>,
    /// Server `options` (`-c search_path=app`).
    pub options: Option<String>,
}

impl std::fmt::Debug for ConnInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnInfo")
            .field("hosts", &self.hosts)
            .field("ports", &self.ports)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("dbname", &self.dbname)
            .field("sslmode", &self.sslmode)
            .finish_non_exhaustive()
    }
}

/// A URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid connection URL {url}: {reason}")]
pub struct UrlError {
    /// The URL, redacted.
    pub url: String,
    /// What is wrong with it.
    pub reason: String,
}

const DEFAULT_PORT: u16 = 5432;
/// Where Debian's libpq looks for the socket; `/tmp` is the upstream default.
const SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

impl ConnInfo {
    /// Parses a `postgres://` or `postgresql://` URL.
    pub fn parse(url: &str) -> Result<ConnInfo, UrlError> {
        parse(url, &|name| std::env::var(name).ok()).map_err(|reason| UrlError {
            url: redact(url),
            reason,
        })
    }

    /// The same server and credentials, another database.
    pub fn with_dbname(&self, dbname: &str) -> ConnInfo {
        ConnInfo {
            dbname: dbname.to_string(),
            ..self.clone()
        }
    }

    /// Where the server is, for messages: `127.0.0.1:5432` or
    /// `socket /var/run/postgresql/.s.PGSQL.5432`; several hosts are joined with `, `.
    pub fn target(&self) -> String {
        let targets: Vec<String> = self
            .hosts
            .iter()
            .enumerate()
            .map(|(i, host)| {
                let port = self.port_for(i);
                match host {
                    Host::Tcp(name) if name.contains(':') => format!("[{name}]:{port}"),
                    Host::Tcp(name) => format!("{name}:{port}"),
                    Host::Socket(dir) => {
                        format!("socket {}", dir.join(format!(".s.PGSQL.{port}")).display())
                    }
                }
            })
            .collect();
        targets.join(", ")
    }

    /// The port used for the `i`th host.
    pub fn port_for(&self, i: usize) -> u16 {
        match self.ports.len() {
            0 => DEFAULT_PORT,
            1 => self.ports[0],
            _ => self.ports.get(i).copied().unwrap_or(DEFAULT_PORT),
        }
    }

    /// A URL without the password, naming this database: used in messages about
    /// databases strata derived from another URL (scratch databases).
    pub fn display_url(&self) -> String {
        let hosts: Vec<String> = self
            .hosts
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match h {
                Host::Tcp(name) if name.contains(':') => {
                    Some(format!("[{name}]:{}", self.port_for(i)))
                }
                Host::Tcp(name) => Some(format!("{name}:{}", self.port_for(i))),
                Host::Socket(_) => None,
            })
            .collect();
        let mut url = format!(
            "postgres://{}@{}/{}",
            encode(&self.user),
            hosts.join(","),
            encode(&self.dbname)
        );
        let sockets: Vec<String> = self
            .hosts
            .iter()
            .filter_map(|h| match h {
                Host::Socket(dir) => Some(encode(&dir.display().to_string())),
                Host::Tcp(_) => None,
            })
            .collect();
        if !sockets.is_empty() {
            url.push_str(&format!("?host={}", sockets.join(",")));
            if hosts.is_empty() {
                url.push_str(&format!("&port={}", self.port_for(0)));
            }
        }
        url
    }
}

/// Removes the password from a connection URL so it can be printed: the `:password` part
/// of the user info and any `password=` query parameter. Works on text that does not
/// parse, too, since it is mostly used to describe URLs that failed; keyword/value strings
/// (`host=x password=y`) get their `password` value masked.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return redact_keyword_value(url);
    };
    let authority = scheme_end + 3;
    let parts = split_uri(&url[authority..]);
    let mut out = url[..authority].to_string();
    if let Some(userinfo) = parts.userinfo {
        out.push_str(userinfo.split(':').next().unwrap_or(""));
        out.push('@');
    }
    out.push_str(parts.hostpath);
    if let Some(query) = parts.query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.to_ascii_lowercase().starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// The three parts of what follows `scheme://`.
struct UriParts<'a> {
    userinfo: Option<&'a str>,
    hostpath: &'a str,
    query: Option<&'a str>,
}

/// Splits `[userinfo@]hosts[/db][?query]`. libpq wants `@`, `/`, `?` percent-encoded in
/// a password, but people paste them raw, and a wrong split could print part of a
/// password, so: the user info ends at the last `@` outside the query, and a `?` only
/// starts the query if the text after it begins like `key=value` (an `@` before the first
/// `=` means the `?` was inside the password).
fn split_uri(rest: &str) -> UriParts<'_> {
    let region_end = match rest.find('?') {
        Some(q) => {
            let after = &rest[q + 1..];
            let first_pair = after.split('&').next().unwrap_or("");
            let password_like = match (first_pair.find('@'), first_pair.find('=')) {
                (Some(at), Some(eq)) => at < eq,
                (Some(_), None) => true,
                _ => false,
            };
            if password_like {
                after.find('=').map_or(rest.len(), |eq| q + 1 + eq)
            } else {
                q
            }
        }
        None => rest.len(),
    };
    let (userinfo, after_user) = match rest[..region_end].rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hostpath, query) = match after_user.find('?') {
        Some(q) => (&after_user[..q], Some(&after_user[q + 1..])),
        None => (after_user, None),
    };
    UriParts {
        userinfo,
        hostpath,
        query,
    }
}

fn redact_keyword_value(text: &str) -> String {
    text.split(' ')
        .map(|word| match word.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => "password=<redacted>",
            _ => word,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The parser proper; `env` stands in for the process environment so tests can pin it.
fn parse(url: &str, env: Env) -> Result<ConnInfo, String> {
    let rest = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
        .ok_or_else(|| "expected a URL starting with postgres:// or postgresql://".to_string())?;
    let UriParts {
        userinfo,
        hostpath,
        query,
    } = split_uri(rest);
    let (hostlist, path) = match hostpath.find('/') {
        Some(i) => (&hostpath[..i], Some(&hostpath[i + 1..])),
        None => (hostpath, None),
    };

    let mut raw = RawParams::default();
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (userinfo, None),
        };
        raw.user = non_empty(decode(user)?);
        raw.password = password.map(decode).transpose()?;
    }
    parse_hostlist(hostlist, &mut raw)?;
    if let Some(path) = path {
        raw.dbname = non_empty(decode(path)?);
    }
    if let Some(query) = query {
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("query parameter `{}` has no value", decode_lossy(pair)))?;
            raw.set(&decode(key)?, decode(value)?)?;
        }
    }
    raw.finish(env)
}

/// Values as they appear in the URL, before defaults are applied.
#[derive(Default)]
struct RawParams {
    hosts: Vec<String>,
    hostaddrs: Vec<IpAddr>,
    ports: Vec<u16>,
    user: Option<String>,
    password: Option<String>,
    dbname: Option<String>,
    sslmode: Option<SslMode>,
    sslrootcert: Option<PathBuf>,
    application_name: Option<String>,
    connect_timeout: Option<u64>,
    options: Option<String>,
}

impl RawParams {
    fn set(&mut self, key: &str, value: String) -> Result<(), String> {
        match key {
            "host" => self.hosts = value.split(',').map(str::to_string).collect(),
            "hostaddr" => {
                self.hostaddrs = value
                    .split(',')
                    .map(|a| {
                        a.parse()
                            .map_err(|_| format!("hostaddr `{a}` is not an IP address"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "port" => self.ports = parse_ports(&value)?,
            "user" => self.user = non_empty(value),
            "password" => self.password = Some(value),
            "dbname" => self.dbname = non_empty(value),
            "sslmode" => self.sslmode = Some(parse_sslmode(&value)?),
            "sslrootcert" => self.sslrootcert = Some(PathBuf::from(value)),
            "application_name" => self.application_name = Some(value),
            "connect_timeout" => {
                let secs = value
                    .parse::<u64>()
                    .map_err(|_| format!("connect_timeout `{value}` is not a number of seconds"))?;
                self.connect_timeout = (secs > 0).then_some(secs);
            }
            "options" => self.options = Some(value),
            other => return Err(format!("unsupported connection parameter `{other}`")),
        }
        Ok(())
    }

    fn finish(self, env: Env) -> Result<ConnInfo, String> {
        let host_names = if self.hosts.is_empty() {
            env("PGHOST")
                .map(|h| h.split(',').map(str::to_string).collect())
                .unwrap_or_default()
        } else {
            self.hosts
        };
        let mut hosts: Vec<Host> = host_names.iter().map(|h| to_host(h)).collect();
        if hosts.is_empty() {
            hosts.push(default_host());
        }
        let ports = if self.ports.is_empty() {
            env("PGPORT")
                .map(|p| parse_ports(&p))
                .transpose()?
                .unwrap_or_default()
        } else {
            self.ports
        };
        if ports.len() > 1 && ports.len() != hosts.len() {
            return Err(format!(
                "{} ports given for {} hosts; give one port, or one per host",
                ports.len(),
                hosts.len()
            ));
        }
        let user = self
            .user
            .or_else(|| env("PGUSER"))
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .unwrap_or_else(|| "postgres".to_string());
        let sslmode = match self.sslmode {
            Some(mode) => mode,
            None => env("PGSSLMODE")
                .map(|m| parse_sslmode(&m))
                .transpose()?
                .unwrap_or(SslMode::Prefer),
        };
        Ok(ConnInfo {
            hosts,
            hostaddrs: self.hostaddrs,
            ports,
            password: self.password.or_else(|| env("PGPASSWORD")),
            dbname: self
                .dbname
                .or_else(|| env("PGDATABASE"))
                .unwrap_or_else(|| user.clone()),
            user,
            sslmode,
            sslrootcert: self.sslrootcert,
            application_name: self.application_name,
            connect_timeout: self.connect_timeout,
            options: self.options,
        })
    }
}

/// `host[:port]` entries separated by commas; IPv6 addresses in brackets.
fn parse_hostlist(list: &str, raw: &mut RawParams) -> Result<(), String> {
    if list.is_empty() {
        return Ok(());
    }
    let mut ports = Vec::new();
    for entry in list.split(',') {
        let (host, port) = if let Some(v6) = entry.strip_prefix('[') {
            let (addr, after) = v6
                .split_once(']')
                .ok_or_else(|| format!("unclosed `[` in host `{entry}`"))?;
            (addr, after.strip_prefix(':'))
        } else {
            match entry.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (entry, None),
            }
        };
        raw.hosts.push(decode(host)?);
        ports.push(match port {
            Some(p) if !p.is_empty() => parse_port(p)?,
            _ => DEFAULT_PORT,
        });
    }
    // One port for every host unless the URL gave them separately.
    if ports.iter().any(|&p| p != DEFAULT_PORT) {
        raw.ports = ports;
    }
    Ok(())
}

fn parse_ports(value: &str) -> Result<Vec<u16>, String> {
    value
        .split(',')
        .map(|p| {
            if p.is_empty() {
                Ok(DEFAULT_PORT)
            } else {
                parse_port(p)
            }
        })
        .collect()
}

fn parse_port(p: &str) -> Result<u16, String> {
    p.parse()
        .map_err(|_| format!("port `{p}` is not a number between 1 and 65535"))
}

fn parse_sslmode(value: &str) -> Result<SslMode, String> {
    Ok(match value {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        other => {
            return Err(format!(
                "sslmode `{other}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
            ));
        }
    })
}

fn to_host(name: &str) -> Host {
    if name.starts_with('/') {
        Host::Socket(PathBuf::from(name))
    } else if name.is_empty() {
        default_host()
    } else {
        Host::Tcp(name.to_string())
    }
}

fn default_host() -> Host {
    SOCKET_DIRS
        .iter()
        .find(|dir| std::path::Path::new(dir).is_dir())
        .map_or_else(
            || Host::Tcp("localhost".to_string()),
            |dir| Host::Socket(PathBuf::from(dir)),
        )
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Percent-decoding. `+` stays a plus sign, as in libpq.
fn decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| "invalid percent-encoding".to_string())?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "percent-encoding does not decode to UTF-8".to_string())
}

fn decode_lossy(s: &str) -> String {
    decode(s).unwrap_or_else(|_| s.to_string())
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn p(url: &str) -> ConnInfo {
        parse(url, &no_env).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    #[test]
    fn full_url() {
        let c = p(
            "postgresql://alice:p%40ss@db.example.com:6543/app?sslmode=require&application_name=x",
        );
        assert_eq!(c.hosts, vec![Host::Tcp("db.example.com".into())]);
        assert_eq!(c.ports, vec![6543]);
        assert_eq!(c.user, "alice");
        assert_eq!(c.password.as_deref(), Some("p@ss"));
        assert_eq!(c.dbname, "app");
        assert_eq!(c.sslmode, SslMode::Require);
        assert_eq!(c.application_name.as_deref(), Some("x"));
        assert_eq!(c.target(), "db.example.com:6543");
    }

    #[test]
    fn socket_directory_as_query_or_encoded_host() {
        let c = p("postgres:///mydb?host=/var/run/postgresql&user=bob&port=5433");
        assert_eq!(c.hosts, vec![Host::Socket("/var/run/postgresql".into())]);
        assert_eq!(c.target(), "socket /var/run/postgresql/.s.PGSQL.5433");
        assert_eq!(c.user, "bob");
        let c = p("postgres://%2Ftmp/mydb");
        assert_eq!(c.hosts, vec![Host::Socket("/tmp".into())]);
    }

    #[test]
    fn defaults_follow_libpq() {
        let c = p("postgres://h");
        assert_eq!(c.port_for(0), 5432);
        assert_eq!(c.sslmode, SslMode::Prefer);
        let env = |k: &str| (k == "PGUSER").then(|| "carol".to_string());
        let c = parse("postgres://h", &env).unwrap();
        assert_eq!((c.user.as_str(), c.dbname.as_str()), ("carol", "carol"));
    }

    #[test]
    fn ipv6_and_multiple_hosts() {
        let c = p("postgres://u@[::1]:5433,other:5434/db");
        assert_eq!(
            c.hosts,
            vec![Host::Tcp("::1".into()), Host::Tcp("other".into())]
        );
        assert_eq!(c.target(), "[::1]:5433, other:5434");
    }

    #[test]
    fn unencoded_at_and_slash_in_password() {
        let c = p("postgres://u:a@b/c@h/db");
        assert_eq!(c.password.as_deref(), Some("a@b/c"));
        assert_eq!(c.hosts, vec![Host::Tcp("h".into())]);
        assert_eq!(c.dbname, "db");
        let c = p("postgres://u:p?w@h/db?user=x@y");
        assert_eq!(c.password.as_deref(), Some("p?w"));
        assert_eq!(c.user, "x@y");
        let c = p("postgres://h:5432/db?user=a@b");
        assert_eq!((c.user.as_str(), c.password.as_deref()), ("a@b", None));
    }

    #[test]
    fn bad_input_is_explained() {
        assert!(
            parse("mysql://x", &no_env)
                .unwrap_err()
                .contains("postgres://")
        );
        assert!(
            parse("postgres://h/db?sslmode=sure", &no_env)
                .unwrap_err()
                .contains("sslmode")
        );
        assert!(
            parse("postgres://h/db?bogus=1", &no_env)
                .unwrap_err()
                .contains("bogus")
        );
        assert!(
            parse("postgres://h:99999/db", &no_env)
                .unwrap_err()
                .contains("99999")
        );
        let e = ConnInfo::parse("postgres://u:hunter2@h:x/db").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn redaction_removes_every_password() {
        assert_eq!(redact("postgres://u:hunter2@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://u:a@b@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://u:pa?ss@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("postgres://u:p?w@h/db?user=x@y"),
            "postgres://u@h/db?user=x@y"
        );
        assert_eq!(
            redact("postgres://h:5432/db?user=a@b"),
            "postgres://h:5432/db?user=a@b"
        );
        assert_eq!(
            redact("postgres://h/db?user=u&password=hunter2&sslmode=disable"),
            "postgres://h/db?user=u&sslmode=disable"
        );
        assert_eq!(redact("postgres://h/db?password=x"), "postgres://h/db");
        assert_eq!(
            redact("host=h password=hunter2"),
            "host=h password=<redacted>"
        );
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn display_url_has_no_password() {
        let c = p("postgres://u:hunter2@h:5433/db");
        assert_eq!(
            c.with_dbname("scratch").display_url(),
            "postgres://u@h:5433/scratch"
        );
        let c = p("postgres:///db?host=/tmp&user=u");
        assert_eq!(c.display_url(), "postgres://u@/db?host=%2Ftmp&port=5432");
    }

    #[test]
    fn debug_hides_password() {
        let c = p("postgres://u:hunter2@h/db");
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
