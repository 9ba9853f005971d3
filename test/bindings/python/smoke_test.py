"""Python smoke test of the built wheel: synthesizes the reference app's core and checks the
template and the rule packs. Prints one line per check and 'N passed, N failed'; exits non-zero
when a check fails."""
import base64
import json
import os
import subprocess
import sys
import tempfile
import traceback

import aws_cdk as cdk
from aws_cdk import assertions
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from cdk_nag import AwsSolutionsChecks

from app import AUTHORIZER_CACHE_TTL_SECONDS, CERTIFICATE_ARN, HANDLER_CODE, build_reference_app
from cdk_secure_serverless import (
    ApiAuthorization,
    EncryptedTable,
    KeyPerUsePolicy,
    KeyUse,
    OuRouteMapping,
    ScopedFunction,
    SecureApi,
    SecureApiDomainOptions,
    SecureServerlessChecks,
    TrustedIssuer,
)
from template_queries import (
    actions_of,
    resources_of_type,
    statements_of_policy,
    trail_selector_arns,
)

CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


ref = build_reference_app(tempfile.mkdtemp(prefix="cdk-python-smoke-"))
template = assertions.Template.from_stack(ref.stack).to_json()


def error_message(make, what: str) -> str:
    """The message of the error `make()` raises (jsii raises the JavaScript error as a Python exception)."""
    try:
        make()
    except Exception as error:
        return str(error)
    raise AssertionError(f"{what} was accepted")


def policy_of(function: ScopedFunction):
    return statements_of_policy(template, ref.stack.get_logical_id(function.policy.node.default_child))


def table_actions_of(function: ScopedFunction):
    return {action for action in actions_of(policy_of(function)) if action.startswith("dynamodb:")}


@check
def query_role_holds_exactly_get_item_and_query():
    assert table_actions_of(ref.query) == {"dynamodb:GetItem", "dynamodb:Query"}, table_actions_of(ref.query)


@check
def ingest_role_holds_exactly_put_item():
    assert table_actions_of(ref.ingest) == {"dynamodb:PutItem"}, table_actions_of(ref.ingest)


@check
def no_function_role_has_a_wildcard_action():
    for function in (ref.ingest, ref.query):
        wild = [a for a in actions_of(policy_of(function)) if a == "*" or a.endswith(":*")]
        assert not wild, f"{function.node.path}: {wild}"


@check
def authorizer_caches_decisions_for_the_configured_ttl():
    authorizers = resources_of_type(template, "AWS::ApiGateway::Authorizer")
    assert len(authorizers) == 1, authorizers
    props = authorizers[0]["Properties"]
    assert props["Type"] == "REQUEST", props["Type"]
    assert props["AuthorizerResultTtlInSeconds"] == AUTHORIZER_CACHE_TTL_SECONDS, props


@check
def every_route_goes_through_the_authorizer():
    methods = [m["Properties"] for m in resources_of_type(template, "AWS::ApiGateway::Method")]
    routes = [m for m in methods if m["HttpMethod"] != "OPTIONS"]
    assert {m["HttpMethod"] for m in routes} == {"GET", "POST"}, routes
    assert all(m["AuthorizationType"] == "CUSTOM" for m in routes), routes


@check
def trail_records_the_table_and_both_functions():
    arns = trail_selector_arns(template)
    for construct in (ref.findings.table, ref.ingest.function, ref.query.function):
        logical_id = ref.stack.get_logical_id(construct.node.default_child)
        assert {"Fn::GetAtt": [logical_id, "Arn"]} in arns, f"{logical_id} not in {arns}"


@check
def every_key_rotates():
    keys = resources_of_type(template, "AWS::KMS::Key")
    assert len(keys) == 3, f"expected DATA, MESSAGING and AUDIT keys, got {len(keys)}"
    assert all(k["Properties"]["EnableKeyRotation"] is True for k in keys)


@check
def key_for_returns_the_same_key_every_call():
    first = ref.stack.resolve(ref.keys.key_for(KeyUse.DATA).key_arn)
    assert first == ref.stack.resolve(ref.keys.key_for(KeyUse.DATA).key_arn)
    assert first != ref.stack.resolve(ref.keys.key_for(KeyUse.AUDIT).key_arn)


@check
def library_rule_pack_finds_nothing():
    report = SecureServerlessChecks().validate_scope(ref.app)
    found = [f"{v.rule_name} @ {[r.construct_path for r in v.violating_resources]}" for v in report.violations]
    assert report.success and not found, found


@check
def aws_solutions_pack_finds_nothing():
    report = AwsSolutionsChecks().validate_scope(ref.app)
    found = [f"{v.rule_name} @ {[r.construct_path for r in v.violating_resources]}" for v in report.violations]
    assert not found, found


@check
def fresh_app_synthesizes_with_both_packs_as_plugins():
    # A new app: the first synthesis (Template.from_stack above) is cached and not validated again.
    fresh = build_reference_app(tempfile.mkdtemp(prefix="cdk-python-smoke-"))
    cdk.Validations.of(fresh.app).add_plugins(AwsSolutionsChecks(fresh.app))
    fresh.app.synth()


@check
def wildcard_grant_fails_synthesis_with_the_statement_named():
    app = cdk.App(outdir=tempfile.mkdtemp(prefix="cdk-python-smoke-"))
    stack = cdk.Stack(app, "Wildcard")
    keys = KeyPerUsePolicy(stack, "Keys")
    table = EncryptedTable(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        keys=keys,
    )
    function = ScopedFunction(
        stack, "Fn", code=lambda_.Code.from_inline(HANDLER_CODE), handler="index.handler", keys=keys
    )
    function.add_to_role_policy(
        iam.PolicyStatement(actions=["dynamodb:*"], resources=[table.table_arn])
    )
    message = error_message(app.synth, "a dynamodb:* statement")
    assert "dynamodb:*" in message, message


def route_authorization_types(authorization_for) -> list:
    """The AuthorizationType of each method of a one-route API built with the given mode."""
    app = cdk.App(outdir=tempfile.mkdtemp(prefix="cdk-python-smoke-"))
    stack = cdk.Stack(app, "Modes")
    keys = KeyPerUsePolicy(stack, "Keys")
    code = lambda_.Code.from_inline(HANDLER_CODE)
    route = ScopedFunction(stack, "Route", code=code, handler="index.handler", keys=keys)
    authorizer = ScopedFunction(stack, "Authorizer", code=code, handler="index.handler", keys=keys)
    api = SecureApi(stack, "Api", keys=keys, authorization=authorization_for(authorizer))
    api.add_route("GET", "/things", route)
    methods = resources_of_type(assertions.Template.from_stack(stack).to_json(), "AWS::ApiGateway::Method")
    return [m["Properties"]["AuthorizationType"] for m in methods if m["Properties"]["HttpMethod"] == "GET"]


@check
def iam_authorization_mode_from_python():
    assert route_authorization_types(lambda _: ApiAuthorization.iam()) == ["AWS_IAM"]


@check
def lambda_authorization_mode_from_python():
    # Named lambda_authorizer, not lambda: `lambda` is reserved in Python.
    def lambda_mode(authorizer):
        return ApiAuthorization.lambda_authorizer(
            handler=authorizer.function, identity_sources=["method.request.header.Authorization"]
        )

    assert route_authorization_types(lambda_mode) == ["CUSTOM"]


@check
def a_python_subclass_of_api_authorization_is_refused():
    # ApiAuthorization's constructor is protected, so Python can subclass it; a SecureApi must
    # refuse such a mode with its coded error (jsii carries no _bind to the subclass).
    class MyAuthorization(ApiAuthorization):
        def __init__(self) -> None:
            super().__init__("mine")

    message = error_message(lambda: route_authorization_types(lambda _: MyAuthorization()), "a subclass of ApiAuthorization made in Python")
    assert "authorization: it is not one of the modes ApiAuthorization's factories make" in message, message
    assert "(SecureApi.UnknownAuthorization)" in message, message


def ca_certificate_and_key() -> tuple:
    """A CA certificate made by openssl, and its public key (SubjectPublicKeyInfo DER, base64) as openssl exports it."""
    folder = tempfile.mkdtemp(prefix="python-smoke-ca-")
    key = os.path.join(folder, "ca.key")
    pem = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", key, "-days", "30", "-subj", "/CN=Python Smoke CA/O=Example Corp"],
        check=True, capture_output=True, text=True,
    ).stdout
    spki = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
    return pem, base64.b64encode(spki).decode()


def certificate_ou_stack(trusted_issuers, mappings):
    """A one-route certificate-OU API; returns (stack, api)."""
    app = cdk.App(outdir=tempfile.mkdtemp(prefix="cdk-python-smoke-"))
    stack = cdk.Stack(app, "Issuers")
    keys = KeyPerUsePolicy(stack, "Keys")
    route = ScopedFunction(stack, "Route", code=lambda_.Code.from_inline(HANDLER_CODE), handler="index.handler", keys=keys)
    api = SecureApi(
        stack, "Api", keys=keys,
        authorization=ApiAuthorization.certificate_ou(trusted_issuers=trusted_issuers, mappings=mappings),
        domain=SecureApiDomainOptions(
            domain_name="findings.example.com",
            certificate=acm.Certificate.from_certificate_arn(stack, "Cert", CERTIFICATE_ARN),
            truststore_bucket=s3.Bucket.from_bucket_name(stack, "Truststore", "findings-truststore"),
            truststore_key="truststore.pem",
        ),
    )
    api.add_route("POST", "/findings", route)
    return stack, api


@check
def pinned_ca_certificate_reaches_the_authorizer_as_its_public_key():
    pem, spki = ca_certificate_and_key()
    stack, api = certificate_ou_stack(
        [TrustedIssuer.from_certificate_pem(pem)],
        [OuRouteMapping(ou="scanners", routes=["POST /findings"], issuers=[TrustedIssuer.from_certificate_pem(pem)])],
    )
    functions = resources_of_type(assertions.Template.from_stack(stack).to_json(), "AWS::Lambda::Function")
    authorizer = [f for f in functions if f["Properties"].get("Description", "").startswith("Certificate-OU authorizer")]
    assert len(authorizer) == 1, functions
    trusted = json.loads(authorizer[0]["Properties"]["Environment"]["Variables"]["TRUSTED_ISSUERS"])
    assert trusted == [{"publicKey": spki}], trusted
    item = json.loads(api.ou_mapping_items()[0])
    assert item["issuers"] == {"L": [{"M": {"publicKey": {"S": spki}}}]}, item


@check
def a_mapping_without_an_issuer_fails_synthesis_naming_the_ou():
    message = error_message(lambda: certificate_ou_stack(None, [OuRouteMapping(ou="scanners", routes=["POST /findings"])]),
                            "a mapping that trusts no issuer")
    assert "authorization.trustedIssuers: no issuer is trusted for the OU 'scanners'" in message, message
    assert "Fix: name your CA: trustedIssuers: [TrustedIssuer.fromCertificatePem(caPem)]" in message, message


@check
def revocation_item_keys_the_certificate_by_serial_and_issuer():
    # Keyed on the issuer's canonical DN, so this spelling and API Gateway's give one item.
    item = json.loads(SecureApi.revocation_item("c=US, o=Example Corp, cn=Example Private CA", "0a:bb:cc:01", "laptop stolen"))
    assert item == {
        "certificate": {"S": 'ABBCC01/C="US"\nCN="Example Private CA"\nO="Example Corp"'},
        "reason": {"S": "laptop stolen"},
    }, item


def main() -> int:
    from gate_checks import GATE_CHECKS  # the compliance gate's checks, kept in their own file

    CHECKS.extend(GATE_CHECKS)
    failed = 0
    for function in CHECKS:
        try:
            function()
            print(f"PASS {function.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {function.__name__}")
            traceback.print_exc(limit=3)
    print(f"python: {len(CHECKS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
