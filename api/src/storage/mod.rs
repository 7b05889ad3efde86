//! Blob storage for organisations' files: local disk by default, Azure Blob Storage / ADLS Gen2
//! (or Azurite) by configuration, behind one small interface on top of `object_store`.
//!
//! Every key is built by [`ObjectKey::new`] from a typed organisation id, an [`Area`] and a
//! sanitised [`BlobName`], so no caller concatenates paths and no name can leave its prefix.
//! Database dumps live apart, under `backups/`, addressed by a [`BackupKey`].

mod keys;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart};

pub use keys::{Area, BackupKey, BackupName, BlobName, InvalidBackupName, ObjectKey, logo_url_for};

use crate::config::{StorageBackendKind, StorageConfig};
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("object not found")]
    NotFound,
    #[error("storage is unavailable")]
    Unavailable(#[source] object_store::Error),
}

impl From<object_store::Error> for StorageError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => Self::NotFound,
            other => Self::Unavailable(other),
        }
    }
}

impl From<StorageError> for crate::error::AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound => Self::not_found("The file"),
            StorageError::Unavailable(source) => {
                tracing::error!(error = %source, "storage operation failed");
                Self::ServiceUnavailable {
                    code: ProblemCode::StorageUnavailable,
                    detail: "File storage is not available right now; nothing was changed. Please retry shortly.".into(),
                }
            }
        }
    }
}

/// Marker blob that makes an organisation's folders visible in tools that browse by prefix.
const FOLDER_MARKER: &str = ".keep";

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    description: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

impl Storage {
    /// Builds the configured backend. Does not touch the network; see [`Storage::check`].
    pub fn from_config(config: &StorageConfig) -> anyhow::Result<Self> {
        match config.backend {
            StorageBackendKind::Local => Self::local(&config.local_dir),
            StorageBackendKind::Azure => Self::azure(config),
        }
    }

    pub fn local(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create storage folder {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .with_context(|| format!("cannot open storage folder {}", dir.display()))?
            // Deleting the last file of a folder removes the empty folder too.
            .with_automatic_cleanup(true);
        Ok(Self {
            store: Arc::new(store),
            description: format!("local folder {}", dir.display()),
        })
    }

    fn azure(config: &StorageConfig) -> anyhow::Result<Self> {
        // from_env: managed identity on Container Apps and App Service (IDENTITY_ENDPOINT,
        // IDENTITY_HEADER) and a user-assigned identity's AZURE_CLIENT_ID; settings below win.
        let mut builder = MicrosoftAzureBuilder::from_env()
            .with_container_name(&config.azure_container)
            .with_use_emulator(config.azure_use_emulator)
            // Fail within seconds, not minutes, when the service is down: requests wait on this.
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(15),
                ..RetryConfig::default()
            });
        if let Some(account) = &config.azure_account {
            builder = builder.with_account(account);
        }
        if let Some(endpoint) = &config.azure_endpoint {
            builder = builder
                .with_endpoint(endpoint.clone())
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(key) = &config.azure_access_key {
            builder = builder.with_access_key(key.expose());
        } else if let Some(sas) = &config.azure_sas_token {
            builder = builder.with_config(AzureConfigKey::SasKey, sas.expose());
        }
        // With neither, object_store falls back to managed identity (or workload identity).
        let store = builder
            .build()
            .context("invalid Azure storage configuration")?;
        let account = config
            .azure_account
            .clone()
            .unwrap_or_else(|| "devstoreaccount1".into());
        Ok(Self {
            store: Arc::new(store),
            description: format!(
                "Azure container '{}' in account '{}'",
                config.azure_container, account
            ),
        })
    }

    /// Proves the backend is reachable and the container exists, with a message a person can act on.
    pub async fn check(&self) -> anyhow::Result<()> {
        let probe = Path::from("organizations");
        match self.store.list_with_delimiter(Some(&probe)).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::NotFound { .. }) => anyhow::bail!(
                "storage check failed: {} does not exist; create the container (Vigil does not) or fix VIGIL_AZURE_STORAGE_CONTAINER",
                self.description
            ),
            Err(error) => Err(anyhow::Error::new(error).context(format!(
                "storage check failed for {}: check the account, endpoint and credentials",
                self.description
            ))),
        }
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    pub async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(key.path(), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    pub async fn get(&self, key: &ObjectKey) -> Result<Bytes, StorageError> {
        Ok(self.store.get(key.path()).await?.bytes().await?)
    }

    /// Uploads a local file in parts, never holding it whole in memory. A failed upload is
    /// aborted and leaves nothing behind.
    pub async fn put_file(
        &self,
        key: &ObjectKey,
        file: &std::path::Path,
    ) -> Result<(), StorageError> {
        self.put_file_at(key.path(), file).await
    }

    async fn put_file_at(
        &self,
        location: &Path,
        file: &std::path::Path,
    ) -> Result<(), StorageError> {
        use tokio::io::AsyncReadExt;
        let upload = self.store.put_multipart(location).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, 5 * 1024 * 1024);
        let result: Result<(), StorageError> = async {
            let mut source = tokio::fs::File::open(file).await.map_err(|e| {
                StorageError::Unavailable(object_store::Error::Generic {
                    store: "staging",
                    source: Box::new(e),
                })
            })?;
            let mut buffer = vec![0u8; 1024 * 1024];
            loop {
                let read = source.read(&mut buffer).await.map_err(|e| {
                    StorageError::Unavailable(object_store::Error::Generic {
                        store: "staging",
                        source: Box::new(e),
                    })
                })?;
                if read == 0 {
                    break;
                }
                writer.wait_for_capacity(4).await?;
                writer.write(&buffer[..read]);
            }
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                writer.finish().await?;
                Ok(())
            }
            Err(error) => {
                let _ = writer.abort().await;
                Err(error)
            }
        }
    }

    /// Streams an object: its size and its bytes.
    pub async fn get_stream(&self, key: &ObjectKey) -> Result<(u64, ByteStream), StorageError> {
        self.stream_at(key.path()).await
    }

    /// The objects in one area of an organisation, with when each was last written.
    pub async fn list_with_age(
        &self,
        org_id: OrgId,
        area: Area,
    ) -> Result<Vec<(ObjectKey, chrono::DateTime<chrono::Utc>)>, StorageError> {
        let prefix = ObjectKey::area_prefix(org_id, area);
        let metas: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        Ok(metas
            .into_iter()
            .filter(|meta| meta.location.filename() != Some(FOLDER_MARKER))
            .map(|meta| {
                (
                    ObjectKey::from_trusted_path(meta.location),
                    meta.last_modified,
                )
            })
            .collect())
    }

    /// Organisations that have files (from the top-level folders).
    pub async fn organizations(&self) -> Result<Vec<OrgId>, StorageError> {
        let listing = self
            .store
            .list_with_delimiter(Some(&Path::from("organizations")))
            .await?;
        Ok(listing
            .common_prefixes
            .iter()
            .filter_map(|prefix| prefix.filename())
            .filter_map(|name| uuid::Uuid::parse_str(name).ok())
            .map(OrgId::from_uuid)
            .collect())
    }

    /// Deletes one object; deleting what is already gone is not an error.
    pub async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self.store.delete(key.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(StorageError::Unavailable(error)),
        }
    }

    /// Keys of every object in one area of an organisation.
    pub async fn list(&self, org_id: OrgId, area: Area) -> Result<Vec<ObjectKey>, StorageError> {
        let prefix = ObjectKey::area_prefix(org_id, area);
        let metas: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        Ok(metas
            .into_iter()
            .filter(|meta| meta.location.filename() != Some(FOLDER_MARKER))
            .map(|meta| ObjectKey::from_trusted_path(meta.location))
            .collect())
    }

    /// Creates the organisation's folders (a marker blob in each area).
    pub async fn create_org_folders(&self, org_id: OrgId) -> Result<(), StorageError> {
        for area in Area::ALL {
            let marker = ObjectKey::new(org_id, area, &BlobName::sanitize(FOLDER_MARKER));
            self.put(&marker, Bytes::new()).await?;
        }
        Ok(())
    }

    /// Removes everything under `organizations/{org_id}/`; returns how many objects went.
    pub async fn delete_org(&self, org_id: OrgId) -> Result<usize, StorageError> {
        let prefix = ObjectKey::org_prefix(org_id);
        let locations = self.store.list(Some(&prefix)).map_ok(|meta| meta.location);
        let deleted: Vec<Path> = self
            .store
            .delete_stream(Box::pin(locations))
            .try_collect()
            .await?;
        Ok(deleted.len())
    }

    // --- database dumps, under `backups/` ---------------------------------------------------

    /// Uploads a dump from a local file, in parts (dumps can be large).
    pub async fn put_backup(
        &self,
        key: &BackupKey,
        file: &std::path::Path,
    ) -> Result<(), StorageError> {
        self.put_file_at(key.path(), file).await
    }

    /// Streams a dump: its size and its bytes.
    pub async fn get_backup_stream(
        &self,
        key: &BackupKey,
    ) -> Result<(u64, ByteStream), StorageError> {
        self.stream_at(key.path()).await
    }

    async fn stream_at(&self, location: &Path) -> Result<(u64, ByteStream), StorageError> {
        let result = self.store.get(location).await?;
        let size = result.meta.size;
        let stream = result.into_stream().map_err(StorageError::from);
        Ok((size, Box::pin(stream)))
    }

    /// The dumps under `backups/` (anything else there is ignored), oldest first.
    pub async fn list_backups(&self) -> Result<Vec<StoredBackup>, StorageError> {
        let metas: Vec<_> = self
            .store
            .list(Some(&BackupKey::prefix()))
            .try_collect()
            .await?;
        let mut backups: Vec<StoredBackup> = metas
            .into_iter()
            .filter_map(|meta| {
                BackupKey::from_listed(&meta.location).map(|key| StoredBackup {
                    key,
                    size: meta.size,
                    last_modified: meta.last_modified,
                })
            })
            .collect();
        backups.sort_by(|a, b| a.key.name().cmp(b.key.name()));
        Ok(backups)
    }

    /// Deletes one dump; deleting what is already gone is not an error.
    pub async fn delete_backup(&self, key: &BackupKey) -> Result<(), StorageError> {
        match self.store.delete(key.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(StorageError::Unavailable(error)),
        }
    }
}

/// An object's bytes, as they arrive.
pub type ByteStream = futures_util::stream::BoxStream<'static, Result<Bytes, StorageError>>;

/// A dump in storage.
#[derive(Clone, Debug)]
pub struct StoredBackup {
    pub key: BackupKey,
    pub size: u64,
    pub last_modified: chrono::DateTime<chrono::Utc>,
}
