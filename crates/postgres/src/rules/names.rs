//! Names the server picks when it makes an object on its own.
use strata_catalog::{Constraint, ConstraintKind, QualName};

/// A detached partition keeps copies of its parent's constraints: checks and foreign keys
/// under the parent's names, keys under the names of the partition's own indexes, which
/// the server named after the partition (`part_pkey`, `part_a_b_key`).
pub(crate) fn detached_constraint(partition: &QualName, c: &Constraint) -> String {
    match c.kind {
        ConstraintKind::PrimaryKey => format!("{}_pkey", partition.name),
        ConstraintKind::Unique => format!("{}_{}_key", partition.name, c.columns.join("_")),
        _ => c.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::detached_constraint;
    use strata_catalog::{Constraint, ConstraintKind, QualName};

    fn key(name: &str, kind: ConstraintKind) -> Constraint {
        Constraint {
            name: name.into(),
            kind,
            definition: String::new(),
            columns: vec!["a".into(), "b".into()],
            references: None,
            comment: None,
            only: false,
            attached_to: None,
        }
    }

    #[test]
    fn keys_take_the_partition_name_and_checks_keep_theirs() {
        let part = QualName::new("public", "m_1");
        assert_eq!(
            detached_constraint(&part, &key("m_pkey", ConstraintKind::PrimaryKey)),
            "m_1_pkey"
        );
        assert_eq!(
            detached_constraint(&part, &key("m_a_b_key", ConstraintKind::Unique)),
            "m_1_a_b_key"
        );
        assert_eq!(
            detached_constraint(&part, &key("m_check", ConstraintKind::Check)),
            "m_check"
        );
    }
}
