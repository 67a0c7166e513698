//! zonesim: an agent-based simulator of industrial development zones (开发区).
//!
//! A scenario file describes zones, sectors, the initial firms and workforce,
//! the government and every policy lever; [`scenario::Scenario::load`] turns it
//! into a checked scenario, [`engine::Simulation`] runs one replicate, and
//! [`experiment`] runs replicates in parallel and summarises them. Only
//! [`output`] writes files. See ARCHITECTURE.md for the map.

// Struct-of-arrays code indexes several columns with one index; iterator
// chains over zipped columns would read worse.
#![allow(clippy::needless_range_loop)]

pub mod engine;
pub mod experiment;
pub mod model;
pub mod output;
pub mod scenario;
