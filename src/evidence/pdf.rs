//! Plain text documents as PDF (lopdf, the standard Helvetica fonts with
//! WinAnsi encoding, A4): the certificate and share receipts. The text
//! stays extractable (`pdftotext`).
//!
//! Written with lopdf's object model rather than a layout crate: the
//! documents are lines of text, and lopdf is also what later signs them
//! (an incremental update), so one PDF library serves both.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};

/// Millimetres to PDF points.
const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LINE: f32 = 5.2;
const LEFT: f32 = 18.0;
const TOP: f32 = 280.0;
const BOTTOM: f32 = 18.0;
const WRAP: usize = 95;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF could not be written: {0}")]
    Pdf(#[from] lopdf::Error),
    #[error("the PDF could not be written: {0}")]
    Io(#[from] std::io::Error),
}

pub struct TextPdf {
    title: String,
    /// Content operations of each finished page, and of the current one.
    pages: Vec<Vec<Operation>>,
    y: f32,
}

impl TextPdf {
    /// A document with one empty A4 page.
    pub fn new(title: &str) -> Result<Self, PdfError> {
        Ok(Self {
            title: title.to_owned(),
            pages: vec![Vec::new()],
            y: TOP,
        })
    }

    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = |doc: &mut Document, name: &str| -> ObjectId {
            doc.add_object(dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => name,
                "Encoding" => "WinAnsiEncoding",
            })
        };
        let regular = font(&mut doc, "Helvetica");
        let bold = font(&mut doc, "Helvetica-Bold");
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => regular, "F2" => bold },
        });
        let mut kids = Vec::with_capacity(self.pages.len());
        for ops in self.pages {
            let content = Content { operations: ops };
            let mut stream = Stream::new(dictionary! {}, content.encode()?);
            // Compressed when it makes the stream smaller; text stays
            // extractable either way.
            let _ = stream.compress();
            let content_id = doc.add_object(stream);
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            });
            kids.push(Object::Reference(page));
        }
        let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), (PAGE_W * MM).into(), (PAGE_H * MM).into()],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let info = doc.add_object(dictionary! {
            "Title" => Object::string_literal(winansi(&self.title)),
            "Producer" => Object::string_literal(format!("Sakshya {}", env!("CARGO_PKG_VERSION"))),
        });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out)?;
        Ok(out)
    }

    /// A blank line.
    pub fn gap(&mut self) {
        self.y -= LINE;
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    pub fn line(&mut self, text: &str, bold: bool, size: f32) {
        if self.y < BOTTOM {
            self.new_page();
        }
        let font = if bold { "F2" } else { "F1" };
        let ops = [
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![font.into(), size.into()]),
            Operation::new("Td", vec![(LEFT * MM).into(), (self.y * MM).into()]),
            Operation::new("Tj", vec![Object::string_literal(winansi(text))]),
            Operation::new("ET", vec![]),
        ];
        if let Some(page) = self.pages.last_mut() {
            page.extend(ops);
        }
        self.y -= LINE * size / 10.0;
    }

    /// Wrapped paragraph.
    pub fn para(&mut self, text: &str) {
        for l in wrap(text, WRAP) {
            self.line(&l, false, 10.0);
        }
        self.y -= LINE / 2.0;
    }

    pub fn heading(&mut self, text: &str) {
        self.y -= LINE / 2.0;
        self.line(text, true, 11.0);
        self.y -= LINE / 3.0;
    }
}

/// Text as WinAnsi bytes (the standard fonts' encoding): Latin-1 as is,
/// the typographic marks WinAnsi has at their codes, anything else `?`.
pub fn winansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '\u{20ac}' => 0x80,
            '\u{2026}' => 0x85,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Greedy word wrap at `width` characters (hashes are kept whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
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

    #[test]
    fn encodes_winansi() {
        assert_eq!(winansi("a—b é"), b"a\x97b \xe9".to_vec());
        assert_eq!(winansi("सा"), b"??".to_vec());
    }

    #[test]
    fn writes_a_pdf_lopdf_reads_back() {
        let mut w = TextPdf::new("t").unwrap();
        w.line("Hello (world) \\ done", true, 12.0);
        for _ in 0..80 {
            w.para("more text");
        }
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let doc = Document::load_mem(&bytes).unwrap();
        assert!(doc.get_pages().len() >= 2);
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("Hello (world)"), "{text}");
    }
}
