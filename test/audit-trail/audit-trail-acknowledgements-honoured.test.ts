import { IConstruct } from 'constructs';
import { defaultTrail } from './fixtures';
import { SecureServerlessChecks } from '../../src/nag';
import { allNagPacks, nagFindings } from '../support/nag';

// Records what AuditTrail asks to acknowledge instead of acknowledging it, so the findings the
// acknowledgements would hide stay visible.
const requested: { path: string; id: string }[] = [];
jest.mock('../../src/private/acknowledge', () => ({
  acknowledgeFinding: (scope: IConstruct, id: string) => requested.push({ path: scope.node.path, id }),
}));

test('every acknowledgement hides a real finding on its own resource, and nothing else is hidden', () => {
  const { stack } = defaultTrail();
  const own = requested.filter((request) => request.path.startsWith('Test/Audit/'));
  const findings = nagFindings(stack, [...allNagPacks(), new SecureServerlessChecks()])
    .filter((finding) => finding.path.startsWith('Test/Audit/'));

  const asLines = (items: { path: string; id: string }[]) => items.map((item) => `${item.id} @ ${item.path}`).sort();
  const findingsOnTheirAcknowledgedResource = findings.map((finding) => {
    const owner = own.find((request) => request.id === finding.rule && `${finding.path}/`.startsWith(`${request.path}/`));
    return { id: finding.rule, path: owner?.path ?? `${finding.path} (not acknowledged)` };
  });
  expect(asLines(findingsOnTheirAcknowledgedResource)).toEqual(asLines(own));
  expect(own.length).toBeGreaterThan(0);
});
