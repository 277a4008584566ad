//! Plain text documents as PDF (printpdf, built-in Helvetica, A4): the
//! certificate and share receipts. The text stays extractable
//! (`pdftotext`).

use printpdf::{
    BuiltinFont, IndirectFontRef, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference,
};

const LINE: f32 = 5.2;
const LEFT: f32 = 18.0;
const TOP: f32 = 280.0;
const BOTTOM: f32 = 18.0;
const WRAP: usize = 95;

pub struct TextPdf {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
}

impl TextPdf {
    /// A document with one empty A4 page.
    pub fn new(title: &str) -> Result<Self, printpdf::Error> {
        let (doc, page, layer) = PdfDocument::new(title, Mm(210.0), Mm(297.0), "text");
        let regular = doc.add_builtin_font(BuiltinFont::Helvetica)?;
        let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold)?;
        let layer = doc.get_page(page).get_layer(layer);
        Ok(Self {
            doc,
            layer,
            regular,
            bold,
            y: TOP,
        })
    }

    pub fn finish(self) -> Result<Vec<u8>, printpdf::Error> {
        self.doc.save_to_bytes()
    }

    /// A blank line.
    pub fn gap(&mut self) {
        self.y -= LINE;
    }

    pub fn new_page(&mut self) {
        let (page, layer) = self.doc.add_page(Mm(210.0), Mm(297.0), "text");
        self.layer = self.doc.get_page(page).get_layer(layer);
        self.y = TOP;
    }

    pub fn line(&mut self, text: &str, bold: bool, size: f32) {
        if self.y < BOTTOM {
            self.new_page();
        }
        let font = if bold { &self.bold } else { &self.regular };
        self.layer.use_text(text, size, Mm(LEFT), Mm(self.y), font);
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
}
