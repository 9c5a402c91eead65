//! Time, identity and fresh ids, computed here rather than by the database so the history
//! rows look the same on every engine and in `--sql` scripts.
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wall clock as time since the Unix epoch.
pub fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// `2026-11-22T01:15:00.123Z`.
pub fn rfc3339(t: Duration) -> String {
    strata::timestamp_text(UNIX_EPOCH + t)
}

/// Reads an [`rfc3339`] time back (`2026-11-22T01:15:00.123Z`).
pub fn parse_rfc3339(text: &str) -> Option<Duration> {
    let (date, rest) = text.split_once('T')?;
    let (clock, millis) = rest.strip_suffix('Z')?.split_once('.')?;
    let stamp = format!("{}T{}", date.replace('-', ""), clock.replace(':', ""));
    let millis: u64 = millis.parse().ok()?;
    Some(parse_file_stamp(&stamp)? + Duration::from_millis(millis))
}

/// `20261122T011500`: sorts like the time it names, for revision file names.
pub fn file_stamp(t: Duration) -> String {
    let (y, mo, d, h, mi, s) = strata::civil(t.as_secs());
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}")
}

/// Reads a [`file_stamp`] back into time since the epoch.
pub fn parse_file_stamp(stamp: &str) -> Option<Duration> {
    let num = |r: std::ops::Range<usize>| stamp.get(r)?.parse::<i64>().ok();
    if stamp.len() != 15 || stamp.as_bytes()[8] != b'T' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s) = (num(9..11)?, num(11..13)?, num(13..15)?);
    // Inverse of `civil`: days from a civil date over 400-year eras.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s;
    u64::try_from(secs).ok().map(Duration::from_secs)
}

/// `user@host` for the history table's `applied_by`.
pub fn who() -> String {
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into());
    format!("{user}@{host}")
}

/// A new 12-hex-digit revision id. Hashing the time, the process and a counter is enough:
/// ids only need to differ between people creating revisions, and collisions are caught
/// as duplicate ids when the folder is read.
pub fn new_id(salt: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = Sha256::new();
    h.update(now().as_nanos().to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(salt.as_bytes());
    hex::encode(h.finalize())[..12].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339(Duration::ZERO), "1970-01-01T00:00:00.000Z");
        let t = Duration::from_millis(1_795_224_900_123);
        assert_eq!(rfc3339(t), "2026-11-21T01:35:00.123Z");
        assert_eq!(file_stamp(t), "20261121T013500");
        // A leap day.
        assert_eq!(
            rfc3339(Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn file_stamps_read_back() {
        for secs in [0, 951_782_400, 1_795_224_900, 4_102_444_799] {
            let t = Duration::from_secs(secs);
            assert_eq!(parse_file_stamp(&file_stamp(t)), Some(t));
        }
        assert_eq!(parse_file_stamp("2026-11-21"), None);
    }

    #[test]
    fn ids_are_fresh_and_valid() {
        let a = new_id("x");
        let b = new_id("x");
        assert_ne!(a, b);
        assert_eq!(a.len(), 12);
        assert!(crate::file::valid_id(&a));
    }
}
