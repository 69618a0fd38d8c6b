//! `logtriage incidents`: list, show, acknowledge and resolve the incidents the pipeline wrote,
//! through the same store code the incident-writer uses. Endpoints, region and credentials come
//! from the standard AWS environment (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, ...).

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::process::ExitCode;
use triage_aws::store::{IncidentStore, ListFilter};
use triage_core::incident::{IncidentRecord, IncidentStatus};
use triage_core::time::format_rfc3339_ms;
use triage_core::FailureClass;

use crate::table::clip;
use triage_aws::logs::LogsReader;
use triage_core::logs_query::{parse_time_arg, ContextLimits, InvocationContext, RetryPolicy};

/// Which incidents `list` shows.
pub struct ListArgs {
    pub status: Option<String>,
    pub class: Option<String>,
    pub function: Option<String>,
    pub since: Option<String>,
    pub limit: usize,
}

pub enum Action {
    List(ListArgs),
    /// The incident, and with `true` the redacted log of one failing invocation.
    Show(String, bool),
    SetStatus(String, IncidentStatus),
}

pub fn run(table: &str, action: Action, json: bool) -> Result<ExitCode> {
    let (runtime, aws) = crate::aws_runtime()?;
    runtime.block_on(async {
        let store = IncidentStore::from_config(&aws, table);
        match action {
            Action::List(args) => {
                let incidents = list(&store, &args, triage_aws::emf::now_ms()).await?;
                print(json, &incidents, || render_list(&incidents))
            }
            Action::Show(id, with_logs) => {
                let incident = store
                    .get(&id)
                    .await
                    .with_context(|| format!("reading incident {id} from table {table}"))?;
                let Some(incident) = incident else {
                    bail!("no incident {id} in table {table} (see `logtriage incidents list`)");
                };
                if !with_logs {
                    return print(json, &incident, || render_one(&incident));
                }
                let reader = LogsReader::new(&aws, RetryPolicy::default());
                let context = reader
                    .invocation_context(
                        &incident.function,
                        &incident.request_ids,
                        incident.last_seen_ms,
                        &ContextLimits::default(),
                    )
                    .await;
                let found = matches!(context, InvocationContext::Found { .. });
                if json {
                    let mut value = serde_json::to_value(&incident)?;
                    value["invocation_log"] = serde_json::to_value(&context)?;
                    println!("{}", serde_json::to_string_pretty(&value)?);
                } else {
                    print!("{}{}", render_one(&incident), render_context(&context));
                }
                // The incident was shown either way; 1 says its log could not be.
                Ok(if found {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                })
            }
            Action::SetStatus(id, status) => {
                let incident = store.set_status(&id, status).await.with_context(|| {
                    format!(
                        "setting incident {id} to {} in table {table}",
                        status.as_str()
                    )
                })?;
                print(json, &incident, || {
                    format!(
                        "{} is now {}\n",
                        incident.fingerprint,
                        incident.status.as_str()
                    )
                })
            }
        }
    })
}

fn print<T: serde::Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce() -> String,
) -> Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        print!("{}", human());
    }
    Ok(ExitCode::SUCCESS)
}

/// Open incidents first, then acknowledged, then resolved; newest first within each.
async fn list(store: &IncidentStore, args: &ListArgs, now_ms: i64) -> Result<Vec<IncidentRecord>> {
    let statuses = match args.status.as_deref() {
        None => vec![IncidentStatus::Open],
        Some("all") => IncidentStatus::ALL.to_vec(),
        Some(s) => vec![IncidentStatus::parse(s).with_context(|| {
            format!("unknown status {s:?}: use open, acknowledged, resolved or all")
        })?],
    };
    let class = args
        .class
        .as_deref()
        .map(|c| {
            FailureClass::parse(c)
                .with_context(|| format!("unknown class {c:?}: use one of {}", class_names()))
        })
        .transpose()?;
    let since_ms = args
        .since
        .as_deref()
        .map(|s| parse_since(s, now_ms))
        .transpose()?;
    let mut incidents = Vec::new();
    let mut filters = Vec::new();
    match &args.function {
        Some(function) => filters.push(ListFilter::function(function.clone())),
        None => filters.extend(statuses.iter().map(|s| ListFilter::status(*s))),
    }
    for mut filter in filters {
        if let Some(class) = class {
            filter = filter.class(class);
        }
        if let Some(since) = since_ms {
            filter = filter.since_ms(since);
        }
        incidents.extend(store.list(&filter).await.context("listing incidents")?);
    }
    incidents.retain(|i| statuses.contains(&i.status));
    incidents.sort_by(|a, b| {
        status_rank(a.status)
            .cmp(&status_rank(b.status))
            .then(b.last_seen_ms.cmp(&a.last_seen_ms))
    });
    incidents.truncate(args.limit);
    Ok(incidents)
}

fn status_rank(status: IncidentStatus) -> usize {
    IncidentStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(usize::MAX)
}

fn class_names() -> String {
    FailureClass::ALL
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `30m`, `6h`, `2d` ago, or an RFC 3339 timestamp (the syntax `analyze --since` shares).
fn parse_since(text: &str, now_ms: i64) -> Result<i64> {
    Ok(parse_time_arg("--since", text, now_ms)?)
}

fn render_context(context: &InvocationContext) -> String {
    match context {
        InvocationContext::Found {
            request_id,
            log_stream,
            lines,
        } => {
            let mut out = format!(
                "log of request {request_id} (stream {log_stream}, redacted, last {} lines):\n",
                lines.len()
            );
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
            out
        }
        InvocationContext::Unavailable { reason } => {
            format!("log:         not available: {reason}\n")
        }
    }
}

fn render_list(incidents: &[IncidentRecord]) -> String {
    if incidents.is_empty() {
        return "No incidents.\n".to_string();
    }
    let mut out = format!(
        "{:<16}  {:<12} {:<9} {:<22} {:>8}  {:<24}  {:<28}  TEMPLATE\n",
        "FINGERPRINT", "STATUS", "SEVERITY", "CLASS", "COUNT", "LAST SEEN", "FUNCTION"
    );
    for i in incidents {
        let _ = writeln!(
            out,
            "{:<16}  {:<12} {:<9} {:<22} {:>8}  {:<24}  {:<28}  {}",
            i.fingerprint,
            i.status.as_str(),
            i.severity.as_str(),
            i.class.as_str(),
            i.occurrences,
            format_rfc3339_ms(i.last_seen_ms),
            clip(&i.function, 28),
            clip(&i.template, 60)
        );
    }
    out
}

/// One `label: value` line of `incidents show`, the values aligned in one column.
fn field(out: &mut String, label: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "{:<12} {value}", format!("{label}:"));
}

fn render_one(i: &IncidentRecord) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {} {} — {}",
        i.fingerprint,
        i.severity.as_str(),
        i.class.as_str(),
        i.status.as_str()
    );
    field(&mut out, "function", &i.function);
    field(&mut out, "template", &i.template);
    if let Some(evidence) = &i.evidence {
        let span = clip(&evidence.span, 160);
        field(
            &mut out,
            "evidence",
            format_args!("{} `{span}`", evidence.signal),
        );
    }
    let reopened = i.reopened_count;
    field(
        &mut out,
        "occurrences",
        format_args!("{} (reopened {reopened} times)", i.occurrences),
    );
    let (first, last) = (
        format_rfc3339_ms(i.first_seen_ms),
        format_rfc3339_ms(i.last_seen_ms),
    );
    field(&mut out, "seen", format_args!("{first} … {last}"));
    if let Some(figures) = i.figures.describe() {
        field(&mut out, "invocations", figures);
    }
    let status = i.summary_status.as_str();
    match &i.summary {
        Some(s) => {
            field(&mut out, &format!("summary ({status})"), &s.summary);
            field(&mut out, "cause", &s.probable_cause);
            for (n, step) in s.remediation.iter().enumerate() {
                let _ = writeln!(out, "  {}. {step}", n + 1);
            }
        }
        None => field(&mut out, "summary", status),
    }
    for sample in &i.samples {
        field(&mut out, "sample", clip(sample, 160));
    }
    if !i.request_ids.is_empty() {
        field(&mut out, "request ids", i.request_ids.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_durations_and_timestamps() {
        assert_eq!(
            parse_since("30m", 10_000_000).unwrap(),
            10_000_000 - 1_800_000
        );
        assert_eq!(
            parse_since("2d", 200_000_000).unwrap(),
            200_000_000 - 172_800_000
        );
        assert_eq!(
            parse_since("2024-01-01T00:00:00.000Z", 0).unwrap(),
            1_704_067_200_000
        );
        assert!(parse_since("soon", 0)
            .unwrap_err()
            .to_string()
            .contains("30m"));
        assert!(parse_since("5y", 0).is_err());
    }
}
