//! User journey rules (JR5xx).

pub mod journey_without_aha;
pub mod missing_journey;
