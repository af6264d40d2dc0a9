import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { isObject, strategicMerge, type Json } from './strategic-merge.ts';

/**
 * A renderer for the subset of kustomize that infra/k8s uses, so CI can render every overlay
 * without kubectl (Debian bookworm's kubernetes-client is 1.20, whose kustomize predates
 * `labels`). Anything outside the subset is rejected by the strict schema below instead of being
 * silently ignored. When kubectl is installed the deploy test checks both render the same objects.
 */

export class KustomizeError extends Error {
  readonly code = 'KUSTOMIZE_UNSUPPORTED';
}

const generator = z.strictObject({
  name: z.string().min(1),
  behavior: z.enum(['create', 'merge', 'replace']).default('create'),
  literals: z.array(z.string()).default([]),
  files: z.array(z.string()).default([]),
  envs: z.array(z.string()).default([]),
  type: z.string().optional(),
});

const kustomizationSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Kustomization').optional(),
  namespace: z.string().optional(),
  resources: z.array(z.string()).default([]),
  labels: z
    .array(
      z.strictObject({
        pairs: z.record(z.string(), z.string()),
        includeTemplates: z.boolean().default(false),
        includeSelectors: z.literal(false).default(false),
      }),
    )
    .default([]),
  images: z.array(z.strictObject({ name: z.string(), newName: z.string().optional(), newTag: z.string().optional() })).default([]),
  patches: z
    .array(
      z.strictObject({
        path: z.string().optional(),
        patch: z.string().optional(),
        target: z.strictObject({ kind: z.string().optional(), name: z.string().optional() }).optional(),
      }),
    )
    .default([]),
  configMapGenerator: z.array(generator).default([]),
  secretGenerator: z.array(generator).default([]),
  generatorOptions: z.strictObject({ disableNameSuffixHash: z.literal(true) }).optional(),
});
type Generator = z.infer<typeof generator>;

/** A rendered Kubernetes object. */
export type K8sObject = { [key: string]: Json } & { apiVersion: string; kind: string; metadata: { [key: string]: Json } & { name: string } };

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'PriorityClass']);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** Renders the kustomization in `dir` (a folder holding kustomization.yaml) into objects. */
export function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const parsed = kustomizationSchema.safeParse(parseYamlDocs(readFileSync(file, 'utf8'), file)[0]);
  if (!parsed.success) throw new KustomizeError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const k = parsed.data;

  let objects: K8sObject[] = [];
  for (const ref of k.resources) {
    const target = path.resolve(dir, ref);
    if (statSync(target).isDirectory()) objects.push(...renderKustomization(target));
    else objects.push(...parseYamlDocs(readFileSync(target, 'utf8'), target).map((d) => asObject(d, target)));
  }
  for (const g of k.configMapGenerator) objects = applyGenerator(objects, configMapFrom(g, dir), g, k.namespace);
  for (const g of k.secretGenerator) objects = applyGenerator(objects, secretFrom(g, dir), g, k.namespace);
  for (const p of k.patches) objects = applyPatch(objects, p, dir);
  if (k.namespace) {
    const ns = k.namespace;
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: ns } }));
  }
  for (const l of k.labels) objects = objects.map((o) => withLabels(o, l.pairs, l.includeTemplates));
  for (const image of k.images) objects = objects.map((o) => withImage(o, image));
  return objects;
}

function parseYamlDocs(text: string, where: string): Json[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new KustomizeError(`${where}: ${doc.errors[0]?.message ?? 'YAML error'}`);
      return doc.toJS() as Json;
    })
    .filter((d) => d !== null);
}

function asObject(doc: Json, where: string): K8sObject {
  if (!isObject(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string' || !isObject(doc.metadata) || typeof doc.metadata.name !== 'string') {
    throw new KustomizeError(`${where}: every document needs apiVersion, kind and metadata.name`);
  }
  return doc as K8sObject;
}

function generatedData(g: Generator, dir: string): Record<string, string> {
  const data: Record<string, string> = {};
  const pair = (line: string, where: string) => {
    const at = line.indexOf('=');
    if (at <= 0) throw new KustomizeError(`${where}: "${line}" is not KEY=VALUE`);
    data[line.slice(0, at)] = line.slice(at + 1);
  };
  for (const literal of g.literals) pair(literal, g.name);
  for (const envFile of g.envs) {
    for (const line of readFileSync(path.resolve(dir, envFile), 'utf8').split('\n')) {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) pair(trimmed, envFile);
    }
  }
  for (const f of g.files) {
    const [key, source] = f.includes('=') ? (f.split('=', 2) as [string, string]) : [path.basename(f), f];
    data[key] = readFileSync(path.resolve(dir, source), 'utf8');
  }
  return data;
}

function configMapFrom(g: Generator, dir: string): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data: generatedData(g, dir) };
}

function secretFrom(g: Generator, dir: string): K8sObject {
  const data = Object.fromEntries(Object.entries(generatedData(g, dir)).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: g.name }, type: g.type ?? 'Opaque', data };
}

function applyGenerator(objects: K8sObject[], made: K8sObject, g: Generator, namespace: string | undefined): K8sObject[] {
  const at = objects.findIndex((o) => o.kind === made.kind && o.metadata.name === made.metadata.name);
  switch (g.behavior) {
    case 'create':
      if (at >= 0) throw new KustomizeError(`${made.kind} ${g.name} already exists; use behavior: merge`);
      return [...objects, made];
    case 'merge':
    case 'replace': {
      const existing = objects[at];
      if (!existing) throw new KustomizeError(`${made.kind} ${g.name} (namespace ${namespace ?? '-'}) has no base to ${g.behavior}`);
      const data = g.behavior === 'merge' ? { ...(isObject(existing.data) ? existing.data : {}), ...(made.data as object) } : made.data;
      const copy = [...objects];
      copy[at] = { ...existing, data } as K8sObject;
      return copy;
    }
  }
}

function applyPatch(objects: K8sObject[], p: { path?: string | undefined; patch?: string | undefined; target?: { kind?: string | undefined; name?: string | undefined } | undefined }, dir: string): K8sObject[] {
  const text = p.path ? readFileSync(path.resolve(dir, p.path), 'utf8') : p.patch;
  if (text === undefined) throw new KustomizeError('a patch needs path or patch');
  let out = objects;
  for (const doc of parseYamlDocs(text, p.path ?? 'inline patch')) {
    const patch = asObject(doc, p.path ?? 'inline patch');
    const matches = (o: K8sObject) =>
      p.target
        ? (!p.target.kind || o.kind === p.target.kind) && (!p.target.name || o.metadata.name === p.target.name)
        : o.kind === patch.kind && o.metadata.name === patch.metadata.name;
    if (!out.some(matches)) throw new KustomizeError(`patch ${p.path ?? ''} matches no ${patch.kind} ${p.target ? JSON.stringify(p.target) : patch.metadata.name}`);
    // With a target the patch's own name is a placeholder: keep each object's name.
    out = out.map((o) => (matches(o) ? ({ ...(strategicMerge(o, patch) as K8sObject), metadata: { ...(strategicMerge(o.metadata, patch.metadata) as K8sObject['metadata']), name: o.metadata.name } }) : o));
  }
  return out;
}

function withLabels(o: K8sObject, pairs: Record<string, string>, includeTemplates: boolean): K8sObject {
  const labelled = strategicMerge(o, { metadata: { labels: pairs } }) as K8sObject;
  if (!includeTemplates || !POD_TEMPLATE_KINDS.has(o.kind)) return labelled;
  const templated = strategicMerge(labelled, { spec: { template: { metadata: { labels: pairs } } } }) as K8sObject;
  // kustomize labels a StatefulSet's volume claim templates too.
  const claims = (templated.spec as { volumeClaimTemplates?: Json[] } | undefined)?.volumeClaimTemplates;
  if (o.kind !== 'StatefulSet' || !claims) return templated;
  const labelledClaims = claims.map((c) => strategicMerge(c, { metadata: { labels: pairs } }));
  return { ...templated, spec: { ...(templated.spec as object), volumeClaimTemplates: labelledClaims } };
}

function withImage(o: K8sObject, image: { name: string; newName?: string | undefined; newTag?: string | undefined }): K8sObject {
  if (!POD_TEMPLATE_KINDS.has(o.kind)) return o;
  const spec = (o.spec as { template?: { spec?: { containers?: { image?: string }[]; initContainers?: { image?: string }[] } } } | undefined)?.template?.spec;
  if (!spec) return o;
  const rewrite = (c: { image?: string }) => {
    if (!c.image) return c;
    const [name, tag] = splitImage(c.image);
    if (name !== image.name) return c;
    const newTag = image.newTag ?? tag;
    return { ...c, image: `${image.newName ?? name}${newTag ? `:${newTag}` : ''}` };
  };
  const copy = structuredClone(o);
  const s = (copy.spec as { template: { spec: typeof spec } }).template.spec;
  if (s.containers) s.containers = s.containers.map(rewrite);
  if (s.initContainers) s.initContainers = s.initContainers.map(rewrite);
  return copy;
}

function splitImage(ref: string): [string, string | undefined] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}
