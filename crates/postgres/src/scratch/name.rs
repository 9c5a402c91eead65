//! Scratch database names: `strata_scratch_<host>_<pid>_<created unix seconds>_<random>`,
//! so a later run, on any machine, can tell who made a leftover and when.
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// What every scratch database name starts with (old names too).
pub const SCRATCH_PREFIX: &str = "strata_scratch_";

/// PostgreSQL's limit on identifiers, in bytes (NAMEDATALEN - 1).
const MAX_NAME: usize = 63;

/// Who created a scratch database, and when, as its name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScratchOrigin {
    /// The creator's host name as [`host_label`] writes it, possibly cut short.
    pub host: String,
    /// The creator's process id.
    pub pid: u32,
    /// When it was created, in seconds since the Unix epoch (the creator's clock).
    pub created: u64,
}

impl ScratchOrigin {
    /// True when the name was made on the host labelled `host` (a [`host_label`]). A
    /// name that is the full 63 bytes may carry a cut host label, which then only has
    /// to be where `host` starts.
    pub fn is_host(&self, name: &str, host: &str) -> bool {
        self.host == host || (name.len() == MAX_NAME && host.starts_with(&self.host))
    }
}

/// A new name for this process, on this host, now.
pub(crate) fn scratch_name() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    scratch_name_for(&host_label(), std::process::id(), now.as_secs())
}

/// A new name as the process `pid` on the host labelled `host` (a [`host_label`]) would
/// have made it at `created` (Unix seconds): for tests and tools that need leftovers.
pub fn scratch_name_for(host: &str, pid: u32, created: u64) -> String {
    format_name(host, pid, created, random())
}

/// `strata_scratch_<host>_<pid>_<created>_<random>`, with `host` (already a label) cut so
/// the name fits in 63 bytes.
pub(crate) fn format_name(host: &str, pid: u32, created: u64, random: u32) -> String {
    let tail = format!("_{pid}_{created}_{random:08x}");
    let room = MAX_NAME - SCRATCH_PREFIX.len() - tail.len();
    // Labels are ASCII, so any byte count is a character boundary.
    let host = &host[..host.len().min(room)];
    format!("{SCRATCH_PREFIX}{host}{tail}")
}

/// Reads host, pid and creation time back from a scratch database name. `None` for
/// anything else, including the old `strata_scratch_<pid>_<n>_<random>` names, which say
/// nothing about the host or the time.
pub fn parse_scratch_name(name: &str) -> Option<ScratchOrigin> {
    let rest = name.strip_prefix(SCRATCH_PREFIX)?;
    // The host may contain `_`, so read the three fixed fields from the right.
    let mut fields = rest.rsplitn(4, '_');
    let random = fields.next()?;
    let created = fields.next()?;
    let pid = fields.next()?;
    let host = fields.next()?;
    let is_hex = random.len() == 8 && random.bytes().all(|b| b.is_ascii_hexdigit());
    if !is_hex || host.is_empty() || !all_digits(created) || !all_digits(pid) {
        return None;
    }
    Some(ScratchOrigin {
        host: host.to_string(),
        pid: pid.parse().ok()?,
        created: created.parse().ok()?,
    })
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// This machine's name as it appears in scratch database names: see [`to_label`].
pub fn host_label() -> String {
    to_label(&hostname())
}

/// A host name as it appears in scratch database names: lower case, every character
/// but ASCII letters and digits turned into `_` (so names need no quoting and bytes are
/// characters), `unknown` when empty.
pub(crate) fn to_label(hostname: &str) -> String {
    let label: String = hostname
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if label.is_empty() {
        "unknown".to_string()
    } else {
        label
    }
}

/// The kernel's host name where there is one, else what the environment says.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default()
}

fn random() -> u32 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // RandomState is seeded from the OS, which is all the randomness a name needs.
    RandomState::new().hash_one((nanos, n)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_name_this_process() {
        let a = scratch_name();
        let b = scratch_name();
        assert_ne!(a, b);
        let origin = parse_scratch_name(&a).expect("parses");
        assert_eq!(origin.pid, std::process::id());
        assert!(origin.is_host(&a, &host_label()), "{a}");
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        assert!(now.as_secs().abs_diff(origin.created) < 60, "{a}");
        assert!(a.len() <= MAX_NAME, "{a}");
    }

    #[test]
    fn a_long_hostname_is_cut_so_the_name_fits() {
        let host = to_label(&"Very-Long.Host".repeat(15)[..200]);
        assert_eq!(host.len(), 200);
        let name = format_name(&host, u32::MAX, 99_999_999_999, 0xdead_beef);
        assert_eq!(name.len(), MAX_NAME, "{name}");
        let origin = parse_scratch_name(&name).expect("parses");
        assert!(host.starts_with(&origin.host), "{name}");
        assert_eq!(origin.pid, u32::MAX);
        assert_eq!(origin.created, 99_999_999_999);
        assert!(origin.is_host(&name, &host));
        assert!(!origin.is_host(&name, "another_host"));
    }

    #[test]
    fn parse_reads_back_what_format_wrote() {
        let name = format_name("build_01_example_com", 4242, 1_700_000_000, 0x0abc_0def);
        assert_eq!(
            name,
            "strata_scratch_build_01_example_com_4242_1700000000_0abc0def"
        );
        assert_eq!(
            parse_scratch_name(&name),
            Some(ScratchOrigin {
                host: "build_01_example_com".into(),
                pid: 4242,
                created: 1_700_000_000,
            })
        );
        // A short label is compared whole: another host that starts the same is another.
        let origin = parse_scratch_name(&name).unwrap();
        assert!(!origin.is_host(&name, "build_01_example_com_2"));
    }

    #[test]
    fn old_and_foreign_names_parse_to_none() {
        for name in [
            "strata_scratch_12345_0_0abc0def",
            "strata_scratch_12345_0",
            "strata_scratch_",
            "strata_scratch__1_2_0abc0def",
            "strata_scratch_host_x_1700000000_0abc0def",
            "strata_scratch_host_1_1700000000_nothex00",
            "strata_test_host_1_1700000000_0abc0def",
            "app",
        ] {
            assert_eq!(parse_scratch_name(name), None, "{name}");
        }
    }

    #[test]
    fn labels_are_lower_case_letters_digits_and_underscores() {
        assert_eq!(to_label("Build-01.Example.COM\n"), "build_01_example_com");
        assert_eq!(to_label("hôte"), "h_te");
        assert_eq!(to_label(""), "unknown");
    }
}
