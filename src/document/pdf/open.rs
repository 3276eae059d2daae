//! Checking a PDF and loading its object tree under the caps, and the
//! panic guard around the PDF crates.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use lopdf::{Dictionary, Object, ObjectId};

use super::{
    MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_OBJECTS, MAX_PAGE_WORK, MAX_PAGES, MAX_STREAM_BYTES,
    MAX_TREE_DEPTH, damaged, too_large,
};
use crate::document::LoadError;

/// Checks the bytes and loads the object tree, under the caps; also
/// returns how many images the file holds.
pub(super) fn open(bytes: &[u8]) -> Result<(lopdf::Document, usize), LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(format!(
            "the PDF is {} bytes, more than the limit of {MAX_FILE_BYTES}",
            bytes.len()
        )));
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(damaged("it does not start with the %PDF- signature"));
    }
    if encrypted(bytes) {
        return Err(LoadError::new(
            "pdf",
            "the PDF is encrypted (password-protected, or locked against copying); breachlint does not decrypt PDFs: save or print an unprotected copy, or lint the file it was made from",
        ));
    }
    check_xref_streams(bytes)?;
    LOAD.with_borrow_mut(|s| *s = LoadState::default());
    let loaded = guarded(|| {
        lopdf::Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_filter(admit))
    });
    let state = LOAD.with_borrow(|s| s.clone());
    if let Some(e) = state.error {
        return Err(e);
    }
    let doc = loaded?.map_err(damaged)?;
    check_pages(&doc)?;
    Ok((doc, state.images))
}

/// Whether the file's trailer names an encryption dictionary. Trailers
/// (and cross-reference stream dictionaries, which hold the same keys)
/// are never compressed, so the name is found in the bytes.
fn encrypted(bytes: &[u8]) -> bool {
    let key = b"/Encrypt";
    // The name ends there ("/EncryptMetadata" is another key).
    bytes.windows(key.len()).enumerate().any(|(i, w)| {
        w == key
            && bytes.get(i + key.len()).is_none_or(|c| {
                !c.is_ascii_alphanumeric() && !matches!(c, b'_' | b'-' | b'.' | b'#')
            })
    })
}

/// Cross-reference streams are inflated by the parser before any object
/// is read, out of reach of [`admit`]: their sizes are checked here.
fn check_xref_streams(bytes: &[u8]) -> Result<(), LoadError> {
    let mut at = 0;
    let mut total = 0;
    while let Some(k) = find(&bytes[at..], b"/XRef") {
        let from = at + k + 5;
        at = from;
        let Some(s) = find(&bytes[from..], b"stream") else {
            break;
        };
        let mut data = from + s + 6;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let n = inflated_len(&bytes[data..], MAX_STREAM_BYTES + 1);
        total += n;
        if n > MAX_STREAM_BYTES || total > MAX_INFLATED_BYTES {
            return Err(too_large(format!(
                "a cross-reference stream inflates to more than {MAX_STREAM_BYTES} bytes"
            )));
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes `data` inflates to, counting no further than `cap`: as
/// zlib, else (as lopdf retries) as raw deflate after the two header bytes.
fn inflated_len(data: &[u8], cap: u64) -> u64 {
    fn count(r: impl Read, cap: u64) -> u64 {
        let mut r = r.take(cap);
        let mut buf = [0u8; 16 << 10];
        let mut n = 0;
        while let Ok(k) = r.read(&mut buf) {
            if k == 0 {
                break;
            }
            n += k as u64;
        }
        n
    }
    let n = count(flate2::read::ZlibDecoder::new(data), cap);
    if n == 0 && data.len() > 2 {
        count(flate2::read::DeflateDecoder::new(&data[2..]), cap)
    } else {
        n
    }
}

/// What [`admit`] saw while lopdf loaded a file (on this thread: lopdf
/// calls it from the loading thread, as it is built without rayon).
#[derive(Clone, Default)]
struct LoadState {
    objects: usize,
    inflated: u64,
    images: usize,
    error: Option<LoadError>,
}

thread_local! {
    static LOAD: RefCell<LoadState> = RefCell::new(LoadState::default());
}

/// lopdf's object filter: counts objects, drops image data (never read),
/// and inflates every other stream once, under the caps, so that nothing
/// later inflates without them.
fn admit(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    LOAD.with_borrow_mut(|s| {
        if s.error.is_some() {
            return None;
        }
        s.objects += 1;
        if s.objects > MAX_OBJECTS {
            s.error = Some(too_large(format!(
                "the PDF holds more than {MAX_OBJECTS} objects"
            )));
            return None;
        }
        if let Object::Stream(stream) = obj {
            let image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if image {
                s.images += 1;
                stream.content = Vec::new();
            } else if let Ok(filters) = stream.filters() {
                match inflate_bound(stream, &filters) {
                    Some(n) => {
                        s.inflated += n;
                        if n > MAX_STREAM_BYTES || s.inflated > MAX_INFLATED_BYTES {
                            s.error = Some(too_large(format!(
                                "object {} {} inflates to more than {}",
                                id.0,
                                id.1,
                                if n > MAX_STREAM_BYTES {
                                    format!("{MAX_STREAM_BYTES} bytes")
                                } else {
                                    format!("the {MAX_INFLATED_BYTES} bytes all streams may take")
                                }
                            )));
                            return None;
                        }
                        let _ = stream.decompress();
                    }
                    // LZW (a format of the early 1990s) and the image
                    // filters have no cheap bound: left unread.
                    None => stream.content = Vec::new(),
                }
            }
        }
        // lopdf keeps the object as changed in place when it was read
        // from the file, and the returned copy when it came out of an
        // object stream, which holds no streams: a stream needs no copy.
        match obj {
            Object::Stream(_) => Some((id, Object::Null)),
            _ => Some((id, obj.clone())),
        }
    })
}

/// How many bytes a stream's filters (`filters`, in decoding order) make
/// of it, counting no further than the cap; `None` for filters other than
/// ASCII85 (which shrinks its input) in front of at most one Flate.
fn inflate_bound(stream: &lopdf::Stream, filters: &[&[u8]]) -> Option<u64> {
    let (last, front) = filters.split_last()?;
    if front.iter().any(|f| *f != b"ASCII85Decode") {
        return None;
    }
    match *last {
        b"ASCII85Decode" => Some(stream.content.len() as u64),
        b"FlateDecode" if front.is_empty() => {
            Some(inflated_len(&stream.content, MAX_STREAM_BYTES + 1))
        }
        b"FlateDecode" => {
            let mut text = stream.clone();
            text.dict.set(
                "Filter",
                Object::Array(front.iter().map(|f| Object::Name(f.to_vec())).collect()),
            );
            text.dict.remove(b"DecodeParms");
            let packed = text.decompressed_content().ok()?;
            Some(inflated_len(&packed, MAX_STREAM_BYTES + 1))
        }
        _ => None,
    }
}

/// Checks the page count and the page tree before extraction: how many
/// pages the file claims and has, no cycle above any page, and the bytes
/// of content and fonts each page makes the extractor read.
fn check_pages(doc: &lopdf::Document) -> Result<(), LoadError> {
    let claimed = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .and_then(|p| p.get(b"Count"))
        .and_then(Object::as_i64)
        .unwrap_or(0);
    if claimed > MAX_PAGES as i64 {
        return Err(too_large(format!(
            "the PDF claims {claimed} pages, more than the {MAX_PAGES} read"
        )));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(too_large(format!(
            "the PDF has more than {MAX_PAGES} pages"
        )));
    }
    if pages.is_empty() {
        return Err(damaged("it has no pages"));
    }
    let mut work = 0u64;
    for (&n, &id) in &pages {
        let mut seen = HashSet::new();
        let mut at = id;
        while let Ok(parent) = doc
            .get_dictionary(at)
            .and_then(|d| d.get(b"Parent"))
            .and_then(Object::as_reference)
        {
            if !seen.insert(parent) || seen.len() > MAX_TREE_DEPTH {
                return Err(damaged(format!(
                    "the page tree above page {n} loops back on itself"
                )));
            }
            at = parent;
        }
        for c in doc.get_page_contents(id) {
            if let Ok(Object::Stream(s)) = doc.get_object(c) {
                work += s.content.len() as u64;
            }
        }
        if let Ok(page) = doc.get_dictionary(id) {
            work += font_bytes(doc, page, &seen);
        }
        if work > MAX_PAGE_WORK {
            return Err(too_large(format!(
                "its pages draw more than {MAX_PAGE_WORK} bytes of content and fonts"
            )));
        }
    }
    Ok(())
}

/// Bytes of the font streams reachable from a page's resources (its own,
/// or its ancestors' in `parents`).
fn font_bytes(doc: &lopdf::Document, page: &Dictionary, parents: &HashSet<ObjectId>) -> u64 {
    let mut stack: Vec<&Object> = Vec::new();
    let mut holders = vec![page];
    holders.extend(parents.iter().filter_map(|&p| doc.get_dictionary(p).ok()));
    for h in holders {
        if let Ok(r) = h.get(b"Resources") {
            stack.push(r);
        }
    }
    let mut seen = HashSet::new();
    let mut total = 0u64;
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) if seen.insert(*id) && seen.len() <= MAX_OBJECTS => {
                if let Ok(o) = doc.get_object(*id) {
                    stack.push(o);
                }
            }
            Object::Array(a) => stack.extend(a),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => {
                total += s.content.len() as u64;
                stack.extend(s.dict.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    total
}

thread_local! {
    /// Set while a crate call runs under [`guarded`]: its panics are
    /// caught and reported as a file error, so they are not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into a file error.
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, LoadError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let why = crate::document::flow::quote(&why);
        damaged(if why.is_empty() {
            "the PDF reader failed on it".to_string()
        } else {
            format!("the PDF reader failed on it: {why}")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_is_found_in_the_trailer() {
        assert!(encrypted(b"trailer << /Root 1 0 R /Encrypt 9 0 R >>"));
        assert!(encrypted(b"<< /Encrypt<< /Filter /Standard >> >>"));
        assert!(!encrypted(b"<< /EncryptMetadata false >>"));
        assert!(!encrypted(b"(/Encrypted) Tj"));
    }

    #[test]
    fn inflation_is_counted_up_to_the_cap() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&[0u8; 100_000]).unwrap();
        let packed = z.finish().unwrap();
        assert_eq!(inflated_len(&packed, 1 << 20), 100_000);
        assert_eq!(inflated_len(&packed, 1_000), 1_000);
        // Not deflate at all: nothing.
        assert_eq!(inflated_len(b"BT (x) Tj ET", 1 << 20), 0);
    }
}
