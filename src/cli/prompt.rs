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

/// One password from the terminal, with `prompt`.
pub fn password_once(prompt: &str) -> Result<String, Msg> {
    rpassword::prompt_password(prompt).map_err(|_| Msg::new("error.no_terminal"))
}

/// A new password, typed twice.
pub fn new_password_twice(first: &str, again: &str) -> Result<String, Msg> {
    let password = password_once(first)?;
    let confirmed = password_once(again)?;
    if password != confirmed {
        return Err(Msg::new("error.passwords_differ"));
    }
    Ok(password)
}
