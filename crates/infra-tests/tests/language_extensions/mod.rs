//! A model of CloudFormation's `AWS::LanguageExtensions` transform as its documentation
//! describes it (see `template_language_extensions.rs` for the sources): the template read
//! with its YAML short forms written out, `Fn::ForEach` expanded, parameters and conditions
//! evaluated, and the references each resource makes.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../infra/cloudformation/template.yaml"
);

pub const PSEUDO_PARAMETERS: [(&str, &str); 8] = [
    ("AWS::AccountId", "123456789012"),
    ("AWS::Region", "us-east-1"),
    ("AWS::Partition", "aws"),
    ("AWS::StackName", "logtriage"),
    (
        "AWS::StackId",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/logtriage/x",
    ),
    ("AWS::URLSuffix", "amazonaws.com"),
    ("AWS::NoValue", ""),
    ("AWS::NotificationARNs", ""),
];

/// The watched-group lists the loop must survive. Names carry `/`, `-` and `_`, which `&{}`
/// removes from logical ids (none of the three collide once removed).
pub fn group_lists() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("the default, empty parameter ([\"\"])", vec![""]),
        ("a literal empty list", vec![]),
        ("one group", vec!["/aws/lambda/orders"]),
        (
            "three groups with / - _",
            vec![
                "/aws/lambda/orders-api",
                "/aws/lambda/pay_ments",
                "/custom/batch-jobs_v2",
            ],
        ),
    ]
}

/// The template's WatchMode values (issue 15): per-group filters, or one account policy.
pub const WATCH_MODES: [&str; 2] = ["groups", "account"];

pub fn template_path() -> String {
    std::env::var("LOGTRIAGE_TEMPLATE").unwrap_or_else(|_| TEMPLATE.to_string())
}

/// The template as JSON, with YAML short forms (`!Ref`, `!GetAtt a.b`, `!Sub`…) written out
/// in their long forms, as CloudFormation reads them.
pub fn template() -> Value {
    let path = template_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    long_form(&yaml)
}

pub fn long_form(value: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::to_value(n).unwrap(),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(long_form).collect()),
        Y::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                    };
                    (key, long_form(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = long_form(&tagged.value);
            let (key, inner) = match name {
                "Ref" | "Condition" => (name.to_string(), inner),
                "GetAtt" => {
                    let inner = match inner {
                        Value::String(s) => {
                            let (resource, attribute) = s.split_once('.').unwrap_or((&s, ""));
                            serde_json::json!([resource, attribute])
                        }
                        other => other,
                    };
                    ("Fn::GetAtt".to_string(), inner)
                }
                other => (format!("Fn::{other}"), inner),
            };
            Value::Object(Map::from_iter([(key, inner)]))
        }
    }
}

/// `&{…}` keeps letters and digits only.
pub fn alphanumeric(item: &str) -> String {
    item.chars().filter(char::is_ascii_alphanumeric).collect()
}

pub fn single<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    (map.len() == 1).then(|| map.get(key)).flatten()
}

/// The OutputValue for one item: `Ref: Identifier` becomes the item, `${Identifier}` in a
/// `Fn::Sub` string becomes the item. `&{Identifier}` is left alone, as CloudFormation does.
pub fn substitute(value: &Value, identifier: &str, item: &str) -> Value {
    let placeholder = format!("${{{identifier}}}");
    match value {
        Value::Object(map) => {
            if single(value, "Ref").and_then(Value::as_str) == Some(identifier) {
                return Value::String(item.to_string());
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("Fn::Sub", Value::String(s)) => {
                                Value::String(s.replace(&placeholder, item))
                            }
                            ("Fn::Sub", Value::Array(parts)) if !parts.is_empty() => {
                                let mut parts = parts.clone();
                                if let Value::String(s) = &parts[0] {
                                    parts[0] = Value::String(s.replace(&placeholder, item));
                                }
                                for part in parts.iter_mut().skip(1) {
                                    *part = substitute(part, identifier, item);
                                }
                                Value::Array(parts)
                            }
                            _ => substitute(v, identifier, item),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, identifier, item))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A `Fn::Sub` with nothing left to substitute is its string (`Ref: !Sub X${Id}` is how the
/// documented examples name a sibling resource). With `select`, also what the transform
/// evaluates on its own when it can: `Fn::Select` of a literal index in a literal list is that
/// element, so references in the other elements vanish.
pub fn fold(value: &Value, select: bool) -> Value {
    match value {
        Value::Object(map) => {
            let folded: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), fold(v, select)))
                .collect();
            let folded = Value::Object(folded);
            if let Some(Value::String(s)) = single(&folded, "Fn::Sub") {
                if !s.contains("${") {
                    return Value::String(s.clone());
                }
            }
            if let (true, Some(Value::Array(args))) = (select, single(&folded, "Fn::Select")) {
                let index = match args.first() {
                    Some(Value::Number(n)) => n.as_u64(),
                    Some(Value::String(s)) => s.parse().ok(),
                    _ => None,
                };
                if let (Some(index), Some(Value::Array(list))) = (index, args.get(1)) {
                    if let Some(element) = list.get(index as usize) {
                        return element.clone();
                    }
                }
            }
            folded
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fold(v, select)).collect()),
        other => other.clone(),
    }
}

/// One section (Resources, Outputs or Conditions) with every `Fn::ForEach::*` expanded.
pub fn expand(
    section: &Map<String, Value>,
    parameters: &BTreeMap<String, Param>,
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let insert = |key: String, value: Value, out: &mut Map<String, Value>| {
        if out.insert(key.clone(), value).is_some() {
            Err(format!(
                "two entries expand to the logical id {key:?} (a duplicate)"
            ))
        } else {
            Ok(())
        }
    };
    for (key, value) in section {
        let Some(_) = key.strip_prefix("Fn::ForEach::") else {
            insert(key.clone(), value.clone(), &mut out)?;
            continue;
        };
        let parts = value.as_array().filter(|p| p.len() == 3).ok_or_else(|| {
            format!("{key}: not [Identifier, Collection, OutputKey: OutputValue]")
        })?;
        let identifier = parts[0]
            .as_str()
            .ok_or_else(|| format!("{key}: the identifier is not a string"))?;
        let items: Vec<String> = match &parts[1] {
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{key}: a collection item is not a string"))?,
            other => match single(other, "Ref").and_then(Value::as_str) {
                Some(name) => match parameters.get(name) {
                    Some(Param::List(items)) => items.clone(),
                    _ => return Err(format!("{key}: {name} is not a list parameter")),
                },
                None => return Err(format!("{key}: unsupported collection {other}")),
            },
        };
        let body = parts[2]
            .as_object()
            .ok_or_else(|| format!("{key}: the fragment is not a mapping"))?;
        for item in &items {
            let mut pass = Map::new();
            for (output_key, output_value) in body {
                let expanded_key = output_key
                    .replace(&format!("${{{identifier}}}"), item)
                    .replace(&format!("&{{{identifier}}}"), &alphanumeric(item));
                pass.insert(expanded_key, substitute(output_value, identifier, item));
            }
            // Nested loops, now that this loop's identifier is filled in.
            for (k, v) in expand(&pass, parameters)? {
                insert(k, fold(&v, false), &mut out)?;
            }
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub enum Param {
    Text(String),
    List(Vec<String>),
}

/// Parameter values: each parameter's default, with `MonitoredLogGroups` set to `groups`.
pub fn parameters(template: &Value, groups: &[&str]) -> BTreeMap<String, Param> {
    let mut out = BTreeMap::new();
    for (name, spec) in template["Parameters"].as_object().expect("Parameters") {
        let default = match &spec["Default"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let list = spec["Type"]
            .as_str()
            .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"));
        out.insert(
            name.clone(),
            if list {
                // A CommaDelimitedList is its text split on commas: "" is [""].
                Param::List(default.split(',').map(str::to_string).collect())
            } else {
                Param::Text(default)
            },
        );
    }
    out.insert(
        "MonitoredLogGroups".into(),
        Param::List(groups.iter().map(|g| g.to_string()).collect()),
    );
    for (name, value) in PSEUDO_PARAMETERS {
        out.insert(name.into(), Param::Text(value.into()));
    }
    out
}

/// A value as the condition functions see it.
pub fn evaluate(value: &Value, parameters: &BTreeMap<String, Param>) -> Param {
    if let Some(name) = single(value, "Ref").and_then(Value::as_str) {
        return parameters
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("condition refers to {name}, which is not a parameter"));
    }
    if let Some(Value::Array(args)) = single(value, "Fn::Join") {
        let separator = args[0].as_str().expect("Fn::Join separator");
        let items = match evaluate(&args[1], parameters) {
            Param::List(items) => items,
            Param::Text(t) => vec![t],
        };
        return Param::Text(items.join(separator));
    }
    match value {
        Value::String(s) => Param::Text(s.clone()),
        Value::Array(items) => Param::List(
            items
                .iter()
                .map(|i| match evaluate(i, parameters) {
                    Param::Text(t) => t,
                    Param::List(l) => l.join(","),
                })
                .collect(),
        ),
        other => panic!("unsupported value in a condition: {other}"),
    }
}

pub fn condition(
    value: &Value,
    conditions: &Map<String, Value>,
    parameters: &BTreeMap<String, Param>,
) -> bool {
    let args = |name: &str| single(value, name).and_then(Value::as_array);
    if let Some(name) = single(value, "Condition").and_then(Value::as_str) {
        return condition(&conditions[name], conditions, parameters);
    }
    if let Some(a) = args("Fn::Not") {
        return !condition(&a[0], conditions, parameters);
    }
    if let Some(a) = args("Fn::And") {
        return a.iter().all(|c| condition(c, conditions, parameters));
    }
    if let Some(a) = args("Fn::Or") {
        return a.iter().any(|c| condition(c, conditions, parameters));
    }
    if let Some(a) = args("Fn::Equals") {
        let text = |p: Param| match p {
            Param::Text(t) => t,
            Param::List(l) => l.join(","),
        };
        return text(evaluate(&a[0], parameters)) == text(evaluate(&a[1], parameters));
    }
    panic!("unsupported condition {value}")
}

/// The processed template for one list of watched groups: loops expanded, conditions
/// evaluated, resources whose condition is false removed.
pub struct Processed {
    pub parameters: BTreeMap<String, Param>,
    pub conditions: BTreeMap<String, bool>,
    /// Every resource the loops produce, whatever its condition.
    pub all: Map<String, Value>,
    /// The resources whose condition holds.
    pub resources: Map<String, Value>,
    pub outputs: Map<String, Value>,
}

pub fn process(template: &Value, groups: &[&str]) -> Result<Processed, String> {
    process_with(template, groups, &[])
}

/// [`process`] with some parameters set (for example `WatchMode=account`).
pub fn process_with(
    template: &Value,
    groups: &[&str],
    overrides: &[(&str, &str)],
) -> Result<Processed, String> {
    let mut parameters = parameters(template, groups);
    for (name, value) in overrides {
        if !parameters.contains_key(*name) {
            return Err(format!("{name} is not a parameter"));
        }
        parameters.insert((*name).to_string(), Param::Text((*value).to_string()));
    }
    let empty = Map::new();
    let raw_conditions = expand(
        template["Conditions"].as_object().unwrap_or(&empty),
        &parameters,
    )?;
    let conditions: BTreeMap<String, bool> = raw_conditions
        .iter()
        .map(|(k, v)| (k.clone(), condition(v, &raw_conditions, &parameters)))
        .collect();
    let all = expand(
        template["Resources"].as_object().expect("Resources"),
        &parameters,
    )?;
    let mut resources = Map::new();
    for (id, resource) in all.clone() {
        let keep = match resource.get("Condition") {
            None => true,
            Some(Value::String(name)) => *conditions
                .get(name)
                .ok_or_else(|| format!("{id}: unknown condition {name}"))?,
            Some(other) => return Err(format!("{id}: Condition is not a name: {other}")),
        };
        if keep {
            resources.insert(id, resource);
        }
    }
    let outputs = expand(
        template["Outputs"].as_object().unwrap_or(&empty),
        &parameters,
    )?;
    Ok(Processed {
        parameters,
        conditions,
        all,
        resources,
        outputs,
    })
}

/// Every logical id a value refers to (`Ref`, `Fn::GetAtt`, `${X}` / `${X.Attr}` in
/// `Fn::Sub`). With `conditions`, the branch of each `Fn::If` that its condition leaves out
/// is skipped (what is evaluated at run time); without, both count (what the template format
/// check sees).
pub fn references(
    value: &Value,
    conditions: Option<&BTreeMap<String, bool>>,
    out: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(args)) = single(value, "Fn::If") {
                let name = args[0].as_str().expect("Fn::If condition name");
                for (i, branch) in args.iter().enumerate().skip(1) {
                    let taken = match conditions.and_then(|c| c.get(name)) {
                        Some(true) => i == 1,
                        Some(false) => i == 2,
                        None => true,
                    };
                    if taken {
                        references(branch, conditions, out);
                    }
                }
                return;
            }
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("Ref", Value::String(target)) => out.push(target.clone()),
                    ("Ref", other) => out.push(format!("<Ref of a non-string: {other}>")),
                    ("Fn::GetAtt", Value::Array(args)) => match args.first() {
                        Some(Value::String(target)) => out.push(target.clone()),
                        other => out.push(format!("<GetAtt of a non-string: {other:?}>")),
                    },
                    ("Fn::Sub", sub) => {
                        let (text, variables) = match sub {
                            Value::String(s) => (s.as_str(), None),
                            Value::Array(parts) => (parts[0].as_str().unwrap_or(""), parts.get(1)),
                            _ => ("", None),
                        };
                        let named: BTreeSet<&str> = variables
                            .and_then(Value::as_object)
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let mut rest = text;
                        while let Some(start) = rest.find("${") {
                            let after = &rest[start + 2..];
                            let end = after.find('}').unwrap_or(after.len());
                            let name = &after[..end];
                            if !name.starts_with('!') {
                                let target = name.split('.').next().unwrap_or(name);
                                if !named.contains(name) && !named.contains(target) {
                                    out.push(target.to_string());
                                }
                            }
                            rest = &after[end.min(after.len())..];
                        }
                        if let Some(v) = variables {
                            references(v, conditions, out);
                        }
                    }
                    _ => references(v, conditions, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, conditions, out)),
        _ => {}
    }
}

pub fn depends_on(resource: &Value) -> Vec<String> {
    match resource.get("DependsOn") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| format!("<{i}>"), str::to_string))
            .collect(),
        Some(other) => vec![format!("<DependsOn is not a name: {other}>")],
        None => vec![],
    }
}
