//! Screening schema files before they are loaded: schema files are data, so only
//! statements that define schema objects reach the server.
//!
//! Placeholder: every statement is loaded as written, except transaction control, which
//! the loader has no use for. Replaced by a parser-based screen.
use crate::database::{TxControl, transaction_control};
use strata_execute::{Action, LoadRules, Refusal, Screened};

/// Splits `text` into statements and decides what happens to each.
pub(crate) fn screen(text: &str, _rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
    let mut out = Vec::new();
    for s in strata_sqltext::split(text) {
        let action = match transaction_control(&s.text) {
            Some(TxControl::Harmless) => Action::Skip("transaction control".into()),
            Some(TxControl::Refused) => {
                return Err(Refusal {
                    line: s.line,
                    message: "transaction control is not allowed in a schema file".into(),
                    hint: None,
                });
            }
            None => Action::Load,
        };
        out.push(Screened {
            line: s.line,
            text: s.text,
            action,
        });
    }
    Ok(out)
}
