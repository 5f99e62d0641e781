//! The leaves of Onramp that touch the outside world: reading rule folders, rendering
//! diagnostics and decisions for people. The kernel (`onramp`) stays pure.

pub mod batch;
pub mod caseload;
pub mod coverage;
pub mod diff;
pub mod files;
pub mod gaps;
pub mod generate;
pub mod html;
pub mod render;
pub mod serve;
