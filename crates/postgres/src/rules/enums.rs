//! `ALTER TYPE .. ADD VALUE`: labels can be added anywhere, but never removed or moved,
//! and a label added so cannot be used before the transaction commits.
use std::collections::BTreeSet;
use strata_catalog::QualName;
use strata_diff::EnumPosition;
use strata_sqltext::{qualified_names, quote_literal};

/// The labels to add, with positions, when `new` keeps every label of `old` in the same
/// order; `None` when a label is removed or the order changes.
///
/// Each new label is placed before the next old label that follows it, or at the end, so
/// only labels that already exist are referenced and adding in `new`'s order reproduces it.
pub(crate) fn additions(old: &[String], new: &[String]) -> Option<Vec<(String, EnumPosition)>> {
    let old_set: BTreeSet<&String> = old.iter().collect();
    let kept: Vec<&String> = new.iter().filter(|l| old_set.contains(l)).collect();
    if kept.len() != old.len() || kept.iter().zip(old).any(|(a, b)| *a != b) {
        return None;
    }
    let mut added = Vec::new();
    for (i, label) in new.iter().enumerate() {
        if old_set.contains(label) {
            continue;
        }
        let position = match new[i + 1..].iter().find(|l| old_set.contains(l)) {
            Some(next) => EnumPosition::Before(next.clone()),
            None => EnumPosition::Last,
        };
        added.push((label.clone(), position));
    }
    Some(added)
}

/// Whether `text` holds the literal `'label'::type` (or `::type[]`), the way the server
/// renders a label in a default, check, index predicate, view or policy.
pub(crate) fn uses_label(text: &str, name: &QualName, label: &str) -> bool {
    let literal = format!("{}::", quote_literal(label));
    text.match_indices(&literal).any(|(i, _)| {
        let rest = &text[i + literal.len()..];
        let end = rest.find([' ', ',', ')', ';', '\n']).unwrap_or(rest.len());
        qualified_names(&rest[..end]).first() == Some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &[&str]) -> Vec<String> {
        s.iter().map(|l| l.to_string()).collect()
    }

    /// Applies additions the way PostgreSQL would, to check the final order.
    fn apply(old: &[String], adds: &[(String, EnumPosition)]) -> Vec<String> {
        let mut out = old.to_vec();
        for (label, pos) in adds {
            let at = match pos {
                EnumPosition::Last => out.len(),
                EnumPosition::Before(l) => out.iter().position(|x| x == l).unwrap(),
                EnumPosition::After(l) => out.iter().position(|x| x == l).unwrap() + 1,
            };
            out.insert(at, label.clone());
        }
        out
    }

    #[test]
    fn additions_reproduce_the_new_order() {
        let old = labels(&["a", "b"]);
        for new in [
            labels(&["a", "b", "c"]),
            labels(&["x", "a", "b"]),
            labels(&["a", "x", "y", "b", "z", "w"]),
        ] {
            let adds = additions(&old, &new).unwrap();
            assert_eq!(apply(&old, &adds), new);
        }
    }

    #[test]
    fn removal_or_reorder_needs_replacement() {
        let old = labels(&["a", "b", "c"]);
        assert_eq!(additions(&old, &labels(&["a", "c"])), None);
        assert_eq!(additions(&old, &labels(&["b", "a", "c"])), None);
    }

    #[test]
    fn a_label_is_used_as_a_cast_literal() {
        let mood = QualName::new("public", "mood");
        assert!(uses_label("'ok'::public.mood", &mood, "ok"));
        assert!(uses_label("ARRAY['ok'::public.mood[]]", &mood, "ok"));
        assert!(!uses_label("'ok'::text", &mood, "ok"));
        assert!(!uses_label("'sad'::public.mood", &mood, "ok"));
    }
}
