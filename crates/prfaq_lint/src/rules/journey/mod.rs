//! User journey rules (JR5xx).

pub mod journey_step_without_event;
pub mod journey_without_aha;
pub mod missing_journey;

crate::registry::rules! {
    missing_journey::MissingJourney,
    journey_without_aha::JourneyWithoutAha,
    journey_step_without_event::JourneyStepWithoutEvent,
}
