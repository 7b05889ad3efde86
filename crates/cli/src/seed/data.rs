//! Realistic Australian healthcare data, generated from a seeded RNG: organisation names,
//! ABNs, addresses, staff, documents and their files, compliance results.

use std::io::{Cursor, Write};

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;

use vigil::compliance::ComplianceStatus;
use vigil::documents::kinds::DocumentKind;
use vigil::domain::Abn;

pub type Rng = ChaCha8Rng;

/// What kind of provider an organisation is; decides its name and standards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sector {
    Clinic,
    AgedCare,
    AlliedHealth,
}

const PLACES: &[&str] = &[
    "Harbourside",
    "Bayview",
    "Riverbend",
    "Wattle Grove",
    "Banksia",
    "Jacaranda",
    "Kookaburra",
    "Southern Cross",
    "Blue Gum",
    "Ironbark",
    "Paperbark",
    "Coral Coast",
    "Red Hill",
    "Greenvale",
    "Lakeside",
    "Mountain View",
    "Seaforth",
    "Northgate",
    "Westbourne",
    "Eastwood",
    "Golden Plains",
    "Hunter Valley",
    "Murray River",
    "Sunshine Coast",
    "Yarra Valley",
];

const CLINIC: &[&str] = &[
    "Medical Centre",
    "Family Practice",
    "General Practice",
    "Health Clinic",
    "Medical Group",
    "Community Health",
];
const AGED_CARE: &[&str] = &[
    "Aged Care",
    "Residential Care",
    "Lodge",
    "Retirement Living",
    "Care Community",
    "Gardens Aged Care",
];
const ALLIED: &[&str] = &[
    "Physiotherapy",
    "Podiatry",
    "Psychology",
    "Speech Pathology",
    "Occupational Therapy",
    "Allied Health",
    "Dental",
];

const STREETS: &[&str] = &[
    "George Street",
    "Main Road",
    "High Street",
    "Church Street",
    "Victoria Parade",
    "Station Street",
    "Beach Road",
    "Hospital Drive",
    "Queen Street",
    "Pacific Highway",
];

/// Suburb, state, postcode (real combinations), time zone.
const SUBURBS: &[(&str, &str, &str, &str)] = &[
    ("Parramatta", "NSW", "2150", "Australia/Sydney"),
    ("Newcastle", "NSW", "2300", "Australia/Sydney"),
    ("Wollongong", "NSW", "2500", "Australia/Sydney"),
    ("Fitzroy", "VIC", "3065", "Australia/Melbourne"),
    ("Geelong", "VIC", "3220", "Australia/Melbourne"),
    ("Ballarat", "VIC", "3350", "Australia/Melbourne"),
    ("Fortitude Valley", "QLD", "4006", "Australia/Brisbane"),
    ("Townsville", "QLD", "4810", "Australia/Brisbane"),
    ("Toowoomba", "QLD", "4350", "Australia/Brisbane"),
    ("Fremantle", "WA", "6160", "Australia/Perth"),
    ("Bunbury", "WA", "6230", "Australia/Perth"),
    ("Glenelg", "SA", "5045", "Australia/Adelaide"),
    ("Mount Gambier", "SA", "5290", "Australia/Adelaide"),
    ("Hobart", "TAS", "7000", "Australia/Hobart"),
    ("Launceston", "TAS", "7250", "Australia/Hobart"),
    ("Belconnen", "ACT", "2617", "Australia/Sydney"),
    ("Darwin", "NT", "0800", "Australia/Darwin"),
    ("Alice Springs", "NT", "0870", "Australia/Darwin"),
];

const FIRST_NAMES: &[&str] = &[
    "Olivia",
    "Charlotte",
    "Amelia",
    "Isla",
    "Mia",
    "Ava",
    "Grace",
    "Chloe",
    "Zoe",
    "Ruby",
    "Sophie",
    "Emily",
    "Priya",
    "Mei",
    "Aisha",
    "Fatima",
    "Linh",
    "Hannah",
    "Jack",
    "Oliver",
    "William",
    "Noah",
    "Thomas",
    "James",
    "Lucas",
    "Henry",
    "Ethan",
    "Liam",
    "Samuel",
    "Daniel",
    "Arjun",
    "Wei",
    "Minh",
    "Omar",
    "Mateo",
    "Kai",
    "Lachlan",
    "Cooper",
    "Harrison",
    "Angus",
];

const LAST_NAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Johnson", "Martin",
    "White", "Anderson", "Walker", "Thompson", "Harris", "Lee", "Ryan", "Robinson", "Kelly",
    "King", "Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Singh", "Chen", "Wang", "Tran", "Le", "Kaur", "Murphy", "O'Brien", "Campbell",
    "Mitchell", "Stewart",
];

const JOB_TITLES: &[&str] = &[
    "Practice Manager",
    "Registered Nurse",
    "General Practitioner",
    "Quality and Risk Coordinator",
    "Clinical Nurse Consultant",
    "Care Manager",
    "Physiotherapist",
    "Receptionist",
    "Enrolled Nurse",
    "Director of Nursing",
];

const DOCUMENT_TITLES: &[&str] = &[
    "Infection Prevention and Control Policy",
    "Hand Hygiene Audit",
    "Medication Management Procedure",
    "Clinical Governance Framework",
    "Incident Management Register",
    "Open Disclosure Policy",
    "Falls Prevention Plan",
    "Pressure Injury Prevention Procedure",
    "Consumer Feedback Log",
    "Staff Training Register",
    "Cold Chain Temperature Log",
    "Restrictive Practices Register",
    "Privacy and Confidentiality Policy",
    "Emergency and Disaster Plan",
    "Credentialing and Scope of Practice",
    "Complaints Handling Procedure",
    "Antimicrobial Stewardship Report",
    "Sterilisation Validation Record",
    "Clinical Handover Checklist",
    "Work Health and Safety Inspection",
];

const FINDINGS: &[&str] = &[
    "Review date has passed; the document needs re-approval.",
    "Responsibilities are not assigned to a named role.",
    "Evidence of staff training is missing for the period.",
    "The procedure does not reference the current standard.",
    "Version control details are incomplete.",
    "Monitoring and reporting arrangements are not described.",
];

pub fn sector(rng: &mut Rng) -> Sector {
    *[Sector::Clinic, Sector::AgedCare, Sector::AlliedHealth]
        .choose(rng)
        .unwrap_or(&Sector::Clinic)
}

fn pick<'a>(rng: &mut Rng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

pub fn org_name(rng: &mut Rng, sector: Sector) -> String {
    let suffixes = match sector {
        Sector::Clinic => CLINIC,
        Sector::AgedCare => AGED_CARE,
        Sector::AlliedHealth => ALLIED,
    };
    format!("{} {}", pick(rng, PLACES), pick(rng, suffixes))
}

/// A valid ABN, unique per `serial` (< 10^9): the nine digits after the two check digits are
/// `serial` scrambled by a bijection, and the check digits are the ones that pass
/// [`Abn::parse`].
pub fn abn(serial: u64) -> Option<Abn> {
    // 123_456_791 is coprime with 10^9, so this permutes 0..10^9.
    let body = (serial % 1_000_000_000) * 123_456_791 % 1_000_000_000;
    (10..100).find_map(|check| Abn::parse(&format!("{check}{body:09}")).ok())
}

/// Street address, suburb, state, postcode, time zone.
pub struct Address {
    pub line1: String,
    pub suburb: &'static str,
    pub state: &'static str,
    pub postcode: &'static str,
    pub time_zone: &'static str,
}

pub fn address(rng: &mut Rng) -> Address {
    let (suburb, state, postcode, time_zone) = *SUBURBS.choose(rng).unwrap_or(&SUBURBS[0]);
    Address {
        line1: format!("{} {}", rng.random_range(1..400), pick(rng, STREETS)),
        suburb,
        state,
        postcode,
        time_zone,
    }
}

pub struct Person {
    pub first: &'static str,
    pub last: &'static str,
    pub job_title: &'static str,
}

pub fn person(rng: &mut Rng) -> Person {
    Person {
        first: pick(rng, FIRST_NAMES),
        last: pick(rng, LAST_NAMES),
        job_title: pick(rng, JOB_TITLES),
    }
}

/// `first.last` in lower case, letters only.
pub fn email_local(person: &Person) -> String {
    format!("{}.{}", person.first, person.last)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == '.')
        .collect()
}

pub fn standards(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Clinic => &[
            "NSQHS-1", "NSQHS-2", "NSQHS-3", "NSQHS-4", "NSQHS-5", "NSQHS-6", "RACGP-5",
        ],
        Sector::AgedCare => &[
            "ACQS-1", "ACQS-2", "ACQS-3", "ACQS-4", "ACQS-5", "ACQS-6", "ACQS-7",
        ],
        Sector::AlliedHealth => &["NSQHS-1", "NSQHS-3", "NDIS-PS-1", "NDIS-PS-2", "AHPRA-CP"],
    }
}

pub fn document_title(rng: &mut Rng) -> String {
    let title = pick(rng, DOCUMENT_TITLES);
    let year = rng.random_range(2023..2027);
    format!("{title} {year}")
}

pub fn document_kind(rng: &mut Rng) -> DocumentKind {
    // Mostly policies (PDF, Word), some registers (CSV, Excel), a few notes and photos.
    let roll = rng.random_range(0..100);
    match roll {
        0..45 => DocumentKind::Pdf,
        45..70 => DocumentKind::Docx,
        70..80 => DocumentKind::Xlsx,
        80..90 => DocumentKind::Csv,
        90..96 => DocumentKind::Txt,
        96..98 => DocumentKind::Png,
        _ => DocumentKind::Jpeg,
    }
}

pub fn extension(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Jpeg => "jpg",
        other => other.as_str(),
    }
}

pub struct CheckResult {
    pub standard: &'static str,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Vec<&'static str>,
}

pub fn check_result(rng: &mut Rng, sector: Sector) -> CheckResult {
    let standard = pick(rng, standards(sector));
    let (status, score) = match rng.random_range(0..100) {
        0..55 => (ComplianceStatus::Compliant, rng.random_range(85..=100)),
        55..80 => (
            ComplianceStatus::PartiallyCompliant,
            rng.random_range(50..85),
        ),
        80..92 => (ComplianceStatus::NonCompliant, rng.random_range(0..50)),
        _ => (ComplianceStatus::NotAssessed, 0),
    };
    let findings = match status {
        ComplianceStatus::Compliant | ComplianceStatus::NotAssessed => Vec::new(),
        _ => (0..rng.random_range(1..=3))
            .map(|_| pick(rng, FINDINGS))
            .collect(),
    };
    CheckResult {
        standard,
        status,
        score: (status != ComplianceStatus::NotAssessed).then_some(f64::from(score)),
        findings,
    }
}

/// A small file of `kind` whose bytes are what the kind says (as upload detection sees it),
/// carrying the document's title so every file differs.
pub fn file_bytes(kind: DocumentKind, title: &str, org: &str) -> anyhow::Result<Vec<u8>> {
    let text = format!("{title}\n{org}\nApproved by the quality committee. Review annually.\n");
    Ok(match kind {
        DocumentKind::Pdf => pdf(&text),
        DocumentKind::Docx => office("word/document.xml", &text)?,
        DocumentKind::Xlsx => office("xl/workbook.xml", &text)?,
        DocumentKind::Csv => format!(
            "date,item,checked_by,result\n2026-03-02,{title},Quality team,pass\n2026-03-09,{title},Quality team,pass\n"
        )
        .replace(['\'', '"'], "")
        .into_bytes(),
        DocumentKind::Txt => text.into_bytes(),
        DocumentKind::Png => image(image::ImageFormat::Png, title)?,
        DocumentKind::Jpeg => image(image::ImageFormat::Jpeg, title)?,
    })
}

fn pdf(text: &str) -> Vec<u8> {
    let line: String = text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect();
    let stream = format!("BT /F1 14 Tf 72 720 Td ({line}) Tj ET");
    format!(
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n4 0 obj << /Length {} >> stream\n{stream}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        stream.len()
    )
    .into_bytes()
}

fn office(part: &str, text: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>")?;
    zip.start_file(part, options)?;
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    zip.write_all(format!("<?xml version=\"1.0\"?><document>{escaped}</document>").as_bytes())?;
    zip.finish()?;
    Ok(out.into_inner())
}

fn image(format: image::ImageFormat, title: &str) -> anyhow::Result<Vec<u8>> {
    // A tiny image tinted by the title, so files differ.
    let shade = title.bytes().fold(0u8, u8::wrapping_add);
    let mut out = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([shade, 120, 200]))
        .write_to(&mut Cursor::new(&mut out), format)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn abns_are_valid_and_distinct() {
        let abns: std::collections::HashSet<String> = (0..2000)
            .map(|n| abn(n).map(|a| a.as_str().to_owned()))
            .collect::<Option<_>>()
            .expect("every serial has an ABN");
        assert_eq!(abns.len(), 2000);
    }

    #[test]
    fn files_are_detected_as_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        for kind in DocumentKind::ALL {
            let bytes = file_bytes(kind, "Hand Hygiene Audit 2026", "Banksia Dental").unwrap();
            let path = dir.path().join("staged");
            std::fs::write(&path, &bytes).unwrap();
            let name = format!("audit.{}", extension(kind));
            let head = &bytes[..bytes.len().min(8192)];
            assert_eq!(
                vigil::documents::kinds::detect(head, &path, &name),
                Some(kind),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn results_meet_the_schema() {
        let mut rng = Rng::seed_from_u64(7);
        for _ in 0..500 {
            let result = check_result(&mut rng, Sector::AgedCare);
            assert!(result.score.is_none_or(|s| (0.0..=100.0).contains(&s)));
            assert!(result.standard.starts_with("ACQS-"));
        }
    }
}
