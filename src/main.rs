//! The `zonesim` binary: parses arguments, calls the library, maps errors to
//! exit codes (see `cli.rs`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
