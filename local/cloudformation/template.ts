import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';

/** The parts of a CloudFormation template the local cloud reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

/**
 * Synthesizes the CDK app in-process with asset bundling off (the local cloud runs function
 * sources directly) and returns the Pasokh stack's template. cdk-nag runs as in `npm run synth`.
 */
export function synthesizeTemplate(): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'pasokh-synth-'));
  try {
    const { app, stack } = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }));
    const assembly = app.synth();
    return assembly.getStackByName(stack.stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
