//! Grouping accuracy of the pattern miner on the Loghub 2k samples (see the README beside them).
//! A line is correct when the set of lines sharing its pattern id equals the set of lines sharing
//! its ground-truth `EventId`; a system's score is the fraction of correct lines.
//!
//! The figure that counts is held out: the miner's thresholds are chosen on four of the eight
//! systems (a grid search) and the other four are scored with that choice, both ways round. The
//! full-set fit of the shipped default setting is printed beside it. Run with
//! `cargo test --release -p triage-core --test loghub_grouping -- --nocapture`; set
//! `LOGHUB_MISSES=<System>` to print the ground-truth events that the default setting gets wrong.

// The bench's Loghub reader (same crate): the test scores the lines the bench mines.
#[allow(dead_code)]
#[path = "../benches/support/loghub.rs"]
mod loghub;

use loghub::parse_csv;
use std::collections::HashMap;
use std::path::Path;
use triage_core::patterns::{MinerSettings, PatternMiner};

const DATA_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/loghub-2k"
);
const SYSTEMS: [&str; 8] = [
    "Apache",
    "HDFS",
    "Hadoop",
    "HealthApp",
    "OpenStack",
    "Proxifier",
    "Spark",
    "Zookeeper",
];
/// The two halves: tune on one, report the other (and the other way round).
const HALVES: [[&str; 4]; 2] = [
    ["Apache", "HDFS", "Hadoop", "HealthApp"],
    ["OpenStack", "Proxifier", "Spark", "Zookeeper"],
];
/// The gate, on the held-out average and on the full-set fit of the default.
const MIN_AVERAGE: f64 = 0.95;

fn grouping_accuracy(truth: &[&str], predicted: &[String]) -> f64 {
    let mut by_truth: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_predicted: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (t, p)) in truth.iter().zip(predicted).enumerate() {
        by_truth.entry(t).or_default().push(i);
        by_predicted.entry(p).or_default().push(i);
    }
    let correct = truth
        .iter()
        .zip(predicted)
        .filter(|(t, p)| by_truth[**t] == by_predicted[p.as_str()])
        .count();
    correct as f64 / truth.len() as f64
}

struct System {
    name: &'static str,
    content: Vec<String>,
    truth: Vec<String>,
}

fn load(system: &'static str) -> System {
    let path = Path::new(DATA_DIR).join(format!("{system}_2k.log_structured.csv"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Loghub sample {} is required: {e}", path.display()));
    let rows = parse_csv(&text);
    let header = &rows[0];
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{} has no {name} column", path.display()))
    };
    let (content, event) = (column("Content"), column("EventId"));
    let rows = &rows[1..];
    assert_eq!(
        rows.len(),
        2000,
        "{} should hold 2000 lines",
        path.display()
    );
    System {
        name: system,
        content: rows.iter().map(|r| r[content].clone()).collect(),
        truth: rows.iter().map(|r| r[event].clone()).collect(),
    }
}

fn mine(system: &System, settings: MinerSettings) -> Vec<String> {
    let mut miner = PatternMiner::with_settings(settings);
    let ids: Vec<_> = system.content.iter().map(|l| miner.add(l)).collect();
    ids.iter()
        .map(|&id| miner.pattern(id).template.to_string())
        .collect()
}

fn accuracy(system: &System, settings: MinerSettings) -> f64 {
    let truth: Vec<&str> = system.truth.iter().map(String::as_str).collect();
    grouping_accuracy(&truth, &mine(system, settings))
}

/// The candidate settings of the grid search, the default first.
fn grid() -> Vec<MinerSettings> {
    let mut out = vec![MinerSettings::default()];
    for min_similarity in [0.7, 0.75, 0.8, 0.85, 0.9] {
        for min_sibling_similarity in [0.5, 0.6, 0.7] {
            for min_distinct_values in [3, 4, 5, 6, 8] {
                let s = MinerSettings {
                    min_similarity,
                    min_sibling_similarity,
                    min_distinct_values,
                };
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = xs.into_iter().fold((0.0, 0), |(s, n), x| (s + x, n + 1));
    sum / f64::from(n)
}

/// Prints, for one system, each ground-truth event whose lines are not grouped exactly.
fn print_misses(system: &System) {
    let predicted = mine(system, MinerSettings::default());
    let mut by_truth: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_pred: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (t, p)) in system.truth.iter().zip(&predicted).enumerate() {
        by_truth.entry(t).or_default().push(i);
        by_pred.entry(p).or_default().push(i);
    }
    let mut events: Vec<_> = by_truth.iter().collect();
    events.sort();
    for (event, lines) in events {
        let templates: std::collections::BTreeSet<&str> =
            lines.iter().map(|&i| predicted[i].as_str()).collect();
        let exact = templates.len() == 1 && by_pred[predicted[lines[0]].as_str()] == *lines;
        if !exact {
            println!("{event} ({} lines) -> {templates:?}", lines.len());
            println!("    e.g. {:?}", system.content[lines[0]]);
        }
    }
}

#[test]
fn loghub_grouping_accuracy() {
    let systems: Vec<System> = SYSTEMS.into_iter().map(load).collect();
    if let Ok(name) = std::env::var("LOGHUB_MISSES") {
        systems
            .iter()
            .filter(|s| s.name == name)
            .for_each(print_misses);
    }
    let grid = grid();
    // scores[setting][system]
    let scores: Vec<Vec<f64>> = grid
        .iter()
        .map(|&g| systems.iter().map(|s| accuracy(s, g)).collect())
        .collect();
    let index = |name: &str| SYSTEMS.iter().position(|s| *s == name).unwrap();

    let mut held_out = vec![0.0; SYSTEMS.len()];
    for (k, tune) in HALVES.iter().enumerate() {
        let report = &HALVES[1 - k];
        let fit = |g: usize| mean(tune.iter().map(|s| scores[g][index(s)]));
        // Best tuning-half average; ties go to the earlier candidate (the default first).
        let best = (0..grid.len()).fold(0, |b, g| if fit(g) > fit(b) { g } else { b });
        println!(
            "split {}: tuned on {tune:?} -> {:?} (tuning-half fit {:.4})",
            k + 1,
            grid[best],
            fit(best)
        );
        for s in report {
            held_out[index(s)] = scores[best][index(s)];
            println!("  held out {s:<12} {:.4}", scores[best][index(s)]);
        }
        println!(
            "  held-out average {:.4}",
            mean(report.iter().map(|s| scores[best][index(s)]))
        );
    }
    let held_out_average = mean(held_out.iter().copied());
    println!("held-out average over both splits: {held_out_average:.4}");

    println!(
        "full-set fit of the default {:?}:",
        MinerSettings::default()
    );
    for (s, score) in SYSTEMS.iter().zip(&scores[0]) {
        println!("  {s:<12} {score:.4}");
    }
    let fit_average = mean(scores[0].iter().copied());
    println!("  {:<12} {fit_average:.4}", "average");
    assert!(
        held_out_average >= MIN_AVERAGE,
        "held-out average grouping accuracy {held_out_average:.4} < {MIN_AVERAGE}"
    );
    assert!(
        fit_average >= MIN_AVERAGE,
        "default setting's average grouping accuracy {fit_average:.4} < {MIN_AVERAGE}"
    );
}

#[test]
fn csv_parser_handles_quotes() {
    let rows = parse_csv("a,\"b, \"\"c\"\"\",d\r\n1,2,3\n");
    assert_eq!(rows, [vec!["a", "b, \"c\"", "d"], vec!["1", "2", "3"]]);
}
