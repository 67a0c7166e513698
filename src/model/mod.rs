//! What the simulation is about, as plain data: firms and workers (struct
//! of arrays), zones and their governments, the policy levers, and the
//! metric catalogue. The rules that move this state live in `engine`.

pub mod firms;
pub mod levers;
pub mod metrics;
pub mod zone;

pub use firms::{FirmRow, Firms, Workers};
pub use levers::{Lever, Mode, N_LEVERS};
pub use metrics::{METRICS, Metric, MetricInfo, N_METRICS, Tally, Values, catalogue_markdown};
pub use zone::{Policy, ZoneState};
