package bindings.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdksecureserverless.EncryptedTable;
import io.github.cdksecureserverless.KeyPerUsePolicy;
import io.github.cdksecureserverless.KeyUse;
import io.github.cdksecureserverless.ScopedFunction;
import io.github.cdksecureserverless.SecureServerlessChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.IConstruct;

/** Java smoke test of the built jar: the reference app's core, its template and the rule packs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceAppTest {
    private ReferenceApp ref;
    private TemplateQueries template;

    @BeforeAll
    void synthesize() throws Exception {
        ref = new ReferenceApp(tempDir());
        template = new TemplateQueries(Template.fromStack(ref.stack).toJSON());
    }

    @Test
    void queryRoleHoldsExactlyGetItemAndQuery() {
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:Query"), tableActionsOf(ref.query));
    }

    @Test
    void ingestRoleHoldsExactlyPutItem() {
        assertEquals(Set.of("dynamodb:PutItem"), tableActionsOf(ref.ingest));
    }

    @Test
    void noFunctionRoleHasAWildcardAction() {
        for (ScopedFunction function : List.of(ref.ingest, ref.query)) {
            Set<String> wild = actionsOf(function).stream()
                    .filter(action -> action.equals("*") || action.endsWith(":*"))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), wild, function.getNode().getPath());
        }
    }

    @Test
    void authorizerCachesDecisionsForTheConfiguredTtl() {
        List<Map<String, Object>> authorizers = template.propertiesOfType("AWS::ApiGateway::Authorizer");
        assertEquals(1, authorizers.size());
        assertEquals("REQUEST", authorizers.get(0).get("Type"));
        assertEquals(ReferenceApp.AUTHORIZER_CACHE_TTL_SECONDS,
                ((Number) authorizers.get(0).get("AuthorizerResultTtlInSeconds")).intValue());
    }

    @Test
    void everyRouteGoesThroughTheAuthorizer() {
        List<Map<String, Object>> routes = template.propertiesOfType("AWS::ApiGateway::Method").stream()
                .filter(method -> !"OPTIONS".equals(method.get("HttpMethod")))
                .collect(Collectors.toList());
        assertEquals(Set.of("GET", "POST"),
                routes.stream().map(method -> method.get("HttpMethod")).collect(Collectors.toSet()));
        routes.forEach(method -> assertEquals("CUSTOM", method.get("AuthorizationType"), method.toString()));
    }

    @Test
    void trailRecordsTheTableAndBothFunctions() {
        List<Object> arns = template.trailSelectorArns();
        for (IConstruct construct : List.of(ref.findings.getTable(), ref.ingest.getFunction(), ref.query.getFunction())) {
            String logicalId = logicalIdOf(construct.getNode().getDefaultChild());
            assertTrue(arns.contains(Map.of("Fn::GetAtt", List.of(logicalId, "Arn"))), logicalId + " not in " + arns);
        }
    }

    @Test
    void everyKeyRotates() {
        List<Map<String, Object>> keys = template.propertiesOfType("AWS::KMS::Key");
        assertEquals(3, keys.size(), "expected DATA, MESSAGING and AUDIT keys");
        keys.forEach(key -> assertEquals(true, key.get("EnableKeyRotation")));
    }

    @Test
    void keyForReturnsTheSameKeyEveryCall() {
        Object first = ref.stack.resolve(ref.keys.keyFor(KeyUse.DATA).getKeyArn());
        assertEquals(first, ref.stack.resolve(ref.keys.keyFor(KeyUse.DATA).getKeyArn()));
        assertNotEquals(first, ref.stack.resolve(ref.keys.keyFor(KeyUse.AUDIT).getKeyArn()));
    }

    @Test
    void libraryRulePackFindsNothing() {
        PolicyValidationPluginReport report = new SecureServerlessChecks().validateScope(ref.app);
        assertEquals(List.of(), findings(report));
        assertTrue(report.getSuccess());
    }

    @Test
    void awsSolutionsPackFindsNothing() {
        assertEquals(List.of(), findings(new AwsSolutionsChecks().validateScope(ref.app)));
    }

    @Test
    void freshAppSynthesizesWithBothPacksAsPlugins() throws Exception {
        // A new app: the first synthesis (Template.fromStack above) is cached and not validated again.
        ReferenceApp fresh = new ReferenceApp(tempDir());
        Validations.of(fresh.app).addPlugins(new AwsSolutionsChecks(fresh.app));
        fresh.app.synth();
    }

    @Test
    void wildcardGrantFailsSynthesisWithTheStatementNamed() throws Exception {
        App app = App.Builder.create().outdir(tempDir()).build();
        Stack stack = new Stack(app, "Wildcard");
        KeyPerUsePolicy keys = KeyPerUsePolicy.Builder.create(stack, "Keys").build();
        EncryptedTable table = EncryptedTable.Builder.create(stack, "Table")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .keys(keys)
                .build();
        ScopedFunction function = ScopedFunction.Builder.create(stack, "Fn")
                .code(Code.fromInline(ReferenceApp.HANDLER_CODE))
                .handler("index.handler")
                .keys(keys)
                .build();
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:*"))
                .resources(List.of(table.getTableArn()))
                .build());
        RuntimeException error = assertThrows(RuntimeException.class, app::synth);
        assertTrue(error.getMessage().contains("dynamodb:*"), error.getMessage());
    }

    private Set<String> actionsOf(ScopedFunction function) {
        return template.policyActions(logicalIdOf(function.getPolicy().getNode().getDefaultChild()));
    }

    private Set<String> tableActionsOf(ScopedFunction function) {
        return actionsOf(function).stream().filter(action -> action.startsWith("dynamodb:")).collect(Collectors.toSet());
    }

    private String logicalIdOf(IConstruct defaultChild) {
        return ref.stack.getLogicalId((CfnElement) defaultChild);
    }

    private static List<String> findings(PolicyValidationPluginReport report) {
        return report.getViolations().stream()
                .map(violation -> violation.getRuleName() + " @ " + violation.getViolatingResources().stream()
                        .map(resource -> resource.getConstructPath())
                        .collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private static String tempDir() throws Exception {
        return Files.createTempDirectory("cdk-java-smoke-").toString();
    }
}
