//! Which document types are accepted, detected from the content (never from the name).

pub use vigil_core::documents::DocumentKind;

/// Office Open XML files are ZIP archives: the parts inside say which kind.
fn office_kind(file: &std::path::Path) -> Option<DocumentKind> {
    let archive = zip::ZipArchive::new(std::fs::File::open(file).ok()?).ok()?;
    if archive.index_for_name("word/document.xml").is_some() {
        Some(DocumentKind::Docx)
    } else if archive.index_for_name("xl/workbook.xml").is_some() {
        Some(DocumentKind::Xlsx)
    } else {
        None
    }
}

/// Plain text: UTF-8 (a character cut at the end of the sample is fine), no NUL bytes.
fn is_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or("\0")
        }
        Err(_) => return false,
    };
    !text.contains('\0')
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{feff}' | '\u{c}'))
}

/// Comma- or semicolon-separated: the first lines all have the same, non-zero number of
/// separators (or the name says .csv).
fn looks_like_csv(head: &[u8], name: &str) -> bool {
    if name.to_lowercase().ends_with(".csv") {
        return true;
    }
    let text = String::from_utf8_lossy(head);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    if lines.len() < 2 {
        return false;
    }
    [',', ';'].iter().any(|sep| {
        let first = lines[0].matches(*sep).count();
        first > 0 && lines.iter().all(|l| l.matches(*sep).count() == first)
    })
}

/// Detects the kind from the first bytes (and, for ZIP archives, from the staged file).
pub fn detect(head: &[u8], staged: &std::path::Path, name: &str) -> Option<DocumentKind> {
    match infer::get(head).map(|t| t.mime_type()) {
        Some("application/pdf") => Some(DocumentKind::Pdf),
        Some("image/png") => Some(DocumentKind::Png),
        Some("image/jpeg") => Some(DocumentKind::Jpeg),
        Some(
            "application/zip"
            | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ) => office_kind(staged),
        None if is_text(head) => Some(if looks_like_csv(head, name) {
            DocumentKind::Csv
        } else {
            DocumentKind::Txt
        }),
        Some(_) | None => None,
    }
}

/// A display name from the uploaded file name: no folders, no control characters, at most
/// 255 characters. Never used to build a storage key.
pub fn display_name(raw: Option<&str>) -> String {
    let raw = raw.unwrap_or("");
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(255)
        .collect();
    if cleaned.is_empty() {
        "document".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(display_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(
            display_name(Some("C:\\Users\\me\\Policy v2.pdf")),
            "Policy v2.pdf"
        );
        assert_eq!(display_name(Some("evil\u{0}\u{7}name.txt")), "evilname.txt");
        assert_eq!(display_name(Some("...hidden")), "hidden");
        assert_eq!(display_name(Some("")), "document");
        assert_eq!(display_name(None), "document");
        assert_eq!(display_name(Some(&"é".repeat(400))).chars().count(), 255);
    }

    #[test]
    fn text_and_csv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        assert_eq!(
            detect(b"a,b,c\n1,2,3\n4,5,6\n", &path, "x"),
            Some(DocumentKind::Csv)
        );
        assert_eq!(
            detect(b"name;score\nA;1\n", &path, "x"),
            Some(DocumentKind::Csv)
        );
        assert_eq!(
            detect(b"Policy text, with commas.\nAnd more.", &path, "p.txt"),
            Some(DocumentKind::Txt)
        );
        assert_eq!(
            detect(b"single line", &path, "notes.csv"),
            Some(DocumentKind::Csv)
        );
        assert_eq!(detect(b"\x00\x01binary", &path, "x"), None);
        assert_eq!(detect(b"GIF89a......", &path, "x.pdf"), None);
        // A multi-byte character cut at the end of the sample is still text.
        let mut cut = "caf\u{e9}".as_bytes().to_vec();
        cut.pop();
        assert_eq!(detect(&cut, &path, "x"), Some(DocumentKind::Txt));
    }
}
