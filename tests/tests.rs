//! Integration tests, one binary with a module per concern (as ripgrep's
//! tests/tests.rs). Scenarios are the small fixtures in tests/fixtures so the
//! whole suite stays fast.

mod util;

mod accounting;
mod bad_input;
mod behaviour;
mod charts;
mod cli;
mod determinism;
mod docs;
mod emergent;
mod experiments;
mod report;
