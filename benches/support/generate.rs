//! Writes realistic breach notices of about 2–4 KB with varied wording, for
//! benchmarks. Deterministic: the same seed gives the same notices.

/// A tiny deterministic generator (xorshift), so benchmarks need no extra crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const ORGS: &[&str] = &[
    "Riverbend Medical Group",
    "Northgate Dental Partners",
    "Summit Valley Health Plan",
    "Harborview Pharmacy",
    "Cedar Ridge Clinic",
    "Pinecrest Orthopedics",
    "Lakeside Pediatrics",
    "Greenfield Eye Care",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EVENTS: &[&str] = &[
    "an unauthorized person signed in to an employee email account after a phishing message",
    "a laptop holding patient files was stolen from a staff member's car",
    "a vendor that prints our statements placed some letters in the wrong envelopes",
    "ransomware encrypted several of our file servers",
    "a misconfigured cloud storage folder could be reached from the internet",
    "a former employee kept copies of patient lists after leaving",
];
const DATA: &[&str] = &[
    "your name",
    "your address",
    "your date of birth",
    "your member ID number",
    "your health insurance information",
    "limited clinical information such as diagnosis codes",
    "your Social Security number",
    "your driver's license number",
    "the last four digits of your bank account number",
];
const STEPS: &[&str] = &[
    "We recommend that you review the statements you receive from your health plan and report any service you did not receive.",
    "You can place a free fraud alert or security freeze on your credit file by contacting the three nationwide credit bureaus.",
    "Please remain vigilant and review your account statements and credit reports for suspicious activity.",
    "If you see a charge you do not recognize, contact your bank right away.",
];
const DOING: &[&str] = &[
    "We hired a forensic security firm to investigate, reset every password, and added multi-factor authentication.",
    "We reported the theft to law enforcement, encrypted all company laptops, and retrained our staff.",
    "We ended our contract with the vendor, reviewed its processes, and now check every mailing before it leaves.",
    "We restored our systems from clean backups, blocked the attacker, and are monitoring our network around the clock.",
];

/// One notice as Markdown. `i` varies the wording.
pub fn notice(rng: &mut Rng, i: usize) -> String {
    let org = rng.pick(ORGS);
    let month = rng.pick(MONTHS);
    let day = rng.range(1, 28);
    let year = rng.range(2019, 2025);
    let later = rng.pick(MONTHS);
    let count = rng.range(120, 90_000);
    let mut data: Vec<&str> = (0..rng.range(3, 6)).map(|_| rng.pick(DATA)).collect();
    data.sort();
    data.dedup();
    let headings = rng.next() % 2 == 0;
    let h = |s: &str| {
        if headings {
            format!("## {s}\n\n")
        } else {
            String::new()
        }
    };
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "**{org}**\n\n{later} {}, {year}\n\n",
        rng.range(1, 28)
    ));
    out.push_str(if headings {
        "# Notice of Data Breach\n\n"
    } else {
        "# Notice of a Data Security Incident\n\n"
    });
    out.push_str(&format!("Dear Patient {i},\n\n"));
    out.push_str(&format!(
        "{org} is writing to tell you about an event that may have involved some of your personal information. We take the privacy of the people we serve seriously, and we want you to understand what happened and what we are doing about it.\n\n"
    ));
    out.push_str(&h("What Happened?"));
    out.push_str(&format!(
        "On {month} {day}, {year}, we discovered that {}. We immediately began an investigation with the help of outside experts. The investigation found that the unauthorized activity took place between {month} {}, {year} and {month} {day}, {year}. About {count} individuals were affected.\n\n",
        rng.pick(EVENTS),
        day.saturating_sub(3).max(1)
    ));
    out.push_str(&h("What Information Was Involved?"));
    out.push_str(&format!("The information involved may have included {}. Not every person had every type of information involved.\n\n", data.join(", ")));
    out.push_str(&h("What We Are Doing."));
    out.push_str(rng.pick(DOING));
    out.push_str(" We are also offering twelve months of complimentary credit monitoring and identity protection services.\n\n");
    out.push_str(&h("What You Can Do."));
    for _ in 0..3 {
        out.push_str(rng.pick(STEPS));
        out.push(' ');
    }
    out.push_str("\n\n");
    out.push_str(&h("For More Information."));
    out.push_str(&format!(
        "If you have questions, please call our dedicated line toll-free at 1-8{}-555-01{:02}, Monday through Friday, 8 a.m. to 8 p.m. Eastern time. TTY users may dial 711. You can also write to Privacy Office, {org}, {} Main Street, Springfield, IL 62701, or email privacy@example.org. Language assistance services are available free of charge.\n\nSincerely,\n\nThe Privacy Office\n",
        rng.pick(&["00", "55", "66", "77", "88"]),
        rng.range(0, 99),
        rng.range(100, 9999)
    ));
    out
}

/// `n` notices.
pub fn notices(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n).map(|i| notice(&mut rng, i)).collect()
}
