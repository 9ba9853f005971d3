import { StackTemplate } from './assembly';

/** Where a value can be followed across templates: exports by name, stacks by template file. */
export interface Assembly {
  readonly exports: Map<string, { stack: StackTemplate; value: unknown }>;
  readonly stacks: Map<string, StackTemplate>;
}

/**
 * Renders a CloudFormation value of a template as readable text that is the same in every
 * synthesis of the same app: a resource is named by its construct path (`aws:cdk:path` without
 * the trailing `/Resource`), not by its hash-suffixed logical id, and intrinsic functions become
 * tokens: `Ref` → `${Stack/Table}`, `Fn::GetAtt` → `${Stack/Table.Arn}`, a parameter →
 * `${Param:Name}`, a pseudo parameter → `${AWS::Region}`. `Fn::Join` and `Fn::Sub` are expanded
 * around their tokens; `Fn::ImportValue` of an export another stack of the assembly declares
 * becomes that stack's rendered value, and a nested stack's parameter the value its parent
 * passes, so a reference across stacks reads like a local one.
 */
export class StableText {
  /** Every export of the assembly (literal `Export.Name`) and every template, to follow references. */
  public static assemblyOf(stacks: StackTemplate[]): Assembly {
    const exports = new Map<string, { stack: StackTemplate; value: unknown }>();
    for (const stack of stacks) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (typeof output?.Export?.Name === 'string') {
          exports.set(output.Export.Name, { stack, value: output.Value });
        }
      }
    }
    return { exports, stacks: new Map(stacks.map((stack) => [stack.templateFile, stack])) };
  }

  constructor(
    private readonly stack: StackTemplate,
    private readonly assembly: Assembly = { exports: new Map(), stacks: new Map() },
  ) {}

  /** The stable name of a resource of this template: its construct path, else its logical id. */
  public nameOf(logicalId: string): string {
    const path = this.stack.constructPaths.get(logicalId);
    return path !== undefined ? path.replace(/\/Resource$/, '') : logicalId;
  }

  /** A value as text (a string, or an intrinsic rendered as described above). */
  public text(value: unknown): string {
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    if (isRecord(value) && Object.keys(value).length === 1) {
      const [fn, args] = Object.entries(value)[0];
      const rendered = this.intrinsic(fn, args);
      if (rendered !== undefined) {
        return rendered;
      }
    }
    return canonicalJson(this.plain(value));
  }

  /** A value with every intrinsic inside it rendered as text: objects and arrays kept. */
  public plain(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.plain(item));
    }
    if (isRecord(value)) {
      if (Object.keys(value).length === 1 && (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0].startsWith('Fn::'))) {
        return this.text(value);
      }
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.plain(item)]));
    }
    return value;
  }

  /** A value that is a list (a literal array, or one item), each item as text. */
  public list(value: unknown): string[] {
    if (value === undefined || value === null) {
      return [];
    }
    return (Array.isArray(value) ? value : [value]).map((item) => this.text(item));
  }

  private intrinsic(fn: string, args: any): string | undefined {
    switch (fn) {
      case 'Ref':
        return typeof args === 'string' ? this.ref(args) : undefined;
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args) ? args : String(args).split(/\.(.*)/);
        return `\${${this.nameOf(String(logicalId))}.${this.text(attribute)}}`;
      }
      case 'Fn::Join':
        return Array.isArray(args) && Array.isArray(args[1])
          ? args[1].map((part: unknown) => this.text(part)).join(String(args[0]))
          : undefined;
      case 'Fn::Sub':
        return this.sub(Array.isArray(args) ? args[0] : args, Array.isArray(args) ? args[1] ?? {} : {});
      case 'Fn::ImportValue': {
        const name = this.text(args);
        const exported = this.assembly.exports.get(name);
        return exported ? new StableText(exported.stack, this.assembly).text(exported.value) : `\${Import:${name}}`;
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(args) ? args : [];
        if (Array.isArray(list) && Number.isInteger(Number(index)) && Number(index) < list.length) {
          return this.text(list[Number(index)]);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private ref(name: string): string {
    if (name.startsWith('AWS::')) {
      return `\${${name}}`;
    }
    if (this.stack.template.Parameters?.[name] !== undefined) {
      const parent = this.stack.parentTemplateFile !== undefined ? this.assembly.stacks.get(this.stack.parentTemplateFile) : undefined;
      const passed = this.stack.parentParameters?.[name];
      return parent && passed !== undefined ? new StableText(parent, this.assembly).text(passed) : `\${Param:${name}}`;
    }
    return `\${${this.nameOf(name)}}`;
  }

  /** `Fn::Sub`: `${Name}` and `${Name.Attribute}` are references unless the variables map names them; `${!X}` is a literal `${X}`. */
  private sub(template: unknown, variables: Record<string, unknown>): string | undefined {
    if (typeof template !== 'string') {
      return undefined;
    }
    return template.replace(/\$\{(!?)([^}]*)\}/g, (_, literal: string, name: string) => {
      if (literal) {
        return `\${${name}}`;
      }
      if (name in variables) {
        return this.text(variables[name]);
      }
      const dot = name.indexOf('.');
      return dot > 0 && !name.startsWith('AWS::')
        ? `\${${this.nameOf(name.slice(0, dot))}.${name.slice(dot + 1)}}`
        : this.ref(name);
    });
  }
}

/** JSON with object keys sorted, so equal values print the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (isRecord(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
