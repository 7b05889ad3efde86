//! Australian organisation details: ABN, state or territory, postcode, brand colours.

/// An Australian Business Number: 11 digits passing the official modulus-89 check. Input may
/// contain spaces; the stored form has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Abn(String);

const ABN_WEIGHTS: [u32; 11] = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];

impl Abn {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("An ABN contains only digits (spaces are fine).".into());
        }
        if digits.len() != 11 {
            return Err(format!(
                "An ABN has 11 digits; this one has {}.",
                digits.len()
            ));
        }
        let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        if values[0] == 0 {
            return Err("An ABN cannot start with 0.".into());
        }
        // Subtract 1 from the first digit, weight each digit, and the sum must divide by 89.
        let sum: u32 = values
            .iter()
            .zip(ABN_WEIGHTS)
            .enumerate()
            .map(|(i, (digit, weight))| (if i == 0 { digit - 1 } else { *digit }) * weight)
            .sum();
        if !sum.is_multiple_of(89) {
            return Err(
                "This ABN fails the official checksum: check it for a typo (you can look it up at abr.business.gov.au)."
                    .into(),
            );
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Australian state or territory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuState {
    Act,
    Nsw,
    Nt,
    Qld,
    Sa,
    Tas,
    Vic,
    Wa,
}

impl AuState {
    pub const ALL: [AuState; 8] = [
        AuState::Act,
        AuState::Nsw,
        AuState::Nt,
        AuState::Qld,
        AuState::Sa,
        AuState::Tas,
        AuState::Vic,
        AuState::Wa,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuState::Act => "ACT",
            AuState::Nsw => "NSW",
            AuState::Nt => "NT",
            AuState::Qld => "QLD",
            AuState::Sa => "SA",
            AuState::Tas => "TAS",
            AuState::Vic => "VIC",
            AuState::Wa => "WA",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let upper = raw.trim().to_uppercase();
        AuState::ALL
            .into_iter()
            .find(|s| s.as_str() == upper)
            .ok_or_else(|| {
                "Use an Australian state or territory: ACT, NSW, NT, QLD, SA, TAS, VIC or WA."
                    .into()
            })
    }

    /// Australia Post's postcode ranges for the state (delivery and PO box ranges).
    fn postcode_ranges(self) -> &'static [(u16, u16)] {
        match self {
            AuState::Act => &[(200, 299), (2600, 2618), (2900, 2920)],
            AuState::Nsw => &[(1000, 2599), (2619, 2899), (2921, 2999)],
            AuState::Nt => &[(800, 999)],
            AuState::Qld => &[(4000, 4999), (9000, 9999)],
            AuState::Sa => &[(5000, 5999)],
            AuState::Tas => &[(7000, 7999)],
            AuState::Vic => &[(3000, 3999), (8000, 8999)],
            AuState::Wa => &[(6000, 6999)],
        }
    }
}

/// A four-digit Australian postcode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        if value.len() != 4 || !value.chars().all(|c| c.is_ascii_digit()) {
            return Err("A postcode has exactly 4 digits, e.g. 2000 or 0800.".into());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the postcode belongs to `state`; the message says which state it belongs to.
    pub fn check_state(&self, state: AuState) -> Result<(), String> {
        let number: u16 = self.0.parse().unwrap_or(0);
        let within = |s: AuState| {
            s.postcode_ranges()
                .iter()
                .any(|(a, b)| (*a..=*b).contains(&number))
        };
        if within(state) {
            return Ok(());
        }
        let actual = AuState::ALL.into_iter().find(|s| within(*s));
        Err(match actual {
            Some(actual) => format!(
                "Postcode {} is in {}, not {}.",
                self.0,
                actual.as_str(),
                state.as_str()
            ),
            None => format!("Postcode {} is not an Australian postcode.", self.0),
        })
    }
}

/// A colour as `#RRGGBB` (stored upper-case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let hex = value.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err("Use a colour in the form #RRGGBB, e.g. #1C5D99.".into());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        Ok(Self {
            r: channel(0),
            g: channel(2),
            b: channel(4),
        })
    }

    pub fn to_hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }

    /// WCAG 2.x relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    pub const WHITE: Colour = Colour {
        r: 255,
        g: 255,
        b: 255,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abn_checksum_vectors() {
        // Valid ABNs (ATO and ABR examples, and real public ABNs).
        for valid in [
            "51 824 753 556",
            "53 004 085 616",
            "33 102 417 032",
            "12004044937",
            "51824753556",
        ] {
            assert!(Abn::parse(valid).is_ok(), "{valid} should be valid");
        }
        assert_eq!(
            Abn::parse("51 824 753 556").unwrap().as_str(),
            "51824753556"
        );
        for (invalid, reason) in [
            ("51 824 753 557", "checksum"),
            ("12345678901", "checksum"),
            ("5182475355", "11 digits; this one has 10"),
            ("518247535561", "has 12"),
            ("51-824-753-556", "only digits"),
            ("01 824 753 556", "start with 0"),
            ("", "has 0"),
        ] {
            let error = Abn::parse(invalid).unwrap_err();
            assert!(error.contains(reason), "{invalid:?}: {error}");
        }
    }

    #[test]
    fn states_and_postcodes() {
        assert_eq!(AuState::parse(" nsw ").unwrap(), AuState::Nsw);
        assert!(AuState::parse("New South Wales").is_err());
        let sydney = Postcode::parse("2000").unwrap();
        assert!(sydney.check_state(AuState::Nsw).is_ok());
        assert_eq!(
            sydney.check_state(AuState::Vic).unwrap_err(),
            "Postcode 2000 is in NSW, not VIC."
        );
        assert!(
            Postcode::parse("0800")
                .unwrap()
                .check_state(AuState::Nt)
                .is_ok()
        );
        assert!(
            Postcode::parse("2600")
                .unwrap()
                .check_state(AuState::Act)
                .is_ok()
        );
        assert!(Postcode::parse("200").is_err());
        assert!(Postcode::parse("20000").is_err());
        assert!(Postcode::parse("abcd").is_err());
    }

    #[test]
    fn colours_and_contrast() {
        assert_eq!(Colour::parse("#1c5d99").unwrap().to_hex(), "#1C5D99");
        assert!(Colour::parse("1C5D99").is_err());
        assert!(Colour::parse("#12345").is_err());
        assert!(Colour::parse("#GGGGGG").is_err());
        let black = Colour::parse("#000000").unwrap();
        assert!((black.contrast(Colour::WHITE) - 21.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1 borderline.
        let grey = Colour::parse("#767676").unwrap();
        assert!((grey.contrast(Colour::WHITE) - 4.54).abs() < 0.01);
        assert!(Colour::parse("#FFFF00").unwrap().contrast(Colour::WHITE) < 4.5);
    }
}
