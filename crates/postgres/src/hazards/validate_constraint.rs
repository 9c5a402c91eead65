//! The `validate-constraint` rule.
use strata_plan::{Axis, Rule};

/// `PG031 validate-constraint` (duration): validates a constraint added NOT VALID, in a transaction of its own.
///
/// VALIDATE CONSTRAINT reads every row of the table, but under SHARE UPDATE EXCLUSIVE: reads and writes continue while it runs (PG006 does not apply). It still fails when existing rows violate the constraint, and the constraint added NOT VALID stays, enforced for new rows.
///
/// Instead: fix the rows that violate the constraint before applying; a failed validation can simply be applied again once they are fixed.
pub static VALIDATE_CONSTRAINT: Rule = Rule {
    code: "PG031",
    name: "validate-constraint",
    axis: Axis::Duration,
    summary: "validates a constraint added NOT VALID, in a transaction of its own",
    why: "VALIDATE CONSTRAINT reads every row of the table, but under SHARE UPDATE EXCLUSIVE: reads and writes continue while it runs (PG006 does not apply). It still fails when existing rows violate the constraint, and the constraint added NOT VALID stays, enforced for new rows.",
    instead: "fix the rows that violate the constraint before applying; a failed validation can simply be applied again once they are fixed.",
};
