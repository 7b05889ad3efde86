//! Sample files of every accepted type, made here.

use std::io::{Cursor, Write};

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn office(part: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file(part, options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><document/>")
        .unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

pub fn docx() -> Vec<u8> {
    office("word/document.xml")
}

pub fn xlsx() -> Vec<u8> {
    office("xl/workbook.xml")
}

pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbaImage::new(4, 4)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn jpeg() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::new(4, 4)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

pub fn csv() -> Vec<u8> {
    b"policy,owner,review\nInfection control,Jane,2026-12-01\nHand hygiene,Sam,2027-01-15\n"
        .to_vec()
}

pub fn txt() -> Vec<u8> {
    "Medication storage policy.\nKeep the fridge between 2 and 8 \u{b0}C.\n"
        .as_bytes()
        .to_vec()
}

/// The EICAR antivirus test string (harmless; every scanner flags it).
pub fn eicar() -> Vec<u8> {
    br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".to_vec()
}
