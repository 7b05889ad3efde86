//! Branding: the logo in blob storage (local disk and Azurite) and brand colours.

use std::io::Cursor;

use reqwest::Method;
use serde_json::json;
use vigil_core::onboarding::StepStatus;
use vigil_core::problem_code::ProblemCode;

use crate::helpers::responses::{Onboarding, Organization};
use crate::helpers::{TestApp, TestSession, assert_problem, expect_body, expect_problem};

fn image_bytes(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([
            u8::try_from(x % 256).unwrap(),
            u8::try_from(y % 256).unwrap(),
            120,
            255,
        ])
    });
    let mut out = Vec::new();
    let dynamic = if format == image::ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(image::DynamicImage::ImageRgba8(img).to_rgb8())
    } else {
        image::DynamicImage::ImageRgba8(img)
    };
    dynamic
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// A JPEG carrying an EXIF block with a GPS marker, to prove metadata is stripped.
fn jpeg_with_exif() -> Vec<u8> {
    let jpeg = image_bytes(64, 64, image::ImageFormat::Jpeg);
    let payload = b"Exif\0\0SECRET-GPS-LOCATION-MARKER";
    let length = u16::try_from(payload.len() + 2).unwrap();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A tiny PNG whose header claims 100000 × 100000 pixels: a decompression bomb.
fn pixel_bomb() -> Vec<u8> {
    let mut png = image_bytes(1, 1, image::ImageFormat::Png);
    // IHDR data starts after the 8-byte signature and the chunk's length and type (8 bytes).
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

async fn upload(
    app: &TestApp,
    session: &TestSession,
    bytes: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    upload_to(app, session, &session.org_id(), bytes, name).await
}

async fn upload_to(
    app: &TestApp,
    session: &TestSession,
    org_id: &str,
    bytes: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    app.as_user(
        session,
        Method::PUT,
        &format!("/api/v1/organizations/{org_id}/logo"),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

/// The logo URL of the organisation an upload answered.
async fn logo_url(response: reqwest::Response) -> String {
    let org: Organization = expect_body(response, 200).await;
    org.logo_url.expect("a logo URL")
}

async fn logo_round_trip(app: &TestApp) {
    let (_, owner) = app.signed_up_owner().await;

    for (format, name) in [
        (image::ImageFormat::Png, "logo.png"),
        (image::ImageFormat::Jpeg, "photo.jpg"),
        (image::ImageFormat::WebP, "logo.webp"),
    ] {
        let response = upload(app, &owner, image_bytes(1200, 600, format), name).await;
        assert_eq!(response.status(), 200, "{name}");
        let url = logo_url(response).await;
        assert!(
            url.starts_with(&format!("/api/v1/logos/{}/logo-", owner.org_id())),
            "{url}"
        );

        // Public (no cookie), cached for a year, always PNG, shrunk to fit 512×512.
        let served = app.get(&url).await;
        assert_eq!(served.status(), 200);
        assert_eq!(served.headers()["content-type"], "image/png");
        assert!(
            served.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age=31536000")
        );
        assert_eq!(served.headers()["x-content-type-options"], "nosniff");
        let bytes = served.bytes().await.unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (512, 256), "{name}");
    }

    // A new logo gets a new URL; the old one stops working and its blob is gone.
    let first = logo_url(
        upload(
            app,
            &owner,
            image_bytes(100, 100, image::ImageFormat::Png),
            "a.png",
        )
        .await,
    )
    .await;
    let second = logo_url(
        upload(
            app,
            &owner,
            image_bytes(90, 90, image::ImageFormat::Png),
            "b.png",
        )
        .await,
    )
    .await;
    assert_ne!(first, second);
    assert_eq!(app.get(&first).await.status(), 404);
    assert_eq!(app.get(&second).await.status(), 200);

    // Metadata is stripped by re-encoding.
    let stripped = upload(app, &owner, jpeg_with_exif(), "exif.jpg").await;
    let url = logo_url(stripped).await;
    let bytes = app.get(&url).await.bytes().await.unwrap();
    assert!(
        !bytes.windows(10).any(|w| w == b"SECRET-GPS"),
        "EXIF survived"
    );

    // Removing it.
    let removed = app
        .as_user(
            &owner,
            Method::DELETE,
            &format!("/api/v1/organizations/{}/logo", owner.org_id()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    assert_eq!(app.get(&url).await.status(), 404);
    let org: Organization = app
        .read_as(&owner, &format!("/api/v1/organizations/{}", owner.org_id()))
        .await;
    assert!(org.logo_url.is_none());
    let onboarding: Onboarding = app
        .read_as(
            &owner,
            &format!("/api/v1/organizations/{}/onboarding", owner.org_id()),
        )
        .await;
    assert_eq!(onboarding.steps[3].status, StepStatus::Completed);
}

#[tokio::test]
async fn logos_on_local_disk() {
    let app = TestApp::spawn().await;
    logo_round_trip(&app).await;
}

#[tokio::test]
async fn logos_on_azurite() {
    let app = TestApp::spawn_with(|config| config.storage = crate::storage::azurite_config()).await;
    logo_round_trip(&app).await;
}

#[tokio::test]
async fn bad_logos_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;

    // Named like an image, but a PDF by content.
    let pdf = upload(&app, &owner, b"%PDF-1.7\n1 0 obj\n".to_vec(), "logo.png").await;
    let problem = expect_problem(pdf, 422, "unsupported-image-type").await;
    assert!(problem.errors.contains_key("file"));
    // A GIF is an image, but not one we accept.
    let gif_bytes = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let gif = upload(&app, &owner, gif_bytes, "logo.gif").await;
    assert_problem(gif, 422, "unsupported-image-type").await;

    let mut truncated = image_bytes(300, 300, image::ImageFormat::Png);
    truncated.truncate(truncated.len() / 2);
    let corrupt = upload(&app, &owner, truncated, "logo.png").await;
    assert_problem(corrupt, 422, "image-unreadable").await;

    let bomb = upload(&app, &owner, pixel_bomb(), "bomb.png").await;
    assert_problem(bomb, 422, "image-too-large").await;

    let mut huge = image_bytes(4, 4, image::ImageFormat::Png);
    huge.resize(2 * 1024 * 1024 + 1, 0);
    let too_big = upload(&app, &owner, huge, "logo.png").await;
    assert_problem(too_big, 413, "payload-too-large").await;

    let form = reqwest::multipart::Form::new().text("other", "value");
    let missing = app
        .as_user(
            &owner,
            Method::PUT,
            &format!("/api/v1/organizations/{}/logo", owner.org_id()),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_problem(missing, 422, "file-missing").await;

    let not_multipart = app
        .send_as(
            &owner,
            Method::PUT,
            &format!("/api/v1/organizations/{}/logo", owner.org_id()),
            &json!({}),
        )
        .await;
    assert_problem(not_multipart, 415, "unsupported-media-type").await;

    let branding = app
        .storage_dir
        .path()
        .join(format!("organizations/{}/branding", owner.org_id()));
    let files: Vec<_> = std::fs::read_dir(branding)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, [".keep"], "nothing stored");
}

#[tokio::test]
async fn members_and_viewers_cannot_change_branding() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    for role in ["member", "viewer"] {
        let (_, someone) = app.member_of(&owner.org_id(), role).await;
        let logo = upload_to(
            &app,
            &someone,
            &owner.org_id(),
            image_bytes(10, 10, image::ImageFormat::Png),
            "x.png",
        )
        .await;
        assert_problem(logo, 403, "permission-denied").await;
        let colours = app
            .send_as(
                &someone,
                Method::PATCH,
                &format!("/api/v1/organizations/{}/branding", owner.org_id()),
                &json!({ "primary_colour": "#000000" }),
            )
            .await;
        assert_problem(colours, 403, "permission-denied").await;
    }
}

#[tokio::test]
async fn colours_are_validated_and_low_contrast_is_flagged() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.signed_up_owner().await;
    let path = format!("/api/v1/organizations/{}/branding", owner.org_id());

    let good = app
        .send_as(
            &owner,
            Method::PATCH,
            &path,
            &json!({ "primary_colour": "#1c5d99", "accent_colour": "#0B6E4F" }),
        )
        .await;
    let good: Organization = expect_body(good, 200).await;
    assert_eq!(good.primary_colour.as_deref(), Some("#1C5D99"));
    assert!(good.branding_warnings.is_empty(), "{good:?}");

    let pale = app
        .send_as(
            &owner,
            Method::PATCH,
            &path,
            &json!({ "primary_colour": "#FFD166", "accent_colour": "#F4F4F4" }),
        )
        .await;
    let pale: Organization = expect_body(pale, 200).await;
    let warnings = &pale.branding_warnings;
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0].field, "primary_colour");
    assert_eq!(warnings[0].code, ProblemCode::LowContrastText);
    assert!(warnings[0].message.contains("4.5:1"));
    assert!(warnings[0].contrast < 4.5);
    assert_eq!(warnings[1].field, "accent_colour");

    let bad = app
        .send_as(
            &owner,
            Method::PATCH,
            &path,
            &json!({ "primary_colour": "blue", "accent_colour": "#12345G" }),
        )
        .await;
    let problem = expect_problem(bad, 422, "validation-failed").await;
    assert!(problem.errors.contains_key("primary_colour"));
    assert!(problem.errors.contains_key("accent_colour"));

    let cleared = app
        .send_as(
            &owner,
            Method::PATCH,
            &path,
            &json!({ "accent_colour": null }),
        )
        .await;
    let cleared: Organization = expect_body(cleared, 200).await;
    assert!(cleared.accent_colour.is_none());
    assert_eq!(cleared.primary_colour.as_deref(), Some("#FFD166"));
}

#[tokio::test]
async fn a_logo_url_of_another_organisation_or_an_old_file_is_404() {
    let app = TestApp::spawn().await;
    let (_, alpha) = app.signed_up_owner().await;
    let (_, beta) = app.signed_up_owner().await;
    let url = logo_url(
        upload(
            &app,
            &alpha,
            image_bytes(20, 20, image::ImageFormat::Png),
            "a.png",
        )
        .await,
    )
    .await;
    let file = url.rsplit('/').next().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/logos/{}/{file}", beta.org_id()))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!(
            "/api/v1/logos/{}/logo-0000000000000000.png",
            alpha.org_id()
        ))
        .await
        .status(),
        404
    );
    assert_eq!(
        app.get(&format!(
            "/api/v1/logos/{}/..%2F..%2Fdocuments%2F.keep",
            alpha.org_id()
        ))
        .await
        .status(),
        404
    );
}
