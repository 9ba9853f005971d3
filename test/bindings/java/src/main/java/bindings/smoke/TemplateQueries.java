package bindings.smoke;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small readers over a synthesized CloudFormation template, as `Template.toJSON()` returns it. */
public final class TemplateQueries {
    private final Map<String, Object> resources;

    @SuppressWarnings("unchecked")
    public TemplateQueries(Map<String, Object> template) {
        this.resources = (Map<String, Object>) template.get("Resources");
    }

    /** The `Properties` of every resource of a type. */
    public List<Map<String, Object>> propertiesOfType(String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object resource : resources.values()) {
            Map<String, Object> r = map(resource);
            if (type.equals(r.get("Type"))) {
                found.add(map(r.get("Properties")));
            }
        }
        return found;
    }

    /** Every action of every statement of the IAM policy with this logical id. */
    public Set<String> policyActions(String logicalId) {
        Map<String, Object> document = map(map(map(resources.get(logicalId)).get("Properties")).get("PolicyDocument"));
        Set<String> actions = new HashSet<>();
        for (Object statement : list(document.get("Statement"))) {
            Object listed = map(statement).get("Action");
            if (listed instanceof String) {
                actions.add((String) listed);
            } else if (listed != null) {
                list(listed).forEach(action -> actions.add((String) action));
            }
        }
        return actions;
    }

    /** Every value of a `resources.ARN` field selector of every trail. */
    public List<Object> trailSelectorArns() {
        List<Object> arns = new ArrayList<>();
        for (Map<String, Object> trail : propertiesOfType("AWS::CloudTrail::Trail")) {
            for (Object selector : list(trail.getOrDefault("AdvancedEventSelectors", List.of()))) {
                for (Object field : list(map(selector).get("FieldSelectors"))) {
                    Map<String, Object> f = map(field);
                    if ("resources.ARN".equals(f.get("Field"))) {
                        arns.addAll(list(f.getOrDefault("Equals", List.of())));
                        arns.addAll(list(f.getOrDefault("StartsWith", List.of())));
                    }
                }
            }
        }
        return arns;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
