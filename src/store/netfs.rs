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

/// The network filesystem type holding `dir`, if it is on one. Outside
/// Linux (no mountinfo) nothing can be told, and nothing is refused.
pub fn network_fs_holding(dir: &Path) -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let canonical = dir.canonicalize().ok()?;
    fs_type_of(&canonical, &mountinfo).filter(|t| is_network_fs(t))
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
    fn network_types() {
        for t in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuse", "9p"] {
            assert!(is_network_fs(t), "{t}");
        }
        for t in ["ext4", "xfs", "btrfs", "tmpfs", "zfs", "overlay", "fuseblk"] {
            assert!(!is_network_fs(t), "{t}");
        }
    }
}
