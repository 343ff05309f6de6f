//! Evidence rules (EV7xx): claims backed by what real customers said. They read the
//! evidence the workspace passes in `Config::evidence` and are silent without it.

pub mod ungrounded_customer_quote;

crate::registry::rules! {
    ungrounded_customer_quote::UngroundedCustomerQuote,
}
