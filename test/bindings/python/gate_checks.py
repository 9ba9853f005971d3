"""The compliance gate from Python: the reference app, synthesized once with a planted wildcard
policy acknowledged until a past day, checked by ComplianceGate; its permission baseline written
and compared. Each check is a function; smoke_test.py runs them beside its own."""
import os
import tempfile

from aws_cdk import aws_iam as iam

from app import build_reference_app
from cdk_secure_serverless import Acknowledgements, ComplianceGate, FindingAcknowledgement

WILDCARD = "SecureServerless-IamPolicyNoFullWildcards[Resource::*]"


def _synthesized_with_planted_policy() -> str:
    outdir = tempfile.mkdtemp(prefix="cdk-python-gate-")
    ref = build_reference_app(outdir)
    role = iam.Role(ref.stack, "Auditor", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    planted = iam.Policy(
        ref.stack,
        "Planted",
        statements=[iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"])],
    )
    planted.attach_to_role(role)
    Acknowledgements.of(planted).acknowledge(
        FindingAcknowledgement(id=WILDCARD, reason="audit export, until the bucket exists", expires="2021-01-31", ticket="PY-1")
    )
    ref.app.synth()
    return outdir


ASSEMBLY = None


def _assembly() -> str:
    global ASSEMBLY
    if ASSEMBLY is None:
        ASSEMBLY = _synthesized_with_planted_policy()
    return ASSEMBLY


def gate_reports_the_expired_acknowledgement_as_the_one_error():
    report = ComplianceGate.check(assembly=_assembly(), packs=["SecureServerless"])
    errors = [f"{f.finding_id} @ {f.construct_path}" for f in report.findings if f.level == "error" and f.acknowledged_reason is None]
    assert errors == [f"{WILDCARD} @ Findings/Planted/Resource"], errors
    assert not report.passed and report.unacknowledged_errors == 1
    [ack] = [a for a in report.acknowledgements if a.finding_id == WILDCARD and a.construct_path == "Findings/Planted"]
    assert (ack.expired, ack.expires, ack.ticket, ack.used) == (True, "2021-01-31", "PY-1", True), ack
    assert "FAILED: 1 unacknowledged error(s)" in ComplianceGate.summary(report)


def gate_compares_the_permission_baseline():
    baseline = os.path.join(_assembly(), "iam-baseline.json")
    with open(baseline, "w", encoding="utf-8") as file:
        file.write(ComplianceGate.permission_baseline(_assembly()))
    report = ComplianceGate.check(assembly=_assembly(), packs=["SecureServerless"], baseline=baseline)
    assert report.baseline_compared and report.access_added == 0 and report.permission_changes == [], report.permission_changes
    granted = {(p.action, p.resource) for p in ComplianceGate.permissions(_assembly()) if p.principal == "AWS:${Findings/Auditor.Arn}"}
    assert granted == {("s3:GetObject", "*")}, granted


GATE_CHECKS = [gate_reports_the_expired_acknowledgement_as_the_one_error, gate_compares_the_permission_baseline]
