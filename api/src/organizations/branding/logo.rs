//! The logo: what an upload must be, how it is re-encoded, and where it is stored and served.

use std::io::Cursor;

use sha2::{Digest, Sha256};

use crate::ids::OrgId;
use crate::organizations::branding::error::BrandingError;
use crate::organizations::model::Organization;
use crate::storage::{Area, BlobName, ObjectKey, logo_url_for};

/// Largest logo upload.
pub(super) const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// Logos are shrunk to fit this square.
const LOGO_BOX: u32 = 512;
/// Images claiming more pixels than this are refused before decoding (decompression bombs).
const MAX_SOURCE_DIMENSION: u32 = 8_000;

/// The public, content-addressed URL of an organisation's logo.
pub fn logo_url(org: &Organization) -> Option<String> {
    logo_url_for(org.id, org.logo_key.as_deref())
}

/// Where a processed logo is stored: named by its content, so a new logo gets a new URL.
pub(super) fn key_for(org_id: OrgId, png: &[u8]) -> ObjectKey {
    let hash = hex::encode(&Sha256::digest(png)[..8]);
    ObjectKey::new(
        org_id,
        Area::Branding,
        &BlobName::sanitize(&format!("logo-{hash}.png")),
    )
}

/// Checks the content (not the name) is PNG, JPEG or WebP, decodes it within limits, shrinks it
/// to fit 512×512 and re-encodes it as PNG, which drops all metadata.
pub(super) fn process(bytes: &[u8]) -> Result<Vec<u8>, BrandingError> {
    let format = match infer::get(bytes).map(|k| k.mime_type()) {
        Some("image/png") => image::ImageFormat::Png,
        Some("image/jpeg") => image::ImageFormat::Jpeg,
        Some("image/webp") => image::ImageFormat::WebP,
        _ => return Err(BrandingError::UnsupportedImageType),
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_DIMENSION);
    limits.max_image_height = Some(MAX_SOURCE_DIMENSION);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => BrandingError::ImageTooLarge {
            max: MAX_SOURCE_DIMENSION,
        },
        _ => BrandingError::ImageUnreadable,
    })?;
    let image = if image.width() > LOGO_BOX || image.height() > LOGO_BOX {
        image.resize(LOGO_BOX, LOGO_BOX, image::imageops::FilterType::Lanczos3)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(BrandingError::PngEncoding)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::new_rgb8(width, height)
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    fn dimensions(png: &[u8]) -> (u32, u32) {
        let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap();
        (image.width(), image.height())
    }

    #[test]
    fn large_logos_shrink_to_the_box_and_small_ones_keep_their_size() {
        let wide = process(&encoded(1024, 256, image::ImageFormat::Png)).unwrap();
        assert_eq!(dimensions(&wide), (512, 128));
        let small = process(&encoded(40, 30, image::ImageFormat::Jpeg)).unwrap();
        assert_eq!(dimensions(&small), (40, 30));
    }

    #[test]
    fn the_type_comes_from_the_content() {
        assert!(matches!(
            process(b"GIF89a not really"),
            Err(BrandingError::UnsupportedImageType)
        ));
        assert!(matches!(
            process(b"just text"),
            Err(BrandingError::UnsupportedImageType)
        ));
    }

    #[test]
    fn damaged_and_oversized_images_are_refused() {
        let png = encoded(64, 64, image::ImageFormat::Png);
        assert!(matches!(
            process(&png[..png.len() / 2]),
            Err(BrandingError::ImageUnreadable)
        ));
        let too_wide = encoded(MAX_SOURCE_DIMENSION + 1, 1, image::ImageFormat::Png);
        assert!(matches!(
            process(&too_wide),
            Err(BrandingError::ImageTooLarge { .. })
        ));
    }

    #[test]
    fn keys_and_urls_are_named_by_content() {
        let org_id = OrgId::from_uuid(uuid::Uuid::from_u128(7));
        let key = key_for(org_id, b"one");
        assert_eq!(key, key_for(org_id, b"one"));
        assert_ne!(key, key_for(org_id, b"two"));
        let url = logo_url_for(org_id, Some(key.as_str())).unwrap();
        let file = key.path().filename().unwrap();
        assert!(file.starts_with("logo-"));
        assert_eq!(std::path::Path::new(file).extension(), Some("png".as_ref()));
        assert_eq!(url, format!("/api/v1/logos/{org_id}/{file}"));
        // Another organisation's key never yields a URL.
        let other = OrgId::from_uuid(uuid::Uuid::from_u128(8));
        assert_eq!(logo_url_for(other, Some(key.as_str())), None);
        assert_eq!(logo_url_for(org_id, None), None);
    }
}
