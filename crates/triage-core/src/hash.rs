//! FNV-1a 64, the one hash behind every stored id: incident fingerprints, queue message ids,
//! pattern ids. FNV is fixed by its specification (no seed, no platform dependence), so the same
//! input gives the same id on every build and machine: ids are a stored contract, and the golden
//! test below pins them.

use std::hash::Hasher;

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 as a [`Hasher`] (also usable as a hash-map hasher for keys that are text).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(OFFSET_BASIS)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fnv1a {
    /// One field followed by a 0 byte, so moving text between fields changes the hash.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.write(bytes);
        self.write(&[0]);
        self
    }
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::default();
    h.write(bytes);
    h.finish()
}

/// FNV-1a 64 of several fields, each followed by a 0 byte.
pub fn fnv1a_fields<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = Fnv1a::default();
    for f in fields {
        h.field(f);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a 64 test vectors (draft-eastlake-fnv, section 6 / the FNV page).
    #[test]
    fn published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fields_are_separated() {
        assert_ne!(
            fnv1a_fields([b"ab".as_slice(), b"c"]),
            fnv1a_fields([b"a".as_slice(), b"bc"])
        );
        assert_eq!(fnv1a_fields([b"a".as_slice()]), fnv1a(b"a\0"));
    }

    /// Stored ids must never change between versions: these values were computed with an
    /// independent FNV-1a implementation (Python) from the same inputs.
    #[test]
    fn golden_stored_ids() {
        use crate::fingerprint::fingerprint;
        use crate::model::FailureClass;
        assert_eq!(
            fingerprint(
                FailureClass::Timeout,
                "/aws/lambda/orders",
                "Task timed out after <*> seconds"
            ),
            "fa045cbad010a6f3"
        );
        assert_eq!(
            fnv1a_fields([
                b"/aws/lambda/orders".as_slice(),
                b"2024/01/01/[$LATEST]abc",
                b"1",
                b"9"
            ]),
            0x10f8_dc81_811d_2d53
        );
    }
}
