//! The names in a zip's central directory, read directly. The zip crate
//! keeps only the last of several entries with one name, so a package
//! with two `manifest.json` entries would show a verifier one and another
//! unzip tool the other; reading the directory ourselves finds that.

use std::io::{Read, Seek, SeekFrom};

const CENTRAL_HEADER: u32 = 0x0201_4b50;
/// Fixed part of a central directory file header.
const FIXED: usize = 46;

/// Every entry name in the central directory starting at `start`, in
/// order, duplicates included.
pub fn names<R: Read + Seek>(r: &mut R, start: u64) -> std::io::Result<Vec<String>> {
    r.seek(SeekFrom::Start(start))?;
    let mut out = Vec::new();
    let mut fixed = [0u8; FIXED];
    loop {
        if r.read_exact(&mut fixed).is_err() {
            break;
        }
        let sig = u32::from_le_bytes([fixed[0], fixed[1], fixed[2], fixed[3]]);
        if sig != CENTRAL_HEADER {
            break;
        }
        let len = |i: usize| u64::from(u16::from_le_bytes([fixed[i], fixed[i + 1]]));
        let (name_len, extra_len, comment_len) = (len(28), len(30), len(32));
        let mut name = vec![0u8; name_len as usize];
        r.read_exact(&mut name)?;
        out.push(String::from_utf8_lossy(&name).into_owned());
        r.seek(SeekFrom::Current((extra_len + comment_len) as i64))?;
        if out.len() > 1_000_000 {
            break;
        }
    }
    Ok(out)
}
