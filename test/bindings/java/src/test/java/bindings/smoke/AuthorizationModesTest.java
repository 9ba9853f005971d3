package bindings.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cdksecureserverless.ApiAuthorization;
import io.github.cdksecureserverless.KeyPerUsePolicy;
import io.github.cdksecureserverless.LambdaAuthorizationOptions;
import io.github.cdksecureserverless.ScopedFunction;
import io.github.cdksecureserverless.SecureApi;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/** The IAM and Lambda authorization modes, built from Java. */
class AuthorizationModesTest {

    @Test
    void iamMode() throws Exception {
        assertEquals(List.of("AWS_IAM"), routeAuthorizationTypes(authorizer -> ApiAuthorization.iam()));
    }

    @Test
    void lambdaMode() throws Exception {
        assertEquals(List.of("CUSTOM"), routeAuthorizationTypes(authorizer -> ApiAuthorization.lambdaAuthorizer(
                LambdaAuthorizationOptions.builder()
                        .handler(authorizer.getFunction())
                        .identitySources(List.of("method.request.header.Authorization"))
                        .build())));
    }

    /** The AuthorizationType of each method of a one-route API built with the given mode. */
    private static List<Object> routeAuthorizationTypes(Function<ScopedFunction, ApiAuthorization> mode)
            throws Exception {
        App app = App.Builder.create().outdir(Files.createTempDirectory("cdk-java-smoke-").toString()).build();
        Stack stack = new Stack(app, "Modes");
        KeyPerUsePolicy keys = KeyPerUsePolicy.Builder.create(stack, "Keys").build();
        ScopedFunction route = function(stack, "Route", keys);
        SecureApi api = SecureApi.Builder.create(stack, "Api")
                .keys(keys)
                .authorization(mode.apply(function(stack, "Authorizer", keys)))
                .build();
        api.addRoute("GET", "/things", route);
        return new TemplateQueries(Template.fromStack(stack).toJSON())
                .propertiesOfType("AWS::ApiGateway::Method").stream()
                .filter(method -> "GET".equals(method.get("HttpMethod")))
                .map(method -> method.get("AuthorizationType"))
                .collect(Collectors.toList());
    }

    private static ScopedFunction function(Stack stack, String id, KeyPerUsePolicy keys) {
        return ScopedFunction.Builder.create(stack, id)
                .code(Code.fromInline(ReferenceApp.HANDLER_CODE))
                .handler("index.handler")
                .keys(keys)
                .build();
    }
}
