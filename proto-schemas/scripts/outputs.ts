import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAsyncApi } from './asyncapi.ts';
import { eventSchemaFiles } from './json-schemas.ts';

/** proto-schemas/ folder (outputs are written relative to it). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every generated file: path relative to proto-schemas/ -> exact text. */
export function generatedOutputs(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const out = new Map<string, string>();
  for (const file of eventSchemaFiles()) out.set(`generated/${file.fileName}`, file.text);
  out.set('asyncapi.yaml', renderAsyncApi(pkg.version));
  return out;
}
