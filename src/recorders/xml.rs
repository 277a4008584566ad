//! Reading recorders' XML answers (roxmltree) by local element name, so
//! the namespaces devices use (ISAPI's two, ONVIF's SOAP ones) do not
//! matter, and writing the few values Sakshya puts into XML requests.

use super::device::DeviceError;

pub fn parse(body: &str) -> Result<roxmltree::Document<'_>, DeviceError> {
    roxmltree::Document::parse(body).map_err(|e| DeviceError::Protocol(format!("not XML: {e}")))
}

/// The text of the first element named `name` under `node`.
pub fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Every element named `name` under `node`.
pub fn all<'a>(
    node: roxmltree::Node<'a, 'a>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> + 'a {
    node.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// `s` escaped for XML text or an attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_whatever_the_namespace() {
        let doc =
            parse(r#"<a xmlns="urn:x"><b:serial xmlns:b="urn:y"> 42 </b:serial><c/></a>"#).unwrap();
        assert_eq!(text(doc.root(), "serial"), Some("42"));
        assert_eq!(text(doc.root(), "c"), None);
        assert!(parse("<a>").is_err());
        assert_eq!(escape("a<&>\"'"), "a&lt;&amp;&gt;&quot;&apos;");
    }
}
