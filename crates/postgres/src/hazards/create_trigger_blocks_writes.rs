//! The `create-trigger-blocks-writes` rule.
use strata_plan::{Axis, Rule};

/// `PG007 create-trigger-blocks-writes` (lock): creates a trigger.
///
/// CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock: writes to the table wait, briefly, and queue behind any long query already running.
///
/// Instead: run the step at a quiet time with a short lock_timeout, and retry when it times out.
pub static CREATE_TRIGGER_BLOCKS_WRITES: Rule = Rule {
    code: "PG007",
    name: "create-trigger-blocks-writes",
    axis: Axis::Lock,
    summary: "creates a trigger",
    why: "CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock: writes to the table wait, briefly, and queue behind any long query already running.",
    instead: "run the step at a quiet time with a short lock_timeout, and retry when it times out.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_a_trigger_is_created() {
        let trigger = Trigger {
            table: q("users"),
            name: "touch".into(),
            definition: "CREATE TRIGGER touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
            enabled: strata_catalog::TriggerState::Origin,
            comment: None,
        };
        assert!(codes(Change::CreateTrigger(trigger.clone())).contains(&"PG007"));
        assert!(!codes(Change::DropTrigger(trigger)).contains(&"PG007"));
    }
}
