import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

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
  /** Construct path (leading `/`) → its metadata entries; empty for a lone template. */
  readonly metadata: Record<string, MetadataEntry[]>;
}

/**
 * The stack templates of a cloud assembly directory (every `aws:cloudformation:stack` artifact
 * of its manifest.json, and those of nested assemblies such as Stages), or one template file.
 */
export function readStackTemplates(path: string): StackTemplate[] {
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: give a cloud assembly directory (cdk.out) or a template file`);
  }
  if (statSync(path).isDirectory()) {
    return assemblyTemplates(path);
  }
  return [{ stackName: basename(path).replace(/\.template\.json$|\.json$/, ''), templateFile: path, template: readJson(path), metadata: {} }];
}

function assemblyTemplates(dir: string): StackTemplate[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${dir} has no manifest.json: it is not a cloud assembly (run cdk synth first)`);
  }
  const manifest = readJson(manifestFile);
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = join(dir, artifact.properties.templateFile);
      stacks.push({
        stackName: artifact.displayName ?? id,
        templateFile,
        template: readJson(templateFile),
        metadata: stackMetadata(dir, artifact),
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...assemblyTemplates(join(dir, artifact.properties.directoryName)));
    }
  }
  if (stacks.length === 0) {
    throw new Error(`${manifestFile} lists no stacks`);
  }
  return stacks;
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
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
