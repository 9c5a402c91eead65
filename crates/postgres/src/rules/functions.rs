use strata_catalog::Function;

/// CREATE OR REPLACE FUNCTION cannot change the result type, the kind, or parameter names
/// and defaults; the first line of `pg_get_functiondef` holds the full parameter list.
pub(crate) fn can_replace(a: &Function, b: &Function) -> bool {
    a.returns == b.returns && a.procedure == b.procedure && header(a) == header(b)
}

fn header(f: &Function) -> &str {
    f.definition.trim_start().lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::can_replace;
    use strata_catalog::{Function, QualName};

    fn function(args: &str, returns: &str, body: &str) -> Function {
        Function {
            name: QualName::new("public", "f"),
            identity_args: String::new(),
            procedure: false,
            returns: returns.into(),
            definition: format!(
                "CREATE OR REPLACE FUNCTION public.f({args})\n RETURNS {returns}\n LANGUAGE sql\nAS $function${body}$function$\n"
            ),
            comment: None,
            input_types: Vec::new(),
        }
    }

    #[test]
    fn replaces_unless_the_result_or_parameters_change() {
        let a = function("x integer", "integer", "SELECT 1");
        assert!(can_replace(
            &a,
            &function("x integer", "integer", "SELECT 2")
        ));
        assert!(!can_replace(
            &a,
            &function("x integer", "bigint", "SELECT 1")
        ));
        assert!(!can_replace(
            &a,
            &function("y integer", "integer", "SELECT 1")
        ));
        assert!(!can_replace(
            &a,
            &function("x integer DEFAULT 1", "integer", "SELECT 1")
        ));
    }
}
