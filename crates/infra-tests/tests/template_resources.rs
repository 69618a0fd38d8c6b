//! The SAM template's resources beside its filter patterns (those are `template_patterns.rs`):
//! the IAM statements, each function's environment against the `Config` it parses, and the
//! incidents table's schema against `infra/incidents-table.json` and the store's indexes.

mod template_file;

use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use template_file::template;

/// No statement grants a wildcard action, and no statement grants `Resource: "*"`.
#[test]
fn iam_statements_name_actions_and_resources() {
    fn statements(value: &Value, out: &mut Vec<Value>) {
        match value {
            Value::Mapping(map) => {
                if let Some(list) = map.get("Statement").and_then(Value::as_sequence) {
                    out.extend(list.iter().cloned());
                }
                map.values().for_each(|v| statements(v, out));
            }
            Value::Sequence(items) => items.iter().for_each(|v| statements(v, out)),
            Value::Tagged(tagged) => statements(&tagged.value, out),
            _ => {}
        }
    }
    fn strings(value: &Value) -> Vec<String> {
        match value {
            Value::String(s) => vec![s.clone()],
            Value::Sequence(items) => items.iter().flat_map(strings).collect(),
            Value::Tagged(tagged) => strings(&tagged.value),
            Value::Mapping(map) => map.values().flat_map(strings).collect(),
            _ => vec![],
        }
    }
    let mut found = Vec::new();
    statements(&template(), &mut found);
    // Unwrap `!If [cond, statement, AWS::NoValue]`.
    let found: Vec<Value> = found
        .into_iter()
        .flat_map(|s| match s {
            Value::Tagged(t) => t.value.as_sequence().map_or(vec![], |v| {
                v.iter()
                    .skip(1)
                    .filter(|x| x.is_mapping())
                    .cloned()
                    .collect()
            }),
            other => vec![other],
        })
        .collect();
    assert!(found.len() >= 10, "only {} statements found", found.len());
    for statement in &found {
        for action in strings(&statement["Action"]) {
            assert!(!action.contains('*'), "wildcard action {action}");
        }
        for resource in strings(&statement["Resource"]) {
            assert_ne!(resource.trim(), "*", "Resource \"*\" in {statement:?}");
        }
    }
}

/// Each function's environment in the template (Globals + its own), with `!Ref Parameter`
/// resolved to the parameter's default and any other intrinsic to a placeholder.
fn function_environment(template: &Value, function: &str) -> BTreeMap<String, String> {
    let parameters = &template["Parameters"];
    let render = |value: &Value| -> String {
        match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Tagged(t) if t.tag == "!Ref" => {
                let name = t.value.as_str().unwrap();
                match &parameters[name]["Default"] {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => format!("<{name}>"),
                }
            }
            _ => "<resolved at deploy>".to_string(),
        }
    };
    let mut env = BTreeMap::new();
    for variables in [
        &template["Globals"]["Function"]["Environment"]["Variables"],
        &template["Resources"][function]["Properties"]["Environment"]["Variables"],
    ] {
        for (k, v) in variables.as_mapping().expect("Environment.Variables") {
            env.insert(k.as_str().unwrap().to_string(), render(v));
        }
    }
    env
}

/// A function's `Config::from_lookup`, given an environment lookup.
type ConfigParse<'a> = &'a dyn Fn(&dyn Fn(&str) -> Option<String>) -> Result<(), String>;

/// The template sets every variable each function's `Config::from_env` requires, with values
/// it accepts, and no variable the function does not read (a misspelt name would be ignored).
#[test]
fn template_environment_satisfies_each_functions_config() {
    use std::cell::RefCell;
    use triage_aws::config::{ProcessorConfig, SummarizerConfig, WriterConfig};
    let template = template();
    // Read by the runtime / tracing rather than by Config.
    let outside_config = ["RUST_LOG"];
    let check = |function: &str, parse: ConfigParse| {
        let env = function_environment(&template, function);
        let read = RefCell::new(BTreeSet::new());
        let lookup = |name: &str| {
            read.borrow_mut().insert(name.to_string());
            env.get(name).cloned()
        };
        parse(&lookup).unwrap_or_else(|e| panic!("{function}: {e}"));
        for name in env.keys() {
            assert!(
                read.borrow().contains(name) || outside_config.contains(&name.as_str()),
                "{function}: the template sets {name}, which the function never reads"
            );
        }
    };
    check("LogProcessorFunction", &|l| {
        ProcessorConfig::from_lookup(&|n: &str| l(n))
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    check("IncidentWriterFunction", &|l| {
        WriterConfig::from_lookup(&|n: &str| l(n))
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    check("LlmSummarizerFunction", &|l| {
        let c = SummarizerConfig::from_lookup(&|n: &str| l(n)).map_err(|e| e.to_string())?;
        // The default deploy does not use Bedrock (docs/DEPLOY.md, first deploy): the default,
        // empty BedrockModelId reaches the function as "no model".
        assert_eq!(c.bedrock_model_id, None);
        Ok(())
    });
    let emitter = function_environment(&template, "LogEmitterFunction");
    assert_eq!(
        emitter["LOGTRIAGE_EMITTER_MODE"], "aws",
        "real faults once deployed"
    );
}

/// The incidents table is defined once: `infra/incidents-table.json` (the CreateTable request
/// the script tests and `make demo` send to the emulator) equals the template's table in keys,
/// attributes, indexes and stream, and names the indexes the store queries.
#[test]
fn the_incidents_table_schema_is_defined_once() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../infra/incidents-table.json"
        ))
        .expect("infra/incidents-table.json is readable"),
    )
    .expect("infra/incidents-table.json is JSON");
    let template = template();
    let table = &template["Resources"]["IncidentsTable"]["Properties"];
    let as_json =
        |v: &Value| -> serde_json::Value { serde_json::to_value(v).expect("YAML as JSON") };
    for key in [
        "AttributeDefinitions",
        "KeySchema",
        "GlobalSecondaryIndexes",
        "BillingMode",
    ] {
        assert_eq!(
            spec[key],
            as_json(&table[key]),
            "{key} differs from the template's table"
        );
    }
    assert_eq!(
        spec["StreamSpecification"]["StreamViewType"],
        as_json(&table["StreamSpecification"]["StreamViewType"])
    );
    let indexes: BTreeSet<&str> = spec["GlobalSecondaryIndexes"]
        .as_array()
        .expect("indexes")
        .iter()
        .filter_map(|i| i["IndexName"].as_str())
        .collect();
    assert_eq!(
        indexes,
        BTreeSet::from([
            triage_aws::store::STATUS_INDEX,
            triage_aws::store::FUNCTION_INDEX
        ]),
        "the indexes the store queries"
    );
}
