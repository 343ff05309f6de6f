//! The rules, their registry, diagnostics and configuration.
