/** A hand label of one of our pack's findings: read against the rule's AWS documentation. */
export interface FindingLabel {
  /** The template (relative to the corpus directory) or `app:<dir>/<stack>.template.json`. */
  readonly unit: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** The full rule id, suffix included. */
  readonly rule: string;
  readonly truePositive: boolean;
  /** Why, in terms of the resource's properties and the AWS doc (no template text). */
  readonly note: string;
}

export interface PackSummary {
  readonly pack: string;
  readonly findings: number;
  /** Rule id without the finding suffix → findings. */
  readonly findingsPerRule: Record<string, number>;
  /** Rules that threw (cdk-nag reports them as findings: "could not be validated"). */
  readonly couldNotBeValidated: number;
  readonly crashes: number;
  readonly millis: number;
  readonly millisPer1000Resources: number;
}

export interface CorpusResults {
  readonly date: string;
  readonly sources: string[];
  readonly templates: {
    readonly found: number;
    readonly samSkipped: number;
    readonly tried: number;
    readonly loaded: number;
    readonly notLoaded: Record<string, number>;
  };
  readonly apps: {
    readonly tried: number;
    readonly built: number;
    readonly notBuilt: Record<string, number>;
    readonly stacks: number;
  };
  readonly resourcesChecked: number;
  readonly resourceTypes: Record<string, number>;
  readonly packs: PackSummary[];
  readonly crashes: { readonly rule: string; readonly resourceType: string; readonly message: string }[];
  readonly ourUnvalidatable: Record<string, number>;
  readonly sample: {
    readonly labels: FindingLabel[];
    readonly precisionPerRule: Record<string, { labelled: number; truePositives: number; precision: number }>;
    readonly unlabelled: number;
    /** Labelled findings the pack no longer reports (removed by a fix since they were labelled). */
    readonly noLongerReported: FindingLabel[];
    /** Precision over every label, as it was when the findings were labelled. */
    readonly precisionBeforeFixes: Record<string, { labelled: number; truePositives: number; precision: number }>;
  };
}
