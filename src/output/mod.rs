//! Files: CSV, charts, manifest.
