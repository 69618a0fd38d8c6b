//! Online log template miner, in the spirit of Drain and CloudWatch Logs Insights `pattern`.
//!
//! Each message is split into words and single-character delimiters (`= , : ; ( ) [ ] { } " '`).
//! Generic rules mark variables: words with a digit (numbers, ids, IPs, paths with digits, hex,
//! UUIDs), host names with a common top-level domain, words over [`MAX_WORD_LEN`] bytes, a unit
//! after a number (`1.5 KB`, `<1 sec`), a bracket group holding a variable (`(1.16 KB)`,
//! `[instance: 9f3c…]`), and a delimiter glued between two variables (`00:01`, `1,2,3`).
//!
//! A line that differs from a line seen before only in its digits joins that line's cluster
//! without being tokenized (digit shapes, see `digit_shape`; only when the constant tokens hold
//! no digit, so the result is the one tokenizing would give).
//!
//! The constant tokens of a message, with variables dropped, form its key. The key decides the
//! cluster for almost every line through one hash lookup, so variable-length values and optional
//! numeric parts (`5 bytes sent` / `5 bytes (5 KB) sent`) need no extra work. A line with an
//! unseen key is aligned with the existing templates (dynamic programming, like an edit
//! distance): it joins a template when every template constant is matched or faces a line
//! variable and enough of them match ([`MinerSettings::min_similarity`]); template variables absorb any glued
//! tokens (`<*>` vs `github.com:443`), which handles variables without digits at positions
//! already known to vary. A line that differs from a template in exactly one constant starts a
//! new cluster recorded as a sibling; once that position has shown [`MinerSettings::min_distinct_values`]
//! distinct words it becomes a variable and the siblings are merged (user names, states), while
//! events told apart by one of a few words (`VM Started` / `VM Paused`) stay apart.
//!
//! Memory is bounded by [`MAX_TOKENS`] per line, [`MAX_CLUSTERS`], [`MAX_KEYS`] and
//! [`MAX_WORD_LEN`]; the slow path's work per line is bounded by [`MAX_ALIGN_CELLS`].

use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Identifier of a cluster returned by [`PatternMiner::add`]; follows merges through
/// [`PatternMiner::pattern`].
pub type ClusterId = u32;

use crate::template::{tokenize, Token};
pub use crate::template::{MAX_TOKENS, MAX_WORD_LEN};

/// FNV-1a 64-bit: the pattern id (fixed by specification, so ids are stable everywhere).
use crate::hash::fnv1a;

mod align;
#[cfg(test)]
mod tests;

use align::{align, text, Alignment, Span, Table};

/// The map hasher: eight bytes per multiply (the FxHash step) instead of FNV's one, since every
/// line's key is hashed. In-process only; nothing stored depends on it.
#[derive(Clone, Copy, Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn word_hash(bytes: &[u8]) -> u64 {
    let mut h = WordHasher::default();
    h.write(bytes);
    h.finish()
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Stable identifier of a template: FNV-1a 64 of the template text, shown as 16 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PatternId(pub u64);

impl fmt::Display for PatternId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The final pattern of a cluster.
#[derive(Clone, Copy, Debug)]
pub struct Pattern<'a> {
    pub pattern_id: PatternId,
    pub template: &'a str,
}

/// One line of [`PatternMiner::summary`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PatternSummary {
    pub pattern_id: String,
    pub template: String,
    pub count: u64,
}

/// One element of a template: a constant token or a variable (`<*>`, any run of tokens).
#[derive(Clone, Debug)]
struct Elem {
    text: Box<str>,
    /// [`word_hash`] of `text`: the alignment compares it before the bytes.
    hash: u64,
    var: bool,
    space_before: bool,
}

struct Cluster {
    elems: Vec<Elem>,
    constants: usize,
    template: String,
    pattern_id: PatternId,
    /// Lines of this cluster and of the clusters merged into it.
    count: u64,
    /// The cluster this one was merged into; itself while it is a root.
    parent: ClusterId,
    /// Clusters that differ from this one in one constant only, per template position.
    siblings: Vec<Siblings>,
    /// The set of template constants as bits of their hashes (0..128), and how many constants
    /// share a bit with another: together a cheap upper bound on how many of them a line can
    /// match, checked before the alignment.
    bits: u128,
    repeated: u32,
    /// The same for the constants with a space before them (which no line variable can absorb
    /// as a glued part), and how many there are.
    free_bits: u128,
    free_repeated: u32,
    free_constants: u32,
}

/// Clusters that differ from a root only by the constant at template position `at`. Once that
/// position has shown `min_distinct_values` values it is a variable and they are merged.
struct Siblings {
    at: usize,
    values: Vec<Box<[u8]>>,
    members: Vec<ClusterId>,
}

impl Cluster {
    fn new(id: ClusterId, elems: Vec<Elem>) -> Self {
        let mut c = Cluster {
            elems,
            constants: 0,
            template: String::new(),
            pattern_id: PatternId(0),
            count: 0,
            parent: id,
            siblings: Vec::new(),
            bits: 0,
            repeated: 0,
            free_bits: 0,
            free_repeated: 0,
            free_constants: 0,
        };
        c.refresh();
        c
    }

    /// Recomputes the derived fields after `elems` changed.
    fn refresh(&mut self) {
        self.constants = self.elems.iter().filter(|e| !e.var).count();
        self.template.clear();
        for e in &self.elems {
            if e.space_before && !self.template.is_empty() {
                self.template.push(' ');
            }
            self.template.push_str(if e.var { "<*>" } else { &e.text });
        }
        self.pattern_id = PatternId(fnv1a(self.template.as_bytes()));
        self.bits = self
            .elems
            .iter()
            .filter(|e| !e.var)
            .fold(0, |bits, e| bits | 1 << token_bit(e.hash));
        self.repeated = self.constants as u32 - self.bits.count_ones();
        let free = || self.elems.iter().filter(|e| !e.var && e.space_before);
        self.free_bits = free().fold(0, |bits, e| bits | 1 << token_bit(e.hash));
        self.free_constants = free().count() as u32;
        self.free_repeated = self.free_constants - self.free_bits.count_ones();
    }
}

/// The bit of a constant token (given its [`word_hash`]) in a 128-bit token set.
fn token_bit(hash: u64) -> u8 {
    (hash >> 57) as u8
}

/// The miner's thresholds. [`Default`] is the one setting `logtriage patterns` uses for every
/// input; the others exist so that `tests/loghub_grouping.rs` can choose it on some systems and
/// measure it on others.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinerSettings {
    /// Minimum [`Alignment::similarity`] for a line to join a cluster whose constants differ
    /// from its own (only where the template has variables, or where the line has variables).
    pub min_similarity: f64,
    /// Minimum similarity for a line that differs from a cluster by one constant to be recorded
    /// as its sibling. Lower than `min_similarity` because a merge also needs
    /// `min_distinct_values` distinct values at that position.
    pub min_sibling_similarity: f64,
    /// Distinct constants seen at one template position before it is taken for a variable.
    /// Lower values merge events told apart by one word (`VM Started` / `VM Paused`); higher
    /// ones leave word-like variables (user names, states) split.
    pub min_distinct_values: usize,
}

impl Default for MinerSettings {
    fn default() -> Self {
        MinerSettings {
            min_similarity: 0.8,
            min_sibling_similarity: 0.6,
            min_distinct_values: 5,
        }
    }
}

/// Most clusters kept; lines that match none once the cap is reached share one `<*>` cluster.
pub const MAX_CLUSTERS: usize = 10_000;

/// Alignment work (table cells) allowed for one line that misses the fast path; candidates
/// beyond it are not compared, so a stream of unique lines cannot go quadratic.
pub const MAX_ALIGN_CELLS: usize = 50_000;

/// Most distinct constant-token keys remembered for the fast path; lines with other keys still
/// work, through the slower template comparison.
pub const MAX_KEYS: usize = 1 << 18;

/// Longest key (bytes of constant tokens) remembered for the fast path.
const MAX_KEY_LEN: usize = 1024;

/// The fast-path key of a tokenized line, written into `buf` (grown, never shrunk): whether
/// the line has variables at all (which keeps `12` apart from the empty line), then every
/// constant token followed by a NUL. Every line is keyed, so a token of up to 16 bytes is
/// copied as one 16-byte block where the message has the bytes (a fixed-size copy the
/// compiler inlines, instead of a call to `memcpy` per token); the block's tail is overwritten
/// by what follows or lies past the key's end.
fn build_key<'b>(msg: &[u8], tokens: &[Token], buf: &'b mut Vec<u8>) -> &'b [u8] {
    let need = 1 + msg.len() + tokens.len() + 16;
    if buf.len() < need {
        buf.resize(need, 0);
    }
    let mut n = 1;
    let mut any_var = false;
    for t in tokens {
        if t.var {
            any_var = true;
            continue;
        }
        let (start, len) = (t.start as usize, (t.end - t.start) as usize);
        if len <= 16 && start + 16 <= msg.len() {
            let block: &[u8; 16] = msg[start..start + 16].try_into().expect("16 bytes");
            let dst: &mut [u8; 16] = (&mut buf[n..n + 16]).try_into().expect("16 bytes");
            *dst = *block;
        } else {
            buf[n..n + len].copy_from_slice(&msg[start..start + len]);
        }
        buf[n + len] = 0;
        n += len + 1;
    }
    buf[0] = u8::from(any_var);
    &buf[..n]
}

/// A line with its ASCII digits replaced by `0`, written into `buf`.
///
/// Tokens, and which of them are variables, depend on digits only through "is a digit" (byte
/// classes, digit counts, `is_ascii_digit`; every word list and fixed string the rules compare
/// with is digit-free), so two lines of one digit shape are split and masked alike. When the
/// constant tokens hold no digit, they are the same bytes too, so the lines have the same key
/// and join the same cluster: the line of a seen shape needs no tokenizing. Log lines of one
/// event often differ only in numbers (counts, ports, durations, fixed-width timestamps).
fn digit_shape(msg: &[u8], buf: &mut Vec<u8>) {
    buf.clear();
    buf.extend(
        msg.iter()
            .map(|&b| if b.is_ascii_digit() { b'0' } else { b }),
    );
}

/// Longest line whose digit shape is remembered.
const MAX_SHAPE_LEN: usize = 512;

/// Most digit shapes remembered (so at most `MAX_SHAPES × MAX_SHAPE_LEN` bytes, 32 MiB); lines
/// of other shapes still take the key's fast path.
pub const MAX_SHAPES: usize = 1 << 16;

/// Online template miner; see the module documentation.
#[derive(Default)]
pub struct PatternMiner {
    clusters: Vec<Cluster>,
    /// Digit shape of a line ([`digit_shape`]) → the cluster its lines join, for shapes whose
    /// key holds no digit and is in `by_key`.
    by_shape: FnvMap<Box<[u8]>, ClusterId>,
    shape: Vec<u8>,
    /// Constant tokens of a line (NUL-separated) → the cluster such lines join.
    by_key: FnvMap<Box<[u8]>, ClusterId>,
    /// Cluster for lines that match nothing once [`MAX_CLUSTERS`] is reached.
    overflow: Option<ClusterId>,
    // Per-line scratch buffers, reused so the common path does not allocate.
    tokens: Vec<Token>,
    key: Vec<u8>,
    line: Vec<Span>,
    table: Table,
    settings: MinerSettings,
}

impl PatternMiner {
    pub fn new() -> Self {
        Self::default()
    }

    /// A miner with other thresholds than the default (for evaluation; see [`MinerSettings`]).
    pub fn with_settings(settings: MinerSettings) -> Self {
        PatternMiner {
            settings,
            ..Self::default()
        }
    }

    /// Learns from one message; returns the id of the cluster it joined.
    pub fn add(&mut self, message: &str) -> ClusterId {
        let msg = message.as_bytes();
        let shaped = msg.len() <= MAX_SHAPE_LEN;
        if shaped {
            digit_shape(msg, &mut self.shape);
            if let Some(&id) = self.by_shape.get(self.shape.as_slice()) {
                let root = self.resolve(id);
                self.clusters[root as usize].count += 1;
                return id;
            }
        }
        tokenize(msg, &mut self.tokens);
        let key = build_key(msg, &self.tokens, &mut self.key);
        if let Some(&id) = self.by_key.get(key) {
            let digit_free = !key.iter().any(u8::is_ascii_digit);
            let root = self.resolve(id);
            self.clusters[root as usize].count += 1;
            if shaped && digit_free {
                self.remember_shape(id);
            }
            return id;
        }
        self.line.clear();
        for t in &self.tokens {
            match self.line.last_mut() {
                Some(last) if last.var && t.var && !t.space_before => last.end = t.end,
                _ => self.line.push(Span {
                    start: t.start,
                    end: t.end,
                    hash: if t.var {
                        0
                    } else {
                        word_hash(&msg[t.start as usize..t.end as usize])
                    },
                    var: t.var,
                    space_before: t.space_before,
                }),
            }
        }
        let id = self.place(msg);
        let root = self.resolve(id);
        self.clusters[root as usize].count += 1;
        let key = build_key(msg, &self.tokens, &mut self.key);
        if self.by_key.len() < MAX_KEYS && key.len() <= MAX_KEY_LEN {
            let digit_free = !key.iter().any(u8::is_ascii_digit);
            self.by_key.insert(key.into(), id);
            if shaped && digit_free {
                self.remember_shape(id);
            }
        }
        id
    }

    /// Lets later lines with the digit shape in `self.shape` skip tokenizing, once the line's
    /// key maps to `id` for good (`by_key` entries are never changed). Only for a key without
    /// digits: then every line of this shape has this very key (see [`digit_shape`]).
    fn remember_shape(&mut self, id: ClusterId) {
        if self.by_shape.len() < MAX_SHAPES {
            self.by_shape.insert(self.shape.as_slice().into(), id);
        }
    }

    /// Finds or creates the cluster of the line in `self.line`.
    fn place(&mut self, msg: &[u8]) -> ClusterId {
        let settings = self.settings;
        let line_constants = self.line.iter().filter(|s| !s.var).count() as f64;
        let line_bits = self
            .line
            .iter()
            .filter(|s| !s.var)
            .fold(0u128, |bits, s| bits | 1 << token_bit(s.hash));
        let min_similarity = settings.min_similarity.min(settings.min_sibling_similarity);
        let line_vars = self.line.iter().filter(|s| s.var).count() as u32;
        let line_free_bits = self
            .line
            .iter()
            .filter(|s| !s.var && s.space_before)
            .fold(0u128, |bits, s| bits | 1 << token_bit(s.hash));
        let mut exact: Option<(f64, usize)> = None;
        let mut sibling: Option<(f64, usize, Alignment)> = None;
        let mut budget = MAX_ALIGN_CELLS;
        for (ci, c) in self.clusters.iter().enumerate() {
            // Similarity is at most line constants / template constants.
            if c.parent as usize != ci
                || (c.constants as f64) * settings.min_sibling_similarity > line_constants
            {
                continue;
            }
            // Template constants the line can match at most (hash collisions only overcount).
            let present = ((c.bits & line_bits).count_ones() + c.repeated) as usize;
            if c.constants > 0 && (present as f64) < min_similarity * c.constants as f64 {
                continue;
            }
            // At most one substitution is of use. A template constant the line certainly lacks
            // must face a line variable, unless it is glued to one; a line constant the
            // template certainly lacks must face a template variable, unless glued. Two more
            // of either than there are variables to face mean two substitutions at least.
            let template_vars = (c.elems.len() - c.constants) as u32;
            let lacking_in_line = c.free_constants
                - ((c.free_bits & line_bits).count_ones() + c.free_repeated).min(c.free_constants);
            if lacking_in_line > 1 + line_vars
                || (line_free_bits & !c.bits).count_ones() > 1 + template_vars
            {
                continue;
            }
            let cells = (c.elems.len() + 1) * (self.line.len() + 1);
            if cells > budget {
                break;
            }
            budget -= cells;
            let Some(a) = align(&c.elems, &self.line, msg, &mut self.table) else {
                continue;
            };
            let sim = a.similarity();
            if a.matched == 0 {
                continue;
            }
            if a.substituted == 0
                && sim >= settings.min_similarity
                && exact.is_none_or(|(b, _)| sim > b)
            {
                exact = Some((sim, ci));
            } else if a.substituted == 1
                // A word is a slot only with context: two constants agree around it at least
                // (`VM <x> (Lifecycle Event)`), not one (`<x> = <*>`).
                && a.matched >= 2
                && sim >= settings.min_sibling_similarity
                && sibling.is_none_or(|(b, ..)| sim > b)
            {
                sibling = Some((sim, ci, a));
            }
        }
        if let Some((_, ci)) = exact {
            align(&self.clusters[ci].elems, &self.line, msg, &mut self.table);
            self.generalise(ci);
            return ci as ClusterId;
        }
        if self.clusters.len() >= MAX_CLUSTERS {
            return *self.overflow.get_or_insert_with(|| {
                let id = self.clusters.len() as ClusterId;
                let any = Elem {
                    text: "".into(),
                    hash: 0,
                    var: true,
                    space_before: false,
                };
                self.clusters.push(Cluster::new(id, vec![any]));
                id
            });
        }
        let id = self.clusters.len() as ClusterId;
        let elems = self
            .line
            .iter()
            .map(|s| Elem {
                text: if s.var {
                    "".into()
                } else {
                    String::from_utf8_lossy(text(msg, s)).into()
                },
                hash: s.hash,
                var: s.var,
                space_before: s.space_before,
            })
            .collect();
        self.clusters.push(Cluster::new(id, elems));
        if let Some((_, ci, a)) = sibling {
            let value = text(msg, &self.line[a.substituted_at.1]);
            self.add_sibling(ci, a.substituted_at.0, value, id);
        }
        id
    }

    /// Records that `member` differs from root `ci` only by `value` at template position `at`,
    /// and merges the siblings into `ci` once that position has shown enough distinct values.
    fn add_sibling(&mut self, ci: usize, at: usize, value: &[u8], member: ClusterId) {
        let root = &mut self.clusters[ci];
        let k = match root.siblings.iter().position(|s| s.at == at) {
            Some(k) => k,
            None => {
                let own = root.elems[at].text.as_bytes().into();
                root.siblings.push(Siblings {
                    at,
                    values: vec![own],
                    members: Vec::new(),
                });
                root.siblings.len() - 1
            }
        };
        let group = &mut root.siblings[k];
        group.members.push(member);
        if !group.values.iter().any(|v| **v == *value) {
            group.values.push(value.into());
        }
        if group.values.len() < self.settings.min_distinct_values {
            return;
        }
        let group = root.siblings.swap_remove(k);
        self.table.to_var.clear();
        self.table
            .to_var
            .resize(self.clusters[ci].elems.len(), false);
        self.table.to_var[at] = true;
        self.generalise(ci);
        for m in group.members {
            let moved = std::mem::take(&mut self.clusters[m as usize].count);
            self.clusters[m as usize].parent = ci as ClusterId;
            self.clusters[ci].count += moved;
        }
    }

    /// Follows merges from `id` to the cluster that now holds its lines.
    fn resolve(&self, mut id: ClusterId) -> ClusterId {
        while self.clusters[id as usize].parent != id {
            id = self.clusters[id as usize].parent;
        }
        id
    }

    /// Turns the template constants that `self.table.to_var` marks into variables.
    fn generalise(&mut self, ci: usize) {
        let to_var = &self.table.to_var;
        let c = &mut self.clusters[ci];
        if !to_var.iter().zip(&c.elems).any(|(&v, e)| v && !e.var) {
            return;
        }
        let mut elems: Vec<Elem> = Vec::with_capacity(c.elems.len());
        for (e, &v) in c.elems.drain(..).zip(to_var) {
            let var = e.var || v;
            match elems.last() {
                Some(last) if last.var && var && !e.space_before => {}
                _ => elems.push(Elem {
                    text: if var { "".into() } else { e.text },
                    hash: e.hash,
                    var,
                    space_before: e.space_before,
                }),
            }
        }
        c.elems = elems;
        c.refresh();
        // Positions may have shifted; pending sibling groups no longer apply.
        c.siblings.clear();
    }

    /// Final pattern for a cluster id returned by [`add`](Self::add), following merges.
    pub fn pattern(&self, id: ClusterId) -> Pattern<'_> {
        let c = &self.clusters[self.resolve(id) as usize];
        Pattern {
            pattern_id: c.pattern_id,
            template: &c.template,
        }
    }

    /// All patterns with their line counts, most frequent first. Clusters whose templates
    /// became identical are reported as one pattern.
    pub fn summary(&self) -> Vec<PatternSummary> {
        let mut by_id: FnvMap<PatternId, PatternSummary> = FnvMap::default();
        for (ci, c) in self.clusters.iter().enumerate() {
            if c.parent as usize != ci {
                continue;
            }
            by_id
                .entry(c.pattern_id)
                .or_insert_with(|| PatternSummary {
                    pattern_id: c.pattern_id.to_string(),
                    template: c.template.clone(),
                    count: 0,
                })
                .count += c.count;
        }
        let mut out: Vec<PatternSummary> = by_id.into_values().collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.template.cmp(&b.template))
        });
        out
    }
}
