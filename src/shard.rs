//! Sharding: a stable partition of a run's inputs over N machines (`--shard K/N`).
//!
//! An input belongs to shard K of N when `fnv1a64(path) % N == K - 1`, where `path` is
//! the input's path exactly as reports show it (`dataroom/a.pdf`,
//! `dataroom.zip!/b/c.docx`: relative paths stay relative) and `fnv1a64` is the 64-bit
//! FNV-1a hash of its UTF-8 bytes (offset basis `0xcbf29ce484222325`, prime
//! `0x100000001b3`). The hash is fixed and documented, never `std`'s randomly seeded one,
//! so every machine that runs the same command over the same paths agrees on the
//! partition, and shards 1…N together hold every input exactly once.
//!
//! This module only decides membership; it does not read files or know about reports
//! beyond the serialised shard header.

use std::fmt;

use crate::report::fingerprint::fnv1a64;

/// Shard K of N (1-based: `1/3`, `2/3`, `3/3`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Shard {
    /// K, from 1 to `count`.
    pub index: u32,
    /// N, at least 1.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N` with `1 <= K <= N`.
    ///
    /// # Errors
    /// A message naming the bad value.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard K/N with 1 <= K <= N (e.g. 2/8)");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The 1-based shard that `path` (as reports show it) belongs to among `count`.
    pub fn of(path: &str, count: u32) -> u32 {
        (fnv1a64(path.as_bytes()) % u64::from(count.max(1))) as u32 + 1
    }

    /// Whether the input shown as `path` belongs to this shard.
    pub fn contains(self, path: &str) -> bool {
        Shard::of(path, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_reject_bad_values() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        assert_eq!(Shard::parse("1/1").map(|s| s.to_string()), Ok("1/1".into()));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "", "/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard_and_the_partition_is_fixed() {
        let paths: Vec<String> = (0..200).map(|i| format!("room/doc-{i}.pdf")).collect();
        for n in 1..6 {
            for p in &paths {
                let holders = (1..=n)
                    .filter(|&k| Shard { index: k, count: n }.contains(p))
                    .count();
                assert_eq!(holders, 1, "{p} in {n} shards");
            }
        }
        // The partition is a property of the documented hash, not of this process.
        assert_eq!(fnv1a64(b"samples/01-inbound-licence-grant-back.pdf") % 3, {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in b"samples/01-inbound-licence-grant-back.pdf" {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
            h % 3
        });
        let sizes: Vec<usize> = (1..=4)
            .map(|k| {
                paths
                    .iter()
                    .filter(|p| Shard { index: k, count: 4 }.contains(p))
                    .count()
            })
            .collect();
        assert!(sizes.iter().all(|&s| s > 30), "balanced: {sizes:?}");
    }
}
