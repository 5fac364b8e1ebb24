//! `--shard K/N`: which inputs one of N machines processes. A file belongs to
//! shard `hash(path) mod N`, the hash being the first 8 bytes of the sha256 of
//! its path as found (as written in the CSVs), so every machine given the same
//! inputs agrees on the split without talking to the others.

use sha2::{Digest, Sha256};
use std::str::FromStr;

/// Shard `index` of `count` (0 ≤ index < count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether the file found at `path` falls in this shard.
    pub fn contains(&self, path: &str) -> bool {
        of(path, self.count) == self.index
    }
}

/// The shard of `path` among `count`.
pub fn of(path: &str, count: u64) -> u64 {
    let h = Sha256::digest(path.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&h[..8]);
    u64::from_be_bytes(first) % count.max(1)
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected K/N with 0 ≤ K < N (e.g. 0/3, 1/3, 2/3), got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_splits() {
        assert_eq!("1/3".parse(), Ok(Shard { index: 1, count: 3 }));
        assert!("3/3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        // the split is a partition and does not depend on the machine
        let paths: Vec<String> = (0..300).map(|i| format!("reports/{i:03}.pdf")).collect();
        let mut sizes = [0; 3];
        for p in &paths {
            let owners: Vec<u64> = (0..3).filter(|&k| Shard { index: k, count: 3 }.contains(p)).collect();
            assert_eq!(owners.len(), 1);
            sizes[owners[0] as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 70), "{sizes:?}");
        // sha256("a") begins ca978112ca1bbdca
        assert_eq!(of("a", u64::MAX), 0xca978112ca1bbdca);
    }
}
