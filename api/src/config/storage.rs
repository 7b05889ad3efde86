//! Document storage settings: local disk or Azure Blob Storage.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Secret;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageBackendKind {
    /// Files under a local folder.
    Local,
    /// Azure Blob Storage or ADLS Gen2 (also Azurite).
    Azure,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Storage")]
pub struct StorageConfig {
    /// Where organisations' files are kept.
    #[arg(
        long = "storage-backend",
        env = "VIGIL_STORAGE_BACKEND",
        value_enum,
        default_value = "local"
    )]
    pub backend: StorageBackendKind,

    /// Folder for the local backend.
    #[arg(
        long = "storage-local-dir",
        env = "VIGIL_STORAGE_LOCAL_DIR",
        default_value = ".data/storage"
    )]
    pub local_dir: PathBuf,

    /// Azure storage account name.
    #[arg(long = "azure-storage-account", env = "VIGIL_AZURE_STORAGE_ACCOUNT")]
    pub azure_account: Option<String>,

    /// Azure blob container (must exist; Vigil does not create it).
    #[arg(
        long = "azure-storage-container",
        env = "VIGIL_AZURE_STORAGE_CONTAINER",
        default_value = "vigil"
    )]
    pub azure_container: String,

    /// Azure shared key. Without a key or SAS token, managed identity is used.
    #[arg(
        long = "azure-storage-access-key",
        env = "VIGIL_AZURE_STORAGE_ACCESS_KEY"
    )]
    pub azure_access_key: Option<Secret>,

    /// Azure SAS token (query string, without the leading `?`).
    #[arg(
        long = "azure-storage-sas-token",
        env = "VIGIL_AZURE_STORAGE_SAS_TOKEN"
    )]
    pub azure_sas_token: Option<Secret>,

    /// Blob endpoint override, e.g. `http://127.0.0.1:10000/devstoreaccount1` for Azurite.
    #[arg(long = "azure-storage-endpoint", env = "VIGIL_AZURE_STORAGE_ENDPOINT")]
    pub azure_endpoint: Option<String>,

    /// Use the Azurite development account (devstoreaccount1) and its well-known key.
    #[arg(
        long = "azure-storage-use-emulator",
        env = "VIGIL_AZURE_STORAGE_USE_EMULATOR",
        default_value_t = false
    )]
    pub azure_use_emulator: bool,
}
