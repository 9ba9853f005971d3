// Entry point for the CDK CLI (`cdk synth --app "npx ts-node examples/app.ts"`).
import { findingsApp } from './findings-app';

findingsApp().app.synth();
