//! Word 97–2003 `.doc` extraction over arbitrary bytes: `extract::doc::extract` must return
//! a result or an error, never panic, and stay within its budgets.
//!
//! Random bytes rarely survive the compound-file layer (sector chains, directory), so an
//! input whose first byte is odd is taken as stream contents instead: the next two bytes
//! (little-endian) say where the rest splits into the `WordDocument` stream (FIB, text)
//! and the table stream (piece table, header table), which the target packs into a
//! compound file with the `cfb` crate (`1Table` or `0Table` by the byte's second bit). An
//! even first byte passes the rest through as a whole file.
#![no_main]

use std::io::{Cursor, Write};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, doc};

fn compound_file(word: &[u8], table: &[u8], table_name: &str) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).ok()?;
    for (name, data) in [("/WordDocument", word), (table_name, table)] {
        let mut stream = file.create_stream(name).ok()?;
        stream.write_all(data).ok()?;
    }
    file.flush().ok()?;
    Some(file.into_inner().into_inner())
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let options = ExtractOptions {
        // Small budgets so one input cannot run into libFuzzer's own timeout or rss limit.
        max_decompressed_bytes: 64 * 1024 * 1024,
        timeout: Some(Duration::from_secs(5)),
        ..ExtractOptions::default()
    };
    if mode % 2 == 1 {
        let Some((split, streams)) = rest.split_first_chunk::<2>() else {
            return;
        };
        let at = usize::from(u16::from_le_bytes(*split)).min(streams.len());
        let (word, table) = streams.split_at(at);
        let table_name = if mode & 2 == 0 { "/1Table" } else { "/0Table" };
        if let Some(bytes) = compound_file(word, table, table_name) {
            let _ = doc::extract(&bytes, &options);
        }
    } else {
        let _ = doc::extract(rest, &options);
    }
});
