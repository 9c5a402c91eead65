//! Is the process that created a scratch database still running? Answered from Linux's
//! `/proc` (the workspace forbids `unsafe`, so no `kill(pid, 0)`); elsewhere the answer
//! is "cannot tell".
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

/// A process's start time may look up to this many seconds later than the creation time
/// of a database it made: the boot time `/proc/stat` reports is whole seconds and moves
/// with clock adjustments. Calling a live owner's pid reused would drop its database, so
/// err on the side of "running".
const START_SLACK_SECS: f64 = 5.0;

/// What this machine can tell about a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessState {
    /// Running, and started before the database was created.
    Running,
    /// No such process, a zombie, or one that started after the database was created
    /// (the pid was reused).
    Gone,
    /// This system cannot say (no `/proc`, or `/proc` hides other users' processes).
    Unknown,
}

/// The state of process `pid`, judged for a database it created at `created` (Unix
/// seconds).
pub(crate) fn process_state(pid: u32, created: u64) -> ProcessState {
    if pid == std::process::id() {
        return ProcessState::Running;
    }
    let proc = Path::new("/proc");
    // With `hidepid`, other users' processes (pid 1 among them) are invisible, so a
    // missing pid proves nothing.
    if !proc.join("self/stat").exists() || !proc.join("1").exists() {
        return ProcessState::Unknown;
    }
    let stat = match fs::read_to_string(proc.join(pid.to_string()).join("stat")) {
        Ok(stat) => stat,
        Err(e) if e.kind() == ErrorKind::NotFound => return ProcessState::Gone,
        // There, but not readable: it exists.
        Err(_) => return ProcessState::Running,
    };
    let Some((state, start_ticks)) = parse_stat(&stat) else {
        return ProcessState::Running;
    };
    if matches!(state, 'Z' | 'X') {
        return ProcessState::Gone;
    }
    match boot_time() {
        Some(boot) if started_after(boot, start_ticks, ticks_per_second(), created) => {
            ProcessState::Gone
        }
        _ => ProcessState::Running,
    }
}

/// True when a process that started `start_ticks` after a boot at `boot` (Unix seconds)
/// started after `created`: then it cannot have created the database.
fn started_after(boot: u64, start_ticks: u64, ticks_per_second: u64, created: u64) -> bool {
    let started = boot as f64 + start_ticks as f64 / ticks_per_second as f64;
    started > created as f64 + START_SLACK_SECS
}

/// The state letter (field 3) and start time in clock ticks since boot (field 22) of a
/// `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and may hold
/// spaces and parentheses itself, so fields are counted after its last `)`.
fn parse_stat(stat: &str) -> Option<(char, u64)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    let state = fields.next()?.chars().next()?;
    // Field 3 was `state`; field 22 is 19 further on.
    let start = fields.nth(18)?.parse().ok()?;
    Some((state, start))
}

/// The boot time in Unix seconds: the `btime` line of `/proc/stat`.
fn boot_time() -> Option<u64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    parse_btime(&stat)
}

fn parse_btime(stat: &str) -> Option<u64> {
    stat.lines()
        .find_map(|line| line.strip_prefix("btime "))
        .and_then(|value| value.trim().parse().ok())
}

/// Clock ticks per second (`sysconf(_SC_CLK_TCK)`), read without `unsafe` from the
/// `AT_CLKTCK` entry of this process's auxiliary vector; 100, Linux's value nearly
/// everywhere, when that cannot be read.
fn ticks_per_second() -> u64 {
    fs::read("/proc/self/auxv")
        .ok()
        .and_then(|auxv| auxv_value(&auxv, AT_CLKTCK))
        .filter(|&ticks| ticks > 0)
        .unwrap_or(100)
}

/// `AT_CLKTCK` in `<elf.h>`.
const AT_CLKTCK: u64 = 17;

/// The value of `key` in an auxiliary vector: native-endian (key, value) pairs of words,
/// ending at key 0.
fn auxv_value(auxv: &[u8], key: u64) -> Option<u64> {
    const WORD: usize = size_of::<usize>();
    let word = |bytes: &[u8]| -> u64 {
        let mut buf = [0u8; WORD];
        buf.copy_from_slice(bytes);
        usize::from_ne_bytes(buf) as u64
    };
    auxv.chunks_exact(2 * WORD)
        .map(|pair| (word(&pair[..WORD]), word(&pair[WORD..])))
        .take_while(|&(k, _)| k != 0)
        .find_map(|(k, value)| (k == key).then_some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{SystemTime, UNIX_EPOCH};

    fn now() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    #[test]
    fn stat_fields_are_counted_after_the_command_name() {
        let stat = "4242 (a (weird) name) S 1 4242 4242 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 \
                    1 0 987654 12345678 100 18446744073709551615";
        assert_eq!(parse_stat(stat), Some(('S', 987654)));
        assert_eq!(parse_stat("4242 (short) Z 1"), None);
        assert_eq!(parse_stat("no parentheses"), None);
    }

    #[test]
    fn boot_time_is_the_btime_line() {
        assert_eq!(
            parse_btime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_btime("cpu 1 2 3\n"), None);
    }

    #[test]
    fn a_process_that_started_after_the_database_did_not_make_it() {
        // Booted at 1000 s, process started 50 s later (100 ticks/s).
        assert!(started_after(1000, 5000, 100, 1040));
        assert!(!started_after(1000, 5000, 100, 1050));
        // Within the slack, it could be the owner.
        assert!(!started_after(1000, 5000, 100, 1046));
    }

    #[test]
    fn auxv_entries_are_read_up_to_the_end_marker() {
        let words: Vec<usize> = vec![6, 4096, 17, 250, 0, 0, 17, 1];
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
        assert_eq!(auxv_value(&bytes, AT_CLKTCK), Some(250));
        assert_eq!(
            auxv_value(&bytes[..2 * size_of::<usize>()], AT_CLKTCK),
            None
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_system_knows_running_and_gone_processes() {
        let auxv = fs::read("/proc/self/auxv").unwrap();
        assert!(
            auxv_value(&auxv, AT_CLKTCK).is_some(),
            "AT_CLKTCK is readable"
        );
        assert_eq!(
            process_state(std::process::id(), now()),
            ProcessState::Running
        );
        // The parent (cargo) started before now, so it could own a database made now...
        let parent = std::os::unix::process::parent_id();
        assert_eq!(process_state(parent, now()), ProcessState::Running);
        // ...but not one made before it started: its pid would have been reused.
        assert_eq!(process_state(parent, 1_000_000), ProcessState::Gone);
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert_eq!(process_state(pid, now()), ProcessState::Gone);
    }
}
