//! The full-screen dashboard (`guichet` with no subcommand) arrives with
//! issue 5; it will call the same services as the CLI.
