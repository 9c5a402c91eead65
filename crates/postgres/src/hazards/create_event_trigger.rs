//! The `create-event-trigger` rule.
use strata_plan::{Axis, Rule};

/// `PG012 create-event-trigger` (compatibility): creates or enables an event trigger.
///
/// An enabled event trigger runs its function on every later DDL command in the whole database, by any role and in any session, future migrations included; a failing or slow function fails or slows them all.
///
/// Instead: create it disabled, check its function against the DDL it will see, then enable it in a later step.
pub static CREATE_EVENT_TRIGGER: Rule = Rule {
    code: "PG012",
    name: "create-event-trigger",
    axis: Axis::Compatibility,
    summary: "creates or enables an event trigger",
    why: "An enabled event trigger runs its function on every later DDL command in the whole database, by any role and in any session, future migrations included; a failing or slow function fails or slows them all.",
    instead: "create it disabled, check its function against the DDL it will see, then enable it in a later step.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    fn trigger(enabled: TriggerState) -> EventTrigger {
        EventTrigger {
            name: "audit_ddl".into(),
            event: EventTriggerEvent::DdlCommandEnd,
            tags: Vec::new(),
            function: q("audit"),
            enabled,
            comment: None,
        }
    }

    #[test]
    fn found_when_an_event_trigger_is_created_or_enabled() {
        let on = trigger(TriggerState::Origin);
        let off = trigger(TriggerState::Disabled);
        assert!(codes(Change::CreateEventTrigger(on.clone())).contains(&"PG012"));
        let enable = Change::AlterEventTriggerEnabled {
            from: off.clone(),
            to: on.clone(),
        };
        assert!(codes(enable).contains(&"PG012"));
    }

    #[test]
    fn absent_when_it_is_created_disabled_disabled_or_dropped() {
        let on = trigger(TriggerState::Origin);
        let off = trigger(TriggerState::Disabled);
        assert!(!codes(Change::CreateEventTrigger(off.clone())).contains(&"PG012"));
        assert!(!codes(Change::DropEventTrigger(on.clone())).contains(&"PG012"));
        let disable = Change::AlterEventTriggerEnabled { from: on, to: off };
        assert!(!codes(disable).contains(&"PG012"));
    }
}
