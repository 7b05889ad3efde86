//! The files of the documents about to be imported: inside the files folder, within the size
//! limit and of a kind Vigil keeps.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Document;
use vigil::documents::kinds::{self, DocumentKind};

/// A document's file, read and checked.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Canonical path.
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
    pub kind: DocumentKind,
}

/// Where a stored path points: relative paths from `root`; absolute ones as they are. Either
/// way the file must be inside `root` once symbolic links are resolved, so a crafted database
/// cannot copy files from elsewhere on the machine into an organisation.
pub fn resolve(file_path: &str, root: &Path) -> Result<PathBuf, String> {
    let stored = Path::new(file_path.trim());
    let joined = if stored.is_absolute() {
        stored.to_path_buf()
    } else {
        root.join(stored)
    };
    let real = joined.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("file {} does not exist", joined.display()),
        _ => format!("file {} cannot be read: {e}", joined.display()),
    })?;
    let root = root
        .canonicalize()
        .map_err(|e| format!("the files folder {} cannot be read: {e}", root.display()))?;
    // Both are canonical (no `..`, no links), so a prefix test is enough.
    if !real.starts_with(&root) {
        return Err(format!(
            "file {} is outside {} (pass --files-root to allow another folder)",
            joined.display(),
            root.display()
        ));
    }
    if !real.is_file() {
        return Err(format!("{} is not a file", joined.display()));
    }
    Ok(real)
}

/// Reads a document's file: size, SHA-256 and kind (from the content, as uploads are typed).
pub fn inspect_file(document: &Document, root: &Path, max_bytes: u64) -> Result<FileInfo, String> {
    let path = resolve(&document.file_path, root)?;
    let unreadable = |e: std::io::Error| format!("file {} cannot be read: {e}", path.display());
    let mut file = std::fs::File::open(&path).map_err(unreadable)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(64 * 1024);
    let mut buffer = vec![0u8; 1024 * 1024];
    let mut size: u64 = 0;
    loop {
        let read = file.read(&mut buffer).map_err(unreadable)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        if size > max_bytes {
            return Err(format!(
                "file {} is larger than the {} document limit",
                path.display(),
                human_bytes(max_bytes)
            ));
        }
        if head.len() < 64 * 1024 {
            let take = (64 * 1024 - head.len()).min(read);
            head.extend_from_slice(&buffer[..take]);
        }
        hasher.update(&buffer[..read]);
    }
    if size == 0 {
        return Err(format!("file {} is empty", path.display()));
    }
    let kind = kinds::detect(&head, &path, &document.file_path).ok_or_else(|| {
        format!(
            "file {} is not a type Vigil keeps (PDF, Word .docx, Excel .xlsx, CSV, text, PNG or JPEG, recognised by content)",
            path.display()
        )
    })?;
    Ok(FileInfo {
        path,
        size,
        sha256: hex::encode(hasher.finalize()),
        kind,
    })
}

/// The name a document gets in Vigil: its title (or the file's name), with the extension of
/// its kind so downloads open in the right program; at most 255 characters.
pub fn document_name(document: &Document, kind: DocumentKind) -> String {
    let title: String = document
        .title
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned();
    let base = if title.is_empty() {
        kinds::display_name(Some(&document.file_path))
    } else {
        title
    };
    let extensions: &[&str] = match kind {
        DocumentKind::Pdf => &[".pdf"],
        DocumentKind::Docx => &[".docx"],
        DocumentKind::Xlsx => &[".xlsx"],
        DocumentKind::Csv => &[".csv"],
        DocumentKind::Txt => &[".txt"],
        DocumentKind::Png => &[".png"],
        DocumentKind::Jpeg => &[".jpg", ".jpeg"],
    };
    let lower = base.to_lowercase();
    let suffix = if extensions.iter().any(|e| lower.ends_with(e)) {
        ""
    } else {
        extensions[0]
    };
    let room = 255 - suffix.chars().count();
    let mut name: String = base.chars().take(room).collect();
    name.push_str(suffix);
    name
}

/// `1.2 MB`, `850 KB`, `12 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b >= KB * KB * KB {
        format!("{:.1} GB", b / (KB * KB * KB))
    } else if b >= KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}
