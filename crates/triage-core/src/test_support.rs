//! Helpers shared by the crate's unit tests (compiled only for tests).

/// Marsaglia's xorshift64 (13, 7, 17): a seeded, repeatable stream of pseudo-random numbers for
/// the differential and no-panic tests, so a failure reproduces from its seed.
pub struct XorShift64(u64);

impl XorShift64 {
    /// `seed` must not be zero (xorshift stays at zero forever).
    pub fn new(seed: u64) -> Self {
        assert_ne!(seed, 0, "xorshift64 needs a non-zero seed");
        XorShift64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An index below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `text` in alternating case, upper first (`ErRoR`): a mixed-case variant for the tests of
/// case-insensitive matching.
pub fn alternating_case(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}
