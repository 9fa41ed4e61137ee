#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    guichet::cli::main()
}
