import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidPropError } from '../../private/errors';

/** One construct-metadata entry of a stack artifact in a cloud assembly's manifest.json. */
export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
  readonly trace?: string[];
}

/** A stack template to check, with what the assembly recorded about its constructs. */
export interface StackTemplate {
  /** The stack's display name (its artifact id, or the file name of a lone template). */
  readonly stackName: string;
  /** The template file, as given or as found in the assembly. */
  readonly templateFile: string;
  readonly template: Record<string, any>;
  /**
   * Construct path (leading `/`) → its metadata entries; empty for a lone template. A nested
   * stack's constructs are recorded in its parent's stack artifact, so a nested template shares
   * its parent's.
   */
  readonly metadata: Record<string, MetadataEntry[]>;
  /** The template of the stack this one is nested in (an `AWS::CloudFormation::Stack` resource of it). */
  readonly parentTemplateFile?: string;
  /** The values a parent passes to this nested stack's parameters (its resource's `Parameters`), as the parent writes them. */
  readonly parentParameters?: Record<string, unknown>;
  /**
   * Logical id → construct path (no leading `/`) of each resource: its `aws:cdk:path` template
   * metadata (on when the CDK CLI synthesizes), else the path whose `aws:cdk:logicalId` construct
   * metadata names it within this stack (not within a stack nested in it).
   */
  readonly constructPaths: Map<string, string>;
}

/**
 * The stack templates of a cloud assembly directory (every `aws:cloudformation:stack` artifact
 * of its manifest.json, and those of nested assemblies such as Stages, each followed by the
 * templates of its nested stacks), or one template file.
 */
export function readStackTemplates(path: string): StackTemplate[] {
  if (!existsSync(path)) {
    throw new InvalidPropError('ComplianceGate.AssemblyNotFound', undefined, 'assembly', `${path} does not exist`,
      'give a cloud assembly directory (cdk.out) or a template file');
  }
  if (statSync(path).isDirectory()) {
    return assemblyTemplates(path);
  }
  const template = readJson(path);
  return [{
    stackName: basename(path).replace(/\.template\.json$|\.json$/, ''), templateFile: path, template, metadata: {}, constructPaths: constructPaths(template, {}, ''),
  }];
}

function assemblyTemplates(dir: string): StackTemplate[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new InvalidPropError('ComplianceGate.NotACloudAssembly', undefined, 'assembly', `${dir} has no manifest.json, so it is not a cloud assembly`,
      'run cdk synth first, and give its output directory (cdk.out) or a template file');
  }
  const manifest = readJson(manifestFile);
  const assetFiles = nestedTemplateAssets(dir, manifest);
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = join(dir, artifact.properties.templateFile);
      const template = readJson(templateFile);
      const metadata = stackMetadata(dir, artifact);
      const stackName = artifact.displayName ?? id;
      const stack: StackTemplate = { stackName, templateFile, template, metadata, constructPaths: constructPaths(template, metadata, `/${stackName}`) };
      stacks.push(stack, ...nestedStacks(dir, stack, assetFiles));
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...assemblyTemplates(join(dir, artifact.properties.directoryName)));
    }
  }
  if (stacks.length === 0) {
    throw new InvalidPropError('ComplianceGate.NoStacks', undefined, 'assembly', `${manifestFile} lists no stacks`,
      'synthesize an app with at least one stack, or give a template file');
  }
  return stacks;
}

/**
 * The templates of a stack's nested stacks, depth first. A nested stack is an
 * `AWS::CloudFormation::Stack` resource whose template CDK writes into the assembly as a file
 * asset (`<Parent><Id><hash>.nested.template.json`): the resource's `aws:asset:path` metadata
 * names the file when the CDK CLI synthesized the app (asset metadata on), else the object key
 * at the end of its TemplateURL is the asset's, which the stack's asset manifest maps to the file.
 */
function nestedStacks(dir: string, parent: StackTemplate, assetFiles: Map<string, string>): StackTemplate[] {
  const nested: StackTemplate[] = [];
  for (const [logicalId, resource] of Object.entries<any>(parent.template.Resources ?? {})) {
    if (resource?.Type !== 'AWS::CloudFormation::Stack') {
      continue;
    }
    const assetPath = resource.Metadata?.['aws:asset:path'];
    const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
    const objectKey = /([0-9a-f]{64}\.json)"/.exec(url)?.[1];
    const file = typeof assetPath === 'string' && existsSync(join(dir, assetPath))
      ? join(dir, assetPath)
      : objectKey ? assetFiles.get(objectKey) : undefined;
    if (file) {
      const template = readJson(file);
      const stack: StackTemplate = {
        stackName: parent.stackName,
        templateFile: file,
        template,
        metadata: parent.metadata,
        parentTemplateFile: parent.templateFile,
        parentParameters: resource.Properties?.Parameters,
        constructPaths: constructPaths(template, parent.metadata, nestedStackPath(parent.constructPaths.get(logicalId))),
      };
      nested.push(stack, ...nestedStacks(dir, stack, assetFiles));
    }
  }
  return nested;
}

/**
 * A nested stack's construct path from its resource's (`<Stack>/<Id>.NestedStack/<Id>.NestedStackResource`,
 * aws-cdk-lib's NestedStack), with a leading `/`; unknown without either record of paths.
 */
function nestedStackPath(resourcePath: string | undefined): string | undefined {
  const match = resourcePath ? /^(.*)\.NestedStack\/[^/]*$/.exec(resourcePath) : null;
  return match ? `/${match[1]}` : undefined;
}

/** See `StackTemplate.constructPaths`. `within` is the stack's construct path (leading `/`). */
function constructPaths(template: any, metadata: Record<string, MetadataEntry[]>, within: string | undefined): Map<string, string> {
  const resources: Record<string, any> = template.Resources ?? {};
  const paths = new Map<string, string>();
  const logicalIdPaths = Object.entries(metadata).flatMap(([path, entries]) => entries
    .filter((entry) => entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string' && resources[entry.data as string] !== undefined)
    .map((entry) => ({ path, logicalId: entry.data as string })));
  // a nested stack's constructs are under its path, and the parent's metadata holds them too
  const nestedPaths = logicalIdPaths
    .filter(({ logicalId }) => resources[logicalId]?.Type === 'AWS::CloudFormation::Stack')
    .map(({ path }) => nestedStackPath(path.slice(1)))
    .filter((path): path is string => path !== undefined);
  if (within !== undefined) {
    for (const { path, logicalId } of logicalIdPaths) {
      if (path.startsWith(`${within}/`) && !nestedPaths.some((nested) => nested !== within && path.startsWith(`${nested}/`))) {
        paths.set(logicalId, path.slice(1));
      }
    }
  }
  for (const [logicalId, resource] of Object.entries<any>(resources)) {
    const cdkPath = resource?.Metadata?.['aws:cdk:path'];
    if (typeof cdkPath === 'string') {
      paths.set(logicalId, cdkPath);
    }
  }
  return paths;
}

/** Object key → file in the assembly, for the file assets of every asset manifest of the assembly. */
function nestedTemplateAssets(dir: string, manifest: any): Map<string, string> {
  const files = new Map<string, string>();
  for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:asset-manifest' && artifact.properties?.file) {
      const assets = readJson(join(dir, artifact.properties.file));
      for (const asset of Object.values<any>(assets.files ?? {})) {
        for (const destination of Object.values<any>(asset.destinations ?? {})) {
          if (typeof destination?.objectKey === 'string' && typeof asset.source?.path === 'string') {
            files.set(destination.objectKey, join(dir, asset.source.path));
          }
        }
      }
    }
  }
  return files;
}

/**
 * A stack artifact's construct metadata: in `metadata` in manifest.json, and (cloud assembly
 * schema 48 and later, aws-cdk-lib 2.2xx) in the file its `additionalMetadataFile` names.
 */
function stackMetadata(dir: string, artifact: any): Record<string, MetadataEntry[]> {
  const metadata: Record<string, MetadataEntry[]> = { ...(artifact.metadata ?? {}) };
  if (artifact.additionalMetadataFile) {
    for (const [path, entries] of Object.entries<MetadataEntry[]>(readJson(join(dir, artifact.additionalMetadataFile)))) {
      metadata[path] = [...(metadata[path] ?? []), ...entries];
    }
  }
  return metadata;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidPropError('ComplianceGate.InvalidJson', undefined, 'assembly', `${file} is not valid JSON (${(error as Error).message})`,
      'synthesize the assembly again with cdk synth, or give a CloudFormation template in JSON');
  }
}
