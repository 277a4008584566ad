//! Keeps the rule of `routes`: a handler parses, authorises, calls a
//! workflow (or a subsystem's service) and maps the result; it never
//! calls `db` itself. Reads the handlers' source and fails on any call
//! into a `db` module other than `db::time` (conversions, no queries).

use std::path::Path;

/// Module names a `use crate::db::…;` statement brings into scope.
fn db_aliases(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("use crate::db::") {
        let after = &rest[at + "use crate::db::".len()..];
        let end = after.find(';').unwrap_or(after.len());
        let body = after[..end].trim();
        rest = &after[end..];
        let items: Vec<String> = match body.strip_prefix('{') {
            Some(group) => split_top_level(group.trim_end_matches('}')),
            None => vec![body.to_owned()],
        };
        for item in items {
            let item = item.trim();
            let name = item.split([':', ' ']).next().unwrap_or_default().to_owned();
            let is_module =
                !item.contains("::") || item.contains("{self") || item.contains(" self");
            let alias = match item.split_once(" as ") {
                Some((_, a)) if !item.contains("::") => a.trim().to_owned(),
                _ => name,
            };
            if is_module && alias.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push(alias);
            }
        }
    }
    out
}

fn split_top_level(group: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for ch in group.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur);
    out
}

/// Calls `alias::function(` in `source` not preceded by `::` or a word
/// character (so `workflow::cameras::list(` is not `cameras::list(`).
fn calls_through(source: &str, alias: &str) -> Vec<String> {
    let needle = format!("{alias}::");
    let mut found = Vec::new();
    for (at, _) in source.match_indices(&needle) {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c == ':' || c == '_' || c.is_ascii_alphanumeric()) {
            continue;
        }
        let tail = &source[at + needle.len()..];
        let ident: String = tail
            .chars()
            .take_while(|c| *c == '_' || c.is_ascii_alphanumeric())
            .collect();
        let starts_lower = ident.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        if starts_lower && tail[ident.len()..].trim_start().starts_with('(') {
            found.push(format!("{alias}::{ident}"));
        }
    }
    found
}

fn violations(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for alias in db_aliases(source) {
        if alias != "time" {
            found.extend(calls_through(source, &alias));
        }
    }
    for (at, _) in source.match_indices("crate::db::") {
        let tail = &source[at + "crate::db::".len()..];
        let module: String = tail
            .chars()
            .take_while(|c| *c == '_' || c.is_ascii_alphanumeric())
            .collect();
        if module != "time" && !source[..at].ends_with("use ") {
            found.extend(calls_through(tail, &module));
        }
    }
    found
}

#[test]
fn the_checker_finds_direct_database_calls() {
    let direct = "use crate::db::{clips, time};\nfn f() { clips::find(c, id); time::now(); }";
    assert_eq!(violations(direct), ["clips::find"]);
    let own = "use crate::db::requests::{self, RequestRow};\nfn f() { requests::list (c); }";
    assert_eq!(violations(own), ["requests::list"]);
    let full = "fn f() { crate::db::shares::find(c, id); }";
    assert_eq!(violations(full), ["shares::find"]);
    let types_only = "use crate::db::cameras::CameraRow;\nfn f() { workflow::cameras::list(c); }";
    assert!(violations(types_only).is_empty());
    let workflow = "use crate::workflow::requests;\nfn f() { requests::get(c, a, id); }";
    assert!(violations(workflow).is_empty());
}

#[test]
fn handlers_never_call_the_database() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut bad = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk src/routes");
        // This file's own examples are not handlers.
        let own = entry.path().ends_with("layering.rs");
        if entry.path().extension().is_some_and(|e| e == "rs") && !own {
            files += 1;
            let source = std::fs::read_to_string(entry.path()).expect("read a handler");
            for call in violations(&source) {
                bad.push(format!("{}: {call}", entry.path().display()));
            }
        }
    }
    assert!(files > 50, "only {files} files under src/routes");
    assert!(
        bad.is_empty(),
        "handlers call the database directly (move it into a workflow):\n{}",
        bad.join("\n")
    );
}
