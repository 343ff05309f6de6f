//! User journey rules (JR5xx).

crate::registry::rules! {
    missing_journey::MissingJourney,
    journey_without_aha::JourneyWithoutAha,
    journey_step_without_event::JourneyStepWithoutEvent,
}
