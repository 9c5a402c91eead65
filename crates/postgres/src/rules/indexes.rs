//! Indexes on partitioned tables. Introspection stores an index as the server renders it
//! (`pg_get_indexdef`): `CREATE [UNIQUE] INDEX name ON [ONLY] table USING method (...)`.
use strata_catalog::Index;

/// The same index whether or not it covers the partitions (`ON ONLY`).
pub(crate) fn same_partitioned(a: &Index, b: &Index) -> bool {
    without_only(&a.definition) == without_only(&b.definition)
}

/// The same method, keys and predicate: what an attached index shares with its parent.
pub(crate) fn same_shape(a: &Index, b: &Index) -> bool {
    body(&a.definition) == body(&b.definition)
}

/// The index created `ON ONLY` its table.
pub(crate) fn on_parent_only(index: &Index) -> Index {
    Index {
        definition: with_only(&index.definition),
        ..index.clone()
    }
}

fn without_only(definition: &str) -> String {
    definition.replacen(" ON ONLY ", " ON ", 1)
}

/// `CREATE [UNIQUE] INDEX name ON ONLY table ..`: the index covers no partition until
/// their indexes are attached. The first ` ON ` after the (maybe quoted) name is the one.
fn with_only(definition: &str) -> String {
    if definition.contains(" ON ONLY ") {
        return definition.to_string();
    }
    let name_start = definition
        .find(" INDEX ")
        .map_or(0, |i| i + " INDEX ".len());
    let rest = &definition[name_start..];
    let name_len = if let Some(quoted) = rest.strip_prefix('"') {
        // A doubled quote is part of the name; the first single one ends it.
        let mut chars = quoted.char_indices().peekable();
        let mut end = quoted.len();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                } else {
                    end = i + 1;
                    break;
                }
            }
        }
        end + 1
    } else {
        rest.find(' ').unwrap_or(rest.len())
    };
    let at = name_start + name_len;
    match definition[at..].strip_prefix(" ON ") {
        Some(tail) => format!("{} ON ONLY {tail}", &definition[..at]),
        None => definition.to_string(),
    }
}

/// An index definition without `CREATE [UNIQUE] INDEX name ON [ONLY] table`: the part
/// from ` USING ` on, which an attached index shares with its parent.
fn body(definition: &str) -> &str {
    definition
        .find(" USING ")
        .map_or(definition, |i| &definition[i..])
}

#[cfg(test)]
mod tests {
    use super::with_only;

    #[test]
    fn only_goes_after_the_index_name() {
        assert_eq!(
            with_only("CREATE INDEX i ON public.t USING btree (a)"),
            "CREATE INDEX i ON ONLY public.t USING btree (a)"
        );
        assert_eq!(
            with_only(r#"CREATE UNIQUE INDEX "a "" ON b" ON public.t USING btree (a)"#),
            r#"CREATE UNIQUE INDEX "a "" ON b" ON ONLY public.t USING btree (a)"#
        );
        let only = "CREATE INDEX i ON ONLY public.t USING btree (a)";
        assert_eq!(with_only(only), only);
    }
}
