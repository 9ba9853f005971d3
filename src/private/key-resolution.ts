import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { InvalidPropError } from './errors';

/** A use of a key, as `KeyUse` is (named structurally so this floor imports no construct). */
interface Use {
  readonly name: string;
}

/** One key a construct needs: taken from its `keys` prop or given explicitly. */
export interface KeyChoice<U extends Use> {
  /** The construct's `keys` prop (an `IKeyPerUsePolicy`). */
  readonly keys?: { keyFor(use: U): kms.IKey };
  /** The use whose key `keys` gives. */
  readonly use: U;
  /** The name of the prop that gives the key explicitly. */
  readonly explicitProp: string;
  /** That prop's value. */
  readonly explicit?: kms.IKey;
  /** What the key encrypts, for the messages ("the table", "the function's log group"). */
  readonly encrypts: string;
  /**
   * Whether `keys` and the explicit key exclude each other. True where the construct needs this one
   * key only (giving both is a mistake); false where `keys` serves several keys and an explicit one
   * overrides one of them.
   */
  readonly exclusive: boolean;
}

/** The key a construct uses: the explicit one, else the one `keys` gives for the use; fails synthesis when there is none. */
export function resolveKey<U extends Use>(scope: IConstruct, choice: KeyChoice<U>): kms.IKey {
  const useName = choice.use.name.toUpperCase();
  if (choice.exclusive && choice.keys && choice.explicit) {
    throw new InvalidPropError('Keys.KeysAndExplicitKey', scope, 'keys', `both keys and ${choice.explicitProp} are given`,
      `pass keys (${choice.encrypts} takes their ${useName} key) or ${choice.explicitProp}, not both`);
  }
  const key = choice.explicit ?? choice.keys?.keyFor(choice.use);
  if (!key) {
    throw new InvalidPropError('Keys.NoKey', scope, choice.explicitProp, `no key encrypts ${choice.encrypts}`,
      `pass keys (a KeyPerUsePolicy, whose ${useName} key is used) or ${choice.explicitProp} (a customer-managed kms.IKey)`);
  }
  return key;
}
