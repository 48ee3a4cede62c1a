// `npm run bench`: every benchmark, one after another, each printing its side-by-side ratios.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const name of ['analyze', 'load', 'link', 'pool']) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  execFileSync(process.execPath, [join(here, `${name}.bench.mjs`)], { stdio: 'inherit' });
}
