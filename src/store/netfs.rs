//! Refusing databases on network filesystems: SQLite's locking (and WAL's
//! shared memory) only works when every process is on the host that holds
//! the file. See README, "Several machines, one site".

use std::path::{Path, PathBuf};

/// Filesystem types that are (or may be) served over a network.
pub fn is_network_fs(fs_type: &str) -> bool {
    const NETWORK: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "afs",
        "ncpfs",
        "davfs",
        "coda",
        "gfs2",
        "ocfs2",
        "beegfs",
        "virtiofs",
        "fuse",
    ];
    NETWORK.contains(&fs_type) || (fs_type.starts_with("fuse.") && fs_type != "fuse.portal")
}

/// The filesystem type of the mount holding `path`, read from a
/// `/proc/self/mountinfo` text: the deepest mount point that contains it,
/// the later one winning when a mount point is mounted over.
pub fn fs_type_of(path: &Path, mountinfo: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let Some((mount_point, fs_type)) = parse_line(line) else {
            continue;
        };
        if path.starts_with(&mount_point) {
            let depth = mount_point.components().count();
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, fs_type));
            }
        }
    }
    best.map(|(_, fs_type)| fs_type)
}

fn parse_line(line: &str) -> Option<(PathBuf, String)> {
    let fields: Vec<&str> = line.split(' ').collect();
    let mount_point = fields.get(4)?;
    let separator = fields.iter().position(|f| *f == "-")?;
    let fs_type = fields.get(separator + 1)?;
    Some((PathBuf::from(unescape(mount_point)), fs_type.to_string()))
}

/// mountinfo writes space, tab, newline and backslash as `\ooo` octal.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).filter(|_| bytes[i] == b'\\');
        match octal.and_then(|o| u8::from_str_radix(std::str::from_utf8(o).ok()?, 8).ok()) {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The network filesystem type holding `path` (a file or a folder, there
/// or not yet), if it is on one. Outside Linux (no mountinfo) nothing can be
/// told, and nothing is refused.
pub fn network_fs_holding(path: &Path) -> Option<String> {
    network_fs_of(&[path.to_path_buf()])
}

/// The network filesystem type holding any of `paths`, each resolved first.
pub fn network_fs_of(paths: &[PathBuf]) -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    decide(paths, &mountinfo)
}

/// The decision on paths as given: every one is resolved (every symbolic
/// link followed) before its filesystem is looked up, so that a link on a
/// local disk to a file on NFS is judged by where the file really is.
pub fn decide(paths: &[PathBuf], mountinfo: &str) -> Option<String> {
    paths
        .iter()
        .filter_map(|p| fs_type_of(&resolve(p), mountinfo))
        .find(|t| is_network_fs(t))
}

/// Where the database at `path` really lives: the folder named, the file
/// the path leads to (through any link), and its `-wal` and `-shm`
/// companions (each may be a link of its own).
pub fn database_locations(path: &Path) -> Vec<PathBuf> {
    let mut locations = vec![path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)];
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        locations.push(PathBuf::from(name));
    }
    locations
}

/// `path` with every link resolved. A path that does not exist (yet) is its
/// nearest existing ancestor resolved, with the rest appended; a dangling
/// link is where it points. At most 40 links deep, as the kernel does.
pub fn resolve(path: &Path) -> PathBuf {
    resolve_within(path, 40)
}

fn resolve_within(path: &Path, links_left: u32) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if links_left > 0 {
        if let Ok(target) = std::fs::read_link(&absolute) {
            let base = absolute.parent().unwrap_or(Path::new("/"));
            return resolve_within(&base.join(target), links_left - 1);
        }
    }
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => resolve_within(parent, links_left).join(name),
        _ => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
30 22 0:40 / /srv/share rw - nfs4 server:/export rw
31 30 0:41 / /srv/share/local rw - tmpfs tmpfs rw
32 22 0:42 / /home/ana/remote\\040box rw - fuse.sshfs ana@box: rw
33 22 0:43 / /mnt/lab rw - cifs //nas/lab rw
34 22 0:44 / /srv rw - ext4 /dev/sdb1 rw
";

    #[test]
    fn finds_the_deepest_mount_and_its_type() {
        let t = |p: &str| fs_type_of(Path::new(p), MOUNTINFO).unwrap();
        assert_eq!(t("/var/lib/guichet"), "ext4");
        assert_eq!(t("/srv/share/site"), "nfs4");
        assert_eq!(t("/srv/share/local/x"), "tmpfs");
        assert_eq!(t("/home/ana/remote box/db"), "fuse.sshfs");
        assert_eq!(t("/mnt/lab"), "cifs");
        assert_eq!(
            t("/srv/sharedir"),
            "ext4",
            "a prefix of a name is not a parent"
        );
    }

    #[test]
    fn a_link_is_judged_by_where_it_leads() {
        let local = tempfile::tempdir().unwrap();
        let remote = tempfile::tempdir().unwrap();
        let remote_dir = remote.path().canonicalize().unwrap();
        std::fs::write(remote_dir.join("guichet.db"), "").unwrap();
        let link = local.path().join("guichet.db");
        std::os::unix::fs::symlink(remote_dir.join("guichet.db"), &link).unwrap();
        // The remote folder is an NFS mount in this mountinfo.
        let mountinfo = format!(
            "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 0:50 / {} rw - nfs4 srv:/x rw\n",
            remote_dir.display()
        );
        let given = [local.path().to_path_buf()];
        assert_eq!(
            decide(&given, &mountinfo),
            None,
            "the folder named is local"
        );
        assert_eq!(resolve(&link), remote_dir.join("guichet.db"));
        assert_eq!(
            decide(&database_locations(&link), &mountinfo).as_deref(),
            Some("nfs4")
        );
        // A WAL planted as a link to the mount counts too.
        let plain = local.path().join("plain.db");
        std::fs::write(&plain, "").unwrap();
        assert_eq!(decide(&database_locations(&plain), &mountinfo), None);
        std::os::unix::fs::symlink(remote_dir.join("w"), local.path().join("plain.db-wal"))
            .unwrap();
        assert_eq!(
            decide(&database_locations(&plain), &mountinfo).as_deref(),
            Some("nfs4")
        );
        // A store folder not made yet, under a link to the mount.
        std::os::unix::fs::symlink(&remote_dir, local.path().join("away")).unwrap();
        let store = local.path().join("away/attachments/ab");
        assert_eq!(resolve(&store), remote_dir.join("attachments/ab"));
        assert_eq!(decide(&[store], &mountinfo).as_deref(), Some("nfs4"));
    }

    #[test]
    fn network_types() {
        for t in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuse", "9p"] {
            assert!(is_network_fs(t), "{t}");
        }
        for t in ["ext4", "xfs", "btrfs", "tmpfs", "zfs", "overlay", "fuseblk"] {
            assert!(!is_network_fs(t), "{t}");
        }
    }
}
