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

/// Score of a cell no alignment reaches; moves from it stay far below any reached score
/// (at least `-(n + m)`), so they never win, and below `FLOOR`, which marks them unreached.
const UNREACHED: i32 = i32::MIN / 2;
const FLOOR: i32 = i32::MIN / 4;

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
    let (score, steps) = (&mut table.score, &mut table.step);
    score.clear();
    score.resize((n + 1) * w, UNREACHED);
    steps.clear();
    steps.resize((n + 1) * w, Step::Unreached);
    score[0] = 0;
    // Row 0: no template element yet, so only line variables can be absorbed.
    for j in 1..=m {
        if l[j - 1].var && score[j - 1] > FLOOR {
            score[j] = score[j - 1];
            steps[j] = Step::Left;
        }
    }
    for i in 1..=n {
        let te = &t[i - 1];
        let (row, up_row) = (i * w, (i - 1) * w);
        if te.var && score[up_row] > FLOOR {
            score[row] = score[up_row];
            steps[row] = Step::Up;
        }
        for j in 1..=m {
            let le = &l[j - 1];
            let gain = if te.var {
                0
            } else if !le.var && te.hash == le.hash && te.text.as_bytes() == text(msg, le) {
                1
            } else {
                -1
            };
            // The moves in a fixed order, the first best one kept; an unreached cell holds
            // `UNREACHED`, which no move from it lifts above `FLOOR`.
            let (diag, left, up) = (score[up_row + j - 1], score[row + j - 1], score[up_row + j]);
            let (mut best, mut step) = (FLOOR, Step::Unreached);
            if diag + gain > best {
                (best, step) = (diag + gain, Step::Diag);
            }
            if te.var && !le.space_before && left > best {
                (best, step) = (left, Step::Left);
            }
            if le.var && !te.space_before && !te.var && up - 1 > best {
                (best, step) = (up - 1, Step::Up);
            }
            if le.var && left > best {
                (best, step) = (left, Step::Left);
            }
            if te.var && up > best {
                (best, step) = (up, Step::Up);
            }
            if step != Step::Unreached {
                score[row + j] = best;
                steps[row + j] = step;
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
