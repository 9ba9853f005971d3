import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

/** What the corpus directory holds: CloudFormation-looking files and CDK app directories. */
export interface CorpusSources {
  /** Files that look like CloudFormation templates (a top-level `Resources` section). */
  readonly templates: CorpusTemplate[];
  /** Directories with a `cdk.json` (a CDK app). */
  readonly apps: string[];
}

export interface CorpusTemplate {
  readonly path: string;
  /** Relative to the corpus directory: how the results name it. */
  readonly id: string;
  readonly format: 'json' | 'yaml';
  /** A SAM template (`Transform: AWS::Serverless-2016-10-31`): needs the transform first. */
  readonly sam: boolean;
}

const TEMPLATE_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'cdk.out', '.git', 'dist']);

/** Walks the corpus directory; a CDK app's own files are not read as templates. */
export function findSources(root: string): CorpusSources {
  const templates: CorpusTemplate[] = [];
  const apps: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    if (entries.includes('cdk.json')) {
      apps.push(dir);
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry)) walk(path);
      } else if (TEMPLATE_EXTENSIONS.has(extname(entry).toLowerCase())) {
        const template = asTemplate(root, path);
        if (template) templates.push(template);
      }
    }
  };
  walk(root);
  return { templates, apps };
}

function asTemplate(root: string, path: string): CorpusTemplate | undefined {
  const text = readFileSync(path, 'utf8');
  const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  const hasResources = format === 'json' ? /"Resources"\s*:/.test(text) : /^Resources\s*:/m.test(text);
  if (!hasResources) return undefined;
  return { path, id: relative(root, path), format, sam: /AWS::Serverless-2016-10-31/.test(text) };
}
