"""The reference app's core, written as a Python user would write it against the built wheel.

It mirrors shared/design/reference-app.ts: keys per use, the findings table, the ingest and
query functions with exact grants, the API with certificate-OU authorization over mutual TLS,
the audit trail with data events, and the library's rule pack beside cdk-nag's.
"""
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3

from cdk_secure_serverless import (
    ApiAuthorization,
    AuditTrail,
    EncryptedTable,
    KeyPerUsePolicy,
    ScopedFunction,
    SecureApi,
    SecureApiDomainOptions,
    SecureServerlessChecks,
    TrustedIssuer,
)

AUTHORIZER_CACHE_TTL_SECONDS = 300
HANDLER_CODE = "exports.handler = async () => ({ statusCode: 200, body: '{}' });"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000"
)


@dataclass
class ReferenceApp:
    app: cdk.App
    stack: cdk.Stack
    keys: KeyPerUsePolicy
    findings: EncryptedTable
    ingest: ScopedFunction
    query: ScopedFunction
    api: SecureApi
    trail: AuditTrail


def build_reference_app(outdir: str) -> ReferenceApp:
    app = cdk.App(outdir=outdir)
    stack = cdk.Stack(
        app, "Findings", env=cdk.Environment(account="111111111111", region="us-east-1")
    )

    admins = iam.Role.from_role_name(stack, "KeyAdmins", "security-key-admins")
    keys = KeyPerUsePolicy(stack, "Keys", admin_roles=[admins])

    findings = EncryptedTable(
        stack,
        "FindingsTable",
        partition_key=dynamodb.Attribute(name="orgId", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="findingId", type=dynamodb.AttributeType.STRING),
        keys=keys,
    )

    ingest = _function(stack, "Ingest", keys, findings)
    findings.grant_actions(ingest, "dynamodb:PutItem")
    query = _function(stack, "Query", keys, findings)
    findings.grant_actions(query, "dynamodb:GetItem", "dynamodb:Query")

    api = SecureApi(
        stack,
        "Api",
        keys=keys,
        authorization=ApiAuthorization.certificate_ou(
            cache_ttl_seconds=AUTHORIZER_CACHE_TTL_SECONDS,
            trusted_issuers=[TrustedIssuer.from_distinguished_name("CN=Example Private CA,O=Example Corp,C=US")],
        ),
        domain=SecureApiDomainOptions(
            domain_name="findings.example.com",
            certificate=acm.Certificate.from_certificate_arn(stack, "Cert", CERTIFICATE_ARN),
            truststore_bucket=s3.Bucket.from_bucket_name(
                stack, "Truststore", "findings-truststore"
            ),
            truststore_key="truststore.pem",
            # Pinned, as the library pack's ApiGwTruststoreVersionPinned asks of an imported truststore.
            truststore_version="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        ),
        allowed_source_cidrs=["203.0.113.0/24"],
        throttle={"rate_limit": 50, "burst_limit": 100},
    )
    api.add_route("POST", "/findings", ingest, request_schema=_finding_schema())
    api.add_route("GET", "/findings/{orgId}", query)

    trail = AuditTrail(stack, "Audit", keys=keys)
    trail.add_data_events(findings, ingest, query)
    # The API's own table and functions hold or touch data too: the library's pack checks it.
    api_parts = [api.mapping_table, api.revocation_table, api.authorizer_function, api.mapping_writer_function]
    trail.add_data_events(*[part for part in api_parts if part is not None])

    cdk.Validations.of(app).add_plugins(SecureServerlessChecks(app))
    return ReferenceApp(app, stack, keys, findings, ingest, query, api, trail)


def _function(stack, name, keys, findings) -> ScopedFunction:
    return ScopedFunction(
        stack,
        name,
        code=lambda_.Code.from_inline(HANDLER_CODE),
        handler="index.handler",
        keys=keys,
        environment={"TABLE_NAME": findings.table_name},
    )


def _finding_schema() -> apigw.JsonSchema:
    string = apigw.JsonSchemaType.STRING
    return apigw.JsonSchema(
        type=apigw.JsonSchemaType.OBJECT,
        required=["orgId", "findingId", "severity"],
        properties={
            "orgId": apigw.JsonSchema(type=string, max_length=64),
            "findingId": apigw.JsonSchema(type=string, max_length=128),
            "severity": apigw.JsonSchema(
                type=string, enum=["LOW", "MEDIUM", "HIGH", "CRITICAL"]
            ),
        },
    )
