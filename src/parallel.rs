//! Splitting the work on one long text between threads.
//!
//! Many notices keep every thread busy with a notice each, but one long
//! notice (a mailing's merged letters, a whole year of them in one file)
//! would leave every thread but one idle. From [`SPLIT_AT`] bytes on, the
//! independent parts of a text's work (groups of extractors, the rules)
//! run side by side on rayon's pool. A shorter text does them in turn: its
//! parts take microseconds, and with many notices every thread already has
//! one of its own.

/// The length of text from which its work is split between threads.
pub(crate) const SPLIT_AT: usize = 64 * 1024;

/// Whether the work on a text of `len` bytes is split between threads.
pub(crate) fn worth_splitting(len: usize) -> bool {
    len >= SPLIT_AT
}

/// Runs `a` and `b`, side by side when `split` (see [`worth_splitting`]),
/// else `a` then `b`.
pub(crate) fn join<A, B, RA, RB>(split: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if split {
        rayon::join(a, b)
    } else {
        let ra = a();
        (ra, b())
    }
}

/// The Markdown notices of the repository's examples and fixtures, in
/// path order and repeated as needed, joined into one text that is
/// [`worth_splitting`] twice over.
#[cfg(test)]
pub(crate) fn long_notice() -> String {
    let notices: Vec<String> = crate::fixtures::notices()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md"))
        .map(|(_, text)| text)
        .collect();
    assert!(notices.len() > 10, "notices found: {}", notices.len());
    let mut text = String::new();
    for notice in notices.iter().cycle() {
        if text.len() >= 2 * SPLIT_AT {
            break;
        }
        text.push_str(notice);
        text.push_str("\n\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_starts_at_its_length() {
        assert!(!worth_splitting(SPLIT_AT - 1));
        assert!(worth_splitting(SPLIT_AT));
    }

    #[test]
    fn unsplit_work_runs_in_turn_and_split_work_gives_both_results() {
        let order = std::sync::Mutex::new(Vec::new());
        let run = |name| {
            order.lock().unwrap().push(name);
            name
        };
        assert_eq!(join(false, || run('a'), || run('b')), ('a', 'b'));
        assert_eq!(*order.lock().unwrap(), ['a', 'b']);
        assert_eq!(join(true, || run('c'), || run('d')), ('c', 'd'));
        assert_eq!(order.lock().unwrap().len(), 4);
    }
}
