//! Brand colours: each `#RRGGBB` (stored upper-case), and the WCAG AA contrast they reach.

use crate::domain::{Colour, Fields, Invalid};
use crate::organizations::branding::dto::{BrandingWarning, UpdateBrandingRequest};
use vigil_core::problem_code::ProblemCode;

/// The colours a request sets: `None` leaves a colour as it is, `Some(None)` clears it.
#[derive(Debug, PartialEq)]
pub(super) struct NewColours {
    pub(super) primary: Option<Option<String>>,
    pub(super) accent: Option<Option<String>>,
}

/// The colours the body asks for, normalised, or every field that is wrong.
pub(super) fn parse(body: &UpdateBrandingRequest) -> Result<NewColours, Invalid> {
    let mut fields = Fields::new();
    let primary = parse_one(&mut fields, "primary_colour", body.primary_colour.as_ref());
    let accent = parse_one(&mut fields, "accent_colour", body.accent_colour.as_ref());
    fields.finish(Some(()))?;
    Ok(NewColours { primary, accent })
}

fn parse_one(
    fields: &mut Fields,
    name: &str,
    raw: Option<&Option<String>>,
) -> Option<Option<String>> {
    match raw {
        None => None,
        Some(None) => Some(None),
        Some(Some(value)) => fields
            .take(name, Colour::parse(value))
            .map(|c| Some(c.to_hex())),
    }
}

/// WCAG AA checks: white text on the primary colour needs 4.5:1; the accent colour, used for
/// controls on white, needs 3:1 (WCAG 1.4.11).
pub fn warnings(primary: Option<&str>, accent: Option<&str>) -> Vec<BrandingWarning> {
    let primary = below(primary, 4.5).map(|(colour, ratio)| BrandingWarning {
        field: "primary_colour",
        code: ProblemCode::LowContrastText,
        message: format!(
            "White text on {} has a contrast of {ratio:.1}:1; WCAG AA needs 4.5:1. Choose a darker primary colour so headings and buttons stay readable.",
            colour.to_hex()
        ),
        contrast: two_places(ratio),
    });
    let accent = below(accent, 3.0).map(|(colour, ratio)| BrandingWarning {
        field: "accent_colour",
        code: ProblemCode::LowContrastAccent,
        message: format!(
            "{} on a white background has a contrast of {ratio:.1}:1; WCAG AA needs 3:1 for controls. Choose a darker accent colour.",
            colour.to_hex()
        ),
        contrast: two_places(ratio),
    });
    primary.into_iter().chain(accent).collect()
}

/// The stored colour and its contrast with white, when it parses and falls short of `minimum`.
fn below(stored: Option<&str>, minimum: f64) -> Option<(Colour, f64)> {
    let colour = Colour::parse(stored?).ok()?;
    let ratio = colour.contrast(Colour::WHITE);
    (ratio < minimum).then_some((colour, ratio))
}

fn two_places(ratio: f64) -> f64 {
    (ratio * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(
        primary: Option<Option<&str>>,
        accent: Option<Option<&str>>,
    ) -> UpdateBrandingRequest {
        let owned = |c: Option<Option<&str>>| c.map(|c| c.map(str::to_owned));
        UpdateBrandingRequest {
            primary_colour: owned(primary),
            accent_colour: owned(accent),
        }
    }

    #[test]
    fn colours_are_normalised_cleared_or_left_alone() {
        let colours = parse(&request(Some(Some(" #1c5d99 ")), Some(None))).unwrap();
        assert_eq!(
            colours,
            NewColours {
                primary: Some(Some("#1C5D99".to_owned())),
                accent: Some(None),
            }
        );
        let untouched = parse(&request(None, None)).unwrap();
        assert_eq!(untouched.primary, None);
        assert_eq!(untouched.accent, None);
    }

    #[test]
    fn every_wrong_colour_is_named() {
        let error = parse(&request(Some(Some("blue")), Some(Some("#12345")))).unwrap_err();
        let Invalid::Fields(errors) = error else {
            panic!("expected field errors, got {error:?}");
        };
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["accent_colour", "primary_colour"]
        );
    }

    #[test]
    fn low_contrast_is_flagged_per_colour() {
        assert!(warnings(Some("#1C5D99"), Some("#1C5D99")).is_empty());
        assert!(warnings(None, None).is_empty());
        // Stored values that no longer parse are not judged.
        assert!(warnings(Some("not a colour"), None).is_empty());

        let flagged = warnings(Some("#FFFF00"), Some("#F2A541"));
        let codes: Vec<_> = flagged.iter().map(|w| (w.field, w.code)).collect();
        assert_eq!(
            codes,
            [
                ("primary_colour", ProblemCode::LowContrastText),
                ("accent_colour", ProblemCode::LowContrastAccent),
            ]
        );
        // The measure is rounded to two places; the message shows one.
        assert!((flagged[0].contrast - 1.07).abs() < 1e-9);
        assert!(
            flagged[0]
                .message
                .starts_with("White text on #FFFF00 has a contrast of 1.1:1")
        );
    }

    #[test]
    fn the_accent_needs_only_three_to_one() {
        // About 3.5:1 against white: too little for text, enough for controls.
        let mid = "#2F8FD0";
        let flagged = warnings(Some(mid), Some(mid));
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].field, "primary_colour");
    }
}
