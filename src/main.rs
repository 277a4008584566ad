//! The `sakshya` binary: see `sakshya --help`.

fn main() -> std::process::ExitCode {
    sakshya::cli::main()
}
