//! Screening schema files before they are loaded: schema files are data, so only
//! statements that define schema objects are run.
//!
//! Placeholder: every statement is loaded as written. Replaced by a screen that knows
//! SQLite's statement kinds.
use strata_execute::{Action, LoadRules, Refusal, Screened};

/// Splits `text` into statements and decides what happens to each.
pub(crate) fn screen(text: &str, _rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
    Ok(strata_sqltext::split(text)
        .into_iter()
        .map(|s| Screened {
            line: s.line,
            text: s.text,
            action: Action::Load,
        })
        .collect())
}
