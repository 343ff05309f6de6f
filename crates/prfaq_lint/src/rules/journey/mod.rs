//! User journey rules (JR5xx).

crate::registry::rules! {
    missing_journey::MissingJourney,
    journey_without_aha::JourneyWithoutAha,
}
