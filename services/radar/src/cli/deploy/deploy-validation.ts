import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { deployableServices, envCatalog, isSecretName, repoRoot } from '../config-catalog.ts';
import { renderKustomization, type K8sObject } from './kustomize-render.ts';
import { isObject } from './strategic-merge.ts';

const require = createRequire(import.meta.url);

/** One problem found in a deployment file, with where it is. */
export interface DeployProblem {
  file: string;
  message: string;
}

/**
 * The Compose Specification JSON schema as dclint ships it (a current copy of
 * compose-spec/schema/compose-spec.json: `develop`, `models`, `provider` ...), read from the
 * package so CI validates offline.
 */
export function composeSchema(): object {
  const pkg = path.dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(path.join(pkg, 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  // It names draft-07 as https://..., which Ajv registers as http://...: same draft, drop the pointer.
  delete schema.$schema;
  return schema;
}

/** Validates docker-compose.yml against the Compose schema and our own rules (every service present, env names real). */
export async function validateCompose(file = path.join(repoRoot, 'docker-compose.yml')): Promise<DeployProblem[]> {
  const rel = path.relative(repoRoot, file);
  // YAML merge keys (`<<: *app`) are resolved the way Compose resolves them.
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as unknown;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(composeSchema());
  const problems: DeployProblem[] = [];
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) problems.push({ file: rel, message: `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}` });
    return problems;
  }
  const services = (doc as { services: Record<string, { environment?: Record<string, unknown>; depends_on?: Record<string, unknown>; profiles?: string[] }> }).services;
  for (const name of deployableServices()) {
    if (!services[name]) problems.push({ file: rel, message: `service ${name} (services/${name}/src/main.ts) has no container` });
  }
  for (const [name, svc] of Object.entries(services)) {
    for (const dep of Object.keys(svc.depends_on ?? {})) {
      if (!services[dep]) problems.push({ file: rel, message: `${name} depends on unknown service ${dep}` });
    }
    const service = svc.environment?.SERVICE;
    if (typeof service === 'string' && service !== name) problems.push({ file: rel, message: `container ${name} runs SERVICE=${service}` });
  }
  const known = new Set((await envCatalog()).map((v) => v.name));
  for (const [name, svc] of Object.entries(services)) {
    if (name === 'nats' || name === 'postgres') continue;
    for (const key of Object.keys(svc.environment ?? {})) {
      if (key !== 'SERVICE' && !known.has(key)) problems.push({ file: rel, message: `${name}: ${key} is read by no service's config schema` });
    }
  }
  return problems;
}

/** Every overlay folder under infra/k8s/overlays. */
export function overlayDirs(): string[] {
  const root = path.join(repoRoot, 'infra', 'k8s', 'overlays');
  return readdirSync(root)
    .map((d) => path.join(root, d))
    .sort();
}

/** The model class's validate() for an apiVersion/kind, from kubernetes-models' generated JSON-schema validators. */
function modelFor(apiVersion: string, kind: string): { validate(): void } extends never ? never : new (data: object) => { validate(): void } {
  const dir = apiVersion.includes('/') ? apiVersion : `v1`;
  const mod = require(`kubernetes-models/${dir === 'v1' ? 'v1' : dir}/${kind}`) as Record<string, new (data: object) => { validate(): void }>;
  const model = mod[kind];
  if (!model) throw new Error(`no model for ${apiVersion} ${kind}`);
  return model;
}

/** Validates rendered objects against the Kubernetes OpenAPI schemas plus our probes/resources rules. */
export function validateK8sObjects(objects: K8sObject[], where: string): DeployProblem[] {
  const problems: DeployProblem[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) problems.push({ file: where, message: `${id} rendered twice` });
    seen.add(id);
    try {
      new (modelFor(o.apiVersion, o.kind))(o).validate();
    } catch (err) {
      problems.push({ file: where, message: `${id}: ${(err as Error).message.slice(0, 600)}` });
    }
    if (o.kind === 'Deployment') problems.push(...deploymentRules(o, where));
    if (o.kind === 'ConfigMap' && o.metadata.name === 'radar-config' && isObject(o.data)) {
      for (const key of Object.keys(o.data)) if (isSecretName(key)) problems.push({ file: where, message: `ConfigMap radar-config holds ${key}: credentials go in a Secret` });
    }
  }
  return problems;
}

function deploymentRules(o: K8sObject, where: string): DeployProblem[] {
  const out: DeployProblem[] = [];
  const containers = ((o.spec as { template?: { spec?: { containers?: unknown[] } } }).template?.spec?.containers ?? []) as {
    name: string;
    readinessProbe?: { httpGet?: { path?: string } };
    livenessProbe?: { httpGet?: { path?: string } };
    resources?: { requests?: object; limits?: object };
  }[];
  for (const c of containers) {
    if (c.readinessProbe?.httpGet?.path !== '/readyz') out.push({ file: where, message: `Deployment ${o.metadata.name}/${c.name}: readiness probe must GET /readyz` });
    if (c.livenessProbe?.httpGet?.path !== '/healthz') out.push({ file: where, message: `Deployment ${o.metadata.name}/${c.name}: liveness probe must GET /healthz` });
    if (!c.resources?.requests || !c.resources.limits) out.push({ file: where, message: `Deployment ${o.metadata.name}/${c.name}: requests and limits are required` });
  }
  return out;
}

/** Renders every overlay and validates it; checks every deployable service has a Deployment and a PDB. */
export async function validateKubernetes(): Promise<{ problems: DeployProblem[]; rendered: Map<string, K8sObject[]> }> {
  const problems: DeployProblem[] = [];
  const rendered = new Map<string, K8sObject[]>();
  const known = new Set((await envCatalog()).map((v) => v.name));
  for (const dir of overlayDirs()) {
    const where = path.relative(repoRoot, dir);
    let objects: K8sObject[];
    try {
      objects = renderKustomization(dir);
    } catch (err) {
      problems.push({ file: where, message: (err as Error).message });
      continue;
    }
    rendered.set(where, objects);
    problems.push(...validateK8sObjects(objects, where));
    const has = (kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);
    for (const service of deployableServices()) {
      if (service === 'sandbox') continue;
      if (!has('Deployment', service)) problems.push({ file: where, message: `no Deployment for ${service}` });
      if (!has('PodDisruptionBudget', service)) problems.push({ file: where, message: `no PodDisruptionBudget for ${service}` });
    }
    for (const o of objects) {
      if ((o.kind === 'ConfigMap' && o.metadata.name === 'radar-config') || (o.kind === 'Secret' && o.metadata.name.startsWith('radar-'))) {
        for (const key of Object.keys(isObject(o.data) ? o.data : {})) {
          if (!known.has(key)) problems.push({ file: where, message: `${o.kind} ${o.metadata.name}: ${key} is read by no service's config schema` });
        }
      }
    }
  }
  return { problems, rendered };
}
