//! Stable fingerprints of findings: the same clause, rule and file give the same
//! fingerprint on every machine and in every release, so SARIF consumers and baselines can
//! recognise a finding they have seen before.
//!
//! The hash is FNV-1a 64 (not `DefaultHasher`, whose output may change between Rust
//! releases). It must not change once released: baselines store its output.

/// FNV-1a 64-bit hash of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Clause text reduced to what identifies it: lowercase, control and format characters
/// removed, runs of whitespace collapsed to one space, trimmed. Reflowing or re-extracting
/// a clause does not change its fingerprint.
pub fn normalise_clause(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !c.is_control() && !super::sanitize::is_format_char(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Fingerprint of a finding: 16 lowercase hex digits of FNV-1a 64 over the normalised
/// clause text, the rule code and the path with forward slashes, separated by NUL.
pub fn finding(evidence: &str, rule: &str, path: &str) -> String {
    let mut key = normalise_clause(evidence);
    key.push('\0');
    key.push_str(rule);
    key.push('\0');
    key.push_str(&path.replace('\\', "/"));
    format!("{:016x}", fnv1a64(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn reflowed_clause_keeps_its_fingerprint() {
        let a = finding("Licensee shall  grant\nto Licensor", "TS201", "a/b.pdf");
        let b = finding(
            " licensee shall grant to\u{200B} LICENSOR ",
            "TS201",
            "a\\b.pdf",
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(
            a,
            finding("Licensee shall grant to Licensor", "TS101", "a/b.pdf")
        );
        assert_ne!(
            a,
            finding("Licensee shall grant to Licensor", "TS201", "c.pdf")
        );
    }
}
