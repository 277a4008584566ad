//! The BNSS s.94 notice document: attached to a draft by its filing
//! station, stored write-once with its SHA-256 in the request's history,
//! read back (and the read recorded) by everyone who sees the request;
//! anything else is refused and writes nothing.

use reqwest::{Method, StatusCode};

use crate::helpers::{spawn_app_with, TestApp};

/// A real one-page PDF.
fn pdf() -> Vec<u8> {
    let mut w = sakshya::evidence::pdf::TextPdf::new("Notice under section 94 BNSS").unwrap();
    w.para("You are required to produce the CCTV footage of MG Road junction.");
    w.finish().unwrap()
}

/// A real PNG scan.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 80, |x, y| {
        image::Rgb([(x * 2) as u8, (y * 3) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn history(app: &TestApp, id: &str) -> Vec<String> {
    app.get_request("inv_a", id).await["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_notice_is_attached_to_a_draft_and_read_back_with_its_hash() {
    let app = spawn_app_with(|s| s.notice_max_bytes = 16 * 1024).await;
    let id = app.file("inv_a", "cam_a1").await;
    let path = format!("/api/v1/requests/{id}/notice");
    let named = format!("{path}?name=s94%20notice%20PS-A.pdf");

    // Refused, and nothing written: not a document, too large, the wrong
    // role, another station.
    let too_large = [pdf(), vec![b'x'; 20 * 1024]].concat();
    let cases: [(&str, &str, Vec<u8>, StatusCode, &str); 5] = [
        (
            "inv_a",
            "text/html",
            b"<html><script>alert(1)</script>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "inv_a",
            "application/pdf",
            Vec::new(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "inv_a",
            "application/pdf",
            too_large,
            StatusCode::PAYLOAD_TOO_LARGE,
            "upload_too_large",
        ),
        (
            "sup_a",
            "application/pdf",
            pdf(),
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            "inv_b",
            "application/pdf",
            pdf(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (user, ct, body, status, code) in cases {
        let r = app.raw(user, Method::PUT, &named, ct, body).await;
        assert_eq!(r.status, status, "{user} {ct}: {}", r.body);
        assert_eq!(r.body["error"]["code"], code, "{}", r.body);
    }
    let d = app.get_request("inv_a", &id).await;
    assert!(d["notice"].is_null(), "{d}");
    assert!(!history(&app, &id)
        .await
        .contains(&"notice_attached".to_owned()));
    let (status, _, _) = app.get_bytes("inv_a", &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Attached: its hash and name in the detail and in the history.
    let r = app
        .raw("inv_a", Method::PUT, &named, "application/pdf", pdf())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sha = sakshya::digest::sha256_hex(&pdf());
    assert_eq!(r.body["notice"]["sha256"], sha.as_str());
    assert_eq!(r.body["notice"]["file_name"], "s94 notice PS-A.pdf");
    assert_eq!(r.body["notice"]["media_type"], "application/pdf");
    assert_eq!(r.body["notice"]["size_bytes"], pdf().len());
    let attached = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "notice_attached")
        .expect("the attachment is in the history")
        .clone();
    assert!(attached["comment"].as_str().unwrap().contains(&sha));

    // A scan replaces it while the request is still a draft.
    let png = png();
    let r = app
        .raw("inv_a", Method::PUT, &path, "image/png", png.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["notice"]["file_name"], "notice.png");
    let r = app
        .raw("inv_a", Method::PUT, &named, "application/pdf", pdf())
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // Read back byte for byte, with its hash; the read is recorded.
    let (status, bytes, headers) = app.get_bytes("inv_a", &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, pdf());
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-sha256"], sha.as_str());
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(history(&app, &id).await.contains(&"notice_read".to_owned()));

    // Once submitted it can no longer change; the ICCC reads it once the
    // request reaches it, another ICCC never.
    let r = app.act("inv_a", &id, "submit", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .raw("inv_a", Method::PUT, &path, "application/pdf", pdf())
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "invalid_transition");
    if app.get_request("inv_a", &id).await["status"] == "submitted" {
        let r = app.act("sup_a", &id, "endorse", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let (status, bytes, _) = app.get_bytes("op_a", &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, pdf());
    let (status, _, _) = app.get_bytes("op_b", &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Every attached document, replaced ones included, is a known object
    // in the store: nothing orphaned, nothing missing.
    let out = app
        .sakshya_command()
        .args(["store", "verify"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The PDF attached twice is one content-addressed object; the PNG another.
    assert!(text.contains("2 object(s) checked"), "{text}");
}

/// Finding 5 of the security review: a notice starting with `%PDF-` but
/// carrying HTML, HTA or batch content kept any extension and was saved
/// under that name.
#[tokio::test]
async fn polyglot_notices_are_refused_and_names_follow_the_real_type() {
    let app = spawn_app_with(|_| {}).await;
    let id = app.file("inv_a", "cam_a1").await;
    let path = format!("/api/v1/requests/{id}/notice");
    let mut appended = pdf();
    appended
        .extend_from_slice(b"\n<html><script>new ActiveXObject('WScript.Shell')</script></html>");
    let mut png_tail = png();
    png_tail.extend_from_slice(b"@echo off\r\ncalc.exe\r\n");
    for (name, body) in [
        (
            "notice.hta",
            b"%PDF-1.4\n<HTA:APPLICATION ID=n><script>x</script>".to_vec(),
        ),
        (
            "notice.html",
            b"%PDF-1.4\n<html><body>x</body></html>\n%%EOF".to_vec(),
        ),
        (
            "notice.bat",
            b"%PDF-1.4\r\n@echo off\r\ndel /q C:\\x\r\n".to_vec(),
        ),
        ("notice.pdf", appended),
        ("scan.png", png_tail),
        (
            "notice.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF".to_vec(),
        ),
    ] {
        let r = app
            .raw(
                "inv_a",
                Method::PUT,
                &format!("{path}?name={name}"),
                "application/pdf",
                body,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{name}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["code"], "unsupported_media_type");
    }
    assert!(app.get_request("inv_a", &id).await["notice"].is_null());
    // A real PDF named .hta is stored and served as a PDF.
    let r = app
        .raw(
            "inv_a",
            Method::PUT,
            &format!("{path}?name=urgent%20notice.hta"),
            "application/octet-stream",
            pdf(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["notice"]["file_name"], "urgent notice.pdf");
    let (status, _, headers) = app.get_bytes("inv_a", &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let cd = headers["content-disposition"].to_str().unwrap();
    assert!(
        cd.starts_with("attachment") && cd.contains("urgent notice.pdf"),
        "{cd}"
    );

    // A notice stored before names followed the type (its name kept as
    // sent) is shown and served under its real type's extension too.
    {
        use diesel::prelude::*;
        use sakshya::db::schema::request_notices as rn;
        let mut c = app.state.db.conn().unwrap();
        diesel::update(rn::table.filter(rn::request_id.eq(&id)))
            .set(rn::file_name.eq("old notice.hta"))
            .execute(&mut **c)
            .unwrap();
    }
    let d = app.get_request("inv_a", &id).await;
    assert_eq!(d["notice"]["file_name"], "old notice.pdf", "{d}");
    let (_, _, headers) = app.get_bytes("inv_a", &path).await;
    let cd = headers["content-disposition"].to_str().unwrap();
    assert!(
        cd.contains("old notice.pdf") && !cd.contains(".hta"),
        "{cd}"
    );
}
