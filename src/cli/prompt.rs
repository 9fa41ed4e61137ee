//! Reading passwords: never echoed, never taken from the command line.

use crate::domain::Msg;
use std::io::BufRead;

/// The first line of standard input, without its line ending.
pub fn password_from_stdin() -> Result<String, Msg> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Msg::new("error.stdin").arg("detail", e))?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(Msg::new("error.stdin_empty"));
    }
    Ok(password.to_string())
}

/// One password from the terminal, with `prompt`; `no_terminal` is what to
/// say when there is none, naming what the command accepts instead.
pub fn password_once(prompt: &str, no_terminal: &Msg) -> Result<String, Msg> {
    rpassword::prompt_password(prompt).map_err(|_| no_terminal.clone())
}

/// A new password, typed twice (`init`, `user add`, `user passwd`: without
/// a terminal they take it from standard input with `--password-stdin`).
pub fn new_password_twice(first: &str, again: &str) -> Result<String, Msg> {
    let no_terminal = Msg::new("error.no_terminal_new_password");
    let password = password_once(first, &no_terminal)?;
    let confirmed = password_once(again, &no_terminal)?;
    if password != confirmed {
        return Err(Msg::new("error.passwords_differ"));
    }
    Ok(password)
}
