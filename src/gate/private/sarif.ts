import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ComplianceFinding, ComplianceReport } from '../compliance-report';

/**
 * The report as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format 2.1.0):
 * one run per pack, each with the pack's rules (help text and doc link) and its findings.
 * A finding is located in the user's CDK source when the assembly carries the resource's
 * creation trace, and always in its template at its logical id. An acknowledged finding is a
 * result with an accepted suppression (§3.35), which code scanning shows as dismissed.
 */
export function sarifReport(report: ComplianceReport): object {
  const lines = new TemplateLines();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: report.packs.map((pack) => {
      const rules = report.rules.filter((rule) => rule.pack === pack);
      return {
        tool: {
          driver: {
            name: `cdk-secure-serverless ${pack}`,
            informationUri: 'https://github.com/cdk-secure-serverless/cdk-secure-serverless',
            rules: rules.map((rule) => ({
              id: rule.rule,
              shortDescription: { text: rule.info },
              fullDescription: { text: rule.help },
              help: { text: rule.help },
              ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
              defaultConfiguration: { level: rule.level },
            })),
          },
        },
        results: report.findings.filter((finding) => finding.pack === pack).map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: rules.findIndex((rule) => rule.rule === finding.rule),
          level: finding.level,
          message: { text: `${finding.findingId}: ${finding.message} (${finding.constructPath})` },
          locations: locations(finding, lines),
          partialFingerprints: { 'findingId/v1': `${finding.stackName}/${finding.constructPath}/${finding.findingId}` },
          properties: { findingId: finding.findingId, stackName: finding.stackName, logicalId: finding.logicalId },
          ...(finding.acknowledgedReason !== undefined
            ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.acknowledgedReason }] }
            : {}),
        })),
      };
    }),
  };
}

function locations(finding: ComplianceFinding, lines: TemplateLines): object[] {
  const logicalLocations = [{ name: finding.logicalId, fullyQualifiedName: finding.constructPath, kind: 'resource' }];
  const template = {
    physicalLocation: {
      artifactLocation: { uri: uriOf(finding.templateFile) },
      region: { startLine: lines.lineOf(finding.templateFile, finding.logicalId) },
    },
    logicalLocations,
  };
  if (finding.sourceFile && finding.sourceLine) {
    const source = {
      physicalLocation: { artifactLocation: { uri: uriOf(finding.sourceFile) }, region: { startLine: finding.sourceLine } },
      logicalLocations,
    };
    return [source, template];
  }
  return [template];
}

/** A relative URI reference from the working directory (the repository root in a pipeline). */
function uriOf(file: string): string {
  return relative(process.cwd(), file).split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}

/** The line where a template declares a resource (CDK writes one key a line), read once per file. */
class TemplateLines {
  private readonly files = new Map<string, string[]>();

  public lineOf(file: string, logicalId: string): number {
    let lines = this.files.get(file);
    if (!lines) {
      lines = readFileSync(file, 'utf8').split('\n');
      this.files.set(file, lines);
    }
    const key = `${JSON.stringify(logicalId)}:`;
    const index = lines.findIndex((line) => line.trimStart().startsWith(key));
    return index >= 0 ? index + 1 : 1;
  }
}
