//! Documents people upload beside evidence (the BNSS s.94 notice): known
//! by their first bytes, then checked to be only what they claim — a PDF
//! that parses with at least one page, or a JPEG or PNG that decodes —
//! with nothing after the format's end and no active content (scripts,
//! HTML, HTA, batch commands, PDF JavaScript or launch actions), so a
//! polyglot file cannot be stored, nor served as anything but its type.

use std::fmt;

/// The kinds of document accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Pdf,
    Jpeg,
    Png,
}

impl DocKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Jpeg => "image/jpeg",
            DocKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Jpeg => "jpg",
            DocKind::Png => "png",
        }
    }

    pub fn from_media_type(t: &str) -> Option<DocKind> {
        [DocKind::Pdf, DocKind::Jpeg, DocKind::Png]
            .into_iter()
            .find(|k| k.media_type() == t)
    }

    /// The kind a document starting with `head` claims to be.
    pub fn sniff(head: &[u8]) -> Option<DocKind> {
        if head.starts_with(b"%PDF-") {
            Some(DocKind::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(DocKind::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(DocKind::Png)
        } else {
            None
        }
    }
}

/// Why a document was refused, in words for the person uploading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Byte sequences no notice has a reason to carry (matched without
/// regard to case): markup a browser or Windows would run, and batch
/// commands. Each is at least five bytes, so the compressed data of a
/// genuine multi-megabyte scan matches one by chance about once in tens
/// of thousands of uploads, not once in a hundred. PDF actions are found
/// in the PDF's structure instead (`pdf_actions`).
const ACTIVE: &[&[u8]] = &[
    b"<html",
    b"<script",
    b"<hta:",
    b"<body",
    b"<iframe",
    b"<!doctype html",
    b"<svg ",
    b"<svg>",
    b"@echo off",
    b"javascript:",
    b"vbscript:",
];

/// Dictionary keys, and name values, of PDF features that run code, open
/// other files or carry files of their own.
const PDF_ACTIVE: &[&[u8]] = &[
    b"JS",
    b"JavaScript",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"EF",
    b"RichMedia",
    b"ImportData",
    b"SubmitForm",
];

/// The first active feature anywhere in `o` (dictionaries, streams'
/// dictionaries and arrays, however deeply nested).
fn pdf_active_in(o: &lopdf::Object, depth: usize) -> Option<String> {
    use lopdf::Object;
    if depth > 64 {
        return Some("nesting deeper than any document needs".into());
    }
    let dict = match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(st) => Some(&st.dict),
        Object::Array(items) => {
            return items.iter().find_map(|i| pdf_active_in(i, depth + 1));
        }
        Object::Name(n) if PDF_ACTIVE.contains(&n.as_slice()) => {
            return Some(String::from_utf8_lossy(n).into_owned());
        }
        _ => None,
    }?;
    dict.iter().find_map(|(k, v)| {
        if PDF_ACTIVE.contains(&k.as_slice()) {
            Some(String::from_utf8_lossy(k).into_owned())
        } else {
            pdf_active_in(v, depth + 1)
        }
    })
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Checks that `bytes` are a whole, plain document of `kind`.
pub fn validate(kind: DocKind, bytes: &[u8]) -> Result<(), Refused> {
    if let Some(m) = ACTIVE.iter().find(|m| contains_ci(bytes, m)) {
        return Err(Refused(format!(
            "the document carries active content ({}); scan or print the notice to a plain PDF, JPEG or PNG",
            String::from_utf8_lossy(m).trim_matches(|c| c == '<' || c == '/' || c == ' ')
        )));
    }
    match kind {
        DocKind::Pdf => pdf(bytes),
        DocKind::Png => {
            image(bytes, image::ImageFormat::Png)?;
            let end = find_last(bytes, b"IEND").map(|i| i + 8);
            trailing(bytes, end, "PNG")
        }
        DocKind::Jpeg => {
            image(bytes, image::ImageFormat::Jpeg)?;
            let end = find_last(bytes, &[0xFF, 0xD9]).map(|i| i + 2);
            trailing(bytes, end, "JPEG")
        }
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Refuses anything but whitespace after the format's end at `end`.
fn trailing(bytes: &[u8], end: Option<usize>, what: &str) -> Result<(), Refused> {
    let end = end.ok_or_else(|| Refused(format!("the {what} has no end; it is cut short")))?;
    if bytes
        .get(end..)
        .is_some_and(|rest| !rest.iter().all(u8::is_ascii_whitespace))
    {
        return Err(Refused(format!(
            "the {what} has other data after its end; upload the notice itself"
        )));
    }
    Ok(())
}

fn image(bytes: &[u8], format: image::ImageFormat) -> Result<(), Refused> {
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| Refused(format!("the image cannot be read: {e}")))?;
    if img.width() < 16 || img.height() < 16 {
        return Err(Refused(
            "the image is too small to be a scanned notice".into(),
        ));
    }
    Ok(())
}

fn pdf(bytes: &[u8]) -> Result<(), Refused> {
    trailing(bytes, find_last(bytes, b"%%EOF").map(|i| i + 5), "PDF")?;
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| Refused(format!("the PDF cannot be read: {e}")))?;
    if doc.get_pages().is_empty() {
        return Err(Refused("the PDF has no pages".into()));
    }
    if let Some(what) = doc.objects.values().find_map(|o| pdf_active_in(o, 0)) {
        return Err(Refused(format!(
            "the PDF carries active content ({what}); print the notice to a plain PDF, or scan it"
        )));
    }
    Ok(())
}

/// A file name safe to store and to send back in `Content-Disposition`:
/// letters, digits, `-`, `_` and spaces, at most 120 characters, with the
/// extension of the document's real kind (any other is dropped).
pub fn file_name(name: Option<&str>, kind: DocKind) -> String {
    let raw = name.unwrap_or_default();
    let stem = match raw.rsplit_once('.') {
        Some((stem, ext))
            if (1..=8).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => raw,
    };
    let cleaned: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'))
        .map(|c| if c == '.' { '_' } else { c })
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_matches('_').trim().to_owned();
    let stem = if cleaned.is_empty() {
        "notice".to_owned()
    } else {
        cleaned
    };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal_pdf() -> Vec<u8> {
        let mut w = crate::evidence::pdf::TextPdf::new("notice").unwrap();
        w.line("Notice under section 94 BNSS", false, 10.0);
        w.finish().unwrap()
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 200, 200]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn documents_are_known_by_their_first_bytes() {
        assert_eq!(DocKind::sniff(b"%PDF-1.7\n"), Some(DocKind::Pdf));
        assert_eq!(
            DocKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(DocKind::Jpeg)
        );
        assert_eq!(DocKind::sniff(b"\x89PNG\r\n\x1a\n"), Some(DocKind::Png));
        assert_eq!(DocKind::sniff(b"<html>"), None);
        assert_eq!(DocKind::sniff(b""), None);
    }

    #[test]
    fn real_documents_pass_and_polyglots_do_not() {
        let pdf = minimal_pdf();
        assert_eq!(validate(DocKind::Pdf, &pdf), Ok(()));
        assert_eq!(validate(DocKind::Png, &png(64, 64)), Ok(()));
        // A PDF header over HTML, HTA or batch content.
        for body in [
            &b"%PDF-1.4\n<html><script>alert(1)</script></html>"[..],
            b"%PDF-1.4\n<HTA:APPLICATION ID=x><script>x</script>",
            b"%PDF-1.4\r\n@echo off\r\ndel C:\\x\r\n",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF",
        ] {
            assert!(
                validate(DocKind::Pdf, body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // A real PDF with something appended after its end.
        let mut appended = pdf.clone();
        appended.extend_from_slice(b"\nMZ payload");
        assert!(validate(DocKind::Pdf, &appended).is_err());
        // A real PDF whose catalogue runs JavaScript when opened.
        let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
        let mut js = lopdf::Dictionary::new();
        js.set("S", lopdf::Object::Name(b"JavaScript".to_vec()));
        js.set("JS", lopdf::Object::string_literal("app.alert(1)"));
        let action = doc.add_object(js);
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        doc.get_object_mut(root)
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("OpenAction", action);
        let mut scripted = Vec::new();
        doc.save_to(&mut scripted).unwrap();
        let e = validate(DocKind::Pdf, &scripted).unwrap_err();
        assert!(e.0.contains("active content"), "{e}");
        // Page content that happens to hold the bytes of a PDF key is
        // drawing, not an action: a genuine scan is not refused for it.
        let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
        doc.add_object(lopdf::Stream::new(
            lopdf::Dictionary::new(),
            b"\x00\x9c/JS (x) /Launch \xff".to_vec(),
        ));
        let mut plain = Vec::new();
        doc.save_to(&mut plain).unwrap();
        assert_eq!(validate(DocKind::Pdf, &plain), Ok(()));
        let mut png_tail = png(64, 64);
        png_tail.extend_from_slice(b"trailing");
        assert!(validate(DocKind::Png, &png_tail).is_err());
        assert!(validate(DocKind::Png, &png(4, 4)).is_err());
        assert!(validate(DocKind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).is_err());
    }

    #[test]
    fn names_take_the_extension_of_the_real_kind() {
        assert_eq!(
            file_name(Some("s94 notice.pdf"), DocKind::Pdf),
            "s94 notice.pdf"
        );
        assert_eq!(file_name(Some("notice.hta"), DocKind::Pdf), "notice.pdf");
        assert_eq!(
            file_name(Some("scan.pdf.bat"), DocKind::Png),
            "scan_pdf.png"
        );
        assert_eq!(
            file_name(Some("../../etc/passwd"), DocKind::Pdf),
            "etcpasswd.pdf"
        );
        assert_eq!(file_name(Some("a\"b;c\r\n.pdf"), DocKind::Pdf), "abc.pdf");
        assert_eq!(file_name(None, DocKind::Jpeg), "notice.jpg");
        assert_eq!(file_name(Some("..."), DocKind::Jpeg), "notice.jpg");
        assert!(file_name(Some(&"x".repeat(500)), DocKind::Png).len() <= 124);
    }
}
