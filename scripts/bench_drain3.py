#!/usr/bin/env python3
"""Drain3 baseline for the logtriage pattern miner: throughput and grouping accuracy.

Runs Drain3 (default Drain parameters, plus the masking instructions of Drain3's example
drain3.ini: IDs, IPs, hex sequences, numbers) over the Content column of the Loghub 2k samples
in ../shared/data/loghub-2k (beside the repo clone), the same input as
crates/triage-core/tests/loghub_grouping.rs.

Setup (once, from the repo root; .venv/ is gitignored):
    python3 -m venv .venv && .venv/bin/pip install drain3
Run:
    .venv/bin/python scripts/bench_drain3.py [--repeat 10]

Accuracy: one fresh miner per system; a line is correct when the set of lines sharing its final
template equals the set sharing its ground-truth EventId. Throughput: one miner over all systems'
lines concatenated, repeated --repeat times.
"""
import argparse
import csv
import glob
import logging
import os
import time
from collections import defaultdict

from drain3 import TemplateMiner
from drain3.masking import MaskingInstruction
from drain3.template_miner_config import TemplateMinerConfig

logging.disable(logging.WARNING)  # Drain3 logs every new cluster at INFO.

# The [MASKING] section of https://github.com/logpai/Drain3/blob/master/examples/drain3.ini.
MASKS = [
    (r"((?<=[^A-Za-z0-9])|^)(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))((?=[^A-Za-z0-9])|$)", "ID"),
    (r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9a-f]{6,} ?){3,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9A-F]{4} ?){4,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)(0x[a-f0-9A-F]+)((?=[^A-Za-z0-9])|$)", "HEX"),
    (r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
    (r"(?<=executed cmd )(\".+?\")", "CMD"),
]

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "loghub-2k")


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["Content"] for r in rows], [r["EventId"] for r in rows]


def new_miner():
    config = TemplateMinerConfig()
    config.masking_instructions = [MaskingInstruction(pattern, name) for pattern, name in MASKS]
    config.mask_prefix, config.mask_suffix = "<:", ":>"
    return TemplateMiner(config=config)


def grouping_accuracy(truth, predicted):
    by_truth, by_pred = defaultdict(set), defaultdict(set)
    for i, (t, p) in enumerate(zip(truth, predicted)):
        by_truth[t].add(i)
        by_pred[p].add(i)
    correct = sum(by_truth[t] == by_pred[p] for t, p in zip(truth, predicted))
    return correct / len(truth)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="passes over the concatenated lines")
    parser.add_argument("--seconds", action="store_true",
                        help="only time the mining and print its seconds (for benches/patterns.rs)")
    parser.add_argument("--write-lines", metavar="FILE",
                        help="also write the exact lines Drain3 is timed on (one per line) to FILE")
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(DATA, "*_2k.log_structured.csv")))
    if len(files) != 8:
        raise SystemExit(f"expected 8 loghub-2k CSV files in {DATA}, found {len(files)}")
    if args.seconds:
        # The same lines as benches/patterns.rs (newlines inside a field become spaces).
        all_lines = [line.replace("\n", " ") for path in files for line in load(path)[0]]
        miner = new_miner()
        start = time.perf_counter()
        for _ in range(args.repeat):
            for line in all_lines:
                miner.add_log_message(line)
        print(f"{time.perf_counter() - start:.6f}")
        return
    all_lines = []
    scores = []
    for path in files:
        lines, truth = load(path)
        all_lines.extend(lines)
        miner = new_miner()
        ids = [miner.add_log_message(line)["cluster_id"] for line in lines]
        templates = {c.cluster_id: c.get_template() for c in miner.drain.clusters}
        acc = grouping_accuracy(truth, [templates[i] for i in ids])
        scores.append(acc)
        print(f"{os.path.basename(path).split('_')[0]:<12} {acc:.4f}")
    print(f"{'AVERAGE':<12} {sum(scores) / len(scores):.4f}")

    miner = new_miner()
    start = time.perf_counter()
    for _ in range(args.repeat):
        for line in all_lines:
            miner.add_log_message(line)
    elapsed = time.perf_counter() - start
    total = len(all_lines) * args.repeat
    print(f"drain3: {total} lines in {elapsed:.3f} s = {total / elapsed:,.0f} lines/s")
    if args.write_lines:
        with open(args.write_lines, "w", encoding="utf-8") as f:
            for _ in range(args.repeat):
                for line in all_lines:
                    # Content never holds a newline in these files; keep one line per message.
                    f.write(line.replace("\n", " ") + "\n")


if __name__ == "__main__":
    main()
