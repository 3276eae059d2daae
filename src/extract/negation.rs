//! Whether a data type named in a notice was involved, by the scope of the
//! negations around it, and whether it is named only in advice.
//!
//! A negation cue opens a scope that runs to the right over the noun phrases
//! of its clause: "It did not show Social Security numbers, bank account
//! numbers, or payment card numbers" negates all three, because a coordinated
//! list inherits the scope. The scope closes at the clause's end (a new
//! sentence, ";", "but", "however" ...: see [`Segments::clauses`]), at a
//! finite verb ("No names were taken and your address *was* …"), at a new
//! coordinated predicate ("was not encrypted *and contained* …") and at a
//! subordinate clause ("… *which* held …"). An exception inside the scope
//! reverses it ("no information *other than* your name").
//!
//! Three kinds of cue:
//! - determiners and prepositions: "no", "none of", "neither/nor",
//!   "without", "excluding";
//! - verbal negation: "not", "never", "n't", governing whatever verb follows;
//!   when that verb is one of keeping ("do not store card data") a later
//!   "but … may have been captured" in the sentence undoes it, since skimming
//!   takes what was never stored;
//! - evidential negation: "no evidence that", "do not believe": it negates a
//!   data type only when the claim is about access ("no evidence that your
//!   Social Security number was accessed"), not about later misuse ("no
//!   evidence that your information was misused" leaves it involved).
//!
//! A negated predicate after the data type negates it too ("card data was
//! not affected", "SSNs were redacted").
//!
//! Epistemic phrases that deny nothing about the data ("not aware", "not
//! limited to", "cannot rule out", "without authorization", "no cost") are
//! recognised and skipped first. When a construction is not recognised, the
//! data type counts as involved: a false "involved" asks the writer to add a
//! sentence, a false "not involved" lets a required one go missing.

use std::sync::LazyLock;

use super::text::{self, Segments};
use crate::span::Span;

/// Negation cues, one pattern per kind, in the order of [`CueKind`]'s
/// variants: evidential ("no evidence that"), phrases that only look like
/// negations ("no cost", "not only"), determiners ("no", "without") and
/// verb negations ("not", "didn't"). At one place the first kind wins.
static CUE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::many(&[
        r"(?i)\b(?:(?:no\s+(?:(?:actual|hard|direct|conclusive|forensic|specific)\s+)?|not\s+(?:find|found|identified|identify|see|seen|uncover(?:ed)?|discover(?:ed)?|have|had|detect(?:ed)?)\s+(?:any\s+)?)(?:evidence|indications?|signs?)\s+(?:(?:to\s+(?:suggest|indicate|show|date)|indicating|suggesting|showing)\s+)?(?:that\s+)?|(?:do|does|did)\s+not\s+(?:currently\s+)?believe\s+(?:that\s+)?|(?:don['’]t|doesn['’]t|didn['’]t)\s+believe\s+(?:that\s+)?)\b",
        r"(?i)\b(?:no\s+(?:evidence|indication|reason|reports?|way|longer|further|cost|charge|later|matter|known|action|signs?|one|need|additional\s+(?:action|cost)|(?:(?:actual|fraudulent|known|further|unauthori[sz]ed|reported|attempted)\s+(?:or\s+attempted\s+)?)*(?:mis)?use|fraud)|not\s+(?:aware|limited|only|all|every|necessarily|sure|know|yet|believe|able|been\s+able|be\s+able|received|receive|hesitate|just|have\s+any\s+evidence|open|opened|authori[sz]ed?|recogni[sz]e|request(?:ed)?|initiate[d]?|match(?:ed)?|correspond|belong|agree)|whether\s+or\s+not|if\s+not|or\s+(?:may\s+)?not|unaware|can\s*not\s+rule\s+out|could\s+not\s+(?:rule\s+out|confirm|determine)|unable|without\s+(?:authori[sz]ation|permission|consent|limitation|restriction|delay|charge|cost|your|their|any\s+(?:authori[sz]ation|permission|charge|cost))|no-cost|not\s+be\s+(?:used|shared|able|charged))\b",
        r"(?i)\b(?:no|none|neither|nor|without|exclud(?:e|es|ed|ing))\b",
        r"(?i)\b(?:not|never|cannot|can['’]t|(?:did|does|do|was|were|is|are|has|have|had|could|would|will)n['’]t)\b",
    ])
    .expect("negation pattern is valid")
});

/// What each pattern of [`CUE_RE`] found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Evidential,
    Skip,
    Determiner,
    Verb,
}

const CUE_KINDS: [CueKind; 4] = [
    CueKind::Evidential,
    CueKind::Skip,
    CueKind::Determiner,
    CueKind::Verb,
];

/// Verbs of keeping: "do not store card data" says nothing about a card
/// number skimmed as it was typed.
static KEEPING_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)^\s+(?:[0-9a-z_]+\s+)?(?:store|stored|collect|collected|keep|kept|retain|retained|maintain|maintained|save|saved|hold|held|process|processed|request|ask\s+for)\b",
    )
    .expect("keeping pattern is valid")
});

/// After a keeping negation: the data was taken anyway.
static TAKEN_ANYWAY_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)\b(?:but|however|although|though|yet|nevertheless)\b[^.?!]*?\b(?:captured|scraped|intercepted|skimmed|acquired|obtained|accessed|compromised|stolen|copied|harvested|collected)\b",
    )
    .expect("taken-anyway pattern is valid")
});

/// "... were not affected": a negated predicate after the data type.
static POST_NEG_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i)\b(?:(?:(?:was|were|is|are|has|have|had|been|be)\s+(?:not|never)|wasn['’]t|weren['’]t|isn['’]t|aren['’]t|hasn['’]t|haven['’]t)\s+(?:(?:been|be|have\s+been)\s+)?(?:(?:in\s+any\s+way|directly|ever)\s+)?(?:affected|involved|included|impacted|exposed|compromised|accessed|acquired|viewed|viewable|visible|readable|legible|displayed|shown|printed|revealed|contained|stored|kept|present|at\s+risk|part|disclosed|taken|stolen|subject|maintained|collected|held|on\s+the|in\s+the)|(?:was|were|is|are|had\s+been|have\s+been|has\s+been)\s+(?:fully\s+|completely\s+)?(?:excluded|redacted|omitted|masked))\b",
    )
    .expect("post-negation pattern is valid")
});

/// Words that close a negation's scope inside its clause: finite verbs, a
/// new coordinated predicate, a subordinate or relative clause.
static BREAK_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i)\b(?:was|were|is|are|has|have|had|been|will|would|can|could|may|might|shall|should|must|which|who|whose|where|because|since|until|unless|that|when|whereas|whether|if)\b|\b(?:and|or)\s+(?:then\s+|also\s+|may\s+have\s+|might\s+have\s+|could\s+have\s+|has\s+|have\s+|had\s+)?(?:contain(?:s|ed)?|include[sd]?|hold|holds|held|involved|exposed|took|stole|accessed|acquired|showed|shows|listed|lists|displayed|revealed|obtained|copied|viewed)\b|,\s*(?:we|they|it|he|she|i|this|these)\b",
    )
    .expect("scope break pattern is valid")
});

/// Exceptions reverse a negation: "no information other than your name".
static EXCEPT_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i)\b(?:other\s+than|except(?:\s+for)?|apart\s+from|aside\s+from|besides|with\s+the\s+exception\s+of|save\s+for|beyond|only)\b",
    )
    .expect("exception pattern is valid")
});

/// What an evidential negation must deny to negate a data type: access, not
/// misuse. Read right after the data type, within its clause.
static ACCESS_CLAIM_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)^[^.;?!]{0,80}?\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:[0-9a-z_]+\s+){0,2}(?:accessed|transmitted|sent|viewed|acquired|involved|affected|exposed|taken|compromised|copied|downloaded|exfiltrated|impacted|removed|stolen|at\s+risk)\b",
    )
    .expect("access claim pattern is valid")
});

/// Advice to the reader: a data type named there ("you will need to provide
/// your Social Security number to place a freeze") was not necessarily
/// involved.
static ADVICE_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i)\b(?:you\s+(?:may|can|could|should|might|will|must)\s+(?:also\s+)?(?:(?:want|wish|need|be\s+asked|be\s+required|have)\s+to\s+)?(?:provide|supply|include|give|share|send|submit|furnish|enter|verify|confirm)|(?:please\s+|(?m:^)\s*|[.!?:]\s+)(?:never|do\s+not|don['’]t)\s+(?:give|share|provide|disclose|send|reveal)(?:\s+out)?|(?:be\s+(?:sure|prepared|ready)|remember)\s+to\s+(?:provide|include|have|give)|(?:requests?|applications?)\s+(?:should|must)\s+include|(?:will|may)\s+(?:ask|require|need)\s+(?:you\s+)?(?:for|to\s+provide)|(?:you\s+will\s+)?need\s+to\s+provide|(?:credit\s+(?:bureaus?|reporting\s+agenc(?:y|ies))|consumer\s+reporting\s+agenc(?:y|ies))\s+(?:will|may)\s+(?:ask|require|request))\b",
    )
    .expect("advice pattern is valid")
});

/// What a negation cue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// "no", "without": negates the noun phrases it scopes over.
    Determiner,
    /// "not" + a verb: negates the verb's objects.
    Verb {
        /// The verb is one of keeping, and the sentence says the data was
        /// taken anyway.
        undone: bool,
    },
    /// "no evidence that": negates only a claim of access.
    Evidential,
}

/// Negation cues and scope boundaries around the clauses of one text that
/// name data types, sorted for binary search.
pub(crate) struct Negations {
    /// Preceding cues: (start, end, kind).
    pre: Vec<(usize, usize, Cue)>,
    /// Negated predicates following a data type: (start, end).
    post: Vec<(usize, usize)>,
    /// Offsets where a negation's scope ends inside a clause.
    breaks: Vec<usize>,
    /// Offsets of exception words.
    exceptions: Vec<usize>,
}

impl Negations {
    /// Finds the cues that bear on data types named inside `around` (the
    /// clauses that name one), reading only the sentences around them:
    /// every question [`Negations::negates`] asks stays inside the clause
    /// of a data type, and most of a letter names none.
    pub(crate) fn new(text: &str, sentences: &Segments, around: &[Span]) -> Self {
        let regions = reading_regions(text, around);
        let post: Vec<(usize, usize)> = matches_in(text, &regions, |hay, at| {
            POST_NEG_RE
                .find_at(hay, at)
                .map(|m| (m.start(), m.end(), 0))
        })
        .map(|(start, end, _)| (start, end))
        .collect();
        let mut pre = Vec::new();
        let cues = matches_in(text, &regions, |hay, at| {
            CUE_RE
                .find_at(hay, at)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        });
        for (start, end, pattern) in cues {
            let kind = CUE_KINDS[pattern];
            if kind == CueKind::Skip {
                continue;
            }
            // A "not" inside "were not affected" negates what came before it.
            let k = post.partition_point(|p| p.1 <= start);
            if post.get(k).is_some_and(|p| p.0 <= start) {
                continue;
            }
            let cue = if kind == CueKind::Evidential {
                Cue::Evidential
            } else if kind == CueKind::Verb {
                let after = text::window_after(text, end, text.len(), 40);
                let undone = KEEPING_RE.is_match(after) && {
                    let sentence = sentences.containing(start);
                    text.get(end..sentence.end)
                        .is_some_and(|rest| TAKEN_ANYWAY_RE.is_match(rest))
                };
                Cue::Verb { undone }
            } else {
                Cue::Determiner
            };
            pre.push((start, end, cue));
        }
        let starts = |re: &'static LazyLock<crate::pattern::Searcher>| -> Vec<usize> {
            matches_in(text, &regions, |hay, at| {
                re.find_at(hay, at).map(|m| (m.start(), m.end(), 0))
            })
            .map(|(start, _, _)| start)
            .collect()
        };
        Negations {
            pre,
            post,
            breaks: starts(&BREAK_RE),
            exceptions: starts(&EXCEPT_RE),
        }
    }

    /// Whether the data type at `span`, in `clause`, is said not to be
    /// involved. `prev` is the data type named just before it and whether
    /// that one was negated: a coordinated list inherits the negation of its
    /// first item ("no names, addresses or dates of birth").
    pub(crate) fn negates(
        &self,
        text: &str,
        clause: Span,
        span: Span,
        prev: Option<(Span, bool)>,
    ) -> bool {
        // The object of a negated verb or determiner follows it closely;
        // further away, the data type is the object of something else ("did
        // not mark the rosters as confidential or alert anyone to the SSNs").
        const PRE_WORDS: usize = 10;
        const POST_REACH: usize = 150;
        let k = self.pre.partition_point(|p| p.1 <= span.start);
        if let Some(&(start, end, cue)) = k.checked_sub(1).and_then(|k| self.pre.get(k))
            && start >= clause.start
            && !text::any_in(&self.breaks, end, span.start)
            && !text::any_in(&self.exceptions, end, span.start)
        {
            let gap = text.get(end..span.start).unwrap_or("");
            let near = gap.split_whitespace().count() <= PRE_WORDS;
            let negated = match cue {
                Cue::Determiner => near,
                Cue::Verb { undone } => near && !undone,
                Cue::Evidential => text
                    .get(span.end..clause.end)
                    .is_some_and(|rest| ACCESS_CLAIM_RE.is_match(rest)),
            };
            if negated {
                return true;
            }
        }
        if let Some((before, true)) = prev
            && before.start >= clause.start
            && !text::any_in(&self.exceptions, before.end, span.start)
            && !text::any_in(&self.breaks, before.end, span.start)
            && text
                .get(before.end..span.start)
                .is_some_and(|gap| gap.len() <= 60 && LIST_LINK_RE.is_match(gap))
        {
            return true;
        }
        let k = self.post.partition_point(|p| p.0 < span.end);
        self.post.get(k).is_some_and(|&(start, end)| {
            end <= clause.end
                && start - span.end <= POST_REACH
                && !text::any_in(&self.breaks, span.end, start)
        })
    }
}

/// The stretches of `text` to read for the negation patterns' matches that
/// begin inside `spans` (in any order): each span widened back to just
/// after the `.` before it and on to the `.` after it, sorted and merged.
///
/// No negation pattern can match a `.`. So a search that begins just after
/// one is in step with a search from the start of the text (no match runs
/// across that place, and none begins earlier and ends later), and a
/// search that stops at one misses nothing that begins before it; `\b`
/// sees the `.` as it sees the end of the text. The matches found are
/// exactly those a search through the whole text finds there.
fn reading_regions(text: &str, spans: &[Span]) -> Vec<Span> {
    let mut regions: Vec<Span> = spans
        .iter()
        .map(|s| {
            // A span off a character boundary (none should be) widens to
            // the whole text, which is always right.
            let start = text
                .get(..s.start)
                .and_then(|head| head.rfind('.'))
                .map_or(0, |i| i + 1);
            let end = text
                .get(s.end..)
                .and_then(|tail| tail.find('.'))
                .map_or(text.len(), |i| s.end + i);
            Span::new(start, end)
        })
        .collect();
    regions.sort_unstable_by_key(|r| r.start);
    let mut merged: Vec<Span> = Vec::with_capacity(regions.len());
    for r in regions {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Successive matches inside `regions`, each found by `find(haystack, at)`
/// (a leftmost-first search from `at` in a haystack cut at the region's
/// end) as (start, end, pattern).
fn matches_in<'a>(
    text: &'a str,
    regions: &'a [Span],
    find: impl Fn(&'a str, usize) -> Option<(usize, usize, usize)> + Copy + 'a,
) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    regions.iter().flat_map(move |r| {
        let hay = &text[..r.end];
        let mut at = r.start;
        std::iter::from_fn(move || {
            let m = find(hay, at)?;
            debug_assert!(
                !hay[m.0..m.1].contains('.'),
                "a negation pattern matched a '.': {:?}",
                &hay[m.0..m.1]
            );
            // No negation pattern matches the empty string.
            at = m.1.max(at + 1);
            Some(m)
        })
    })
}

/// What may stand between two items of one list.
static LIST_LINK_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        concat!(
            r"(?i)^[\s,;/&()]*(?:(?:and/or|and|or|nor|as\s+well\s+as|including|such\s+as|like|for\s+example|e\.g\.)\b[\s,]*)*(?:(?:the|your|their|its|his|her|any|other|a|an)\s+)*(?:[",
            word_chars!(),
            r"]+\s+){0,2}$"
        ),
    )
    .expect("list link pattern is valid")
});

/// Sentences that give the reader advice, as spans, sorted. A sentence that
/// introduces a list ("you will need to provide the following:") covers the
/// rest of its paragraph.
pub(crate) fn advice_sentences(text: &str, sentences: &Segments) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for m in ADVICE_RE.find_iter(text) {
        // The imperative alternatives begin at the previous sentence's
        // punctuation; the match's last byte is always in the advice.
        let mut s = sentences.containing(m.end().saturating_sub(1));
        if text
            .get(s.range())
            .is_some_and(|t| t.trim_end().ends_with(':'))
        {
            let end = text
                .get(s.end..)
                .and_then(|rest| rest.find("\n\n"))
                .map_or(text.len(), |i| s.end + i);
            s = Span::new(s.start, end);
        }
        match out.last_mut() {
            Some(last) if last.end >= s.start => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Whether a heading (normalised: lower case, no punctuation) opens a section
/// of advice to the reader, where data types are named as things to guard
/// rather than things that were involved.
pub fn is_advice_heading(heading: &str) -> bool {
    static RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
        crate::pattern::matcher(
            r"(?i)^(?:(?:what|steps|things|actions?|additional\s+steps|other\s+steps|precautionary\s+steps|recommended\s+steps)\s+(?:you|individuals|consumers|patients|members|affected\s+individuals)\s+(?:can|could|should|may)\s+(?:do|take)|what\s+you\s+can\s+do|(?:additional|more|important)\s+(?:information|resources|steps)\s+(?:about|on|to)\s+(?:protect|protecting|identity|preventing|fraud|credit)|(?:how\s+to\s+)?(?:protect(?:ing)?\s+your(?:self)?|place\s+a|placing\s+a|obtain(?:ing)?\s+a|order(?:ing)?\s+(?:a|your))\b|(?:security|credit)\s+freezes?|fraud\s+alerts?|(?:free\s+)?credit\s+reports?|reference\s+guide|information\s+about\s+identity\s+theft|identity\s+theft\s+(?:prevention|protection\s+tips|information)|steps\s+you\s+can\s+take)",
        )
        .expect("advice heading pattern is valid")
    });
    RE.is_match(heading)
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&CUE_RE);
    LazyLock::force(&KEEPING_RE);
    LazyLock::force(&TAKEN_ANYWAY_RE);
    LazyLock::force(&POST_NEG_RE);
    LazyLock::force(&BREAK_RE);
    LazyLock::force(&EXCEPT_RE);
    LazyLock::force(&ACCESS_CLAIM_RE);
    LazyLock::force(&ADVICE_RE);
    LazyLock::force(&LIST_LINK_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read only around some clauses, the negations hold exactly the cues
    /// a reading of the whole text finds there.
    #[test]
    fn reading_around_clauses_finds_what_reading_everything_finds() {
        let texts = [
            "We did not store card numbers. No names were\nnot affected, but your address was. \
             Records other than your name were not taken, which we regret; e.g. no \
             Social Security numbers were involved.",
            "Your name was not\naccessed and the files, we believe, held no dates of birth",
            "No evidence that your e-mail address was viewed. Only your member ID, \
             except for the plan name, was exposed. It wasn't encrypted, or\nshown.",
        ];
        for text in texts {
            let sentences = Segments::sentences(text);
            let everything = Negations::new(text, &sentences, &[Span::new(0, text.len())]);
            let mut spans: Vec<Span> = Vec::new();
            for (i, _) in text.match_indices(' ') {
                spans.push(sentences.containing(i));
                let around = [Span::new(i.saturating_sub(7), (i + 5).min(text.len()))];
                let spans = [&spans[..], &around[..]];
                for spans in spans {
                    let regions = reading_regions(text, spans);
                    let inside = |p: usize| regions.iter().any(|r| r.start <= p && p < r.end);
                    let part = Negations::new(text, &sentences, spans);
                    // What a whole reading found where the regions are.
                    fn kept<T: Copy>(
                        all: &[T],
                        at: impl Fn(&T) -> usize,
                        inside: impl Fn(usize) -> bool,
                    ) -> Vec<T> {
                        all.iter().copied().filter(|x| inside(at(x))).collect()
                    }
                    let why = format!("{text:?} {spans:?}");
                    assert_eq!(
                        part.breaks,
                        kept(&everything.breaks, |&p| p, inside),
                        "{why}"
                    );
                    assert_eq!(
                        part.exceptions,
                        kept(&everything.exceptions, |&p| p, inside),
                        "{why}"
                    );
                    assert_eq!(part.post, kept(&everything.post, |p| p.0, inside), "{why}");
                    assert_eq!(part.pre, kept(&everything.pre, |p| p.0, inside), "{why}");
                }
            }
        }
    }

    #[test]
    fn advice_headings() {
        for h in [
            "what you can do",
            "steps you can take to protect your information",
            "security freeze",
            "placing a fraud alert",
            "how to order your free credit report",
            "additional steps you can take",
            "reference guide",
        ] {
            assert!(is_advice_heading(h), "{h}");
        }
        for h in [
            "what happened",
            "what information was involved",
            "what we are doing",
            "for more information",
        ] {
            assert!(!is_advice_heading(h), "{h}");
        }
    }
}
