//! A small seeded random number generator (SplitMix64), so that a sampled or
//! fuzzed run is reproduced exactly from the seed it prints.

/// SplitMix64: fast, and good enough to choose samples and mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator that yields the same sequence for the same seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A seed for a run that was given none: the clock's nanoseconds.
    pub fn fresh_seed() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x5eed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which must not be 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Moves `count` items of `items`, chosen at random, to its front
    /// (a partial Fisher–Yates shuffle) and returns them.
    pub fn choose<'a, T>(&mut self, items: &'a mut [T], count: usize) -> &'a [T] {
        let count = count.min(items.len());
        for i in 0..count {
            let j = i + self.below(items.len() - i);
            items.swap(i, j);
        }
        &items[..count]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_choice() {
        let mut a: Vec<u32> = (0..100).collect();
        let mut b = a.clone();
        let first = Rng::new(7).choose(&mut a, 10).to_vec();
        let second = Rng::new(7).choose(&mut b, 10).to_vec();
        assert_eq!(first, second);
        let mut c: Vec<u32> = (0..100).collect();
        assert_ne!(first, Rng::new(8).choose(&mut c, 10));
        let mut sorted = first.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 10, "no item is chosen twice");
    }
}
