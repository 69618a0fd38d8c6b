//! The SAM template as the tests read it: YAML, with CloudFormation's short-form tags (`!Ref`,
//! `!Sub`, ...) kept as tagged values.

use serde_yaml::Value;

const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../infra/cloudformation/template.yaml"
);

pub fn template() -> Value {
    let text = std::fs::read_to_string(TEMPLATE).expect("template.yaml is readable");
    serde_yaml::from_str(&text).expect("template.yaml is valid YAML")
}
