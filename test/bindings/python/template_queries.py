"""Small readers over a synthesized CloudFormation template (a dict)."""


def resources_of_type(template: dict, resource_type: str) -> list:
    return [r for r in template["Resources"].values() if r["Type"] == resource_type]


def statements_of_policy(template: dict, logical_id: str) -> list:
    return template["Resources"][logical_id]["Properties"]["PolicyDocument"]["Statement"]


def actions_of(statements: list) -> set:
    actions = set()
    for statement in statements:
        listed = statement.get("Action", [])
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def trail_selector_arns(template: dict) -> list:
    """Every value of a `resources.ARN` field selector of every trail."""
    arns = []
    for trail in resources_of_type(template, "AWS::CloudTrail::Trail"):
        for selector in trail["Properties"].get("AdvancedEventSelectors", []):
            for field in selector["FieldSelectors"]:
                if field["Field"] == "resources.ARN":
                    arns.extend(field.get("Equals", []) + field.get("StartsWith", []))
    return arns
