//! Classification quality on real Lambda log excerpts written by other people.
//!
//! Every set is scored with the same code path as `logtriage analyze` (auto-detect input →
//! group events → classify → aggregate; top-1 = the most severe incident, `not_an_error` when
//! there is none).
//!
//! - `../shared/data/lambda-logs/*.jsonl`: 179 real excerpts from public sources. They are split
//!   into two halves by a hash of the record id (FNV-1a 64, even → half A, odd → half B), so the
//!   split is deterministic and independent of file order. Signals were tuned on one half while
//!   the other was scored (both ways, see docs/CLASSIFICATION.md); the held-out halves are gated
//!   below the full-set fit, at levels the held-out runs actually reached.
//! - `tests/fixtures/lambda-fresh.jsonl`: 56 real excerpts from sources neither shared file
//!   cites, collected after the classifier was written; split the same way into fresh-dev
//!   (tuned on) and fresh-blind (scored, never inspected). The figures that count.
//! - `tests/fixtures/lambda-fresh2.jsonl`: 60 more real excerpts from sources none of the above
//!   cites, collected (and labelled) before the classifier was run on them; split the same way
//!   into fresh2-dev and fresh2-blind.
//! - `tests/fixtures/lambda-fresh3.jsonl`: 48 more real excerpts, collected and labelled before
//!   the classifier was run on them; blind until round 4, a dev set since.
//! - `tests/fixtures/lambda-fresh4.jsonl` to `lambda-fresh59.jsonl`: twenty-eight pairs (1,746
//!   excerpts), each collected and labelled by two engineers who never ran the classifier while
//!   a round (4 to 30) changed it without reading them; each pair scored once when new (that
//!   round's estimate), then a dev set of the next round.
//! - `tests/fixtures/lambda-fixtures.jsonl`, `tests/fixtures/lambda-holdout.jsonl`: synthetic
//!   excerpts imitating documented formats; a regression check, not an estimate.
//!
//! Every gate is a regression floor just under a measured figure, never an estimate.
//!
//! `TRIAGE_EVAL_SHOW=A` (or `B`, `all`, `fresh-dev`, `fresh2-dev`, `fixtures`, and since round 4
//! `fresh-blind`, `fresh2-blind`, `fresh3`, and `fresh4` to `fresh57` from the round after they
//! were scored) lists the misclassified records of that set only, so tuning on one part never
//! shows another's mistakes; a blind pair's are never listed. By default none are.
//!
//! Reproduce the figures: `cargo test -p triage-core --test lambda_logs_eval -- --nocapture
//! --test-threads=1`.

use std::collections::{BTreeMap, BTreeSet};
use triage_core::analysis::analyze_text;

const SHARED: [&str; 2] = [
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/lambda-logs/lambda-logs.jsonl"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/lambda-logs/more-lambda-logs.jsonl"
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    A,
    B,
}

struct Record {
    id: String,
    label: String,
    text: String,
}

/// Deterministic half of a record: FNV-1a 64 of its id, even → A.
fn half_of(id: &str) -> Half {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    if hash % 2 == 0 {
        Half::A
    } else {
        Half::B
    }
}

fn load(paths: &[&str]) -> Vec<Record> {
    let mut records = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!("cannot read {path}: {e} (the labelled data must be present)")
        });
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let r: serde_json::Value = serde_json::from_str(line).expect("valid JSONL");
            records.push(Record {
                id: r["id"].as_str().expect("id").to_string(),
                label: r["class"].as_str().expect("class").to_string(),
                text: r["text"].as_str().expect("text").to_string(),
            });
        }
    }
    records
}

fn predict(text: &str) -> String {
    let (report, ingested) = analyze_text(text);
    if let Some(e) = ingested.errors.first() {
        return format!("input_error: {e}");
    }
    report
        .incidents
        .first()
        .map_or("not_an_error".to_string(), |i| i.class.as_str().to_string())
}

#[derive(Debug)]
struct Scores {
    failures: usize,
    healthy: usize,
    recall: f64,
    fpr: f64,
    top1: f64,
    macro_f1: f64,
}

/// Score records; `show` lists their mistakes.
fn score(name: &str, records: &[&Record], show: bool) -> Scores {
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut failures, mut detected, mut correct, mut healthy, mut false_pos) = (0, 0, 0, 0, 0);
    for r in records {
        let predicted = predict(&r.text);
        if r.label == "not_an_error" {
            healthy += 1;
            false_pos += usize::from(predicted != "not_an_error");
        } else {
            failures += 1;
            detected += usize::from(predicted != "not_an_error");
            correct += usize::from(predicted == r.label);
        }
        if show && predicted != r.label {
            println!("  miss {}: {} -> {predicted}", r.id, r.label);
        }
        *confusion.entry((r.label.clone(), predicted)).or_default() += 1;
    }
    // Macro-F1 over every class that occurs as a label (not_an_error included): the mean of
    // per-class F1 of the top-1 prediction, so a rare class counts as much as a common one.
    let labels: BTreeSet<&String> = confusion.keys().map(|(l, _)| l).collect();
    let f1s: Vec<f64> = labels
        .iter()
        .map(|&class| {
            let tp = confusion
                .get(&(class.clone(), class.clone()))
                .copied()
                .unwrap_or(0) as f64;
            let predicted: usize = confusion
                .iter()
                .filter(|((_, p), _)| p == class)
                .map(|(_, n)| n)
                .sum();
            let actual: usize = confusion
                .iter()
                .filter(|((l, _), _)| l == class)
                .map(|(_, n)| n)
                .sum();
            if tp == 0.0 {
                0.0
            } else {
                2.0 * tp / (predicted as f64 + actual as f64)
            }
        })
        .collect();
    let s = Scores {
        failures,
        healthy,
        recall: detected as f64 / failures.max(1) as f64,
        fpr: false_pos as f64 / healthy.max(1) as f64,
        top1: correct as f64 / failures.max(1) as f64,
        macro_f1: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
    };
    println!(
        "{name}: failures={} healthy={} recall={:.3} false_positive_rate={:.3} top1_accuracy={:.3} macro_f1={:.3}",
        s.failures, s.healthy, s.recall, s.fpr, s.top1, s.macro_f1
    );
    s
}

fn show_half(half: Option<Half>) -> bool {
    match std::env::var("TRIAGE_EVAL_SHOW").as_deref() {
        Ok("all") => true,
        Ok("A") => half == Some(Half::A),
        Ok("B") => half == Some(Half::B),
        _ => false,
    }
}

/// Whether `TRIAGE_EVAL_SHOW` names this set, so that its mistakes are listed.
fn show_set(name: &str) -> bool {
    std::env::var("TRIAGE_EVAL_SHOW").as_deref() == Ok(name)
}

/// Recall, false-positive rate, top-1 and macro-F1 floors.
const fn gate(recall: f64, fpr: f64, top1: f64, macro_f1: f64) -> Gate {
    Gate {
        recall,
        fpr,
        top1,
        macro_f1,
    }
}

/// Score `part` (listing its mistakes when `show`) and hold it to its floor.
fn scored_against_floor(name: &str, part: &[Record], show: bool, floor: &Gate) {
    let refs: Vec<&Record> = part.iter().collect();
    let s = score(name, &refs, show);
    assert_gate(name, &s, floor);
}

/// One round's blind pair: each set against its floor, then both pooled (macro-F1 over the
/// pooled confusion matrix). `listable`: whether `TRIAGE_EVAL_SHOW` may name a set to list its
/// mistakes (never for a pair still blind).
fn blind_pair(sets: [(&str, &str, &Gate); 2], pooled: (&str, &Gate), listable: bool) {
    for (name, path, floor) in sets {
        let label = if listable {
            name.to_string()
        } else {
            format!("{name} (blind)")
        };
        scored_against_floor(&label, &load(&[path]), listable && show_set(name), floor);
    }
    scored_against_floor(pooled.0, &load(&[sets[0].1, sets[1].1]), false, pooled.1);
}

struct Gate {
    recall: f64,
    fpr: f64,
    top1: f64,
    macro_f1: f64,
}

fn assert_gate(name: &str, s: &Scores, g: &Gate) {
    assert!(
        s.recall >= g.recall,
        "{name}: recall {:.3} < {}",
        s.recall,
        g.recall
    );
    assert!(
        s.fpr <= g.fpr,
        "{name}: false-positive rate {:.3} > {}",
        s.fpr,
        g.fpr
    );
    assert!(
        s.top1 >= g.top1,
        "{name}: top-1 accuracy {:.3} < {}",
        s.top1,
        g.top1
    );
    assert!(
        s.macro_f1 >= g.macro_f1,
        "{name}: macro-F1 {:.3} < {}",
        s.macro_f1,
        g.macro_f1
    );
}

#[test]
fn halves_are_balanced_and_deterministic() {
    let records = load(&SHARED);
    assert_eq!(records.len(), 179, "the shared set has 179 records");
    let a = records.iter().filter(|r| half_of(&r.id) == Half::A).count();
    let b = records.len() - a;
    println!("split: half A {a} records, half B {b} records");
    // A hash split is not exact, but neither half may be so small that its score means nothing.
    assert!(a >= 70 && b >= 70, "unbalanced split: {a} / {b}");
    assert_eq!(half_of("lambda-dev-001"), half_of("lambda-dev-001"));
}

/// The figures that estimate unseen data: each half scored on its own.
#[test]
fn shared_halves_meet_held_out_gates() {
    let records = load(&SHARED);
    // After tuning each half is fitted too (A: 0.947 / 0.000 / 0.933 / 0.940, B: 0.971 /
    // 0.000 / 0.884 / 0.905 after the fresh2-dev round); the floors sit just under the weaker
    // half so that a change which loses an excerpt of either half fails. Floors, not estimates:
    // the held-out figures, which estimate unseen logs, were lower (docs/CLASSIFICATION.md).
    // Round 4 lowered the macro-F1 floor to 0.89: it detects an extension's `NAME | ERROR |`
    // line that half B labels dependency_unavailable (recall 0.971 → 0.986, top-1 unchanged),
    // and the extra `error` prediction costs that class precision (B's macro-F1 0.905 → 0.899).
    // Round 10 lowered the recall floor to 0.93: a lone REPORT at its memory limit
    // (lambda-dev-007, half A) is no longer out of memory without a runtime that died beside
    // it (DESIGN.md's "with a killed runtime"), so half A fell to 0.933 / 0.000 / 0.920 / 0.928
    // (B: 0.986 / 0.000 / 0.913 / 0.927).
    let gate = gate(0.93, 0.01, 0.88, 0.89);
    let scored: Vec<(String, Scores)> = [Half::A, Half::B]
        .into_iter()
        .map(|half| {
            let part: Vec<&Record> = records.iter().filter(|r| half_of(&r.id) == half).collect();
            let name = format!("shared half {half:?}");
            let s = score(&name, &part, show_half(Some(half)));
            (name, s)
        })
        .collect();
    for (name, s) in &scored {
        assert_gate(name, s, &gate);
    }
}

/// The full-set fit: every record, tuned on all of them by the end.
#[test]
fn shared_full_set_fit() {
    let records = load(&SHARED);
    let all: Vec<&Record> = records.iter().collect();
    let s = score("shared full set (fit)", &all, false);
    // Just under the fit (0.958 / 0.000 / 0.910 / 0.924 after the fresh2-dev round; 0.958 /
    // 0.000 / 0.917 / 0.929 after round 10).
    assert_gate("shared full set", &s, &gate(0.95, 0.01, 0.90, 0.92));
}

fn regression_set(name: &str, file: &str) {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let records = load(&[path.as_str()]);
    let all: Vec<&Record> = records.iter().collect();
    let show = std::env::var("TRIAGE_EVAL_SHOW").as_deref() == Ok("fixtures");
    let s = score(name, &all, show);
    // Synthetic sets (fitted at 1.000 by the old classifier; now holdout 1.000 / 0.000 /
    // 0.973 / 0.975, fixtures 1.000 / 0.000 / 0.981 / 0.981): a regression check.
    assert_gate(name, &s, &gate(0.95, 0.05, 0.90, 0.90));
}

#[test]
fn own_fixtures_meet_targets() {
    regression_set("own fixtures", "lambda-fixtures.jsonl");
}

/// Written blind (without reading the classifier) by a second author, but synthetic.
#[test]
fn blind_holdout_meets_targets() {
    regression_set("blind holdout", "lambda-holdout.jsonl");
}

// ---------------------------------------------------------------------------------------------
// Fresh real set: `tests/fixtures/lambda-fresh.jsonl`, collected after the classifier was
// written, from public sources that neither shared file uses (docs/CLASSIFICATION.md, "Fresh
// evaluation set"). Split by the same FNV-1a 64 hash of the id: even → fresh-dev, odd →
// fresh-blind. Until round 4 only fresh-dev's mistakes could be listed; fresh-blind was scored as
// aggregate figures only. Round 4 listed and used its mistakes (`TRIAGE_EVAL_SHOW=fresh-blind`).

const FRESH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh.jsonl"
);

const FRESH2: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh2.jsonl"
);

/// Third fresh real set (docs/CLASSIFICATION.md, "Third fresh set"): never split; blind until round
/// 4.
const FRESH3: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh3.jsonl"
);

/// The fourth round's blind sets (docs/CLASSIFICATION.md, "Rounds 4 to 8"): collected and labelled
/// by two engineers who never ran the classifier on them, while the classifier was changed by
/// another who never read them. Blind when it was scored; a dev set from the next round on
/// (TRIAGE_EVAL_SHOW lists it), except the newest pair.
const FRESH4: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh4.jsonl"
);
const FRESH5: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh5.jsonl"
);

/// The fifth round's blind sets (docs/CLASSIFICATION.md, "Rounds 4 to 8"): collected and labelled
/// by two more engineers who never ran the classifier, while round 5 changed it without reading
/// them. Blind when it was scored; a dev set from the next round on (TRIAGE_EVAL_SHOW lists it),
/// except the newest pair.
const FRESH6: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh6.jsonl"
);
const FRESH7: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh7.jsonl"
);
/// The sixth round's blind sets (docs/CLASSIFICATION.md, "Rounds 4 to 8"): collected and
/// labelled by two more engineers who never ran the classifier, while round 6 changed it
/// without reading them. Blind when it was scored; a dev set from the next round on
/// (TRIAGE_EVAL_SHOW lists it), except the newest pair.
const FRESH8: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh8.jsonl"
);
const FRESH9: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh9.jsonl"
);
/// The seventh round's blind sets (docs/CLASSIFICATION.md, "Rounds 4 to 8"): collected and
/// labelled by two more engineers who never ran the classifier, while round 7 changed it
/// without reading them. Blind when it was scored; a dev set from the next round on
/// (TRIAGE_EVAL_SHOW lists it), except the newest pair.
const FRESH10: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh10.jsonl"
);
const FRESH11: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh11.jsonl"
);
/// The eighth round's blind sets (docs/CLASSIFICATION.md, "Rounds 4 to 8"): collected and
/// labelled by two more engineers who never ran the classifier, while round 8 changed it
/// without reading them. Blind when it was scored; a dev set from the next round on
/// (TRIAGE_EVAL_SHOW lists it), except the newest pair.
const FRESH12: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh12.jsonl"
);
const FRESH13: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh13.jsonl"
);
/// The ninth round's blind sets (docs/CLASSIFICATION.md, "Rounds 9 and 10"): collected and
/// labelled the same way, with the level rule of issue 10 spelled out to the collectors
/// (`tests/fixtures/labelling-rules-fresh14-15.md`), while round 9 changed the classifier
/// without reading them. Blind when scored; round 10's dev sets since.
const FRESH14: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh14.jsonl"
);
const FRESH15: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh15.jsonl"
);
/// The tenth round's blind sets (docs/CLASSIFICATION.md, "Rounds 11 and 12"): collected and
/// labelled the same way, by the same written rules
/// (`tests/fixtures/labelling-rules-fresh16-17.md`), while round 10 changed the classifier
/// without reading them.
const FRESH16: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh16.jsonl"
);
const FRESH17: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh17.jsonl"
);
/// The eleventh round's blind sets (docs/CLASSIFICATION.md, "Rounds 11 and
/// 12"): collected and labelled the same way, by the same written rules
/// (`tests/fixtures/labelling-rules-fresh18-19.md`), while round 11 changed the classifier
/// without reading them.
const FRESH18: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh18.jsonl"
);
const FRESH19: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh19.jsonl"
);
/// The twelfth round's blind sets (docs/CLASSIFICATION.md, "Rounds 11 and 12"): collected and
/// labelled the same way, by the same written rules
/// (`tests/fixtures/labelling-rules-fresh20-21.md`), while round 12 changed the classifier
/// without reading them.
const FRESH20: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh20.jsonl"
);
const FRESH21: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh21.jsonl"
);
/// Round 13's blind pair: fresh22 (Node.js, Go, Rust, custom runtimes, extensions and platform
/// records) and fresh23 (Python, Java, .NET, Ruby, PHP, PowerShell), collected and labelled by
/// two engineers who never ran the classifier, by the same written rules
/// (`tests/fixtures/labelling-rules-fresh22-23.md`), while round 13 changed the classifier
/// without reading them.
const FRESH22: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh22.jsonl"
);
const FRESH23: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh23.jsonl"
);
/// Round 14's blind pair: fresh24 (Node.js, Go, Rust, custom runtimes, extensions) and fresh25
/// (Python, Java, .NET, Ruby, PHP, PowerShell), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh24-25.md`) while round 14 changed the classifier
/// without reading them.
const FRESH24: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh24.jsonl"
);
const FRESH25: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh25.jsonl"
);
/// Round 15's blind pair: fresh26 (Node.js, Go, Rust, custom runtimes, container images) and
/// fresh27 (Python, Java, .NET, Ruby, PHP, PowerShell), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh26-27.md`) while round 15 changed the classifier
/// without reading them.
const FRESH26: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh26.jsonl"
);
const FRESH27: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh27.jsonl"
);
/// Round 16's blind pair: fresh28 (Node.js, Go, Rust, custom runtimes, container images) and
/// fresh29 (Python, Java, .NET, Ruby), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh28-29.md`) while round 16 changed the classifier
/// without reading them.
const FRESH28: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh28.jsonl"
);
const FRESH29: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh29.jsonl"
);
/// Round 17's blind pair: fresh30 (Node.js, custom runtimes, Rust, Go, Ruby) and fresh31
/// (Python, Java, PHP, .NET), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh30-31.md`) while round 17 changed the classifier
/// without reading them.
const FRESH30: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh30.jsonl"
);
const FRESH31: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh31.jsonl"
);
/// Round 18's blind pair: fresh32 (Node.js, custom runtimes, Rust, Go, Ruby, container images)
/// and fresh33 (Python, Java, .NET, PHP), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh32-33.md`) while round 18 changed the classifier
/// without reading them.
const FRESH32: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh32.jsonl"
);
const FRESH33: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh33.jsonl"
);
/// Round 19's blind pair: fresh34 (Node.js, Go, Rust, Ruby) and fresh35 (Python, PHP, Java,
/// .NET), collected and labelled the same way (`tests/fixtures/labelling-rules-fresh34-35.md`)
/// while round 19 changed the classifier without reading them.
const FRESH34: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh34.jsonl"
);
const FRESH35: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh35.jsonl"
);
/// Round 20's blind pair: fresh36 (Node.js, custom runtimes, Rust, Go) and fresh37 (Python,
/// Java, .NET, PHP), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh36-37.md`) while round 20 changed the classifier
/// without reading them.
const FRESH36: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh36.jsonl"
);
const FRESH37: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh37.jsonl"
);
/// Round 21's blind pair: fresh38 (Node.js, Go, Rust, Ruby, custom runtimes) and fresh39
/// (Python, Java, .NET, PHP), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh38-39.md`) while round 21 changed the classifier
/// without reading them.
const FRESH38: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh38.jsonl"
);
const FRESH39: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh39.jsonl"
);
/// Round 22's blind pair: fresh40 (Node.js, Go) and fresh41 (Python, Java), collected and
/// labelled the same way (`tests/fixtures/labelling-rules-fresh40-41.md`) while round 22 changed
/// the classifier without reading them; both collections ran out of unused sources early.
const FRESH40: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh40.jsonl"
);
const FRESH41: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh41.jsonl"
);
/// Round 22's second blind pair: fresh42 (Node.js, Go, Ruby, custom) and fresh43 (Python, Java,
/// .NET), collected and labelled the same way (`tests/fixtures/labelling-rules-fresh42-43.md`)
/// and scored with the same classifier as fresh40 and fresh41.
const FRESH42: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh42.jsonl"
);
const FRESH43: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh43.jsonl"
);
/// Round 23's blind pair: fresh44 (Node.js, Go, Rust, Ruby) and fresh45 (Python, Java, .NET),
/// collected and labelled the same way (`tests/fixtures/labelling-rules-fresh44-45.md`) while
/// round 23 changed the classifier without reading them.
const FRESH44: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh44.jsonl"
);
const FRESH45: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh45.jsonl"
);
/// Round 24's blind pair: fresh46 (Node.js, PHP, Rust, Ruby) and fresh47 (Python, Java, .NET),
/// collected and labelled the same way (`tests/fixtures/labelling-rules-fresh46-47.md`) while
/// round 24 changed the classifier without reading them.
const FRESH46: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh46.jsonl"
);
const FRESH47: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh47.jsonl"
);
/// Round 25's blind pair: fresh48 (Node.js, Go, custom runtimes, Ruby) and fresh49 (Python,
/// Java, .NET), collected and labelled the same way (`tests/fixtures/labelling-rules-fresh48-49.md`)
/// while round 25 changed the classifier without reading them.
const FRESH48: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh48.jsonl"
);
const FRESH49: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh49.jsonl"
);
/// Round 26's blind pair: fresh50 (Node.js, Rust, Go, custom runtimes) and fresh51 (Python,
/// Java, .NET), collected and labelled the same way (`tests/fixtures/labelling-rules-fresh50-51.md`)
/// while round 26 changed the classifier without reading them.
const FRESH50: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh50.jsonl"
);
const FRESH51: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh51.jsonl"
);
/// Round 27's blind pair: fresh52 (Node.js, Go, Rust, custom runtimes, Ruby, PHP) and fresh53
/// (Python, Java, .NET), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh52-53.md`) while round 27 changed the classifier
/// without reading them.
const FRESH52: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh52.jsonl"
);
const FRESH53: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh53.jsonl"
);
/// Round 28's blind pair: fresh54 (Node.js, Rust, custom runtimes, Go, Ruby, PHP) and fresh55
/// (Python, Java, .NET), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh54-55.md`) while round 28 changed the classifier
/// without reading them.
const FRESH54: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh54.jsonl"
);
const FRESH55: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh55.jsonl"
);
/// Round 29's blind pair: fresh56 (Node.js, PHP, Go, Rust, Ruby) and fresh57 (Python, Java,
/// .NET), collected and labelled the same way (`tests/fixtures/labelling-rules-fresh56-57.md`)
/// while round 29 changed the classifier without reading them.
const FRESH56: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh56.jsonl"
);
const FRESH57: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh57.jsonl"
);
/// Round 30's blind pair: fresh58 (Node.js, Ruby, Go, PHP, custom runtimes) and fresh59
/// (Python, Java, .NET), collected and labelled the same way
/// (`tests/fixtures/labelling-rules-fresh58-59.md`) while round 30 changed the classifier
/// without reading them.
const FRESH58: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh58.jsonl"
);
const FRESH59: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/lambda-fresh59.jsonl"
);

/// Every set collected as half of a round's blind pair, fresh4 to fresh59, in round order.
const PAIRED_SETS: [&str; 56] = [
    FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, FRESH12, FRESH13, FRESH14,
    FRESH15, FRESH16, FRESH17, FRESH18, FRESH19, FRESH20, FRESH21, FRESH22, FRESH23, FRESH24,
    FRESH25, FRESH26, FRESH27, FRESH28, FRESH29, FRESH30, FRESH31, FRESH32, FRESH33, FRESH34,
    FRESH35, FRESH36, FRESH37, FRESH38, FRESH39, FRESH40, FRESH41, FRESH42, FRESH43, FRESH44,
    FRESH45, FRESH46, FRESH47, FRESH48, FRESH49, FRESH50, FRESH51, FRESH52, FRESH53, FRESH54,
    FRESH55, FRESH56, FRESH57, FRESH58, FRESH59,
];
/// How many of `PAIRED_SETS` are dev sets now (fresh4 to fresh57); the last pair is blind.
const PAIRED_DEV_SETS: usize = 54;

fn fresh_part(dev: bool) -> Vec<Record> {
    part_of(FRESH, dev)
}

/// The dev (even hash) or blind (odd hash) part of a fresh file.
fn part_of(path: &str, dev: bool) -> Vec<Record> {
    load(&[path])
        .into_iter()
        .filter(|r| (half_of(&r.id) == Half::A) == dev)
        .collect()
}

#[test]
fn fresh_split_is_deterministic_and_disjoint() {
    for path in [FRESH, FRESH2] {
        let all = load(&[path]);
        let dev = part_of(path, true);
        let blind = part_of(path, false);
        assert_eq!(dev.len() + blind.len(), all.len());
        assert!(dev.iter().all(|d| blind.iter().all(|b| b.id != d.id)));
        // Neither half may be so small that its figures mean nothing.
        assert!(
            dev.len() >= 20 && blind.len() >= 20,
            "{path}: {} / {}",
            dev.len(),
            blind.len()
        );
    }
}

/// Healthy and failing excerpts of the fresh sets must not reuse a shared-set source, the second
/// fresh set must not reuse one of the first, and no source appears twice in a file.
#[test]
fn fresh_sources_are_disjoint_from_the_shared_set() {
    let source_of = |path: &str| -> Vec<String> {
        std::fs::read_to_string(path)
            .expect("readable")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("valid JSONL");
                v["source"].as_str().expect("source").to_string()
            })
            .collect()
    };
    let shared: BTreeSet<String> = SHARED.iter().flat_map(|p| source_of(p)).collect();
    let sets: Vec<(&str, Vec<String>)> = [
        ("fresh", FRESH),
        ("fresh2", FRESH2),
        ("fresh3", FRESH3),
        ("fresh4", FRESH4),
        ("fresh5", FRESH5),
        ("fresh6", FRESH6),
        ("fresh7", FRESH7),
        ("fresh8", FRESH8),
        ("fresh9", FRESH9),
        ("fresh10", FRESH10),
        ("fresh11", FRESH11),
        ("fresh12", FRESH12),
        ("fresh13", FRESH13),
        ("fresh14", FRESH14),
        ("fresh15", FRESH15),
        ("fresh16", FRESH16),
        ("fresh17", FRESH17),
        ("fresh18", FRESH18),
        ("fresh19", FRESH19),
        ("fresh20", FRESH20),
        ("fresh21", FRESH21),
        ("fresh22", FRESH22),
        ("fresh23", FRESH23),
        ("fresh24", FRESH24),
        ("fresh25", FRESH25),
        ("fresh26", FRESH26),
        ("fresh27", FRESH27),
        ("fresh28", FRESH28),
        ("fresh29", FRESH29),
        ("fresh30", FRESH30),
        ("fresh31", FRESH31),
        ("fresh32", FRESH32),
        ("fresh33", FRESH33),
        ("fresh34", FRESH34),
        ("fresh35", FRESH35),
        ("fresh36", FRESH36),
        ("fresh37", FRESH37),
        ("fresh38", FRESH38),
        ("fresh39", FRESH39),
        ("fresh40", FRESH40),
        ("fresh41", FRESH41),
        ("fresh42", FRESH42),
        ("fresh43", FRESH43),
        ("fresh44", FRESH44),
        ("fresh45", FRESH45),
        ("fresh46", FRESH46),
        ("fresh47", FRESH47),
        ("fresh48", FRESH48),
        ("fresh49", FRESH49),
        ("fresh50", FRESH50),
        ("fresh51", FRESH51),
        ("fresh52", FRESH52),
        ("fresh53", FRESH53),
        ("fresh54", FRESH54),
        ("fresh55", FRESH55),
        ("fresh56", FRESH56),
        ("fresh57", FRESH57),
        ("fresh58", FRESH58),
        ("fresh59", FRESH59),
    ]
    .into_iter()
    .map(|(name, path)| (name, source_of(path)))
    .collect();
    for (name, set) in &sets {
        let distinct: BTreeSet<&String> = set.iter().collect();
        assert_eq!(distinct.len(), set.len(), "a {name} source is used twice");
        for s in set {
            assert!(
                !shared.contains(s),
                "{name} source already in the shared set: {s}"
            );
        }
    }
    // No source is in two fresh sets: each set's sources are new to every earlier one, and
    // the two sets of a round never share one.
    let mut seen: BTreeMap<&String, &str> = BTreeMap::new();
    for (name, set) in &sets {
        for s in set {
            if let Some(earlier) = seen.insert(s, name) {
                panic!("{name} source already in {earlier}: {s}");
            }
        }
    }
}

/// The second fresh set repeats no excerpt text of the earlier sets (a generic one-liner posted
/// in two threads would otherwise be scored twice, once after it was seen).
#[test]
fn fresh2_texts_are_new() {
    let mut earlier: Vec<String> = load(&SHARED).into_iter().map(|r| r.text).collect();
    earlier.extend(load(&[FRESH]).into_iter().map(|r| r.text));
    let earlier: BTreeSet<String> = earlier.iter().map(|t| t.trim().to_string()).collect();
    let fresh2 = load(&[FRESH2]);
    assert!(fresh2.len() >= 60, "{} excerpts", fresh2.len());
    for r in &fresh2 {
        assert!(
            !earlier.contains(r.text.trim()),
            "{} repeats an earlier excerpt",
            r.id
        );
    }
}

/// From fresh4 on, no set repeats an excerpt text of any earlier set, shared or fresh (a
/// generic one-liner posted in two threads would otherwise be scored twice), nor of the other
/// set of its round; whitespace at the ends does not count.
#[test]
fn later_fresh_texts_are_new() {
    let mut earlier: BTreeSet<String> = load(&[SHARED[0], SHARED[1], FRESH, FRESH2, FRESH3])
        .into_iter()
        .map(|r| r.text.trim().to_string())
        .collect();
    for path in PAIRED_SETS {
        let set = load(&[path]);
        // Round 22's collectors found few unused sources (11 and 10 excerpts).
        assert!(set.len() >= 10, "{path}: {} excerpts", set.len());
        for r in &set {
            assert!(
                earlier.insert(r.text.trim().to_string()),
                "{} repeats an earlier excerpt",
                r.id
            );
        }
    }
}

/// The third fresh set repeats no excerpt text of any earlier set, shared or fresh.
#[test]
fn fresh3_texts_are_new() {
    let mut earlier: Vec<String> = load(&SHARED).into_iter().map(|r| r.text).collect();
    earlier.extend(load(&[FRESH, FRESH2]).into_iter().map(|r| r.text));
    let earlier: BTreeSet<String> = earlier.iter().map(|t| t.trim().to_string()).collect();
    let fresh3 = load(&[FRESH3]);
    assert!(fresh3.len() >= 40, "{} excerpts", fresh3.len());
    for r in &fresh3 {
        assert!(
            !earlier.contains(r.text.trim()),
            "{} repeats an earlier excerpt",
            r.id
        );
    }
}

#[test]
fn fresh_dev_meets_floor() {
    let part = fresh_part(true);
    let refs: Vec<&Record> = part.iter().collect();
    let show = std::env::var("TRIAGE_EVAL_SHOW").as_deref() == Ok("fresh-dev");
    let s = score("fresh-dev", &refs, show);
    assert_gate("fresh-dev", &s, &FRESH_DEV_FLOOR);
}

/// Blind until the fourth round (docs/CLASSIFICATION.md, "Rounds 4 to 8"): since then a dev set
/// whose mistakes `TRIAGE_EVAL_SHOW=fresh-blind` lists.
#[test]
fn fresh_blind_meets_floor() {
    let part = fresh_part(false);
    scored_against_floor(
        "fresh-blind",
        &part,
        show_set("fresh-blind"),
        &FRESH_BLIND_FLOOR,
    );
}

// Regression floors, not estimates: just under the figures measured (docs/CLASSIFICATION.md),
// so that losing one more excerpt fails. fresh-dev before any change 1.000 / 0.000 / 0.955 /
// 0.867, after the fresh-dev round 1.000 / 0.000 / 1.000 / 1.000 (22 failing, 5 healthy);
// fresh-blind before 0.960 / 0.000 / 0.880 / 0.910, scored once after the round: unchanged
// (25 failing, 4 healthy); scored once more after the fresh2-dev round: 0.960 / 0.000 / 0.920 /
// 0.941. Round 18 follows DESIGN.md's `INIT_REPORT ... Status: error` → init_error for an
// init phase that ended in an exit with no crash shown, and fresh-053 (a bare
// `platform.initRuntimeDone` with `"status": "error"`, `Runtime.ExitError`) is labelled
// runtime_exit; fresh22-010 (the same report with nothing else) is labelled init_error. The
// labels disagree there; the rule takes DESIGN.md's side: 1.000 / 0.000 / 0.955 / 0.956.
const FRESH_DEV_FLOOR: Gate = gate(0.99, 0.01, 0.95, 0.95);
const FRESH_BLIND_FLOOR: Gate = gate(0.95, 0.01, 0.91, 0.93);

// ---------------------------------------------------------------------------------------------
// Second fresh real set: `tests/fixtures/lambda-fresh2.jsonl` (docs/CLASSIFICATION.md, "Second
// fresh set"). Same split; only fresh2-dev's mistakes may be listed
// (`TRIAGE_EVAL_SHOW=fresh2-dev`), fresh2-blind was scored as figures only until round 4.

#[test]
fn fresh2_dev_meets_floor() {
    let part = part_of(FRESH2, true);
    let refs: Vec<&Record> = part.iter().collect();
    let show = std::env::var("TRIAGE_EVAL_SHOW").as_deref() == Ok("fresh2-dev");
    let s = score("fresh2-dev", &refs, show);
    assert_gate("fresh2-dev", &s, &FRESH2_DEV_FLOOR);
}

/// Blind until the fourth round; since then listed by `TRIAGE_EVAL_SHOW=fresh2-blind`.
#[test]
fn fresh2_blind_meets_floor() {
    let part = part_of(FRESH2, false);
    scored_against_floor(
        "fresh2-blind",
        &part,
        show_set("fresh2-blind"),
        &FRESH2_BLIND_FLOOR,
    );
}

/// The figure that counts most: both blind halves pooled (fresh-blind + fresh2-blind), scored as
/// one set so that macro-F1 is computed over the pooled confusion matrix. Figures only.
#[test]
fn pooled_blind_meets_floor() {
    let mut part = fresh_part(false);
    part.extend(part_of(FRESH2, false));
    scored_against_floor(
        "pooled blind (fresh-blind + fresh2-blind)",
        &part,
        false,
        &POOLED_BLIND_FLOOR,
    );
}

// Regression floors, not estimates: just under the figures measured. Before any change (both
// halves unseen, scored once at the commit that added the set): fresh2-dev 0.875 / 0.000 /
// 0.833 / 0.912 (24 failing, 6 healthy), fresh2-blind 0.920 / 0.000 / 0.840 / 0.772 (25 / 5),
// pooled blind 0.940 / 0.000 / 0.860 / 0.812 (50 / 9). After the fresh2-dev round fresh2-dev
// is a fit: 1.000 / 0.000 / 1.000 / 1.000; the blind parts, scored once after it: fresh2-blind
// 0.920 / 0.000 / 0.840 / 0.772 (unchanged), pooled blind 0.940 / 0.000 / 0.880 / 0.827.
const FRESH2_DEV_FLOOR: Gate = gate(0.99, 0.01, 0.99, 0.99);
const FRESH2_BLIND_FLOOR: Gate = gate(0.91, 0.01, 0.83, 0.77);
const POOLED_BLIND_FLOOR: Gate = gate(0.93, 0.01, 0.87, 0.82);

// ---------------------------------------------------------------------------------------------
// Third fresh real set: `tests/fixtures/lambda-fresh3.jsonl` (docs/CLASSIFICATION.md, "Third
// fresh set"). Never split. Blind (no TRIAGE_EVAL_SHOW value listed its mistakes) until round
// 4, which used its mistakes and those of the other blind halves; a dev set since.

/// Blind until the fourth round; since then listed by `TRIAGE_EVAL_SHOW=fresh3`.
#[test]
fn fresh3_meets_floor() {
    let part = load(&[FRESH3]);
    scored_against_floor("fresh3", &part, show_set("fresh3"), &FRESH3_FLOOR);
}

/// Every blind part pooled: fresh-blind + fresh2-blind + fresh3, scored as one set (macro-F1
/// over the pooled confusion matrix). Figures only.
#[test]
fn pooled_blind_with_fresh3_meets_floor() {
    let mut part = fresh_part(false);
    part.extend(part_of(FRESH2, false));
    part.extend(load(&[FRESH3]));
    let refs: Vec<&Record> = part.iter().collect();
    let s = score(
        "pooled blind (fresh-blind + fresh2-blind + fresh3)",
        &refs,
        false,
    );
    assert_gate("pooled blind with fresh3", &s, &POOLED_BLIND3_FLOOR);
}

// Regression floors just under the figures measured. Before any change (scored once at the
// commit after the one that added the set, classifier of `be06d42`): fresh3 0.897 / 0.000 /
// 0.795 / 0.807 (39 failing, 9 healthy); pooled blind with fresh3 0.921 / 0.000 / 0.843 / 0.816
// (89 / 18; fresh-blind and fresh2-blind had been scored before). After the published-
// vocabulary round, scored once: fresh3 0.923 / 0.000 / 0.821 / 0.823, pooled blind with
// fresh3 0.933 / 0.000 / 0.854 / 0.824 (fresh-blind and fresh2-blind unchanged).
const FRESH3_FLOOR: Gate = gate(0.92, 0.01, 0.82, 0.82);
const POOLED_BLIND3_FLOOR: Gate = gate(0.93, 0.01, 0.85, 0.82);

// ---------------------------------------------------------------------------------------------
// The fourth round's blind sets: `tests/fixtures/lambda-fresh4.jsonl` and
// `tests/fixtures/lambda-fresh5.jsonl` (docs/CLASSIFICATION.md, "Rounds 4 to 8"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes until round 5 had scored them
// once (since then they are dev sets). Scored once with the
// classifier of `7f15830` (the round's last classifier change before anyone scored them):
// fresh4 0.972 / 0.000 / 0.833 / 0.908 (36 failing, 10 healthy), fresh5 0.909 / 0.000 / 0.758
// / 0.747 (33 / 14), pooled 0.942 / 0.000 / 0.797 / 0.784 (69 / 24). The floors sit just
// under those figures.

/// Round 4's blind pair, scored once before round 5 used its mistakes; since then
/// `TRIAGE_EVAL_SHOW=fresh4` / `fresh5` list them.
#[test]
fn round4_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh4", FRESH4, &FRESH4_FLOOR),
            ("fresh5", FRESH5, &FRESH5_FLOOR),
        ],
        ("round-4 blind (fresh4 + fresh5)", &ROUND4_BLIND_FLOOR),
        true,
    );
}

const FRESH4_FLOOR: Gate = gate(0.97, 0.01, 0.83, 0.90);
const FRESH5_FLOOR: Gate = gate(0.90, 0.01, 0.75, 0.74);
const ROUND4_BLIND_FLOOR: Gate = gate(0.94, 0.01, 0.79, 0.78);

// ---------------------------------------------------------------------------------------------
// The fifth round's blind sets: `tests/fixtures/lambda-fresh6.jsonl` and
// `tests/fixtures/lambda-fresh7.jsonl` (docs/CLASSIFICATION.md, "Rounds 4 to 8"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored. Scored once with the classifier of `3dd1ee8` (round 5's last classifier change; nobody had
// scored them before): fresh6 0.879 / 0.000 / 0.727 / 0.702 (33 failing, 9 healthy), fresh7 0.848 /
// 0.000 / 0.788 / 0.759 (33 / 11), pooled 0.864 / 0.000 / 0.758 / 0.738 (66 / 20). The floors sit
// just under those figures.

/// Round 5's blind pair, scored once before round 6 used its mistakes; since then
/// `TRIAGE_EVAL_SHOW=fresh6` / `fresh7` list them.
#[test]
fn round5_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh6", FRESH6, &FRESH6_FLOOR),
            ("fresh7", FRESH7, &FRESH7_FLOOR),
        ],
        ("round-5 blind (fresh6 + fresh7)", &ROUND5_BLIND_FLOOR),
        true,
    );
}

const FRESH6_FLOOR: Gate = gate(0.87, 0.01, 0.72, 0.70);
// Round 10 lowered fresh7's recall floor to 0.81: fresh7-007, a puppeteer launch failure that
// `console.log` wrote at INFO (labelled `error`), is now read as the one INFO event it is, and
// INFO never raises an incident (issue 10's level rule; fresh15's collector, given that rule,
// labelled the same shape `not_an_error`).
const FRESH7_FLOOR: Gate = gate(0.81, 0.01, 0.78, 0.75);
const ROUND5_BLIND_FLOOR: Gate = gate(0.86, 0.01, 0.75, 0.73);

// ---------------------------------------------------------------------------------------------
// The sixth round's blind sets: `tests/fixtures/lambda-fresh8.jsonl` and
// `tests/fixtures/lambda-fresh9.jsonl` (docs/CLASSIFICATION.md, "Rounds 4 to 8"). Blind as a
// whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored. Scored once with the classifier of `2d9830c` (round 6's last classifier change; nobody had
// scored them before): fresh8 0.938 / 0.000 / 0.812 / 0.856 (32 failing, 8 healthy), fresh9 0.833 /
// 0.000 / 0.700 / 0.644 (30 / 10), pooled 0.887 / 0.000 / 0.758 / 0.707 (62 / 18). The same pair
// under the session's first classifier (`72a850a`): 0.839 / 0.000 / 0.677 / 0.666; under
// round 5's (`3dd1ee8`): 0.855 / 0.000 / 0.726 / 0.691. The floors sit just under.

/// Round 6's blind pair, scored once before round 7 used its mistakes; since then
/// `TRIAGE_EVAL_SHOW=fresh8` / `fresh9` list them.
#[test]
fn round6_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh8", FRESH8, &FRESH8_FLOOR),
            ("fresh9", FRESH9, &FRESH9_FLOOR),
        ],
        ("round-6 blind (fresh8 + fresh9)", &ROUND6_BLIND_FLOOR),
        true,
    );
}

const FRESH8_FLOOR: Gate = gate(0.93, 0.01, 0.81, 0.85);
const FRESH9_FLOOR: Gate = gate(0.83, 0.01, 0.70, 0.64);
const ROUND6_BLIND_FLOOR: Gate = gate(0.88, 0.01, 0.75, 0.70);

// ---------------------------------------------------------------------------------------------
// The seventh round's blind sets: `tests/fixtures/lambda-fresh10.jsonl` and
// `tests/fixtures/lambda-fresh11.jsonl` (docs/CLASSIFICATION.md, "Rounds 4 to 8"). Blind as a
// whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored. Scored once with the classifier of `cae62ba` (round 7's last classifier change; nobody had
// scored them before): fresh10 0.962 / 0.000 / 0.731 / 0.726 (26 failing, 9 healthy), fresh11
// 0.857 / 0.000 / 0.714 / 0.681 (28 / 10), pooled 0.907 / 0.000 / 0.722 / 0.700 (54 / 19). The
// same pair under the session's first classifier (`72a850a`): 0.852 / 0.000 / 0.685 / 0.679;
// under round 6's (`2d9830c`): 0.889 / 0.000 / 0.704 / 0.683. The floors sit just under.

/// Round 7's blind pair, scored once before round 8 used its mistakes; since then
/// `TRIAGE_EVAL_SHOW=fresh10` / `fresh11` list them.
#[test]
fn round7_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh10", FRESH10, &FRESH10_FLOOR),
            ("fresh11", FRESH11, &FRESH11_FLOOR),
        ],
        ("round-7 blind (fresh10 + fresh11)", &ROUND7_BLIND_FLOOR),
        true,
    );
}

const FRESH10_FLOOR: Gate = gate(0.96, 0.01, 0.73, 0.72);
const FRESH11_FLOOR: Gate = gate(0.85, 0.01, 0.71, 0.68);
const ROUND7_BLIND_FLOOR: Gate = gate(0.90, 0.01, 0.72, 0.69);

// ---------------------------------------------------------------------------------------------
// The eighth round's blind sets: `tests/fixtures/lambda-fresh12.jsonl` and
// `tests/fixtures/lambda-fresh13.jsonl` (docs/CLASSIFICATION.md, "Rounds 4 to 8"). Blind as a
// whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored. Scored once with the classifier of `9a13c6a` (round 8's last classifier change; nobody had
// scored them before): fresh12 1.000 / 0.000 / 0.889 / 0.756 (18 failing, 6 healthy), fresh13
// 0.920 / 0.000 / 0.680 / 0.535 (25 / 4), pooled 0.953 / 0.000 / 0.767 / 0.733 (43 / 10). The
// same pair under the wave's first classifier (`72a850a`): 0.953 / 0.000 / 0.605 / 0.550; under
// round 7's (`cae62ba`): 0.953 / 0.000 / 0.744 / 0.693. The floors sit just under.

// Opened in round 9 (its dev sets): `TRIAGE_EVAL_SHOW=fresh12` or `fresh13` lists the mistakes.

/// Round 8's pair, a dev set since round 9.
#[test]
fn round8_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh12", FRESH12, &FRESH12_FLOOR),
            ("fresh13", FRESH13, &FRESH13_FLOOR),
        ],
        ("round-8 pair (fresh12 + fresh13)", &ROUND8_BLIND_FLOOR),
        true,
    );
}

// Round 9, tuned on this pair, raised its fit to fresh12 1.000 / 0.000 / 0.944 / 0.877,
// fresh13 0.920 / 0.000 / 0.800 / 0.620, pooled 0.953 / 0.000 / 0.860 / 0.808 (a fit, not an
// estimate); the floors sit just under the fit.
const FRESH12_FLOOR: Gate = gate(0.99, 0.01, 0.94, 0.87);
const FRESH13_FLOOR: Gate = gate(0.91, 0.01, 0.79, 0.61);
const ROUND8_BLIND_FLOOR: Gate = gate(0.95, 0.01, 0.85, 0.80);

// ---------------------------------------------------------------------------------------------
// The ninth round's blind sets: `tests/fixtures/lambda-fresh14.jsonl` and
// `tests/fixtures/lambda-fresh15.jsonl` (docs/CLASSIFICATION.md, "Rounds 9 and 10"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored; since
// then `TRIAGE_EVAL_SHOW=fresh14` or `fresh15` lists them (round 10's dev sets).

/// Round 9's blind pair, a dev set since round 10.
#[test]
fn round9_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh14", FRESH14, &FRESH14_FLOOR),
            ("fresh15", FRESH15, &FRESH15_FLOOR),
        ],
        ("round-9 pair (fresh14 + fresh15)", &ROUND9_BLIND_FLOOR),
        true,
    );
}

// Scored once with round 9's last classifier (`3d37228`), nobody having read them: fresh14
// 0.889 / 0.200 / 0.667 / 0.709 (27 failing, 10 healthy), fresh15 0.868 / 0.182 / 0.684 / 0.736
// (38 / 11), pooled 0.877 / 0.190 / 0.677 / 0.732 (65 / 21): round 9's estimate. Round 8's
// classifier (`e2173e8`) scores the pair the same. Then opened as round 10's dev sets; round 10
// fits them at fresh14 0.889 / 0.000 / 0.704 / 0.843, fresh15 0.921 / 0.000 / 0.789 / 0.831,
// pooled 0.908 / 0.000 / 0.754 / 0.846 (tuned on: fits, not estimates). The floors sit just
// under the fit. Round 17's KeyError rule (a missing key of the event only when the raising
// line reads the event) costs fresh14 one excerpt labelled bad_input whose line reads another
// dict: fresh14 0.889 / 0.000 / 0.667 / 0.823, pooled 0.908 / 0.000 / 0.738 / 0.836.
const FRESH14_FLOOR: Gate = gate(0.88, 0.01, 0.66, 0.82);
const FRESH15_FLOOR: Gate = gate(0.92, 0.01, 0.78, 0.83);
const ROUND9_BLIND_FLOOR: Gate = gate(0.90, 0.01, 0.73, 0.83);

// ---------------------------------------------------------------------------------------------
// The tenth round's blind sets: `tests/fixtures/lambda-fresh16.jsonl` and
// `tests/fixtures/lambda-fresh17.jsonl` (docs/CLASSIFICATION.md, "Rounds 11 and 12"). Blind
// as a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh16` or `fresh17` lists them (round 11's dev sets).

/// Round 10's blind pair, a dev set since round 11.
#[test]
fn round10_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh16", FRESH16, &FRESH16_FLOOR),
            ("fresh17", FRESH17, &FRESH17_FLOOR),
        ],
        ("round-10 pair (fresh16 + fresh17)", &ROUND10_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `62d55a6` (round 10's, with this wave's later structural
// fixes, which moved no figure of any earlier set), nobody having read them: fresh16 0.895 /
// 0.000 / 0.658 / 0.721 (38 failing, 15 healthy), fresh17 0.914 / 0.077 / 0.800 / 0.870
// (35 / 13), pooled 0.904 / 0.036 / 0.726 / 0.799 (73 / 28): round 10's estimate. Round 9's
// classifier (`3d37228`) scores the pair 0.918 / 0.143 / 0.740 / 0.783, round 8's (`e2173e8`)
// the same. Then opened as round 11's dev sets; round 11 fits them at fresh16 0.947 / 0.000 /
// 0.842 / 0.864, fresh17 1.000 / 0.000 / 0.943 / 0.956, pooled 0.973 / 0.000 / 0.890 / 0.912
// (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH16_FLOOR: Gate = gate(0.94, 0.01, 0.84, 0.86);
const FRESH17_FLOOR: Gate = gate(0.99, 0.01, 0.94, 0.95);
const ROUND10_BLIND_FLOOR: Gate = gate(0.97, 0.01, 0.88, 0.91);

// ---------------------------------------------------------------------------------------------
// The eleventh round's blind sets: `tests/fixtures/lambda-fresh18.jsonl` and
// `tests/fixtures/lambda-fresh19.jsonl` (docs/CLASSIFICATION.md, "Rounds 11 and
// 12"). Blind as a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes
// before they were scored; since then `TRIAGE_EVAL_SHOW=fresh18` or `fresh19` lists them
// (round 12's dev sets).

/// Round 11's blind pair, a dev set since round 12.
#[test]
fn round11_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh18", FRESH18, &FRESH18_FLOOR),
            ("fresh19", FRESH19, &FRESH19_FLOOR),
        ],
        ("round-11 pair (fresh18 + fresh19)", &ROUND11_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `f4d285e` (round 11's last), nobody having read them:
// fresh18 0.923 / 0.000 / 0.846 / 0.912 (26 failing, 6 healthy), fresh19 1.000 / 0.111 / 0.900 /
// 0.901 (30 / 9), pooled 0.964 / 0.067 / 0.875 / 0.909 (56 / 15): round 11's estimate. Round
// 10's classifier (`62d55a6`) scores the pair 0.946 / 0.067 / 0.875 / 0.916, round 9's
// (`3d37228`) the same: the pair is easier than the earlier ones, and round 11 added one
// detection on it. Then opened as round 12's dev sets; round 12 fits them at fresh18 0.962 /
// 0.000 / 0.885 / 0.929, fresh19 1.000 / 0.000 / 0.933 / 0.934, pooled 0.982 / 0.000 / 0.911 /
// 0.935 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH18_FLOOR: Gate = gate(0.96, 0.01, 0.88, 0.92);
const FRESH19_FLOOR: Gate = gate(0.99, 0.01, 0.93, 0.93);
const ROUND11_BLIND_FLOOR: Gate = gate(0.98, 0.01, 0.91, 0.93);

// ---------------------------------------------------------------------------------------------
// The twelfth round's blind sets: `tests/fixtures/lambda-fresh20.jsonl` and
// `tests/fixtures/lambda-fresh21.jsonl` (docs/CLASSIFICATION.md, "Rounds 11 and 12"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh20` or `fresh21` lists them (round 13's dev sets).

/// Round 12's blind pair, a dev set since round 13.
#[test]
fn round12_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh20", FRESH20, &FRESH20_FLOOR),
            ("fresh21", FRESH21, &FRESH21_FLOOR),
        ],
        ("round-12 pair (fresh20 + fresh21)", &ROUND12_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `d989e14` (round 12's last), nobody having read them:
// fresh20 1.000 / 0.000 / 0.828 / 0.863 (29 failing, 14 healthy), fresh21 1.000 / 0.000 /
// 0.821 / 0.859 (28 / 10), pooled 1.000 / 0.000 / 0.825 / 0.868 (57 / 24): round 12's estimate.
// Then opened as round 13's dev sets; round 13 fits them at fresh20 1.000 / 0.000 / 0.931 /
// 0.952, fresh21 1.000 / 0.000 / 0.893 / 0.899, pooled 1.000 / 0.000 / 0.912 / 0.934 (tuned on:
// fits, not estimates). The floors sit just under the fit.
const FRESH20_FLOOR: Gate = gate(0.99, 0.01, 0.93, 0.95);
const FRESH21_FLOOR: Gate = gate(0.99, 0.01, 0.89, 0.89);
const ROUND12_BLIND_FLOOR: Gate = gate(0.99, 0.01, 0.91, 0.93);

// ---------------------------------------------------------------------------------------------
// The thirteenth round's blind sets: `tests/fixtures/lambda-fresh22.jsonl` and
// `tests/fixtures/lambda-fresh23.jsonl` (docs/CLASSIFICATION.md, "Rounds 13 and 14"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored;
// since then `TRIAGE_EVAL_SHOW=fresh22` or `fresh23` lists them (round 14's dev sets).

/// Round 13's blind pair, a dev set since round 14.
#[test]
fn round13_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh22", FRESH22, &FRESH22_FLOOR),
            ("fresh23", FRESH23, &FRESH23_FLOOR),
        ],
        ("round-13 pair (fresh22 + fresh23)", &ROUND13_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `e980eff` (round 13's), nobody having read them: fresh22
// 0.903 / 0.000 / 0.613 / 0.537 (31 failing, 8 healthy), fresh23 0.914 / 0.000 / 0.714 / 0.729
// (35 / 10), pooled 0.909 / 0.000 / 0.667 / 0.643 (66 / 18): round 13's estimate. Round 12's
// classifier (`10a74f0`) scores the pair 0.909 / 0.000 / 0.652 / 0.637 (fresh22 top-1 0.581,
// fresh23 the same as round 13's). Then opened as round 14's dev sets; round 14 fits them at
// fresh22 0.935 / 0.000 / 0.774 / 0.695, fresh23 1.000 / 0.000 / 0.914 / 0.914, pooled 0.970 /
// 0.000 / 0.848 / 0.803 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH22_FLOOR: Gate = gate(0.93, 0.01, 0.77, 0.69);
const FRESH23_FLOOR: Gate = gate(0.99, 0.01, 0.91, 0.91);
const ROUND13_BLIND_FLOOR: Gate = gate(0.96, 0.01, 0.84, 0.80);

// ---------------------------------------------------------------------------------------------
// The fourteenth round's blind sets: `tests/fixtures/lambda-fresh24.jsonl` and
// `tests/fixtures/lambda-fresh25.jsonl` (docs/CLASSIFICATION.md, "Rounds 13 and 14"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh24` or `fresh25` lists them (round 15's dev sets).

/// Round 14's blind pair, a dev set since round 15.
#[test]
fn round14_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh24", FRESH24, &FRESH24_FLOOR),
            ("fresh25", FRESH25, &FRESH25_FLOOR),
        ],
        ("round-14 pair (fresh24 + fresh25)", &ROUND14_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `bb6402d` (round 14's), nobody having read them: fresh24
// 0.960 / 0.000 / 0.800 / 0.827 (25 failing, 10 healthy), fresh25 0.900 / 0.100 / 0.600 / 0.650
// (20 / 10), pooled 0.933 / 0.050 / 0.711 / 0.764 (45 / 20): round 14's estimate. Round 12's
// classifier (`10a74f0`) scores the pair 0.933 / 0.050 / 0.689 / 0.754 (fresh24 top-1 0.760,
// fresh25 the same as round 14's). Then opened as round 15's dev sets; round 15 fits them at
// fresh24 1.000 / 0.000 / 0.800 / 0.789, fresh25 0.900 / 0.000 / 0.800 / 0.866, pooled 0.956 /
// 0.000 / 0.800 / 0.835 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH24_FLOOR: Gate = gate(0.99, 0.01, 0.79, 0.78);
const FRESH25_FLOOR: Gate = gate(0.89, 0.01, 0.79, 0.86);
const ROUND14_BLIND_FLOOR: Gate = gate(0.95, 0.01, 0.79, 0.83);

// ---------------------------------------------------------------------------------------------
// The fifteenth round's blind sets: `tests/fixtures/lambda-fresh26.jsonl` and
// `tests/fixtures/lambda-fresh27.jsonl` (docs/CLASSIFICATION.md, "Rounds 15 and 16"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh26` or `fresh27` lists them (round 16's dev sets).

/// Round 15's blind pair, a dev set since round 16.
#[test]
fn round15_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh26", FRESH26, &FRESH26_FLOOR),
            ("fresh27", FRESH27, &FRESH27_FLOOR),
        ],
        ("round-15 pair (fresh26 + fresh27)", &ROUND15_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `677bfc6` (round 15's), nobody having read them: fresh26
// 0.912 / 0.000 / 0.765 / 0.845 (34 failing, 12 healthy), fresh27 0.958 / 0.000 / 0.708 / 0.524
// (24 / 10), pooled 0.931 / 0.000 / 0.741 / 0.800 (58 / 22): round 15's estimate. Round 14's
// classifier (`4736a42`) scores the pair the same, set by set: none of round 15's changes
// touched an excerpt of it. One excerpt was dropped before scoring (make_fresh27.py says why).
// Then opened as round 16's dev sets; round 16 fits them at fresh26 0.971 / 0.000 / 0.882 /
// 0.922, fresh27 1.000 / 0.000 / 0.833 / 0.748, pooled 0.983 / 0.000 / 0.862 / 0.903 (tuned on:
// fits, not estimates). The floors sit just under the fit. Round 17 drops http-errors'
// `BadRequestError` (openai's, anthropic's and Faraday's name too), which one fresh26 excerpt
// needed: fresh26 0.971 / 0.000 / 0.853 / 0.896, pooled 0.983 / 0.000 / 0.845 / 0.887.
const FRESH26_FLOOR: Gate = gate(0.97, 0.01, 0.85, 0.89);
const FRESH27_FLOOR: Gate = gate(0.99, 0.01, 0.83, 0.74);
const ROUND15_BLIND_FLOOR: Gate = gate(0.98, 0.01, 0.84, 0.88);

// ---------------------------------------------------------------------------------------------
// The sixteenth round's blind sets: `tests/fixtures/lambda-fresh28.jsonl` and
// `tests/fixtures/lambda-fresh29.jsonl` (docs/CLASSIFICATION.md, "Rounds 15 and 16"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh28` or `fresh29` lists them (round 17's dev sets).

/// Round 16's blind pair, a dev set since round 17.
#[test]
fn round16_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh28", FRESH28, &FRESH28_FLOOR),
            ("fresh29", FRESH29, &FRESH29_FLOOR),
        ],
        ("round-16 pair (fresh28 + fresh29)", &ROUND16_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `a224133` (round 16's), nobody having read them: fresh28
// 0.897 / 0.000 / 0.690 / 0.781 (29 failing, 11 healthy), fresh29 0.964 / 0.000 / 0.821 / 0.873
// (28 / 12), pooled 0.930 / 0.000 / 0.754 / 0.830 (57 / 23): round 16's estimate. Round 15's
// (`677bfc6`) and round 14's (`4736a42`) classifiers score the pair the same, set by set. Two
// excerpts were dropped before scoring (make_fresh28.py and make_fresh29.py say why). The
// floors sit just under. Then opened as round 17's dev sets; round 17 fits them at fresh28
// 0.897 / 0.000 / 0.690 / 0.781, fresh29 0.964 / 0.000 / 0.857 / 0.896, pooled 0.930 / 0.000 /
// 0.772 / 0.841 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH28_FLOOR: Gate = gate(0.89, 0.01, 0.68, 0.78);
const FRESH29_FLOOR: Gate = gate(0.96, 0.01, 0.85, 0.89);
const ROUND16_BLIND_FLOOR: Gate = gate(0.92, 0.01, 0.77, 0.84);

// ---------------------------------------------------------------------------------------------
// The seventeenth round's blind sets: `tests/fixtures/lambda-fresh30.jsonl` and
// `tests/fixtures/lambda-fresh31.jsonl` (docs/CLASSIFICATION.md, "Round 17"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored;
// since then `TRIAGE_EVAL_SHOW=fresh30` or `fresh31` lists them (round 18's dev sets).

/// Round 17's blind pair, a dev set since round 18.
#[test]
fn round17_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh30", FRESH30, &FRESH30_FLOOR),
            ("fresh31", FRESH31, &FRESH31_FLOOR),
        ],
        ("round-17 pair (fresh30 + fresh31)", &ROUND17_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `2f4380c` (round 17's), nobody having read them: fresh30
// 1.000 / 0.000 / 0.826 / 0.793 (23 failing, 7 healthy), fresh31 0.958 / 0.125 / 0.875 / 0.821
// (24 / 8), pooled 0.979 / 0.067 / 0.851 / 0.810 (47 / 15): round 17's estimate. Round 16's
// classifier (`a224133`) scores the pair the same; round 14's (`4736a42`) 0.957 / 0.067 / 0.830
// / 0.799 (fresh31 0.917 / 0.125 / 0.833 / 0.799, fresh30 the same). One excerpt was dropped
// before scoring (make_fresh31.py says why). The floors sit just under. Then opened as round
// 18's dev sets: round 18's changes move none of their excerpts (their misses are label calls
// at class edges, or single-sample names), so the fit is the blind figure.
const FRESH30_FLOOR: Gate = gate(0.99, 0.01, 0.82, 0.78);
const FRESH31_FLOOR: Gate = gate(0.95, 0.13, 0.87, 0.82);
const ROUND17_BLIND_FLOOR: Gate = gate(0.97, 0.07, 0.85, 0.80);

// ---------------------------------------------------------------------------------------------
// The eighteenth round's blind sets: `tests/fixtures/lambda-fresh32.jsonl` and
// `tests/fixtures/lambda-fresh33.jsonl` (docs/CLASSIFICATION.md, "Round 18"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored;
// since then `TRIAGE_EVAL_SHOW=fresh32` or `fresh33` lists them (round 19's dev sets).

/// Round 18's blind pair, a dev set since round 19.
#[test]
fn round18_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh32", FRESH32, &FRESH32_FLOOR),
            ("fresh33", FRESH33, &FRESH33_FLOOR),
        ],
        ("round-18 pair (fresh32 + fresh33)", &ROUND18_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `b32a813` (round 18's), nobody having read them, as the
// collectors delivered them (67 excerpts): pooled 0.980 / 0.000 / 0.878 / 0.851. Five of those
// were a source's second excerpt (the collectors were allowed two; this suite keeps one per
// source), so each source's second was dropped by that rule alone, whatever it scored, and the
// rest scored again: fresh32 1.000 / 0.000 / 0.958 / 0.899 (24 failing, 7 healthy), fresh33
// 0.955 / 0.000 / 0.773 / 0.726 (22 / 9), pooled 0.978 / 0.000 / 0.870 / 0.840 (46 / 16): round
// 18's estimate. Round 17's classifier (`fefc2ec`) scores both versions the same, set by set:
// round 18's changes touched no excerpt of the pair. The floors sit just under. Then opened as
// round 19's dev sets: round 19 (.NET's `TypeInitializationException`) fits fresh33 at 0.955 /
// 0.000 / 0.818 / 0.757, pooled 0.978 / 0.000 / 0.891 / 0.850 (tuned on: fits, not estimates).
const FRESH32_FLOOR: Gate = gate(0.99, 0.01, 0.95, 0.89);
const FRESH33_FLOOR: Gate = gate(0.95, 0.01, 0.77, 0.72);
const ROUND18_BLIND_FLOOR: Gate = gate(0.97, 0.01, 0.86, 0.83);

// ---------------------------------------------------------------------------------------------
// The nineteenth round's blind sets: `tests/fixtures/lambda-fresh34.jsonl` and
// `tests/fixtures/lambda-fresh35.jsonl` (docs/CLASSIFICATION.md, "Rounds 19 and 20"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh34` or `fresh35` lists them (round 20's dev sets).

/// Round 19's blind pair, a dev set since round 20.
#[test]
fn round19_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh34", FRESH34, &FRESH34_FLOOR),
            ("fresh35", FRESH35, &FRESH35_FLOOR),
        ],
        ("round-19 pair (fresh34 + fresh35)", &ROUND19_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `61f8dd3` (round 19's), nobody having read them: fresh34
// 0.833 / 0.200 / 0.667 / 0.644 (24 failing, 5 healthy), fresh35 0.864 / 0.000 / 0.636 / 0.729
// (22 / 8), pooled 0.848 / 0.077 / 0.652 / 0.738 (46 / 13): round 19's estimate, the lowest
// since round 5. Round 17's classifier (`fefc2ec`) scores the pair the same, set by set. Each
// collector kept one excerpt per source; none was dropped. The floors sit just under. Then
// opened as round 20's dev sets; round 20 fits them at fresh34 0.917 / 0.200 / 0.792 / 0.746,
// fresh35 0.955 / 0.000 / 0.773 / 0.807, pooled 0.935 / 0.077 / 0.783 / 0.819 (tuned on: fits,
// not estimates). Round 26 fits fresh34 at 0.958 / 0.200 / 0.833 / 0.776 and the pair at 0.978 /
// 0.077 / 0.848 / 0.855 (a console-flattened invocation read as its lines). The floors sit just
// under the fit.
const FRESH34_FLOOR: Gate = gate(0.95, 0.21, 0.83, 0.77);
const FRESH35_FLOOR: Gate = gate(0.95, 0.01, 0.77, 0.80);
const ROUND19_BLIND_FLOOR: Gate = gate(0.97, 0.08, 0.84, 0.85);

// ---------------------------------------------------------------------------------------------
// The twentieth round's blind sets: `tests/fixtures/lambda-fresh36.jsonl` and
// `tests/fixtures/lambda-fresh37.jsonl` (docs/CLASSIFICATION.md, "Rounds 19 and 20"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh36` or `fresh37` lists them (round 21's dev sets).

/// Round 20's blind pair, a dev set since round 21.
#[test]
fn round20_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh36", FRESH36, &FRESH36_FLOOR),
            ("fresh37", FRESH37, &FRESH37_FLOOR),
        ],
        ("round-20 pair (fresh36 + fresh37)", &ROUND20_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `e85780e` (round 20's), nobody having read them: fresh36
// 1.000 / 0.000 / 0.733 / 0.807 (15 failing, 7 healthy), fresh37 1.000 / 0.167 / 0.941 / 0.953
// (17 / 6), pooled 1.000 / 0.077 / 0.844 / 0.887 (32 / 13): round 20's estimate. Round 17's
// classifier (`fefc2ec`) scores the pair the same, set by set. The search tool's session budget
// ended both collections early (22 and 23 excerpts); each kept one excerpt per source and none
// was dropped. Then opened as round 21's dev sets; round 21 fits them at fresh36 1.000 / 0.000
// / 0.867 / 0.900, fresh37 1.000 / 0.000 / 1.000 / 1.000, pooled 1.000 / 0.000 / 0.938 / 0.954
// (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH36_FLOOR: Gate = gate(0.99, 0.01, 0.86, 0.89);
const FRESH37_FLOOR: Gate = gate(0.99, 0.01, 0.99, 0.99);
const ROUND20_BLIND_FLOOR: Gate = gate(0.99, 0.01, 0.93, 0.95);

// ---------------------------------------------------------------------------------------------
// The twenty-first round's blind sets: `tests/fixtures/lambda-fresh38.jsonl` and
// `tests/fixtures/lambda-fresh39.jsonl` (docs/CLASSIFICATION.md, "Rounds 21 and 22"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh38` or `fresh39` lists them (round 22's dev sets).

/// Round 21's blind pair, a dev set since round 22.
#[test]
fn round21_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh38", FRESH38, &FRESH38_FLOOR),
            ("fresh39", FRESH39, &FRESH39_FLOOR),
        ],
        ("round-21 pair (fresh38 + fresh39)", &ROUND21_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `0e5acf2` (round 21's), nobody having read them: fresh38
// 0.789 / 0.000 / 0.684 / 0.640 (19 failing, 10 healthy), fresh39 0.950 / 0.000 / 0.850 / 0.818
// (20 / 8), pooled 0.872 / 0.000 / 0.769 / 0.752 (39 / 18): round 21's estimate. Round 20's
// classifier (`86a4411`) scores the pair the same, set by set. Each collector kept one excerpt
// per source and none was dropped; neither found a fresh out-of-memory excerpt. Then opened as
// round 22's dev sets; round 22 fits them at fresh38 0.895 / 0.000 / 0.842 / 0.730, fresh39
// 0.950 / 0.000 / 0.900 / 0.941, pooled 0.923 / 0.000 / 0.872 / 0.916 (tuned on: fits, not
// estimates). The floors sit just under the fit.
const FRESH38_FLOOR: Gate = gate(0.89, 0.01, 0.84, 0.72);
const FRESH39_FLOOR: Gate = gate(0.94, 0.01, 0.89, 0.94);
const ROUND21_BLIND_FLOOR: Gate = gate(0.92, 0.01, 0.87, 0.91);

// ---------------------------------------------------------------------------------------------
// The twenty-second round's blind sets: `tests/fixtures/lambda-fresh40.jsonl` and
// `tests/fixtures/lambda-fresh41.jsonl` (docs/CLASSIFICATION.md, "Rounds 21 and 22"), and the
// second pair, fresh42 and fresh43. Blind as a whole: never split, and no TRIAGE_EVAL_SHOW value
// listed their mistakes before they were scored; since then `TRIAGE_EVAL_SHOW=fresh40` to
// `fresh43` lists them (round 23's dev sets).

/// Round 22's blind pair, a dev set since round 23.
#[test]
fn round22_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh40", FRESH40, &FRESH40_FLOOR),
            ("fresh41", FRESH41, &FRESH41_FLOOR),
        ],
        ("round-22 pair (fresh40 + fresh41)", &ROUND22_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `633709f` (round 22's), nobody having read them: fresh40
// 1.000 / 0.000 / 1.000 / 1.000 (9 failing, 2 healthy), fresh41 1.000 / 0.000 / 0.750 / 0.700
// (4 / 6), pooled 1.000 / 0.000 / 0.923 / 0.818 (13 / 8): round 22's estimate, on the smallest
// pair yet (one miss moves top-1 by 0.077). Round 21's classifier (`0e5acf2`) scores the pair
// the same, set by set. Each collector kept one excerpt per source and none was dropped. Round
// 23, tuning on them, changed none of their figures. Round 24 reads aws-sdk-js v2's error
// fields in their JSON form too, which makes one fresh40 excerpt (an SDK error inside an
// unhandled rejection) `error` by the service-error rule: fresh40 1.000 / 0.000 / 0.889 /
// 0.950, the pair 1.000 / 0.000 / 0.846 / 0.800 (fits). The floors sit just under the fit.
const FRESH40_FLOOR: Gate = gate(0.99, 0.01, 0.88, 0.94);
const FRESH41_FLOOR: Gate = gate(0.99, 0.01, 0.74, 0.69);
const ROUND22_BLIND_FLOOR: Gate = gate(0.99, 0.01, 0.84, 0.79);

/// Round 22's second blind pair, scored with the same classifier (nothing changed between); a
/// dev set since round 23.
#[test]
fn round22_second_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh42", FRESH42, &FRESH42_FLOOR),
            ("fresh43", FRESH43, &FRESH43_FLOOR),
        ],
        (
            "round-22 second pair (fresh42 + fresh43)",
            &ROUND22_SECOND_BLIND_FLOOR,
        ),
        true,
    );
}

// Scored once with the classifier of `633709f` (round 22's; the commits between changed only
// tests and docs), nobody having read them: fresh42 0.947 / 0.000 / 0.842 / 0.879 (19 failing,
// 8 healthy), fresh43 1.000 / 0.000 / 0.786 / 0.762 (14 / 5), pooled 0.970 / 0.000 / 0.818 /
// 0.838 (33 / 13). With fresh40 and fresh41, round 22's estimate on 46 failing / 21 healthy:
// 0.978 / 0.000 / 0.848 / 0.864. Round 21's classifier (`0e5acf2`) scores the pair the same,
// set by set. Then opened as round 23's dev sets; round 23 fits fresh43 at 1.000 / 0.000 /
// 0.857 / 0.917 and the pair at 0.970 / 0.000 / 0.848 / 0.874 (tuned on: fits, not estimates),
// fresh42 unchanged. The floors sit just under the fit.
const FRESH42_FLOOR: Gate = gate(0.94, 0.01, 0.84, 0.87);
const FRESH43_FLOOR: Gate = gate(0.99, 0.01, 0.85, 0.91);
const ROUND22_SECOND_BLIND_FLOOR: Gate = gate(0.96, 0.01, 0.84, 0.87);

// ---------------------------------------------------------------------------------------------
// The twenty-third round's blind sets: `tests/fixtures/lambda-fresh44.jsonl` and
// `tests/fixtures/lambda-fresh45.jsonl` (docs/CLASSIFICATION.md, "Rounds 23 and 24"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh44` or `fresh45` lists them (round 24's dev sets).

/// Round 23's blind pair, a dev set since round 24.
#[test]
fn round23_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh44", FRESH44, &FRESH44_FLOOR),
            ("fresh45", FRESH45, &FRESH45_FLOOR),
        ],
        ("round-23 pair (fresh44 + fresh45)", &ROUND23_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `e2c1b21` (round 23's): fresh44 0.947 / 0.000 / 0.684 /
// 0.698 (19 failing, 9 healthy), fresh45 0.938 / 0.000 / 0.750 / 0.820 (16 / 8), pooled 0.943 /
// 0.000 / 0.714 / 0.746 (35 / 17): round 23's estimate. One slip, said in the docs: while round
// 23 was tuning, a scoring command's file pattern also matched fresh45 as its collector had just
// written it, and printed three of its misclassified records (id, label, predicted class,
// evidence); nothing was changed because of them, and without those three records fresh45
// scores 1.000 / 0.000 / 0.923 / 0.958 (13 / 8) and the pair 0.969 / 0.000 / 0.781 / 0.794
// (32 / 17). Then opened as round 24's dev sets; round 24 fits fresh44 at 1.000 / 0.000 / 0.789
// / 0.776 and the pair at 0.971 / 0.000 / 0.771 / 0.801, fresh45 unchanged (tuned on: fits, not
// estimates). The floors sit just under the fit.
const FRESH44_FLOOR: Gate = gate(0.99, 0.01, 0.78, 0.77);
const FRESH45_FLOOR: Gate = gate(0.93, 0.01, 0.74, 0.81);
const ROUND23_BLIND_FLOOR: Gate = gate(0.97, 0.01, 0.77, 0.80);

// ---------------------------------------------------------------------------------------------
// The twenty-fourth round's blind sets: `tests/fixtures/lambda-fresh46.jsonl` and
// `tests/fixtures/lambda-fresh47.jsonl` (docs/CLASSIFICATION.md, "Rounds 23 to 25"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh46` or `fresh47` lists them (round 25's dev sets).

/// Round 24's blind pair, a dev set since round 25.
#[test]
fn round24_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh46", FRESH46, &FRESH46_FLOOR),
            ("fresh47", FRESH47, &FRESH47_FLOOR),
        ],
        ("round-24 pair (fresh46 + fresh47)", &ROUND24_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `08ceb8a` (round 24's), nobody having read them: fresh46
// 0.824 / 0.100 / 0.647 / 0.673 (17 failing, 10 healthy), fresh47 0.941 / 0.000 / 0.706 / 0.679
// (17 / 8), pooled 0.882 / 0.056 / 0.676 / 0.754 (34 / 18): round 24's estimate. Round 22's
// classifier (`98cc456`) scores the pair the same, set by set. Then opened as round 25's dev
// sets; round 25 fits fresh46 at 0.824 / 0.000 / 0.647 / 0.688, fresh47 at 0.941 / 0.000 /
// 0.765 / 0.812 and the pair at 0.882 / 0.000 / 0.706 / 0.791 (tuned on: fits, not
// estimates). The floors sit just under the fit.
const FRESH46_FLOOR: Gate = gate(0.82, 0.01, 0.64, 0.68);
const FRESH47_FLOOR: Gate = gate(0.94, 0.01, 0.76, 0.81);
const ROUND24_BLIND_FLOOR: Gate = gate(0.88, 0.01, 0.70, 0.79);

// ---------------------------------------------------------------------------------------------
// The twenty-fifth round's blind sets: `tests/fixtures/lambda-fresh48.jsonl` and
// `tests/fixtures/lambda-fresh49.jsonl` (docs/CLASSIFICATION.md, "Rounds 23 to 25"). Blind as a
// whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh48` or `fresh49` lists them (round 26's dev sets).

/// Round 25's blind pair, a dev set since round 26.
#[test]
fn round25_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh48", FRESH48, &FRESH48_FLOOR),
            ("fresh49", FRESH49, &FRESH49_FLOOR),
        ],
        ("round-25 pair (fresh48 + fresh49)", &ROUND25_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `01d3415` (round 25's), nobody having read them: fresh48
// 0.812 / 0.000 / 0.750 / 0.746 (16 failing, 4 healthy), fresh49 0.947 / 0.000 / 0.842 / 0.902
// (19 / 9), pooled 0.886 / 0.000 / 0.800 / 0.802 (35 / 13): round 25's estimate. Round 22's
// classifier (`98cc456`) scores the pair the same, set by set. fresh48's collector stopped
// without a report after writing and running its script; its 20 excerpts were checked FRESH
// (seen.py) before scoring. Then opened as round 26's dev sets; round 26 fits fresh48 at 0.938 /
// 0.000 / 0.875 / 0.891, fresh49 unchanged, and the pair at 0.943 / 0.000 / 0.857 / 0.904
// (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH48_FLOOR: Gate = gate(0.93, 0.01, 0.87, 0.89);
const FRESH49_FLOOR: Gate = gate(0.94, 0.01, 0.84, 0.90);
const ROUND25_BLIND_FLOOR: Gate = gate(0.94, 0.01, 0.85, 0.90);

// ---------------------------------------------------------------------------------------------
// Every paired set that a round has since tuned on (fresh4 to fresh57), pooled: the fit that
// docs/CLASSIFICATION.md ("Where it stands") sets beside the blind estimates. A fit, not an
// estimate; figures only (each set lists its own mistakes under its own name).

/// The pooled fit of the dev sets.
#[test]
fn paired_dev_sets_pooled_fit() {
    let part = load(&PAIRED_SETS[..PAIRED_DEV_SETS]);
    scored_against_floor(
        "paired dev sets fresh4-57 (fit)",
        &part,
        false,
        &PAIRED_DEV_FIT_FLOOR,
    );
}

// Round 29's classifier fits fresh4 to fresh55 at 0.960 / 0.005 / 0.863 / 0.893 (1,218
// failing, 444 healthy; round 28's fitted fresh4 to fresh53 at 0.958 / 0.005 / 0.858 / 0.888,
// round 27's fitted fresh4 to fresh51 at 0.959 / 0.005 / 0.860 / 0.889, round 26's
// fresh4 to fresh49 at 0.958 / 0.005 / 0.860 / 0.888, round 25's fresh4 to fresh47 at 0.957 /
// 0.005 / 0.859 / 0.887). The floor sits just under.
const PAIRED_DEV_FIT_FLOOR: Gate = gate(0.95, 0.01, 0.85, 0.88);

// ---------------------------------------------------------------------------------------------
// The twenty-sixth round's blind sets: `tests/fixtures/lambda-fresh50.jsonl` and
// `tests/fixtures/lambda-fresh51.jsonl` (docs/CLASSIFICATION.md, "Rounds 26 and 27"). Blind as
// a whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh50` or `fresh51` lists them (round 27's dev sets).

/// Round 26's blind pair, a dev set since round 27.
#[test]
fn round26_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh50", FRESH50, &FRESH50_FLOOR),
            ("fresh51", FRESH51, &FRESH51_FLOOR),
        ],
        ("round-26 pair (fresh50 + fresh51)", &ROUND26_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `19d206f` (round 26's), nobody having read them: fresh50
// 1.000 / 0.000 / 0.733 / 0.892 (15 failing, 3 healthy), fresh51 1.000 / 0.000 / 0.800 / 0.778
// (15 / 7), pooled 1.000 / 0.000 / 0.767 / 0.753 (30 / 10): round 26's estimate. The
// collectors' reports named a few excerpts they were unsure of (docs/CLASSIFICATION.md, "Round
// 26"); nothing was changed after them. Then the review of round 26's change made the go1.x
// rule stricter (prose quoting the shape, and a handler's report of a program it ran, had
// raised an incident), nobody having read the pair; fresh50 then scores 0.933 / 0.000 / 0.667 /
// 0.842 and the pair 0.967 / 0.000 / 0.733 / 0.737, as under round 25's classifier. Then
// opened as round 27's dev sets; round 27 fits fresh50 at 1.000 / 0.000 / 0.800 / 0.913,
// fresh51 at 1.000 / 0.000 / 0.933 / 0.951 and the pair at 1.000 / 0.000 / 0.867 / 0.905
// (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH50_FLOOR: Gate = gate(0.99, 0.01, 0.79, 0.91);
const FRESH51_FLOOR: Gate = gate(0.99, 0.01, 0.93, 0.95);
const ROUND26_BLIND_FLOOR: Gate = gate(0.99, 0.01, 0.86, 0.90);

// ---------------------------------------------------------------------------------------------
// The twenty-seventh round's blind sets: `tests/fixtures/lambda-fresh52.jsonl` and
// `tests/fixtures/lambda-fresh53.jsonl` (docs/CLASSIFICATION.md, "Rounds 26 and 27"). Blind as a
// whole: never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were
// scored; since then `TRIAGE_EVAL_SHOW=fresh52` or `fresh53` lists them (round 28's dev sets).

/// Round 27's blind pair, a dev set since round 28.
#[test]
fn round27_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh52", FRESH52, &FRESH52_FLOOR),
            ("fresh53", FRESH53, &FRESH53_FLOOR),
        ],
        ("round-27 pair (fresh52 + fresh53)", &ROUND27_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `9efdd43` (round 27's, after its review), nobody having
// read them: fresh52 0.867 / 0.000 / 0.800 / 0.831 (15 failing, 7 healthy), fresh53 1.000 /
// 0.000 / 0.500 / 0.678 (12 / 6), pooled 0.926 / 0.000 / 0.667 / 0.803 (27 / 13): round 27's
// estimate. Round 25's classifier (`0dd3cf0`) scores the pair the same, set by set. This
// time the collectors' reports described no excerpt. Then opened as round 28's dev sets; round
// 28 fits fresh52 unchanged, fresh53 at 1.000 / 0.000 / 0.583 / 0.724 and the pair at 0.926 /
// 0.000 / 0.704 / 0.818 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH52_FLOOR: Gate = gate(0.86, 0.01, 0.79, 0.83);
const FRESH53_FLOOR: Gate = gate(0.99, 0.01, 0.58, 0.72);
const ROUND27_BLIND_FLOOR: Gate = gate(0.92, 0.01, 0.70, 0.81);

// ---------------------------------------------------------------------------------------------
// The twenty-eighth round's blind sets: `tests/fixtures/lambda-fresh54.jsonl` and
// `tests/fixtures/lambda-fresh55.jsonl` (docs/CLASSIFICATION.md, "Round 28"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored;
// since then `TRIAGE_EVAL_SHOW=fresh54` or `fresh55` lists them (round 29's dev sets).

/// Round 28's blind pair, a dev set since round 29.
#[test]
fn round28_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh54", FRESH54, &FRESH54_FLOOR),
            ("fresh55", FRESH55, &FRESH55_FLOOR),
        ],
        ("round-28 pair (fresh54 + fresh55)", &ROUND28_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `06be62e` (round 28's), nobody having read them: fresh54
// 0.875 / 0.000 / 0.750 / 0.840 (16 failing, 8 healthy), fresh55 0.857 / 0.000 / 0.643 / 0.687
// (14 / 7), pooled 0.867 / 0.000 / 0.700 / 0.803 (30 / 15): round 28's estimate. Round 25's
// classifier (`0dd3cf0`) scores the pair the same, set by set. The collectors' reports described
// no excerpt. Then opened as round 29's dev sets; round 29 fits fresh54 at 0.938 / 0.000 / 0.812
// / 0.858, fresh55 at 1.000 / 0.000 / 0.929 / 0.952 and the pair at 0.967 / 0.000 / 0.867 /
// 0.929 (tuned on: fits, not estimates). The floors sit just under the fit.
const FRESH54_FLOOR: Gate = gate(0.93, 0.01, 0.81, 0.85);
const FRESH55_FLOOR: Gate = gate(0.99, 0.01, 0.92, 0.95);
const ROUND28_BLIND_FLOOR: Gate = gate(0.96, 0.01, 0.86, 0.92);

// ---------------------------------------------------------------------------------------------
// The twenty-ninth round's blind sets: `tests/fixtures/lambda-fresh56.jsonl` and
// `tests/fixtures/lambda-fresh57.jsonl` (docs/CLASSIFICATION.md, "Round 29"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value listed their mistakes before they were scored;
// since then `TRIAGE_EVAL_SHOW=fresh56` or `fresh57` lists them (round 30's dev sets).

/// Round 29's blind pair, a dev set since round 30.
#[test]
fn round29_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh56", FRESH56, &FRESH56_FLOOR),
            ("fresh57", FRESH57, &FRESH57_FLOOR),
        ],
        ("round-29 pair (fresh56 + fresh57)", &ROUND29_BLIND_FLOOR),
        true,
    );
}

// Scored once with the classifier of `48d28cc` (round 29's), nobody having read them: fresh56
// 0.938 / 0.000 / 0.750 / 0.676 (16 failing, 7 healthy), fresh57 0.905 / 0.000 / 0.714 / 0.594
// (21 / 3), pooled 0.919 / 0.000 / 0.730 / 0.619 (37 / 10): round 29's estimate. Round 28's
// classifier (`60ae2cb`) scores the pair the same, excerpt by excerpt. The collectors' reports
// described no excerpt. After the score, round 29 read the pair's misses and changed how lines
// are grouped (`797f340`) and added Jackson's other mapping exceptions (docs/CLASSIFICATION.md,
// "Round 29"); the pair then scores 0.973 / 0.000 / 0.811 / 0.858, a fit, not an estimate. The
// floors sit just under the estimate.
const FRESH56_FLOOR: Gate = gate(0.93, 0.01, 0.74, 0.67);
const FRESH57_FLOOR: Gate = gate(0.90, 0.01, 0.71, 0.59);
const ROUND29_BLIND_FLOOR: Gate = gate(0.91, 0.01, 0.72, 0.61);

// ---------------------------------------------------------------------------------------------
// The thirtieth round's blind sets: `tests/fixtures/lambda-fresh58.jsonl` and
// `tests/fixtures/lambda-fresh59.jsonl` (docs/CLASSIFICATION.md, "Round 30"). Blind as a whole:
// never split, and no TRIAGE_EVAL_SHOW value lists their mistakes.

/// Round 30's blind pair.
#[test]
fn round30_blind_pair_meets_floors() {
    blind_pair(
        [
            ("fresh58", FRESH58, &FRESH58_FLOOR),
            ("fresh59", FRESH59, &FRESH59_FLOOR),
        ],
        ("round-30 pair (fresh58 + fresh59)", &ROUND30_BLIND_FLOOR),
        false,
    );
}

// Scored once with the classifier of `59b8c5a` (round 30's: round 29 after its review),
// nobody having read them: fresh58 0.462 / 0.000 / 0.462 / 0.495 (13 failing, 8 healthy),
// fresh59 1.000 / 0.000 / 1.000 / 1.000 (9 / 7), pooled 0.682 / 0.000 / 0.682 / 0.600 (22 /
// 15): round 30's estimate. Round 28's classifier (`60ae2cb`) scores the pair the same, excerpt
// by excerpt. fresh59's collector spent its look-ups at 16 excerpts, under the minimum of 18.
// The floors sit just under.
const FRESH58_FLOOR: Gate = gate(0.46, 0.01, 0.46, 0.49);
const FRESH59_FLOOR: Gate = gate(0.99, 0.01, 0.99, 0.99);
const ROUND30_BLIND_FLOOR: Gate = gate(0.68, 0.01, 0.68, 0.59);

// ---------------------------------------------------------------------------------------------
// The last blind pairs scored against the text-only readings of `tests/fixtures/collect/
// relabel-*.tsv` instead of the collectors' labels (docs/CLASSIFICATION.md, "How reproducible
// the labels are"): whether the classifier's misses are the labels' or its own. Figures, with
// floors just under them; the pairs' own estimates are above.

/// The records of `sets` with each label replaced by `labeller`'s reading in `readings`.
fn as_read_by(sets: &[&str], readings: &str, labeller: &str) -> Vec<Record> {
    let path = format!(
        "{}/tests/fixtures/collect/{readings}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let read: BTreeMap<&str, &str> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields.get(1) == Some(&labeller)).then(|| (fields[0], fields[2]))
        })
        .collect();
    let mut records = load(sets);
    for r in &mut records {
        r.label = read
            .get(r.id.as_str())
            .unwrap_or_else(|| panic!("{readings}: no {labeller} reading of {}", r.id))
            .to_string();
    }
    records
}

#[test]
fn last_blind_pairs_against_the_text_only_readings() {
    for (name, sets, readings, labeller, floor) in [
        (
            "fresh56 + fresh57, first reading",
            [FRESH56, FRESH57],
            "relabel-fresh56-57.tsv",
            "relabeller-A",
            &READ_29_A_FLOOR,
        ),
        (
            "fresh56 + fresh57, second reading",
            [FRESH56, FRESH57],
            "relabel-fresh56-57.tsv",
            "relabeller-B",
            &READ_29_B_FLOOR,
        ),
        (
            "fresh58 + fresh59, first reading",
            [FRESH58, FRESH59],
            "relabel-fresh58-59.tsv",
            "relabeller-A",
            &READ_30_A_FLOOR,
        ),
    ] {
        scored_against_floor(name, &as_read_by(&sets, readings, labeller), false, floor);
    }
}

// Round 30's classifier: fresh56 + fresh57 0.972 / 0.091 / 0.833 / 0.835 against the first
// reading and 0.972 / 0.091 / 0.861 / 0.854 against the second (36 failing, 11 healthy; a fit,
// since round 29 read the pair's misses after its score: at its score, `48d28cc` had 0.750 and
// 0.778 top-1), fresh58 + fresh59 0.682 / 0.000 / 0.682 / 0.554 (22 / 15; the classifier it was
// scored with). The one false positive is an excerpt the collector labelled `error` and both
// readers healthy.
const READ_29_A_FLOOR: Gate = gate(0.97, 0.10, 0.83, 0.83);
const READ_29_B_FLOOR: Gate = gate(0.97, 0.10, 0.86, 0.85);
const READ_30_A_FLOOR: Gate = gate(0.68, 0.01, 0.68, 0.55);
