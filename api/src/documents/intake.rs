//! Receiving an upload: the `file` field streamed to a staging file and to the malware scanner,
//! hashed as it arrives, never held whole in memory, then typed by its content.

use actix_multipart::Multipart;
use futures_util::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::documents::error::DocumentError;
use crate::documents::kinds::{self, DocumentKind};
use crate::documents::scanner::{Scan, Verdict};
use crate::http::multipart::UploadError;
use crate::state::AppState;

/// How much of the start of a file is kept in memory to recognise its type.
const SNIFF_BYTES: usize = 64 * 1024;

/// An upload received in full: on disk (staged), scanned, hashed, typed.
pub(super) struct Received {
    pub(super) staged: tempfile::TempPath,
    pub(super) name: String,
    pub(super) kind: DocumentKind,
    pub(super) size: u64,
    pub(super) sha256: String,
}

/// Streams the `file` field to a staging file (and to the scanner); other fields are skipped.
pub(super) async fn receive(
    state: &AppState,
    mut form: Multipart,
) -> Result<Received, DocumentError> {
    let limit = state.config.documents.max_bytes;
    let staging_dir = state
        .config
        .documents
        .staging_dir
        .clone()
        .unwrap_or_else(std::env::temp_dir);
    while let Some(mut field) = form.try_next().await.map_err(UploadError::from)? {
        if field.name() != Some("file") {
            continue;
        }
        let name =
            kinds::display_name(field.content_disposition().and_then(|cd| cd.get_filename()));
        let staged = tempfile::Builder::new()
            .prefix("vigil-upload-")
            .tempfile_in(&staging_dir)
            .map_err(DocumentError::Staging)?
            .into_temp_path();
        let mut file = tokio::fs::File::create(&staged)
            .await
            .map_err(DocumentError::Staging)?;
        let mut scan = match &state.config.documents.clamav_address {
            Some(address) => Some(Scan::start(address).await?),
            None => None,
        };
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        let mut size: u64 = 0;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(UploadError::from)?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(DocumentError::TooLarge { limit });
            }
            if head.len() < SNIFF_BYTES {
                let take = (SNIFF_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            file.write_all(&chunk)
                .await
                .map_err(DocumentError::Staging)?;
            if let Some(scan) = &mut scan {
                scan.send(&chunk).await?;
            }
        }
        file.flush().await.map_err(DocumentError::Staging)?;
        drop(file);
        if size == 0 {
            return Err(DocumentError::EmptyFile);
        }
        let verdict = match scan {
            Some(scan) => scan.finish().await?,
            None => Verdict::Clean,
        };
        if let Verdict::Infected(signature) = verdict {
            tracing::warn!(%signature, "infected upload refused");
            return Err(DocumentError::MalwareDetected);
        }
        // Reading a ZIP's parts is blocking file work: off the async threads.
        let (sniff_path, sniff_name) = (staged.to_path_buf(), name.clone());
        let kind =
            tokio::task::spawn_blocking(move || kinds::detect(&head, &sniff_path, &sniff_name))
                .await
                .map_err(DocumentError::TypeDetection)?
                .ok_or(DocumentError::UnsupportedType)?;
        return Ok(Received {
            staged,
            name,
            kind,
            size,
            sha256: hex::encode(hasher.finalize()),
        });
    }
    Err(DocumentError::FileMissing)
}
