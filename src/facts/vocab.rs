//! The closed vocabularies of the facts file: entity roles, data types,
//! notice methods, report recipients, law-enforcement delay forms, and the
//! HHS breach portal's breach types and locations.
//!
//! Every vocabulary is matched exactly, except the HHS ones, which are the
//! portal's own words and are matched case-insensitively so they can be
//! pasted from the portal or a filed report. A value that does not match gets
//! an error naming the closest value ("did you mean") or listing all values.

use std::fmt;
use std::str::FromStr;

use super::suggest;

/// How a vocabulary compares what the user wrote with its values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Matching {
    /// Lower-case kebab-case, exactly.
    Exact,
    /// Ignoring case, repeated spaces, and spaces around `/`.
    Loose,
}

/// Normalises a value for [`Matching::Loose`] comparison, and for suggesting
/// the right spelling of a near miss under [`Matching::Exact`].
fn normalise(s: &str, matching: Matching) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    match matching {
        Matching::Loose => joined.replace(" /", "/").replace("/ ", "/"),
        Matching::Exact => joined.replace(['_', ' '], "-"),
    }
}

/// Looks `s` up in `values` (pairs of written form and value), or explains why not.
///
/// The error's first line is the message; a second line starting with
/// `help: ` says what to write instead (see `crate::facts` for how the lines
/// reach the user).
fn lookup<T: Copy + PartialEq>(
    s: &str,
    what: &str,
    values: &[(&'static str, T)],
    aliases: &[(&str, T)],
    matching: Matching,
) -> Result<T, String> {
    if let Some((_, v)) = values.iter().find(|(w, _)| *w == s) {
        return Ok(*v);
    }
    let norm = normalise(s, matching);
    let by_norm = values.iter().find(|(w, _)| normalise(w, matching) == norm);
    if matching == Matching::Loose {
        if let Some((_, v)) = by_norm {
            return Ok(*v);
        }
    }
    let message = format!("unknown {what} `{s}`");
    // Aliases and near misses are reported by their canonical spelling.
    let name_of = |v: &T| values.iter().find(|(_, x)| x == v).map(|(w, _)| *w);
    let suggestion = by_norm
        .map(|(w, _)| *w)
        .or_else(|| {
            aliases
                .iter()
                .find(|(a, _)| *a == norm)
                .and_then(|(_, v)| name_of(v))
        })
        .or_else(|| {
            let lowered: Vec<(String, &'static str)> = values
                .iter()
                .map(|(w, _)| (normalise(w, matching), *w))
                .collect();
            let names: Vec<&str> = lowered.iter().map(|(l, _)| l.as_str()).collect();
            suggest(&norm, &names)
                .and_then(|best| lowered.iter().find(|(l, _)| l == best).map(|(_, w)| *w))
        });
    let help = match suggestion {
        Some(w) => format!("did you mean `{w}`?"),
        None => format!(
            "expected one of: {}",
            values
                .iter()
                .map(|(w, _)| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(format!("{message}\nhelp: {help}"))
}

/// A closed list of words a facts file or a rule set's condition may use.
pub trait Vocabulary: FromStr {
    /// Every written form, in documentation order.
    fn names() -> Vec<&'static str>;
}

/// Defines a vocabulary enum with its written forms, `as_str`, `Display`,
/// `FromStr` (with did-you-mean errors), `ALL`, and a `Deserialize` that
/// reads a string.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, what = $what:literal, matching = $matching:ident,
        values { $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+ }
        aliases { $( $alias:literal => $avariant:ident, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// What users write in the facts file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            const TABLE: &'static [(&'static str, $name)] = &[ $( ($text, $name::$variant), )+ ];
            const ALIASES: &'static [(&'static str, $name)] = &[ $( ($alias, $name::$avariant), )* ];
        }

        impl Vocabulary for $name {
            fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;

            /// Parses the written form. The error's first line is the message,
            /// a second `help: ` line suggests the intended value.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                lookup(s, $what, Self::TABLE, Self::ALIASES, Matching::$matching)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", $what, " (a string)"))
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        s.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

vocabulary! {
    /// What kind of organisation reports the breach (`entity`). The role
    /// decides which laws apply; an organisation may have several.
    EntityRole, what = "entity role", matching = Exact,
    values {
        /// A HIPAA covered entity: health plan, clearinghouse, or provider.
        CoveredEntity => "covered-entity",
        /// A HIPAA business associate of a covered entity.
        BusinessAssociate => "business-associate",
        /// A business subject to state breach laws (not otherwise listed).
        Business => "business",
        /// A state or local government agency.
        Agency => "agency",
        /// A vendor of personal health records (FTC Health Breach Notification Rule).
        PhrVendor => "phr-vendor",
        /// A PHR related entity (FTC Health Breach Notification Rule).
        PhrRelatedEntity => "phr-related-entity",
        /// A financial institution (GLBA Safeguards Rule).
        FinancialInstitution => "financial-institution",
        /// A licensed clinic, health facility, home health agency or hospice
        /// (California Health and Safety Code 1280.15).
        HealthFacility => "health-facility",
        /// A company that files reports with the SEC.
        PublicCompany => "public-company",
    }
    aliases {
        "hipaa-covered-entity" => CoveredEntity,
        "health-plan" => CoveredEntity,
        "provider" => CoveredEntity,
        "hospital" => CoveredEntity,
        "hipaa-business-associate" => BusinessAssociate,
        "vendor" => BusinessAssociate,
        "company" => Business,
        "state-agency" => Agency,
        "government" => Agency,
        "bank" => FinancialInstitution,
        "sec-registrant" => PublicCompany,
    }
}

vocabulary! {
    /// A kind of personal information involved in the breach (`data-types`).
    DataType, what = "data type", matching = Exact,
    values {
        /// Names.
        Name => "name",
        /// Social Security numbers.
        Ssn => "ssn",
        /// Driver's license numbers.
        DriversLicense => "drivers-license",
        /// State identification card numbers.
        StateId => "state-id",
        /// Other government-issued identification numbers (military ID, alien registration).
        GovernmentId => "government-id",
        /// Passport numbers.
        Passport => "passport",
        /// Taxpayer identification numbers (ITIN, EIN and the like).
        TaxId => "tax-id",
        /// Bank or other financial account numbers.
        FinancialAccount => "financial-account",
        /// Credit or debit card numbers.
        PaymentCard => "payment-card",
        /// Medical information: diagnoses, treatment, prescriptions, records.
        Medical => "medical",
        /// Health insurance information.
        HealthInsurance => "health-insurance",
        /// Member, subscriber or patient identification numbers.
        MemberId => "member-id",
        /// Dates of birth.
        Dob => "dob",
        /// Postal addresses.
        Address => "address",
        /// Telephone numbers.
        Phone => "phone",
        /// E-mail addresses.
        Email => "email",
        /// An e-mail address together with its password or security answer.
        EmailCredentials => "email-credentials",
        /// A user name or e-mail with the password or security answer of an online account.
        LoginCredentials => "login-credentials",
        /// Biometric data (fingerprints, face or retina scans).
        Biometric => "biometric",
    }
    aliases {
        "social-security-number" => Ssn,
        "social-security" => Ssn,
        "driver-license" => DriversLicense,
        "drivers-license-number" => DriversLicense,
        "itin" => TaxId,
        "tin" => TaxId,
        "ein" => TaxId,
        "bank-account" => FinancialAccount,
        "account-number" => FinancialAccount,
        "credit-card" => PaymentCard,
        "debit-card" => PaymentCard,
        "card-number" => PaymentCard,
        "diagnosis" => Medical,
        "treatment" => Medical,
        "medical-record" => Medical,
        "phi" => Medical,
        "insurance" => HealthInsurance,
        "member-number" => MemberId,
        "subscriber-id" => MemberId,
        "patient-id" => MemberId,
        "date-of-birth" => Dob,
        "birthdate" => Dob,
        "birth-date" => Dob,
        "postal-address" => Address,
        "phone-number" => Phone,
        "telephone" => Phone,
        "email-address" => Email,
        "password" => LoginCredentials,
        "username" => LoginCredentials,
        "credentials" => LoginCredentials,
        "fingerprint" => Biometric,
        "state-identification" => StateId,
        "government-identification" => GovernmentId,
        "military-id" => GovernmentId,
        "taxpayer-id" => TaxId,
        "financial" => FinancialAccount,
        "medical-information" => Medical,
        "health" => Medical,
        "mailing-address" => Address,
        "drivers-licence" => DriversLicense,
        "driving-license" => DriversLicense,
        "username-password" => LoginCredentials,
    }
}

impl DataType {
    /// The kind of information in words, plural, for messages
    /// ("Social Security numbers").
    pub fn noun(self) -> &'static str {
        match self {
            DataType::Name => "names",
            DataType::Ssn => "Social Security numbers",
            DataType::DriversLicense => "driver's license numbers",
            DataType::StateId => "state identification numbers",
            DataType::GovernmentId => "government identification numbers",
            DataType::Passport => "passport numbers",
            DataType::TaxId => "taxpayer identification numbers",
            DataType::FinancialAccount => "financial account numbers",
            DataType::PaymentCard => "payment card numbers",
            DataType::Medical => "medical information",
            DataType::HealthInsurance => "health insurance information",
            DataType::MemberId => "member identification numbers",
            DataType::Dob => "dates of birth",
            DataType::Address => "addresses",
            DataType::Phone => "phone numbers",
            DataType::Email => "e-mail addresses",
            DataType::EmailCredentials => "e-mail account credentials",
            DataType::LoginCredentials => "online account credentials",
            DataType::Biometric => "biometric data",
        }
    }
}

vocabulary! {
    /// What one document of an incident is (`[[document]]` `role`).
    DocumentRole, what = "document role", matching = Exact,
    values {
        /// The letter to individuals.
        Letter => "letter",
        /// The substitute notice posted on the organisation's website.
        WebNotice => "web-notice",
        /// The notice to prominent media outlets.
        MediaNotice => "media-notice",
        /// The copy or sample sent to a regulator (an Attorney General, HHS).
        RegulatorCopy => "regulator-copy",
        /// The call centre's script.
        Script => "script",
        /// A press release.
        PressRelease => "press-release",
        /// Questions and answers published with the notice.
        Faq => "faq",
    }
    aliases {
        "notice" => Letter,
        "individual-notice" => Letter,
        "substitute-notice" => WebNotice,
        "website" => WebNotice,
        "web" => WebNotice,
        "media" => MediaNotice,
        "ag-copy" => RegulatorCopy,
        "sample" => RegulatorCopy,
        "regulator" => RegulatorCopy,
        "call-center-script" => Script,
        "call-centre-script" => Script,
        "press" => PressRelease,
    }
}

vocabulary! {
    /// How individuals are (or will be) notified (`notice-method`).
    NoticeMethod, what = "notice method", matching = Exact,
    values {
        /// First-class mail.
        Mail => "mail",
        /// E-mail.
        Email => "email",
        /// A posting on the organisation's website.
        Website => "website",
        /// Substitute notice (web posting and media when contact details are missing).
        Substitute => "substitute",
        /// Notice through major print or broadcast media.
        Media => "media",
        /// Telephone.
        Phone => "phone",
    }
    aliases {
        "letter" => Mail,
        "postal-mail" => Mail,
        "first-class-mail" => Mail,
        "e-mail" => Email,
        "web" => Website,
        "web-posting" => Website,
        "press" => Media,
        "telephone" => Phone,
    }
}

vocabulary! {
    /// Whom a report already filed went to (`to` in `[[report]]`).
    ReportKind, what = "report recipient", matching = Exact,
    values {
        /// The Secretary of HHS, through the OCR breach portal.
        Hhs => "hhs",
        /// A state attorney general (name the state with `state`).
        StateAg => "state-ag",
        /// Prominent media outlets.
        Media => "media",
        /// The Federal Trade Commission.
        Ftc => "ftc",
        /// The nationwide consumer reporting agencies.
        CreditBureaus => "credit-bureaus",
        /// The California Department of Public Health.
        Cdph => "cdph",
        /// The covered entity, in a business associate's notice to it.
        CoveredEntity => "covered-entity",
        /// The Securities and Exchange Commission.
        Sec => "sec",
        /// Any other regulator (a state agency, an authority abroad).
        Regulator => "regulator",
        /// A data protection supervisory authority (GDPR Art. 33; for GB, the
        /// ICO): give `country`.
        SupervisoryAuthority => "supervisory-authority",
    }
    aliases {
        "ocr" => Hhs,
        "hhs-ocr" => Hhs,
        "attorney-general" => StateAg,
        "ag" => StateAg,
        "press" => Media,
        "credit-reporting-agencies" => CreditBureaus,
        "cras" => CreditBureaus,
        "consumer-reporting-agencies" => CreditBureaus,
        "dpa" => SupervisoryAuthority,
        "data-protection-authority" => SupervisoryAuthority,
        "ico" => SupervisoryAuthority,
    }
}

vocabulary! {
    /// How law enforcement asked for notice to be delayed (`form`).
    DelayForm, what = "delay form", matching = Exact,
    values {
        /// A written statement specifying how long the delay is needed.
        Written => "written",
        /// An oral statement (HIPAA limits it to 30 days unless followed in writing).
        Oral => "oral",
    }
    aliases {
        "verbal" => Oral,
        "in-writing" => Written,
        "letter" => Written,
    }
}

vocabulary! {
    /// "Type of Breach" in the HHS OCR breach portal.
    HhsBreachType, what = "HHS breach type", matching = Loose,
    values {
        /// Hacking/IT Incident.
        HackingItIncident => "Hacking/IT Incident",
        /// Improper Disposal.
        ImproperDisposal => "Improper Disposal",
        /// Loss.
        Loss => "Loss",
        /// Theft.
        Theft => "Theft",
        /// Unauthorized Access/Disclosure.
        UnauthorizedAccessDisclosure => "Unauthorized Access/Disclosure",
        /// Other.
        Other => "Other",
    }
    aliases {
        "hacking" => HackingItIncident,
        "it-incident" => HackingItIncident,
        "ransomware" => HackingItIncident,
        "unauthorized-access" => UnauthorizedAccessDisclosure,
        "unauthorized-disclosure" => UnauthorizedAccessDisclosure,
        "disposal" => ImproperDisposal,
        "lost" => Loss,
        "stolen" => Theft,
    }
}

vocabulary! {
    /// "Location of Breached Information" in the HHS OCR breach portal.
    HhsLocation, what = "HHS breach location", matching = Loose,
    values {
        /// Desktop Computer.
        DesktopComputer => "Desktop Computer",
        /// Electronic Medical Record.
        ElectronicMedicalRecord => "Electronic Medical Record",
        /// Email.
        Email => "Email",
        /// Laptop.
        Laptop => "Laptop",
        /// Network Server.
        NetworkServer => "Network Server",
        /// Other Portable Electronic Device.
        OtherPortableElectronicDevice => "Other Portable Electronic Device",
        /// Paper/Films.
        PaperFilms => "Paper/Films",
        /// Other.
        Other => "Other",
    }
    aliases {
        "paper" => PaperFilms,
        "films" => PaperFilms,
        "mail" => PaperFilms,
        "mailing" => PaperFilms,
        "letter" => PaperFilms,
        "e-mail" => Email,
        "emr" => ElectronicMedicalRecord,
        "ehr" => ElectronicMedicalRecord,
        "server" => NetworkServer,
        "desktop" => DesktopComputer,
        "usb-drive" => OtherPortableElectronicDevice,
        "phone" => OtherPortableElectronicDevice,
    }
}

impl HhsLocation {
    /// Whether the location is an electronic medium (everything but paper and "Other").
    pub fn is_electronic(self) -> bool {
        !matches!(self, HhsLocation::PaperFilms | HhsLocation::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(r: Result<impl fmt::Debug, String>) -> String {
        let e = r.unwrap_err();
        e.lines()
            .find_map(|l| l.strip_prefix("help: "))
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn exact_values_parse_and_print() {
        for dt in DataType::ALL {
            assert_eq!(dt.as_str().parse::<DataType>(), Ok(*dt));
        }
        for l in HhsLocation::ALL {
            assert_eq!(l.to_string().parse::<HhsLocation>(), Ok(*l));
        }
        assert_eq!(EntityRole::ALL.len(), 9);
        assert_eq!(DataType::ALL.len(), 19);
    }

    #[test]
    fn kebab_vocabularies_are_strict_but_helpful() {
        assert_eq!(
            help("drivers_license".parse::<DataType>()),
            "did you mean `drivers-license`?"
        );
        assert_eq!(help("SSN".parse::<DataType>()), "did you mean `ssn`?");
        assert_eq!(help("snn".parse::<DataType>()), "did you mean `ssn`?");
        assert_eq!(
            help("date of birth".parse::<DataType>()),
            "did you mean `dob`?"
        );
        assert_eq!(
            help("credit card".parse::<DataType>()),
            "did you mean `payment-card`?"
        );
        assert_eq!(
            help("covered_entity".parse::<EntityRole>()),
            "did you mean `covered-entity`?"
        );
        let all = help("zzz".parse::<NoticeMethod>());
        assert!(all.starts_with("expected one of: `mail`, `email`"), "{all}");
        let err = "snn".parse::<DataType>().unwrap_err();
        assert_eq!(err.lines().next(), Some("unknown data type `snn`"));
    }

    #[test]
    fn hhs_vocabularies_ignore_case_and_spacing() {
        assert_eq!(
            "unauthorized access / disclosure".parse::<HhsBreachType>(),
            Ok(HhsBreachType::UnauthorizedAccessDisclosure)
        );
        assert_eq!(
            "  OTHER PORTABLE  electronic device".parse::<HhsLocation>(),
            Ok(HhsLocation::OtherPortableElectronicDevice)
        );
        assert_eq!(
            help("Paper".parse::<HhsLocation>()),
            "did you mean `Paper/Films`?"
        );
        assert_eq!(
            help("Hacking".parse::<HhsBreachType>()),
            "did you mean `Hacking/IT Incident`?"
        );
        assert_eq!(
            help("Network Sever".parse::<HhsLocation>()),
            "did you mean `Network Server`?"
        );
        assert!(!HhsLocation::PaperFilms.is_electronic());
        assert!(HhsLocation::Email.is_electronic());
    }
}

vocabulary! {
    /// The controller's assessment of the risk a breach poses to people
    /// (`risk-level`), which decides GDPR's duties (Arts. 33 and 34).
    RiskLevel, what = "risk level", matching = Exact,
    values {
        /// Unlikely to result in a risk to people's rights and freedoms: no
        /// notice to the authority (Art. 33(1)).
        Unlikely => "unlikely",
        /// A risk: notice to the supervisory authority within 72 hours.
        Risk => "risk",
        /// A high risk: the people affected are told too (Art. 34(1)).
        High => "high",
    }
    aliases {
        "low" => Unlikely,
        "none" => Unlikely,
        "medium" => Risk,
        "high-risk" => High,
    }
}
