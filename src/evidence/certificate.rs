//! The certificate under section 63(4)(c) of the Bharatiya Sakshya
//! Adhiniyam, 2023, produced afresh for each production of a clip.
//!
//! Part A is filled from the camera registry, the clip and the person
//! producing it; Part B is laid out blank for the expert. Written with
//! the standard Helvetica fonts (lopdf), so the text is extractable (`pdftotext`).

use super::pdf::TextPdf;
use chrono::{DateTime, Utc};

/// What Part A states.
#[derive(Debug, Clone)]
pub struct CertificateFacts {
    pub person_name: String,
    pub person_role: String,
    pub organisation: String,
    pub place: String,
    pub camera_code: String,
    pub camera_name: String,
    pub camera_location: String,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    /// Footage pulled from a recorder: the device facts above are the
    /// recorder's own, and this says what else it reported.
    pub recorder: Option<String>,
    pub clip_file: String,
    pub clip_sha256: String,
    pub clip_size: u64,
    pub manifest_sha256: String,
    pub window: String,
    /// (file, SHA-256 at ingest) of each source segment.
    pub segments: Vec<(String, String)>,
    pub produced_at: DateTime<Utc>,
}

fn tick(on: bool) -> &'static str {
    if on {
        "[X]"
    } else {
        "[ ]"
    }
}

/// The certificate as PDF bytes.
pub fn render(f: &CertificateFacts) -> Result<Vec<u8>, super::pdf::PdfError> {
    let mut w = TextPdf::new(
        "Certificate under Section 63(4)(c) of the Bharatiya Sakshya Adhiniyam, 2023",
    )?;
    let date = crate::evidence::manifest::ist(f.produced_at);
    let (day, time) = date.split_once(' ').unwrap_or((&date, ""));
    let hhmm: String = time.chars().take(5).collect();

    w.line("CERTIFICATE", true, 14.0);
    w.line(
        "[See Section 63(4)(c) of the Bharatiya Sakshya Adhiniyam, 2023]",
        false,
        10.0,
    );
    w.heading("PART A (To be filled by the Party)");
    w.para(&format!(
        "I, {} ({}, {}), do hereby solemnly affirm and sincerely state and submit as follows:",
        f.person_name, f.person_role, f.organisation
    ));
    w.para(
        "I have produced electronic record/output of the digital record taken from the following \
         device/digital record source (tick mark):",
    );
    w.para(&format!(
        "{} Computer / Storage Media   {} DVR   {} Mobile   {} Flash Drive   {} CD/DVD   {} Server   {} Cloud   {} Other: CCTV camera {}",
        tick(false),
        tick(f.recorder.is_some()),
        tick(false),
        tick(false),
        tick(false),
        tick(f.recorder.is_none()),
        tick(false),
        tick(true),
        f.camera_code
    ));
    w.para(&format!("Make & Model: {} {}", f.make, f.model));
    w.para(if f.recorder.is_some() {
        "Color: not reported by the recorder"
    } else {
        "Color: not recorded in the camera registry"
    });
    w.para(&format!("Serial Number: {}", f.serial));
    w.para(&format!(
        "IMEI/UIN/UID/MAC/Cloud ID: {}",
        f.mac.as_deref().unwrap_or("not recorded")
    ));
    w.para(&format!(
        "Any other relevant information: camera {} \"{}\" at {}; recording window {}; \
         clip extracted by stream copy (not re-encoded) by the ICCC's Sakshya system.",
        f.camera_code, f.camera_name, f.camera_location, f.window
    ));
    if let Some(r) = &f.recorder {
        w.para(&format!(
            "Recorder: the footage was pulled by the ICCC's Sakshya system from the network video \
             recorder that recorded the camera; make, model, serial number and MAC above are as \
             that recorder reported them. {r}"
        ));
    }
    w.para(
        "The digital device or the digital record source was under the lawful control for \
         regularly creating, storing or processing information for the purposes of carrying out \
         regular activities and during this period, the computer or the communication device was \
         working properly and the relevant information was regularly fed into the computer during \
         the ordinary course of business. If the computer/digital device at any point of time was \
         not working properly or out of operation, then it has not affected the electronic/digital \
         record or its accuracy. The digital device or the source of the digital record is:",
    );
    w.para(&format!(
        "{} Owned   {} Maintained   {} Managed   {} Operated by me (select as applicable)",
        tick(false),
        tick(false),
        tick(false),
        tick(true)
    ));
    w.para(&format!(
        "I state that the HASH value(s) of the electronic/digital record(s) is {} (file {}, {} bytes), \
         obtained through the following algorithm: SHA-256. (Hash report enclosed with the certificate.)",
        f.clip_sha256, f.clip_file, f.clip_size
    ));
    w.para(&format!("(Name and signature): {}", f.person_name));
    w.para(&format!(
        "Date (DD/MM/YYYY): {day}    Time (IST): {hhmm} (24-hour format)    Place: {}",
        f.place
    ));

    w.heading("PART B (To be filled by the Expert)");
    w.para(
        "I, ____________________________________ (Name), son/daughter/spouse of ______________________, \
         residing at/employed with ______________________________ do hereby solemnly affirm and \
         sincerely state and submit as follows:",
    );
    w.para(
        "The produced electronic record/output of the digital record is obtained from the following \
         device/digital record source (tick mark): [ ] Computer / Storage Media  [ ] DVR  [ ] Mobile  \
         [ ] Flash Drive  [ ] CD/DVD  [ ] Server  [ ] Cloud  [ ] Other: ____________",
    );
    w.para("Make & Model: ______________  Color: ______________  Serial Number: ______________");
    w.para("IMEI/UIN/UID/MAC/Cloud ID: ______________  Other relevant information: ______________");
    w.para(
        "I state that the HASH value(s) of the electronic/digital record(s) is ____________________, \
         obtained through the following algorithm: [ ] SHA1  [ ] SHA256  [ ] MD5  [ ] Other ________ \
         (Hash report to be enclosed with the certificate)",
    );
    w.para("(Name, designation and signature): ______________________________");
    w.para("Date (DD/MM/YYYY): ____________   Time (IST): ______ (24-hour format)   Place: ____________");

    w.new_page();
    w.line("HASH REPORT (enclosure to Part A)", true, 12.0);
    w.gap();
    w.para("Algorithm: SHA-256 (FIPS 180-4). Values in lower-case hexadecimal.");
    w.para(&format!("Clip {}: {}", f.clip_file, f.clip_sha256));
    w.para(&format!("manifest.json (signed): {}", f.manifest_sha256));
    w.para("Source segments (hash taken when each recorder file was indexed):");
    for (file, sha) in &f.segments {
        w.para(&format!("{file}: {sha}"));
    }
    if f.segments.is_empty() {
        w.para("none (footage uploaded by the operator)");
    }
    w.finish()
}
