package bindings.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdksecureserverless.Acknowledgements;
import io.github.cdksecureserverless.ComplianceAcknowledgement;
import io.github.cdksecureserverless.ComplianceCheckOptions;
import io.github.cdksecureserverless.ComplianceGate;
import io.github.cdksecureserverless.ComplianceReport;
import io.github.cdksecureserverless.FindingAcknowledgement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The compliance gate from Java: the reference app, synthesized once with a planted wildcard policy
 * acknowledged until a past day, checked by ComplianceGate; its permission baseline written and compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceGateTest {
    private static final String WILDCARD = "SecureServerless-IamPolicyNoFullWildcards[Resource::*]";
    private String assembly;

    @BeforeAll
    void synthesize() throws Exception {
        assembly = Files.createTempDirectory("cdk-java-gate-").toString();
        ReferenceApp ref = new ReferenceApp(assembly);
        Role role = Role.Builder.create(ref.stack, "Auditor").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        Policy planted = Policy.Builder.create(ref.stack, "Planted")
                .statements(List.of(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build()))
                .build();
        planted.attachToRole(role);
        Acknowledgements.of(planted).acknowledge(FindingAcknowledgement.builder()
                .id(WILDCARD).reason("audit export, until the bucket exists").expires("2021-01-31").ticket("JAVA-1").build());
        ref.app.synth();
    }

    @Test
    void theExpiredAcknowledgementIsTheOneError() {
        ComplianceReport report = ComplianceGate.check(ComplianceCheckOptions.builder().assembly(assembly).packs(List.of("SecureServerless")).build());
        List<String> errors = report.getFindings().stream()
                .filter(f -> "error".equals(f.getLevel()) && f.getAcknowledgedReason() == null)
                .map(f -> f.getFindingId() + " @ " + f.getConstructPath())
                .collect(Collectors.toList());
        assertEquals(List.of(WILDCARD + " @ Findings/Planted/Resource"), errors);
        assertFalse(report.getPassed());
        ComplianceAcknowledgement ack = report.getAcknowledgements().stream()
                .filter(a -> WILDCARD.equals(a.getFindingId()) && "Findings/Planted".equals(a.getConstructPath()))
                .findFirst().orElseThrow();
        assertTrue(ack.getExpired());
        assertEquals("2021-01-31", ack.getExpires());
        assertEquals("JAVA-1", ack.getTicket());
    }

    @Test
    void thePermissionBaselineRoundTrips() throws Exception {
        Path baseline = Path.of(assembly, "iam-baseline.json");
        Files.writeString(baseline, ComplianceGate.permissionBaseline(assembly));
        ComplianceReport report = ComplianceGate.check(ComplianceCheckOptions.builder()
                .assembly(assembly).packs(List.of("SecureServerless")).baseline(baseline.toString()).build());
        assertTrue(report.getBaselineCompared());
        assertEquals(0, report.getAccessAdded().intValue());
        assertEquals(List.of(), report.getPermissionChanges());
        List<String> granted = ComplianceGate.permissions(assembly).stream()
                .filter(p -> "AWS:${Findings/Auditor.Arn}".equals(p.getPrincipal()))
                .map(p -> p.getAction() + " " + p.getResource())
                .collect(Collectors.toList());
        assertEquals(List.of("s3:GetObject *"), granted);
    }
}
