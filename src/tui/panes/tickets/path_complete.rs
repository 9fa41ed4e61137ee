//! Tab completion of file names in the attach form: the longest common
//! beginning of the names that match, and the names when several do. Only
//! what could be attached is offered: files inside the import folders
//! (`attachments.import_dirs`), and the folders on the way to them; never
//! a link to a file (attaching refuses those), nor what lies elsewhere.

use crate::store::host_files;
use std::path::{Path, PathBuf};

/// At most this many directory entries are read for one Tab, so that a
/// huge directory cannot freeze the screen.
const MAX_ENTRIES: usize = 5_000;
/// At most this many candidates are listed.
pub const MAX_SHOWN: usize = 40;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The text of the field after the Tab.
    pub text: String,
    /// The matching names when more than one matched (directories end in
    /// `/`), sorted.
    pub candidates: Vec<String>,
}

/// Completes the last component of `input`; `~/` stands for the home
/// directory (kept as typed in the field). `allowed` are the import
/// folders with their links resolved.
pub fn complete(input: &str, allowed: &[PathBuf]) -> Completion {
    let (dir_part, prefix) = match input.rfind('/') {
        Some(i) => (&input[..=i], &input[i + 1..]),
        None => ("", input),
    };
    let mut names = matching(&expand_home(dir_part), prefix, allowed);
    names.sort();
    match names.as_slice() {
        [] => Completion {
            text: input.to_string(),
            candidates: Vec::new(),
        },
        [only] => Completion {
            text: format!("{dir_part}{only}"),
            candidates: Vec::new(),
        },
        several => {
            let common = common_prefix(several);
            let text = format!("{dir_part}{}", common.trim_end_matches('/'));
            Completion {
                text: if text.len() < input.len() {
                    input.to_string()
                } else {
                    text
                },
                candidates: several.iter().take(MAX_SHOWN).cloned().collect(),
            }
        }
    }
}

/// The path as the service should read it: `~/x` → `$HOME/x`.
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ if path.is_empty() => PathBuf::from("."),
        _ => PathBuf::from(path),
    }
}

/// Names in `dir` starting with `prefix` that may be offered; hidden ones
/// only when the prefix asks for them. Directories get a trailing `/`.
fn matching(dir: &Path, prefix: &str, allowed: &[PathBuf]) -> Vec<String> {
    if allowed.is_empty() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted =
                name.starts_with(prefix) && (prefix.starts_with('.') || !name.starts_with('.'));
            if !wanted {
                return None;
            }
            let path = entry.path();
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            let is_dir = path.is_dir();
            if is_link && !is_dir {
                return None;
            }
            let real = path.canonicalize().ok()?;
            if !host_files::may_offer(&real, is_dir, allowed) {
                return None;
            }
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect()
}

/// The longest beginning all names share, cut on a character boundary.
fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_match_completes_and_several_give_the_common_part() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().display().to_string();
        std::fs::write(dir.path().join("rapport-été.pdf"), "x").unwrap();
        std::fs::write(dir.path().join("rapport-éte.txt"), "x").unwrap();
        std::fs::write(dir.path().join("photo.png"), "x").unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let allowed = vec![dir.path().canonicalize().unwrap()];
        let complete = |input: &str| super::complete(input, &allowed);

        let one = complete(&format!("{base}/ph"));
        assert_eq!(one.text, format!("{base}/photo.png"));
        assert!(one.candidates.is_empty());

        let several = complete(&format!("{base}/rap"));
        assert_eq!(several.text, format!("{base}/rapport-ét"));
        assert_eq!(several.candidates.len(), 2);

        assert_eq!(complete(&format!("{base}/d")).text, format!("{base}/docs/"));
        assert_eq!(complete(&format!("{base}/")).candidates.len(), 4);
        assert_eq!(complete(&format!("{base}/zz")).text, format!("{base}/zz"));
        assert_eq!(complete("/no/such/dir/x").text, "/no/such/dir/x");
    }

    #[test]
    fn only_what_lies_inside_the_import_folders_is_offered() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().canonicalize().unwrap();
        let (inside, outside) = (real.join("inside"), real.join("outside"));
        std::fs::create_dir_all(inside.join("docs")).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(inside.join("note.txt"), "x").unwrap();
        std::fs::write(outside.join("secret.txt"), "x").unwrap();
        std::fs::write(real.join("sibling.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), inside.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, inside.join("away")).unwrap();
        let allowed = vec![inside.clone()];
        let base = real.display();
        // Inside: the file and the folder, not the links leading out.
        let listed = complete(&format!("{base}/inside/"), &allowed).candidates;
        assert_eq!(listed, vec!["docs/", "note.txt"]);
        // Above: only the way to the import folder.
        let above = complete(&format!("{base}/"), &allowed);
        assert_eq!(above.text, format!("{base}/inside/"));
        assert!(complete(&format!("{base}/outside/"), &allowed)
            .candidates
            .is_empty());
        assert_eq!(
            complete(&format!("{base}/outside/se"), &allowed).text,
            format!("{base}/outside/se")
        );
        assert!(complete(&format!("{base}/inside/"), &[])
            .candidates
            .is_empty());
    }
}
