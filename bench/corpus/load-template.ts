import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

const scratch = mkdtempSync(join(tmpdir(), 'corpus-'));
let copies = 0;

/**
 * Loads a template into a fresh stack with cloudformation-include, as a user migrating it would.
 * CfnInclude picks its parser by the file's extension (JSON or YAML with the short-form tags), so a
 * `.template` file is read through a copy with the extension its contents call for.
 */
export function includeTemplate(path: string, format: 'json' | 'yaml'): Stack {
  const wanted = format === 'json' ? '.json' : '.yaml';
  const ext = extname(path).toLowerCase();
  const matches = format === 'json' ? ext === '.json' : ext === '.yaml' || ext === '.yml';
  const file = matches ? path : join(scratch, `${copies++}${wanted}`);
  if (!matches) copyFileSync(path, file);
  const stack = new Stack(new App(), 'Corpus', { env: { account: '123456789012', region: 'us-east-1' } });
  new CfnInclude(stack, 'Template', { templateFile: file });
  return stack;
}

/** The CloudFormation resources a pack walks in a tree. */
export function cfnResources(stack: Stack): CfnResource[] {
  return stack.node.findAll().filter(CfnResource.isCfnResource);
}
