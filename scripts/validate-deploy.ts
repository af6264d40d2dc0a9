/**
 * `npm run validate:deploy`: validates docker-compose.yml against the Compose Specification schema
 * and renders every infra/k8s overlay (a built-in renderer for the kustomize subset we use; no
 * kubectl needed), validating each object against the Kubernetes schemas. Offline. Exit 1 on any
 * problem. `--print <overlay>` writes the rendered YAML instead.
 */
import { stringify } from 'yaml';
import { validateCompose, validateKubernetes } from '../services/radar/src/cli/deploy/deploy-validation.ts';

const args = process.argv.slice(2);
const { problems: k8s, rendered } = await validateKubernetes();
if (args[0] === '--print') {
  const objects = rendered.get(`infra/k8s/overlays/${args[1] ?? 'dev'}`) ?? [];
  process.stdout.write(objects.map((o) => stringify(o)).join('---\n'));
  process.exit(0);
}
const problems = [...(await validateCompose()), ...k8s];
for (const p of problems) process.stderr.write(`${p.file}: ${p.message}\n`);
for (const [overlay, objects] of rendered) process.stdout.write(`${overlay}: ${objects.length} objects rendered\n`);
process.stdout.write(problems.length === 0 ? 'docker-compose.yml and every overlay are valid\n' : `${problems.length} problem(s)\n`);
process.exit(problems.length === 0 ? 0 : 1);
