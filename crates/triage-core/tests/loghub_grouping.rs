//! Grouping accuracy of the pattern miner on the Loghub 2k samples (see the README beside them).
//! A line is correct when the set of lines sharing its pattern id equals the set of lines sharing
//! its ground-truth `EventId`; a system's score is the fraction of correct lines.

use std::collections::HashMap;
use std::path::Path;
use triage_core::patterns::PatternMiner;

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
const MIN_AVERAGE: f64 = 0.95;

/// Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

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

fn system_accuracy(system: &str) -> f64 {
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

    let mut miner = PatternMiner::new();
    let ids: Vec<_> = rows.iter().map(|r| miner.add(&r[content])).collect();
    let predicted: Vec<String> = ids
        .iter()
        .map(|&id| miner.pattern(id).pattern_id.to_string())
        .collect();
    let truth: Vec<&str> = rows.iter().map(|r| r[event].as_str()).collect();
    grouping_accuracy(&truth, &predicted)
}

#[test]
fn loghub_grouping_accuracy() {
    let mut total = 0.0;
    println!("{:<12} accuracy", "system");
    for system in SYSTEMS {
        let accuracy = system_accuracy(system);
        println!("{system:<12} {accuracy:.4}");
        total += accuracy;
    }
    let average = total / SYSTEMS.len() as f64;
    println!("{:<12} {average:.4}", "average");
    assert!(
        average >= MIN_AVERAGE,
        "average grouping accuracy {average:.4} < {MIN_AVERAGE}"
    );
}

#[test]
fn csv_parser_handles_quotes() {
    let rows = parse_csv("a,\"b, \"\"c\"\"\",d\r\n1,2,3\n");
    assert_eq!(rows, [vec!["a", "b, \"c\"", "d"], vec!["1", "2", "3"]]);
}
