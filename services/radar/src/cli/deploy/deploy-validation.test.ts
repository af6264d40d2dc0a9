import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config-catalog.ts';
import { validateCompose, validateK8sObjects, validateKubernetes } from './deploy-validation.ts';
import { renderKustomization, type K8sObject } from './kustomize-render.ts';
import { strategicMerge, type Json } from './strategic-merge.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'radar-deploy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema and covers every service', async () => {
    expect(await validateCompose()).toEqual([]);
  });

  it('rejects a file the schema forbids (wrong type, unknown key)', async () => {
    const file = path.join(scratch, 'bad-compose.yml');
    writeFileSync(file, 'services:\n  nats:\n    image: nats\n    restart: sometimes-maybe\n    healthchek: {}\n');
    const problems = await validateCompose(file);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('keeps NATS on file storage with sync_interval always', () => {
    const conf = readFileSync(path.join(repoRoot, 'infra/nats/nats.conf'), 'utf8');
    expect(conf).toMatch(/store_dir:/);
    expect(conf).toMatch(/sync_interval: always/);
  });
});

describe('infra/k8s overlays', () => {
  it('render and validate against the Kubernetes schemas', async () => {
    const { problems, rendered } = await validateKubernetes();
    expect(problems).toEqual([]);
    expect([...rendered.keys()].sort()).toEqual(['infra/k8s/overlays/dev', 'infra/k8s/overlays/prod']);
    const prod = rendered.get('infra/k8s/overlays/prod') ?? [];
    const nats = prod.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'nats') as K8sObject & { spec: { replicas: number } };
    expect(nats.spec.replicas).toBe(3);
    expect(prod.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toContain('intent-scorer');
    expect(prod.some((o) => o.kind === 'Job' && o.metadata.name === 'radar-migrate')).toBe(true);
    expect(prod.every((o) => o.kind === 'Namespace' || o.metadata.namespace === 'intent-radar')).toBe(true);
  });

  it('rejects an object that breaks the schema', () => {
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', selector: {}, template: {} } } as unknown as K8sObject;
    const problems = validateK8sObjects([bad], 'test');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/replicas must be integer/);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  it.skipIf(kubectl.status !== 0)('renders the same objects as `kubectl kustomize` (when kubectl is installed)', () => {
    for (const overlay of ['dev', 'prod']) {
      const dir = path.join(repoRoot, 'infra/k8s/overlays', overlay);
      const out = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      const theirs = parseAllDocuments(out.stdout).map((d) => d.toJS() as K8sObject);
      const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
      const ours = new Map(renderKustomization(dir).map((o) => [key(o), o]));
      expect([...ours.keys()].sort()).toEqual(theirs.map(key).sort());
      for (const o of theirs) expect(ours.get(key(o)), key(o)).toEqual(o);
    }
  });
});

describe('strategicMerge', () => {
  it('merges named list items, replaces other lists and deletes on null', () => {
    const base: Json = { spec: { containers: [{ name: 'a', image: 'x', args: ['1'] }, { name: 'b' }], keep: 1, drop: 2 } };
    const patch: Json = { spec: { containers: [{ name: 'a', args: ['2'] }, { name: 'c' }], drop: null } };
    expect(strategicMerge(base, patch)).toEqual({
      spec: { containers: [{ name: 'a', image: 'x', args: ['2'] }, { name: 'b' }, { name: 'c' }], keep: 1 },
    });
  });
});

describe('infra/grafana/intent-radar.json', () => {
  it('charts only metrics some service or package defines', () => {
    const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'infra/grafana/intent-radar.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(10);
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\b([a-z][a-z0-9_]*)(?=\{|\[)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''))));
    const grep = spawnSync('grep', ['-rhoE', "'[a-z][a-z0-9_]+'", '--include=*.ts', '--exclude=*.test.ts', '--exclude-dir=node_modules', 'packages', 'services'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const defined = new Set(grep.stdout.split('\n').map((s) => s.replace(/'/g, '')));
    const undefinedMetrics = [...names].filter((n) => !n.startsWith('process_') && !['rate', 'sum', 'max', 'histogram_quantile'].includes(n) && !defined.has(n));
    expect(undefinedMetrics).toEqual([]);
  });
});
