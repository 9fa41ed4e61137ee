//! Where a sign-in comes from, for the connection journal.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontEnd {
    Cli,
    Tui,
}

impl FrontEnd {
    pub fn key(self) -> &'static str {
        match self {
            FrontEnd::Cli => "cli",
            FrontEnd::Tui => "tui",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub front_end: FrontEnd,
    pub os_user: String,
    pub host: String,
    pub terminal: String,
    /// From `SSH_CONNECTION`, when the session came in over ssh.
    pub remote_addr: Option<String>,
}

impl Origin {
    /// Reads the origin of this process: OS user, host, controlling terminal
    /// and ssh peer.
    pub fn of_this_process(front_end: FrontEnd) -> Origin {
        let os_user = ["USER", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(os_user_from_uid);
        Origin {
            front_end,
            os_user,
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            terminal: terminal_name(),
            remote_addr: std::env::var("SSH_CONNECTION")
                .ok()
                .and_then(|v| remote_addr(&v)),
        }
    }
}

/// The name of this process's user from /etc/passwd, else `uid:N`, for
/// services and cron jobs that run without `$USER`.
fn os_user_from_uid() -> String {
    use std::os::unix::fs::MetadataExt;
    let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else {
        return "?".into();
    };
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.get(2).and_then(|f| f.parse::<u32>().ok()) == Some(uid))
        .and_then(|fields| fields.first().map(|name| name.to_string()))
        .unwrap_or_else(|| format!("uid:{uid}"))
}

/// `SSH_CONNECTION` is "client_ip client_port server_ip server_port".
pub fn remote_addr(ssh_connection: &str) -> Option<String> {
    let mut parts = ssh_connection.split_whitespace();
    let ip = parts.next()?;
    let port = parts.next()?;
    Some(format!("{ip}:{port}"))
}

/// The terminal device on standard input (`/dev/pts/3`), or "-" when there
/// is none (a script, a pipe, a service).
fn terminal_name() -> String {
    std::fs::read_link("/proc/self/fd/0")
        .ok()
        .filter(|p| p.starts_with("/dev/pts") || p.starts_with("/dev/tty"))
        .map(|p| p.display().to_string())
        .or_else(|| {
            std::env::var("SSH_TTY")
                .ok()
                .filter(|t| Path::new(t).starts_with("/dev"))
        })
        .unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn remote_addr_from_ssh_connection() {
        assert_eq!(
            super::remote_addr("10.1.2.3 52814 10.1.2.1 22").as_deref(),
            Some("10.1.2.3:52814")
        );
        assert_eq!(super::remote_addr(""), None);
    }
}
