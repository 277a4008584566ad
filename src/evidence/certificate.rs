//! The certificate under section 63(4)(c) of the Bharatiya Sakshya
//! Adhiniyam, 2023, produced afresh for each production of a clip.
//!
//! Part A is filled from the camera registry, the clip and the person
//! producing it; Part B is laid out blank for the expert. Written with
//! printpdf's built-in Helvetica, so the text is extractable (`pdftotext`).

use chrono::{DateTime, Utc};
use printpdf::{BuiltinFont, IndirectFontRef, Mm, PdfDocument, PdfLayerReference};

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
    pub clip_file: String,
    pub clip_sha256: String,
    pub clip_size: u64,
    pub manifest_sha256: String,
    pub window: String,
    /// (file, SHA-256 at ingest) of each source segment.
    pub segments: Vec<(String, String)>,
    pub produced_at: DateTime<Utc>,
}

const LINE: f32 = 5.2;
const LEFT: f32 = 18.0;
const TOP: f32 = 280.0;
const BOTTOM: f32 = 18.0;
const WRAP: usize = 95;

struct Writer {
    doc: printpdf::PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
}

impl Writer {
    fn new_page(&mut self) {
        let (page, layer) = self.doc.add_page(Mm(210.0), Mm(297.0), "text");
        self.layer = self.doc.get_page(page).get_layer(layer);
        self.y = TOP;
    }

    fn line(&mut self, text: &str, bold: bool, size: f32) {
        if self.y < BOTTOM {
            self.new_page();
        }
        let font = if bold { &self.bold } else { &self.regular };
        self.layer.use_text(text, size, Mm(LEFT), Mm(self.y), font);
        self.y -= LINE * size / 10.0;
    }

    /// Wrapped paragraph.
    fn para(&mut self, text: &str) {
        for l in wrap(text, WRAP) {
            self.line(&l, false, 10.0);
        }
        self.y -= LINE / 2.0;
    }

    fn heading(&mut self, text: &str) {
        self.y -= LINE / 2.0;
        self.line(text, true, 11.0);
        self.y -= LINE / 3.0;
    }
}

/// Greedy word wrap at `width` characters (hashes are kept whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + word.len() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn tick(on: bool) -> &'static str {
    if on {
        "[X]"
    } else {
        "[ ]"
    }
}

/// The certificate as PDF bytes.
pub fn render(f: &CertificateFacts) -> Result<Vec<u8>, printpdf::Error> {
    let (doc, page, layer) = PdfDocument::new(
        "Certificate under Section 63(4)(c) of the Bharatiya Sakshya Adhiniyam, 2023",
        Mm(210.0),
        Mm(297.0),
        "text",
    );
    let regular = doc.add_builtin_font(BuiltinFont::Helvetica)?;
    let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut w = Writer {
        doc,
        layer,
        regular,
        bold,
        y: TOP,
    };
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
        tick(false),
        tick(false),
        tick(false),
        tick(false),
        tick(true),
        tick(false),
        tick(true),
        f.camera_code
    ));
    w.para(&format!("Make & Model: {} {}", f.make, f.model));
    w.para("Color: not recorded in the camera registry");
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
    w.y -= LINE;
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
    w.doc.save_to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_without_splitting_words() {
        let l = wrap("aaa bbb ccc ddd", 7);
        assert_eq!(l, vec!["aaa bbb", "ccc ddd"]);
        let h = "f".repeat(64);
        assert_eq!(wrap(&h, 10), vec![h.clone()]);
    }
}
