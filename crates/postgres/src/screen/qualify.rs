//! Qualifying functions and operators in an expression with `pg_catalog`, so that
//! evaluating it while the schema loads can only run built-in code.
//!
//! Two places need it. Partition bounds are evaluated when the partition is made, so every
//! call in them is qualified ([`qualify`]). Index expressions and predicates, validated
//! CHECK constraints, generation and `USING` expressions are planned while the DDL runs,
//! and planning folds calls whose arguments are all constants: `f(1)` runs, `f(col)` does
//! not. There only the parts without a column reference are qualified ([`qualify_foldable`]),
//! so functions of columns keep working.
use super::kinds::{Refused, kind_name};
use pg_query::Node;
use pg_query::NodeEnum as N;
use pg_query::protobuf::AExprKind;

/// Qualifies every function and operator in `node`; `Ok(true)` when anything changed.
/// Refuses expressions it cannot see through, since it could not vouch for them.
pub(super) fn qualify(node: &mut Node, context: &str) -> Result<bool, Refused> {
    let Some(inner) = node.node.as_mut() else {
        return Ok(false);
    };
    let changed = match inner {
        N::FuncCall(f) if f.over.is_some() => {
            return Err(unsupported("a window function", context));
        }
        N::FuncCall(f) => pin(&mut f.funcname, context)?,
        N::AExpr(a) => match a.kind() {
            AExprKind::AexprOp | AExprKind::AexprOpAny | AExprKind::AexprOpAll => {
                pin(&mut a.name, context)?
            }
            // IN, LIKE, BETWEEN, DISTINCT, NULLIF: the operators PostgreSQL picks for them
            // cannot be pinned in the text, but no operator of a schema file can run the
            // schema's code: their functions are pinned (see `implicit::operator`).
            _ => false,
        },
        _ => false,
    };
    let mut changed = changed;
    let Some(kids) = children(inner) else {
        return Err(unknown(inner, context));
    };
    for child in kids {
        changed |= qualify(child, context)?;
    }
    Ok(changed)
}

/// Qualifies the parts of `node` that mention no column: the ones planning can fold.
pub(super) fn qualify_foldable(node: &mut Node, context: &str) -> Result<bool, Refused> {
    if !mentions_column(node, context)? {
        return qualify(node, context);
    }
    let Some(inner) = node.node.as_mut() else {
        return Ok(false);
    };
    let mut changed = false;
    let Some(kids) = children(inner) else {
        return Err(unknown(inner, context));
    };
    for child in kids {
        changed |= qualify_foldable(child, context)?;
    }
    Ok(changed)
}

fn mentions_column(node: &mut Node, context: &str) -> Result<bool, Refused> {
    let Some(inner) = node.node.as_mut() else {
        return Ok(false);
    };
    if matches!(inner, N::ColumnRef(_)) {
        return Ok(true);
    }
    let Some(kids) = children(inner) else {
        return Err(unknown(inner, context));
    };
    for child in kids {
        if mentions_column(child, context)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The sub-expressions of an expression node; `None` for node kinds this module does not
/// know (and so cannot vouch for).
fn children(node: &mut N) -> Option<Vec<&mut Node>> {
    let out: Vec<&mut Node> = match node {
        N::AConst(_)
        | N::ColumnRef(_)
        | N::ParamRef(_)
        | N::SqlvalueFunction(_)
        | N::String(_)
        | N::AStar(_) => Vec::new(),
        N::FuncCall(f) => f
            .args
            .iter_mut()
            .chain(f.agg_order.iter_mut())
            .chain(f.agg_filter.as_deref_mut())
            .collect(),
        N::AExpr(a) => a
            .lexpr
            .as_deref_mut()
            .into_iter()
            .chain(a.rexpr.as_deref_mut())
            .collect(),
        N::TypeCast(t) => t.arg.as_deref_mut().into_iter().collect(),
        N::CollateClause(c) => c.arg.as_deref_mut().into_iter().collect(),
        N::NamedArgExpr(n) => n.arg.as_deref_mut().into_iter().collect(),
        N::NullTest(n) => n.arg.as_deref_mut().into_iter().collect(),
        N::BooleanTest(b) => b.arg.as_deref_mut().into_iter().collect(),
        N::SortBy(s) => s.node.as_deref_mut().into_iter().collect(),
        N::BoolExpr(b) => b.args.iter_mut().collect(),
        N::CoalesceExpr(c) => c.args.iter_mut().collect(),
        N::MinMaxExpr(m) => m.args.iter_mut().collect(),
        N::RowExpr(r) => r.args.iter_mut().collect(),
        N::AArrayExpr(a) => a.elements.iter_mut().collect(),
        N::List(l) => l.items.iter_mut().collect(),
        N::AIndirection(a) => a
            .arg
            .as_deref_mut()
            .into_iter()
            .chain(a.indirection.iter_mut())
            .collect(),
        N::AIndices(i) => i
            .lidx
            .as_deref_mut()
            .into_iter()
            .chain(i.uidx.as_deref_mut())
            .collect(),
        N::CaseExpr(c) => c
            .arg
            .as_deref_mut()
            .into_iter()
            .chain(c.args.iter_mut())
            .chain(c.defresult.as_deref_mut())
            .collect(),
        N::CaseWhen(w) => w
            .expr
            .as_deref_mut()
            .into_iter()
            .chain(w.result.as_deref_mut())
            .collect(),
        _ => return None,
    };
    Some(out)
}

/// `f` and `public.f` become `pg_catalog.f`. `Ok(true)`: the name changed.
/// Pins a function or operator name to `pg_catalog`: `f` becomes `pg_catalog.f`, so only a
/// built-in can answer to it. A name qualified with another schema is refused: it can only
/// mean a function of the schema.
pub(super) fn pin(names: &mut Vec<Node>, context: &str) -> Result<bool, Refused> {
    let schema = match names.as_slice() {
        [
            Node {
                node: Some(N::String(s)),
            },
            _,
        ] => Some(s.sval.as_str()),
        _ => None,
    };
    match schema {
        Some("pg_catalog") => return Ok(false),
        Some(_) => {
            return Err(Refused::new(
                format!(
                    "{context} uses {}, which would run while the schema loads",
                    super::text::dotted(names)
                ),
                format!(
                    "PostgreSQL evaluates {context} by itself, also while the schema loads, so                      strata allows only built-in (pg_catalog) functions and operators there;                      make the object in a versioned revision (`strata revision --empty`),                      which runs as code on the target"
                ),
            ));
        }
        None => {}
    }
    let last = names.pop();
    names.clear();
    names.push(Node {
        node: Some(N::String(pg_query::protobuf::String {
            sval: "pg_catalog".into(),
        })),
    });
    names.extend(last);
    Ok(true)
}

fn unknown(node: &N, context: &str) -> Refused {
    match node {
        N::SubLink(_) => unsupported("a subquery", context),
        other => unsupported(&kind_name(other), context),
    }
}

fn unsupported(what: &str, context: &str) -> Refused {
    Refused::new(
        format!("{context} uses {what}, which strata cannot check"),
        format!(
            "PostgreSQL evaluates {context} while the schema loads, so strata only allows \
             constants, casts and built-in functions and operators there"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expression `sql` after qualifying (all of it, or only its foldable parts).
    fn qualified(sql: &str, foldable: bool) -> String {
        let parsed = pg_query::parse(&format!("SELECT {sql}"), 0).unwrap();
        let mut node = parsed.protobuf.stmts[0].stmt.clone().unwrap().node.unwrap();
        let N::SelectStmt(select) = &mut node else {
            unreachable!()
        };
        let Some(N::ResTarget(target)) = select.target_list[0].node.as_mut() else {
            unreachable!()
        };
        let expr = target.val.as_deref_mut().unwrap();
        let result = if foldable {
            qualify_foldable(expr, "this expression")
        } else {
            qualify(expr, "this expression")
        };
        match result {
            Ok(_) => node.deparse(Default::default()).unwrap(),
            Err(e) => e.message,
        }
    }

    #[test]
    fn every_call_is_qualified() {
        assert_eq!(
            qualified("f(g(1), pg_catalog.h()) + 1", false),
            "SELECT pg_catalog.f(pg_catalog.g(1), pg_catalog.h()) OPERATOR(pg_catalog.+) 1"
        );
        // A function of another schema can only be the schema's own: refused, not pinned.
        assert_eq!(
            qualified("f(public.h())", false),
            "this expression uses public.h, which would run while the schema loads"
        );
        assert_eq!(
            qualified("(SELECT 1)", false),
            "this expression uses a subquery, which strata cannot check"
        );
    }

    #[test]
    fn only_column_free_parts_are_qualified_when_folding() {
        assert_eq!(
            qualified("lower(name) = f(1) || 'x'", true),
            "SELECT lower(name) = pg_catalog.f(1) OPERATOR(pg_catalog.||) 'x'"
        );
        assert_eq!(qualified("price > 0", true), "SELECT price > 0");
        assert_eq!(
            qualified("CASE WHEN a THEN boom() END", true),
            "SELECT CASE WHEN a THEN pg_catalog.boom() END"
        );
    }
}
