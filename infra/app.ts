// The CDK app: `npx cdk synth` / `npx cdk deploy --all` (docs/deploy.md). Context keys:
// gatekeeper:deployment, gatekeeper:audience, gatekeeper:retentionYears, gatekeeper:region,
// gatekeeper:organisationTrail, gatekeeper:signingKeys (docs/key-rotation.md).
import { App } from 'aws-cdk-lib';
import { addGatekeeper } from './stacks/gatekeeper.ts';

const app = new App();
addGatekeeper(app);
app.synth();
