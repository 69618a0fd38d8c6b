// Scratch (not committed): instruction counts of floor vs triage, load-independent.
#[path = "../benches/support/workload.rs"]
#[allow(dead_code)]
mod workload;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pct: u64 = args[2].parse().unwrap();
    let (payloads, _) = workload::subscription_payloads(40, 500, pct);
    let mut n = 0;
    for _ in 0..2 {
        if args[1] == "gen" { continue; }
        n += if args[1] == "floor" { workload::decode_only(&payloads) } else { workload::full_triage(&payloads) };
    }
    println!("{n}");
}
