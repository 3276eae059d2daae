//! Where affected people live: US states and territories, and countries.
//!
//! Keys of the `[residents]` table and the `state` / `country` of a report are
//! two-letter codes. A code that is a US postal abbreviation (`CA`, `NY`,
//! `PR`) names a state or territory; any other ISO 3166-1 alpha-2 code names a
//! country. Countries whose code is also a US postal abbreviation (Canada `CA`,
//! Germany `DE`, India `IN`, ...) are written in `[residents.country]`, where
//! every key is a country.

use std::fmt;

use super::suggest;

/// A US state or territory, or a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// A US state, the District of Columbia, or a US territory, by postal code.
    UsState(&'static str),
    /// A country, by ISO 3166-1 alpha-2 code.
    Country(&'static str),
}

impl Region {
    /// The US state or territory with postal code `code` (upper-case).
    pub fn us_state(code: &str) -> Option<Region> {
        US_STATES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, _)| Region::UsState(c))
    }

    /// The country with ISO 3166-1 alpha-2 code `code` (upper-case).
    pub fn country(code: &str) -> Option<Region> {
        COUNTRIES
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .ok()
            .map(|i| Region::Country(COUNTRIES[i].0))
    }

    /// Reads a code as written at the top of `[residents]`: a US postal code
    /// first, any other ISO country code second.
    pub fn from_code(code: &str) -> Option<Region> {
        Region::us_state(code).or_else(|| Region::country(code))
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Region::UsState(c) | Region::Country(c) => c,
        }
    }

    /// The English name ("California", "Canada").
    pub fn name(self) -> &'static str {
        let table: &[(&str, &str)] = match self {
            Region::UsState(_) => US_STATES,
            Region::Country(_) => COUNTRIES,
        };
        table
            .iter()
            .find(|(c, _)| *c == self.code())
            .map_or("", |(_, n)| n)
    }

    /// Whether this is a US state or territory.
    pub fn is_us_state(self) -> bool {
        matches!(self, Region::UsState(_))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which kind of code a key or value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeKind {
    /// A US postal code or, failing that, a country code (`[residents]` keys).
    StateOrCountry,
    /// A US postal code only (a report's `state`).
    State,
    /// A country code only (`[residents.country]` keys, a report's `country`).
    Country,
}

/// Why a code was rejected: the message and the help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeError {
    pub message: String,
    pub help: String,
}

/// Validates `code` as `kind`, explaining the likely mistake when it is not valid.
pub(crate) fn parse_code(code: &str, kind: CodeKind) -> Result<Region, CodeError> {
    let found = match kind {
        CodeKind::StateOrCountry => Region::from_code(code),
        CodeKind::State => Region::us_state(code),
        CodeKind::Country => Region::country(code),
    };
    if let Some(r) = found {
        return Ok(r);
    }
    let what = match kind {
        CodeKind::StateOrCountry => "state or country code",
        CodeKind::State => "US state code",
        CodeKind::Country => "country code",
    };
    let message = format!("unknown {what} `{code}`");
    let trimmed = code.trim();
    let upper = trimmed.to_ascii_uppercase();

    // Right letters, wrong case or stray spaces: `ca`, `Ny`, ` TX`.
    if upper != code {
        let again = match kind {
            CodeKind::StateOrCountry => Region::from_code(&upper),
            CodeKind::State => Region::us_state(&upper),
            CodeKind::Country => Region::country(&upper),
        };
        if let Some(r) = again {
            return Err(CodeError {
                message,
                help: format!(
                    "codes are upper-case: did you mean `{}` ({})?",
                    r.code(),
                    r.name()
                ),
            });
        }
    }
    // A state where a country is expected, or the reverse.
    match kind {
        CodeKind::State => {
            if let Some(c) = Region::country(&upper) {
                return Err(CodeError {
                    message,
                    help: format!(
                        "`{}` is the country code of {}; write `country = \"{}\"` instead",
                        c.code(),
                        c.name(),
                        c.code()
                    ),
                });
            }
        }
        CodeKind::Country | CodeKind::StateOrCountry => {}
    }
    if upper == "UK" {
        return Err(CodeError {
            message,
            help: "the ISO 3166-1 code of the United Kingdom is `GB`".to_string(),
        });
    }
    // A full name: `California`, `New York`, `Canada`.
    if let Some(help) = name_to_code_help(trimmed, kind) {
        return Err(CodeError { message, help });
    }
    let help = match kind {
        CodeKind::StateOrCountry => {
            "use a two-letter US postal code (`CA`, `NY`) or an ISO 3166-1 country code (`GB`, `MX`)"
        }
        CodeKind::State => "use a two-letter US postal code such as `CA` or `NY`",
        CodeKind::Country => "use an ISO 3166-1 alpha-2 country code such as `CA`, `DE` or `GB`",
    };
    Err(CodeError {
        message,
        help: help.to_string(),
    })
}

/// Help for a key that spells out a state or country name instead of its code.
fn name_to_code_help(name: &str, kind: CodeKind) -> Option<String> {
    let lower = name.to_lowercase();
    let states = if kind == CodeKind::Country {
        &[][..]
    } else {
        US_STATES
    };
    let countries = if kind == CodeKind::State {
        &[][..]
    } else {
        COUNTRIES
    };
    let exact = |table: &'static [(&'static str, &'static str)]| {
        table
            .iter()
            .find(|(_, n)| n.to_lowercase() == lower)
            .copied()
    };
    let fuzzy = |table: &'static [(&'static str, &'static str)]| {
        let names: Vec<String> = table.iter().map(|(_, n)| n.to_lowercase()).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let best = suggest(&lower, &refs)?;
        let i = refs.iter().position(|n| *n == best)?;
        Some(table[i])
    };
    // Exact names first, so "Mexico" is not taken for a typo of "New Mexico".
    let (code, n) = exact(states)
        .or_else(|| exact(countries))
        .or_else(|| fuzzy(states))
        .or_else(|| fuzzy(countries))?;
    let is_country = !states.iter().any(|(c, m)| *c == code && *m == n);
    Some(
        if is_country && kind == CodeKind::StateOrCountry && Region::us_state(code).is_some() {
            format!(
                "the country code of {n} is `{code}`, which is also a US state code; \
                 write it under `[residents.country]` as `{code} = ...`"
            )
        } else {
            format!("use the two-letter code of {n}: `{code}`")
        },
    )
}

/// US postal codes of the states, the District of Columbia and the inhabited
/// territories, with their names.
pub(crate) const US_STATES: &[(&str, &str)] = &[
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AR", "Arkansas"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DC", "District of Columbia"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MP", "Northern Mariana Islands"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NV", "Nevada"),
    ("NY", "New York"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VI", "U.S. Virgin Islands"),
    ("VT", "Vermont"),
    ("WA", "Washington"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
];

/// ISO 3166-1 alpha-2 codes with their common English names, sorted by code
/// (binary-searched).
pub(crate) const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands"),
    ("AZ", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei Darussalam"),
    ("BO", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba"),
    ("BR", "Brazil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Congo, The Democratic Republic of the"),
    ("CF", "Central African Republic"),
    ("CG", "Congo"),
    ("CH", "Switzerland"),
    ("CI", "Côte d'Ivoire"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands (Malvinas)"),
    ("FM", "Micronesia, Federated States of"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom"),
    ("GD", "Grenada"),
    ("GE", "Georgia"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan"),
    ("LA", "Laos"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin (French part)"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia"),
    ("ML", "Mali"),
    ("MM", "Myanmar"),
    ("MN", "Mongolia"),
    ("MO", "Macao"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine, State of"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russian Federation"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "Sao Tome and Principe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("SY", "Syria"),
    ("SZ", "Eswatini"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    ("US", "United States"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan"),
    ("VA", "Holy See (Vatican City State)"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela"),
    ("VG", "Virgin Islands, British"),
    ("VI", "Virgin Islands, U.S."),
    ("VN", "Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_upper_case() {
        for table in [US_STATES, COUNTRIES] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(
                table
                    .iter()
                    .all(|(c, _)| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
            );
        }
        assert_eq!(US_STATES.len(), 56);
    }

    #[test]
    fn states_win_over_countries_at_the_top_level() {
        assert_eq!(Region::from_code("CA"), Some(Region::UsState("CA")));
        assert_eq!(Region::from_code("MX"), Some(Region::Country("MX")));
        assert_eq!(Region::country("CA").map(Region::name), Some("Canada"));
        assert_eq!(Region::UsState("CA").name(), "California");
        assert_eq!(Region::from_code("ZZ"), None);
    }

    #[test]
    fn mistakes_get_specific_help() {
        let help = |c, k| parse_code(c, k).unwrap_err().help;
        assert!(help("ca", CodeKind::StateOrCountry).contains("`CA` (California)"));
        assert!(help("California", CodeKind::StateOrCountry).contains("`CA`"));
        assert!(help("Canada", CodeKind::StateOrCountry).contains("[residents.country]"));
        assert!(help("Mexico", CodeKind::StateOrCountry).contains("`MX`"));
        assert!(help("UK", CodeKind::Country).contains("`GB`"));
        assert!(help("GB", CodeKind::State).contains("country = \"GB\""));
        assert!(help("Californa", CodeKind::State).contains("`CA`"));
        assert!(help("QQ", CodeKind::StateOrCountry).contains("postal code"));
        assert_eq!(
            parse_code("CA", CodeKind::Country),
            Ok(Region::Country("CA"))
        );
    }
}
