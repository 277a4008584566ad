//! The recordings root as VMS/NVR exports and FFmpeg's segment muxer lay it
//! out, one folder per ICCC: `<root>/<ICCC code>/<camera code>/<pattern>.<mp4|mkv|ts>`,
//! the pattern being a chrono format of the segment's UTC start (default
//! `%Y/%m/%d/%H-%M-%S`). Camera codes are unique within an ICCC only, so
//! the ICCC's folder is what keeps one ICCC from claiming the footage
//! another ICCC's recorder writes.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};

pub const EXTENSIONS: [&str; 3] = ["mp4", "mkv", "ts"];

#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
    pub pattern: String,
}

/// A segment file found on disk.
#[derive(Debug, Clone)]
pub struct Found {
    pub iccc_code: String,
    pub camera_code: String,
    /// Relative to the root, `/`-separated.
    pub rel_path: String,
    pub start: DateTime<Utc>,
    pub size: u64,
    pub modified: SystemTime,
}

impl Layout {
    pub fn new(root: PathBuf, pattern: &str) -> Self {
        Self {
            root,
            pattern: pattern.to_owned(),
        }
    }

    /// The folder of one camera's segments.
    pub fn camera_dir(&self, iccc_code: &str, camera_code: &str) -> PathBuf {
        self.root.join(iccc_code).join(camera_code)
    }

    pub fn segment_path(
        &self,
        iccc_code: &str,
        camera_code: &str,
        start: DateTime<Utc>,
        ext: &str,
    ) -> PathBuf {
        self.camera_dir(iccc_code, camera_code)
            .join(format!("{}.{ext}", start.format(&self.pattern)))
    }

    pub fn absolute(&self, rel_path: &str) -> PathBuf {
        self.root.join(rel_path)
    }

    /// The UTC start encoded in a path relative to the camera folder
    /// (extension removed), or `None` if it does not follow the pattern.
    pub fn parse_start(&self, rel_without_ext: &str) -> Option<DateTime<Utc>> {
        NaiveDateTime::parse_from_str(rel_without_ext, &self.pattern)
            .ok()
            .map(|t| t.and_utc())
    }

    /// The visible sub-folders of `dir`, with their names.
    fn folders(dir: &Path) -> Vec<(String, PathBuf)> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let p = e.path();
                let name = p.file_name()?.to_str()?.to_owned();
                (p.is_dir() && !name.starts_with('.')).then_some((name, p))
            })
            .collect()
    }

    /// Every segment file under the root whose name follows the pattern.
    pub fn scan(&self) -> Vec<Found> {
        let mut out = Vec::new();
        for (iccc, iccc_dir) in Self::folders(&self.root) {
            for (code, cam_dir) in Self::folders(&iccc_dir) {
                for entry in walkdir::WalkDir::new(&cam_dir)
                    .follow_links(false)
                    .into_iter()
                    .flatten()
                {
                    if let Some(f) = self.found(&iccc, &code, &cam_dir, entry.path()) {
                        out.push(f);
                    }
                }
            }
        }
        out.sort_by(|a, b| {
            (&a.iccc_code, &a.camera_code, a.start).cmp(&(&b.iccc_code, &b.camera_code, b.start))
        });
        out
    }

    fn found(&self, iccc: &str, code: &str, cam_dir: &Path, path: &Path) -> Option<Found> {
        let ext = path.extension()?.to_str()?;
        if !EXTENSIONS.contains(&ext) {
            return None;
        }
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let rel_cam = path.strip_prefix(cam_dir).ok()?.with_extension("");
        let start = self.parse_start(&rel_cam.to_string_lossy().replace('\\', "/"))?;
        let rel = path
            .strip_prefix(&self.root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(Found {
            iccc_code: iccc.to_owned(),
            camera_code: code.to_owned(),
            rel_path: rel,
            start,
            size: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn round_trips_paths() {
        let dir = tempfile::tempdir().unwrap();
        let l = Layout::new(dir.path().to_path_buf(), "%Y/%m/%d/%H-%M-%S");
        let t = Utc.with_ymd_and_hms(2026, 11, 21, 9, 5, 7).unwrap();
        let p = l.segment_path("ICCC-1", "CAM-1", t, "mp4");
        assert!(p.ends_with("ICCC-1/CAM-1/2026/11/21/09-05-07.mp4"));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"x").unwrap();
        std::fs::write(p.with_file_name("notes.txt"), b"x").unwrap();
        std::fs::write(p.with_file_name("garbage.mp4"), b"x").unwrap();
        let found = l.scan();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rel_path, "ICCC-1/CAM-1/2026/11/21/09-05-07.mp4");
        assert_eq!(
            (found[0].iccc_code.as_str(), found[0].camera_code.as_str()),
            ("ICCC-1", "CAM-1")
        );
        assert_eq!(found[0].start, t);
    }
}
