package bindings.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdksecureserverless.ApiAuthorization;
import io.github.cdksecureserverless.CertificateOuAuthorizationOptions;
import io.github.cdksecureserverless.KeyPerUsePolicy;
import io.github.cdksecureserverless.OuRouteMapping;
import io.github.cdksecureserverless.ScopedFunction;
import io.github.cdksecureserverless.SecureApi;
import io.github.cdksecureserverless.SecureApiDomainOptions;
import io.github.cdksecureserverless.TrustedIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.Bucket;

/** Issue 13 from Java: an issuer pinned by its CA certificate, a mapping trusting no issuer, and a revocation item. */
class CertificateTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pinnedCaCertificateReachesTheAuthorizerAsItsPublicKey() throws Exception {
        Path folder = Files.createTempDirectory("java-smoke-ca-");
        String pem = openssl(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", folder.resolve("ca.key").toString(), "-days", "30", "-subj", "/CN=Java Smoke CA/O=Example Corp");
        openssl(folder, "pkey", "-in", folder.resolve("ca.key").toString(), "-pubout", "-outform", "DER",
                "-out", folder.resolve("ca.spki").toString());
        String spki = Base64.getEncoder().encodeToString(Files.readAllBytes(folder.resolve("ca.spki")));

        Stack stack = certificateOuStack(List.of(TrustedIssuer.fromCertificatePem(pem)),
                List.of(OuRouteMapping.builder().ou("scanners").routes(List.of("POST /findings"))
                        .issuers(List.of(TrustedIssuer.fromCertificatePem(pem))).build()));

        Map<String, Object> authorizer = new TemplateQueries(Template.fromStack(stack).toJSON())
                .propertiesOfType("AWS::Lambda::Function").stream()
                .filter(f -> String.valueOf(f.get("Description")).startsWith("Certificate-OU authorizer"))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) authorizer.get("Environment")).get("Variables");
        assertEquals(List.of(Map.of("publicKey", spki)), JSON.readValue((String) variables.get("TRUSTED_ISSUERS"), List.class));
    }

    @Test
    void aMappingWithoutAnIssuerFailsSynthesisNamingTheOu() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> certificateOuStack(null,
                List.of(OuRouteMapping.builder().ou("scanners").routes(List.of("POST /findings")).build())));
        assertTrue(error.getMessage().contains("authorization.trustedIssuers: no issuer is trusted for the OU 'scanners'"), error.getMessage());
        assertTrue(error.getMessage().contains("Fix: name your CA: trustedIssuers: [TrustedIssuer.fromCertificatePem(caPem)]"), error.getMessage());
    }

    @Test
    void revocationItemKeysTheCertificateBySerialAndIssuer() throws Exception {
        // Keyed on the issuer's canonical DN, so this spelling and API Gateway's give one item.
        String item = SecureApi.revocationItem("c=US, o=Example Corp, cn=Example Private CA", "0a:bb:cc:01", "laptop stolen");
        assertEquals(Map.of(
                "certificate", Map.of("S", "ABBCC01/C=\"US\"\nCN=\"Example Private CA\"\nO=\"Example Corp\""),
                "reason", Map.of("S", "laptop stolen")), JSON.readValue(item, Map.class));
    }

    private static Stack certificateOuStack(List<TrustedIssuer> trustedIssuers, List<OuRouteMapping> mappings) throws Exception {
        App app = App.Builder.create().outdir(Files.createTempDirectory("cdk-java-smoke-").toString()).build();
        Stack stack = new Stack(app, "Issuers");
        KeyPerUsePolicy keys = KeyPerUsePolicy.Builder.create(stack, "Keys").build();
        ScopedFunction route = ScopedFunction.Builder.create(stack, "Route")
                .code(Code.fromInline(ReferenceApp.HANDLER_CODE)).handler("index.handler").keys(keys).build();
        SecureApi api = SecureApi.Builder.create(stack, "Api")
                .keys(keys)
                .authorization(ApiAuthorization.certificateOu(CertificateOuAuthorizationOptions.builder()
                        .trustedIssuers(trustedIssuers).mappings(mappings).build()))
                .domain(SecureApiDomainOptions.builder()
                        .domainName("findings.example.com")
                        .certificate(Certificate.fromCertificateArn(stack, "Cert", ReferenceApp.CERTIFICATE_ARN))
                        .truststoreBucket(Bucket.fromBucketName(stack, "Truststore", "findings-truststore"))
                        .truststoreKey("truststore.pem")
                        .build())
                .build();
        api.addRoute("POST", "/findings", route);
        return stack;
    }

    private static String openssl(Path folder, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "openssl " + String.join(" ", args));
        return output;
    }
}
