import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { z } from 'zod';

/** The repository root (this file is services/radar/src/cli/config-catalog.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** One environment variable as a service's zod schema declares it. */
export interface EnvVariable {
  name: string;
  /** Services (folder names) that read it. */
  services: string[];
  type: string;
  /** The default as the service would see it (before transforms), or undefined when required/optional. */
  defaultValue: string | undefined;
  required: boolean;
  description: string;
}

/** The services whose config schema sets process behaviour: every services/<name>/src/config.ts. */
export function serviceFolders(): string[] {
  return readdirSync(path.join(repoRoot, 'services'))
    .filter((name) => existsSync(path.join(repoRoot, 'services', name, 'src', 'config.ts')))
    .sort();
}

/** Deployable services: a folder with src/main.ts, except the all-in-one runner. */
export function deployableServices(): string[] {
  return readdirSync(path.join(repoRoot, 'services'))
    .filter((name) => name !== 'radar' && existsSync(path.join(repoRoot, 'services', name, 'src', 'main.ts')))
    .sort();
}

/** Imports every service's config.ts and returns each exported zod env schema (exports named *Env). */
export async function loadEnvSchemas(): Promise<Map<string, z.ZodType>> {
  const out = new Map<string, z.ZodType>();
  for (const service of serviceFolders()) {
    const mod = (await import(pathToFileURL(path.join(repoRoot, 'services', service, 'src', 'config.ts')).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith('Env') && isZod(value)) out.set(service, value);
    }
  }
  return out;
}

/** Every variable of every service, merged by name, sorted: base variables first, then A-Z. */
export async function envCatalog(): Promise<EnvVariable[]> {
  const byName = new Map<string, EnvVariable>();
  for (const [service, schema] of await loadEnvSchemas()) {
    const docs = new Map([...jsDocComments(path.join(repoRoot, 'packages', 'config', 'src', 'index.ts')), ...jsDocComments(path.join(repoRoot, 'services', service, 'src', 'config.ts'))]);
    for (const [name, field] of Object.entries(objectShape(schema))) {
      const info = describeField(field);
      info.description ||= docs.get(name) ?? '';
      // Defaults computed from the checkout's location read the same on every machine.
      if (info.defaultValue?.startsWith(path.dirname(repoRoot))) info.defaultValue = `<repo>/..${info.defaultValue.slice(path.dirname(repoRoot).length)}`;
      const existing = byName.get(name);
      if (existing) existing.services.push(service);
      else byName.set(name, { name, services: [service], ...info });
    }
  }
  const base = ['NODE_ENV', 'LOG_LEVEL', 'NATS_URL', 'DATABASE_URL', 'HEALTH_PORT', 'SHUTDOWN_GRACE_MS', 'BUS_NAMESPACE'];
  return [...byName.values()].sort((a, b) => {
    const ai = base.indexOf(a.name);
    const bi = base.indexOf(b.name);
    if (ai >= 0 || bi >= 0) return (ai < 0 ? 99 : ai) - (bi < 0 ? 99 : bi);
    return a.name.localeCompare(b.name);
  });
}

/** Names that hold credentials: they belong in a Secret, never a ConfigMap or a log line. */
export function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|API_KEY|CLIENT_ID|^DATABASE_URL$|^SMTP_URL$/.test(name);
}

/** `/** text *\/` comments directly above `NAME:` lines: the schemas document variables that way. */
function jsDocComments(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Z][A-Z0-9_]*)\s*:/g)) {
    const comment = (m[1] ?? '').replace(/^\s*\*\s?/gm, '').replace(/\s+/g, ' ').trim();
    if (m[2] && !out.has(m[2])) out.set(m[2], comment);
  }
  return out;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; defaultValue?: unknown; values?: unknown[]; entries?: Record<string, unknown> };

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

function isZod(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** The object shape under pipes (`.transform`) and refinements. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  let def = defOf(schema);
  while (def.type === 'pipe' && def.in) def = defOf(def.in);
  if (def.type !== 'object' || !def.shape) throw new Error('env schema is not a zod object');
  return def.shape;
}

function describeField(field: z.ZodType): Omit<EnvVariable, 'name' | 'services'> {
  let def = defOf(field);
  let defaultValue: string | undefined;
  let optional = false;
  const description = field.description ?? '';
  for (;;) {
    if (def.type === 'default') {
      const v = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      defaultValue = typeof v === 'string' ? v : JSON.stringify(v);
    } else if (def.type === 'optional') optional = true;
    else if (def.type === 'pipe' && def.in) {
      def = defOf(def.in);
      continue;
    } else break;
    if (!def.innerType) break;
    def = defOf(def.innerType);
  }
  let type = def.type;
  if (def.type === 'enum' && def.entries) type = Object.keys(def.entries).join(' \\| ');
  if (def.type === 'string' && (field as { format?: string }).format === 'url') type = 'url';
  return { type, defaultValue, required: defaultValue === undefined && !optional, description };
}
