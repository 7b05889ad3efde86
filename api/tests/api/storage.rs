//! One storage suite, run against local disk and against Azurite (Azure Blob Storage).

use bytes::Bytes;
use vigil::config::{Config, Secret, StorageBackendKind, StorageConfig};
use vigil::ids::OrgId;
use vigil::storage::{Area, BlobName, ObjectKey, Storage, StorageError};

use crate::helpers::required_env;

/// Azurite's public, well-known development key.
const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

fn base_config() -> StorageConfig {
    Config::try_from_args(["vigil", "--database-url", "postgres://unused"])
        .unwrap()
        .storage
}

pub(crate) fn azurite_config() -> StorageConfig {
    let mut config = base_config();
    config.backend = StorageBackendKind::Azure;
    config.azure_account = Some("devstoreaccount1".into());
    config.azure_access_key = Some(Secret::new(AZURITE_KEY));
    config.azure_endpoint = Some(required_env("VIGIL_TEST_AZURITE_ENDPOINT"));
    config.azure_container = required_env("VIGIL_TEST_AZURITE_CONTAINER");
    config
}

async fn round_trip(storage: &Storage) {
    let org = OrgId::new();
    let key = ObjectKey::new(org, Area::Documents, &BlobName::sanitize("policy.pdf"));
    storage
        .put(&key, Bytes::from_static(b"%PDF-1.7 hello"))
        .await
        .unwrap();
    assert_eq!(
        storage.get(&key).await.unwrap(),
        Bytes::from_static(b"%PDF-1.7 hello")
    );

    // Overwrite replaces.
    storage.put(&key, Bytes::from_static(b"v2")).await.unwrap();
    assert_eq!(storage.get(&key).await.unwrap(), Bytes::from_static(b"v2"));

    storage.delete(&key).await.unwrap();
    assert!(matches!(
        storage.get(&key).await,
        Err(StorageError::NotFound)
    ));
    // Deleting again is not an error.
    storage.delete(&key).await.unwrap();
}

async fn folders_are_created_per_organisation(storage: &Storage) {
    let org = OrgId::new();
    storage.create_org_folders(org).await.unwrap();
    for area in Area::ALL {
        let marker = ObjectKey::new(org, area, &BlobName::sanitize(".keep"));
        assert!(
            marker
                .as_str()
                .starts_with(&format!("organizations/{org}/{}/", area.as_str())),
            "{marker}"
        );
        assert_eq!(
            storage.get(&marker).await.unwrap(),
            Bytes::new(),
            "{marker}"
        );
        // Markers are not listed as content.
        assert!(storage.list(org, area).await.unwrap().is_empty());
    }
}

async fn organisations_are_separate_and_purged_alone(storage: &Storage) {
    let (a, b) = (OrgId::new(), OrgId::new());
    let name = BlobName::sanitize("same-name.txt");
    let key_a = ObjectKey::new(a, Area::Reports, &name);
    let key_b = ObjectKey::new(b, Area::Reports, &name);
    assert_ne!(key_a, key_b);
    storage.create_org_folders(a).await.unwrap();
    storage.create_org_folders(b).await.unwrap();
    storage.put(&key_a, Bytes::from_static(b"A")).await.unwrap();
    storage.put(&key_b, Bytes::from_static(b"B")).await.unwrap();

    assert_eq!(
        storage.list(a, Area::Reports).await.unwrap(),
        vec![key_a.clone()]
    );
    assert_eq!(
        storage.list(b, Area::Reports).await.unwrap(),
        vec![key_b.clone()]
    );

    let purged = storage.delete_org(a).await.unwrap();
    assert_eq!(purged, 5, "four folder markers and one report");
    assert!(matches!(
        storage.get(&key_a).await,
        Err(StorageError::NotFound)
    ));
    assert_eq!(storage.get(&key_b).await.unwrap(), Bytes::from_static(b"B"));
    assert_eq!(storage.delete_org(a).await.unwrap(), 0);
}

async fn hostile_names_stay_under_the_prefix(storage: &Storage) {
    let org = OrgId::new();
    for raw in [
        "../../escape.txt",
        "/etc/passwd",
        "..",
        "a/../../b",
        "nul\0byte",
        "ünïcødé.pdf",
    ] {
        let key = ObjectKey::new(org, Area::Documents, &BlobName::sanitize(raw));
        storage.put(&key, Bytes::from_static(b"x")).await.unwrap();
    }
    let listed = storage.list(org, Area::Documents).await.unwrap();
    assert_eq!(listed.len(), 6);
    for key in listed {
        assert!(
            key.as_str()
                .starts_with(&format!("organizations/{org}/documents/")),
            "{key}"
        );
        assert_eq!(key.as_str().matches('/').count(), 3, "{key}");
    }
    storage.delete_org(org).await.unwrap();
}

macro_rules! storage_suite {
    ($($name:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let storage = vigil::storage::Storage::local(dir.path()).unwrap();
                    storage.check().await.unwrap();
                    super::$name(&storage).await;
                }
            )*
        }
        mod azurite {
            $(
                #[tokio::test]
                async fn $name() {
                    let storage = vigil::storage::Storage::from_config(&super::azurite_config()).unwrap();
                    storage.check().await.unwrap();
                    super::$name(&storage).await;
                }
            )*
        }
    };
}

storage_suite!(
    round_trip,
    folders_are_created_per_organisation,
    organisations_are_separate_and_purged_alone,
    hostile_names_stay_under_the_prefix,
);

#[tokio::test]
async fn a_missing_container_is_reported_clearly() {
    let mut config = azurite_config();
    config.azure_container = format!("missing-{}", uuid::Uuid::new_v4().simple());
    let storage = Storage::from_config(&config).unwrap();
    let message = format!("{:#}", storage.check().await.unwrap_err());
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains(&config.azure_container), "{message}");
}

#[tokio::test]
async fn wrong_credentials_are_reported_clearly() {
    let mut config = azurite_config();
    config.azure_access_key = Some(Secret::new(
        "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==",
    ));
    let storage = Storage::from_config(&config).unwrap();
    let message = format!("{:#}", storage.check().await.unwrap_err());
    assert!(message.contains("credentials"), "{message}");
    assert!(
        !message.contains("d3Jvbmct"),
        "the key leaked into the message: {message}"
    );
}

#[tokio::test]
async fn the_server_refuses_to_start_without_its_container() {
    let mut storage = azurite_config();
    storage.azure_container = format!("missing-{}", uuid::Uuid::new_v4().simple());
    let db = crate::helpers::TestDb::create();
    let mut config = Config::try_from_args([
        "vigil",
        "--bind",
        "127.0.0.1:0",
        "--database-url",
        &db.app_url(),
    ])
    .unwrap();
    config.storage = storage;
    let error = match vigil::startup::Application::build(config).await {
        Ok(_) => panic!("the server started without its container"),
        Err(error) => format!("{error:#}"),
    };
    assert!(error.contains("does not exist"), "{error}");
}
