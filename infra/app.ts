import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PasokhStack } from './pasokh-stack.ts';

/** The CDK app (`npm run synth`, `npx cdk deploy`): one Pasokh stack, checked by cdk-nag. */
export function buildApp(app = new App()): { app: App; stack: PasokhStack } {
  const stack = new PasokhStack(app, 'Pasokh', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'Pasokh (پاسخ) public-request response center',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.main) buildApp().app.synth();
