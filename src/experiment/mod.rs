//! Replicates, summaries and comparisons.
