//! Aligning a line with a template: the dynamic programming that decides whether a line with
//! an unseen key joins a cluster, and which template constants it turns into variables.

use super::Elem;

/// A line element: a constant token or a run of variable tokens, as a byte range of the message.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
    /// [`word_hash`] of a constant's bytes (0 for a variable).
    pub(super) hash: u64,
    pub(super) var: bool,
    pub(super) space_before: bool,
}

/// How a cell of the alignment table was reached.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Unreached,
    /// Template element `i-1` aligned with line element `j-1`.
    Diag,
    /// Line element `j-1` absorbed by a variable (of the template or its own).
    Left,
    /// Template element `i-1` absorbed by a variable (of the line or its own).
    Up,
}

/// Result of aligning a line with a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Alignment {
    /// Template constants equal to a line constant.
    pub(super) matched: u32,
    /// Template constants facing a line variable.
    pub(super) mismatched: u32,
    /// Template constants facing a different line constant.
    pub(super) substituted: u32,
    /// Template and line element index of the last substitution.
    pub(super) substituted_at: (usize, usize),
}

impl Alignment {
    pub(super) fn similarity(self) -> f64 {
        let total = self.matched + self.mismatched + self.substituted;
        f64::from(self.matched) / f64::from(total.max(1))
    }
}

/// Reusable dynamic-programming table of [`align`].
#[derive(Default)]
pub(super) struct Table {
    score: Vec<i32>,
    step: Vec<Step>,
    /// After [`align`]: which template elements the line does not support as constants.
    pub(super) to_var: Vec<bool>,
}

pub(super) fn text<'a>(msg: &'a [u8], s: &Span) -> &'a [u8] {
    &msg[s.start as usize..s.end as usize]
}

/// Aligns template `t` with line `l` (elements of `msg`), maximising matched minus unmatched
/// template constants. A template variable stands for a known-variable position, so it may
/// absorb any line element glued to it (`<*>` vs `github.com:443`) at no cost, or match nothing.
/// A line variable may likewise stand for glued template constants, but each one it covers is
/// a mismatch. Returns `None` when no alignment exists.
pub(super) fn align(t: &[Elem], l: &[Span], msg: &[u8], table: &mut Table) -> Option<Alignment> {
    let (n, m) = (t.len(), l.len());
    let w = m + 1;
    table.score.clear();
    table.score.resize((n + 1) * w, i32::MIN);
    table.step.clear();
    table.step.resize((n + 1) * w, Step::Unreached);
    table.score[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let mut best = i32::MIN;
            let mut step = Step::Unreached;
            let mut consider = |from: usize, gain: i32, st: Step| {
                let s = table.score[from];
                if s != i32::MIN && s + gain > best {
                    best = s + gain;
                    step = st;
                }
            };
            if i > 0 && j > 0 {
                let (te, le) = (&t[i - 1], &l[j - 1]);
                let gain = if te.var {
                    0
                } else if !le.var && te.hash == le.hash && te.text.as_bytes() == text(msg, le) {
                    1
                } else {
                    -1
                };
                consider((i - 1) * w + j - 1, gain, Step::Diag);
                if te.var && !le.space_before {
                    consider(i * w + j - 1, 0, Step::Left);
                }
                if le.var && !te.space_before && !te.var {
                    consider((i - 1) * w + j, -1, Step::Up);
                }
            }
            if j > 0 && l[j - 1].var {
                consider(i * w + j - 1, 0, Step::Left);
            }
            if i > 0 && t[i - 1].var {
                consider((i - 1) * w + j, 0, Step::Up);
            }
            if step != Step::Unreached {
                table.score[i * w + j] = best;
                table.step[i * w + j] = step;
            }
        }
    }
    if table.step[n * w + m] == Step::Unreached && n + m > 0 {
        return None;
    }
    let mut result = Alignment {
        matched: 0,
        mismatched: 0,
        substituted: 0,
        substituted_at: (0, 0),
    };
    table.to_var.clear();
    table.to_var.resize(n, false);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match table.step[i * w + j] {
            Step::Diag => {
                let (te, le) = (&t[i - 1], &l[j - 1]);
                if !te.var {
                    if le.var {
                        result.mismatched += 1;
                        table.to_var[i - 1] = true;
                    } else if te.hash == le.hash && te.text.as_bytes() == text(msg, le) {
                        result.matched += 1;
                    } else {
                        result.substituted += 1;
                        result.substituted_at = (i - 1, j - 1);
                        table.to_var[i - 1] = true;
                    }
                }
                i -= 1;
                j -= 1;
            }
            Step::Left => j -= 1,
            Step::Up => {
                if !t[i - 1].var {
                    result.mismatched += 1;
                    table.to_var[i - 1] = true;
                }
                i -= 1;
            }
            Step::Unreached => unreachable!("traceback left the aligned path"),
        }
    }
    Some(result)
}
