//! Calendar arithmetic for deadlines.
