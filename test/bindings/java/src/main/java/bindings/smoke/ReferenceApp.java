package bindings.smoke;

import io.github.cdksecureserverless.ApiAuthorization;
import io.github.cdksecureserverless.AuditTrail;
import io.github.cdksecureserverless.CertificateOuAuthorizationOptions;
import io.github.cdksecureserverless.EncryptedTable;
import io.github.cdksecureserverless.KeyPerUsePolicy;
import io.github.cdksecureserverless.RouteOptions;
import io.github.cdksecureserverless.ScopedFunction;
import io.github.cdksecureserverless.SecureApi;
import io.github.cdksecureserverless.SecureApiDomainOptions;
import io.github.cdksecureserverless.SecureServerlessChecks;
import io.github.cdksecureserverless.ThrottleSettings;
import io.github.cdksecureserverless.TrustedIssuer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.IConstruct;

/**
 * The reference app's core, written as a Java user would write it against the built jar: keys per
 * use, the findings table, the ingest and query functions with exact grants, the API with
 * certificate-OU authorization over mutual TLS, the audit trail and the library's rule pack.
 */
public final class ReferenceApp {
    public static final int AUTHORIZER_CACHE_TTL_SECONDS = 300;
    public static final String HANDLER_CODE =
            "exports.handler = async () => ({ statusCode: 200, body: '{}' });";
    public static final String CERTIFICATE_ARN =
            "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000";

    public final App app;
    public final Stack stack;
    public final KeyPerUsePolicy keys;
    public final EncryptedTable findings;
    public final ScopedFunction ingest;
    public final ScopedFunction query;
    public final SecureApi api;
    public final AuditTrail trail;

    public ReferenceApp(String outdir) {
        app = App.Builder.create().outdir(outdir).build();
        stack = new Stack(app, "Findings", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("us-east-1").build())
                .build());

        keys = KeyPerUsePolicy.Builder.create(stack, "Keys")
                .adminRoles(List.of(Role.fromRoleName(stack, "KeyAdmins", "security-key-admins")))
                .build();

        findings = EncryptedTable.Builder.create(stack, "FindingsTable")
                .partitionKey(Attribute.builder().name("orgId").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("findingId").type(AttributeType.STRING).build())
                .keys(keys)
                .build();

        ingest = function("Ingest");
        findings.grantActions(ingest, "dynamodb:PutItem");
        query = function("Query");
        findings.grantActions(query, "dynamodb:GetItem", "dynamodb:Query");

        api = SecureApi.Builder.create(stack, "Api")
                .keys(keys)
                .authorization(ApiAuthorization.certificateOu(CertificateOuAuthorizationOptions.builder()
                        .cacheTtlSeconds(AUTHORIZER_CACHE_TTL_SECONDS)
                        .trustedIssuers(List.of(TrustedIssuer.fromDistinguishedName("CN=Example Private CA,O=Example Corp,C=US")))
                        .build()))
                .domain(SecureApiDomainOptions.builder()
                        .domainName("findings.example.com")
                        .certificate(Certificate.fromCertificateArn(stack, "Cert", CERTIFICATE_ARN))
                        .truststoreBucket(Bucket.fromBucketName(stack, "Truststore", "findings-truststore"))
                        .truststoreKey("truststore.pem")
                        // Pinned, as the library pack's ApiGwTruststoreVersionPinned asks of an imported truststore.
                        .truststoreVersion("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
                        .build())
                .allowedSourceCidrs(List.of("203.0.113.0/24"))
                .throttle(ThrottleSettings.builder().rateLimit(50).burstLimit(100).build())
                .build();
        api.addRoute("POST", "/findings", ingest, RouteOptions.builder().requestSchema(findingSchema()).build());
        api.addRoute("GET", "/findings/{orgId}", query);

        trail = AuditTrail.Builder.create(stack, "Audit").keys(keys).build();
        trail.addDataEvents(findings, ingest, query);
        // The API's own table and functions hold or touch data too: the library's pack checks it.
        Stream.of(api.getMappingTable(), api.getRevocationTable(), api.getAuthorizerFunction(), api.getMappingWriterFunction())
                .filter(part -> part != null)
                .forEach(part -> trail.addDataEvents((IConstruct) part));

        Validations.of(app).addPlugins(new SecureServerlessChecks(app));
    }

    private ScopedFunction function(String id) {
        return ScopedFunction.Builder.create(stack, id)
                .code(Code.fromInline(HANDLER_CODE))
                .handler("index.handler")
                .keys(keys)
                .environment(Map.of("TABLE_NAME", findings.getTableName()))
                .build();
    }

    private static JsonSchema findingSchema() {
        return JsonSchema.builder()
                .type(JsonSchemaType.OBJECT)
                .required(List.of("orgId", "findingId", "severity"))
                .properties(Map.of(
                        "orgId", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(64).build(),
                        "findingId", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(128).build(),
                        "severity", JsonSchema.builder().type(JsonSchemaType.STRING)
                                .enumValue(List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")).build()))
                .build();
    }
}
