/** Self time of a V8 `.cpuprofile`, grouped by the package or source folder the code came from. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly url: string; readonly functionName: string };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface SelfTime {
  readonly group: string;
  readonly millis: number;
  readonly share: number;
}

export function selfTimeByGroup(file: string, top = 10): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const groupOf = new Map(profile.nodes.map((node) => [node.id, groupFor(node.callFrame.url, node.callFrame.functionName)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const group = groupOf.get(id) ?? '(unknown)';
    totals.set(group, (totals.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([group, millis]) => ({ group, millis: Math.round(millis), share: Math.round((millis / all) * 1000) / 10 }));
}

/** `aws-cdk-lib/aws-iam`, `cdk-nag/rules`, `src/secure-api`, `(garbage collector)`... */
function groupFor(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const modules = url.split('node_modules/');
  if (modules.length > 1) {
    const parts = modules[modules.length - 1].split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    const rest = parts.slice(parts[0].startsWith('@') ? 2 : 1).filter((part) => part !== 'lib');
    return rest.length > 1 ? `${name}/${rest[0]}` : name;
  }
  const built = url.split('bench-build/')[1];
  if (built) {
    const parts = built.split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return url.startsWith('node:') ? 'node (built-in modules)' : url;
}
