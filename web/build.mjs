// Builds the dashboard into ONE self-contained HTML file: the bundled,
// minified JavaScript and CSS are inlined, so the page fetches nothing but
// the API from the server that served it.
//   node build.mjs [--src DIR] [--out FILE]
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : fallback;
};
const src = resolve(option('--src', join(here, 'src')));
const out = resolve(option('--out', join(here, 'dist', 'index.html')));

const result = await build({
    entryPoints: [join(src, 'main.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    write: false,
    outdir: 'out',
    legalComments: 'none',
    // node_modules next to this script: the CMake build runs `npm ci` in its
    // own copy of web/ and builds the sources from the checkout.
    nodePaths: [join(here, 'node_modules')],
    logLevel: 'warning',
});
const text = (ext) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(ext));
    if (!file) throw new Error(`esbuild produced no ${ext}`);
    return file.text;
};
// Inside <script>, "</script" would end the element early; "<\/script" is the same string in JS.
const script = text('.js').replace(/<\/(script)/gi, '<\\/$1');
const style = text('.css').replace(/<\/(style)/gi, '<\\/$1');
const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

const template = readFileSync(join(src, 'index.html'), 'utf8');
const html = template
    .replace('__SCRIPT_HASH__', () => hash)
    .replace('__STYLE__', () => style)
    .replace('__SCRIPT__', () => script);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`web page: ${out} (${html.length} bytes)`);
