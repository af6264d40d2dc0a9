import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedOutputs, packageRoot } from './outputs.ts';

// Writes generated/<type>.schema.json and asyncapi.yaml; removes schema files of types that left the catalog.
const outputs = generatedOutputs();
const generatedDir = path.join(packageRoot, 'generated');
mkdirSync(generatedDir, { recursive: true });
for (const name of readdirSync(generatedDir)) {
  if (!outputs.has(`generated/${name}`)) rmSync(path.join(generatedDir, name));
}
for (const [relative, text] of outputs) writeFileSync(path.join(packageRoot, relative), text);
process.stdout.write(
  `wrote ${outputs.size} files under ${path.relative(process.cwd(), packageRoot) || '.'}\n`,
);
