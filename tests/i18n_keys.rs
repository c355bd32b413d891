//! Translation keys: a missing text is a compile error (each locale is a `Ui` struct value); this
//! test catches the other half, a text that no code shows any more.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The field names of `pub struct <name> { … }` in a source file.
fn struct_fields(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("the {name} struct"));
    let end = start + source[start..].find("\n}").unwrap();
    source[start..end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .filter(|k| !k.contains(' '))
        .map(str::to_string)
        .collect()
}

/// The code that can show a text: the SPA, the server, and the domain's own wording functions
/// (without their test modules, which list every key and so would hide an unused one).
fn code_that_shows_texts(root: &Path) -> String {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("server/src"), &mut files);
    files.push(root.join("domain/src/form_text.rs"));
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            match text.find("#[cfg(test)]") {
                Some(tests) => text[..tests].to_string(),
                None => text,
            }
        })
        .collect()
}

#[test]
fn every_form_text_is_used_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("domain/src/form_text.rs")).unwrap();
    let keys = struct_fields(&source, "FormText");
    assert!(keys.len() >= 90, "found the keys: {keys:?}");
    let code = code_that_shows_texts(root);
    let unused: Vec<&String> = keys
        .iter()
        .filter(|k| !code.contains(&format!(".{k}")))
        .collect();
    assert!(unused.is_empty(), "form texts no code uses: {unused:?}");
}

#[test]
fn every_interface_text_is_used_by_the_spa_or_the_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let i18n = std::fs::read_to_string(root.join("domain/src/i18n.rs")).unwrap();
    let start = i18n.find("pub struct Ui {").expect("the Ui struct");
    let end = start + i18n[start..].find("\n}").unwrap();
    let keys: Vec<&str> = i18n[start..end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .filter(|k| !k.contains(' '))
        .collect();
    assert!(keys.len() >= 10, "found the keys: {keys:?}");

    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("server/src"), &mut files);
    let code: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let unused: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| !code.contains(&format!(".{k}")))
        .collect();
    assert!(
        unused.is_empty(),
        "interface texts no code uses: {unused:?}"
    );
}
