//! psql meta-commands (`\restrict`, `\connect`, ...): lines psql runs itself, which the
//! server never sees. A few only change how psql prints or are pg_dump's bookkeeping and
//! are skipped; the rest would act outside the SQL (open files, run programs, connect to
//! other databases) and are refused.
use super::lex::Outline;
use super::position::Lines;
use strata_execute::{Action, Refusal, Screened};

/// Meta-commands that change nothing on the server.
const HARMLESS: &[&str] = &[
    "restrict",
    "unrestrict",
    "set",
    "unset",
    "echo",
    "encoding",
    "pset",
    "timing",
];

/// The file with every meta-command replaced by spaces (offsets and lines unchanged),
/// and a skipped statement for each, keyed by offset. Refuses the first meta-command
/// that is not harmless.
pub(super) fn blank_out(
    text: &str,
    outline: &Outline,
    lines: &Lines,
) -> Result<(String, Vec<(usize, Screened)>), Refusal> {
    let mut bytes = text.as_bytes().to_vec();
    let mut skipped = Vec::new();
    for range in &outline.meta {
        let command = text[range.clone()].trim_end();
        let line = lines.line(range.start);
        let reason = judge(command).map_err(|message| Refusal {
            line,
            message,
            hint: Some(hint()),
        })?;
        skipped.push((
            range.start,
            Screened {
                line,
                text: command.to_string(),
                action: Action::Skip(reason),
                note: None,
            },
        ));
        bytes[range.clone()].fill(b' ');
    }
    // Only whole lines of ASCII and of complete characters were replaced by spaces.
    let blanked = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    Ok((blanked, skipped))
}

/// Why a meta-command line is skipped, or why it is refused.
fn judge(command: &str) -> Result<String, String> {
    let name = command[1..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if !HARMLESS.contains(&name) {
        return Err(format!(
            "psql meta-command \\{name} is not allowed in a schema file"
        ));
    }
    // psql runs several meta-commands from one line (`\set x 1 \\ \! ls`).
    if command[1..].contains('\\') {
        return Err(format!(
            "psql meta-command \\{name} is followed by another meta-command on its line, \
             which is not allowed in a schema file"
        ));
    }
    Ok(format!(
        "psql meta-command \\{name}: only psql runs it, the server never sees it"
    ))
}

fn hint() -> String {
    "psql meta-commands act outside SQL (files, programs, connections); a schema file may \
     only hold SQL that defines schema objects"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmless_commands_are_skipped_and_others_refused() {
        assert!(judge("\\restrict abc123").is_ok());
        assert!(judge("\\set ON_ERROR_STOP on").is_ok());
        assert_eq!(
            judge("\\connect other").unwrap_err(),
            "psql meta-command \\connect is not allowed in a schema file"
        );
        assert!(judge("\\! rm -rf /").is_err());
        assert!(judge("\\copy t from 'x'").is_err());
        assert!(judge("\\set x 1 \\\\ \\! ls").is_err());
    }
}
