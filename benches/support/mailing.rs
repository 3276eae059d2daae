//! A generated mailing: a mail merge's recipients' list (CSV) and the
//! letters rendered from it, every name and address invented. Used by the
//! merge-check benchmark and by `examples/gen_mailing.rs`, which writes the
//! test batch in `tests/fixtures/mailing/`.
//!
//! With faults on, the batch holds one of each mistake `merge-check` finds:
//! - the letter for row [`SWAPPED`] carries the second page of the next
//!   row's letter (another recipient's name and street);
//! - row [`MISSING`] has no letter;
//! - row [`DUPLICATE`] has two;
//! - the letter for row [`UNFILLED`] greets `<<FirstName>>`.

#![allow(dead_code)]

/// Row (0-based) whose letter has the next row's second page.
pub const SWAPPED: usize = 17;
/// Row without a letter.
pub const MISSING: usize = 42;
/// Row with two letters.
pub const DUPLICATE: usize = 77;
/// Row whose letter has an unfilled merge field.
pub const UNFILLED: usize = 120;

const FIRST: &[&str] = &[
    "Jordan",
    "Priya",
    "Tomas",
    "Amara",
    "Wen",
    "Lucia",
    "Dmitri",
    "Fatima",
    "Kofi",
    "Ingrid",
    "Mateo",
    "Hana",
    "Oluwaseun",
    "Greta",
    "Rafael",
    "Sunita",
    "Emeka",
    "Linnea",
    "Yusuf",
    "Marisol",
    "Anders",
    "Keiko",
    "Tariq",
    "Rosalind",
    "Bao",
    "Ilse",
    "Nkechi",
    "Soren",
    "Leilani",
    "Casimir",
];
const LAST: &[&str] = &[
    "Rivera",
    "Natarajan",
    "Lindqvist",
    "Okafor",
    "Zhang",
    "Moreau",
    "Petrov",
    "Haddad",
    "Mensah",
    "Halvorsen",
    "Quispe",
    "Takeda",
    "Adeyemi",
    "Varga",
    "Castellanos",
    "Raghunathan",
    "Obi",
    "Bergstrom",
    "Demir",
    "Villanueva",
    "Kowalczyk",
    "Nakamura",
    "Farouk",
    "Ashworth",
    "Tran",
    "Brandauer",
    "Eze",
    "Sorensen",
    "Kahale",
    "Wierzbicki",
    "Delacroix",
    "Mbeki",
    "Torvalds",
    "Iwasaki",
    "Ferreira",
    "Oyelaran",
    "Lachance",
    "Szabo",
    "Abernathy",
    "Kiplagat",
];
const STREETS: &[&str] = &[
    "Alder",
    "Birchwood",
    "Cedar Hollow",
    "Dunmore",
    "Elmhurst",
    "Foxglove",
    "Granite Ridge",
    "Hawthorn",
    "Ironwood",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Millbrook",
    "Northgate",
    "Orchard",
    "Pinecrest",
    "Quarry",
    "Riverside",
    "Sycamore",
    "Tamarack",
    "Upland",
    "Verbena",
    "Willowbend",
    "Yarrow",
];
const SUFFIXES: &[&str] = &["Street", "Avenue", "Lane", "Road", "Court", "Drive", "Way"];
const CITIES: &[(&str, &str)] = &[
    ("Brookfield", "WI"),
    ("Clearwater", "FL"),
    ("Dunwoody", "GA"),
    ("Eastlake", "OH"),
    ("Fairhaven", "MA"),
    ("Glenwood", "IA"),
    ("Harborview", "WA"),
    ("Kingsport", "TN"),
    ("Lakewood", "CO"),
    ("Maplecrest", "NY"),
    ("Northfield", "MN"),
    ("Oakridge", "OR"),
];

/// A small deterministic generator (SplitMix64), so every run makes the same batch.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One invented recipient.
pub struct Recipient {
    /// The key.
    pub member_id: String,
    /// Given name.
    pub first: String,
    /// Family name.
    pub last: String,
    /// Street line.
    pub street: String,
    /// City.
    pub city: String,
    /// Two-letter state.
    pub state: String,
    /// ZIP code.
    pub zip: String,
}

/// `n` recipients.
pub fn recipients(n: usize, seed: u64) -> Vec<Recipient> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let (city, state) = *rng.pick(CITIES);
            Recipient {
                // Spread out, so ids are not simply consecutive.
                member_id: format!("HP-{:07}", 1_000_003 + i * 37),
                first: rng.pick(FIRST).to_string(),
                last: rng.pick(LAST).to_string(),
                street: format!(
                    "{} {} {}",
                    1 + rng.below(9_899),
                    rng.pick(STREETS),
                    rng.pick(SUFFIXES)
                ),
                city: city.to_string(),
                state: state.to_string(),
                zip: format!("{:05}", 10_000 + rng.below(89_999)),
            }
        })
        .collect()
}

/// The recipients' list as CSV, quoting the street (addresses may hold commas).
pub fn csv(recipients: &[Recipient]) -> String {
    let mut s = String::from("member_id,first_name,last_name,street,city,state,zip\n");
    for r in recipients {
        s.push_str(&format!(
            "{},{},{},\"{}\",{},{},{}\n",
            r.member_id, r.first, r.last, r.street, r.city, r.state, r.zip
        ));
    }
    s
}

fn page_one(r: &Recipient, salutation: &str) -> String {
    format!(
        "{first} {last}\n{street}\n{city}, {state} {zip}\n\n\
         Member ID: {id}\n\n\
         NOTICE OF DATA BREACH\n\n\
         Dear {salutation},\n\n\
         We are writing to tell you about an incident that may involve some of your \
         information held by Meridian Mutual Benefits.\n\n\
         What happened. On February 3, 2026, we learned that an outside party reached a \
         file server used by our claims team between January 20 and January 29, 2026. We \
         shut off that access the same day and began an investigation with an outside \
         security firm.\n\n\
         What information was involved. The files held names, mailing addresses, member \
         identification numbers and the dates and types of services claimed. They did not \
         hold bank account or payment card numbers.\n",
        first = r.first,
        last = r.last,
        street = r.street,
        city = r.city,
        state = r.state,
        zip = r.zip,
        id = r.member_id,
    )
}

fn page_two(r: &Recipient) -> String {
    format!(
        "\u{c}{first} {last} - page 2 of 2\n\n\
         What we are doing. We have moved the claims files to a new server, reset every \
         password of the claims team and added a second sign-in step for remote access.\n\n\
         What you can do. Review the statements you receive from us and from your providers, \
         and tell us about any service you do not recognize.\n\n\
         For more information. Call 1-800-555-0142 (TTY 711), Monday to Friday, 8 a.m. to \
         6 p.m. Central time, or write to Member Privacy, PO Box 4410, Des Moines, IA 50306.\n\n\
         Sincerely,\nMember Privacy Office\nMeridian Mutual Benefits\n",
        first = r.first,
        last = r.last,
    )
}

/// A mailing: the recipients' list, and the letters as (file name, text).
pub struct Mailing {
    /// The CSV text.
    pub csv: String,
    /// The letters, in file-name order.
    pub letters: Vec<(String, String)>,
}

/// The mailing for `n` recipients; with `faults`, one of each mistake (see
/// the module documentation; `n` must then exceed [`UNFILLED`]).
pub fn mailing(n: usize, seed: u64, faults: bool) -> Mailing {
    let people = recipients(n, seed);
    let mut letters = Vec::with_capacity(n);
    for (i, r) in people.iter().enumerate() {
        if faults && i == MISSING {
            continue;
        }
        let full = format!("{} {}", r.first, r.last);
        let salutation = if faults && i == UNFILLED {
            "<<FirstName>>"
        } else {
            &full
        };
        let second = if faults && i == SWAPPED {
            page_two(&people[i + 1])
        } else {
            page_two(r)
        };
        let text = format!("{}{}", page_one(r, salutation), second);
        if faults && i == DUPLICATE {
            letters.push((format!("letter-{:06}-reprint.txt", i + 1), text.clone()));
        }
        letters.push((format!("letter-{:06}.txt", i + 1), text));
    }
    letters.sort();
    Mailing {
        csv: csv(&people),
        letters,
    }
}
