//! CSV for spreadsheets: every export goes through [`to_csv`], which
//! neutralises cells a spreadsheet would run as a formula (CSV injection:
//! a camera named `=HYPERLINK(…)`). A cell starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, unless it is
//! plainly a number (`-3.5` stays a number).

/// The cell as it is safe to write.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes rows (the first is the header) as CSV with the `csv` crate,
/// every cell neutralised.
pub fn to_csv(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for bad in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        for ok in ["-3.5", "42", "CAM-A1 junction", "", "a=b"] {
            assert_eq!(neutralise(ok), ok);
        }
        let out = to_csv(vec![
            vec!["name".into()],
            vec!["=HYPERLINK(\"http://evil\")".into()],
        ])
        .unwrap();
        assert_eq!(out, "name\n\"'=HYPERLINK(\"\"http://evil\"\")\"\n");
    }
}
